import type { OrganisationData, UserId } from '../model';
import type { ChangeDeps } from '../rules';
import type { NotificationEvent, NotificationTarget, OutboxItem } from './model';

/**
 * Adds a pending notification to the outbox of the unit of work's draft, so it is stored in the
 * same write as the change that caused it: both or neither. Call it only on the path that changes
 * something (never for a repeated request).
 */
export function enqueue(
  deps: ChangeDeps,
  data: OrganisationData,
  target: NotificationTarget,
  event: NotificationEvent,
  at?: string,
): OutboxItem {
  // Items of one event share one time: the sender recognises them as one notification by it.
  const now = at ?? deps.clock.now().toISOString();
  const item: OutboxItem = {
    id: deps.newId(),
    createdAt: now,
    target,
    event,
    conversationId: null,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    lastError: null,
    sentAt: null,
    mentionUserId: null,
  };
  data.outbox.push(item);
  return item;
}

/**
 * The usual targets for an event: the notification channel, and the person it concerns when there
 * is one. The channel item comes first; when the person cannot be reached directly, the sender
 * @mentions them in that channel card instead of posting a second one.
 */
export function announce(
  deps: ChangeDeps,
  data: OrganisationData,
  event: NotificationEvent,
  personId: UserId | null = null,
): OutboxItem[] {
  const at = deps.clock.now().toISOString();
  const items = [enqueue(deps, data, { type: 'channel' }, event, at)];
  if (personId) items.push(enqueue(deps, data, { type: 'person', userId: personId }, event, at));
  return items;
}

/** Reminders: the channel and the organisation's Global admins. */
export function remind(
  deps: ChangeDeps,
  data: OrganisationData,
  event: NotificationEvent,
): OutboxItem[] {
  const at = deps.clock.now().toISOString();
  return [
    enqueue(deps, data, { type: 'channel' }, event, at),
    enqueue(deps, data, { type: 'admins' }, event, at),
  ];
}

/**
 * Items enqueued together for the same event (one change, several targets): the sender uses this
 * to @mention an unreachable person in the channel card rather than post the event twice.
 */
export function sameNotification(a: OutboxItem, b: OutboxItem): boolean {
  return (
    a.id !== b.id &&
    a.createdAt === b.createdAt &&
    JSON.stringify(a.event) === JSON.stringify(b.event)
  );
}
