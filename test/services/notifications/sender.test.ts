import { randomUUID } from 'node:crypto';
import { resolveAccess, type Actor } from '../../../services/access.service';
import { AssignmentService } from '../../../services/assignment.service';
import type {
  Delivery,
  DeliveryResult,
  NotificationEvent,
  NotificationTarget,
  OutboxItem,
} from '../../../services/notifications/model';
import { NotificationsService } from '../../../services/notifications/notifications.service';
import { enqueue, remind } from '../../../services/notifications/outbox';
import { OutboxSender, type SendReport } from '../../../services/notifications/sender';
import type { BenefitStore } from '../../../services/ports';
import {
  ConnectorStandIn,
  limitViolations,
  onDisk,
  personalChat,
  reachable,
  teamChannel,
  TestClock,
  type Script,
} from '../../support/connector-stand-in';
import { people, type Person } from '../../support/people';
import { demoSeed, demoStores, NOW } from '../../support/temp-store';
import { reopenStores } from '../../support/test-backend';

let stores: Awaited<ReturnType<typeof demoStores>>;
let clock: TestClock;

const tenant = people.alex.tenantId;
const CHANNEL = teamChannel();

beforeEach(async () => {
  stores = await demoStores();
  clock = new TestClock(NOW.getTime());
});
afterEach(() => stores.dispose());

async function actor(person: Person): Promise<Actor> {
  const access = await resolveAccess(stores.benefits, person);
  if (access.kind !== 'member') throw new Error(`${person.displayName} is not a member`);
  return access.actor;
}

const deps = (store: BenefitStore = stores.benefits) => ({ store, clock, newId: randomUUID });

function sender(
  connector: ConnectorStandIn,
  options: { maxAttempts?: number; random?: () => number; store?: BenefitStore } = {},
): OutboxSender {
  return new OutboxSender({
    store: options.store ?? stores.benefits,
    clock,
    notifier: connector,
    random: options.random ?? (() => 0.5),
    ...(options.maxAttempts ? { maxAttempts: options.maxAttempts } : {}),
  });
}

const request = (n: number): NotificationEvent => ({
  type: 'requestSubmitted',
  reference: `ADV-${String(n).padStart(4, '0')}`,
  benefit: null,
  by: 'Alex Wilber',
  hours: null,
});

/** Enqueues notifications the way a service does, in one unit of work. */
async function enqueueMany(
  targets: { target: NotificationTarget; event: NotificationEvent }[],
): Promise<string[]> {
  return stores.benefits.unitOfWork(tenant, (data) =>
    targets.map(({ target, event }) => enqueue(deps(), data, target, event).id),
  );
}

/** Runs passes, moving the clock on between them, until nothing is pending (or the passes run out). */
async function drain(
  outbox: OutboxSender,
  stepMs = 100,
  most = 5_000,
  store: BenefitStore = stores.benefits,
): Promise<SendReport> {
  const total: SendReport = { sent: 0, retried: 0, failed: 0, skipped: 0, undeliverable: 0 };
  for (let pass = 0; pass < most; pass += 1) {
    const report = await outbox.sendDue();
    for (const key of Object.keys(total) as (keyof SendReport)[]) total[key] += report[key];
    if ((await store.pendingNotifications(tenant)).length === 0) return total;
    clock.advance(stepMs);
  }
  throw new Error('the outbox did not drain');
}

const stored = async (id: string): Promise<OutboxItem | undefined> =>
  (await onDisk(stores.dataFile, tenant)).outbox.find((i) => i.id === id);
const ids = (deliveries: Delivery[]) => deliveries.map((d) => d.notificationId).sort();

