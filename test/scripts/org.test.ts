import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, relative } from 'node:path';
import { parse as parseCsv } from 'csv-parse/sync';
import { EXIT, runOrgCli, type CliIo } from '../../scripts/org';
import { formatOutcome, formatProblems, ORGANISATION_OPTION_NAMES } from '../../scripts/org-text';
import { resolveAccess, type Actor } from '../../services/access.service';
import { BenefitsService } from '../../services/benefits.service';
import { pinnedClock } from '../../services/clock';
import type { Benefit, OrganisationData } from '../../services/model';
import { importBenefits, importUsers } from '../../services/import/apply';
import { assignmentsCsv, auditCsv } from '../../services/import/export';
import {
  createOrganisation,
  newOrganisation,
  organisationFromJson,
} from '../../services/import/organisation';
import { decodeUtf8 } from '../../services/import/parse';
import { ImportRejectedError, OrgCommandError, type Problem } from '../../services/import/problems';
import type { CipherSource } from '../../services/import/seal';
import { demoOrganisations } from '../../services/seed/demo-organisations';
import { KeyCipher } from '../../services/secrets/key-cipher';
import { people } from '../support/people';
import { demoStores, NOW, TEST_CIPHER, tempDir } from '../support/temp-store';
import {
  openTestStores,
  reopenStores,
  storedTexts,
  storeSettings,
  TEST_BACKEND,
  TEST_KEYS_SECRET,
  testOnLowdb,
  testOnPostgres,
  type StoredText,
} from '../support/test-backend';
import { PERSONAL_CHAT } from '../../services/policy/visibility';

const EXAMPLES = join(__dirname, '..', '..', 'examples', 'org');
const NORTHWIND = '4e6f7274-6877-696e-6420-547261646572';
const NANCY = '7d3e1f2a-5b6c-4d7e-8f90-a1b2c3d4e501';
const cipher: CipherSource = async () => TEST_CIPHER;
const example = (name: string) => readFile(join(EXAMPLES, name), 'utf8');

/** Every clear-text key in the example files. */
async function exampleKeys(): Promise<string[]> {
  const json = JSON.parse(await example('benefits.json')) as { keys?: string[] }[];
  const csv = parseCsv(await example('benefits.csv'), { columns: true }) as { keys: string }[];
  return [
    ...json.flatMap((b) => b.keys ?? []),
    ...csv.flatMap((r) => r.keys.split(';').filter(Boolean)),
  ];
}

/** Every file under a folder, byte for byte. */
async function filesUnder(dir: string): Promise<Map<string, Buffer>> {
  const files = new Map<string, Buffer>();
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (entry.isFile()) {
      const file = join(entry.parentPath, entry.name);
      files.set(relative(dir, file), await readFile(file));
    }
  }
  return files;
}

/**
 * What the store holds at rest (test-backend.ts's storedTexts): every file under its folder on
 * lowdb, every table of its schema on PostgreSQL. What "nothing was written" is checked against.
 */
function storedNow(store: { dataFile: string; dir: string }): Promise<StoredText[]> {
  return storedTexts(store);
}

/** Everything written at rest, as one text: what the store holds and, on PostgreSQL, the files under the folder too (what a command wrote out). */
async function allText(store: { dataFile: string; dir: string }): Promise<string> {
  const texts = (await storedTexts(store)).map((t) => t.text);
  if (TEST_BACKEND !== 'lowdb')
    texts.push(...[...(await filesUnder(store.dir)).values()].map((b) => b.toString('utf8')));
  return texts.join('\n');
}

/** A store with no organisations, as `npm run org -- create` makes on a new data file (or database). */
async function emptyStore() {
  const temp = await tempDir();
  const dataFile = join(temp.dir, 'benefits.json');
  const stores = await openTestStores(dataFile, () => []);
  return {
    ...stores,
    dataFile,
    dir: temp.dir,
    async dispose() {
      await stores.close();
      await temp.remove();
    },
  };
}

type Store = Awaited<ReturnType<typeof emptyStore>>;

async function northwind(): Promise<Store> {
  const store = await emptyStore();
  await createOrganisation(
    store.benefits,
    organisationFromJson(await example('organisation.json'), 'organisation.json'),
  );
  return store;
}

async function rejection(work: Promise<unknown>): Promise<ImportRejectedError> {
  const err = await work.then(
    () => undefined,
    (e: unknown) => e,
  );
  if (!(err instanceof ImportRejectedError))
    throw new Error(`expected the import to be rejected, got ${String(err)}`);
  return err;
}

async function actor(
  store: Store | Awaited<ReturnType<typeof demoStores>>,
  tenantId: string,
  userId: string,
): Promise<Actor> {
  const access = await resolveAccess(store.benefits, { tenantId, userId, displayName: undefined });
  if (access.kind !== 'member') throw new Error(`not a member: ${access.kind}`);
  return access.actor;
}

const where = (problems: Problem[]) => problems.map((p) => p.where);

