import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { OrganisationData } from '../../services/model';
import { demoOrganisations } from '../../services/seed/demo-organisations';
import { KeyCipher } from '../../services/secrets/key-cipher';
import { sealOrganisationKeys } from '../../services/secrets/seal';
import { openTestStores } from './test-backend';

export const NOW = new Date('2026-11-24T09:00:00Z');

/** The cipher tests store keys with (a fixed, test-only key). */
export const TEST_CIPHER = KeyCipher.fromSecret('0f'.repeat(32));

/** The demo organisations with their keys sealed, as the bot stores them. */
export function demoSeed(now: Date = NOW) {
  return demoOrganisations(now).map((org) => sealOrganisationKeys(org, TEST_CIPHER));
}

export async function tempDir(): Promise<{ dir: string; remove(): Promise<void> }> {
  const dir = await mkdtemp(join(tmpdir(), 'benefits-test-'));
  return { dir, remove: () => rm(dir, { recursive: true, force: true }) };
}

/**
 * A real, fresh store holding the demo organisations (or `seed`'s), on the backend the run uses
 * (BENEFITS_TEST_BACKEND, see test-backend.ts): a data file in a temp folder, or a fresh schema in
 * the run's PostgreSQL database named by that data file. The temp folder exists either way.
 */
export async function demoStores(
  now: Date = NOW,
  seed: () => OrganisationData[] = () => demoSeed(now),
) {
  const temp = await tempDir();
  const dataFile = join(temp.dir, 'benefits.json');
  const stores = await openTestStores(dataFile, seed);
  return {
    ...stores,
    dataFile,
    dir: temp.dir,
    async dispose() {
      await stores.close();
      await temp.remove();
    },
  };
}
