import { Pool } from 'pg';
import type { OrganisationData } from '../../model';
import type { Stores } from '../../ports';
import { organisationDataSchema } from '../schema';
import { PgBenefitStore } from './benefit-store';
import { withClient } from './connection';
import { migrate } from './migrations';
import { PgKeyValueStore } from './state-store';
import { insertOrganisation } from './write';

export { importIntoPg, type PgImport, type PgImported } from './import';
export { PgStoreError } from './migrations';
export { positionsFor } from './write';

/**
 * The PostgreSQL backend of the store ports, for several bot instances sharing one database.
 *
 * Documents are JSON text (see migrations.ts for why not jsonb): every string a person can type,
 * including U+0000 and lone surrogates, and the key order of every object, come back exactly.
 *
 * Each instance caches every organisation it has read, keyed by organisations.version, which every
 * stored unit of work bumps: a read asks only for the version and reloads when another instance
 * changed it — the bounded collections whole, the audit log and processed requests only from
 * where its copy ends (LOAD_SQL in load.ts). Cached values are shared: callers treat them as read-only.
 *
 * Round trips (measured in test/store-pg/pg-store.test.ts):
 * - a read (any OrganisationReader method): 1 (`SELECT version`) when this instance's cached
 *   copy is current, 2 when it is not (plus one load of the whole organisation in one statement);
 *   inside readView (a turn), only the first read of an organisation asks;
 * - a unit of work: 4 (BEGIN, SELECT … FOR UPDATE, one statement writing every change, COMMIT),
 *   one more when another instance changed the organisation since, 3 when `work` changed nothing.
 *   An instance's own units of work on one organisation queue in the instance, so they never
 *   reload it because of each other;
 * - the outbox's "who has something due": 1, whatever the number of organisations;
 * - state: read, delete, claimOnce and a one-key write 1 each; a write of several keys 3.
 *
 * A unit of work's draft shares the stored elements (runOnDraft, as the embedded store), and only
 * elements it added or replaced are checked against the schema and serialised (elementText). What
 * still grows with the organisation is a walk over a changed collection's ids (positions, and
 * assignments against users and benefits): on 5,000 users and 20,000 assignments, npm run bench
 * measured 45 Confirms/s on one instance, against 5.7 when every row was checked and serialised.
 *
 * By job: load.ts reads an organisation in one statement (or what this instance's copy lacks);
 * write.ts plans a unit of work's change as one statement; benefit-store.ts is the BenefitStore
 * (the per-instance cache, units of work under the row lock, the outbox's due query, readView,
 * onChange); state-store.ts the KeyValueStore (conversation state, one-time claims); import.ts
 * what `npm run org -- migrate` stores; connection.ts connections and transactions; migrations.ts
 * the schema; this file opens them all.
 */

export interface OpenPgOptions {
  /** postgresql://user:password@host:port/database (or ?host=/socket/dir). Ignored when `pool` is given. */
  connectionString: string;
  /** Organisations a new database starts with. */
  seed: () => OrganisationData[];
  /** A pool to use instead of one made from connectionString; its owner ends it (close() does not). */
  pool?: Pool;
  /** Errors of idle connections (the server restarted, the network dropped); the next query reports them again. */
  onIdleError?: (err: Error) => void;
}

/**
 * Opens the PostgreSQL store: migrates the schema (see migrations.ts) and, on the open that
 * creates it, stores `seed`'s organisations in the same transaction (created: true), like the
 * embedded store does for a missing data file; instances starting together seed once.
 * Throws PgStoreError for a database migrated by a newer bot.
 */
export async function openPgStores({
  connectionString,
  seed,
  pool: given,
  onIdleError,
}: OpenPgOptions): Promise<Stores & { created: boolean }> {
  const pool = given ?? new Pool({ connectionString });
  // Without a listener, an idle connection's error would end the process.
  const onError = (err: Error) => onIdleError?.(err);
  pool.on('error', onError);
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    const done = () => inFlight.delete(work);
    work.then(done, done);
    return work;
  };
  const shutdown = async () => {
    pool.off('error', onError);
    if (!given) await pool.end();
  };
  let created = false;
  try {
    await withClient(pool, (client) =>
      migrate(client, async ({ from }) => {
        if (from !== 0) return;
        created = true;
        for (const org of seed())
          await insertOrganisation(client, organisationDataSchema.parse(structuredClone(org)));
      }),
    );
  } catch (err) {
    await shutdown();
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    benefits: new PgBenefitStore(pool, track),
    state: new PgKeyValueStore(pool, track),
    created,
    /** Each change is stored before its call resolves: nothing is queued. */
    idle: async () => undefined,
    /** Waits for the operations under way, then ends the pool it made; calling it again waits for the same. */
    close: () =>
      (closing ??= (async () => {
        while (inFlight.size) await Promise.allSettled([...inFlight]);
        await shutdown();
      })()),
  };
}
