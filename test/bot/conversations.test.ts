import { en } from '../../cards/i18n/en';
import { ja } from '../../cards/i18n/ja';
import { botHarness, readable, type Turn } from '../support/bot-harness';
import { inOrder } from '../support/card-json';
import { people, type Person } from '../support/people';

type Expect = RegExp | ((said: string) => void);
type Row = [person: Person, locale: string, text: string, expected: Expect, absent?: RegExp];

let bot: Awaited<ReturnType<typeof botHarness>>;
beforeEach(async () => {
  bot = await botHarness();
});
afterEach(() => bot.dispose());

async function play(rows: Row[]) {
  for (const [as, locale, text, expected, absent] of rows) {
    const said = readable(await bot.say({ as, locale, text }));
    if (expected instanceof RegExp)
      expect({ text, said }).toEqual({ text, said: expect.stringMatching(expected) });
    else expected(said);
    if (absent) expect({ text, said }).toEqual({ text, said: expect.not.stringMatching(absent) });
  }
}

describe('an admin in a personal chat, in English', () => {
  test("browses the overview, a category, a row's details, and their own benefits", () =>
    play([
      [
        people.alex,
        'en-US',
        'show benefits',
        inOrder(
          'Contoso Partners: partner benefits',
          'Software',
          'Cloud services',
          'Visual Studio subscriptions',
          'Technical benefits',
          'Go-To-Market',
        ),
      ],
      [people.alex, 'en-US', 'what benefits do we have?', /Contoso Partners: partner benefits/],
      [people.alex, 'en-US', 'list our benefits', /8 seats · 1 used · 7 free/],
      [
        people.alex,
        'en-US',
        'Visual Studio subscriptions',
        inOrder(
          'Visual Studio Enterprise subscription',
          '3 seats · 1 used · 2 free',
          'Lee Gu',
          'lee.gu@contoso.com',
          'Visual Studio Professional subscription',
        ),
      ],
      [
        people.alex,
        'en-US',
        'show software',
        inOrder('Windows 11 Enterprise', '5 keys', 'Keys not revealed', 'Special instructions'),
      ],
      [
        people.alex,
        'en-US',
        'show me the cloud services',
        inOrder(
          'Microsoft Azure ($120 monthly credit)',
          'Not activated',
          'Microsoft 365 E5',
          '25 licenses',
        ),
      ],
      [
        people.alex,
        'en-US',
        'technical benefits',
        inOrder(
          'Microsoft product support incidents',
          'No user assigned',
          'Partner advisory hours',
          '20 hours',
        ),
      ],
      [
        people.alex,
        'en-US',
        'Go-To-Market offers',
        inOrder(
          'Silver Core',
          'Available',
          'Gold Core',
          'Needs partner level Gold',
          'Unavailable',
          'ISV Co-sell ready',
        ),
      ],
      [people.alex, 'en-US', 'my benefits', /You have no benefits assigned yet, Alex Wilber/],
    ]));

  test("every admin role sees the organisation's benefits (R1.6)", () =>
    play([
      [people.megan, 'en-US', 'show benefits', /Contoso Partners: partner benefits/],
      [people.adele, 'en-US', 'show benefits', /Contoso Partners: partner benefits/],
      [people.isaiah, 'en-US', 'Visual Studio subscriptions', /Lee Gu/],
    ]));
});

describe('an employee in a personal chat', () => {
  test('sees only their own benefits, and is told why', () =>
    play([
      [
        people.leeGu,
        'en-US',
        'which benefits do I have',
        inOrder(
          'Your benefits, Lee Gu',
          'Visual Studio Enterprise subscription',
          'Active',
          'Sign in to the Visual Studio portal with lee.gu@contoso.com',
        ),
      ],
      [
        people.leeGu,
        'en-US',
        'show benefits',
        inOrder(en['scope.employeeSeesOwn'], 'Visual Studio Enterprise subscription'),
        /Contoso Partners: partner benefits/,
      ],
      [
        people.ana,
        'en-US',
        'Visual Studio subscriptions',
        inOrder(en['scope.employeeSeesOwn'], 'You have no benefits assigned yet, Ana Bowman'),
        /Lee Gu/,
      ],
    ]));

  test('with nothing assigned, learns what they could ask for and from whom', () =>
    play([
      [
        people.ana,
        'en-US',
        'my benefits',
        inOrder(
          'You have no benefits assigned yet, Ana Bowman.',
          'Global admin (Alex Wilber)',
          'Visual Studio Enterprise subscription (2 seats free)',
          'Visual Studio Professional subscription (5 seats free)',
        ),
      ],
    ]));

  test('someone not in the user list of a known tenant is an employee with no benefits', () =>
    play([
      [people.stranger, 'en-US', 'my benefits', /You have no benefits assigned yet, New Starter/],
    ]));
});

