import {
  mayShowPersonal,
  PERSONAL_CHAT,
  personalChatLink,
  personLabel,
  SHARED_CONVERSATION,
  type Audience,
} from '../../../services/policy/visibility';

const ana = { displayName: 'Ana Bowman', email: 'ana@contoso.com' };
const LINK = 'https://teams.microsoft.com/l/chat/0/0?users=28%3Abot';

describe('what may be shown to whom', () => {
  test('when only the person asking reads, then emails are shown and no link elsewhere is offered', () => {
    expect(mayShowPersonal(PERSONAL_CHAT)).toBe(true);
    expect(personLabel(PERSONAL_CHAT, ana)).toBe('Ana Bowman (ana@contoso.com)');
    expect(personalChatLink({ ...PERSONAL_CHAT, personalChatUrl: LINK })).toBe('');
  });

  test('when every member reads, then a person is named without their email and the personal chat is offered', () => {
    const channel: Audience = { ...SHARED_CONVERSATION, personalChatUrl: LINK };
    expect(mayShowPersonal(channel)).toBe(false);
    expect(personLabel(channel, ana)).toBe('Ana Bowman');
    expect(personalChatLink(channel)).toBe(LINK);
  });

  test('when the readers are anything but a personal chat (a forged or unknown kind), then nothing personal is shown', () => {
    for (const readers of ['groupChat', 'channel', '', undefined]) {
      const forged = { ...PERSONAL_CHAT, readers } as unknown as Audience;
      expect(mayShowPersonal(forged)).toBe(false);
      expect(personLabel(forged, ana)).toBe('Ana Bowman');
    }
  });
});
