import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';
import { answer, isObject, readActivityRequest } from './connector';

/**
 * A Bot Framework connector stand-in (what Teams runs at `serviceUrl`) that behaves like Teams
 * under load: it enforces Teams' documented rate limits for a bot, answering 429 with a
 * `Retry-After` header (in seconds) past them, answers a seeded, reproducible fraction of
 * requests with 503, and answers 403 ("bot not in conversation") for conversations it is told to.
 * It records every request and, apart, every activity it accepted.
 *
 * Limits (https://learn.microsoft.com/microsoftteams/platform/bots/how-to/rate-limit): per bot per
 * conversation 7 messages per second, 8 per 2 seconds, 60 per 30 seconds and 1,800 per hour; per
 * bot per tenant 50 per second. Every window is enforced on its own. Only accepted activities count
 * towards a window; a refused one is not a message. Written out here, not taken from the bot's
 * code, so that the bot is checked against Teams' figures rather than its own.
 */

/** At most `limit` accepted activities in any window of `windowMs` milliseconds. */
export interface Limit {
  limit: number;
  windowMs: number;
}

export const TEAMS_CONVERSATION_LIMITS: readonly Limit[] = [
  { limit: 7, windowMs: 1_000 },
  { limit: 8, windowMs: 2_000 },
  { limit: 60, windowMs: 30_000 },
  { limit: 1_800, windowMs: 60 * 60_000 },
];
export const TEAMS_TENANT_LIMITS: readonly Limit[] = [{ limit: 50, windowMs: 1_000 }];

export interface LimitedConnectorOptions {
  perConversation?: readonly Limit[];
  perTenant?: readonly Limit[];
  /** The fraction of requests answered 503, in [0, 1]; 0 by default. */
  failureRate?: number;
  /** Seed of the generator that picks the 503s: the same seed and request order give the same 503s. */
  seed?: number;
  /** The time of a request, in ms: Date.now by default; a test's clock to try the windows without waiting. */
  now?: () => number;
}

/** An activity the connector accepted (answered 200). */
export interface AcceptedActivity {
  /** The connector's time (Date.now() unless `now` was given) when it was accepted. */
  at: number;
  conversationId: string;
  /** The tenant it was counted against: conversation.tenantId, else channelData.tenant.id, else "default". */
  tenantId: string;
  /** `channelData.notificationId`, which the bot puts on every notification; undefined on replies. */
  notificationId: string | undefined;
  /** The activity id from the path when it was a reply (`.../activities/:activityId`). */
  replyToId: string | undefined;
  activity: Partial<Activity>;
}

/** Any request to the activity routes, with what the connector answered. */
export interface ConnectorRequest {
  at: number;
  conversationId: string;
  tenantId: string;
  notificationId: string | undefined;
  status: number;
  /** The Retry-After header of a 429, in seconds. */
  retryAfterSeconds: number | undefined;
  /** Which limit a 429 was for, e.g. "conversation 7/1000ms". */
  reason: string | undefined;
}

export interface LimitedConnector {
  /** What the bot should use as `serviceUrl`: http://127.0.0.1:<port>. */
  readonly serviceUrl: string;
  /** Every accepted activity, oldest first (a copy). */
  accepted(): AcceptedActivity[];
  /** Every request to the activity routes with its answer (status 0: held, never answered), oldest first (a copy). */
  requests(): ConnectorRequest[];
  /** Requests to anything else (answered 404). */
  unserved(): { method: string; url: string }[];
  /** From now on, answer 403 for this conversation (the bot was removed from it). */
  forbid(conversationId: string): void;
  /** Answers the next `count` requests for this conversation with `status` (503 by default), before any other check. */
  failNext(conversationId: string, count: number, status?: number): void;
  /**
   * Accepts (and records) the next `count` activities but does not answer them until `release()`:
   * the bot's request stays in flight, as when the bot is killed after the connector took a
   * message and before it heard back.
   */
  holdNext(count: number): void;
  /** How many accepted activities are being held without an answer. */
  held(): number;
  /** Answers the held requests (200, as accepted). */
  release(): void;
  /** Changes the fraction of requests answered 503 from now on. */
  setFailureRate(rate: number): void;
  /**
   * Resolves with the accepted activities once `done` holds for them; rejects after `timeoutMs`
   * with `describe` of what did arrive. Checked on every accepted activity and every 50 ms.
   */
  waitUntil(
    done: (accepted: readonly AcceptedActivity[]) => boolean,
    timeoutMs: number,
    describe?: (accepted: readonly AcceptedActivity[]) => string,
  ): Promise<AcceptedActivity[]>;
  /** Forgets what was received, and the rate windows with it. */
  clear(): void;
  close(): Promise<void>;
}

