import {
  findBenefit,
  findPerson,
  withoutHonorific,
  type Found,
} from '../../services/finder.service';
import { demoOrganisations } from '../../services/seed/demo-organisations';
import { NOW } from '../support/temp-store';

const [contoso, fabrikam] = demoOrganisations(NOW);
if (!contoso || !fabrikam) throw new Error('demo data');

function summary<T>(found: Found<T>, name: (t: T) => string): string[] | string {
  if (found.kind === 'one') return name(found.item);
  if (found.kind === 'many') return found.items.map(name);
  return `none: ${found.suggestions.map(name).join(', ')}`;
}
const benefit = (q: string) => summary(findBenefit(contoso.benefits, q), (b) => b.id);
const personOf = (q: string) => summary(findPerson(contoso.users, q), (u) => u.displayName);

describe('finding benefits by the names people use', () => {
  test.each([
    ['VS', ['visual-studio-enterprise', 'visual-studio-professional']],
    ['Visual Studio', ['visual-studio-enterprise', 'visual-studio-professional']],
    ['ビジュアルスタジオ', ['visual-studio-enterprise', 'visual-studio-professional']],
    ['VS Enterprise', 'visual-studio-enterprise'],
    ['Visual Studio Enterprise', 'visual-studio-enterprise'],
    ['visual studio enterprise subscription', 'visual-studio-enterprise'],
    ['Visual Studio Professional', 'visual-studio-professional'],
    ['VS Pro', 'visual-studio-professional'],
    ['vs pro', 'visual-studio-professional'],
    ['Windows', ['windows-11-enterprise', 'windows-server-2025-datacenter']],
    ['Windows 11', 'windows-11-enterprise'],
    ['Office', 'office-ltsc-2024'],
    ['Azure', 'azure-monthly-credit'],
    ['M365', 'microsoft-365-e5'],
    ['support', 'product-support-incidents'],
    ['サポート', 'product-support-incidents'],
    ['advisory hours', 'partner-advisory-hours'],
    ['相談時間', 'partner-advisory-hours'],
    ['presales', 'technical-presales-deployment'],
    ['Silver Core', 'silver-core'],
    ['シルバー コア', 'silver-core'],
    ['Gold Core', 'gold-core'],
    ['ISV Co-sell ready', 'isv-co-sell-ready'],
    ['Visual Studo Enterprise', 'visual-studio-enterprise'],
    ['Dynamcs', 'dynamics-365-sales-enterprise'],
  ])('"%s" finds %j', (query, expected) => {
    expect(benefit(query)).toEqual(expected);
  });

  test.each([
    ['ビジュアルスタジオ エンタープライズ', 'visual-studio-enterprise'],
    ['ビジュアルスタジオのエンタープライズ', 'visual-studio-enterprise'],
    ['ビジュアル スタジオ プロ', 'visual-studio-professional'],
    ['ビジュアルスタジオ プロフェッショナル', 'visual-studio-professional'],
    ['ウィンドウズ 11', 'windows-11-enterprise'],
    ['ウィンドウズ11', 'windows-11-enterprise'],
    ['オフィス', 'office-ltsc-2024'],
    ['アジュール', 'azure-monthly-credit'],
    ['アジュア', 'azure-monthly-credit'],
    ['ダイナミクス', 'dynamics-365-sales-enterprise'],
  ])('katakana as people write it: "%s" finds %j', (query, expected) => {
    expect(benefit(query)).toEqual(expected);
  });

  test.each([
    ['the ISV co-sell ready offer', 'isv-co-sell-ready'],
    ['silver core offer', 'silver-core'],
    ['azure subscription', 'azure-monthly-credit'],
    ['Azure サブスクリプション', 'azure-monthly-credit'],
    ['an Enterprise seat', 'visual-studio-enterprise'],
    ['ビジュアルスタジオ エンタープライズ サブスクリプション', 'visual-studio-enterprise'],
  ])(
    'words around a name ("subscription", "offer", "seat", "the") are no part of it: "%s" finds %j',
    (query, expected) => {
      expect(benefit(query)).toEqual(expected);
    },
  );

  test('"Enterprise" alone is the Visual Studio Enterprise seat; Windows 11 and Dynamics 365 Enterprise by their fuller names', () => {
    expect(benefit('Enterprise')).toBe('visual-studio-enterprise');
    expect(benefit('Enterprise sub')).toBe('visual-studio-enterprise');
    expect(benefit('エンタープライズ')).toBe('visual-studio-enterprise');
    expect(benefit('Professional')).toBe('visual-studio-professional');
    expect(benefit('Windows 11 Enterprise')).toBe('windows-11-enterprise');
    expect(benefit('Dynamics 365 Sales Enterprise')).toBe('dynamics-365-sales-enterprise');
    expect(benefit('Sales Enterprise')).toBe('dynamics-365-sales-enterprise');
  });

  test('katakana that sounds like no benefit finds none', () => {
    expect(benefit('ピザ')).toMatch(/^none/);
  });

  test('a name that matches nothing finds nothing, and offers the closest names when there are any', () => {
    expect(benefit('pizza')).toMatch(/^none/);
    expect(benefit('')).toBe('none: ');
  });
});

