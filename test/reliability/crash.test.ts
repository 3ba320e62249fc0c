import { randomUUID } from 'node:crypto';
import { mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { OrganisationData } from '../../services/model';
import type { OutboxItem } from '../../services/notifications/model';
import { NO_CHANNEL } from '../../services/notifications/sender';
import { openLowdbStores, storeLayout } from '../../services/store/lowdb-store';
import { FABRIKAM_TENANT } from '../../services/seed/demo-organisations';
import { organisationDataSchema } from '../../services/store/schema';
import {
  demoUsers,
  installationAdd,
  personalConversationId,
  personalMessage,
  type Person,
} from '../support/activities';
import { demoSeed } from '../support/temp-store';
import {
  reopenStores,
  storedOrganisation,
  storeSettings,
  TEST_BACKEND,
  testOnLowdb,
} from '../support/test-backend';
import { startConnector, type ConnectorStandIn } from '../support/connector';
import {
  seededRandom,
  startLimitedConnector,
  type LimitedConnector,
} from '../support/limited-connector';
import { clockAcrossRestarts, startBotProcess, type BotProcess } from './support/bot-process';
import {
  BENEFITS,
  cardIn,
  confirmInvoke,
  CONTOSO_FILE_TENANT as CONTOSO,
  findAction,
  invokeCard,
  msg,
  post,
  texts,
  titleOf,
} from './support/teams';

/**
 * Crash safety, with the real bot in a child process (index.ts, as `npm start` runs it) on a real
 * store: the data file, or with BENEFITS_TEST_BACKEND=postgres the PostgreSQL database it names
 * (test-backend.ts), where a kill cuts the bot's connections mid-transaction. 500 assignments and removals are confirmed over HTTP by Alex (most as the
 * adaptiveCard/action invoke a Confirm button sends, some after asking in chat for the confirmation
 * card first), four at a time, while the bot is killed with SIGKILL 20 times at seeded moments and
 * started again on the same data file. Afterwards:
 *
 * - every change whose Confirm was answered (the outcome card came back) is in the store, and
 *   every refusal that was answered changed nothing;
 * - nothing is half-applied: the processed requests, the audit log and the outbox tell the same
 *   story, change by change and in the same order, and the assignments are what replaying the
 *   processed requests gives;
 * - the store is valid: it opens, and Contoso reads back whole;
 * - every notification is delivered, and exactly once, with the exception the README documents:
 *   the one send in flight when a process was killed (the connector took it, the bot never recorded
 *   it) may arrive twice. test/http/notifications.test.ts applies the same standard to one kill.
 *
 * The notification channel is not set: every person has a personal chat at a stand-in that
 * enforces Teams' rate limits, so each assignment's personal message is a real delivery, while the
 * channel's copies are recorded as sent to no channel (500 channel cards would take Teams' 60 per
 * 30 seconds per conversation some four minutes).
 */

const SEED = 20_261_124;
const OPERATIONS = 500;
const KILLS = 20;
const WORKERS = 4;
/** The share of operations that first ask in chat ("assign VS Pro to Ana Bowman") and press the Confirm of the card that comes back. */
const THROUGH_CHAT = 0.1;
/** The share of unanswered Confirms pressed again (same request id) once the bot is back, as a person or Teams would. */
const PRESSED_AGAIN = 0.5;
/** About this share of Confirms must be refused (removing someone who does not hold the seat): a refusal answered must leave no trace either. */
const MUST_BE_REFUSED = 0.05;
const REPORT_DIR = resolve(__dirname, '..', '..', 'test-artifacts', 'reliability');
/**
 * Alex confirms far faster than the per-person limit (bot/person-limiter.ts: 5 turns a second) allows
 * anyone; the limit is not what is tested here, so it is off, as PERSON_MESSAGES_PER_SECOND=0 allows.
 */
const BOT_ENV = { PERSON_MESSAGES_PER_SECOND: '0' };
/**
 * On PostgreSQL a notification being sent is leased to the instance sending it (OUTBOX_LEASE_SECONDS,
 * 30 by default); one a killed bot held waits that long before the next bot sends it again. A second
 * keeps the run short; with one bot alive at a time it changes nothing else.
 */
const PG_ENV = { OUTBOX_LEASE_SECONDS: '1' };

const ALEX = demoUsers.alex;
const PEOPLE: Person[] = [
  demoUsers.megan,
  demoUsers.adele,
  demoUsers.isaiah,
  demoUsers.patti,
  demoUsers.lynne,
  demoUsers.ana,
  demoUsers.leeGu,
  demoUsers.leePark,
  demoUsers.taro,
  demoUsers.hanako,
  demoUsers.diego,
  demoUsers.nestor,
  demoUsers.johanna,
];
const ASCII = (p: Person) => /^[A-Za-z .]+$/.test(p.name);
const SEAT_BENEFITS = [BENEFITS.vsEnterprise, BENEFITS.vsPro];
const benefitById = new Map<string, (typeof SEAT_BENEFITS)[number]>(
  SEAT_BENEFITS.map((b) => [b.id, b]),
);
const personById = new Map(PEOPLE.map((p) => [p.aadObjectId, p]));

type Outcome = 'applied' | 'alreadyDone' | 'refused' | 'unanswered' | 'notOffered' | 'error';

interface Operation {
  n: number;
  kind: 'assign' | 'remove';
  benefitId: string;
  userId: string;
  via: 'invoke' | 'chat';
  /** The Confirm's request id (for a chat operation, the one on the card the bot sent). */
  requestId: string | null;
  generation: number;
  outcome: Outcome;
  detail?: string;
  /** Pressed again after the restart when its Confirm was not answered. */
  again?: { outcome: Outcome; detail?: string };
  retryRoll: number;
  viaRoll: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Contoso as stored durably (its file on lowdb, its rows read by a new connection on PostgreSQL). */
function contosoOnDisk(dataFile: string): Promise<OrganisationData> {
  return storedOrganisation(dataFile, CONTOSO);
}

function tally(values: readonly string[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const v of values) counts.set(v, (counts.get(v) ?? 0) + 1);
  return counts;
}

/** How the outcome card of a Confirm reads. */
function classify(
  card: Record<string, unknown> | undefined,
  op: Operation,
): { outcome: Outcome; detail?: string } {
  if (!card) return { outcome: 'error', detail: 'no card' };
  const title = titleOf(card);
  const person = personById.get(op.userId)?.name ?? op.userId;
  const benefit = benefitById.get(op.benefitId)?.name ?? op.benefitId;
  if (title === msg('en', 'result.notDone'))
    return { outcome: 'refused', detail: texts(card)[1] ?? '' };
  const expected = msg('en', op.kind === 'assign' ? 'result.assigned' : 'result.removed', {
    name: person,
    benefit,
  });
  if (title !== expected) return { outcome: 'error', detail: `unexpected title "${title}"` };
  return texts(card).includes(msg('en', 'result.alreadyDone'))
    ? { outcome: 'alreadyDone' }
    : { outcome: 'applied' };
}

const workDirs: string[] = [];
const closers: (() => Promise<unknown>)[] = [];

afterAll(async () => {
  for (const close of closers.splice(0).reverse()) await close().catch(() => undefined);
  for (const dir of workDirs.splice(0)) await rm(dir, { recursive: true, force: true });
});

test('500 assignments and removals while the bot is killed with SIGKILL 20 times: every answered change is kept whole, the store opens, and notifications arrive once (at most the one in flight at a kill twice)', async () => {
  const started = Date.now();
  const random = seededRandom(SEED);
  const dir = await mkdtemp(join(tmpdir(), 'benefits-crash-'));
  workDirs.push(dir);
  const dataFile = join(dir, 'data', 'benefits.json');
  const teams: LimitedConnector = await startLimitedConnector({ failureRate: 0, seed: SEED });
  closers.push(() => teams.close());
  const chat: ConnectorStandIn = await startConnector();
  closers.push(() => chat.close());

  // --- Generations of the bot: each one lives from its start to its kill. ---
  const settings = {
    ...BOT_ENV,
    ...(await storeSettings(dataFile)),
    ...(TEST_BACKEND === 'postgres' ? PG_ENV : {}),
  };
  // Each generation's clock takes up where the one before it was killed (not back at the start).
  const clock = clockAcrossRestarts();
  const env = () => ({ ...settings, BENEFITS_NOW: clock() });
  let bot: BotProcess = await startBotProcess({ dataFile, cwd: dir, env: env() });
  let generation = 0;
  const generations: {
    pid: number;
    from: number;
    to: number | null;
    killedAfterOp: number | null;
    killDelayMs: number | null;
  }[] = [{ pid: bot.pid, from: 0, to: null, killedAfterOp: null, killDelayMs: null }];
  closers.push(() => bot.kill());

  // Everyone but Alex opens a personal chat with the bot: that is where their notifications go.
  for (const person of PEOPLE) {
    const installed = await post(bot.url, teams.serviceUrl, installationAdd(person));
    expect(installed.status).toBe(200);
  }
  const reachable = (await contosoOnDisk(dataFile)).notifications.conversations
    .filter((c) => c.kind === 'personal')
    .map((c) => c.userId);
  expect(new Set(reachable)).toEqual(new Set(PEOPLE.map((p) => p.aadObjectId)));

  // --- What the driver believes is assigned (read from the file again after each restart). ---
  const holders = new Map<string, Set<string>>();
  const resync = async () => {
    const data = await contosoOnDisk(dataFile);
    for (const b of SEAT_BENEFITS)
      holders.set(
        b.id,
        new Set(data.assignments.filter((a) => a.benefitId === b.id).map((a) => a.userId)),
      );
  };
  await resync();

  // --- The kill schedule: 20 operations, spread over the run, each followed by a kill 0-60 ms after its Confirm was sent. ---
  const killPoints = new Map<number, number>();
  while (killPoints.size < KILLS) {
    const slot = killPoints.size;
    const span = (OPERATIONS - 20) / KILLS;
    const at = Math.floor(10 + slot * span + random() * (span - 5));
    killPoints.set(at, Math.floor(random() * 60));
  }

  let ready: Promise<void> = Promise.resolve();
  let restarting = false;
  const crash = async (afterOp: number, delayMs: number) => {
    await sleep(delayMs);
    // A kill point reached while the bot restarts after the one before (the Confirms in between were
    // quick) kills the new bot once it is up, rather than being lost: every run has its 20 kills.
    while (restarting) await ready;
    restarting = true;
    let reopen: () => void = () => undefined;
    ready = new Promise((r) => (reopen = r));
    await bot.kill();
    // Let the connector read whatever the dead process had already put on the wire.
    await sleep(50);
    const current = generations[generation];
    if (current)
      Object.assign(current, { to: Date.now(), killedAfterOp: afterOp, killDelayMs: delayMs });
    bot = await startBotProcess({ dataFile, cwd: dir, env: env() });
    generation += 1;
    generations.push({
      pid: bot.pid,
      from: Date.now(),
      to: null,
      killedAfterOp: null,
      killDelayMs: null,
    });
    await resync();
    restarting = false;
    reopen();
  };
  const crashes: Promise<void>[] = [];

  // --- The operations. ---
  const operations: Operation[] = [];
  const busy = new Set<string>();
  const pairKey = (benefitId: string, userId: string) => `${benefitId}|${userId}`;

  function nextOperation(): Operation | undefined {
    const benefit = SEAT_BENEFITS[Math.floor(random() * SEAT_BENEFITS.length)] ?? BENEFITS.vsPro;
    const held = holders.get(benefit.id) ?? new Set<string>();
    const assigningNow = operations.filter(
      (o) =>
        o.benefitId === benefit.id &&
        o.kind === 'assign' &&
        busy.has(pairKey(o.benefitId, o.userId)),
    ).length;
    const free = benefit.seats - held.size - assigningNow;
    const candidatesToAdd = PEOPLE.filter(
      (p) => !held.has(p.aadObjectId) && !busy.has(pairKey(benefit.id, p.aadObjectId)),
    );
    const candidatesToRemove = PEOPLE.filter(
      (p) => held.has(p.aadObjectId) && !busy.has(pairKey(benefit.id, p.aadObjectId)),
    );
    const refusable = random() < MUST_BE_REFUSED && candidatesToAdd.length > 0;
    const assign =
      !refusable &&
      candidatesToAdd.length > 0 &&
      free > 0 &&
      (candidatesToRemove.length === 0 || random() < 0.55);
    const pool = assign || refusable ? candidatesToAdd : candidatesToRemove;
    if (pool.length === 0) return undefined;
    const person = pool[Math.floor(random() * pool.length)] as Person;
    const op: Operation = {
      n: operations.length,
      kind: assign ? 'assign' : 'remove',
      benefitId: benefit.id,
      userId: person.aadObjectId,
      via: 'invoke',
      requestId: null,
      generation,
      outcome: 'unanswered',
      retryRoll: random(),
      viaRoll: random(),
    };
    if (op.viaRoll < THROUGH_CHAT && ASCII(person) && !refusable) op.via = 'chat';
    operations.push(op);
    busy.add(pairKey(op.benefitId, op.userId));
    return op;
  }

  const learn = (op: Operation, outcome: Outcome, detail = '') => {
    const held = holders.get(op.benefitId);
    if (!held) return;
    if (outcome === 'applied' || outcome === 'alreadyDone') {
      if (op.kind === 'assign') held.add(op.userId);
      else held.delete(op.userId);
    }
    // A refusal says how things are: the person does not hold it, or already does.
    if (outcome === 'refused' && detail.includes(' does not have ')) held.delete(op.userId);
    if (outcome === 'refused' && detail.includes(' already has ')) held.add(op.userId);
  };

  /** Presses Confirm; the outcome card, or 'unanswered' when the bot died first. */
  const pressConfirm = async (
    op: Operation,
    data: Record<string, unknown>,
    conversationId: string,
  ): Promise<{ outcome: Outcome; detail?: string }> => {
    try {
      const answered = await post(
        bot.url,
        chat.serviceUrl,
        confirmInvoke(ALEX, data, { conversationId }),
      );
      if (answered.status !== 200)
        return {
          outcome: 'error',
          detail: `HTTP ${answered.status}: ${JSON.stringify(answered.body)}`,
        };
      return classify(invokeCard(answered), op);
    } catch (err) {
      return { outcome: 'unanswered', detail: (err as Error).message };
    }
  };

  const run = async (op: Operation, worker: number): Promise<void> => {
    const conversationId = `${personalConversationId(ALEX)}-w${worker}-g${op.generation}`;
    let data: Record<string, unknown>;
    if (op.via === 'chat') {
      const person = personById.get(op.userId) as Person;
      const benefit = benefitById.get(op.benefitId) ?? BENEFITS.vsPro;
      const text =
        op.kind === 'assign'
          ? `assign ${benefit.short} to ${person.name}`
          : `remove ${person.name} from ${benefit.short}`;
      const before = chat.activities().length;
      try {
        const said = await post(
          bot.url,
          chat.serviceUrl,
          personalMessage(ALEX, text, { conversationId }),
        );
        if (said.status !== 200) throw new Error(`HTTP ${said.status}`);
      } catch (err) {
        op.outcome = 'notOffered';
        op.detail = `the message was not answered: ${(err as Error).message}`;
        return;
      }
      const reply = chat
        .activities()
        .slice(before)
        .filter((a) => a.conversationId === conversationId)
        .pop();
      const card = reply ? cardIn(reply.activity) : undefined;
      const confirm = card ? findAction(card, msg('en', 'confirm.button')) : undefined;
      const expectedTitle = msg('en', op.kind === 'assign' ? 'confirm.assign' : 'confirm.remove', {
        benefit: benefit.name,
        name: person.name,
      });
      if (!card || !confirm || titleOf(card) !== expectedTitle) {
        op.outcome = 'notOffered';
        op.detail = card ? titleOf(card) : String(reply?.activity.text ?? 'no reply');
        return;
      }
      data = confirm.data as Record<string, unknown>;
    } else {
      data = { op: op.kind, requestId: randomUUID(), benefitId: op.benefitId, userId: op.userId };
    }
    op.requestId = String(data.requestId);
    const sentTo = generation;
    const pressing = pressConfirm(op, data, conversationId);
    const killDelay = killPoints.get(op.n);
    if (killDelay !== undefined) crashes.push(crash(op.n, killDelay));
    const first = await pressing;
    op.outcome = first.outcome;
    if (first.detail) op.detail = first.detail;
    if (first.outcome === 'unanswered') {
      // The bot died under it: once a new one is up, press the same Confirm again (or leave it, as some people would).
      const giveUpAt = Date.now() + 30_000;
      while ((generation === sentTo || restarting) && Date.now() < giveUpAt)
        await ready.then(() => sleep(5));
      if (generation === sentTo) {
        op.outcome = 'error';
        op.detail = `unanswered, yet the bot was not killed: ${op.detail ?? ''}`;
      } else if (op.retryRoll < PRESSED_AGAIN)
        op.again = await pressConfirm(op, data, `${conversationId}-again`);
    }
    learn(op, op.again?.outcome ?? op.outcome, op.again?.detail ?? op.detail);
  };

  const worker = async (w: number) => {
    for (;;) {
      await ready;
      if (operations.length >= OPERATIONS) return;
      const op = nextOperation();
      if (!op) {
        await sleep(5);
        continue;
      }
      try {
        await run(op, w);
      } finally {
        busy.delete(pairKey(op.benefitId, op.userId));
      }
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, (_, w) => worker(w)));
  await Promise.all(crashes);
  await ready;
  const opsDoneAt = Date.now();

  // --- Let the last bot deliver everything still pending, then stop it cleanly. ---
  const ourTypes = new Set(['assigned', 'unassigned', 'seatsRunningOut']);
  const pendingOnDisk = async () =>
    (await contosoOnDisk(dataFile)).outbox.filter(
      (i) => i.status === 'pending' && ourTypes.has(i.event.type),
    ).length;
  const drainDeadline = Date.now() + 60_000;
  while ((await pendingOnDisk()) > 0 && Date.now() < drainDeadline) await sleep(200);
  await sleep(2_500); // two more sender passes: a repeat would show up
  const lastGeneration = generations[generation];
  if (lastGeneration) lastGeneration.to = Date.now();
  const stopped = await bot.stop();
  expect(stopped).toEqual({ code: 0, signal: null });

  // --- The store is valid: it opens (lowdb reads and checks every file), it was not re-seeded, and Contoso reads back valid. ---
  const reopened = await reopenStores({ dataFile });
  expect(reopened.created).toBe(false);
  await reopened.close();
  const data = organisationDataSchema.parse(await contosoOnDisk(dataFile));
  const leftovers =
    TEST_BACKEND === 'lowdb'
      ? (await readdir(storeLayout(dataFile).organisationsDir)).filter((f) => f.endsWith('.tmp'))
      : [];

  // --- Every answered Confirm: kept if it said done, absent if it said not done. ---
  const processed = new Map(data.processedRequests.map((r, index) => [r.id, { ...r, index }]));
  const byRequest = new Map(
    operations.filter((o) => o.requestId).map((o) => [o.requestId as string, o]),
  );
  const answered = operations.filter((o) => o.requestId !== null);
  const finalOutcome = (o: Operation) => o.again?.outcome ?? o.outcome;
  const lost = answered.filter(
    (o) =>
      ['applied', 'alreadyDone'].includes(finalOutcome(o)) && !processed.has(o.requestId as string),
  );
  const refusedYetApplied = answered.filter(
    (o) => finalOutcome(o) === 'refused' && processed.has(o.requestId as string),
  );
  expect(
    operations
      .filter((o) => o.outcome === 'error' || o.again?.outcome === 'error')
      .map((o) => `${o.n}: ${o.detail ?? ''}`),
  ).toEqual([]);
  expect(lost.map((o) => o.n)).toEqual([]);
  expect(refusedYetApplied.map((o) => o.n)).toEqual([]);
  // Nothing but these operations changed anything.
  expect(data.processedRequests.filter((r) => !byRequest.has(r.id))).toEqual([]);

  // --- Nothing half-applied: processed requests, audit and outbox agree, change by change, in order. ---
  const changes = data.processedRequests.map((r) => byRequest.get(r.id) as Operation);
  expect(data.processedRequests.map((r) => r.action)).toEqual(
    changes.map((o) => (o.kind === 'assign' ? 'benefit.assigned' : 'benefit.unassigned')),
  );
  const audited = data.audit.filter(
    (a) => a.action === 'benefit.assigned' || a.action === 'benefit.unassigned',
  );
  expect(data.audit).toHaveLength(audited.length);
  expect(audited.map((a) => [a.action, a.benefitId, a.subjectUserId, a.actorId])).toEqual(
    changes.map((o) => [
      o.kind === 'assign' ? 'benefit.assigned' : 'benefit.unassigned',
      o.benefitId,
      o.userId,
      ALEX.aadObjectId,
    ]),
  );

  // Replaying the processed requests on the seed gives the assignments there are, never over a benefit's seats.
  const replay = new Map<string, Set<string>>([
    [BENEFITS.vsEnterprise.id, new Set([demoUsers.leeGu.aadObjectId])],
    [BENEFITS.vsPro.id, new Set()],
  ]);
  const expectedOutbox: string[] = [];
  for (const o of changes) {
    const set = replay.get(o.benefitId) as Set<string>;
    const seats = benefitById.get(o.benefitId)?.seats ?? 0;
    if (o.kind === 'assign') {
      expect(set.has(o.userId)).toBe(false);
      set.add(o.userId);
      expect(set.size).toBeLessThanOrEqual(seats);
      expectedOutbox.push(
        `channel assigned ${o.benefitId} ${o.userId}`,
        `person:${o.userId} assigned ${o.benefitId} ${o.userId}`,
      );
      if (seats - set.size <= 1)
        expectedOutbox.push(`channel seatsRunningOut ${o.benefitId} free=${seats - set.size}`);
    } else {
      expect(set.has(o.userId)).toBe(true);
      set.delete(o.userId);
      expectedOutbox.push(`channel unassigned ${o.benefitId} ${o.userId}`);
    }
  }
  for (const b of SEAT_BENEFITS) {
    expect(
      new Set(data.assignments.filter((a) => a.benefitId === b.id).map((a) => a.userId)),
    ).toEqual(replay.get(b.id));
  }
  expect(
    data.assignments.filter((a) => !benefitById.has(a.benefitId)).map((a) => a.benefitId),
  ).toEqual([]);

  const ours = data.outbox.filter((i) => ourTypes.has(i.event.type));
  const describeItem = (i: OutboxItem) => {
    const target = i.target.type === 'person' ? `person:${i.target.userId}` : i.target.type;
    const e = i.event as { type: string; benefitId?: string; userId?: string; free?: number };
    return e.type === 'seatsRunningOut'
      ? `${target} ${e.type} ${e.benefitId} free=${e.free}`
      : `${target} ${e.type} ${e.benefitId} ${e.userId}`;
  };
  expect(ours.map(describeItem)).toEqual(expectedOutbox);

  // --- Every notification went out: personal ones delivered, channel ones recorded as having no channel. ---
  expect(data.outbox.filter((i) => i.status !== 'sent').map(describeItem)).toEqual([]);
  const personal = ours.filter((i) => i.target.type === 'person');
  expect(
    ours.filter((i) => i.target.type !== 'person' && i.lastError !== NO_CHANNEL).map(describeItem),
  ).toEqual([]);
  expect(
    personal
      .filter(
        (i) =>
          i.lastError !== null ||
          i.conversationId !== `a:personal-${(i.target as { userId: string }).userId}`,
      )
      .map(describeItem),
  ).toEqual([]);

  const delivered = teams.accepted().filter((a) => a.notificationId);
  const counts = tally(delivered.map((a) => a.notificationId as string));
  const outboxIds = new Set(data.outbox.map((i) => i.id));
  const missing = personal.filter((i) => !counts.has(i.id)).map(describeItem);
  // A delivery may repeat only if it was the last one its generation's connector took before that generation was killed.
  const generationOf = (at: number) => generations.findIndex((g) => at < (g.to ?? Infinity));
  const lastTakenBy = new Map<number, string>();
  for (const a of delivered) lastTakenBy.set(generationOf(a.at), a.notificationId as string);
  const repeats = [...counts.entries()].filter(([, n]) => n > 1);
  // Every delivery of a notification but its last must be the one in flight at a kill: the last
  // delivery of a generation that was killed, one per kill (an item resent at a restart and
  // caught again by the next kill arrives three times, with two kills to account for it).
  const unexplained = repeats.filter(([id]) => {
    const earlier = delivered
      .filter((a) => a.notificationId === id)
      .map((a) => generationOf(a.at))
      .slice(0, -1);
    return (
      new Set(earlier).size !== earlier.length ||
      earlier.some((g) => g === generation || lastTakenBy.get(g) !== id)
    );
  });
  /** Deliveries of notifications the store does not hold: sent for a change that was never stored. */
  const phantoms = [...counts.keys()].filter((id) => !outboxIds.has(id));
  const refusedAnswers = operations.filter((o) => finalOutcome(o) === 'refused');

  const report = {
    seed: SEED,
    elapsedMs: Date.now() - started,
    operationsMs: opsDoneAt - started,
    operations: operations.length,
    confirmsPressed: answered.length,
    throughChat: operations.filter((o) => o.via === 'chat').length,
    outcomes: Object.fromEntries(tally(operations.map((o) => o.outcome))),
    pressedAgain: Object.fromEntries(
      tally(operations.filter((o) => o.again).map((o) => o.again?.outcome ?? '')),
    ),
    unansweredLeftAlone: operations
      .filter((o) => o.outcome === 'unanswered' && !o.again)
      .map((o) => ({ n: o.n, applied: processed.has(o.requestId ?? '') })),
    notOffered: operations
      .filter((o) => o.outcome === 'notOffered')
      .map((o) => `${o.n}: ${o.detail ?? ''}`),
    refusals: Object.fromEntries(
      tally(
        operations
          .filter((o) => finalOutcome(o) === 'refused')
          .map((o) => o.again?.detail ?? o.detail ?? ''),
      ),
    ),
    changesStored: data.processedRequests.length,
    kills: generations.filter((g) => g.killedAfterOp !== null).length,
    generations,
    personalNotifications: personal.length,
    deliveries: delivered.length,
    repeatedDeliveries: repeats,
    phantoms,
    leftoverTempFiles: leftovers,
    connectorStatuses: Object.fromEntries(tally(teams.requests().map((r) => String(r.status)))),
  };
  await mkdir(REPORT_DIR, { recursive: true });
  await writeFile(
    join(REPORT_DIR, TEST_BACKEND === 'lowdb' ? 'crash.json' : `crash-${TEST_BACKEND}.json`),
    `${JSON.stringify({ ...report, operationsLog: operations }, null, 2)}\n`,
  );
  console.log(`crash run: ${JSON.stringify({ ...report, generations: undefined })}`);

  expect(report.kills).toBe(KILLS);
  expect(missing).toEqual([]);
  expect(unexplained).toEqual([]);
  // No notification of a change that was never stored. (With no notification channel, the sender
  // records each change's channel copy before it reaches the person's, and that record waits for the
  // change's own write, so a change being written cannot be announced here; write-refused.test.ts
  // shows that with a channel it can.)
  expect(phantoms).toEqual([]);
  expect(refusedAnswers.length).toBeGreaterThan(0);
  // Every refusal gave a reason of the domain (the driver's picture of who holds what can lag behind
  // a Confirm that was cut off), never that the store could not write.
  const reasons = /^(.+ does not have .+|.+ already has .+|Every seat of .+ is taken .+)\.$/;
  expect(
    refusedAnswers.map((o) => o.again?.detail ?? o.detail ?? '').filter((d) => !reasons.test(d)),
  ).toEqual([]);
  expect(repeats.length).toBeLessThanOrEqual(KILLS);
  // The run exercised what it claims to: most Confirms answered, some cut off by a kill, some asked in chat first.
  expect(answered.length).toBeGreaterThanOrEqual(OPERATIONS * 0.9);
  expect(operations.filter((o) => o.via === 'chat' && o.requestId).length).toBeGreaterThan(10);
  expect(operations.filter((o) => o.outcome === 'unanswered').length).toBeGreaterThan(0);
}, 240_000);

// A new data file is seeded all or nothing (every organisation's file, then the index once): a first
// start that dies half-way (SIGKILL, power loss, a full disk) leaves no index, so the next start seeds
// again. The kill is stood in for by the write of Fabrikam's file failing, which leaves the same files.
// About the files only: on PostgreSQL the schema and the seed are one transaction (pg/migrations.ts).
testOnLowdb(
  'a first start that dies after the first demo organisation was written: the next start still has both organisations',
  async () => {
    const dir = await mkdtemp(join(tmpdir(), 'benefits-first-start-'));
    workDirs.push(dir);
    const dataFile = join(dir, 'benefits.json');
    const fsp = jest.requireActual<typeof import('node:fs/promises')>('node:fs/promises');
    const realWriteFile = fsp.writeFile;
    const spy = jest
      .spyOn(fsp, 'writeFile')
      .mockImplementation(async (...args: Parameters<typeof realWriteFile>) => {
        if (String(args[0]).endsWith(`.${FABRIKAM_TENANT}.json.tmp`))
          throw Object.assign(new Error('the process died here'), { code: 'EKILLED' });
        return realWriteFile(...args);
      });
    await expect(openLowdbStores({ dataFile, seed: () => demoSeed() })).rejects.toThrow(
      'the process died here',
    );
    spy.mockRestore();

    const restarted = await openLowdbStores({ dataFile, seed: () => demoSeed() });
    try {
      expect((await restarted.benefits.tenantIds()).sort()).toEqual(
        [CONTOSO, FABRIKAM_TENANT].sort(),
      );
    } finally {
      await restarted.close();
    }
  },
);
