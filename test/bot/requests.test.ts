import { en } from '../../cards/i18n/en';
import { ja } from '../../cards/i18n/ja';
import { botHarness, button, buttonsOf, cardOf, readable, type Turn } from '../support/bot-harness';
import { people } from '../support/people';
import { NOW } from '../support/temp-store';
import { fill } from '../support/card-json';

let bot: Awaited<ReturnType<typeof botHarness>>;
beforeEach(async () => {
  bot = await botHarness();
});
afterEach(() => bot.dispose());

const alex: Turn = { as: people.alex };
const asText = (card: Record<string, unknown> | undefined) => JSON.stringify(card);

/** Opens the form and presses "Submit request" with these inputs, as Teams sends them. */
async function submit(turn: Turn, text: string, inputs: Record<string, string>) {
  const form = cardOf(await bot.say({ ...turn, text }));
  const submitButton = button(
    form,
    turn.locale?.startsWith('ja') ? ja['request.submit'] : en['request.submit'],
  );
  return {
    form,
    result: await bot.execute(turn, submitButton.verb ?? '', { ...submitButton.data, ...inputs }),
    submitButton,
  };
}

describe('requests for technical help (R6.4)', () => {
  test('"request advisory hours": the form, Submit request, a reference; the hours are reserved and show as used; "my requests" lists it', async () => {
    const { form, result, submitButton } = await submit(alex, 'request advisory hours', {
      benefitId: 'partner-advisory-hours',
      phase: 'design',
      solution: 'hybrid',
      description: 'Review our hybrid identity design',
      hours: '5',
    });
    for (const label of [
      'request.phase',
      'request.solution',
      'request.description',
      'request.hours',
      'request.contactEmail',
    ] as const)
      expect(asText(form)).toContain(en[label]);
    expect(asText(form)).toContain('Partner advisory hours (20 hours remaining)');
    const reference = `ADV-${NOW.toISOString().slice(0, 10).replace(/-/g, '')}-0001`;
    expect(asText(result)).toContain(fill(en['request.submitted'], { reference }));
    // A retried Submit creates nothing new.
    expect(
      asText(
        await bot.execute(alex, submitButton.verb ?? '', {
          ...submitButton.data,
          benefitId: 'partner-advisory-hours',
          phase: 'design',
          solution: 'hybrid',
          description: 'Review our hybrid identity design',
          hours: '5',
        }),
      ),
    ).toContain(fill(en['request.alreadySubmitted'], { reference }));
    expect(readable(await bot.say({ ...alex, text: 'technical benefits' }))).toContain(
      '20 hours · 5 used · 15 free',
    );
    expect(readable(await bot.say({ ...alex, text: 'my requests' }))).toContain(reference);
  });

  test('"I need presales help" chooses the presales benefit; asking for more hours than remain brings the form back with the reason and what was typed', async () => {
    const { form, result } = await submit(alex, 'I need presales help', {
      benefitId: 'technical-presales-deployment',
      phase: 'presales',
      solution: 'cloud',
      description: 'A customer demo',
      hours: '11',
    });
    expect(asText(form)).toMatch(/"value":"technical-presales-deployment"/);
    expect(asText(result)).toContain(en['request.submit']);
    expect(asText(result)).toContain('A customer demo');
    expect(asText(result)).toMatch(/10/);
  });

  test('in Japanese: 「相談時間をリクエスト」', async () => {
    const { form, result } = await submit({ ...alex, locale: 'ja-JP' }, '相談時間をリクエスト', {
      benefitId: 'partner-advisory-hours',
      phase: 'appDevelopment',
      solution: 'cloud',
      description: 'アプリのレビュー',
      hours: '2',
    });
    expect(asText(form)).toContain(ja['request.phase.appDevelopment']);
    expect(asText(result)).toContain('ADV-');
  });

  test("an employee cannot request the company's hours", async () => {
    expect(readable(await bot.say({ as: people.ana, text: 'request advisory hours' }))).toContain(
      en['error.ROLE.ADMIN_REQUIRED'],
    );
  });
});

describe('cancellation for a refund (R8)', () => {
  test('within 30 days and with no software activated: the terms, the dates, then a cancellation service request with a reference', async () => {
    const card = cardOf(await bot.say({ ...alex, text: 'cancel our membership' }));
    expect(asText(card)).toContain(en['cancel.verdict.eligible']);
    expect(asText(card)).toContain('Dec 12, 2026');
    const confirm = button(card, en['cancel.confirm']);
    const result = await bot.execute(alex, confirm.verb ?? '', {
      ...confirm.data,
      reason: 'We joined the wrong programme',
    });
    expect(asText(result)).toMatch(/CXL-\d{8}-0001/);
    // Asking again says it was already requested, and offers nothing to press.
    const again = cardOf(await bot.say({ ...alex, text: '返金して', locale: 'ja-JP' }));
    expect(asText(again)).toMatch(/CXL-\d{8}-0001/);
    expect(buttonsOf(again)).toEqual([]);
  });

  test('after software keys were revealed, it says exactly which condition fails and offers no request; a forged request is refused', async () => {
    const keys = cardOf(await bot.say({ ...alex, text: 'get keys for Windows 11' }));
    const reveal = button(keys, en['keys.reveal']);
    await bot.execute(alex, reveal.verb ?? '', {
      ...reveal.data,
      language: 'en',
      os: 'x64',
      acceptRefundLoss: 'true',
    });
    const card = cardOf(await bot.say({ ...alex, text: 'キャンセルしたい', locale: 'ja-JP' }));
    expect(asText(card)).toContain(
      fill(ja['cancel.verdict.softwareActivated'], { benefits: 'Windows 11 Enterprise' }),
    );
    expect(buttonsOf(card)).toEqual([]);
    const forged = await bot.execute(alex, 'cancel.request', { requestId: 'forged' });
    expect(asText(forged)).toContain(en['result.notDone']);
  });

  test('only a Global admin or an MPN partner admin can ask', async () => {
    expect(readable(await bot.say({ as: people.adele, text: 'I want a refund' }))).toContain(
      'Only a Global admin or an MPN partner admin',
    );
    expect(
      asText(cardOf(await bot.say({ as: people.megan, text: 'cancel our membership' }))),
    ).toContain(en['cancel.verdict.eligible']);
  });

  test('"cancel" alone still leaves a question, not the membership', async () => {
    await bot.say({ ...alex, text: 'assign VS to Ana' });
    expect(readable(await bot.say({ ...alex, text: 'cancel' }))).toBe(en['flow.cancelled']);
  });
});
