import { en } from '../../cards/i18n/en';
import { ja } from '../../cards/i18n/ja';
import { botHarness, button, buttonsOf, cardOf, readable, type Turn } from '../support/bot-harness';
import { people } from '../support/people';

/**
 * Questions are answered as questions (issue 15): "does Ana have VS?", "how many VS Pro seats are left?",
 * "tell me about the Azure credit", in English and Japanese, seen as R1.6 allows; and a message that
 * names a benefit but not what to do with it gets "I'm not sure", never a list that looks like an answer.
 */
let bot: Awaited<ReturnType<typeof botHarness>>;
beforeEach(async () => {
  bot = await botHarness();
});
afterEach(() => bot.dispose());

const channel: Turn['conversation'] = {
  id: '19:general@thread.tacv2',
  conversationType: 'channel',
};
const VS_ENT = 'Visual Studio Enterprise subscription';
const VS_ENT_JA = 'Visual Studio Enterprise サブスクリプション';
const ask = async (turn: Turn) => {
  const replies = await bot.say({ locale: 'en-US', ...turn });
  return { said: readable(replies), card: cardOf(replies) };
};

describe('does a person have a benefit', () => {
  test('yes, with since when; no, with what is free and an Assign button that starts the assign flow (en)', async () => {
    expect((await ask({ as: people.alex, text: 'is Lee Gu still on Enterprise?' })).said).toContain(
      'Yes — Lee Gu holds Visual Studio Enterprise subscription (since',
    );
    const no = await ask({ as: people.alex, text: 'does Ana have VS Enterprise?' });
    expect(no.said).toContain(`No — Ana Bowman does not hold ${VS_ENT}; 2 seats free.`);
    const assign = button(no.card, `Assign ${VS_ENT} to Ana Bowman`);
    expect(assign.type).toBe('Action.Submit');
    // The button starts the assign flow: a confirmation card, nothing assigned yet.
    const confirm = readable(await bot.say({ as: people.alex, value: assign.data ?? {} }));
    expect(confirm).toContain('Ana Bowman');
    expect(confirm).toContain(en['confirm.button']);
    expect(
      readable(await bot.say({ as: people.alex, text: 'who has VS Enterprise' })),
    ).not.toContain('Ana Bowman');
  });

  test('in Japanese', async () => {
    expect(
      (
        await ask({
          as: people.alex,
          locale: 'ja-JP',
          text: 'LeeさんはVS Enterpriseをまだ持ってる？',
        })
      ).said,
    ).toContain('「Lee」に当てはまる人が複数います：Lee Gu、Lee Park。');
    const no = await ask({
      as: people.alex,
      locale: 'ja-JP',
      text: 'アナさんはVSを持っていますか？',
    });
    expect(no.said).toContain(
      `いいえ、Ana Bowmanさんは${VS_ENT_JA}を持っていません（空きは2 シート）。`,
    );
    expect(button(no.card, `Ana Bowmanさんに${VS_ENT_JA}を割り当てる`).data).toMatchObject({
      verb: 'assign.start',
      userId: people.ana.userId,
    });
    expect(
      (await ask({ as: people.alex, locale: 'ja-JP', text: 'Lee Guさんは何か持ってますか？' }))
        .said,
    ).toMatch(/Lee Guさんが持っている特典[\s\S]*Visual Studio Enterprise サブスクリプション/);
  });

  test('what a person holds, when no benefit is named', async () => {
    expect((await ask({ as: people.alex, text: 'what does Lee Gu have?' })).said).toMatch(
      /What Lee Gu holds[\s\S]*Visual Studio Enterprise subscription[\s\S]*since/,
    );
    expect((await ask({ as: people.alex, text: 'what does Ana have?' })).said).toContain(
      'Ana Bowman holds no benefits yet.',
    );
  });

  test('a person not found, or several: said so, never guessed', async () => {
    expect((await ask({ as: people.alex, text: 'does Bob Smith have VS?' })).said).toBe(
      en['answer.person.notFound']
        .replace('{query}', 'Bob Smith')
        .replace('{org}', 'Contoso Partners'),
    );
    expect((await ask({ as: people.alex, text: 'does Lee have VS Enterprise?' })).said).toMatch(
      /"Lee" could be Lee Gu and Lee Park/,
    );
    expect(
      (await ask({ as: people.alex, locale: 'ja-JP', text: '山田さんは何か持ってますか？' })).said,
    ).toContain('「山田」という人が見つからない');
  });

  test('an employee learns nothing of who is in the organisation: asking about someone who is not there gets the same answer as about someone who is', async () => {
    const known = (await ask({ as: people.ana, text: 'does Lee Gu have VS?' })).said;
    const unknown = (await ask({ as: people.ana, text: 'does Bob Smith have VS?' })).said;
    expect(unknown).toContain(en['scope.employeeSeesOwn']);
    expect(unknown).toBe(known);
  });

  test('an employee asking about someone else is told they see only their own (R1.6)', async () => {
    const said = (await ask({ as: people.ana, text: 'does Lee Gu have VS?' })).said;
    expect(said).toContain(en['scope.employeeSeesOwn']);
    expect(said).not.toContain('Lee Gu holds');
    expect(
      (await ask({ as: people.leeGu, text: 'does Lee Gu have VS Enterprise?' })).said,
    ).toContain('Yes — Lee Gu holds');
  });

  test("in a channel, nobody's holdings are told (a personal chat is offered)", async () => {
    const said = (
      await ask({
        as: people.alex,
        text: 'does Lee Gu have VS?',
        mention: true,
        conversation: channel,
      })
    ).said;
    expect(said).toContain(en['scope.personalChatOnly']);
    expect(said).not.toMatch(/Lee Gu holds|lee\.gu@/);
  });
});

