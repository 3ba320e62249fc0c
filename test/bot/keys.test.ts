import { en } from '../../cards/i18n/en';
import { ja } from '../../cards/i18n/ja';
import { botHarness, button, buttonsOf, cardOf, readable, type Turn } from '../support/bot-harness';
import { people } from '../support/people';
import { fill, KEY } from '../support/card-json';

let bot: Awaited<ReturnType<typeof botHarness>>;
beforeEach(async () => {
  bot = await botHarness();
});
afterEach(() => bot.dispose());

const alex: Turn = { as: people.alex };

/** Asks for the keys and presses "Get keys" with these choices, as Teams sends them (inputs merged into the data). */
async function getKeys(turn: Turn, text: string, inputs: Record<string, string>) {
  const card = cardOf(await bot.say({ ...turn, text }));
  const reveal = button(
    card,
    turn.locale?.startsWith('ja') ? ja['keys.reveal'] : en['keys.reveal'],
  );
  return { card, keys: await bot.execute(turn, reveal.verb ?? '', { ...reveal.data, ...inputs }) };
}

describe('getting keys (R3, R4.2, R8)', () => {
  test('Alex gets the Windows 11 keys for 日本語 / ARM64 after acknowledging the refund; the instructions and the matching download come with them', async () => {
    const { card } = await getKeys(alex, 'get keys for Windows 11', {
      language: 'ja',
      os: 'arm64',
      acceptRefundLoss: 'false',
    });
    const shown = JSON.stringify(card);
    expect(shown).toContain(en['keys.input.language']);
    expect(shown).toContain(en['keys.input.os']);
    expect(shown).toContain(en['keys.refund.toggle']);
    expect(shown).not.toMatch(KEY);

    // Without the acknowledgement, nothing is shown and nothing changes.
    const refused = await bot.execute(alex, 'keys.reveal', {
      ...button(card, en['keys.reveal']).data,
      language: 'ja',
      os: 'arm64',
      acceptRefundLoss: 'false',
    });
    expect(JSON.stringify(refused)).not.toMatch(KEY);
    expect(JSON.stringify(refused)).toContain(en['result.notDone']);

    const keys = await bot.execute(alex, 'keys.reveal', {
      ...button(card, en['keys.reveal']).data,
      language: 'ja',
      os: 'arm64',
      acceptRefundLoss: 'true',
    });
    const text = JSON.stringify(keys);
    expect(text.match(KEY)).toHaveLength(5);
    expect(text).toContain('Use these keys only on computers used by your organisation.');
    expect(text).toContain(fill(en['keys.activated'], { benefit: 'Windows 11 Enterprise' }));
    expect(buttonsOf(keys).map((b) => b.title)).toContain(
      fill(en['keys.download'], { language: '日本語', os: 'ARM64' }),
    );
    expect(text).toContain(
      'https://download.partner-benefits.example/windows-11-enterprise/ja-jp/arm64',
    );

    // The row shows it activated; the next software product has no refund warning any more.
    expect(readable(await bot.say({ ...alex, text: 'show software' }))).toContain(
      en['state.keysRevealed'],
    );
    expect(
      JSON.stringify(cardOf(await bot.say({ ...alex, text: 'get keys for Office' }))),
    ).not.toContain(en['keys.refund.toggle']);
  });

  test('in Japanese: 「Windows 11のキーを取得」', async () => {
    const card = cardOf(
      await bot.say({ ...alex, locale: 'ja-JP', text: 'Windows 11のキーを取得' }),
    );
    expect(JSON.stringify(card)).toContain(
      fill(ja['keys.title'], { benefit: 'Windows 11 Enterprise' }),
    );
    expect(JSON.stringify(card)).toContain(ja['keys.input.os']);
  });

  test('licence keys (Microsoft 365 E5) come with their activation instructions and no language or OS', async () => {
    const { card, keys } = await getKeys(alex, 'get the M365 license key', {});
    expect(JSON.stringify(card)).not.toContain(en['keys.input.language']);
    expect(JSON.stringify(keys).match(KEY)).toHaveLength(1);
    expect(JSON.stringify(keys)).toContain(
      'Redeem the licence key in the Microsoft 365 admin center',
    );
  });

  test('"Windows" is two products: the bot asks which', async () => {
    const said = readable(await bot.say({ ...alex, text: 'get keys for Windows' }));
    expect(said).toContain('Windows 11 Enterprise');
    expect(said).toContain('Windows Server 2025 Datacenter');
  });

  test('in a channel the keys are refused and a personal chat offered; nothing is revealed', async () => {
    const channel: Turn = {
      as: people.alex,
      mention: true,
      conversation: { id: '19:general@thread.tacv2', conversationType: 'channel' },
    };
    const replies = await bot.say({ ...channel, text: 'get keys for Windows 11' });
    expect(readable(replies)).toContain(en['error.KEYS.PERSONAL_CHAT_ONLY']);
    expect(buttonsOf(cardOf(replies)).map((b) => b.title)).toContain(en['keys.openPersonalChat']);
    // A Get keys payload pressed in the channel (forged or copied) is refused by the service too.
    const forged = await bot.execute(channel, 'keys.reveal', {
      benefitId: 'windows-11-enterprise',
      requestId: 'forged',
      language: 'en',
      os: 'x64',
      acceptRefundLoss: 'true',
    });
    expect(JSON.stringify(forged)).not.toMatch(KEY);
  });

  test.each([people.megan, people.adele, people.ana])(
    '$displayName (not a Global admin) cannot get keys',
    async (person) => {
      const said = readable(await bot.say({ as: person, text: 'get keys for Windows 11' }));
      expect(said).toContain('Only a Global admin');
      const forged = await bot.execute({ as: person }, 'keys.reveal', {
        benefitId: 'windows-11-enterprise',
        requestId: 'x',
        language: 'en',
        os: 'x64',
        acceptRefundLoss: 'true',
      });
      expect(JSON.stringify(forged)).not.toMatch(KEY);
    },
  );

  test('after a reveal, nothing the store holds at rest has a key in clear text, and the audit log records it without the keys', async () => {
    const { keys } = await getKeys(alex, 'get keys for Windows Server', {
      language: 'en',
      os: 'x64',
      acceptRefundLoss: 'true',
    });
    const revealed = JSON.stringify(keys).match(KEY) ?? [];
    expect(revealed).toHaveLength(2);
    const stored = await bot.storedTexts();
    expect(stored.length).toBeGreaterThan(3);
    // The reveal reached what is checked (so a missing key is not a place left unread).
    expect(stored.some(({ text }) => text.includes('keys.revealed'))).toBe(true);
    for (const { where, text } of stored) {
      for (const key of revealed)
        expect({ where, hasKey: text.includes(key) }).toEqual({ where, hasKey: false });
    }
    const log = readable(await bot.say({ ...alex, text: 'show audit log' }));
    expect(log).toContain(
      fill(en['audit.keys.revealed'], { benefit: 'Windows Server 2025 Datacenter' }),
    );
    for (const key of revealed) expect(log).not.toContain(key);
  });
});
