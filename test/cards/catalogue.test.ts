import { en } from '../../cards/i18n/en';
import { ja } from '../../cards/i18n/ja';

/** The message catalogues: English and Japanese say the same things with the same placeholders. */

const catalogues: Record<'en' | 'ja', Record<string, string>> = { en, ja };
const placeholders = (value: string) =>
  [...new Set([...value.matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();

describe('the en and ja catalogues', () => {
  test('when the two catalogues are compared, then they have exactly the same keys', () => {
    expect(Object.keys(ja).sort()).toEqual(Object.keys(en).sort());
  });

  test.each(Object.keys(en))(
    'when "%s" is read in both languages, then it has the same placeholders',
    (key) => {
      expect({ key, ja: placeholders(catalogues.ja[key] ?? '') }).toEqual({
        key,
        ja: placeholders(catalogues.en[key] ?? ''),
      });
    },
  );

  test.each(['en', 'ja'] as const)(
    'when the %s catalogue is read, then no value is empty',
    (lang) => {
      const empty = Object.entries(catalogues[lang])
        .filter(([, value]) => typeof value !== 'string' || value.trim() === '')
        .map(([key]) => key);
      expect(empty).toEqual([]);
    },
  );

  test('when categories are named in Japanese, then they use the wording of the source page', () => {
    expect({
      software: ja['category.software'],
      cloud: ja['category.cloud'],
      visualStudio: ja['category.visualStudio'],
      technical: ja['category.technical'],
      goToMarket: ja['category.goToMarket'],
    }).toEqual({
      software: 'ソフトウェア',
      cloud: 'クラウド サービス',
      visualStudio: 'Visual Studio サブスクリプション',
      technical: '技術特典',
      goToMarket: '市場投入',
    });
  });
});
