/**
 * The process `npm run bench` measures, started by run.ts with an IPC channel:
 *
 *   BENCH_MODE=bot   the Partner Benefits bot itself (startApp, settings from the environment:
 *                    DATA_FILE, PORT, BENEFITS_NOW …; DATABASE_URL and KEYS_SECRET for the
 *                    PostgreSQL store; local mode, no MicrosoftAppId);
 *   BENCH_MODE=echo  the floor: a minimal botbuilder echo bot (CloudAdapter + restify, replying
 *                    `context.sendActivity(text)`), with the same body parser and /healthz.
 *
 * Both watch their own event loop (perf_hooks.monitorEventLoopDelay) and answer over IPC:
 *   { type: 'reset' }  forget the delays so far and reset the peak RSS (/proc/self/clear_refs);
 *   { type: 'stats' }  the worst and 99th-percentile event-loop delay, RSS and peak RSS (VmHWM),
 *                      and the queries sent to PostgreSQL since the reset;
 *   { type: 'idle' }   answers once the store has written everything queued so far;
 *   { type: 'stop' }   stop cleanly and exit (so that `--cpu-prof` writes its profile).
 */
import { AsyncLocalStorage, AsyncResource } from 'node:async_hooks';
import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import { Client, Pool } from 'pg';
import restify from 'restify';
import { startApp } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { createLogger } from '../../bot/logger';
import { ReminderScheduler } from '../../services/notifications/reminders';
import { OutboxSender } from '../../services/notifications/sender';

export type ChildRequest = { id: number; type: 'reset' | 'stats' | 'idle' | 'stop' };
export interface ChildStats {
  /** Worst event-loop delay since the last reset, in ms. */
  eventLoopMaxMs: number;
  eventLoopP99Ms: number;
  rssBytes: number;
  /** Peak resident set since the last reset (VmHWM), in bytes. */
  peakRssBytes: number;
  /** Whether the peak could be reset (clear_refs); if not, the peak is since start. */
  peakResettable: boolean;
  /** When these were taken: CLOCK_MONOTONIC in µs, the clock of a --cpu-prof profile's timestamps. */
  atUs: number;
  /** Queries sent to PostgreSQL since the last reset (each one round trip), by what sent them. */
  queries: QueryCounts;
  /** The same by statement: "<origin>: <prepared statement name, or the statement's first words>". */
  statements: Record<string, number>;
}

/**
 * Database round trips by origin: `outbox` within an OutboxSender pass (whether the 1-second timer
 * or the end of a turn started it), `reminders` within a ReminderScheduler pass, `turn` everything
 * else (in practice the turns; /healthz asks once per start).
 */
export interface QueryCounts {
  turn: number;
  outbox: number;
  reminders: number;
}
export type ChildMessage =
  | { type: 'ready'; url: string }
  | { type: 'failed'; message: string }
  | { id: number; type: 'done'; stats?: ChildStats };

// ---- Database round trips ----

type Origin = Exclude<keyof QueryCounts, 'turn'>;
const origin = new AsyncLocalStorage<Origin>();
let queries: QueryCounts = { turn: 0, outbox: 0, reminders: 0 };
let statements = new Map<string, number>();

/** What a query is, for the count by statement: its prepared statement's name, or its first words. */
function statementOf(arg: unknown): string {
  if (typeof arg === 'string') return arg.trim().split(/\s+/).slice(0, 5).join(' ').slice(0, 60);
  if (arg && typeof arg === 'object') {
    const { name, text } = arg as { name?: unknown; text?: unknown };
    if (typeof name === 'string') return name;
    if (typeof text === 'string') return statementOf(text);
  }
  return 'other';
}

/**
 * Counts every Client#query (a pool's query goes through one): each is one round trip to the
 * server (a prepared statement's parse, bind and execute are sent together; "BEGIN; SET LOCAL …"
 * is one simple query). Its origin is the async context it was sent from.
 *
 * A pool hands a waiting caller its connection from whatever callback freed one (another query's
 * answer, in the context that connection was opened in): Pool#connect's callback is bound to the
 * caller's context here, so that Pool#query's queries count where they were asked for.
 */
