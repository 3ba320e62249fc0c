import { deterministicInterpreter, type Message } from '../../bot/understanding/interpreter';
import { spot } from '../../bot/understanding/entities';
import { fromRomaji } from '../../bot/understanding/romaji';
import { benefitsNamed } from '../../services/finder.service';
import {
  CONTOSO_TENANT,
  FABRIKAM_TENANT,
  demoOrganisations,
} from '../../services/seed/demo-organisations';
import { botHarness, readable } from '../support/bot-harness';
import { people } from '../support/people';

/**
 * Reading a message from its entities (issue 15): the organisation's benefits and people are found
 * anywhere in a message, what is wanted comes from the words around them, and a reading that is not
 * a known sentence says so by its confidence. Nothing is read from another organisation's names.
 */
const organisations = demoOrganisations(new Date('2026-01-15T00:00:00Z'));
const gazetteer = (tenantId: string) => {
  const o = organisations.find((x) => x.organisation.tenantId === tenantId);
  if (!o) throw new Error(tenantId);
  return { benefits: o.benefits, users: o.users };
};
const contoso = gazetteer(CONTOSO_TENANT);
const alex = { displayName: 'Alex Wilber', mayAssign: true, isAdmin: true };
const taro = { displayName: '田中 太郎', mayAssign: false, isAdmin: false };
const read = (text: string, sender: Message['sender'] = alex, organisation = contoso) =>
  deterministicInterpreter.read({ text, organisation, sender });

describe('entities are found anywhere in a message', () => {
  test('benefits, people, people not yet in the organisation and emails, with the words around them marked', () => {
    const found = spot(
      'Diego is leaving, pass his visual stuido pro on to Bob Smith (bob@x.com)',
      contoso,
    );
    expect(found.people.map((p) => [p.words, p.items.map((u) => u.displayName)])).toEqual([
      ['Diego', ['Diego Siciliani']],
      ['Bob Smith', []],
    ]);
    expect(found.benefits.map((b) => b.items.map((i) => i.id))).toEqual([
      ['visual-studio-professional'],
    ]);
    expect(found.emails.map((e) => e.words)).toEqual(['bob@x.com']);
    expect(found.rest).toMatch(/pass (?:his )?⟦b⟧ on to ⟦p⟧/);
  });

  test('a common katakana word is no benefit or person on its own', () => {
    const found = spot('パートナー特典の全体を確認したいです。ユーザーは私です', contoso);
    expect(found.benefits).toEqual([]);
    expect(found.people).toEqual([]);
  });

  test("one organisation's people are never found in another's", () => {
    // Kenji Sato works at Fabrikam: in Contoso he is someone not yet known, never Fabrikam's Kenji.
    expect(spot('give Kenji Sato VS Pro', contoso).people[0]?.items).toEqual([]);
    expect(
      spot('give Kenji Sato VS Pro', gazetteer(FABRIKAM_TENANT)).people[0]?.items,
    ).toHaveLength(1);
  });
});

describe('what is wanted, from the words around the entities', () => {
  test.each([
    ['Diego got the support email, his support incidents are active now', 'confirmActive'],
    ['anyone got the Azure credit?', 'whoHas'],
    ['サポート特典をディエゴさんに、代替メール diego.s@gmail.com で', 'assign'],
    ['ＶＳエンタープライズ、グさんからパークさんへ再割り当て', 'reassign'],
    ['stop posting notifications here', 'stopNotifications'],
    ['誰が何を持ってるかCSVで出せる？', 'exportAssignments'],
  ])('%s → %s', (text, action) => {
    expect(read(text).intent.name).toBe(action);
  });

  test('slots come with it: the alternative email, whose benefit goes to whom', () => {
    expect(
      read('サポート特典をディエゴさんに、代替メール diego.s@gmail.com で').intent,
    ).toMatchObject({
      person: { text: 'ディエゴ' },
      alternativeEmail: 'diego.s@gmail.com',
    });
    expect(read('ＶＳエンタープライズ、グさんからパークさんへ再割り当て').intent).toMatchObject({
      from: { text: 'グ' },
      to: { text: 'パーク' },
    });
  });

  test('an employee asking for a benefit for themselves asks for it (R1); an admin assigns it', () => {
    expect(read('私にもVSエンタープライズを割り当ててほしいです', taro).intent.name).toBe(
      'askBenefit',
    );
    expect(read('assign myself a VS Enterprise seat').intent).toMatchObject({
      name: 'assign',
      person: { text: 'Alex Wilber' },
    });
  });

  test('a reading from the entities is less sure than a known sentence; nothing understood is 0', () => {
    expect(read('assign VS Enterprise to Ana').confidence).toBe(1);
    const byEntities = read('ＶＳエンタープライズ、グさんからパークさんへ再割り当て');
    expect(byEntities.confidence).toBeGreaterThan(0);
    expect(byEntities.confidence).toBeLessThan(1);
    expect(read('what is the weather like').confidence).toBe(0);
  });

  test('a pronoun is nobody: "give it to her" changes nothing', () => {
    expect(read('give it to her').intent.name).toBe('none');
  });
});

