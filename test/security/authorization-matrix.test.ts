import { randomUUID } from 'node:crypto';
import { resolveAccess, toActor, type Actor } from '../../services/access.service';
import { AssignmentService } from '../../services/assignment.service';
import { AsksService } from '../../services/asks.service';
import { AuditService } from '../../services/audit.service';
import { BenefitsService } from '../../services/benefits.service';
import { CancellationService } from '../../services/cancellation.service';
import { pinnedClock } from '../../services/clock';
import { LocalDirectory } from '../../services/directory/directory';
import { BenefitError, type BenefitErrorCode } from '../../services/errors';
import { ExportsService } from '../../services/exports.service';
import { GoToMarketService } from '../../services/go-to-market.service';
import { KeysService } from '../../services/keys.service';
import type { AdminRole } from '../../services/model';
import { NotificationsService } from '../../services/notifications/notifications.service';
import { PeopleService } from '../../services/people.service';
import { RequestsService } from '../../services/requests.service';
import { UsersService } from '../../services/users.service';
import { people, CONTOSO_TENANT, FABRIKAM_TENANT } from '../support/people';

/** Someone Teams says is asking: a tenant, an Entra object id and a display name. */
type Person = { tenantId: string; userId: string; displayName: string };
import { demoStores, NOW, TEST_CIPHER } from '../support/temp-store';
import { storedDigest } from '../support/test-backend';
import { PERSONAL_CHAT } from '../../services/policy/visibility';

/**
 * R1 as a matrix: every action the services offer × every kind of person, each cell allowed or
 * refused with the code the rules call for. The expected outcome is computed from the table below,
 * which restates R1 (shared/spec/benefit-rules.md) and, for actions R1 does not name, the README's
 * "Who" column; the services are never asked what they think. Each cell runs on a fresh copy of the
 * demo organisations, and a refusal must leave the store exactly as it was (test-backend.ts's
 * storedDigest: on lowdb every file byte for byte, on PostgreSQL every row).
 *
 * R1.2 (buying a benefit package: any admin role) has no action in the bot: packages come in
 * through `npm run org`, so there is no cell for it.
 */

type Role = AdminRole | 'employee';

/** Who may do what: R1.1–R1.6, restated. */
const RULES = {
  /** R1.3: assigning (and everything that hands out or takes back a benefit) needs Global admin. */
  globalAdmin: { allowed: ['globalAdmin'], refusal: 'ROLE.GLOBAL_ADMIN_REQUIRED' },
  /** R1.4: Go-To-Market needs Global admin or MPN partner admin (README: cancellation and notification settings too). */
  marketing: {
    allowed: ['globalAdmin', 'mpnPartnerAdmin'],
    refusal: 'ROLE.MARKETING_ROLE_REQUIRED',
  },
  /** R1.5: adding a user needs Global admin or User admin. */
  userAdmin: { allowed: ['globalAdmin', 'userAdmin'], refusal: 'ROLE.USER_ADMIN_REQUIRED' },
  /** R1.6: every admin role sees the organisation's benefits (README: and requests hours for it). */
  anyAdmin: {
    allowed: ['globalAdmin', 'userAdmin', 'mpnPartnerAdmin', 'adminAgent'],
    refusal: 'ROLE.ADMIN_REQUIRED',
  },
  /** R1.6: everyone sees their own benefits and may ask for one. */
  everyone: {
    allowed: ['globalAdmin', 'userAdmin', 'mpnPartnerAdmin', 'adminAgent', 'employee'],
    refusal: null,
  },
} as const satisfies Record<string, { allowed: readonly Role[]; refusal: BenefitErrorCode | null }>;

type Rule = keyof typeof RULES;

/** The people of the matrix: one per role, and two with none in Contoso. */
interface Subject {
  label: string;
  person: Person;
  /** What they are in Contoso; null: nobody Contoso's user list knows. */
  role: Role | null;
}

const SUBJECTS: Subject[] = [
  { label: 'Global admin (Alex Wilber)', person: people.alex, role: 'globalAdmin' },
  { label: 'User admin (Adele Vance)', person: people.adele, role: 'userAdmin' },
  { label: 'MPN partner admin (Megan Bowen)', person: people.megan, role: 'mpnPartnerAdmin' },
  { label: 'Admin agent (Isaiah Langer)', person: people.isaiah, role: 'adminAgent' },
  { label: 'employee (Ana Bowman)', person: people.ana, role: 'employee' },
  { label: 'unknown person in Contoso (New Starter)', person: people.stranger, role: null },
  // Teams says which tenant a message comes from; the bot looks people up only there (never across tenants).
  {
    label: "person from another organisation (Kenji Sato, Fabrikam's Global admin, in Contoso)",
    person: { ...people.kenji, tenantId: CONTOSO_TENANT },
    role: null,
  },
];

