/**
 * npm run bench: how fast the bot answers over HTTP, against the floor of a bare botbuilder echo
 * bot measured in the same run, on the demo data and at scale, on each store: the embedded lowdb
 * files, PostgreSQL with one instance, and three instances over one database behind a round-robin
 * splitter.
 *
 * The bot runs as a child process (bot-child.js: startApp in local mode on a copy of a generated
 * data set, or on a copy of a database the data set was loaded into), driven through
 * POST /api/messages by autocannon; its replies and notifications go to a connector stand-in in
 * this process. Every reply and response is checked (the expected card, never an error message)
 * and the bench fails loudly when one is wrong. On PostgreSQL each child counts its queries.
 *
 * Settings (environment): BENCH_SECONDS (measured seconds per scenario, 5), BENCH_WARMUP_SECONDS (2),
 * BENCH_PROBE_SECONDS (1.5: the one-connection probe after each scenario; 0: none),
 * BENCH_REPEAT (3; medians are reported), BENCH_CONNECTIONS (10), BENCH_DATASETS ("demo,a,b"),
 * BENCH_PROFILE (1: the last repetition runs the children with --cpu-prof, and the report shows
 * where the time goes for each missed target; 0: don't), BENCH_PROFILE_MAX (10 profile sections),
 * BENCH_KEEP (1: keep the temporary folder with data, logs and profiles), BENCH_BACKENDS
 * ("lowdb,pg,pg3"), BENCH_PG_DATASETS (the data sets for pg and pg3; default: those of
 * BENCH_DATASETS among demo and a), BENCH_IDLE_SECONDS (2: queries counted with no load, per PostgreSQL
 * run), BENCH_PG_DURABLE (1: the throwaway server keeps fsync and synchronous commit on), BENCH_PG_REPEAT
 * (2: the PostgreSQL stores run in the first this many repetitions), BENCH_PG_PROBE (1: the
 * one-connection probe on PostgreSQL too), BENCH_SPLITTER ("bench": the splitter in front of three
 * instances runs in this process; "process": in its own), BENCH_QUERY_ORIGINS (0: count queries
 * without telling the turns' from the background's).
 *
 * Writes the report to stdout and to scripts/bench/last-run.md.
 */
import { execFileSync } from 'node:child_process';
import { randomBytes, randomUUID } from 'node:crypto';
import { copyFileSync } from 'node:fs';
import { cp, mkdir, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { CONTOSO_TENANT, demoOrganisations } from '../../services/seed/demo-organisations';
import type { ChildStats } from './bot-child';
import { channelMention, ConnectorStandIn, describe, executeInvoke, isJson, msg, nodes, onlyCard, personalMessage, texts, type Json, type Person, type ReplyCheck } from './channel';
import type { ChildOptions } from './child';
import { ALEX, BENCH_NOW, DATASETS, DEFAULT_SPEC, generateDataset, LEE_GU, loadDatasetIntoPg, VS_ENTERPRISE, type DatasetName, type GeneratedDataset } from './generate';
import { startInstances, type UnderTest } from './instances';
import { runLoad, type LoadResult } from './load';
import { postgresUnavailable, startPgServer, type PgServer } from './pg-server';
import { profileMarkdown, readProfile, summarise as summariseProfile } from './profile';

// ---- Settings ----

function numberSetting(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max) throw new Error(`${name} must be a number from ${min} to ${max}.`);
  return value;
}

/** The stores: the embedded lowdb files; PostgreSQL with one instance; three instances over one database behind a round-robin splitter. */
type Backend = 'lowdb' | 'pg' | 'pg3';
const BACKENDS: readonly Backend[] = ['lowdb', 'pg', 'pg3'];
const BACKEND_NAME: Record<Backend, string> = { lowdb: 'lowdb', pg: 'PostgreSQL', pg3: 'PostgreSQL ×3' };
const INSTANCES: Record<Backend, number> = { lowdb: 1, pg: 1, pg3: 3 };
/** The data sets PostgreSQL runs by default (see README: (b) on PostgreSQL is left out by default). */
const PG_DEFAULT_DATASETS: readonly DatasetName[] = ['demo', 'a'];

function listSetting<T extends string>(name: string, fallback: string, allowed: readonly T[]): T[] {
  const raw = process.env[name];
  const names = (raw === undefined || raw.trim() === '' ? fallback : raw).split(',').map((d) => d.trim()).filter(Boolean);
  const unknown = names.filter((n) => !(allowed as readonly string[]).includes(n));
  if (unknown.length > 0) throw new Error(`${name}: ${unknown.join(', ')} unknown; it takes ${allowed.join(', ')}.`);
  return allowed.filter((a) => names.includes(a));
}

const lowdbDatasets = listSetting('BENCH_DATASETS', DATASETS.join(','), DATASETS);
const repeat = Math.round(numberSetting('BENCH_REPEAT', 3, 1, 20));

const settings = {
  seconds: numberSetting('BENCH_SECONDS', 5, 1, 600),
  warmupSeconds: numberSetting('BENCH_WARMUP_SECONDS', 2, 0, 60),
  probeSeconds: numberSetting('BENCH_PROBE_SECONDS', 1.5, 0, 60),
  repeat,
  /** The PostgreSQL stores run in the first this many repetitions (not in the profiled last one unless all run). */
  pgRepeat: Math.min(repeat, Math.round(numberSetting('BENCH_PG_REPEAT', Math.min(2, repeat), 1, 20))),
  connections: Math.round(numberSetting('BENCH_CONNECTIONS', 10, 1, 11)),
  datasets: lowdbDatasets,
  backends: listSetting('BENCH_BACKENDS', BACKENDS.join(','), BACKENDS),
  pgDatasets: listSetting('BENCH_PG_DATASETS', lowdbDatasets.filter((d) => PG_DEFAULT_DATASETS.includes(d)).join(','), DATASETS),
  idleSeconds: numberSetting('BENCH_IDLE_SECONDS', 2, 0, 60),
  pgDurable: process.env.BENCH_PG_DURABLE === '1',
  splitterIn: process.env.BENCH_SPLITTER === 'process' ? ('process' as const) : ('bench' as const),
  /** The one-connection probe on the PostgreSQL stores too (off by default, to keep the bench near a quarter of an hour). */
  pgProbe: process.env.BENCH_PG_PROBE === '1',
  profile: process.env.BENCH_PROFILE !== '0',
  profileMax: Math.round(numberSetting('BENCH_PROFILE_MAX', 10, 0, 30)),
  keep: process.env.BENCH_KEEP === '1',
};

const ROOT = resolve(__dirname, '..', '..', '..');
const REPORT = join(ROOT, 'scripts', 'bench', 'last-run.md');

const log = (line: string) => console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

class BenchFailure extends Error {
  override name = 'BenchFailure';
}

// ---- People and expected cards ----

