import { existsSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { isDeepStrictEqual } from 'node:util';
import { Client } from 'pg';
import type { OrganisationData, TenantId } from '../model';
import { readLowdbContents } from './lowdb-store';
import { databaseError, describeDatabaseUrl, newPool } from './open-stores';
import { LATEST_SCHEMA_VERSION } from './pg/migrations';
import { importIntoPg, openPgStores, PgStoreError, type PgImported } from './pg/pg-store';

/** An organisation's collections, as counted in a migration report. */
export const COLLECTIONS = [
  'users',
  'benefits',
  'assignments',
  'audit',
  'requests',
  'asks',
  'outbox',
  'processedRequests',
] as const;
export type Collection = (typeof COLLECTIONS)[number];

const NOUNS: Record<Collection, [string, string]> = {
  users: ['user', 'users'],
  benefits: ['benefit', 'benefits'],
  assignments: ['assignment', 'assignments'],
  audit: ['audit entry', 'audit entries'],
  requests: ['service request', 'service requests'],
  asks: ['ask', 'asks'],
  outbox: ['outbox item', 'outbox items'],
  processedRequests: ['processed request', 'processed requests'],
};

/** claimOnce's markers in the lowdb state (see LowdbKeyValueStore.claimOnce); PostgreSQL keeps them in a table of their own. */
const CLAIM_PREFIX = 'once:';

export interface OrganisationCount {
  tenantId: TenantId;
  name: string;
  counts: Record<Collection, number>;
}

export interface MigrationReport {
  dryRun: boolean;
  /** The data file, and the database described without its password. */
  source: string;
  target: string;
  organisations: OrganisationCount[];
  /** Conversation and user state documents. */
  stateDocuments: number;
  /** One-time markers (welcome messages already sent). */
  claims: number;
  /** Licence and product keys, copied encrypted as stored. */
  sealedKeys: number;
  /** Lines about KEYS_SECRET that the person migrating must act on. */
  notes: string[];
}

export interface MigrateOptions {
  /** The lowdb index file (DATA_FILE), absolute. */
  dataFile: string;
  databaseUrl: string;
  /** Report what would be copied; write nothing anywhere. */
  dryRun: boolean;
  /** KEYS_SECRET as set for the migration, to compare with a local key file (never printed). */
  keysSecret?: string | undefined;
}

/**
 * Copies everything a lowdb data folder holds into a PostgreSQL database: every organisation with
 * all its collections (keys still encrypted, byte for byte as stored: nothing is decrypted), the
 * bot's conversation and user state, and the one-time markers. One transaction: before it
 * commits, everything is read back and compared with the source, count by count and document by
 * document, and anything that differs writes nothing. Refuses a database that holds any of the
 * organisations or state documents already. The data files are only read.
 */
export async function migrateLowdbToPostgres({
  dataFile,
  databaseUrl,
  dryRun,
  keysSecret,
}: MigrateOptions): Promise<MigrationReport> {
  const contents = await readLowdbContents(dataFile);
  const state = contents.state.filter(([key]) => !key.startsWith(CLAIM_PREFIX));
  const claims = contents.state
    .filter(([key]) => key.startsWith(CLAIM_PREFIX))
    .map(([key, item]) => ({
      key: key.slice(CLAIM_PREFIX.length),
      at:
        typeof item.doc.at === 'string' && !Number.isNaN(Date.parse(item.doc.at))
          ? item.doc.at
          : null,
    }));
  const report: MigrationReport = {
    dryRun,
    source: dataFile,
    target: describeDatabaseUrl(databaseUrl),
    organisations: contents.organisations.map((data) => ({
      tenantId: data.organisation.tenantId,
      name: data.organisation.name,
      counts: countsOf(data),
    })),
    stateDocuments: state.length,
    claims: claims.length,
    sealedKeys: contents.organisations.reduce((n, data) => n + sealedKeysOf(data), 0),
    notes: await keyNotes(dataFile, keysSecret),
  };
  const tenantIds = contents.organisations.map((data) => data.organisation.tenantId);
  if (dryRun) {
    await checkTarget(
      databaseUrl,
      tenantIds,
      state.map(([key]) => key),
    );
    return report;
  }
  const pool = newPool(databaseUrl);
  try {
    const stores = await openPgStores({ connectionString: databaseUrl, seed: () => [], pool });
    try {
      await importIntoPg(pool, { organisations: contents.organisations, state, claims }, (stored) =>
        verify(
          contents.organisations,
          state,
          claims.map((c) => c.key),
          stored,
        ),
      );
    } finally {
      await stores.close();
    }
  } catch (err) {
    throw databaseError(err, databaseUrl);
  } finally {
    await pool.end().catch(() => undefined);
  }
  return report;
}

function countsOf(data: OrganisationData): Record<Collection, number> {
  return Object.fromEntries(COLLECTIONS.map((c) => [c, data[c].length])) as Record<
    Collection,
    number
  >;
}

function sealedKeysOf(data: OrganisationData): number {
  return data.benefits.reduce((n, b) => n + ('keys' in b ? b.keys.length : 0), 0);
}

/** What the database holds, read back before the commit, against what was read from the files. */
function verify(
  organisations: readonly OrganisationData[],
  state: readonly (readonly [string, { doc: Record<string, unknown>; eTag: string }])[],
  claims: readonly string[],
  stored: PgImported,
): void {
  const problems: string[] = [];
  for (const source of organisations) {
    const tenantId = source.organisation.tenantId;
    const copy = stored.organisations.find((o) => o.organisation.tenantId === tenantId);
    if (!copy) {
      problems.push(`organisation ${tenantId} is missing`);
      continue;
    }
    for (const c of COLLECTIONS)
      if (copy[c].length !== source[c].length)
        problems.push(
          `${tenantId}: ${source[c].length} ${NOUNS[c][1]} read, ${copy[c].length} stored`,
        );
    for (const part of ['organisation', 'notifications', ...COLLECTIONS] as const) {
      if (!isDeepStrictEqual(copy[part], source[part]))
        problems.push(`${tenantId}: ${part} differs from the data file`);
    }
  }
  if (stored.state.size !== state.length)
    problems.push(`${state.length} state documents read, ${stored.state.size} stored`);
  for (const [key, item] of state)
    if (!isDeepStrictEqual(stored.state.get(key), item))
      problems.push(`a state document differs from the data file`);
  for (const key of claims)
    if (!stored.claims.has(key)) problems.push(`a one-time marker is missing`);
  if (problems.length > 0)
    throw new PgStoreError(
      `The copy did not match the data file, so nothing was written: ${[...new Set(problems)].slice(0, 5).join('; ')}.`,
    );
}

/** The dry run's checks, by reading only: a newer schema, organisations or state documents already there. */
async function checkTarget(
  databaseUrl: string,
  tenantIds: readonly string[],
  keys: readonly string[],
): Promise<void> {
  const client = new Client({
    connectionString: databaseUrl,
    connectionTimeoutMillis: 15_000,
    application_name: 'partner-benefits-bot',
  });
  try {
    await client.connect();
    const { rows } = await client.query<{
      migrations: string | null;
      organisations: string | null;
      state: string | null;
    }>(
      "SELECT to_regclass('schema_migrations')::text AS migrations, to_regclass('organisations')::text AS organisations, to_regclass('state')::text AS state",
    );
    const tables = rows[0];
    if (tables?.migrations) {
      const version =
        (
          await client.query<{ version: number | null }>(
            'SELECT max(version) AS version FROM schema_migrations',
          )
        ).rows[0]?.version ?? 0;
      if (version > LATEST_SCHEMA_VERSION)
        throw new PgStoreError(
          `The database schema is at version ${version}, but this version of the bot knows versions up to ${LATEST_SCHEMA_VERSION}: upgrade the bot first; nothing would be written.`,
        );
    }
    if (tables?.organisations) {
      const held = (
        await client.query<{ tenant_id: string }>(
          'SELECT tenant_id FROM organisations WHERE tenant_id = ANY($1::text[]) ORDER BY tenant_id',
          [tenantIds],
        )
      ).rows.map((r) => r.tenant_id);
      if (held.length > 0)
        throw new PgStoreError(
          `The database already holds ${held.length === 1 ? `organisation ${held.join('')}` : `${held.length} of these organisations: ${held.join(', ')}`}; nothing would be written.`,
        );
    }
    if (tables?.state) {
      const taken = Number(
        (
          await client.query<{ count: string }>(
            'SELECT count(*)::text AS count FROM state WHERE key = ANY($1::text[])',
            [keys],
          )
        ).rows[0]?.count ?? '0',
      );
      if (taken > 0)
        throw new PgStoreError(
          `The database already holds ${taken} of the ${keys.length} bot state documents to be copied; nothing would be written.`,
        );
    }
  } catch (err) {
    throw databaseError(err, databaseUrl);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** 32 bytes from a secret written as hex or base64 (KEYS_SECRET, a key file), to compare two secrets without printing either. */
function secretBytes(text: string): Buffer | undefined {
  const trimmed = text.trim();
  if (/^[0-9a-fA-F]{64}$/.test(trimmed)) return Buffer.from(trimmed, 'hex');
  if (/^[A-Za-z0-9+/]{43}=?$/.test(trimmed)) return Buffer.from(trimmed, 'base64');
  return undefined;
}

/** Keys travel sealed: the instances on PostgreSQL need the secret they were sealed with. */
async function keyNotes(dataFile: string, keysSecret: string | undefined): Promise<string[]> {
  const keyFile = `${dataFile}.key`;
  if (!existsSync(keyFile)) return [];
  const fileSecret = secretBytes(await readFile(keyFile, 'utf8').catch(() => ''));
  const given = keysSecret ? secretBytes(keysSecret) : undefined;
  if (!keysSecret) {
    return [
      `The bot ran with the key file ${keyFile}: set KEYS_SECRET to its contents on every instance, or the keys copied cannot be opened.`,
    ];
  }
  if (fileSecret && given && !fileSecret.equals(given)) {
    return [
      `KEYS_SECRET is not the secret in the key file ${keyFile}: if the bot ran in local mode without KEYS_SECRET, its keys were sealed with the key file, and every instance needs KEYS_SECRET set to the key file's contents.`,
    ];
  }
  return [];
}

/** The report as the CLI prints it. */
export function formatMigrationReport(report: MigrationReport): string {
  const plural = (n: number, [one, many]: [string, string]) => `${n} ${n === 1 ? one : many}`;
  const lines = [
    report.dryRun
      ? `Dry run: nothing was written. This would be copied from ${report.source} to the ${report.target}, which holds none of it yet:`
      : `Copied from ${report.source} to the ${report.target}, and checked (every count and every document read back as the data file holds it):`,
  ];
  if (report.organisations.length === 0) lines.push('  no organisations');
  for (const org of report.organisations) {
    lines.push(
      `  ${org.name} (tenant ${org.tenantId}): ${COLLECTIONS.map((c) => plural(org.counts[c], NOUNS[c])).join(', ')}, notification settings`,
    );
  }
  lines.push(
    `  bot state: ${plural(report.stateDocuments, ['conversation or user state document', 'conversation and user state documents'])}, ${plural(report.claims, ['one-time marker', 'one-time markers'])}`,
  );
  if (report.sealedKeys > 0)
    lines.push(
      `${plural(report.sealedKeys, ['key', 'keys'])} ${report.dryRun ? 'would be' : 'were'} copied encrypted, as stored; none was decrypted.`,
    );
  lines.push(...report.notes);
  if (!report.dryRun)
    lines.push(
      `The data file was only read. Start every bot instance with DATABASE_URL naming this database and the same KEYS_SECRET; keep the data folder as a backup.`,
    );
  return lines.join('\n');
}