describe('creating an organisation', () => {
  let store: Store;
  beforeEach(async () => (store = await emptyStore()));
  afterEach(() => store.dispose());

  test('when created from options, then the bot finds the tenant with no users or benefits yet', async () => {
    const data = newOrganisation(
      {
        tenantId: NORTHWIND,
        name: 'Northwind Traders',
        partnerCenterEmail: 'partnercenter@northwindtraders.com',
        partnerId: '7765432',
        level: 'gold',
        competencies: ['Cloud Platform', ' Data Analytics ', ''],
        managedIn: 'Partner Center',
        packageName: 'Gold Cloud Platform membership',
        purchased: '2026-11-10',
        expires: '2027-11-09',
      },
      ORGANISATION_OPTION_NAMES,
      'The options',
    );
    await createOrganisation(store.benefits, data);
    expect(await store.benefits.organisation(NORTHWIND)).toEqual({
      tenantId: NORTHWIND,
      name: 'Northwind Traders',
      partnerCenterEmail: 'partnercenter@northwindtraders.com',
      partnerId: '7765432',
      level: 'Gold',
      competencies: ['Cloud Platform', 'Data Analytics'],
      managedIn: 'partnerCenter',
      package: {
        name: 'Gold Cloud Platform membership',
        purchasedAt: '2026-11-10T00:00:00.000Z',
        expiresAt: '2027-11-09T00:00:00.000Z',
      },
      marketingContact: null,
    });
    expect(
      await resolveAccess(store.benefits, {
        tenantId: NORTHWIND,
        userId: NANCY,
        displayName: 'Nancy',
      }),
    ).toMatchObject({ kind: 'member', actor: { roles: [] } });
  });

  test('when every field is wrong, then each is named in one report and nothing is created', async () => {
    const err = await rejection(
      (async () =>
        newOrganisation(
          {
            tenantId: 'not a tenant',
            name: ' ',
            partnerCenterEmail: 'pc@',
            partnerId: '',
            level: 'Platinum',
            competencies: [],
            managedIn: 'elsewhere',
            packageName: '',
            purchased: '2026-02-30',
            expires: 'soon',
          },
          ORGANISATION_OPTION_NAMES,
          'The options',
        ))(),
    );
    expect(where(err.problems)).toEqual([
      '--tenant',
      '--name',
      '--partner-center-email',
      '--partner-id',
      '--level',
      '--managed-in',
      '--package',
      '--purchased',
      '--expires',
    ]);
    expect(await store.benefits.tenantIds()).toEqual([]);
  });

  test('when the package expires before it was bought, then --expires is refused', async () => {
    const json = JSON.parse(await example('organisation.json')) as {
      package: { expiresAt: string };
    };
    json.package.expiresAt = '2026-01-01';
    const err = await rejection(
      (async () => organisationFromJson(JSON.stringify(json), 'org.json'))(),
    );
    expect(err.problems).toEqual([
      { where: 'package.expiresAt', message: 'must be after the purchase date' },
    ]);
  });

  test('when organisation.json misses a field or has an unknown one, then each is named', async () => {
    const err = await rejection(
      (async () =>
        organisationFromJson(
          '{"tenantId":"x","name":"N","partnerId":7,"level":"Gold","managedIn":"pmc","package":{"name":"P","purchasedAt":"2026-01-01","expiresAt":"2027-01-01"},"colour":"blue"}',
          'org.json',
        ))(),
    );
    expect(err.problems).toEqual([
      { where: 'partnerCenterEmail', message: 'is missing' },
      { where: 'file', message: 'Unrecognized key: "colour"' },
    ]);
  });

  test('when the tenant exists, then create is refused and the data file is untouched', async () => {
    await createOrganisation(
      store.benefits,
      organisationFromJson(await example('organisation.json'), 'organisation.json'),
    );
    const before = await storedNow(store);
    await expect(
      createOrganisation(
        store.benefits,
        organisationFromJson(await example('organisation.json'), 'organisation.json'),
      ),
    ).rejects.toThrow(OrgCommandError);
    expect(await storedNow(store)).toEqual(before);
  });
});

