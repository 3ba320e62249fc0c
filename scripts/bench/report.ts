import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { join } from 'node:path';
import { DATASETS, type DatasetName } from './generate';
import type { DbPerTurn, IdleRate, Measurement } from './measure';
import { profileMarkdown, readProfile, summarise as summariseProfile } from './profile';
import { runKey, type Context, type Repetitions } from './runs';
import { FLOOR, SCENARIOS, type ScenarioId } from './scenarios';
import { BACKEND_NAME, ROOT, settings, type Backend } from './settings';

/** The figures: medians over the repetitions, the targets, and the report in Markdown. */

function median(values: number[]): number {
  const sorted = values.filter((v) => Number.isFinite(v)).sort((a, b) => a - b);
  if (sorted.length === 0) return NaN;
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2
    ? (sorted[mid] ?? NaN)
    : ((sorted[mid - 1] ?? NaN) + (sorted[mid] ?? NaN)) / 2;
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

/** Everything the report is made from. */
export interface BenchResults extends Repetitions {
  ctx: Context;
  plan: { backend: Backend; name: DatasetName }[];
  pgBackends: Backend[];
  pgSkipped: string | undefined;
  withFloor3: boolean;
  /** The data sets the embedded store ran. */
  lowdbDatasets: DatasetName[];
  started: number;
  loadBefore: number;
}

/** Medians over the repetitions, and ratios per repetition then medians. */
function figuresOf(results: BenchResults) {
  const { floors, floors3, runs, withFloor3 } = results;
  // Per-repetition ratios, then medians.
  const summarise = (pick: (rep: number) => Measurement | undefined): Summary => {
    const ms = Array.from({ length: settings.repeat }, (_, i) => ({
      m: pick(i),
      floor: floors[i],
      floor3: floors3[i],
    }));
    const valid = ms.filter(
      (x): x is { m: Measurement; floor: Measurement; floor3: Measurement | undefined } =>
        x.m !== undefined && x.floor !== undefined,
    );
    const dbMedian = (pick: (db: DbPerTurn) => number) =>
      median(valid.map((x) => (x.m.db ? pick(x.m.db) : NaN)));
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
              statements: Object.fromEntries(
                [...new Set(valid.flatMap((x) => Object.keys(x.m.db?.statements ?? {})))].map(
                  (key) => [key, dbMedian((d) => d.statements[key] ?? 0)],
                ),
              ),
            },
          }
        : {}),
    };
  };
  const floor = summarise((i) => floors[i]);
  const floor3 = withFloor3 ? summarise((i) => floors3[i]) : undefined;
  const runsOf = (backend: Backend, name: DatasetName) => runs.get(runKey(backend, name)) ?? [];
  const ran = (backend: Backend, name: DatasetName) => runs.has(runKey(backend, name));
  const of = (name: DatasetName, id: ScenarioId, backend: Backend = 'lowdb') =>
    summarise((i) => runsOf(backend, name)[i]?.scenarios.get(id));
  /** Median over repetitions of (x of `a`) / (x of `b`), both from the same repetition; `a` and `b` name a data set, or a store and a data set. */
  type Run = DatasetName | [Backend, DatasetName];
  const runOf = (r: Run, i: number) =>
    (typeof r === 'string' ? runsOf('lowdb', r) : runsOf(...r))[i];
  const relative = (a: Run, b: Run, id: ScenarioId, metric: 'rps' | 'p50' | 'p99') =>
    median(
      Array.from({ length: settings.repeat }, (_, i) => {
        const x = runOf(a, i)?.scenarios.get(id)?.[metric];
        const y = runOf(b, i)?.scenarios.get(id)?.[metric];
        return x !== undefined && y !== undefined ? x / y : NaN;
      }),
    );
  const startup = (name: DatasetName, backend: Backend = 'lowdb') =>
    median(runsOf(backend, name).map((r) => r.startupMs));
  const idleOf = (backend: Backend, name: DatasetName): IdleRate => {
    const all = runsOf(backend, name).map((r) => r.idle);
    const pick = (f: (x: IdleRate) => number) => median(all.map((x) => (x ? f(x) : NaN)));
    return {
      total: pick((x) => x.total),
      turn: pick((x) => x.turn),
      outbox: pick((x) => x.outbox),
      reminders: pick((x) => x.reminders),
    };
  };
  const pgRan = results.plan.some((p) => p.backend !== 'lowdb');
  /** Rows of a data set: the stores that ran it, in the order asked for. */
  const backendsOf = (name: DatasetName) => settings.backends.filter((b) => ran(b, name));
  const allDatasets = DATASETS.filter((name) => backendsOf(name).length > 0);
  return {
    floor,
    floor3,
    runsOf,
    ran,
    of,
    relative,
    startup,
    idleOf,
    pgRan,
    backendsOf,
    allDatasets,
  };
}

