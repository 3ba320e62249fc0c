import { en } from '../../cards/i18n/en';
import { ja } from '../../cards/i18n/ja';
import { botHarness, buttonsOf, cardOf, readable, type Turn } from '../support/bot-harness';
import { people } from '../support/people';
import { fill } from '../support/card-json';

let bot: Awaited<ReturnType<typeof botHarness>>;
beforeEach(async () => {
  bot = await botHarness();
});
afterEach(() => bot.dispose());

/** The buttons a person sees (the card's refresh action is not one). */
const visibleButtons = (card: Record<string, unknown> | undefined) =>
  buttonsOf(card).filter((b) => b.verb !== 'ask.refresh');
const channel: Turn['conversation'] = {
  id: '19:general@thread.tacv2',
  conversationType: 'channel',
};
const VS_PRO = 'Visual Studio Professional subscription';
/** The line "my benefits" shows for a Visual Studio seat Ana holds. */
const ANA_HAS_A_SEAT = fill(en['mine.start.signInVisualStudio'], { email: 'ana@contoso.com' });

/** Ana asks for VS Pro (choosing it from the two Visual Studio subscriptions); returns the ask id from the outbox. */
async function anaAsksForVsPro(): Promise<string> {
  const choice = cardOf(
    await bot.say({ as: people.ana, text: "I'd like a Visual Studio subscription" }),
  );
  const pick = buttonsOf(choice).find((b) => b.title === VS_PRO);
  expect(pick?.data).toMatchObject({ verb: 'ask.benefit', id: 'visual-studio-professional' });
  expect(readable(await bot.say({ as: people.ana, value: pick?.data ?? {} }))).toBe(
    fill(en['ask.sent'], { benefit: VS_PRO }),
  );
  const outbox = await bot.outbox();
  const requested = outbox.find((item) => item.event.type === 'benefitRequested');
  if (!requested || requested.event.type !== 'benefitRequested')
    throw new Error('no benefitRequested notification');
  return requested.event.askId;
}

describe('an employee asks for a benefit; a Global admin decides', () => {
  test('the request goes to the admins (no channel yet); a repeated ask is not sent twice', async () => {
    await anaAsksForVsPro();
    const outbox = await bot.outbox();
    expect(outbox.filter((i) => i.event.type === 'benefitRequested').map((i) => i.target)).toEqual([
      { type: 'admins' },
    ]);
    expect(readable(await bot.say({ as: people.ana, text: 'can I have VS Pro?' }))).toBe(
      fill(en['ask.sentAlready'], { benefit: VS_PRO }),
    );
    expect((await bot.outbox()).filter((i) => i.event.type === 'benefitRequested')).toHaveLength(1);
  });

  test('only a Global admin sees working buttons; Megan pressing Approve is refused and nothing changes; Alex approves: Ana gets the seat, once, and hears about it', async () => {
    const askId = await anaAsksForVsPro();
    const alexView = await bot.execute({ as: people.alex }, 'ask.refresh', { askId });
    expect(visibleButtons(alexView).map((b) => b.title)).toEqual([
      en['ask.approve'],
      en['ask.decline'],
    ]);
    const meganView = await bot.execute({ as: people.megan }, 'ask.refresh', { askId });
    expect(visibleButtons(meganView)).toEqual([]);

    const refused = await bot.execute({ as: people.megan }, 'ask.approve', { askId });
    expect(JSON.stringify(refused)).toContain('Only a Global admin can do that');
    expect(readable(await bot.say({ as: people.ana, text: 'my benefits' }))).not.toContain(
      ANA_HAS_A_SEAT,
    );

    const approved = await bot.execute({ as: people.alex }, 'ask.approve', { askId });
    expect(JSON.stringify(approved)).toContain(
      fill(en['ask.approvedBy'], { name: 'Alex Wilber', user: 'Ana Bowman', benefit: VS_PRO }),
    );
    expect(visibleButtons(approved)).toEqual([]);
    expect(readable(await bot.say({ as: people.ana, text: 'my benefits' }))).toContain(
      ANA_HAS_A_SEAT,
    );
    // Pressing Approve again changes nothing.
    await bot.execute({ as: people.alex }, 'ask.approve', { askId });
    expect(
      readable(await bot.say({ as: people.alex, text: 'who has VS Pro' })).match(/Ana Bowman/g),
    ).toHaveLength(1);
    const decided = (await bot.outbox()).filter((i) => i.event.type === 'benefitRequestDecided');
    expect(decided.map((i) => i.target)).toEqual([{ type: 'person', userId: people.ana.userId }]);
  });

  test('declining tells the employee and assigns nothing', async () => {
    const askId = await anaAsksForVsPro();
    const declined = await bot.execute({ as: people.alex }, 'ask.decline', { askId });
    expect(JSON.stringify(declined)).toContain(fill(en['ask.declinedBy'], { name: 'Alex Wilber' }));
    expect(readable(await bot.say({ as: people.ana, text: 'my benefits' }))).not.toContain(
      ANA_HAS_A_SEAT,
    );
    expect(
      (await bot.outbox()).some(
        (i) => i.event.type === 'benefitRequestDecided' && i.event.decision === 'declined',
      ),
    ).toBe(true);
  });

  test('in Japanese: 「VS Proを申請したい」', async () => {
    expect(
      readable(await bot.say({ as: people.ana, locale: 'ja-JP', text: 'VS Proを申請したい' })),
    ).toBe(fill(ja['ask.sent'], { benefit: 'Visual Studio Professional サブスクリプション' }));
  });

  test('someone who already holds it is told so', async () => {
    expect(readable(await bot.say({ as: people.leeGu, text: "I'd like VS Enterprise" }))).toContain(
      'Lee Gu already has Visual Studio Enterprise subscription',
    );
  });
});

