import type { Clock } from '../clock';
import type { OrganisationData, TenantId, User, UserId } from '../model';
import { perCollection } from '../org-index';
import type { BenefitStore } from '../ports';
import type {
  Delivery,
  DeliveryResult,
  NotificationSettings,
  Notifier,
  OutboxItem,
  ReachableConversation,
} from './model';
import { sameNotification } from './outbox';
import { SlidingWindowLimiter, TEAMS_LIMITS, type NotificationLimits } from './rate-limiter';
import { channelConversation, NOBODY_TO_DELIVER_TO, personalConversation } from './reach';

export interface OutboxSenderDeps {
  store: BenefitStore;
  clock: Clock;
  notifier: Notifier;
  limits?: NotificationLimits;
  /** Jitter for the backoff, in [0, 1). */
  random?: () => number;
  /** Tries before a notification is marked failed. */
  maxAttempts?: number;
  /**
   * Several bot instances send from one store (PostgreSQL): each delivery is claimed first, in a
   * unit of work that also keeps Teams' limits in the organisation's send log, so no two instances
   * send the same item and the limits hold across all of them. The lease is how long an instance
   * that died mid-send keeps an item from the others (longer than a delivery may take).
   */
  shared?: { leaseMs: number };
}

/**
 * What one pass did: deliveries Teams accepted, tries put off, notifications given up, channel
 * notifications of an organisation without a channel (done: it chose none), and notifications
 * nobody could be given (undeliverable: listed with the failed ones).
 */
export interface SendReport {
  sent: number;
  retried: number;
  failed: number;
  skipped: number;
  undeliverable: number;
}

export const DEFAULT_MAX_ATTEMPTS = 8;
const BACKOFF_BASE_MS = 1_000;
const BACKOFF_CAP_MS = 5 * 60_000;
/** Delivered notifications are kept this long (to look into), then dropped so the data file stays small. */
const KEEP_SENT_MS = 30 * 24 * 60 * 60_000;

export const NO_CHANNEL = 'no notification channel';

/**
 * Several instances count a send when they claim it, and the deliveries reach Teams after varying
 * delays (a database commit, another process's turn): a tenth below Teams' limits keeps that jitter
 * from pushing a window over them.
 */
const SHARED_LIMITS: NotificationLimits = {
  perConversation: TEAMS_LIMITS.perConversation.map((l) => ({
    ...l,
    limit: Math.floor(l.limit * 0.9),
  })),
  perTenant: TEAMS_LIMITS.perTenant.map((l) => ({ ...l, limit: Math.floor(l.limit * 0.9) })),
};

/** A delivery and what the connector said: what record() writes. */
type Delivered = [
  tenantId: TenantId,
  itemId: string,
  conversation: ReachableConversation,
  mention: Delivery['mention'],
  mergeWith: string | null,
  result: DeliveryResult,
];

/** Where one outbox item goes now, or why it goes nowhere (skipped: nothing to do; undeliverable: someone is not told). */
type Route =
  | {
      kind: 'deliver';
      conversation: ReachableConversation;
      mention: Delivery['mention'];
      mergeWith: string | null;
    }
  | { kind: 'skip'; reason: string }
  | { kind: 'undeliverable'; reason: string }
  /** The channel card for the same event is still to be sent, and will @mention this person. */
  | { kind: 'wait' };

function nameOf(users: readonly User[], item: OutboxItem, userId: UserId): string {
  const fromEvent =
    'userName' in item.event && 'userId' in item.event && item.event.userId === userId
      ? item.event.userName
      : undefined;
  return users.find((u) => u.id === userId)?.displayName ?? fromEvent ?? userId;
}

/** Pending items by id, worked out once per list the store returned (org-index.ts). */
const pendingById = perCollection(
  (pending: readonly OutboxItem[]) => new Map(pending.map((item) => [item.id, item])),
);

/** Pending items by creation time, in order: items of one notification share it (outbox.ts). */
const pendingByTime = perCollection((pending: readonly OutboxItem[]) => {
  const byTime = new Map<string, OutboxItem[]>();
  for (const item of pending) {
    const list = byTime.get(item.createdAt);
    if (list) list.push(item);
    else byTime.set(item.createdAt, [item]);
  }
  return byTime;
});

/** The other pending items of `item`'s notification, in pending order. */
function twinsOf(pending: readonly OutboxItem[], item: OutboxItem): OutboxItem[] {
  return (pendingByTime(pending).get(item.createdAt) ?? []).filter((p) =>
    sameNotification(p, item),
  );
}

/**
 * The item with `id` in a unit of work's draft, as a copy put in the original's place, to change:
 * a stored item is never changed in place (the embedded store shares stored items with drafts).
 */
