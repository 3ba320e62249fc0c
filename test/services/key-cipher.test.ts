import { readFile, stat } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { KeyCipher, KeyCipherError, loadKeyCipher } from '../../services/secrets/key-cipher';
import { tempDir } from '../support/temp-store';

describe('the key cipher', () => {
  test('on a fresh machine in local mode, the key file is created (with its folder), owner-only, and reused on the next start', async () => {
    const temp = await tempDir();
    try {
      const dataFile = join(temp.dir, 'not-there-yet', 'benefits.json');
      const first = await loadKeyCipher({ secret: undefined, dataFile, localMode: true });
      const keyFile = `${dataFile}.key`;
      expect((await stat(keyFile)).mode & 0o777).toBe(0o600);
      expect((await stat(dirname(dataFile))).mode & 0o777).toBe(0o700);
      const second = await loadKeyCipher({ secret: undefined, dataFile, localMode: true });
      expect(second.decrypt(first.encrypt('AAAAA-BBBBB-CCCCC-DDDDD-EEEEE'))).toBe(
        'AAAAA-BBBBB-CCCCC-DDDDD-EEEEE',
      );
      expect((await readFile(keyFile, 'utf8')).trim()).toMatch(/^[0-9a-f]{64}$/);
    } finally {
      await temp.remove();
    }
  });

  test('outside local mode without KEYS_SECRET, start-up is refused', async () => {
    await expect(
      loadKeyCipher({ secret: undefined, dataFile: '/nowhere/benefits.json', localMode: false }),
    ).rejects.toThrow(KeyCipherError);
  });

  test('a value encrypted twice differs (fresh IV), and a tampered value does not open, without echoing it', () => {
    const cipher = KeyCipher.fromSecret('ab'.repeat(32));
    const a = cipher.encrypt('W11EN-AAAAA-BBBBB-CCCCC-DDDDD');
    expect(a).not.toBe(cipher.encrypt('W11EN-AAAAA-BBBBB-CCCCC-DDDDD'));
    const tampered = a.slice(0, -2) + (a.endsWith('A') ? 'B' : 'A') + a.slice(-1);
    expect(() => cipher.decrypt(tampered)).toThrow(KeyCipherError);
    try {
      cipher.decrypt(tampered);
    } catch (err) {
      expect(String(err)).not.toContain('W11EN');
    }
  });
});
