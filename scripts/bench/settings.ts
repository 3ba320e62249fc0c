import { join, resolve } from 'node:path';
import { DATASETS, type DatasetName } from './generate';

/** The bench's settings (environment; see run.ts and README.md), where it writes, and how it logs. */

function numberSetting(name: string, fallback: number, min: number, max: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min || value > max)
    throw new Error(`${name} must be a number from ${min} to ${max}.`);
  return value;
}

/** The stores: the embedded lowdb files; PostgreSQL with one instance; three instances over one database behind a round-robin splitter. */
export type Backend = 'lowdb' | 'pg' | 'pg3';
export const BACKENDS: readonly Backend[] = ['lowdb', 'pg', 'pg3'];
export const BACKEND_NAME: Record<Backend, string> = {
  lowdb: 'lowdb',
  pg: 'PostgreSQL',
  pg3: 'PostgreSQL ×3',
};
export const INSTANCES: Record<Backend, number> = { lowdb: 1, pg: 1, pg3: 3 };
/** The data sets PostgreSQL runs by default (see README: (b) on PostgreSQL is left out by default). */
const PG_DEFAULT_DATASETS: readonly DatasetName[] = ['demo', 'a'];

function listSetting<T extends string>(name: string, fallback: string, allowed: readonly T[]): T[] {
  const raw = process.env[name];
  const names = (raw === undefined || raw.trim() === '' ? fallback : raw)
    .split(',')
    .map((d) => d.trim())
    .filter(Boolean);
  const unknown = names.filter((n) => !(allowed as readonly string[]).includes(n));
  if (unknown.length > 0)
    throw new Error(`${name}: ${unknown.join(', ')} unknown; it takes ${allowed.join(', ')}.`);
  return allowed.filter((a) => names.includes(a));
}

const lowdbDatasets = listSetting('BENCH_DATASETS', DATASETS.join(','), DATASETS);
const repeat = Math.round(numberSetting('BENCH_REPEAT', 3, 1, 20));

export const settings = {
  seconds: numberSetting('BENCH_SECONDS', 5, 1, 600),
  warmupSeconds: numberSetting('BENCH_WARMUP_SECONDS', 2, 0, 60),
  probeSeconds: numberSetting('BENCH_PROBE_SECONDS', 1.5, 0, 60),
  repeat,
  /** The PostgreSQL stores run in the first this many repetitions (not in the profiled last one unless all run). */
  pgRepeat: Math.min(
    repeat,
    Math.round(numberSetting('BENCH_PG_REPEAT', Math.min(2, repeat), 1, 20)),
  ),
  connections: Math.round(numberSetting('BENCH_CONNECTIONS', 10, 1, 11)),
  datasets: lowdbDatasets,
  backends: listSetting('BENCH_BACKENDS', BACKENDS.join(','), BACKENDS),
  pgDatasets: listSetting(
    'BENCH_PG_DATASETS',
    lowdbDatasets.filter((d) => PG_DEFAULT_DATASETS.includes(d)).join(','),
    DATASETS,
  ),
  idleSeconds: numberSetting('BENCH_IDLE_SECONDS', 2, 0, 60),
  pgDurable: process.env.BENCH_PG_DURABLE === '1',
  splitterIn: process.env.BENCH_SPLITTER === 'process' ? ('process' as const) : ('bench' as const),
  /** The one-connection probe on the PostgreSQL stores too (off by default, to keep the bench near a quarter of an hour). */
  pgProbe: process.env.BENCH_PG_PROBE === '1',
  profile: process.env.BENCH_PROFILE !== '0',
  profileMax: Math.round(numberSetting('BENCH_PROFILE_MAX', 10, 0, 30)),
  keep: process.env.BENCH_KEEP === '1',
};

export const ROOT = resolve(__dirname, '..', '..', '..');
export const REPORT = join(ROOT, 'scripts', 'bench', 'last-run.md');

export const log = (line: string) =>
  console.error(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}`);

export class BenchFailure extends Error {
  override name = 'BenchFailure';
}
