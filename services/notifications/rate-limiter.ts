import type { SendLog } from './model';

/** At most `limit` sends in any window of `windowMs` milliseconds. */
export interface RateLimit {
  limit: number;
  windowMs: number;
}

/** Teams' documented limits for a bot sending to conversations. */
export interface NotificationLimits {
  /** Per conversation thread: 7 per second and 60 per 30 seconds. */
  perConversation: RateLimit[];
  /** Per bot per tenant: 50 per second. */
  perTenant: RateLimit[];
}

export const TEAMS_LIMITS: NotificationLimits = {
  perConversation: [
    { limit: 7, windowMs: 1_000 },
    { limit: 60, windowMs: 30_000 },
  ],
  perTenant: [{ limit: 50, windowMs: 1_000 }],
};

/**
 * Sliding-window log: remembers when each recent send happened and allows another only while
 * every window still has room, so no window of any length-`windowMs` interval ever holds more
 * than `limit` sends (a token bucket would allow a burst at a window's edge). Driven by the
 * times it is given, never by a timer. State is in memory, for this process only.
 */
export class SlidingWindowLimiter {
  private readonly sent = new Map<string, number[]>();
  private readonly pausedUntil = new Map<string, number>();
  private readonly longestMs: number;

  constructor(private readonly limits: NotificationLimits = TEAMS_LIMITS) {
    this.longestMs = Math.max(0, ...[...limits.perConversation, ...limits.perTenant].map((l) => l.windowMs));
  }

  /** Whether tryAcquire would take a slot now (takes nothing). */
  canSend(tenantId: string, conversationId: string, nowMs: number): boolean {
    const conversationKey = `c:${tenantId}:${conversationId}`;
    if ((this.pausedUntil.get(conversationKey) ?? 0) > nowMs) return false;
    return this.hasRoom(`t:${tenantId}`, this.limits.perTenant, nowMs) && this.hasRoom(conversationKey, this.limits.perConversation, nowMs);
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

  /** Forgets conversations with no send in the longest window, so the state stays small. */
  sweep(nowMs: number): void {
    for (const [key, times] of this.sent) {
      const last = times[times.length - 1];
      if (last === undefined || last <= nowMs - this.longestMs) this.sent.delete(key);
    }
    for (const [key, until] of this.pausedUntil) if (until <= nowMs) this.pausedUntil.delete(key);
  }

  /** Its memory, without what has left every window by `nowMs`: to keep where several instances share it. */
  toLog(nowMs: number): SendLog {
    this.sweep(nowMs);
    return {
      sends: [...this.sent].flatMap(([key, times]) => times.filter((at) => at > nowMs - this.longestMs).map((at) => ({ key, at }))),
      pauses: [...this.pausedUntil].map(([key, until]) => ({ key, until })),
    };
  }

  /** A limiter that remembers what `log` holds. */
  static fromLog(limits: NotificationLimits, log: SendLog | undefined): SlidingWindowLimiter {
    const limiter = new SlidingWindowLimiter(limits);
    for (const { key, at } of log?.sends ?? []) limiter.sent.set(key, [...(limiter.sent.get(key) ?? []), at].sort((a, b) => a - b));
    for (const { key, until } of log?.pauses ?? []) limiter.pausedUntil.set(key, until);
    return limiter;
  }

  private hasRoom(key: string, limits: RateLimit[], nowMs: number): boolean {
    const times = this.sent.get(key) ?? [];
    return limits.every((l) => countSince(times, nowMs - l.windowMs) < l.limit);
  }

  private record(key: string, nowMs: number): void {
    const times = this.sent.get(key) ?? [];
    const kept = times.filter((t) => t > nowMs - this.longestMs);
    kept.push(nowMs);
    this.sent.set(key, kept);
  }
}

/** Sends strictly after `after` (a send exactly windowMs ago has left the window). */
function countSince(times: number[], after: number): number {
  return times.reduce((count, t) => (t > after ? count + 1 : count), 0);
}
