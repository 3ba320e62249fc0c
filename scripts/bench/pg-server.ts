/**
 * A throwaway PostgreSQL server for `npm run bench`, started the way the test suite starts one
 * (test/store-pg/pg-server.ts, which the build does not compile): initdb into a temporary folder
 * (in memory under /dev/shm where there is one), a server on 127.0.0.1 at a free port, stopped and
 * removed at the end: by stop(), and on the process's exit or an interrupt (stopNow is synchronous).
 * As root, initdb and pg_ctl run as the `postgres` user (initdb refuses root).
 *
 * Where PostgreSQL is missing, postgresUnavailable() says why (the bench then skips its
 * PostgreSQL backends).
 */
import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { Client, type QueryResultRow } from 'pg';
import { freePort } from './child';

const run = promisify(execFile);

export interface Binaries {
  bin: string;
  /** The user to run initdb and pg_ctl as (with runuser), or null to run them as ourselves. */
  runAs: string | null;
}

function onPath(name: string): string | undefined {
  for (const dir of (process.env.PATH ?? '').split(delimiter)) {
    if (dir && existsSync(join(dir, name))) return dir;
  }
  return undefined;
}

/** PG_BIN if set (only it), else Debian's /usr/lib/postgresql/<newest>/bin, then PATH (the bench's and the test suite's servers). */
/** A throwaway cluster: the superuser postgres, trusted on this machine, UTF-8, C locale, not synced to disk. */
export function initdbArguments(data: string): string[] {
  return ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync'];
}

export function findBinaries(): Binaries | string {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  else {
    if (existsSync('/usr/lib/postgresql')) {
      const versions = readdirSync('/usr/lib/postgresql')
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a));
      candidates.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`));
    }
    const pathDir = onPath('initdb');
    if (pathDir) candidates.push(pathDir);
  }
  const bin = candidates.find(
    (dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')),
  );
  if (!bin) {
    const where = process.env.PG_BIN
      ? `PG_BIN=${process.env.PG_BIN}`
      : '/usr/lib/postgresql/*/bin and PATH';
    return `initdb and pg_ctl were not found (looked in ${where}); install PostgreSQL, e.g. apt-get install -y postgresql`;
  }
  if (process.getuid?.() !== 0) return { bin, runAs: null };
  if (spawnSync('id', ['-u', 'postgres']).status !== 0)
    return 'running as root, but there is no postgres user to run initdb as (initdb refuses root)';
  if (spawnSync('runuser', ['--help']).error) return 'running as root, but runuser is missing';
  return { bin, runAs: 'postgres' };
}

/** Why a PostgreSQL server cannot be started here, or undefined when it can. */
export function postgresUnavailable(): string | undefined {
  const found = findBinaries();
  return typeof found === 'string' ? found : undefined;
}

export interface PgServer {
  /** postgresql://postgres@127.0.0.1:<port>/<database> */
  url(database: string): string;
  /** Runs a statement as the superuser, connected to the `postgres` database (CREATE DATABASE …); its rows. */
  admin<T extends QueryResultRow = QueryResultRow>(sql: string): Promise<T[]>;
  /** The server's version, e.g. "15.18". */
  version: string;
  /** What the server runs with, for the report. */
  settings: string;
  /** The server's log (removed with the server). */
  logFile: string;
  /** Stops the server (immediately) and removes its folder; synchronous, for exit and signal handlers too. */
  stopNow(): void;
}

/** How to run one of PostgreSQL's programs: as the postgres user (runuser) when running as root. */
export function command(binaries: Binaries, name: string, args: string[]): [string, string[]] {
  const path = join(binaries.bin, name);
  return binaries.runAs ? ['runuser', ['-u', binaries.runAs, '--', path, ...args]] : [path, args];
}

/**
 * Starts a server. `durable`: false (the default of the bench) turns fsync, full-page writes and
 * synchronous commit off, as the test suite does: commits stay atomic and isolated, but nobody
 * waits for this machine's disk (which is not what is measured); true keeps PostgreSQL's defaults.
 */
export async function startPgServer({ durable }: { durable: boolean }): Promise<PgServer> {
  const binaries = findBinaries();
  if (typeof binaries === 'string') throw new Error(`PostgreSQL cannot be started: ${binaries}.`);
  // A short path: the Unix socket (which pg_ctl also wants) must stay under ~100 bytes.
  const dir = await mkdtemp(existsSync('/dev/shm') ? '/dev/shm/bench-pg-' : '/tmp/bench-pg-');
  if (binaries.runAs) {
    const uid = Number(execFileSync('id', ['-u', binaries.runAs]).toString().trim());
    const gid = Number(execFileSync('id', ['-g', binaries.runAs]).toString().trim());
    await chown(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const log = join(dir, 'log');
  const pgCtl = (...args: string[]) => command(binaries, 'pg_ctl', ['-D', data, ...args]);
  let stopped = false;
  const stopNow = () => {
    if (stopped) return;
    stopped = true;
    process.off('exit', stopNow);
    const [cmd, args] = pgCtl('-m', 'immediate', '-w', 'stop');
    spawnSync(cmd, args, { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  };
  const port = await freePort();
  const fast = durable ? '' : ' -c fsync=off -c full_page_writes=off -c synchronous_commit=off';
  const settings = `max_connections=200${durable ? ', durability as PostgreSQL has it by default' : ', fsync=off, full_page_writes=off, synchronous_commit=off'}`;
  try {
    await run(...command(binaries, 'initdb', initdbArguments(data)));
    process.once('exit', stopNow);
    await run(
      ...pgCtl(
        '-l',
        log,
        '-w',
        '-o',
        `-p ${port} -k ${dir} -c listen_addresses=127.0.0.1 -c max_connections=200${fast}`,
        'start',
      ),
    );
  } catch (err) {
    const logText = await readFile(log, 'utf8').catch(() => '');
    stopNow();
    await rm(dir, { recursive: true, force: true });
    throw new Error(
      `The bench's PostgreSQL server did not start: ${(err as Error).message}\n${logText}`,
      { cause: err },
    );
  }
  const url = (database: string) => `postgresql://postgres@127.0.0.1:${port}/${database}`;
  const admin = async <T extends QueryResultRow = QueryResultRow>(sql: string): Promise<T[]> => {
    const client = new Client({ connectionString: url('postgres') });
    await client.connect();
    try {
      return (await client.query<T>(sql)).rows;
    } finally {
      await client.end();
    }
  };
  let version = 'unknown';
  try {
    version =
      (await admin<{ server_version: string }>('SHOW server_version'))[0]?.server_version ??
      version;
  } catch (err) {
    stopNow();
    throw err;
  }
  return { url, admin, version, settings, logFile: log, stopNow };
}
