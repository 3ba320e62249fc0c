import { SlidingWindowLimiter, TEAMS_LIMITS } from '../../../services/notifications/rate-limiter';

const T = 'tenant-a';

/** How many of `tries` sends at `at` the limiter lets through. */
const allowed = (limiter: SlidingWindowLimiter, conversation: string, at: number, tries: number) =>
  Array.from({ length: tries }, () => limiter.tryAcquire(T, conversation, at)).filter(Boolean)
    .length;

describe('the sliding-window limiter (Teams: 7 per second, 8 per 2 s, 60 per 30 s and 1,800 per hour per conversation, 50 per second per tenant)', () => {
  test('when many sends are asked for at one instant, then a conversation gets 7, and another conversation its own 7', () => {
    const limiter = new SlidingWindowLimiter();
    expect(allowed(limiter, 'c1', 0, 20)).toBe(7);
    expect(allowed(limiter, 'c1', 999, 5)).toBe(0);
    expect(allowed(limiter, 'c2', 999, 20)).toBe(7);
  });

  test('when a conversation sends a burst, then the second after its first 7 gets only 1 more (8 per 2 seconds)', () => {
    const limiter = new SlidingWindowLimiter();
    expect(allowed(limiter, 'c1', 0, 20)).toBe(7);
    expect(allowed(limiter, 'c1', 1_000, 20)).toBe(1);
    expect(allowed(limiter, 'c1', 1_999, 20)).toBe(0);
    expect(allowed(limiter, 'c1', 2_000, 20)).toBe(7); // the first 7 left both windows
  });

  test('when a conversation keeps sending, then it gets no more than 8 in any 2 seconds and 60 in any 30 seconds', () => {
    const limiter = new SlidingWindowLimiter();
    const times: number[] = [];
    for (let at = 0; at < 30_000; at += 250)
      for (let n = allowed(limiter, 'c1', at, 7); n > 0; n -= 1) times.push(at);
    expect(times).toHaveLength(60);
    for (const [windowMs, limit] of [
      [1_000, 7],
      [2_000, 8],
      [30_000, 60],
    ] as const) {
      expect(
        Math.max(...times.map((end) => times.filter((t) => t > end - windowMs && t <= end).length)),
      ).toBeLessThanOrEqual(limit);
    }
  });

  test('when a conversation sends all it may for an hour, then it gets 1,800, and more only as the first leave the hour', () => {
    const limiter = new SlidingWindowLimiter();
    let sent = 0;
    // 60 per 30 s would allow 7,200 in an hour: the hour's limit binds.
    for (let at = 0; at < 3_600_000; at += 500) sent += allowed(limiter, 'c1', at, 7);
    expect(sent).toBe(1_800);
    expect(limiter.tryAcquire(T, 'c1', 3_599_999)).toBe(false);
    expect(allowed(limiter, 'c1', 3_600_000, 7)).toBeGreaterThan(0);
  });

  test("when sends are remembered, then each only for the longest window of its kind: a conversation's for an hour, the tenant's for a second", () => {
    const limiter = new SlidingWindowLimiter();
    for (let at = 0; at < 2 * 3_600_000; at += 30_000) allowed(limiter, 'c1', at, 60);
    const log = limiter.toLog(2 * 3_600_000);
    const conversation = log.sends.filter((s) => s.key.startsWith('c:'));
    const tenant = log.sends.filter((s) => s.key.startsWith('t:'));
    expect(Math.min(...conversation.map((s) => s.at))).toBeGreaterThan(3_600_000);
    expect(conversation.length).toBeLessThanOrEqual(1_800);
    expect(tenant).toEqual([]); // the last send was 30 s ago
    // A limiter rebuilt from the log (another instance) decides as the original does.
    const again = SlidingWindowLimiter.fromLog(TEAMS_LIMITS, log);
    expect([7_200_000, 7_230_000].map((at) => allowed(again, 'c1', at, 10))).toEqual(
      [7_200_000, 7_230_000].map((at) => allowed(limiter, 'c1', at, 10)),
    );
  });

  test('when many conversations of one tenant send at once, then the tenant gets 50 a second in all', () => {
    const limiter = new SlidingWindowLimiter();
    const total = Array.from({ length: 20 }, (_, i) => allowed(limiter, `c${i}`, 0, 7)).reduce(
      (a, b) => a + b,
      0,
    );
    expect(total).toBe(50);
    expect(limiter.tryAcquire('tenant-b', 'other', 0)).toBe(true);
  });

  test('when a conversation is paused (Retry-After), then nothing goes to it before the pause ends', () => {
    const limiter = new SlidingWindowLimiter();
    limiter.pause(T, 'c1', 5_000);
    expect(limiter.tryAcquire(T, 'c1', 4_999)).toBe(false);
    expect(limiter.tryAcquire(T, 'c2', 4_999)).toBe(true);
    expect(limiter.tryAcquire(T, 'c1', 5_000)).toBe(true);
  });

  test('when a refusal happens, then it takes no slot', () => {
    const limiter = new SlidingWindowLimiter();
    const filled = Array.from({ length: 8 }, (_, i) => allowed(limiter, `busy-${i}`, 0, 7)).reduce(
      (a, b) => a + b,
      0,
    );
    expect(filled).toBe(50);
    expect(allowed(limiter, 'quiet', 0, 7)).toBe(0); // the tenant is full: refused without using the conversation's own room
    expect(allowed(limiter, 'quiet', 1_000, 7)).toBe(7);
  });
});
