import { botHarness, cardOf, type Turn } from '../support/bot-harness';
import { nodes } from '../support/card-json';
import { people } from '../support/people';

/** Hours typed in the message fill the request form (R6.4): only what is missing is asked. */
let bot: Awaited<ReturnType<typeof botHarness>>;
beforeEach(async () => {
  bot = await botHarness();
});
afterEach(() => bot.dispose());

const alex: Turn = { as: people.alex };
const inputValue = (card: unknown, id: string) => nodes(card).find((n) => n.id === id)?.value;

test.each([
  ['request 5 advisory hours', 'partner-advisory-hours', '5'],
  [
    "I'd like to request 4 partner advisory hours for our Azure design",
    'partner-advisory-hours',
    '4',
  ],
  ['book 3 presales hours', 'technical-presales-deployment', '3'],
  ['相談時間を6時間申請したい', 'partner-advisory-hours', '6'],
  ['プリセールスを2時間お願いします', 'technical-presales-deployment', '2'],
])(
  '%j: the form comes with its benefit (%s) and the hours typed (%s)',
  async (text, benefitId, hours) => {
    const card = cardOf(
      await bot.say({ ...alex, ...(/[ぁ-ヿ一-鿿]/u.test(text) ? { locale: 'ja-JP' } : {}), text }),
    );
    expect(inputValue(card, 'benefitId')).toBe(benefitId);
    expect(inputValue(card, 'hours')).toBe(hours);
  },
);
