import type { PoolClient } from 'pg';
import { StoreError } from '../errors';

/** A PostgreSQL store that cannot be used as it is; the message says why and what to do. */
export class PgStoreError extends StoreError {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'PgStoreError';
  }
}

/** One step of the schema. Versions only grow; a released step is never edited, only followed by a new one. */
export interface Migration {
  version: number;
  description: string;
  sql: string;
}

/**
 * Every JSON document is stored as `text` (JSON.stringify's output), not `jsonb`, for three reasons
 * found while building this: jsonb rejects strings holding U+0000 (22P05) and lone surrogates, both
 * of which people's text can carry and JSON.stringify writes as plain ASCII escapes; and jsonb
 * reorders object keys, while the domain compares stored values by their JSON text
 * (notifications/outbox.ts `sameNotification`). Text keeps every document exactly as written, like
 * the lowdb files. Ad hoc SQL can still read fields with `doc::jsonb ->> 'name'` (rows holding a
 * U+0000 fail that cast: filter them with `doc NOT LIKE '%\\u0000%'`).
 */
export const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    description:
      'organisations, their collections as rows, audit, processed requests, outbox, state and claims',
    sql: `
      CREATE TABLE organisations (
        tenant_id text PRIMARY KEY,
        -- Bumped by every stored unit of work: readers cache an organisation by (tenant_id, version).
        version bigint NOT NULL,
        organisation text NOT NULL,
        notifications text NOT NULL,
        -- The last version that edited, removed or inserted (not at the end) an audit entry or a
        -- processed request: until then, a reader that has an older version loads only the new tail.
        audit_rewritten_in bigint NOT NULL DEFAULT 0,
        processed_rewritten_in bigint NOT NULL DEFAULT 0
      );
      -- users, benefits, assignments, requests, asks: one row per element; position keeps the array order.
      CREATE TABLE org_rows (
        tenant_id text NOT NULL REFERENCES organisations ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('users', 'benefits', 'assignments', 'requests', 'asks')),
        id text NOT NULL,
        position double precision NOT NULL,
        doc text NOT NULL,
        PRIMARY KEY (tenant_id, kind, id)
      );
      -- Appended in order (seq); entries are never removed, only edited in place when a user id changes.
      CREATE TABLE audit (
        tenant_id text NOT NULL REFERENCES organisations ON DELETE CASCADE,
        seq bigserial NOT NULL,
        id text NOT NULL,
        doc text NOT NULL,
        PRIMARY KEY (tenant_id, seq)
      );
      -- The unique key makes a Confirm idempotent across instances even if a writer skipped the row lock.
      CREATE TABLE processed_requests (
        tenant_id text NOT NULL REFERENCES organisations ON DELETE CASCADE,
        id text NOT NULL,
        position double precision NOT NULL,
        doc text NOT NULL,
        PRIMARY KEY (tenant_id, id)
      );
      CREATE TABLE outbox (
        tenant_id text NOT NULL REFERENCES organisations ON DELETE CASCADE,
        id text NOT NULL,
        position double precision NOT NULL,
        status text NOT NULL,
        next_attempt_at timestamptz NOT NULL,
        doc text NOT NULL,
        PRIMARY KEY (tenant_id, id)
      );
      -- What a sender across all organisations asks for: pending items that are due.
      CREATE INDEX outbox_due ON outbox (status, next_attempt_at);
      CREATE TABLE state (
        key text PRIMARY KEY,
        doc text NOT NULL,
        etag text NOT NULL
      );
      CREATE TABLE claims (
        key text PRIMARY KEY,
        claimed_at timestamptz NOT NULL DEFAULT now()
      );
    `,
  },
];

/** The newest schema this code knows. */
export const LATEST_SCHEMA_VERSION = MIGRATIONS.reduce((max, m) => Math.max(max, m.version), 0);

/**
 * Taken for the length of the migrating transaction, so instances starting together migrate one
 * after the other (the second finds the work done). A fixed number in pg_advisory_xact_lock's
 * bigint space; it must not change between releases.
 */
export const MIGRATION_LOCK_KEY = '7140521187351202611';

export interface MigrationOutcome {
  /** The database's version before this call; 0 for an empty database. */
  from: number;
  to: number;
}

/**
 * Brings the schema up to LATEST_SCHEMA_VERSION in one transaction holding the migration lock,
 * then runs `andThen` (inside the same transaction and lock, e.g. to seed a new database).
 * Refuses a database migrated by newer code: it could misread what it does not know.
 */
export async function migrate(
  client: PoolClient,
  andThen?: (outcome: MigrationOutcome) => Promise<void>,
  migrations: readonly Migration[] = MIGRATIONS,
): Promise<MigrationOutcome> {
  checkOrder(migrations);
  const latest = migrations.at(-1)?.version ?? 0;
  await client.query('BEGIN');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1::bigint)', [MIGRATION_LOCK_KEY]);
    // Created under the lock: two concurrent CREATE TABLE IF NOT EXISTS can otherwise collide.
    await client.query(`CREATE TABLE IF NOT EXISTS schema_migrations (
      version integer PRIMARY KEY,
      description text NOT NULL,
      applied_at timestamptz NOT NULL DEFAULT now()
    )`);
    const { rows } = await client.query<{ version: number | null }>(
      'SELECT max(version) AS version FROM schema_migrations',
    );
    const from = rows[0]?.version ?? 0;
    if (from > latest) {
      throw new PgStoreError(
        `The database schema is at version ${from}, but this version of the bot knows versions up to ${latest}: it was migrated by a newer bot. Upgrade the bot, or point it at another database; nothing was changed.`,
      );
    }
    for (const step of migrations.filter((m) => m.version > from)) {
      await client.query(step.sql);
      await client.query('INSERT INTO schema_migrations (version, description) VALUES ($1, $2)', [
        step.version,
        step.description,
      ]);
    }
    const outcome = { from, to: Math.max(from, latest) };
    if (andThen) await andThen(outcome);
    await client.query('COMMIT');
    return outcome;
  } catch (err) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw err;
  }
}

function checkOrder(migrations: readonly Migration[]): void {
  migrations.forEach((m, i) => {
    const before = migrations[i - 1];
    if (!Number.isInteger(m.version) || m.version < 1 || (before && m.version <= before.version)) {
      throw new Error(
        `Migration versions must be positive integers in increasing order; ${m.version} follows ${before?.version ?? 'nothing'}.`,
      );
    }
  });
}