describe('importing users', () => {
  let store: Store;
  beforeEach(async () => (store = await northwind()));
  afterEach(() => store.dispose());

  test('when users.csv is imported, then the bot knows each person by Entra id with their roles and aliases', async () => {
    const outcome = await importUsers(
      store.benefits,
      NORTHWIND,
      await example('users.csv'),
      'users.csv',
    );
    expect([
      outcome.added.length,
      outcome.updated.length,
      outcome.unchanged.length,
      outcome.written,
    ]).toEqual([10, 0, 0, true]);
    expect(await actor(store, NORTHWIND, NANCY)).toMatchObject({
      displayName: 'Nancy Davolio',
      roles: ['globalAdmin'],
    });
    expect(
      await store.benefits.user(NORTHWIND, '7d3e1f2a-5b6c-4d7e-8f90-a1b2c3d4e502'),
    ).toMatchObject({ roles: ['userAdmin', 'mpnPartnerAdmin'], aliases: ['Andy'] });
    expect(await store.benefits.user(NORTHWIND, '7d3e1f2a-5b6c-4d7e-8f90-a1b2c3d4e509')).toEqual({
      id: '7d3e1f2a-5b6c-4d7e-8f90-a1b2c3d4e509',
      displayName: '山田 花子',
      email: 'hanako.yamada@northwindtraders.com',
      roles: [],
      aliases: ['Hanako Yamada'],
    });
  });

  test('when the same file is imported again, then nothing changes, to the byte', async () => {
    await importUsers(store.benefits, NORTHWIND, await example('users.csv'), 'users.csv');
    const before = await storedNow(store);
    const again = await importUsers(
      store.benefits,
      NORTHWIND,
      await example('users.csv'),
      'users.csv',
    );
    expect(formatOutcome(again)).toBe('Northwind Traders: 0 added, 0 updated, 10 unchanged users.');
    expect(again.written).toBe(false);
    expect(await storedNow(store)).toEqual(before);
  });

  test('when it is a dry run, then the plan is told and nothing is written', async () => {
    const before = await storedNow(store);
    const plan = await importUsers(
      store.benefits,
      NORTHWIND,
      await example('users.csv'),
      'users.csv',
      { dryRun: true },
    );
    expect(formatOutcome(plan)).toMatch(
      /^Dry run for Northwind Traders \(nothing was written\): 10 added, 0 updated, 0 unchanged users\.\n {2}add {5}Nancy Davolio <nancy@northwindtraders.com>/,
    );
    expect(await storedNow(store)).toEqual(before);
    expect(await store.benefits.users(NORTHWIND)).toEqual([]);
  });

  test('when a row changes, then only that user is updated and the plan says what changed', async () => {
    await importUsers(store.benefits, NORTHWIND, await example('users.csv'), 'users.csv');
    const changed = (await example('users.csv')).replace(
      'Robert King,robert@northwindtraders.com,7d3e1f2a-5b6c-4d7e-8f90-a1b2c3d4e507,employee',
      'Robert King,robert@northwindtraders.com,7d3e1f2a-5b6c-4d7e-8f90-a1b2c3d4e507,global ADMIN',
    );
    const outcome = await importUsers(store.benefits, NORTHWIND, changed, 'users.csv');
    expect(outcome.updated).toEqual([
      {
        id: '7d3e1f2a-5b6c-4d7e-8f90-a1b2c3d4e507',
        label: 'Robert King <robert@northwindtraders.com>',
        fields: ['roles'],
      },
    ]);
    expect(outcome.unchanged).toHaveLength(9);
    expect(
      await store.benefits.user(NORTHWIND, '7d3e1f2a-5b6c-4d7e-8f90-a1b2c3d4e507'),
    ).toMatchObject({ roles: ['globalAdmin'] });
  });

  test('when rows are bad, then every bad line is reported in one go and the data file is untouched', async () => {
    await importUsers(store.benefits, NORTHWIND, await example('users.csv'), 'users.csv');
    const before = await storedNow(store);
    const csv = [
      'Name,Email,AADObjectId,Role',
      'Good Person,good@northwindtraders.com,aaaaaaaa-0000-4000-8000-000000000001,employee',
      'Bad Email,bob@,aaaaaaaa-0000-4000-8000-000000000002,employee',
      'Bad Role,badrole@northwindtraders.com,aaaaaaaa-0000-4000-8000-000000000003,Superuser',
      'Again,GOOD@northwindtraders.com,aaaaaaaa-0000-4000-8000-000000000004,employee',
      ',noname@northwindtraders.com,,Global admin;employee',
      'Taken,nancy@northwindtraders.com,aaaaaaaa-0000-4000-8000-000000000006,employee',
      'Too,many,values,employee,extra',
      '"Spread',
      'Over Lines",bad,aaaaaaaa-0000-4000-8000-000000000008,employee',
    ].join('\n');
    const err = await rejection(importUsers(store.benefits, NORTHWIND, csv, 'users.csv'));
    expect(err.problems).toEqual([
      { where: 'line 3', message: 'email "bob@" is not an email address' },
      {
        where: 'line 4',
        message:
          'role "Superuser" is not one of Global admin, User admin, Admin agent, MPN partner admin, employee',
      },
      { where: 'line 5', message: 'email GOOD@northwindtraders.com is already on line 2' },
      { where: 'line 6', message: 'name is empty' },
      {
        where: 'line 6',
        message: "aadObjectId is empty; it is the person's Microsoft Entra object id",
      },
      {
        where: 'line 6',
        message: 'role says employee and an admin role; an employee is someone with no admin role',
      },
      {
        where: 'line 7',
        message: `email nancy@northwindtraders.com belongs to Nancy Davolio, whose aadObjectId is ${NANCY}, not aaaaaaaa-0000-4000-8000-000000000006`,
      },
      {
        where: 'line 8',
        message: 'has 5 values but the header has 4 columns (quote a value that holds a comma)',
      },
      { where: 'line 9', message: 'email "bad" is not an email address' },
    ]);
    expect(formatProblems(err)).toMatch(
      /^users\.csv has 9 problems; nothing was written:\n {2}line 3: email "bob@"/,
    );
    expect(await storedNow(store)).toEqual(before);
  });

  test('when the header is wrong, then the header problems are reported on line 1', async () => {
    const err = await rejection(
      importUsers(
        store.benefits,
        NORTHWIND,
        'name,mail,aadObjectId,role\nA,a@b.co,x,employee\n',
        'users.csv',
      ),
    );
    expect(err.problems).toEqual([
      {
        where: 'line 1',
        message: 'unknown column "mail"; the columns are name, email, aadObjectId, role, aliases',
      },
      {
        where: 'line 1',
        message: 'the column "email" is missing (the header needs name,email,aadObjectId,role)',
      },
    ]);
  });

  test('when the file is not UTF-8 (Excel\'s Shift_JIS "CSV"), then it is refused with how to save it', async () => {
    expect(() => decodeUtf8(Buffer.from([0x8e, 0x52, 0x93, 0x63]), 'users.csv')).toThrow(
      ImportRejectedError,
    );
  });
});

describe('a user added in chat gets their Entra id from the import', () => {
  test('when a row has the email of a chat-added user, then that user takes the aadObjectId and keeps their assignment', async () => {
    const stores = await demoStores();
    try {
      const tenant = people.alex.tenantId;
      await stores.benefits.unitOfWork(tenant, (draft) => {
        draft.users.push({
          id: 'local-123',
          displayName: 'Nina Patel',
          aliases: [],
          email: 'nina@contoso.com',
          roles: [],
        });
        draft.assignments.push({
          id: 'a-nina',
          benefitId: 'visual-studio-professional',
          userId: 'local-123',
          state: 'active',
          assignedAt: NOW.toISOString(),
          assignedBy: people.alex.userId,
          alternativeEmail: null,
          activatedAt: NOW.toISOString(),
        });
      });
      const outcome = await importUsers(
        stores.benefits,
        tenant,
        'name,email,aadObjectId,role\nNina Patel,Nina@contoso.com,11111111-2222-4333-8444-555555555555,employee\n',
        'users.csv',
      );
      expect(outcome.updated).toEqual([
        {
          id: '11111111-2222-4333-8444-555555555555',
          label: 'Nina Patel <Nina@contoso.com>',
          fields: ['aadObjectId', 'email'],
        },
      ]);
      expect(await stores.benefits.user(tenant, 'local-123')).toBeUndefined();
      expect(
        (await stores.benefits.assignments(tenant)).find((a) => a.id === 'a-nina')?.userId,
      ).toBe('11111111-2222-4333-8444-555555555555');
    } finally {
      await stores.dispose();
    }
  });
});