const contoso = demoOrganisations(new Date(BENCH_NOW)).find((o) => o.organisation.tenantId === CONTOSO_TENANT);
if (!contoso) throw new Error('The Contoso demo organisation is missing.');
const ORG_NAME = contoso.organisation.name;
const asPerson = (u: { id: string; displayName: string }): Person => ({ id: u.id, name: u.displayName, tenantId: CONTOSO_TENANT });
const PEOPLE = contoso.users.map(asPerson);
function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is missing from the demo organisation.`);
  return value;
}
const alex: Person = must(PEOPLE.find((p) => p.id === ALEX), 'Alex Wilber');
const VSE_NAME = must(contoso.benefits.find((b) => b.id === VS_ENTERPRISE), 'Visual Studio Enterprise').name.en;
/** "my benefits": connection i asks as the i-th demo user. */
const MINE_PEOPLE = PEOPLE.slice(0, settings.connections);
/** Who connection i assigns Visual Studio Enterprise to (and removes again): demo users without it, never Alex; the last is the one-connection probe's. */
const TARGETS = PEOPLE.filter((p) => p.id !== ALEX && p.id !== LEE_GU).slice(0, settings.connections + 1);
if (TARGETS.length < settings.connections + 1) throw new Error(`BENCH_CONNECTIONS can be at most ${TARGETS.length - 1}: one demo user without Visual Studio Enterprise per connection, and one for the probe.`);

const personalConversation = (p: Person) => `a:personal-${p.id}`;
/** Alex asks from one conversation per connection, so that no two requests share conversation state. */
const alexConversation = (connection: number) => `a:bench-${connection}-${ALEX}`;
const connectionOf = (conversationId: string) => Number(/^a:bench-(\d+)-/.exec(conversationId)?.[1] ?? -1);


const cardTitled = (expected: (conversationId: string) => string | undefined): ReplyCheck => (received) => {
  const card = onlyCard(received.activity);
  if (typeof card === 'string') return card;
  const want = expected(received.conversationId);
  const title = texts(card)[0];
  return title === want ? undefined : `expected the card "${want}", got ${describe(received.activity)}`;
};

const CHECK = {
  show: cardTitled(() => msg('overview.title', { org: ORG_NAME })),
  category: cardTitled(() => msg('category.software')),
  mine: ((received) => {
    const card = onlyCard(received.activity);
    if (typeof card === 'string') return card;
    const person = PEOPLE.find((p) => personalConversation(p) === received.conversationId);
    if (!person) return `a reply in an unexpected conversation ${received.conversationId}`;
    const said = texts(card);
    return said.includes(msg('mine.title', { name: person.name })) || said.includes(msg('mine.none', { name: person.name })) ? undefined : `expected ${person.name}'s benefits, got ${describe(received.activity)}`;
  }) satisfies ReplyCheck,
  assign: ((received) => {
    const card = onlyCard(received.activity);
    if (typeof card === 'string') return card;
    const target = TARGETS[connectionOf(received.conversationId)];
    if (!target) return `a reply in an unexpected conversation ${received.conversationId}`;
    const want = msg('confirm.assign', { benefit: VSE_NAME, name: target.name });
    if (texts(card)[0] !== want) return `expected the confirmation "${want}", got ${describe(received.activity)}`;
    const data = confirmDataOf(card);
    if (typeof data === 'string') return data;
    if (data.op !== 'assign' || data.benefitId !== VS_ENTERPRISE || data.userId !== target.id || typeof data.requestId !== 'string') return `the Confirm button carries ${JSON.stringify(data)}`;
    return undefined;
  }) satisfies ReplyCheck,
  echo: ((received) => (received.activity.text === 'show benefits' ? undefined : `expected the echo "show benefits", got ${describe(received.activity)}`)) satisfies ReplyCheck,
};

/** The data of a confirmation card's Confirm button (Action.Execute, verb change.confirm). */
function confirmDataOf(card: Json): Json | string {
  const confirm = nodes(card).find((n) => n.type === 'Action.Execute' && n.title === msg('confirm.button'));
  if (!confirm) return 'the confirmation card has no Confirm button';
  if (confirm.verb !== 'change.confirm' || !isJson(confirm.data)) return `the Confirm button is ${JSON.stringify(confirm).slice(0, 200)}`;
  return confirm.data;
}

// ---- Scenarios ----

type ScenarioId = 'floor' | 'show' | 'category' | 'mine' | 'assign' | 'confirm';

interface Scenario {
  id: ScenarioId;
  title: string;
  kind: 'floor' | 'read' | 'write';
  /** A message (one reply to the connector each) or an invoke (answered in the HTTP response). */
  replies: 'one' | 'none';
  reply?: ReplyCheck;
  /** Prepares the scenario on a primed bot; returns the body of connection i's next request and the response check. */
  prepare(serviceUrl: string): { body(connection: number): string; check?(connection: number, status: number, body: string): string | undefined };
}

const FLOOR: Scenario = {
  id: 'floor',
  title: 'floor: botbuilder echo bot',
  kind: 'floor',
  replies: 'one',
  reply: CHECK.echo,
  prepare: (serviceUrl) => ({ body: (c) => JSON.stringify(personalMessage(alex, 'show benefits', serviceUrl, alexConversation(c))) }),
};

/** What a Confirm carries for each target, read from a real confirmation card while priming. */
const confirmTemplates = new Map<number, Json>();

const SCENARIOS: Scenario[] = [
  {
    id: 'show',
    title: '"show benefits" → overview card',
    kind: 'read',
    replies: 'one',
    reply: CHECK.show,
    prepare: (serviceUrl) => ({ body: (c) => JSON.stringify(personalMessage(alex, 'show benefits', serviceUrl, alexConversation(c))) }),
  },
  {
    id: 'category',
    title: '"show software benefits" → category list',
    kind: 'read',
    replies: 'one',
    reply: CHECK.category,
    prepare: (serviceUrl) => ({ body: (c) => JSON.stringify(personalMessage(alex, 'show software benefits', serviceUrl, alexConversation(c))) }),
  },
  {
    id: 'mine',
    title: '"my benefits" (10 different people)',
    kind: 'read',
    replies: 'one',
    reply: CHECK.mine,
    prepare: (serviceUrl) => ({
      body: (c) => {
        const who = MINE_PEOPLE[c % MINE_PEOPLE.length] ?? alex;
        return JSON.stringify(personalMessage(who, 'my benefits', serviceUrl, personalConversation(who)));
      },
    }),
  },
  {
    id: 'assign',
    title: '"assign Visual Studio Enterprise to …" → confirmation card',
    kind: 'read',
    replies: 'one',
    reply: CHECK.assign,
    prepare: (serviceUrl) => ({ body: (c) => JSON.stringify(personalMessage(alex, `assign Visual Studio Enterprise to ${TARGETS[c]?.name ?? ''}`, serviceUrl, alexConversation(c))) }),
  },
  {
    id: 'confirm',
    title: 'Confirm (Action.Execute): assign / remove, write + notifications',
    kind: 'write',
    replies: 'none',
    prepare: (serviceUrl) => {
      // Each connection assigns its own person, then removes them again, and so on: every Confirm has a free seat and a new request id.
      const holds = TARGETS.map(() => false);
      const sent = new Map<number, 'assign' | 'remove'>();
      return {
        body: (c) => {
          const template = confirmTemplates.get(c);
          if (!template) throw new BenchFailure(`no confirmation card was seen for connection ${c}`);
          const op = holds[c] ? 'remove' : 'assign';
          sent.set(c, op);
          return JSON.stringify(executeInvoke(alex, 'change.confirm', { ...template, op, requestId: randomUUID() }, serviceUrl, alexConversation(c)));
        },
        check: (c, status, body) => {
          const target = TARGETS[c];
          const op = sent.get(c);
          if (!target || !op) return 'a response nobody asked for';
          if (status !== 200) return `HTTP ${status}: ${body.slice(0, 200)}`;
          let parsed: unknown;
          try {
            parsed = JSON.parse(body);
          } catch {
            return `a body that is not JSON: ${body.slice(0, 200)}`;
          }
          const value = isJson(parsed) ? parsed.value : undefined;
          if (!isJson(parsed) || parsed.statusCode !== 200 || !isJson(value) || value.type !== 'AdaptiveCard') return `not an Adaptive Card invoke response: ${body.slice(0, 200)}`;
          const want = msg(op === 'assign' ? 'result.assigned' : 'result.removed', { name: target.name, benefit: VSE_NAME });
          const said = texts(value);
          if (said[0] !== want || said.includes(msg('result.alreadyDone'))) return `${op}: expected "${want}", got "${said.slice(0, 3).join(' / ')}"`;
          holds[c] = op === 'assign';
          return undefined;
        },
      };
    },
  },
];

// ---- Measuring ----

interface Measurement {
  rps: number;
  p50: number;
  p99: number;
  peakRssMb: number;
  loopMaxMs: number;
  /** One connection: median latency and worst event-loop delay. */
  probeP50: number;
  probeLoopMaxMs: number;
  requests: number;
  checked: number;
  notificationsPerSecond: number;
  peakResettable: boolean;
  /** The measured seconds at full load and of the probe, in the bot's CLOCK_MONOTONIC µs (a CPU profile's clock). */
  window?: { fromUs: number; toUs: number };
  probeWindow?: { fromUs: number; toUs: number };
  /** PostgreSQL: queries per turn at full load (all instances), by origin. */
  db?: DbPerTurn;
}

/** Database round trips per turn: queries in the measured seconds (per second) over turns (per second). */
interface DbPerTurn {
  total: number;
  turn: number;
  outbox: number;
  reminders: number;
  /** By statement ("<origin>: <statement>"). */
  statements: Record<string, number>;
}

/** Queries per second with no load (all instances): the background work, outbox polling above all. */
interface IdleRate {
  total: number;
  outbox: number;
  reminders: number;
  turn: number;
}

/** Queries per second between two figures of the children (the later one counts since the reset the earlier one was taken at). */
function queryRates(from: ChildStats | undefined, to: ChildStats): (IdleRate & { statements: Record<string, number> }) | undefined {
  const seconds = from ? (to.atUs - from.atUs) / 1e6 : NaN;
  if (!(seconds > 0)) return undefined;
  const q = to.queries;
  return {
    total: (q.turn + q.outbox + q.reminders) / seconds,
    turn: q.turn / seconds,
    outbox: q.outbox / seconds,
    reminders: q.reminders / seconds,
    statements: Object.fromEntries(Object.entries(to.statements).map(([key, n]) => [key, n / seconds])),
  };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function post(url: string, activity: Json): Promise<{ status: number; body: string }> {
  const res = await fetch(`${url}/api/messages`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(activity) });
  return { status: res.status, body: await res.text() };
}

