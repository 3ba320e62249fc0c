/**
 * Chat with the bot in the Microsoft 365 Agents Playground, Microsoft's local Teams emulator:
 *
 *   npm run playground          (PORT sets the bot's port, 3978; PLAYGROUND_PORT the Playground's, 56150)
 *
 * Starts the bot in this process, in local mode (no MicrosoftAppId: the Playground sends no
 * Authorization header), starts the Playground as a child process pointed at it, waits until the
 * Playground answers, and prints the address to open. Ctrl+C stops both.
 *
 * The functions that start and stop the Playground are exported for the end-to-end test.
 */
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import { createInterface } from 'node:readline';
import { config as loadDotenv } from 'dotenv';
import { startApp, type RunningApp } from '../bot/app';
import { ConfigError, loadConfig, type Config } from '../bot/config';
import { createLogger } from '../bot/logger';
import { StoreError } from '../services/store/errors';

export const DEFAULT_PLAYGROUND_PORT = 56150;

export interface PlaygroundOptions {
  /** The bot's messaging endpoint, e.g. http://127.0.0.1:3978/api/messages. */
  botEndpoint: string;
  /** The port of the Playground's page and connector. If it is taken, the Playground picks a free one itself. */
  port: number;
  /** Where the Playground writes its log (M365_AGENTS_PLAYGROUND_LOGFILE). */
  logFile: string;
  /** The Playground reads .m365agentsplayground.yml from here, if there is one. Default: the current directory. */
  cwd?: string;
  /** How long to wait for the Playground to answer GET /_debug/ping. Default 30 s. */
  startTimeoutMs?: number;
  /** Receives each line the Playground prints (except the "Listening on" line). Default: dropped. */
  onOutput?: (line: string, stream: 'stdout' | 'stderr') => void;
}

export interface PlaygroundExit {
  code: number | null;
  signal: NodeJS.Signals | null;
}

export interface PlaygroundProcess {
  pid: number | undefined;
  /** Resolves with the Playground's address once it answers GET /_debug/ping; rejects if it never does. */
  ready: Promise<{ port: number; url: string }>;
  /** Resolves when the child process has exited, for whatever reason. */
  exited: Promise<PlaygroundExit>;
  /** Stops the Playground (its whole process group) and waits until it has exited. Safe to call twice. */
  stop(): Promise<void>;
}

/** Where the Playground's command-line entry point is installed. */
export function playgroundCli(): string {
  return path.join(
    path.dirname(require.resolve('@microsoft/m365agentsplayground/package.json')),
    'cli.js',
  );
}

/**
 * Starts the Agents Playground in the Teams channel, with telemetry off and no browser of its own.
 * Returns at once; await `ready` to know it answers. The child runs in its own process group, so a
 * Ctrl+C in the terminal reaches only this process, which then stops the Playground through `stop()`.
 */
