import { open, readFile, unlink } from 'node:fs/promises';
import { hostname } from 'node:os';

/** Raised when another live process already holds the data file. */
export class DataFileLockedError extends Error {
  constructor(dataFile: string, pid: number) {
    super(`Another bot process (pid ${pid}) is already using ${dataFile}; stop it, or set DATA_FILE to a different file.`);
    this.name = 'DataFileLockedError';
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/**
 * One writer per data file: a lock file holding the owner's pid. A lock left by a process
 * that died (crash, SIGKILL) is taken over at once, so a restart never waits.
 */
export async function acquireDataFileLock(dataFile: string): Promise<{ release(): Promise<void> }> {
  const lockPath = `${dataFile}.lock`;
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const handle = await open(lockPath, 'wx', 0o600);
      await handle.writeFile(JSON.stringify({ pid: process.pid, host: hostname() }));
      await handle.close();
      return { release: () => unlink(lockPath).catch(() => undefined) };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
      const owner = await readOwner(lockPath);
      // A lock from another host (a shared folder) cannot be checked, so it is honoured.
      const held = owner !== undefined && (owner.host !== hostname() || (owner.pid !== process.pid && isAlive(owner.pid)));
      if (held) {
        throw new DataFileLockedError(dataFile, owner.pid);
      }
      await unlink(lockPath).catch(() => undefined);
    }
  }
  throw new Error(`Could not lock ${dataFile}: ${lockPath} keeps reappearing.`);
}

async function readOwner(lockPath: string): Promise<{ pid: number; host: string } | undefined> {
  try {
    const parsed: unknown = JSON.parse(await readFile(lockPath, 'utf8'));
    if (parsed && typeof parsed === 'object' && 'pid' in parsed && typeof parsed.pid === 'number') {
      const host = 'host' in parsed && typeof parsed.host === 'string' ? parsed.host : hostname();
      return { pid: parsed.pid, host };
    }
  } catch {
    // An unreadable or half-written lock file belongs to nobody alive.
  }
  return undefined;
}
