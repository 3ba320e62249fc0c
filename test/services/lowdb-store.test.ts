import { chmod, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { BenefitError } from '../../services/errors';
import type { OrganisationData } from '../../services/model';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { DataFileLockedError } from '../../services/store/data-file-lock';
import {
  DataFileError,
  openLowdbStores,
  readLowdbContents,
  storeLayout,
} from '../../services/store/lowdb-store';
import { ETagConflictError } from '../../services/ports';
import { CONTOSO_TENANT, FABRIKAM_TENANT } from '../support/people';
import { demoSeed, demoStores, NOW, tempDir } from '../support/temp-store';

const seed = () => demoSeed(NOW);

describe('the embedded store', () => {
  test('when the data file is missing, then it is created with the two demo organisations, each in a file of its own', async () => {
    const stores = await demoStores();
    try {
      expect(stores.created).toBe(true);
      expect((await stores.benefits.tenantIds()).sort()).toEqual([CONTOSO_TENANT, FABRIKAM_TENANT]);
      const index = JSON.parse(await readFile(stores.dataFile, 'utf8'));
      expect(index.schemaVersion).toBe(1);
      const files = await readdir(storeLayout(stores.dataFile).organisationsDir);
      expect(files.sort()).toEqual([`${CONTOSO_TENANT}.json`, `${FABRIKAM_TENANT}.json`]);
      const contoso = JSON.parse(
        await readFile(
          join(storeLayout(stores.dataFile).organisationsDir, `${CONTOSO_TENANT}.json`),
          'utf8',
        ),
      );
      expect(contoso.organisation.name).toBe('Contoso Partners');
      expect(contoso.users).toHaveLength(14);
    } finally {
      await stores.dispose();
    }
  });

  test('when the bot restarts on an existing file, then the data is read back, not re-seeded', async () => {
    const temp = await tempDir();
    const dataFile = join(temp.dir, 'benefits.json');
    try {
      const first = await openLowdbStores({ dataFile, seed });
      await first.close();
      const second = await openLowdbStores({ dataFile, seed: () => [] });
      expect(second.created).toBe(false);
      expect(
        await second.benefits.user(CONTOSO_TENANT, '00000000-0000-0000-0000-0000000000102'),
      ).toMatchObject({ displayName: 'Lee Gu' });
      await second.close();
    } finally {
      await temp.remove();
    }
  });

  test.each([
    ['truncated', (text: string) => text.slice(0, text.length / 2), /not valid JSON/],
    ['not JSON', () => 'hello', /not valid JSON/],
    // The store writes compact JSON; files from earlier versions are indented: either is damaged the same way.
    [
      'failing validation',
      (text: string) => text.replace(/"quantity": ?3/, '"quantity": "three"'),
      /benefits\[6\]\.quantity/,
    ],
  ])(
    'when an organisation file is %s, then start-up stops with a sentence naming the file and it is left untouched',
    async (_name, damage, message) => {
      const temp = await tempDir();
      const dataFile = join(temp.dir, 'benefits.json');
      try {
        await (await openLowdbStores({ dataFile, seed })).close();
        const file = join(storeLayout(dataFile).organisationsDir, `${CONTOSO_TENANT}.json`);
        const original = await readFile(file, 'utf8');
        const damaged = damage(original);
        await writeFile(file, damaged);
        const opening = openLowdbStores({ dataFile, seed });
        await expect(opening).rejects.toThrow(DataFileError);
        await expect(opening).rejects.toThrow(message);
        await expect(opening).rejects.toThrow(file);
        expect(await readFile(file, 'utf8')).toBe(damaged);
        // The failed start released its lock: a fixed file opens again.
        await writeFile(file, original);
        await (await openLowdbStores({ dataFile, seed })).close();
      } finally {
        await temp.remove();
      }
    },
  );

  test('when the index names a newer schema, then start-up refuses rather than misreading it', async () => {
    const temp = await tempDir();
    const dataFile = join(temp.dir, 'benefits.json');
    try {
      await writeFile(dataFile, JSON.stringify({ schemaVersion: 99, organisations: {} }));
      await expect(openLowdbStores({ dataFile, seed })).rejects.toThrow(/newer version/);
    } finally {
      await temp.remove();
    }
  });

  test('when a second process opens the same data file, then it is refused with a clear sentence', async () => {
    const temp = await tempDir();
    const dataFile = join(temp.dir, 'benefits.json');
    const sleeper = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 30000)']);
    try {
      await (await openLowdbStores({ dataFile, seed })).close();
      // A live process holds the lock.
      await writeFile(`${dataFile}.lock`, JSON.stringify({ pid: sleeper.pid, host: hostname() }));
      const opening = openLowdbStores({ dataFile, seed });
      await expect(opening).rejects.toThrow(DataFileLockedError);
      await expect(opening).rejects.toThrow(`pid ${sleeper.pid}`);
    } finally {
      sleeper.kill('SIGKILL');
      await temp.remove();
    }
  });

  test('when the process that held the lock died, then the next start takes the lock over at once', async () => {
    const temp = await tempDir();
    const dataFile = join(temp.dir, 'benefits.json');
    try {
      await (await openLowdbStores({ dataFile, seed })).close();
      const dead = spawn(process.execPath, ['-e', '']);
      await new Promise((resolve) => dead.on('exit', resolve));
      await writeFile(`${dataFile}.lock`, JSON.stringify({ pid: dead.pid, host: hostname() }));
      const stores = await openLowdbStores({ dataFile, seed });
      expect(JSON.parse(await readFile(`${dataFile}.lock`, 'utf8')).pid).toBe(process.pid);
      await stores.close();
      await expect(stat(`${dataFile}.lock`)).rejects.toThrow();
    } finally {
      await temp.remove();
    }
  });

  test('when state is written with a stale eTag, then the write is refused and the stored value kept', async () => {
    const stores = await demoStores();
    try {
      await stores.state.write(new Map([['conv/1', { doc: { step: 1 } }]]));
      const read = await stores.state.read(['conv/1']);
      const eTag = read.get('conv/1')?.eTag ?? '';
      await stores.state.write(new Map([['conv/1', { doc: { step: 2 }, eTag }]]));
      await expect(
        stores.state.write(new Map([['conv/1', { doc: { step: 3 }, eTag }]])),
      ).rejects.toThrow(ETagConflictError);
      expect((await stores.state.read(['conv/1'])).get('conv/1')?.doc).toEqual({ step: 2 });
      await stores.state.write(new Map([['conv/1', { doc: { step: 4 }, eTag: '*' }]]));
      expect((await stores.state.read(['conv/1'])).get('conv/1')?.doc).toEqual({ step: 4 });
    } finally {
      await stores.dispose();
    }
  });

  test('when many callers claim the same marker at once, then exactly one is first, and it stays claimed after a restart', async () => {
    const stores = await demoStores();
    try {
      const results = await Promise.all(
        Array.from({ length: 20 }, () => stores.state.claimOnce('welcome:c1')),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      await stores.close();
      const reopened = await openLowdbStores({ dataFile: stores.dataFile, seed: () => [] });
      expect(await reopened.state.claimOnce('welcome:c1')).toBe(false);
      expect(await reopened.state.claimOnce('welcome:c2')).toBe(true);
      await reopened.close();
    } finally {
      await stores.dispose();
    }
  });

  test('when text holds a NUL character, then state keeps it exactly', async () => {
    const stores = await demoStores();
    try {
      await stores.state.write(new Map([['k', { doc: { text: 'a\u0000b' } }]]));
      await stores.close();
      const reopened = await openLowdbStores({ dataFile: stores.dataFile, seed: () => [] });
      expect((await reopened.state.read(['k'])).get('k')?.doc).toEqual({ text: 'a\u0000b' });
      await reopened.close();
    } finally {
      await stores.dispose();
    }
  });

  test('when the state folder cannot be written, then a state write fails and memory keeps the last stored value', async () => {
    const stores = await demoStores();
    try {
      await stores.state.write(new Map([['k', { doc: { v: 1 } }]]));
      const stateDir = storeLayout(stores.dataFile).stateDir;
      // A file where the folder was: unwritable even for root, which ignores file modes.
      await rm(stateDir, { recursive: true });
      await writeFile(stateDir, 'not a folder');
      await expect(stores.state.write(new Map([['k', { doc: { v: 2 } }]]))).rejects.toThrow();
      expect((await stores.state.read(['k'])).get('k')?.doc).toEqual({ v: 1 });
    } finally {
      await stores.dispose();
    }
  });

  describe('writing an organisation', () => {
    const fsp = jest.requireActual<typeof import('node:fs/promises')>('node:fs/promises');
    const realWriteFile = fsp.writeFile;
    const orgFile = (dataFile: string) =>
      join(storeLayout(dataFile).organisationsDir, `${CONTOSO_TENANT}.json`);
    const tempOf = (dataFile: string) =>
      join(storeLayout(dataFile).organisationsDir, `.${CONTOSO_TENANT}.json.tmp`);
    const processed = (id: string) => (data: OrganisationData) => {
      data.processedRequests.push({
        id,
        at: '2026-11-24T09:00:00.000Z',
        actorId: 'test',
        action: 'benefit.assigned',
      });
      return id;
    };
    afterEach(() => jest.restoreAllMocks());

    test('when an organisation changes, then its file is compact JSON; an indented file from an earlier version opens the same', async () => {
      const stores = await demoStores();
      try {
        await stores.benefits.unitOfWork(CONTOSO_TENANT, processed('r1'));
        const text = await readFile(orgFile(stores.dataFile), 'utf8');
        const data = JSON.parse(text) as OrganisationData;
        expect(text).toBe(JSON.stringify(data));
        expect(data.processedRequests.map((r) => r.id)).toEqual(['r1']);
        await stores.close();
        await writeFile(orgFile(stores.dataFile), JSON.stringify(data, null, 2));
        const reopened = await openLowdbStores({ dataFile: stores.dataFile, seed: () => [] });
        expect(await reopened.benefits.users(CONTOSO_TENANT)).toEqual(data.users);
        await reopened.close();
      } finally {
        await stores.dispose();
      }
    });

    test('when a unit of work changes a stored element in place, then the change is stored whole; what readers get is frozen', async () => {
      const stores = await demoStores();
      try {
        const users = await stores.benefits.users(CONTOSO_TENANT);
        expect(Object.isFrozen(users[0])).toBe(true);
        const ana = users.find((u) => u.displayName === 'Ana Bowman');
        await stores.benefits.unitOfWork(CONTOSO_TENANT, (data) => {
          const user = data.users.find((u) => u.id === ana?.id);
          if (user) user.aliases.push('Annie');
          data.audit.push({
            id: 'a1',
            at: '2026-11-24T09:00:00.000Z',
            actorId: 'test',
            action: 'user.added',
            benefitId: null,
            subjectUserId: ana?.id ?? null,
            before: null,
            after: null,
          });
        });
        expect((await stores.benefits.user(CONTOSO_TENANT, ana?.id ?? ''))?.aliases).toEqual([
          'Annie',
        ]);
        expect(ana?.aliases).toEqual([]);
        const onDisk = JSON.parse(
          await readFile(orgFile(stores.dataFile), 'utf8'),
        ) as OrganisationData;
        expect(onDisk.users.find((u) => u.id === ana?.id)?.aliases).toEqual(['Annie']);
        expect(onDisk.audit.map((e) => e.id)).toEqual(['a1']);
      } finally {
        await stores.dispose();
      }
    });

    test('when a collection is not changed, then readers get the same array after a write; a changed one is a new array', async () => {
      const stores = await demoStores();
      try {
        const [users, assignments] = [
          await stores.benefits.users(CONTOSO_TENANT),
          await stores.benefits.assignments(CONTOSO_TENANT),
        ];
        await stores.benefits.unitOfWork(CONTOSO_TENANT, (data) => {
          data.assignments = data.assignments.filter(() => false);
          return data.users.length;
        });
        expect(await stores.benefits.users(CONTOSO_TENANT)).toBe(users);
        expect(await stores.benefits.assignments(CONTOSO_TENANT)).not.toBe(assignments);
        expect(await stores.benefits.assignments(CONTOSO_TENANT)).toEqual([]);
      } finally {
        await stores.dispose();
      }
    });

    test('when units of work queue up at once, then they are stored in one write, each told its own outcome', async () => {
      const stores = await demoStores();
      try {
        const writes = jest.spyOn(fsp, 'writeFile');
        const outcomes = await Promise.allSettled([
          stores.benefits.unitOfWork(CONTOSO_TENANT, processed('r1')),
          stores.benefits.unitOfWork(CONTOSO_TENANT, () => {
            throw new BenefitError('BENEFIT.NO_FREE_SEAT');
          }),
          stores.benefits.unitOfWork(CONTOSO_TENANT, processed('r2')),
          stores.benefits.unitOfWork(CONTOSO_TENANT, (data) =>
            data.processedRequests.map((r) => r.id),
          ),
        ]);
        expect(
          outcomes.map((o) =>
            o.status === 'fulfilled' ? o.value : (o.reason as BenefitError).code,
          ),
        ).toEqual(['r1', 'BENEFIT.NO_FREE_SEAT', 'r2', ['r1', 'r2']]);
        expect(writes.mock.calls.filter(([file]) => file === tempOf(stores.dataFile))).toHaveLength(
          1,
        );
        const onDisk = JSON.parse(
          await readFile(orgFile(stores.dataFile), 'utf8'),
        ) as OrganisationData;
        expect(onDisk.processedRequests.map((r) => r.id)).toEqual(['r1', 'r2']);
      } finally {
        await stores.dispose();
      }
    });

    test('when that one write fails, then every unit of work that saw a change in it fails with STORE.WRITE_FAILED, and nothing changed', async () => {
      const stores = await demoStores();
      try {
        jest
          .spyOn(fsp, 'writeFile')
          .mockImplementation(async (...args: Parameters<typeof realWriteFile>) => {
            if (args[0] === tempOf(stores.dataFile))
              throw Object.assign(new Error('ENOSPC: no space left on device, write'), {
                code: 'ENOSPC',
              });
            return realWriteFile(...args);
          });
        const outcomes = await Promise.allSettled([
          stores.benefits.unitOfWork(CONTOSO_TENANT, (data) => data.processedRequests.length),
          stores.benefits.unitOfWork(CONTOSO_TENANT, processed('r1')),
          stores.benefits.unitOfWork(CONTOSO_TENANT, () => {
            throw new BenefitError('BENEFIT.NO_FREE_SEAT');
          }),
          stores.benefits.unitOfWork(CONTOSO_TENANT, processed('r2')),
        ]);
        expect(
          outcomes.map((o) =>
            o.status === 'fulfilled' ? o.value : (o.reason as BenefitError).code,
          ),
        ).toEqual([0, 'STORE.WRITE_FAILED', 'STORE.WRITE_FAILED', 'STORE.WRITE_FAILED']);
        jest.restoreAllMocks();
        expect(
          await stores.benefits.unitOfWork(CONTOSO_TENANT, (data) =>
            data.processedRequests.map((r) => r.id),
          ),
        ).toEqual([]);
      } finally {
        await stores.dispose();
      }
    });
  });
});

/** Where the platform has POSIX modes (not Windows). */
const posixTest = process.platform === 'win32' ? test.skip : test;

/** The permission bits of each path (files and folders under `dir`, and `dir` itself), as octal text. */
async function modes(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = { '.': ((await stat(dir)).mode & 0o777).toString(8) };
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    const full = join(entry.parentPath, entry.name);
    out[full.slice(dir.length + 1)] = ((await stat(full)).mode & 0o777).toString(8);
  }
  return out;
}

