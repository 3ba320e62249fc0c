import type { Activity } from 'botbuilder';
import { en } from '../../cards/i18n/en';
import { botHarness, readable } from '../support/bot-harness';
import { people } from '../support/people';
import { KEY } from '../support/card-json';

/**
 * Secrets only where a chat is positively personal: a conversation with a group-chat or channel id
 * but no conversationType, or a type the bot does not know, is treated as shared (fail closed).
 */
let bot: Awaited<ReturnType<typeof botHarness>>;
beforeEach(async () => {
  bot = await botHarness();
});
afterEach(() => bot.dispose());

const CONVERSATIONS: [string, Record<string, unknown>][] = [
  ['a group chat id without a conversationType', { id: '19:meeting_abc@thread.v2' }],
  ['a channel id without a conversationType', { id: '19:general@thread.tacv2' }],
  ['an unknown conversationType', { id: 'a:1xyz', conversationType: 'meeting' }],
  [
    'a personal type on a group',
    { id: '19:grp@thread.v2', conversationType: 'personal', isGroup: true },
  ],
];

function inConversation(
  type: string,
  conversation: Record<string, unknown>,
  extra: Partial<Activity>,
): Partial<Activity> {
  const base = bot.activityOf({ as: people.alex, mention: true }, type);
  return {
    ...base,
    ...extra,
    conversation: {
      tenantId: people.alex.tenantId,
      name: '',
      ...conversation,
    } as Activity['conversation'],
  };
}

test.each(CONVERSATIONS)(
  '%s: keys are refused, and a hand-made reveal shows none',
  async (_name, conversation) => {
    const asked = await bot.send(
      inConversation('message', conversation, {
        text: `<at>Partner Benefits</at> get keys for Windows 11`,
      }),
    );
    expect(readable(asked)).not.toMatch(KEY);
    const forged = await bot.send(
      inConversation('invoke', conversation, {
        name: 'adaptiveCard/action',
        value: {
          action: {
            type: 'Action.Execute',
            verb: 'keys.reveal',
            data: { benefitId: 'microsoft-365-e5', requestId: `forged-${String(conversation.id)}` },
          },
          trigger: 'manual',
        },
      }),
    );
    expect(JSON.stringify(forged)).not.toMatch(KEY);
    expect(JSON.stringify(forged)).toContain(en['error.KEYS.PERSONAL_CHAT_ONLY'].slice(0, 30));
    let audited = '';
    await bot.store().unitOfWork(people.alex.tenantId, (data) => {
      audited = JSON.stringify(data.audit);
    });
    expect(audited).not.toContain('keys.revealed');
  },
);

test('a personal chat in Teams still gets its keys', async () => {
  const forged = await bot.send(
    inConversation(
      'invoke',
      { id: 'a:personal-alex', conversationType: 'personal' },
      {
        name: 'adaptiveCard/action',
        value: {
          action: {
            type: 'Action.Execute',
            verb: 'keys.reveal',
            data: { benefitId: 'microsoft-365-e5', requestId: 'personal-ok' },
          },
          trigger: 'manual',
        },
      },
    ),
  );
  expect(JSON.stringify(forged)).toMatch(KEY);
});
