import fc from 'fast-check';
import { cp, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { en } from '../../cards/i18n/en';
import { openLowdbStores } from '../../services/store/lowdb-store';
import {
  BOT,
  demoUsers,
  personalConversationId,
  personalMessage,
  TENANTS,
  type Person,
} from '../support/activities';
import { reopenStores, TEST_BACKEND } from '../support/test-backend';
import {
  dataDigest,
  EXCEPTION_TEXT,
  messagesIn,
  readableText,
  startSecurityApp,
  storeDigest,
  type SecurityApp,
} from './support';

/**
 * Random and malformed activities POSTed to /api/messages over real HTTP, as anyone on the network
 * can in local mode (and as a compromised or buggy channel could with authentication on).
 * Outcome every time: the server keeps answering /healthz, nothing of ours answers 5xx, the
 * system of record is byte-for-byte unchanged, and whoever would see a reply sees a sentence, not
 * an exception.
 *
 * What botbuilder itself answers (not our code, documented here and allowed below):
 * - 400 for an invoke whose `value` is missing (`{"code":"BadRequest","message":"Missing value property"}`)
 *   or whose adaptiveCard/action is not an Action.Execute ("NotSupported").
 * - 501 for an invoke nobody handles (an unknown invoke name, composeExtension/*, task/*, signin/*):
 *   the ActivityHandler's NotImplemented answer. Also 501 when a turn failed before it could answer
 *   an invoke (the person then gets the generic apology in the chat).
 * - Our server answers 400 itself for a body that is not an activity object with a string `type`
 *   (botbuilder would answer 500 with its own message), and restify answers 400 for a body that is
 *   not JSON and 413 for one over 2 MB.
 *
 * Long texts that make the recognizer backtrack (a 1 MB Japanese message blocks the process for
 * minutes) are in long-text.test.ts, which times them in a worker so that this suite stays fast.
 *
 * Reproduce a failure with the seed printed at the start: FUZZ_SEED=<seed> npx jest test/security/fuzz-activities
 * (FUZZ_RUNS=<n> for more runs per property).
 */

const SEED = Number(process.env.FUZZ_SEED ?? 20261124);
const RUNS = Number(process.env.FUZZ_RUNS ?? 200);

const stranger: Person = {
  aadObjectId: '00000000-0000-0000-0000-0000000009999',
  name: 'New Starter',
  tenantId: TENANTS.contoso,
};
const outsider: Person = {
  aadObjectId: '00000000-0000-0000-0000-0000000000301',
  name: 'Olga Outsider',
  tenantId: TENANTS.unknown,
};
const SENDERS = {
  alex: demoUsers.alex,
  megan: demoUsers.megan,
  adele: demoUsers.adele,
  ana: demoUsers.ana,
  stranger,
  outsider,
  kenji: demoUsers.kenji,
};
type SenderName = keyof typeof SENDERS;
const SENDER_NAMES = Object.keys(SENDERS) as SenderName[];

/** Ids of another organisation, or of nothing at all. */
const FOREIGN_USER_IDS = [
  demoUsers.kenji.aadObjectId,
  demoUsers.anaRuiz.aadObjectId,
  outsider.aadObjectId,
  stranger.aadObjectId,
  '00000000-0000-0000-0000-000000000000',
  'local-00000000',
  '',
];
const MISSING_BENEFIT_IDS = [
  'visual-studio-ultimate',
  'windows-95',
  '__proto__',
  'constructor',
  'toString',
  '../benefits.orgs/00000000-0000-0000-0000-0000000000002',
  'VISUAL-STUDIO-ENTERPRISE',
  ' visual-studio-enterprise',
];
/** Real Contoso ids: forged into cards by people who may not use them. */
const CONTOSO_BENEFIT_IDS = [
  'visual-studio-enterprise',
  'visual-studio-professional',
  'product-support-incidents',
  'azure-monthly-credit',
  'windows-11-enterprise',
  'microsoft-365-e5',
  'partner-advisory-hours',
  'silver-core',
  'gold-core',
];
const CONTOSO_USER_IDS = [
  demoUsers.ana.aadObjectId,
  demoUsers.leeGu.aadObjectId,
  demoUsers.alex.aadObjectId,
  demoUsers.patti.aadObjectId,
];
const BAD_HOURS = [
  -1,
  0,
  -0,
  21,
  1e9,
  1e21,
  2 ** 53,
  Number.MAX_VALUE,
  '−5',
  '-5',
  '1.5',
  '0x10',
  '1e3',
  'NaN',
  'Infinity',
  '',
  '  ',
  '9'.repeat(20),
  'ten',
];
/** Addresses no change can accept: not addresses, or the Partner Center account's (R6.2, R7.2). */
const BAD_EMAILS = [
  'not-an-email',
  'partnercenter@contoso.com',
  'PARTNERCENTER@CONTOSO.COM',
  '',
  '@',
  'a@b',
  'x'.repeat(320),
];
/** For "add user": those, and addresses someone in Contoso has already. */
const TAKEN_EMAILS = [...BAD_EMAILS, 'alex@contoso.com', 'ANA@CONTOSO.COM'];

// ---- arbitraries ----

const text = fc.oneof(
  fc.string({ maxLength: 200 }),
  fc.string({ unit: 'grapheme', maxLength: 200 }),
  fc.string({ unit: 'binary', maxLength: 200 }),
  fc.constantFrom(
    '',
    ' ',
    '\u0000',
    '\u202e',
    '%s%s%n',
    '${1+1}',
    '{{7*7}}',
    '<at>Partner Benefits</at>',
    '<script>alert(1)</script>',
    '../../../../etc/passwd',
    'show benefits',
    'help',
    '日本語で',
    'my benefits',
    'who has VS',
    'get keys for Windows 11',
    '特典を表示',
    'cancel',
    '?',
    'assign',
    'remove',
    'reassign',
    'add user',
    'show audit log',
  ),
);

/** Anything JSON can carry, nested. */
const json = fc.jsonValue({ maxDepth: 4 });

const unknownInvokeNames = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    'composeExtension/query',
    'composeExtension/submitAction',
    'task/fetch',
    'task/submit',
    'signin/verifyState',
    'signin/tokenExchange',
    'actionableMessage/executeAction',
    'handoff/action',
    'config/fetch',
    'tab/fetch',
    'application/search',
    'message/submitAction',
    'fileConsent/invoke',
    'adaptiveCard/action',
    'healthCheck',
  ),
);
const unknownVerbs = fc.oneof(
  fc.string({ maxLength: 40 }),
  fc.constantFrom(
    'benefits.teleport',
    'change.confirm.all',
    'keys.reveal.all',
    'admin.grant',
    'CHANGE.CONFIRM',
    ' change.confirm',
    'flow.pick ',
    '__proto__',
  ),
);

