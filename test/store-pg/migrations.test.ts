import { Client, Pool } from 'pg';
import {
  LATEST_SCHEMA_VERSION,
  migrate,
  MIGRATIONS,
  PgStoreError,
} from '../../services/store/pg/migrations';
import { openPgStores } from '../../services/store/pg/pg-store';
import { describeWithPostgres, startPgServer, type PgServer } from './pg-server';
import { seed } from './support';

describeWithPostgres('schema migrations', () => {
  let server: PgServer;
  let url: string;

  const sql = async <T extends object>(text: string, values: unknown[] = []): Promise<T[]> => {
    const client = new Client({ connectionString: url });
    await client.connect();
    try {
      return (await client.query<T>(text, values)).rows;
    } finally {
      await client.end();
    }
  };
  const tables = async () =>
    (
      await sql<{ t: string }>(
        `SELECT tablename AS t FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`,
      )
    ).map((r) => r.t);

  beforeAll(async () => {
    server = await startPgServer();
  });
  afterAll(() => server?.stop());
  beforeEach(async () => {
    url = await server.createDatabase();
  });

  test('when ten instances start at once on an empty database, then all of them open it, the schema is created once and the seed stored once', async () => {
    const opened = await Promise.all(
      Array.from({ length: 10 }, () => openPgStores({ connectionString: url, seed })),
    );
    try {
      expect(opened.filter((s) => s.created)).toHaveLength(1);
      expect(await sql('SELECT version FROM schema_migrations')).toEqual(
        MIGRATIONS.map((m) => ({ version: m.version })),
      );
      expect(await sql('SELECT tenant_id FROM organisations')).toHaveLength(2);
      expect(await tables()).toEqual([
        'audit',
        'claims',
        'org_rows',
        'organisations',
        'outbox',
        'processed_requests',
        'schema_migrations',
        'state',
      ]);
    } finally {
      await Promise.all(opened.map((s) => s.close()));
    }
  });

  test('when the database was migrated by a newer bot, then start-up is refused with a sentence naming both versions, and nothing is changed', async () => {
    await sql(`CREATE TABLE schema_migrations (version integer PRIMARY KEY, description text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now());
      INSERT INTO schema_migrations (version, description) VALUES (999, 'from the future')`);
    const opening = openPgStores({ connectionString: url, seed });
    await expect(opening).rejects.toThrow(PgStoreError);
    await expect(opening).rejects.toThrow(
      `The database schema is at version 999, but this version of the bot knows versions up to ${LATEST_SCHEMA_VERSION}`,
    );
    expect(await tables()).toEqual(['schema_migrations']);
  });

  test('when the bot starts on an up-to-date database, then no step runs again', async () => {
    await (await openPgStores({ connectionString: url, seed })).close();
    const pool = new Pool({ connectionString: url });
    const client = await pool.connect();
    try {
      expect(await migrate(client)).toEqual({
        from: LATEST_SCHEMA_VERSION,
        to: LATEST_SCHEMA_VERSION,
      });
    } finally {
      client.release();
      await pool.end();
    }
  });

  test('when a newer release adds a step, then only that step runs; when a step fails, then none of its changes remain', async () => {
    const pool = new Pool({ connectionString: url });
    const client = await pool.connect();
    try {
      await migrate(client);
      const next = [
        ...MIGRATIONS,
        {
          version: LATEST_SCHEMA_VERSION + 1,
          description: 'a column',
          sql: 'ALTER TABLE claims ADD COLUMN note text',
        },
      ];
      expect(await migrate(client, undefined, next)).toEqual({
        from: LATEST_SCHEMA_VERSION,
        to: LATEST_SCHEMA_VERSION + 1,
      });
      const broken = [
        ...next,
        {
          version: LATEST_SCHEMA_VERSION + 2,
          description: 'half done',
          sql: 'CREATE TABLE half (x int); SELECT no_such_function()',
        },
      ];
      await expect(migrate(client, undefined, broken)).rejects.toThrow(/no_such_function/);
      expect(
        (await client.query('SELECT max(version) AS v FROM schema_migrations')).rows[0],
      ).toEqual({ v: LATEST_SCHEMA_VERSION + 1 });
      expect(await tables()).not.toContain('half');
    } finally {
      client.release();
      await pool.end();
    }
  });

  test('when migrations are listed out of order, then they are refused before anything runs', async () => {
    const pool = new Pool({ connectionString: url });
    const client = await pool.connect();
    try {
      await expect(migrate(client, undefined, [MIGRATIONS[0]!, MIGRATIONS[0]!])).rejects.toThrow(
        /increasing order/,
      );
      expect(await tables()).toEqual([]);
    } finally {
      client.release();
      await pool.end();
    }
  });
});
