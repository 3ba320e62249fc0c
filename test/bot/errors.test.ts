import {
  ConversationState,
  MemoryStorage,
  TestAdapter,
  UserState,
  type Activity,
} from 'botbuilder';
import { createAdapter } from '../../bot/adapter';
import { loadConfig } from '../../bot/config';
import { explain, unanswered } from '../../bot/errors';
import { en } from '../../cards/i18n/en';
import { ja } from '../../cards/i18n/ja';
import { translator } from '../../cards/i18n/translator';
import type { AskView } from '../../services/asks.service';
import { BenefitError } from '../../services/errors';
import type { LanguageCode } from '../../services/model';
import { capturedLogger } from '../security/support';

/**
 * bot/errors.ts is the one place a domain error becomes what the person sees: each situation
 * (a sentence, a form's note, an Execute card's outcome, a request card, the personal-chat notice)
 * in English and Japanese; and the adapter's one onTurnError puts a refusal no handler answered in
 * the same words, while anything unexpected gets the catalogued apology and never its own text.
 */

const catalogue = { en, ja };
const ADMINS = ['Alex Wilber', 'Patti Fernandez'];
const refusal = () => new BenefitError('ROLE.GLOBAL_ADMIN_REQUIRED', { admins: ADMINS });
/** The refusal's sentence as the catalogue words it, with the admins listed the reader's way. */
const sentenceIn = (lang: LanguageCode) =>
  catalogue[lang]['error.ROLE.GLOBAL_ADMIN_REQUIRED'].replace(
    '{admins}',
    translator(lang).list(ADMINS),
  );
const shown = (content: unknown) => JSON.stringify(content);

const ASK: AskView = {
  id: 'ask-1',
  benefitId: 'vs-pro',
  benefit: { en: 'Visual Studio Professional', ja: 'Visual Studio Professional' },
  userName: 'Ana Bowman',
  status: 'open',
  decidedByName: null,
  free: 0,
};

describe.each(['en', 'ja'] as const)('explain, in %s', (lang) => {
  const t = translator(lang);
  const sentence = sentenceIn(lang);

  test('when a refusal is answered in the chat, then the person reads its sentence', () => {
    expect(sentence).toContain('Alex Wilber');
    expect(explain(refusal(), t, 'message')).toMatchObject({ type: 'message', text: sentence });
  });

  test('when a form is shown again, then its note is the sentence', () => {
    expect(explain(refusal(), t, 'onForm')).toBe(sentence);
  });

  test("when an Execute verb is refused, then its card becomes a 'not done' card that says why", () => {
    const card = shown(explain(refusal(), t, 'onCard').content);
    expect(card).toContain(JSON.stringify(catalogue[lang]['result.notDone']));
    expect(card).toContain(sentence);
    expect(card).toContain('"Attention"');
  });

  test('when a decision on a request is refused, then the request card shows why, with no buttons', () => {
    const card = shown(
      explain(refusal(), t, { kind: 'onAskCard', ask: ASK, approverIds: ['u1'] }).content,
    );
    expect(card).toContain(sentence);
    expect(card).toContain('Ana Bowman');
    expect(card).not.toContain(JSON.stringify(catalogue[lang]['ask.approve']));
  });

  test('when the request itself cannot be read, then a card says why', () => {
    const card = shown(
      explain(refusal(), t, { kind: 'onAskCard', ask: undefined, approverIds: [] }).content,
    );
    expect(card).toContain(sentence);
    expect(card).not.toContain('Ana Bowman');
  });

  test('when keys are asked for in a shared chat, then a notice offers the personal chat', () => {
    const url = 'https://teams.microsoft.com/l/chat/0/0?users=28%3Abot';
    const card = shown(
      explain(new BenefitError('KEYS.PERSONAL_CHAT_ONLY'), t, {
        kind: 'personalChatOnly',
        personalChatUrl: url,
      }).content,
    );
    expect(card).toContain(catalogue[lang]['error.KEYS.PERSONAL_CHAT_ONLY']);
    expect(card).toContain(catalogue[lang]['keys.openPersonalChat']);
    expect(card).toContain(url);
  });

  test('when something unexpected failed, then the catalogued apology, never the error text', () => {
    const said = unanswered(new Error('connect ECONNREFUSED for alex@contoso.com'), t);
    expect(said.text).toBe(catalogue[lang]['error.generic']);
    expect(said.text).not.toMatch(/ECONNREFUSED|contoso/);
  });
});

/** The adapter's onTurnError in front of a handler, as botbuilder runs it for every turn. */
function turnsThrough(handler: () => Promise<void>) {
  const captured = capturedLogger('debug');
  const storage = new MemoryStorage();
  const cloud = createAdapter(loadConfig({}), captured.logger, {
    conversationState: new ConversationState(storage),
    userState: new UserState(storage),
  });
  const adapter = new TestAdapter(handler);
  adapter.onTurnError = cloud.onTurnError;
  const send = async (locale: string): Promise<Partial<Activity>[]> => {
    adapter.activeQueue.splice(0);
    await adapter.processActivity({ type: 'message', text: 'hello', locale });
    return adapter.activeQueue.splice(0);
  };
  return { send, captured };
}

describe('the one onError for a turn', () => {
  test.each([
    ['en-US', 'en'],
    ['ja-JP', 'ja'],
  ] as const)(
    'when a refusal escapes a handler (%s), then the person reads its sentence and the log names only its code',
    async (locale, lang) => {
      const { send, captured } = turnsThrough(async () => {
        throw refusal();
      });
      const said = await send(locale);
      expect(said.map((a) => a.text)).toEqual([sentenceIn(lang)]);
      const failed = captured.lines.filter((l) => l.msg === 'turn failed');
      expect(failed).toHaveLength(1);
      expect(failed[0]).toMatchObject({ code: 'ROLE.GLOBAL_ADMIN_REQUIRED' });
      expect(captured.raw.join('')).not.toContain('Alex Wilber');
    },
  );

  test('when anything else escapes, then the person reads the apology and the log holds no email or key', async () => {
    const { send, captured } = turnsThrough(async () => {
      throw new Error('row for ana@contoso.com holds key ABCDE-12345-FGHIJ-67890-KLMNO');
    });
    const said = await send('ja-JP');
    expect(said.map((a) => a.text)).toEqual([ja['error.generic']]);
    const raw = captured.raw.join('');
    expect(raw).toContain('turn failed');
    expect(raw).not.toContain('ana@contoso.com');
    expect(raw).not.toContain('ABCDE-12345-FGHIJ-67890-KLMNO');
  });

  test('when a store write no handler asked for fails, then the apology, not "that change"', async () => {
    const { send } = turnsThrough(async () => {
      throw new BenefitError('STORE.WRITE_FAILED', { reason: 'ENOSPC' });
    });
    expect((await send('en-US')).map((a) => a.text)).toEqual([en['error.generic']]);
  });
});