describe('in Japanese', () => {
  test("the locale picks Japanese, with the source page's wording", () =>
    play([
      [
        people.alex,
        'ja-JP',
        '特典を表示',
        inOrder(
          'Contoso Partners のパートナー特典',
          'ソフトウェア',
          'クラウド サービス',
          'Visual Studio サブスクリプション',
          '技術特典',
          '市場投入',
        ),
      ],
      [people.alex, 'ja-JP', '特典一覧', /有効期限/],
      [
        people.alex,
        'ja-JP',
        '技術特典を見せて',
        inOrder(
          'マイクロソフト製品サポート インシデント',
          'ユーザー未割り当て',
          'パートナー相談時間',
          '20 時間',
        ),
      ],
      [
        people.alex,
        'ja-JP',
        'ソフトウェアを表示',
        inOrder('Windows 11 Enterprise', 'キー 5 個', 'キー未取得', '特別な指示'),
      ],
      [
        people.alex,
        'ja-JP',
        'Visual Studio サブスクリプション',
        inOrder('Visual Studio Enterprise サブスクリプション', '使用中 1 · 空き 2', 'Lee Gu'),
      ],
      [
        people.alex,
        'ja-JP',
        '市場投入',
        inOrder(
          'シルバー コア',
          'ゴールド コア',
          'パートナー レベル ゴールド が必要です',
          'ISV 共同販売対応',
        ),
      ],
      [
        people.leeGu,
        'ja-JP',
        '私の特典',
        inOrder('Lee Gu さんの特典', 'Visual Studio Enterprise サブスクリプション', 'アクティブ'),
      ],
      [people.taro, 'ja-JP', '私の特典', /田中 太郎 さんにはまだ特典が割り当てられていません/],
      [people.ana, 'ja-JP', '特典を表示', inOrder(ja['scope.employeeSeesOwn'])],
      [people.alex, 'ja-JP', 'ヘルプ', inOrder('聞けること', 'グローバル管理者', '「特典を表示」')],
    ]));

  test('"日本語で" sets a preference that wins over the client\'s en-US, until "English please"', () =>
    play([
      [people.alex, 'en-US', '日本語で', new RegExp(ja['language.set'])],
      [people.alex, 'en-US', 'show benefits', /Contoso Partners のパートナー特典/],
      [people.alex, 'en-US', 'help', /聞けること/],
      [people.alex, 'en-US', 'English please', new RegExp(en['language.set'])],
      [people.alex, 'ja-JP', '特典を表示', /Contoso Partners: partner benefits/],
    ]));

  test('the language preference survives a restart of the bot', async () => {
    await bot.say({ as: people.ana, text: '日本語で' });
    await bot.restart();
    expect(readable(await bot.say({ as: people.ana, text: 'my benefits' }))).toMatch(
      /Ana Bowman さんにはまだ特典が割り当てられていません/,
    );
  });
});

