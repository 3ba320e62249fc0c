import { execFile, execFileSync, spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, rmSync } from 'node:fs';
import { chown, mkdtemp, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { command, findBinaries, initdbArguments } from '../../scripts/bench/pg-server';

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

const found = findBinaries();

/** Why PostgreSQL tests cannot run here, or null when they can. */
export const postgresUnavailable: string | null = typeof found === 'string' ? found : null;

if (postgresUnavailable) {
  if (process.env.REQUIRE_POSTGRES === '1')
    throw new Error(`REQUIRE_POSTGRES=1 but PostgreSQL cannot be started: ${postgresUnavailable}.`);
  console.warn(`Skipping the PostgreSQL store tests: ${postgresUnavailable}.`);
}

/** `describe` when a PostgreSQL server can be started here, `describe.skip` otherwise (undefined outside a test file: jest's globalSetup loads this file too). */
export const describeWithPostgres = (
  typeof describe === 'undefined' ? undefined : postgresUnavailable ? describe.skip : describe
) as jest.Describe;

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
    await run(...command(binaries, 'initdb', initdbArguments(data)));
    const options = `-k ${dir} -c listen_addresses='' -c fsync=off -c full_page_writes=off -c synchronous_commit=off -c max_connections=300`;
    await run(...pgCtl('-l', log, '-w', '-o', options, 'start'));
  } catch (err) {
    const logText = await readFile(log, 'utf8').catch(() => '');
    await rm(dir, { recursive: true, force: true });
    throw new Error(
      `The test PostgreSQL server did not start: ${(err as Error).message}\n${logText}`,
      { cause: err },
    );
  }
  // A test run that dies without stop() must not leave a server behind.
  process.once('exit', stopNow);
  const url = (database: string) =>
    `postgresql://postgres@localhost/${database}?host=${encodeURIComponent(dir)}`;
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
