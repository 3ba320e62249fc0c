import { en } from '../../cards/i18n/en';
import type { OrganisationData } from '../../services/model';
import { botHarness, button, cardOf, type Turn } from '../support/bot-harness';
import { CONTOSO_TENANT, people } from '../support/people';
import { KEY } from '../support/card-json';

/**
 * A request id is bound to what it did. A processed id carried by a hand-made Action.Execute with
 * other content (another operation, another benefit, another person) is refused and changes nothing;
 * the identical request again gives the original outcome; every showing of keys is audited.
 */
let bot: Awaited<ReturnType<typeof botHarness>>;
beforeEach(async () => {
  bot = await botHarness();
});
afterEach(() => bot.dispose());

const alex: Turn = { as: people.alex };

async function stored(): Promise<OrganisationData> {
  let copy: OrganisationData | undefined;
  await bot.store().unitOfWork(CONTOSO_TENANT, (data) => {
    copy = structuredClone(data);
  });
  if (!copy) throw new Error('no data');
  return copy;
}

async function revealE5(): Promise<string> {
  const card = cardOf(await bot.say({ ...alex, text: 'get the M365 license key' }));
  const reveal = button(card, en['keys.reveal']);
  const shown = await bot.execute(alex, reveal.verb ?? '', { ...reveal.data });
  expect(JSON.stringify(shown).match(KEY)).toHaveLength(1);
  return String(reveal.data?.requestId);
}

describe('a processed request id is bound to what it did', () => {
  test("the E5 reveal's request id on a hand-made Windows 11 reveal shows no key, activates nothing, audits nothing, and the refund question is unchanged", async () => {
    const requestId = await revealE5();
    const before = await stored();
    const forged = await bot.execute(alex, 'keys.reveal', {
      benefitId: 'windows-11-enterprise',
      requestId,
      language: 'en',
      os: 'x64',
      acceptRefundLoss: 'true',
    });
    const text = JSON.stringify(forged);
    expect(text).not.toMatch(KEY);
    expect(text).toContain(en['error.REQUEST.ID_REUSED']);
    const after = await stored();
    expect(after.benefits.find((b) => b.id === 'windows-11-enterprise')).toEqual(
      before.benefits.find((b) => b.id === 'windows-11-enterprise'),
    );
    expect(after.audit).toEqual(before.audit);
    expect(after.outbox).toEqual(before.outbox);
    expect(after.processedRequests).toEqual(before.processedRequests);
  });

  test('the identical reveal again shows the same key, and that showing is audited too (without a second announcement)', async () => {
    const card = cardOf(await bot.say({ ...alex, text: 'get the M365 license key' }));
    const reveal = button(card, en['keys.reveal']);
    const first = await bot.execute(alex, reveal.verb ?? '', { ...reveal.data });
    const outboxAfterFirst = (await stored()).outbox.length;
    const again = await bot.execute(alex, reveal.verb ?? '', { ...reveal.data });
    expect(JSON.stringify(again).match(KEY)).toEqual(JSON.stringify(first).match(KEY));
    const data = await stored();
    const reveals = data.audit.filter((a) => a.action === 'keys.revealed');
    expect(reveals).toHaveLength(2);
    expect(reveals[1]?.after).toMatchObject({ repeated: true, activated: false });
    expect(data.outbox).toHaveLength(outboxAfterFirst);
  });

  test("an assignment's request id on a hand-made Confirm for someone else assigns nobody else", async () => {
    const card = cardOf(await bot.say({ ...alex, text: 'assign VS Pro to Ana' }));
    const confirm = button(card, en['confirm.button']);
    await bot.execute(alex, confirm.verb ?? '', { ...confirm.data });
    const before = await stored();
    expect(
      before.assignments
        .filter((a) => a.benefitId === 'visual-studio-professional')
        .map((a) => a.userId),
    ).toEqual([people.ana.userId]);
    const forged = await bot.execute(alex, confirm.verb ?? '', {
      ...confirm.data,
      userId: '00000000-0000-0000-0000-0000000000107',
    });
    expect(JSON.stringify(forged)).toContain(en['error.REQUEST.ID_REUSED']);
    const after = await stored();
    expect(after.assignments).toEqual(before.assignments);
    expect(after.audit).toEqual(before.audit);
  });

  test("an assignment's request id on a hand-made keys reveal shows no key", async () => {
    const card = cardOf(await bot.say({ ...alex, text: 'assign VS Pro to Ana' }));
    const confirm = button(card, en['confirm.button']);
    await bot.execute(alex, confirm.verb ?? '', { ...confirm.data });
    const forged = await bot.execute(alex, 'keys.reveal', {
      benefitId: 'microsoft-365-e5',
      requestId: String(confirm.data?.requestId),
    });
    expect(JSON.stringify(forged)).not.toMatch(KEY);
    expect(JSON.stringify(forged)).toContain(en['error.REQUEST.ID_REUSED']);
  });
});