describe('how many are left', () => {
  test('one sentence per benefit named (en, ja)', async () => {
    expect(
      (await ask({ as: people.alex, text: 'how many VS Pro seats are left?' })).said,
    ).toContain('Visual Studio Professional subscription: 5 of 5 seats free.');
    expect((await ask({ as: people.alex, text: 'any Enterprise seats free?' })).said).toContain(
      `${VS_ENT}: 2 of 3 seats free.`,
    );
    expect((await ask({ as: people.alex, text: 'advisory hours left?' })).said).toContain(
      'Partner advisory hours: 20 of 20 hours free.',
    );
    expect(
      (await ask({ as: people.alex, locale: 'ja-JP', text: 'VS Proの空きはある？' })).said,
    ).toContain('Visual Studio Professional サブスクリプション：5 シートのうち空きは5です。');
    expect(
      (await ask({ as: people.alex, locale: 'ja-JP', text: '相談時間はあと何時間？' })).said,
    ).toContain('パートナー相談時間：20 時間のうち空きは20です。');
    const both = (await ask({ as: people.alex, text: 'how many VS seats do we have free?' })).said;
    expect(both).toContain(`${VS_ENT}: 2 of 3 seats free.`);
    expect(both).toContain('Visual Studio Professional subscription: 5 of 5 seats free.');
  });

  test('counts only, so an admin may ask in a channel; an employee sees their own (R1.6)', async () => {
    expect(
      (
        await ask({
          as: people.alex,
          text: 'how many VS Pro seats are left?',
          mention: true,
          conversation: channel,
        })
      ).said,
    ).toContain('5 of 5 seats free');
    expect((await ask({ as: people.ana, text: 'how many VS Pro seats are left?' })).said).toContain(
      en['scope.employeeSeesOwn'],
    );
  });
});

describe("one benefit's details", () => {
  test('in English and Japanese, the one row with its details', async () => {
    const azure = (await ask({ as: people.alex, text: 'tell me about the Azure credit' })).said;
    expect(azure).toContain('Microsoft Azure ($120 monthly credit)');
    expect(azure).not.toContain('Microsoft 365 E5');
    const e5 = (await ask({ as: people.alex, locale: 'ja-JP', text: 'E5の詳細' })).said;
    expect(e5).toContain('Microsoft 365 E5');
    expect(e5).not.toContain('Microsoft Azure');
  });
});

describe('never pretend', () => {
  test.each([['VS Ana?'], ['Visual Studio Enterprise Ana']])(
    '"%s": not sure, with the likely readings as buttons; no change card, no category list',
    async (text) => {
      const { said, card } = await ask({ as: people.alex, text });
      expect(said).toContain("I'm not sure what you want to do with ");
      expect(said).not.toContain(en['confirm.button']);
      expect(said).not.toContain('Visual Studio Professional subscription');
      const titles = buttonsOf(card).map((b) => b.title);
      expect(titles).toContainEqual(expect.stringMatching(/^Assign .+ to Ana Bowman\?$/));
      expect(buttonsOf(card).every((b) => b.type === 'Action.Submit')).toBe(true);
    },
  );

  test('the readings of "Visual Studio Enterprise Ana" are assign, who has, details; in Japanese too', async () => {
    const { card } = await ask({ as: people.alex, text: 'Visual Studio Enterprise Ana' });
    expect(buttonsOf(card).map((b) => b.title)).toEqual([
      `Assign ${VS_ENT} to Ana Bowman?`,
      `Who has ${VS_ENT}?`,
      `Show the details of ${VS_ENT}`,
    ]);
    const details = readable(
      await bot.say({
        as: people.alex,
        value: button(card, `Show the details of ${VS_ENT}`).data ?? {},
      }),
    );
    expect(details).toContain('Lee Gu');
    expect(details).not.toContain('Visual Studio Professional subscription');
    const jp = await ask({ as: people.alex, locale: 'ja-JP', text: 'VS Enterprise アナさん' });
    expect(jp.said).toContain(ja['unsure.text'].replace('{benefit}', VS_ENT_JA));
  });

  test('a browse request still lists the category', async () => {
    expect((await ask({ as: people.alex, text: 'show VS' })).said).toContain(
      'Visual Studio Professional subscription',
    );
    expect(
      (await ask({ as: people.alex, locale: 'ja-JP', text: 'ソフトウェアを見せて' })).said,
    ).toContain('Windows 11 Enterprise');
  });

  test('what is not understood is said plainly, with requests that fit the role as buttons that send them', async () => {
    const admin = await bot.say({
      as: people.alex,
      locale: 'en-US',
      text: 'blorp the frobnicator',
    });
    expect(admin[0]?.text).toContain('Sorry, I didn\'t understand "blorp the frobnicator".');
    const adminExamples = admin[0]?.suggestedActions?.actions ?? [];
    expect(adminExamples.map((a) => a.value)).toEqual([
      en['example.showBenefits'],
      en['example.howMany'],
      en['example.whoHas'],
      en['example.help'],
    ]);
    expect(adminExamples.every((a) => a.type === 'imBack')).toBe(true);
    // Each example is understood as what it says.
    expect(
      readable(await bot.say({ as: people.alex, locale: 'en-US', text: en['example.howMany'] })),
    ).toContain('5 of 5 seats free');
    const employee = await bot.say({ as: people.ana, locale: 'ja-JP', text: 'ふがふが' });
    expect(employee[0]?.text).toContain('「ふがふが」を理解できませんでした');
    expect((employee[0]?.suggestedActions?.actions ?? []).map((a) => a.value)).toEqual([
      ja['example.myBenefits'],
      ja['example.ask'],
      ja['example.help'],
    ]);
  });
});