// ---- the services, on a fresh store per cell ----

type Stores = Awaited<ReturnType<typeof demoStores>>;

function servicesOn(stores: Stores) {
  const store = stores.benefits;
  const clock = pinnedClock(NOW);
  const directory = new PeopleService({ store, directoryFor: () => new LocalDirectory(store) });
  const deps = { store, clock, newId: randomUUID, people: directory };
  const assignments = new AssignmentService(deps);
  return {
    store,
    assignments,
    asks: new AsksService({ ...deps, assignments }),
    audit: new AuditService(store),
    benefits: new BenefitsService({ store, clock }),
    cancellation: new CancellationService(deps),
    exports: new ExportsService({ store, clock }),
    goToMarket: new GoToMarketService(deps),
    keys: new KeysService({ ...deps, cipher: TEST_CIPHER }),
    notifications: new NotificationsService(deps),
    requests: new RequestsService(deps),
    users: new UsersService(deps),
  };
}
type Services = ReturnType<typeof servicesOn>;

const PATTI = people.patti.userId;
const ANA = people.ana.userId;
const LEE_GU = people.leeGu.userId;

/** Every action, the rule that governs it, what it needs in place first, and whether it changes the organisation when allowed. */
interface Action {
  name: string;
  rule: Rule;
  changes: boolean;
  setup?: (s: Services) => Promise<unknown>;
  run: (s: Services, actor: Actor, setup: unknown) => Promise<unknown>;
  /** What an allowed call must return (beyond not throwing). */
  allowedResult?: (result: unknown) => void;
  /** What a refused call must return, when the refusal is a narrower answer rather than an error. */
  refusedResult?: (result: unknown) => void;
  /** The refusal when the person is nobody in the user list, if it differs from the rule's. */
  unknownRefusal?: BenefitErrorCode;
}

const scope = (expected: string) => (result: unknown) =>
  expect((result as { scope: string }).scope).toBe(expected);