function activityFrom(
  who: SenderName,
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { ...personalMessage(SENDERS[who], 'help'), ...extra };
}

/** A well-formed personal message with anything in its text (or an Action.Submit value with anything in it). */
const wellFormed = fc
  .record({
    who: fc.constantFrom(...SENDER_NAMES),
    text: fc.option(text, { nil: undefined }),
    value: fc.option(
      fc.oneof(
        fc.dictionary(fc.string({ maxLength: 12 }), json, { maxKeys: 5 }),
        fc.record({ verb: unknownVerbs, id: fc.string() }),
      ),
      { nil: undefined, freq: 3 },
    ),
    locale: fc.constantFrom('en-US', 'ja-JP', 'ja', 'fr-FR', '', 'xx', 'zz-ZZ-abc', 'ＪＡ'),
    mention: fc.option(fc.string({ maxLength: 30 }), { nil: undefined, freq: 4 }),
  })
  .map(({ who, text: words, value, locale, mention }) => {
    const activity = activityFrom(who, { locale });
    if (value !== undefined && (value as { verb?: unknown }).verb === 'ask.benefit')
      delete (value as { verb?: unknown }).verb; // asking for a benefit is a legitimate change
    if (value !== undefined) {
      delete activity.text;
      activity.value = value;
    } else activity.text = words ?? '';
    if (mention !== undefined)
      activity.entities = [
        {
          type: 'mention',
          text: `<at>${mention}</at>`,
          mentioned: { id: `29:${mention}`, name: mention },
        },
      ];
    return { who, activity, sent: words ?? JSON.stringify(value ?? '') };
  });

/**
 * Left out here, because the bot records them with the conversation as they come (known bugs,
 * pinned down by `what the bot records from an activity` below): identifiers turned into a
 * non-string poison the data file, and a `from` without its Entra object id makes the person's own
 * chat recorded as nobody's. When those are fixed, empty this set.
 */
const KNOWN_RECORDING_BUGS = new Set<string>([]);

const weird = fc.oneof(
  fc.constantFrom(null, true, 0, -1, 1e308, '', 'x', [], {}, [null], { id: 5 }, { id: null }, [
    { type: 'mention' },
  ]),
  json,
  fc.string({ maxLength: 50 }),
);

