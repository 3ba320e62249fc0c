import { randomBytes } from 'node:crypto';
import { cp, mkdir, readdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { ChildOptions } from './child';
import { personalMessage, type ConnectorStandIn } from './channel';
import {
  BENCH_NOW,
  DEFAULT_SPEC,
  generateDataset,
  loadDatasetIntoPg,
  type DatasetName,
  type GeneratedDataset,
} from './generate';
import { startInstances, type UnderTest } from './instances';
import {
  measure,
  prime,
  queryRates,
  sleep,
  turn,
  type IdleRate,
  type Measurement,
} from './measure';
import { postgresUnavailable, startPgServer, type PgServer } from './pg-server';
import { alex, alexConversation, CHECK, FLOOR, SCENARIOS, type ScenarioId } from './scenarios';
import { BACKEND_NAME, INSTANCES, log, settings, type Backend } from './settings';

/**
 * The runs: the data sets written (lowdb files) or loaded (a PostgreSQL template database each),
 * then every repetition: the floor, and each data set on each store with every scenario.
 */

/**
 * Settings of the bot under test besides its data file: the per-person limit (5 turns a second by
 * default) is raised so far that it never refuses, though it still runs on every turn: the load
 * comes from a few people (Alex Wilber is Contoso's only Global admin) at hundreds of turns a second.
 */
const BOT_ENV = { PERSON_MESSAGES_PER_SECOND: '10000', PERSON_MESSAGES_BURST: '100000' };

/** The throwaway PostgreSQL server and the data sets loaded into it (one template database each; each run gets a copy). */
export interface PgContext {
  server: PgServer;
  /** KEYS_SECRET of every instance; the data sets' keys are sealed with it. */
  keysSecret: string;
  templates: Map<DatasetName, GeneratedDataset & { database: string }>;
}

export interface Context {
  work: string;
  connector: ConnectorStandIn;
  templates: Map<DatasetName, GeneratedDataset>;
  pg?: PgContext;
}

/** The .cpuprofile a child wrote into `dir` on exit, if any. */
async function profileIn(dir: string | undefined): Promise<string | undefined> {
  if (!dir) return undefined;
  const files = (await readdir(dir).catch(() => [] as string[])).filter((f) =>
    f.endsWith('.cpuprofile'),
  );
  return files[0] ? join(dir, files[0]) : undefined;
}

interface FloorRun {
  m: Measurement;
  profileFile?: string;
}

/** The floor: one echo bot addressed directly, or `instances` of them behind the splitter (the floor of three instances on this machine). */
async function runFloor(
  ctx: Context,
  rep: string,
  instances: number,
  profileDir?: string,
): Promise<FloorRun> {
  const what = instances === 1 ? 'floor' : `floor ×${instances}`;
  const bot = await startInstances(
    instances,
    (i) => ({
      mode: 'echo',
      env: {},
      logFile: join(ctx.work, `echo${instances === 1 ? '' : `${instances}.${i + 1}`}-${rep}.log`),
      ...(profileDir ? { cpuProfileDir: profileDir } : {}),
    }),
    settings.splitterIn,
  );
  let m: Measurement;
  try {
    for (let i = 0; i < instances; i += 1)
      await turn(
        ctx.connector,
        bot.url,
        personalMessage(alex, 'show benefits', ctx.connector.serviceUrl, alexConversation(0)),
        CHECK.echo,
        'the echo bot',
      );
    m = await measure(ctx.connector, bot, FLOOR, `${what} (run ${rep})`);
  } finally {
    await bot.stop();
  }
  const profileFile = await profileIn(profileDir);
  return { m, ...(profileFile ? { profileFile } : {}) };
}

export interface DatasetRun {
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
async function runDataset(
  ctx: Context,
  backend: Backend,
  name: DatasetName,
  rep: string,
  profileDir?: string,
): Promise<DatasetRun> {
  const runDir = join(ctx.work, `run-${backend}-${name}-${rep}`);
  const env: Record<string, string> = {
    DATA_FILE: join(runDir, 'benefits.json'),
    BENEFITS_NOW: BENCH_NOW,
    LOG_LEVEL: 'warn',
    ...BOT_ENV,
  };
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
  const options = (i: number): ChildOptions => ({
    mode: 'bot',
    env,
    logFile: join(
      ctx.work,
      `bot-${backend}-${name}-${rep}${instances === 1 ? '' : `.${i + 1}`}.log`,
    ),
    ...(profileDir ? { cpuProfileDir: profileDir } : {}),
  });
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
      if (rates)
        idle = {
          total: rates.total,
          turn: rates.turn,
          outbox: rates.outbox,
          reminders: rates.reminders,
        };
      if (idle)
        log(
          `  ${label}: ${idle.total.toFixed(0)} queries/s with no load (${idle.outbox.toFixed(0)} from the outbox sender)`,
        );
    }
    for (const scenario of SCENARIOS)
      scenarios.set(
        scenario.id,
        await measure(
          ctx.connector,
          bot,
          scenario,
          `${label} · ${scenario.id} (run ${rep})`,
          database !== undefined,
        ),
      );
  } finally {
    await bot?.stop();
    await rm(runDir, { recursive: true, force: true });
    if (database && pg) await pg.server.admin(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
  const profileFile = await profileIn(profileDir);
  return {
    backend,
    startupMs: bot.startupMs,
    scenarios,
    healthyAtUs: bot.healthyAtUs,
    ...(idle ? { idle } : {}),
    ...(profileFile ? { profileFile } : {}),
  };
}

/**
 * Writes the lowdb data sets and, when PostgreSQL stores are asked for, starts the throwaway server
 * and loads theirs. Returns why the PostgreSQL stores are skipped, if they are.
 */
export async function prepareDatasets(
  ctx: Context,
  lowdbOn: boolean,
  pgBackends: readonly Backend[],
): Promise<string | undefined> {
  const work = ctx.work;
  let pgSkipped: string | undefined;
  if (lowdbOn) {
    for (const name of settings.datasets) {
      const generated = await generateDataset(name, join(work, 'data', name), {
        ...DEFAULT_SPEC,
        freeSeats: settings.connections + 4,
      });
      ctx.templates.set(name, generated);
      log(
        `generated ${name}: ${generated.organisations} organisations, ${generated.users} users, ${generated.assignments} assignments, ${(generated.bytes / 1e6).toFixed(1)} MB in ${(generated.ms / 1000).toFixed(1)} s`,
      );
    }
  }
  if (pgBackends.length > 0 && settings.pgDatasets.length === 0)
    pgSkipped =
      'no data set for them (BENCH_PG_DATASETS, or BENCH_DATASETS holds neither demo nor a)';
  else if (pgBackends.length > 0) pgSkipped = postgresUnavailable();
  if (pgSkipped) log(`PostgreSQL stores skipped: ${pgSkipped}`);
  else if (pgBackends.length > 0) {
    const server = await startPgServer({ durable: settings.pgDurable });
    const pg: PgContext = {
      server,
      keysSecret: randomBytes(32).toString('hex'),
      templates: new Map(),
    };
    ctx.pg = pg;
    log(`PostgreSQL ${server.version} started (${server.settings})`);
    for (const name of settings.pgDatasets) {
      const database = `dataset_${name}`;
      await server.admin(`CREATE DATABASE ${database}`);
      const loaded = await loadDatasetIntoPg(name, server.url(database), pg.keysSecret, {
        ...DEFAULT_SPEC,
        freeSeats: settings.connections + 4,
      });
      const bytes = Number(
        (
          await server.admin<{ size: string }>(
            `SELECT pg_database_size('${database}')::text AS size`,
          )
        )[0]?.size ?? NaN,
      );
      pg.templates.set(name, { ...loaded, dataFile: '', bytes, database });
      log(
        `loaded ${name} into PostgreSQL: ${(bytes / 1e6).toFixed(1)} MB database in ${(loaded.ms / 1000).toFixed(1)} s`,
      );
    }
  }
  return pgSkipped;
}

export const runKey = (backend: Backend, name: DatasetName) => `${backend}/${name}`;

/** What every repetition measured: the floors (one echo bot; three behind the splitter) and each data set on each store. */
export interface Repetitions {
  floors: Measurement[];
  floors3: Measurement[];
  floorProfile: string | undefined;
  runs: Map<string, DatasetRun[]>;
}

/** Every repetition in turn; the PostgreSQL stores only in the first settings.pgRepeat. */
export async function runRepetitions(
  ctx: Context,
  plan: { backend: Backend; name: DatasetName }[],
  withFloor3: boolean,
): Promise<Repetitions> {
  const work = ctx.work;
  const inRep = (backend: Backend, rep: number) => backend === 'lowdb' || rep <= settings.pgRepeat;

  // The last repetition runs every child (the floor too) with --cpu-prof; each scenario's samples are cut out by its measured seconds.
  const floors: Measurement[] = [];
  const floors3: Measurement[] = [];
  let floorProfile: string | undefined;
  const runs = new Map<string, DatasetRun[]>(plan.map((p) => [runKey(p.backend, p.name), []]));
  for (let rep = 1; rep <= settings.repeat; rep += 1) {
    const profileDir = (what: string) =>
      settings.profile && rep === settings.repeat ? join(work, 'profiles', what) : undefined;
    if (settings.profile && rep === settings.repeat) log('this repetition runs with --cpu-prof');
    const floorRun = await runFloor(ctx, String(rep), 1, profileDir('floor'));
    floors.push(floorRun.m);
    floorProfile = floorRun.profileFile ?? floorProfile;
    if (withFloor3 && inRep('pg3', rep))
      floors3.push((await runFloor(ctx, String(rep), 3, profileDir('floor3'))).m);
    for (const { backend, name } of plan.filter((p) => inRep(p.backend, rep)))
      runs
        .get(runKey(backend, name))
        ?.push(
          await runDataset(
            ctx,
            backend,
            name,
            String(rep),
            profileDir(backend === 'lowdb' ? name : `${backend}-${name}`),
          ),
        );
  }
  return { floors, floors3, floorProfile, runs };
}
