import { randomUUID } from 'node:crypto';
import { resolveAccess, type Actor } from '../../../services/access.service';
import { AssignmentService } from '../../../services/assignment.service';
import { CancellationService } from '../../../services/cancellation.service';
import { pinnedClock } from '../../../services/clock';
import { BenefitError } from '../../../services/errors';
import { GoToMarketService } from '../../../services/go-to-market.service';
import { KeysService } from '../../../services/keys.service';
import type { OutboxItem } from '../../../services/notifications/model';
import { RequestsService } from '../../../services/requests.service';
import type { ChangeDeps } from '../../../services/rules';
import { onDisk } from '../../support/connector-stand-in';
import { people, type Person } from '../../support/people';
import { demoStores, NOW, TEST_CIPHER } from '../../support/temp-store';
import { PERSONAL_CHAT } from '../../../services/policy/visibility';

let stores: Awaited<ReturnType<typeof demoStores>>;
let deps: ChangeDeps;
let assignments: AssignmentService;

const tenant = people.alex.tenantId;
const VS_ENTERPRISE = 'visual-studio-enterprise'; // 3 seats, Lee Gu holds one
const SUPPORT = 'product-support-incidents';

beforeEach(async () => {
  stores = await demoStores();
  deps = { store: stores.benefits, clock: pinnedClock(NOW), newId: randomUUID };
  assignments = new AssignmentService(deps);
});
afterEach(() => stores.dispose());

async function actor(person: Person): Promise<Actor> {
  const access = await resolveAccess(stores.benefits, person);
  if (access.kind !== 'member') throw new Error(`${person.displayName} is not a member`);
  return access.actor;
}

/** The outbox as the data file on disk holds it, in the shape a test compares easily. */
async function outbox(): Promise<{ target: OutboxItem['target']; type: string; status: string }[]> {
  return (await onDisk(stores.dataFile, tenant)).outbox.map((i) => ({
    target: i.target,
    type: i.event.type,
    status: i.status,
  }));
}

async function refused(promise: Promise<unknown>): Promise<void> {
  await expect(promise).rejects.toBeInstanceOf(BenefitError);
}

