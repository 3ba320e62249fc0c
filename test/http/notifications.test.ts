import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Activity } from 'botbuilder';
import { startApp, type RunningApp } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { storedOrganisation, storeSettings } from '../support/test-backend';
import { createLogger } from '../../bot/logger';
import { en } from '../../cards/i18n/en';
import type { OrganisationData, UserId } from '../../services/model';
import type {
  NotificationEvent,
  OutboxItem,
  ReachableConversation,
} from '../../services/notifications/model';
import { enqueue } from '../../services/notifications/outbox';
import { action, ADAPTIVE, facts, isJson, msg, texts, type Json } from '../support/card-json';
import {
  BOT,
  cardSubmit,
  channelMention,
  demoUsers,
  GENERAL_CHANNEL,
  installationAdd,
  personalConversationId,
  personalMessage,
  TENANTS,
  type Person,
} from '../support/activities';
import {
  busiestWindow,
  limitViolations,
  startLimitedConnector,
  type AcceptedActivity,
  type LimitedConnector,
} from '../support/limited-connector';

/**
 * Issue 5's delivery promises, over HTTP with the real app (startApp: the outbox sender every second
 * and after every turn, the real TeamsNotifier through botbuilder's CloudAdapter) against a connector
 * stand-in that enforces Teams' rate limits (429 with Retry-After), answers some requests 503, and
 * can answer 403 for a conversation. Every conversation's serviceUrl is the stand-in.
 */

const NOW = '2026-11-24T09:00:00Z';
const CONTOSO = TENANTS.contoso;
const VS_PRO = 'Visual Studio Professional subscription';
/** Where each scenario leaves what it observed (counts of 429s and 503s, busiest windows, timings). */
const REPORT_DIR = resolve(__dirname, '..', '..', 'test-artifacts', 'http');

