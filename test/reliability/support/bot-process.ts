import { spawn, type ChildProcess } from 'node:child_process';
import { createServer } from 'node:net';
import { resolve } from 'node:path';

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

/** Runs the entry point with these settings (merged over a minimal environment) and returns when it exits. */
export function runEntryPoint(env: Record<string, string>, cwd: string, timeoutMs = 20_000): Promise<{ code: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }> {
  const child = spawnEntry(env, cwd);
  let stdout = '';
  let stderr = '';
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString('utf8')));
  return new Promise((done, fail) => {
    const timer = setTimeout(() => {
      child.kill('SIGKILL');
      fail(new Error(`the bot did not exit within ${timeoutMs} ms; stdout: ${stdout}; stderr: ${stderr}`));
    }, timeoutMs);
    child.once('error', fail);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      // 'exit' can come before the pipes are drained.
      setImmediate(() => done({ code, signal, stdout, stderr }));
    });
  });
}

function spawnEntry(env: Record<string, string>, cwd: string): ChildProcess {
  return spawn(process.execPath, ['--disable-warning=DEP0111', '--disable-warning=ExperimentalWarning', '-r', HOOK, ENTRY], {
    cwd,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? cwd, TMPDIR: process.env.TMPDIR ?? '/tmp', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
}

/** Starts the bot on `dataFile` and resolves once GET /healthz answers 200. */
export async function startBotProcess(options: { dataFile: string; cwd: string; env?: Record<string, string>; readyTimeoutMs?: number }): Promise<BotProcess> {
  const port = await freePort();
  const url = `http://127.0.0.1:${port}`;
  const child = spawnEntry({ HOST: '127.0.0.1', PORT: String(port), DATA_FILE: options.dataFile, LOG_LEVEL: 'warn', ...options.env }, options.cwd);
  let output = '';
  child.stdout?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  child.stderr?.on('data', (chunk: Buffer) => (output += chunk.toString('utf8')));
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((done) => child.once('exit', (code, signal) => done({ code, signal })));
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
