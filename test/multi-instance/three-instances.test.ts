import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Activity } from 'botbuilder';
import { en } from '../../cards/i18n/en';
import { enqueue } from '../../services/notifications/outbox';
import type { Stores } from '../../services/ports';
import { openPgStores } from '../../services/store/pg/pg-store';
import { cardSubmit, demoUsers, personalMessage, TENANTS } from '../support/activities';
import { isJson, nodes } from '../support/card-json';
import { startLimitedConnector, type LimitedConnector } from '../support/limited-connector';
import { CHILD_NOW, startBotProcess, type BotProcess } from '../reliability/support/bot-process';
import { describeWithPostgres, startPgServer, type PgServer } from '../store-pg/pg-server';

/**
 * Three bot instances, each a real process (index.ts) on its own port, over one PostgreSQL
 * database, with the test spreading turns across them as Azure Bot Service would. Replies and
 * notifications go to a connector stand-in that enforces Teams' limits.
 */

type Json = Record<string, unknown>;
const CONTOSO = TENANTS.contoso;
const KEYS_SECRET = '0f'.repeat(32);
const NOW = '2026-11-24T09:00:00Z';
const LEASE_SECONDS = 3;
const VS_ENT = 'visual-studio-enterprise';
/** start()'s clock for instances that must agree on the time: the system's. */
const SYSTEM_CLOCK = null;

let pg: PgServer;
let connector: LimitedConnector;
let dir: string;
let instances: BotProcess[] = [];
let databaseUrl: string;
let store: Stores;

/** The test's own view of the database (a fourth client): to read what the instances stored. */
async function openStore(): Promise<Stores> {
  store = await openPgStores({ connectionString: databaseUrl, seed: () => [] });
  return store;
}

