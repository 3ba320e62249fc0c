import { literal } from '../../cards/literal';
import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { AssignmentService } from '../../services/assignment.service';
import { pinnedClock } from '../../services/clock';
import { botHarness, cardOf, type Turn } from '../support/bot-harness';
import { asReplies, isJson, nodes, type Json } from '../support/card-json';
import { people, type Person } from '../support/people';
import { actorIn } from '../support/service-test';
import { NOW } from '../support/temp-store';

/**
 * Text people type (a display name given to "add user", a Teams display name, a request's
 * description, a cancellation's reason) must show on every card exactly as typed: cards are
 * expanded with adaptivecards-templating, and the catalogue fills {placeholders}; neither may
 * evaluate what a person wrote, and Teams must not render it as markup.
 *
 * The check that needs no knowledge of any card: run the same conversation twice, once with a
 * plain name and once with the payload. If, in every card and message, putting the plain name back
 * where the payload is gives exactly the plain run's output, then the payload was carried through
 * as an opaque string: nothing evaluated, stripped, decoded or re-filled.
 */

const PLAIN = 'Robin Plainname';

const TEMPLATE_PAYLOADS = [
  '${1+1}',
  '${$root}',
  '${string($root)}',
  '${json($root)}',
  "${if(true, 'yes', 'no')}",
  '${title}',
  '${count(facts)}',
  '${$data}',
  '$when',
  '{{7*7}}',
  '{name} {org} {benefit}',
  '%s %d %n',
  '${',
  '}{$',
];
const HTML_PAYLOADS = [
  '<b>bold</b>',
  '<img src=x onerror=alert(1)>',
  '<a href="https://evil.example/login">Sign in</a>',
  '&lt;b&gt; &amp;',
  '<at>Alex Wilber</at>',
  '<script>alert(1)</script>',
];
const MARKDOWN_PAYLOADS = [
  '**Urgent** approve now',
  '[Sign in again](https://evil.example/login)',
  '![x](https://evil.example/pixel.png)',
  '# Heading',
  '_Nina_ `code` ~~gone~~',
  '1. first\n2. second',
];

