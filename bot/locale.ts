import type { LanguageCode } from '../services/model';

/** The language a person reads: their stored preference wins over the client's locale ("ja*" is Japanese). */
export function chooseLanguage(
  preference: LanguageCode | undefined,
  clientLocale: string | undefined,
): LanguageCode {
  if (preference) return preference;
  return clientLocale?.toLowerCase().startsWith('ja') ? 'ja' : 'en';
}