type Mutation = { path: string; value: unknown; remove: boolean };
const MUTABLE = [
  'from',
  'from.name',
  'from.aadObjectId',
  'recipient',
  'recipient.name',
  'conversation',
  'conversation.conversationType',
  'conversation.isGroup',
  'conversation.tenantId',
  'channelData',
  'channelData.tenant',
  'channelData.tenant.id',
  'text',
  'textFormat',
  'locale',
  'id',
  'timestamp',
  'entities',
  'attachments',
  'value',
  'name',
  'replyToId',
  'membersAdded',
  'membersRemoved',
  'action',
  'type',
  'channelId',
  'conversation.id',
  'from.id',
  'recipient.id',
  'channelData.team',
];
const mutation: fc.Arbitrary<Mutation> = fc.record({
  path: fc.constantFrom(...MUTABLE.filter((p) => !KNOWN_RECORDING_BUGS.has(p))),
  value: weird,
  remove: fc.boolean(),
});

function mutate(activity: Record<string, unknown>, m: Mutation): void {
  const keys = m.path.split('.');
  let node: Record<string, unknown> = activity;
  for (const key of keys.slice(0, -1)) {
    const next = node[key];
    if (!next || typeof next !== 'object' || Array.isArray(next)) {
      node[key] = {};
    }
    node = node[key] as Record<string, unknown>;
  }
  const last = keys[keys.length - 1] as string;
  if (m.remove) delete node[last];
  else node[last] = m.value;
}

/** A person's turn, then one to three things broken in it; or an invoke nobody expects. */
const malformed = fc.oneof(
  fc
    .record({
      who: fc.constantFrom(...SENDER_NAMES),
      type: fc.constantFrom(
        'message',
        'invoke',
        'conversationUpdate',
        'installationUpdate',
        'event',
        'messageReaction',
        'typing',
        'endOfConversation',
        'weird',
        'MESSAGE',
      ),
      mutations: fc.array(mutation, { minLength: 1, maxLength: 3 }),
    })
    .map(({ who, type, mutations }) => {
      const activity = activityFrom(who, { type });
      // Uninstalling is a legitimate change (it forgets the conversation); the fuzz leaves it out.
      for (const m of mutations)
        if (!(m.path === 'action' && m.value === 'remove') && !(m.path === 'membersRemoved'))
          mutate(activity, m);
      if (activity.type === 'installationUpdate' && activity.action === 'remove')
        activity.action = 'add';
      return { who, activity };
    }),
  fc
    .record({
      who: fc.constantFrom(...SENDER_NAMES),
      name: unknownInvokeNames,
      value: fc.option(json, { nil: undefined }),
    })
    .map(({ who, name, value }) => {
      const activity = activityFrom(who, { type: 'invoke', name, value });
      delete activity.text;
      return { who, activity };
    }),
);

// ---- forged card payloads ----

const anyOf = <T>(values: readonly T[]) => fc.constantFrom(...values);

/**
 * People with a right to some change (R1.3–R1.5: Alex, Megan, Adele): whatever they forge must
 * fail on the data instead (people who are not Contoso's, addresses no change accepts, benefits
 * that are not there where a real one would do), or it would be a legitimate change. Everyone
 * else forges with Contoso's real ids and good addresses too: the rules must refuse them anyway.
 */
const PRIVILEGED: ReadonlySet<SenderName> = new Set(['alex', 'megan', 'adele']);

function idsFor(who: SenderName) {
  const privileged = PRIVILEGED.has(who);
  return {
    /** In a Confirm: the person (foreign, for the privileged) already makes it fail. */
    benefitId: anyOf([...MISSING_BENEFIT_IDS, ...CONTOSO_BENEFIT_IDS]),
    /** Where the benefit alone decides (keys): not there, for the privileged. */
    onlyBenefitId: privileged
      ? anyOf(MISSING_BENEFIT_IDS)
      : anyOf([...MISSING_BENEFIT_IDS, ...CONTOSO_BENEFIT_IDS]),
    userId: privileged
      ? anyOf(FOREIGN_USER_IDS)
      : anyOf([...FOREIGN_USER_IDS, ...CONTOSO_USER_IDS]),
    email: privileged
      ? anyOf(BAD_EMAILS)
      : fc.oneof(anyOf(BAD_EMAILS), fc.constantFrom('ana.alt@bowman.example', 'alex@contoso.com')),
    newUserEmail: privileged
      ? anyOf(TAKEN_EMAILS)
      : fc.oneof(anyOf(TAKEN_EMAILS), fc.emailAddress()),
  };
}

