import type { Activity } from 'botbuilder';
import { parseCardAction, parseExecuteAction } from '../../bot/verbs';
import { askCard } from '../../cards/ask.card';
import { translator } from '../../cards/i18n/translator';
import { notificationCard } from '../../cards/notification.card';
import { addDays } from '../../services/clock';
import type {
  Assignment,
  AuditEntry,
  Benefit,
  OrganisationData,
  ServiceRequest,
  User,
} from '../../services/model';
import type { OutboxItem } from '../../services/notifications/model';
import { demoOrganisations } from '../../services/seed/demo-organisations';
import { sealOrganisationKeys } from '../../services/secrets/seal';
import { botHarness, cardOf, type Turn } from '../support/bot-harness';
import { isJson, nodes, type Json } from '../support/card-json';
import { people } from '../support/people';
import { NOW, TEST_CIPHER } from '../support/temp-store';

/**
 * Teams refuses a message over about 28 KB. Every card the bot sends must stay under it with the
 * largest realistic organisation: 500 people with long names and addresses, each holding both
 * Visual Studio subscriptions, 500 licence keys, 40 software products with long names, 300 requests,
 * 200 failed notifications, 2,000 audit entries. Where a list cannot fit, the card must say that
 * there is more (a count, or a way to the rest) rather than silently cut it or overflow.
 */

const LIMIT = 28 * 1024;
const PEOPLE = 500;
const pad = (n: number, width: number) => String(n).padStart(width, '0');

/** Names at the 100-character limit of "add user", the way real double-barrelled names run long. */
const longName = (i: number) =>
  `Lee ${pad(i, 3)} Featherstonehaugh-Cholmondeley Montgomery-Wolstenholme de la Fontaine-Marjoribanks`.slice(
    0,
    100,
  );
const longEmail = (i: number) =>
  `lee.${pad(i, 3)}.featherstonehaugh-cholmondeley@contoso-partners-international.example`;
const personId = (i: number) => `00000000-0000-0000-0001-${pad(i, 12)}`;