async function post(
  instance: BotProcess,
  activity: Partial<Activity>,
): Promise<{ status: number; body: unknown }> {
  const res = await fetch(`${instance.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...activity, serviceUrl: connector.serviceUrl }),
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  return { status: res.status, body: text ? (JSON.parse(text) as unknown) : undefined };
}

const confirm = (data: Json) =>
  cardSubmit(
    demoUsers.alex,
    { action: { type: 'Action.Execute', verb: 'change.confirm', data }, trigger: 'manual' },
    { type: 'invoke', name: 'adaptiveCard/action' },
  );

/** The last card the connector received in this conversation. */
function lastCardIn(conversationId: string): Json | undefined {
  const card = connector
    .accepted()
    .filter(
      (a) => a.activity.conversation?.id === conversationId || a.conversationId === conversationId,
    )
    .flatMap((a) => a.activity.attachments ?? [])
    .map((a) => a.content as unknown)
    .filter(isJson)
    .at(-1);
  return card;
}

function action(card: Json | undefined, title: string | RegExp): Json {
  const found = nodes(card).find(
    (n) =>
      typeof n.type === 'string' &&
      n.type.startsWith('Action.') &&
      typeof n.title === 'string' &&
      (typeof title === 'string' ? n.title === title : title.test(n.title)),
  );
  if (!found)
    throw new Error(`no action ${String(title)} in ${JSON.stringify(card)?.slice(0, 500)}`);
  return found;
}

describeWithPostgres('three instances over one PostgreSQL database', () => {
  beforeAll(async () => {
    pg = await startPgServer();
    connector = await startLimitedConnector();
    dir = await mkdtemp(join(tmpdir(), 'benefits-three-'));
  }, 30_000);

  afterAll(async () => {
    await connector?.close();
    await pg?.stop();
    if (dir) await rm(dir, { recursive: true, force: true });
  });

  /**
   * `now` is where each instance's clock starts (BENEFITS_NOW; by default CHILD_NOW, the day the demo
   * data is seeded for); SYSTEM_CLOCK runs them on the system clock, as deployed instances do. Pinned
   * clocks start when each process starts, so they disagree by the difference in start-up: fine for
   * one reminder, not for rate limits measured across instances.
   */
  async function start(
    count: number,
    now: string | typeof SYSTEM_CLOCK = CHILD_NOW,
  ): Promise<BotProcess[]> {
    const started = await Promise.all(
      Array.from({ length: count }, () =>
        startBotProcess({
          dataFile: join(dir, 'unused.json'),
          cwd: dir,
          env: {
            DATABASE_URL: databaseUrl,
            KEYS_SECRET,
            BENEFITS_NOW: now === SYSTEM_CLOCK ? undefined : now,
            PERSON_MESSAGES_PER_SECOND: '0',
            OUTBOX_LEASE_SECONDS: String(LEASE_SECONDS),
            LOG_LEVEL: 'warn',
          },
          readyTimeoutMs: 30_000,
        }),
      ),
    );
    instances.push(...started);
    return started;
  }

  beforeEach(async () => {
    connector.clear();
    databaseUrl = await pg.createDatabase();
    instances = [];
  });

  afterEach(async () => {
    await Promise.all(instances.map((i) => i.stop()));
    await store?.close();
  });

  test('50 Confirms for the last free seat, spread over the three: exactly one assignment', async () => {
    const [a, b, c] = await start(3);
    const spread = [a, b, c] as BotProcess[];
    const benefits = await (await openStore()).benefits.assignments(CONTOSO);
    const held = benefits.filter((x) => x.benefitId === VS_ENT).length;
    const quantity =
      (await store.benefits.benefits(CONTOSO)).find((x) => x.id === VS_ENT)?.quantity ?? 0;
    // Fill all but one seat first.
    const candidates = [
      demoUsers.ana,
      demoUsers.leePark,
      demoUsers.taro,
      demoUsers.hanako,
      demoUsers.diego,
      demoUsers.nestor,
      demoUsers.johanna,
      demoUsers.megan,
      demoUsers.adele,
      demoUsers.isaiah,
      demoUsers.patti,
    ];
    let next = 0;
    for (let free = quantity - held; free > 1; free -= 1) {
      const who = candidates[next++];
      expect(
        (
          await post(
            spread[next % 3] as BotProcess,
            confirm({
              op: 'assign',
              requestId: randomUUID(),
              benefitId: VS_ENT,
              userId: who?.aadObjectId,
            }),
          )
        ).status,
      ).toBe(200);
    }
    const rest = candidates.slice(next);
    const answers = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        post(
          spread[i % 3] as BotProcess,
          confirm({
            op: 'assign',
            requestId: randomUUID(),
            benefitId: VS_ENT,
            userId: rest[i % rest.length]?.aadObjectId,
          }),
        ),
      ),
    );
    expect(answers.every((x) => x.status === 200)).toBe(true);
    const after = (await store.benefits.assignments(CONTOSO)).filter((x) => x.benefitId === VS_ENT);
    expect(after).toHaveLength(quantity);
    const audit = (await store.benefits.auditEntries(CONTOSO)).filter(
      (e) => e.action === 'benefit.assigned' && e.benefitId === VS_ENT,
    );
    expect(audit).toHaveLength(quantity - held);
  }, 90_000);

  test('"assign VS to Ana" with each turn on a different instance', async () => {
    const [a, b, c] = await start(3);
    const chat = personalMessage(demoUsers.alex, 'assign VS to Ana');
    const conversationId = chat.conversation?.id ?? '';
    await post(a as BotProcess, chat);
    // "VS" is two benefits: the choice comes from instance 1, the answer goes to instance 2.
    const choice = action(lastCardIn(conversationId), /Visual Studio Enterprise/);
    await post(b as BotProcess, cardSubmit(demoUsers.alex, choice.data as Json));
    const confirmation = lastCardIn(conversationId);
    expect(JSON.stringify(confirmation)).toContain('Ana Bowman');
    const button = action(confirmation, en['confirm.button']);
    const outcome = await post(c as BotProcess, confirm(button.data as Json));
    expect(JSON.stringify(outcome.body)).toContain('Ana Bowman');
    expect(
      (await (await openStore()).benefits.assignments(CONTOSO)).some(
        (x) => x.benefitId === VS_ENT && x.userId === demoUsers.ana.aadObjectId,
      ),
    ).toBe(true);
  }, 90_000);

  test('an instance killed with SIGKILL while the three deliver 300 notifications: each is delivered once by the survivors (the one in flight at the kill at most twice)', async () => {
    // Teams' limits are kept across the three in the database: their clocks must agree (the system's, as deployed).
    const [first] = await start(3, SYSTEM_CLOCK);
    await openStore();
    const chats = Array.from({ length: 20 }, (_, i) => ({
      conversationId: `a:chat-${i}`,
      kind: 'personal' as const,
      userId: `user-${i}`,
      memberId: `29:user-${i}`,
      serviceUrl: connector.serviceUrl,
      channelId: 'msteams',
      botId: '28:partner-benefits',
      botName: 'Partner Benefits',
      teamId: null,
      installedAt: NOW,
    }));
    const ids = await store.benefits.unitOfWork(CONTOSO, (data) => {
      data.notifications.conversations.push(...chats);
      const deps = { store: store.benefits, clock: { now: () => new Date() }, newId: randomUUID };
      return Array.from(
        { length: 300 },
        (_, i) =>
          enqueue(
            deps,
            data,
            { type: 'person', userId: `user-${i % 20}` },
            {
              type: 'requestSubmitted',
              reference: `ADV-${i}`,
              benefit: null,
              by: 'Alex Wilber',
              hours: null,
            },
          ).id,
      );
    });
    const wanted = new Set(ids);
    const delivered = () =>
      connector.accepted().filter((x) => x.notificationId && wanted.has(x.notificationId));
    await connector.waitUntil(() => delivered().length >= 60, 60_000);
    await first?.kill();
    instances = instances.filter((i) => i !== first);
    await connector.waitUntil(
      () => new Set(delivered().map((x) => x.notificationId)).size === 300,
      120_000,
      () => `${new Set(delivered().map((x) => x.notificationId)).size} of 300`,
    );
    const counts = new Map<string, number>();
    for (const x of delivered())
      counts.set(x.notificationId ?? '', (counts.get(x.notificationId ?? '') ?? 0) + 1);
    const twice = [...counts.values()].filter((n) => n > 1);
    expect(twice.length).toBeLessThanOrEqual(1);
    expect(Math.max(...counts.values())).toBeLessThanOrEqual(2);
    expect(connector.requests().filter((r) => r.status === 429)).toEqual([]);
    // Each delivery is recorded just after Teams accepted it: give the survivors a moment to finish recording.
    for (let i = 0; i < 100 && (await store.benefits.pendingNotifications(CONTOSO)).length > 0; i++)
      await new Promise((resolve) => setTimeout(resolve, 100));
    expect(await store.benefits.pendingNotifications(CONTOSO)).toEqual([]);
  }, 240_000);

  test('with the clock where a reminder is due, the three fire it once in total', async () => {
    // The first start seeds the demo data relative to its clock (purchased 12 days before).
    const [seeder] = await start(1, NOW);
    await seeder?.stop();
    instances = [];
    // 14 days later the refund window closes in 4 days: one reminder is due.
    await start(3, '2026-12-08T09:00:00Z');
    await new Promise((resolve) => setTimeout(resolve, 1_500));
    const outbox = await (
      await openStore()
    ).benefits.unitOfWork(CONTOSO, (data) =>
      data.outbox
        .filter((item) => item.event.type === 'reminder' && item.target.type !== 'person')
        .map((item) => ({
          target: item.target.type,
          reminder: (item.event as { reminder: string }).reminder,
        })),
    );
    expect(
      outbox
        .filter((item) => item.reminder === 'refundWindowClosing')
        .map((item) => item.target)
        .sort(),
    ).toEqual(['admins', 'channel']);
  }, 90_000);
});
