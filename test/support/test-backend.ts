import { createHash, randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client, Pool } from 'pg';
import type { OrganisationData, TenantId } from '../../services/model';
import { storeLayout } from '../../services/store/lowdb-store';
import { openStores, type OpenedStores } from '../../services/store/open-stores';

/**
 * Which store the suite runs on: BENEFITS_TEST_BACKEND=lowdb (the default: files in a temp
 * folder) or postgres (a fresh schema per store in the database that test/support/global-setup.ts
 * made on a throwaway server for this run). Tests name a store by its data file either way; on
 * PostgreSQL the data file names the schema (see databaseUrlFor), so a test that restarts the bot
 * "on the same data file" gets the same database.
 *
 * `npm run test:postgres` (package.json) runs the whole suite this way but for what is about the
 * lowdb files themselves (test/smoke, lowdb-store.test.ts, and test/reliability's
 * damaged-data-file and write-refused: damaged files, read-only folders, a full disk) and what is
 * PostgreSQL's own and runs on its own server in the default pass already (test/store-pg,
 * test/multi-instance). Single tests about the files are testOnLowdb, their PostgreSQL
 * counterparts testOnPostgres.
 */
export type TestBackend = 'lowdb' | 'postgres';

export const TEST_BACKEND: TestBackend = (() => {
  const value = process.env.BENEFITS_TEST_BACKEND ?? 'lowdb';
  if (value !== 'lowdb' && value !== 'postgres')
    throw new Error(`BENEFITS_TEST_BACKEND must be lowdb or postgres, not "${value}".`);
  return value;
})();

/** KEYS_SECRET of the bots started on PostgreSQL (required there): TEST_CIPHER's. */
export const TEST_KEYS_SECRET = '0f'.repeat(32);

/** A test that is about the lowdb files themselves (damaging them, their layout): skipped on PostgreSQL. */
export const testOnLowdb: jest.It = TEST_BACKEND === 'lowdb' ? test : test.skip;

/** A test of what only PostgreSQL does (often the counterpart of a testOnLowdb): skipped on lowdb. */
export const testOnPostgres: jest.It = TEST_BACKEND === 'postgres' ? test : test.skip;

/** Where global-setup.ts leaves the run's database URL. */
const PG_DATABASE_ENV = 'BENEFITS_TEST_PG_DATABASE';

const urls = new Map<string, Promise<string>>();

/** On PostgreSQL, the database (a schema of its own) of the store named by this data file; undefined on lowdb. */
export async function databaseUrlFor(dataFile: string): Promise<string | undefined> {
  if (TEST_BACKEND === 'lowdb') return undefined;
  let url = urls.get(dataFile);
  if (!url) {
    const database = process.env[PG_DATABASE_ENV];
    if (!database)
      throw new Error(
        `BENEFITS_TEST_BACKEND=postgres, but ${PG_DATABASE_ENV} is not set: run the suite with jest (its globalSetup, test/support/global-setup.ts, starts the server).`,
      );
    url = createSchemaIn(database);
    urls.set(dataFile, url);
  }
  return url;
}

