import { recognize, type Intent } from '../../bot/recognizer';

const p = (text: string) => ({ text });

/** More ways people ask for the same changes: other verbs, word orders and possessives, in English and Japanese. */
const cases: [string, Intent][] = [
  // assign
  ['set Ana up with VS Pro', { name: 'assign', benefit: 'VS Pro', person: p('Ana') }],
  [
    'hook Diego up with an Enterprise sub',
    { name: 'assign', benefit: 'Enterprise', person: p('Diego') },
  ],
  ['set up Diego with dynamics', { name: 'assign', benefit: 'dynamics', person: p('Diego') }],
  ['Nestor needs a VS seat', { name: 'assign', benefit: 'VS', person: p('Nestor') }],
  ['Ana needs VS Pro for the migration', { name: 'assign', benefit: 'VS Pro', person: p('Ana') }],
  ['Johanna should get Office keys', { name: 'assign', benefit: 'Office', person: p('Johanna') }],
  [
    'give Ana one of the windows server keys',
    { name: 'assign', benefit: 'windows server', person: p('Ana') },
  ],
  [
    'can you give Nestor a VS Pro seat? he starts on monday',
    { name: 'assign', benefit: 'VS Pro', person: p('Nestor') },
  ],
  [
    "i'd like to assign vs enterprise to taro tanaka",
    { name: 'assign', benefit: 'vs enterprise', person: p('taro tanaka') },
  ],
  ['Azureのユーザーは誰？', { name: 'whoHas', benefit: 'Azure' }],
  ['Silver Coreのオファー、開始して', { name: 'activate', benefit: 'Silver Core' }],
  ['can i have an office key', { name: 'askBenefit', benefit: 'office' }],
  ['could I have access to azure?', { name: 'askBenefit', benefit: 'azure' }],
  ['could i get a windows 11 key for my laptop', { name: 'askBenefit', benefit: 'windows 11' }],
  ['E5のライセンスをもらえますか？', { name: 'askBenefit', benefit: 'E5' }],
  ['show me the office keys', { name: 'getKeys', benefit: 'office' }],
  ['give me the keys', { name: 'getKeys' }],
  ["what's the windows 11 product key", { name: 'getKeys', benefit: 'windows 11' }],
  ['dynamics 365 license key please', { name: 'getKeys', benefit: 'dynamics 365' }],
  ['ユーザーを追加したいです', { name: 'addUser' }],
  [
    'can you add Sam Lee (sam.lee@contoso.com)',
    { name: 'addUser', displayName: 'Sam Lee', email: 'sam.lee@contoso.com' },
  ],
  ['a VS seat for Johanna', { name: 'assign', benefit: 'VS', person: p('Johanna') }],
  ['VS Pro -> Johanna', { name: 'assign', benefit: 'VS Pro', person: p('Johanna') }],
  [
    'provision VS Enterprise for Lee Park',
    { name: 'assign', benefit: 'VS Enterprise', person: p('Lee Park') },
  ],
  ['get diego a VS Pro seat', { name: 'assign', benefit: 'VS Pro', person: p('diego') }],
  [
    'put Nestor on VS Enterprise',
    { name: 'assign', benefit: 'VS Enterprise', person: p('Nestor') },
  ],
  ['give Hanako VS Enterprise', { name: 'assign', benefit: 'VS Enterprise', person: p('Hanako') }],
  ['assign something to Ana', { name: 'assign', person: p('Ana') }],
  [
    '田中 太郎さんにVS Proをアサインして',
    { name: 'assign', benefit: 'VS Pro', person: p('田中 太郎さん') },
  ],
  ['ボウマンさんにVS Pro付与', { name: 'assign', benefit: 'VS Pro', person: p('ボウマンさん') }],
  [
    'アデルさんにVS Enterpriseの席をひとつ割り当てて',
    { name: 'assign', benefit: 'VS Enterprise', person: p('アデルさん') },
  ],
  ['Tanakaさんにも VS Pro を', { name: 'assign', benefit: 'VS Pro', person: p('Tanakaさん') }],
  ['VS Proを田中くんに', { name: 'assign', benefit: 'VS Pro', person: p('田中くん') }],
  ['アナさんに割り当てて', { name: 'assign', person: p('アナさん') }],
  ['VS Enterpriseを誰かに割り当てたい', { name: 'assign', benefit: 'VS Enterprise' }],
  // remove
  ['unassign VS Pro from Ana', { name: 'remove', benefit: 'VS Pro', person: p('Ana') }],
  ['remove VS Pro from Lee', { name: 'remove', benefit: 'VS Pro', person: p('Lee') }],
  ['take back the VS seat from Nestor', { name: 'remove', benefit: 'VS', person: p('Nestor') }],
  ['pull support from Patti', { name: 'remove', benefit: 'support', person: p('Patti') }],
  ["revoke Diego's VS Pro", { name: 'remove', benefit: 'VS Pro', person: p('Diego') }],
  ["free up Lee Gu's seat", { name: 'remove', person: p('Lee Gu') }],
  [
    "Johanna doesn't need VS Pro anymore",
    { name: 'remove', benefit: 'VS Pro', person: p('Johanna') },
  ],
  [
    '田中さんからVS Enterpriseを外してください',
    { name: 'remove', benefit: 'VS Enterprise', person: p('田中さん') },
  ],
  ['ディエゴさんのVSを剥がして', { name: 'remove', benefit: 'VS', person: p('ディエゴさん') }],
  ['ネスターさんからVS Pro回収', { name: 'remove', benefit: 'VS Pro', person: p('ネスターさん') }],
  [
    'パティさんのAzureの割り当てを外して',
    { name: 'remove', benefit: 'Azure', person: p('パティさん') },
  ],
  ['VS Proの割り当てを解除したい', { name: 'remove', benefit: 'VS Pro' }],
  // reassign
  ['give it to Nestor instead', { name: 'reassign', to: p('Nestor') }],
  ['Nestor instead', { name: 'reassign', to: p('Nestor') }],
  [
    "swap Ana's VS Pro over to Johanna",
    { name: 'reassign', benefit: 'VS Pro', from: p('Ana'), to: p('Johanna') },
  ],
  [
    'assign vs pro to Ana instead of Diego',
    { name: 'reassign', benefit: 'vs pro', from: p('Diego'), to: p('Ana') },
  ],
  ['give Nestor the VS Pro seat instead', { name: 'reassign', benefit: 'VS Pro', to: p('Nestor') }],
  ['reassign VS to Nestor', { name: 'reassign', benefit: 'VS', to: p('Nestor') }],
  [
    'ディエゴさんの代わりにネスターさんにVS Enterpriseを割り当てて',
    { name: 'reassign', benefit: 'VS Enterprise', from: p('ディエゴさん'), to: p('ネスターさん') },
  ],
  [
    '花子さんのVS Enterpriseを太郎さんに譲りたい',
    { name: 'reassign', benefit: 'VS Enterprise', from: p('花子さん'), to: p('太郎さん') },
  ],
  [
    'VS Proを田中から鈴木へ',
    { name: 'reassign', benefit: 'VS Pro', from: p('田中'), to: p('鈴木') },
  ],
  [
    'リン→パティでVS Pro付け替え',
    { name: 'reassign', benefit: 'VS Pro', from: p('リン'), to: p('パティ') },
  ],
  // who has, activate, confirm, roles
  ["who's using our VS Enterprise seats?", { name: 'whoHas', benefit: 'VS Enterprise' }],
  ['list everyone with a vs pro seat', { name: 'whoHas', benefit: 'vs pro' }],
  ['VS Enterpriseは誰が使っていますか？', { name: 'whoHas', benefit: 'VS Enterprise' }],
  ["let's activate our azure credit", { name: 'activate', benefit: 'azure' }],
  ['silver core is active now', { name: 'confirmActive', benefit: 'silver core' }],
  [
    "Patti's support is active now",
    { name: 'confirmActive', benefit: 'support', person: p('Patti') },
  ],
  [
    'remove admin agent from Isaiah',
    { name: 'setPartnerRole', person: p('Isaiah'), role: 'adminAgent', grant: false },
  ],
  [
    "revoke Megan's partner admin role",
    { name: 'setPartnerRole', person: p('Megan'), role: 'mpnPartnerAdmin', grant: false },
  ],
  [
    'Lynne should be MPN partner admin too',
    { name: 'setPartnerRole', person: p('Lynne'), role: 'mpnPartnerAdmin', grant: true },
  ],
  [
    'アナさんに管理エージェントのロールを付与してください',
    { name: 'setPartnerRole', person: p('アナさん'), role: 'adminAgent', grant: true },
  ],
  ['VS Enterpriseを割り当ててほしいです', { name: 'askBenefit', benefit: 'VS Enterprise' }],
  // one typo in a word of 5 letters or more
  ['asign vs pro to nestor', { name: 'assign', benefit: 'vs pro', person: p('nestor') }],
  ['remvoe VS Pro from Ana', { name: 'remove', benefit: 'VS Pro', person: p('Ana') }],
  ['unasign VS Pro from Ana', { name: 'remove', benefit: 'VS Pro', person: p('Ana') }],
  [
    'allocate a visaul studio profesional seat to Lynne',
    { name: 'assign', benefit: 'visual studio professional', person: p('Lynne') },
  ],
  ['vs enterprize for nestor', { name: 'assign', benefit: 'vs enterprise', person: p('nestor') }],
];