export function launchPlayground(options: PlaygroundOptions): PlaygroundProcess {
  const args = [
    playgroundCli(),
    '-e',
    options.botEndpoint,
    '-c',
    'msteams',
    '-p',
    String(options.port),
    '--dt',
  ];
  const ownGroup = process.platform !== 'win32';
  const child = spawn(process.execPath, args, {
    cwd: options.cwd ?? process.cwd(),
    env: {
      ...process.env,
      TEAMSAPPTESTER_BROWSER: 'none',
      M365_AGENTS_PLAYGROUND_LOGFILE: options.logFile,
    },
    detached: ownGroup,
    stdio: ['ignore', 'pipe', 'pipe'],
  });

  const exited = new Promise<PlaygroundExit>((resolve) => {
    if (child.exitCode !== null || child.signalCode !== null)
      resolve({ code: child.exitCode, signal: child.signalCode });
    child.once('exit', (code, signal) => resolve({ code, signal }));
    child.once('error', () => resolve({ code: child.exitCode ?? 1, signal: null }));
  });
  let spawnError: Error | undefined;
  child.once('error', (err) => (spawnError = err));

  // The Playground prints "Listening on <port>": the port it really uses, which differs from the one asked if that was taken.
  const recent: string[] = [];
  let announcePort: (port: number) => void = () => undefined;
  const listening = new Promise<number>((resolve) => (announcePort = resolve));
  const readLines = (stream: NodeJS.ReadableStream, name: 'stdout' | 'stderr') => {
    createInterface({ input: stream, crlfDelay: Infinity }).on('line', (line) => {
      const match = /^Listening on (\d+)\s*$/.exec(line.trim());
      if (match) return announcePort(Number(match[1]));
      recent.push(line);
      if (recent.length > 20) recent.shift();
      options.onOutput?.(line, name);
    });
  };
  readLines(child.stdout, 'stdout');
  readLines(child.stderr, 'stderr');

  const timeoutMs = options.startTimeoutMs ?? 30_000;
  const died = async (): Promise<never> => {
    const { code, signal } = await exited;
    const why = spawnError
      ? `could not start (${spawnError.message})`
      : `exited during start (${signal ?? `exit code ${code}`})`;
    const said = recent.length > 0 ? ` It printed: ${recent.slice(-5).join(' | ')}` : '';
    throw new Error(`The Agents Playground ${why}; see its log at ${options.logFile}.${said}`);
  };
  const ready = (async () => {
    const deadline = Date.now() + timeoutMs;
    const port = await Promise.race([
      listening,
      died(),
      timeout(
        timeoutMs,
        `The Agents Playground did not say which port it listens on within ${timeoutMs / 1000} s; see its log at ${options.logFile}.`,
      ),
    ]);
    const url = `http://localhost:${port}`;
    await Promise.race([waitForPing(url, Math.max(deadline - Date.now(), 1000)), died()]);
    return { port, url };
  })();
  ready.catch(() => undefined); // the caller may not await it before stop()

  let stopping: Promise<void> | undefined;
  const stop = () =>
    (stopping ??= (async () => {
      if (child.pid === undefined || child.exitCode !== null || child.signalCode !== null) return;
      sendSignal(child.pid, 'SIGTERM', ownGroup, () => child.kill('SIGTERM'));
      const gone = await Promise.race([exited.then(() => true), delay(5000).then(() => false)]);
      if (!gone) {
        sendSignal(child.pid, 'SIGKILL', ownGroup, () => child.kill('SIGKILL'));
        await exited;
      }
      if (ownGroup) sendSignal(child.pid, 'SIGKILL', true, () => undefined); // anything it left behind in its group
    })());

  return { pid: child.pid, ready, exited, stop };
}

/** Launches the Playground and waits until it answers; stops it again if it never does. */
export async function startPlayground(
  options: PlaygroundOptions,
): Promise<PlaygroundProcess & { port: number; url: string }> {
  const playground = launchPlayground(options);
  try {
    return { ...playground, ...(await playground.ready) };
  } catch (err) {
    await playground.stop();
    throw err;
  }
}

/** Polls GET <url>/_debug/ping until it answers 200, or throws once timeoutMs has passed. */
export async function waitForPing(url: string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const res = await fetch(`${url}/_debug/ping`, { signal: AbortSignal.timeout(1000) });
      await res.body?.cancel();
      if (res.ok) return;
    } catch {
      // not listening yet
    }
    if (Date.now() >= deadline)
      throw new Error(
        `The Agents Playground did not answer GET ${url}/_debug/ping within ${Math.round(timeoutMs / 1000)} s.`,
      );
    await delay(100);
  }
}

function sendSignal(pid: number, name: NodeJS.Signals, group: boolean, fallback: () => void): void {
  try {
    if (group) process.kill(-pid, name);
    else fallback();
  } catch {
    // already gone
  }
}

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms).unref());

const timeout = (ms: number, message: string) =>
  delay(ms).then((): never => {
    throw new Error(message);
  });