const requestId = fc.oneof(
  fc.uuid(),
  fc.constantFrom('seed-vs-enterprise-lee-gu', 'x', 'a'.repeat(200), '__proto__'),
);

function confirmData(who: SenderName) {
  const { benefitId, userId, email, newUserEmail } = idsFor(who);
  const ops = [
    'assign',
    'remove',
    'reassign',
    'confirmActive',
    'setMarketingContact',
    'activateOffer',
    'confirmOfferActive',
    'setPartnerRole',
    'reclaim',
    'addUser',
  ];
  return fc.record(
    {
      op: fc.oneof(anyOf(ops), fc.string({ maxLength: 20 })),
      requestId,
      benefitId,
      userId,
      fromUserId: userId,
      alternativeEmail: email,
      email,
      phone: fc.constantFrom('', '+1', '12345', '+1 425 555 0100', '☎'),
      language: fc.constantFrom('en', 'ja', 'klingon', ''),
      country: fc.constantFrom('US', 'JP', 'ZZ', 'us'),
      expiresOn: fc.constantFrom('2001-01-01', '9999-12-31', 'never', ''),
      newUserName: fc.string({ maxLength: 60 }),
      newUserEmail,
      role: fc.constantFrom('mpnPartnerAdmin', 'adminAgent', 'globalAdmin'),
      grant: fc.constantFrom('true', 'false', 'yes'),
      seats: fc.oneof(
        fc.constantFrom(
          '[]',
          'not json',
          '[["visual-studio-enterprise","00000000-0000-0000-0000-0000000000102"]]',
          JSON.stringify(
            Array.from({ length: 41 }, (_, i) => ['visual-studio-enterprise', `u${i}`]),
          ),
        ),
        fc.string({ maxLength: 40 }),
      ),
    },
    { requiredKeys: ['op', 'requestId'] },
  );
}

function forgedAction(
  who: SenderName,
): fc.Arbitrary<{ verb: string; data: Record<string, unknown> }> {
  const { benefitId, onlyBenefitId, userId, email, newUserEmail } = idsFor(who);
  const hoursRequest = fc.record(
    {
      requestId,
      benefitId,
      phase: fc.constantFrom('presales', 'design', 'warp', ''),
      solution: fc.constantFrom('cloud', 'hybrid', 'quantum', ''),
      description: fc.string({ maxLength: 100 }),
      hours: anyOf(BAD_HOURS as readonly (string | number)[]),
      contactEmail: email,
      contactPhone: fc.constantFrom('', '+1', '+1 425 555 0100'),
    },
    { requiredKeys: ['requestId'] },
  );
  const reveal = fc.record(
    {
      benefitId: onlyBenefitId,
      requestId,
      language: fc.constantFrom('en', 'ja', 'xx', ''),
      os: fc.constantFrom('x64', 'arm64', 'amiga', ''),
      acceptRefundLoss: fc.constantFrom('true', 'false'),
    },
    { requiredKeys: ['benefitId', 'requestId'] },
  );
  const choices: fc.Arbitrary<{ verb: string; data: Record<string, unknown> }>[] = [
    confirmData(who).map((data) => ({ verb: 'change.confirm', data })),
    reveal.map((data) => ({ verb: 'keys.reveal', data })),
    hoursRequest.map((data) => ({ verb: 'request.submit', data })),
    fc
      .record({ askId: fc.oneof(fc.uuid(), fc.string({ maxLength: 20 })) })
      .chain((data) =>
        fc
          .constantFrom('ask.refresh', 'ask.approve', 'ask.decline')
          .map((verb) => ({ verb, data })),
      ),
    fc
      .record({ requestId, reason: fc.string({ maxLength: 100 }) })
      .map((data) => ({ verb: 'change.cancel', data })),
    unknownVerbs.chain((verb) =>
      fc
        .dictionary(fc.string({ maxLength: 10 }), json, { maxKeys: 4 })
        .map((data) => ({ verb, data })),
    ),
    // Answers to a question nobody asked them (no flow is open in their chat), and asking for benefits that are not there.
    fc
      .record({
        slot: fc.constantFrom(
          'benefit',
          'person',
          'from',
          'alternativeEmail',
          'contact',
          'newUser',
          'nonsense',
        ),
        id: fc.oneof(benefitId, userId, fc.constant('new-user')),
      })
      .map((data) => ({ verb: 'flow.pick', data })),
    fc
      .record({
        slot: fc.constantFrom('contact', 'newUser', 'person', 'alternativeEmail'),
        answer: fc.string({ maxLength: 60 }),
        contactUserId: userId,
        contactEmail: email,
        contactPhone: fc.constantFrom('+1', '+1 425 555 0100'),
        contactLanguage: fc.constantFrom('en', 'xx'),
        newUserName: fc.string({ maxLength: 30 }),
        newUserEmail,
      })
      .map((data) => ({ verb: 'flow.answer', data })),
    fc.record({ id: anyOf(MISSING_BENEFIT_IDS) }).map((data) => ({ verb: 'ask.benefit', data })),
    fc
      .record({
        category: fc.oneof(
          fc.constantFrom('software', 'cloud', 'visualStudio', 'technical', 'goToMarket'),
          fc.string({ maxLength: 12 }),
        ),
      })
      .map((data) => ({ verb: 'benefits.category', data })),
  ];
  // Cancelling the membership is within a Global admin's and an MPN partner admin's rights (R8): forged only by others.
  if (who !== 'alex' && who !== 'megan')
    choices.push(
      fc
        .record({ requestId, reason: fc.string({ maxLength: 100 }) })
        .map((data) => ({ verb: 'cancel.request', data })),
    );
  return fc.oneof(...choices);
}

