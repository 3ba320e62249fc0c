import { spawn, type ChildProcessWithoutNullStreams } from 'node:child_process';
import { readdir, readFile, stat, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { join, resolve } from 'node:path';
import { acquireDataFileLock, DataFileLockedError } from '../../services/store/data-file-lock';
import { tempDir } from '../support/temp-store';

/**
 * The lock that keeps a second bot off a data file: taken in one step, so that two processes never
 * both hold it, and an abandoned one taken over by one contender only.
 */

const HOOK = resolve(__dirname, '../reliability/support/ts-hook.js');
const LOCK_MODULE = resolve(__dirname, '../../services/store/data-file-lock.ts');

/** A process that is alive for the test's length (a lock's owner that has not died). */
function liveProcess() {
  const child = spawn(process.execPath, ['-e', 'setTimeout(() => {}, 60000)']);
  return { pid: child.pid as number, kill: () => child.kill('SIGKILL') };
}

/** The pid of a process that has exited. */
async function deadPid(): Promise<number> {
  const dead = spawn(process.execPath, ['-e', '']);
  await new Promise((done) => dead.on('exit', done));
  return dead.pid as number;
}

/** Each contender's outcome: 'won', or the error it was refused with. */
async function outcomes(contenders: Promise<{ release(): Promise<void> }>[]) {
  const settled = await Promise.allSettled(contenders);
  return {
    winners: settled.flatMap((s) => (s.status === 'fulfilled' ? [s.value] : [])),
    refusals: settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as unknown] : [])),
  };
}

async function withDataFile(run: (dataFile: string, dir: string) => Promise<void>) {
  const temp = await tempDir();
  try {
    await run(join(temp.dir, 'benefits.json'), temp.dir);
  } finally {
    await temp.remove();
  }
}

