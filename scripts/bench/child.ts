/** Starts bot-child.js (the bot or the echo floor) as a child process and talks to it over IPC. */
import { spawn, type ChildProcess } from 'node:child_process';
import { closeSync, openSync, readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import type { ChildMessage, ChildRequest, ChildStats } from './bot-child';

export interface ChildOptions {
  mode: 'bot' | 'echo';
  /** Settings for the child (DATA_FILE, BENEFITS_NOW, DATABASE_URL and KEYS_SECRET …); PORT, HOST and BENCH_MODE are set here. */
  env: Record<string, string>;
  /** Where the child's stdout and stderr go. */
  logFile: string;
  /** Run with `--cpu-prof`, writing the profile into this folder on exit. */
  cpuProfileDir?: string;
  startTimeoutMs?: number;
}

export interface RunningChild {
  pid: number;
  url: string;
  /** From spawn() to the first 200 from GET /healthz. */
  startupMs: number;
  /** When /healthz first answered 200: CLOCK_MONOTONIC in µs, the clock of the child's --cpu-prof profile. */
  healthyAtUs: number;
  /** Forget the event-loop delays and the peak RSS so far; returns the figures just after. */
  reset(): Promise<ChildStats | undefined>;
  stats(): Promise<ChildStats>;
  /** Resolves once the bot's store has written everything queued so far. */
  idle(): Promise<void>;
  /** Stops it cleanly (the bot closes its store; --cpu-prof writes its profile), or kills it after 10 s. */
  stop(): Promise<void>;
}

/** A port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}

function tail(file: string, lines = 15): string {
  try {
    return readFileSync(file, 'utf8').trimEnd().split('\n').slice(-lines).join('\n');
  } catch {
    return '(no log)';
  }
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Variables the parent may have that would change what the child is (authentication, tenants, another store, Graph, test mode); the bench sets the store's itself. */
const DROPPED = [
  'MicrosoftAppId',
  'MicrosoftAppPassword',
  'MicrosoftAppType',
  'MicrosoftAppTenantId',
  'KEYS_SECRET',
  'ALLOWED_TENANTS',
  'DATABASE_URL',
  'BOT_OPENID_METADATA_URL',
  'BOT_TOKEN_ISSUER',
  'BOT_LOGIN_URL',
  'BOT_OAUTH_SCOPE',
  'NODE_ENV',
  'NODE_OPTIONS',
];
const DROPPED_PREFIXES = ['GRAPH_', 'PERSON_MESSAGES_', 'OUTBOX_'];

export async function startChild(options: ChildOptions): Promise<RunningChild> {
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env };
  for (const key of Object.keys(env))
    if (DROPPED.includes(key) || DROPPED_PREFIXES.some((p) => key.startsWith(p))) delete env[key];
  Object.assign(env, options.env, {
    PORT: String(port),
    HOST: '127.0.0.1',
    BENCH_MODE: options.mode,
  });
  const log = openSync(options.logFile, 'a');
  const args = [
    '--disable-warning=DEP0111',
    ...(options.cpuProfileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.cpuProfileDir}`] : []),
    join(__dirname, 'bot-child.js'),
  ];
  const started = performance.now();
  const child: ChildProcess = spawn(process.execPath, args, {
    env,
    stdio: ['ignore', log, log, 'ipc'],
  });
  closeSync(log);

  let exited: string | undefined;
  const pending = new Map<number, (stats: ChildStats | undefined) => void>();
  let readyUrl: string | undefined;
  let failure: string | undefined;
  const gone = new Promise<void>((resolve) => {
    child.on('exit', (code, signal) => {
      exited = `exited (${signal ?? code})`;
      for (const done of pending.values()) done(undefined);
      pending.clear();
      resolve();
    });
  });
  child.on('message', (message: ChildMessage) => {
    if ('id' in message) {
      pending.get(message.id)?.(message.stats);
      pending.delete(message.id);
    } else if (message.type === 'ready') readyUrl = message.url;
    else failure = message.message;
  });

  const url = `http://127.0.0.1:${port}`;
  const deadline = started + (options.startTimeoutMs ?? 60_000);
  let startupMs: number | undefined;
  let healthyAtUs = 0;
  while (startupMs === undefined) {
    if (exited || failure)
      throw new Error(
        `The ${options.mode} process did not start: ${failure ?? exited}.\n${tail(options.logFile)}`,
      );
    if (performance.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(
        `The ${options.mode} process did not answer /healthz within ${options.startTimeoutMs ?? 60_000} ms.\n${tail(options.logFile)}`,
      );
    }
    try {
      const res = await fetch(`${url}/healthz`);
      await res.arrayBuffer();
      if (res.status === 200) {
        startupMs = performance.now() - started;
        healthyAtUs = Number(process.hrtime.bigint() / 1000n);
      }
    } catch {
      // not listening yet
    }
    if (startupMs === undefined) await sleep(5);
  }
  // The bot says where it listens once startApp has returned; /healthz may answer a moment before.
  while (!readyUrl && !exited && performance.now() < deadline) await sleep(5);
  if (readyUrl && readyUrl !== url)
    throw new Error(`The ${options.mode} process listens on ${readyUrl}, not ${url}.`);

  let nextId = 1;
  const request = (type: ChildRequest['type']): Promise<ChildStats | undefined> => {
    if (exited) return Promise.resolve(undefined);
    const id = nextId++;
    return new Promise((resolve) => {
      pending.set(id, resolve);
      child.send({ id, type } satisfies ChildRequest);
    });
  };
  const pid = child.pid ?? 0;

  return {
    pid,
    url,
    startupMs,
    healthyAtUs,
    reset: () => request('reset'),
    stats: async () => {
      const stats = await request('stats');
      if (!stats)
        throw new Error(
          `The ${options.mode} process ${exited ?? 'did not answer'}.\n${tail(options.logFile)}`,
        );
      return stats;
    },
    idle: async () => {
      await request('idle');
    },
    stop: async () => {
      if (exited) return;
      const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
      void request('stop');
      await gone;
      clearTimeout(timer);
    },
  };
}