/** mulberry32: a small seeded generator of numbers in [0, 1). */
export function seededRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function tenantOf(activity: Record<string, unknown>): string {
  const conversation = activity.conversation;
  if (isObject(conversation) && typeof conversation.tenantId === 'string' && conversation.tenantId)
    return conversation.tenantId;
  const channelData = activity.channelData;
  if (
    isObject(channelData) &&
    isObject(channelData.tenant) &&
    typeof channelData.tenant.id === 'string' &&
    channelData.tenant.id
  )
    return channelData.tenant.id;
  return 'default';
}

function notificationIdOf(activity: Record<string, unknown>): string | undefined {
  const channelData = activity.channelData;
  return isObject(channelData) && typeof channelData.notificationId === 'string'
    ? channelData.notificationId
    : undefined;
}

/**
 * How long until one more activity fits in every window, in ms (0: it fits now). `times` are the
 * accepted times of one conversation or tenant, oldest first; a window is (now - windowMs, now].
 */
function waitForRoom(
  times: readonly number[],
  limits: readonly Limit[],
  now: number,
): { waitMs: number; limit: Limit | undefined } {
  let waitMs = 0;
  let over: Limit | undefined;
  for (const limit of limits) {
    const inWindow = times.filter((t) => t > now - limit.windowMs);
    if (inWindow.length < limit.limit) continue;
    // The oldest (count - limit + 1) must leave the window before one more fits.
    const leaving = inWindow[inWindow.length - limit.limit];
    const wait = leaving === undefined ? 0 : leaving + limit.windowMs - now;
    if (wait >= waitMs) {
      waitMs = Math.max(wait, 1);
      over = limit;
    }
  }
  return { waitMs, limit: over };
}

/**
 * Every window in which the accepted activities of one conversation or one tenant exceeded a limit,
 * found from the records alone (independently of how the stand-in enforced them). Empty when none.
 */
export function limitViolations(
  accepted: readonly Pick<AcceptedActivity, 'at' | 'conversationId' | 'tenantId'>[],
  perConversation: readonly Limit[] = TEAMS_CONVERSATION_LIMITS,
  perTenant: readonly Limit[] = TEAMS_TENANT_LIMITS,
): string[] {
  const groups = new Map<string, { times: number[]; limits: readonly Limit[] }>();
  const add = (key: string, limits: readonly Limit[], at: number) => {
    const group = groups.get(key) ?? { times: [], limits };
    group.times.push(at);
    groups.set(key, group);
  };
  for (const a of accepted) {
    add(`conversation ${a.conversationId}`, perConversation, a.at);
    add(`tenant ${a.tenantId}`, perTenant, a.at);
  }
  const violations: string[] = [];
  for (const [key, { times, limits }] of groups) {
    const sorted = [...times].sort((x, y) => x - y);
    for (const { limit, windowMs } of limits) {
      // Two pointers: for each activity, how many fall in the window ending at it.
      let start = 0;
      for (let end = 0; end < sorted.length; end += 1) {
        const endAt = sorted[end] as number;
        while ((sorted[start] as number) <= endAt - windowMs) start += 1;
        const count = end - start + 1;
        if (count > limit)
          violations.push(
            `${key}: ${count} accepted in the ${windowMs} ms up to ${new Date(endAt).toISOString()} (limit ${limit})`,
          );
      }
    }
  }
  return violations;
}

/** The most accepted activities any one window of `windowMs` held, per conversation or tenant key. */
export function busiestWindow(times: readonly number[], windowMs: number): number {
  const sorted = [...times].sort((x, y) => x - y);
  let best = 0;
  let start = 0;
  for (let end = 0; end < sorted.length; end += 1) {
    while ((sorted[start] as number) <= (sorted[end] as number) - windowMs) start += 1;
    best = Math.max(best, end - start + 1);
  }
  return best;
}