function editable(
  data: OrganisationData,
  test: (item: OutboxItem) => boolean,
): OutboxItem | undefined {
  const index = data.outbox.findIndex(test);
  const found = data.outbox[index];
  if (!found) return undefined;
  const copy = { ...found };
  data.outbox[index] = copy;
  return copy;
}

/** What a tenant's delivery decisions are made from: read together, afresh after anything was awaited. */
interface TenantView {
  pending: readonly OutboxItem[];
  settings: Readonly<NotificationSettings>;
  users: readonly User[];
}

function describe(result: DeliveryResult): string {
  switch (result.outcome) {
    case 'accepted':
      return 'accepted';
    case 'retry':
      return result.status
        ? `the connector answered ${result.status}`
        : 'the connector could not be reached';
    case 'gone':
      return `the bot is no longer in that conversation (${result.status})`;
    case 'failed':
      return result.message || `the connector answered ${result.status ?? 'with an error'}`;
  }
}

/**
 * Delivers the outbox: one pass over every organisation's due notifications, oldest first, within
 * Teams' rate limits. It has no timer of its own; the caller runs `sendDue` on an interval and when
 * something was just enqueued.
 *
 * Exactly once, as far as a process can promise it: an item is marked sent (in its own unit of
 * work) only after the connector accepted it, and a sent item is never sent again. A process killed
 * after the connector accepted a delivery and before that mark was written sends that one item
 * again after the restart (each delivery carries the item's id as `notificationId` for whoever
 * wants to spot it).
 *
 * One instance keeps Teams' limits in memory. Several instances on one store (`shared`) claim each
 * delivery in a unit of work that keeps the limits in the organisation's send log, so no two send
 * the same item and the limits hold across all of them.
 */
export class OutboxSender {
  private readonly limiter: SlidingWindowLimiter;
  private readonly random: () => number;
  private readonly maxAttempts: number;
  private running: Promise<SendReport> | null = null;
  /**
   * Deliveries Teams accepted whose "sent" mark could not be written (a full disk, say): later
   * passes only try to write the mark again, never deliver again.
   */
  private readonly unrecorded = new Map<string, Delivered>();

  private readonly limits: NotificationLimits;
  constructor(private readonly deps: OutboxSenderDeps) {
    this.limits = deps.limits ?? (deps.shared ? SHARED_LIMITS : TEAMS_LIMITS);
    this.limiter = new SlidingWindowLimiter(this.limits);
    this.random = deps.random ?? Math.random;
    this.maxAttempts = Math.max(1, deps.maxAttempts ?? DEFAULT_MAX_ATTEMPTS);
  }

  /** One pass. A call while a pass is running joins it rather than sending the same items twice. */
  sendDue(): Promise<SendReport> {
    if (!this.running) {
      this.running = this.pass().finally(() => {
        this.running = null;
      });
    }
    return this.running;
  }

  private async pass(): Promise<SendReport> {
    const report: SendReport = { sent: 0, retried: 0, failed: 0, skipped: 0, undeliverable: 0 };
    const now = this.deps.clock.now().getTime();
    this.limiter.sweep(now);
    const errors: unknown[] = [];
    // Deliveries whose "sent" mark is still to be written: their organisations are looked at.
    const owed = new Set([...this.unrecorded.values()].map(([tenantId]) => tenantId));
    // Only the organisations that have something due, and those owed a "sent" mark.
    const due = await this.deps.store.tenantsWithNotificationsDue(new Date(now));
    for (const tenantId of new Set([...due, ...owed])) {
      // One organisation whose data cannot be written must not hold up the others.
      await this.sendTenant(tenantId, report).catch((err: unknown) => {
        errors.push(err);
      });
    }
    if (errors.length > 0) throw errors[0];
    return report;
  }

  private async view(tenantId: TenantId): Promise<TenantView> {
    const { store } = this.deps;
    const [pending, settings, users] = await Promise.all([
      store.pendingNotifications(tenantId),
      store.notificationSettings(tenantId),
      store.users(tenantId),
    ]);
    return { pending, settings, users };
  }

