import { actorIn, expectCode, rejection } from '../support/service-test';
import { randomUUID } from 'node:crypto';
import { type Actor } from '../../services/access.service';
import { CancellationService } from '../../services/cancellation.service';
import { addDays, pinnedClock } from '../../services/clock';
import type { AuditEntry, ServiceRequest } from '../../services/model';
import { RequestsService } from '../../services/requests.service';
import { people, type Person } from '../support/people';
import { demoStores, NOW } from '../support/temp-store';

let stores: Awaited<ReturnType<typeof demoStores>>;

beforeEach(async () => {
  stores = await demoStores();
});
afterEach(() => stores.dispose());

const tenant = people.alex.tenantId;
/** The demo package was bought 12 days before NOW: 2026-11-12T09:00Z, so refunds end 2026-12-12T09:00Z. */
const PURCHASED = addDays(NOW, -12);

/** The service as it runs on a given day. */
const serviceAt = (now: Date) =>
  new CancellationService({ store: stores.benefits, clock: pinnedClock(now), newId: randomUUID });

const actor = (person: Person): Promise<Actor> => actorIn(stores.benefits, person);

const storedRequests = async (): Promise<readonly ServiceRequest[]> =>
  stores.benefits.requests(tenant);
const auditLog = () => stores.benefits.unitOfWork(tenant, (d): AuditEntry[] => d.audit);

/** R3.3: revealing a product's keys activates it; the keys service does this, the test sets the date directly. */
async function reveal(benefitId: string): Promise<void> {
  await stores.benefits.unitOfWork(tenant, (data) => {
    const benefit = data.benefits.find((b) => b.id === benefitId);
    if (benefit?.kind !== 'softwareKeys' && benefit?.kind !== 'licenseKeys')
      throw new Error(`${benefitId} has no keys`);
    benefit.keysRevealedAt = NOW.toISOString();
  });
}

describe('whether the membership can be cancelled for a refund (R8)', () => {
  test('when asked 12 days after purchase with no software activated, then it is eligible and says until when', async () => {
    expect(await serviceAt(NOW).checkCancellation(await actor(people.alex))).toEqual({
      eligible: true,
      failing: [],
      packageName: 'Silver Cloud Platform membership',
      purchasedAt: PURCHASED.toISOString(),
      refundEndsAt: '2026-12-12T09:00:00.000Z',
      activatedSoftware: [],
      openRequest: null,
    });
  });

  test('when software keys have been revealed, then it is not eligible and names the activated products', async () => {
    await reveal('windows-11-enterprise');
    await reveal('office-ltsc-2024');
    expect(await serviceAt(NOW).checkCancellation(await actor(people.megan))).toMatchObject({
      eligible: false,
      failing: ['softwareActivated'],
      activatedSoftware: [
        { en: 'Windows 11 Enterprise', ja: 'Windows 11 Enterprise' },
        { en: 'Office LTSC Professional Plus 2024', ja: 'Office LTSC Professional Plus 2024' },
      ],
    });
  });

  test('when both conditions fail, then both are named, the refund window first', async () => {
    await reveal('windows-11-enterprise');
    expect(
      await serviceAt(addDays(PURCHASED, 31)).checkCancellation(await actor(people.alex)),
    ).toMatchObject({ eligible: false, failing: ['refundWindowClosed', 'softwareActivated'] });
  });

  test.each([people.adele, people.isaiah, people.ana])(
    'when $displayName (neither Global admin nor MPN partner admin) asks, then it is refused naming who can',
    async (person) => {
      const err = await rejection(serviceAt(NOW).checkCancellation(await actor(person)));
      expect(err).toMatchObject({
        code: 'ROLE.MARKETING_ROLE_REQUIRED',
        details: { admins: ['Alex Wilber', 'Megan Bowen'] },
      });
      await expectCode(
        serviceAt(NOW).requestCancellation(await actor(person), { requestId: 'no' }),
        'ROLE.MARKETING_ROLE_REQUIRED',
      );
      expect(await storedRequests()).toEqual([]);
    },
  );
});