describe('a change and its notifications are stored in the same write', () => {
  test('when a Global admin assigns a seat, then the data file holds the assignment and, with it, the pending notifications for the channel and the person', async () => {
    await assignments.assign(await actor(people.alex), {
      requestId: 'a1',
      benefitId: VS_ENTERPRISE,
      userId: people.ana.userId,
    });
    const file = await onDisk(stores.dataFile, tenant);
    expect(
      file.assignments.some((a) => a.benefitId === VS_ENTERPRISE && a.userId === people.ana.userId),
    ).toBe(true);
    const [channel, person] = file.outbox;
    expect(channel).toMatchObject({
      target: { type: 'channel' },
      status: 'pending',
      attempts: 0,
      createdAt: NOW.toISOString(),
      nextAttemptAt: NOW.toISOString(),
      event: {
        type: 'assigned',
        benefitId: VS_ENTERPRISE,
        benefit: { en: 'Visual Studio Enterprise subscription' },
        userId: people.ana.userId,
        userName: 'Ana Bowman',
        by: 'Alex Wilber',
        state: 'active',
      },
    });
    expect(person).toMatchObject({
      target: { type: 'person', userId: people.ana.userId },
      event: channel?.event,
    });
    expect(channel?.id).not.toEqual(person?.id);
  });

  test('when an assignment leaves one seat free, then the channel also hears that seats are running out; when none is left, it hears that too', async () => {
    const alex = await actor(people.alex);
    await assignments.assign(alex, {
      requestId: 'a1',
      benefitId: VS_ENTERPRISE,
      userId: people.ana.userId,
    });
    await assignments.assign(alex, {
      requestId: 'a2',
      benefitId: VS_ENTERPRISE,
      userId: people.patti.userId,
    });
    const running = (await onDisk(stores.dataFile, tenant)).outbox.filter(
      (i) => i.event.type === 'seatsRunningOut',
    );
    expect(running.map((i) => [i.target.type, i.event])).toEqual([
      [
        'channel',
        {
          type: 'seatsRunningOut',
          benefitId: VS_ENTERPRISE,
          benefit: expect.objectContaining({ en: 'Visual Studio Enterprise subscription' }),
          free: 1,
        },
      ],
      [
        'channel',
        {
          type: 'seatsRunningOut',
          benefitId: VS_ENTERPRISE,
          benefit: expect.objectContaining({ en: 'Visual Studio Enterprise subscription' }),
          free: 0,
        },
      ],
    ]);
  });

  test('when plenty of seats stay free, then there is no running-out notice', async () => {
    await assignments.assign(await actor(people.alex), {
      requestId: 'a1',
      benefitId: 'visual-studio-professional',
      userId: people.ana.userId,
    });
    expect((await outbox()).map((i) => i.type)).toEqual(['assigned', 'assigned']);
  });

  test('when the change is refused, then nothing is enqueued', async () => {
    await refused(
      assignments.assign(await actor(people.megan), {
        requestId: 'r',
        benefitId: VS_ENTERPRISE,
        userId: people.ana.userId,
      }),
    );
    await refused(
      assignments.assign(await actor(people.alex), {
        requestId: 'r2',
        benefitId: VS_ENTERPRISE,
        userId: people.leeGu.userId,
      }),
    );
    expect(await outbox()).toEqual([]);
  });

  test('when the same Confirm arrives twice, then the notifications are enqueued once', async () => {
    const alex = await actor(people.alex);
    const input = {
      requestId: 'same',
      benefitId: 'visual-studio-professional',
      userId: people.ana.userId,
    };
    await assignments.assign(alex, input);
    await assignments.assign(alex, input);
    expect(await outbox()).toHaveLength(2);
  });

  test('when a seat is removed, then only the channel hears it; when it is reassigned, the channel and the new holder do', async () => {
    const alex = await actor(people.alex);
    await assignments.reassign(alex, {
      requestId: 'r',
      benefitId: VS_ENTERPRISE,
      fromUserId: people.leeGu.userId,
      toUserId: people.ana.userId,
    });
    await assignments.remove(alex, {
      requestId: 'rm',
      benefitId: VS_ENTERPRISE,
      userId: people.ana.userId,
    });
    await assignments.remove(alex, {
      requestId: 'rm',
      benefitId: VS_ENTERPRISE,
      userId: people.ana.userId,
    });
    const file = await onDisk(stores.dataFile, tenant);
    expect(file.outbox.map((i) => [i.target, i.event.type])).toEqual([
      [{ type: 'channel' }, 'reassigned'],
      [{ type: 'person', userId: people.ana.userId }, 'reassigned'],
      [{ type: 'channel' }, 'unassigned'],
    ]);
    expect(file.outbox[0]?.event).toMatchObject({
      fromName: 'Lee Gu',
      userName: 'Ana Bowman',
      by: 'Alex Wilber',
    });
  });

  test('when a pending support activation is confirmed, then the channel and the person hear it, once however often it is confirmed', async () => {
    const alex = await actor(people.alex);
    await assignments.assign(alex, {
      requestId: 's',
      benefitId: SUPPORT,
      userId: people.patti.userId,
      alternativeEmail: 'patti.f@outlook.com',
    });
    await assignments.confirmActive(alex, { benefitId: SUPPORT, userId: people.patti.userId });
    await assignments.confirmActive(alex, { benefitId: SUPPORT, userId: people.patti.userId });
    const confirmed = (await onDisk(stores.dataFile, tenant)).outbox.filter(
      (i) => i.event.type === 'activationConfirmed',
    );
    expect(confirmed.map((i) => i.target)).toEqual([
      { type: 'channel' },
      { type: 'person', userId: people.patti.userId },
    ]);
    expect(
      (await onDisk(stores.dataFile, tenant)).outbox.find((i) => i.event.type === 'assigned')
        ?.event,
    ).toMatchObject({ state: 'pendingActivation' });
  });

  test('when an offer is requested and then confirmed active, then the channel hears each once', async () => {
    const gtm = new GoToMarketService(deps);
    const megan = await actor(people.megan);
    await gtm.setMarketingContact(megan, {
      userId: people.patti.userId,
      email: 'patti.marketing@contoso.com',
      phone: '+81 3-1234-5678',
      language: 'ja',
      requestId: 'c',
    });
    expect(await outbox()).toEqual([]);
    await gtm.requestActivation(megan, { requestId: 'o', benefitId: 'silver-core' });
    await gtm.requestActivation(megan, { requestId: 'o', benefitId: 'silver-core' });
    await gtm.confirmActive(megan, { benefitId: 'silver-core' });
    await gtm.confirmActive(megan, { benefitId: 'silver-core' });
    const file = await onDisk(stores.dataFile, tenant);
    expect(file.outbox.map((i) => [i.target.type, i.event.type])).toEqual([
      ['channel', 'offerActivationRequested'],
      ['channel', 'offerActivated'],
    ]);
    expect(file.outbox[1]?.event).toMatchObject({
      benefit: { en: 'Silver Core' },
      by: 'Megan Bowen',
      expiresAt: '2027-11-24T09:00:00.000Z',
    });
  });

  test('when keys are revealed, then the channel hears which product and who, never the keys; a retried reveal adds nothing, a new one does', async () => {
    const keys = new KeysService({ ...deps, cipher: TEST_CIPHER });
    const alex = await actor(people.alex);
    const input = {
      requestId: 'k1',
      benefitId: 'microsoft-365-e5',
      audience: { ...PERSONAL_CHAT, conversationId: 'a:personal-alex' },
    };
    const shown = await keys.reveal(alex, input);
    await keys.reveal(alex, input);
    await keys.reveal(alex, { ...input, requestId: 'k2' });
    const file = await onDisk(stores.dataFile, tenant);
    expect(file.outbox.map((i) => [i.target.type, i.event])).toEqual([
      [
        'channel',
        {
          type: 'keysRevealed',
          benefitId: 'microsoft-365-e5',
          benefit: expect.objectContaining({ en: expect.any(String) }),
          by: 'Alex Wilber',
        },
      ],
      ['channel', expect.objectContaining({ type: 'keysRevealed' })],
    ]);
    const text = JSON.stringify(file.outbox);
    for (const key of shown.keys) expect(text).not.toContain(key);
  });

  test('when an hours request or a cancellation is submitted, then the channel hears it with its reference; a repeated Submit adds nothing', async () => {
    const alex = await actor(people.alex);
    const requests = new RequestsService(deps);
    const form = {
      benefitId: 'partner-advisory-hours',
      phase: 'design',
      solution: 'hybrid',
      description: 'Landing zone review',
      hours: 4,
      requestId: 'h',
    };
    await requests.submitHoursRequest(alex, form);
    await requests.submitHoursRequest(alex, form);
    const cancellation = new CancellationService(deps);
    await cancellation.requestCancellation(alex, { requestId: 'c' });
    await cancellation.requestCancellation(alex, { requestId: 'c' });
    const file = await onDisk(stores.dataFile, tenant);
    expect(file.outbox.map((i) => [i.target.type, i.event])).toEqual([
      [
        'channel',
        {
          type: 'requestSubmitted',
          reference: 'ADV-20261124-0001',
          benefit: expect.objectContaining({ en: expect.any(String) }),
          by: 'Alex Wilber',
          hours: 4,
        },
      ],
      [
        'channel',
        {
          type: 'requestSubmitted',
          reference: 'CXL-20261124-0002',
          benefit: null,
          by: 'Alex Wilber',
          hours: null,
        },
      ],
    ]);
  });
});
