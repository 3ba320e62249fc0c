import { en } from '../../cards/i18n/en';
import { ja } from '../../cards/i18n/ja';
import { botHarness, button, cardOf, readable } from '../support/bot-harness';
import { people } from '../support/people';
import { fill } from '../support/card-json';

let bot: Awaited<ReturnType<typeof botHarness>>;
beforeEach(async () => {
  bot = await botHarness();
});
afterEach(() => bot.dispose());

describe('adding a user (R1.5)', () => {
  test('"add user Nina Patel nina@contoso.com" confirms, adds, and Nina can be assigned at once', async () => {
    const confirmation = cardOf(
      await bot.say({ as: people.alex, text: 'add user Nina Patel nina@contoso.com' }),
    );
    expect(
      readable([
        {
          attachments: [
            { contentType: 'application/vnd.microsoft.card.adaptive', content: confirmation },
          ],
        },
      ]),
    ).toContain(fill(en['confirm.addUser'], { name: 'Nina Patel', email: 'nina@contoso.com' }));
    const confirm = button(confirmation, 'Confirm');
    const result = await bot.execute({ as: people.alex }, confirm.verb ?? '', confirm.data ?? {});
    expect(JSON.stringify(result)).toContain(
      fill(en['result.userAddedReady'], { name: 'Nina Patel' }),
    );
    // Pressing Confirm again adds nobody else.
    expect(
      JSON.stringify(
        await bot.execute({ as: people.alex }, confirm.verb ?? '', confirm.data ?? {}),
      ),
    ).toContain(en['result.alreadyDone']);
    const assign = cardOf(await bot.say({ as: people.alex, text: 'assign VS Pro to Nina' }));
    expect(JSON.stringify(assign)).toContain(
      'Assign Visual Studio Professional subscription to Nina Patel?',
    );
  });

  test('Adele (User admin) may add users; Megan (MPN partner admin) and Ana may not, and nothing is added', async () => {
    expect(
      JSON.stringify(
        cardOf(await bot.say({ as: people.adele, text: 'add user Nina Patel nina@contoso.com' })),
      ),
    ).toContain('Add Nina Patel (nina@contoso.com) to the user list?');
    expect(
      readable(await bot.say({ as: people.megan, text: 'add user Nina Patel nina@contoso.com' })),
    ).toContain('Only a Global admin or a User admin can add users');
    expect(
      readable(await bot.say({ as: people.ana, text: 'add user Nina Patel nina@contoso.com' })),
    ).toContain('Only a Global admin or a User admin can add users');
  });

  test('a duplicate or malformed email brings the form back with the reason', async () => {
    const duplicate = readable(
      await bot.say({ as: people.alex, text: 'add user Ana Two ana@contoso.com' }),
    );
    expect(duplicate).toMatch(/ana@contoso\.com already belongs to Ana Bowman/);
    expect(duplicate).toContain(en['flow.input.newUserEmail']);
    const answer = await bot.say({
      as: people.alex,
      value: {
        verb: 'flow.answer',
        slot: 'newUser',
        newUserName: 'Ana Two',
        newUserEmail: 'ana.two@contoso.com',
      },
    });
    expect(readable(answer)).toContain('Add Ana Two (ana.two@contoso.com) to the user list?');
  });

  test('"add user" alone asks for the name and email, in Japanese too', async () => {
    const form = readable(
      await bot.say({ as: people.alex, text: 'ユーザーを追加', locale: 'ja-JP' }),
    );
    expect(form).toContain(fill(ja['flow.ask.newUserOnly'], { org: 'Contoso Partners' }));
    expect(form).toContain(ja['flow.input.newUserName']);
  });
});

describe('the audit log', () => {
  test('a Global admin reads the last changes, newest first, with names and no keys', async () => {
    expect(readable(await bot.say({ as: people.alex, text: 'show audit log' }))).toContain(
      en['audit.empty'],
    );
    const confirmation = cardOf(await bot.say({ as: people.alex, text: 'assign VS Pro to Ana' }));
    const confirm = button(confirmation, 'Confirm');
    await bot.execute({ as: people.alex }, confirm.verb ?? '', confirm.data ?? {});
    const log = readable(await bot.say({ as: people.alex, text: 'show audit log' }));
    expect(log).toContain(fill(en['audit.title'], { org: 'Contoso Partners' }));
    expect(log).toContain(
      `Alex Wilber: ${fill(en['audit.benefit.assigned'], { benefit: 'Visual Studio Professional subscription', subject: 'Ana Bowman' })}`,
    );
    expect(log).toContain('Nov 24, 2026');
    expect(
      readable(await bot.say({ as: people.alex, text: '監査ログを表示', locale: 'ja-JP' })),
    ).toContain(
      fill(ja['audit.benefit.assigned'], {
        benefit: 'Visual Studio Professional サブスクリプション',
        subject: 'Ana Bowman',
      }),
    );
  });

  test('only a Global admin, and only in a personal chat', async () => {
    expect(readable(await bot.say({ as: people.megan, text: 'show audit log' }))).toContain(
      'Only a Global admin',
    );
    const channel = await bot.say({
      as: people.alex,
      text: 'show audit log',
      mention: true,
      conversation: { id: '19:general@thread.tacv2', conversationType: 'channel' },
    });
    expect(readable(channel)).toContain(en['scope.personalChatOnly']);
  });
});
