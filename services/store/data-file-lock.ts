import { randomUUID } from 'node:crypto';
import { link, open, readdir, readFile, rename, unlink, writeFile } from 'node:fs/promises';
import { hostname } from 'node:os';
import { basename, dirname, join } from 'node:path';
import { StoreError } from './errors';

/** Raised when another live process already holds the data file. */
export class DataFileLockedError extends StoreError {
  constructor(dataFile: string, pid: number) {
    super(
      `Another bot process (pid ${pid}) is already using ${dataFile}; stop it, or set DATA_FILE to a different file.`,
    );
    this.name = 'DataFileLockedError';
  }
}

/** Who holds a lock: `id` tells apart two holders with one pid (two opens in one process, or a restart that got the pid of the one that died). */
interface Owner {
  pid: number;
  host: string;
  id?: string;
}

export interface DataFileLockOptions {
  /** How long a lock file that is empty or half-written is given for its writer to finish before it counts as abandoned. */
  unwrittenGraceMs?: number;
  /** Test seam: runs after a lock was judged abandoned and before it is taken over. */
  beforeTakeover?: () => Promise<void>;
}

/** An unreadable lock can only be left by a bot of an earlier version cut off while writing it; this one writes it whole. */
const UNWRITTEN_GRACE_MS = 2_000;
/** How long a contender waits for another that is taking over an abandoned lock before giving up. */
const TAKEOVER_WAIT_MS = 30_000;
/** A takeover's guard can itself be abandoned (its taker killed at that instant): guards of guards, this deep at most. */
const MAX_GUARD_DEPTH = 4;

/** Ids of the locks this process holds or is taking. */
const mine = new Set<string>();

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function isHeld(owner: Owner): boolean {
  // A lock from another host (a shared folder) cannot be checked, so it is honoured.
  if (owner.host !== hostname()) return true;
  if (owner.pid === process.pid) return owner.id !== undefined && mine.has(owner.id);
  return isAlive(owner.pid);
}

function parseOwner(text: string): Owner | undefined {
  try {
    const parsed: unknown = JSON.parse(text);
    if (parsed && typeof parsed === 'object' && 'pid' in parsed && typeof parsed.pid === 'number') {
      const host = 'host' in parsed && typeof parsed.host === 'string' ? parsed.host : hostname();
      const id = 'id' in parsed && typeof parsed.id === 'string' ? parsed.id : undefined;
      return { pid: parsed.pid, host, id };
    }
  } catch {
    // Empty or half-written: its writer may still be at it.
  }
  return undefined;
}

type Seen = { gone: true } | { owner: Owner } | { abandoned: number };

/**
 * What is at `path`: nothing, a live owner, or an abandoned lock (named by its inode, which no other
 * file has while it exists). A file that is not (yet) a whole owner record is read again until it is,
 * or until it stayed so for the grace period.
 */
async function inspect(path: string, graceMs: number): Promise<Seen> {
  const giveUpAt = performance.now() + graceMs;
  for (;;) {
    let text: string;
    let ino: number;
    try {
      const handle = await open(path, 'r');
      try {
        ino = (await handle.stat()).ino;
        text = await handle.readFile('utf8');
      } finally {
        await handle.close();
      }
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { gone: true };
      throw err;
    }
    const owner = parseOwner(text);
    if (owner) return isHeld(owner) ? { owner } : { abandoned: ino };
    if (performance.now() >= giveUpAt) return { abandoned: ino };
    await pause(Math.min(25, graceMs));
  }
}

