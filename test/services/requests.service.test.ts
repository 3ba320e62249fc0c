import { actorIn, expectCode, rejection } from '../support/service-test';
import { randomUUID } from 'node:crypto';
import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { type Actor } from '../../services/access.service';
import {
  BenefitsService,
  type CategoryList,
  type ScopedResult,
} from '../../services/benefits.service';
import { pinnedClock } from '../../services/clock';
import { BenefitError, type BenefitErrorCode } from '../../services/errors';
import type { AuditEntry, ServiceRequest } from '../../services/model';
import { RequestsService, type HoursRequestInput } from '../../services/requests.service';
import { openLowdbStores, storeLayout } from '../../services/store/lowdb-store';
import { people, type Person } from '../support/people';
import { demoStores, NOW } from '../support/temp-store';
import { reopenStores, testOnLowdb } from '../support/test-backend';
import { PERSONAL_CHAT } from '../../services/policy/visibility';

let stores: Awaited<ReturnType<typeof demoStores>>;
let service: RequestsService;
let benefits: BenefitsService;

beforeEach(async () => {
  stores = await demoStores();
  service = new RequestsService({
    store: stores.benefits,
    clock: pinnedClock(NOW),
    newId: randomUUID,
  });
  benefits = new BenefitsService({ store: stores.benefits, clock: pinnedClock(NOW) });
});
afterEach(() => stores.dispose());

const tenant = people.alex.tenantId;
const ADVISORY = 'partner-advisory-hours'; // 20 hours in the demo package
const PRESALES = 'technical-presales-deployment'; // 10 hours

const actor = (person: Person): Promise<Actor> => actorIn(stores.benefits, person);

const storedRequests = async (): Promise<readonly ServiceRequest[]> =>
  stores.benefits.requests(tenant);
const auditLog = () => stores.benefits.unitOfWork(tenant, (d): AuditEntry[] => d.audit);

function form(overrides: Partial<HoursRequestInput> = {}): HoursRequestInput {
  return {
    benefitId: ADVISORY,
    phase: 'design',
    solution: 'hybrid',
    description: 'Review our landing zone design before the customer workshop',
    hours: 4,
    ...overrides,
  };
}

function technicalRow(result: ScopedResult<CategoryList>, benefitId: string) {
  if (result.scope !== 'organisation')
    throw new Error(`expected the organisation's view, got ${result.scope}`);
  const row = result.value.benefits.find((b) => b.id === benefitId);
  if (!row) throw new Error(`no row for ${benefitId}`);
  return row;
}

describe('the hours benefits the request form offers (R6.4, R1.6)', () => {
  test.each([people.alex, people.megan, people.adele, people.isaiah])(
    'when $displayName (an admin role) opens the form, then both hours benefits are offered with what remains',
    async (person) => {
      expect(await service.hoursBenefits(await actor(person))).toEqual([
        expect.objectContaining({
          benefit: expect.objectContaining({
            id: ADVISORY,
            name: { en: 'Partner advisory hours', ja: 'パートナー相談時間' },
          }),
          quantity: 20,
          used: 0,
          reserved: 0,
          remaining: 20,
        }),
        expect.objectContaining({
          benefit: expect.objectContaining({ id: PRESALES }),
          quantity: 10,
          used: 0,
          reserved: 0,
          remaining: 10,
        }),
      ]);
    },
  );

  test('when an employee asks for the form, then it is refused: requests are made by admins for the company', async () => {
    await expectCode(service.hoursBenefits(await actor(people.ana)), 'ROLE.ADMIN_REQUIRED');
    await expectCode(
      service.previewHoursRequest(await actor(people.ana), form()),
      'ROLE.ADMIN_REQUIRED',
    );
    await expectCode(
      service.submitHoursRequest(await actor(people.patti), { ...form(), requestId: 'emp' }),
      'ROLE.ADMIN_REQUIRED',
    );
    expect(await storedRequests()).toEqual([]);
  });
});

