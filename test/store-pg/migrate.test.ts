import { createHash, randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, relative } from 'node:path';
import { EXIT, runOrgCli, type CliIo } from '../../scripts/org';
import { AsksService } from '../../services/asks.service';
import { AssignmentService } from '../../services/assignment.service';
import { pinnedClock } from '../../services/clock';
import type { OrganisationData } from '../../services/model';
import { RequestsService } from '../../services/requests.service';
import { openLowdbStores, readLowdbContents } from '../../services/store/lowdb-store';
import { importIntoPg, openPgStores, PgStoreError } from '../../services/store/pg/pg-store';
import { personalChat, reachable, teamChannel } from '../support/connector-stand-in';
import { actorIn } from '../support/service-test';
import { CONTOSO_TENANT, FABRIKAM_TENANT, people } from '../support/people';
import { demoSeed, NOW, tempDir } from '../support/temp-store';
import { describeWithPostgres } from './pg-server';
import { withPgDatabase } from './support';

const SECRET = '0f'.repeat(32);
const PASSWORD = 'migr4te-Pa55word';

/** Every file of the data folder but the lock file, hashed: "the lowdb files are untouched". */
async function folderDigest(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile() || entry.name.endsWith('.lock')) continue;
    const path = join(entry.parentPath, entry.name);
    files[relative(dir, path)] = createHash('sha256')
      .update(await readFile(path))
      .digest('hex');
  }
  return files;
}

/**
 * A data folder as a bot that has been used leaves it: every collection of Contoso holds something
 * (an assignment with its audit entry, outbox item and processed request; a service request; an
 * ask; reachable conversations), there is conversation and user state, and a one-time marker.
 */
async function usedDataFolder(dir: string): Promise<string> {
  const dataFile = join(dir, 'data', 'benefits.json');
  const stores = await openLowdbStores({ dataFile, seed: () => demoSeed(NOW) });
  try {
    const deps = { store: stores.benefits, clock: pinnedClock(NOW), newId: randomUUID };
    const alex = await actorIn(stores.benefits, people.alex);
    await reachable(
      stores.benefits,
      CONTOSO_TENANT,
      [teamChannel(), personalChat(people.ana.userId)],
      teamChannel().conversationId,
    );
    const assignments = new AssignmentService(deps);
    await assignments.assign(alex, {
      requestId: 'assign-ana',
      benefitId: 'visual-studio-professional',
      userId: people.ana.userId,
    });
    await new RequestsService(deps).submitHoursRequest(alex, {
      benefitId: 'partner-advisory-hours',
      phase: 'design',
      solution: 'hybrid',
      description: 'Landing zone review',
      hours: 4,
      requestId: 'hours-1',
    });
    await new AsksService({ ...deps, assignments }).ask(
      await actorIn(stores.benefits, people.taro),
      'visual-studio-enterprise',
    );
    await stores.state.write(
      new Map([
        [
          'msteams/conversations/a:personal-ana/',
          { doc: { dialogState: { dialogStack: [] }, text: 'nul \u0000 and 日本語' } },
        ],
        ['msteams/users/29:ana/', { doc: { language: 'ja' } }],
      ]),
    );
    expect(await stores.state.claimOnce('welcome:a:personal-ana')).toBe(true);
  } finally {
    await stores.close();
  }
  return dataFile;
}

function counts(data: OrganisationData) {
  return {
    users: data.users.length,
    benefits: data.benefits.length,
    assignments: data.assignments.length,
    audit: data.audit.length,
    requests: data.requests.length,
    asks: data.asks.length,
    outbox: data.outbox.length,
    processedRequests: data.processedRequests.length,
  };
}