function countQueries(byOrigin: boolean): void {
  const proto = Client.prototype as unknown as { query: (...args: unknown[]) => unknown };
  const query = proto.query;
  proto.query = function countedQuery(this: unknown, ...args: unknown[]) {
    const from = origin.getStore() ?? 'turn';
    queries[from] += 1;
    const key = `${from}: ${statementOf(args[0])}`;
    statements.set(key, (statements.get(key) ?? 0) + 1);
    return query.apply(this, args);
  };
  if (!byOrigin) return;
  const pool = Pool.prototype as unknown as { connect: (...args: unknown[]) => unknown };
  const connect = pool.connect;
  pool.connect = function boundConnect(this: unknown, ...args: unknown[]) {
    const [callback] = args;
    return typeof callback === 'function'
      ? connect.call(this, AsyncResource.bind(callback as (...a: unknown[]) => unknown))
      : connect.apply(this, args);
  };
  /** Runs a background task's passes in an async context named `as`, so that their queries are told apart. */
  const mark = (target: { prototype: object }, method: string, as: Origin) => {
    const host = target.prototype as Record<string, unknown>;
    const run = host[method];
    if (typeof run !== 'function') throw new Error(`${method} is not a method to count queries of`);
    host[method] = function inContext(this: unknown, ...args: unknown[]) {
      return origin.run(as, () => (run as (...a: unknown[]) => unknown).apply(this, args));
    };
  };
  mark(OutboxSender, 'sendDue', 'outbox');
  mark(ReminderScheduler, 'run', 'reminders');
}

const loopDelay = monitorEventLoopDelay({ resolution: 5 });
loopDelay.enable();
let peakResettable = true;

function resetPeak(): void {
  try {
    writeFileSync('/proc/self/clear_refs', '5');
  } catch {
    peakResettable = false;
  }
}

function peakRss(): number {
  try {
    const kb = /VmHWM:\s+(\d+)\s+kB/.exec(readFileSync('/proc/self/status', 'utf8'))?.[1];
    if (kb) return Number(kb) * 1024;
  } catch {
    // not Linux: the RSS now is the best there is
  }
  return process.memoryUsage.rss();
}

function stats(): ChildStats {
  return {
    eventLoopMaxMs: loopDelay.max / 1e6,
    eventLoopP99Ms: loopDelay.percentile(99) / 1e6,
    rssBytes: process.memoryUsage.rss(),
    peakRssBytes: peakRss(),
    peakResettable,
    atUs: Number(process.hrtime.bigint() / 1000n),
    queries: { ...queries },
    statements: Object.fromEntries(statements),
  };
}

/** The floor: botbuilder's echo bot, with nothing of ours in it. */
async function startEcho(
  port: number,
  host: string,
): Promise<{ url: string; stop(): Promise<void> }> {
  const adapter = new CloudAdapter(new ConfigurationBotFrameworkAuthentication({}));
  const bot = new ActivityHandler();
  bot.onMessage(async (context, next) => {
    await context.sendActivity(context.activity.text);
    await next();
  });
  const server = restify.createServer({ name: 'echo', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 1024 * 1024 * 2, mapParams: false }));
  server.post('/api/messages', async (req, res) => {
    await adapter.process(req, res, (context) => bot.run(context));
  });
  server.get('/healthz', async (_req, res) => {
    res.json(200, { status: 'ok' });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://${host}:${address.port}`,
    stop: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function main(): Promise<void> {
  const send = (message: ChildMessage) => process.send?.(message);
  let stop: () => Promise<void>;
  let idle: () => Promise<void> = async () => undefined;
  try {
    if (process.env.BENCH_MODE === 'echo') {
      const echo = await startEcho(Number(process.env.PORT ?? 0), process.env.HOST ?? '127.0.0.1');
      stop = echo.stop;
      send({ type: 'ready', url: echo.url });
    } else {
      // Only on PostgreSQL: an AsyncLocalStorage in use costs every promise a little (Node 20), and the embedded store sends no queries.
      // BENCH_QUERY_ORIGINS=0: count without telling origins apart (no AsyncLocalStorage), all as the turns'.
      if (process.env.DATABASE_URL) countQueries(process.env.BENCH_QUERY_ORIGINS !== '0');
      const config = loadConfig(process.env);
      const app = await startApp(config, createLogger(config.logLevel));
      stop = app.stop;
      // The embedded store's queued writes done (the PostgreSQL store writes before a turn ends).
      idle = () => app.stores.idle();
      send({ type: 'ready', url: app.url });
    }
  } catch (err) {
    send({ type: 'failed', message: err instanceof Error ? err.message : String(err) });
    process.exit(1);
  }
  process.on('message', (raw: ChildRequest) => {
    switch (raw.type) {
      case 'reset':
        loopDelay.reset();
        resetPeak();
        queries = { turn: 0, outbox: 0, reminders: 0 };
        statements = new Map();
        send({ id: raw.id, type: 'done', stats: stats() });
        return;
      case 'stats':
        send({ id: raw.id, type: 'done', stats: stats() });
        return;
      case 'idle':
        void idle().finally(() => send({ id: raw.id, type: 'done', stats: stats() }));
        return;
      case 'stop':
        void stop().finally(() => {
          send({ id: raw.id, type: 'done', stats: stats() });
          process.exit(0);
        });
        return;
    }
  });
  // The parent went away: do not outlive it.
  process.on('disconnect', () => process.exit(0));
}

void main();
