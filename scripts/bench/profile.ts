/**
 * Where the time goes in a V8 CPU profile (`node --cpu-prof`): self time by function and file,
 * self time by file or package, and the inclusive time of the project's own functions.
 *
 *   node dist/scripts/bench/profile.js <file.cpuprofile> [top] [fromUs toUs]
 *
 * (fromUs, toUs: only the samples in that window, CLOCK_MONOTONIC µs as in the profile; the
 * bench's measurements.json, kept with BENCH_KEEP=1, has each scenario's window.)
 */
import { existsSync, readFileSync } from 'node:fs';
import { SourceMap } from 'node:module';
import { dirname, relative, resolve, sep } from 'node:path';

interface CallFrame {
  functionName: string;
  url: string;
  lineNumber: number;
  columnNumber: number;
}

interface ProfileNode {
  id: number;
  callFrame: CallFrame;
  children?: number[];
}

export interface CpuProfile {
  nodes: ProfileNode[];
  startTime: number;
  endTime: number;
  samples?: number[];
  timeDeltas?: number[];
}

export interface Row {
  name: string;
  where: string;
  ms: number;
  /** Share of the busy time (everything but idle), in per cent. */
  pct: number;
}

export interface ProfileSummary {
  totalMs: number;
  busyMs: number;
  idleMs: number;
  gcMs: number;
  /** Self time by function + url:line. */
  functions: Row[];
  /** Self time by project file, or by package under node_modules, or node: built-in. */
  modules: Row[];
  /** Inclusive time of the project's own functions (not node_modules). */
  projectInclusive: Row[];
}

const SPECIAL = new Set(['(idle)', '(program)', '(garbage collector)', '(root)']);

/** The project root: the folder that holds dist/ (this file runs from dist/scripts/bench/). */
const DIST = `${sep}dist${sep}`;
const ROOT = __dirname.includes(DIST)
  ? __dirname.slice(0, __dirname.lastIndexOf(DIST))
  : process.cwd();

function cleanUrl(url: string): string {
  const path = url.startsWith('file://') ? decodeURIComponent(url.slice('file://'.length)) : url;
  if (!path) return '';
  if (path.startsWith('node:')) return path;
  const rel = path.startsWith(ROOT) ? path.slice(ROOT.length + 1) : path;
  return rel.replace(/^dist\//, '');
}

/** The file, or for node_modules the package (scoped packages keep their scope). */
function moduleOf(url: string): string {
  const path = cleanUrl(url);
  if (!path) return '(native / V8)';
  if (path.startsWith('node:')) return 'node: built-ins';
  const nm = path.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const parts = path.slice(nm + 'node_modules/'.length).split('/');
    return `npm: ${parts[0]?.startsWith('@') ? `${parts[0]}/${parts[1] ?? ''}` : (parts[0] ?? '')}`;
  }
  return path.replace(/\.js$/, '.ts');
}

const isProject = (url: string) => {
  const path = cleanUrl(url);
  return (
    path !== '' &&
    !path.startsWith('node:') &&
    !path.includes('node_modules/') &&
    !path.startsWith('/')
  );
};

/** Source maps of the project's compiled files, so that places are named in the TypeScript sources. */
const sourceMaps = new Map<string, SourceMap | null>();

function original(url: string, line: number, column: number): string | undefined {
  const file = url.startsWith('file://') ? decodeURIComponent(url.slice('file://'.length)) : url;
  if (!file.startsWith(ROOT) || file.includes('node_modules') || !file.endsWith('.js'))
    return undefined;
  let map = sourceMaps.get(file);
  if (map === undefined) {
    try {
      map = existsSync(`${file}.map`)
        ? new SourceMap(
            JSON.parse(readFileSync(`${file}.map`, 'utf8')) as ConstructorParameters<
              typeof SourceMap
            >[0],
          )
        : null;
    } catch {
      map = null;
    }
    sourceMaps.set(file, map);
  }
  const entry = map?.findEntry(line, column);
  if (!entry || !('originalSource' in entry)) return undefined;
  const source = resolve(dirname(file), entry.originalSource);
  return `${relative(ROOT, source)}:${entry.originalLine + 1}`;
}

function label(frame: CallFrame): { name: string; where: string } {
  const name = frame.functionName || '(anonymous)';
  const path = cleanUrl(frame.url);
  if (!path) return { name, where: '' };
  return {
    name,
    where:
      original(frame.url, frame.lineNumber, frame.columnNumber) ??
      `${path}:${frame.lineNumber + 1}`,
  };
}

