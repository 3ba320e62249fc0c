import { en } from '../../cards/i18n/en';
import { botHarness, type Turn } from '../support/bot-harness';
import { people } from '../support/people';
import { fill } from '../support/card-json';

/** R4.1: Azure (usage-based) is activated by assigning yourself; a forged Confirm cannot give it to anyone else. */
let bot: Awaited<ReturnType<typeof botHarness>>;
beforeEach(async () => {
  bot = await botHarness();
});
afterEach(() => bot.dispose());

const alex: Turn = { as: people.alex };
const azureHolders = async () =>
  (await bot.store().assignments(people.alex.tenantId))
    .filter((a) => a.benefitId === 'azure-monthly-credit')
    .map((a) => a.userId);

test('a hand-made Confirm assigning Azure to Ana is refused in services and stores nothing', async () => {
  const card = await bot.execute(alex, 'change.confirm', {
    op: 'assign',
    benefitId: 'azure-monthly-credit',
    userId: people.ana.userId,
    requestId: 'forged-azure',
  });
  expect(JSON.stringify(card)).toContain(
    fill(en['error.ASSIGNMENT.USAGE_SELF_ONLY'], {
      benefit: 'Microsoft Azure ($120 monthly credit)',
    }),
  );
  expect(await azureHolders()).toEqual([]);
});

test('nor can a hand-made reassign move it to someone else once Alex holds it', async () => {
  await bot.execute(alex, 'change.confirm', {
    op: 'assign',
    benefitId: 'azure-monthly-credit',
    userId: people.alex.userId,
    requestId: 'alex-azure',
  });
  expect(await azureHolders()).toEqual([people.alex.userId]);
  await bot.execute(alex, 'change.confirm', {
    op: 'reassign',
    benefitId: 'azure-monthly-credit',
    fromUserId: people.alex.userId,
    userId: people.ana.userId,
    requestId: 'forged-move',
  });
  expect(await azureHolders()).toEqual([people.alex.userId]);
});