/** A fresh, empty schema in the run's database and a URL whose connections use only it: pg-server.ts's createSchema, without importing that file (it looks for PostgreSQL's binaries on import). */
async function createSchemaIn(database: string): Promise<string> {
  const name = `store_${randomBytes(6).toString('hex')}`;
  const client = new Client({ connectionString: database });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${name}`);
  } finally {
    await client.end();
  }
  const url = new URL(database);
  url.searchParams.set('options', `-c search_path=${name}`);
  return url.toString();
}

/** The settings that point a bot (loadConfig, startApp) at the store named by this data file on this run's backend. */
export async function storeSettings(
  dataFile: string,
): Promise<{ DATA_FILE: string; DATABASE_URL?: string; KEYS_SECRET?: string }> {
  const url = await databaseUrlFor(dataFile);
  return url
    ? { DATA_FILE: dataFile, DATABASE_URL: url, KEYS_SECRET: TEST_KEYS_SECRET }
    : { DATA_FILE: dataFile };
}

/** The stores named by this data file, on this run's backend, through the factory the bot uses. */
export async function openTestStores(
  dataFile: string,
  seed: () => OrganisationData[],
): Promise<OpenedStores> {
  return openStores({ dataFile, databaseUrl: await databaseUrlFor(dataFile), seed });
}

/** The same stores opened again, as a restarted bot opens them (after the first were closed, on lowdb). */
export function reopenStores(
  stores: { dataFile: string },
  seed: () => OrganisationData[] = () => [],
): Promise<OpenedStores> {
  return openTestStores(stores.dataFile, seed);
}

/**
 * The organisation as stored durably, what a restarted bot starts from: on lowdb its file on disk,
 * on PostgreSQL its rows read by a new connection with nothing cached.
 */
export async function storedOrganisation(
  dataFile: string,
  tenantId: TenantId,
): Promise<OrganisationData> {
  if (TEST_BACKEND === 'lowdb') {
    return JSON.parse(
      await readFile(join(storeLayout(dataFile).organisationsDir, `${tenantId}.json`), 'utf8'),
    ) as OrganisationData;
  }
  const fresh = await openTestStores(dataFile, () => []);
  try {
    let copy: OrganisationData | undefined;
    // A unit of work that changes nothing writes nothing: it only reads, under the organisation's lock.
    await fresh.benefits.unitOfWork(tenantId, (data) => {
      copy = structuredClone(data);
    });
    if (!copy) throw new Error(`organisation ${tenantId} is not stored`);
    return copy;
  } finally {
    await fresh.close();
  }
}

/** What one file (lowdb) or one table (PostgreSQL) holds, as text. */
export interface StoredText {
  where: string;
  text: string;
}

/** Each table of the PostgreSQL schema as one text, rows in a fixed order (claims without their time: a marker is there or not). */
const TABLE_QUERIES = {
  organisations: `SELECT 'organisations' AS "where", coalesce(string_agg(concat_ws(' ', tenant_id, version, organisation, notifications, audit_rewritten_in, processed_rewritten_in), E'\\n' ORDER BY tenant_id), '') AS text FROM organisations`,
  org_rows: `SELECT 'org_rows' AS "where", coalesce(string_agg(concat_ws(' ', tenant_id, kind, id, position, doc), E'\\n' ORDER BY tenant_id, kind, position), '') AS text FROM org_rows`,
  audit: `SELECT 'audit' AS "where", coalesce(string_agg(concat_ws(' ', tenant_id, seq, id, doc), E'\\n' ORDER BY tenant_id, seq), '') AS text FROM audit`,
  processed_requests: `SELECT 'processed_requests' AS "where", coalesce(string_agg(concat_ws(' ', tenant_id, id, position, doc), E'\\n' ORDER BY tenant_id, position), '') AS text FROM processed_requests`,
  outbox: `SELECT 'outbox' AS "where", coalesce(string_agg(concat_ws(' ', tenant_id, id, position, status, next_attempt_at, doc), E'\\n' ORDER BY tenant_id, position), '') AS text FROM outbox`,
  state: `SELECT 'state' AS "where", coalesce(string_agg(concat_ws(' ', key, etag, doc), E'\\n' ORDER BY key), '') AS text FROM state`,
  claims: `SELECT 'claims' AS "where", coalesce(string_agg(key, E'\\n' ORDER BY key), '') AS text FROM claims`,
} as const;

type Table = keyof typeof TABLE_QUERIES;

/**
 * The two parts of a store. 'data', the system of record: the index of organisations and each
 * organisation whole (its users, benefits, assignments, requests, asks, audit log, processed
 * requests, outbox and notification settings). 'state': botbuilder's conversation and user state
 * and the one-time markers (claimOnce).
 */
export type StoredPart = 'data' | 'state';

const PART_TABLES: Record<StoredPart, readonly Table[]> = {
  data: ['organisations', 'org_rows', 'audit', 'processed_requests', 'outbox'],
  state: ['state', 'claims'],
};

/**
 * Connections of the test's own, one small pool per schema, for the reads below (a fuzz reads
 * hundreds of digests: a connection each would cost more than the turns they check). Nothing is
 * cached but the connection, which shares no transaction with the bot's; an idle pool lets the
 * process exit.
 */
const readers = new Map<string, Pool>();

function readerOf(url: string): Pool {
  let pool = readers.get(url);
  if (!pool) {
    pool = new Pool({
      connectionString: url,
      max: 1,
      idleTimeoutMillis: 1_000,
      allowExitOnIdle: true,
    });
    // A connection that dies while idle (the server stopped at the end of the run) is not the test's failure.
    pool.on('error', () => undefined);
    readers.set(url, pool);
  }
  return pool;
}

/** The texts of these tables, read in one statement (one snapshot). */
async function tableTexts(url: string, tables: readonly Table[]): Promise<StoredText[]> {
  const { rows } = await readerOf(url).query<StoredText>(
    tables.map((t) => TABLE_QUERIES[t]).join('\nUNION ALL '),
  );
  return rows.sort((a, b) => tables.indexOf(a.where as Table) - tables.indexOf(b.where as Table));
}

/** Every file under `dir`, sorted by path; a missing folder has none. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
  const files: string[] = [];
  for (const entry of entries) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) files.push(...(await filesUnder(path)));
    else if (entry.isFile()) files.push(path);
  }
  return files.sort();
}

/**
 * A digest of what the store holds at rest, of these parts (by default both): what a test that
 * says "nothing changed" compares before and after. On lowdb: for 'data' the index (DATA_FILE) and
 * every organisation's file, for 'state' every state bucket's file (never the lock, the key file or
 * lowdb's temporary files). On PostgreSQL: the rows of the store's tables, every column, read in
 * one snapshot; for 'data' organisations (with their version, which every stored unit of work
 * bumps), org_rows, audit, processed_requests and outbox, for 'state' state and claims.
 */
export async function storedDigest(
  dataFile: string,
  parts: readonly StoredPart[] = ['data', 'state'],
): Promise<string> {
  const hash = createHash('sha256');
  const url = await databaseUrlFor(dataFile);
  if (url) {
    for (const { where, text } of await tableTexts(
      url,
      parts.flatMap((p) => PART_TABLES[p]),
    ))
      hash.update(where).update('\0').update(text).update('\0');
    return hash.digest('hex');
  }
  const layout = storeLayout(dataFile);
  const files: string[] = [];
  if (parts.includes('data'))
    files.push(
      layout.index,
      ...(await filesUnder(layout.organisationsDir)).filter((f) => f.endsWith('.json')),
    );
  if (parts.includes('state'))
    files.push(...(await filesUnder(layout.stateDir)).filter((f) => f.endsWith('.json')));
  for (const file of files)
    hash
      .update(file)
      .update('\0')
      .update(await readFile(file).catch(() => Buffer.from('(missing)')))
      .update('\0');
  return hash.digest('hex');
}

/**
 * Everything the store holds at rest, as text: on lowdb every file under the test's folder (but
 * the lock file), on PostgreSQL every table. Where a secret must never be found, and what
 * "nothing changed" is compared against.
 */
export async function storedTexts(stores: {
  dataFile: string;
  dir: string;
}): Promise<StoredText[]> {
  const url = await databaseUrlFor(stores.dataFile);
  if (!url) {
    const found: StoredText[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) =>
        a.name.localeCompare(b.name),
      )) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (!entry.name.endsWith('.lock'))
          found.push({ where: path, text: await readFile(path, 'utf8') });
      }
    };
    await walk(stores.dir);
    return found;
  }
  return tableTexts(url, Object.keys(TABLE_QUERIES) as Table[]);
}
