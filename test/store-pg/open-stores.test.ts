import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describeDatabaseUrl, openStores } from '../../services/store/open-stores';
import { PgStoreError } from '../../services/store/pg/pg-store';
import { freePort, runEntryPoint, startBotProcess } from '../reliability/support/bot-process';
import { CONTOSO_TENANT, FABRIKAM_TENANT } from '../support/people';
import { tempDir } from '../support/temp-store';
import { describeWithPostgres } from './pg-server';
import { seed, withPgDatabase } from './support';

const SECRET = '0f'.repeat(32);
const PASSWORD = 'n0t-Printed-pw';

describe('openStores', () => {
  test('the database is described for the log without its password', () => {
    expect(
      describeDatabaseUrl(
        `postgresql://bot:${PASSWORD}@myserver.postgres.database.azure.com:5432/benefits?sslmode=verify-full`,
      ),
    ).toBe(
      'PostgreSQL database benefits on myserver.postgres.database.azure.com:5432 as bot (sslmode=verify-full)',
    );
    expect(
      describeDatabaseUrl(
        `postgres://bot%40corp:${encodeURIComponent('p@ss/word')}@db/benefits?password=${PASSWORD}`,
      ),
    ).toBe('PostgreSQL database benefits on db:5432 as bot@corp');
    expect(
      describeDatabaseUrl('postgresql://postgres@localhost/test_1?host=%2Fdev%2Fshm%2Fpg'),
    ).toBe('PostgreSQL database test_1 on /dev/shm/pg as postgres');
  });

  test('without a database URL, the lowdb files at the data file, described by its path', async () => {
    const temp = await tempDir();
    try {
      const dataFile = join(temp.dir, 'benefits.json');
      const stores = await openStores({ dataFile, seed });
      expect({
        created: stores.created,
        describe: stores.describe,
        file: existsSync(dataFile),
      }).toEqual({ created: true, describe: dataFile, file: true });
      expect((await stores.benefits.tenantIds()).sort()).toEqual([CONTOSO_TENANT, FABRIKAM_TENANT]);
      await stores.close();
    } finally {
      await temp.remove();
    }
  });

  test('a database that cannot be reached stops with a sentence naming it, without the password', async () => {
    const port = await freePort();
    const url = `postgresql://bot:${PASSWORD}@127.0.0.1:${port}/benefits`;
    const err = await openStores({
      dataFile: '/nowhere/benefits.json',
      databaseUrl: url,
      seed,
    }).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(PgStoreError);
    expect((err as Error).message).toBe(
      `Cannot open the PostgreSQL database benefits on 127.0.0.1:${port} as bot: connect ECONNREFUSED 127.0.0.1:${port}.`,
    );
  });

  test('the entry point stops with one sentence when the database cannot be reached, and never prints the password', async () => {
    const temp = await tempDir();
    try {
      const port = await freePort();
      const result = await runEntryPoint(
        {
          HOST: '127.0.0.1',
          PORT: String(await freePort()),
          DATA_FILE: join(temp.dir, 'benefits.json'),
          DATABASE_URL: `postgresql://bot:${PASSWORD}@127.0.0.1:${port}/benefits`,
          KEYS_SECRET: SECRET,
          LOG_LEVEL: 'silent',
        },
        temp.dir,
      );
      expect(result.code).toBe(1);
      expect(result.stderr).toBe(
        `Cannot start: Cannot open the PostgreSQL database benefits on 127.0.0.1:${port} as bot: connect ECONNREFUSED 127.0.0.1:${port}.\n`,
      );
      expect(result.stdout + result.stderr).not.toContain(PASSWORD);
      expect(existsSync(join(temp.dir, 'benefits.json'))).toBe(false);
    } finally {
      await temp.remove();
    }
  });
});

describeWithPostgres('openStores on PostgreSQL', () => {
  const db = withPgDatabase();
  const withPassword = () =>
    db.url().replace('postgresql://postgres@', `postgresql://postgres:${PASSWORD}@`);

  test('a database URL opens PostgreSQL: seeded on the first open only, described without the password', async () => {
    const first = await openStores({
      dataFile: '/nowhere/benefits.json',
      databaseUrl: withPassword(),
      seed,
    });
    expect(first.created).toBe(true);
    expect(first.describe).toMatch(/^PostgreSQL database test_\w+ on \/\S+ as postgres$/);
    expect((await first.benefits.tenantIds()).sort()).toEqual([CONTOSO_TENANT, FABRIKAM_TENANT]);
    await first.close();
    const second = await openStores({
      dataFile: '/nowhere/benefits.json',
      databaseUrl: withPassword(),
      seed,
    });
    expect(second.created).toBe(false);
    await second.close();
    await second.close();
    expect(existsSync('/nowhere')).toBe(false);
  });

  test('a database that does not exist is named in one sentence', async () => {
    const url = new URL(withPassword());
    url.pathname = '/no_such_database';
    await expect(
      openStores({ dataFile: '/nowhere/benefits.json', databaseUrl: url.toString(), seed }),
    ).rejects.toThrow(
      /^Cannot open the PostgreSQL database no_such_database on \/\S+ as postgres: database "no_such_database" does not exist \(3D000\)\.$/,
    );
  });

  test('the bot started by its entry point runs on the database, logs where without the password, and writes no data file', async () => {
    const temp = await tempDir();
    try {
      const dataFile = join(temp.dir, 'data', 'benefits.json');
      const bot = await startBotProcess({
        dataFile,
        cwd: temp.dir,
        env: {
          DATABASE_URL: withPassword(),
          KEYS_SECRET: SECRET,
          LOG_LEVEL: 'info',
          BENEFITS_NOW: '2026-11-24T09:00:00Z',
        },
      });
      const health = await fetch(`${bot.url}/healthz`);
      expect(await health.json()).toMatchObject({ organisations: 2 });
      expect(await bot.stop()).toEqual({ code: 0, signal: null });
      expect(bot.output()).toMatch(
        /"storage":"PostgreSQL database test_\w+ on \/\S+ as postgres".*created the database tables with the demo organisations/,
      );
      expect(bot.output()).toMatch(
        /"storage":"PostgreSQL database test_\w+ on \/\S+ as postgres".*Partner Benefits bot is ready/,
      );
      expect(bot.output()).not.toContain(PASSWORD);
      expect(existsSync(dataFile)).toBe(false);
      expect(await db.sql('SELECT tenant_id FROM organisations ORDER BY tenant_id')).toEqual([
        { tenant_id: CONTOSO_TENANT },
        { tenant_id: FABRIKAM_TENANT },
      ]);
    } finally {
      await temp.remove();
    }
  });
});