describeWithPostgres('npm run org -- migrate --to postgres', () => {
  const db = withPgDatabase();
  let temp: Awaited<ReturnType<typeof tempDir>>;
  beforeEach(async () => {
    temp = await tempDir();
  });
  afterEach(() => temp.remove());

  /** The database URL with a password in it (the test server trusts everyone, so it is never checked: only never printed). */
  const urlWithPassword = () =>
    db.url().replace('postgresql://postgres@', `postgresql://postgres:${PASSWORD}@`);

  async function run(args: string[], env: NodeJS.ProcessEnv = {}) {
    let out = '';
    let err = '';
    const io: CliIo = {
      env,
      cwd: temp.dir,
      root: temp.dir,
      out: (t) => (out += t),
      err: (t) => (err += t),
    };
    const code = await runOrgCli(args, io);
    return { code, out, err };
  }

  test('copies every organisation, its keys still sealed, and the bot state; checks and reports the counts; leaves the data files untouched', async () => {
    const dataFile = await usedDataFolder(temp.dir);
    const source = await readLowdbContents(dataFile);
    const contoso = source.organisations.find(
      (o) => o.organisation.tenantId === CONTOSO_TENANT,
    ) as OrganisationData;
    // Every collection of Contoso has something to copy.
    expect(Object.values(counts(contoso)).every((n) => n > 0)).toBe(true);
    const before = await folderDigest(temp.dir);

    const result = await run(['migrate', '--to', 'postgres', '--data', dataFile], {
      DATABASE_URL: urlWithPassword(),
      KEYS_SECRET: SECRET,
    });

    expect(result).toMatchObject({ code: EXIT.ok, err: '' });
    const c = counts(contoso);
    expect(result.out).toContain(
      `Contoso Partners (tenant ${CONTOSO_TENANT}): ${c.users} users, ${c.benefits} benefits, ${c.assignments} assignments, ${c.audit} audit entries, 1 service request, 1 ask, ${c.outbox} outbox items, ${c.processedRequests} processed requests, notification settings`,
    );
    expect(result.out).toContain(`Fabrikam Consulting (tenant ${FABRIKAM_TENANT})`);
    expect(result.out).toContain(
      'bot state: 2 conversation and user state documents, 1 one-time marker',
    );
    expect(result.out).toMatch(/\d+ keys were copied encrypted, as stored; none was decrypted/);
    expect(result.out).not.toContain(PASSWORD);
    expect(await folderDigest(temp.dir)).toEqual(before);
    expect(existsSync(`${dataFile}.lock`)).toBe(false);

    // A bot instance on the database sees exactly what the files held.
    const pg = await db.instance({ seed: () => [] });
    expect((await pg.benefits.tenantIds()).sort()).toEqual(
      source.organisations.map((o) => o.organisation.tenantId).sort(),
    );
    for (const org of source.organisations) {
      let stored: OrganisationData | undefined;
      await pg.benefits.unitOfWork(org.organisation.tenantId, (data) => {
        stored = structuredClone(data);
      });
      expect(stored).toEqual(org);
    }
    // Keys are the same sealed strings (never decrypted and sealed again).
    const sealed = (data: OrganisationData) =>
      data.benefits.flatMap((b) => ('keys' in b ? b.keys : []));
    expect(sealed(contoso).length).toBeGreaterThan(0);
    const storedBenefits = (
      await db.sql<{ doc: string }>(
        "SELECT doc FROM org_rows WHERE kind = 'benefits' AND tenant_id = $1 ORDER BY position",
        [CONTOSO_TENANT],
      )
    ).map((r) => JSON.parse(r.doc) as { keys?: string[] });
    expect(storedBenefits.flatMap((b) => b.keys ?? [])).toEqual(sealed(contoso));
    const state = await pg.state.read([
      'msteams/conversations/a:personal-ana/',
      'msteams/users/29:ana/',
    ]);
    expect(Object.fromEntries([...state].map(([k, v]) => [k, v]))).toEqual(
      Object.fromEntries(source.state.filter(([k]) => !k.startsWith('once:'))),
    );
    // The welcome already shown is not shown again.
    expect(await pg.state.claimOnce('welcome:a:personal-ana')).toBe(false);
    expect(await pg.state.claimOnce('welcome:a:personal-lee')).toBe(true);
  });

  test('--dry-run reports what would be copied and writes nothing, in the database or the files', async () => {
    const dataFile = await usedDataFolder(temp.dir);
    const before = await folderDigest(temp.dir);
    const result = await run([
      'migrate',
      '--to',
      'postgres',
      '--dry-run',
      '--data',
      dataFile,
      '--database-url',
      urlWithPassword(),
    ]);
    expect(result).toMatchObject({ code: EXIT.ok, err: '' });
    expect(result.out).toMatch(
      /^Dry run: nothing was written\. This would be copied from .+benefits\.json to the PostgreSQL database test_\w+ on \/\S+ as postgres, which holds none of it yet:/,
    );
    expect(result.out).toContain('Contoso Partners');
    expect(result.out).toContain('keys would be copied encrypted');
    expect(result.out).not.toContain(PASSWORD);
    expect(
      await db.sql<{ tables: string | null }>(
        "SELECT to_regclass('organisations')::text AS tables",
      ),
    ).toEqual([{ tables: null }]);
    expect(await folderDigest(temp.dir)).toEqual(before);
  });

  test('when the database already holds one of the organisations, then nothing is written (and the dry run says so first)', async () => {
    const dataFile = await usedDataFolder(temp.dir);
    // A bot started on the database first: it seeded Contoso (and Fabrikam). Keep only Contoso.
    const first = await db.instance();
    await db.sql('DELETE FROM organisations WHERE tenant_id = $1', [FABRIKAM_TENANT]);
    await first.close();
    const rowsBefore = await db.sql<{ n: string }>(
      'SELECT (SELECT count(*) FROM org_rows) + (SELECT count(*) FROM audit) + (SELECT count(*) FROM state) + (SELECT count(*) FROM claims) AS n',
    );
    const env = { DATABASE_URL: db.url(), KEYS_SECRET: SECRET };

    const dry = await run(['migrate', '--to', 'postgres', '--dry-run', '--data', dataFile], env);
    expect(dry).toEqual({
      code: EXIT.badInput,
      out: '',
      err: `The database already holds organisation ${CONTOSO_TENANT}; nothing would be written.\n`,
    });
    const real = await run(['migrate', '--to', 'postgres', '--data', dataFile], env);
    expect(real).toEqual({
      code: EXIT.badInput,
      out: '',
      err: `The database already holds organisation ${CONTOSO_TENANT}; nothing was written.\n`,
    });
    expect(await db.sql('SELECT tenant_id FROM organisations')).toEqual([
      { tenant_id: CONTOSO_TENANT },
    ]);
    expect(
      await db.sql(
        'SELECT (SELECT count(*) FROM org_rows) + (SELECT count(*) FROM audit) + (SELECT count(*) FROM state) + (SELECT count(*) FROM claims) AS n',
      ),
    ).toEqual(rowsBefore);
  });

  test('a second migration of the same folder is refused', async () => {
    const dataFile = await usedDataFolder(temp.dir);
    const env = { DATABASE_URL: db.url(), KEYS_SECRET: SECRET };
    expect((await run(['migrate', '--to', 'postgres', '--data', dataFile], env)).code).toBe(
      EXIT.ok,
    );
    const again = await run(['migrate', '--to', 'postgres', '--data', dataFile], env);
    expect(again.code).toBe(EXIT.badInput);
    expect(again.err).toMatch(
      /^The database already holds 2 of these organisations: .+; nothing was written\.\n$/,
    );
  });

  test('when the copy read back differs, then the transaction is rolled back: nothing is written', async () => {
    const pg = await db.instance({ seed: () => [] });
    const organisations = demoSeed(NOW);
    const refusal = importIntoPg(
      pg.pool,
      {
        organisations,
        state: [['k', { doc: { a: 1 }, eTag: 'e1' }]],
        claims: [{ key: 'welcome:x', at: null }],
      },
      (stored) => {
        expect(stored.organisations).toHaveLength(2);
        throw new PgStoreError('the check failed');
      },
    );
    await expect(refusal).rejects.toThrow('the check failed');
    expect(
      await db.sql(
        'SELECT (SELECT count(*) FROM organisations)::int AS orgs, (SELECT count(*) FROM state)::int AS state, (SELECT count(*) FROM claims)::int AS claims',
      ),
    ).toEqual([{ orgs: 0, state: 0, claims: 0 }]);
  });

  test('the bot must be stopped, the database named, and the target PostgreSQL', async () => {
    const dataFile = await usedDataFolder(temp.dir);
    expect(await run(['migrate', '--to', 'postgres', '--data', dataFile])).toMatchObject({
      code: EXIT.usage,
      err: expect.stringContaining('migrate needs the database: set DATABASE_URL'),
    });
    expect(
      await run(['migrate', '--to', 'mysql', '--data', dataFile, '--database-url', db.url()]),
    ).toMatchObject({
      code: EXIT.usage,
      err: expect.stringContaining('migrate copies to postgres only'),
    });
    expect(await run(['migrate', '--data', dataFile, '--database-url', db.url()])).toMatchObject({
      code: EXIT.usage,
      err: expect.stringContaining('migrate needs --to'),
    });
    expect(
      await run([
        'migrate',
        '--to',
        'postgres',
        '--data',
        dataFile,
        '--database-url',
        `mysql://root:${PASSWORD}@db/x`,
      ]),
    ).toEqual({
      code: EXIT.badInput,
      out: '',
      err: expect.stringContaining('DATABASE_URL must be a postgres:// or postgresql:// URL'),
    });
    expect(
      (
        await run([
          'migrate',
          '--to',
          'postgres',
          '--data',
          dataFile,
          '--database-url',
          `mysql://root:${PASSWORD}@db/x`,
        ])
      ).err,
    ).not.toContain(PASSWORD);
    expect(
      await run([
        'migrate',
        '--to',
        'postgres',
        '--data',
        join(temp.dir, 'none.json'),
        '--database-url',
        db.url(),
      ]),
    ).toMatchObject({
      code: EXIT.badInput,
      err: expect.stringContaining('There is no data file at'),
    });
    // The lock of a live process on this machine: the one that started this test run.
    await writeFile(`${dataFile}.lock`, JSON.stringify({ pid: process.ppid, host: hostname() }));
    const locked = await run([
      'migrate',
      '--to',
      'postgres',
      '--data',
      dataFile,
      '--database-url',
      db.url(),
    ]);
    expect(locked.code).toBe(EXIT.badInput);
    expect(locked.err).toMatch(/^Stop the bot first: Another bot process/);
    expect(
      await db.sql<{ tables: string | null }>(
        "SELECT to_regclass('organisations')::text AS tables",
      ),
    ).toEqual([{ tables: null }]);
    expect((await run(['migrate', '--help'])).out).toContain(
      'npm run org -- migrate --to postgres',
    );
  });

  test('when the bot ran with a local key file, then the report says to set KEYS_SECRET to it, without printing it', async () => {
    const dataFile = await usedDataFolder(temp.dir);
    await writeFile(`${dataFile}.key`, `${SECRET}\n`, { mode: 0o600 });
    const without = await run([
      'migrate',
      '--to',
      'postgres',
      '--dry-run',
      '--data',
      dataFile,
      '--database-url',
      db.url(),
    ]);
    expect(without.out).toContain(
      `The bot ran with the key file ${dataFile}.key: set KEYS_SECRET to its contents on every instance`,
    );
    const other = await run(
      ['migrate', '--to', 'postgres', '--dry-run', '--data', dataFile, '--database-url', db.url()],
      { KEYS_SECRET: 'ab'.repeat(32) },
    );
    expect(other.out).toContain(`KEYS_SECRET is not the secret in the key file ${dataFile}.key`);
    const same = await run(
      ['migrate', '--to', 'postgres', '--dry-run', '--data', dataFile, '--database-url', db.url()],
      { KEYS_SECRET: SECRET },
    );
    expect(same.out).not.toContain('KEYS_SECRET');
    for (const r of [without, other, same]) expect(r.out + r.err).not.toMatch(/0f0f0f|abababab/);
  });

  test('with DATABASE_URL set, the other commands work on the database (no data file is made)', async () => {
    const examples = join(__dirname, '..', '..', 'examples', 'org');
    const env = { DATABASE_URL: urlWithPassword(), KEYS_SECRET: SECRET };
    const dataFile = join(temp.dir, 'data', 'benefits.json');
    const io = async (args: string[]) => {
      let out = '';
      let err = '';
      const code = await runOrgCli(args, {
        env,
        cwd: examples,
        root: temp.dir,
        out: (t) => (out += t),
        err: (t) => (err += t),
      });
      return { code, out, err };
    };
    const created = await io(['create', '--file', 'organisation.json', '--data', dataFile]);
    expect(created).toMatchObject({ code: EXIT.ok, err: '' });
    expect(created.out).toMatch(
      /^Created Northwind Traders \(tenant [0-9a-f-]+\) in the PostgreSQL database test_\w+ on \/\S+ as postgres, a new database with no demo organisations\./,
    );
    expect(created.out).not.toContain(PASSWORD);
    const tenant = '4e6f7274-6877-696e-6420-547261646572';
    expect(await io(['import-users', '--tenant', tenant, 'users.csv'])).toMatchObject({
      code: EXIT.ok,
      out: expect.stringContaining('10 added'),
    });
    expect(await io(['import-benefits', '--tenant', tenant, 'benefits.json'])).toMatchObject({
      code: EXIT.ok,
      out: expect.stringContaining('3 added'),
    });
    expect((await io(['export-assignments', '--tenant', tenant])).out.split('\n')[0]).toBe(
      'benefit,user name,email,state,assigned at,assigned by,alternative email',
    );
    expect(existsSync(dataFile)).toBe(false);
    const pg = await openPgStores({ connectionString: db.url(), seed: () => [] });
    try {
      expect(await pg.benefits.tenantIds()).toEqual([tenant]);
      expect(await pg.benefits.users(tenant)).toHaveLength(10);
    } finally {
      await pg.close();
    }
  });
});
