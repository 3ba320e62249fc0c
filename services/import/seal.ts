import { KeyCipher, KeyCipherError } from '../secrets/key-cipher';
import type { Benefit } from '../model';
import { storedKeysOf, type BenefitChange, type Current } from './plan';
import { OrgCommandError } from './problems';
import type { BenefitInput } from './schemas';

/** Keys in and out of their encrypted form: opened only to compare, sealed only on the way in. */

/** Where the cipher comes from: only asked for when a stored key must be read or a new one sealed. */
export type CipherSource = () => Promise<KeyCipher>;

/** Stored keys in clear text, for the benefits the file gives keys for: kept in memory only, to compare. */
export async function openStoredKeys(
  current: Pick<Current, 'benefits'>,
  inputs: BenefitInput[],
  cipher: CipherSource,
): Promise<Map<string, string[]>> {
  const clear = new Map<string, string[]>();
  for (const input of inputs) {
    if (input.keys === undefined) continue;
    const stored = storedKeysOf(current.benefits.find((b) => b.id === input.id));
    if (stored.length === 0) continue;
    const opener = await cipher();
    try {
      clear.set(
        input.id,
        stored.map((k) => opener.decrypt(k)),
      );
    } catch (err) {
      if (!(err instanceof KeyCipherError)) throw err;
      throw new OrgCommandError(
        `The keys stored for ${input.id} cannot be decrypted with this KEYS_SECRET (or the key file beside the data file); use the secret the bot runs with. Nothing was written.`,
      );
    }
  }
  return clear;
}

/** Encrypts the new keys, reusing the stored value of each key that is already there. */
export function sealKeys(
  change: BenefitChange,
  storedClear: string[] | undefined,
  cipher: KeyCipher,
): Benefit {
  const { benefit, newKeys } = change;
  if (newKeys === undefined || !('keys' in benefit)) return benefit;
  const reuse = new Map((storedClear ?? []).map((plain, i) => [plain, benefit.keys[i]]));
  return { ...benefit, keys: newKeys.map((plain) => reuse.get(plain) ?? cipher.encrypt(plain)) };
}
