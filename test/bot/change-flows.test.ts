import type { Activity } from 'botbuilder';
import { en } from '../../cards/i18n/en';
import { ja } from '../../cards/i18n/ja';
import { botHarness, button, buttonsOf, cardOf, readable, type Turn } from '../support/bot-harness';
import {
  asReplies,
  CATALOGUES,
  facts as factsOf,
  inOrder,
  msg,
  nodes,
  texts,
  titleOf,
  type Json,
  type Lang,
  type MessageKey as Key,
} from '../support/card-json';
import { people, type Person } from '../support/people';

/**
 * Issue 3: assign, reassign and remove from chat, support with an alternative email, Azure,
 * the marketing contact and Go-To-Market activation, in English and Japanese, through
 * botbuilder's TestAdapter. Expected sentences are built from the catalogues.
 */

type Replies = Partial<Activity>[];

const LOCALE: Record<Lang, string> = { en: 'en-US', ja: 'ja-JP' };

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A catalogue sentence as a pattern: the placeholders given are filled, the others match anything. */
function sentence(lang: Lang, key: Key, params: Record<string, string | number> = {}): RegExp {
  const parts = CATALOGUES[lang][key].split(/(\{\w+\})/);
  return new RegExp(
    `^${parts
      .map((part) => {
        const name = /^\{(\w+)\}$/.exec(part)?.[1];
        if (name === undefined) return escape(part);
        return name in params ? escape(String(params[name])) : '.+';
      })
      .join('')}$`,
  );
}

const list = (lang: Lang, items: string[]) =>
  new Intl.ListFormat(LOCALE[lang], { style: 'long', type: 'conjunction' }).format(items);
const day = (lang: Lang, ymd: string) =>
  new Intl.DateTimeFormat(LOCALE[lang], { dateStyle: 'medium', timeZone: 'UTC' }).format(
    new Date(`${ymd}T00:00:00Z`),
  );
const seatUnit = (lang: Lang, n: number) =>
  msg(lang, n === 1 ? 'unit.seat.one' : 'unit.seat.other', { n });
/** "4 of 5 seats" / "5 シート 中 4". */
const seatsLeft = (lang: Lang, free: number, total: number) =>
  msg(lang, 'fact.leftValue', { free, total: seatUnit(lang, total) });
/** A benefit choice with its free seats: "Visual Studio Professional subscription (5 seats free)". */
const withFreeSeats = (lang: Lang, name: string, free: number) =>
  `${name} (${msg(lang, free === 1 ? 'mine.free.one' : 'mine.free.other', { n: free })})`;

// Names and ids from shared/spec/demo-organisations.md (a contract) and the seed's Japanese names.
const ORG = 'Contoso Partners';
const VS_ENT = {
  en: 'Visual Studio Enterprise subscription',
  ja: 'Visual Studio Enterprise サブスクリプション',
};
const VS_PRO = {
  en: 'Visual Studio Professional subscription',
  ja: 'Visual Studio Professional サブスクリプション',
};
const SUPPORT = {
  en: 'Microsoft product support incidents',
  ja: 'マイクロソフト製品サポート インシデント',
};
const AZURE = {
  en: 'Microsoft Azure ($120 monthly credit)',
  ja: 'Microsoft Azure (毎月 $120 のクレジット)',
};
const SILVER = { en: 'Silver Core', ja: 'シルバー コア' };
const GOLD = { en: 'Gold Core', ja: 'ゴールド コア' };
const LEE_PARK_ID = '00000000-0000-0000-0000-0000000000103';
const ANA_RUIZ_ID = '00000000-0000-0000-0000-0000000000202'; // Fabrikam
const PARTNER_CENTER_EMAIL = 'partnercenter@contoso.com';
const who = {
  ana: 'Ana Bowman (ana@contoso.com)',
  leeGu: 'Lee Gu (lee.gu@contoso.com)',
  leePark: 'Lee Park (lee.park@contoso.com)',
  patti: 'Patti Fernandez (patti@contoso.com)',
  alex: 'Alex Wilber (alex@contoso.com)',
  taro: '田中 太郎 (taro@contoso.com)',
};

// ---- reading cards ----

/** The one card of a reply that must be one message with one card. */
function onlyCard(replies: Replies): Json {
  expect(replies).toHaveLength(1);
  const card = cardOf(replies);
  if (!card) throw new Error(`expected a card, got ${readable(replies)}`);
  return card;
}

/** The text of a reply that must be one plain message. */
function onlyText(replies: Replies): string {
  expect(replies).toHaveLength(1);
  expect(replies[0]?.attachments ?? []).toHaveLength(0);
  return String(replies[0]?.text);
}

/** Every sentence of a card, one a line, to look for a sentence inside a longer block. */
const textOf = (card: Json) => texts(card).join('\n');
const linksOf = (card: Json) =>
  nodes(card)
    .filter((n) => n.type === 'Action.OpenUrl')
    .map((n) => String(n.url));
const inputsOf = (card: Json) =>
  nodes(card)
    .filter((n) => typeof n.type === 'string' && n.type.startsWith('Input.'))
    .map((n) => ({
      type: String(n.type),
      id: String(n.id),
      label: String(n.label),
      value: n.value === undefined ? '' : String(n.value),
    }));
const picks = (card: Json) => buttonsOf(card).filter((b) => b.data?.verb === 'flow.pick');

// ---- the conversation ----

let bot: Awaited<ReturnType<typeof botHarness>>;
beforeEach(async () => {
  bot = await botHarness();
});
afterEach(() => bot.dispose());

const say = (as: Person, text: string, lang: Lang = 'en', turn: Partial<Turn> = {}) =>
  bot.say({ as, text, locale: LOCALE[lang], ...turn });
const press = (
  as: Person,
  value: Record<string, unknown> | undefined,
  lang: Lang = 'en',
  turn: Partial<Turn> = {},
) => {
  if (!value) throw new Error('the button has no data');
  return bot.say({ as, value, locale: LOCALE[lang], ...turn });
};

/** Presses Confirm (Action.Execute) on a confirmation card; returns the card it is replaced with. */
async function confirm(
  as: Person,
  card: Json,
  lang: Lang = 'en',
  inputs: Json = {},
  turn: Partial<Turn> = {},
): Promise<Json> {
  const b = button(card, msg(lang, 'confirm.button'));
  expect(b).toMatchObject({ type: 'Action.Execute', verb: 'change.confirm' });
  return bot.execute({ as, locale: LOCALE[lang], ...turn }, b.verb ?? '', { ...b.data, ...inputs });
}

// State probes, asked in a chat of their own so that they never interrupt a flow under test.
const probe = (as: Person): Turn['conversation'] => ({
  id: `probe-${as.userId}`,
  conversationType: 'personal',
});

/** R1.6: who holds a benefit, as Alex (Global admin) reads it: [name, email (state)] per holder. */
async function holders(benefit: string): Promise<string[][]> {
  const card = onlyCard(
    await say(people.alex, `who has ${benefit}?`, 'en', { conversation: probe(people.alex) }),
  );
  return factsOf(card).filter(([title]) => title !== en['fact.left']);
}
const holderNames = async (benefit: string) => (await holders(benefit)).map(([name]) => name);
const mine = async (as: Person, lang: Lang = 'en') =>
  readable(
    await say(as, lang === 'en' ? 'my benefits' : '私の特典', lang, { conversation: probe(as) }),
  );