type Figures = ReturnType<typeof figuresOf>;

/** The embedded store's targets, each with where to profile it when it is missed. */
function targetsOf(results: BenchResults, figures: Figures): Target[] {
  const { floor, ran, of, relative, startup } = figures;
  const targets: Target[] = [];
  const has = (d: DatasetName) => ran('lowdb', d);
  if (has('demo')) {
    for (const s of SCENARIOS.filter((x) => x.kind === 'read')) {
      const r = of('demo', s.id);
      targets.push({
        name: `read turn on demo data, ${s.id}: ≥ 0.5× the floor's req/s and p99 ≤ 2× the floor's`,
        measured: `${fmtR(r.rpsVsFloor)} req/s, ${fmtR(r.p99VsFloor)} p99`,
        pass: r.rpsVsFloor >= 0.5 && r.p99VsFloor <= 2,
        profile: { dataset: 'demo', scenario: s.id },
        margin: Math.min(r.rpsVsFloor / 0.5, 2 / r.p99VsFloor),
      });
    }
    const w = of('demo', 'confirm');
    targets.push({
      name: "Confirm (write) on demo data: ≥ 0.3× the floor's req/s",
      measured: `${fmtR(w.rpsVsFloor)} req/s`,
      pass: w.rpsVsFloor >= 0.3,
      profile: { dataset: 'demo', scenario: 'confirm' },
      margin: w.rpsVsFloor / 0.3,
    });
  }
  if (has('demo') && has('a')) {
    for (const s of SCENARIOS) {
      const slower = 1 / relative('a', 'demo', s.id, 'rps');
      const p99 = relative('a', 'demo', s.id, 'p99');
      targets.push({
        name: `(a) 5,000 users / 20,000 assignments, ${s.id}: within 1.5× of demo (req/s and p99)`,
        measured: `req/s ${slower.toFixed(3)}× lower, p99 ${fmtR(p99)} the demo's`,
        pass: slower <= 1.5 && p99 <= 1.5,
        profile: { dataset: 'a', scenario: s.id },
        margin: Math.min(1.5 / slower, 1.5 / p99),
      });
    }
  }
  if (has('demo') && has('b')) {
    const slower = 1 / relative('b', 'demo', 'confirm', 'rps');
    const p99 = relative('b', 'demo', 'confirm', 'p99');
    targets.push({
      name: '(b) 2,000 organisations, Confirm (write): within 1.2× of the same write with two organisations (req/s and p99)',
      measured: `req/s ${slower.toFixed(3)}× lower, p99 ${fmtR(p99)} the demo's`,
      pass: slower <= 1.2 && p99 <= 1.2,
      profile: { dataset: 'b', scenario: 'confirm' },
      margin: Math.min(1.2 / slower, 1.2 / p99),
    });
  }
  for (const name of results.lowdbDatasets) {
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
  if (has('b'))
    targets.push({
      name: 'start to healthy (spawn → /healthz 200) under 1.5 s on (b)',
      measured: `${fmtMs(startup('b'))} ms`,
      pass: startup('b') < 1500,
      profile: { dataset: 'b', startup: true },
      margin: 1500 / startup('b'),
    });
  return targets;
}

const fmtQ = (n: number | undefined) =>
  n === undefined || !Number.isFinite(n) ? '–' : n.toFixed(1);

/** The heading, the data sets, and throughput and latency of every run. */
function overviewSection(results: BenchResults, figures: Figures): string[] {
  const { ctx, loadBefore } = results;
  const { floor, floor3, runsOf, of, startup, pgRan, backendsOf, allDatasets } = figures;
  const commit = (() => {
    try {
      const head = execFileSync('git', ['rev-parse', '--short', 'HEAD'], {
        cwd: ROOT,
        encoding: 'utf8',
      }).trim();
      const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], {
        cwd: ROOT,
        encoding: 'utf8',
      })
        .trim()
        .split('\n')
        .filter(Boolean).length;
      return dirty ? `${head} with ${dirty} changed tracked file(s)` : head;
    } catch {
      return 'unknown';
    }
  })();
  const cpu = os.cpus();
  const pg = ctx.pg;
  const floorRow = (what: string, r: Summary, vsFloor: string, p99VsFloor: string) =>
    `| – | ${what} | ${FLOOR.title} | ${fmtRate(r.rps)} | ${vsFloor} | ${fmtMs(r.p50)} | ${fmtMs(r.p99)} | ${p99VsFloor} | – | ${r.peakRssMb.toFixed(0)} | ${fmtMs(r.loopMaxMs)} | ${fmtMs(r.probeP50)} | ${fmtMs(r.probeLoopMaxMs)} | ${r.checked} |`;
  const md: string[] = [
    `# npm run bench: ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC`,
    '',
    `${cpu.length} CPU(s) (${cpu[0]?.model.trim() ?? 'unknown'}), load average ${loadBefore.toFixed(2)} before the run; Node ${process.version}; commit ${commit}.`,
    `${settings.connections} connections, ${settings.warmupSeconds} s warm-up then ${settings.seconds} s measured per scenario, ${settings.repeat} repetition(s)${pgRan && settings.pgRepeat < settings.repeat ? ` (the PostgreSQL stores in the first ${settings.pgRepeat}${settings.profile ? ', not the profiled one' : ''})` : ''}: figures are medians; ratios are to the floor (a botbuilder echo bot, CloudAdapter + restify, replying through the same connector stand-in) measured in the same repetition. The bot runs in local mode as a child process on a fresh copy of each data set${pgRan ? " (lowdb: the files; PostgreSQL: a database copied from the data set's)" : ''}; it${pgRan ? ', PostgreSQL' : ''} and the load generator share the machine.`,
    '',
    '## Data sets',
    '',
    '| data | store | organisations | users | assignments | size | written in | start → /healthz 200 (median) | each run |',
    '|---|---|---:|---:|---:|---:|---:|---:|---|',
    ...allDatasets.flatMap((name) =>
      backendsOf(name).map((backend) => {
        const g = backend === 'lowdb' ? ctx.templates.get(name) : pg?.templates.get(name);
        const size = g
          ? `${(g.bytes / 1e6).toFixed(1)} MB ${backend === 'lowdb' ? 'of organisation files' : 'database'}`
          : '–';
        return `| ${name} | ${BACKEND_NAME[backend]} | ${g?.organisations ?? '–'} | ${g?.users ?? '–'} | ${g?.assignments ?? '–'} | ${size} | ${g ? (g.ms / 1000).toFixed(1) : '–'} s | ${fmtMs(startup(name, backend))} ms | ${runsOf(
          backend,
          name,
        )
          .map((r) => r.startupMs.toFixed(0))
          .join(', ')} ms |`;
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
    ...(floor3
      ? [
          floorRow(
            '3 echo bots behind the splitter',
            floor3,
            fmtX(floor3.rpsVsFloor),
            fmtX(floor3.p99VsFloor),
          ),
        ]
      : []),
    ...allDatasets.flatMap((name) =>
      SCENARIOS.flatMap((s) =>
        backendsOf(name).map((backend) => {
          const r = of(name, s.id, backend);
          const notes =
            s.kind === 'write'
              ? ` (${r.notificationsPerSecond.toFixed(0)} notifications/s delivered)`
              : '';
          return `| ${name} | ${BACKEND_NAME[backend]} | ${s.title}${notes} | ${fmtRate(r.rps)} | ${fmtX(r.rpsVsFloor)} | ${fmtMs(r.p50)} | ${fmtMs(r.p99)} | ${fmtX(r.p99VsFloor)} | ${fmtQ(r.db?.total)} | ${r.peakRssMb.toFixed(0)} | ${fmtMs(r.loopMaxMs)} | ${fmtMs(r.probeP50)} | ${fmtMs(r.probeLoopMaxMs)} | ${r.checked} |`;
        }),
      ),
    ),
    '',
    `"checked": replies (at the connector stand-in) and invoke responses verified to be the expected card, never an error; any wrong one fails the bench. Peak RSS is VmHWM of the bot process${pgRan ? " (the sum of the three with three instances; PostgreSQL's own memory is not in it)" : ''}, reset when measuring starts. The worst event-loop delay is perf_hooks.monitorEventLoopDelay in the bot process${pgRan ? ' (the worst of the instances)' : ''} during the measured seconds (the worst of the repetitions). Under full load it includes turns queued behind each other and the process waiting for a CPU on this shared machine (see the floor's); the one-connection probe (${settings.probeSeconds} s after each scenario, its own conversation and person, once the store has written everything${pgRan && !settings.pgProbe ? '; not on PostgreSQL unless BENCH_PG_PROBE=1' : ''}) shows real stalls, and the stall target is judged on it (its column: the worst of the repetitions).${pgRan ? ' "DB round trips per turn": the queries the bot instances sent to PostgreSQL in the measured seconds, per turn answered (see below).' : ''}`,
    '',
  ];
  return md;
}

/** PostgreSQL: round trips by origin and by statement, the rate with no load, one instance against three, a few facts. */
function postgresSection(results: BenchResults, figures: Figures): string[] {
  const { ctx, pgBackends, pgSkipped } = results;
  const { floor3, ran, of, relative, idleOf, pgRan, backendsOf, allDatasets } = figures;
  const pg = ctx.pg;
  const cpu = os.cpus();
  const md: string[] = [];
  if (pgSkipped)
    md.push(
      '## PostgreSQL',
      '',
      `The PostgreSQL stores (${pgBackends.join(', ')}) were skipped: ${pgSkipped}.`,
      '',
    );
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
      return ok.length === 0
        ? '–'
        : ok.length === 1
          ? fmtX(ok[0] ?? NaN)
          : `${fmtX(ok[0] ?? NaN)}–${fmtX(ok[ok.length - 1] ?? NaN)} (median ${fmtX(median(ok))})`;
    };
    const pairs = (a: Backend, b: Backend, ids: ScenarioId[]) =>
      pgDatasets
        .filter((n) => ran(a, n) && ran(b, n))
        .flatMap((n) => ids.map((id) => relative([a, n], [b, n], id, 'rps')));
    const reads = SCENARIOS.filter((x) => x.kind === 'read').map((x) => x.id);
    if (pgDatasets.some((n) => ran('pg', n) && ran('lowdb', n))) {
      facts.push(
        `PostgreSQL with one instance against the embedded store, req/s: read turns ${range(pairs('pg', 'lowdb', reads))}; Confirm ${range(pairs('pg', 'lowdb', ['confirm']))}.`,
      );
    }
    if (pgDatasets.some((n) => ran('pg3', n) && ran('pg', n))) {
      facts.push(
        `Three instances against one, req/s: read turns ${range(pairs('pg3', 'pg', reads))}; Confirm ${range(pairs('pg3', 'pg', ['confirm']))}; the echo floor the same way (three behind the splitter against one addressed directly) ${fmtX(floor3?.rpsVsFloor ?? NaN)}.`,
      );
    }
    const perTurn = (ids: ScenarioId[], part: (d: DbPerTurn) => number) =>
      pgDatasets
        .flatMap((n) => pgStores(n).flatMap((b) => ids.map((id) => of(n, id, b).db)))
        .filter((d): d is DbPerTurn => d !== undefined)
        .map(part);
    const span = (values: number[]) => {
      const ok = values.filter((v) => Number.isFinite(v));
      if (ok.length === 0) return '–';
      const [low, high] = [Math.min(...ok).toFixed(1), Math.max(...ok).toFixed(1)];
      return low === high ? low : `${low}–${high}`;
    };
    facts.push(
      `Database round trips per turn: read turns ${span(perTurn(reads, (d) => d.total))} (in the turn itself ${span(perTurn(reads, (d) => d.turn))}), Confirm ${span(perTurn(['confirm'], (d) => d.total))} (in the turn ${span(perTurn(['confirm'], (d) => d.turn))}, the outbox sender ${span(perTurn(['confirm'], (d) => d.outbox))}).`,
    );
    facts.push(
      `With no load, ${span(pgDatasets.flatMap((n) => pgStores(n).map((b) => idleOf(b, n).total)))} queries/s (${pgDatasets
        .map((n) =>
          pgStores(n)
            .map((b) => `${n} ${BACKEND_NAME[b]} ${fmtQ(idleOf(b, n).total)}`)
            .join(', '),
        )
        .join('; ')}).`,
    );
    facts.push(
      `All of it (the bot instances, PostgreSQL, the splitter and the load generator) shares these ${cpu.length} CPU(s).`,
    );
    md.push('### What the figures say', '', ...facts.map((f) => `- ${f}`), '');
  }
  return md;
}

