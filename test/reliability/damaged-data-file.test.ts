import { createHash } from 'node:crypto';
import { cp, mkdtemp, readdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { storeLayout } from '../../services/store/lowdb-store';
import { demoUsers, personalMessage } from '../support/activities';
import { startConnector } from '../support/connector';
import { runEntryPoint, startBotProcess } from './support/bot-process';
import { CONTOSO_FILE_TENANT as CONTOSO, post } from './support/teams';

/**
 * A data file damaged on disk (cut short by a crash or a full disk, overwritten with something
 * else, or edited by hand into something the bot cannot use), through the real entry point
 * (index.ts in a child process, as `npm start` runs it): the bot refuses to start, exits 1, says in
 * one sentence on stderr what is wrong and in which file (and for a validation failure, which
 * field), and leaves every file of the store exactly as it was.
 *
 * test/services/lowdb-store.test.ts checks the organisation file's three damages at the store
 * (openLowdbStores) level; here the same and the index, the state buckets, a missing organisation
 * file and the local key file go through the process a person actually runs.
 */

let root: string;
/** A data folder the bot created and stopped cleanly: the starting point of every case (copied). */
let pristine: string;

beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'benefits-damaged-'));
  pristine = join(root, 'pristine');
  const bot = await startBotProcess({ dataFile: join(pristine, 'benefits.json'), cwd: root });
  // One turn, so conversation and user state (bucket files) exist too.
  const connector = await startConnector();
  try {
    const answered = await post(
      bot.url,
      connector.serviceUrl,
      personalMessage(demoUsers.alex, '日本語で'),
    );
    expect(answered.status).toBe(200);
  } finally {
    await connector.close();
  }
  expect(await bot.stop()).toEqual({ code: 0, signal: null });
}, 60_000);

afterAll(async () => {
  if (root) await rm(root, { recursive: true, force: true });
});

/** Every file under `dir` and a hash of its bytes. */
async function snapshot(dir: string): Promise<Record<string, string>> {
  const out: Record<string, string> = {};
  const walk = async (d: string) => {
    for (const entry of await readdir(d, { withFileTypes: true })) {
      const full = join(d, entry.name);
      if (entry.isDirectory()) await walk(full);
      else
        out[relative(dir, full)] = createHash('sha256')
          .update(await readFile(full))
          .digest('hex');
    }
  };
  await walk(dir);
  return out;
}

let caseNumber = 0;
/** A copy of the pristine folder to damage. */
async function copy(): Promise<{
  dir: string;
  dataFile: string;
  orgFile: string;
  stateFile: () => Promise<string>;
}> {
  caseNumber += 1;
  const dir = join(root, `case-${caseNumber}`);
  await cp(pristine, dir, { recursive: true });
  const dataFile = join(dir, 'benefits.json');
  const layout = storeLayout(dataFile);
  return {
    dir,
    dataFile,
    orgFile: join(layout.organisationsDir, `${CONTOSO}.json`),
    stateFile: async () =>
      join(
        layout.stateDir,
        (await readdir(layout.stateDir)).find((f) => /^\d+\.json$/.test(f)) ?? 'none',
      ),
  };
}

/** Starts the bot on the damaged folder; expects a refusal naming `file` and matching `what`, with every file left as it was. */
async function expectRefusal(
  dir: string,
  dataFile: string,
  file: string,
  what: RegExp,
): Promise<string> {
  const before = await snapshot(dir);
  const started = Date.now();
  const result = await runEntryPoint(
    { HOST: '127.0.0.1', PORT: '39999', DATA_FILE: dataFile, LOG_LEVEL: 'silent' },
    root,
  );
  expect({ code: result.code, signal: result.signal }).toEqual({ code: 1, signal: null });
  expect(Date.now() - started).toBeLessThan(15_000);
  // One line, one sentence (or two), naming the file and what is wrong with it.
  const lines = result.stderr
    .split('\n')
    .filter((l) => l.trim() && !/ExperimentalWarning|DeprecationWarning|--trace-/.test(l));
  expect(lines).toHaveLength(1);
  const line = lines[0] ?? '';
  expect(line.startsWith('Cannot start: ')).toBe(true);
  expect(line).toContain(file);
  expect(line).toMatch(what);
  expect(line).toMatch(/\.$/);
  // Nothing was written: no file changed, none added (no lock left behind), none removed.
  expect(await snapshot(dir)).toEqual(before);
  return line;
}