describe('organisations that are not served here', () => {
  test('Fabrikam is told to manage benefits in PMC, with the sign-in link (R9), in either language', () =>
    play([
      [
        people.kenji,
        'en-US',
        'show benefits',
        inOrder(
          'Fabrikam Consulting still manages',
          'Partner Membership Center (PMC)',
          'https://partner.microsoft.com/_login?authType=OpenIdConnect',
        ),
      ],
      [
        people.kenji,
        'ja-JP',
        '私の特典',
        inOrder(
          'Fabrikam Consulting はまだパートナー センターへの移行の招待',
          'https://partner.microsoft.com/_login?authType=OpenIdConnect',
        ),
      ],
      [
        people.kenji,
        'en-US',
        'Visual Studio subscriptions',
        /PMC/,
        /Visual Studio Professional subscription/,
      ],
    ]));

  test('an unknown tenant is told the organisation is not set up, with the membership site (R10)', () =>
    play([
      [
        people.outsider,
        'en-US',
        'show benefits',
        inOrder('not set up in Partner Benefits', 'https://partner.microsoft.com/membership'),
      ],
      [people.outsider, 'ja-JP', 'ヘルプ', /パートナー特典に登録されていない/],
    ]));
});

describe('help and what is not understood', () => {
  test('help depends on the role', () =>
    play([
      [
        people.alex,
        'en-US',
        'help',
        inOrder(
          'What you can ask',
          'Signed in as Alex Wilber (Global admin) at Contoso Partners',
          '"show benefits"',
          '"my benefits"',
        ),
      ],
      [people.megan, 'en-US', 'what can you do?', /MPN partner admin/],
      [
        people.ana,
        'en-US',
        'help',
        inOrder('(employee)', '"my benefits"', en['help.employeeNote']),
        /"show benefits"/,
      ],
    ]));

  test.each(['asdfgh', 'order pizza', '🙂', '   '])(
    '"%s" gets a friendly answer with suggestions, never silence',
    async (text) => {
      const said = readable(await bot.say({ as: people.alex, text }));
      expect(said).toMatch(/Sorry, I didn't (understand|catch that)/);
      expect(said).toMatch(/"show benefits"/);
    },
  );

  test('an employee who is not understood is pointed to what they can use', async () => {
    expect(readable(await bot.say({ as: people.ana, text: 'blorp' }))).toMatch(/"my benefits"/);
  });

  test('greetings get the role-aware welcome', () =>
    play([
      [people.alex, 'en-US', 'hello', /Hi Alex Wilber!.*"show benefits"/],
      [people.ana, 'ja-JP', 'こんにちは', /Ana Bowman さん、こんにちは。.*「私の特典」/],
    ]));
});

describe('card buttons', () => {
  test('a category button opens its list; the back button the overview; a forged verb is refused kindly', async () => {
    expect(
      readable(
        await bot.say({
          as: people.alex,
          value: { verb: 'benefits.category', category: 'technical' },
        }),
      ),
    ).toMatch(/Partner advisory hours/);
    expect(
      readable(await bot.say({ as: people.alex, value: { verb: 'benefits.overview' } })),
    ).toMatch(/Contoso Partners: partner benefits/);
    expect(
      readable(
        await bot.say({
          as: people.alex,
          value: { verb: 'benefits.category', category: 'secrets' },
        }),
      ),
    ).toBe(en['error.unknownAction']);
    expect(
      readable(
        await bot.say({
          as: people.alex,
          value: { verb: 'keys.reveal', benefitId: 'windows-11-enterprise' },
        }),
      ),
    ).toBe(en['error.unknownAction']);
    expect(
      readable(
        await bot.say({ as: people.alex, value: 'nonsense' as unknown as Record<string, unknown> }),
      ),
    ).toBe(en['error.unknownAction']);
  });

  test("an employee cannot use a forged category button to see the organisation's list", async () => {
    const said = readable(
      await bot.say({
        as: people.ana,
        value: { verb: 'benefits.category', category: 'visualStudio' },
      }),
    );
    expect(said).toContain(en['scope.employeeSeesOwn']);
    expect(said).not.toMatch(/Lee Gu/);
  });

  test('the language button switches language', async () => {
    expect(
      readable(await bot.say({ as: people.alex, value: { verb: 'language.set', language: 'ja' } })),
    ).toBe(ja['language.set']);
  });
});

describe('the welcome', () => {
  const channel: Turn['conversation'] = {
    id: '19:general@thread.tacv2',
    conversationType: 'channel',
  };

  test('is sent once per conversation, however often install and conversationUpdate arrive', async () => {
    const first = await bot.install({ as: people.alex });
    expect(readable(first)).toMatch(/Hi Alex Wilber!/);
    expect(await bot.installationUpdate({ as: people.alex })).toEqual([]);
    expect(await bot.install({ as: people.alex })).toEqual([]);
    await bot.restart();
    expect(await bot.install({ as: people.alex })).toEqual([]);
  });

  test('in a channel, greets everyone without personal details', async () => {
    const said = readable(await bot.install({ as: people.alex, conversation: channel }));
    expect(said).toMatch(/Hi everyone!.*Contoso Partners/);
    expect(said).not.toMatch(/Alex/);
  });

  test('for an employee, points to "my benefits"; for Fabrikam, to PMC', async () => {
    expect(readable(await bot.install({ as: people.ana }))).toMatch(/Ask "my benefits"/);
    expect(readable(await bot.install({ as: people.kenji }))).toMatch(/Partner Membership Center/);
  });
});

describe('in a team channel or group chat', () => {
  const channel: Turn['conversation'] = {
    id: '19:general@thread.tacv2',
    conversationType: 'channel',
  };
  const groupChat: Turn['conversation'] = {
    id: '19:group@thread.v2',
    conversationType: 'groupChat',
  };
  const contosoPeople = [
    people.alex,
    people.megan,
    people.adele,
    people.isaiah,
    people.patti,
    people.ana,
    people.leeGu,
    people.taro,
  ];
  const personal = new RegExp(
    [...contosoPeople.map((p): string => p.displayName), '@contoso\\.com'].join('|'),
  );

  test('without an @mention the bot stays quiet', async () => {
    expect(
      await bot.say({ as: people.alex, text: 'show benefits', conversation: channel }),
    ).toEqual([]);
  });

  test.each([
    ['a team channel', channel],
    ['a group chat', groupChat],
  ])(
    'in %s, the overview shows counts, never people, and offers a personal chat',
    async (_where, conversation) => {
      const replies = await bot.say({
        as: people.alex,
        conversation,
        mention: true,
        text: 'show benefits',
      });
      const said = readable(replies);
      expect(said).toMatch(
        inOrder(
          'Contoso Partners: partner benefits',
          'Visual Studio subscriptions',
          '8 seats · 1 used · 7 free',
          en['scope.openPersonalChat'],
        ),
      );
      expect(said).not.toMatch(personal);
      expect(JSON.stringify(replies)).toContain(
        'https://teams.microsoft.com/l/chat/0/0?users=28%3Apartner-benefits',
      );
    },
  );

  test('a category list leaves out who holds what', async () => {
    const said = readable(
      await bot.say({
        as: people.alex,
        conversation: channel,
        mention: true,
        text: 'Visual Studio subscriptions',
      }),
    );
    expect(said).toMatch(/Visual Studio Enterprise subscription/);
    expect(said).not.toMatch(personal);
    expect(said).not.toMatch(new RegExp(en['details.holders']));
  });

  test("personal questions, and an employee's questions, are kept for a personal chat", async () => {
    for (const [as, text] of [
      [people.alex, 'my benefits'],
      [people.leeGu, 'show benefits'],
      [people.leeGu, 'my benefits'],
    ] as const) {
      const said = readable(await bot.say({ as, conversation: channel, mention: true, text }));
      expect(said).toContain(en['scope.personalChatOnly']);
      expect(said).not.toMatch(personal);
    }
  });

  test("help in a channel says to mention the bot and shows no one's role", async () => {
    const said = readable(
      await bot.say({ as: people.alex, conversation: channel, mention: true, text: 'help' }),
    );
    expect(said).toContain(en['help.sharedNote']);
    expect(said).not.toMatch(/Signed in as|Alex/);
  });

  test('a card button in a channel works without a mention', async () => {
    const said = readable(
      await bot.say({
        as: people.alex,
        conversation: channel,
        value: { verb: 'benefits.category', category: 'software' },
      }),
    );
    expect(said).toMatch(/Windows 11 Enterprise/);
  });
});
