import type { User, UserId } from '../model';
import type { NotificationSettings, NotificationTarget, ReachableConversation } from './model';

/** The personal chat the bot has with this person (they installed it personally), if any. */
export function personalConversation(
  settings: Readonly<NotificationSettings>,
  userId: UserId,
): ReachableConversation | undefined {
  return settings.conversations.find((c) => c.kind === 'personal' && c.userId === userId);
}

/** The organisation's notification channel ("notify here"), if it has one the bot can still reach. */
export function channelConversation(
  settings: Readonly<NotificationSettings>,
): ReachableConversation | undefined {
  const id = settings.channelConversationId;
  return id ? settings.conversations.find((c) => c.conversationId === id) : undefined;
}

/**
 * How a notification for this person would reach them now: in their personal chat, as an
 * @mention in the notification channel, or not at all (no personal chat and no channel).
 */
export type Reach = 'direct' | 'channel' | 'nobody';

export function reachOf(settings: Readonly<NotificationSettings>, userId: UserId): Reach {
  if (personalConversation(settings, userId)) return 'direct';
  return channelConversation(settings) ? 'channel' : 'nobody';
}

/**
 * Whether a notification for `target` has somewhere to go now: a person or the Global admins in a
 * personal chat or through the channel, the channel if there is one.
 */
export function hasSomewhereToGo(
  settings: Readonly<NotificationSettings>,
  users: readonly User[],
  target: NotificationTarget,
): boolean {
  if (channelConversation(settings)) return true;
  switch (target.type) {
    case 'channel':
      return false;
    case 'person':
      return !!personalConversation(settings, target.userId);
    case 'admins':
      return users.some(
        (u) => u.roles.includes('globalAdmin') && personalConversation(settings, u.id),
      );
  }
}

/** Why a notification was undeliverable, as kept with it (in English, for whoever runs the bot; the failed list says it in the reader's language). */
export const NOBODY_TO_DELIVER_TO = 'nobody to deliver to';