function largestOrganisation(): OrganisationData[] {
  const [contoso, fabrikam] = demoOrganisations(NOW);
  if (!contoso || !fabrikam) throw new Error('the demo organisations changed');
  const at = (days: number) => addDays(NOW, -days).toISOString();
  const users: User[] = Array.from({ length: PEOPLE }, (_, i) => ({
    id: personId(i),
    displayName: longName(i),
    email: longEmail(i),
    roles: [],
    aliases: [],
  }));
  contoso.users.push(...users);
  for (const benefit of contoso.benefits) {
    if (benefit.kind === 'seats') benefit.quantity = PEOPLE + 100;
    if (benefit.id === 'windows-11-enterprise' && benefit.kind === 'softwareKeys') {
      benefit.quantity = PEOPLE;
      benefit.keys = Array.from(
        { length: PEOPLE },
        (_, k) => `W${pad(k, 4)}-BCDFG-HJKMP-QRTVW-XY234`,
      );
    }
  }
  const template = contoso.benefits.find((b) => b.id === 'office-ltsc-2024');
  if (!template) throw new Error('the demo organisations changed');
  for (let i = 0; i < 40; i++) {
    contoso.benefits.push({
      ...structuredClone(template),
      id: `software-product-${i}`,
      name: {
        en: `Contoso Industry Solution Accelerator Enterprise Edition ${i} (long-term servicing)`,
        ja: `Contoso 業界ソリューション アクセラレータ Enterprise Edition ${i} (長期サービス)`,
      },
      aliases: [],
    } as Benefit);
  }
  const holders: Assignment[] = users.flatMap((u, i) =>
    ['visual-studio-enterprise', 'visual-studio-professional'].map((benefitId) => ({
      id: `${benefitId}-${i}`,
      benefitId,
      userId: u.id,
      state: 'active' as const,
      assignedAt: at(5),
      assignedBy: people.alex.userId,
      alternativeEmail: null,
      activatedAt: at(5),
    })),
  );
  contoso.assignments.push(...holders);
  const requests: ServiceRequest[] = Array.from({ length: 300 }, (_, i) => ({
    id: `request-${i}`,
    reference: `ADV-20261101-${pad(i + 1, 4)}`,
    kind: 'hours',
    benefitId: 'partner-advisory-hours',
    phase: 'design',
    solution: 'hybrid',
    description: 'A long description of what is needed. '.repeat(20),
    hours: 1,
    contact: { userId: people.alex.userId, email: 'alex@contoso.com', phone: '+14255550100' },
    status: 'submitted',
    createdAt: at(10),
    createdBy: people.alex.userId,
  }));
  contoso.requests.push(...requests);
  const benefit = contoso.benefits[0]?.name ?? { en: 'x', ja: 'x' };
  const failed: OutboxItem[] = Array.from({ length: 200 }, (_, i) => ({
    id: `failed-${i}`,
    createdAt: at(3),
    target: { type: 'person', userId: personId(i) },
    event: {
      type: 'assigned',
      benefitId: 'visual-studio-enterprise',
      benefit,
      userId: personId(i),
      userName: longName(i),
      by: 'Alex Wilber',
      state: 'active',
    },
    conversationId: null,
    status: 'failed',
    attempts: 8,
    nextAttemptAt: at(3),
    lastError:
      '429 Too Many Requests: the conversation is over its limit, retried eight times with exponential backoff',
    sentAt: null,
    mentionUserId: null,
  }));
  contoso.outbox.push(...failed);
  const audit: AuditEntry[] = Array.from({ length: 2_000 }, (_, i) => ({
    id: `audit-${i}`,
    at: at(2),
    actorId: people.alex.userId,
    action: 'benefit.assigned',
    benefitId: 'visual-studio-enterprise',
    subjectUserId: personId(i % PEOPLE),
    before: null,
    after: { state: 'active' },
  }));
  contoso.audit.push(...audit);
  return [contoso, fabrikam].map((org) => sealOrganisationKeys(org, TEST_CIPHER));
}

// ---- the cards ----

let bot: Awaited<ReturnType<typeof botHarness>>;
beforeAll(async () => {
  bot = await botHarness({ seed: largestOrganisation });
});
afterAll(() => bot?.dispose());

const sizeOf = (card: unknown) => Buffer.byteLength(JSON.stringify(card), 'utf8');

/** The activity as the connector receives it: the card and everything around it. */
const activitySize = (replies: Partial<Activity>[]) =>
  Math.max(0, ...replies.map((r) => Buffer.byteLength(JSON.stringify(r), 'utf8')));

const say = (text: string, turn: Partial<Turn> = {}) => bot.say({ as: people.alex, text, ...turn });

/** The card a turn ends on: a message's card, or the card an Action.Execute is answered with. */
type Produce = () => Promise<{ card: Json; wire: number }>;
const fromSay =
  (text: string, turn: Partial<Turn> = {}): Produce =>
  async () => {
    const replies = await say(text, turn);
    const card = cardOf(replies);
    if (!card)
      throw new Error(`"${text}" answered no card: ${JSON.stringify(replies.map((r) => r.text))}`);
    return { card, wire: activitySize(replies) };
  };

/** Presses the button with this verb on the card a message is answered with. */
const fromExecute =
  (text: string, verb: string, inputs: Json = {}): Produce =>
  async () => {
    const first = cardOf(await say(text));
    const button = nodes(first).find((n) => n.verb === verb);
    if (!button) throw new Error(`no ${verb} on the card for "${text}"`);
    const card = await bot.execute({ as: people.alex }, verb, {
      ...(button.data as Json),
      ...inputs,
    });
    return { card, wire: sizeOf(card) + 200 };
  };

const en = translator('en');
const direct =
  (card: { content: Record<string, unknown> }): Produce =>
  async () => ({ card: card.content, wire: sizeOf(card) + 200 });

