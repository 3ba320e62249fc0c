import type { Activity } from 'botbuilder';
import { askCard } from '../../cards/ask.card';
import { translator } from '../../cards/i18n/translator';
import { notificationCard } from '../../cards/notification.card';
import { addDays } from '../../services/clock';
import type { Assignment, AuditEntry, Benefit, OrganisationData, ServiceRequest, User } from '../../services/model';
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
const longName = (i: number) => `Lee ${pad(i, 3)} Featherstonehaugh-Cholmondeley Montgomery-Wolstenholme de la Fontaine-Marjoribanks`.slice(0, 100);
const longEmail = (i: number) => `lee.${pad(i, 3)}.featherstonehaugh-cholmondeley@contoso-partners-international.example`;
const personId = (i: number) => `00000000-0000-0000-0001-${pad(i, 12)}`;

function largestOrganisation(): OrganisationData[] {
  const [contoso, fabrikam] = demoOrganisations(NOW);
  if (!contoso || !fabrikam) throw new Error('the demo organisations changed');
  const at = (days: number) => addDays(NOW, -days).toISOString();
  const users: User[] = Array.from({ length: PEOPLE }, (_, i) => ({ id: personId(i), displayName: longName(i), email: longEmail(i), roles: [], aliases: [] }));
  contoso.users.push(...users);
  for (const benefit of contoso.benefits) {
    if (benefit.kind === 'seats') benefit.quantity = PEOPLE + 100;
    if (benefit.id === 'windows-11-enterprise' && benefit.kind === 'softwareKeys') {
      benefit.quantity = PEOPLE;
      benefit.keys = Array.from({ length: PEOPLE }, (_, k) => `W${pad(k, 4)}-BCDFG-HJKMP-QRTVW-XY234`);
    }
  }
  const template = contoso.benefits.find((b) => b.id === 'office-ltsc-2024');
  if (!template) throw new Error('the demo organisations changed');
  for (let i = 0; i < 40; i++) {
    contoso.benefits.push({ ...structuredClone(template), id: `software-product-${i}`, name: { en: `Contoso Industry Solution Accelerator Enterprise Edition ${i} (long-term servicing)`, ja: `Contoso 業界ソリューション アクセラレータ Enterprise Edition ${i} (長期サービス)` }, aliases: [] } as Benefit);
  }
  const holders: Assignment[] = users.flatMap((u, i) => ['visual-studio-enterprise', 'visual-studio-professional'].map((benefitId) => ({ id: `${benefitId}-${i}`, benefitId, userId: u.id, state: 'active' as const, assignedAt: at(5), assignedBy: people.alex.userId, alternativeEmail: null, activatedAt: at(5) })));
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
    event: { type: 'assigned', benefitId: 'visual-studio-enterprise', benefit, userId: personId(i), userName: longName(i), by: 'Alex Wilber', state: 'active' },
    conversationId: null,
    status: 'failed',
    attempts: 8,
    nextAttemptAt: at(3),
    lastError: '429 Too Many Requests: the conversation is over its limit, retried eight times with exponential backoff',
    sentAt: null,
    mentionUserId: null,
  }));
  contoso.outbox.push(...failed);
  const audit: AuditEntry[] = Array.from({ length: 2_000 }, (_, i) => ({ id: `audit-${i}`, at: at(2), actorId: people.alex.userId, action: 'benefit.assigned', benefitId: 'visual-studio-enterprise', subjectUserId: personId(i % PEOPLE), before: null, after: { state: 'active' } }));
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
const activitySize = (replies: Partial<Activity>[]) => Math.max(0, ...replies.map((r) => Buffer.byteLength(JSON.stringify(r), 'utf8')));

const say = (text: string, turn: Partial<Turn> = {}) => bot.say({ as: people.alex, text, ...turn });

/** The card a turn ends on: a message's card, or the card an Action.Execute is answered with. */
type Produce = () => Promise<{ card: Json; wire: number }>;
const fromSay = (text: string, turn: Partial<Turn> = {}): Produce => async () => {
  const replies = await say(text, turn);
  const card = cardOf(replies);
  if (!card) throw new Error(`"${text}" answered no card: ${JSON.stringify(replies.map((r) => r.text))}`);
  return { card, wire: activitySize(replies) };
};

