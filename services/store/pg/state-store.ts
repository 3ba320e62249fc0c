import { randomUUID } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { ETagConflictError, type KeyValueStore, type VersionedDocument } from '../../ports';
import { inTransaction, withClient } from './connection';

/** One row per key; the document as JSON text so any string, U+0000 included, comes back exactly. */
export class PgKeyValueStore implements KeyValueStore {
  constructor(
    private readonly pool: Pool,
    private readonly track: <T>(work: Promise<T>) => Promise<T>,
  ) {}

  async read(keys: string[]): Promise<Map<string, VersionedDocument>> {
    const found = new Map<string, VersionedDocument>();
    if (keys.length === 0) return found;
    const { rows } = await this.track(
      this.pool.query<{ key: string; doc: string; etag: string }>({
        name: 'pg-state-read',
        text: 'SELECT key, doc, etag FROM state WHERE key = ANY($1::text[])',
        values: [keys],
      }),
    );
    for (const row of rows)
      found.set(row.key, { doc: JSON.parse(row.doc) as Record<string, unknown>, eTag: row.etag });
    return found;
  }

  /**
   * As the embedded store: an eTag of '*' or none overwrites; any other must match the stored
   * one, else ETagConflictError (a key not stored yet is written). Every write gets a new eTag.
   * All keys of one call are written or none. Concurrent writers with the same eTag: the row
   * lock of ON CONFLICT DO UPDATE makes the second re-check against the first's new eTag.
   */
  async write(
    changes: Map<string, { doc: Record<string, unknown>; eTag?: string }>,
  ): Promise<void> {
    if (changes.size === 0) return;
    const entries = [...changes];
    const values = [
      entries.map(([key]) => key),
      entries.map(([, change]) => JSON.stringify(change.doc)),
      entries.map(() => randomUUID()),
      entries.map(([, change]) => (change.eTag && change.eTag !== '*' ? change.eTag : null)),
    ];
    const sql = `WITH input AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(key, doc, etag, expected))
      INSERT INTO state (key, doc, etag) SELECT key, doc, etag FROM input
      ON CONFLICT (key) DO UPDATE SET doc = excluded.doc, etag = excluded.etag
        WHERE state.etag = coalesce((SELECT i.expected FROM input i WHERE i.key = excluded.key), state.etag)
      RETURNING key`;
    const run = async (db: Pool | PoolClient) => {
      const { rows } = await db.query<{ key: string }>({
        name: 'pg-state-write',
        text: sql,
        values,
      });
      const written = new Set(rows.map((r) => r.key));
      const conflict = entries.find(([key]) => !written.has(key));
      if (conflict) throw new ETagConflictError(conflict[0]);
    };
    if (entries.length === 1) {
      await this.track(run(this.pool));
      return;
    }
    await this.track(withClient(this.pool, (client) => inTransaction(client, () => run(client))));
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.track(this.pool.query('DELETE FROM state WHERE key = ANY($1::text[])', [keys]));
  }

  async claimOnce(key: string): Promise<boolean> {
    const { rowCount } = await this.track(
      this.pool.query({
        name: 'pg-claim',
        text: 'INSERT INTO claims (key) VALUES ($1) ON CONFLICT (key) DO NOTHING',
        values: [key],
      }),
    );
    return rowCount === 1;
  }
}