const UUID = /[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/g;
type Replies = Partial<Activity>[];

/** What a person reads and what the buttons carry, with random ids (request ids, new user ids) made stable. */
function transcript(replies: Replies[]): string {
  return JSON.stringify(
    replies.flat().map((r) => ({ text: r.text ?? null, attachments: r.attachments ?? [] })),
  ).replace(UUID, '<id>');
}

/** What Teams renders as Markdown: a message's text, and in an Adaptive Card TextBlock text and FactSet facts. */
function markdownFields(reply: Partial<Activity>): string[] {
  const fields: string[] = typeof reply.text === 'string' ? [reply.text] : [];
  const card = (reply.attachments ?? []).map((a) => a.content as unknown);
  for (const node of nodes(card)) {
    if (node.type === 'TextBlock' && typeof node.text === 'string') fields.push(node.text);
    if (node.type === 'FactSet' && Array.isArray(node.facts))
      for (const fact of node.facts)
        if (isJson(fact)) fields.push(String(fact.title ?? ''), String(fact.value ?? ''));
  }
  return fields;
}

// ---- the conversations, each run with a plain name and with a payload ----

let bot: Awaited<ReturnType<typeof botHarness>>;
beforeEach(async () => {
  bot = await botHarness();
});
afterEach(() => bot.dispose());

const say = (as: Person, text: string, extra: Partial<Turn> = {}) =>
  bot.say({ as, text, ...extra });
const press = (as: Person, value: Record<string, unknown>) => bot.say({ as, value });

/** "add user" → the form → the name typed into it → Confirm; then the person holds a seat and shows up wherever people are listed. */
async function addedUserEverywhere(name: string): Promise<Replies[]> {
  const seen: Replies[] = [];
  seen.push(await say(people.alex, 'add user'));
  const confirmation = await press(people.alex, {
    verb: 'flow.answer',
    slot: 'newUser',
    newUserName: name,
    newUserEmail: 'nina.patel@contoso.com',
  });
  seen.push(confirmation);
  const confirm = (cardOf(confirmation)?.actions as Json[] | undefined)?.find(
    (a) => a.verb === 'change.confirm',
  );
  if (!confirm) throw new Error(`no Confirm on: ${transcript([confirmation])}`);
  seen.push(
    asReplies(await bot.execute({ as: people.alex }, 'change.confirm', confirm.data as Json)),
  );
  const added = (await bot.store().users(people.alex.tenantId)).find(
    (u) => u.email === 'nina.patel@contoso.com',
  );
  if (!added) throw new Error('the user was not added');
  const alex = await actorIn(bot.store(), people.alex);
  await new AssignmentService({
    store: bot.store(),
    clock: pinnedClock(NOW),
    newId: randomUUID,
  }).assign(alex, {
    requestId: 'seat-for-nina',
    benefitId: 'visual-studio-professional',
    userId: added.id,
  });
  seen.push(await say(people.alex, 'who has VS Pro'));
  seen.push(await say(people.alex, 'Visual Studio subscriptions'));
  seen.push(await say(people.alex, 'show audit log'));
  seen.push(await say(people.alex, 'set the marketing contact'));
  seen.push(await say(people.alex, 'cancel'));
  return seen;
}

/** Someone Teams names this way, not in the user list: help names them, and so does the greeting. */
async function teamsDisplayName(name: string): Promise<Replies[]> {
  // The harness's people are the demo ones; this one is a demo person renamed by Teams.
  const newcomer = { ...people.stranger, displayName: name } as unknown as Person;
  return [
    await bot.install({ as: newcomer }),
    await say(newcomer, 'help'),
    await say(newcomer, 'my benefits'),
  ];
}

/** R6.4: a description that comes back in the form (hours refused), then is submitted; "my requests" lists it. */
async function requestDescription(description: string): Promise<Replies[]> {
  const seen: Replies[] = [await say(people.alex, 'request advisory hours')];
  const form = cardOf(seen[0] ?? []);
  const submit = (form?.actions as Json[] | undefined)?.find((a) => a.verb === 'request.submit');
  if (!submit) throw new Error('no Submit on the request form');
  const values = {
    ...(submit.data as Json),
    benefitId: 'partner-advisory-hours',
    phase: 'design',
    solution: 'cloud',
    description,
    contactEmail: '',
    contactPhone: '',
  };
  seen.push(
    asReplies(
      await bot.execute({ as: people.alex }, 'request.submit', { ...values, hours: 'many' }),
    ),
  );
  seen.push(
    asReplies(await bot.execute({ as: people.alex }, 'request.submit', { ...values, hours: '2' })),
  );
  seen.push(await say(people.alex, 'my requests'));
  return seen;
}

/** R8: a reason given with the cancellation request. */
async function cancellationReason(reason: string): Promise<Replies[]> {
  const seen: Replies[] = [await say(people.alex, 'cancel our membership')];
  const card = cardOf(seen[0] ?? []);
  const request = nodes(card).find((n) => n.verb === 'cancel.request');
  if (!request) throw new Error('no cancellation request button');
  seen.push(
    asReplies(
      await bot.execute({ as: people.alex }, 'cancel.request', {
        ...(request.data as Json),
        reason,
      }),
    ),
  );
  seen.push(await say(people.alex, 'my requests'));
  return seen;
}

/** Where text comes in, how the conversation shows it, whether a card shows it, and how it is stored. */
const ENTRY_POINTS: [
  string,
  (text: string) => Promise<Replies[]>,
  boolean,
  (text: string) => Promise<void>,
][] = [
  ['a display name given to "add user"', addedUserEverywhere, true, async () => undefined],
  ['a Teams display name', teamsDisplayName, true, async () => undefined],
  [
    'a request description',
    requestDescription,
    true,
    async (text) => {
      const stored = (await bot.store().requests(people.alex.tenantId)).find(
        (r) => r.kind === 'hours',
      );
      expect(stored?.description).toBe(text.trim());
    },
  ],
  [
    'a cancellation reason',
    cancellationReason,
    false,
    async (text) => {
      const stored = (await bot.store().requests(people.alex.tenantId)).find(
        (r) => r.kind === 'cancellation',
      );
      expect(stored?.description).toBe(text.trim());
    },
  ],
];

/** The same conversation with the plain text, kept per entry point (each run on a fresh store). */
const plainRuns = new Map<string, string>();
async function plainTranscript(
  entry: string,
  run: (text: string) => Promise<Replies[]>,
): Promise<string> {
  const known = plainRuns.get(entry);
  if (known !== undefined) return known;
  const fresh = await botHarness();
  const previous = bot;
  bot = fresh;
  try {
    const text = transcript(await run(PLAIN));
    if (ENTRY_POINTS.find(([name]) => name === entry)?.[2] && !text.includes(PLAIN))
      throw new Error(
        `the plain run of ${entry} never shows the text: the check would prove nothing`,
      );
    plainRuns.set(entry, text);
    return text;
  } finally {
    bot = previous;
    await fresh.dispose();
  }
}

const cases = (payloads: string[], entries = ENTRY_POINTS) =>
  entries.flatMap(([entry, run, shown, stored]) =>
    payloads.map((payload) => [entry, payload, run, shown, stored] as const),
  );
/** Names are shown in TextBlocks and FactSets; descriptions only in the form's text box; reasons nowhere. */
const NAMES = ENTRY_POINTS.slice(0, 2);
const FREE_TEXT = ENTRY_POINTS.slice(2);

describe('text from people is carried through cards as typed', () => {
  test.each(cases([...TEMPLATE_PAYLOADS, ...HTML_PAYLOADS]))(
    '%s %j: every card shows it literally, nothing evaluated or re-filled',
    async (entry, payload, run, shown, stored) => {
      const plain = await plainTranscript(entry, run);
      const seen = await run(payload);
      const withPayload = transcript(seen);
      // The payload reached the cards verbatim (where Teams renders Markdown, with Markdown's escapes: still read as typed)...
      const forms = [literal(payload), payload].map((p) => JSON.stringify(p).slice(1, -1));
      if (shown) expect(forms.some((form) => withPayload.includes(form))).toBe(true);
      // ...and is the only difference: put the plain name back and the transcripts are the same.
      expect(forms.reduce((text, form) => text.split(form).join(PLAIN), withPayload)).toBe(plain);
      await stored(payload);
    },
  );
});

describe('Markdown from people does not format the cards it appears on', () => {
  // Teams renders TextBlocks, facts and message text as Markdown: a display name such as
  // "[Sign in again](https://evil.example/login)" must not become a working link on the
  // confirmation card a Global admin is asked to press.
  const inMarkdown = async (run: (text: string) => Promise<Replies[]>, payload: string) => {
    const seen = await run(payload);
    const fields = seen.flat().flatMap(markdownFields);
    // Escaped, the payload may still be there with a backslash before it (\# Heading): that reads as typed.
    // A heading or a list item is Markdown only at the start of a line.
    const blockLevel = /^(#|\d+\.)/.test(payload);
    const atLineStart = new RegExp(`(^|\\n)\\s*${payload.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`);
    return fields.filter((f) =>
      blockLevel ? atLineStart.test(f) : f.includes(payload) && !f.includes(`\\${payload}`),
    );
  };

  test.each(cases(MARKDOWN_PAYLOADS, NAMES))(
    '%s %j appears escaped wherever Teams renders Markdown',
    async (_entry, payload, run) => {
      expect(await inMarkdown(run, payload)).toEqual([]);
    },
  );

  test.each(cases(MARKDOWN_PAYLOADS, FREE_TEXT))(
    '%s %j is never put where Teams renders Markdown',
    async (_entry, payload, run, _shown, stored) => {
      expect(await inMarkdown(run, payload)).toEqual([]);
      await stored(payload);
    },
  );
});
