import { recognize, type Intent } from '../../bot/recognizer';

const cases: [string, Intent][] = [
  ['show benefits', { name: 'showBenefits' }],
  ['Show Benefits!', { name: 'showBenefits' }],
  ['what benefits do we have?', { name: 'showBenefits' }],
  ['list our benefits', { name: 'showBenefits' }],
  ['can you please show the benefits', { name: 'showBenefits' }],
  ['特典を表示', { name: 'showBenefits' }],
  ['特典一覧', { name: 'showBenefits' }],
  ['特典を表示してください', { name: 'showBenefits' }],
  ['ＳＨＯＷ　ＢＥＮＥＦＩＴＳ', { name: 'showBenefits' }],
  ['show software', { name: 'showCategory', category: 'software' }],
  ['ソフトウェアを表示', { name: 'showCategory', category: 'software' }],
  ['Visual Studio subscriptions', { name: 'showCategory', category: 'visualStudio' }],
  ['show VS', { name: 'showCategory', category: 'visualStudio' }],
  ['Visual Studio サブスクリプション', { name: 'showCategory', category: 'visualStudio' }],
  ['ビジュアルスタジオ', { name: 'showCategory', category: 'visualStudio' }],
  ['cloud services', { name: 'showCategory', category: 'cloud' }],
  ['show azure', { name: 'showCategory', category: 'cloud' }],
  ['クラウド サービスを見せて', { name: 'showCategory', category: 'cloud' }],
  ['technical benefits', { name: 'showCategory', category: 'technical' }],
  ['技術特典を見せて', { name: 'showCategory', category: 'technical' }],
  ['相談時間', { name: 'showCategory', category: 'technical' }],
  ['Go-To-Market offers', { name: 'showCategory', category: 'goToMarket' }],
  ['go to market', { name: 'showCategory', category: 'goToMarket' }],
  ['市場投入', { name: 'showCategory', category: 'goToMarket' }],
  ['my benefits', { name: 'myBenefits' }],
  ['seats held by people who left', { name: 'peopleWhoLeft' }],
  ['Show the licences still assigned to people who have left?', { name: 'peopleWhoLeft' }],
  ['who left', { name: 'peopleWhoLeft' }],
  ['reclaim seats from people who left', { name: 'peopleWhoLeft' }],
  ['退職者の席', { name: 'peopleWhoLeft' }],
  ['退職者の席を回収', { name: 'peopleWhoLeft' }],
  ['which benefits do I have', { name: 'myBenefits' }],
  ['what do I have?', { name: 'myBenefits' }],
  ['show my visual studio subscription', { name: 'myBenefits' }],
  ['私の特典', { name: 'myBenefits' }],
  ['自分の特典を見せて', { name: 'myBenefits' }],
  ['help', { name: 'help' }],
  ['Help me', { name: 'help' }],
  ['what can you do?', { name: 'help' }],
  ['?', { name: 'help' }],
  ['ヘルプ', { name: 'help' }],
  ['使い方を教えて', { name: 'help' }],
  ['日本語で', { name: 'setLanguage', language: 'ja' }],
  ['日本語でお願いします', { name: 'setLanguage', language: 'ja' }],
  ['Japanese please', { name: 'setLanguage', language: 'ja' }],
  ['English please', { name: 'setLanguage', language: 'en' }],
  ['英語で', { name: 'setLanguage', language: 'en' }],
  ['hello', { name: 'greeting' }],
  ['Good morning', { name: 'greeting' }],
  ['こんにちは', { name: 'greeting' }],
  ['hello, show benefits', { name: 'showBenefits' }],
  ['order a pizza', { name: 'none', text: 'order a pizza' }],
  ['', { name: 'none', text: '' }],
];

describe('the recognizer', () => {
  test.each(cases)('"%s" is understood as %j', (text, intent) => {
    expect(recognize(text)).toEqual(intent);
  });

  test('a long sentence that mentions English is not taken as a language switch', () => {
    expect(recognize('do we have any benefits for the English speaking team in Tokyo')).toEqual({
      name: 'showBenefits',
    });
  });
});