  private async sendTenant(tenantId: TenantId, report: SendReport): Promise<void> {
    const { store, clock } = this.deps;
    const now = clock.now().getTime();
    const due = (await store.pendingNotifications(tenantId))
      .filter((item) => Date.parse(item.nextAttemptAt) <= now && !leased(item, now))
      .map((item, index) => ({ id: item.id, createdAt: Date.parse(item.createdAt), index }))
      .sort((a, b) => a.createdAt - b.createdAt || a.index - b.index)
      .map((d) => d.id);
    // Conversations that asked to slow down in this pass get nothing more in it.
    const throttled = new Set<string>();
    // Several instances: the limits as the organisation's send log held them at the start of the
    // pass, plus this pass's own claims; a delivery it has no room for is not even claimed.
    const shared = this.deps.shared
      ? SlidingWindowLimiter.fromLog(
          this.limits,
          (await store.notificationSettings(tenantId)).sendLog,
        )
      : null;
    // Read afresh after each await (null: to read): each item is routed on what the store holds then.
    let view: TenantView | null = null;
    for (let i = 0; i < due.length; i += 1) {
      view ??= await this.view(tenantId);
      const item = pendingById(view.pending).get(due[i] ?? '');
      if (!item) continue; // done meanwhile (told with a mention in its channel card)
      if (item.target.type === 'admins') {
        due.splice(i + 1, 0, ...(await this.expandAdmins(tenantId, item.id, report)));
        view = null;
        continue;
      }
      // Nothing awaited since the view was read: an item with no room in its conversation now
      // is passed over without reading anything again (a backlog for one chat costs little).
      if (
        !this.unrecorded.has(item.id) &&
        this.mustWait(tenantId, this.route(item, view), throttled, shared, clock.now().getTime())
      )
        continue;
      await this.sendItem(tenantId, item, view, throttled, report, shared);
      view = null;
    }
  }

  /** A delivery that cannot go now (its conversation slowed down, or out of room in Teams' limits), or an item waiting for its channel card. */
  private mustWait(
    tenantId: TenantId,
    route: Route,
    throttled: ReadonlySet<string>,
    shared: SlidingWindowLimiter | null,
    nowMs: number,
  ): boolean {
    if (route.kind === 'wait') return true;
    if (route.kind !== 'deliver') return false;
    const conversationId = route.conversation.conversationId;
    return (
      throttled.has(conversationId) ||
      !(shared ?? this.limiter).canSend(tenantId, conversationId, nowMs)
    );
  }

  private async sendItem(
    tenantId: TenantId,
    item: OutboxItem,
    view: TenantView,
    throttled: Set<string>,
    report: SendReport,
    shared: SlidingWindowLimiter | null,
  ): Promise<void> {
    const { clock, notifier } = this.deps;
    const accepted = this.unrecorded.get(item.id);
    if (accepted) {
      await this.record(...accepted, report);
      this.unrecorded.delete(item.id);
      return;
    }
    const { settings } = view;
    const route = this.route(item, view);
    if (route.kind === 'wait') return;
    if (route.kind === 'skip') {
      const marked = await this.mark(tenantId, item.id, (stored, now) => {
        stored.status = 'sent';
        stored.sentAt = now;
        stored.lastError = route.reason;
        return true;
      });
      if (marked) report.skipped += 1;
      return;
    }
    if (route.kind === 'undeliverable') {
      // Kept, not dropped: listed with the failed ones, and sent by a retry once there is somewhere to send it.
      const marked = await this.mark(tenantId, item.id, (stored) => {
        stored.status = 'undeliverable';
        stored.lastError = route.reason;
        return true;
      });
      if (marked) report.undeliverable += 1;
      return;
    }
    const { conversation, mention, mergeWith } = route;
    const nowMs = clock.now().getTime();
    if (throttled.has(conversation.conversationId)) return; // a later pass
    if (shared) {
      if (!shared.tryAcquire(tenantId, conversation.conversationId, nowMs)) {
        throttled.add(conversation.conversationId);
        return;
      }
      if (!(await this.claim(tenantId, item.id, conversation.conversationId, nowMs))) return;
    } else if (!this.limiter.tryAcquire(tenantId, conversation.conversationId, nowMs)) return;
    const delivery: Delivery = {
      tenantId,
      notificationId: item.id,
      conversation,
      event: item.event,
      language: settings.language,
      mention,
    };
    let result: DeliveryResult;
    try {
      result = await notifier.deliver(delivery);
    } catch {
      // Not known to be accepted, so it is tried again like any connector hiccup.
      result = { outcome: 'retry', retryAfterMs: null, status: 0 };
    }
    if (result.outcome === 'retry') {
      throttled.add(conversation.conversationId);
      // Shared: the pause is kept in the send log when the outcome is recorded.
      if (result.retryAfterMs && !this.deps.shared)
        this.limiter.pause(tenantId, conversation.conversationId, nowMs + result.retryAfterMs);
    }
    const delivered: Delivered = [tenantId, item.id, conversation, mention, mergeWith, result];
    try {
      await this.record(...delivered, report);
    } catch (err) {
      if (result.outcome === 'accepted') this.unrecorded.set(item.id, delivered);
      throw err;
    }
  }