describe('importing benefits', () => {
  let store: Store;
  beforeEach(async () => {
    store = await northwind();
    await importUsers(store.benefits, NORTHWIND, await example('users.csv'), 'users.csv');
  });
  afterEach(() => store.dispose());

  const importJson = (text: string, dryRun = false) =>
    importBenefits(
      store.benefits,
      NORTHWIND,
      { text, format: 'json', source: 'benefits.json' },
      cipher,
      { dryRun },
    );
  const importCsv = (text: string, dryRun = false) =>
    importBenefits(
      store.benefits,
      NORTHWIND,
      { text, format: 'csv', source: 'benefits.csv' },
      cipher,
      { dryRun },
    );

  test('when the JSON and CSV examples are imported, then the bot lists the benefits in every category', async () => {
    const fromJson = await importJson(await example('benefits.json'));
    expect(formatOutcome(fromJson)).toMatch(
      /^Northwind Traders: 3 added, 0 updated, 0 unchanged benefits\. 6 keys were stored encrypted\./,
    );
    const fromCsv = await importCsv(await example('benefits.csv'));
    expect(countOf(fromCsv)).toEqual([8, 0, 0]);

    const service = new BenefitsService({ store: store.benefits, clock: pinnedClock(NOW) });
    const overview = await service.overview(await actor(store, NORTHWIND, NANCY), PERSONAL_CHAT);
    if (overview.scope !== 'organisation') throw new Error('Nancy should see the organisation');
    expect(overview.value.categories.map((c) => [c.category, c.benefitCount])).toEqual([
      ['software', 2],
      ['cloud', 3],
      ['visualStudio', 2],
      ['technical', 2],
      ['goToMarket', 2],
    ]);
    const software = await service.category(
      await actor(store, NORTHWIND, NANCY),
      'software',
      PERSONAL_CHAT,
    );
    if (software.scope !== 'organisation') throw new Error('Nancy should see the organisation');
    expect(software.value.benefits.map((b) => [b.name.ja, b.quantity, b.state])).toEqual([
      ['Windows 11 Enterprise', 3, 'keysNotRevealed'],
      ['Office LTSC Professional Plus 2024', 2, 'keysNotRevealed'],
    ]);
    const offers = await store.benefits.benefits(NORTHWIND);
    expect(offers.find((b) => b.id === 'gold-core')).toMatchObject({
      kind: 'offer',
      requiresLevel: 'Gold',
      status: 'notActivated',
    });
  });

  test("when keys are imported, then the data file holds none of them in clear text, and the bot's cipher opens them", async () => {
    await importJson(await example('benefits.json'));
    await importCsv(await example('benefits.csv'));
    const stored = await allText(store);
    const keys = await exampleKeys();
    expect(keys).toHaveLength(7);
    for (const key of keys) expect(stored).not.toContain(key);
    const windows = (await store.benefits.benefits(NORTHWIND)).find(
      (b) => b.id === 'windows-11-enterprise',
    );
    if (windows?.kind !== 'softwareKeys')
      throw new Error('Windows 11 should be a software benefit');
    expect(windows.keys.every(KeyCipher.isEncrypted)).toBe(true);
    expect(windows.keys.map((k) => TEST_CIPHER.decrypt(k))).toEqual(keys.slice(0, 3));
  });

  test('when the same files are imported again, then nothing changes, to the byte', async () => {
    await importJson(await example('benefits.json'));
    await importCsv(await example('benefits.csv'));
    const before = await storedNow(store);
    expect(formatOutcome(await importJson(await example('benefits.json')))).toBe(
      'Northwind Traders: 0 added, 0 updated, 3 unchanged benefits.',
    );
    expect(countOf(await importCsv(await example('benefits.csv')))).toEqual([0, 0, 8]);
    expect(await storedNow(store)).toEqual(before);
  });

  test('when it is a dry run, then the plan counts keys without showing them and nothing is written', async () => {
    const before = await storedNow(store);
    const plan = formatOutcome(await importJson(await example('benefits.json'), true));
    expect(plan).toBe(
      [
        'Dry run for Northwind Traders (nothing was written): 3 added, 0 updated, 0 unchanged benefits. 6 keys would be stored encrypted.',
        '  add     Windows 11 Enterprise [windows-11-enterprise] (3 keys)',
        '  add     Office LTSC Professional Plus 2024 [office-ltsc-2024] (2 keys)',
        '  add     Microsoft 365 E5 [microsoft-365-e5] (1 key)',
      ].join('\n'),
    );
    for (const key of await exampleKeys()) expect(plan).not.toContain(key);
    expect(await storedNow(store)).toEqual(before);
  });

  test('when CSV rows are bad, then every bad line is reported, no key is shown, and the data file is untouched', async () => {
    await importCsv(await example('benefits.csv'));
    const before = await storedNow(store);
    const header =
      'id,category,kind,name_en,name_ja,quantity,instructions_en,instructions_ja,aliases,keys,link_title_en,link_title_ja,link_url';
    const csv = [
      header,
      'crm,,licenseKeys,CRM,CRM,5,,,,SECRET-CLEAR-KEY-1;SECRET-CLEAR-KEY-2,,,', // good: clear-text keys are what an import takes
      'vs-test,visualStudio,seats,VS Test,VS テスト,ten,,,,,,,',
      'thing,cloud,licence,Thing,モノ,1,,,,,,,',
      'windows-10,software,softwareKeys,Windows 10,Windows 10,5,,,,SECRET-CLEAR-KEY-3,,,',
      'seats-with-keys,,seats,Seats,シート,2,,,,SECRET-CLEAR-KEY-4,,,',
      'linked,,seats,Linked,リンク,2,,,,,Portal,ポータル,not-a-url',
      'crm,,licenseKeys,CRM again,CRM,5,,,,,,,',
      'wrong-place,technical,seats,Wrong,違う,1,,,,,,,',
      'visual-studio-enterprise,,hours,VS,VS,5,,,,,,,',
      'dupe-keys,,licenseKeys,Dupe,重複,1,,,,SECRET-CLEAR-KEY-5;SECRET-CLEAR-KEY-5,,,',
      'shifted,,seats,Shifted,ずれ,SECRET-CLEAR-KEY-2,,,,,,,', // a key of the file pasted into the wrong column
      'shaped,,seats,Shaped,形,ABCDE-FGHJK-MPQRT-VWXY2-34678,,,,,,,',
    ].join('\r\n');
    const err = await rejection(importCsv(csv));
    expect(err.problems).toEqual([
      { where: 'line 3', message: 'quantity "ten" is not a whole number' },
      {
        where: 'line 4',
        message:
          'kind "licence" is not one of softwareKeys, usageSubscription, licenseKeys, seats, supportIncidents, hours, offer',
      },
      {
        where: 'line 5',
        message:
          'a new software benefit needs its languages, OS types and download links, which only JSON can carry: add it with a .json file (see examples/org/benefits.json); a CSV row can only update a software benefit that exists',
      },
      { where: 'line 6', message: 'a seats benefit has no keys; leave keys empty' },
      { where: 'line 7', message: 'link_url "not-a-url" is not an http(s) URL' },
      { where: 'line 8', message: 'id crm is already on line 2' },
      {
        where: 'line 9',
        message: 'a seats benefit belongs to the category visualStudio, not technical',
      },
      {
        where: 'line 10',
        message:
          'benefit visual-studio-enterprise exists as a seats benefit; its kind cannot change',
      },
      { where: 'line 11', message: 'key 2 is the same as key 1' },
      { where: 'line 12', message: 'quantity "[a key]" is not a whole number' },
      { where: 'line 13', message: 'quantity "[a key]" is not a whole number' },
    ]);
    expect(formatProblems(err)).not.toMatch(/SECRET-CLEAR-KEY|ABCDE-FGHJK/);
    expect(await storedNow(store)).toEqual(before);
  });

  test('when JSON items are bad, then each is reported by its index and nothing is written', async () => {
    const before = await storedNow(store);
    const good = JSON.parse(await example('benefits.json')) as Record<string, unknown>[];
    const [windows, office, m365] = good;
    const items = [
      windows,
      { ...office, name: { en: 'Office', ja: '' } },
      { ...m365, kind: 'licence' },
      {
        ...windows,
        id: 'windows-arm-only',
        downloads: (windows?.downloads as unknown[]).slice(0, 3),
      },
      { ...m365, id: 'm365-again', quantity: -1, colour: 'blue' },
      { ...m365, id: 'm365-sealed', keys: [TEST_CIPHER.encrypt('NOT-SHOWN')] },
      'a string',
    ];
    const err = await rejection(importJson(JSON.stringify(items, null, 2)));
    expect(err.problems).toEqual([
      { where: '[1] (office-ltsc-2024)', message: 'name.ja: is empty' },
      {
        where: '[2] (microsoft-365-e5)',
        message:
          'kind "licence" is not one of softwareKeys, usageSubscription, licenseKeys, seats, supportIncidents, hours, offer',
      },
      {
        where: '[3] (windows-arm-only)',
        message:
          'there is no download for ja / arm64 (R3.2: every language and OS type needs its link)',
      },
      { where: '[4] (m365-again)', message: 'quantity: is negative' },
      { where: '[4] (m365-again)', message: 'Unrecognized key: "colour"' },
      {
        where: '[5] (m365-sealed)',
        message:
          'key 1 is already encrypted; give keys in clear text (they are encrypted on the way in)',
      },
      {
        where: '[6]',
        message:
          'kind is missing; it is one of softwareKeys, usageSubscription, licenseKeys, seats, supportIncidents, hours, offer',
      },
    ]);
    expect(await storedNow(store)).toEqual(before);
  });

  test('when the JSON does not parse, then the line is named without quoting the text', async () => {
    const err = await rejection(importJson('[\n  {"id": "x",\n   "keys": [SECRET-KEY-TEXT]}\n]'));
    expect(err.problems).toEqual([{ where: 'line 3', message: 'is not valid JSON' }]);
  });
});