/** Every card type, each with the most the largest organisation puts on it, and how many items it lists (for paging). */
const CARDS: [string, Produce, { items: number; shows: (card: Json) => number } | null][] = [
  ['overview (show benefits)', fromSay('show benefits'), null],
  ['category list: Software, 43 products with long names', fromSay('show software'), null],
  [
    'category list: Visual Studio, 1,001 holders',
    fromSay('Visual Studio subscriptions'),
    { items: 2 * PEOPLE + 1, shows: (card) => countNames(card) },
  ],
  ['category list: Cloud services', fromSay('cloud services'), null],
  ['category list: Technical benefits', fromSay('technical benefits'), null],
  ['category list: Go-To-Market', fromSay('Go-To-Market offers'), null],
  [
    'who has VS Enterprise: 501 holders',
    fromSay('who has VS Enterprise'),
    { items: PEOPLE + 1, shows: (card) => countNames(card) },
  ],
  ['my benefits', fromSay('my benefits'), null],
  ['help', fromSay('help'), null],
  [
    'notice (personal things, asked in a channel)',
    fromSay('my benefits', {
      conversation: { id: '19:general@thread.tacv2', conversationType: 'channel' },
      mention: true,
    }),
    null,
  ],
  [
    'question: which of 500 people called Lee',
    fromSay('assign VS Pro to Lee'),
    { items: PEOPLE + 2, shows: (card) => countNames(card) },
  ],
  [
    'question: which of the 500 holders called Lee to remove',
    fromSay('remove Lee from VS Enterprise', {
      conversation: { id: 'c-remove', conversationType: 'personal' },
    }),
    { items: PEOPLE + 1, shows: (card) => countNames(card) },
  ],
  [
    'contact form: 514 people to choose from',
    fromSay('set the marketing contact', {
      conversation: { id: 'c-contact', conversationType: 'personal' },
    }),
    { items: PEOPLE + 14, shows: (card) => countNames(card) + countChoices(card, 'Alex Wilber') },
  ],
  [
    'confirmation card',
    fromSay('reassign VS Enterprise from Lee 007 to Ana Bowman', {
      conversation: { id: 'c-confirm', conversationType: 'personal' },
    }),
    null,
  ],
  [
    'keys reveal card',
    fromSay('get keys for Windows 11', {
      conversation: { id: 'c-keys', conversationType: 'personal' },
    }),
    null,
  ],
  [
    'keys card: 500 keys',
    fromExecute('get keys for Windows 11', 'keys.reveal', {
      language: 'en',
      os: 'x64',
      acceptRefundLoss: 'true',
    }),
    { items: PEOPLE, shows: (card) => JSON.stringify(card).match(/W\d{4}-BCDFG/g)?.length ?? 0 },
  ],
  ['request form', fromSay('request advisory hours'), null],
  [
    'my requests: 300',
    fromSay('my requests'),
    { items: 300, shows: (card) => JSON.stringify(card).match(/ADV-20261101-/g)?.length ?? 0 },
  ],
  ['cancellation card', fromSay('cancel our membership'), null],
  ['audit log', fromSay('show audit log'), null],
  [
    'failed notifications: 200',
    fromSay('show failed notifications'),
    { items: 200, shows: (card) => countNames(card) },
  ],
  // Japanese takes three bytes a character: the same lists, read in Japanese.
  [
    '(ja) category list: Software, 43 products',
    fromSay('ソフトウェアを表示', { locale: 'ja-JP' }),
    null,
  ],
  [
    '(ja) category list: Visual Studio, 1,001 holders',
    fromSay('Visual Studio サブスクリプション', { locale: 'ja-JP' }),
    { items: 2 * PEOPLE + 1, shows: (card) => countNames(card) },
  ],
  [
    '(ja) who has VS Enterprise: 501 holders',
    fromSay('誰がVS Enterpriseを持っていますか', { locale: 'ja-JP' }),
    { items: PEOPLE + 1, shows: (card) => countNames(card) },
  ],
  [
    '(ja) question: which of 500 people called Lee',
    fromSay('LeeにVS Proを割り当てて', {
      locale: 'ja-JP',
      conversation: { id: 'c-ja-assign', conversationType: 'personal' },
    }),
    { items: PEOPLE + 2, shows: (card) => countNames(card) },
  ],
  [
    "an employee's request (ask card)",
    direct(
      askCard(
        {
          id: 'ask-1',
          benefitId: 'visual-studio-enterprise',
          benefit: {
            en: 'Visual Studio Enterprise subscription',
            ja: 'Visual Studio Enterprise サブスクリプション',
          },
          userName: longName(1),
          status: 'open',
          decidedByName: null,
          free: 99,
        },
        en,
        { canDecide: true, approverIds: Array.from({ length: 50 }, (_, i) => `29:${personId(i)}`) },
      ),
    ),
    null,
  ],
  [
    'a notification card',
    direct(
      notificationCard(
        {
          type: 'reassigned',
          benefitId: 'visual-studio-enterprise',
          benefit: { en: 'Visual Studio Enterprise subscription', ja: 'x' },
          fromName: longName(1),
          userId: personId(2),
          userName: longName(2),
          by: longName(3),
        },
        'channel',
        en,
        { id: `29:${personId(2)}`, name: longName(2) },
      ),
    ),
    null,
  ],
];