describe("finding people in the asker's organisation", () => {
  test.each([
    ['Ana', 'Ana Bowman'],
    ['ana', 'Ana Bowman'],
    ['Ana Bowman', 'Ana Bowman'],
    ['アナ', 'Ana Bowman'],
    ['アナさん', 'Ana Bowman'],
    ['ana@contoso.com', 'Ana Bowman'],
    ['ANA@CONTOSO.COM', 'Ana Bowman'],
    ['Bowman', 'Ana Bowman'],
    ['Lee', ['Lee Gu', 'Lee Park']],
    ['Lee Gu', 'Lee Gu'],
    ['Lee Park', 'Lee Park'],
    ['lee.park@contoso.com', 'Lee Park'],
    ['Taro', '田中 太郎'],
    ['Tanaka', '田中 太郎'],
    ['田中', '田中 太郎'],
    ['田中さん', '田中 太郎'],
    ['太郎', '田中 太郎'],
    ['田中太郎', '田中 太郎'],
    ['Taro Tanaka', '田中 太郎'],
    ['花子', '鈴木 花子'],
    ['Hanako Suzuki', '鈴木 花子'],
    ['Megan', 'Megan Bowen'],
    ['Patti', 'Patti Fernandez'],
    ['Ana Bowmann', 'Ana Bowman'],
    ['Johana', 'Johanna Lorenz'],
  ])('"%s" finds %j', (query, expected) => {
    expect(personOf(query)).toEqual(expected);
  });

  test.each([
    ['アナ', 'Ana Bowman'],
    ['アナ・ボウマンさん', 'Ana Bowman'],
    ['リー', ['Lee Gu', 'Lee Park']],
    ['リーさん', ['Lee Gu', 'Lee Park']],
    ['リー・グ', 'Lee Gu'],
    ['リー グさん', 'Lee Gu'],
    ['リーグ', 'Lee Gu'],
    ['リー・パークさん', 'Lee Park'],
    ['ネスター', 'Nestor Wilke'],
    ['ネスターさん', 'Nestor Wilke'],
    ['ヨハンナ・ローレンツさん', 'Johanna Lorenz'],
    ['ディエゴ・シチリアーニさん', 'Diego Siciliani'],
    ['アデル', 'Adele Vance'],
    ['リン', 'Lynne Robbins'],
    ['リン・ロビンスさん', 'Lynne Robbins'],
    ['メーガン', 'Megan Bowen'],
    ['アイザイアさん', 'Isaiah Langer'],
    ['アレックス', 'Alex Wilber'],
    ['パティ・フェルナンデスさん', 'Patti Fernandez'],
    ['ヴァンス', 'Adele Vance'],
    ['ボウエン', 'Megan Bowen'],
  ])('katakana of a Latin name: "%s" finds %j', (query, expected) => {
    expect(personOf(query)).toEqual(expected);
  });

  test.each([
    ['田中 太郎', '田中 太郎'],
    ['田中　太郎さん', '田中 太郎'],
    ['田中・太郎', '田中 太郎'],
    ['田中様', '田中 太郎'],
    ['田中 さん', '田中 太郎'],
    ['鈴木氏', '鈴木 花子'],
    ['Tanaka Taro san', '田中 太郎'],
    ['tanaka-san', '田中 太郎'],
    ['Suzuki Hanako', '鈴木 花子'],
    ['Suzuki Hanakoさん', '鈴木 花子'],
    ['すずき はなこ', '鈴木 花子'],
    ['ＮＥＳＴＯＲ', 'Nestor Wilke'],
  ])(
    'Japanese names in kanji, romaji family name first, honorifics, full-width: "%s" finds %j',
    (query, expected) => {
      expect(personOf(query)).toEqual(expected);
    },
  );

  test('the name of someone not found is as typed, less the honorific', () => {
    expect(withoutHonorific('山田 一郎さん')).toBe('山田 一郎');
    expect(withoutHonorific('佐藤様')).toBe('佐藤');
    expect(withoutHonorific('Yamada-san')).toBe('Yamada');
    expect(withoutHonorific('Bob Smith')).toBe('Bob Smith');
    expect(withoutHonorific('Sandy Sansan')).toBe('Sandy Sansan');
  });

  test('two people who sound alike in katakana are both offered, never one of them guessed', () => {
    const lin = {
      id: 'lin',
      displayName: 'Lin Chen',
      email: 'lin@contoso.com',
      roles: [],
      aliases: [],
    };
    const users = [...contoso.users, lin];
    expect(summary(findPerson(users, 'リンさん'), (u) => u.displayName)).toEqual([
      'Lynne Robbins',
      'Lin Chen',
    ]);
    expect(summary(findPerson(users, 'リン・チェン'), (u) => u.displayName)).toBe('Lin Chen');
  });

  test.each([
    'ボブ',
    'ルー',
    'アン',
    'ニナ',
    'ジョン',
    'スミス',
    '山田 一郎さん',
    '佐藤さん',
    'Yamada Ichiro san',
  ])('someone not in the organisation ("%s") is not found, never guessed', (query) => {
    expect(personOf(query)).toMatch(/^none/);
  });

  test('Contoso\'s "Ana" is never Fabrikam\'s Ana Ruiz, and an email of another organisation finds nobody', () => {
    expect(personOf('Ana Ruiz')).not.toEqual('Ana Ruiz');
    expect(personOf('ana@fabrikam.com')).toBe('none: ');
    expect(summary(findPerson(fabrikam.users, 'Ana'), (u) => u.email)).toBe('ana@fabrikam.com');
  });

  test('a name that matches nobody finds nobody', () => {
    expect(personOf('Zebulon Quartermaine')).toMatch(/^none/);
    expect(personOf('nobody@contoso.com')).toBe('none: ');
  });
});