describe('importing into an organisation that is in use', () => {
  let stores: Awaited<ReturnType<typeof demoStores>>;
  const tenant = people.alex.tenantId;
  const demo = demoOrganisations(NOW)[0] as OrganisationData;
  const demoBenefit = (id: string) => demo.benefits.find((b) => b.id === id) as Benefit;
  beforeEach(async () => (stores = await demoStores()));
  afterEach(() => stores.dispose());

  const importJson = (items: unknown[], source: CipherSource = cipher) =>
    importBenefits(
      stores.benefits,
      tenant,
      { text: JSON.stringify(items), format: 'json', source: 'benefits.json' },
      source,
    );

  test('when a benefit with an assignment gets more seats, then its assignment stays', async () => {
    const outcome = await importJson([{ ...demoBenefit('visual-studio-enterprise'), quantity: 4 }]);
    expect(outcome.updated).toEqual([
      {
        id: 'visual-studio-enterprise',
        label: 'Visual Studio Enterprise subscription [visual-studio-enterprise]',
        fields: ['quantity'],
      },
    ]);
    expect(await stores.benefits.assignments(tenant)).toEqual([
      expect.objectContaining({
        benefitId: 'visual-studio-enterprise',
        userId: people.leeGu.userId,
      }),
    ]);
  });

  test('when the quantity would drop below what is assigned, then the row is bad', async () => {
    const err = await rejection(
      importJson([{ ...demoBenefit('visual-studio-enterprise'), quantity: 0 }]),
    );
    expect(err.problems).toEqual([
      {
        where: '[0] (visual-studio-enterprise)',
        message: 'quantity 0 is below what is in use (1 assignment)',
      },
    ]);
  });

  test('when advisory hours would drop below the hours used and reserved, then the row is bad', async () => {
    await stores.benefits.unitOfWork(tenant, (draft) => {
      const hours = draft.benefits.find((b) => b.id === 'partner-advisory-hours');
      if (hours?.kind === 'hours') hours.hoursUsed = 4;
      draft.requests.push({
        id: 'r1',
        reference: 'ADV-20261124-0001',
        kind: 'hours',
        benefitId: 'partner-advisory-hours',
        phase: 'design',
        solution: 'cloud',
        description: 'Design review',
        hours: 3,
        contact: null,
        status: 'submitted',
        createdAt: NOW.toISOString(),
        createdBy: people.alex.userId,
      });
    });
    const err = await rejection(
      importJson([{ ...demoBenefit('partner-advisory-hours'), quantity: 6 }]),
    );
    expect(err.problems).toEqual([
      {
        where: '[0] (partner-advisory-hours)',
        message: 'quantity 6 is below what is in use (7 hours used or reserved by requests)',
      },
    ]);
    expect(
      (await importJson([{ ...demoBenefit('partner-advisory-hours'), quantity: 7, hoursUsed: 0 }]))
        .updated[0]?.fields,
    ).toEqual(['quantity']);
    expect(
      (await stores.benefits.benefits(tenant)).find((b) => b.id === 'partner-advisory-hours'),
    ).toMatchObject({ quantity: 7, hoursUsed: 4 });
  });

  test('when keys are left out, then the stored keys and the reveal state stay as they were', async () => {
    const before = (await stores.benefits.benefits(tenant)).find(
      (b) => b.id === 'windows-11-enterprise',
    );
    const windows: Partial<Benefit & { keys: string[] }> = {
      ...demoBenefit('windows-11-enterprise'),
    };
    delete windows.keys;
    const outcome = await importJson([{ ...windows, quantity: 6 }]);
    expect(outcome.updated[0]).toMatchObject({ fields: ['quantity'], keys: 5 });
    const after = (await stores.benefits.benefits(tenant)).find(
      (b) => b.id === 'windows-11-enterprise',
    );
    expect(after).toEqual({ ...before, quantity: 6 });
  });

  test('when a CSV row gives a software benefit new keys, then they replace the old ones and the download links stay', async () => {
    const header =
      'id,category,kind,name_en,name_ja,quantity,instructions_en,instructions_ja,aliases,keys,link_title_en,link_title_ja,link_url';
    const w = demoBenefit('windows-11-enterprise') as Benefit & { keys: string[] };
    const row = [
      w.id,
      'software',
      'softwareKeys',
      w.name.en,
      w.name.ja,
      '5',
      `"${w.instructions.en}"`,
      w.instructions.ja,
      w.aliases.join(';'),
      [...w.keys.slice(0, 4), 'NEW11-BCDFG-HJKMP-QRTVW-XY234'].join(';'),
      w.links[0]?.title.en,
      w.links[0]?.title.ja,
      w.links[0]?.url,
    ].join(',');
    const outcome = await importBenefits(
      stores.benefits,
      tenant,
      { text: `${header}\n${row}\n`, format: 'csv', source: 'benefits.csv' },
      cipher,
    );
    expect(outcome.updated[0]).toMatchObject({ fields: ['keys'], keys: 5 });
    const after = (await stores.benefits.benefits(tenant)).find(
      (b) => b.id === 'windows-11-enterprise',
    );
    if (after?.kind !== 'softwareKeys') throw new Error('still software');
    expect(after.keys.map((k) => TEST_CIPHER.decrypt(k))).toEqual([
      ...w.keys.slice(0, 4),
      'NEW11-BCDFG-HJKMP-QRTVW-XY234',
    ]);
    expect(after.downloads).toEqual(w.kind === 'softwareKeys' ? w.downloads : []);
    expect(await allText(stores)).not.toContain('NEW11-BCDFG-HJKMP-QRTVW-XY234');
  });

  test('when the cipher is not the one the keys were stored with, then the import stops before writing', async () => {
    const other: CipherSource = async () => KeyCipher.fromSecret('1e'.repeat(32));
    const before = await storedNow(stores);
    await expect(importJson([demoBenefit('windows-11-enterprise')], other)).rejects.toThrow(
      /cannot be decrypted with this KEYS_SECRET/,
    );
    expect(await storedNow(stores)).toEqual(before);
  });
});

