import type { OrganisationData } from '../model';
import { KeyCipher } from './key-cipher';

/** Encrypts every key of an organisation that is not encrypted yet, on its way into the store. */
export function sealOrganisationKeys(data: OrganisationData, cipher: KeyCipher): OrganisationData {
  return {
    ...data,
    benefits: data.benefits.map((b) =>
      b.kind === 'softwareKeys' || b.kind === 'licenseKeys'
        ? { ...b, keys: b.keys.map((k) => (KeyCipher.isEncrypted(k) ? k : cipher.encrypt(k))) }
        : b,
    ),
  };
}