describe("delivering many notifications within Teams' limits", () => {
  test('when 500 notifications go to 20 conversations through a connector that sometimes answers 503, then each arrives exactly once and no thread or tenant ever goes over its limit', async () => {
    const users = Array.from({ length: 20 }, (_, i) => `user-${i}`);
    await reachable(
      stores.benefits,
      tenant,
      users.map((u) => personalChat(u)),
    );
    const enqueued = await enqueueMany(
      Array.from({ length: 500 }, (_, n) => ({
        target: { type: 'person', userId: users[n % 20] ?? '' },
        event: request(n),
      })),
    );
    const connector = new ConnectorStandIn(clock, (_delivery, call) =>
      call % 37 === 0 ? { outcome: 'retry', retryAfterMs: null, status: 503 } : null,
    );

    const report = await drain(sender(connector));

    expect(ids(connector.accepted)).toEqual([...enqueued].sort());
    expect(limitViolations(connector.calls)).toEqual([]);
    // The sender kept to the limits by itself: the connector never had to throttle it.
    expect(
      connector.calls.filter((c) => c.result.outcome === 'retry' && c.result.status === 429),
    ).toEqual([]);
    expect(report).toMatchObject({ sent: 500, failed: 0, skipped: 0 });
    expect(report.retried).toBeGreaterThan(0);
    expect(
      (await onDisk(stores.dataFile, tenant)).outbox.every(
        (i) => i.status === 'sent' && i.sentAt !== null,
      ),
    ).toBe(true);
  });

  test('when a burst of 40 notifications goes to one channel, then none draws a 429: at most 7 a second and 8 in any 2 seconds', async () => {
    await reachable(stores.benefits, tenant, [CHANNEL], CHANNEL.conversationId);
    const sent = await enqueueMany(
      Array.from({ length: 40 }, (_, n) => ({ target: { type: 'channel' }, event: request(n) })),
    );
    const connector = new ConnectorStandIn(clock);
    const report = await drain(sender(connector), 100);
    expect(ids(connector.accepted)).toEqual([...sent].sort());
    expect(connector.calls.filter((c) => c.result.outcome !== 'accepted')).toEqual([]);
    expect(report).toMatchObject({ sent: 40, retried: 0 });
    expect(limitViolations(connector.calls)).toEqual([]);
    const first = connector.calls[0]?.at ?? 0;
    expect(connector.calls.filter((c) => c.at < first + 2_000)).toHaveLength(8);
  });

  test('when 150 notifications go to one channel, then it never gets more than 7 a second, 8 in 2 seconds or 60 in 30 seconds, and no 429', async () => {
    await reachable(stores.benefits, tenant, [CHANNEL], CHANNEL.conversationId);
    await enqueueMany(
      Array.from({ length: 150 }, (_, n) => ({ target: { type: 'channel' }, event: request(n) })),
    );
    const connector = new ConnectorStandIn(clock);
    await drain(sender(connector), 250);
    expect(connector.accepted).toHaveLength(150);
    expect(limitViolations(connector.calls)).toEqual([]);
    const first = connector.calls[0]?.at ?? 0;
    const last = connector.calls.at(-1)?.at ?? 0;
    expect(last - first).toBeGreaterThanOrEqual(60_000); // 60 per 30 s: the third batch of 60 cannot start before a minute
    expect(connector.calls.filter((c) => c.at < first + 1_000)).toHaveLength(7);
    expect(connector.calls.filter((c) => c.result.outcome !== 'accepted')).toEqual([]);
  });

  test('when a pass is asked for while one runs, then it joins the running pass and nothing is sent twice', async () => {
    await reachable(stores.benefits, tenant, [CHANNEL], CHANNEL.conversationId);
    await enqueueMany([0, 1, 2].map((n) => ({ target: { type: 'channel' }, event: request(n) })));
    const connector = new ConnectorStandIn(clock);
    const outbox = sender(connector);
    const [a, b] = await Promise.all([outbox.sendDue(), outbox.sendDue()]);
    expect(a).toBe(b);
    expect(connector.calls).toHaveLength(3);
  });
});