/** Notification commands and the seats of people who left, in more words. */
const commands: [string, Intent['name']][] = [
  ['stop notifications here', 'stopNotifications'],
  ['turn off notifications for this channel', 'stopNotifications'],
  ['このチャネルへの通知を止めて', 'stopNotifications'],
  ['ここにはもう通知しないで', 'stopNotifications'],
  ['post benefit updates in this channel', 'notifyHere'],
  ['割り当ての通知をここに投稿してください', 'notifyHere'],
  ['which notifications failed?', 'failedNotifications'],
  ['送れなかった通知はある？', 'failedNotifications'],
  ['retry failed messages', 'retryNotifications'],
  ['失敗した通知を再送して', 'retryNotifications'],
  ['エラーになった通知をもう一度送って', 'retryNotifications'],
  ['any seats held by people who left?', 'peopleWhoLeft'],
  ['are there departed users still holding licences?', 'peopleWhoLeft'],
  ['退職済みユーザーに割り当てられたままの特典', 'peopleWhoLeft'],
  ['people', 'none'],
  ['nvm', 'cancel'],
  ['scratch that', 'cancel'],
  ["stop, don't do that", 'cancel'],
  ['やっぱりやめる', 'cancel'],
  ['今のはなしで', 'cancel'],
  ['how do i use this', 'help'],
  ["i'm new here, what is this bot for?", 'help'],
  ['show my stuff', 'myBenefits'],
  ['which subscriptions are mine', 'myBenefits'],
  ['僕のライセンスは？', 'myBenefits'],
  ['わたしの割り当て一覧', 'myBenefits'],
  ["what's the status of my advisory hours request?", 'myRequests'],
  ['what have I requested?', 'myRequests'],
  ['自分が出したサービス要求を見せて', 'myRequests'],
  ['can I get a csv of all the assignments', 'exportAssignments'],
  ['export who has what', 'exportAssignments'],
  ['割り当て状況をExcelで出して', 'exportAssignments'],
  ['who assigned what this week', 'auditLog'],
  ['誰がいつ何を割り当てたか確認したい', 'auditLog'],
  ['license keys', 'getKeys'],
  ['windows 11 keys in japanese for arm64', 'getKeys'],
  ['is anyone on VS Pro?', 'whoHas'],
  ["what's left on advisory hours", 'howMany'],
  ['Megan should be the marketing contact', 'setMarketingContact'],
  ['notify this channel', 'notifyHere'],
  ['thanks!', 'greeting'],
  ['お疲れ様です！', 'greeting'],
  ['シルバーコアをアクティブにして', 'activate'],
  ['高橋 美咲さんを追加してください。メールは misaki@contoso.com です', 'addUser'],
  ['新しいユーザーを追加して。佐藤 健、ken.sato@contoso.com', 'addUser'],
  ['we need 10 hours of presales help', 'requestHours'],
  ['download links for office in japanese', 'getKeys'],
  ['what do we have', 'showBenefits'],
  ['pls give lee park vs pro', 'assign'],
  ['take the enterprise seat away from Lee Gu', 'remove'],
  ["hand over Lee Gu's VS Enterprise to Johanna", 'reassign'],
  ['which VS seats are free?', 'howMany'],
  ['list the people with Visual Studio Enterprise', 'whoHas'],
  ['do we still have Enterprise seats?', 'howMany'],
  ['who left the company', 'peopleWhoLeft'],
  ["is Lee Gu's VS Enterprise still active?", 'doesHave'],
  ['is Silver Core active yet?', 'showBenefit'],
  ['Azureは有効になってる？', 'showBenefit'],
  ['アデルさんをMPNパートナー管理者に', 'setPartnerRole'],
  ['プリセールスの相談を申し込みたい', 'requestHours'],
  ['通知オフ', 'stopNotifications'],
  ['can Diego get a VS license?', 'assign'],
  ['sign Johanna up for VS Enterprise', 'assign'],
  ['unassign Ana', 'remove'],
  ['remove VS Pro', 'remove'],
  ['keys', 'getKeys'],
  ['can i have vs pro', 'askBenefit'],
  ['create an account for Maria Garcia, maria@contoso.com', 'addUser'],
  ['new hire: Kenji Watanabe, kenji.w@contoso.com', 'addUser'],
];

