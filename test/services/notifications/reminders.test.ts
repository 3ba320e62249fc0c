import { randomUUID } from 'node:crypto';
import { resolveAccess, type Actor } from '../../../services/access.service';
import { AssignmentService } from '../../../services/assignment.service';
import { addDays, pinnedClock } from '../../../services/clock';
import { GoToMarketService } from '../../../services/go-to-market.service';
import type { OrganisationData } from '../../../services/model';
import type { NotificationEvent } from '../../../services/notifications/model';
import { ReminderScheduler } from '../../../services/notifications/reminders';
import { FABRIKAM_TENANT } from '../../../services/seed/demo-organisations';
import { onDisk } from '../../support/connector-stand-in';
import { people, type Person } from '../../support/people';
import { demoStores, NOW } from '../../support/temp-store';

let stores: Awaited<ReturnType<typeof demoStores>>;

const tenant = people.alex.tenantId;
const HOUR = 60 * 60 * 1000;
// Contoso's demo package was bought 12 days before NOW: the refund window closes 18 days after NOW, the membership 353.
const REFUND_ENDS = addDays(NOW, 18);
const MEMBERSHIP_ENDS = addDays(NOW, 353);

beforeEach(async () => {
  stores = await demoStores();
});
afterEach(() => stores.dispose());

async function actor(person: Person): Promise<Actor> {
  const access = await resolveAccess(stores.benefits, person);
  if (access.kind !== 'member') throw new Error(`${person.displayName} is not a member`);
  return access.actor;
}

const change = (work: (data: OrganisationData) => void, tenantId: string = tenant) =>
  stores.benefits.unitOfWork(tenantId, work);

/** Silver Core active until `expiresAt`, as if confirmed long ago. */
const silverCoreUntil = (expiresAt: Date) =>
  change((data) => {
    const offer = data.benefits.find((b) => b.id === 'silver-core');
    if (offer?.kind !== 'offer') throw new Error('no Silver Core');
    Object.assign(offer, {
      status: 'active',
      activatedAt: addDays(expiresAt, -365).toISOString(),
      expiresAt: expiresAt.toISOString(),
    });
  });

/** One scheduler pass at `at`: the reminders it enqueued (one event per reminder: the channel's copy). */
async function remindersAt(at: Date): Promise<Extract<NotificationEvent, { type: 'reminder' }>[]> {
  const before = (await onDisk(stores.dataFile, tenant)).outbox.length;
  const count = await new ReminderScheduler({
    store: stores.benefits,
    clock: pinnedClock(at),
    newId: randomUUID,
  }).run();
  const added = (await onDisk(stores.dataFile, tenant)).outbox.slice(before);
  const events = added.filter((i) => i.target.type === 'channel').map((i) => i.event);
  expect(events).toHaveLength(count);
  return events.flatMap((e) => (e.type === 'reminder' ? [e] : []));
}

const kinds = (events: { reminder: string; daysLeft: number }[]) =>
  events.map((e) => `${e.reminder}:${e.daysLeft}`);

describe('Go-To-Market offers expiring', () => {
  test('when the clock passes 30, 7 and 1 days before an offer expires, then each reminder fires once, at its threshold', async () => {
    const expires = addDays(NOW, 100);
    await silverCoreUntil(expires);
    expect(kinds(await remindersAt(addDays(expires, -31)))).toEqual([]);
    const thirty = await remindersAt(addDays(expires, -30));
    expect(thirty).toEqual([
      {
        type: 'reminder',
        reminder: 'offerExpiring',
        benefit: { en: 'Silver Core', ja: 'シルバー コア' },
        date: expires.toISOString(),
        daysLeft: 30,
      },
    ]);
    expect(kinds(await remindersAt(addDays(expires, -30)))).toEqual([]);
    expect(kinds(await remindersAt(addDays(expires, -20)))).toEqual([]);
    expect(kinds(await remindersAt(new Date(addDays(expires, -7).getTime() + HOUR)))).toEqual([
      'offerExpiring:7',
    ]);
    expect(kinds(await remindersAt(addDays(expires, -3)))).toEqual([]);
    expect(kinds(await remindersAt(addDays(expires, -1)))).toEqual(['offerExpiring:1']);
    expect(kinds(await remindersAt(new Date(expires.getTime() - HOUR)))).toEqual([]);
    expect(kinds(await remindersAt(addDays(expires, 1)))).toEqual([]);
    const file = await onDisk(stores.dataFile, tenant);
    const day = expires.toISOString().slice(0, 10);
    expect(file.notifications.remindersSent).toEqual([
      `offerExpiring:silver-core:${day}:30`,
      `offerExpiring:silver-core:${day}:7`,
      `offerExpiring:silver-core:${day}:1`,
    ]);
  });

  test('when the bot was down through the 30-day reminder and comes back 3 days before expiry, then only the 7-day reminder is sent, once, and the 30-day one counts as sent', async () => {
    const expires = addDays(NOW, 100);
    await silverCoreUntil(expires);
    expect(kinds(await remindersAt(addDays(expires, -3)))).toEqual(['offerExpiring:3']);
    expect(kinds(await remindersAt(addDays(expires, -2)))).toEqual([]);
    const day = expires.toISOString().slice(0, 10);
    expect((await onDisk(stores.dataFile, tenant)).notifications.remindersSent).toEqual([
      `offerExpiring:silver-core:${day}:30`,
      `offerExpiring:silver-core:${day}:7`,
    ]);
    expect(kinds(await remindersAt(new Date(expires.getTime() - 12 * HOUR)))).toEqual([
      'offerExpiring:1',
    ]);
  });

  test('when an expired offer is activated again, then its new expiry is reminded afresh', async () => {
    const first = addDays(NOW, 40);
    await silverCoreUntil(first);
    expect(kinds(await remindersAt(addDays(first, -1)))).toEqual(['offerExpiring:1']);
    const renewed = addDays(first, 365);
    await silverCoreUntil(renewed);
    expect(kinds(await remindersAt(addDays(renewed, -30)))).toEqual(['offerExpiring:30']);
  });
});