/** Waits until no reply has arrived for a while (turns still running when the load stopped finish). */
async function drain(connector: ConnectorStandIn): Promise<void> {
  let last = -1;
  for (let i = 0; i < 100; i += 1) {
    const { replies } = connector.counts();
    if (replies === last) return;
    last = replies;
    await sleep(150);
  }
}

/** One turn, outside the load: its one reply must pass `check`. Returns the reply. */
async function turn(connector: ConnectorStandIn, url: string, activity: Json, check: ReplyCheck, what: string): Promise<Json> {
  let reply: Json | undefined;
  connector.expect((received) => {
    reply = received.activity;
    return check(received);
  });
  const res = await post(url, activity);
  const tally = connector.counts();
  if (res.status < 200 || res.status >= 300) throw new BenchFailure(`${what}: HTTP ${res.status} ${res.body.slice(0, 200)}`);
  if (tally.replies !== 1 || tally.failures > 0 || !reply) throw new BenchFailure(`${what}: ${tally.samples[0] ?? `${tally.replies} replies instead of one`}`);
  return reply;
}

/**
 * Gets the bot ready the way people would have: a Global admin names the notification channel,
 * everyone has a personal chat with the bot (so the people assigned hear about it), Alex opens
 * his conversations, and one real confirmation card per connection gives the Confirm payloads.
 */
async function prime(connector: ConnectorStandIn, url: string): Promise<void> {
  const serviceUrl = connector.serviceUrl;
  const notifyText = [msg('notifyCmd.here', { org: ORG_NAME }), msg('notifyCmd.alreadyHere', { org: ORG_NAME })];
  await turn(connector, url, channelMention(alex, 'notify here', serviceUrl), (r) => (notifyText.includes(String(r.activity.text)) ? undefined : `"notify here": ${describe(r.activity)}`), 'priming "notify here"');
  for (const person of PEOPLE) await turn(connector, url, personalMessage(person, 'my benefits', serviceUrl, personalConversation(person)), CHECK.mine, `priming "my benefits" for ${person.name}`);
  for (let c = 0; c <= settings.connections; c += 1) {
    await turn(connector, url, personalMessage(alex, 'show benefits', serviceUrl, alexConversation(c)), CHECK.show, 'priming "show benefits"');
    const target = TARGETS[c];
    if (!target) continue;
    const reply = await turn(connector, url, personalMessage(alex, `assign Visual Studio Enterprise to ${target.name}`, serviceUrl, alexConversation(c)), CHECK.assign, `priming the confirmation for ${target.name}`);
    const card = onlyCard(reply);
    const data = typeof card === 'string' ? card : confirmDataOf(card);
    if (typeof data === 'string') throw new BenchFailure(data);
    // The request id is made afresh for every Confirm.
    confirmTemplates.set(c, Object.fromEntries(Object.entries(data).filter(([key]) => key !== 'requestId')));
  }
  connector.expect(undefined);
}

interface Phase {
  load: LoadResult;
  stats: ChildStats;
  /** The figures just after the reset when measuring started. */
  from: ChildStats | undefined;
  fromUs: number;
  notifications: number;
  checked: number;
}

/** One load run on a prepared scenario, every reply and response checked; throws a BenchFailure for anything wrong. */
async function phase(connector: ConnectorStandIn, child: UnderTest, scenario: Scenario, prepared: ReturnType<Scenario['prepare']>, label: string, shape: { connections: number; firstConnection: number; warmupSeconds: number; seconds: number }): Promise<Phase> {
  connector.expect(scenario.reply);
  let from: ChildStats | undefined;
  const load: LoadResult = await runLoad({
    url: child.url,
    ...shape,
    body: prepared.body,
    ...(prepared.check ? { check: prepared.check } : {}),
    onMeasure: () => {
      void child.reset().then((s) => {
        from = s;
      });
    },
  });
  const stats: ChildStats = await child.stats();
  await drain(connector);
  const tally = connector.counts();
  connector.expect(undefined);

  const problems: string[] = [];
  if (load.errors > 0 || load.timeouts > 0) problems.push(`${load.errors} connection errors, ${load.timeouts} timeouts`);
  if (load.non2xx > 0) problems.push(`${load.non2xx} responses were not 2xx`);
  if (load.failures > 0) problems.push(`${load.failures} of ${load.checked} responses were wrong: ${load.samples.join(' | ')}`);
  if (tally.failures > 0) problems.push(`${tally.failures} of ${tally.checked} replies were wrong: ${tally.samples.join(' | ')}`);
  if (load.requests === 0) problems.push('no response in the measured time');
  if (scenario.replies === 'one' && (tally.replies < load.allResponses || tally.replies > load.allResponses + shape.connections)) problems.push(`${tally.replies} replies reached the connector for ${load.allResponses} answered requests`);
  if (scenario.replies === 'none' && tally.replies > 0) problems.push(`${tally.replies} unexpected messages reached the connector`);
  if (connector.unserved.length > 0) problems.push(`the bot called the connector where it should not: ${connector.unserved.slice(0, 3).join(', ')}`);
  if (problems.length > 0) throw new BenchFailure(`${label}: ${problems.join('; ')}`);
  return { load, stats, from, fromUs: from?.atUs ?? 0, notifications: tally.notifications, checked: load.checked + tally.checked };
}

/**
 * A scenario at full load (`connections` connections: throughput, latency, peak RSS, event-loop
 * delay under load), then a probe with one connection (latency unloaded, and the worst event-loop
 * delay when turns do not queue behind each other: a real stall, not a queue). The probe uses a
 * connection number of its own (its own conversation and person).
 */
async function measure(connector: ConnectorStandIn, child: UnderTest, scenario: Scenario, label: string, onPostgres = false): Promise<Measurement> {
  const prepared = scenario.prepare(connector.serviceUrl);
  const full = await phase(connector, child, scenario, prepared, label, { connections: settings.connections, firstConnection: 0, warmupSeconds: settings.warmupSeconds, seconds: settings.seconds });
  if (scenario.kind === 'write' && full.notifications === 0) {
    // The outbox may be behind the writes (on PostgreSQL its claims wait for the same organisation's lock): the first may come a little later.
    let late = 0;
    for (let waited = 0; waited < 20_000 && late === 0; waited += 100) {
      await sleep(100);
      late = connector.counts().notifications;
    }
    if (late === 0) throw new BenchFailure(`${label}: no notification reached the connector (waited 20 s after the load)`);
    log(`  ${label}: the first notification came after the load had stopped`);
  }
  // Turns still running when the load stopped finish (and their writes land) before the probe starts.
  await sleep(50);
  await child.idle();
  const probe = settings.probeSeconds > 0 && (!onPostgres || settings.pgProbe) ? await phase(connector, child, scenario, prepared, `${label}, one connection`, { connections: 1, firstConnection: settings.connections, warmupSeconds: 0.25, seconds: settings.probeSeconds }) : undefined;
  const rates = onPostgres ? queryRates(full.from, full.stats) : undefined;
  const perTurn = (perSecond: number) => perSecond / full.load.rps;
  const m: Measurement = {
    rps: full.load.rps,
    p50: full.load.p50,
    p99: full.load.p99,
    peakRssMb: full.stats.peakRssBytes / 2 ** 20,
    loopMaxMs: full.stats.eventLoopMaxMs,
    probeP50: probe?.load.p50 ?? NaN,
    probeLoopMaxMs: probe?.stats.eventLoopMaxMs ?? NaN,
    requests: full.load.requests,
    checked: full.checked + (probe?.checked ?? 0),
    notificationsPerSecond: full.notifications / (settings.warmupSeconds + settings.seconds),
    peakResettable: full.stats.peakResettable,
    window: { fromUs: full.fromUs, toUs: full.stats.atUs },
    ...(probe ? { probeWindow: { fromUs: probe.fromUs, toUs: probe.stats.atUs } } : {}),
    ...(rates ? { db: { total: perTurn(rates.total), turn: perTurn(rates.turn), outbox: perTurn(rates.outbox), reminders: perTurn(rates.reminders), statements: Object.fromEntries(Object.entries(rates.statements).map(([key, n]) => [key, perTurn(n)])) } } : {}),
  };
  const db = m.db ? `, ${m.db.total.toFixed(1)} DB round trips per turn (${m.db.turn.toFixed(1)} in turns, ${m.db.outbox.toFixed(1)} outbox)` : '';
  log(`  ${label}: ${m.rps.toFixed(0)} req/s, p50 ${m.p50.toFixed(1)} ms, p99 ${m.p99.toFixed(1)} ms, peak RSS ${m.peakRssMb.toFixed(0)} MB, worst loop delay ${m.loopMaxMs.toFixed(0)} ms${scenario.kind === 'write' ? `, ${full.notifications} notifications delivered` : ''}${db}; one connection: p50 ${m.probeP50.toFixed(1)} ms, worst loop delay ${m.probeLoopMaxMs.toFixed(0)} ms`);
  return m;
}

