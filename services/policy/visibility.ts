import { isAdmin, type Actor } from '../access.service';
import { myBenefitsOf, type MyBenefits } from '../my-benefits';
import type { OrganisationReader } from '../ports';

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

/**
 * An answer as the person asking may have it here (R1.6 and the rule above): the organisation's
 * (`value`), their own benefits instead (an employee asking about the organisation or its people),
 * or nothing but a pointer to a personal chat (anything personal asked in a shared conversation).
 */
export type ScopedResult<T> =
  | { scope: 'organisation'; value: T }
  | { scope: 'own'; reason: 'employeeSeesOwn'; mine: MyBenefits }
  | { scope: 'personalChatOnly' };

/** What the person asking may see here: what every service's answer is scoped by. */
export interface Sight {
  /** Who reads the answer: only a personal chat shows anything personal. */
  readers: 'personal' | 'shared';
  /** R1.1, R1.6: an admin reads the organisation's benefits; an employee their own. */
  role: 'admin' | 'employee';
  /** R1.6: people with what they hold: an admin in a personal chat only. */
  holders: boolean;
}

/**
 * The one visibility rule: an admin in a personal chat sees holders; an employee sees their own;
 * a shared conversation sees nothing personal (an admin there sees counts only).
 */
export function sightOf(actor: Actor, audience: Audience): Sight {
  const readers = mayShowPersonal(audience) ? 'personal' : 'shared';
  const role = isAdmin(actor) ? 'admin' : 'employee';
  return { readers, role, holders: readers === 'personal' && role === 'admin' };
}

/**
 * What an answer shows, which decides who has it where:
 * - `people`: who holds what (R1.6): an admin in a personal chat; an employee in a personal chat
 *   has their own instead; a shared conversation a pointer to a personal chat.
 * - `counts`: the organisation's benefits and counts: an admin anywhere; an employee their own, in
 *   a personal chat.
 * - `personal`: something personal (the person's own, people named, files, the audit log): in a
 *   personal chat; the service still checks the role it needs.
 */
export type Shows = 'people' | 'counts' | 'personal';

/** Which answer the person has here for an answer that shows `shows`. */
export function scopeOf(sight: Sight, shows: Shows): ScopedResult<unknown>['scope'] {
  switch (shows) {
    case 'people':
      return sight.holders
        ? 'organisation'
        : sight.readers === 'personal'
          ? 'own'
          : 'personalChatOnly';
    case 'counts':
      return sight.role === 'admin'
        ? 'organisation'
        : sight.readers === 'personal'
          ? 'own'
          : 'personalChatOnly';
    case 'personal':
      return sight.readers === 'personal' ? 'organisation' : 'personalChatOnly';
  }
}

/**
 * Reads the answer the person may have here, and only that one: `value` is not read where it may
 * not be shown, and an employee's own benefits are read from `store` where they have those instead.
 */
export async function scopedAnswer<T>(
  store: OrganisationReader,
  actor: Actor,
  audience: Audience,
  shows: Shows,
  value: () => Promise<T>,
): Promise<ScopedResult<T>> {
  switch (scopeOf(sightOf(actor, audience), shows)) {
    case 'organisation':
      return { scope: 'organisation', value: await value() };
    case 'own':
      return { scope: 'own', reason: 'employeeSeesOwn', mine: await myBenefitsOf(store, actor) };
    case 'personalChatOnly':
      return { scope: 'personalChatOnly' };
  }
}