  /** Resolves a channel or person target to a conversation the bot can reach, from the organisation's settings. */
  private route(item: OutboxItem, { settings, users, pending }: TenantView): Route {
    const channel = channelConversation(settings);
    if (item.target.type === 'channel') {
      if (!channel) return { kind: 'skip', reason: NO_CHANNEL };
      // The person this event is also for cannot be reached directly: this card @mentions them instead.
      const unreachable = twinsOf(pending, item).find(
        (p) => p.target.type === 'person' && !personalConversation(settings, p.target.userId),
      );
      if (unreachable?.target.type === 'person') {
        const userId = unreachable.target.userId;
        return {
          kind: 'deliver',
          conversation: channel,
          mention: { userId, name: nameOf(users, item, userId) },
          mergeWith: unreachable.id,
        };
      }
      return { kind: 'deliver', conversation: channel, mention: null, mergeWith: null };
    }
    if (item.target.type === 'person') {
      const userId = item.target.userId;
      const personal = personalConversation(settings, userId);
      if (personal)
        return { kind: 'deliver', conversation: personal, mention: null, mergeWith: null };
      if (!channel)
        return {
          kind: 'undeliverable',
          reason: `${NOBODY_TO_DELIVER_TO}: they cannot be reached directly and there is no notification channel`,
        };
      if (twinsOf(pending, item).some((p) => p.target.type === 'channel')) return { kind: 'wait' };
      return {
        kind: 'deliver',
        conversation: channel,
        mention: { userId, name: nameOf(users, item, userId) },
        mergeWith: null,
      };
    }
    return { kind: 'skip', reason: 'not a single conversation' };
  }

  /**
   * "The admins" are the Global admins the bot can write to personally, decided when the item is
   * due: the item becomes one person item each (so each delivery is marked on its own and none is
   * repeated when another is retried). With none reachable, the channel is told, unless the channel
   * already has this notification; with no channel either, nobody is: the item is undeliverable.
   */
  private async expandAdmins(
    tenantId: TenantId,
    itemId: string,
    report: SendReport,
  ): Promise<string[]> {
    const outcome = await this.deps.store.unitOfWork(tenantId, (data) => {
      const stored = editable(data, (i) => i.id === itemId && i.status === 'pending');
      if (!stored) return { ids: [] as string[], skipped: false, undeliverable: false };
      const now = this.deps.clock.now().toISOString();
      const done = (reason: string) => {
        stored.status = 'sent';
        stored.sentAt = now;
        stored.lastError = reason;
      };
      const admins = data.users.filter(
        (u) => u.roles.includes('globalAdmin') && personalConversation(data.notifications, u.id),
      );
      if (admins.length > 0) {
        const items = admins.map((u) =>
          copyFor(stored, `${stored.id}:${u.id}`, { type: 'person', userId: u.id }, now),
        );
        data.outbox.push(...items);
        done(`handed to ${items.length} Global admin(s)`);
        return { ids: items.map((i) => i.id), skipped: false, undeliverable: false };
      }
      const channel = channelConversation(data.notifications);
      const channelHasIt = data.outbox.some(
        (o) => o.target.type === 'channel' && o.status !== 'failed' && sameNotification(o, stored),
      );
      if (channel && !channelHasIt) {
        const item = copyFor(stored, `${stored.id}:channel`, { type: 'channel' }, now);
        data.outbox.push(item);
        done('no Global admin can be reached directly: sent to the notification channel');
        return { ids: [item.id], skipped: false, undeliverable: false };
      }
      if (!channel) {
        stored.status = 'undeliverable';
        stored.lastError = `${NOBODY_TO_DELIVER_TO}: no Global admin can be reached directly and ${NO_CHANNEL}`;
        if (stored.leaseUntil) stored.leaseUntil = null;
        return { ids: [], skipped: false, undeliverable: true };
      }
      done('no Global admin can be reached directly; the notification channel has it');
      return { ids: [], skipped: true, undeliverable: false };
    });
    if (outcome.skipped) report.skipped += 1;
    if (outcome.undeliverable) report.undeliverable += 1;
    return outcome.ids;
  }