/** Presses the button with this verb on the card a message is answered with. */
const fromExecute = (text: string, verb: string, inputs: Json = {}): Produce => async () => {
  const first = cardOf(await say(text));
  const button = nodes(first).find((n) => n.verb === verb);
  if (!button) throw new Error(`no ${verb} on the card for "${text}"`);
  const card = await bot.execute({ as: people.alex }, verb, { ...(button.data as Json), ...inputs });
  return { card, wire: sizeOf(card) + 200 };
};

const en = translator('en');
const direct = (card: { content: Record<string, unknown> }): Produce => async () => ({ card: card.content, wire: sizeOf(card) + 200 });

/** Every card type, each with the most the largest organisation puts on it, and how many items it lists (for paging). */
const CARDS: [string, Produce, { items: number; shows: (card: Json) => number } | null][] = [
  ['overview (show benefits)', fromSay('show benefits'), null],
  ['category list: Software, 43 products with long names', fromSay('show software'), null],
  ['category list: Visual Studio, 1,001 holders', fromSay('Visual Studio subscriptions'), { items: 2 * PEOPLE + 1, shows: (card) => countNames(card) }],
  ['category list: Cloud services', fromSay('cloud services'), null],
  ['category list: Technical benefits', fromSay('technical benefits'), null],
  ['category list: Go-To-Market', fromSay('Go-To-Market offers'), null],
  ['who has VS Enterprise: 501 holders', fromSay('who has VS Enterprise'), { items: PEOPLE + 1, shows: (card) => countNames(card) }],
  ['my benefits', fromSay('my benefits'), null],
  ['help', fromSay('help'), null],
  ['notice (personal things, asked in a channel)', fromSay('my benefits', { conversation: { id: '19:general@thread.tacv2', conversationType: 'channel' }, mention: true }), null],
  ['question: which of 500 people called Lee', fromSay('assign VS Pro to Lee'), { items: PEOPLE + 2, shows: (card) => countNames(card) }],
  ['question: which of the 500 holders called Lee to remove', fromSay('remove Lee from VS Enterprise', { conversation: { id: 'c-remove', conversationType: 'personal' } }), { items: PEOPLE + 1, shows: (card) => countNames(card) }],
  ['contact form: 514 people to choose from', fromSay('set the marketing contact', { conversation: { id: 'c-contact', conversationType: 'personal' } }), { items: PEOPLE + 14, shows: (card) => countNames(card) + countChoices(card, 'Alex Wilber') }],
  ['confirmation card', fromSay('reassign VS Enterprise from Lee 007 to Ana Bowman', { conversation: { id: 'c-confirm', conversationType: 'personal' } }), null],
  ['keys reveal card', fromSay('get keys for Windows 11', { conversation: { id: 'c-keys', conversationType: 'personal' } }), null],
  ['keys card: 500 keys', fromExecute('get keys for Windows 11', 'keys.reveal', { language: 'en', os: 'x64', acceptRefundLoss: 'true' }), { items: PEOPLE, shows: (card) => JSON.stringify(card).match(/W\d{4}-BCDFG/g)?.length ?? 0 }],
  ['request form', fromSay('request advisory hours'), null],
  ['my requests: 300', fromSay('my requests'), { items: 300, shows: (card) => JSON.stringify(card).match(/ADV-20261101-/g)?.length ?? 0 }],
  ['cancellation card', fromSay('cancel our membership'), null],
  ['audit log', fromSay('show audit log'), null],
  ['failed notifications: 200', fromSay('show failed notifications'), { items: 200, shows: (card) => countNames(card) }],
  ['an employee\'s request (ask card)', direct(askCard({ id: 'ask-1', benefitId: 'visual-studio-enterprise', benefit: { en: 'Visual Studio Enterprise subscription', ja: 'Visual Studio Enterprise サブスクリプション' }, userName: longName(1), status: 'open', decidedByName: null, free: 99 }, en, { canDecide: true, approverIds: Array.from({ length: 50 }, (_, i) => `29:${personId(i)}`) })), null],
  ['a notification card', direct(notificationCard({ type: 'reassigned', benefitId: 'visual-studio-enterprise', benefit: { en: 'Visual Studio Enterprise subscription', ja: 'x' }, fromName: longName(1), userId: personId(2), userName: longName(2), by: longName(3) }, 'channel', en, { id: `29:${personId(2)}`, name: longName(2) })), null],
];