export async function startLimitedConnector(
  options: LimitedConnectorOptions = {},
): Promise<LimitedConnector> {
  const perConversation = options.perConversation ?? TEAMS_CONVERSATION_LIMITS;
  const perTenant = options.perTenant ?? TEAMS_TENANT_LIMITS;
  const longestMs = Math.max(0, ...[...perConversation, ...perTenant].map((l) => l.windowMs));
  const random = seededRandom(options.seed ?? 1);
  const clock = options.now ?? Date.now;
  let failureRate = options.failureRate ?? 0;
  const accepted: AcceptedActivity[] = [];
  const requests: ConnectorRequest[] = [];
  const unserved: { method: string; url: string }[] = [];
  const forbidden = new Set<string>();
  const failing = new Map<string, { count: number; status: number }>();
  let toHold = 0;
  const heldAnswers: { res: ServerResponse; id: string }[] = [];
  /** Accepted times per conversation and per tenant, for the windows (pruned to the longest window). */
  const windows = new Map<string, number[]>();
  const watchers = new Set<() => void>();
  let nextId = 1;

  const timesOf = (key: string, now: number) => {
    const kept = (windows.get(key) ?? []).filter((t) => t > now - longestMs);
    windows.set(key, kept);
    return kept;
  };

  const handle = async (req: IncomingMessage, res: ServerResponse) => {
    const request = await readActivityRequest(req, res, unserved);
    if (!request) return;
    const parsed = request.activity;
    const now = clock();
    const { conversationId, replyToId } = request;
    const tenantId = tenantOf(parsed);
    const notificationId = notificationIdOf(parsed);
    const log = (status: number, retryAfterSeconds?: number, reason?: string) =>
      requests.push({
        at: now,
        conversationId,
        tenantId,
        notificationId,
        status,
        retryAfterSeconds,
        reason,
      });

    if (forbidden.has(conversationId)) {
      log(403);
      answer(res, 403, {
        error: {
          code: 'BotNotInConversationRoster',
          message: 'The bot is not part of the conversation roster.',
        },
      });
      return;
    }
    const scripted = failing.get(conversationId);
    if (scripted && scripted.count > 0) {
      scripted.count -= 1;
      log(scripted.status);
      answer(res, scripted.status, {
        error: { code: 'Scripted', message: `The stand-in was told to answer ${scripted.status}.` },
      });
      return;
    }
    if (failureRate > 0 && random() < failureRate) {
      log(503);
      answer(res, 503, {
        error: { code: 'ServiceUnavailable', message: 'The service is temporarily unavailable.' },
      });
      return;
    }
    const conversationKey = `c:${tenantId}:${conversationId}`;
    const tenantKey = `t:${tenantId}`;
    const conversationTimes = timesOf(conversationKey, now);
    const tenantTimes = timesOf(tenantKey, now);
    const byConversation = waitForRoom(conversationTimes, perConversation, now);
    const byTenant = waitForRoom(tenantTimes, perTenant, now);
    if (byConversation.limit || byTenant.limit) {
      const waitMs = Math.max(byConversation.waitMs, byTenant.waitMs);
      const seconds = Math.max(1, Math.ceil(waitMs / 1000));
      const which =
        byConversation.waitMs >= byTenant.waitMs ? byConversation.limit : byTenant.limit;
      const reason = `${byConversation.waitMs >= byTenant.waitMs ? 'conversation' : 'tenant'} ${which?.limit}/${which?.windowMs}ms`;
      log(429, seconds, reason);
      answer(
        res,
        429,
        { error: { code: 'TooManyRequests', message: `Too many requests (${reason}).` } },
        { 'retry-after': String(seconds) },
      );
      return;
    }
    conversationTimes.push(now);
    tenantTimes.push(now);
    accepted.push({
      at: now,
      conversationId,
      tenantId,
      notificationId,
      replyToId,
      activity: parsed as Partial<Activity>,
    });
    if (toHold > 0) {
      toHold -= 1;
      log(0);
      heldAnswers.push({ res, id: `limited-${nextId++}` });
    } else {
      log(200);
      answer(res, 200, { id: `limited-${nextId++}` });
    }
    for (const watch of [...watchers]) watch();
  };

  const server = createServer((req, res) => {
    handle(req, res).catch((err: unknown) => {
      if (!res.headersSent)
        answer(res, 500, { error: { code: 'StandInFailure', message: String(err) } });
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    serviceUrl: `http://127.0.0.1:${port}`,
    accepted: () => [...accepted],
    requests: () => [...requests],
    unserved: () => [...unserved],
    forbid: (conversationId) => {
      forbidden.add(conversationId);
    },
    failNext: (conversationId, count, status = 503) => {
      failing.set(conversationId, { count, status });
    },
    holdNext: (count) => {
      toHold += count;
    },
    held: () => heldAnswers.length,
    release: () => {
      for (const { res, id } of heldAnswers.splice(0))
        if (!res.writableEnded) answer(res, 200, { id });
    },
    setFailureRate: (rate) => {
      failureRate = rate;
    },
    waitUntil: (done, timeoutMs, describe = (a) => `${a.length} accepted`) =>
      new Promise((resolve, reject) => {
        const finish = () => {
          watchers.delete(check);
          clearInterval(poll);
          clearTimeout(timer);
        };
        const check = () => {
          if (!done(accepted)) return;
          finish();
          resolve([...accepted]);
        };
        const poll = setInterval(check, 50);
        const timer = setTimeout(() => {
          finish();
          reject(
            new Error(
              `The limited connector waited ${timeoutMs} ms in vain: ${describe(accepted)}.`,
            ),
          );
        }, timeoutMs);
        watchers.add(check);
        check();
      }),
    clear: () => {
      accepted.length = 0;
      requests.length = 0;
      unserved.length = 0;
      windows.clear();
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        heldAnswers.length = 0;
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