/** Only the samples taken within `window` (CLOCK_MONOTONIC µs, as the profile's own timestamps), when given. */
export function summarise(
  profile: CpuProfile,
  top = 15,
  window?: { fromUs: number; toUs: number },
): ProfileSummary {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const samples = profile.samples ?? [];
  const deltas = profile.timeDeltas ?? [];

  const self = new Map<number, number>();
  // Each sample's time is the delta to the next sample (V8's deltas are the time since the previous one).
  let at = profile.startTime;
  for (let i = 0; i < samples.length; i += 1) {
    at += deltas[i] ?? 0;
    const id = samples[i];
    if (id === undefined) continue;
    if (window && (at < window.fromUs || at > window.toUs)) continue;
    const us = Math.max(0, deltas[i + 1] ?? deltas[i] ?? 0);
    self.set(id, (self.get(id) ?? 0) + us);
  }

  /** A frame's name and place; native code (no url) is named by the JavaScript function that called it. */
  const labelOf = (id: number): { name: string; where: string } => {
    const frame = byId.get(id)?.callFrame;
    if (!frame) return { name: '?', where: '' };
    if (frame.url || SPECIAL.has(frame.functionName) || frame.functionName === '(idle)')
      return label(frame);
    for (let at = parent.get(id); at !== undefined; at = parent.get(at)) {
      const caller = byId.get(at)?.callFrame;
      if (caller?.url) {
        const named = label(caller);
        return { name: `${frame.functionName || '(native)'} ← ${named.name}`, where: named.where };
      }
    }
    return label(frame);
  };

  let totalUs = 0;
  let idleUs = 0;
  let gcUs = 0;
  const functions = new Map<string, { name: string; where: string; us: number }>();
  const modules = new Map<string, number>();
  for (const [id, us] of self) {
    const frame = byId.get(id)?.callFrame;
    if (!frame) continue;
    totalUs += us;
    if (frame.functionName === '(idle)') {
      idleUs += us;
      continue;
    }
    if (frame.functionName === '(garbage collector)') gcUs += us;
    const { name, where } = labelOf(id);
    const key = `${name}\u0000${where}`;
    const row = functions.get(key) ?? { name, where, us: 0 };
    row.us += us;
    functions.set(key, row);
    const module = SPECIAL.has(frame.functionName) ? frame.functionName : moduleOf(frame.url);
    modules.set(module, (modules.get(module) ?? 0) + us);
  }
  const busyUs = totalUs - idleUs;

  // Inclusive time of project functions: each sample counts once for every distinct project function on its stack.
  const inclusive = new Map<string, { name: string; where: string; us: number }>();
  const stackCache = new Map<number, string[]>();
  const projectStack = (id: number): string[] => {
    const cached = stackCache.get(id);
    if (cached) return cached;
    const keys = new Set<string>();
    for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
      const frame = byId.get(at)?.callFrame;
      if (frame && isProject(frame.url)) {
        const { name, where } = label(frame);
        keys.add(`${name}\u0000${where}`);
      }
    }
    const list = [...keys];
    stackCache.set(id, list);
    return list;
  };
  for (const [id, us] of self) {
    for (const key of projectStack(id)) {
      const [name = '', where = ''] = key.split('\u0000');
      const row = inclusive.get(key) ?? { name, where, us: 0 };
      row.us += us;
      inclusive.set(key, row);
    }
  }

  const rows = (list: { name: string; where: string; us: number }[]): Row[] =>
    list
      .sort((a, b) => b.us - a.us)
      .slice(0, top)
      .map((r) => ({
        name: r.name,
        where: r.where,
        ms: r.us / 1000,
        pct: busyUs > 0 ? (100 * r.us) / busyUs : 0,
      }));

  return {
    totalMs: totalUs / 1000,
    busyMs: busyUs / 1000,
    idleMs: idleUs / 1000,
    gcMs: gcUs / 1000,
    functions: rows([...functions.values()]),
    modules: rows([...modules.entries()].map(([name, us]) => ({ name, where: '', us }))),
    projectInclusive: rows([...inclusive.values()]),
  };
}

export function readProfile(file: string): CpuProfile {
  return JSON.parse(readFileSync(file, 'utf8')) as CpuProfile;
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));

/** The summary as Markdown tables. */
export function profileMarkdown(
  summary: ProfileSummary,
  topFunctions = 15,
  topModules = 10,
  topProject = 12,
): string {
  const lines = [
    `Busy ${fmt(summary.busyMs)} ms of ${fmt(summary.totalMs)} ms sampled (idle ${fmt(summary.idleMs)} ms; garbage collection ${fmt(summary.gcMs)} ms = ${fmt(summary.busyMs > 0 ? (100 * summary.gcMs) / summary.busyMs : 0)}% of busy).`,
  ];
  if (topFunctions > 0)
    lines.push(
      '',
      '| self ms | % busy | function | where |',
      '|---:|---:|---|---|',
      ...summary.functions
        .slice(0, topFunctions)
        .map((r) => `| ${fmt(r.ms)} | ${fmt(r.pct)} | \`${r.name}\` | ${r.where} |`),
    );
  if (topModules > 0)
    lines.push(
      '',
      '| self ms | % busy | file or package |',
      '|---:|---:|---|',
      ...summary.modules
        .slice(0, topModules)
        .map((r) => `| ${fmt(r.ms)} | ${fmt(r.pct)} | ${r.name} |`),
    );
  if (topProject > 0)
    lines.push(
      '',
      '| inclusive ms | % busy | project function | where |',
      '|---:|---:|---|---|',
      ...summary.projectInclusive
        .slice(0, topProject)
        .map((r) => `| ${fmt(r.ms)} | ${fmt(r.pct)} | \`${r.name}\` | ${r.where} |`),
    );
  return lines.join('\n');
}

if (require.main === module) {
  const [file, top, from, to] = process.argv.slice(2);
  if (!file) {
    console.error(
      'usage: node dist/scripts/bench/profile.js <file.cpuprofile> [top] [fromUs toUs]',
    );
    process.exit(2);
  }
  const n = Number(top ?? 20);
  const window = from && to ? { fromUs: Number(from), toUs: Number(to) } : undefined;
  console.log(profileMarkdown(summarise(readProfile(file), n, window), n, n, n));
}
