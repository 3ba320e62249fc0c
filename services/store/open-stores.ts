import { Pool } from 'pg';
import type { OrganisationData } from '../model';
import type { Stores } from '../ports';
import { openLowdbStores } from './lowdb-store';
import { openPgStores, PgStoreError } from './pg/pg-store';

export interface OpenStoresOptions {
  /** The lowdb index file: the store when there is no databaseUrl. */
  dataFile: string;
  /** DATABASE_URL: when set, the PostgreSQL database instead of the files. */
  databaseUrl?: string | undefined;
  /** Organisations a new data file or database starts with. */
  seed: () => OrganisationData[];
  /** PostgreSQL only: errors of idle connections (the server restarted, the network dropped). */
  onIdleError?: (err: Error) => void;
}

export type OpenedStores = Stores & {
  /** True when this open made the data file or database (and stored `seed`'s organisations). */
  created: boolean;
  /** Where the data is, for a log line or a message: the data file, or the database without its password. */
  describe: string;
};

/** A new connection that gets no answer in this time fails, rather than holding start-up (or a turn) for ever. */
const CONNECT_TIMEOUT_MS = 15_000;

/**
 * The store the settings name: the PostgreSQL database at `databaseUrl` when it is set, else the
 * lowdb files at `dataFile`. Throws DataFileError / DataFileLockedError for files that cannot be
 * used, and PgStoreError (a sentence with no password in it) for a database that cannot be.
 */
export async function openStores({
  dataFile,
  databaseUrl,
  seed,
  onIdleError,
}: OpenStoresOptions): Promise<OpenedStores> {
  if (!databaseUrl) {
    const stores = await openLowdbStores({ dataFile, seed });
    return { ...stores, describe: dataFile };
  }
  const describe = describeDatabaseUrl(databaseUrl);
  const pool = newPool(databaseUrl);
  try {
    const stores = await openPgStores({
      connectionString: databaseUrl,
      seed,
      pool,
      ...(onIdleError ? { onIdleError } : {}),
    });
    let closing: Promise<void> | undefined;
    return {
      ...stores,
      describe,
      close: () => (closing ??= stores.close().then(() => pool.end())),
    };
  } catch (err) {
    await pool.end().catch(() => undefined);
    throw databaseError(err, databaseUrl);
  }
}

/** A PgStoreError as is; anything else (cannot connect, password refused, no such database) as a PgStoreError naming the database, without its password. */
export function databaseError(err: unknown, databaseUrl: string): PgStoreError {
  if (err instanceof PgStoreError) return err;
  return new PgStoreError(
    `Cannot open the ${describeDatabaseUrl(databaseUrl)}: ${redact(err, databaseUrl)}.`,
    { cause: err },
  );
}

/** The pool every instance (and the CLI) connects with. */
export function newPool(databaseUrl: string): Pool {
  try {
    return new Pool({
      connectionString: databaseUrl,
      connectionTimeoutMillis: CONNECT_TIMEOUT_MS,
      application_name: 'partner-benefits-bot',
    });
  } catch (err) {
    throw new PgStoreError(`DATABASE_URL cannot be used: ${redact(err, databaseUrl)}.`, {
      cause: err,
    });
  }
}

/** "PostgreSQL database benefits on db.example.com:5432 as bot (sslmode=verify-full)": everything but the password. */
export function describeDatabaseUrl(databaseUrl: string): string {
  let url: URL;
  try {
    url = new URL(databaseUrl);
  } catch {
    return 'PostgreSQL database (DATABASE_URL is not a valid URL)';
  }
  const socket = url.searchParams.get('host');
  const user = decode(url.username) || url.searchParams.get('user') || '';
  const where = socket?.startsWith('/')
    ? socket
    : `${socket ?? (decode(url.hostname) || 'localhost')}:${url.port || '5432'}`;
  const database =
    decode(url.pathname.replace(/^\//, '')) || url.searchParams.get('dbname') || user || 'postgres';
  const sslmode = url.searchParams.get('sslmode');
  return `PostgreSQL database ${database} on ${where}${user ? ` as ${user}` : ''}${sslmode ? ` (sslmode=${sslmode})` : ''}`;
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

/** The error's message with the URL and its password cut out, on one line and without a closing full stop. */
function redact(err: unknown, databaseUrl: string): string {
  // Duck-typed: errors from Node's core may come from another realm (jest), where instanceof Error fails.
  const raw = (err as { message?: unknown } | null)?.message;
  let message = (typeof raw === 'string' ? raw : String(err))
    .replace(/\s+/g, ' ')
    .trim()
    .replace(/\.$/, '');
  const secrets = [databaseUrl];
  try {
    const url = new URL(databaseUrl);
    secrets.push(url.password, decode(url.password), url.searchParams.get('password') ?? '');
  } catch {
    // An unparsable URL: only the whole of it can be cut out.
  }
  for (const secret of secrets.filter((s) => s.length >= 3))
    message = message.split(secret).join('***');
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' && !message.includes(code) ? `${message} (${code})` : message;
}