const forged = fc
  .record({ who: fc.constantFrom(...SENDER_NAMES), asInvoke: fc.boolean() })
  .chain(({ who, asInvoke }) => forgedAction(who).map((action) => ({ who, asInvoke, action })))
  .map(({ who, asInvoke, action }) => {
    const activity = asInvoke
      ? activityFrom(who, {
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: {
            action: { type: 'Action.Execute', verb: action.verb, data: action.data },
            trigger: 'manual',
          },
        })
      : activityFrom(who, { value: { ...action.data, verb: action.verb } });
    delete activity.text;
    return { who, asInvoke, activity };
  });

// ---- the server under attack ----

let s: SecurityApp;
let baseline: string;

beforeAll(async () => {
  // The per-person limit would answer most of a fast fuzz with "slow down"; the fuzz is after what lies behind it.
  s = await startSecurityApp({ PERSON_MESSAGES_PER_SECOND: '0' });
  process.stdout.write(
    `security fuzz: fast-check seed ${SEED}, ${RUNS} runs per property (FUZZ_SEED / FUZZ_RUNS to change)\n`,
  );
  // Everyone has talked to the bot once: what a first message records (their personal chat) is recorded now.
  for (const who of SENDER_NAMES) await s.send(activityFrom(who));
  baseline = await dataDigest(s.dataFile);
});

afterAll(async () => {
  await s?.stop();
});

const turnFailures = () => s.logs.filter((l) => l.msg === 'turn failed');

/** Nothing changed since `before` (by default, since everyone's first message), and the server is healthy. */
async function expectUnchanged(before = baseline): Promise<void> {
  expect(await dataDigest(s.dataFile)).toBe(before);
  expect(await s.healthy()).toBe(true);
}

/**
 * Nothing at all changed since `before`, a storeDigest taken just before: neither the data nor the
 * conversation and user state. Only for what is refused before it becomes a turn: a turn may write
 * the state legitimately (a dialog the fuzz started ends, a person is seen in a conversation for the
 * first time), which is why the checks above compare the data alone.
 */
async function expectNothingAtAllChanged(before: string): Promise<void> {
  expect(await storeDigest(s.dataFile)).toBe(before);
}

const params = (offset: number) => ({ seed: SEED + offset, numRuns: RUNS, endOnFailure: true });