/**
 * Settings of the bot under test besides its data file: the per-person limit (5 turns a second by
 * default) is raised so far that it never refuses, though it still runs on every turn: the load
 * comes from a few people (Alex Wilber is Contoso's only Global admin) at hundreds of turns a second.
 */
const BOT_ENV = { PERSON_MESSAGES_PER_SECOND: '10000', PERSON_MESSAGES_BURST: '100000' };

/** The throwaway PostgreSQL server and the data sets loaded into it (one template database each; each run gets a copy). */
interface PgContext {
  server: PgServer;
  /** KEYS_SECRET of every instance; the data sets' keys are sealed with it. */
  keysSecret: string;
  templates: Map<DatasetName, GeneratedDataset & { database: string }>;
}

interface Context {
  work: string;
  connector: ConnectorStandIn;
  templates: Map<DatasetName, GeneratedDataset>;
  pg?: PgContext;
}

/** The .cpuprofile a child wrote into `dir` on exit, if any. */
async function profileIn(dir: string | undefined): Promise<string | undefined> {
  if (!dir) return undefined;
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) => f.endsWith('.cpuprofile'));
  return files[0] ? join(dir, files[0]) : undefined;
}

interface FloorRun {
  m: Measurement;
  profileFile?: string;
}

/** The floor: one echo bot addressed directly, or `instances` of them behind the splitter (the floor of three instances on this machine). */
async function runFloor(ctx: Context, rep: string, instances: number, profileDir?: string): Promise<FloorRun> {
  const what = instances === 1 ? 'floor' : `floor ×${instances}`;
  const bot = await startInstances(instances, (i) => ({ mode: 'echo', env: {}, logFile: join(ctx.work, `echo${instances === 1 ? '' : `${instances}.${i + 1}`}-${rep}.log`), ...(profileDir ? { cpuProfileDir: profileDir } : {}) }), settings.splitterIn);
  let m: Measurement;
  try {
    for (let i = 0; i < instances; i += 1) await turn(ctx.connector, bot.url, personalMessage(alex, 'show benefits', ctx.connector.serviceUrl, alexConversation(0)), CHECK.echo, 'the echo bot');
    m = await measure(ctx.connector, bot, FLOOR, `${what} (run ${rep})`);
  } finally {
    await bot.stop();
  }
  const profileFile = await profileIn(profileDir);
  return { m, ...(profileFile ? { profileFile } : {}) };
}

interface DatasetRun {
  backend: Backend;
  startupMs: number;
  scenarios: Map<ScenarioId, Measurement>;
  /** PostgreSQL: queries per second with no load, before the scenarios. */
  idle?: IdleRate;
  /** With --cpu-prof: the profile, and when the start-up in it ended (/healthz answered). */
  profileFile?: string;
  healthyAtUs: number;
}

/**
 * Starts the bot on a fresh copy of the data set (lowdb: the files; PostgreSQL: a database copied
 * from the data set's template, one instance or three behind the splitter), primes it, counts the
 * queries of an idle moment (PostgreSQL) and measures every scenario.
 */