const ACTIONS: Action[] = [
  {
    name: 'assign a Visual Studio seat (R5.1)',
    rule: 'globalAdmin',
    changes: true,
    run: (s, a) =>
      s.assignments.assign(a, {
        requestId: randomUUID(),
        benefitId: 'visual-studio-professional',
        userId: ANA,
      }),
  },
  {
    name: 'remove a seat (R5.3)',
    rule: 'globalAdmin',
    changes: true,
    run: (s, a) =>
      s.assignments.remove(a, {
        requestId: randomUUID(),
        benefitId: 'visual-studio-enterprise',
        userId: LEE_GU,
      }),
  },
  {
    name: 'reassign a seat (R5.3)',
    rule: 'globalAdmin',
    changes: true,
    run: (s, a) =>
      s.assignments.reassign(a, {
        requestId: randomUUID(),
        benefitId: 'visual-studio-enterprise',
        fromUserId: LEE_GU,
        toUserId: ANA,
      }),
  },
  {
    name: 'assign support with an alternative email (R6.2)',
    rule: 'globalAdmin',
    changes: true,
    run: (s, a) =>
      s.assignments.assign(a, {
        requestId: randomUUID(),
        benefitId: 'product-support-incidents',
        userId: PATTI,
        alternativeEmail: 'patti.support@fernandez.example',
      }),
  },
  {
    name: 'confirm a pending support activation (R6.3)',
    rule: 'globalAdmin',
    changes: true,
    setup: (s) =>
      s.store.unitOfWork(
        CONTOSO_TENANT,
        (d) =>
          void d.assignments.push({
            id: 'pending-support',
            benefitId: 'product-support-incidents',
            userId: PATTI,
            state: 'pendingActivation',
            assignedAt: NOW.toISOString(),
            assignedBy: people.alex.userId,
            alternativeEmail: 'patti.support@fernandez.example',
            activatedAt: null,
          }),
      ),
    run: (s, a) =>
      s.assignments.confirmActive(a, { benefitId: 'product-support-incidents', userId: PATTI }),
  },
  {
    name: 'activate Azure by assigning yourself (R4.1)',
    rule: 'globalAdmin',
    changes: true,
    run: (s, a) =>
      s.assignments.assign(a, {
        requestId: randomUUID(),
        benefitId: 'azure-monthly-credit',
        userId: a.userId ?? '',
      }),
  },
  {
    name: 'get license keys (R4.2)',
    rule: 'globalAdmin',
    changes: true,
    run: (s, a) =>
      s.keys.reveal(a, {
        requestId: randomUUID(),
        benefitId: 'microsoft-365-e5',
        audience: { ...PERSONAL_CHAT, conversationId: 'a:personal' },
      }),
  },
  {
    name: 'get software keys (R3.1–R3.3)',
    rule: 'globalAdmin',
    changes: true,
    run: (s, a) =>
      s.keys.reveal(a, {
        requestId: randomUUID(),
        benefitId: 'windows-11-enterprise',
        audience: { ...PERSONAL_CHAT, conversationId: 'a:personal' },
        language: 'en',
        os: 'x64',
        acceptRefundLoss: true,
      }),
  },
  {
    name: 'give someone a partner-program role',
    rule: 'globalAdmin',
    changes: true,
    run: (s, a) =>
      s.users.setPartnerRole(a, {
        requestId: randomUUID(),
        userId: ANA,
        role: 'adminAgent',
        grant: true,
      }),
  },
  {
    name: "approve an employee's request for a benefit",
    rule: 'globalAdmin',
    changes: true,
    setup: async (s) =>
      (await s.asks.ask(await actor(s, people.ana), 'visual-studio-professional')).ask.id,
    run: (s, a, askId) => s.asks.decide(a, askId as string, 'approve'),
  },
  {
    name: 'export the assignments',
    rule: 'globalAdmin',
    changes: false,
    run: (s, a) => s.exports.assignments(a),
  },
  {
    name: 'read the audit log',
    rule: 'globalAdmin',
    changes: false,
    run: (s, a) => s.audit.recent(a),
  },
  {
    name: 'set the marketing contact (R7.2)',
    rule: 'marketing',
    changes: true,
    run: (s, a) =>
      s.goToMarket.setMarketingContact(a, {
        requestId: randomUUID(),
        userId: people.megan.userId,
        email: 'megan.marketing@bowen.example',
        phone: '+1 425 555 0100',
        language: 'en',
      }),
  },
  {
    name: 'activate a Go-To-Market offer (R7.3)',
    rule: 'marketing',
    changes: true,
    setup: (s) =>
      s.store.unitOfWork(
        CONTOSO_TENANT,
        (d) =>
          void (d.organisation.marketingContact = {
            userId: people.megan.userId,
            email: 'megan.marketing@bowen.example',
            phone: '+14255550100',
            language: 'en',
          }),
      ),
    run: (s, a) =>
      s.goToMarket.requestActivation(a, { requestId: randomUUID(), benefitId: 'silver-core' }),
  },
  {
    name: 'confirm an offer active (R7.3)',
    rule: 'marketing',
    changes: true,
    setup: (s) =>
      s.store.unitOfWork(CONTOSO_TENANT, (d) => {
        const offer = d.benefits.find((b) => b.id === 'silver-core');
        if (offer?.kind === 'offer') offer.status = 'pending';
      }),
    run: (s, a) => s.goToMarket.confirmActive(a, { benefitId: 'silver-core' }),
  },
  {
    name: 'request a cancellation for a refund (R8)',
    rule: 'marketing',
    changes: true,
    run: (s, a) => s.cancellation.requestCancellation(a, { requestId: randomUUID() }),
  },
  {
    name: 'stop the notification channel',
    rule: 'marketing',
    changes: true,
    setup: (s) =>
      s.store.unitOfWork(
        CONTOSO_TENANT,
        (d) => void (d.notifications.channelConversationId = '19:general@thread.tacv2'),
      ),
    run: (s, a) => s.notifications.stopChannel(a),
  },
  {
    name: 'add a user (R1.5, R5.2)',
    rule: 'userAdmin',
    changes: true,
    run: (s, a) =>
      s.users.addUser(a, {
        requestId: randomUUID(),
        displayName: 'Nina Patel',
        email: 'nina@contoso.com',
      }),
  },
  {
    name: 'see who holds a benefit',
    rule: 'anyAdmin',
    changes: false,
    run: (s, a) => s.assignments.holders(a, 'visual-studio-enterprise'),
  },
  {
    name: 'see the marketing contact',
    rule: 'anyAdmin',
    changes: false,
    run: (s, a) => s.goToMarket.marketingContact(a),
  },
  {
    name: 'request advisory hours (R6.4)',
    rule: 'anyAdmin',
    changes: true,
    run: (s, a) =>
      s.requests.submitHoursRequest(a, {
        requestId: randomUUID(),
        benefitId: 'partner-advisory-hours',
        phase: 'design',
        solution: 'cloud',
        description: 'Landing zone review',
        hours: 2,
      }),
  },
  {
    name: "see the organisation's requests",
    rule: 'anyAdmin',
    changes: false,
    run: (s, a) => s.requests.organisationRequests(a),
  },
  {
    name: 'see failed notifications',
    rule: 'anyAdmin',
    changes: false,
    run: (s, a) => s.notifications.failed(a),
  },
  // R1.6: not a refusal but a narrower answer: an employee asking for the organisation's benefits sees their own.
  {
    name: "see the organisation's benefits (R1.6, R2)",
    rule: 'anyAdmin',
    changes: false,
    run: (s, a) => s.benefits.overview(a, PERSONAL_CHAT),
    allowedResult: scope('organisation'),
    refusedResult: scope('own'),
  },
  {
    name: 'see one category with its holders (R1.6)',
    rule: 'anyAdmin',
    changes: false,
    run: (s, a) => s.benefits.category(a, 'visualStudio', PERSONAL_CHAT),
    allowedResult: scope('organisation'),
    refusedResult: scope('own'),
  },
  {
    name: 'see my benefits',
    rule: 'everyone',
    changes: false,
    run: (s, a) => s.benefits.mine(a, PERSONAL_CHAT),
    allowedResult: scope('organisation'),
    refusedResult: scope('organisation'),
  },
  {
    name: 'ask for a benefit',
    rule: 'everyone',
    changes: true,
    run: (s, a) => s.asks.ask(a, 'visual-studio-professional'),
    unknownRefusal: 'USER.NOT_FOUND',
  },
];