describe('what the connector answers', () => {
  test('when the connector answers 429 with Retry-After, then nothing is tried before that time, and then it is delivered', async () => {
    await reachable(stores.benefits, tenant, [CHANNEL], CHANNEL.conversationId);
    const [id = ''] = await enqueueMany([{ target: { type: 'channel' }, event: request(1) }]);
    const connector = new ConnectorStandIn(clock, (_d, call) =>
      call === 1 ? { outcome: 'retry', retryAfterMs: 20_000, status: 429 } : null,
    );
    const outbox = sender(connector, { random: () => 0 });

    expect(await outbox.sendDue()).toEqual({
      sent: 0,
      retried: 1,
      failed: 0,
      skipped: 0,
      undeliverable: 0,
    });
    expect(await stored(id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      nextAttemptAt: new Date(NOW.getTime() + 20_000).toISOString(),
      lastError: 'the connector answered 429',
    });
    clock.advance(19_999);
    await outbox.sendDue();
    expect(connector.calls).toHaveLength(1);
    clock.advance(1);
    expect(await outbox.sendDue()).toMatchObject({ sent: 1 });
    expect(await stored(id)).toMatchObject({
      status: 'sent',
      sentAt: new Date(NOW.getTime() + 20_000).toISOString(),
      conversationId: CHANNEL.conversationId,
    });
  });

  test('when retries have no Retry-After, then they back off exponentially with jitter, capped at five minutes', async () => {
    await reachable(stores.benefits, tenant, [CHANNEL], CHANNEL.conversationId);
    const [id = ''] = await enqueueMany([{ target: { type: 'channel' }, event: request(1) }]);
    const connector = new ConnectorStandIn(clock, () => ({
      outcome: 'retry',
      retryAfterMs: null,
      status: 503,
    }));
    const outbox = sender(connector, { random: () => 0.5, maxAttempts: 20 });
    const waits: number[] = [];
    for (let attempt = 0; attempt < 11; attempt += 1) {
      await outbox.sendDue();
      const next = Date.parse((await stored(id))?.nextAttemptAt ?? '');
      waits.push(next - clock.at);
      clock.at = next;
    }
    expect(waits).toEqual([
      500, 1_000, 2_000, 4_000, 8_000, 16_000, 32_000, 64_000, 128_000, 150_000, 150_000,
    ]);
  });

  test('when a notification keeps failing, then after the last try it is failed, listed for admins, and a retry sends it again', async () => {
    await reachable(stores.benefits, tenant, [CHANNEL], CHANNEL.conversationId);
    const [id = ''] = await enqueueMany([{ target: { type: 'channel' }, event: request(7) }]);
    let down = true;
    const connector = new ConnectorStandIn(clock, () =>
      down ? { outcome: 'retry', retryAfterMs: null, status: 503 } : null,
    );
    const report = await drain(sender(connector, { maxAttempts: 3 }), 60_000, 10);
    expect(report).toEqual({ sent: 0, retried: 2, failed: 1, skipped: 0, undeliverable: 0 });
    expect(connector.calls).toHaveLength(3);
    expect(await stored(id)).toMatchObject({
      status: 'failed',
      attempts: 3,
      lastError: 'the connector answered 503',
    });

    const notifications = new NotificationsService(deps());
    expect(await notifications.failed(await actor(people.isaiah))).toEqual([
      {
        id,
        createdAt: NOW.toISOString(),
        type: 'requestSubmitted',
        summary: {
          en: 'Request ADV-0007 submitted by Alex Wilber',
          ja: 'Alex Wilber がリクエスト ADV-0007 を送信',
        },
        to: { en: 'the notification channel', ja: '通知チャネル' },
        attempts: 3,
        undeliverable: false,
        lastError: 'the connector answered 503',
      },
    ]);

    down = false;
    expect(await notifications.retry(await actor(people.megan), id)).toEqual({
      retried: 1,
      stillUndeliverable: 0,
    });
    expect(await stored(id)).toMatchObject({ status: 'pending', attempts: 0 });
    expect(await sender(connector).sendDue()).toMatchObject({ sent: 1 });
    expect(connector.accepted.map((d) => d.notificationId)).toEqual([id]);
    expect(await notifications.failed(await actor(people.alex))).toEqual([]);
  });

  test('when the connector answers 403 for a personal chat, then the bot forgets that chat and the notification is failed with the reason', async () => {
    await reachable(
      stores.benefits,
      tenant,
      [CHANNEL, personalChat(people.ana.userId)],
      CHANNEL.conversationId,
    );
    const [id = ''] = await enqueueMany([
      { target: { type: 'person', userId: people.ana.userId }, event: request(1) },
    ]);
    const connector = new ConnectorStandIn(clock, () => ({ outcome: 'gone', status: 403 }));
    expect(await sender(connector).sendDue()).toEqual({
      sent: 0,
      retried: 0,
      failed: 1,
      skipped: 0,
      undeliverable: 0,
    });
    const file = await onDisk(stores.dataFile, tenant);
    expect(file.notifications.conversations.map((c) => c.conversationId)).toEqual([
      CHANNEL.conversationId,
    ]);
    expect(file.notifications.channelConversationId).toBe(CHANNEL.conversationId);
    expect(await stored(id)).toMatchObject({
      status: 'failed',
      lastError: 'the bot is no longer in that conversation (403)',
    });
  });

  test('when the connector answers 403 for the notification channel, then there is no notification channel any more and later channel notifications are skipped', async () => {
    await reachable(stores.benefits, tenant, [CHANNEL], CHANNEL.conversationId);
    await enqueueMany([1, 2].map((n) => ({ target: { type: 'channel' }, event: request(n) })));
    const connector = new ConnectorStandIn(clock, () => ({ outcome: 'gone', status: 403 }));
    expect(await sender(connector).sendDue()).toEqual({
      sent: 0,
      retried: 0,
      failed: 1,
      skipped: 1,
      undeliverable: 0,
    });
    const file = await onDisk(stores.dataFile, tenant);
    expect(file.notifications).toMatchObject({ channelConversationId: null, conversations: [] });
    expect(file.outbox.map((i) => [i.status, i.lastError])).toEqual([
      ['failed', 'the bot is no longer in that conversation (403)'],
      ['sent', 'no notification channel'],
    ]);
  });

  test('when the connector refuses for good, then the notification is failed at once', async () => {
    await reachable(stores.benefits, tenant, [CHANNEL], CHANNEL.conversationId);
    const [id = ''] = await enqueueMany([{ target: { type: 'channel' }, event: request(1) }]);
    const connector = new ConnectorStandIn(clock, (): DeliveryResult => ({
      outcome: 'failed',
      status: 400,
      message: 'the connector answered 400',
    }));
    expect(await sender(connector).sendDue()).toMatchObject({ failed: 1 });
    expect(await stored(id)).toMatchObject({
      status: 'failed',
      attempts: 1,
      lastError: 'the connector answered 400',
    });
  });

  test('when the notifier throws, then the notification is tried again later, not lost', async () => {
    await reachable(stores.benefits, tenant, [CHANNEL], CHANNEL.conversationId);
    const [id = ''] = await enqueueMany([{ target: { type: 'channel' }, event: request(1) }]);
    let thrown = false;
    const connector = new ConnectorStandIn(clock, () => {
      if (thrown) return null;
      thrown = true;
      throw new Error('socket hang up');
    });
    expect(await sender(connector).sendDue()).toMatchObject({ retried: 1 });
    expect(await stored(id)).toMatchObject({
      status: 'pending',
      attempts: 1,
      lastError: 'the connector could not be reached',
    });
    await drain(sender(connector));
    expect(connector.accepted.map((d) => d.notificationId)).toEqual([id]);
  });
});