function targetsSection(figures: Figures, targets: Target[]): string[] {
  const { pgRan } = figures;
  const md: string[] = [];
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
  return md;
}

/** For each missed target (the worst first, up to BENCH_PROFILE_MAX), where the time went in its scenario. */
function profilesSection(results: BenchResults, figures: Figures, targets: Target[]): string[] {
  const { ctx, floors, floorProfile } = results;
  const { runsOf } = figures;
  const work = ctx.work;
  const md: string[] = [];
  const missed = targets.filter((t) => !t.pass && t.profile);
  if (settings.profile && missed.length > 0 && settings.profileMax > 0) {
    // The start-up and the write first, then the scale, then the read turns on the demo data, then the rest.
    const rank = (p: NonNullable<Target['profile']>) =>
      p.startup
        ? 0
        : p.scenario === 'confirm' && p.dataset === 'demo'
          ? 1
          : p.dataset === 'a'
            ? 2
            : p.dataset === 'demo'
              ? 3
              : 4;
    const chosen: NonNullable<Target['profile']>[] = [];
    const byPriority = [...missed].sort(
      (x, y) =>
        (x.profile && y.profile ? rank(x.profile) - rank(y.profile) : 0) ||
        (x.margin ?? 1) - (y.margin ?? 1),
    );
    for (const p of byPriority
      .map((t) => t.profile)
      .filter((p): p is NonNullable<Target['profile']> => p !== undefined)) {
      if (
        chosen.some(
          (c) => c.dataset === p.dataset && c.scenario === p.scenario && c.startup === p.startup,
        )
      )
        continue;
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
      const what = p.startup
        ? `${p.dataset} · start-up`
        : `${p.dataset} · ${SCENARIOS.find((x) => x.id === p.scenario)?.title ?? p.scenario}`;
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
      const header = p.startup
        ? `Healthy ${run.startupMs.toFixed(0)} ms after spawn in this run.`
        : `${fmtRate(m?.rps ?? NaN)} req/s, p50 ${fmtMs(m?.p50 ?? NaN)} ms in this run.`;
      md.push(
        `### ${what}`,
        '',
        header,
        '',
        profileMarkdown(summariseProfile(profile, 12, window), 12, 8, 10),
        '',
      );
    }
    const floorRun = floors[last];
    if (floorProfile && floorRun?.window) {
      md.push(
        '### For comparison: the floor (echo bot)',
        '',
        `${fmtRate(floorRun.rps)} req/s in this run.`,
        '',
        profileMarkdown(summariseProfile(load(floorProfile), 8, floorRun.window), 8, 8, 0),
        '',
      );
    }
  } else if (missed.length > 0 && !settings.profile) {
    md.push('Profiles were not taken (BENCH_PROFILE=0).', '');
  }
  return md;
}

/** The whole report, in Markdown. */
export function reportOf(results: BenchResults): string {
  const { runs, started } = results;
  const figures = figuresOf(results);
  const targets = targetsOf(results, figures);
  const md = [
    ...overviewSection(results, figures),
    ...postgresSection(results, figures),
    ...targetsSection(figures, targets),
    ...profilesSection(results, figures, targets),
  ];
  md.push(`Total bench time ${((Date.now() - started) / 1000).toFixed(0)} s.`, '');

  if (
    runs.size > 0 &&
    [...runs.values()].some((list) =>
      list.some((r) => [...r.scenarios.values()].some((m) => !m.peakResettable)),
    )
  ) {
    md.push(
      'Peak RSS could not be reset between scenarios here (/proc/self/clear_refs): it is the peak since the bot started.',
      '',
    );
  }
  return md.join('\n');
}