/** The project root: this file runs as dist/scripts/playground.js, or as scripts/playground.ts under ts tools. */
function projectRoot(): string {
  const up = path.basename(path.dirname(__dirname)) === 'dist' ? ['..', '..'] : ['..'];
  return path.resolve(__dirname, ...up);
}

function playgroundPort(raw: string | undefined): number {
  if (raw === undefined || raw.trim() === '') return DEFAULT_PLAYGROUND_PORT;
  const port = Number(raw);
  if (!Number.isInteger(port) || port < 1 || port > 65535)
    throw new ConfigError('PLAYGROUND_PORT must be a port number from 1 to 65535.');
  return port;
}

function cannotStart(message: string): void {
  process.stderr.write(`Cannot start the Playground: ${message}\n`);
  process.exitCode = 1;
}

async function main(): Promise<void> {
  loadDotenv({ quiet: true });
  let config: Config;
  let port: number;
  try {
    config = loadConfig(process.env);
    port = playgroundPort(process.env.PLAYGROUND_PORT);
  } catch (err) {
    if (err instanceof ConfigError) return cannotStart(err.message);
    throw err;
  }
  if (!config.localMode) {
    return cannotStart(
      'the Agents Playground needs the bot in local mode, with an empty MicrosoftAppId, because it sends no Authorization header; unset MicrosoftAppId (in the environment and in .env) and try again.',
    );
  }

  const logger = createLogger(config.logLevel);
  let app: RunningApp;
  try {
    app = await startApp(config, logger);
  } catch (err) {
    if (err instanceof StoreError) return cannotStart(err.message);
    if ((err as NodeJS.ErrnoException).code === 'EADDRINUSE') {
      return cannotStart(
        `port ${config.port} is already in use (is \`npm start\` or another playground running?); stop it or set PORT to a free port.`,
      );
    }
    throw err;
  }

  const root = projectRoot();
  const logFile = path.join(root, 'devTools', 'agents-playground.log');
  await mkdir(path.dirname(logFile), { recursive: true });
  const playground = launchPlayground({
    botEndpoint: `${app.url}/api/messages`,
    port,
    logFile,
    cwd: root,
    onOutput: (line, stream) =>
      (stream === 'stderr' ? process.stderr : process.stdout).write(`[playground] ${line}\n`),
  });

  let stopping = false;
  const shutdown = async (exitCode: number) => {
    if (stopping) return;
    stopping = true;
    await playground.stop();
    await app.stop();
    process.exit(exitCode);
  };
  process.once('SIGINT', () => void shutdown(0));
  process.once('SIGTERM', () => void shutdown(0));
  void playground.exited.then(({ code, signal }) => {
    if (stopping) return;
    process.stderr.write(
      `The Agents Playground stopped on its own (${signal ?? `exit code ${code}`}; its log is ${logFile}), so the bot stops too.\n`,
    );
    void shutdown(1);
  });

  let url: string;
  let actualPort: number;
  try {
    ({ url, port: actualPort } = await playground.ready);
  } catch (err) {
    if (stopping) return;
    process.stderr.write(
      `Cannot start the Playground: ${err instanceof Error ? err.message : String(err)}\n`,
    );
    return shutdown(1);
  }
  const custom =
    existsSync(path.join(root, '.m365agentsplayground.yml')) ||
    !!process.env.M365_AGENTS_PLAYGROUND_CONFIG_PATH;
  const who = custom
    ? 'as the user set in your Playground config file'
    : 'as Alex Wilber (Global admin) of Contoso Partners';
  const busy = actualPort === port ? '' : ` (port ${port} was taken, so it uses ${actualPort})`;
  console.log(
    `\nAgents Playground ready: open ${url} in a browser${busy}; you are signed in ${who}. Press Ctrl+C to stop the Playground and the bot.\n`,
  );
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`The Playground failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  });
}
