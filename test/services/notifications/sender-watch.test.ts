import type { NotificationEvent } from '../../../services/notifications/model';
import { enqueue } from '../../../services/notifications/outbox';
import { OutboxSender } from '../../../services/notifications/sender';
import {
  ConnectorStandIn,
  personalChat,
  reachable,
  TestClock,
} from '../../support/connector-stand-in';
import { CONTOSO_TENANT, FABRIKAM_TENANT } from '../../support/people';
import { TEST_BACKEND } from '../../support/test-backend';
import { demoStores, NOW } from '../../support/temp-store';

/**
 * Both stores say which organisations have a notification due (BenefitStore.tenantsWithNotificationsDue):
 * a pass of the outbox sender looks only at those, not at every organisation on every wake (2,000
 * of them in the bench's data set b).
 */

const event = (n: number): NotificationEvent => ({
  type: 'requestSubmitted',
  reference: `ADV-${String(n).padStart(4, '0')}`,
  benefit: null,
  by: 'Alex Wilber',
  hours: null,
});

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

test('a pass looks only at the organisations with something due, and at one whose retry has come', async () => {
  await reachable(stores.benefits, CONTOSO_TENANT, [personalChat('user-1')]);
  const connector = new ConnectorStandIn(clock, (_delivery, call) =>
    call === 1 ? { outcome: 'retry', retryAfterMs: 5_000, status: 429 } : null,
  );
  const shared = TEST_BACKEND === 'postgres' ? { shared: { leaseMs: 30_000 } } : {};
  const sender = new OutboxSender({
    store: stores.benefits,
    clock,
    notifier: connector,
    random: () => 0,
    ...shared,
  });
  const looked = watchReads();
  await sender.sendDue();
  expect(looked()).toEqual([]);

  await stores.benefits.unitOfWork(CONTOSO_TENANT, (data) =>
    enqueue(
      { store: stores.benefits, clock, newId: () => 'n1' },
      data,
      { type: 'person', userId: 'user-1' },
      event(1),
    ),
  );
  expect(await stores.benefits.tenantsWithNotificationsDue(clock.now())).toEqual([CONTOSO_TENANT]);
  expect(await sender.sendDue()).toMatchObject({ retried: 1 });
  expect(looked()).toEqual([CONTOSO_TENANT]);
  // Put off for 5 s: not looked at until then.
  expect(await stores.benefits.tenantsWithNotificationsDue(clock.now())).toEqual([]);
  await sender.sendDue();
  expect(looked()).toEqual([]);
  clock.advance(5_000);
  expect(await stores.benefits.tenantsWithNotificationsDue(clock.now())).toEqual([CONTOSO_TENANT]);
  expect(await sender.sendDue()).toMatchObject({ sent: 1 });
  expect(looked()).toEqual([CONTOSO_TENANT]);
  expect(await stores.benefits.tenantsWithNotificationsDue(clock.now())).toEqual([]);
  expect(connector.accepted.map((d) => d.notificationId)).toEqual(['n1']);
});

test('each store tells its listeners of the changes stored through it, until they stop listening', async () => {
  const heard: string[] = [];
  const stop = stores.benefits.onChange((tenantId) => heard.push(tenantId));
  await stores.benefits.unitOfWork(FABRIKAM_TENANT, (data) =>
    enqueue(
      { store: stores.benefits, clock, newId: () => 'n1' },
      data,
      { type: 'admins' },
      event(1),
    ),
  );
  // A unit of work that changes nothing stores nothing.
  await stores.benefits.unitOfWork(CONTOSO_TENANT, () => undefined);
  expect(heard).toEqual([FABRIKAM_TENANT]);
  stop();
  await stores.benefits.unitOfWork(FABRIKAM_TENANT, (data) =>
    enqueue(
      { store: stores.benefits, clock, newId: () => 'n2' },
      data,
      { type: 'admins' },
      event(2),
    ),
  );
  expect(heard).toEqual([FABRIKAM_TENANT]);
});
