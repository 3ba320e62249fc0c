import { en } from '../../cards/i18n/en';
import { botHarness, cardOf, readable, type Turn } from '../support/bot-harness';
import { nodes } from '../support/card-json';
import { people } from '../support/people';

/** Details typed in the request are used, so only what is missing is asked. */
let bot: Awaited<ReturnType<typeof botHarness>>;
beforeEach(async () => {
  bot = await botHarness();
});
afterEach(() => bot.dispose());

const alex: Turn = { as: people.alex };
const inputValue = (card: unknown, id: string) => nodes(card).find((n) => n.id === id)?.value;
const confirmData = (card: unknown) =>
  nodes(card).find((n) => n.verb === 'change.confirm')?.data as Record<string, unknown> | undefined;

test.each([
  ['assign support to Patti, alt email patti.f@outlook.com', 'patti.f@outlook.com'],
  [
    'assign product support to Patti Fernandez with alternate email pf@example.org',
    'pf@example.org',
  ],
  ['パティさんにサポートを割り当てて。代替アドレス patti.f@outlook.jp', 'patti.f@outlook.jp'],
])(
  '%j: the support confirmation comes at once, with the alternative email typed (R6.2)',
  async (text, email) => {
    const card = cardOf(
      await bot.say({ ...alex, ...(/[ぁ-ヿ一-鿿]/u.test(text) ? { locale: 'ja-JP' } : {}), text }),
    );
    expect(confirmData(card)).toMatchObject({
      op: 'assign',
      benefitId: 'product-support-incidents',
      userId: people.patti.userId,
      alternativeEmail: email,
    });
  },
);

test("an alternative email that is the Partner Center account's is asked for again, with why", async () => {
  const said = readable(
    await bot.say({
      ...alex,
      text: 'assign support to Patti, alt email partnercenter@contoso.com',
    }),
  );
  expect(said).toContain(
    en['error.EMAIL.SAME_AS_PARTNER_CENTER'].replace('{email}', 'partnercenter@contoso.com'),
  );
});

test.each([
  ['windows 11 keys in japanese for arm64', 'ja', 'arm64'],
  ['office ltsc keys, english, 32-bit', 'en', 'x86'],
  ['Windows 11のキーを日本語・ARM64で', 'ja', 'arm64'],
])(
  '%j: the keys card has the language and OS typed already chosen (R3.2)',
  async (text, language, os) => {
    const card = cardOf(await bot.say({ ...alex, text }));
    expect(inputValue(card, 'language')).toBe(language);
    expect(inputValue(card, 'os')).toBe(os);
  },
);

test.each([
  [
    'marketing contact: Megan, megan.m@outlook.com, +1 425 555 0100, english',
    'megan.m@outlook.com',
    '+1 425 555 0100',
    'en',
  ],
  [
    'マーケティング担当者をメーガンさんにして。メール megan.m@outlook.jp、電話 03-1234-5678、言語は日本語',
    'megan.m@outlook.jp',
    '03-1234-5678',
    'ja',
  ],
])(
  '%j: the contact form starts with the person and the details typed (R7.2)',
  async (text, email, phone, language) => {
    const card = cardOf(
      await bot.say({ ...alex, ...(/[ぁ-ヿ一-鿿]/u.test(text) ? { locale: 'ja-JP' } : {}), text }),
    );
    expect(inputValue(card, 'contactUserId')).toBe(people.megan.userId);
    expect(nodes(card).some((n) => n.value === email)).toBe(true);
    expect(nodes(card).some((n) => n.value === phone)).toBe(true);
    expect(nodes(card).some((n) => n.value === language)).toBe(true);
  },
);

test.each([
  ['we need 10 hours of presales help', 'technical-presales-deployment', '10'],
  ['can I book 2 hrs of advisory time', 'partner-advisory-hours', '2'],
  ['プリセールス支援を3時間リクエストしたいです', 'technical-presales-deployment', '3'],
])('%j: hours typed in any words fill the request form (R6.4)', async (text, benefitId, hours) => {
  const card = cardOf(await bot.say({ ...alex, text }));
  expect(inputValue(card, 'benefitId')).toBe(benefitId);
  expect(inputValue(card, 'hours')).toBe(hours);
});

test('a question about hours is answered, not taken as a request for them', async () => {
  const said = readable(await bot.say({ ...alex, text: 'how many advisory hours are left?' }));
  expect(said).not.toContain(en['request.hours']);
});