/** People named on a card (each long name starts with "Lee nnn "). */
function countNames(card: Json): number {
  return new Set(JSON.stringify(card).match(/Lee \d{3} /g) ?? []).size;
}

function countChoices(card: Json, name: string): number {
  return JSON.stringify(card).includes(name) ? 14 : 0;
}

/** What a person reads on a card: its text, facts, choices, labels and button titles; not ids or button payloads. */
function readableText(card: Json): string {
  const texts: string[] = [];
  for (const n of nodes(card)) {
    if (n.type === 'TextBlock' && typeof n.text === 'string') texts.push(n.text);
    if (n.type === 'FactSet' && Array.isArray(n.facts))
      for (const f of n.facts.filter(isJson)) texts.push(String(f.title), String(f.value));
    if (n.type === 'Input.ChoiceSet' && Array.isArray(n.choices))
      for (const c of n.choices.filter(isJson)) texts.push(String(c.title));
    if (typeof n.type === 'string' && (n.type.startsWith('Action.') || n.type.startsWith('Input.')))
      texts.push(
        ...[n.title, n.label, n.placeholder].filter((v): v is string => typeof v === 'string'),
      );
  }
  return texts.join('\n');
}

/** A button the bot itself accepts as another page of a list (the holders, a category's rows, the keys). */
function isPageButton(n: Json): boolean {
  if (n.type === 'Action.Submit') {
    const action = parseCardAction(n.data);
    return (
      action?.kind === 'intent' &&
      (action.intent.name === 'holders' ||
        (action.intent.name === 'showCategory' && action.intent.page !== undefined))
    );
  }
  if (n.type === 'Action.Execute') {
    const action = parseExecuteAction(typeof n.verb === 'string' ? n.verb : undefined, n.data);
    return action?.kind === 'reveal' && action.data.page !== undefined;
  }
  return false;
}

/**
 * What a card says around its list: its text, labels and button titles, leaving out the listed items
 * themselves (facts, choices, choice buttons), whose own numbers ("ADV-…-0300", "Lee 180") say nothing
 * about how many there are.
 */
function textAroundTheList(node: unknown): string[] {
  if (Array.isArray(node)) return node.flatMap(textAroundTheList);
  if (
    !isJson(node) ||
    node.type === 'FactSet' ||
    (node.type === 'Container' && isJson(node.selectAction))
  )
    return [];
  const own = node.type === 'TextBlock' && typeof node.text === 'string' ? [node.text] : [];
  const labels =
    typeof node.type === 'string' && /^(Action|Input)\./.test(node.type)
      ? [node.title, node.label, node.placeholder].filter((v): v is string => typeof v === 'string')
      : [];
  return [
    ...own,
    ...labels,
    ...Object.entries(node)
      .filter(([key]) => key !== 'choices')
      .flatMap(([, value]) => textAroundTheList(value)),
  ];
}