describe('exports', () => {
  test('when assignments are exported, then each holder is a CSV row with names, not ids', async () => {
    const stores = await demoStores();
    try {
      const { csv, rows } = await assignmentsCsv(stores.benefits, people.alex.tenantId);
      expect(rows).toBe(1);
      expect(csv).toBe(
        'benefit,user name,email,state,assigned at,assigned by,alternative email\n' +
          'Visual Studio Enterprise subscription,Lee Gu,lee.gu@contoso.com,active,2026-11-14T09:00:00.000Z,Alex Wilber,\n',
      );
    } finally {
      await stores.dispose();
    }
  });

  test('when the audit log is exported, then before and after are JSON and a formula-like name is defused', async () => {
    const stores = await demoStores();
    try {
      const tenant = people.alex.tenantId;
      await stores.benefits.unitOfWork(tenant, (draft) => {
        draft.users.push({
          id: 'local-9',
          displayName: '=HYPERLINK("http://x")',
          aliases: [],
          email: 'x@contoso.com',
          roles: [],
        });
        draft.audit.push(
          {
            id: 'e1',
            at: '2026-11-20T10:00:00.000Z',
            actorId: people.alex.userId,
            action: 'user.added',
            benefitId: null,
            subjectUserId: 'local-9',
            before: null,
            after: { displayName: '=HYPERLINK("http://x")' },
          },
          {
            id: 'e2',
            at: '2026-11-21T10:00:00.000Z',
            actorId: people.alex.userId,
            action: 'benefit.assigned',
            benefitId: 'visual-studio-professional',
            subjectUserId: people.ana.userId,
            before: null,
            after: { state: 'active' },
          },
        );
      });
      const { csv } = await auditCsv(stores.benefits, tenant);
      expect(csv).toBe(
        'at,actor name,action,benefit,subject,before,after\n' +
          '2026-11-20T10:00:00.000Z,Alex Wilber,user.added,,"\'=HYPERLINK(""http://x"")",,"{""displayName"":""=HYPERLINK(\\""http://x\\"")""}"\n' +
          '2026-11-21T10:00:00.000Z,Alex Wilber,benefit.assigned,Visual Studio Professional subscription,Ana Bowman,,"{""state"":""active""}"\n',
      );
    } finally {
      await stores.dispose();
    }
  });

  test('when the tenant is unknown, then the export says so', async () => {
    const stores = await demoStores();
    try {
      await expect(assignmentsCsv(stores.benefits, 'no-such-tenant')).rejects.toThrow(
        'There is no organisation with tenant id no-such-tenant in this data file.',
      );
    } finally {
      await stores.dispose();
    }
  });
});

