import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';

/**
 * Throwaway PostgreSQL servers for tests: initdb into a temp folder, a server listening on a Unix
 * socket in that folder only (no TCP port, so parallel jest workers never collide), durability
 * off. About 0.5 s to start. As root, initdb and pg_ctl run as the `postgres` user (initdb
 * refuses root); as anyone else, as that user.
 *
 * Where PostgreSQL is missing the suites are skipped with a message, unless REQUIRE_POSTGRES=1
 * (CI sets it), which turns a missing server into a failure.
 */

const run = promisify(execFile);

interface Binaries {
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

/** PG_BIN if set (only it), else Debian's /usr/lib/postgresql/<newest>/bin, then PATH. */
function findBinaries(): Binaries | string {
  const candidates: string[] = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  else {
    if (existsSync('/usr/lib/postgresql')) {
      const versions = readdirSync('/usr/lib/postgresql').filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a));
      candidates.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`));
    }
    const pathDir = onPath('initdb');
    if (pathDir) candidates.push(pathDir);
  }
  const bin = candidates.find((dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')));
  if (!bin) {
    const where = process.env.PG_BIN ? `PG_BIN=${process.env.PG_BIN}` : '/usr/lib/postgresql/*/bin and PATH';
    return `initdb and pg_ctl were not found (looked in ${where}); install PostgreSQL, e.g. apt-get install -y postgresql`;
  }
  if (process.getuid?.() !== 0) return { bin, runAs: null };
  if (spawnSync('id', ['-u', 'postgres']).status !== 0) return 'running as root, but there is no postgres user to run initdb as (initdb refuses root)';
  if (spawnSync('runuser', ['--help']).error) return 'running as root, but runuser is missing';
  return { bin, runAs: 'postgres' };
}

const found = findBinaries();

/** Why PostgreSQL tests cannot run here, or null when they can. */
export const postgresUnavailable: string | null = typeof found === 'string' ? found : null;

if (postgresUnavailable) {
  if (process.env.REQUIRE_POSTGRES === '1') throw new Error(`REQUIRE_POSTGRES=1 but PostgreSQL cannot be started: ${postgresUnavailable}.`);
  console.warn(`Skipping the PostgreSQL store tests: ${postgresUnavailable}.`);
}

/** `describe` when a PostgreSQL server can be started here, `describe.skip` otherwise (undefined outside a test file: jest's globalSetup loads this file too). */
export const describeWithPostgres = (typeof describe === 'undefined' ? undefined : postgresUnavailable ? describe.skip : describe) as jest.Describe;

export interface PgServer {
  /** A new empty database on this server; its connection URL. (About 0.25 s: CREATE DATABASE copies a template.) */
  createDatabase(): Promise<string>;
  stop(): Promise<void>;
}

/**
 * A fresh, empty schema in the database at `databaseUrl`, and a URL whose connections use only
 * it (search_path): a separate store in a few milliseconds, for one test. The store's SQL names
 * no schema, so it runs unchanged there.
 */
export async function createSchema(databaseUrl: string): Promise<string> {
  const name = `test_${randomBytes(6).toString('hex')}`;
  const client = new Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(databaseUrl);
  url.searchParams.set('options', `-c search_path=${name}`);
  return url.toString();
}

function command(binaries: Binaries, name: string, args: string[]): [string, string[]] {
  const path = join(binaries.bin, name);
  return binaries.runAs ? ['runuser', ['-u', binaries.runAs, '--', path, ...args]] : [path, args];
}

export async function startPgServer(): Promise<PgServer> {
  if (typeof found === 'string') throw new Error(`PostgreSQL cannot be started: ${found}.`);
  const binaries = found;
  // In memory where there is /dev/shm (initdb 0.3 s there, 1.2 s on this machine's disk); never
  // under a long $TMPDIR, as a Unix socket path must stay under ~100 bytes.
  const dir = await mkdtemp(existsSync('/dev/shm') ? '/dev/shm/pg-test-' : '/tmp/pg-test-');
  if (binaries.runAs) {
    const uid = Number(execFileSync('id', ['-u', binaries.runAs]).toString().trim());
    const gid = Number(execFileSync('id', ['-g', binaries.runAs]).toString().trim());
    await chown(dir, uid, gid);
  }
  const data = join(dir, 'data');
  const log = join(dir, 'log');
  const pgCtl = (...args: string[]) => command(binaries, 'pg_ctl', ['-D', data, ...args]);
  const stopNow = () => {
    const [cmd, args] = pgCtl('-m', 'immediate', '-w', 'stop');
    spawnSync(cmd, args, { stdio: 'ignore' });
    rmSync(dir, { recursive: true, force: true });
  };
  try {
    await run(...command(binaries, 'initdb', ['-D', data, '-U', 'postgres', '-A', 'trust', '-E', 'UTF8', '--locale=C', '--no-sync']));
    const options = `-k ${dir} -c listen_addresses='' -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=300`;
    await run(...pgCtl('-l', log, '-w', '-o', options, 'start'));
  } catch (err) {
    const logText = await readFile(log, 'utf8').catch(() => '');
    await rm(dir, { recursive: true, force: true });
    throw new Error(`The test PostgreSQL server did not start: ${(err as Error).message}\n${logText}`, { cause: err });
  }
  // A test run that dies without stop() must not leave a server behind.
  process.once('exit', stopNow);
  const url = (database: string) => `postgresql://postgres@localhost/${database}?host=${encodeURIComponent(dir)}`;
  return {
    async createDatabase() {
      const name = `test_${randomBytes(6).toString('hex')}`;
      const client = new Client({ connectionString: url('postgres') });
      await client.connect();
      try {
        await client.query(`CREATE DATABASE ${name}`);
      } finally {
        await client.end();
      }
      return url(name);
    },
    async stop() {
      process.off('exit', stopNow);
      stopNow();
    },
  };
}
