import { open, stat, unlink, writeFile, chmod, type FileHandle } from 'node:fs/promises';

/**
 * The store's files hold personal data (emails, alternative emails, phone numbers): they and their
 * folders are for the bot's own user only, as the key file is. Where the platform has no POSIX
 * modes (Windows), the modes are ignored.
 */
export const OWNER_FILE_MODE = 0o600;
export const OWNER_FOLDER_MODE = 0o700;

const GROUP_AND_OTHERS = 0o077;

function ignorable(err: unknown): boolean {
  // Gone meanwhile, or owned by another user (who chose its modes; the bot may still read it).
  const code = (err as NodeJS.ErrnoException).code;
  return code === 'ENOENT' || code === 'EPERM';
}

/** Takes group and others' permissions off a file or folder that has any (one written by an earlier version, or copied in). */
export async function tighten(target: string | FileHandle): Promise<void> {
  try {
    const { mode } = typeof target === 'string' ? await stat(target) : await target.stat();
    if ((mode & GROUP_AND_OTHERS) === 0) return;
    const owner = mode & 0o7700;
    await (typeof target === 'string' ? chmod(target, owner) : target.chmod(owner));
  } catch (err) {
    if (!ignorable(err)) throw err;
  }
}

/**
 * Creates `file` owner-only and writes `data` to it. A file already there (a temporary file left by
 * a crash) is removed first rather than reused: it may be readable by others, or open in someone's hands.
 */
export async function writeNewOwnerOnly(
  file: string,
  data: string | Buffer | Iterable<Buffer>,
): Promise<void> {
  try {
    await writeFile(file, data, { mode: OWNER_FILE_MODE, flag: 'wx' });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    await unlink(file);
    await writeFile(file, data, { mode: OWNER_FILE_MODE, flag: 'wx' });
  }
}

/** Writes `data` to `file` (created or replaced), owner-only before a byte is written: a file that a person names (an export). */
export async function writeOwnerOnly(file: string, data: string): Promise<void> {
  const handle = await open(file, 'w', OWNER_FILE_MODE);
  try {
    await tighten(handle);
    await handle.writeFile(data);
  } finally {
    await handle.close();
  }
}
