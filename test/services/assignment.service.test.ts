import { actorIn, expectCode, rejection } from '../support/service-test';
import { randomUUID } from 'node:crypto';
import { type Actor } from '../../services/access.service';
import { AssignmentService } from '../../services/assignment.service';
import { pinnedClock } from '../../services/clock';
import { BenefitError } from '../../services/errors';
import { rm, writeFile } from 'node:fs/promises';
import { storeLayout } from '../../services/store/lowdb-store';
import { people, type Person } from '../support/people';
import { demoStores, NOW } from '../support/temp-store';
import { reopenStores, testOnLowdb } from '../support/test-backend';

let stores: Awaited<ReturnType<typeof demoStores>>;
let service: AssignmentService;

beforeEach(async () => {
  stores = await demoStores();
  service = new AssignmentService({
    store: stores.benefits,
    clock: pinnedClock(NOW),
    newId: randomUUID,
  });
});
afterEach(() => stores.dispose());

const actor = (person: Person): Promise<Actor> => actorIn(stores.benefits, person);

const holdersOf = async (benefitId: string) =>
  (await stores.benefits.assignments(people.alex.tenantId))
    .filter((a) => a.benefitId === benefitId)
    .map((a) => a.userId);

describe('assigning a Visual Studio seat (R5.1)', () => {
  test('when a Global admin assigns a free seat, then the user holds it and one seat fewer is free', async () => {
    const alex = await actor(people.alex);
    const preview = await service.previewAssign(
      alex,
      'visual-studio-enterprise',
      people.ana.userId,
    );
    expect(preview).toMatchObject({
      freeAfter: 1,
      user: { displayName: 'Ana Bowman' },
      needsAlternativeEmail: false,
    });
    const outcome = await service.assign(alex, {
      requestId: 'r1',
      benefitId: 'visual-studio-enterprise',
      userId: people.ana.userId,
    });
    expect(outcome).toMatchObject({ alreadyDone: false, freeAfter: 1, state: 'active' });
    expect(await holdersOf('visual-studio-enterprise')).toEqual([
      people.leeGu.userId,
      people.ana.userId,
    ]);
  });

  test('when the same Confirm arrives twice, then the seat is assigned once and the second says it was already done', async () => {
    const alex = await actor(people.alex);
    const input = {
      requestId: 'same-confirm',
      benefitId: 'visual-studio-professional',
      userId: people.ana.userId,
    };
    await service.assign(alex, input);
    const again = await service.assign(alex, input);
    expect(again).toMatchObject({ alreadyDone: true, freeAfter: 4 });
    expect(await holdersOf('visual-studio-professional')).toEqual([people.ana.userId]);
  });

  test('when every seat is taken, then a further assignment is refused and names who holds them', async () => {
    const alex = await actor(people.alex);
    await service.assign(alex, {
      requestId: 'a',
      benefitId: 'visual-studio-enterprise',
      userId: people.ana.userId,
    });
    await service.assign(alex, {
      requestId: 'b',
      benefitId: 'visual-studio-enterprise',
      userId: people.patti.userId,
    });
    const err = await rejection(
      service.assign(alex, {
        requestId: 'c',
        benefitId: 'visual-studio-enterprise',
        userId: people.taro.userId,
      }),
    );
    expect(err.code).toBe('BENEFIT.NO_FREE_SEAT');
    expect(err.details.holders).toEqual(['Lee Gu', 'Ana Bowman', 'Patti Fernandez']);
    expect(await holdersOf('visual-studio-enterprise')).toHaveLength(3);
  });

  test('when two admins confirm the last free seat at the same moment, then exactly one gets it', async () => {
    const alex = await actor(people.alex);
    await service.assign(alex, {
      requestId: 'fill',
      benefitId: 'visual-studio-enterprise',
      userId: people.ana.userId,
    });
    const contenders = [people.patti, people.taro, people.megan, people.adele, people.isaiah];
    const results = await Promise.allSettled(
      contenders.map((p, i) =>
        service.assign(alex, {
          requestId: `race-${i}`,
          benefitId: 'visual-studio-enterprise',
          userId: p.userId,
        }),
      ),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    const refusals = results
      .filter((r): r is PromiseRejectedResult => r.status === 'rejected')
      .map((r) => (r.reason as BenefitError).code);
    expect(refusals).toEqual(Array(4).fill('BENEFIT.NO_FREE_SEAT'));
    expect(await holdersOf('visual-studio-enterprise')).toHaveLength(3);
  });

  test('when the user already holds that subscription, then it is refused', async () => {
    await expectCode(
      service.assign(await actor(people.alex), {
        requestId: 'x',
        benefitId: 'visual-studio-enterprise',
        userId: people.leeGu.userId,
      }),
      'ASSIGNMENT.ALREADY_HOLDS',
    );
  });

  test.each([people.megan, people.adele, people.isaiah, people.ana])(
    'when $displayName (not a Global admin) tries, then it is refused and the Global admins are named (R1.3)',
    async (person) => {
      const err = await rejection(
        service.assign(await actor(person), {
          requestId: 'x',
          benefitId: 'visual-studio-professional',
          userId: people.ana.userId,
        }),
      );
      expect(err.code).toBe('ROLE.GLOBAL_ADMIN_REQUIRED');
      expect(err.details.admins).toEqual(['Alex Wilber']);
      expect(await holdersOf('visual-studio-professional')).toEqual([]);
    },
  );

  test('when a card names a user or benefit that does not exist, or one of another organisation, then nothing changes', async () => {
    const alex = await actor(people.alex);
    await expectCode(
      service.assign(alex, {
        requestId: 'x',
        benefitId: 'visual-studio-enterprise',
        userId: people.kenji.userId,
      }),
      'USER.NOT_FOUND',
    );
    await expectCode(
      service.assign(alex, {
        requestId: 'y',
        benefitId: 'no-such-benefit',
        userId: people.ana.userId,
      }),
      'BENEFIT.NOT_FOUND',
    );
    await expectCode(
      service.assign(alex, {
        requestId: 'z',
        benefitId: 'windows-11-enterprise',
        userId: people.ana.userId,
      }),
      'BENEFIT.NOT_ASSIGNABLE',
    );
    await expectCode(
      service.assign(alex, {
        requestId: '',
        benefitId: 'visual-studio-enterprise',
        userId: people.ana.userId,
      }),
      'REQUEST.ID_REQUIRED',
    );
  });
});

describe('removing and reassigning (R5.3)', () => {
  test('when a seat is reassigned, then the old holder loses it and the new one gets it, in one step', async () => {
    const alex = await actor(people.alex);
    const preview = await service.previewReassign(
      alex,
      'visual-studio-enterprise',
      people.leeGu.userId,
      people.ana.userId,
    );
    expect(preview).toMatchObject({
      from: { displayName: 'Lee Gu' },
      user: { displayName: 'Ana Bowman' },
      freeAfter: 2,
    });
    await service.reassign(alex, {
      requestId: 'r',
      benefitId: 'visual-studio-enterprise',
      fromUserId: people.leeGu.userId,
      toUserId: people.ana.userId,
    });
    expect(await holdersOf('visual-studio-enterprise')).toEqual([people.ana.userId]);
  });

  test('when a reassignment names someone who does not hold it, then nothing changes', async () => {
    await expectCode(
      service.reassign(await actor(people.alex), {
        requestId: 'r',
        benefitId: 'visual-studio-enterprise',
        fromUserId: people.ana.userId,
        toUserId: people.patti.userId,
      }),
      'ASSIGNMENT.NOT_HELD',
    );
    expect(await holdersOf('visual-studio-enterprise')).toEqual([people.leeGu.userId]);
  });

  test('when a user is removed, then the seat is free again; removing twice with the same request changes nothing', async () => {
    const alex = await actor(people.alex);
    const input = {
      requestId: 'rm',
      benefitId: 'visual-studio-enterprise',
      userId: people.leeGu.userId,
    };
    expect(await service.remove(alex, input)).toMatchObject({ freeAfter: 3, alreadyDone: false });
    expect(await service.remove(alex, input)).toMatchObject({ alreadyDone: true });
    await expectCode(service.remove(alex, { ...input, requestId: 'rm2' }), 'ASSIGNMENT.NOT_HELD');
  });
});

describe('support (R6.2, R6.3)', () => {
  const support = 'product-support-incidents';

  test.each([
    [undefined, 'ASSIGNMENT.ALTERNATIVE_EMAIL_REQUIRED'],
    ['not-an-email', 'EMAIL.INVALID'],
    ['PartnerCenter@Contoso.com', 'EMAIL.SAME_AS_PARTNER_CENTER'],
  ] as const)(
    'when the alternative email is %s, then it is refused with %s',
    async (alternativeEmail, code) => {
      await expectCode(
        service.assign(await actor(people.alex), {
          requestId: 's',
          benefitId: support,
          userId: people.patti.userId,
          ...(alternativeEmail ? { alternativeEmail } : {}),
        }),
        code,
      );
      expect(await holdersOf(support)).toEqual([]);
    },
  );

  test('when support is assigned with a good alternative email, then it is pending activation until an admin confirms it', async () => {
    const alex = await actor(people.alex);
    expect(
      (await service.previewAssign(alex, support, people.patti.userId)).needsAlternativeEmail,
    ).toBe(true);
    const outcome = await service.assign(alex, {
      requestId: 's',
      benefitId: support,
      userId: people.patti.userId,
      alternativeEmail: 'patti.f@outlook.com',
    });
    expect(outcome.state).toBe('pendingActivation');
    const active = await service.confirmActive(alex, {
      benefitId: support,
      userId: people.patti.userId,
    });
    expect(active).toMatchObject({ state: 'active', alreadyDone: false });
    const stored = (await stores.benefits.assignments(people.alex.tenantId)).find(
      (a) => a.benefitId === support,
    );
    expect(stored).toMatchObject({
      alternativeEmail: 'patti.f@outlook.com',
      activatedAt: NOW.toISOString(),
    });
    expect(
      await service.confirmActive(alex, { benefitId: support, userId: people.patti.userId }),
    ).toMatchObject({ alreadyDone: true });
  });

  test('when support already has a user, then a second is refused in favour of reassigning', async () => {
    const alex = await actor(people.alex);
    await service.assign(alex, {
      requestId: 's1',
      benefitId: support,
      userId: people.patti.userId,
      alternativeEmail: 'patti.f@outlook.com',
    });
    await expectCode(
      service.assign(alex, {
        requestId: 's2',
        benefitId: support,
        userId: people.ana.userId,
        alternativeEmail: 'ana.b@outlook.com',
      }),
      'BENEFIT.ALREADY_ASSIGNED',
    );
  });
});

describe('what every change leaves behind', () => {
  test('every change is in the audit log with who, what, when, before and after, and survives a restart', async () => {
    const alex = await actor(people.alex);
    await service.assign(alex, {
      requestId: 'a1',
      benefitId: 'visual-studio-professional',
      userId: people.ana.userId,
    });
    await service.reassign(alex, {
      requestId: 'a2',
      benefitId: 'visual-studio-professional',
      fromUserId: people.ana.userId,
      toUserId: people.patti.userId,
    });
    await service.remove(alex, {
      requestId: 'a3',
      benefitId: 'visual-studio-professional',
      userId: people.patti.userId,
    });
    await stores.close();
    const reopened = await reopenStores(stores);
    let audit: unknown[] = [];
    await reopened.benefits.unitOfWork(people.alex.tenantId, (data) => {
      audit = data.audit.map((e) => [
        e.action,
        e.actorId,
        e.subjectUserId,
        e.before,
        e.after,
        e.at,
      ]);
    });
    expect(audit).toEqual([
      [
        'benefit.assigned',
        people.alex.userId,
        people.ana.userId,
        null,
        { state: 'active', alternativeEmail: null },
        NOW.toISOString(),
      ],
      [
        'benefit.reassigned',
        people.alex.userId,
        people.patti.userId,
        { userId: people.ana.userId },
        { userId: people.patti.userId, state: 'active' },
        NOW.toISOString(),
      ],
      [
        'benefit.unassigned',
        people.alex.userId,
        people.patti.userId,
        { state: 'active' },
        null,
        NOW.toISOString(),
      ],
    ]);
    await reopened.close();
  });

  // The same on PostgreSQL: test/store-pg/failures.test.ts.
  testOnLowdb(
    'when the store cannot write, then the change is refused and memory still shows the old state',
    async () => {
      const alex = await actor(people.alex);
      const orgs = storeLayout(stores.dataFile).organisationsDir;
      await rm(orgs, { recursive: true });
      await writeFile(orgs, 'not a folder');
      await expectCode(
        service.assign(alex, {
          requestId: 'w',
          benefitId: 'visual-studio-professional',
          userId: people.ana.userId,
        }),
        'STORE.WRITE_FAILED',
      );
      expect(await holdersOf('visual-studio-professional')).toEqual([]);
    },
  );
});