/** People named on a card (each long name starts with "Lee nnn "). */
function countNames(card: Json): number {
  return new Set(JSON.stringify(card).match(/Lee \d{3} /g) ?? []).size;
}

function countChoices(card: Json, name: string): number {
  return JSON.stringify(card).includes(name) ? 14 : 0;
}

/** A card that lists fewer items than there are must say so: the total or the rest as a number, or a way to more. */
function saysThereIsMore(card: Json, total: number, shown: number): boolean {
  const text = JSON.stringify(card);
  const numbers = new Set((text.match(/\d[\d,]*/g) ?? []).map((n) => Number(n.replace(/,/g, ''))));
  const moreAction = nodes(card).some((n) => typeof n.type === 'string' && n.type.startsWith('Action.') && /more|next|page|all|次|もっと/i.test(`${String(n.title)} ${JSON.stringify(n.data ?? '')} ${String(n.verb ?? '')}`));
  return numbers.has(total) || numbers.has(total - shown) || moreAction;
}

const measured = new Map<string, { bytes: number; wire: number; shown?: number }>();
afterAll(() => {
  const lines = [...measured].map(([name, m]) => `  ${name}: ${m.bytes} bytes${m.shown !== undefined ? `, ${m.shown} listed` : ''}`);
  process.stdout.write(`card sizes with the largest organisation (limit ${LIMIT}):\n${lines.join('\n')}\n`);
});

/**
 * Bug: these cards list everything, however long the list, with no paging, and so go far over the
 * limit (sizes printed after the run). Teams would refuse them, and the person would get nothing.
 * Marked failing until each pages (or caps and says how many more); a card that starts to pass
 * fails here, which is the signal to move it to the list above.
 */
const OVERSIZED_NOW = new Set([
  'category list: Software, 43 products with long names',
  'category list: Visual Studio, 1,001 holders',
  'who has VS Enterprise: 501 holders',
  'question: which of 500 people called Lee',
  'question: which of the 500 holders called Lee to remove',
  'contact form: 514 people to choose from',
  'keys card: 500 keys',
  'my requests: 300',
  'failed notifications: 200',
]);

async function checkCard(name: string, produce: Produce, list: { items: number; shows: (card: Json) => number } | null): Promise<void> {
  const { card, wire } = await produce();
  expect(isJson(card) && card.type).toBe('AdaptiveCard');
  const bytes = sizeOf(card);
  const shown = list ? list.shows(card) : undefined;
  measured.set(name, { bytes, wire, ...(shown !== undefined ? { shown } : {}) });
  expect({ name, bytes, underLimit: bytes < LIMIT, messageUnderLimit: wire < LIMIT }).toEqual({ name, bytes, underLimit: true, messageUnderLimit: true });
  if (list && shown !== undefined && shown < list.items) expect({ name, shown, of: list.items, saysThereIsMore: saysThereIsMore(card, list.items, shown) }).toEqual({ name, shown, of: list.items, saysThereIsMore: true });
}

describe('every card the bot sends, with the largest realistic organisation', () => {
  test.each(CARDS.filter(([name]) => !OVERSIZED_NOW.has(name)))('%s stays under 28 KB, and says so when it lists only part', (name, produce, list) => checkCard(name, produce, list));
  test.failing.each(CARDS.filter(([name]) => OVERSIZED_NOW.has(name)))('%s stays under 28 KB, and says so when it lists only part', (name, produce, list) => checkCard(name, produce, list));
});