describe('the data file lock', () => {
  test('when the lock file exists but its writer is still writing its pid, then it is not taken over: the writer, alive, keeps it', async () => {
    await withDataFile(async (dataFile) => {
      const writer = liveProcess();
      try {
        const lockPath = `${dataFile}.lock`;
        // Created, not yet written (as `open(…, 'wx')` then a write leaves it for a moment).
        await writeFile(lockPath, '');
        let settled = false;
        const opening = acquireDataFileLock(dataFile, { unwrittenGraceMs: 60_000 });
        void opening.then(
          () => (settled = true),
          () => (settled = true),
        );
        // Half of it, then the rest: the contender must still be waiting on it.
        const whole = JSON.stringify({ pid: writer.pid, host: hostname() });
        await writeFile(lockPath, whole.slice(0, 9));
        expect(settled).toBe(false);
        await writeFile(lockPath, whole);
        await expect(opening).rejects.toThrow(DataFileLockedError);
        await expect(opening).rejects.toThrow(`pid ${writer.pid}`);
        expect(await readFile(lockPath, 'utf8')).toBe(whole);
      } finally {
        writer.kill();
      }
    });
  });

  test('when a lock file stays empty past the grace period (its writer died before writing), then it is taken over', async () => {
    await withDataFile(async (dataFile) => {
      await writeFile(`${dataFile}.lock`, '');
      const lock = await acquireDataFileLock(dataFile, { unwrittenGraceMs: 0 });
      expect(JSON.parse(await readFile(`${dataFile}.lock`, 'utf8')).pid).toBe(process.pid);
      await lock.release();
      await expect(stat(`${dataFile}.lock`)).rejects.toThrow();
    });
  });

  test('when a lock file is found, then it is never empty: it is put in place whole', async () => {
    await withDataFile(async (dataFile, dir) => {
      const lock = await acquireDataFileLock(dataFile);
      expect(JSON.parse(await readFile(`${dataFile}.lock`, 'utf8'))).toMatchObject({
        pid: process.pid,
        host: hostname(),
      });
      // Nothing else is left beside it (the record it was linked from, takeover guards).
      expect(await readdir(dir)).toEqual(['benefits.json.lock']);
      await lock.release();
      expect(await readdir(dir)).toEqual([]);
    });
  });

  test('when eight contenders in one process take a free lock at once, then exactly one wins', async () => {
    await withDataFile(async (dataFile) => {
      for (let round = 0; round < 5; round++) {
        const { winners, refusals } = await outcomes(
          Array.from({ length: 8 }, () => acquireDataFileLock(dataFile)),
        );
        expect(winners).toHaveLength(1);
        expect(refusals).toHaveLength(7);
        for (const refusal of refusals) expect(refusal).toBeInstanceOf(DataFileLockedError);
        await winners[0]?.release();
      }
    });
  });

  test('when eight contenders in one process find an abandoned lock at once, then exactly one takes it over', async () => {
    await withDataFile(async (dataFile, dir) => {
      const dead = await deadPid();
      for (let round = 0; round < 5; round++) {
        await writeFile(`${dataFile}.lock`, JSON.stringify({ pid: dead, host: hostname() }));
        const { winners, refusals } = await outcomes(
          Array.from({ length: 8 }, () => acquireDataFileLock(dataFile)),
        );
        expect(winners).toHaveLength(1);
        for (const refusal of refusals) expect(refusal).toBeInstanceOf(DataFileLockedError);
        expect(JSON.parse(await readFile(`${dataFile}.lock`, 'utf8')).pid).toBe(process.pid);
        await winners[0]?.release();
        expect(await readdir(dir)).toEqual([]);
      }
    });
  });

  test('when a contender judged the lock abandoned but another took it over first, then the late one is refused and the new lock stays', async () => {
    await withDataFile(async (dataFile) => {
      await writeFile(
        `${dataFile}.lock`,
        JSON.stringify({ pid: await deadPid(), host: hostname() }),
      );
      let resume: () => void = () => undefined;
      let judged: () => void = () => undefined;
      const hasJudged = new Promise<void>((done) => (judged = done));
      const late = acquireDataFileLock(dataFile, {
        beforeTakeover: () => {
          judged();
          return new Promise<void>((go) => (resume = go));
        },
      });
      await hasJudged;
      const first = await acquireDataFileLock(dataFile);
      const taken = await readFile(`${dataFile}.lock`, 'utf8');
      resume();
      await expect(late).rejects.toThrow(DataFileLockedError);
      expect(await readFile(`${dataFile}.lock`, 'utf8')).toBe(taken);
      await first.release();
    });
  });

  test('when four processes started at once find an abandoned lock, then exactly one holds it', async () => {
    await withDataFile(async (dataFile) => {
      await writeFile(
        `${dataFile}.lock`,
        JSON.stringify({ pid: await deadPid(), host: hostname() }),
      );
      // Each child gets ready, waits for "go" on stdin, tries, says how it went and holds on until stdin closes.
      const script = `
        const { acquireDataFileLock } = require(${JSON.stringify(LOCK_MODULE)});
        process.stdout.write('ready\\n');
        process.stdin.once('data', () => {
          acquireDataFileLock(${JSON.stringify(dataFile)}).then(
            () => process.stdout.write('won\\n'),
            (err) => process.stdout.write(err.name + '\\n'),
          );
          process.stdin.on('end', () => process.exit(0));
        });`;
      const children: ChildProcessWithoutNullStreams[] = Array.from({ length: 4 }, () =>
        spawn(process.execPath, ['-r', HOOK, '-e', script]),
      );
      const lines = children.map((child) => {
        let out = '';
        const waiters: { count: number; done: () => void }[] = [];
        child.stdout.on('data', (chunk: Buffer) => {
          out += chunk.toString();
          for (const w of waiters) if (out.split('\n').length - 1 >= w.count) w.done();
        });
        return {
          lines: () => out.split('\n').filter(Boolean),
          until: (count: number) =>
            new Promise<void>((done) =>
              out.split('\n').length - 1 >= count ? done() : waiters.push({ count, done }),
            ),
        };
      });
      try {
        await Promise.all(lines.map((l) => l.until(1)));
        for (const child of children) child.stdin.write('go\n');
        await Promise.all(lines.map((l) => l.until(2)));
        const said = lines.map((l) => l.lines()[1]).sort();
        expect(said).toEqual([
          'DataFileLockedError',
          'DataFileLockedError',
          'DataFileLockedError',
          'won',
        ]);
        const winner = children[lines.findIndex((l) => l.lines()[1] === 'won')];
        expect(JSON.parse(await readFile(`${dataFile}.lock`, 'utf8')).pid).toBe(winner?.pid);
      } finally {
        for (const child of children) child.kill('SIGKILL');
      }
    });
  });
});