describe('where a notification goes', () => {
  test('when there is no notification channel, then channel notifications are marked done with the reason, not failed', async () => {
    const [id = ''] = await enqueueMany([{ target: { type: 'channel' }, event: request(1) }]);
    const connector = new ConnectorStandIn(clock);
    expect(await sender(connector).sendDue()).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
      skipped: 1,
      undeliverable: 0,
    });
    expect(connector.calls).toEqual([]);
    expect(await stored(id)).toMatchObject({
      status: 'sent',
      lastError: 'no notification channel',
    });
  });

  test("when the person assigned has a personal chat with the bot, then they get a personal message and the channel its card, in the organisation's language", async () => {
    await reachable(
      stores.benefits,
      tenant,
      [CHANNEL, personalChat(people.ana.userId)],
      CHANNEL.conversationId,
    );
    await stores.benefits.unitOfWork(tenant, (data) => void (data.notifications.language = 'ja'));
    await new AssignmentService(deps()).assign(await actor(people.alex), {
      requestId: 'a',
      benefitId: 'visual-studio-professional',
      userId: people.ana.userId,
    });
    const connector = new ConnectorStandIn(clock);
    await sender(connector).sendDue();
    expect(
      connector.accepted.map((d) => [
        d.conversation.conversationId,
        d.mention,
        d.language,
        d.event.type,
      ]),
    ).toEqual([
      [CHANNEL.conversationId, null, 'ja', 'assigned'],
      [`a:personal-${people.ana.userId}`, null, 'ja', 'assigned'],
    ]);
  });

  test('when the person assigned cannot be reached directly, then the channel card @mentions them instead, once', async () => {
    await reachable(stores.benefits, tenant, [CHANNEL], CHANNEL.conversationId);
    await new AssignmentService(deps()).assign(await actor(people.alex), {
      requestId: 'a',
      benefitId: 'visual-studio-professional',
      userId: people.ana.userId,
    });
    const connector = new ConnectorStandIn(clock);
    expect(await sender(connector).sendDue()).toEqual({
      sent: 1,
      retried: 0,
      failed: 0,
      skipped: 0,
      undeliverable: 0,
    });
    expect(connector.accepted.map((d) => [d.conversation.conversationId, d.mention])).toEqual([
      [CHANNEL.conversationId, { userId: people.ana.userId, name: 'Ana Bowman' }],
    ]);
    const file = await onDisk(stores.dataFile, tenant);
    expect(
      file.outbox.map((i) => [i.target.type, i.status, i.conversationId, i.mentionUserId]),
    ).toEqual([
      ['channel', 'sent', CHANNEL.conversationId, people.ana.userId],
      ['person', 'sent', CHANNEL.conversationId, people.ana.userId],
    ]);
  });

  test('when a notification only for a person cannot reach them, then it goes to the channel with the mention; with no channel either, it is undeliverable', async () => {
    await reachable(stores.benefits, tenant, [CHANNEL], CHANNEL.conversationId);
    const decided: NotificationEvent = {
      type: 'benefitRequestDecided',
      askId: 'ask-1',
      benefit: { en: 'VS', ja: 'VS' },
      decision: 'approved',
      by: 'Alex Wilber',
    };
    await enqueueMany([
      { target: { type: 'person', userId: people.patti.userId }, event: decided },
    ]);
    const connector = new ConnectorStandIn(clock);
    await sender(connector).sendDue();
    expect(connector.accepted.map((d) => [d.conversation.conversationId, d.mention?.name])).toEqual(
      [[CHANNEL.conversationId, 'Patti Fernandez']],
    );

    await stores.benefits.unitOfWork(
      tenant,
      (data) => void (data.notifications.channelConversationId = null),
    );
    const [id = ''] = await enqueueMany([
      {
        target: { type: 'person', userId: people.patti.userId },
        event: { ...decided, askId: 'ask-2' },
      },
    ]);
    expect(await sender(connector).sendDue()).toMatchObject({ skipped: 0, undeliverable: 1 });
    expect(await stored(id)).toMatchObject({
      status: 'undeliverable',
      sentAt: null,
      lastError:
        'nobody to deliver to: they cannot be reached directly and there is no notification channel',
    });
  });

  test('when Ana is assigned a seat with no notification channel and no personal chat, then her notification is undeliverable, listed with the failed ones, and a retry sends it only once there is somewhere to send it', async () => {
    await new AssignmentService(deps()).assign(await actor(people.alex), {
      requestId: 'a',
      benefitId: 'visual-studio-professional',
      userId: people.ana.userId,
    });
    const connector = new ConnectorStandIn(clock);
    expect(await sender(connector).sendDue()).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
      skipped: 1,
      undeliverable: 1,
    });
    expect(connector.calls).toEqual([]);
    const file = await onDisk(stores.dataFile, tenant);
    expect(file.outbox.map((i) => [i.target.type, i.status])).toEqual([
      ['channel', 'sent'], // the organisation has no channel: nothing to do
      ['person', 'undeliverable'], // Ana is not told: kept, and listed
    ]);
    const personItem = file.outbox[1];

    const notifications = new NotificationsService(deps());
    const failed = await notifications.failed(await actor(people.alex));
    expect(failed).toEqual([
      expect.objectContaining({
        id: personItem?.id,
        type: 'assigned',
        to: { en: 'Ana Bowman', ja: 'Ana Bowman' },
        undeliverable: true,
        lastError: expect.stringContaining('nobody to deliver to'),
      }),
    ]);

    // Still nowhere to send it: a retry says so and leaves it listed.
    expect(await notifications.retry(await actor(people.alex), 'all')).toEqual({
      retried: 0,
      stillUndeliverable: 1,
    });
    expect(await sender(connector).sendDue()).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
      skipped: 0,
      undeliverable: 0,
    });
    expect(await notifications.failed(await actor(people.alex))).toHaveLength(1);

    // "notify here": now the channel can mention her.
    await reachable(stores.benefits, tenant, [CHANNEL], CHANNEL.conversationId);
    expect(await notifications.retry(await actor(people.alex), 'all')).toEqual({
      retried: 1,
      stillUndeliverable: 0,
    });
    await drain(sender(connector));
    expect(
      connector.accepted.map((d) => [
        d.notificationId,
        d.conversation.conversationId,
        d.mention?.name,
      ]),
    ).toEqual([[personItem?.id, CHANNEL.conversationId, 'Ana Bowman']]);
    expect(await notifications.failed(await actor(people.alex))).toEqual([]);
  });

  test('when Ana opens the bot after her notification was undeliverable, then a retry sends it to her personal chat', async () => {
    await new AssignmentService(deps()).assign(await actor(people.alex), {
      requestId: 'a',
      benefitId: 'visual-studio-professional',
      userId: people.ana.userId,
    });
    const connector = new ConnectorStandIn(clock);
    await sender(connector).sendDue();
    await reachable(stores.benefits, tenant, [personalChat(people.ana.userId)]);
    expect(await new NotificationsService(deps()).retry(await actor(people.alex), 'all')).toEqual({
      retried: 1,
      stillUndeliverable: 0,
    });
    await drain(sender(connector));
    expect(connector.accepted.map((d) => [d.conversation.conversationId, d.mention])).toEqual([
      [`a:personal-${people.ana.userId}`, null],
    ]);
  });

  test("when a reminder is for the channel and the admins, and there is no channel and no Global admin can be reached directly, then the admins' item is undeliverable", async () => {
    const reminder: NotificationEvent = {
      type: 'reminder',
      reminder: 'membershipExpiring',
      benefit: null,
      date: '2027-11-12T09:00:00.000Z',
      daysLeft: 30,
    };
    await stores.benefits.unitOfWork(tenant, (data) => void remind(deps(), data, reminder));
    const connector = new ConnectorStandIn(clock);
    expect(await drain(sender(connector))).toEqual({
      sent: 0,
      retried: 0,
      failed: 0,
      skipped: 1,
      undeliverable: 1,
    });
    const file = await onDisk(stores.dataFile, tenant);
    expect(file.outbox.map((i) => [i.target.type, i.status])).toEqual([
      ['channel', 'sent'],
      ['admins', 'undeliverable'],
    ]);
    expect(await new NotificationsService(deps()).failed(await actor(people.alex))).toEqual([
      expect.objectContaining({
        to: { en: 'the Global admins', ja: 'グローバル管理者' },
        undeliverable: true,
      }),
    ]);
  });

  test('when a reminder is for the channel and the admins, then each Global admin with a personal chat gets it, and the channel once', async () => {
    await reachable(
      stores.benefits,
      tenant,
      [CHANNEL, personalChat(people.alex.userId), personalChat(people.megan.userId)],
      CHANNEL.conversationId,
    );
    const reminder: NotificationEvent = {
      type: 'reminder',
      reminder: 'membershipExpiring',
      benefit: null,
      date: '2027-11-12T09:00:00.000Z',
      daysLeft: 30,
    };
    await stores.benefits.unitOfWork(tenant, (data) => void remind(deps(), data, reminder));
    const connector = new ConnectorStandIn(clock);
    await drain(sender(connector));
    // Megan is an MPN partner admin, not a Global admin.
    expect(connector.accepted.map((d) => d.conversation.conversationId)).toEqual([
      CHANNEL.conversationId,
      `a:personal-${people.alex.userId}`,
    ]);
  });

  test('when no Global admin can be reached directly, then the reminder reaches the channel once, not twice', async () => {
    await reachable(stores.benefits, tenant, [CHANNEL], CHANNEL.conversationId);
    const reminder: NotificationEvent = {
      type: 'reminder',
      reminder: 'membershipExpiring',
      benefit: null,
      date: '2027-11-12T09:00:00.000Z',
      daysLeft: 30,
    };
    await stores.benefits.unitOfWork(tenant, (data) => void remind(deps(), data, reminder));
    const connector = new ConnectorStandIn(clock);
    expect(await drain(sender(connector))).toEqual({
      sent: 1,
      retried: 0,
      failed: 0,
      skipped: 1,
      undeliverable: 0,
    });
    expect(connector.accepted.map((d) => d.conversation.conversationId)).toEqual([
      CHANNEL.conversationId,
    ]);
  });

  test('when a notification is only for the admins and none can be reached directly, then the channel gets it', async () => {
    await reachable(stores.benefits, tenant, [CHANNEL], CHANNEL.conversationId);
    await enqueueMany([{ target: { type: 'admins' }, event: request(3) }]);
    const connector = new ConnectorStandIn(clock);
    await drain(sender(connector));
    expect(connector.accepted.map((d) => [d.conversation.conversationId, d.event])).toEqual([
      [CHANNEL.conversationId, request(3)],
    ]);
  });

  test("when one admin's delivery must be retried, then the others are not sent again", async () => {
    const admins = [people.alex.userId, 'second-admin'];
    await stores.benefits.unitOfWork(
      tenant,
      (data) =>
        void data.users.push({
          id: 'second-admin',
          displayName: 'Second Admin',
          aliases: [],
          email: 'second@contoso.com',
          roles: ['globalAdmin'],
        }),
    );
    await reachable(
      stores.benefits,
      tenant,
      admins.map((u) => personalChat(u)),
    );
    await enqueueMany([{ target: { type: 'admins' }, event: request(4) }]);
    const connector = new ConnectorStandIn(clock, (d, call) =>
      call === 2 ? { outcome: 'retry', retryAfterMs: 1_000, status: 503 } : null,
    );
    await drain(sender(connector));
    expect(connector.accepted.map((d) => d.conversation.userId).sort()).toEqual([...admins].sort());
  });
});

