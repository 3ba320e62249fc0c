import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import { NOW } from '../../support/temp-store';

/**
 * The bot as production runs it, in a child process of its own: the real entry point (index.ts:
 * settings, startApp, the outbox sender and reminders on their timers, SIGTERM handling), compiled
 * from the current sources on require by ./ts-hook.js, since dist/ may be older than the sources
 * under test. A test can kill it with SIGKILL at any moment, and start another on the same data file.
 */

const ROOT = resolve(__dirname, '..', '..', '..');
const HOOK = resolve(__dirname, 'ts-hook.js');
const ENTRY = resolve(ROOT, 'index.ts');

export interface BotProcess {
  readonly pid: number;
  /** http://127.0.0.1:<port> */
  readonly url: string;
  /** Everything the process wrote to stdout and stderr so far. */
  output(): string;
  /** Resolves with the exit code (null when killed by a signal) and signal once the process has ended. */
  readonly exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
  /** SIGKILL, and wait until the process is gone (and reaped, so its pid no longer looks alive). */
  kill(): Promise<void>;
  /** SIGTERM (the bot stops cleanly), and wait for the exit. */
  stop(): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/** A TCP port nobody listens on right now. */
export function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => done(port));
    });
  });
}

/** Where a child bot's clock starts unless a test says otherwise: the day the tests' expectations are written for. */
export const CHILD_NOW = NOW.toISOString();

/**
 * The environment a bot child process runs with: a minimal one (PATH, HOME, TMPDIR), the clock
 * started at CHILD_NOW (BENEFITS_NOW: the demo data it seeds and the reminders it sends are then
 * the same whatever today's date), and `env` over it. A setting given as undefined is left out:
 * `{ BENEFITS_NOW: undefined }` runs the child on the system clock. Under faketime (.ci/run runs
 * the suite again with the clock moved ahead) the child keeps faketime's settings, so that its
 * system clock is the test's.
 */
export function childEnv(
  env: Record<string, string | undefined>,
  cwd: string,
): Record<string, string> {
  const faketime = Object.entries(process.env).filter(
    ([name]) => name === 'LD_PRELOAD' || name.startsWith('FAKETIME'),
  );
  const merged: Record<string, string | undefined> = {
    PATH: process.env.PATH ?? '',
    HOME: process.env.HOME ?? cwd,
    TMPDIR: process.env.TMPDIR ?? '/tmp',
    ...Object.fromEntries(faketime),
    BENEFITS_NOW: CHILD_NOW,
    ...env,
  };
  return Object.fromEntries(
    Object.entries(merged).filter((entry): entry is [string, string] => entry[1] !== undefined),
  );
}

/**
 * BENEFITS_NOW for a bot restarted on the same data: `start` plus the time since this was made, so
 * that its clock runs on across restarts as a real one does instead of going back to `start` at
 * each one (retries and leases stored before a restart would then lie in the future).
 */
export function clockAcrossRestarts(start: string = CHILD_NOW): () => string {
  const madeAt = Date.now();
  const at = Date.parse(start);
  return () => new Date(at + (Date.now() - madeAt)).toISOString();
}

/** Runs the entry point with these settings (merged over a minimal environment) and returns when it exits. */
export function runEntryPoint(
  env: Record<string, string | undefined>,
  cwd: string,
  timeoutMs = 20_000,
): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const child = spawnEntry(env, cwd);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(
        new Error(
          `the bot did not exit within ${timeoutMs} ms; stdout: ${stdout}; stderr: ${stderr}`,
        ),
      );
    }, timeoutMs);
    child.once('error', fail);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      // 'exit' can come before the pipes are drained.
      setImmediate(() => done({ code, signal, stdout, stderr }));
    });
  });
}

function spawnEntry(env: Record<string, string | undefined>, cwd: string): ChildProcess {
  return spawn(
    process.execPath,
    ['--disable-warning=DEP0111', '--disable-warning=ExperimentalWarning', '-r', HOOK, ENTRY],
    {
      cwd,
      env: childEnv(env, cwd),
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
}

/** Starts the bot on `dataFile` (its clock at CHILD_NOW unless `env` says otherwise: see childEnv) and resolves once GET /healthz answers 200. */
export async function startBotProcess(options: {
  dataFile: string;
  cwd: string;
  env?: Record<string, string | undefined>;
  readyTimeoutMs?: number;
}): Promise<BotProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawnEntry(
    {
      HOST: '127.0.0.1',
      PORT: String(port),
      DATA_FILE: options.dataFile,
      LOG_LEVEL: 'warn',
      ...options.env,
    },
    options.cwd,
  );
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) =>
    child.once('exit', (code, signal) => done({ code, signal })),
  );
  let gone = false;
  void exited.then(() => (gone = true));

  const deadline = Date.now() + (options.readyTimeoutMs ?? 20_000);
  for (;;) {
    if (gone) throw new Error(`the bot exited before it was ready: ${output}`);
    if (Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the bot was not ready within the time allowed: ${output}`);
    }
    try {
      const res = await fetch(`${url}/healthz`, { signal: AbortSignal.timeout(1_000) });
      await res.arrayBuffer();
      if (res.status === 200) break;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 25));
  }

  return {
    pid: child.pid ?? -1,
    url,
    output: () => output,
    exited,
    async kill() {
      if (!gone) child.kill('SIGKILL');
      await exited;
    },
    async stop() {
      if (!gone) child.kill('SIGTERM');
      return exited;
    },
  };
}
