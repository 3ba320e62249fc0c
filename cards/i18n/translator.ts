import type { LanguageCode, LocalizedText } from '../../services/model';
import { en, type MessageKey } from './en';
import { ja } from './ja';

export type { MessageKey };
export type Params = Record<string, string | number>;

/** Keys that come in counted forms: 'unit.key' for 'unit.key.one' / 'unit.key.other'. */
export type CountedKey = MessageKey extends infer K
  ? K extends `${infer Base}.one`
    ? Base
    : never
  : never;

export interface Translator {
  readonly lang: LanguageCode;
  t(key: MessageKey, params?: Params): string;
  count(key: CountedKey, n: number, params?: Params): string;
  /** A date as a person reads it (the day, in UTC). */
  date(iso: string): string;
  /** A date and time (UTC). */
  dateTime(iso: string): string;
  text(value: LocalizedText): string;
  list(items: string[]): string;
}

const CATALOGUES: Record<LanguageCode, Record<MessageKey, string>> = { en, ja };
const LOCALES: Record<LanguageCode, string> = { en: 'en-US', ja: 'ja-JP' };

function fill(template: string, params: Params | undefined): string {
  if (!params) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

function createTranslator(lang: LanguageCode): Translator {
  const catalogue = CATALOGUES[lang];
  const plural = new Intl.PluralRules(LOCALES[lang]);
  const dates = new Intl.DateTimeFormat(LOCALES[lang], { dateStyle: 'medium', timeZone: 'UTC' });
  const times = new Intl.DateTimeFormat(LOCALES[lang], {
    dateStyle: 'medium',
    timeStyle: 'short',
    timeZone: 'UTC',
  });
  const lists = new Intl.ListFormat(LOCALES[lang], { style: 'long', type: 'conjunction' });
  const t = (key: MessageKey, params?: Params) => fill(catalogue[key], params);
  return {
    lang,
    t,
    count: (key, n, params) =>
      t(`${key}.${plural.select(n) === 'one' ? 'one' : 'other'}` as MessageKey, { ...params, n }),
    date: (iso) => dates.format(new Date(iso)),
    dateTime: (iso) => `${times.format(new Date(iso))} UTC`,
    text: (value) => value[lang],
    list: (items) => lists.format(items),
  };
}

const translators: Record<LanguageCode, Translator> = {
  en: createTranslator('en'),
  ja: createTranslator('ja'),
};

export function translator(lang: LanguageCode): Translator {
  return translators[lang];
}