const categoryList = async (text: string, lang: Lang = 'en') =>
  readable(await say(people.alex, text, lang, { conversation: probe(people.alex) }));

/** Nothing changed: the seed's holders, and no offer requested. */
async function expectSeedState() {
  expect(await holderNames('VS Pro')).toEqual([]);
  expect(await holderNames('VS Enterprise')).toEqual(['Lee Gu']);
  expect(await holderNames('support')).toEqual([]);
  expect(await holderNames('Azure')).toEqual([]);
  expect(await categoryList('Go-To-Market offers')).toMatch(
    inOrder(en['contact.none'], SILVER.en, en['state.offerAvailable']),
  );
}

describe('assigning a Visual Studio seat (R5.1)', () => {
  test('"assign VS to Ana": Enterprise or Professional with free seats → Professional → confirmation (4 of 5 seats left) → Confirm → result; Ana\'s "my benefits" and the VS list show it', async () => {
    const question = onlyCard(await say(people.alex, 'assign VS to Ana'));
    // The question repeats what was understood: the person, by name.
    expect(titleOf(question)).toBe(
      '"VS" could be more than one benefit. Which benefit should Ana Bowman get?',
    );
    expect(picks(question).map((b) => b.title)).toEqual([
      withFreeSeats('en', VS_ENT.en, 2),
      withFreeSeats('en', VS_PRO.en, 5),
    ]);

    const confirmation = onlyCard(
      await press(people.alex, button(question, withFreeSeats('en', VS_PRO.en, 5)).data),
    );
    expect(titleOf(confirmation)).toBe(
      msg('en', 'confirm.assign', { benefit: VS_PRO.en, name: 'Ana Bowman' }),
    );
    expect(factsOf(confirmation)).toEqual([
      [en['fact.benefit'], VS_PRO.en],
      [en['fact.person'], who.ana],
      [en['fact.leftAfter'], seatsLeft('en', 4, 5)],
    ]);
    expect(texts(confirmation)).toContain(en['confirm.note']);
    expect(buttonsOf(confirmation).map((b) => [b.type, b.title, b.verb])).toEqual([
      ['Action.Execute', en['confirm.button'], 'change.confirm'],
      ['Action.Execute', en['confirm.cancelButton'], 'change.cancel'],
    ]);
    expect(await holderNames('VS Pro')).toEqual([]); // nothing changes before Confirm

    const result = await confirm(people.alex, confirmation);
    expect(titleOf(result)).toBe(
      msg('en', 'result.assigned', { name: 'Ana Bowman', benefit: VS_PRO.en }),
    );
    expect(texts(result)).toContain(msg('en', 'result.useVisualStudio', { name: 'Ana Bowman' }));
    expect(factsOf(result)).toEqual([[en['fact.left'], seatsLeft('en', 4, 5)]]);
    expect(linksOf(result)).toEqual(['https://my.visualstudio.com']);

    expect(await mine(people.ana)).toMatch(
      inOrder(
        msg('en', 'mine.title', { name: 'Ana Bowman' }),
        VS_PRO.en,
        en['state.active'],
        msg('en', 'mine.start.signInVisualStudio', { email: 'ana@contoso.com' }),
      ),
    );
    expect(await categoryList('Visual Studio subscriptions')).toMatch(
      inOrder(
        VS_PRO.en,
        `${seatUnit('en', 5)} · ${msg('en', 'summary.usedFree', { used: 1, free: 4 })}`,
        en['details.holders'],
        'Ana Bowman',
        'ana@contoso.com',
      ),
    );
  });

  test('「アナにVSを割り当てて」 (ja-JP): the same flow in Japanese', async () => {
    const question = onlyCard(await say(people.alex, 'アナにVSを割り当てて', 'ja'));
    expect(titleOf(question)).toBe(
      '「VS」に当てはまる特典が複数あります。Ana Bowman さんにどの特典を割り当てますか？',
    );
    expect(picks(question).map((b) => b.title)).toEqual([
      withFreeSeats('ja', VS_ENT.ja, 2),
      withFreeSeats('ja', VS_PRO.ja, 5),
    ]);

    const confirmation = onlyCard(
      await press(people.alex, button(question, withFreeSeats('ja', VS_PRO.ja, 5)).data, 'ja'),
    );
    expect(titleOf(confirmation)).toBe(
      msg('ja', 'confirm.assign', { benefit: VS_PRO.ja, name: 'Ana Bowman' }),
    );
    expect(factsOf(confirmation)).toEqual([
      [ja['fact.benefit'], VS_PRO.ja],
      [ja['fact.person'], who.ana],
      [ja['fact.leftAfter'], seatsLeft('ja', 4, 5)],
    ]);
    expect(buttonsOf(confirmation).map((b) => b.title)).toEqual([
      ja['confirm.button'],
      ja['confirm.cancelButton'],
    ]);

    const result = await confirm(people.alex, confirmation, 'ja');
    expect(titleOf(result)).toBe(
      msg('ja', 'result.assigned', { name: 'Ana Bowman', benefit: VS_PRO.ja }),
    );
    expect(texts(result)).toContain(msg('ja', 'result.useVisualStudio', { name: 'Ana Bowman' }));
    expect(await mine(people.ana, 'ja')).toMatch(
      inOrder(msg('ja', 'mine.title', { name: 'Ana Bowman' }), VS_PRO.ja, ja['state.active']),
    );
    expect(await holderNames('VS Pro')).toEqual(['Ana Bowman']);
  });

  test('「田中さんにVisual Studio Professionalを割り当ててください」 needs no question: straight to the confirmation', async () => {
    const confirmation = onlyCard(
      await say(people.alex, '田中さんにVisual Studio Professionalを割り当ててください', 'ja'),
    );
    expect(titleOf(confirmation)).toBe(
      msg('ja', 'confirm.assign', { benefit: VS_PRO.ja, name: '田中 太郎' }),
    );
    expect(factsOf(confirmation)).toContainEqual([ja['fact.person'], who.taro]);
    expect(factsOf(confirmation)).toContainEqual([ja['fact.leftAfter'], seatsLeft('ja', 4, 5)]);

    const result = await confirm(people.alex, confirmation, 'ja');
    expect(titleOf(result)).toBe(
      msg('ja', 'result.assigned', { name: '田中 太郎', benefit: VS_PRO.ja }),
    );
    expect(await mine(people.taro, 'ja')).toMatch(
      inOrder(msg('ja', 'mine.title', { name: '田中 太郎' }), VS_PRO.ja, ja['state.active']),
    );
  });

  test.each([
    [
      'give Ana a Visual Studio Enterprise subscription',
      VS_ENT.en,
      'Ana Bowman',
      who.ana,
      seatsLeft('en', 1, 3),
    ],
    ['add Lee Park to VS Pro', VS_PRO.en, 'Lee Park', who.leePark, seatsLeft('en', 4, 5)],
    ['assign VS Pro to Ana Bowman', VS_PRO.en, 'Ana Bowman', who.ana, seatsLeft('en', 4, 5)],
  ])('"%s" goes straight to the confirmation', async (text, benefit, name, person, left) => {
    const confirmation = onlyCard(await say(people.alex, text));
    expect(titleOf(confirmation)).toBe(msg('en', 'confirm.assign', { benefit, name }));
    expect(factsOf(confirmation)).toEqual([
      [en['fact.benefit'], benefit],
      [en['fact.person'], person],
      [en['fact.leftAfter'], left],
    ]);
  });

  test('"assign visual studio to ana@contoso.com": asks which subscription, then confirms for Ana found by her email', async () => {
    const question = onlyCard(await say(people.alex, 'assign visual studio to ana@contoso.com'));
    expect(titleOf(question)).toBe(
      '"visual studio" could be more than one benefit. Which benefit should Ana Bowman get?',
    );
    const confirmation = onlyCard(
      await press(people.alex, button(question, withFreeSeats('en', VS_ENT.en, 2)).data),
    );
    expect(titleOf(confirmation)).toBe(
      msg('en', 'confirm.assign', { benefit: VS_ENT.en, name: 'Ana Bowman' }),
    );
    expect(factsOf(confirmation)).toContainEqual([en['fact.leftAfter'], seatsLeft('en', 1, 3)]);
  });

  test('while asked Enterprise or Professional, typing "VS Pro" answers the question', async () => {
    await say(people.alex, 'assign VS to Ana');
    const confirmation = onlyCard(await say(people.alex, 'VS Pro'));
    expect(titleOf(confirmation)).toBe(
      msg('en', 'confirm.assign', { benefit: VS_PRO.en, name: 'Ana Bowman' }),
    );
  });

  test('typing "Professional" when asked Enterprise or Professional goes on with VS Professional', async () => {
    await say(people.alex, 'assign VS to Ana');
    const reply = onlyCard(await say(people.alex, 'Professional'));
    expect(titleOf(reply)).toBe(
      msg('en', 'confirm.assign', { benefit: VS_PRO.en, name: 'Ana Bowman' }),
    );
  });

  test.each([
    ['button', 'pressing "Lee Park"'],
    ['typed', 'typing "Lee Park"'],
  ])(
    '"assign VS Pro to Lee" asks Lee Gu or Lee Park; %s: %s goes on to the confirmation',
    async (how) => {
      const question = onlyCard(await say(people.alex, 'assign VS Pro to Lee'));
      expect(titleOf(question)).toBe(
        '"Lee" matches more than one person. Who should get Visual Studio Professional subscription?',
      );
      expect(picks(question).map((b) => b.title)).toEqual([who.leeGu, who.leePark]);
      expect(picks(question).map((b) => b.data?.id)).toEqual([people.leeGu.userId, LEE_PARK_ID]);
      expect(inputsOf(question)).toContainEqual(
        expect.objectContaining({
          type: 'Input.Text',
          id: 'answer',
          label: en['flow.input.person'],
        }),
      );

      const replies =
        how === 'button'
          ? await press(people.alex, button(question, who.leePark).data)
          : await say(people.alex, 'Lee Park');
      const confirmation = onlyCard(replies);
      expect(titleOf(confirmation)).toBe(
        msg('en', 'confirm.assign', { benefit: VS_PRO.en, name: 'Lee Park' }),
      );
      expect(factsOf(confirmation)).toContainEqual([en['fact.person'], who.leePark]);
    },
  );
});