/**
 * A card that lists fewer items than there are must say so where a person reads it: the total or
 * the rest as a number of its own in the text around the list, or a button the bot accepts as the next page.
 */
function saysThereIsMore(card: Json, total: number, shown: number): boolean {
  const numbers = new Set(
    (
      textAroundTheList(card)
        .join('\n')
        .match(/(?<![\w-])\d[\d,]*(?![\w-])/g) ?? []
    ).map((n) => Number(n.replace(/,/g, ''))),
  );
  return numbers.has(total) || numbers.has(total - shown) || nodes(card).some(isPageButton);
}

const measured = new Map<string, { bytes: number; wire: number; shown?: number }>();
afterAll(() => {
  const lines = [...measured].map(
    ([name, m]) =>
      `  ${name}: ${m.bytes} bytes${m.shown !== undefined ? `, ${m.shown} listed` : ''}`,
  );
  process.stdout.write(
    `card sizes with the largest organisation (limit ${LIMIT}):\n${lines.join('\n')}\n`,
  );
});

async function checkCard(
  name: string,
  produce: Produce,
  list: { items: number; shows: (card: Json) => number } | null,
): Promise<void> {
  const { card, wire } = await produce();
  expect(isJson(card) && card.type).toBe('AdaptiveCard');
  const bytes = sizeOf(card);
  const shown = list ? list.shows(card) : undefined;
  measured.set(name, { bytes, wire, ...(shown !== undefined ? { shown } : {}) });
  expect({ name, bytes, underLimit: bytes < LIMIT, messageUnderLimit: wire < LIMIT }).toEqual({
    name,
    bytes,
    underLimit: true,
    messageUnderLimit: true,
  });
  if (list && shown !== undefined && shown < list.items)
    expect({
      name,
      shown,
      of: list.items,
      saysThereIsMore: saysThereIsMore(card, list.items, shown),
    }).toEqual({ name, shown, of: list.items, saysThereIsMore: true });
}

describe('every card the bot sends, with the largest realistic organisation', () => {
  test.each(CARDS)(
    '%s stays under 28 KB, and says so when it lists only part',
    (name, produce, list) => checkCard(name, produce, list),
  );
});

// ---- the pages behind the buttons ----

const pressed = async (data: unknown, turn: Partial<Turn> = {}) => {
  const card = cardOf(
    await bot.say({ as: people.alex, value: data as Record<string, unknown>, ...turn }),
  );
  if (!card) throw new Error(`the button ${JSON.stringify(data)} answered no card`);
  return card;
};
const nextButton = (card: Json) =>
  nodes(card).find((n) => isPageButton(n) && String(n.title).startsWith(en.t('page.next')));
const previousButton = (card: Json) =>
  nodes(card).find((n) => isPageButton(n) && n.title === en.t('page.previous'));

/** Presses "Next" from the first card until there is none: every page, in order. */
async function walk(first: Json, press: (button: Json) => Promise<Json>): Promise<Json[]> {
  const pages = [first];
  for (let button = nextButton(first); button; button = nextButton(pages[pages.length - 1] ?? {})) {
    pages.push(await press(button));
    if (pages.length > 50) throw new Error('more than 50 pages: "Next" does not reach the end');
  }
  return pages;
}

// A page shown is on the record as a repeated showing; the reveal itself is recorded once.
const keysRevealed = () =>
  bot
    .store()
    .unitOfWork(
      people.alex.tenantId,
      (data) =>
        data.audit.filter((a) => a.action === 'keys.revealed' && a.after?.repeated !== true).length,
    );

