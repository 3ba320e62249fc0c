import { en } from '../../cards/i18n/en';
import { ja } from '../../cards/i18n/ja';
import { botHarness, button, cardOf, readable, type Turn } from '../support/bot-harness';
import { people } from '../support/people';

/** A typed "cancel" voids the Confirm cards still waiting for this person's press in this conversation. */
let bot: Awaited<ReturnType<typeof botHarness>>;
beforeEach(async () => {
  bot = await botHarness();
});
afterEach(() => bot.dispose());

const alex: Turn = { as: people.alex };
const vsProHolders = async () =>
  (await bot.store().assignments(people.alex.tenantId))
    .filter((a) => a.benefitId === 'visual-studio-professional')
    .map((a) => a.userId);

test('"cancel" typed while a Confirm card is live says so truthfully, and a later press answers that it was cancelled and changes nothing', async () => {
  const card = cardOf(await bot.say({ ...alex, text: 'assign VS Pro to Ana' }));
  const confirm = button(card, en['confirm.button']);
  expect(readable(await bot.say({ ...alex, text: 'cancel' }))).toBe(en['flow.confirmationVoided']);
  const pressed = await bot.execute(alex, confirm.verb ?? '', { ...confirm.data });
  expect(JSON.stringify(pressed)).toContain(en['result.cancelled']);
  expect(await vsProHolders()).toEqual([]);
  // Nothing is waiting any more.
  expect(readable(await bot.say({ ...alex, text: 'cancel' }))).toBe(en['flow.nothingToCancel']);
});

test('in Japanese: 「キャンセル」', async () => {
  const jaAlex: Turn = { ...alex, locale: 'ja-JP' };
  const card = cardOf(await bot.say({ ...jaAlex, text: 'アナさんにVS Proを割り当てて' }));
  const confirm = button(card, ja['confirm.button']);
  expect(readable(await bot.say({ ...jaAlex, text: 'キャンセル' }))).toBe(
    ja['flow.confirmationVoided'],
  );
  await bot.execute(jaAlex, confirm.verb ?? '', { ...confirm.data });
  expect(await vsProHolders()).toEqual([]);
});

test('a card already confirmed is not voided, and a new card after the cancel works', async () => {
  const first = cardOf(await bot.say({ ...alex, text: 'assign VS Pro to Ana' }));
  await bot.execute(alex, 'change.confirm', { ...button(first, en['confirm.button']).data });
  expect(readable(await bot.say({ ...alex, text: 'cancel' }))).toBe(en['flow.nothingToCancel']);
  const second = cardOf(await bot.say({ ...alex, text: 'assign VS Pro to Nestor' }));
  await bot.execute(alex, 'change.confirm', { ...button(second, en['confirm.button']).data });
  expect(await vsProHolders()).toHaveLength(2);
});

test('in a channel, someone else\'s "cancel" does not void Alex\'s card', async () => {
  const channel = { id: '19:general@thread.tacv2', conversationType: 'channel' as const };
  const card = cardOf(
    await bot.say({
      as: people.alex,
      mention: true,
      conversation: channel,
      text: 'assign VS Pro to Ana',
    }),
  );
  await bot.say({ as: people.megan, mention: true, conversation: channel, text: 'cancel' });
  await bot.execute({ as: people.alex, conversation: channel }, 'change.confirm', {
    ...button(card, en['confirm.button']).data,
  });
  expect(await vsProHolders()).toEqual([people.ana.userId]);
});
