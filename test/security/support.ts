import { transformSync } from '@swc/core';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve as resolvePath } from 'node:path';
import { Writable } from 'node:stream';
import { Worker } from 'node:worker_threads';
import pino from 'pino';
import type { Activity } from 'botbuilder';
import { startApp, type RunningApp } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { createLogger, type Logger } from '../../bot/logger';
import { startConnector, type ConnectorStandIn, type ReceivedActivity } from '../support/connector';
import { storedDigest, storeSettings } from '../support/test-backend';

/**
 * Shared by the security suite: the bot over real HTTP (local mode, a temp data file or, on
 * PostgreSQL, the schema it names; replies to the connector stand-in), every log line it writes
 * kept in memory, and digests of what its store holds.
 */

/** One pino line as the product's logger wrote it. */
export type LogLine = Record<string, unknown> & { level: number; msg?: string };

/**
 * The product's own logger (its level and redaction), writing into memory instead of stdout.
 * pino keeps its destination under a symbol; swapping it keeps every option createLogger set.
 */
export function capturedLogger(level: string): { logger: Logger; lines: LogLine[]; raw: string[] } {
  const raw: string[] = [];
  const lines: LogLine[] = [];
  const sink = new Writable({
    write(chunk: Buffer | string, _encoding, done) {
      const text = chunk.toString();
      raw.push(text);
      for (const line of text.split('\n').filter(Boolean)) lines.push(JSON.parse(line) as LogLine);
      done();
    },
  });
  const logger = createLogger(level);
  const streamSym = (pino as unknown as { symbols: { streamSym: symbol } }).symbols.streamSym;
  (logger as unknown as Record<symbol, unknown>)[streamSym] = sink;
  return { logger, lines, raw };
}

export interface SecurityApp {
  app: RunningApp;
  connector: ConnectorStandIn;
  dir: string;
  dataFile: string;
  logs: LogLine[];
  rawLogs: string[];
  /** POSTs a body as it is (any bytes, any content type). */
  postRaw(body: string, contentType?: string): Promise<{ status: number; body: string }>;
  /** POSTs an activity with the stand-in as its serviceUrl (unless the activity names its own). */
  post(activity: Record<string, unknown>): Promise<{ status: number; body: string }>;
  /** POSTs and returns what reached the stand-in for it (the turn ends before the HTTP answer). */
  send(
    activity: Record<string, unknown>,
  ): Promise<{ status: number; body: string; replies: ReceivedActivity[] }>;
  healthy(timeoutMs?: number): Promise<boolean>;
  stop(): Promise<void>;
}

/** The app as `npm start` runs it in local mode, on a fresh demo data file; `env` adds or overrides settings. */
export async function startSecurityApp(
  env: Record<string, string> = {},
  logLevel = 'silent',
): Promise<SecurityApp> {
  const connector = await startConnector();
  const dir = await mkdtemp(join(tmpdir(), 'benefits-security-'));
  const dataFile = join(dir, 'benefits.json');
  const config = loadConfig({
    HOST: '127.0.0.1',
    ...(await storeSettings(dataFile)),
    BENEFITS_NOW: '2026-11-24T09:00:00Z',
    LOG_LEVEL: logLevel,
    ...env,
  });
  const captured = capturedLogger(logLevel);
  const app = await startApp({ ...config, port: 0 }, captured.logger);

  const postRaw = async (body: string, contentType = 'application/json') => {
    const res = await fetch(`${app.url}/api/messages`, {
      method: 'POST',
      headers: { 'content-type': contentType },
      body,
    });
    return { status: res.status, body: await res.text() };
  };
  const post = (activity: Record<string, unknown>) =>
    postRaw(
      JSON.stringify(
        'serviceUrl' in activity ? activity : { ...activity, serviceUrl: connector.serviceUrl },
      ),
    );
  return {
    app,
    connector,
    dir,
    dataFile,
    logs: captured.lines,
    rawLogs: captured.raw,
    postRaw,
    post,
    async send(activity) {
      connector.clear();
      const answer = await post(activity);
      return { ...answer, replies: connector.activities() };
    },
    async healthy(timeoutMs = 2_000) {
      try {
        const res = await fetch(`${app.url}/healthz`, { signal: AbortSignal.timeout(timeoutMs) });
        return res.status === 200 && ((await res.json()) as { status?: string }).status === 'ok';
      } catch {
        return false;
      }
    },
    async stop() {
      await app.stop();
      await connector.close();
      await rm(dir, { recursive: true, force: true });
    },
  };
}

/**
 * A digest of the system of record (test-backend.ts's storedDigest 'data': the index and every
 * organisation, on lowdb their files, on PostgreSQL their rows), without the conversation and user
 * state (see stateDigest), which botbuilder may legitimately write on any turn.
 */
export function dataDigest(dataFile: string): Promise<string> {
  return storedDigest(dataFile, ['data']);
}

/** A digest of the conversation and user state (dialogs in progress, language preferences, welcome markers): storedDigest's 'state'. */
export function stateDigest(dataFile: string): Promise<string> {
  return storedDigest(dataFile, ['state']);
}

