import { recognize, type Intent } from '../../bot/recognizer';

const p = (text: string, userId?: string) => (userId ? { text, userId } : { text });

/** What people type to change benefits, with the intent and the words the bot must pick out. */
const cases: [string, Intent][] = [
  // assign, English
  ['assign VS to Ana', { name: 'assign', benefit: 'VS', person: p('Ana') }],
  ['Assign VS to Ana please', { name: 'assign', benefit: 'VS', person: p('Ana') }],
  [
    'can you assign VS Pro to Lee Park?',
    { name: 'assign', benefit: 'VS Pro', person: p('Lee Park') },
  ],
  [
    'give Ana a Visual Studio Enterprise subscription',
    { name: 'assign', benefit: 'Visual Studio Enterprise subscription', person: p('Ana') },
  ],
  ['give Lee Gu an MSDN seat', { name: 'assign', benefit: 'MSDN', person: p('Lee Gu') }],
  ['add Lee Park to VS Pro', { name: 'assign', benefit: 'VS Pro', person: p('Lee Park') }],
  [
    'assign visual studio to ana@contoso.com',
    { name: 'assign', benefit: 'visual studio', person: p('ana@contoso.com') },
  ],
  ['assign support to Patti', { name: 'assign', benefit: 'support', person: p('Patti') }],
  [
    'assign a VS Enterprise seat to Diego',
    { name: 'assign', benefit: 'VS Enterprise', person: p('Diego') },
  ],
  [
    'allocate VS Pro to Nestor Wilke',
    { name: 'assign', benefit: 'VS Pro', person: p('Nestor Wilke') },
  ],
  ['grant Johanna a VS Pro license', { name: 'assign', benefit: 'VS Pro', person: p('Johanna') }],
  ['hi, assign VS to Ana', { name: 'assign', benefit: 'VS', person: p('Ana') }],
  ['ASSIGN VS TO ANA', { name: 'assign', benefit: 'VS', person: p('ANA') }],
  ['assign VS', { name: 'assign', benefit: 'VS' }],
  [
    'assign the product support incidents to Lynne',
    { name: 'assign', benefit: 'product support incidents', person: p('Lynne') },
  ],
  ['assign VS Pro to @Ana Bowman', { name: 'assign', benefit: 'VS Pro', person: p('Ana Bowman') }],
  [
    'assign VS Pro to taro@contoso.com',
    { name: 'assign', benefit: 'VS Pro', person: p('taro@contoso.com') },
  ],
  [
    'give Taro Tanaka a Visual Studio Professional subscription',
    {
      name: 'assign',
      benefit: 'Visual Studio Professional subscription',
      person: p('Taro Tanaka'),
    },
  ],
  [
    'assign VS Enterprise to lee.park@contoso.com',
    { name: 'assign', benefit: 'VS Enterprise', person: p('lee.park@contoso.com') },
  ],
  ['could you give Megan a VS Pro seat', { name: 'assign', benefit: 'VS Pro', person: p('Megan') }],
  // assign, Japanese
  ['アナにVSを割り当てて', { name: 'assign', benefit: 'VS', person: p('アナ') }],
  [
    '田中さんにVisual Studio Professionalを割り当ててください',
    { name: 'assign', benefit: 'Visual Studio Professional', person: p('田中さん') },
  ],
  [
    'Lee ParkにVS Proを割り当ててください',
    { name: 'assign', benefit: 'VS Pro', person: p('Lee Park') },
  ],
  ['パティにサポートを割り当てて', { name: 'assign', benefit: 'サポート', person: p('パティ') }],
  ['VS Proを鈴木さんに割り当てて', { name: 'assign', benefit: 'VS Pro', person: p('鈴木さん') }],
  [
    '花子さんにVS Enterpriseを付与して',
    { name: 'assign', benefit: 'VS Enterprise', person: p('花子さん') },
  ],
  [
    'ana@contoso.comにVSを割り当て',
    { name: 'assign', benefit: 'VS', person: p('ana@contoso.com') },
  ],
  [
    'ディエゴにビジュアルスタジオを割り当ててください',
    { name: 'assign', benefit: 'ビジュアルスタジオ', person: p('ディエゴ') },
  ],
  ['VSを割り当てて', { name: 'assign', benefit: 'VS' }],
  [
    '太郎さんにVS Proのライセンスを割り当てて',
    { name: 'assign', benefit: 'VS Pro', person: p('太郎さん') },
  ],
  [
    'ＶＳ　Ｐｒｏを田中さんに割り当ててください',
    { name: 'assign', benefit: 'VS Pro', person: p('田中さん') },
  ],
  // reassign
  [
    'reassign VS Enterprise from Lee Gu to Ana',
    { name: 'reassign', benefit: 'VS Enterprise', from: p('Lee Gu'), to: p('Ana') },
  ],
  [
    'move VS Pro from Ana to Lee Park',
    { name: 'reassign', benefit: 'VS Pro', from: p('Ana'), to: p('Lee Park') },
  ],
  [
    'transfer support from Patti to Lynne',
    { name: 'reassign', benefit: 'support', from: p('Patti'), to: p('Lynne') },
  ],
  [
    "give Lee Gu's VS Enterprise to Ana",
    { name: 'reassign', benefit: 'VS Enterprise', from: p('Lee Gu'), to: p('Ana') },
  ],
  [
    'VS EnterpriseをLee Guからアナに再割り当てして',
    { name: 'reassign', benefit: 'VS Enterprise', from: p('Lee Gu'), to: p('アナ') },
  ],
  [
    'Lee GuのVS Enterpriseをアナに再割り当て',
    { name: 'reassign', benefit: 'VS Enterprise', from: p('Lee Gu'), to: p('アナ') },
  ],
  [
    'サポートをパティからリンに付け替えて',
    { name: 'reassign', benefit: 'サポート', from: p('パティ'), to: p('リン') },
  ],
  // remove
  ['remove Ana from VS Pro', { name: 'remove', benefit: 'VS Pro', person: p('Ana') }],
  [
    'unassign Lee Gu from Visual Studio Enterprise',
    { name: 'remove', benefit: 'Visual Studio Enterprise', person: p('Lee Gu') },
  ],
  ['take Ana off VS Pro', { name: 'remove', benefit: 'VS Pro', person: p('Ana') }],
  [
    'revoke VS Enterprise from Lee Gu',
    { name: 'remove', benefit: 'VS Enterprise', person: p('Lee Gu') },
  ],
  ['remove Patti from support', { name: 'remove', benefit: 'support', person: p('Patti') }],
  ['VS Proからアナを外して', { name: 'remove', benefit: 'VS Pro', person: p('アナ') }],
  ['アナをVS Proから外してください', { name: 'remove', benefit: 'VS Pro', person: p('アナ') }],
  [
    'Lee GuのVS Enterpriseを解除して',
    { name: 'remove', benefit: 'VS Enterprise', person: p('Lee Gu') },
  ],
  ['サポートからパティを削除', { name: 'remove', benefit: 'サポート', person: p('パティ') }],
  // who has
  ['who has Visual Studio Enterprise?', { name: 'whoHas', benefit: 'Visual Studio Enterprise' }],
  ['who has VS', { name: 'whoHas', benefit: 'VS' }],
  ['who holds the support incidents', { name: 'whoHas', benefit: 'support incidents' }],
  ['who is using VS Pro?', { name: 'whoHas', benefit: 'VS Pro' }],
  ["who's on VS Enterprise", { name: 'whoHas', benefit: 'VS Enterprise' }],
  ['誰がVSを持っていますか', { name: 'whoHas', benefit: 'VS' }],
  ['だれがVS Proを使っていますか?', { name: 'whoHas', benefit: 'VS Pro' }],
  ['VS Enterpriseを持っている人は?', { name: 'whoHas', benefit: 'VS Enterprise' }],
  ['サポートの割り当て先', { name: 'whoHas', benefit: 'サポート' }],
  // activate
  ['activate Azure', { name: 'activate', benefit: 'Azure' }],
  ['activate Silver Core', { name: 'activate', benefit: 'Silver Core' }],
  [
    'please activate the ISV Co-sell ready offer',
    { name: 'activate', benefit: 'ISV Co-sell ready offer' },
  ],
  ['enable Azure', { name: 'activate', benefit: 'Azure' }],
  ['activate Gold Core', { name: 'activate', benefit: 'Gold Core' }],
  ['Silver Coreをアクティブ化', { name: 'activate', benefit: 'Silver Core' }],
  ['Azureをアクティブ化してください', { name: 'activate', benefit: 'Azure' }],
  ['シルバー コアを有効化して', { name: 'activate', benefit: 'シルバー コア' }],
  // confirm active
  [
    'support for Patti is active',
    { name: 'confirmActive', benefit: 'support', person: p('Patti') },
  ],
  ['Silver Core is active', { name: 'confirmActive', benefit: 'Silver Core' }],
  ['Silver Core is now active', { name: 'confirmActive', benefit: 'Silver Core' }],
  [
    'mark support for Patti as active',
    { name: 'confirmActive', benefit: 'support', person: p('Patti') },
  ],
  [
    'パティのサポートがアクティブになりました',
    { name: 'confirmActive', benefit: 'サポート', person: p('パティ') },
  ],
  ['Silver Coreがアクティブになりました', { name: 'confirmActive', benefit: 'Silver Core' }],
  // marketing contact
  ['set the marketing contact to Megan', { name: 'setMarketingContact', person: p('Megan') }],
  ['set the marketing contact', { name: 'setMarketingContact' }],
  [
    'change our marketing contact to Megan Bowen',
    { name: 'setMarketingContact', person: p('Megan Bowen') },
  ],
  ['update the marketing contact', { name: 'setMarketingContact' }],
  ['make Megan the marketing contact', { name: 'setMarketingContact', person: p('Megan') }],
  [
    'マーケティング担当者をメーガンに設定して',
    { name: 'setMarketingContact', person: p('メーガン') },
  ],
  ['メーガンをマーケティング担当者にして', { name: 'setMarketingContact', person: p('メーガン') }],
  ['マーケティング担当者を設定', { name: 'setMarketingContact' }],
  ['会社のマーケティング担当者を変更したい', { name: 'setMarketingContact' }],
  // add a user, audit log
  [
    'add user Nina Patel nina@contoso.com',
    { name: 'addUser', displayName: 'Nina Patel', email: 'nina@contoso.com' },
  ],
  [
    'add a new user Nina Patel <nina@contoso.com>',
    { name: 'addUser', displayName: 'Nina Patel', email: 'nina@contoso.com' },
  ],
  [
    'add Nina Patel nina@contoso.com as a user',
    { name: 'addUser', displayName: 'Nina Patel', email: 'nina@contoso.com' },
  ],
  ['add user', { name: 'addUser' }],
  [
    'ユーザーを追加 Nina Patel nina@contoso.com',
    { name: 'addUser', displayName: 'Nina Patel', email: 'nina@contoso.com' },
  ],
  [
    'Nina Patel nina@contoso.comをユーザーとして追加して',
    { name: 'addUser', displayName: 'Nina Patel', email: 'nina@contoso.com' },
  ],
  ['show audit log', { name: 'auditLog' }],
  ['what changed recently?', { name: 'auditLog' }],
  ['監査ログを表示', { name: 'auditLog' }],
  // keys, requests, cancellation
  ['get keys for Windows 11', { name: 'getKeys', benefit: 'Windows 11' }],
  ['show me the product keys for Office', { name: 'getKeys', benefit: 'Office' }],
  ['get the M365 license key', { name: 'getKeys', benefit: 'M365' }],
  ['Windows 11のキーを取得', { name: 'getKeys', benefit: 'Windows 11' }],
  ['M365のライセンスキーを表示して', { name: 'getKeys', benefit: 'M365' }],
  ['request advisory hours', { name: 'requestHours', benefit: 'advisory' }],
  ['I need presales help', { name: 'requestHours', benefit: 'presales' }],
  ['相談時間をリクエスト', { name: 'requestHours', benefit: '相談時間' }],
  ['my requests', { name: 'myRequests' }],
  ['私のリクエスト', { name: 'myRequests' }],
  ['cancel our membership', { name: 'cancelMembership' }],
  ['I want a refund', { name: 'cancelMembership' }],
  ['返金して', { name: 'cancelMembership' }],
  ['キャンセルしたい', { name: 'cancelMembership' }],
  // partner-program roles
  [
    'make Megan an MPN partner admin',
    { name: 'setPartnerRole', person: p('Megan'), role: 'mpnPartnerAdmin', grant: true },
  ],
  [
    'make Isaiah an admin agent',
    { name: 'setPartnerRole', person: p('Isaiah'), role: 'adminAgent', grant: true },
  ],
  [
    'remove the MPN partner admin role from Megan',
    { name: 'setPartnerRole', person: p('Megan'), role: 'mpnPartnerAdmin', grant: false },
  ],
  [
    'メーガンをMPN パートナー管理者にして',
    { name: 'setPartnerRole', person: p('メーガン'), role: 'mpnPartnerAdmin', grant: true },
  ],
  [
    'Isaiahの管理エージェントを外して',
    { name: 'setPartnerRole', person: p('Isaiah'), role: 'adminAgent', grant: false },
  ],
  // cancel
  ['cancel', { name: 'cancel' }],
  ['Cancel.', { name: 'cancel' }],
  ['never mind', { name: 'cancel' }],
  ['キャンセル', { name: 'cancel' }],
  ['やめて', { name: 'cancel' }],
  ['中止', { name: 'cancel' }],
];

describe('the recognizer, for changes', () => {
  test('holds at least 80 utterances', () => {
    expect(cases.length).toBeGreaterThanOrEqual(80);
  });

  test.each(cases)('"%s" is understood as %j', (text, intent) => {
    expect(recognize(text)).toEqual(intent);
  });

  test('a Teams @mention names the person by their Entra object id', () => {
    expect(
      recognize('assign VS Pro to <at>Ana Bowman</at>', [
        { text: 'Ana Bowman', userId: '00000000-0000-0000-0000-0000000000101' },
      ]),
    ).toEqual({
      name: 'assign',
      benefit: 'VS Pro',
      person: { text: 'Ana Bowman', userId: '00000000-0000-0000-0000-0000000000101' },
    });
  });

  test('browsing is not mistaken for a change', () => {
    expect(recognize('show software').name).toBe('showCategory');
    expect(recognize('my benefits').name).toBe('myBenefits');
    expect(recognize('Visual Studio subscriptions').name).toBe('showCategory');
  });
});
