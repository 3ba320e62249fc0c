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

async function confirm(text: string, locale = 'en-US') {
  const confirmation = cardOf(await bot.say({ as: people.alex, text, locale }));
  const pressed = button(
    confirmation,
    locale.startsWith('ja') ? ja['confirm.button'] : en['confirm.button'],
  );
  return JSON.stringify(
    await bot.execute({ as: people.alex, locale }, pressed.verb ?? '', pressed.data ?? {}),
  );
}

describe('partner-program roles, set in chat by a Global admin', () => {
  test('"make Patti an MPN partner admin": confirmed, stored, audited; Patti can then set the marketing contact', async () => {
    expect(
      readable(await bot.say({ as: people.patti, text: 'set the marketing contact' })),
    ).toContain('Only a Global admin or an MPN partner admin');
    expect(await confirm('make Patti an MPN partner admin')).toContain(
      fill(en['result.roleGranted'], {
        name: 'Patti Fernandez',
        role: en['role.article.mpnPartnerAdmin'],
      }),
    );
    expect(readable(await bot.say({ as: people.patti, text: 'help' }))).toContain(
      'MPN partner admin',
    );
    expect(
      readable(await bot.say({ as: people.patti, text: 'set the marketing contact' })),
    ).toContain(en['contact.title']);
    expect(readable(await bot.say({ as: people.alex, text: 'show audit log' }))).toContain(
      fill(en['audit.user.roleChanged'], { subject: 'Patti Fernandez' }),
    );
  });

  test('the role can be taken away again, in Japanese too; granting twice changes nothing', async () => {
    await confirm('make Isaiah an admin agent');
    expect(await confirm('make Isaiah an admin agent')).toContain(en['result.alreadyDone']);
    expect(await confirm('Isaiahの管理エージェントを外して', 'ja-JP')).toContain(
      fill(ja['result.roleRevoked'], {
        name: 'Isaiah Langer',
        role: ja['role.article.adminAgent'],
      }),
    );
    expect(readable(await bot.say({ as: people.isaiah, text: 'show benefits' }))).toContain(
      en['scope.employeeSeesOwn'],
    );
  });

  test('only a Global admin; a forged Confirm for a Global admin role is refused', async () => {
    expect(
      readable(await bot.say({ as: people.megan, text: 'make Patti an MPN partner admin' })),
    ).toContain('Only a Global admin can do that');
    const forged = await bot.execute({ as: people.alex }, 'change.confirm', {
      op: 'setPartnerRole',
      userId: people.patti.userId,
      role: 'globalAdmin',
      grant: 'true',
      requestId: 'forged',
    });
    expect(JSON.stringify(forged)).toContain(en['error.unknownAction'].split('"')[0] ?? '');
    expect(readable(await bot.say({ as: people.patti, text: 'show benefits' }))).toContain(
      en['scope.employeeSeesOwn'],
    );
  });
});