async function runDataset(ctx: Context, backend: Backend, name: DatasetName, rep: string, profileDir?: string): Promise<DatasetRun> {
  const runDir = join(ctx.work, `run-${backend}-${name}-${rep}`);
  const env: Record<string, string> = { DATA_FILE: join(runDir, 'benefits.json'), BENEFITS_NOW: BENCH_NOW, LOG_LEVEL: 'warn', ...BOT_ENV };
  let database: string | undefined;
  const pg = ctx.pg;
  if (backend === 'lowdb') {
    const template = ctx.templates.get(name);
    if (!template) throw new Error(`data set ${name} was not generated`);
    await cp(join(template.dataFile, '..'), runDir, { recursive: true });
  } else {
    const template = pg?.templates.get(name);
    if (!pg || !template) throw new Error(`data set ${name} was not loaded into PostgreSQL`);
    await mkdir(runDir, { recursive: true });
    database = `run_${backend}_${name}_${rep}`;
    await pg.server.admin(`CREATE DATABASE ${database} TEMPLATE ${template.database}`);
    Object.assign(env, { DATABASE_URL: pg.server.url(database), KEYS_SECRET: pg.keysSecret });
  }
  const instances = INSTANCES[backend];
  const label = backend === 'lowdb' ? name : `${name} on ${BACKEND_NAME[backend]}`;
  const options = (i: number): ChildOptions => ({ mode: 'bot', env, logFile: join(ctx.work, `bot-${backend}-${name}-${rep}${instances === 1 ? '' : `.${i + 1}`}.log`), ...(profileDir ? { cpuProfileDir: profileDir } : {}) });
  const scenarios = new Map<ScenarioId, Measurement>();
  let bot: UnderTest | undefined;
  let idle: IdleRate | undefined;
  try {
    bot = await startInstances(instances, options, settings.splitterIn);
    log(`${label} (run ${rep}): healthy ${bot.startupMs.toFixed(0)} ms after spawn`);
    await prime(ctx.connector, bot.url);
    if (database && settings.idleSeconds > 0) {
      await bot.idle();
      const from = await bot.reset();
      await sleep(settings.idleSeconds * 1000);
      const rates = queryRates(from, await bot.stats());
      if (rates) idle = { total: rates.total, turn: rates.turn, outbox: rates.outbox, reminders: rates.reminders };
      if (idle) log(`  ${label}: ${idle.total.toFixed(0)} queries/s with no load (${idle.outbox.toFixed(0)} from the outbox sender)`);
    }
    for (const scenario of SCENARIOS) scenarios.set(scenario.id, await measure(ctx.connector, bot, scenario, `${label} · ${scenario.id} (run ${rep})`, database !== undefined));
  } finally {
    await bot?.stop();
    await rm(runDir, { recursive: true, force: true });
    if (database && pg) await pg.server.admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
  const profileFile = await profileIn(profileDir);
  return { backend, startupMs: bot.startupMs, scenarios, healthyAtUs: bot.healthyAtUs, ...(idle ? { idle } : {}), ...(profileFile ? { profileFile } : {}) };
}

// ---- Statistics and report ----

function median(values: number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? (sorted[mid] ?? NaN) : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
}

interface Summary {
  rps: number;
  p50: number;
  p99: number;
  peakRssMb: number;
  loopMaxMs: number;
  probeP50: number;
  /** The worst of the repetitions, and the median of the repetitions' worst. */
  probeLoopMaxMs: number;
  probeLoopMedianMs: number;
  /** Medians of the per-repetition ratios. */
  rpsVsFloor: number;
  p99VsFloor: number;
  /** The same, to three echo bots behind the splitter (when measured). */
  rpsVsFloor3: number;
  p99VsFloor3: number;
  checked: number;
  notificationsPerSecond: number;
  /** PostgreSQL: medians of the round trips per turn. */
  db?: DbPerTurn;
}

const runKey = (backend: Backend, name: DatasetName) => `${backend}/${name}`;

const fmtRate = (n: number) => (!Number.isFinite(n) ? '–' : n >= 100 ? n.toFixed(0) : n.toFixed(1));
const fmtMs = (n: number) => (!Number.isFinite(n) ? '–' : n >= 100 ? n.toFixed(0) : n.toFixed(1));
const fmtX = (n: number) => (!Number.isFinite(n) ? '–' : `${n.toFixed(n < 0.1 ? 3 : 2)}×`);

interface Target {
  name: string;
  measured: string;
  pass: boolean;
  /** Where to look when it is missed: a data set and scenario to profile, or the start-up. */
  profile?: { dataset: DatasetName; scenario?: ScenarioId; startup?: boolean };
  /** How far from the limit (1: on it; lower: further off), to profile the worst misses first. */
  margin?: number;
}

/** Ratios in the targets, with three decimals so that a miss by a hair does not read "0.50×". */
const fmtR = (n: number) => (!Number.isFinite(n) ? '–' : `${n.toFixed(3)}×`);

async function main(): Promise<void> {
  const started = Date.now();
  const loadBefore = os.loadavg()[0] ?? 0;
  const work = await mkdtemp(join(os.tmpdir(), 'benefits-bench-'));
  const connector = new ConnectorStandIn();
  await connector.start();
  const ctx: Context = { work, connector, templates: new Map() };
  const lowdbOn = settings.backends.includes('lowdb');
  const pgBackends: Backend[] = settings.backends.filter((b) => b !== 'lowdb');
  // Interrupted: the PostgreSQL server is a daemon of its own, so it is stopped here (the children leave with the IPC channel).
  const onSignal = (signal: NodeJS.Signals) => {
    ctx.pg?.server.stopNow();
    console.error(`\nBENCH INTERRUPTED (${signal})${ctx.pg ? ': the PostgreSQL server was stopped and removed' : ''}. Logs are kept in ${work}.`);
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  log(`working in ${work}; ${settings.connections} connections, ${settings.warmupSeconds} s warm-up + ${settings.seconds} s per scenario, ${settings.repeat} repetition(s); stores ${settings.backends.join(', ')}; data sets ${lowdbOn ? `lowdb ${settings.datasets.join(', ') || 'none'}` : ''}${lowdbOn && pgBackends.length ? ', ' : ''}${pgBackends.length ? `PostgreSQL ${settings.pgDatasets.join(', ') || 'none'}` : ''}`);
  let failed = false;
  /** Why the PostgreSQL stores were not measured, when they were asked for and were not. */
  let pgSkipped: string | undefined;
  try {
    if (lowdbOn) {
      for (const name of settings.datasets) {
        const generated = await generateDataset(name, join(work, 'data', name), { ...DEFAULT_SPEC, freeSeats: settings.connections + 4 });
        ctx.templates.set(name, generated);
        log(`generated ${name}: ${generated.organisations} organisations, ${generated.users} users, ${generated.assignments} assignments, ${(generated.bytes / 1e6).toFixed(1)} MB in ${(generated.ms / 1000).toFixed(1)} s`);
      }
    }
    if (pgBackends.length > 0 && settings.pgDatasets.length === 0) pgSkipped = 'no data set for them (BENCH_PG_DATASETS, or BENCH_DATASETS holds neither demo nor a)';
    else if (pgBackends.length > 0) pgSkipped = postgresUnavailable();
    if (pgSkipped) log(`PostgreSQL stores skipped: ${pgSkipped}`);
    else if (pgBackends.length > 0) {
      const server = await startPgServer({ durable: settings.pgDurable });
      const pg: PgContext = { server, keysSecret: randomBytes(32).toString('hex'), templates: new Map() };
      ctx.pg = pg;
      log(`PostgreSQL ${server.version} started (${server.settings})`);
      for (const name of settings.pgDatasets) {
        const database = `dataset_${name}`;
        await server.admin(`CREATE DATABASE ${database}`);
        const loaded = await loadDatasetIntoPg(name, server.url(database), pg.keysSecret, { ...DEFAULT_SPEC, freeSeats: settings.connections + 4 });
        const bytes = Number((await server.admin<{ size: string }>(`SELECT pg_database_size('${database}')::text AS size`))[0]?.size ?? NaN);
        pg.templates.set(name, { ...loaded, dataFile: '', bytes, database });
        log(`loaded ${name} into PostgreSQL: ${(bytes / 1e6).toFixed(1)} MB database in ${(loaded.ms / 1000).toFixed(1)} s`);
      }
    }
    const pgRun = (b: Backend) => ctx.pg !== undefined && pgBackends.includes(b);
    const datasetsOf = (b: Backend): DatasetName[] => (b === 'lowdb' ? (lowdbOn ? settings.datasets : []) : pgRun(b) ? settings.pgDatasets : []);
    // Data set by data set, the stores one after the other: what is compared is measured close together.
    const plan = DATASETS.flatMap((name) => settings.backends.filter((b) => datasetsOf(b).includes(name)).map((backend) => ({ backend, name })));
    const withFloor3 = pgRun('pg3');
    const inRep = (backend: Backend, rep: number) => backend === 'lowdb' || rep <= settings.pgRepeat;

    // The last repetition runs every child (the floor too) with --cpu-prof; each scenario's samples are cut out by its measured seconds.
    const floors: Measurement[] = [];
    const floors3: Measurement[] = [];
    let floorProfile: string | undefined;
    const runs = new Map<string, DatasetRun[]>(plan.map((p) => [runKey(p.backend, p.name), []]));
    for (let rep = 1; rep <= settings.repeat; rep += 1) {
      const profileDir = (what: string) => (settings.profile && rep === settings.repeat ? join(work, 'profiles', what) : undefined);
      if (settings.profile && rep === settings.repeat) log('this repetition runs with --cpu-prof');
      const floorRun = await runFloor(ctx, String(rep), 1, profileDir('floor'));
      floors.push(floorRun.m);
      floorProfile = floorRun.profileFile ?? floorProfile;
      if (withFloor3 && inRep('pg3', rep)) floors3.push((await runFloor(ctx, String(rep), 3, profileDir('floor3'))).m);
      for (const { backend, name } of plan.filter((p) => inRep(p.backend, rep))) runs.get(runKey(backend, name))?.push(await runDataset(ctx, backend, name, String(rep), profileDir(backend === 'lowdb' ? name : `${backend}-${name}`)));
    }

    // Per-repetition ratios, then medians.
    const summarise = (pick: (rep: number) => Measurement | undefined): Summary => {
      const ms = Array.from({ length: settings.repeat }, (_, i) => ({ m: pick(i), floor: floors[i], floor3: floors3[i] }));
      const valid = ms.filter((x): x is { m: Measurement; floor: Measurement; floor3: Measurement | undefined } => x.m !== undefined && x.floor !== undefined);
      const dbMedian = (pick: (db: DbPerTurn) => number) => median(valid.map((x) => (x.m.db ? pick(x.m.db) : NaN)));
      return {
        rps: median(valid.map((x) => x.m.rps)),
        p50: median(valid.map((x) => x.m.p50)),
        p99: median(valid.map((x) => x.m.p99)),
        peakRssMb: median(valid.map((x) => x.m.peakRssMb)),
        loopMaxMs: Math.max(...valid.map((x) => x.m.loopMaxMs)),
        probeP50: median(valid.map((x) => x.m.probeP50)),
        probeLoopMaxMs: Math.max(...valid.map((x) => x.m.probeLoopMaxMs)),
        probeLoopMedianMs: median(valid.map((x) => x.m.probeLoopMaxMs)),
        rpsVsFloor: median(valid.map((x) => x.m.rps / x.floor.rps)),
        p99VsFloor: median(valid.map((x) => x.m.p99 / x.floor.p99)),
        rpsVsFloor3: median(valid.map((x) => (x.floor3 ? x.m.rps / x.floor3.rps : NaN))),
        p99VsFloor3: median(valid.map((x) => (x.floor3 ? x.m.p99 / x.floor3.p99 : NaN))),
        checked: valid.reduce((n, x) => n + x.m.checked, 0),
        notificationsPerSecond: median(valid.map((x) => x.m.notificationsPerSecond)),
        ...(valid.some((x) => x.m.db)
          ? {
              db: {
                total: dbMedian((d) => d.total),
                turn: dbMedian((d) => d.turn),
                outbox: dbMedian((d) => d.outbox),
                reminders: dbMedian((d) => d.reminders),
                statements: Object.fromEntries([...new Set(valid.flatMap((x) => Object.keys(x.m.db?.statements ?? {})))].map((key) => [key, dbMedian((d) => d.statements[key] ?? 0)])),
              },
            }
          : {}),
      };
    };
    const floor = summarise((i) => floors[i]);
    const floor3 = withFloor3 ? summarise((i) => floors3[i]) : undefined;
    const runsOf = (backend: Backend, name: DatasetName) => runs.get(runKey(backend, name)) ?? [];
    const ran = (backend: Backend, name: DatasetName) => runs.has(runKey(backend, name));
    const of = (name: DatasetName, id: ScenarioId, backend: Backend = 'lowdb') => summarise((i) => runsOf(backend, name)[i]?.scenarios.get(id));
    /** Median over repetitions of (x of `a`) / (x of `b`), both from the same repetition; `a` and `b` name a data set, or a store and a data set. */
    type Run = DatasetName | [Backend, DatasetName];
    const runOf = (r: Run, i: number) => (typeof r === 'string' ? runsOf('lowdb', r) : runsOf(...r))[i];
    const relative = (a: Run, b: Run, id: ScenarioId, metric: 'rps' | 'p50' | 'p99') =>
      median(Array.from({ length: settings.repeat }, (_, i) => {
        const x = runOf(a, i)?.scenarios.get(id)?.[metric];
        const y = runOf(b, i)?.scenarios.get(id)?.[metric];
        return x !== undefined && y !== undefined ? x / y : NaN;
      }));
    const startup = (name: DatasetName, backend: Backend = 'lowdb') => median(runsOf(backend, name).map((r) => r.startupMs));
    const idleOf = (backend: Backend, name: DatasetName): IdleRate => {
      const all = runsOf(backend, name).map((r) => r.idle);
      const pick = (f: (x: IdleRate) => number) => median(all.map((x) => (x ? f(x) : NaN)));
      return { total: pick((x) => x.total), turn: pick((x) => x.turn), outbox: pick((x) => x.outbox), reminders: pick((x) => x.reminders) };
    };

    // ---- Targets (the embedded store's) ----
    const targets: Target[] = [];
    const has = (d: DatasetName) => ran('lowdb', d);
    if (has('demo')) {
      for (const s of SCENARIOS.filter((x) => x.kind === 'read')) {
        const r = of('demo', s.id);
        targets.push({ name: `read turn on demo data, ${s.id}: ≥ 0.5× the floor's req/s and p99 ≤ 2× the floor's`, measured: `${fmtR(r.rpsVsFloor)} req/s, ${fmtR(r.p99VsFloor)} p99`, pass: r.rpsVsFloor >= 0.5 && r.p99VsFloor <= 2, profile: { dataset: 'demo', scenario: s.id }, margin: Math.min(r.rpsVsFloor / 0.5, 2 / r.p99VsFloor) });
      }
      const w = of('demo', 'confirm');
      targets.push({ name: "Confirm (write) on demo data: ≥ 0.3× the floor's req/s", measured: `${fmtR(w.rpsVsFloor)} req/s`, pass: w.rpsVsFloor >= 0.3, profile: { dataset: 'demo', scenario: 'confirm' }, margin: w.rpsVsFloor / 0.3 });
    }
    if (has('demo') && has('a')) {
      for (const s of SCENARIOS) {
        const slower = 1 / relative('a', 'demo', s.id, 'rps');
        const p99 = relative('a', 'demo', s.id, 'p99');
        targets.push({ name: `(a) 5,000 users / 20,000 assignments, ${s.id}: within 1.5× of demo (req/s and p99)`, measured: `req/s ${slower.toFixed(3)}× lower, p99 ${fmtR(p99)} the demo's`, pass: slower <= 1.5 && p99 <= 1.5, profile: { dataset: 'a', scenario: s.id }, margin: Math.min(1.5 / slower, 1.5 / p99) });
      }
    }
    if (has('demo') && has('b')) {
      const slower = 1 / relative('b', 'demo', 'confirm', 'rps');
      const p99 = relative('b', 'demo', 'confirm', 'p99');
      targets.push({ name: '(b) 2,000 organisations, Confirm (write): within 1.2× of the same write with two organisations (req/s and p99)', measured: `req/s ${slower.toFixed(3)}× lower, p99 ${fmtR(p99)} the demo's`, pass: slower <= 1.2 && p99 <= 1.2, profile: { dataset: 'b', scenario: 'confirm' }, margin: Math.min(1.2 / slower, 1.2 / p99) });
    }
    for (const name of datasetsOf('lowdb')) {
      let typical: { id: ScenarioId; ms: number } = { id: 'show', ms: 0 };
      let worst: { id: ScenarioId; ms: number } = { id: 'show', ms: 0 };
      let loaded: { id: ScenarioId; ms: number } = { id: 'show', ms: 0 };
      for (const s of SCENARIOS) {
        const r = of(name, s.id);
        if (r.probeLoopMedianMs > typical.ms) typical = { id: s.id, ms: r.probeLoopMedianMs };
        if (r.probeLoopMaxMs > worst.ms) worst = { id: s.id, ms: r.probeLoopMaxMs };
        if (r.loopMaxMs > loaded.ms) loaded = { id: s.id, ms: r.loopMaxMs };
      }
      targets.push({
        name: `no event-loop stall over 50 ms, ${name} data (one connection; per scenario the median of the repetitions' worst, the highest scenario shown)`,
        measured: `${fmtMs(typical.ms)} ms (${typical.id}); worst single run ${fmtMs(worst.ms)} ms (${worst.id}); floor ${fmtMs(floor.probeLoopMedianMs)} ms. Under full load: ${fmtMs(loaded.ms)} ms (${loaded.id}), floor ${fmtMs(floor.loopMaxMs)} ms`,
        pass: typical.ms <= 50,
        profile: { dataset: name, scenario: typical.id },
        margin: 50 / typical.ms,
      });
    }
    if (has('b')) targets.push({ name: 'start to healthy (spawn → /healthz 200) under 1.5 s on (b)', measured: `${fmtMs(startup('b'))} ms`, pass: startup('b') < 1500, profile: { dataset: 'b', startup: true }, margin: 1500 / startup('b') });

    // ---- Report ----
    const commit = (() => {
      try {
        const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: ROOT, encoding: 'utf8' }).trim();
        const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: ROOT, encoding: 'utf8' }).trim().split('\n').filter(Boolean).length;
        return dirty ? `${head} with ${dirty} changed tracked file(s)` : head;
      } catch {
        return 'unknown';
      }
    })();
    const cpu = os.cpus();
    const pg = ctx.pg;
    const pgRan = plan.some((p) => p.backend !== 'lowdb');
    /** Rows of a data set: the stores that ran it, in the order asked for. */
    const backendsOf = (name: DatasetName) => settings.backends.filter((b) => ran(b, name));
    const allDatasets = DATASETS.filter((name) => backendsOf(name).length > 0);
    const fmtQ = (n: number | undefined) => (n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(1));
    const floorRow = (what: string, r: Summary, vsFloor: string, p99VsFloor: string) =>
      `| – | ${what} | ${FLOOR.title} | ${fmtRate(r.rps)} | ${vsFloor} | ${fmtMs(r.p50)} | ${fmtMs(r.p99)} | ${p99VsFloor} | – | ${r.peakRssMb.toFixed(0)} | ${fmtMs(r.loopMaxMs)} | ${fmtMs(r.probeP50)} | ${fmtMs(r.probeLoopMaxMs)} | ${r.checked} |`;
    const md: string[] = [
      `# npm run bench: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
      '',
      `${cpu.length} CPU(s) (${cpu[0]?.model.trim() ?? 'unknown'}), load average ${loadBefore.toFixed(2)} before the run; Node ${process.version}; commit ${commit}.`,
      `${settings.connections} connections, ${settings.warmupSeconds} s warm-up then ${settings.seconds} s measured per scenario, ${settings.repeat} repetition(s)${pgRan && settings.pgRepeat < settings.repeat ? ` (the PostgreSQL stores in the first ${settings.pgRepeat}${settings.profile ? ', not the profiled one' : ''})` : ''}: figures are medians; ratios are to the floor (a botbuilder echo bot, CloudAdapter + restify, replying through the same connector stand-in) measured in the same repetition. The bot runs in local mode as a child process on a fresh copy of each data set${pgRan ? ' (lowdb: the files; PostgreSQL: a database copied from the data set\'s)' : ''}; it${pgRan ? ', PostgreSQL' : ''} and the load generator share the machine.`,
      '',
      '## Data sets',
      '',
      '| data | store | organisations | users | assignments | size | written in | start → /healthz 200 (median) | each run |',
      '|---|---|---:|---:|---:|---:|---:|---:|---|',
      ...allDatasets.flatMap((name) =>
        backendsOf(name).map((backend) => {
          const g = backend === 'lowdb' ? ctx.templates.get(name) : pg?.templates.get(name);
          const size = g ? `${(g.bytes / 1e6).toFixed(1)} MB ${backend === 'lowdb' ? 'of organisation files' : 'database'}` : '–';
          return `| ${name} | ${BACKEND_NAME[backend]} | ${g?.organisations ?? '–'} | ${g?.users ?? '–'} | ${g?.assignments ?? '–'} | ${size} | ${g ? (g.ms / 1000).toFixed(1) : '–'} s | ${fmtMs(startup(name, backend))} ms | ${runsOf(backend, name).map((r) => r.startupMs.toFixed(0)).join(', ')} ms |`;
        }),
      ),
      '',
      `demo: Contoso and Fabrikam as in shared/spec/demo-organisations.md, with Contoso's Visual Studio Enterprise seats raised from 3 to ${1 + settings.connections + 4} so that every connection has a free seat; the per-person limit is raised (PERSON_MESSAGES_PER_SECOND=10000, PERSON_MESSAGES_BURST=100000) as the load comes from a few people. (a): Contoso with 5,000 users (the 14 demo users and 4,986 generated) and 20,000 seat assignments over Visual Studio and four more seat benefits. (b): Contoso and Fabrikam as in demo, and 1,998 organisations like Contoso of 20 users each.${pgRan ? ' On PostgreSQL each data set is written once through the store (openStores with DATABASE_URL, the organisations as its seed) into a database of its own, which every run copies (CREATE DATABASE … TEMPLATE); with three instances, start-up is the slowest of the three started together.' : ''}`,
      '',
      '## Throughput and latency',
      '',
      `| data | store | scenario | req/s | × floor | p50 ms | p99 ms | p99 × floor | DB round trips per turn | peak RSS MB | worst event-loop delay ms | p50 ms, 1 connection | worst event-loop delay ms, 1 connection | checked |`,
      '|---|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
      floorRow('–', floor, '1.00×', '1.00×'),
      ...(floor3 ? [floorRow('3 echo bots behind the splitter', floor3, fmtX(floor3.rpsVsFloor), fmtX(floor3.p99VsFloor))] : []),
      ...allDatasets.flatMap((name) =>
        SCENARIOS.flatMap((s) =>
          backendsOf(name).map((backend) => {
            const r = of(name, s.id, backend);
            const notes = s.kind === 'write' ? ` (${r.notificationsPerSecond.toFixed(0)} notifications/s delivered)` : '';
            return `| ${name} | ${BACKEND_NAME[backend]} | ${s.title}${notes} | ${fmtRate(r.rps)} | ${fmtX(r.rpsVsFloor)} | ${fmtMs(r.p50)} | ${fmtMs(r.p99)} | ${fmtX(r.p99VsFloor)} | ${fmtQ(r.db?.total)} | ${r.peakRssMb.toFixed(0)} | ${fmtMs(r.loopMaxMs)} | ${fmtMs(r.probeP50)} | ${fmtMs(r.probeLoopMaxMs)} | ${r.checked} |`;
          }),
        ),
      ),
      '',
      `"checked": replies (at the connector stand-in) and invoke responses verified to be the expected card, never an error; any wrong one fails the bench. Peak RSS is VmHWM of the bot process${pgRan ? ' (the sum of the three with three instances; PostgreSQL\'s own memory is not in it)' : ''}, reset when measuring starts. The worst event-loop delay is perf_hooks.monitorEventLoopDelay in the bot process${pgRan ? ' (the worst of the instances)' : ''} during the measured seconds (the worst of the repetitions). Under full load it includes turns queued behind each other and the process waiting for a CPU on this shared machine (see the floor's); the one-connection probe (${settings.probeSeconds} s after each scenario, its own conversation and person, once the store has written everything${pgRan && !settings.pgProbe ? '; not on PostgreSQL unless BENCH_PG_PROBE=1' : ''}) shows real stalls, and the stall target is judged on it (its column: the worst of the repetitions).${pgRan ? ' "DB round trips per turn": the queries the bot instances sent to PostgreSQL in the measured seconds, per turn answered (see below).' : ''}`,
      '',
    ];

    // ---- PostgreSQL ----
    if (pgSkipped) md.push('## PostgreSQL', '', `The PostgreSQL stores (${pgBackends.join(', ')}) were skipped: ${pgSkipped}.`, '');
    else if (pg && pgRan) {
      const pgDatasets = allDatasets.filter((name) => ran('pg', name) || ran('pg3', name));
      const pgStores = (name: DatasetName) => backendsOf(name).filter((b) => b !== 'lowdb');
      md.push(
        '## PostgreSQL',
        '',
        `A throwaway PostgreSQL ${pg.server.version} server started by the bench on this machine (its data in ${pg.server.logFile.startsWith('/dev/shm') ? 'memory, /dev/shm' : 'a temporary folder'}; ${pg.server.settings}), over TCP on 127.0.0.1; each bot instance with its own pool (pg's default of at most 10 connections), DATABASE_URL and KEYS_SECRET. With three instances (PostgreSQL ×3) all three use the same database, and the load goes through a round-robin splitter in the bench process (a keep-alive connection pool to each instance; each request to the next instance); notifications go out from whichever instance claims them (the outbox in shared mode).`,
        '',
        '### Database round trips',
        '',
        'Every query a bot instance sends (`pg` Client#query, each one round trip) is counted, by what sent it: the turn, the outbox sender (each pass, whether its 1-second timer or the end of a turn started it: every turn wakes it), or the reminders. Per turn: queries per second in the measured seconds (all instances) over turns per second.',
        '',
        '| data | store | scenario | req/s | × floor | p99 × floor | round trips per turn | in the turn | outbox sender | reminders |',
        '|---|---|---|---:|---:|---:|---:|---:|---:|---:|',
        ...pgDatasets.flatMap((name) =>
          SCENARIOS.flatMap((s) =>
            pgStores(name).map((backend) => {
              const r = of(name, s.id, backend);
              return `| ${name} | ${BACKEND_NAME[backend]} | ${s.id} | ${fmtRate(r.rps)} | ${fmtX(r.rpsVsFloor)} | ${fmtX(r.p99VsFloor)} | ${fmtQ(r.db?.total)} | ${fmtQ(r.db?.turn)} | ${fmtQ(r.db?.outbox)} | ${fmtQ(r.db?.reminders)} |`;
            }),
          ),
        ),
        '',
        'By statement, per turn (a prepared statement by its name in services/store/pg/pg-store.ts, any other by its first words; 0.05 and more):',
        '',
        '| data | store | scenario | round trips per turn, by statement |',
        '|---|---|---|---|',
        ...pgDatasets.flatMap((name) =>
          SCENARIOS.flatMap((s) =>
            pgStores(name).map((backend) => {
              const statements = Object.entries(of(name, s.id, backend).db?.statements ?? {})
                .filter(([, n]) => n >= 0.05)
                .sort((x, y) => y[1] - x[1])
                .map(([key, n]) => `${key.replace(/\|/g, '\\|')} ${n.toFixed(2)}`);
              return `| ${name} | ${BACKEND_NAME[backend]} | ${s.id} | ${statements.join('; ') || '–'} |`;
            }),
          ),
        ),
        '',
        `With no load: queries per second over ${settings.idleSeconds} s after priming, before the scenarios (all instances; median of the repetitions).`,
        '',
        '| data | store | queries/s, no load | outbox sender | reminders | other |',
        '|---|---|---:|---:|---:|---:|',
        ...pgDatasets.flatMap((name) =>
          pgStores(name).map((backend) => {
            const idle = idleOf(backend, name);
            return `| ${name} | ${BACKEND_NAME[backend]} | ${fmtQ(idle.total)} | ${fmtQ(idle.outbox)} | ${fmtQ(idle.reminders)} | ${fmtQ(idle.turn)} |`;
          }),
        ),
        '',
      );
      if (pgDatasets.some((name) => ran('pg', name) && ran('pg3', name))) {
        md.push(
          '### One instance and three',
          '',
          `Ratios per repetition, then medians. The floor's own: three echo bots behind the splitter against one addressed directly, ${fmtX(floor3?.rpsVsFloor ?? NaN)} the req/s and ${fmtX(floor3?.p99VsFloor ?? NaN)} the p99.`,
          '',
          '| data | scenario | req/s ×1 | req/s ×3 | ×3 ÷ ×1 req/s | ×3 ÷ ×1 p99 | ×3 ÷ floor ×3 req/s | ×3 ÷ floor ×3 p99 |',
          '|---|---|---:|---:|---:|---:|---:|---:|',
          ...pgDatasets
            .filter((name) => ran('pg', name) && ran('pg3', name))
            .flatMap((name) =>
              SCENARIOS.map((s) => {
                const one = of(name, s.id, 'pg');
                const three = of(name, s.id, 'pg3');
                return `| ${name} | ${s.id} | ${fmtRate(one.rps)} | ${fmtRate(three.rps)} | ${fmtX(relative(['pg3', name], ['pg', name], s.id, 'rps'))} | ${fmtX(relative(['pg3', name], ['pg', name], s.id, 'p99'))} | ${fmtX(three.rpsVsFloor3)} | ${fmtX(three.p99VsFloor3)} |`;
              }),
            ),
          '',
        );
      }
      // A few facts from the figures (the interpretation is the README's).
      const facts: string[] = [];
      const range = (values: number[]) => {
        const ok = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
        return ok.length === 0 ? '–' : ok.length === 1 ? fmtX(ok[0] ?? NaN) : `${fmtX(ok[0] ?? NaN)}–${fmtX(ok[ok.length - 1] ?? NaN)} (median ${fmtX(median(ok))})`;
      };
      const pairs = (a: Backend, b: Backend, ids: ScenarioId[]) => pgDatasets.filter((n) => ran(a, n) && ran(b, n)).flatMap((n) => ids.map((id) => relative([a, n], [b, n], id, 'rps')));
      const reads = SCENARIOS.filter((x) => x.kind === 'read').map((x) => x.id);
      if (pgDatasets.some((n) => ran('pg', n) && ran('lowdb', n))) {
        facts.push(`PostgreSQL with one instance against the embedded store, req/s: read turns ${range(pairs('pg', 'lowdb', reads))}; Confirm ${range(pairs('pg', 'lowdb', ['confirm']))}.`);
      }
      if (pgDatasets.some((n) => ran('pg3', n) && ran('pg', n))) {
        facts.push(`Three instances against one, req/s: read turns ${range(pairs('pg3', 'pg', reads))}; Confirm ${range(pairs('pg3', 'pg', ['confirm']))}; the echo floor the same way (three behind the splitter against one addressed directly) ${fmtX(floor3?.rpsVsFloor ?? NaN)}.`);
      }
      const perTurn = (ids: ScenarioId[], part: (d: DbPerTurn) => number) => pgDatasets.flatMap((n) => pgStores(n).flatMap((b) => ids.map((id) => of(n, id, b).db))).filter((d): d is DbPerTurn => d !== undefined).map(part);
      const span = (values: number[]) => {
        const ok = values.filter((v) => Number.isFinite(v));
        if (ok.length === 0) return '–';
        const [low, high] = [Math.min(...ok).toFixed(1), Math.max(...ok).toFixed(1)];
        return low === high ? low : `${low}–${high}`;
      };
      facts.push(`Database round trips per turn: read turns ${span(perTurn(reads, (d) => d.total))} (in the turn itself ${span(perTurn(reads, (d) => d.turn))}), Confirm ${span(perTurn(['confirm'], (d) => d.total))} (in the turn ${span(perTurn(['confirm'], (d) => d.turn))}, the outbox sender ${span(perTurn(['confirm'], (d) => d.outbox))}).`);
      facts.push(`With no load, ${span(pgDatasets.flatMap((n) => pgStores(n).map((b) => idleOf(b, n).total)))} queries/s (${pgDatasets.map((n) => pgStores(n).map((b) => `${n} ${BACKEND_NAME[b]} ${fmtQ(idleOf(b, n).total)}`).join(', ')).join('; ')}).`);
      facts.push(`All of it (the bot instances, PostgreSQL, the splitter and the load generator) shares these ${cpu.length} CPU(s).`);
      md.push('### What the figures say', '', ...facts.map((f) => `- ${f}`), '');
    }

    md.push(
      '## Targets',
      '',
      `The embedded store's${pgRan ? ' (there are none for PostgreSQL)' : ''}.`,
      '',
      '| target | measured | result |',
      '|---|---|---|',
      ...targets.map((t) => `| ${t.name} | ${t.measured} | ${t.pass ? 'pass' : '**MISS**'} |`),
      '',
    );

    // ---- Profiles of what missed ----
    const missed = targets.filter((t) => !t.pass && t.profile);
    if (settings.profile && missed.length > 0 && settings.profileMax > 0) {
      // The start-up and the write first, then the scale, then the read turns on the demo data, then the rest.
      const rank = (p: NonNullable<Target['profile']>) => (p.startup ? 0 : p.scenario === 'confirm' && p.dataset === 'demo' ? 1 : p.dataset === 'a' ? 2 : p.dataset === 'demo' ? 3 : 4);
      const chosen: NonNullable<Target['profile']>[] = [];
      const byPriority = [...missed].sort((x, y) => (x.profile && y.profile ? rank(x.profile) - rank(y.profile) : 0) || (x.margin ?? 1) - (y.margin ?? 1));
      for (const p of byPriority.map((t) => t.profile).filter((p): p is NonNullable<Target['profile']> => p !== undefined)) {
        if (chosen.some((c) => c.dataset === p.dataset && c.scenario === p.scenario && c.startup === p.startup)) continue;
        if (chosen.length < settings.profileMax) chosen.push(p);
      }
      const profiles = new Map<string, ReturnType<typeof readProfile>>();
      const load = (file: string) => {
        let profile = profiles.get(file);
        if (!profile) profiles.set(file, (profile = readProfile(file)));
        return profile;
      };
      md.push(
        '## Where the time goes',
        '',
        `The last repetition ran every child, the floor too, with \`node --cpu-prof\`; below, for each missed target, the samples of its scenario's measured seconds (start-up: from the start of the process to the first 200 from /healthz). Self time is a function's own (native code is named after the JavaScript function that called it); inclusive time is a project function with everything it calls. Places are in the TypeScript sources (through the source maps).${settings.keep ? ` Profiles: ${join(work, 'profiles')}.` : ''}`,
        '',
      );
      const last = settings.repeat - 1;
      for (const p of chosen) {
        const run = runsOf('lowdb', p.dataset)[last];
        const what = p.startup ? `${p.dataset} · start-up` : `${p.dataset} · ${SCENARIOS.find((x) => x.id === p.scenario)?.title ?? p.scenario}`;
        if (!run?.profileFile) {
          md.push(`### ${what}`, '', 'No profile was written.', '');
          continue;
        }
        const profile = load(run.profileFile);
        const m = p.scenario && !p.startup ? run.scenarios.get(p.scenario) : undefined;
        const window = p.startup ? { fromUs: profile.startTime, toUs: run.healthyAtUs } : m?.window;
        if (!window || window.fromUs < profile.startTime || window.toUs > profile.endTime + 1e6) {
          md.push(`### ${what}`, '', 'The measured seconds are not within the profile.', '');
          continue;
        }
        const header = p.startup ? `Healthy ${run.startupMs.toFixed(0)} ms after spawn in this run.` : `${fmtRate(m?.rps ?? NaN)} req/s, p50 ${fmtMs(m?.p50 ?? NaN)} ms in this run.`;
        md.push(`### ${what}`, '', header, '', profileMarkdown(summariseProfile(profile, 12, window), 12, 8, 10), '');
      }
      const floorRun = floors[last];
      if (floorProfile && floorRun?.window) {
        md.push('### For comparison: the floor (echo bot)', '', `${fmtRate(floorRun.rps)} req/s in this run.`, '', profileMarkdown(summariseProfile(load(floorProfile), 8, floorRun.window), 8, 8, 0), '');
      }
    } else if (missed.length > 0 && !settings.profile) {
      md.push('Profiles were not taken (BENCH_PROFILE=0).', '');
    }
    md.push(`Total bench time ${((Date.now() - started) / 1000).toFixed(0)} s.`, '');

    if (runs.size > 0 && [...runs.values()].some((list) => list.some((r) => [...r.scenarios.values()].some((m) => !m.peakResettable)))) {
      md.push('Peak RSS could not be reset between scenarios here (/proc/self/clear_refs): it is the peak since the bot started.', '');
    }
    if (settings.keep) {
      // Everything measured, with the windows into the profiles, for a closer look (profile.ts summarises a window).
      await writeFile(join(work, 'measurements.json'), JSON.stringify({ settings, floors, floors3, floorProfile, runs: Object.fromEntries([...runs].map(([name, list]) => [name, list.map((r) => ({ ...r, scenarios: Object.fromEntries(r.scenarios) }))])) }, null, 2));
    }
    const report = md.join('\n');
    console.log(report);
    await writeFile(REPORT, report);
    log(`written to ${REPORT}`);
  } catch (err) {
    failed = true;
    const message = err instanceof Error ? err.message : String(err);
    console.error(`\nBENCH FAILED: ${message}\n`);
    console.error(`Logs are kept in ${work}.`);
  } finally {
    await connector.close();
    const server = ctx.pg?.server;
    if (server) {
      if (failed || settings.keep) {
        try {
          copyFileSync(server.logFile, join(work, 'postgres.log'));
        } catch {
          // no log to keep
        }
      }
      server.stopNow();
    }
    if (!failed && !settings.keep) await rm(work, { recursive: true, force: true });
  }
  process.exit(failed ? 1 : 0);
}

void main();
