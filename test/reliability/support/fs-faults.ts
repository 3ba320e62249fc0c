import { execFile } from 'node:child_process';
import { chmod, mkdir, mkdtemp, open, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';

/**
 * Faults a data folder can have in production, made real where this machine allows it:
 *
 * - a full disk: a tmpfs of a few megabytes, filled up (needs mount(2), so root with CAP_SYS_ADMIN);
 * - a read-only folder: the folder bind-mounted onto itself read-only (EROFS, which root cannot
 *   bypass); without mount permission, `chmod 0555` (EACCES) for a non-root user; as root without
 *   mount permission, the store's temporary file name taken by a folder (EISDIR), the closest
 *   faithful stand-in, since root ignores file modes.
 */

const run = promisify(execFile);

let mountable: Promise<boolean> | undefined;

/** Whether this process may mount a tmpfs (checked once, by mounting one). */
export function canMount(): Promise<boolean> {
  mountable ??= (async () => {
    if (process.platform !== 'linux') return false;
    const probe = await mkdtemp(join(tmpdir(), 'benefits-mount-probe-'));
    try {
      await run('mount', ['-t', 'tmpfs', '-o', 'size=64k', 'tmpfs', probe]);
      await run('umount', [probe]);
      return true;
    } catch {
      return false;
    } finally {
      await rm(probe, { recursive: true, force: true });
    }
  })();
  return mountable;
}

export const isRoot = () => typeof process.getuid === 'function' && process.getuid() === 0;

/** Mounts a tmpfs of `sizeKb` at `dir` (which must exist). */
export async function mountTmpfs(
  dir: string,
  sizeKb: number,
): Promise<{ unmount(): Promise<void> }> {
  await run('mount', ['-t', 'tmpfs', '-o', `size=${sizeKb}k,mode=0755`, 'tmpfs', dir]);
  return { unmount: () => run('umount', ['-l', dir]).then(() => undefined) };
}

/** Writes zeros into `file` until the file system says ENOSPC. Returns how many bytes fit. */
export async function fillDisk(file: string): Promise<number> {
  const handle = await open(file, 'w');
  const chunk = Buffer.alloc(16 * 1024);
  let written = 0;
  try {
    for (;;) {
      try {
        const { bytesWritten } = await handle.write(chunk);
        written += bytesWritten;
        if (bytesWritten < chunk.length) break;
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code === 'ENOSPC') break;
        throw err;
      }
    }
    // The last pages: byte by byte is too slow, so smaller chunks.
    for (const size of [4096, 512, 64, 1]) {
      const small = Buffer.alloc(size);
      for (;;) {
        try {
          const { bytesWritten } = await handle.write(small);
          written += bytesWritten;
          if (bytesWritten < size) break;
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code === 'ENOSPC') break;
          throw err;
        }
      }
    }
  } finally {
    await handle.close().catch(() => undefined);
  }
  return written;
}

export type ReadOnlyMethod =
  | 'bind mount, read-only (EROFS)'
  | 'chmod 0555 (EACCES)'
  | 'temporary file name taken by a folder (EISDIR)';

/**
 * Makes `dir` refuse writes the best way this machine allows. `tempFile` is the temporary file the
 * store writes before renaming it over the real one (steno: `.<name>.tmp` beside it).
 */
export async function makeReadOnly(
  dir: string,
  tempFile: string,
): Promise<{ method: ReadOnlyMethod; undo(): Promise<void> }> {
  if (await canMount()) {
    await run('mount', ['--bind', dir, dir]);
    try {
      await run('mount', ['-o', 'remount,bind,ro', dir]);
    } catch (err) {
      await run('umount', [dir]);
      throw err;
    }
    return {
      method: 'bind mount, read-only (EROFS)',
      undo: () => run('umount', [dir]).then(() => undefined),
    };
  }
  if (!isRoot()) {
    await chmod(dir, 0o555);
    return { method: 'chmod 0555 (EACCES)', undo: () => chmod(dir, 0o755) };
  }
  await rm(tempFile, { force: true });
  await mkdir(tempFile);
  // A file inside keeps it from being removed by anything that tidies up empty folders.
  await writeFile(join(tempFile, 'blocked'), '');
  return {
    method: 'temporary file name taken by a folder (EISDIR)',
    undo: () => rm(tempFile, { recursive: true, force: true }),
  };
}