describe('submitting a request for hours (R6.4)', () => {
  test('when the form is previewed, then it is checked and nothing is stored', async () => {
    const preview = await service.previewHoursRequest(await actor(people.alex), form({ hours: 6 }));
    expect(preview).toMatchObject({
      phase: 'design',
      solution: 'hybrid',
      hours: 6,
      remainingAfter: 14,
      contact: { displayName: 'Alex Wilber', email: 'alex@contoso.com', phone: null },
    });
    expect(await storedRequests()).toEqual([]);
  });

  test('when a Global admin submits, then the request gets a reference, is stored as submitted and reserves its hours', async () => {
    const outcome = await service.submitHoursRequest(await actor(people.alex), {
      ...form({ hours: 6 }),
      requestId: 'r1',
    });
    expect(outcome).toMatchObject({
      alreadyDone: false,
      remainingAfter: 14,
      request: {
        reference: 'ADV-20261124-0001',
        kind: 'hours',
        status: 'submitted',
        hours: 6,
        benefit: { id: ADVISORY },
        createdBy: { displayName: 'Alex Wilber' },
      },
    });
    expect(await storedRequests()).toEqual([
      {
        id: 'r1',
        reference: 'ADV-20261124-0001',
        kind: 'hours',
        benefitId: ADVISORY,
        phase: 'design',
        solution: 'hybrid',
        description: 'Review our landing zone design before the customer workshop',
        hours: 6,
        contact: { userId: people.alex.userId, email: 'alex@contoso.com', phone: null },
        status: 'submitted',
        createdAt: NOW.toISOString(),
        createdBy: people.alex.userId,
      },
    ]);
    expect((await service.hoursBenefits(await actor(people.alex)))[0]).toMatchObject({
      used: 0,
      reserved: 6,
      remaining: 14,
    });
  });

  test('when requests reserve hours, then the technical category and the overview count them as used', async () => {
    const alex = await actor(people.alex);
    await service.submitHoursRequest(alex, { ...form({ hours: 6 }), requestId: 'r1' });
    await service.submitHoursRequest(alex, {
      ...form({ hours: 3, benefitId: PRESALES, phase: 'presales', solution: 'cloud' }),
      requestId: 'r2',
    });
    const category = await benefits.category(alex, 'technical', PERSONAL_CHAT);
    expect(technicalRow(category, ADVISORY)).toMatchObject({
      used: 6,
      free: 14,
      state: 'partlyUsed',
      nextStep: 'requestHours',
    });
    expect(technicalRow(category, PRESALES)).toMatchObject({
      used: 3,
      free: 7,
      state: 'partlyUsed',
    });
    const overview = await benefits.overview(alex, PERSONAL_CHAT);
    if (overview.scope !== 'organisation') throw new Error('expected the organisation overview');
    expect(
      overview.value.categories.find((c) => c.category === 'technical')?.totals,
    ).toContainEqual({ unit: 'hour', quantity: 30, used: 9 });
  });

  test('when hours already used are recorded, then what remains is the quantity less used and reserved hours', async () => {
    await stores.benefits.unitOfWork(tenant, (data) => {
      const advisory = data.benefits.find((b) => b.id === ADVISORY);
      if (advisory?.kind === 'hours') advisory.hoursUsed = 8;
    });
    const alex = await actor(people.alex);
    await service.submitHoursRequest(alex, { ...form({ hours: 5 }), requestId: 'r1' });
    expect((await service.hoursBenefits(alex))[0]).toMatchObject({
      used: 8,
      reserved: 5,
      remaining: 7,
    });
    expect(
      technicalRow(await benefits.category(alex, 'technical', PERSONAL_CHAT), ADVISORY),
    ).toMatchObject({ used: 13, free: 7 });
    const err = await rejection(service.previewHoursRequest(alex, form({ hours: 8 })));
    expect(err).toMatchObject({
      code: 'REQUEST.TOO_MANY_HOURS',
      details: { hours: 8, remaining: 7 },
    });
  });

  test('when more hours are asked for than remain, then it is refused with the hours asked and remaining, and nothing is stored', async () => {
    const alex = await actor(people.alex);
    const err = await rejection(
      service.submitHoursRequest(alex, { ...form({ hours: 21 }), requestId: 'big' }),
    );
    expect(err.code).toBe('REQUEST.TOO_MANY_HOURS');
    expect(err.details).toEqual({
      benefit: { en: 'Partner advisory hours', ja: 'パートナー相談時間' },
      hours: 21,
      remaining: 20,
    });
    expect(await storedRequests()).toEqual([]);
    expect(await auditLog()).toEqual([]);
  });

  test('when exactly the hours that remain are asked for, then it is accepted and the next request finds none left', async () => {
    const alex = await actor(people.alex);
    await service.submitHoursRequest(alex, { ...form({ hours: 15 }), requestId: 'r1' });
    await expectCode(
      service.submitHoursRequest(alex, { ...form({ hours: 6 }), requestId: 'r2' }),
      'REQUEST.TOO_MANY_HOURS',
    );
    expect(
      await service.submitHoursRequest(alex, { ...form({ hours: 5 }), requestId: 'r3' }),
    ).toMatchObject({ remainingAfter: 0, alreadyDone: false });
    await expectCode(
      service.submitHoursRequest(alex, { ...form({ hours: 1 }), requestId: 'r4' }),
      'REQUEST.NO_HOURS_LEFT',
    );
    expect(
      technicalRow(await benefits.category(alex, 'technical', PERSONAL_CHAT), ADVISORY),
    ).toMatchObject({ used: 20, free: 0, state: 'allUsed', nextStep: 'noHoursLeft' });
  });

  test('when two admins submit for the last hours at the same moment, then exactly one request gets them', async () => {
    await service.submitHoursRequest(await actor(people.alex), {
      ...form({ benefitId: PRESALES, hours: 6 }),
      requestId: 'fill',
    });
    const admins = await Promise.all(
      [people.alex, people.megan, people.adele, people.isaiah].map(actor),
    );
    const results = await Promise.allSettled(
      admins.map((a, i) =>
        service.submitHoursRequest(a, {
          ...form({ benefitId: PRESALES, hours: 4 }),
          requestId: `race-${i}`,
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(
      results
        .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
        .map((r) => (r.reason as BenefitError).code),
    ).toEqual(Array(3).fill('REQUEST.NO_HOURS_LEFT'));
    expect((await storedRequests()).reduce((sum, r) => sum + (r.hours ?? 0), 0)).toBe(10);
  });

  test('when several requests are submitted, then their references are unique and follow one sequence across benefits', async () => {
    const alex = await actor(people.alex);
    const refs = [];
    refs.push(
      (await service.submitHoursRequest(alex, { ...form({ hours: 1 }), requestId: 'a' })).request
        .reference,
    );
    refs.push(
      (
        await service.submitHoursRequest(alex, {
          ...form({ hours: 1, benefitId: PRESALES }),
          requestId: 'b',
        })
      ).request.reference,
    );
    refs.push(
      (
        await service.submitHoursRequest(await actor(people.megan), {
          ...form({ hours: 1 }),
          requestId: 'c',
        })
      ).request.reference,
    );
    expect(refs).toEqual(['ADV-20261124-0001', 'ADV-20261124-0002', 'ADV-20261124-0003']);
  });

  test('when the same Submit arrives twice, then one request is made and the second returns it as already done', async () => {
    const alex = await actor(people.alex);
    const input = { ...form({ hours: 4 }), requestId: 'same-submit' };
    const first = await service.submitHoursRequest(alex, input);
    const again = await service.submitHoursRequest(alex, input);
    expect(again).toMatchObject({
      alreadyDone: true,
      remainingAfter: 16,
      request: { reference: first.request.reference, hours: 4 },
    });
    expect(await storedRequests()).toHaveLength(1);
    expect((await auditLog()).filter((e) => e.action === 'request.submitted')).toHaveLength(1);
  });

  test('when a refused Submit is corrected and sent again with the same request id, then it is accepted', async () => {
    const alex = await actor(people.alex);
    await expectCode(
      service.submitHoursRequest(alex, { ...form({ hours: 50 }), requestId: 'fix-me' }),
      'REQUEST.TOO_MANY_HOURS',
    );
    expect(
      await service.submitHoursRequest(alex, { ...form({ hours: 5 }), requestId: 'fix-me' }),
    ).toMatchObject({ alreadyDone: false, request: { hours: 5 } });
  });

  test('when a request id was already used for another change, then the Submit is refused and nothing is made', async () => {
    await stores.benefits.unitOfWork(tenant, (data) => {
      data.processedRequests.push({
        id: 'used-elsewhere',
        at: NOW.toISOString(),
        actorId: people.alex.userId,
        action: 'benefit.assigned',
      });
    });
    await expectCode(
      service.submitHoursRequest(await actor(people.alex), {
        ...form(),
        requestId: 'used-elsewhere',
      }),
      'REQUEST.ID_REUSED',
    );
    await expectCode(
      service.submitHoursRequest(await actor(people.alex), { ...form(), requestId: '' }),
      'REQUEST.ID_REQUIRED',
    );
    expect(await storedRequests()).toEqual([]);
  });

  test('when a contact email and phone are given, then they are stored, the phone as E.164 (full-width digits read too)', async () => {
    const outcome = await service.submitHoursRequest(await actor(people.megan), {
      ...form({
        contactEmail: ' megan.b@outlook.com ',
        contactPhone: '０３-１２３４-５６７８',
        defaultCountry: 'JP',
      }),
      requestId: 'c',
    });
    expect(outcome.request.contact).toEqual({
      userId: people.megan.userId,
      displayName: 'Megan Bowen',
      email: 'megan.b@outlook.com',
      phone: '+81312345678',
    });
  });

  test('when the hours are typed as text, then a whole number (full-width too) is read and anything else refused', async () => {
    const alex = await actor(people.alex);
    expect(await service.previewHoursRequest(alex, form({ hours: '３' }))).toMatchObject({
      hours: 3,
    });
    expect(await service.previewHoursRequest(alex, form({ hours: ' 12 ' }))).toMatchObject({
      hours: 12,
    });
    for (const hours of [0, -2, 1.5, Number.NaN, '', 'ten', '2.5', '1e1']) {
      await expectCode(service.previewHoursRequest(alex, form({ hours })), 'REQUEST.HOURS_INVALID');
    }
    expect(
      (await rejection(service.previewHoursRequest(alex, form({ hours: 'ten' })))).details,
    ).toEqual({ hours: 'ten' });
  });

  test.each<[string, Partial<HoursRequestInput>, BenefitErrorCode]>([
    ['no phase', { phase: undefined }, 'REQUEST.PHASE_REQUIRED'],
    ['a phase that is not one of the four', { phase: 'marketing' }, 'REQUEST.PHASE_REQUIRED'],
    ['no solution type', { solution: null }, 'REQUEST.SOLUTION_REQUIRED'],
    [
      'a solution that is neither cloud nor hybrid',
      { solution: 'on-premises' },
      'REQUEST.SOLUTION_REQUIRED',
    ],
    ['an empty description', { description: '   ' }, 'REQUEST.DESCRIPTION_REQUIRED'],
    [
      'a description over 2000 characters',
      { description: 'x'.repeat(2001) },
      'REQUEST.DESCRIPTION_TOO_LONG',
    ],
    ['a contact email that is not an address', { contactEmail: 'megan@' }, 'EMAIL.INVALID'],
    ['a contact phone that is not a number', { contactPhone: '12' }, 'PHONE.INVALID'],
    [
      'a benefit that is not hours',
      { benefitId: 'visual-studio-enterprise' },
      'REQUEST.NOT_AN_HOURS_BENEFIT',
    ],
    ['a benefit not in the package', { benefitId: 'gold-support' }, 'BENEFIT.NOT_FOUND'],
  ])(
    'when the form has %s, then it is refused and nothing is stored',
    async (_, overrides, code) => {
      const alex = await actor(people.alex);
      await expectCode(service.previewHoursRequest(alex, form(overrides)), code);
      await expectCode(
        service.submitHoursRequest(alex, { ...form(overrides), requestId: 'bad' }),
        code,
      );
      expect(await storedRequests()).toEqual([]);
    },
  );

  test('when the description is exactly 2000 characters, then it is accepted', async () => {
    expect(
      await service.previewHoursRequest(
        await actor(people.alex),
        form({ description: 'x'.repeat(2000) }),
      ),
    ).toMatchObject({ hours: 4 });
  });

  test('when a benefit that is not hours is named, then the refusal names it', async () => {
    const err = await rejection(
      service.previewHoursRequest(
        await actor(people.alex),
        form({ benefitId: 'visual-studio-enterprise' }),
      ),
    );
    expect(err.details).toEqual({
      benefit: {
        en: 'Visual Studio Enterprise subscription',
        ja: 'Visual Studio Enterprise サブスクリプション',
      },
    });
  });
});

describe("my requests and the organisation's requests", () => {
  test("when people ask for their requests, then each sees their own, newest first; admins see the organisation's", async () => {
    const [alex, megan, ana] = await Promise.all([
      actor(people.alex),
      actor(people.megan),
      actor(people.ana),
    ]);
    await service.submitHoursRequest(alex, { ...form({ hours: 1 }), requestId: 'a1' });
    await service.submitHoursRequest(megan, { ...form({ hours: 2 }), requestId: 'm1' });
    await service.submitHoursRequest(alex, {
      ...form({ hours: 3, benefitId: PRESALES }),
      requestId: 'a2',
    });
    expect((await service.myRequests(alex)).map((r) => [r.reference, r.hours])).toEqual([
      ['ADV-20261124-0003', 3],
      ['ADV-20261124-0001', 1],
    ]);
    expect((await service.myRequests(megan)).map((r) => r.reference)).toEqual([
      'ADV-20261124-0002',
    ]);
    expect(await service.myRequests(ana)).toEqual([]);
    expect(await service.myRequests(await actor(people.stranger))).toEqual([]);
    expect(
      (await service.organisationRequests(await actor(people.isaiah))).map((r) => [
        r.reference,
        r.createdBy.displayName,
      ]),
    ).toEqual([
      ['ADV-20261124-0003', 'Alex Wilber'],
      ['ADV-20261124-0002', 'Megan Bowen'],
      ['ADV-20261124-0001', 'Alex Wilber'],
    ]);
    await expectCode(service.organisationRequests(ana), 'ROLE.ADMIN_REQUIRED');
  });
});

describe('what a request leaves behind', () => {
  test('a submitted request is in the audit log with who, which benefit, and the hours before and after, and survives a restart', async () => {
    await service.submitHoursRequest(await actor(people.alex), {
      ...form({ hours: 6 }),
      requestId: 'r1',
    });
    expect(await auditLog()).toEqual([
      {
        id: expect.any(String),
        at: NOW.toISOString(),
        actorId: people.alex.userId,
        action: 'request.submitted',
        benefitId: ADVISORY,
        subjectUserId: null,
        before: { remaining: 20 },
        after: {
          reference: 'ADV-20261124-0001',
          hours: 6,
          phase: 'design',
          solution: 'hybrid',
          remaining: 14,
        },
      },
    ]);
    await stores.close();
    const reopened = await reopenStores(stores);
    expect((await reopened.benefits.requests(tenant)).map((r) => r.reference)).toEqual([
      'ADV-20261124-0001',
    ]);
    await reopened.close();
  });

  testOnLowdb(
    'a data file written before requests existed still loads, with no requests',
    async () => {
      await stores.close();
      const dir = storeLayout(stores.dataFile).organisationsDir;
      for (const name of await readdir(dir)) {
        const file = join(dir, name);
        const older = JSON.parse(await readFile(file, 'utf8')) as Record<string, unknown>;
        delete older.requests;
        await writeFile(file, JSON.stringify(older));
      }
      const reopened = await openLowdbStores({ dataFile: stores.dataFile, seed: () => [] });
      expect(await reopened.benefits.requests(tenant)).toEqual([]);
      await reopened.close();
    },
  );
});