describe('where notifications go', () => {
  test('"notify here" in a team channel (Global admin or MPN partner admin) makes it the notification channel, in the asker\'s language; an employee cannot', async () => {
    expect(
      readable(
        await bot.say({
          as: people.ana,
          conversation: channel,
          mention: true,
          text: 'notify here',
        }),
      ),
    ).toContain('Only a Global admin or an MPN partner admin');
    expect(
      readable(
        await bot.say({
          as: people.megan,
          conversation: channel,
          mention: true,
          locale: 'ja-JP',
          text: 'このチャネルに通知',
        }),
      ),
    ).toBe(fill(ja['notifyCmd.here'], { org: 'Contoso Partners' }));
    const settings = await bot.settings();
    expect(settings.channelConversationId).toBe(channel?.id);
    expect(settings.language).toBe('ja');
    expect(settings.conversations.map((c) => c.conversationId)).toContain(channel?.id);
    // With a channel, an employee's request goes there.
    await bot.say({ as: people.ana, text: 'VS Pro please? I would like VS Pro' });
    await bot.say({ as: people.ana, text: "I'd like VS Pro" });
    expect(
      (await bot.outbox()).filter((i) => i.event.type === 'benefitRequested').map((i) => i.target),
    ).toEqual([{ type: 'channel' }]);
    expect(
      readable(
        await bot.say({
          as: people.alex,
          conversation: channel,
          mention: true,
          text: 'stop notifications',
        }),
      ),
    ).toBe(en['notifyCmd.stopped']);
    expect((await bot.settings()).channelConversationId).toBeNull();
  });

  test('"notify here" in a personal chat explains where to say it; failed notifications are listed for admins', async () => {
    expect(readable(await bot.say({ as: people.alex, text: 'notify here' }))).toBe(
      en['notifyCmd.channelOnly'],
    );
    expect(
      readable(await bot.say({ as: people.alex, text: 'show failed notifications' })),
    ).toContain(en['notifyCmd.noneFailed']);
  });

  test('an assignment writes its notifications in the same change: the channel and the person', async () => {
    const before = (await bot.outbox()).length;
    const confirmation = cardOf(await bot.say({ as: people.alex, text: 'assign VS Pro to Diego' }));
    const confirm = buttonsOf(confirmation).find((b) => b.title === 'Confirm');
    await bot.execute({ as: people.alex }, confirm?.verb ?? '', confirm?.data ?? {});
    const added = (await bot.outbox()).slice(before);
    expect(added.map((i) => [i.event.type, i.target.type])).toEqual(
      expect.arrayContaining([
        ['assigned', 'channel'],
        ['assigned', 'person'],
      ]),
    );
  });

  test('when the person has not installed the bot personally and there is no channel, the admin is told plainly they will not be told, and how to fix it; with a channel, that it will mention them; otherwise nothing', async () => {
    const assign = async (text: string, locale?: string) => {
      const confirmation = cardOf(
        await bot.say({ as: people.alex, text, ...(locale ? { locale } : {}) }),
      );
      const confirm = buttonsOf(confirmation).find(
        (b) => b.title === 'Confirm' || b.title === ja['confirm.button'],
      );
      return JSON.stringify(
        await bot.execute(
          { as: people.alex, ...(locale ? { locale } : {}) },
          confirm?.verb ?? '',
          confirm?.data ?? {},
        ),
      );
    };
    // No "notify here" yet, and Patti never opened the bot: nobody will tell her.
    const untold = await assign('assign VS Pro to Patti');
    expect(untold).toContain(
      JSON.stringify(fill(en['result.untold'], { name: 'Patti Fernandez' })).slice(1, -1),
    );
    expect(untold).not.toContain(fill(en['result.unreachable'], { name: 'Patti Fernandez' }));
    expect(await assign('VS Enterprise を Isaiah に割り当て', 'ja-JP')).toContain(
      fill(ja['result.untold'], { name: 'Isaiah Langer' }),
    );
    await bot.say({ as: people.alex, conversation: channel, mention: true, text: 'notify here' });
    expect(await assign('assign VS Pro to Diego')).toContain(
      fill(en['result.unreachable'], { name: 'Diego Siciliani' }),
    );
    await bot.install({ as: people.ana });
    const told = await assign('assign VS Pro to Ana');
    expect(told).not.toContain(fill(en['result.unreachable'], { name: 'Ana Bowman' }));
    expect(told).not.toContain(
      JSON.stringify(fill(en['result.untold'], { name: 'Ana Bowman' })).slice(1, -1),
    );
  });
});

