import { startLimitedConnector, type LimitedConnector } from '../support/limited-connector';

/**
 * The connector stand-in the notification tests run against answers 429 past each of Teams' windows
 * on its own: per conversation 7 per second, 8 per 2 s, 60 per 30 s, 1,800 per hour; per tenant 50
 * per second. Its clock is the test's, so no window depends on how fast the machine is.
 */

let connector: LimitedConnector;
let now = Date.parse('2026-11-24T09:00:00Z');

beforeEach(async () => {
  now = Date.parse('2026-11-24T09:00:00Z');
  connector = await startLimitedConnector({ now: () => now });
});
afterEach(() => connector.close());

/** Posts one activity to `conversationId` of `tenantId`; the status and the reason of a 429. */
async function post(
  conversationId: string,
  tenantId = 'tenant-a',
): Promise<{ status: number; reason: string | undefined }> {
  const res = await fetch(
    `${connector.serviceUrl}/v3/conversations/${encodeURIComponent(conversationId)}/activities`,
    {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        type: 'message',
        text: 'hi',
        conversation: { id: conversationId, tenantId },
      }),
    },
  );
  await res.text();
  return { status: res.status, reason: connector.requests().at(-1)?.reason };
}

/** Sends `count` to one conversation at the current time; the statuses. */
async function burst(conversationId: string, count: number, tenantId?: string): Promise<number[]> {
  const statuses: number[] = [];
  for (let i = 0; i < count; i += 1) statuses.push((await post(conversationId, tenantId)).status);
  return statuses;
}

const accepted = (statuses: number[]) => statuses.filter((s) => s === 200).length;

describe('the limited connector stand-in', () => {
  test('answers 429 past 7 a second in one conversation', async () => {
    expect(accepted(await burst('c1', 9))).toBe(7);
    expect(await post('c1')).toEqual({ status: 429, reason: 'conversation 7/1000ms' });
  });

  test('answers 429 past 8 in 2 seconds, though the last second held only one', async () => {
    expect(accepted(await burst('c1', 7))).toBe(7);
    now += 1_000;
    expect(await post('c1')).toMatchObject({ status: 200 });
    expect(await post('c1')).toEqual({ status: 429, reason: 'conversation 8/2000ms' });
    now += 1_000;
    expect(await post('c1')).toMatchObject({ status: 200 });
  });

  test('answers 429 past 60 in 30 seconds', async () => {
    let sent = 0;
    for (let step = 0; step < 14; step += 1, now += 2_000) sent += accepted(await burst('c1', 8)); // 7 each 2 s until 60
    expect(sent).toBe(60);
    now -= 2_000; // 26 s after the first: nothing in the last 2 s
    expect(await post('c1')).toEqual({ status: 429, reason: 'conversation 60/30000ms' });
    now += 4_001; // the first 7 have left the 30 s
    expect(await post('c1')).toMatchObject({ status: 200 });
  });

  test('answers 429 past 1,800 in an hour', async () => {
    let sent = 0;
    for (let step = 0; step < 900; step += 1, now += 1_000) sent += accepted(await burst('c1', 2)); // 2 a second: within every shorter window
    expect(sent).toBe(1_800);
    now += 60_000; // the shorter windows are empty
    expect(await post('c1')).toEqual({ status: 429, reason: 'conversation 1800/3600000ms' });
    now = Date.parse('2026-11-24T10:00:00Z'); // the first two have left the hour
    expect(await post('c1')).toMatchObject({ status: 200 });
  });

  test('answers 429 past 50 a second in one tenant, whatever the conversations', async () => {
    let sent = 0;
    for (let c = 0; c < 8; c += 1) sent += accepted(await burst(`c${c}`, 7));
    expect(sent).toBe(50);
    expect(await post('c9')).toEqual({ status: 429, reason: 'tenant 50/1000ms' });
    expect(await post('c9', 'tenant-b')).toMatchObject({ status: 200 });
  });
});
