import { SlidingWindowLimiter } from '../../../services/notifications/rate-limiter';

const T = 'tenant-a';

/** How many of `tries` sends at `at` the limiter lets through. */
const allowed = (limiter: SlidingWindowLimiter, conversation: string, at: number, tries: number) => Array.from({ length: tries }, () => limiter.tryAcquire(T, conversation, at)).filter(Boolean).length;

describe('the sliding-window limiter (Teams: 7 per second and 60 per 30 s per conversation, 50 per second per tenant)', () => {
  test('when many sends are asked for at one instant, then a conversation gets 7, and 7 more once a second has passed', () => {
    const limiter = new SlidingWindowLimiter();
    expect(allowed(limiter, 'c1', 0, 20)).toBe(7);
    expect(allowed(limiter, 'c1', 999, 5)).toBe(0);
    expect(allowed(limiter, 'c1', 1_000, 20)).toBe(7);
  });

  test('when a conversation keeps sending, then it gets no more than 60 in any 30 seconds', () => {
    const limiter = new SlidingWindowLimiter();
    let sent = 0;
    for (let at = 0; at < 30_000; at += 1_000) sent += allowed(limiter, 'c1', at, 7);
    expect(sent).toBe(60);
    expect(allowed(limiter, 'c1', 30_000, 7)).toBe(7); // the first second's 7 left the window
  });

  test('when many conversations of one tenant send at once, then the tenant gets 50 a second in all', () => {
    const limiter = new SlidingWindowLimiter();
    const total = Array.from({ length: 20 }, (_, i) => allowed(limiter, `c${i}`, 0, 7)).reduce((a, b) => a + b, 0);
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
    const filled = Array.from({ length: 8 }, (_, i) => allowed(limiter, `busy-${i}`, 0, 7)).reduce((a, b) => a + b, 0);
    expect(filled).toBe(50);
    expect(allowed(limiter, 'quiet', 0, 7)).toBe(0); // the tenant is full: refused without using the conversation's own room
    expect(allowed(limiter, 'quiet', 1_000, 7)).toBe(7);
  });
});