describe('the membership and the refund window', () => {
  test('when the membership expires in 30 days, then the channel and the admins are reminded once, and the key names the expiry date', async () => {
    const at = addDays(MEMBERSHIP_ENDS, -30);
    expect(await remindersAt(addDays(at, -1))).toEqual([]);
    expect(await remindersAt(at)).toEqual([
      {
        type: 'reminder',
        reminder: 'membershipExpiring',
        benefit: null,
        date: MEMBERSHIP_ENDS.toISOString(),
        daysLeft: 30,
      },
    ]);
    expect(await remindersAt(addDays(at, 10))).toEqual([]);
    const file = await onDisk(stores.dataFile, tenant);
    expect(file.notifications.remindersSent).toEqual([
      `membershipExpiring:${MEMBERSHIP_ENDS.toISOString().slice(0, 10)}:30`,
    ]);
    expect(file.outbox.map((i) => i.target)).toEqual([{ type: 'channel' }, { type: 'admins' }]);
  });

  test('when the refund window closes in 5 days and no software was activated, then it is reminded once', async () => {
    expect(await remindersAt(NOW)).toEqual([]);
    expect(kinds(await remindersAt(addDays(REFUND_ENDS, -6)))).toEqual([]);
    expect(await remindersAt(addDays(REFUND_ENDS, -5))).toEqual([
      {
        type: 'reminder',
        reminder: 'refundWindowClosing',
        benefit: null,
        date: REFUND_ENDS.toISOString(),
        daysLeft: 5,
      },
    ]);
    expect(await remindersAt(addDays(REFUND_ENDS, -2))).toEqual([]);
  });

  test('when software was already activated, then the refund window is over and nothing is reminded', async () => {
    await change((data) => {
      const windows = data.benefits.find((b) => b.id === 'windows-11-enterprise');
      if (windows?.kind === 'softwareKeys') windows.keysRevealedAt = NOW.toISOString();
    });
    expect(await remindersAt(addDays(REFUND_ENDS, -5))).toEqual([]);
  });
});

describe('activations pending too long', () => {
  test('when support has been pending activation for more than 5 days, then it is reminded once, naming since when', async () => {
    await new AssignmentService({
      store: stores.benefits,
      clock: pinnedClock(NOW),
      newId: randomUUID,
    }).assign(await actor(people.alex), {
      requestId: 's',
      benefitId: 'product-support-incidents',
      userId: people.patti.userId,
      alternativeEmail: 'patti.f@outlook.com',
    });
    expect(await remindersAt(addDays(NOW, 5))).toEqual([]);
    expect(await remindersAt(new Date(addDays(NOW, 5).getTime() + HOUR))).toEqual([
      {
        type: 'reminder',
        reminder: 'activationPending',
        benefit: expect.objectContaining({ en: expect.any(String) }),
        date: NOW.toISOString(),
        daysLeft: 0,
      },
    ]);
    expect(await remindersAt(addDays(NOW, 9))).toEqual([]);
  });

  test('when an offer has been pending for more than 5 days, then it is reminded once, dated from its request in the audit log', async () => {
    const gtm = new GoToMarketService({
      store: stores.benefits,
      clock: pinnedClock(NOW),
      newId: randomUUID,
    });
    const megan = await actor(people.megan);
    await gtm.setMarketingContact(megan, {
      userId: people.patti.userId,
      email: 'patti.marketing@contoso.com',
      phone: '+81 3-1234-5678',
      language: 'ja',
      requestId: 'c',
    });
    await gtm.requestActivation(megan, { requestId: 'o', benefitId: 'isv-co-sell-ready' });
    expect(await remindersAt(addDays(NOW, 6))).toEqual([
      {
        type: 'reminder',
        reminder: 'activationPending',
        benefit: { en: 'ISV Co-sell ready', ja: 'ISV 共同販売対応' },
        date: NOW.toISOString(),
        daysLeft: 0,
      },
    ]);
    expect(await remindersAt(addDays(NOW, 7))).toEqual([]);
  });
});

describe('organisations the bot does not serve', () => {
  test('when an organisation still manages its benefits in PMC, then it gets no reminders', async () => {
    await change(
      (data) => void (data.organisation.package.expiresAt = addDays(NOW, 10).toISOString()),
      FABRIKAM_TENANT,
    );
    await new ReminderScheduler({
      store: stores.benefits,
      clock: pinnedClock(NOW),
      newId: randomUUID,
    }).run();
    expect((await onDisk(stores.dataFile, FABRIKAM_TENANT)).outbox).toEqual([]);
  });
});