async function actor(s: Services, person: Person): Promise<Actor> {
  const access = await resolveAccess(s.store, person);
  if (access.kind !== 'member')
    throw new Error(`${person.displayName} is not served in ${person.tenantId}`);
  return access.actor;
}

/** What the store holds at rest, Contoso and everything else: a digest of its files (lowdb) or rows (PostgreSQL). */
function storedNow(stores: Stores): Promise<string> {
  return storedDigest(stores.dataFile);
}

/** What R1 says for this person and action: allowed, or refused with this code (null: refused with a narrower answer). */
function expected(
  subject: Subject,
  action: Action,
): { allowed: true } | { allowed: false; code: BenefitErrorCode | null } {
  const rule = RULES[action.rule];
  if (subject.role !== null && (rule.allowed as readonly Role[]).includes(subject.role))
    return { allowed: true };
  if (subject.role === null && action.unknownRefusal)
    return { allowed: false, code: action.unknownRefusal };
  if (action.refusedResult) return { allowed: false, code: null };
  return { allowed: false, code: rule.refusal };
}

const cells = SUBJECTS.flatMap((subject) =>
  ACTIONS.map((action) => [subject.label, action.name, subject, action] as const),
);

describe('R1, every action × every role', () => {
  let stores: Stores;
  beforeEach(async () => {
    stores = await demoStores();
  });
  afterEach(() => stores.dispose());

  test.each(cells)('%s: %s', async (_who, _what, subject, action) => {
    const s = servicesOn(stores);
    const prepared = action.setup ? await action.setup(s) : undefined;
    const asked = await actor(s, subject.person);
    expect(asked.roles).toEqual(
      subject.role === null || subject.role === 'employee' ? [] : [subject.role],
    );
    const before = await storedNow(stores);
    const outcome = await action.run(s, asked, prepared).then(
      (value) => ({ ok: true as const, value }),
      (err: unknown) => ({ ok: false as const, err }),
    );
    const after = await storedNow(stores);
    const want = expected(subject, action);

    if (want.allowed) {
      if (!outcome.ok)
        throw new Error(
          `expected ${action.name} to be allowed, but it threw ${outcome.err instanceof BenefitError ? outcome.err.code : String(outcome.err)}`,
        );
      action.allowedResult?.(outcome.value);
      if (action.changes) expect(after).not.toBe(before);
      return;
    }
    if (want.code === null) {
      if (!outcome.ok)
        throw new Error(
          `expected a narrower answer, but ${action.name} threw ${outcome.err instanceof BenefitError ? outcome.err.code : String(outcome.err)}`,
        );
      action.refusedResult?.(outcome.value);
    } else {
      expect(outcome.ok).toBe(false);
      const err = outcome.ok ? undefined : outcome.err;
      expect(err).toBeInstanceOf(BenefitError);
      expect((err as BenefitError).code).toBe(want.code);
    }
    // A refusal changes nothing at all (not even the record of processed requests).
    expect(after).toBe(before);
  });

  test("a refusal under R1.3 names the organisation's Global admins (and no one else)", async () => {
    const s = servicesOn(stores);
    const err = await s.assignments
      .assign(await actor(s, people.ana), {
        requestId: 'r',
        benefitId: 'visual-studio-professional',
        userId: ANA,
      })
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BenefitError);
    expect((err as BenefitError).details).toEqual({ admins: ['Alex Wilber'] });
  });
});