describe('random activities over HTTP', () => {
  test('a well-formed message with anything in its text or card value is answered with a sentence, changes nothing, and fails no turn', async () => {
    await fc.assert(
      fc.asyncProperty(wellFormed, async ({ activity, sent }) => {
        const before = await dataDigest(s.dataFile);
        const failuresBefore = turnFailures().length;
        const { status, replies } = await s.send(activity);
        expect(status).toBe(200);
        const seen = messagesIn(replies);
        expect(seen.length).toBeGreaterThanOrEqual(1);
        const read = readableText(seen);
        if (!EXCEPTION_TEXT.test(sent)) expect(read).not.toMatch(EXCEPTION_TEXT);
        expect(read).not.toContain(en['error.generic']);
        expect(turnFailures().length).toBe(failuresBefore);
        await expectUnchanged(before);
      }),
      params(1),
    );
  });

  test('a malformed activity (fields missing or of the wrong type, unknown types and invoke names) never gets a 500, never changes the data, and never shows an exception', async () => {
    await fc.assert(
      fc.asyncProperty(malformed, async ({ activity }) => {
        const before = await dataDigest(s.dataFile);
        const { status, body, replies } = await s.send(activity);
        if (activity.type === 'invoke') expect([200, 400, 501]).toContain(status);
        else expect([200, 400]).toContain(status);
        expect(body).not.toMatch(EXCEPTION_TEXT);
        expect(readableText(messagesIn(replies))).not.toMatch(EXCEPTION_TEXT);
        await expectUnchanged(before);
      }),
      params(2),
    );
  });

  const answers: string[] = [];
  test("a forged card (another organisation's ids, ids that do not exist, impossible quantities, someone else's request id, unknown verbs) changes nothing and is answered with a sentence", async () => {
    await fc.assert(
      fc.asyncProperty(forged, async ({ activity, asInvoke }) => {
        const before = await dataDigest(s.dataFile);
        const failuresBefore = turnFailures().length;
        const { status, body, replies } = await s.send(activity);
        answers.push(asInvoke ? body : readableText(messagesIn(replies)));
        expect(status).toBe(200);
        if (asInvoke) {
          const answer = JSON.parse(body) as { statusCode: number; type: string; value: unknown };
          expect(answer.statusCode).toBe(200);
          expect([
            'application/vnd.microsoft.card.adaptive',
            'application/vnd.microsoft.activity.message',
          ]).toContain(answer.type);
          expect(JSON.stringify(answer.value)).not.toMatch(EXCEPTION_TEXT);
        } else {
          expect(messagesIn(replies).length).toBeGreaterThanOrEqual(1);
          expect(readableText(messagesIn(replies))).not.toMatch(EXCEPTION_TEXT);
        }
        expect(turnFailures().length).toBe(failuresBefore);
        await expectUnchanged(before);
      }),
      params(3),
    );
    // The forgeries reached the rules, not just the schemas: the refusals people would read are there.
    const read = answers.join('\n');
    for (const refusal of [
      en['error.ROLE.GLOBAL_ADMIN_REQUIRED'].split('{')[0] ?? '',
      en['error.BENEFIT.NOT_FOUND'],
      en['error.USER.NOT_FOUND'],
      en['error.unknownAction'],
    ])
      expect(read).toContain(refusal);
  });
});

