import type { NotificationEvent } from '../../../services/notifications/model';
import { enqueue } from '../../../services/notifications/outbox';
import { OutboxSender } from '../../../services/notifications/sender';
import { ConnectorStandIn, personalChat, reachable, TestClock } from '../../support/connector-stand-in';
import { CONTOSO_TENANT, FABRIKAM_TENANT } from '../../support/people';
import { testOnLowdb, testOnPostgres } from '../../support/test-backend';
import { demoStores, NOW } from '../../support/temp-store';

/**
 * With a store that says which organisations changed (the embedded one: BenefitStore.onChange), a
 * pass of the outbox sender looks only at organisations that may have something due, not at every
 * organisation on every wake (2,000 of them in the bench's data set b).
 */

const event = (n: number): NotificationEvent => ({ type: 'requestSubmitted', reference: `ADV-${String(n).padStart(4, '0')}`, benefit: null, by: 'Alex Wilber', hours: null });

let stores: Awaited<ReturnType<typeof demoStores>>;
let clock: TestClock;
beforeEach(async () => {
  stores = await demoStores();
  clock = new TestClock(NOW.getTime());
});
afterEach(async () => {
  jest.restoreAllMocks();
  await stores.dispose();
});

/** Which organisations' pending notifications each pass read. */
function watchReads(): () => string[] {
  const reads = jest.spyOn(stores.benefits, 'pendingNotifications');
  return () => {
    const tenants = reads.mock.calls.map(([tenantId]) => tenantId);
    reads.mockClear();
    return [...new Set(tenants)].sort();
  };
}

testOnLowdb('an organisation nothing changed in, with nothing due, is not looked at again; one that changed, or whose retry is due, is', async () => {
  await reachable(stores.benefits, CONTOSO_TENANT, [personalChat('user-1')]);
  const connector = new ConnectorStandIn(clock, (_delivery, call) => (call === 1 ? { outcome: 'retry', retryAfterMs: 5_000, status: 429 } : null));
  const sender = new OutboxSender({ store: stores.benefits, clock, notifier: connector, random: () => 0 });
  const looked = watchReads();

  await sender.sendDue();
  expect(looked()).toEqual([CONTOSO_TENANT, FABRIKAM_TENANT].sort());
  await sender.sendDue();
  expect(looked()).toEqual([]);

  // A change in Contoso: only Contoso is looked at. Its delivery is put off for 5 s.
  await stores.benefits.unitOfWork(CONTOSO_TENANT, (data) => enqueue({ store: stores.benefits, clock, newId: () => 'n1' }, data, { type: 'person', userId: 'user-1' }, event(1)));
  expect(await sender.sendDue()).toMatchObject({ retried: 1 });
  expect(looked()).toEqual([CONTOSO_TENANT]);
  // Its own mark of the retry changed Contoso: looked at once more, then left until the retry is due.
  await sender.sendDue();
  expect(looked()).toEqual([CONTOSO_TENANT]);
  await sender.sendDue();
  expect(looked()).toEqual([]);
  clock.advance(5_000);
  expect(await sender.sendDue()).toMatchObject({ sent: 1 });
  expect(looked()).toEqual([CONTOSO_TENANT]);
  expect(connector.accepted.map((d) => d.notificationId)).toEqual(['n1']);
});

test('a store that says neither what changed nor what is due: every organisation is looked at on every pass, as before', async () => {
  const store = new Proxy(stores.benefits, { get: (target, key) => (key === 'onChange' || key === 'tenantsWithNotificationsDue' ? undefined : Reflect.get(target, key)) });
  const reads = jest.spyOn(store, 'pendingNotifications');
  const sender = new OutboxSender({ store, clock, notifier: new ConnectorStandIn(clock) });
  await sender.sendDue();
  await sender.sendDue();
  expect(new Set(reads.mock.calls.map(([tenantId]) => tenantId))).toEqual(new Set(await stores.benefits.tenantIds()));
  expect(reads.mock.calls.length).toBeGreaterThanOrEqual(2 * (await stores.benefits.tenantIds()).length);
});

testOnPostgres('a shared store (PostgreSQL) says which organisations have something due: a pass looks only at those, and at one whose retry has come', async () => {
  await reachable(stores.benefits, CONTOSO_TENANT, [personalChat('user-1')]);
  const connector = new ConnectorStandIn(clock, (_delivery, call) => (call === 1 ? { outcome: 'retry', retryAfterMs: 5_000, status: 429 } : null));
  const sender = new OutboxSender({ store: stores.benefits, clock, notifier: connector, random: () => 0, shared: { leaseMs: 30_000 } });
  const looked = watchReads();
  await sender.sendDue();
  expect(looked()).toEqual([]);

  await stores.benefits.unitOfWork(CONTOSO_TENANT, (data) => enqueue({ store: stores.benefits, clock, newId: () => 'n1' }, data, { type: 'person', userId: 'user-1' }, event(1)));
  expect(await stores.benefits.tenantsWithNotificationsDue?.(clock.now())).toEqual([CONTOSO_TENANT]);
  expect(await sender.sendDue()).toMatchObject({ retried: 1 });
  expect(looked()).toEqual([CONTOSO_TENANT]);
  await sender.sendDue();
  expect(looked()).toEqual([]);
  clock.advance(5_000);
  expect(await sender.sendDue()).toMatchObject({ sent: 1 });
  expect(looked()).toEqual([CONTOSO_TENANT]);
  expect(await stores.benefits.tenantsWithNotificationsDue?.(clock.now())).toEqual([]);
  expect(connector.accepted.map((d) => d.notificationId)).toEqual(['n1']);
});
