/**
 * Who reads an answer, and the one rule of what may be shown to them. A personal chat is read by
 * the person asking alone; a shared conversation (team channel, group chat, or any conversation not
 * positively known to be personal) by every member, so it shows only what every member may see:
 * counts, never people with what they hold, emails, phone numbers, keys, the audit log or files.
 */
export interface Audience {
  readers: 'personal' | 'shared';
  /** The conversation the answer goes to: recorded in the audit log where keys were shown ('' when unknown). */
  conversationId: string;
  /** A Teams link to a personal chat with the bot, offered where an answer is kept for one ('' when there is none). */
  personalChatUrl: string;
  /** The team channel the message came from (for "notify here"); absent elsewhere. */
  channelConversationId?: string;
}

/** A personal chat known by nothing else (scripts, tests, the welcome of a flow started without a turn). */
export const PERSONAL_CHAT: Audience = Object.freeze({
  readers: 'personal',
  conversationId: '',
  personalChatUrl: '',
});

/** A shared conversation with no link to a personal chat to offer. */
export const SHARED_CONVERSATION: Audience = Object.freeze({
  readers: 'shared',
  conversationId: '',
  personalChatUrl: '',
});

/** The rule: anything personal or secret is shown only where the person asking reads alone. */
export function mayShowPersonal(audience: Audience): boolean {
  return audience.readers === 'personal';
}

/** A person as a card names them: with their email in a personal chat, by name alone where everyone reads it. */
export function personLabel(
  audience: Audience,
  person: { displayName: string; email: string },
): string {
  return mayShowPersonal(audience) ? `${person.displayName} (${person.email})` : person.displayName;
}

/** The link to a personal chat to offer with an answer: only where the answer is read by everyone. */
export function personalChatLink(audience: Audience): string {
  return mayShowPersonal(audience) ? '' : audience.personalChatUrl;
}