describe('in a conversation', () => {
  let bot: Awaited<ReturnType<typeof botHarness>>;
  beforeEach(async () => {
    bot = await botHarness();
  });
  afterEach(() => bot.dispose());

  test('a request read from its entities ends on a confirmation, nothing assigned before Confirm', async () => {
    const said = readable(
      await bot.say({
        as: people.alex,
        text: 'サポート特典をディエゴさんに、代替メール diego.s@gmail.com で',
      }),
    );
    expect(said).toContain('Diego Siciliani');
    expect(said).toContain('diego.s@gmail.com');
  });
});

describe('what a sentence pattern read too much of, and what comes around a request', () => {
  test('a slot that swallowed the words after a name is that name', () => {
    expect(
      read('can i have VS Enterprise? need it for azure devops + the load testing stuff', taro)
        .intent,
    ).toEqual({
      name: 'askBenefit',
      benefit: 'VS Enterprise',
    });
    expect(
      read("assign VS Enterprise to Ana Bowman, she's taking over the migration").intent,
    ).toEqual({
      name: 'assign',
      benefit: 'VS Enterprise',
      person: { text: 'Ana Bowman' },
    });
    expect(
      read('本日入社の佐藤美咲さんをユーザー登録お願いします　misaki.sato@contoso.com').intent,
    ).toMatchObject({ name: 'addUser', displayName: '佐藤美咲' });
  });

  test('a greeting or thanks before a request is no part of it, and a greeting alone is one', () => {
    expect(read("hi, could you list the stuff I've been given? licences etc", taro).intent).toEqual(
      {
        name: 'myBenefits',
      },
    );
    expect(read('hey, what can you do exactly?').intent).toEqual({ name: 'help' });
    expect(
      read('VSの件ありがとうございました！ほかに自分に割り当てられているものってありますか？', taro)
        .intent,
    ).toEqual({ name: 'myBenefits' });
    expect(read('hey there 👋').intent).toEqual({ name: 'greeting' });
    expect(read('good morning :)').intent).toEqual({ name: 'greeting' });
  });

  test('several benefits named and nothing said of them is asked back, not listed', () => {
    const { intent, confidence } = read('VS?');
    expect(intent).toMatchObject({ name: 'unsure', category: 'visualStudio' });
    expect(confidence).toBeLessThan(1);
  });

  test('hours with a fraction, a name run together in katakana, a given name in hiragana', () => {
    expect(
      read('need 1.5 advisory hours for a quick Azure landing zone review, is that possible?')
        .intent,
    ).toMatchObject({
      name: 'requestHours',
      hours: 1.5,
    });
    expect(
      read('ビジュアルスタジオエンタープライズのサブスクリプションがほしいです', taro).intent,
    ).toEqual({
      name: 'askBenefit',
      benefit: 'ビジュアルスタジオエンタープライズ',
    });
    expect(read('佐藤ゆきさん（yuki.sato@contoso.com）を組織に追加してください').intent).toEqual({
      name: 'addUser',
      displayName: '佐藤ゆき',
      email: 'yuki.sato@contoso.com',
    });
  });

  test('another product named around a benefit is not that benefit', () => {
    expect(
      read(
        'could I get one of the support incidents? I have a nasty SQL Server issue at a customer',
        taro,
      ).intent,
    ).toMatchObject({ name: 'askBenefit' });
    expect(
      read(
        "we're installing Windows 11 on the new Surface Pro X (ARM) machines, need the keys in japanese",
      ).intent,
    ).toMatchObject({ name: 'getKeys', language: 'ja', os: 'arm64' });
  });
});