describe('a restart', () => {
  test('when the bot is killed in the middle of a delivery and started again over the same data file, then each notification is delivered exactly once', async () => {
    await reachable(stores.benefits, tenant, [CHANNEL], CHANNEL.conversationId);
    const enqueued = await enqueueMany(
      Array.from({ length: 20 }, (_, n) => ({ target: { type: 'channel' }, event: request(n) })),
    );
    let killed: (() => void) | null = null;
    const stuck = new Promise<void>((resolve) => (killed = resolve));
    // The 5th delivery never returns: the process dies while the connector has it.
    const hang: Script = (_d, call) =>
      call === 5 ? new Promise<DeliveryResult>(() => killed?.()) : null;
    const before = new ConnectorStandIn(clock, hang);
    void sender(before).sendDue();
    await stuck;
    await stores.close();

    const restarted = await reopenStores(stores, () => demoSeed());
    try {
      const after = new ConnectorStandIn(clock);
      await drain(sender(after, { store: restarted.benefits }), 1_000, 100, restarted.benefits);
      expect(ids(before.accepted)).toHaveLength(4);
      expect([...ids(before.accepted), ...ids(after.accepted)].sort()).toEqual(
        [...enqueued].sort(),
      );
      // What the first process had marked sent was not sent again.
      expect(ids(after.accepted)).toHaveLength(16);
    } finally {
      await restarted.close();
    }
  });

  test('when the bot dies after Teams accepted a message but before it could mark it sent, then that one message is sent again after the restart (the known limit)', async () => {
    await reachable(stores.benefits, tenant, [CHANNEL], CHANNEL.conversationId);
    const enqueued = await enqueueMany(
      Array.from({ length: 5 }, (_, n) => ({ target: { type: 'channel' }, event: request(n) })),
    );
    let posted: string | null = null;
    let killed: (() => void) | null = null;
    const stuck = new Promise<void>((resolve) => (killed = resolve));
    const before = new ConnectorStandIn(clock, (delivery, call) => {
      if (call !== 3) return null;
      posted = delivery.notificationId; // Teams shows it; the answer never reaches the dying process
      return new Promise<DeliveryResult>(() => killed?.());
    });
    void sender(before).sendDue();
    await stuck;
    await stores.close();

    const restarted = await reopenStores(stores, () => demoSeed());
    try {
      const after = new ConnectorStandIn(clock);
      await drain(sender(after, { store: restarted.benefits }), 1_000, 100, restarted.benefits);
      const everyPost = [
        ...ids(before.accepted),
        ...(posted ? [posted] : []),
        ...ids(after.accepted),
      ].sort();
      expect(everyPost).toEqual([...enqueued, enqueued[2] ?? ''].sort());
      expect(after.accepted.map((d) => d.notificationId)).toEqual([
        enqueued[2],
        enqueued[3],
        enqueued[4],
      ]);
    } finally {
      await restarted.close();
    }
  });
});
