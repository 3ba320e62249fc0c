import { randomUUID } from 'node:crypto';
import type {
  Delivery,
  DeliveryResult,
  NotificationEvent,
  NotificationTarget,
} from '../../../services/notifications/model';
import { enqueue } from '../../../services/notifications/outbox';
import { OutboxSender } from '../../../services/notifications/sender';
import {
  ConnectorStandIn,
  limitViolations,
  personalChat,
  reachable,
  teamChannel,
  TestClock,
} from '../../support/connector-stand-in';
import { people } from '../../support/people';
import { demoStores, NOW } from '../../support/temp-store';

/**
 * Several bot instances draining one outbox (`shared`): three senders over one store, as three
 * instances over one database. Each delivery is claimed in a unit of work first, and Teams' limits
 * are kept in the organisation's send log, so the limits hold across the three and no item is sent
 * by two of them.
 */

let stores: Awaited<ReturnType<typeof demoStores>>;
let clock: TestClock;
const tenant = people.alex.tenantId;
const CHANNEL = teamChannel();
const LEASE_MS = 20_000;

beforeEach(async () => {
  stores = await demoStores();
  clock = new TestClock(NOW.getTime());
});
afterEach(() => stores.dispose());

const event = (n: number): NotificationEvent => ({
  type: 'requestSubmitted',
  reference: `ADV-${String(n).padStart(4, '0')}`,
  benefit: null,
  by: 'Alex Wilber',
  hours: null,
});

const instances = (connector: ConnectorStandIn, n = 3) =>
  Array.from(
    { length: n },
    () =>
      new OutboxSender({
        store: stores.benefits,
        clock,
        notifier: connector,
        random: () => 0.5,
        shared: { leaseMs: LEASE_MS },
      }),
  );

async function enqueueMany(targets: NotificationTarget[]): Promise<string[]> {
  return stores.benefits.unitOfWork(tenant, (data) =>
    targets.map(
      (target, i) =>
        enqueue({ store: stores.benefits, clock, newId: randomUUID }, data, target, event(i)).id,
    ),
  );
}

/** All instances' passes at once, the clock moving between rounds, until nothing is pending. */
async function drainTogether(senders: OutboxSender[], stepMs = 100, most = 3_000): Promise<void> {
  for (let round = 0; round < most; round += 1) {
    await Promise.all(senders.map((s) => s.sendDue()));
    if ((await stores.benefits.pendingNotifications(tenant)).length === 0) return;
    clock.advance(stepMs);
  }
  throw new Error('the outbox did not drain');
}