describe('extreme bodies', () => {
  /** JSON nested `depth` deep, as text: JSON.stringify itself gives up long before the server should. */
  const deep = (depth: number) =>
    `${'{"next":['.repeat(depth)}{"verb":"benefits.overview"}${']}'.repeat(depth)}`;
  const withRaw = (activity: Record<string, unknown>, field: string, raw: string) =>
    JSON.stringify({ ...activity, serviceUrl: s.connector.serviceUrl, [field]: '@@RAW@@' }).replace(
      '"@@RAW@@"',
      raw,
    );

  test.each([
    ['a 1 MB text', () => activityFrom('alex', { text: 'a'.repeat(1024 * 1024) })],
    [
      'a 1 MB text of words',
      () => activityFrom('ana', { text: 'show me the benefits please '.repeat(37_000) }),
    ],
    [
      '10,000 mentions',
      () =>
        activityFrom('alex', {
          entities: Array.from({ length: 10_000 }, (_, i) => ({
            type: 'mention',
            text: `<at>p${i}</at>`,
            mentioned: { id: `29:p${i}`, name: `p${i}` },
          })),
        }),
    ],
    [
      'an Action.Execute with 1 MB of data',
      () => ({
        ...activityFrom('ana', {
          type: 'invoke',
          name: 'adaptiveCard/action',
          value: {
            action: {
              type: 'Action.Execute',
              verb: 'change.confirm',
              data: {
                op: 'assign',
                requestId: 'r',
                benefitId: 'visual-studio-enterprise',
                userId: demoUsers.ana.aadObjectId,
                pad: 'x'.repeat(1024 * 1024),
              },
            },
          },
        }),
        text: undefined,
      }),
    ],
    [
      'a card value nested 5,000 deep',
      () => withRaw({ ...activityFrom('alex'), text: undefined }, 'value', deep(5_000)),
    ],
    [
      'an entity nested 5,000 deep',
      () => withRaw(activityFrom('alex'), 'entities', `[${deep(5_000)}]`),
    ],
    [
      'a conversationUpdate whose membersAdded is nested 5,000 deep',
      () =>
        withRaw(
          activityFrom('alex', { type: 'conversationUpdate' }),
          'membersAdded',
          `[${deep(5_000)}]`,
        ),
    ],
  ])(
    '%s: answered in time with a sentence, nothing changed, the server still healthy',
    async (_name, build) => {
      const started = performance.now();
      const built = build();
      s.connector.clear();
      const answer = typeof built === 'string' ? await s.postRaw(built) : await s.post(built);
      const { status, body } = answer;
      const replies = s.connector.activities();
      expect(performance.now() - started).toBeLessThan(5_000);
      expect(status).toBeLessThan(500);
      expect(body).not.toMatch(EXCEPTION_TEXT);
      expect(readableText(messagesIn(replies))).not.toMatch(EXCEPTION_TEXT);
      await expectUnchanged();
    },
  );

  test.each([
    ['an empty body', ''],
    ['null', 'null'],
    ['an array', '[{"type":"message"}]'],
    ['a string', '"message"'],
    ['a number', '42'],
    ['an object without a type', '{"text":"show benefits"}'],
    ['a type that is not a string', '{"type":["message"]}'],
    ['JSON cut short', '{"type":"message","text":"show'],
    ['100,000 open brackets', '['.repeat(100_000)],
  ])(
    '%s is refused with a 4xx and no internal detail, and nothing reaches the chat',
    async (_name, raw) => {
      const everything = await storeDigest(s.dataFile);
      s.connector.clear();
      const { status, body } = await s.postRaw(raw);
      expect(status).toBeGreaterThanOrEqual(400);
      expect(status).toBeLessThan(500);
      expect(body).not.toMatch(EXCEPTION_TEXT);
      await new Promise((resolve) => setTimeout(resolve, 100));
      expect(s.connector.activities()).toHaveLength(0);
      await expectUnchanged();
      await expectNothingAtAllChanged(everything);
    },
  );

  test('__proto__ and constructor keys anywhere in an activity pollute no prototype and change nothing', async () => {
    const base = activityFrom('alex', { serviceUrl: s.connector.serviceUrl, text: 'help' });
    const raw = JSON.stringify(base)
      .replace(
        /^\{/,
        '{"__proto__":{"polluted":"activity"},"constructor":{"prototype":{"polluted":"ctor"}},',
      )
      .replace('"tenant":{', '"tenant":{"__proto__":{"polluted":"tenant"},');
    const value = JSON.stringify({ ...base, text: undefined }).replace(
      /\}$/,
      ',"value":{"__proto__":{"polluted":"value"},"verb":"change.confirm","op":"assign","requestId":"p"}}',
    );
    for (const body of [raw, value]) {
      const { status } = await s.postRaw(body);
      expect(status).toBeLessThan(500);
    }
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
    expect((Object.prototype as Record<string, unknown>).polluted).toBeUndefined();
    await expectUnchanged();
  });

  test('a body over the 2 MB limit is refused with 413 before anything reads it', async () => {
    const everything = await storeDigest(s.dataFile);
    const { status } = await s.post(activityFrom('alex', { text: 'a'.repeat(3 * 1024 * 1024) }));
    expect(status).toBe(413);
    await expectUnchanged();
    await expectNothingAtAllChanged(everything);
  });

  test.each([
    ['text/plain', 'text/plain'],
    ['a form', 'application/x-www-form-urlencoded'],
    ['XML', 'application/xml'],
  ])('an activity sent as %s is not run as a turn', async (_name, contentType) => {
    const everything = await storeDigest(s.dataFile);
    s.connector.clear();
    const { status } = await s.postRaw(
      JSON.stringify({ ...activityFrom('alex'), serviceUrl: s.connector.serviceUrl }),
      contentType,
    );
    expect(status).toBeLessThan(500);
    await expectUnchanged();
    await expectNothingAtAllChanged(everything);
  });
});

/**
 * The store the app uses opens as a restarted bot would open it, and every organisation in it reads
 * back valid. On lowdb a copy of the folder (the running app holds the lock; opening reads and checks
 * every file); on PostgreSQL the same database (several instances may share it), where organisations
 * are read and checked when first used, so each is read.
 */
async function expectStoreOpens(app: SecurityApp): Promise<void> {
  if (TEST_BACKEND === 'lowdb') {
    const copy = `${app.dir}-copy`;
    await cp(app.dir, copy, { recursive: true });
    try {
      await rm(join(copy, 'benefits.json.lock'), { force: true });
      const reopened = await openLowdbStores({
        dataFile: join(copy, 'benefits.json'),
        seed: () => [],
      });
      await reopened.close();
    } finally {
      await rm(copy, { recursive: true, force: true });
    }
    return;
  }
  const reopened = await reopenStores(app);
  try {
    expect(reopened.created).toBe(false);
    const tenants = await reopened.benefits.tenantIds();
    expect(tenants.length).toBeGreaterThan(0);
    for (const tenantId of tenants) await reopened.benefits.unitOfWork(tenantId, () => undefined);
  } finally {
    await reopened.close();
  }
}