/** Every value of `record` (file → mode), grouped: which modes occur, and on what. */
const onlyModes = (record: Record<string, string>) => [...new Set(Object.values(record))].sort();

describe('the embedded store keeps personal data to its owner', () => {
  posixTest(
    'when a store is created, then its folders are owner-only (0700) and every file in them owner-only (0600), the lock too',
    async () => {
      const temp = await tempDir();
      // The data folder does not exist yet: the bot makes it.
      const dataFolder = join(temp.dir, 'data');
      const dataFile = join(dataFolder, 'benefits.json');
      try {
        const stores = await openLowdbStores({ dataFile, seed });
        await stores.state.write(new Map([['conv/1', { doc: { step: 1 } }]]));
        await stores.benefits.unitOfWork(CONTOSO_TENANT, (draft) => {
          draft.organisation.name = 'Contoso Partners (renamed)';
        });
        const found = await modes(dataFolder);
        expect(found['benefits.json.lock']).toBe('600');
        await stores.close();
        const folders = ['.', 'benefits.orgs', 'benefits.state'];
        expect(Object.keys(found).length).toBeGreaterThan(5);
        for (const [path, mode] of Object.entries(found))
          expect([path, mode]).toEqual([path, folders.includes(path) ? '700' : '600']);
      } finally {
        await temp.remove();
      }
    },
  );

  posixTest(
    'when files of an earlier version are readable by all, then opening the store makes each owner-only; a temporary file left so is not reused',
    async () => {
      const temp = await tempDir();
      const dataFile = join(temp.dir, 'benefits.json');
      const layout = storeLayout(dataFile);
      try {
        const first = await openLowdbStores({ dataFile, seed });
        await first.state.write(new Map([['conv/1', { doc: { step: 1 } }]]));
        await first.close();
        // As an earlier version left them (umask 022), and a crash's leftover temporary file.
        const contoso = join(layout.organisationsDir, `${CONTOSO_TENANT}.json`);
        const leftover = join(layout.organisationsDir, `.${CONTOSO_TENANT}.json.tmp`);
        await writeFile(leftover, 'half');
        for (const dir of [layout.organisationsDir, layout.stateDir]) await chmod(dir, 0o755);
        for (const [path, mode] of Object.entries(await modes(temp.dir))) {
          if (mode === '600') await chmod(join(temp.dir, path), 0o644);
        }
        await chmod(leftover, 0o666);
        expect(onlyModes(await modes(temp.dir))).toEqual(['644', '666', '700', '755']);

        // Reading files does not change them: the migration's read leaves every mode as it was.
        await readLowdbContents(dataFile);
        expect(onlyModes(await modes(temp.dir))).toEqual(['644', '666', '700', '755']);

        const second = await openLowdbStores({ dataFile, seed: () => [] });
        const opened = await modes(temp.dir);
        delete opened['benefits.json.lock'];
        delete opened[`benefits.orgs/.${CONTOSO_TENANT}.json.tmp`];
        expect(onlyModes(opened)).toEqual(['600', '700']);
        // The leftover temporary file (readable by all) is replaced, not written into.
        await second.benefits.unitOfWork(CONTOSO_TENANT, (draft) => {
          draft.organisation.name = 'Contoso Partners (renamed)';
        });
        expect(((await stat(contoso)).mode & 0o777).toString(8)).toBe('600');
        await second.close();
      } finally {
        await temp.remove();
      }
    },
  );
});
