import type { SendLog } from './model';

/** At most `limit` sends in any window of `windowMs` milliseconds. */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** Teams' documented limits for a bot sending to conversations. */
export interface NotificationLimits {
  /** Per bot per conversation thread: 7 per second, 8 per 2 seconds, 60 per 30 seconds, 1,800 per hour. */
  perConversation: RateLimit[];
  /** Per bot per tenant: 50 per second. */
  perTenant: RateLimit[];
}

/** https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit: every window at once. */
export const TEAMS_LIMITS: NotificationLimits = {
  perConversation: [
    { limit: 7, windowMs: 1_000 },
    { limit: 8, windowMs: 2_000 },
    { limit: 60, windowMs: 30_000 },
    { limit: 1_800, windowMs: 60 * 60_000 },
  ],
  perTenant: [{ limit: 50, windowMs: 1_000 }],
};

/**
 * Sliding-window log: remembers when each recent send happened and allows another only while
 * every window still has room, so no window of any length-`windowMs` interval ever holds more
 * than `limit` sends (a token bucket would allow a burst at a window's edge). Driven by the
 * times it is given, never by a timer. State is in memory, for this process only.
 *
 * A send is remembered only as long as the longest window of its kind: a conversation's for an
 * hour, a tenant's for a second. So the memory (and the send log several instances share) holds at
 * most an hour's sends per busy conversation, whatever runs for how long.
 */
export class SlidingWindowLimiter {
  /** Send times per key, oldest first. */
  private readonly sent = new Map<string, number[]>();
  private readonly pausedUntil = new Map<string, number>();
  private readonly conversationLongestMs: number;
  private readonly tenantLongestMs: number;

  constructor(private readonly limits: NotificationLimits = TEAMS_LIMITS) {
    this.conversationLongestMs = Math.max(0, ...limits.perConversation.map((l) => l.windowMs));
    this.tenantLongestMs = Math.max(0, ...limits.perTenant.map((l) => l.windowMs));
  }

  /** How long a send under `key` counts in some window. */
  private keepMs(key: string): number {
    return key.startsWith('t:') ? this.tenantLongestMs : this.conversationLongestMs;
  }

  /** Whether tryAcquire would take a slot now (takes nothing). */
  canSend(tenantId: string, conversationId: string, nowMs: number): boolean {
    const conversationKey = `c:${tenantId}:${conversationId}`;
    if ((this.pausedUntil.get(conversationKey) ?? 0) > nowMs) return false;
    return (
      this.hasRoom(`t:${tenantId}`, this.limits.perTenant, nowMs) &&
      this.hasRoom(conversationKey, this.limits.perConversation, nowMs)
    );
  }

  /** Takes a slot for one send to `conversationId` of `tenantId` at `nowMs`, or says no (and takes nothing). */
  tryAcquire(tenantId: string, conversationId: string, nowMs: number): boolean {
    if (!this.canSend(tenantId, conversationId, nowMs)) return false;
    this.record(`t:${tenantId}`, nowMs);
    this.record(`c:${tenantId}:${conversationId}`, nowMs);
    return true;
  }

  /** The connector said to slow down (Retry-After): nothing more to that conversation before `untilMs`. */
  pause(tenantId: string, conversationId: string, untilMs: number): void {
    const key = `c:${tenantId}:${conversationId}`;
    this.pausedUntil.set(key, Math.max(untilMs, this.pausedUntil.get(key) ?? 0));
  }

  /** Forgets sends that have left every window of their kind, and pauses that are over, so the state stays small. */
  sweep(nowMs: number): void {
    for (const [key, times] of this.sent) {
      const kept = times.slice(firstAfter(times, nowMs - this.keepMs(key)));
      if (kept.length === 0) this.sent.delete(key);
      else if (kept.length < times.length) this.sent.set(key, kept);
    }
    for (const [key, until] of this.pausedUntil) if (until <= nowMs) this.pausedUntil.delete(key);
  }

  /** Its memory, without what has left every window by `nowMs`: to keep where several instances share it. */
  toLog(nowMs: number): SendLog {
    this.sweep(nowMs);
    return {
      sends: [...this.sent].flatMap(([key, times]) => times.map((at) => ({ key, at }))),
      pauses: [...this.pausedUntil].map(([key, until]) => ({ key, until })),
    };
  }

  /** A limiter that remembers what `log` holds. */
  static fromLog(limits: NotificationLimits, log: SendLog | undefined): SlidingWindowLimiter {
    const limiter = new SlidingWindowLimiter(limits);
    for (const { key, at } of log?.sends ?? []) {
      const times = limiter.sent.get(key);
      if (times) times.push(at);
      else limiter.sent.set(key, [at]);
    }
    for (const times of limiter.sent.values()) times.sort((a, b) => a - b);
    for (const { key, until } of log?.pauses ?? []) limiter.pausedUntil.set(key, until);
    return limiter;
  }

  private hasRoom(key: string, limits: RateLimit[], nowMs: number): boolean {
    const times = this.sent.get(key) ?? [];
    return limits.every((l) => times.length - firstAfter(times, nowMs - l.windowMs) < l.limit);
  }

  private record(key: string, nowMs: number): void {
    const times = this.sent.get(key) ?? [];
    const kept = times.slice(firstAfter(times, nowMs - this.keepMs(key)));
    // In time order, even if a clock stepped back.
    kept.splice(firstAfter(kept, nowMs), 0, nowMs);
    this.sent.set(key, kept);
  }
}

/** The index of the first of `times` (ascending) strictly after `after`: a send exactly windowMs ago has left the window. */
function firstAfter(times: readonly number[], after: number): number {
  let low = 0;
  let high = times.length;
  while (low < high) {
    const mid = (low + high) >>> 1;
    if ((times[mid] as number) > after) high = mid;
    else low = mid + 1;
  }
  return low;
}