describe('the bot refuses to start on a damaged data file, says what and where, and touches nothing', () => {
  test.each([
    [
      'cut in half',
      (text: string) => text.slice(0, Math.floor(text.length / 2)),
      /is not valid JSON \(.+\); it was left untouched/,
    ],
    [
      'cut to nothing (a crash before the data reached the disk)',
      () => '',
      /is not valid JSON \(Unexpected end of JSON input\)/,
    ],
    ['not JSON at all', () => 'this is not JSON', /is not valid JSON/],
    // The store writes compact JSON (files from earlier versions are indented): the damages match either.
    [
      'a number where the seats are',
      (text: string) => text.replace(/"quantity": ?3,/, '"quantity": "three",'),
      /benefits\[\d+\]\.quantity: .+It was left untouched\./,
    ],
    [
      'an assignment for a person who is not in the user list',
      (text: string) =>
        text.replace(
          /"userId": ?"00000000-0000-0000-0000-0000000000102"/,
          '"userId": "00000000-0000-0000-0000-00000000dead"',
        ),
      /assignments\[0\]\.userId: no user "00000000-0000-0000-0000-00000000dead"/,
    ],
    [
      'a licence key in clear text',
      (text: string) =>
        text.replace(/"keys": ?\[\s*"v1\.[^"]+"/, '"keys": [ "ABCDE-12345-FGHIJ-67890-KLMNO"'),
      /keys\[0\]: a key is stored in clear text/,
    ],
  ])('the organisation file %s', async (_name, damage, what) => {
    const { dir, dataFile, orgFile } = await copy();
    const damaged = damage(await readFile(orgFile, 'utf8'));
    expect(damaged).not.toBe(await readFile(orgFile, 'utf8'));
    await writeFile(orgFile, damaged);
    await expectRefusal(dir, dataFile, orgFile, what);
  });

  test.each([
    [
      'cut in half',
      (text: string) => text.slice(0, Math.floor(text.length / 2)),
      /is not valid JSON/,
    ],
    ['not JSON at all', () => '<html>', /is not valid JSON/],
    [
      'valid JSON of the wrong shape',
      () => JSON.stringify({ schemaVersion: 'one', organisations: [] }),
      /does not hold valid benefits data: schemaVersion: .+; organisations: /,
    ],
  ])('the index (DATA_FILE) %s', async (_name, damage, what) => {
    const { dir, dataFile } = await copy();
    await writeFile(dataFile, damage(await readFile(dataFile, 'utf8')));
    await expectRefusal(dir, dataFile, dataFile, what);
  });

  test('a conversation-state bucket cut in half', async () => {
    const { dir, dataFile, stateFile } = await copy();
    const bucket = await stateFile();
    const text = await readFile(bucket, 'utf8');
    await writeFile(bucket, text.slice(0, Math.floor(text.length / 2)));
    await expectRefusal(dir, dataFile, bucket, /is not valid JSON/);
  });

  // JSON.parse's message quotes the start of the file: the refusal still fits on one line.
  test('a damaged file whose first bytes hold a line break is still refused in one line', async () => {
    const { dir, dataFile, orgFile } = await copy();
    await writeFile(orgFile, 'garbage\n{"organisation": 1}\n');
    await expectRefusal(dir, dataFile, orgFile, /is not valid JSON/);
  });

  test('an organisation file the index lists is missing', async () => {
    const { dir, dataFile, orgFile } = await copy();
    await rm(orgFile);
    await expectRefusal(
      dir,
      dataFile,
      orgFile,
      new RegExp(`lists organisation ${CONTOSO}, but its file .+ is missing`),
    );
  });

  test('the refused start left the files as they were: once the file is repaired, the bot starts on it', async () => {
    const { dir, dataFile, orgFile } = await copy();
    const original = await readFile(orgFile, 'utf8');
    await writeFile(orgFile, original.slice(0, 100));
    await expectRefusal(dir, dataFile, orgFile, /is not valid JSON/);
    await writeFile(orgFile, original);
    const bot = await startBotProcess({ dataFile, cwd: dir });
    const health = (await (await fetch(`${bot.url}/healthz`)).json()) as { organisations: number };
    expect(health.organisations).toBe(2);
    expect(await bot.stop()).toEqual({ code: 0, signal: null });
    expect(await readFile(orgFile, 'utf8')).toBe(original);
  }, 30_000);
});

describe('the local key file beside the data file', () => {
  // A damaged key file is named in the refusal (not the KEYS_SECRET setting, which was not set).
  test('cut short: start-up stops with a sentence naming the key file', async () => {
    const { dir, dataFile } = await copy();
    const keyFile = `${dataFile}.key`;
    await writeFile(keyFile, (await readFile(keyFile, 'utf8')).slice(0, 20));
    const before = await snapshot(dir);
    const result = await runEntryPoint(
      { HOST: '127.0.0.1', PORT: '39999', DATA_FILE: dataFile, LOG_LEVEL: 'silent' },
      root,
    );
    expect(result.code).toBe(1);
    expect(await snapshot(dir)).toEqual(before);
    expect(result.stderr).toContain(keyFile);
  });

  // A key file lost in a copy or a restore is not silently replaced while keys encrypted with it are
  // stored: a new key could not read them.
  test('missing while the data file holds encrypted keys: start-up stops and no new key is made', async () => {
    const { dir, dataFile } = await copy();
    await rm(`${dataFile}.key`);
    let started = false;
    try {
      const bot = await startBotProcess({ dataFile, cwd: dir, readyTimeoutMs: 10_000 });
      started = true;
      await bot.stop();
    } catch {
      // refused to start: what should happen
    }
    expect(started).toBe(false);
    await expect(stat(`${dataFile}.key`)).rejects.toThrow();
  });
});