describe('nothing found', () => {
  test('"assign VS Pro to Zebulon" says who was not found in the organisation, and changes nothing', async () => {
    const question = onlyCard(await say(people.alex, 'assign VS Pro to Zebulon'));
    expect(titleOf(question)).toBe(
      `${msg('en', 'flow.ask.person.notFound', { query: 'Zebulon', org: ORG })} Who should get Visual Studio Professional subscription?`,
    );
    expect(inputsOf(question)).toContainEqual(
      expect.objectContaining({ id: 'answer', label: en['flow.input.person'] }),
    );
    expect(await holderNames('VS Pro')).toEqual([]);
  });

  test('Contoso\'s "assign VS Pro to Ana Ruiz" never finds Fabrikam\'s Ana Ruiz', async () => {
    const replies = await say(people.alex, 'assign VS Pro to Ana Ruiz');
    const question = onlyCard(replies);
    expect(titleOf(question)).toBe(
      `${msg('en', 'flow.ask.person.notFound', { query: 'Ana Ruiz', org: ORG })} Who should get Visual Studio Professional subscription?`,
    );
    expect(JSON.stringify(replies)).not.toMatch(/fabrikam|Ana Ruiz \(|0000000202/i);
    expect(picks(question).map((b) => b.data?.id)).not.toContain(ANA_RUIZ_ID);
  });

  test('"assign Photoshop to Ana" says which benefit was not found and offers the assignable ones', async () => {
    const question = onlyCard(await say(people.alex, 'assign Photoshop to Ana'));
    expect(titleOf(question)).toBe(
      'I couldn\'t find a benefit called "Photoshop". Which benefit should Ana Bowman get?',
    );
    expect(picks(question).map((b) => b.data?.id)).toEqual(
      expect.arrayContaining(['visual-studio-enterprise', 'visual-studio-professional']),
    );
  });
});

describe('confirming once', () => {
  test('Confirm pressed twice: the second says it was already done, and there is one assignment', async () => {
    const confirmation = onlyCard(await say(people.alex, 'assign VS Pro to Ana'));
    const first = await confirm(people.alex, confirmation);
    const second = await confirm(people.alex, confirmation);

    expect(titleOf(first)).toBe(
      msg('en', 'result.assigned', { name: 'Ana Bowman', benefit: VS_PRO.en }),
    );
    expect(texts(first)).not.toContain(en['result.alreadyDone']);
    expect(texts(second)).toContain(en['result.alreadyDone']);
    expect(factsOf(second)).toEqual([[en['fact.left'], seatsLeft('en', 4, 5)]]);
    expect(await holderNames('VS Pro')).toEqual(['Ana Bowman']);
    expect(await categoryList('Visual Studio subscriptions')).toMatch(
      inOrder(
        VS_PRO.en,
        `${seatUnit('en', 5)} · ${msg('en', 'summary.usedFree', { used: 1, free: 4 })}`,
      ),
    );
  });

  test('a Confirm sent as an Action.Submit message (value.verb "change.confirm", clients without Universal Actions) works, and is idempotent with the same request id', async () => {
    const confirmation = onlyCard(await say(people.alex, 'add Lee Park to VS Pro'));
    const data = button(confirmation, en['confirm.button']).data ?? {};
    expect(data.requestId).toEqual(expect.any(String));

    const first = onlyCard(await press(people.alex, { ...data, verb: 'change.confirm' }));
    expect(titleOf(first)).toBe(
      msg('en', 'result.assigned', { name: 'Lee Park', benefit: VS_PRO.en }),
    );
    expect(texts(first)).not.toContain(en['result.alreadyDone']);

    const again = onlyCard(await press(people.alex, { ...data, verb: 'change.confirm' }));
    expect(texts(again)).toContain(en['result.alreadyDone']);
    const executed = await confirm(people.alex, confirmation); // the same request pressed as Action.Execute
    expect(texts(executed)).toContain(en['result.alreadyDone']);
    expect(await holderNames('VS Pro')).toEqual(['Lee Park']);
  });

  test('the last seat: with VS Enterprise at 2 of 3, two confirmation cards for two people; the first Confirm gets it, the second is told every seat is taken', async () => {
    await confirm(
      people.alex,
      onlyCard(await say(people.alex, 'give Ana a Visual Studio Enterprise subscription')),
    );
    expect(await holderNames('VS Enterprise')).toEqual(['Lee Gu', 'Ana Bowman']);

    const forLeePark = onlyCard(await say(people.alex, 'add Lee Park to VS Enterprise'));
    const forDiego = onlyCard(await say(people.alex, 'assign VS Enterprise to Diego'));
    expect(factsOf(forLeePark)).toContainEqual([en['fact.leftAfter'], seatsLeft('en', 0, 3)]);
    expect(factsOf(forDiego)).toContainEqual([
      en['fact.person'],
      'Diego Siciliani (diego@contoso.com)',
    ]);

    const granted = await confirm(people.alex, forLeePark);
    const refused = await confirm(people.alex, forDiego);
    expect(titleOf(granted)).toBe(
      msg('en', 'result.assigned', { name: 'Lee Park', benefit: VS_ENT.en }),
    );
    expect(titleOf(refused)).toBe(en['result.notDone']);
    expect(texts(refused)).toContain(
      msg('en', 'error.BENEFIT.NO_FREE_SEAT', {
        benefit: VS_ENT.en,
        holders: list('en', ['Lee Gu', 'Ana Bowman', 'Lee Park']),
      }),
    );
    expect(await holderNames('VS Enterprise')).toEqual(['Lee Gu', 'Ana Bowman', 'Lee Park']);
  });
});

describe('cancel, help, and a new request', () => {
  test.each<[Lang, string]>([
    ['en', 'assign VS Pro to Ana'],
    ['ja', 'アナにVS Proを割り当てて'],
  ])(
    '(%s) Cancel on the confirmation card (change.cancel) says nothing was changed, and nothing was',
    async (lang, text) => {
      const confirmation = onlyCard(await say(people.alex, text, lang));
      const cancel = button(confirmation, msg(lang, 'confirm.cancelButton'));
      expect(cancel).toMatchObject({ type: 'Action.Execute', verb: 'change.cancel' });
      const cancelled = await bot.execute(
        { as: people.alex, locale: LOCALE[lang] },
        cancel.verb ?? '',
        cancel.data ?? {},
      );
      expect(titleOf(cancelled)).toBe(msg(lang, 'result.cancelled'));
      await expectSeedState();
    },
  );

  test.each<[Lang, string, string]>([
    ['en', 'assign VS to Ana', 'cancel'],
    ['ja', 'アナにVSを割り当てて', 'キャンセル'],
  ])(
    '(%s) typing "%s", then "%s" while the bot waits for a choice: cancelled, nothing changed, the old buttons do nothing',
    async (lang, text, cancel) => {
      const question = onlyCard(await say(people.alex, text, lang));
      expect(onlyText(await say(people.alex, cancel, lang))).toBe(msg(lang, 'flow.cancelled'));
      expect(
        onlyText(
          await press(
            people.alex,
            button(question, new RegExp(`^${escape(VS_PRO[lang])}`)).data,
            lang,
          ),
        ),
      ).toBe(msg(lang, 'error.unknownAction'));
      await expectSeedState();
    },
  );

  test('the Cancel button on a question card (flow.cancel) leaves the flow too', async () => {
    const question = onlyCard(await say(people.alex, 'assign VS Pro to Lee'));
    expect(onlyText(await press(people.alex, button(question, en['flow.cancelButton']).data))).toBe(
      en['flow.cancelled'],
    );
    expect(onlyText(await say(people.alex, 'cancel'))).toBe(en['flow.nothingToCancel']);
    await expectSeedState();
  });

  test.each<[Lang, string, string, Key, string, string]>([
    ['en', 'assign VS to Ana', 'help', 'flow.help.benefit', 'VS Pro', 'Ana Bowman'],
    ['en', 'assign VS Pro to Lee', 'help', 'flow.help.person', 'Lee Park', 'Lee Park'],
    ['ja', 'アナにVSを割り当てて', 'ヘルプ', 'flow.help.benefit', 'VS Pro', 'Ana Bowman'],
  ])(
    '(%s) "%s", then "%s": explains the current step and keeps waiting; the next answer still works',
    async (lang, text, help, helpKey, answer, name) => {
      await say(people.alex, text, lang);
      expect(onlyText(await say(people.alex, help, lang))).toBe(msg(lang, helpKey));
      const confirmation = onlyCard(await say(people.alex, answer, lang));
      expect(titleOf(confirmation)).toBe(
        msg(lang, 'confirm.assign', { benefit: VS_PRO[lang], name }),
      );
    },
  );

  test('a new request in the middle of a flow replaces it: "assign VS to Ana", then "show benefits"', async () => {
    const question = onlyCard(await say(people.alex, 'assign VS to Ana'));
    expect(titleOf(onlyCard(await say(people.alex, 'show benefits')))).toBe(
      msg('en', 'overview.title', { org: ORG }),
    );
    // The question is gone: its buttons are out of date, and "Professional" is no longer an answer.
    expect(
      onlyText(await press(people.alex, button(question, withFreeSeats('en', VS_PRO.en, 5)).data)),
    ).toBe(en['error.unknownAction']);
    // Said on its own, it names a benefit: its details, nothing to confirm.
    const details = onlyCard(await say(people.alex, 'Professional'));
    expect(JSON.stringify(details)).toContain(VS_PRO.en);
    expect(titleOf(details)).not.toBe(
      msg('en', 'confirm.assign', { benefit: VS_PRO.en, name: 'Ana Bowman' }),
    );
    await expectSeedState();
  });

  test('a new change in the middle of a flow replaces it: "assign VS to Ana", then "add Lee Park to VS Pro"', async () => {
    await say(people.alex, 'assign VS to Ana');
    const confirmation = onlyCard(await say(people.alex, 'add Lee Park to VS Pro'));
    expect(titleOf(confirmation)).toBe(
      msg('en', 'confirm.assign', { benefit: VS_PRO.en, name: 'Lee Park' }),
    );
  });
});

describe('reassigning and removing (R5.3)', () => {
  test('"reassign VS Enterprise from Lee Gu to Ana": one confirmation; Lee loses it, Ana gets it, the seats are unchanged', async () => {
    const confirmation = onlyCard(
      await say(people.alex, 'reassign VS Enterprise from Lee Gu to Ana'),
    );
    expect(titleOf(confirmation)).toBe(
      msg('en', 'confirm.reassign', { benefit: VS_ENT.en, from: 'Lee Gu', name: 'Ana Bowman' }),
    );
    expect(factsOf(confirmation)).toEqual([
      [en['fact.benefit'], VS_ENT.en],
      [en['fact.from'], who.leeGu],
      [en['fact.to'], who.ana],
      [en['fact.leftAfter'], seatsLeft('en', 2, 3)],
    ]);

    const result = await confirm(people.alex, confirmation);
    expect(titleOf(result)).toBe(
      msg('en', 'result.reassigned', { benefit: VS_ENT.en, from: 'Lee Gu', name: 'Ana Bowman' }),
    );
    expect(factsOf(result)).toEqual([[en['fact.left'], seatsLeft('en', 2, 3)]]);
    expect(await holderNames('VS Enterprise')).toEqual(['Ana Bowman']);
    expect(await mine(people.leeGu)).toContain(msg('en', 'mine.none', { name: 'Lee Gu' }));
    expect(await mine(people.ana)).toMatch(
      inOrder(msg('en', 'mine.title', { name: 'Ana Bowman' }), VS_ENT.en, en['state.active']),
    );
    expect(await categoryList('Visual Studio subscriptions')).toMatch(
      inOrder(
        VS_ENT.en,
        `${seatUnit('en', 3)} · ${msg('en', 'summary.usedFree', { used: 1, free: 2 })}`,
      ),
    );
  });

  test('「VS EnterpriseをLee GuからAnaに再割り当て」: the same in Japanese', async () => {
    const confirmation = onlyCard(
      await say(people.alex, 'VS EnterpriseをLee GuからAnaに再割り当て', 'ja'),
    );
    expect(titleOf(confirmation)).toBe(
      msg('ja', 'confirm.reassign', { benefit: VS_ENT.ja, from: 'Lee Gu', name: 'Ana Bowman' }),
    );
    expect(factsOf(confirmation)).toContainEqual([ja['fact.from'], who.leeGu]);
    expect(factsOf(confirmation)).toContainEqual([ja['fact.to'], who.ana]);
    const result = await confirm(people.alex, confirmation, 'ja');
    expect(titleOf(result)).toBe(
      msg('ja', 'result.reassigned', { benefit: VS_ENT.ja, from: 'Lee Gu', name: 'Ana Bowman' }),
    );
    expect(await holderNames('VS Enterprise')).toEqual(['Ana Bowman']);
  });

  test('"remove Lee Gu from VS Enterprise": confirmation with 3 of 3 seats left after it → Confirm → Lee Gu no longer has it', async () => {
    const confirmation = onlyCard(await say(people.alex, 'remove Lee Gu from VS Enterprise'));
    expect(titleOf(confirmation)).toBe(
      msg('en', 'confirm.remove', { benefit: VS_ENT.en, name: 'Lee Gu' }),
    );
    expect(factsOf(confirmation)).toEqual([
      [en['fact.benefit'], VS_ENT.en],
      [en['fact.person'], who.leeGu],
      [en['fact.leftAfter'], seatsLeft('en', 3, 3)],
    ]);
    expect(await holderNames('VS Enterprise')).toEqual(['Lee Gu']);

    const result = await confirm(people.alex, confirmation);
    expect(titleOf(result)).toBe(
      msg('en', 'result.removed', { benefit: VS_ENT.en, name: 'Lee Gu' }),
    );
    expect(await holderNames('VS Enterprise')).toEqual([]);
    expect(await mine(people.leeGu)).toContain(msg('en', 'mine.none', { name: 'Lee Gu' }));
  });

  test('「VS Proからアナを外して」 after Ana was given VS Pro: confirmation → 確定 → removed', async () => {
    await confirm(people.alex, onlyCard(await say(people.alex, 'assign VS Pro to Ana')));
    expect(await holderNames('VS Pro')).toEqual(['Ana Bowman']);

    const confirmation = onlyCard(await say(people.alex, 'VS Proからアナを外して', 'ja'));
    expect(titleOf(confirmation)).toBe(
      msg('ja', 'confirm.remove', { benefit: VS_PRO.ja, name: 'Ana Bowman' }),
    );
    expect(factsOf(confirmation)).toContainEqual([ja['fact.leftAfter'], seatsLeft('ja', 5, 5)]);
    const result = await confirm(people.alex, confirmation, 'ja');
    expect(titleOf(result)).toBe(
      msg('ja', 'result.removed', { benefit: VS_PRO.ja, name: 'Ana Bowman' }),
    );
    expect(await holderNames('VS Pro')).toEqual([]);
  });

  test('removing someone from a benefit nobody holds is refused: "remove Ana from VS Pro"', async () => {
    expect(onlyText(await say(people.alex, 'remove Ana from VS Pro'))).toBe(
      msg('en', 'flow.nobodyHolds', { benefit: VS_PRO.en }),
    );
    await expectSeedState();
  });

  test('"remove Ana from VS Enterprise", which only Lee Gu holds, is refused with "Ana Bowman does not have …"', async () => {
    const said = readable(await say(people.alex, 'remove Ana from VS Enterprise'));
    expect(said).toContain(
      msg('en', 'error.ASSIGNMENT.NOT_HELD', { name: 'Ana Bowman', benefit: VS_ENT.en }),
    );
    expect(said).not.toContain(msg('en', 'flow.ask.person.notFound', { query: 'Ana', org: ORG }));
    await expectSeedState();
  });
});

describe('who has a benefit (R1.6)', () => {
  test('"who has Visual Studio Enterprise?" lists the holders for an admin', async () => {
    const card = onlyCard(await say(people.alex, 'who has Visual Studio Enterprise?'));
    expect(titleOf(card)).toBe(msg('en', 'whoHas.title', { benefit: VS_ENT.en }));
    expect(factsOf(card)).toEqual([
      ['Lee Gu', 'lee.gu@contoso.com'],
      [en['fact.left'], seatsLeft('en', 2, 3)],
    ]);
  });

  test('「誰がVSを持っていますか」 answers for both Visual Studio subscriptions, in Japanese', async () => {
    const replies = await say(people.alex, '誰がVSを持っていますか', 'ja');
    expect(replies).toHaveLength(2);
    const [enterprise, professional] = replies.map((r) => cardOf([r]) ?? {});
    expect(titleOf(enterprise ?? {})).toBe(msg('ja', 'whoHas.title', { benefit: VS_ENT.ja }));
    expect(factsOf(enterprise ?? {})).toEqual([
      ['Lee Gu', 'lee.gu@contoso.com'],
      [ja['fact.left'], seatsLeft('ja', 2, 3)],
    ]);
    expect(titleOf(professional ?? {})).toBe(msg('ja', 'whoHas.title', { benefit: VS_PRO.ja }));
    expect(texts(professional ?? {})).toContain(msg('ja', 'whoHas.nobody', { benefit: VS_PRO.ja }));
  });

  test.each<[Lang, string]>([
    ['en', 'who has Visual Studio Enterprise?'],
    ['ja', '誰がVSを持っていますか'],
  ])('(%s) an employee asking "%s" gets only their own benefits', async (lang, text) => {
    const said = readable(await say(people.ana, text, lang));
    expect(said).toMatch(
      inOrder(msg(lang, 'scope.employeeSeesOwn'), msg(lang, 'mine.title', { name: 'Ana Bowman' })),
    );
    expect(said).not.toMatch(/Lee Gu|lee\.gu@contoso\.com/);
  });
});

describe('support: an alternative email, pending activation (R6.2–R6.3)', () => {
  test('"assign support to Patti": asks the alternative email (labelled input); refuses the Partner Center email and a non-address, with the reason; confirms pending; Patti sees it pending; "support for Patti is active" makes it active', async () => {
    const ask = onlyCard(await say(people.alex, 'assign support to Patti'));
    expect(titleOf(ask)).toBe(msg('en', 'flow.ask.alternativeEmail', { name: 'Patti Fernandez' }));
    expect(textOf(ask)).toContain(
      msg('en', 'flow.ask.alternativeEmail.note', { email: PARTNER_CENTER_EMAIL }),
    );
    expect(inputsOf(ask)).toEqual([
      expect.objectContaining({
        type: 'Input.Text',
        id: 'answer',
        label: en['flow.input.alternativeEmail'],
      }),
    ]);
    const submit = button(ask, en['flow.input.submit']).data;

    const samePc = onlyCard(await press(people.alex, { ...submit, answer: PARTNER_CENTER_EMAIL }));
    expect(titleOf(samePc)).toBe(
      msg('en', 'flow.ask.alternativeEmail', { name: 'Patti Fernandez' }),
    );
    expect(textOf(samePc)).toContain(
      msg('en', 'error.EMAIL.SAME_AS_PARTNER_CENTER', { email: PARTNER_CENTER_EMAIL }),
    );

    const notAnEmail = onlyCard(await say(people.alex, 'not-an-email'));
    expect(titleOf(notAnEmail)).toBe(
      msg('en', 'flow.ask.alternativeEmail', { name: 'Patti Fernandez' }),
    );
    expect(textOf(notAnEmail)).toContain(
      msg('en', 'error.EMAIL.INVALID', { email: 'not-an-email' }),
    );

    expect(onlyText(await say(people.alex, 'help'))).toBe(en['flow.help.alternativeEmail']);

    const confirmation = onlyCard(
      await press(people.alex, { ...submit, answer: 'patti.f@outlook.com' }),
    );
    expect(titleOf(confirmation)).toBe(
      msg('en', 'confirm.assign', { benefit: SUPPORT.en, name: 'Patti Fernandez' }),
    );
    expect(factsOf(confirmation)).toContainEqual([en['fact.person'], who.patti]);
    expect(factsOf(confirmation)).toContainEqual([
      en['fact.alternativeEmail'],
      'patti.f@outlook.com',
    ]);
    expect(texts(confirmation)).toContain(
      msg('en', 'confirm.note.pending', {
        emails: list('en', ['patti@contoso.com', 'patti.f@outlook.com']),
      }),
    );
    expect(await holderNames('support')).toEqual([]);

    const result = await confirm(people.alex, confirmation);
    expect(titleOf(result)).toMatch(
      sentence('en', 'result.assignedPending', { name: 'Patti Fernandez', benefit: SUPPORT.en }),
    );
    expect(await holders('support')).toEqual([
      ['Patti Fernandez', `patti@contoso.com (${en['details.pending']})`],
    ]);
    expect(await mine(people.patti)).toMatch(
      inOrder(
        SUPPORT.en,
        en['state.pendingActivation'],
        msg('en', 'mine.start.supportPending', {
          emails: list('en', ['patti@contoso.com', 'patti.f@outlook.com']),
        }),
      ),
    );

    const activeConfirmation = onlyCard(await say(people.alex, 'support for Patti is active'));
    expect(titleOf(activeConfirmation)).toBe(
      msg('en', 'confirm.confirmActive', { benefit: SUPPORT.en, name: 'Patti Fernandez' }),
    );
    expect(await holders('support')).toEqual([
      ['Patti Fernandez', `patti@contoso.com (${en['details.pending']})`],
    ]);
    const active = await confirm(people.alex, activeConfirmation);
    expect(titleOf(active)).toBe(
      msg('en', 'result.activated', { benefit: SUPPORT.en, name: 'Patti Fernandez' }),
    );
    expect(await holders('support')).toEqual([['Patti Fernandez', 'patti@contoso.com']]);
    expect(await mine(people.patti)).toMatch(
      inOrder(
        SUPPORT.en,
        en['state.active'],
        msg('en', 'mine.start.supportActive', {
          emails: list('en', ['patti@contoso.com', 'patti.f@outlook.com']),
        }),
      ),
    );
  });

  test('「Pattiにサポートを割り当てて」: the alternative email asked and confirmed in Japanese; 「Pattiのサポートが有効になりました」 makes it active', async () => {
    const ask = onlyCard(await say(people.alex, 'Pattiにサポートを割り当てて', 'ja'));
    expect(titleOf(ask)).toBe(msg('ja', 'flow.ask.alternativeEmail', { name: 'Patti Fernandez' }));
    expect(inputsOf(ask)).toEqual([
      expect.objectContaining({ id: 'answer', label: ja['flow.input.alternativeEmail'] }),
    ]);
    const confirmation = onlyCard(await say(people.alex, 'patti.f@outlook.com', 'ja'));
    expect(titleOf(confirmation)).toBe(
      msg('ja', 'confirm.assign', { benefit: SUPPORT.ja, name: 'Patti Fernandez' }),
    );
    expect(texts(confirmation)).toContain(
      msg('ja', 'confirm.note.pending', {
        emails: list('ja', ['patti@contoso.com', 'patti.f@outlook.com']),
      }),
    );
    expect(titleOf(await confirm(people.alex, confirmation, 'ja'))).toMatch(
      sentence('ja', 'result.assignedPending', { name: 'Patti Fernandez', benefit: SUPPORT.ja }),
    );

    const activeConfirmation = onlyCard(
      await say(people.alex, 'Pattiのサポートが有効になりました', 'ja'),
    );
    expect(titleOf(activeConfirmation)).toBe(
      msg('ja', 'confirm.confirmActive', { benefit: SUPPORT.ja, name: 'Patti Fernandez' }),
    );
    expect(titleOf(await confirm(people.alex, activeConfirmation, 'ja'))).toBe(
      msg('ja', 'result.activated', { benefit: SUPPORT.ja, name: 'Patti Fernandez' }),
    );
  });

  test('the support result card says the instructions go to the alternative email as well as the account email (R6.3)', async () => {
    await say(people.alex, 'assign support to Patti');
    const result = await confirm(
      people.alex,
      onlyCard(await say(people.alex, 'patti.f@outlook.com')),
    );
    expect(titleOf(result)).toBe(
      msg('en', 'result.assignedPending', {
        name: 'Patti Fernandez',
        benefit: SUPPORT.en,
        emails: list('en', ['patti@contoso.com', 'patti.f@outlook.com']),
      }),
    );
  });
});

describe('Azure: activated by assigning yourself (R4.1)', () => {
  test('"activate Azure": confirmation to assign yourself → Confirm → result links to the Azure portal; Alex\'s "my benefits" shows it', async () => {
    const confirmation = onlyCard(await say(people.alex, 'activate Azure'));
    expect(titleOf(confirmation)).toBe(
      msg('en', 'confirm.activateSelf', { benefit: AZURE.en, name: 'Alex Wilber' }),
    );
    expect(factsOf(confirmation)).toContainEqual([en['fact.person'], who.alex]);
    expect(await holderNames('Azure')).toEqual([]);

    const result = await confirm(people.alex, confirmation);
    expect(titleOf(result)).toBe(
      msg('en', 'result.assigned', { name: 'Alex Wilber', benefit: AZURE.en }),
    );
    expect(texts(result)).toContain(en['result.useAzure']);
    expect(linksOf(result)).toContain('https://portal.azure.com');
    expect(await mine(people.alex)).toMatch(
      inOrder(
        AZURE.en,
        en['state.active'],
        msg('en', 'mine.start.manageInAzure', { email: 'alex@contoso.com' }),
      ),
    );
  });

  test('「Azureをアクティブ化」: the same in Japanese', async () => {
    const confirmation = onlyCard(await say(people.alex, 'Azureをアクティブ化', 'ja'));
    expect(titleOf(confirmation)).toBe(
      msg('ja', 'confirm.activateSelf', { benefit: AZURE.ja, name: 'Alex Wilber' }),
    );
    const result = await confirm(people.alex, confirmation, 'ja');
    expect(titleOf(result)).toBe(
      msg('ja', 'result.assigned', { name: 'Alex Wilber', benefit: AZURE.ja }),
    );
    expect(linksOf(result)).toContain('https://portal.azure.com');
  });
});

describe('Go-To-Market: the marketing contact and activation (R7)', () => {
  const contact = (
    card: Json,
    values: { userId: string; email: string; phone: string; language: string },
  ) => ({
    ...button(card, msg('en', 'flow.input.submit')).data,
    contactUserId: values.userId,
    contactEmail: values.email,
    contactPhone: values.phone,
    contactLanguage: values.language,
  });
  const formLabels = (lang: Lang) => [
    ['Input.ChoiceSet', 'contactUserId', msg(lang, 'contact.input.person')],
    ['Input.Text', 'contactEmail', msg(lang, 'contact.input.email')],
    ['Input.Text', 'contactPhone', msg(lang, 'contact.input.phone')],
    ['Input.ChoiceSet', 'contactLanguage', msg(lang, 'contact.input.language')],
  ];
  const labelsOf = (card: Json) => inputsOf(card).map((i) => [i.type, i.id, i.label]);
  const valueOf = (card: Json, id: string) => inputsOf(card).find((i) => i.id === id)?.value;

  test.each<[Lang, string, string]>([
    [
      'en',
      'activate Gold Core',
      msg('en', 'error.OFFER.NOT_ELIGIBLE', { offer: GOLD.en, level: 'Gold', current: 'Silver' }),
    ],
    [
      'ja',
      'Gold Coreをアクティブ化',
      msg('ja', 'error.OFFER.NOT_ELIGIBLE', {
        offer: GOLD.ja,
        level: ja['level.Gold'],
        current: ja['level.Silver'],
      }),
    ],
  ])('(%s) "%s" is refused: it needs Gold', async (lang, text, refusal) => {
    expect(onlyText(await say(people.alex, text, lang))).toBe(refusal);
    await expectSeedState();
  });

  test('"activate Silver Core" with no marketing contact: the contact form; an invalid phone shows it again with the reason; then one confirmation for both; pending; "Silver Core is active" with an Expires date → Active until then', async () => {
    const form = onlyCard(await say(people.alex, 'activate Silver Core'));
    expect(titleOf(form)).toBe(en['contact.title']);
    expect(textOf(form)).toContain(msg('en', 'contact.needed', { offer: SILVER.en }));
    expect(labelsOf(form)).toEqual(formLabels('en'));

    const megan = {
      userId: people.megan.userId,
      email: 'megan.marketing@contoso.com',
      language: 'en',
    };
    const again = onlyCard(await press(people.alex, contact(form, { ...megan, phone: '12' })));
    expect(titleOf(again)).toBe(en['contact.title']);
    expect(textOf(again)).toContain(msg('en', 'error.PHONE.INVALID', { phone: '12' }));
    expect(valueOf(again, 'contactEmail')).toBe('megan.marketing@contoso.com'); // what was typed is kept
    expect(await categoryList('Go-To-Market offers')).toContain(en['contact.none']);

    const confirmation = onlyCard(
      await press(people.alex, contact(again, { ...megan, phone: '+1 425 555 0100' })),
    );
    expect(titleOf(confirmation)).toBe(
      msg('en', 'confirm.activateOfferWithContact', { benefit: SILVER.en, name: 'Megan Bowen' }),
    );
    expect(factsOf(confirmation)).toEqual([
      [en['fact.offer'], SILVER.en],
      [en['contact.input.person'], 'Megan Bowen'],
      [en['fact.email'], 'megan.marketing@contoso.com'],
      [en['fact.phone'], '+1 425 555 0100'],
      [en['fact.language'], 'English'],
    ]);
    expect(buttonsOf(confirmation).map((b) => b.title)).toEqual([
      en['confirm.button'],
      en['confirm.cancelButton'],
    ]);
    expect(await categoryList('Go-To-Market offers')).toContain(en['contact.none']); // nothing before Confirm

    const requested = await confirm(people.alex, confirmation);
    expect(titleOf(requested)).toBe(
      msg('en', 'result.activationRequested', { benefit: SILVER.en, name: 'Megan Bowen' }),
    );
    expect(await categoryList('Go-To-Market offers')).toMatch(
      inOrder(
        msg('en', 'contact.current', {
          name: 'Megan Bowen',
          email: 'megan.marketing@contoso.com',
          phone: '+1 425 555 0100',
          language: 'English',
        }),
        SILVER.en,
        en['state.offerPending'],
      ),
    );

    const activeConfirmation = onlyCard(await say(people.alex, 'Silver Core is active'));
    expect(titleOf(activeConfirmation)).toBe(
      msg('en', 'confirm.offerActive', { benefit: SILVER.en }),
    );
    // Expires defaults to a year after the bot's today (2026-11-24).
    expect(inputsOf(activeConfirmation)).toEqual([
      { type: 'Input.Date', id: 'expiresOn', label: en['confirm.expires'], value: '2027-11-24' },
    ]);

    const active = await confirm(people.alex, activeConfirmation, 'en', {
      expiresOn: '2027-12-31',
    });
    expect(titleOf(active)).toBe(
      msg('en', 'result.offerActive', { benefit: SILVER.en, date: day('en', '2027-12-31') }),
    );
    expect(await categoryList('Go-To-Market offers')).toMatch(
      inOrder(
        SILVER.en,
        msg('en', 'list.expires', { date: day('en', '2027-12-31') }),
        en['state.offerActive'],
        GOLD.en,
      ),
    );
  });

  test('「Silver Coreをアクティブ化」: the contact form and the activation in Japanese', async () => {
    const form = onlyCard(await say(people.alex, 'Silver Coreをアクティブ化', 'ja'));
    expect(titleOf(form)).toBe(ja['contact.title']);
    expect(textOf(form)).toContain(msg('ja', 'contact.needed', { offer: SILVER.ja }));
    expect(labelsOf(form)).toEqual(formLabels('ja'));
    expect(valueOf(form, 'contactLanguage')).toBe('ja');

    const submit = {
      ...button(form, ja['flow.input.submit']).data,
      contactUserId: people.megan.userId,
      contactEmail: 'megan.marketing@contoso.com',
      contactPhone: '03-1234-5678',
      contactLanguage: 'ja',
    };
    const confirmation = onlyCard(await press(people.alex, submit, 'ja'));
    expect(titleOf(confirmation)).toBe(
      msg('ja', 'confirm.activateOfferWithContact', { benefit: SILVER.ja, name: 'Megan Bowen' }),
    );
    expect(factsOf(confirmation)).toContainEqual([ja['fact.phone'], '+81 3 1234 5678']); // read in Japan without "+81", shown as people write it
    const requested = await confirm(people.alex, confirmation, 'ja');
    expect(titleOf(requested)).toBe(
      msg('ja', 'result.activationRequested', { benefit: SILVER.ja, name: 'Megan Bowen' }),
    );
    expect(await categoryList('市場投入', 'ja')).toMatch(
      inOrder(SILVER.ja, ja['state.offerPending']),
    );
  });

  test('"set the marketing contact to Megan": the form with Megan preselected', async () => {
    const form = onlyCard(await say(people.alex, 'set the marketing contact to Megan'));
    expect(titleOf(form)).toBe(en['contact.title']);
    expect(labelsOf(form)).toEqual(formLabels('en'));
    expect(valueOf(form, 'contactUserId')).toBe(people.megan.userId);
    expect(valueOf(form, 'contactEmail')).toBe('megan@contoso.com');
    expect(textOf(form)).not.toContain(msg('en', 'contact.needed', { offer: SILVER.en }));
  });
});

describe('roles, checked by the services (R1.3–R1.5)', () => {
  test('Megan (MPN partner admin) "assign VS Pro to Ana" is refused, naming Alex Wilber as Global admin', async () => {
    expect(onlyText(await say(people.megan, 'assign VS Pro to Ana'))).toBe(
      msg('en', 'error.ROLE.GLOBAL_ADMIN_REQUIRED', { admins: 'Alex Wilber' }),
    );
    await expectSeedState();
  });

  test('Megan (MPN partner admin) may set the marketing contact', async () => {
    const form = onlyCard(await say(people.megan, 'set the marketing contact to Megan'));
    const submit = {
      ...button(form, en['flow.input.submit']).data,
      contactUserId: people.megan.userId,
      contactEmail: 'megan@contoso.com',
      contactPhone: '+81 3-1234-5678',
      contactLanguage: 'ja',
    };
    const confirmation = onlyCard(await press(people.megan, submit));
    expect(titleOf(confirmation)).toBe(
      msg('en', 'confirm.setMarketingContact', { name: 'Megan Bowen' }),
    );
    const result = await confirm(people.megan, confirmation);
    expect(titleOf(result)).toBe(msg('en', 'result.contactSet', { name: 'Megan Bowen' }));
    expect(await categoryList('Go-To-Market offers')).toContain(
      msg('en', 'contact.current', {
        name: 'Megan Bowen',
        email: 'megan@contoso.com',
        phone: '+81 3 1234 5678',
        language: 'Japanese',
      }),
    );
  });

  test.each([['activate Silver Core'], ['set the marketing contact to Megan']])(
    'Adele (User admin) "%s" is refused, naming who may',
    async (text) => {
      expect(onlyText(await say(people.adele, text))).toBe(
        msg('en', 'error.ROLE.MARKETING_ROLE_REQUIRED', {
          admins: list('en', ['Alex Wilber', 'Megan Bowen']),
        }),
      );
      await expectSeedState();
    },
  );

  test.each<[Lang, string]>([
    ['en', 'assign VS to Ana'],
    ['ja', 'アナにVSを割り当てて'],
  ])('(%s) Ana (employee) "%s" is refused, and nothing changes', async (lang, text) => {
    expect(onlyText(await say(people.ana, text, lang))).toBe(
      msg(lang, 'error.ROLE.GLOBAL_ADMIN_REQUIRED', { admins: 'Alex Wilber' }),
    );
    await expectSeedState();
  });

  test.each<[string, Person, Json, string]>([
    [
      'Ana (employee) as the actor',
      people.ana,
      { op: 'assign', benefitId: 'visual-studio-professional', userId: people.ana.userId },
      msg('en', 'error.ROLE.GLOBAL_ADMIN_REQUIRED', { admins: 'Alex Wilber' }),
    ],
    [
      'Megan (MPN partner admin) assigning',
      people.megan,
      { op: 'assign', benefitId: 'visual-studio-professional', userId: people.ana.userId },
      msg('en', 'error.ROLE.GLOBAL_ADMIN_REQUIRED', { admins: 'Alex Wilber' }),
    ],
    [
      'Adele (User admin) activating an offer',
      people.adele,
      { op: 'activateOffer', benefitId: 'silver-core' },
      msg('en', 'error.ROLE.MARKETING_ROLE_REQUIRED', {
        admins: list('en', ['Alex Wilber', 'Megan Bowen']),
      }),
    ],
    [
      "Ana reassigning Lee Gu's seat to herself",
      people.ana,
      {
        op: 'reassign',
        benefitId: 'visual-studio-enterprise',
        fromUserId: people.leeGu.userId,
        userId: people.ana.userId,
      },
      msg('en', 'error.ROLE.GLOBAL_ADMIN_REQUIRED', { admins: 'Alex Wilber' }),
    ],
    [
      "Fabrikam's Ana Ruiz as the user",
      people.alex,
      { op: 'assign', benefitId: 'visual-studio-professional', userId: ANA_RUIZ_ID },
      en['error.USER.NOT_FOUND'],
    ],
    [
      'a benefit id Contoso does not have',
      people.alex,
      { op: 'assign', benefitId: 'fabrikam-visual-studio-professional', userId: people.ana.userId },
      en['error.BENEFIT.NOT_FOUND'],
    ],
    [
      'a bogus user id',
      people.alex,
      { op: 'assign', benefitId: 'visual-studio-professional', userId: 'not-a-user' },
      en['error.USER.NOT_FOUND'],
    ],
    [
      'Kenji of Fabrikam (PMC) with a Contoso payload',
      people.kenji,
      { op: 'assign', benefitId: 'visual-studio-professional', userId: people.ana.userId },
      msg('en', 'access.pmc', {
        org: 'Fabrikam Consulting',
        url: 'https://partner.microsoft.com/_login?authType=OpenIdConnect',
      }),
    ],
  ])(
    'a forged Confirm payload (%s) is refused by the service and changes nothing',
    async (_what, as, data, refusal) => {
      const card = await bot.execute({ as }, 'change.confirm', {
        ...data,
        requestId: `forged-${as.userId}`,
      });
      expect(titleOf(card)).toBe(en['result.notDone']);
      expect(texts(card)).toContain(refusal);
      await expectSeedState();
    },
  );

  test('a Confirm payload that fails its schema is answered as an out-of-date button', async () => {
    const card = await bot.execute({ as: people.alex }, 'change.confirm', {
      op: 'dropTables',
      requestId: 'x',
    });
    expect(titleOf(card)).toBe(en['error.unknownAction']);
    await expectSeedState();
  });
});

describe('state and places', () => {
  test('a flow survives a restart of the bot: "assign VS to Ana" → restart → Professional → the confirmation still comes, and Confirm works', async () => {
    const question = onlyCard(await say(people.alex, 'assign VS to Ana'));
    await bot.restart();
    const confirmation = onlyCard(
      await press(people.alex, button(question, withFreeSeats('en', VS_PRO.en, 5)).data),
    );
    expect(titleOf(confirmation)).toBe(
      msg('en', 'confirm.assign', { benefit: VS_PRO.en, name: 'Ana Bowman' }),
    );
    await bot.restart();
    expect(titleOf(await confirm(people.alex, confirmation))).toBe(
      msg('en', 'result.assigned', { name: 'Ana Bowman', benefit: VS_PRO.en }),
    );
    expect(await holderNames('VS Pro')).toEqual(['Ana Bowman']);
  });

  test('in a channel, "@Partner Benefits assign VS Pro to Ana Bowman" works', async () => {
    const channel: Turn = {
      as: people.alex,
      conversation: { id: '19:general@thread.tacv2', conversationType: 'channel' },
      mention: true,
    };
    const confirmation = onlyCard(
      await bot.say({ ...channel, text: 'assign VS Pro to Ana Bowman' }),
    );
    expect(titleOf(confirmation)).toBe(
      msg('en', 'confirm.assign', { benefit: VS_PRO.en, name: 'Ana Bowman' }),
    );
    // Everyone in the channel reads the card: people by name, never their email.
    expect(JSON.stringify(confirmation)).not.toContain('ana@contoso.com');
    const result = await confirm(
      people.alex,
      confirmation,
      'en',
      {},
      { conversation: channel.conversation },
    );
    expect(titleOf(result)).toBe(
      msg('en', 'result.assigned', { name: 'Ana Bowman', benefit: VS_PRO.en }),
    );
    expect(JSON.stringify(result)).not.toContain('ana@contoso.com');
    expect(readable(asReplies(result))).toContain('https://my.visualstudio.com');
    expect(await holderNames('VS Pro')).toEqual(['Ana Bowman']);
  });
});
