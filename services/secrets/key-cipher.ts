import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { chmod, mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';

/** Keys (licence and product keys) at rest: AES-256-GCM, a fresh 12-byte IV per value, authenticated. */
export class KeyCipher {
  private static readonly VERSION = 'v1';

  private constructor(private readonly key: Buffer) {}

  /** A 32-byte key written as 64 hex characters or as base64. */
  static fromSecret(secret: string): KeyCipher {
    const text = secret.trim();
    const key = /^[0-9a-fA-F]{64}$/.test(text)
      ? Buffer.from(text, 'hex')
      : /^[A-Za-z0-9+/]{43}=?$/.test(text)
        ? Buffer.from(text, 'base64')
        : undefined;
    if (!key || key.length !== 32)
      throw new KeyCipherError(
        'KEYS_SECRET must be 32 bytes, written as 64 hex characters or as base64.',
      );
    return new KeyCipher(key);
  }

  /** "v1.<iv>.<tag>.<ciphertext>", each part base64url. */
  encrypt(plain: string): string {
    const iv = randomBytes(12);
    const cipher = createCipheriv('aes-256-gcm', this.key, iv);
    const body = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
    return [
      KeyCipher.VERSION,
      iv.toString('base64url'),
      cipher.getAuthTag().toString('base64url'),
      body.toString('base64url'),
    ].join('.');
  }

  decrypt(token: string): string {
    const [version, iv, tag, body] = token.split('.');
    if (version !== KeyCipher.VERSION || !iv || !tag || body === undefined)
      throw new KeyCipherError('A stored key is not in a form this bot can read.');
    try {
      const decipher = createDecipheriv('aes-256-gcm', this.key, Buffer.from(iv, 'base64url'));
      decipher.setAuthTag(Buffer.from(tag, 'base64url'));
      return Buffer.concat([
        decipher.update(Buffer.from(body, 'base64url')),
        decipher.final(),
      ]).toString('utf8');
    } catch {
      // Never echo the stored value or the key: only that it did not open.
      throw new KeyCipherError('A stored key could not be decrypted with this KEYS_SECRET.');
    }
  }

  /** True for a value this cipher wrote (it says nothing of the plain text). */
  static isEncrypted(value: string): boolean {
    return /^v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/.test(value);
  }
}

export class KeyCipherError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KeyCipherError';
  }
}

/**
 * The cipher the bot runs with: KEYS_SECRET when set; in local mode a key file beside the data
 * file (created on first start, owner-only); otherwise start-up stops.
 */
export async function loadKeyCipher(options: {
  secret: string | undefined;
  dataFile: string;
  localMode: boolean;
}): Promise<KeyCipher> {
  if (options.secret) return KeyCipher.fromSecret(options.secret);
  if (!options.localMode)
    throw new KeyCipherError(
      'KEYS_SECRET is required when MicrosoftAppId is set: 32 bytes as 64 hex characters or base64 (see .env.example).',
    );
  const keyFile = `${options.dataFile}.key`;
  let content: string | undefined;
  try {
    content = await readFile(keyFile, 'utf8');
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code !== 'ENOENT')
      throw new KeyCipherError(`The key file ${keyFile} cannot be read (${code ?? 'error'}).`);
  }
  if (content !== undefined) {
    try {
      return KeyCipher.fromSecret(content);
    } catch {
      throw new KeyCipherError(
        `The key file ${keyFile} is damaged: it must hold 32 bytes as 64 hex characters or base64. Restore it from the backup kept with the data, or the stored keys cannot be read.`,
      );
    }
  }
  // A new key would leave every key already stored unreadable: only where none is stored yet.
  const sealedIn = await fileHoldingSealedKeys(options.dataFile);
  if (sealedIn)
    throw new KeyCipherError(
      `The key file ${keyFile} is missing, but ${sealedIn} holds keys encrypted with it. Restore the key file (or set KEYS_SECRET to its value); a new key could not read them.`,
    );
  const secret = randomBytes(32).toString('hex');
  // On a fresh machine the data folder does not exist yet: the key file is the first thing in it (owner-only, as the folder).
  await mkdir(dirname(keyFile), { recursive: true, mode: 0o700 });
  await writeFile(keyFile, `${secret}\n`, { mode: 0o600, flag: 'wx' });
  await chmod(keyFile, 0o600);
  return KeyCipher.fromSecret(secret);
}

const SEALED = /"v1\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*"/;

/** The first organisation file beside this data file that holds an encrypted key, if any. */
async function fileHoldingSealedKeys(dataFile: string): Promise<string | undefined> {
  // storeLayout's organisations folder (not imported: the store's schema imports this module).
  const folder = join(dirname(dataFile), `${basename(dataFile, extname(dataFile))}.orgs`);
  let names: string[];
  try {
    names = await readdir(folder);
  } catch {
    return undefined;
  }
  for (const name of names.filter((n) => n.endsWith('.json')).sort()) {
    const file = join(folder, name);
    if (SEALED.test(await readFile(file, 'utf8').catch(() => ''))) return file;
  }
  return undefined;
}