  /** Writes what the connector said, in one unit of work. */
  private async record(
    tenantId: TenantId,
    itemId: string,
    conversation: ReachableConversation,
    mention: Delivery['mention'],
    mergeWith: string | null,
    result: DeliveryResult,
    report: SendReport,
  ): Promise<void> {
    const counted = await this.mark(tenantId, itemId, (stored, now, data) => {
      if (this.deps.shared && result.outcome === 'retry' && result.retryAfterMs) {
        const limiter = SlidingWindowLimiter.fromLog(this.limits, data.notifications.sendLog);
        limiter.pause(tenantId, conversation.conversationId, Date.parse(now) + result.retryAfterMs);
        data.notifications.sendLog = limiter.toLog(Date.parse(now));
      }
      stored.conversationId = conversation.conversationId;
      stored.mentionUserId = mention?.userId ?? null;
      switch (result.outcome) {
        case 'accepted': {
          stored.status = 'sent';
          stored.sentAt = now;
          const twin = mergeWith
            ? editable(data, (i) => i.id === mergeWith && i.status === 'pending')
            : undefined;
          if (twin) {
            twin.status = 'sent';
            twin.sentAt = now;
            twin.conversationId = conversation.conversationId;
            twin.mentionUserId = mention?.userId ?? null;
            twin.lastError = 'not reachable directly: @mentioned in the channel card';
          }
          return 'sent';
        }
        case 'retry': {
          stored.attempts += 1;
          stored.lastError = describe(result);
          if (stored.attempts >= this.maxAttempts) {
            stored.status = 'failed';
            return 'failed';
          }
          const backoff =
            this.random() * Math.min(BACKOFF_CAP_MS, BACKOFF_BASE_MS * 2 ** (stored.attempts - 1));
          stored.nextAttemptAt = new Date(
            Date.parse(now) + Math.max(result.retryAfterMs ?? 0, backoff),
          ).toISOString();
          return 'retried';
        }
        case 'gone': {
          const forgotten = conversation.conversationId;
          data.notifications.conversations = data.notifications.conversations.filter(
            (c) => c.conversationId !== forgotten,
          );
          if (data.notifications.channelConversationId === forgotten)
            data.notifications.channelConversationId = null;
          stored.attempts += 1;
          stored.status = 'failed';
          stored.lastError = describe(result);
          return 'failed';
        }
        case 'failed': {
          stored.attempts += 1;
          stored.status = 'failed';
          stored.lastError = describe(result);
          return 'failed';
        }
      }
    });
    if (counted) report[counted] += 1;
  }

  /**
   * Several instances: takes one item for this instance, if no other holds it and Teams' limits
   * (from the organisation's send log, kept in the same unit of work) leave room for it now.
   */
  private claim(
    tenantId: TenantId,
    itemId: string,
    conversationId: string,
    nowMs: number,
  ): Promise<boolean> {
    const leaseMs = this.deps.shared?.leaseMs ?? 0;
    return this.deps.store.unitOfWork(tenantId, (data) => {
      const found = data.outbox.find((i) => i.id === itemId);
      if (!found || found.status !== 'pending' || leased(found, nowMs)) return false;
      const limiter = SlidingWindowLimiter.fromLog(this.limits, data.notifications.sendLog);
      if (!limiter.tryAcquire(tenantId, conversationId, nowMs)) return false;
      data.notifications.sendLog = limiter.toLog(nowMs);
      const stored = editable(data, (i) => i === found);
      if (stored) stored.leaseUntil = new Date(nowMs + leaseMs).toISOString();
      return true;
    });
  }

  /** Changes one still-pending item (and anything else in `data`), and drops long-delivered ones. */
  private mark<T>(
    tenantId: TenantId,
    itemId: string,
    change: (stored: OutboxItem, now: string, data: OrganisationData) => T,
  ): Promise<T | null> {
    return this.deps.store.unitOfWork(tenantId, (data) => {
      const found = data.outbox.find((i) => i.id === itemId);
      if (!found || found.status !== 'pending') return null;
      const stored = editable(data, (i) => i === found) as OutboxItem;
      const now = this.deps.clock.now();
      const result = change(stored, now.toISOString(), data);
      if (stored.leaseUntil) stored.leaseUntil = null;
      const keepAfter = now.getTime() - KEEP_SENT_MS;
      data.outbox = data.outbox.filter(
        (i) => i.status !== 'sent' || !i.sentAt || Date.parse(i.sentAt) >= keepAfter,
      );
      return result;
    });
  }
}

/** Held by an instance that is delivering it (several instances). */
function leased(item: OutboxItem, nowMs: number): boolean {
  return !!item.leaseUntil && Date.parse(item.leaseUntil) > nowMs;
}

function copyFor(
  item: OutboxItem,
  id: string,
  target: OutboxItem['target'],
  now: string,
): OutboxItem {
  return {
    ...item,
    id,
    target,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: now,
    lastError: null,
    sentAt: null,
    conversationId: null,
    mentionUserId: null,
    leaseUntil: null,
  };
}
