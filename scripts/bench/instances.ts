/**
 * What the load is sent to: one child (the bot or the echo floor, addressed directly), or several
 * over the same data, started together, behind a round-robin splitter (splitter.ts) in this
 * process. Their figures are combined: event-loop delays the worst of them, memory and database
 * round trips summed.
 */
import type { ChildStats } from './bot-child';
import { startChild, type ChildOptions, type RunningChild } from './child';
import { startSplitter, startSplitterProcess, type Splitter } from './splitter';

export interface UnderTest {
  /** Where requests go: the child, or the splitter in front of the children. */
  url: string;
  children: readonly RunningChild[];
  splitter?: Splitter;
  /** From spawn() to /healthz 200: the slowest of the children. */
  startupMs: number;
  /** The first child's: for its CPU profile. */
  healthyAtUs: number;
  reset(): Promise<ChildStats | undefined>;
  stats(): Promise<ChildStats>;
  idle(): Promise<void>;
  stop(): Promise<void>;
}

/** The children's figures as one: the worst delays, the sum of memory and queries; the time of the latest. */
export function combine(all: readonly ChildStats[]): ChildStats {
  const [first] = all;
  if (!first) throw new Error('no figures to combine');
  if (all.length === 1) return first;
  const sum = (pick: (s: ChildStats) => number) => all.reduce((n, s) => n + pick(s), 0);
  return {
    eventLoopMaxMs: Math.max(...all.map((s) => s.eventLoopMaxMs)),
    eventLoopP99Ms: Math.max(...all.map((s) => s.eventLoopP99Ms)),
    rssBytes: sum((s) => s.rssBytes),
    peakRssBytes: sum((s) => s.peakRssBytes),
    peakResettable: all.every((s) => s.peakResettable),
    atUs: Math.max(...all.map((s) => s.atUs)),
    queries: {
      turn: sum((s) => s.queries.turn),
      outbox: sum((s) => s.queries.outbox),
      reminders: sum((s) => s.queries.reminders),
    },
    statements: all.reduce<Record<string, number>>((out, s) => {
      for (const [key, n] of Object.entries(s.statements)) out[key] = (out[key] ?? 0) + n;
      return out;
    }, {}),
  };
}

function single(child: RunningChild): UnderTest {
  return {
    url: child.url,
    children: [child],
    startupMs: child.startupMs,
    healthyAtUs: child.healthyAtUs,
    reset: () => child.reset(),
    stats: () => child.stats(),
    idle: () => child.idle(),
    stop: () => child.stop(),
  };
}

/** Starts `count` children (options(i) for the i-th, from 0) at the same time; with more than one, a splitter in front (in a process of its own, or in this one). */
export async function startInstances(
  count: number,
  options: (index: number) => ChildOptions,
  splitterIn: 'process' | 'bench' = 'process',
): Promise<UnderTest> {
  const started = await Promise.allSettled(
    Array.from({ length: count }, (_, i) => startChild(options(i))),
  );
  const children = started
    .filter((s): s is PromiseFulfilledResult<RunningChild> => s.status === 'fulfilled')
    .map((s) => s.value);
  const failure = started.find((s): s is PromiseRejectedResult => s.status === 'rejected');
  if (failure) {
    await Promise.all(children.map((c) => c.stop()));
    throw failure.reason instanceof Error ? failure.reason : new Error(String(failure.reason));
  }
  const [first] = children;
  if (!first) throw new Error('no instance to start');
  if (children.length === 1) return single(first);
  let splitter: Splitter;
  try {
    splitter = await (splitterIn === 'process' ? startSplitterProcess : startSplitter)(
      children.map((c) => c.url),
    );
  } catch (err) {
    await Promise.all(children.map((c) => c.stop()));
    throw err;
  }
  return {
    url: splitter.url,
    children,
    splitter,
    startupMs: Math.max(...children.map((c) => c.startupMs)),
    healthyAtUs: first.healthyAtUs,
    reset: async () => {
      const all = await Promise.all(children.map((c) => c.reset()));
      const got = all.filter((s): s is ChildStats => s !== undefined);
      return got.length === all.length
        ? { ...combine(got), atUs: Math.min(...got.map((s) => s.atUs)) }
        : undefined;
    },
    stats: async () => combine(await Promise.all(children.map((c) => c.stats()))),
    idle: async () => {
      await Promise.all(children.map((c) => c.idle()));
    },
    stop: async () => {
      await splitter.close();
      await Promise.all(children.map((c) => c.stop()));
    },
  };
}