describe('another organisation', () => {
  let stores: Stores;
  beforeEach(async () => {
    stores = await demoStores();
  });
  afterEach(() => stores.dispose());

  test("Fabrikam's Global admin, in his own tenant, is not served (R9: managed in PMC)", async () => {
    const access = await resolveAccess(stores.benefits, people.kenji);
    expect(access).toEqual({ kind: 'managedInPmc', organisationName: 'Fabrikam Consulting' });
  });

  test("a Global admin of another organisation, acting with Contoso's ids, finds nothing of Contoso and changes nothing there", async () => {
    const s = servicesOn(stores);
    // Fabrikam as if it had moved to Partner Center: its Global admin has every right there, none in Contoso.
    await stores.benefits.unitOfWork(
      FABRIKAM_TENANT,
      (d) => void (d.organisation.managedIn = 'partnerCenter'),
    );
    const fabrikam = await stores.benefits.organisation(FABRIKAM_TENANT);
    const kenjiUser = await stores.benefits.user(FABRIKAM_TENANT, people.kenji.userId);
    if (!fabrikam || !kenjiUser) throw new Error('Fabrikam is missing');
    const kenji = toActor(fabrikam, kenjiUser, 'Kenji Sato');
    expect(kenji.roles).toEqual(['globalAdmin']);
    const before = await storedNow(stores);
    const attempts: [string, () => Promise<unknown>, BenefitErrorCode][] = [
      [
        "assign Contoso's VS Enterprise to Contoso's Ana",
        () =>
          s.assignments.assign(kenji, {
            requestId: randomUUID(),
            benefitId: 'visual-studio-enterprise',
            userId: ANA,
          }),
        'BENEFIT.NOT_FOUND',
      ],
      // Fabrikam has a benefit with the same id as Contoso's: the person still is not Fabrikam's.
      [
        "assign VS Professional (an id both have) to Contoso's Ana",
        () =>
          s.assignments.assign(kenji, {
            requestId: randomUUID(),
            benefitId: 'visual-studio-professional',
            userId: ANA,
          }),
        'USER.NOT_FOUND',
      ],
      [
        "remove Contoso's Lee Gu from VS Enterprise",
        () =>
          s.assignments.remove(kenji, {
            requestId: randomUUID(),
            benefitId: 'visual-studio-enterprise',
            userId: LEE_GU,
          }),
        'BENEFIT.NOT_FOUND',
      ],
      [
        "get Contoso's Windows keys",
        () =>
          s.keys.reveal(kenji, {
            requestId: randomUUID(),
            benefitId: 'windows-11-enterprise',
            audience: { ...PERSONAL_CHAT, conversationId: 'c' },
            language: 'en',
            os: 'x64',
            acceptRefundLoss: true,
          }),
        'BENEFIT.NOT_FOUND',
      ],
      [
        "make Contoso's Ana an admin agent",
        () =>
          s.users.setPartnerRole(kenji, {
            requestId: randomUUID(),
            userId: ANA,
            role: 'adminAgent',
            grant: true,
          }),
        'USER.NOT_FOUND',
      ],
      [
        "make Contoso's Megan the marketing contact",
        () =>
          s.goToMarket.setMarketingContact(kenji, {
            requestId: randomUUID(),
            userId: people.megan.userId,
            email: 'm@bowen.example',
            phone: '+14255550100',
            language: 'en',
          }),
        'USER.NOT_FOUND',
      ],
      [
        "see who holds Contoso's VS Enterprise",
        () => s.assignments.holders(kenji, 'visual-studio-enterprise'),
        'BENEFIT.NOT_FOUND',
      ],
    ];
    for (const [what, attempt, code] of attempts) {
      const err = await attempt().then(
        () => undefined,
        (e: unknown) => e,
      );
      expect({ what, code: err instanceof BenefitError ? err.code : String(err) }).toEqual({
        what,
        code,
      });
    }
    expect(await storedNow(stores)).toBe(before);
    // What Kenji may read is Fabrikam's: the export holds none of Contoso's people.
    const file = await s.exports.assignments(kenji);
    expect(file.content.toString('utf8')).not.toMatch(/contoso/i);
  });
});