/** Questions and other requests that share words with changes, and must not become one. */
const notChanges: string[] = [
  'set up a Teams meeting with Ana',
  "add a note to Lee Gu's VS Enterprise seat: renews with the Azure project",
  'アナさんにサポートはもう割り当て済み？',
  'リン・ロビンスさんにVS Proは付いてる？',
  '私に付与されている特典を全部見せて',
  'Windows 11のキーは何個残ってる？',
  'reclaim seats from people who left',
  'who has the office keys',
  'how many keys are left',
  '退職者の席を回収',
];

describe('the recognizer, for other ways of asking for changes', () => {
  test('names are never taken for a mistyped word', () => {
    for (const name of [
      'Nestor Wilke',
      'Johanna Lorenz',
      'Diego Siciliani',
      'Lynne Robbins',
      'Isaiah Langer',
      'Adele Vance',
      'Megan Bowen',
      'Patti Fernandez',
    ]) {
      expect(recognize(`assign VS to ${name}`)).toEqual({
        name: 'assign',
        benefit: 'VS',
        person: p(name),
      });
    }
  });

  test.each(cases)('"%s" is understood as %j', (text, intent) => {
    expect(recognize(text)).toEqual(intent);
  });

  test.each(commands)('"%s" is %s', (text, name) => {
    expect(recognize(text).name).toBe(name);
  });

  test.each(notChanges)('"%s" changes nothing', (text) => {
    expect(['assign', 'remove', 'reassign', 'getKeys', 'activate', 'confirmActive']).not.toContain(
      recognize(text).name,
    );
  });
});