describe('Japanese typed in Latin letters', () => {
  test('is read as Japanese when it plainly is, and English is left alone', () => {
    expect(read('tanaka-san ni VS pro onegai').intent).toMatchObject({
      name: 'assign',
      benefit: expect.stringMatching(/VS pro/i),
    });
    expect(read('dynamics dare ga motteru?').intent).toMatchObject({ name: 'whoHas' });
    expect(read('nokori no advisory hours nanjikan?').intent).toMatchObject({ name: 'howMany' });
    expect(read('jibun no tokuten misete', taro).intent).toEqual({ name: 'myBenefits' });
    // English with "no" and "de" in it stays English.
    expect(fromRomaji('no, I meant Lee Park')).toBe('no, I meant Lee Park');
    expect(fromRomaji('no de facto owner of the VS seat')).toBe('no de facto owner of the VS seat');
    expect(fromRomaji('win11 no key, nihongo, arm64 de')).toBe('win11のkey,日本語, arm64で');
  });
});

describe('questions asked as requests, and requests asked as questions', () => {
  test('"tell me whether …" and "how many … remain" are questions, whoever asks', () => {
    const isaiah = { displayName: 'Isaiah Langer', mayAssign: false, isAdmin: true };
    expect(
      read('Could you tell me whether Taro Tanaka has been given product support access?', isaiah)
        .intent,
    ).toMatchObject({ name: 'doesHave' });
    expect(read('I want know how many key remain for windows 11', isaiah).intent).toMatchObject({
      name: 'howMany',
    });
    expect(
      read('Could you give me the details of the Visual Studio Enterprise subscription?', isaiah)
        .intent,
    ).toMatchObject({ name: 'showBenefit' });
  });

  test('a possessive without its apostrophe and a stranger named last are people', () => {
    expect(read('pull lynnes e5 licence pls').intent).toMatchObject({
      name: 'remove',
      person: { text: 'lynne' },
    });
    expect(read('revoke visual studio pro for Sam').intent).toMatchObject({
      name: 'remove',
      person: { text: 'Sam' },
    });
    expect(
      read(
        'お客様の障害対応で必要になりそうなので、サポート インシデントを使えるようにしていただけますか',
        taro,
      ).intent,
    ).toMatchObject({ name: 'askBenefit' });
  });
});

describe('who and what is not meant, and what people call a benefit', () => {
  test('a person or benefit said not to be meant is left out', () => {
    expect(read("don't remove it from Lee Gu, remove VS Pro from Lee Park").intent).toMatchObject({
      name: 'remove',
      person: { text: 'Lee Park' },
    });
    expect(
      read('リー・グーさんからじゃなくて、リー・パークさんからVS Proを外してください').intent,
    ).toMatchObject({
      name: 'remove',
      person: { text: expect.stringContaining('パーク') },
    });
    expect(
      read('Ana needs an Enterprise seat - the Visual Studio one, not Pro').intent,
    ).toMatchObject({
      name: 'assign',
      person: { text: 'Ana' },
    });
  });

  test('someone only mentioned around a question is not part of it', () => {
    expect(
      read('before I ask Alex to assign it: has Ana Bowman got an M365 licence yet?').intent,
    ).toMatchObject({ name: 'doesHave', person: { text: 'Ana Bowman' } });
    expect(
      read(
        'アレックスさんに頼む前に確認したいのですが、アナ・ボウマンさんはM365のライセンスをもう持っていますか？',
      ).intent,
    ).toMatchObject({ name: 'doesHave' });
    expect(
      read('Who holds the Dynamics licences at the moment? I need to free one up').intent,
    ).toMatchObject({ name: 'whoHas' });
  });

  test('benefits called by what they are', () => {
    const vs = ['visual-studio-enterprise', 'visual-studio-professional'];
    for (const [text, ids] of [
      ["who's using the developer subscriptions?", vs],
      ['開発者向けのサブスクを使っているのは誰ですか？', vs],
      ['サポートケースに割り当てられているのは誰？', ['product-support-incidents']],
    ] as const) {
      const { intent } = read(text);
      expect(intent.name).toBe('whoHas');
      const words = intent.name === 'whoHas' ? intent.benefit : '';
      expect(benefitsNamed(contoso.benefits, words).map((b) => b.id)).toEqual(ids);
    }
    expect(
      spot('Which people are on the 365 licences?', contoso).benefits[0]?.items.map((b) => b.id),
    ).toEqual(['microsoft-365-e5']);
  });

  test('a new user named with their email is added first, whatever comes after', () => {
    expect(
      read('please add Bob Fraser (bob.fraser@contoso.com) so I can give him VS Pro later').intent,
    ).toEqual({ name: 'addUser', displayName: 'Bob Fraser', email: 'bob.fraser@contoso.com' });
  });
});