describe('the command line', () => {
  let temp: Awaited<ReturnType<typeof tempDir>>;
  let dataFile: string;
  beforeEach(async () => {
    temp = await tempDir();
    dataFile = join(temp.dir, 'data', 'benefits.json');
  });
  afterEach(() => temp.remove());

  /** The settings of the run's backend: KEYS_SECRET, and on PostgreSQL the DATABASE_URL of the schema dataFile names. */
  async function settings(): Promise<NodeJS.ProcessEnv> {
    const { DATABASE_URL } = await storeSettings(dataFile);
    return { KEYS_SECRET: TEST_KEYS_SECRET, ...(DATABASE_URL ? { DATABASE_URL } : {}) };
  }

  /** Runs `npm run org -- <args>` with these settings (by default the run's backend's: see settings). */
  async function run(args: string[], env?: NodeJS.ProcessEnv) {
    let out = '';
    let err = '';
    const io: CliIo = {
      env: env ?? (await settings()),
      cwd: EXAMPLES,
      root: temp.dir,
      out: (t) => (out += t),
      err: (t) => (err += t),
    };
    const code = await runOrgCli(args, io);
    return { code, out, err };
  }

  test('when asked for help, then every command is listed, and each has its own help', async () => {
    const help = await run(['--help']);
    expect(help.code).toBe(EXIT.ok);
    for (const command of [
      'create',
      'import-users',
      'import-benefits',
      'export-assignments',
      'export-audit',
      'directory',
    ]) {
      expect(help.out).toContain(command);
      const own = await run([command, '--help']);
      expect([own.code, own.out]).toEqual([
        EXIT.ok,
        expect.stringContaining(`npm run org -- ${command}`),
      ]);
    }
    expect((await run(['import-benefits', '--help'])).out).toContain(
      'a new softwareKeys benefit must come from\n  JSON',
    );
  });

  test('when an organisation is switched to Microsoft Entra ID and back, then the setting is stored and what it knows stays', async () => {
    const data = ['--data', dataFile];
    await run(['create', '--file', 'organisation.json', ...data]);
    await run(['import-users', '--tenant', NORTHWIND, 'users.csv', ...data]);
    expect(await run(['directory', '--tenant', NORTHWIND, 'entra', ...data])).toEqual({
      code: 0,
      out: "The organisation's people now come from Microsoft Entra ID (before: its user list).\n",
      err: '',
    });
    expect(await run(['directory', '--tenant', NORTHWIND, 'entra', ...data])).toMatchObject({
      code: 0,
      out: expect.stringContaining('already'),
    });
    const stores = await reopenStores({ dataFile });
    try {
      expect((await stores.benefits.organisation(NORTHWIND))?.directory).toBe('entra');
      expect(await stores.benefits.users(NORTHWIND)).toHaveLength(10);
    } finally {
      await stores.close();
    }
    expect(await run(['directory', '--tenant', NORTHWIND, 'local', ...data])).toMatchObject({
      code: 0,
      out: expect.stringContaining('now come from its user list'),
    });
    expect(await run(['directory', '--tenant', NORTHWIND, 'ldap', ...data])).toMatchObject({
      code: EXIT.usage,
      err: expect.stringContaining('directory takes local or entra'),
    });
    expect(await run(['directory', '--tenant', 'nobody', 'entra', ...data])).toMatchObject({
      code: EXIT.badInput,
      err: expect.stringContaining('no organisation with the tenant id nobody'),
    });
  });

  test.each([
    [[], /Usage: npm run org -- <command>/],
    [['frobnicate'], /"frobnicate" is not a command/],
    [['import-users', 'users.csv'], /import-users needs --tenant/],
    [['import-users', '--tenant', 'x'], /import-users needs a file: users.csv/],
    [
      ['import-users', '--tenant', 'x', '--colour', 'red', 'users.csv'],
      /Unknown option '--colour'/,
    ],
    [['import-benefits', '--tenant', 'x', 'benefits.xlsx'], /takes a \.csv or a \.json file/],
    [['create', '--name', 'X'], /create needs --tenant, --partner-center-email/],
    [
      ['create', '--file', 'organisation.json', '--name', 'X'],
      /either --file or the organisation's options/,
    ],
    [
      ['export-audit', '--tenant', 'x', '--data', 'benefits.txt'],
      /--data must name the bot's data file/,
    ],
  ])('when the command line is %j, then it is a usage error (exit 2)', async (args, message) => {
    const result = await run(args);
    expect(result.code).toBe(EXIT.usage);
    expect(result.err).toMatch(message);
  });

  test('when an organisation is set up from the example files, then each step succeeds and the export lists what was imported', async () => {
    const data = ['--data', dataFile];
    expect(await run(['create', '--file', 'organisation.json', ...data])).toMatchObject({
      code: 0,
      out: expect.stringContaining('Created Northwind Traders'),
    });
    expect(await run(['import-users', '--tenant', NORTHWIND, 'users.csv', ...data])).toMatchObject({
      code: 0,
      out: expect.stringContaining('10 added'),
    });
    expect(
      await run(['import-benefits', '--tenant', NORTHWIND, 'benefits.json', '--dry-run', ...data]),
    ).toMatchObject({ code: 0, out: expect.stringContaining('Dry run') });
    expect(
      await run(['import-benefits', '--tenant', NORTHWIND, 'benefits.json', ...data]),
    ).toMatchObject({ code: 0, out: expect.stringContaining('3 added') });
    expect(
      await run(['import-benefits', '--tenant', NORTHWIND, 'benefits.csv', ...data]),
    ).toMatchObject({ code: 0, out: expect.stringContaining('8 added') });
    expect(await run(['create', '--file', 'organisation.json', ...data])).toMatchObject({
      code: EXIT.badInput,
      err: expect.stringContaining('already exists'),
    });

    const exported = await run(['export-assignments', '--tenant', NORTHWIND, ...data]);
    expect(exported).toEqual({
      code: 0,
      out: 'benefit,user name,email,state,assigned at,assigned by,alternative email\n',
      err: '',
    });
    const out = join(temp.dir, 'audit.csv');
    // An export holds names and emails: owner-only, even over a file that was readable by all.
    await writeFile(out, 'an older export', { mode: 0o644 });
    expect(await run(['export-audit', '--tenant', NORTHWIND, '--out', out, ...data])).toMatchObject(
      { code: 0, out: `Wrote 0 audit entries to ${out}.\n` },
    );
    expect((await readFile(out, 'utf8')).startsWith('\uFEFFat,actor name,')).toBe(true);
    if (process.platform !== 'win32') expect((await stat(out)).mode & 0o777).toBe(0o600);

    for (const key of await exampleKeys())
      expect(await allText({ dataFile, dir: temp.dir })).not.toContain(key);
  });

  test('when an import is bad, then the report goes to stderr with exit 1 and the data file is untouched', async () => {
    const data = ['--data', dataFile];
    await run(['create', '--file', 'organisation.json', ...data]);
    const bad = join(temp.dir, 'bad.csv');
    await writeFile(bad, 'name,email,aadObjectId,role\nA,a@,x1,employee\nB,b@x.com,x2,boss\n');
    const before = await storedNow({ dataFile, dir: temp.dir });
    const result = await run(['import-users', '--tenant', NORTHWIND, bad, ...data]);
    expect(result).toEqual({
      code: EXIT.badInput,
      out: '',
      err: `${bad} has 2 problems; nothing was written:\n  line 2: email "a@" is not an email address\n  line 3: role "boss" is not one of Global admin, User admin, Admin agent, MPN partner admin, employee\n`,
    });
    expect(await storedNow({ dataFile, dir: temp.dir })).toEqual(before);
  });

  testOnLowdb(
    'when the bot holds the data file, then the command says to stop the bot first',
    async () => {
      await run(['create', '--file', 'organisation.json', '--data', dataFile]);
      // The lock of a live process on this machine: the one that started this test run.
      await writeFile(`${dataFile}.lock`, JSON.stringify({ pid: process.ppid, host: hostname() }));
      const result = await run(['export-audit', '--tenant', NORTHWIND, '--data', dataFile]);
      expect(result.code).toBe(EXIT.badInput);
      expect(result.err).toMatch(
        /^Stop the bot first: Another bot process \(pid \d+\) is already using/,
      );
    },
  );

  // On PostgreSQL the CLI shares the database with running bots: nothing to stop.
  testOnPostgres(
    'when a bot is using the database, then the commands work alongside it, and the bot sees what they wrote',
    async () => {
      await run(['create', '--file', 'organisation.json', '--data', dataFile]);
      const bot = await reopenStores({ dataFile });
      try {
        expect(await bot.benefits.users(NORTHWIND)).toEqual([]);
        expect(
          await run(['import-users', '--tenant', NORTHWIND, 'users.csv', '--data', dataFile]),
        ).toMatchObject({ code: 0, out: expect.stringContaining('10 added') });
        expect(await bot.benefits.users(NORTHWIND)).toHaveLength(10);
        expect(
          await run(['export-audit', '--tenant', NORTHWIND, '--data', dataFile]),
        ).toMatchObject({ code: 0, err: '' });
      } finally {
        await bot.close();
      }
    },
  );

  testOnLowdb(
    'when there is no data file, then commands other than create say how to make one',
    async () => {
      const result = await run([
        'import-users',
        '--tenant',
        NORTHWIND,
        'users.csv',
        '--data',
        dataFile,
      ]);
      expect(result.code).toBe(EXIT.badInput);
      expect(result.err).toContain('create an organisation first');
    },
  );

  testOnPostgres(
    'when the database has no organisation yet, then commands other than create name the tenant they did not find',
    async () => {
      const result = await run([
        'import-users',
        '--tenant',
        NORTHWIND,
        'users.csv',
        '--data',
        dataFile,
      ]);
      expect(result.code).toBe(EXIT.badInput);
      expect(result.err).toContain(NORTHWIND);
    },
  );

  testOnPostgres(
    'when DATABASE_URL is set without KEYS_SECRET, then the command refuses before touching the database (exit 1)',
    async () => {
      const { DATABASE_URL } = await settings();
      const result = await run(['create', '--file', 'organisation.json', '--data', dataFile], {
        DATABASE_URL,
      });
      expect(result).toMatchObject({
        code: EXIT.badInput,
        out: '',
        err: expect.stringContaining('KEYS_SECRET is required when DATABASE_URL is set'),
      });
      // The schema is as it was: empty, not even the tables made.
      await expect(storedTexts({ dataFile, dir: temp.dir })).rejects.toThrow(
        'relation "organisations" does not exist',
      );
    },
  );

  // The key file is local mode's stand-in for KEYS_SECRET beside the data file; on PostgreSQL KEYS_SECRET is required (above).
  testOnLowdb(
    'when run in local mode without KEYS_SECRET, then keys are sealed with the key file the bot uses, owner-only',
    async () => {
      const data = ['--data', dataFile];
      await run(['create', '--file', 'organisation.json', ...data], {});
      expect(
        await run(['import-benefits', '--tenant', NORTHWIND, 'benefits.json', ...data], {}),
      ).toMatchObject({ code: 0 });
      const keyFile = `${dataFile}.key`;
      expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
      const local = KeyCipher.fromSecret(await readFile(keyFile, 'utf8'));
      const stores = await reopenStores({ dataFile });
      try {
        const m365 = (await stores.benefits.benefits(NORTHWIND)).find(
          (b) => b.id === 'microsoft-365-e5',
        );
        expect(m365 && 'keys' in m365 ? m365.keys.map((k) => local.decrypt(k)) : []).toEqual([
          'NWM365-KMPQR-TVWXY-23467-89BCD',
        ]);
      } finally {
        await stores.close();
      }
    },
  );
});

function countOf(outcome: {
  added: unknown[];
  updated: unknown[];
  unchanged: unknown[];
}): number[] {
  return [outcome.added.length, outcome.updated.length, outcome.unchanged.length];
}