describe('requesting the cancellation (R8)', () => {
  test.each([people.alex, people.megan])(
    'when $displayName asks within 30 days with nothing activated, then a cancellation service request is made with a reference',
    async (person) => {
      const asker = await actor(person);
      expect(await serviceAt(NOW).previewCancellation(asker)).toMatchObject({ eligible: true });
      expect(await storedRequests()).toEqual([]);
      const outcome = await serviceAt(NOW).requestCancellation(asker, {
        requestId: 'cancel-1',
        reason: '  We joined the wrong programme.  ',
      });
      expect(outcome).toMatchObject({
        alreadyDone: false,
        purchasedAt: PURCHASED.toISOString(),
        refundEndsAt: '2026-12-12T09:00:00.000Z',
        request: {
          reference: 'CXL-20261124-0001',
          kind: 'cancellation',
          status: 'submitted',
          benefit: null,
          hours: null,
          description: 'We joined the wrong programme.',
          createdBy: { id: person.userId, displayName: person.displayName },
        },
      });
      expect(await storedRequests()).toEqual([
        expect.objectContaining({
          id: 'cancel-1',
          reference: 'CXL-20261124-0001',
          kind: 'cancellation',
          benefitId: null,
          phase: null,
          solution: null,
          contact: expect.objectContaining({ userId: person.userId, phone: null }),
        }),
      ]);
    },
  );

  test('when asked on the last moment of the 30 days, then it is still accepted', async () => {
    const outcome = await serviceAt(addDays(PURCHASED, 30)).requestCancellation(
      await actor(people.alex),
      { requestId: 'last-day' },
    );
    expect(outcome.request.reference).toBe('CXL-20261212-0001');
  });

  test('when asked 31 days after purchase, then it is refused with the purchase date and the day the refund period ended', async () => {
    const late = serviceAt(addDays(PURCHASED, 31));
    const err = await rejection(
      late.requestCancellation(await actor(people.alex), { requestId: 'late' }),
    );
    expect(err.code).toBe('CANCEL.REFUND_WINDOW_CLOSED');
    expect(err.details).toEqual({ date: '2026-12-12', purchased: '2026-11-12' });
    await expectCode(
      late.previewCancellation(await actor(people.alex)),
      'CANCEL.REFUND_WINDOW_CLOSED',
    );
    expect(await storedRequests()).toEqual([]);
  });

  test('when a software benefit has been activated, then it is refused naming the product in both languages', async () => {
    await reveal('windows-11-enterprise');
    const err = await rejection(
      serviceAt(NOW).requestCancellation(await actor(people.alex), { requestId: 'after-reveal' }),
    );
    expect(err.code).toBe('CANCEL.SOFTWARE_ACTIVATED');
    expect(err.details).toEqual({
      benefits: { en: 'Windows 11 Enterprise', ja: 'Windows 11 Enterprise' },
    });
    await reveal('windows-server-2025-datacenter');
    const two = await rejection(serviceAt(NOW).previewCancellation(await actor(people.megan)));
    expect(two.details).toEqual({
      benefits: {
        en: 'Windows 11 Enterprise, Windows Server 2025 Datacenter',
        ja: 'Windows 11 Enterprise、Windows Server 2025 Datacenter',
      },
    });
    expect(await storedRequests()).toEqual([]);
  });

  test('when only a cloud licence key has been revealed, then it does not stop a refund (R8 names software benefits)', async () => {
    await reveal('microsoft-365-e5');
    expect(
      await serviceAt(NOW).requestCancellation(await actor(people.alex), { requestId: 'c' }),
    ).toMatchObject({ alreadyDone: false });
  });

  test('when a cancellation is already open, then another is refused naming its reference', async () => {
    const service = serviceAt(NOW);
    await service.requestCancellation(await actor(people.alex), { requestId: 'first' });
    const err = await rejection(
      service.requestCancellation(await actor(people.megan), { requestId: 'second' }),
    );
    expect(err).toMatchObject({
      code: 'CANCEL.ALREADY_REQUESTED',
      details: { reference: 'CXL-20261124-0001' },
    });
    expect(await service.checkCancellation(await actor(people.megan))).toMatchObject({
      eligible: true,
      openRequest: 'CXL-20261124-0001',
    });
    await expectCode(
      service.previewCancellation(await actor(people.megan)),
      'CANCEL.ALREADY_REQUESTED',
    );
    expect(await storedRequests()).toHaveLength(1);
  });

  test('when the same Confirm arrives twice, then one request is made and the second returns it as already done', async () => {
    const service = serviceAt(NOW);
    const alex = await actor(people.alex);
    const first = await service.requestCancellation(alex, { requestId: 'same' });
    expect(await service.requestCancellation(alex, { requestId: 'same' })).toMatchObject({
      alreadyDone: true,
      request: { reference: first.request.reference },
    });
    expect(await storedRequests()).toHaveLength(1);
    expect(
      (await auditLog()).filter((e) => e.action === 'membership.cancellationRequested'),
    ).toHaveLength(1);
  });

  test('when a reason is over 2000 characters, then it is refused and nothing is made', async () => {
    await expectCode(
      serviceAt(NOW).requestCancellation(await actor(people.alex), {
        requestId: 'long',
        reason: 'x'.repeat(2001),
      }),
      'REQUEST.DESCRIPTION_TOO_LONG',
    );
    expect(await storedRequests()).toEqual([]);
  });

  test("when hours were requested first, then the cancellation continues the organisation's sequence", async () => {
    const requests = new RequestsService({
      store: stores.benefits,
      clock: pinnedClock(NOW),
      newId: randomUUID,
    });
    const alex = await actor(people.alex);
    await requests.submitHoursRequest(alex, {
      requestId: 'h',
      benefitId: 'partner-advisory-hours',
      phase: 'presales',
      solution: 'cloud',
      description: 'Sizing',
      hours: 2,
    });
    expect(
      (await serviceAt(NOW).requestCancellation(alex, { requestId: 'c' })).request.reference,
    ).toBe('CXL-20261124-0002');
    expect((await requests.myRequests(alex)).map((r) => r.reference)).toEqual([
      'CXL-20261124-0002',
      'ADV-20261124-0001',
    ]);
  });

  test('the cancellation request is in the audit log with who, when, the reference and the refund dates', async () => {
    await serviceAt(NOW).requestCancellation(await actor(people.megan), { requestId: 'c' });
    expect(await auditLog()).toEqual([
      {
        id: expect.any(String),
        at: NOW.toISOString(),
        actorId: people.megan.userId,
        action: 'membership.cancellationRequested',
        benefitId: null,
        subjectUserId: null,
        before: null,
        after: {
          reference: 'CXL-20261124-0001',
          package: 'Silver Cloud Platform membership',
          purchasedAt: PURCHASED.toISOString(),
          refundEndsAt: '2026-12-12T09:00:00.000Z',
        },
      },
    ]);
  });
});
