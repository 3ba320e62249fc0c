import type { ChildStats } from './bot-child';
import {
  channelMention,
  describe,
  msg,
  onlyCard,
  personalMessage,
  type ConnectorStandIn,
  type Json,
  type ReplyCheck,
} from './channel';
import type { UnderTest } from './instances';
import { runLoad, type LoadResult } from './load';
import {
  alex,
  alexConversation,
  CHECK,
  confirmDataOf,
  confirmTemplates,
  ORG_NAME,
  PEOPLE,
  personalConversation,
  TARGETS,
  type Scenario,
} from './scenarios';
import { BenchFailure, log, settings } from './settings';

/** Driving the bot under test: priming it, one turn, a load run with every reply checked, and a scenario's figures. */

export interface Measurement {
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
export interface DbPerTurn {
  total: number;
  turn: number;
  outbox: number;
  reminders: number;
  /** By statement ("<origin>: <statement>"). */
  statements: Record<string, number>;
}

/** Queries per second with no load (all instances): the background work, outbox polling above all. */
export interface IdleRate {
  total: number;
  outbox: number;
  reminders: number;
  turn: number;
}

/** Queries per second between two figures of the children (the later one counts since the reset the earlier one was taken at). */
export function queryRates(
  from: ChildStats | undefined,
  to: ChildStats,
): (IdleRate & { statements: Record<string, number> }) | undefined {
  const seconds = from ? (to.atUs - from.atUs) / 1e6 : NaN;
  if (!(seconds > 0)) return undefined;
  const q = to.queries;
  return {
    total: (q.turn + q.outbox + q.reminders) / seconds,
    turn: q.turn / seconds,
    outbox: q.outbox / seconds,
    reminders: q.reminders / seconds,
    statements: Object.fromEntries(
      Object.entries(to.statements).map(([key, n]) => [key, n / seconds]),
    ),
  };
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

async function post(url: string, activity: Json): Promise<{ status: number; body: string }> {
  const res = await fetch(`${url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify(activity),
  });
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
export async function turn(
  connector: ConnectorStandIn,
  url: string,
  activity: Json,
  check: ReplyCheck,
  what: string,
): Promise<Json> {
  let reply: Json | undefined;
  connector.expect((received) => {
    reply = received.activity;
    return check(received);
  });
  const res = await post(url, activity);
  const tally = connector.counts();
  if (res.status < 200 || res.status >= 300)
    throw new BenchFailure(`${what}: HTTP ${res.status} ${res.body.slice(0, 200)}`);
  if (tally.replies !== 1 || tally.failures > 0 || !reply)
    throw new BenchFailure(
      `${what}: ${tally.samples[0] ?? `${tally.replies} replies instead of one`}`,
    );
  return reply;
}

/**
 * Gets the bot ready the way people would have: a Global admin names the notification channel,
 * everyone has a personal chat with the bot (so the people assigned hear about it), Alex opens
 * his conversations, and one real confirmation card per connection gives the Confirm payloads.
 */
export async function prime(connector: ConnectorStandIn, url: string): Promise<void> {
  const serviceUrl = connector.serviceUrl;
  const notifyText = [
    msg('notifyCmd.here', { org: ORG_NAME }),
    msg('notifyCmd.alreadyHere', { org: ORG_NAME }),
  ];
  await turn(
    connector,
    url,
    channelMention(alex, 'notify here', serviceUrl),
    (r) =>
      notifyText.includes(String(r.activity.text))
        ? undefined
        : `"notify here": ${describe(r.activity)}`,
    'priming "notify here"',
  );
  for (const person of PEOPLE)
    await turn(
      connector,
      url,
      personalMessage(person, 'my benefits', serviceUrl, personalConversation(person)),
      CHECK.mine,
      `priming "my benefits" for ${person.name}`,
    );
  for (let c = 0; c <= settings.connections; c += 1) {
    await turn(
      connector,
      url,
      personalMessage(alex, 'show benefits', serviceUrl, alexConversation(c)),
      CHECK.show,
      'priming "show benefits"',
    );
    const target = TARGETS[c];
    if (!target) continue;
    const reply = await turn(
      connector,
      url,
      personalMessage(
        alex,
        `assign Visual Studio Enterprise to ${target.name}`,
        serviceUrl,
        alexConversation(c),
      ),
      CHECK.assign,
      `priming the confirmation for ${target.name}`,
    );
    const card = onlyCard(reply);
    const data = typeof card === 'string' ? card : confirmDataOf(card);
    if (typeof data === 'string') throw new BenchFailure(data);
    // The request id is made afresh for every Confirm.
    confirmTemplates.set(
      c,
      Object.fromEntries(Object.entries(data).filter(([key]) => key !== 'requestId')),
    );
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
async function phase(
  connector: ConnectorStandIn,
  child: UnderTest,
  scenario: Scenario,
  prepared: ReturnType<Scenario['prepare']>,
  label: string,
  shape: { connections: number; firstConnection: number; warmupSeconds: number; seconds: number },
): Promise<Phase> {
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
  if (load.errors > 0 || load.timeouts > 0)
    problems.push(`${load.errors} connection errors, ${load.timeouts} timeouts`);
  if (load.non2xx > 0) problems.push(`${load.non2xx} responses were not 2xx`);
  if (load.failures > 0)
    problems.push(
      `${load.failures} of ${load.checked} responses were wrong: ${load.samples.join(' | ')}`,
    );
  if (tally.failures > 0)
    problems.push(
      `${tally.failures} of ${tally.checked} replies were wrong: ${tally.samples.join(' | ')}`,
    );
  if (load.requests === 0) problems.push('no response in the measured time');
  if (
    scenario.replies === 'one' &&
    (tally.replies < load.allResponses || tally.replies > load.allResponses + shape.connections)
  )
    problems.push(
      `${tally.replies} replies reached the connector for ${load.allResponses} answered requests`,
    );
  if (scenario.replies === 'none' && tally.replies > 0)
    problems.push(`${tally.replies} unexpected messages reached the connector`);
  if (connector.unserved.length > 0)
    problems.push(
      `the bot called the connector where it should not: ${connector.unserved.slice(0, 3).join(', ')}`,
    );
  if (problems.length > 0) throw new BenchFailure(`${label}: ${problems.join('; ')}`);
  return {
    load,
    stats,
    from,
    fromUs: from?.atUs ?? 0,
    notifications: tally.notifications,
    checked: load.checked + tally.checked,
  };
}

/**
 * A scenario at full load (`connections` connections: throughput, latency, peak RSS, event-loop
 * delay under load), then a probe with one connection (latency unloaded, and the worst event-loop
 * delay when turns do not queue behind each other: a real stall, not a queue). The probe uses a
 * connection number of its own (its own conversation and person).
 */
export async function measure(
  connector: ConnectorStandIn,
  child: UnderTest,
  scenario: Scenario,
  label: string,
  onPostgres = false,
): Promise<Measurement> {
  const prepared = scenario.prepare(connector.serviceUrl);
  const full = await phase(connector, child, scenario, prepared, label, {
    connections: settings.connections,
    firstConnection: 0,
    warmupSeconds: settings.warmupSeconds,
    seconds: settings.seconds,
  });
  if (scenario.kind === 'write' && full.notifications === 0) {
    // The outbox may be behind the writes (on PostgreSQL its claims wait for the same organisation's lock): the first may come a little later.
    let late = 0;
    for (let waited = 0; waited < 20_000 && late === 0; waited += 100) {
      await sleep(100);
      late = connector.counts().notifications;
    }
    if (late === 0)
      throw new BenchFailure(
        `${label}: no notification reached the connector (waited 20 s after the load)`,
      );
    log(`  ${label}: the first notification came after the load had stopped`);
  }
  // Turns still running when the load stopped finish (and their writes land) before the probe starts.
  await sleep(50);
  await child.idle();
  const probe =
    settings.probeSeconds > 0 && (!onPostgres || settings.pgProbe)
      ? await phase(connector, child, scenario, prepared, `${label}, one connection`, {
          connections: 1,
          firstConnection: settings.connections,
          warmupSeconds: 0.25,
          seconds: settings.probeSeconds,
        })
      : undefined;
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
    ...(rates
      ? {
          db: {
            total: perTurn(rates.total),
            turn: perTurn(rates.turn),
            outbox: perTurn(rates.outbox),
            reminders: perTurn(rates.reminders),
            statements: Object.fromEntries(
              Object.entries(rates.statements).map(([key, n]) => [key, perTurn(n)]),
            ),
          },
        }
      : {}),
  };
  const db = m.db
    ? `, ${m.db.total.toFixed(1)} DB round trips per turn (${m.db.turn.toFixed(1)} in turns, ${m.db.outbox.toFixed(1)} outbox)`
    : '';
  log(
    `  ${label}: ${m.rps.toFixed(0)} req/s, p50 ${m.p50.toFixed(1)} ms, p99 ${m.p99.toFixed(1)} ms, peak RSS ${m.peakRssMb.toFixed(0)} MB, worst loop delay ${m.loopMaxMs.toFixed(0)} ms${scenario.kind === 'write' ? `, ${full.notifications} notifications delivered` : ''}${db}; one connection: p50 ${m.probeP50.toFixed(1)} ms, worst loop delay ${m.probeLoopMaxMs.toFixed(0)} ms`,
  );
  return m;
}