describe("the pages a card's buttons lead to stay under 28 KB too, and together show everything once", () => {
  test('"show software": Next walks the 43 products a page at a time, each product on one page; Previous goes back', async () => {
    const pages = await walk(cardOf(await say('show software')) ?? {}, (button) =>
      pressed(button.data),
    );
    expect(pages.length).toBeGreaterThan(1);
    for (const [i, page] of pages.entries())
      expect({ page: i, underLimit: sizeOf(page) < LIMIT }).toEqual({ page: i, underLimit: true });
    const rowsOf = (page: Json) =>
      nodes(page)
        .map((n) => n.id)
        .filter((id): id is string => typeof id === 'string' && id.startsWith('details-'));
    const rows = pages.flatMap(rowsOf);
    expect(rows).toHaveLength(43);
    expect(new Set(rows).size).toBe(43);
    const last = pages[pages.length - 1] ?? {};
    expect(readableText(last)).toContain(
      en.t('list.range', {
        first: 44 - rowsOf(last).length,
        last: 43,
        total: 43,
        page: pages.length,
        pages: pages.length,
      }),
    );
    const back = previousButton(last);
    expect(back).toBeDefined();
    expect(await pressed(back?.data)).toEqual(pages[pages.length - 2]);
  });

  test('"who has VS Enterprise": Next walks all 501 holders, each named once', async () => {
    const pages = await walk(cardOf(await say('who has VS Enterprise')) ?? {}, (button) =>
      pressed(button.data),
    );
    expect(pages.length).toBeGreaterThan(1);
    for (const [i, page] of pages.entries())
      expect({ page: i, underLimit: sizeOf(page) < LIMIT }).toEqual({ page: i, underLimit: true });
    const holders = pages.flatMap((page) =>
      nodes(page)
        .filter((n) => n.type === 'FactSet')
        .flatMap((n) => (n.facts as Json[]).map((f) => String(f.title)))
        .filter((title) => title !== en.t('fact.left')),
    );
    expect(holders).toHaveLength(PEOPLE + 1);
    expect(new Set(holders).size).toBe(PEOPLE + 1);
  });

  test('a Visual Studio row with 500 holders names the first ones, says how many more, and its button opens all of them', async () => {
    const card = cardOf(await say('Visual Studio subscriptions')) ?? {};
    expect(readableText(card)).toContain(en.t('list.moreHolders', { n: PEOPLE + 1 - 10 }));
    const all = nodes(card).find((n) => n.title === en.t('list.allHolders', { total: PEOPLE + 1 }));
    const holders = await pressed(all?.data);
    expect(sizeOf(holders)).toBeLessThan(LIMIT);
    expect(readableText(holders)).toContain(
      en.t('whoHas.title', { benefit: 'Visual Studio Enterprise subscription' }),
    );
    expect(nextButton(holders)).toBeDefined();
  });

  test('500 keys come a page at a time: Next shows the rest, every key once, and the pages record no second reveal', async () => {
    const first =
      cardOf(
        await say('get keys for Windows 11', {
          conversation: { id: 'c-keys-pages', conversationType: 'personal' },
        }),
      ) ?? {};
    const reveal = nodes(first).find((n) => n.verb === 'keys.reveal');
    const turn = {
      as: people.alex,
      conversation: { id: 'c-keys-pages', conversationType: 'personal' as const },
    };
    const keysPage = await bot.execute(turn, 'keys.reveal', {
      ...(reveal?.data as Json),
      language: 'en',
      os: 'x64',
      acceptRefundLoss: 'true',
    });
    const revealed = await keysRevealed();
    const pages = await walk(keysPage, (button) =>
      bot.execute(turn, String(button.verb), button.data as Json),
    );
    expect(pages.length).toBeGreaterThan(1);
    for (const [i, page] of pages.entries())
      expect({ page: i, underLimit: sizeOf(page) < LIMIT }).toEqual({ page: i, underLimit: true });
    const keys = pages.flatMap(
      (page) => JSON.stringify(page).match(/W\d{4}-BCDFG-HJKMP-QRTVW-XY234/g) ?? [],
    );
    expect(keys).toHaveLength(PEOPLE);
    expect(new Set(keys).size).toBe(PEOPLE);
    expect(await keysRevealed()).toBe(revealed);
  });
});

