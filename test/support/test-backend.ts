import { randomBytes } from 'node:crypto';
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { Client } from 'pg';
import type { OrganisationData, TenantId } from '../../services/model';
import { storeLayout } from '../../services/store/lowdb-store';
import { openStores, type OpenedStores } from '../../services/store/open-stores';

/**
 * Which store the suite runs on: BENEFITS_TEST_BACKEND=lowdb (the default: files in a temp
 * folder) or postgres (a fresh schema per store in the database that test/support/global-setup.ts
 * made on a throwaway server for this run). Tests name a store by its data file either way; on
 * PostgreSQL the data file names the schema (see databaseUrlFor), so a test that restarts the bot
 * "on the same data file" gets the same database.
 */
export type TestBackend = 'lowdb' | 'postgres';

export const TEST_BACKEND: TestBackend = (() => {
  const value = process.env.BENEFITS_TEST_BACKEND ?? 'lowdb';
  if (value !== 'lowdb' && value !== 'postgres') throw new Error(`BENEFITS_TEST_BACKEND must be lowdb or postgres, not "${value}".`);
  return value;
})();

/** KEYS_SECRET of the bots started on PostgreSQL (required there): TEST_CIPHER's. */
export const TEST_KEYS_SECRET = '0f'.repeat(32);

/** A test that is about the lowdb files themselves (damaging them, their layout): skipped on PostgreSQL. */
export const testOnLowdb: jest.It = TEST_BACKEND === 'lowdb' ? test : test.skip;

/** Where global-setup.ts leaves the run's database URL. */
const PG_DATABASE_ENV = 'BENEFITS_TEST_PG_DATABASE';

const urls = new Map<string, Promise<string>>();

/** On PostgreSQL, the database (a schema of its own) of the store named by this data file; undefined on lowdb. */
export async function databaseUrlFor(dataFile: string): Promise<string | undefined> {
  if (TEST_BACKEND === 'lowdb') return undefined;
  let url = urls.get(dataFile);
  if (!url) {
    const database = process.env[PG_DATABASE_ENV];
    if (!database) throw new Error(`BENEFITS_TEST_BACKEND=postgres, but ${PG_DATABASE_ENV} is not set: run the suite with jest (its globalSetup, test/support/global-setup.ts, starts the server).`);
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
export async function storeSettings(dataFile: string): Promise<{ DATA_FILE: string; DATABASE_URL?: string; KEYS_SECRET?: string }> {
  const url = await databaseUrlFor(dataFile);
  return url ? { DATA_FILE: dataFile, DATABASE_URL: url, KEYS_SECRET: TEST_KEYS_SECRET } : { DATA_FILE: dataFile };
}

/** The stores named by this data file, on this run's backend, through the factory the bot uses. */
export async function openTestStores(dataFile: string, seed: () => OrganisationData[]): Promise<OpenedStores> {
  return openStores({ dataFile, databaseUrl: await databaseUrlFor(dataFile), seed });
}

/** The same stores opened again, as a restarted bot opens them (after the first were closed, on lowdb). */
export function reopenStores(stores: { dataFile: string }, seed: () => OrganisationData[] = () => []): Promise<OpenedStores> {
  return openTestStores(stores.dataFile, seed);
}

/**
 * The organisation as stored durably, what a restarted bot starts from: on lowdb its file on disk,
 * on PostgreSQL its rows read by a new connection with nothing cached.
 */
export async function storedOrganisation(dataFile: string, tenantId: TenantId): Promise<OrganisationData> {
  if (TEST_BACKEND === 'lowdb') {
    return JSON.parse(await readFile(join(storeLayout(dataFile).organisationsDir, `${tenantId}.json`), 'utf8')) as OrganisationData;
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

const TABLE_TEXTS = `
  SELECT 'organisations' AS "where", coalesce(string_agg(concat_ws(' ', tenant_id, version, organisation, notifications), E'\\n' ORDER BY tenant_id), '') AS text FROM organisations
  UNION ALL SELECT 'org_rows', coalesce(string_agg(concat_ws(' ', tenant_id, kind, id, position, doc), E'\\n' ORDER BY tenant_id, kind, position), '') FROM org_rows
  UNION ALL SELECT 'audit', coalesce(string_agg(concat_ws(' ', tenant_id, seq, id, doc), E'\\n' ORDER BY tenant_id, seq), '') FROM audit
  UNION ALL SELECT 'processed_requests', coalesce(string_agg(concat_ws(' ', tenant_id, id, position, doc), E'\\n' ORDER BY tenant_id, position), '') FROM processed_requests
  UNION ALL SELECT 'outbox', coalesce(string_agg(concat_ws(' ', tenant_id, id, position, status, next_attempt_at, doc), E'\\n' ORDER BY tenant_id, position), '') FROM outbox
  UNION ALL SELECT 'state', coalesce(string_agg(concat_ws(' ', key, etag, doc), E'\\n' ORDER BY key), '') FROM state
  UNION ALL SELECT 'claims', coalesce(string_agg(key, E'\\n' ORDER BY key), '') FROM claims`;

/**
 * Everything the store holds at rest, as text: on lowdb every file under the test's folder (but
 * the lock file), on PostgreSQL every table. Where a secret must never be found, and what
 * "nothing changed" is compared against.
 */
export async function storedTexts(stores: { dataFile: string; dir: string }): Promise<StoredText[]> {
  const url = await databaseUrlFor(stores.dataFile);
  if (!url) {
    const found: StoredText[] = [];
    const walk = async (dir: string): Promise<void> => {
      for (const entry of (await readdir(dir, { withFileTypes: true })).sort((a, b) => a.name.localeCompare(b.name))) {
        const path = join(dir, entry.name);
        if (entry.isDirectory()) await walk(path);
        else if (!entry.name.endsWith('.lock')) found.push({ where: path, text: await readFile(path, 'utf8') });
      }
    };
    await walk(stores.dir);
    return found;
  }
  const client = new Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query<StoredText>(TABLE_TEXTS)).rows;
  } finally {
    await client.end();
  }
}
