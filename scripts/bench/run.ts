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
import { copyFileSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { ConnectorStandIn } from './channel';
import { DATASETS, type DatasetName } from './generate';
import { reportOf } from './report';
import { prepareDatasets, runRepetitions, type Context } from './runs';
import { log, REPORT, settings, type Backend } from './settings';

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
    console.error(
      `\nBENCH INTERRUPTED (${signal})${ctx.pg ? ': the PostgreSQL server was stopped and removed' : ''}. Logs are kept in ${work}.`,
    );
    process.exit(130);
  };
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  log(
    `working in ${work}; ${settings.connections} connections, ${settings.warmupSeconds} s warm-up + ${settings.seconds} s per scenario, ${settings.repeat} repetition(s); stores ${settings.backends.join(', ')}; data sets ${lowdbOn ? `lowdb ${settings.datasets.join(', ') || 'none'}` : ''}${lowdbOn && pgBackends.length ? ', ' : ''}${pgBackends.length ? `PostgreSQL ${settings.pgDatasets.join(', ') || 'none'}` : ''}`,
  );
  let failed = false;
  try {
    /** Why the PostgreSQL stores were not measured, when they were asked for and were not. */
    const pgSkipped = await prepareDatasets(ctx, lowdbOn, pgBackends);
    const pgRun = (b: Backend) => ctx.pg !== undefined && pgBackends.includes(b);
    const datasetsOf = (b: Backend): DatasetName[] =>
      b === 'lowdb' ? (lowdbOn ? settings.datasets : []) : pgRun(b) ? settings.pgDatasets : [];
    // Data set by data set, the stores one after the other: what is compared is measured close together.
    const plan = DATASETS.flatMap((name) =>
      settings.backends
        .filter((b) => datasetsOf(b).includes(name))
        .map((backend) => ({ backend, name })),
    );
    const withFloor3 = pgRun('pg3');
    const { floors, floors3, floorProfile, runs } = await runRepetitions(ctx, plan, withFloor3);
    const report = reportOf({
      floors,
      floors3,
      floorProfile,
      runs,
      ctx,
      plan,
      pgBackends,
      pgSkipped,
      withFloor3,
      lowdbDatasets: datasetsOf('lowdb'),
      started,
      loadBefore,
    });
    if (settings.keep) {
      // Everything measured, with the windows into the profiles, for a closer look (profile.ts summarises a window).
      await writeFile(
        join(work, 'measurements.json'),
        JSON.stringify(
          {
            settings,
            floors,
            floors3,
            floorProfile,
            runs: Object.fromEntries(
              [...runs].map(([name, list]) => [
                name,
                list.map((r) => ({ ...r, scenarios: Object.fromEntries(r.scenarios) })),
              ]),
            ),
          },
          null,
          2,
        ),
      );
    }
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