describe('a choice list cut short lists a few, says how many match, and finds the rest by typing', () => {
  const choicesOf = (card: Json) =>
    nodes(card).filter(
      (n) => isJson(n.selectAction) && (n.selectAction as Json).type === 'Action.Submit',
    ).length;
  const lee = (i: number) => ({ name: longName(i), email: longEmail(i) });

  test('"assign VS Pro to Lee": 10 of the 502 Lees, and the email typed in the box finds the one', async () => {
    const turn = { conversation: { id: 'c-type-assign', conversationType: 'personal' as const } };
    const card = cardOf(await say('assign VS Pro to Lee', turn)) ?? {};
    expect(choicesOf(card)).toBe(10);
    expect(readableText(card)).toContain(
      en.t('flow.ask.more.matches', { total: PEOPLE + 2, shown: 10, query: 'Lee' }),
    );
    const submit = nodes(card).find(
      (n) => n.type === 'Action.Submit' && (n.data as Json).verb === 'flow.answer',
    );
    expect(nodes(card).some((n) => n.type === 'Input.Text' && n.id === 'answer')).toBe(true);
    // Every Lee here holds VS Pro already: the answer is that this one does, so the typed email found exactly them.
    const replies = await bot.say({
      as: people.alex,
      value: { ...(submit?.data as Json), answer: lee(321).email },
      ...turn,
    });
    expect(replies.map((r) => r.text)).toEqual([
      en.t('error.ASSIGNMENT.ALREADY_HOLDS', {
        name: lee(321).name,
        benefit: 'Visual Studio Professional subscription',
      }),
    ]);
  });

  test('"remove Lee from VS Enterprise": 10 of the 501 holders, with a box to type a name (the full list has none)', async () => {
    const turn = { conversation: { id: 'c-type-remove', conversationType: 'personal' as const } };
    const card = cardOf(await say('remove Lee from VS Enterprise', turn)) ?? {};
    expect(choicesOf(card)).toBe(10);
    expect(readableText(card)).toContain(
      en.t('flow.ask.more.matches', { total: PEOPLE + 1, shown: 10, query: 'Lee' }),
    );
    const submit = nodes(card).find(
      (n) => n.type === 'Action.Submit' && (n.data as Json).verb === 'flow.answer',
    );
    const confirmation = await pressed({ ...(submit?.data as Json), answer: lee(499).email }, turn);
    expect(nodes(confirmation).some((n) => n.verb === 'change.confirm')).toBe(true);
    expect(JSON.stringify(confirmation)).toContain(lee(499).email);
  });

  test('the marketing contact form lists 15 of 514 people; a typed email brings the form back with that person and their address', async () => {
    const turn = { conversation: { id: 'c-type-contact', conversationType: 'personal' as const } };
    const form = cardOf(await say('set the marketing contact', turn)) ?? {};
    const choiceSet = nodes(form).find((n) => n.id === 'contactUserId');
    expect((choiceSet?.choices as Json[]).length).toBe(15);
    expect(choiceSet?.isRequired).toBe(false);
    expect(readableText(form)).toContain(
      en.t('contact.more', { total: PEOPLE + 14, shown: 15, org: 'Contoso Partners' }),
    );
    const submit = nodes(form).find(
      (n) => n.type === 'Action.Submit' && (n.data as Json).verb === 'flow.answer',
    );
    const again = await pressed(
      {
        ...(submit?.data as Json),
        contactUserId: '',
        contactEmail: 'x@contoso.com',
        contactPhone: '+14255550100',
        contactLanguage: 'en',
        contactQuery: lee(250).email,
      },
      turn,
    );
    const inputs = nodes(again).filter((n) => typeof n.id === 'string');
    expect(inputs.find((n) => n.id === 'contactUserId')?.value).toBe(personId(250));
    expect(inputs.find((n) => n.id === 'contactEmail')?.value).toBe(lee(250).email);
    expect(inputs.find((n) => n.id === 'contactPhone')?.value).toBe('+14255550100');
  });
});
