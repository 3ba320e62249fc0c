import type { Pool } from 'pg';
import type { OrganisationData } from '../../model';
import type { VersionedDocument } from '../../ports';
import { organisationDataSchema } from '../schema';
import { inTransaction, withClient } from './connection';
import { loadSnapshot } from './load';
import { PgStoreError } from './migrations';
import { insertOrganisation } from './write';

/** What `npm run org -- migrate` brings into a database (see services/store/migrate.ts). */
export interface PgImport {
  organisations: readonly OrganisationData[];
  /** KeyValueStore documents, stored with the eTags they have. */
  state: readonly (readonly [string, VersionedDocument])[];
  /** claimOnce keys already claimed, with when (an ISO time; null: now). */
  claims: readonly { key: string; at: string | null }[];
}

/** The same, as the database holds it inside the importing transaction. */
export interface PgImported {
  organisations: OrganisationData[];
  state: Map<string, VersionedDocument>;
  claims: Set<string>;
}

/**
 * Stores organisations (every collection, documents exactly as given), state documents and
 * claims in one transaction, on a database openPgStores has migrated: all or nothing. Refuses
 * with PgStoreError, writing nothing, when any of the organisations or state keys is stored
 * already. Reads everything back inside the transaction and gives it to `verify` before the
 * commit: when `verify` throws, nothing is written either.
 */
export async function importIntoPg(
  pool: Pool,
  input: PgImport,
  verify: (stored: PgImported) => void | Promise<void>,
): Promise<void> {
  const tenantIds = input.organisations.map((o) => o.organisation.tenantId);
  const keys = input.state.map(([key]) => key);
  const claimKeys = input.claims.map((c) => c.key);
  await withClient(pool, (client) =>
    inTransaction(client, async () => {
      const orgs = await client.query<{ tenant_id: string }>(
        'SELECT tenant_id FROM organisations WHERE tenant_id = ANY($1::text[]) ORDER BY tenant_id',
        [tenantIds],
      );
      if (orgs.rows.length > 0) {
        const list = orgs.rows.map((r) => r.tenant_id).join(', ');
        throw new PgStoreError(
          `The database already holds ${orgs.rows.length === 1 ? `organisation ${list}` : `${orgs.rows.length} of these organisations: ${list}`}; nothing was written.`,
        );
      }
      const taken = await client.query<{ count: string }>(
        'SELECT count(*)::text AS count FROM state WHERE key = ANY($1::text[])',
        [keys],
      );
      const takenCount = Number(taken.rows[0]?.count ?? '0');
      if (takenCount > 0)
        throw new PgStoreError(
          `The database already holds ${takenCount} of the ${keys.length} bot state documents being copied; nothing was written.`,
        );
      for (const data of input.organisations)
        await insertOrganisation(client, organisationDataSchema.parse(structuredClone(data)));
      if (keys.length > 0) {
        await client.query(
          'INSERT INTO state (key, doc, etag) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])',
          [
            keys,
            input.state.map(([, item]) => JSON.stringify(item.doc)),
            input.state.map(([, item]) => item.eTag),
          ],
        );
      }
      if (claimKeys.length > 0) {
        await client.query(
          'INSERT INTO claims (key, claimed_at) SELECT key, coalesce(at, now()) FROM unnest($1::text[], $2::timestamptz[]) AS c(key, at) ON CONFLICT (key) DO NOTHING',
          [claimKeys, input.claims.map((c) => c.at)],
        );
      }
      const organisations: OrganisationData[] = [];
      for (const tenantId of tenantIds) {
        const snapshot = await loadSnapshot(client, tenantId);
        if (snapshot) organisations.push(snapshot.data);
      }
      const stateRows = await client.query<{ key: string; doc: string; etag: string }>(
        'SELECT key, doc, etag FROM state WHERE key = ANY($1::text[])',
        [keys],
      );
      const claimRows = await client.query<{ key: string }>(
        'SELECT key FROM claims WHERE key = ANY($1::text[])',
        [claimKeys],
      );
      await verify({
        organisations,
        state: new Map(
          stateRows.rows.map((r) => [
            r.key,
            { doc: JSON.parse(r.doc) as Record<string, unknown>, eTag: r.etag },
          ]),
        ),
        claims: new Set(claimRows.rows.map((r) => r.key)),
      });
    }),
  );
}