/** A digest of everything the store holds, the system of record and the state: what "nothing changed at all" compares. */
export function storeDigest(dataFile: string): Promise<string> {
  return storedDigest(dataFile);
}

/** What an exception looks like when it leaks into what a person reads. */
export const EXCEPTION_TEXT =
  /\b(?:TypeError|ReferenceError|RangeError|SyntaxError|RestError)\b|Cannot read propert|is not a function|is not defined|\n\s+at \S+ \(|\.ts:\d+:\d+|ENOTFOUND|ECONNREFUSED|\[object Object\]|occurred in serializing/;

/** Every string a person reads in what reached the stand-in: message texts and every string inside attachments. */
export function readableText(replies: readonly ReceivedActivity[]): string {
  const strings: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === 'string') strings.push(node);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  for (const { activity } of replies) {
    if (typeof activity.text === 'string') strings.push(activity.text);
    walk(activity.attachments);
  }
  return strings.join('\n');
}

/** The message activities that reached the stand-in (what a person sees in the chat). */
export const messagesIn = (replies: readonly ReceivedActivity[]) =>
  replies.filter((r) => r.activity.type === 'message');

export type { Activity, ReceivedActivity };

/** A TypeScript module and the relative modules it imports, compiled to CommonJS once, by absolute path. */
function compileGraph(entry: string): Record<string, string> {
  const compiled: Record<string, string> = {};
  const visit = (file: string) => {
    if (file in compiled) return;
    const source = readFileSync(file, 'utf8');
    if (file.endsWith('.json')) {
      compiled[file] = `module.exports = ${source};`;
      return;
    }
    const code = transformSync(source, {
      filename: file,
      jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
      module: { type: 'commonjs' },
    }).code;
    compiled[file] = code;
    for (const [, id] of code.matchAll(/require\("(\.[^"]+)"\)/g)) {
      const base = resolvePath(dirname(file), id as string);
      const found = [base, `${base}.ts`, `${base}/index.ts`, `${base}.json`].find(
        (c) => existsSync(c) && statSync(c).isFile(),
      );
      if (!found) throw new Error(`cannot find ${String(id)} from ${file}`);
      visit(found);
    }
  };
  visit(entry);
  return compiled;
}

const WORKER_SOURCE = `
  const { parentPort, workerData } = require('node:worker_threads');
  const path = require('node:path');
  const fs = require('node:fs');
  const cache = new Map();
  function load(file) {
    if (cache.has(file)) return cache.get(file).exports;
    const module = { exports: {} };
    cache.set(file, module);
    const local = (id) => {
      if (!id.startsWith('.')) return require(require.resolve(id, { paths: [path.dirname(file)] }));
      const base = path.resolve(path.dirname(file), id);
      const found = [base, base + '.ts', path.join(base, 'index.ts'), base + '.json'].find((c) => c in workerData.files);
      return load(found);
    };
    new Function('exports', 'require', 'module', '__filename', '__dirname', workerData.files[file])(module.exports, local, module, file, path.dirname(file));
    return module.exports;
  }
  const fn = load(workerData.entry)[workerData.exportName];
  parentPort.on('message', (argument) => {
    const started = performance.now();
    fn(argument);
    parentPort.postMessage(performance.now() - started);
  });
  parentPort.postMessage('ready');
`;

/**
 * Times `exportName(argument)` of a TypeScript module for each argument, each in a worker thread
 * of its own (at most `concurrency` at once), and says how long each took, or that it was still
 * running after `budgetMs` (that worker is then terminated). For code that may block its thread
 * for minutes (a regular expression that backtracks): the test process stays responsive and the
 * suite stays fast whatever the outcome. The module and its relative imports are compiled here,
 * once; packages are required as they are.
 */
export async function timeInWorkers(
  modulePath: string,
  exportName: string,
  args: readonly unknown[],
  budgetMs: number,
  concurrency = 2,
): Promise<{ finished: boolean; ms: number }[]> {
  const files = compileGraph(modulePath);
  const timeOne = (argument: unknown) =>
    new Promise<{ finished: boolean; ms: number }>((resolve, reject) => {
      const worker = new Worker(WORKER_SOURCE, {
        eval: true,
        workerData: { files, entry: modulePath, exportName },
      });
      let timer: NodeJS.Timeout | undefined;
      worker.on('message', (message: number | 'ready') => {
        if (message === 'ready') {
          // The budget starts once the module is loaded: only the call is timed.
          timer = setTimeout(() => {
            void worker.terminate();
            resolve({ finished: false, ms: budgetMs });
          }, budgetMs);
          worker.postMessage(argument);
          return;
        }
        clearTimeout(timer);
        void worker.terminate();
        resolve({ finished: true, ms: message });
      });
      worker.once('error', (err) => {
        clearTimeout(timer);
        reject(err);
      });
    });
  const results: { finished: boolean; ms: number }[] = new Array(args.length);
  let next = 0;
  const lane = async () => {
    while (next < args.length) {
      const index = next++;
      results[index] = await timeOne(args[index]);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, args.length) }, lane));
  return results;
}
