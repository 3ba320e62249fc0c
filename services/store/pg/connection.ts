import type { Pool, PoolClient } from 'pg';
import { BenefitError } from '../../errors';

/** Connections, transactions and what a failed query reports, for every part of the PostgreSQL store. */

/** The SQLSTATE of a PostgreSQL error, or a Node error code. */
export function reasonOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'unknown';
}

/** What a unit of work reports when the database failed it: the change cannot be stored. */
export const storeFailed = (err: unknown) =>
  new BenefitError('STORE.WRITE_FAILED', { reason: reasonOf(err) }, { cause: err });

/** Connections that must not go back to the pool: cut by the server, or in a transaction that could not be rolled back. */
const broken = new WeakSet<PoolClient>();

/**
 * Runs `use` on a connection of its own. A connection cut while checked out emits 'error'
 * outside any query, which without a listener would end the process (found by the
 * "connection is cut while the work runs" test); it is then destroyed, not reused.
 */
export async function withClient<T>(
  pool: Pool,
  use: (client: PoolClient) => Promise<T>,
): Promise<T> {
  const client = await pool.connect();
  const onError = () => broken.add(client);
  client.on('error', onError);
  try {
    return await use(client);
  } finally {
    client.off('error', onError);
    client.release(broken.has(client));
  }
}

export async function rollback(client: PoolClient): Promise<void> {
  await client.query('ROLLBACK').catch(() => broken.add(client));
}

export async function inTransaction<T>(client: PoolClient, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await rollback(client);
    throw err;
  }
}