describe('a request read from a guess is asked about before it is sent', () => {
  test('an ask read from the words around a benefit shows one button, and only that button sends it', async () => {
    const reply = await bot.say({
      as: people.ana,
      text: 'need a VS Pro license for a demo',
    });
    const question = cardOf(reply);
    expect(readable(reply)).toContain(fill(en['ask.confirm'], { benefit: VS_PRO }));
    expect((await bot.outbox()).filter((i) => i.event.type === 'benefitRequested')).toHaveLength(0);
    const [only] = buttonsOf(question);
    expect(only?.data).toMatchObject({ verb: 'ask.benefit', id: 'visual-studio-professional' });
    await bot.say({ as: people.ana, value: only?.data ?? {} });
    expect((await bot.outbox()).filter((i) => i.event.type === 'benefitRequested')).toHaveLength(1);
  });

  test('the same in Japanese', async () => {
    const reply = await bot.say({
      as: people.ana,
      locale: 'ja-JP',
      text: '新しいリポジトリ用にVS Proのライセンスお願いできますか',
    });
    expect(readable(reply)).toContain(
      fill(ja['ask.confirm'], { benefit: 'Visual Studio Professional サブスクリプション' }),
    );
    expect((await bot.outbox()).filter((i) => i.event.type === 'benefitRequested')).toHaveLength(0);
  });
});