async function inodeOf(path: string): Promise<number | undefined> {
  try {
    const handle = await open(path, 'r');
    try {
      return (await handle.stat()).ino;
    } finally {
      await handle.close();
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw err;
  }
}

/**
 * Puts our owner record (the file `record`) at `path` unless a live owner holds it: linking fails
 * when the path exists, so of two contenders one wins. An abandoned file is replaced only by the
 * contender that first holds its guard (`<path>.takeover-<inode>`, taken the same way), after
 * checking the abandoned file is still there: two contenders never both replace it, and none
 * replaces the lock that the other put in its place. Returns the live owner that holds `path`, if any.
 */
async function claim(
  path: string,
  record: string,
  options: Required<DataFileLockOptions>,
  depth: number,
): Promise<Owner | undefined> {
  const waitUntil = performance.now() + TAKEOVER_WAIT_MS;
  for (;;) {
    try {
      await link(record, path);
      return undefined;
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const seen = await inspect(path, options.unwrittenGraceMs);
    if ('gone' in seen) continue;
    if ('owner' in seen) return seen.owner;
    if (depth >= MAX_GUARD_DEPTH)
      throw new Error(
        `Could not lock: ${path} and its takeover guards are all abandoned; remove them.`,
      );
    await options.beforeTakeover();
    const guard = `${path}.takeover-${seen.abandoned}`;
    const taker = await claim(guard, record, options, depth + 1);
    if (taker) {
      // Another contender is taking it over: once done, its lock is the one to judge.
      if (performance.now() >= waitUntil) return taker;
      await pause(20);
      continue;
    }
    try {
      if ((await inodeOf(path)) === seen.abandoned) {
        // Replaced in one step (a rename): the path is never empty for a third contender to link into.
        const replacement = `${record}.${depth}.replace`;
        await link(record, replacement);
        try {
          await rename(replacement, path);
        } catch (err) {
          await unlink(replacement).catch(() => undefined);
          throw err;
        }
        return undefined;
      }
    } finally {
      await unlink(guard).catch(() => undefined);
    }
  }
}

/** Guards that a contender killed mid-takeover left behind (the lock's holder removes them: none is in use any more). */
async function removeLeftGuards(lockPath: string): Promise<void> {
  const prefix = `${basename(lockPath)}.takeover-`;
  const names = await readdir(dirname(lockPath)).catch(() => [] as string[]);
  await Promise.all(
    names
      .filter((name) => name.startsWith(prefix))
      .map((name) => unlink(join(dirname(lockPath), name)).catch(() => undefined)),
  );
}

/**
 * One writer per data file: a lock file holding the owner's pid, put in place whole (owner-only), so
 * a second process never finds it empty and takes it too. A lock left by a process that died (crash,
 * SIGKILL) is taken over at once, so a restart never waits, and by one contender only.
 */
export async function acquireDataFileLock(
  dataFile: string,
  options: DataFileLockOptions = {},
): Promise<{ release(): Promise<void> }> {
  const lockPath = `${dataFile}.lock`;
  const owner: Owner = { pid: process.pid, host: hostname(), id: randomUUID() };
  const id = owner.id as string;
  const record = `${lockPath}.${id}.tmp`;
  const settings: Required<DataFileLockOptions> = {
    unwrittenGraceMs: options.unwrittenGraceMs ?? UNWRITTEN_GRACE_MS,
    beforeTakeover: options.beforeTakeover ?? (async () => undefined),
  };
  mine.add(id);
  let holder: Owner | undefined;
  try {
    await writeFile(record, JSON.stringify(owner), { mode: 0o600, flag: 'wx' });
    holder = await claim(lockPath, record, settings, 0);
  } catch (err) {
    mine.delete(id);
    throw err;
  } finally {
    await unlink(record).catch(() => undefined);
  }
  if (holder) {
    mine.delete(id);
    throw new DataFileLockedError(dataFile, holder.pid);
  }
  await removeLeftGuards(lockPath);
  return {
    release: async () => {
      mine.delete(id);
      // Only our own lock: never one put in its place by someone who judged ours abandoned.
      const found = parseOwner(await readFile(lockPath, 'utf8').catch(() => ''));
      if (found && found.id !== id) return;
      await unlink(lockPath).catch(() => undefined);
    },
  };
}