/** The Adaptive Card of an accepted activity. */
function cardOf(a: Pick<AcceptedActivity, 'activity'>): Json {
  const attachment = a.activity.attachments?.[0];
  expect(attachment?.contentType).toBe(ADAPTIVE);
  const content: unknown = attachment?.content;
  if (!isJson(content)) throw new Error('the attachment has no card content');
  return content;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Counts how often each value occurs. */
function tally(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

async function report(name: string, data: unknown): Promise<void> {
  await mkdir(REPORT_DIR, { recursive: true });
  await writeFile(join(REPORT_DIR, `${name}.json`), `${JSON.stringify(data, null, 2)}\n`);
}

/** What the stand-in saw, in numbers: the basis of the report on limits and retries. */
function observed(connector: LimitedConnector, ids: ReadonlySet<string>) {
  const accepted = connector
    .accepted()
    .filter((a) => a.notificationId && ids.has(a.notificationId));
  const requests = connector.requests();
  const byConversation = new Map<string, number[]>();
  for (const a of connector.accepted())
    byConversation.set(a.conversationId, [...(byConversation.get(a.conversationId) ?? []), a.at]);
  const statuses = tally(requests.map((r) => String(r.status)));
  const attempts = tally(
    requests
      .filter((r) => r.notificationId && ids.has(r.notificationId))
      .map((r) => r.notificationId as string),
  );
  // Each refused request, and what followed it for the same notification: how long until it was
  // sent again, and how many other requests the bot made meanwhile (none: the sender was blocked).
  const refused = requests
    .map((r, index) => ({ r, index }))
    .filter(({ r }) => r.status !== 200 && r.notificationId && ids.has(r.notificationId));
  const retries = refused.map(({ r, index }) => {
    const nextIndex = requests.findIndex(
      (q, i) => i > index && q.notificationId === r.notificationId,
    );
    const next = requests[nextIndex];
    return {
      status: r.status,
      gapMs: next ? next.at - r.at : null,
      othersInBetween: next ? nextIndex - index - 1 : null,
    };
  });
  return {
    requests: requests.length,
    statuses: Object.fromEntries(statuses),
    reasons429: Object.fromEntries(
      tally(requests.filter((r) => r.status === 429).map((r) => r.reason ?? '')),
    ),
    accepted: accepted.length,
    distinct: new Set(accepted.map((a) => a.notificationId)).size,
    mostAttemptsOfOneNotification: Math.max(0, ...attempts.values()),
    busiestConversationSecond: Math.max(
      0,
      ...[...byConversation.values()].map((t) => busiestWindow(t, 1_000)),
    ),
    busiestConversation2s: Math.max(
      0,
      ...[...byConversation.values()].map((t) => busiestWindow(t, 2_000)),
    ),
    busiestConversation30s: Math.max(
      0,
      ...[...byConversation.values()].map((t) => busiestWindow(t, 30_000)),
    ),
    busiestConversationHour: Math.max(
      0,
      ...[...byConversation.values()].map((t) => busiestWindow(t, 3_600_000)),
    ),
    busiestTenantSecond: busiestWindow(
      connector.accepted().map((a) => a.at),
      1_000,
    ),
    firstToLastAcceptedMs: accepted.length
      ? Math.max(...accepted.map((a) => a.at)) - Math.min(...accepted.map((a) => a.at))
      : 0,
    refusedThenRetried: retries,
  };
}

/** Contoso as stored durably (its file, or its rows read afresh): what a restarted bot starts from. */
function onDisk(dataFile: string): Promise<OrganisationData> {
  return storedOrganisation(dataFile, CONTOSO);
}

/** The app as production runs it, on a temp data file, with the clock starting at NOW. */
async function boot(dataFile: string): Promise<RunningApp> {
  // On PostgreSQL a killed instance's delivery stays claimed for the lease: a short one here, so the restarted bot sends it soon.
  const config = loadConfig({
    HOST: '127.0.0.1',
    ...(await storeSettings(dataFile)),
    BENEFITS_NOW: NOW,
    LOG_LEVEL: 'silent',
    OUTBOX_LEASE_SECONDS: '1',
  });
  return startApp({ ...config, port: 0 }, createLogger('silent'));
}

function personalChatAt(
  serviceUrl: string,
  userId: UserId,
  memberId: string,
): ReachableConversation {
  return {
    conversationId: `a:personal-${userId}`,
    kind: 'personal',
    userId,
    memberId,
    serviceUrl,
    channelId: 'msteams',
    botId: String(BOT.id),
    botName: String(BOT.name),
    teamId: null,
    installedAt: NOW,
  };
}

/** `count` people of Contoso: its demo users first, then made-up ones added to the organisation. */
function people(data: OrganisationData, count: number): UserId[] {
  for (let n = data.users.length + 1; data.users.length < count; n += 1) {
    const id = `00000000-0000-0000-0000-0000000009${String(n).padStart(2, '0')}`;
    data.users.push({
      id,
      displayName: `Load Tester ${n}`,
      aliases: [],
      email: `load.tester.${n}@contoso.com`,
      roles: [],
    });
  }
  return data.users.slice(0, count).map((u) => u.id);
}

/**
 * In one unit of work (one store write): `perPerson` notifications to each of `personCount` people,
 * each of whom has a personal conversation at the stand-in. Interleaved: one to each, then again.
 */
async function enqueueForPeople(
  app: RunningApp,
  connector: LimitedConnector,
  personCount: number,
  perPerson: number,
): Promise<{ items: OutboxItem[]; conversations: string[] }> {
  const deps = { store: app.stores.benefits, clock: app.clock, newId: randomUUID };
  return app.stores.benefits.unitOfWork(CONTOSO, (data) => {
    const ids = people(data, personCount);
    const conversations = ids.map((userId) =>
      personalChatAt(connector.serviceUrl, userId, `29:${userId}`),
    );
    data.notifications.conversations = [
      ...data.notifications.conversations.filter(
        (c) => !conversations.some((n) => n.conversationId === c.conversationId),
      ),
      ...conversations,
    ];
    const items: OutboxItem[] = [];
    for (let round = 1; round <= perPerson; round += 1) {
      for (const userId of ids) {
        const user = data.users.find((u) => u.id === userId);
        const event: NotificationEvent = {
          type: 'keysRevealed',
          benefitId: `load-${round}`,
          benefit: { en: `Load benefit ${round}`, ja: `負荷テスト特典 ${round}` },
          by: user?.displayName ?? userId,
        };
        items.push(enqueue(deps, data, { type: 'person', userId }, event));
      }
    }
    return { items, conversations: conversations.map((c) => c.conversationId) };
  });
}

/** Waits until every one of `ids` was accepted at least once (bounded), then a little longer for any late repeat. */
async function allArrived(
  connector: LimitedConnector,
  ids: ReadonlySet<string>,
  timeoutMs: number,
): Promise<AcceptedActivity[]> {
  const arrived = (accepted: readonly AcceptedActivity[]) =>
    new Set(
      accepted
        .filter((a) => a.notificationId && ids.has(a.notificationId))
        .map((a) => a.notificationId),
    );
  await connector.waitUntil(
    (accepted) => arrived(accepted).size === ids.size,
    timeoutMs,
    (accepted) =>
      `${arrived(accepted).size} of ${ids.size} notifications arrived; the connector answered ${JSON.stringify(Object.fromEntries(tally(connector.requests().map((r) => String(r.status)))))}`,
  );
  // Two more sender passes: a notification sent again would arrive in them.
  await sleep(2_500);
  return connector.accepted().filter((a) => a.notificationId && ids.has(a.notificationId));
}

function post(
  app: RunningApp,
  connector: LimitedConnector,
  activity: Partial<Activity>,
): Promise<Response> {
  return fetch(`${app.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...activity, serviceUrl: connector.serviceUrl }),
  });
}

/** POSTs an activity and returns what the bot sent back in that turn (replies in the activity's conversation). */
async function send(
  app: RunningApp,
  connector: LimitedConnector,
  activity: Partial<Activity>,
): Promise<AcceptedActivity[]> {
  const before = connector.accepted().length;
  const res = await post(app, connector, activity);
  expect(res.status).toBeGreaterThanOrEqual(200);
  expect(res.status).toBeLessThan(300);
  return connector
    .accepted()
    .slice(before)
    .filter(
      (a) => a.conversationId === activity.conversation?.id && a.notificationId === undefined,
    );
}

/** Presses an Action.Execute button as Teams does: an adaptiveCard/action invoke; returns the card of the HTTP answer. */
async function execute(
  app: RunningApp,
  connector: LimitedConnector,
  who: Person,
  button: Json,
): Promise<Json> {
  const invoke = cardSubmit(
    who,
    { action: { type: 'Action.Execute', verb: button.verb, data: button.data }, trigger: 'manual' },
    { type: 'invoke', name: 'adaptiveCard/action' },
  );
  const res = await post(app, connector, invoke);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { value?: unknown };
  if (!isJson(body.value)) throw new Error('the invoke answered no card');
  return body.value;
}

/** "assign VS Pro to <name>" in Alex's personal chat, then Confirm pressed. Returns the result card. */
async function assignVsPro(
  app: RunningApp,
  connector: LimitedConnector,
  name: string,
): Promise<Json> {
  const replies = await send(
    app,
    connector,
    personalMessage(demoUsers.alex, `assign VS Pro to ${name}`),
  );
  expect(replies).toHaveLength(1);
  const confirmation = cardOf(replies[0] as AcceptedActivity);
  expect(texts(confirmation)[0]).toBe(msg('en', 'confirm.assign', { benefit: VS_PRO, name }));
  return execute(app, connector, demoUsers.alex, action(confirmation, en['confirm.button']));
}

/** One scenario's app, stand-in and data directory, torn down after the test. */
interface Rig {
  app: RunningApp;
  connector: LimitedConnector;
  dataFile: string;
}
/** Apps to stop after the test, and "dead" ones (see kill), stopped last. */
const rigs: { dir: string; apps: RunningApp[]; dead: RunningApp[]; connector: LimitedConnector }[] =
  [];

async function rig(failureRate: number, seed = 5): Promise<Rig> {
  const dir = await mkdtemp(join(tmpdir(), 'benefits-notify-'));
  const connector = await startLimitedConnector({ failureRate, seed });
  const dataFile = join(dir, 'benefits.json');
  const app = await boot(dataFile);
  rigs.push({ dir, apps: [app], dead: [], connector });
  return { app, connector, dataFile };
}

/**
 * Makes a bot "dead" as far as anyone can tell: its server stops listening and its store refuses
 * everything, so its sender (stuck on a held request, then freed by the notifier's own send
 * timeout) can neither write nor find anything more to send. Its files are left as they were.
 */
async function kill(app: RunningApp): Promise<void> {
  await new Promise((done) => app.server.close(() => done(undefined)));
  // A killed process leaves its lock behind and is gone; here it lives on in this process, so its lock goes as its death would free it.
  if (!app.storage.includes('://')) await rm(`${app.storage}.lock`, { force: true });
  const store = app.stores.benefits;
  store.tenantIds = () => Promise.resolve([]);
  store.pendingNotifications = () => Promise.resolve([]);
  store.unitOfWork = () => Promise.reject(new Error('this bot is dead'));
}

afterEach(async () => {
  for (const { dir, apps, dead, connector } of rigs.splice(0)) {
    for (const app of apps) await app.stop().catch(() => undefined);
    for (const app of dead) {
      connector.release();
      await app.stop().catch(() => undefined);
    }
    await connector.close();
    await rm(dir, { recursive: true, force: true });
  }
});

describe('delivery at scale through a connector that enforces Teams limits', () => {
  test('500 notifications across 20 personal conversations all arrive exactly once, no conversation or tenant over its limit, with 503s and 429s retried', async () => {
    const { app, connector } = await rig(0.03);
    const started = Date.now();
    const { items, conversations } = await enqueueForPeople(app, connector, 20, 25);
    expect(items).toHaveLength(500);
    expect(new Set(conversations).size).toBe(20);
    const ids = new Set(items.map((i) => i.id));

    const arrived = await allArrived(connector, ids, 90_000);
    const seen = observed(connector, ids);
    await report('notifications-500', { elapsedMs: Date.now() - started, ...seen });

    // Exactly once, by notificationId, each in its person's conversation.
    expect(arrived).toHaveLength(500);
    expect(
      [...tally(arrived.map((a) => a.notificationId ?? '')).values()].every((n) => n === 1),
    ).toBe(true);
    const conversationOf = new Map(
      items.map((i) => [i.id, i.target.type === 'person' ? `a:personal-${i.target.userId}` : '']),
    );
    expect(
      arrived.filter((a) => conversationOf.get(a.notificationId ?? '') !== a.conversationId),
    ).toEqual([]);
    // Never over a limit, per conversation or for the tenant, checked from the records.
    expect(limitViolations(connector.accepted())).toEqual([]);
    expect(new Set(arrived.map((a) => a.tenantId))).toEqual(new Set([CONTOSO]));
    // The stand-in did refuse some (503 at least; 429 when a window was full), and they were sent again.
    expect(seen.statuses['503'] ?? 0).toBeGreaterThan(0);
    // The outbox agrees: everything sent, nothing pending or failed.
    expect(await app.stores.benefits.pendingNotifications(CONTOSO)).toEqual([]);
    expect(await app.stores.benefits.failedNotifications(CONTOSO)).toEqual([]);
  }, 150_000);

  test('the bot stopped mid-delivery and a new one started on the same data file: every notification arrives, none twice', async () => {
    // No 503s here (the 500 above has them): an HTTP-level retry stalls the sender's pass, and stop()
    // waits for the pass in progress, which could then go on to send everything before stopping.
    const first = await rig(0);
    const { connector, dataFile } = first;
    const { items } = await enqueueForPeople(first.app, connector, 20, 10);
    const ids = new Set(items.map((i) => i.id));
    const mine = () =>
      connector.accepted().filter((a) => a.notificationId && ids.has(a.notificationId));

    await connector.waitUntil(() => mine().length >= 10, 20_000);
    const atStop = mine().length;
    await first.app.stop();
    const afterStop = mine().length;
    const pendingAtStop = (await onDisk(dataFile)).outbox.filter(
      (i) => ids.has(i.id) && i.status === 'pending',
    ).length;
    // Else nothing was left for the new bot, and the test proved nothing.
    expect(afterStop).toBeLessThan(items.length);

    // Nothing arrives while no bot runs.
    await sleep(1_500);
    expect(mine()).toHaveLength(afterStop);

    const second = await boot(dataFile);
    rigs[rigs.length - 1]?.apps.push(second);
    const arrived = await allArrived(connector, ids, 60_000);
    const counts = tally(arrived.map((a) => a.notificationId ?? ''));
    const twice = [...counts.entries()].filter(([, n]) => n > 1);
    await report('notifications-restart', {
      acceptedWhenStopWasCalled: atStop,
      acceptedWhenStopReturned: afterStop,
      pendingReadAfterStop: pendingAtStop,
      duplicates: twice.length,
      ...observed(connector, ids),
    });

    expect(counts.size).toBe(items.length);
    expect(twice).toEqual([]);
    expect(limitViolations(connector.accepted())).toEqual([]);
    expect(await second.stores.benefits.pendingNotifications(CONTOSO)).toEqual([]);
  }, 120_000);

  test('the bot killed while a send is in flight (the connector took it, the bot never heard back) and a new one started: all arrive, at most that one twice', async () => {
    const first = await rig(0, 13);
    const { connector, dataFile } = first;
    const setup = rigs[rigs.length - 1];
    const { items } = await enqueueForPeople(first.app, connector, 10, 10);
    const ids = new Set(items.map((i) => i.id));
    const mine = () =>
      connector.accepted().filter((a) => a.notificationId && ids.has(a.notificationId));

    await connector.waitUntil(() => mine().length >= 10, 20_000);
    // The next send is taken by the connector and never answered: the bot is frozen mid-request, as if killed.
    connector.holdNext(1);
    await connector.waitUntil(() => connector.held() === 1, 10_000);
    const inFlight = connector.requests().find((r) => r.status === 0)?.notificationId;
    expect(inFlight).toBeDefined();
    if (setup) {
      setup.apps = [];
      setup.dead.push(first.app);
    }
    await kill(first.app);
    const beforeRestart = mine().length;
    await sleep(1_500);
    expect(mine()).toHaveLength(beforeRestart); // the dead bot sends nothing more

    const second = await boot(dataFile);
    setup?.apps.push(second);
    const arrived = await allArrived(connector, ids, 60_000);
    const counts = tally(arrived.map((a) => a.notificationId ?? ''));
    const twice = [...counts.entries()].filter(([, n]) => n > 1);
    await report('notifications-killed', {
      acceptedBeforeRestart: beforeRestart,
      inFlight,
      duplicates: Object.fromEntries(twice),
      ...observed(connector, ids),
    });

    expect(counts.size).toBe(100);
    // Only the send in flight when the bot died can arrive twice: the connector took it, the bot never recorded it.
    expect(twice.filter(([id, n]) => id !== inFlight || n > 2)).toEqual([]);
    expect(limitViolations(connector.accepted())).toEqual([]);
    // The one in flight may be sent (and recorded) again a moment after the rest arrived.
    for (
      let i = 0;
      i < 100 && (await second.stores.benefits.pendingNotifications(CONTOSO)).length > 0;
      i++
    )
      await sleep(100);
    expect(await second.stores.benefits.pendingNotifications(CONTOSO)).toEqual([]);
  }, 120_000);

  test('a notification whose sends are answered 503 four times in a row is sent again later and arrives exactly once', async () => {
    const { app, connector, dataFile } = await rig(0);
    await send(app, connector, installationAdd(demoUsers.patti));
    const pattiChat = personalConversationId(demoUsers.patti);
    connector.failNext(pattiChat, 4, 503);
    const deps = { store: app.stores.benefits, clock: app.clock, newId: randomUUID };
    const item = await app.stores.benefits.unitOfWork(CONTOSO, (data) =>
      enqueue(
        deps,
        data,
        { type: 'person', userId: demoUsers.patti.aadObjectId },
        {
          type: 'keysRevealed',
          benefitId: 'windows-11-enterprise',
          benefit: { en: 'Windows 11 Enterprise', ja: 'Windows 11 Enterprise' },
          by: 'Alex Wilber',
        },
      ),
    );
    const ids = new Set([item.id]);
    try {
      await connector.waitUntil(
        (accepted) => accepted.some((a) => a.notificationId === item.id),
        30_000,
      );
      await sleep(2_500);
    } finally {
      const stored = (await onDisk(dataFile)).outbox.find((i) => i.id === item.id);
      await report('notifications-503-streak', { stored, ...observed(connector, ids) });
    }
    expect(connector.accepted().filter((a) => a.notificationId === item.id)).toHaveLength(1);
    expect(
      connector
        .requests()
        .filter((r) => r.notificationId === item.id)
        .map((r) => r.status),
    ).toEqual([503, 503, 503, 503, 200]);
  }, 60_000);
});

describe('a conversation the bot was removed from (403)', () => {
  test('is forgotten, its notification ends as failed, and "show failed notifications" lists it for Alex', async () => {
    const { app, connector } = await rig(0);
    // Alex and Patti install the bot personally.
    await send(app, connector, installationAdd(demoUsers.alex));
    await send(app, connector, installationAdd(demoUsers.patti));
    const pattiChat = personalConversationId(demoUsers.patti);
    const reachable = async () =>
      (await app.stores.benefits.notificationSettings(CONTOSO)).conversations.map(
        (c) => c.conversationId,
      );
    expect(await reachable()).toEqual(
      expect.arrayContaining([personalConversationId(demoUsers.alex), pattiChat]),
    );

    connector.forbid(pattiChat);
    const deps = { store: app.stores.benefits, clock: app.clock, newId: randomUUID };
    const item = await app.stores.benefits.unitOfWork(CONTOSO, (data) =>
      enqueue(
        deps,
        data,
        { type: 'person', userId: demoUsers.patti.aadObjectId },
        {
          type: 'keysRevealed',
          benefitId: 'windows-11-enterprise',
          benefit: { en: 'Windows 11 Enterprise', ja: 'Windows 11 Enterprise' },
          by: 'Alex Wilber',
        },
      ),
    );

    const deadline = Date.now() + 10_000;
    while (
      !(await app.stores.benefits.failedNotifications(CONTOSO)).some((f) => f.id === item.id) &&
      Date.now() < deadline
    )
      await sleep(100);
    const failed = (await app.stores.benefits.failedNotifications(CONTOSO)).find(
      (f) => f.id === item.id,
    );
    expect(failed).toMatchObject({ status: 'failed', conversationId: pattiChat, attempts: 1 });
    expect(failed?.lastError).toContain('403');
    // Tried once: a 403 is not retried, by the sender or by the HTTP client.
    expect(
      connector
        .requests()
        .filter((r) => r.notificationId === item.id)
        .map((r) => r.status),
    ).toEqual([403]);
    expect(
      connector.accepted().filter((a) => a.conversationId === pattiChat && a.notificationId),
    ).toEqual([]);
    // Patti's conversation is no longer reachable; Alex's still is.
    expect(await reachable()).not.toContain(pattiChat);
    expect(await reachable()).toContain(personalConversationId(demoUsers.alex));

    const replies = await send(
      app,
      connector,
      personalMessage(demoUsers.alex, 'show failed notifications'),
    );
    expect(replies).toHaveLength(1);
    const card = cardOf(replies[0] as AcceptedActivity);
    expect(texts(card)).toEqual(
      expect.arrayContaining([en['notifyCmd.failedTitle'], en['notifyCmd.retryHint']]),
    );
    const listed = facts(card);
    expect(listed).toHaveLength(1);
    expect(listed[0]?.[0]).toContain('→ Patti Fernandez');
    expect(listed[0]?.[1]).toContain('Keys of Windows 11 Enterprise shown to Alex Wilber');
    expect(listed[0]?.[1]).toContain('403');
  }, 30_000);
});

describe('an assignment made in chat by a new organisation: no notification channel, and Ana never opened the bot', () => {
  test('the result card says plainly Ana will not be told and how to fix it; her notification is undeliverable, listed as such, and a retry sends it only once there is a channel', async () => {
    const { app, connector } = await rig(0);
    await send(app, connector, installationAdd(demoUsers.alex));
    const result = await assignVsPro(app, connector, 'Ana Bowman');
    expect(texts(result)).toContain(msg('en', 'result.untold', { name: 'Ana Bowman' }));
    expect(texts(result)).not.toContain(msg('en', 'result.unreachable', { name: 'Ana Bowman' }));

    // The sender (every second, and after the turn) finds nobody to give it to.
    const given = async () =>
      (await app.stores.benefits.failedNotifications(CONTOSO)).filter(
        (f) => f.event.type === 'assigned',
      );
    const deadline = Date.now() + 10_000;
    while ((await given()).length === 0 && Date.now() < deadline) await sleep(100);
    expect(await given()).toEqual([
      expect.objectContaining({
        status: 'undeliverable',
        target: { type: 'person', userId: demoUsers.ana.aadObjectId },
      }),
    ]);
    expect(connector.accepted().filter((a) => a.notificationId)).toEqual([]);

    const listed = cardOf(
      (
        await send(app, connector, personalMessage(demoUsers.alex, 'show failed notifications'))
      )[0] as AcceptedActivity,
    );
    expect(texts(listed)).toEqual(
      expect.arrayContaining([en['notifyCmd.failedTitle'], en['notifyCmd.undeliverableHint']]),
    );
    expect(texts(listed)).not.toContain(en['notifyCmd.noneFailed']);
    expect(facts(listed)).toEqual([
      [
        expect.stringContaining('→ Ana Bowman'),
        expect.stringContaining(en['notifyCmd.undeliverable']),
      ],
    ]);

    // Still nowhere to send it: the retry says so rather than promising a send.
    const retried = await send(
      app,
      connector,
      personalMessage(demoUsers.alex, 'retry notifications'),
    );
    expect(retried.map((r) => r.activity.text)).toEqual([
      msg('en', 'notifyCmd.stillUndeliverable.one', { n: 1 }),
    ]);
    expect(await given()).toHaveLength(1);

    // "notify here", then a retry: the channel card @mentions her.
    await send(app, connector, channelMention(demoUsers.alex, 'notify here'));
    const again = await send(
      app,
      connector,
      personalMessage(demoUsers.alex, 'retry notifications'),
    );
    expect(again.map((r) => r.activity.text)).toEqual([
      msg('en', 'notifyCmd.retried.one', { n: 1 }),
    ]);
    const arrived = await connector.waitUntil(
      (accepted) =>
        accepted.some((a) => a.notificationId && a.conversationId === GENERAL_CHANNEL.id),
      10_000,
    );
    const card = cardOf(
      arrived.find(
        (a) => a.notificationId && a.conversationId === GENERAL_CHANNEL.id,
      ) as AcceptedActivity,
    );
    expect(texts(card)).toContain(
      `<at>Ana Bowman</at> ${msg('en', 'notify.assigned', { by: 'Alex Wilber', benefit: VS_PRO, name: 'Ana Bowman' })}`,
    );
    expect(await given()).toEqual([]);
  }, 30_000);
});

describe('an assignment made in chat, with a notification channel', () => {
  /** "notify here" in the General channel, said by Alex with an @mention of the bot. */
  async function notifyHere(app: RunningApp, connector: LimitedConnector): Promise<void> {
    const replies = await send(app, connector, channelMention(demoUsers.alex, 'notify here'));
    expect(replies.map((r) => r.activity.text)).toEqual([
      msg('en', 'notifyCmd.here', { org: 'Contoso Partners' }),
    ]);
    expect((await app.stores.benefits.notificationSettings(CONTOSO)).channelConversationId).toBe(
      GENERAL_CHANNEL.id,
    );
  }

  /** The notification cards that reached a conversation. */
  const notificationsIn = (connector: LimitedConnector, conversationId: string) =>
    connector.accepted().filter((a) => a.conversationId === conversationId && a.notificationId);

  test('the channel gets the assignment card and Ana, who installed the bot, a personal message: each exactly once', async () => {
    const { app, connector } = await rig(0);
    await send(app, connector, installationAdd(demoUsers.ana));
    await notifyHere(app, connector);

    const result = await assignVsPro(app, connector, 'Ana Bowman');
    expect(texts(result)[0]).toBe(
      msg('en', 'result.assigned', { name: 'Ana Bowman', benefit: VS_PRO }),
    );

    const anaChat = personalConversationId(demoUsers.ana);
    await connector.waitUntil(
      () =>
        notificationsIn(connector, GENERAL_CHANNEL.id).length >= 1 &&
        notificationsIn(connector, anaChat).length >= 1,
      10_000,
    );
    await sleep(2_500); // two more sender passes: a repeat would show up

    const inChannel = notificationsIn(connector, GENERAL_CHANNEL.id);
    expect(inChannel).toHaveLength(1);
    const channelCard = cardOf(inChannel[0] as AcceptedActivity);
    expect(texts(channelCard)).toContain(
      msg('en', 'notify.assigned', { by: 'Alex Wilber', benefit: VS_PRO, name: 'Ana Bowman' }),
    );
    expect((channelCard.msteams as { entities?: unknown[] } | undefined)?.entities ?? []).toEqual(
      [],
    );

    const toAna = notificationsIn(connector, anaChat);
    expect(toAna).toHaveLength(1);
    const anaCard = cardOf(toAna[0] as AcceptedActivity);
    expect(texts(anaCard)).toContain(
      msg('en', 'notify.assigned.you', { benefit: VS_PRO, by: 'Alex Wilber' }),
    );
    expect(texts(anaCard)).toContain(en['notify.startDetail']);
    expect(toAna[0]?.notificationId).not.toBe(inChannel[0]?.notificationId);
  }, 30_000);

  test('without a personal conversation for Ana, the channel card @mentions her instead, and nothing else is sent', async () => {
    const { app, connector } = await rig(0);
    await notifyHere(app, connector);
    const result = await assignVsPro(app, connector, 'Ana Bowman');
    expect(texts(result)).toContain(msg('en', 'result.unreachable', { name: 'Ana Bowman' }));

    await connector.waitUntil(
      () => notificationsIn(connector, GENERAL_CHANNEL.id).length >= 1,
      10_000,
    );
    await sleep(2_500);

    expect(
      connector
        .accepted()
        .filter((a) => a.notificationId)
        .map((a) => a.conversationId),
    ).toEqual([GENERAL_CHANNEL.id]);
    const card = cardOf(notificationsIn(connector, GENERAL_CHANNEL.id)[0] as AcceptedActivity);
    const sentence = msg('en', 'notify.assigned', {
      by: 'Alex Wilber',
      benefit: VS_PRO,
      name: 'Ana Bowman',
    });
    expect(texts(card)).toContain(`<at>Ana Bowman</at> ${sentence}`);
    expect((card.msteams as { entities?: unknown[] } | undefined)?.entities).toEqual([
      {
        type: 'mention',
        text: '<at>Ana Bowman</at>',
        mentioned: { id: demoUsers.ana.aadObjectId, name: 'Ana Bowman' },
      },
    ]);
    // Both outbox items (the channel's and Ana's) are done.
    expect(await app.stores.benefits.pendingNotifications(CONTOSO)).toEqual([]);
  }, 30_000);

  test('"notify here" posted as Teams sends a channel post (conversation.id <channel>;messageid=<post>) makes the channel, not that thread, hear the notifications', async () => {
    const { app, connector } = await rig(0);
    const thread = `${GENERAL_CHANNEL.id};messageid=1795500000000`;
    const replies = await send(
      app,
      connector,
      channelMention(demoUsers.alex, 'notify here', { conversationId: thread }),
    );
    expect(replies.map((r) => r.activity.text)).toEqual([
      msg('en', 'notifyCmd.here', { org: 'Contoso Partners' }),
    ]);
    await assignVsPro(app, connector, 'Ana Bowman');
    await connector.waitUntil((accepted) => accepted.some((a) => a.notificationId), 10_000);
    await sleep(1_500);

    // A new post in the channel (Teams: a send to the channel's id starts a post; to "<id>;messageid=" replies in that thread).
    expect((await app.stores.benefits.notificationSettings(CONTOSO)).channelConversationId).toBe(
      GENERAL_CHANNEL.id,
    );
    expect(
      connector
        .accepted()
        .filter((a) => a.notificationId)
        .map((a) => a.conversationId),
    ).toEqual([GENERAL_CHANNEL.id]);
  }, 30_000);
});