describe('three instances draining one outbox', () => {
  test("200 notifications over 10 conversations arrive once each, and Teams' limits hold across the three", async () => {
    const chats = Array.from({ length: 10 }, (_, i) => personalChat(`user-${i}`));
    await reachable(stores.benefits, tenant, [...chats, CHANNEL], CHANNEL.conversationId);
    const sent = await enqueueMany(
      Array.from({ length: 200 }, (_, i) =>
        i % 11 === 10
          ? { type: 'channel' as const }
          : { type: 'person' as const, userId: `user-${i % 11}` },
      ),
    );
    const connector = new ConnectorStandIn(clock);
    const byInstance = [0, 0, 0];
    const senders = byInstance.map(
      (_, i) =>
        new OutboxSender({
          store: stores.benefits,
          clock,
          random: () => 0.5,
          shared: { leaseMs: LEASE_MS },
          notifier: {
            deliver: (d) => ((byInstance[i] = (byInstance[i] ?? 0) + 1), connector.deliver(d)),
          },
        }),
    );
    await drainTogether(senders);
    const accepted = connector.accepted.map((d) => d.notificationId).sort();
    expect(accepted).toEqual([...sent].sort());
    expect(limitViolations(connector.calls)).toEqual([]);
    // Never over the limits, so Teams never had to say 429; and the work was shared by the three.
    expect(connector.calls.filter((c) => c.result.outcome === 'retry')).toEqual([]);
    expect(byInstance.every((n) => n > 0)).toBe(true);
  });

  test('an instance that dies mid-send holds its item until the lease runs out; then another delivers it', async () => {
    await reachable(stores.benefits, tenant, [personalChat('user-1')]);
    const [id] = await enqueueMany([{ type: 'person', userId: 'user-1' }]);
    let hang = true;
    const dying = new ConnectorStandIn(clock, () =>
      hang ? new Promise<DeliveryResult>(() => undefined) : null,
    );
    const [first] = instances(dying, 1);
    void first?.sendDue(); // never finishes: the process is gone
    await new Promise((resolve) => setTimeout(resolve, 50));
    hang = false;
    const survivor = new ConnectorStandIn(clock);
    const [other] = instances(survivor, 1);
    await other?.sendDue();
    expect(survivor.calls).toEqual([]); // still leased by the instance that died
    clock.advance(LEASE_MS + 1);
    await other?.sendDue();
    expect(survivor.accepted.map((d: Delivery) => d.notificationId)).toEqual([id]);
    expect(await stores.benefits.pendingNotifications(tenant)).toEqual([]);
  });

  test('a Retry-After from Teams pauses that conversation for every instance', async () => {
    await reachable(stores.benefits, tenant, [personalChat('user-1')]);
    await enqueueMany([
      { type: 'person', userId: 'user-1' },
      { type: 'person', userId: 'user-1' },
    ]);
    let first = true;
    const connector = new ConnectorStandIn(clock, () => {
      if (!first) return null;
      first = false;
      return { outcome: 'retry', retryAfterMs: 5_000, status: 429 };
    });
    const [a, b] = instances(connector, 2);
    await a?.sendDue();
    clock.advance(2_000);
    await b?.sendDue(); // another instance, inside the pause: sends nothing to that conversation
    expect(connector.calls).toHaveLength(1);
    clock.advance(3_500);
    await b?.sendDue();
    expect(connector.accepted).toHaveLength(2);
  });

  test("a burst to one channel from three instances draws no 429 and keeps every one of Teams' windows (8 per 2 s included)", async () => {
    await reachable(stores.benefits, tenant, [CHANNEL], CHANNEL.conversationId);
    const sent = await enqueueMany(
      Array.from({ length: 40 }, () => ({ type: 'channel' as const })),
    );
    const connector = new ConnectorStandIn(clock);
    await drainTogether(instances(connector), 100);
    expect(connector.accepted.map((d) => d.notificationId).sort()).toEqual([...sent].sort());
    expect(connector.calls.filter((c) => c.result.outcome !== 'accepted')).toEqual([]);
    expect(limitViolations(connector.calls)).toEqual([]);
  });

  test("a conversation that had its hour's share (a tenth below 1,800) gets nothing more until the oldest of them is an hour old; the send log keeps no more than that hour", async () => {
    await reachable(stores.benefits, tenant, [CHANNEL], CHANNEL.conversationId);
    const key = `c:${tenant}:${CHANNEL.conversationId}`;
    const now = clock.at;
    // 1,620 sends over the last 45 minutes (2 every 3 s: within every shorter window), and older ones that no longer count.
    const recent = Array.from({ length: 1_620 }, (_, i) => ({
      key,
      at: now - 2_700_000 + Math.floor(i / 2) * 3_000,
    }));
    const old = Array.from({ length: 500 }, (_, i) => ({ key, at: now - 3_600_000 - i }));
    const tenantOld = Array.from({ length: 500 }, (_, i) => ({
      key: `t:${tenant}`,
      at: now - 2_000 - i,
    }));
    await stores.benefits.unitOfWork(
      tenant,
      (data) =>
        void (data.notifications.sendLog = {
          sends: [...old, ...tenantOld, ...recent],
          pauses: [],
        }),
    );
    const [id] = await enqueueMany([{ type: 'channel' }]);
    const connector = new ConnectorStandIn(clock);
    const [a] = instances(connector, 1);
    await a?.sendDue();
    clock.advance(30_000);
    await a?.sendDue();
    expect(connector.calls).toEqual([]);
    clock.at = now + 900_000 + 1; // the oldest two of the 1,620 have left the hour
    await a?.sendDue();
    expect(connector.accepted.map((d) => d.notificationId)).toEqual([id]);
    const log = (await stores.benefits.notificationSettings(tenant)).sendLog?.sends ?? [];
    expect(log.filter((s) => s.key === key && s.at <= clock.at - 3_600_000)).toEqual([]);
    expect(log.filter((s) => s.key === `t:${tenant}` && s.at <= clock.at - 1_000)).toEqual([]);
    // The 1,618 still in the hour, and the new send: the conversation's and the tenant's.
    expect(log).toHaveLength(1_620);
  });
});