describe('what the bot records from an activity', () => {
  // An app of its own: a failure here changes the data, which must not spill into the tests above.
  let own: SecurityApp;
  beforeAll(async () => {
    own = await startSecurityApp({ PERSON_MESSAGES_PER_SECOND: '0' });
    await own.send(activityFrom('alex'));
  });
  afterAll(async () => {
    await own?.stop();
  });

  // Bug: recordInstall stores conversation.id, from.id, recipient.id and team.id as they
  // came; a non-string is written to the organisation's file, which then fails validation, so the
  // bot refuses to start until someone edits the file by hand.
  test.each([
    [
      'conversation.id is a number',
      { conversation: { id: 123, conversationType: 'personal', tenantId: TENANTS.contoso } },
    ],
    [
      'conversation.id is an object',
      {
        conversation: { id: { $gt: '' }, conversationType: 'personal', tenantId: TENANTS.contoso },
      },
    ],
    [
      'from.id is a number',
      { from: { id: 5, name: 'Alex Wilber', aadObjectId: demoUsers.alex.aadObjectId } },
    ],
    ['recipient.id is a number', { recipient: { id: 5, name: BOT.name } }],
    ['team.id is a number', { channelData: { tenant: { id: TENANTS.contoso }, team: { id: 5 } } }],
  ])(
    'a malformed activity cannot poison the store (%s): the store still opens afterwards and nothing was recorded',
    async (_name, patch) => {
      // An app of its own for each: one poisoned store must not fail the next case.
      const fresh = await startSecurityApp({ PERSON_MESSAGES_PER_SECOND: '0' });
      try {
        await fresh.send(activityFrom('alex'));
        const before = await dataDigest(fresh.dataFile);
        await fresh.post(activityFrom('alex', patch));
        await expectStoreOpens(fresh);
        expect(await dataDigest(fresh.dataFile)).toBe(before);
      } finally {
        await fresh.stop();
      }
    },
  );

  // Bug: a message in Ana's personal chat without from.aadObjectId (Teams always sends it) is
  // recorded as the installation of that chat, replacing Ana with nobody: she can no longer be told
  // about her benefits personally (canReach is false) until she writes again.
  test("a message without its sender's Entra object id does not change whose personal chat it is", async () => {
    await own.send(activityFrom('ana'));
    const before = await dataDigest(own.dataFile);
    const anonymous = activityFrom('ana');
    anonymous.from = { id: `29:${demoUsers.ana.aadObjectId}`, name: 'Ana Bowman' };
    await own.post(anonymous);
    expect(await dataDigest(own.dataFile)).toBe(before);
    const conversations = (await own.app.stores.benefits.notificationSettings(TENANTS.contoso))
      .conversations;
    expect(
      conversations.find((c) => c.conversationId === personalConversationId(demoUsers.ana))?.userId,
    ).toBe(demoUsers.ana.aadObjectId);
  });

  // Bug: only `type` is checked before botbuilder; a serviceUrl that is not a string makes botbuilder
  // answer 500 with its own message ("endpoint.toLowerCase is not a function").
  test.each([
    ['a number', 42],
    ['an object', { href: 'http://127.0.0.1' }],
    ['an array', ['http://127.0.0.1']],
  ])(
    'a serviceUrl that is %s is refused with a 400 that names no internals',
    async (_name, serviceUrl) => {
      const before = await storeDigest(own.dataFile);
      const { status, body } = await own.post({ ...activityFrom('alex'), serviceUrl });
      expect(status).toBe(400);
      expect(body).not.toMatch(/toLowerCase|is not a function/);
      expect(await storeDigest(own.dataFile)).toBe(before);
      expect(await own.healthy()).toBe(true);
    },
  );

  // The same check: a serviceUrl that is no http(s) URL is recorded as where Alex's notifications go.
  test.each([['not a url'], ['file:///etc/passwd'], ['javascript:alert(1)']])(
    'a serviceUrl "%s" is refused with a 400 and is not recorded as where notifications go',
    async (serviceUrl) => {
      const before = await storeDigest(own.dataFile);
      const { status } = await own.post({ ...activityFrom('alex'), serviceUrl });
      expect(status).toBe(400);
      expect(await storeDigest(own.dataFile)).toBe(before);
      expect(await own.healthy()).toBe(true);
    },
  );
});
