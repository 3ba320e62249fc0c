/**
 * The process `npm run bench` measures, started by run.ts with an IPC channel:
 *
 *   BENCH_MODE=bot   the Partner Benefits bot itself (startApp, settings from the environment:
 *                    DATA_FILE, PORT, BENEFITS_NOW …; local mode, no MicrosoftAppId);
 *   BENCH_MODE=echo  the floor: a minimal botbuilder echo bot (CloudAdapter + restify, replying
 *                    `context.sendActivity(text)`), with the same body parser and /healthz.
 *
 * Both watch their own event loop (perf_hooks.monitorEventLoopDelay) and answer over IPC:
 *   { type: 'reset' }  forget the delays so far and reset the peak RSS (/proc/self/clear_refs);
 *   { type: 'stats' }  the worst and 99th-percentile event-loop delay, RSS and peak RSS (VmHWM);
 *   { type: 'idle' }   answers once the store has written everything queued so far;
 *   { type: 'stop' }   stop cleanly and exit (so that `--cpu-prof` writes its profile).
 */
import { readFileSync, writeFileSync } from 'node:fs';
import type { AddressInfo } from 'node:net';
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { ActivityHandler, CloudAdapter, ConfigurationBotFrameworkAuthentication } from 'botbuilder';
import restify from 'restify';
import { startApp } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { createLogger } from '../../bot/logger';

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
}
export type ChildMessage = { type: 'ready'; url: string } | { type: 'failed'; message: string } | { id: number; type: 'done'; stats?: ChildStats };

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
  };
}

/** The floor: botbuilder's echo bot, with nothing of ours in it. */
async function startEcho(port: number, host: string): Promise<{ url: string; stop(): Promise<void> }> {
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
  return { url: `http://${host}:${address.port}`, stop: () => new Promise<void>((resolve) => server.close(() => resolve())) };
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
      const config = loadConfig(process.env);
      const app = await startApp(config, createLogger(config.logLevel));
      stop = app.stop;
      // The lowdb store can say when its queued writes are done (not part of the BenefitStore port).
      const stores = [app.stores.benefits, app.stores.state] as unknown as { idle?: () => Promise<void> }[];
      idle = async () => {
        await Promise.all(stores.map((s) => (typeof s.idle === 'function' ? s.idle() : undefined)));
      };
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
