import { randomUUID } from 'node:crypto';
import type { Actor } from '../../services/access.service';
import { AssignmentService } from '../../services/assignment.service';
import { pinnedClock } from '../../services/clock';
import { BenefitError } from '../../services/errors';
import { changeOnce } from '../../services/rules';
import { NOW } from '../support/temp-store';
import { describeWithPostgres } from './pg-server';
import { ADMIN_ID, smallOrganisation, TENANT, userId, withPgDatabase } from './support';

const INSTANCES = 50;

describeWithPostgres('several instances on one database', () => {
  const { instance, sql } = withPgDatabase();
  let instances: Awaited<ReturnType<typeof instance>>[] = [];
  const admin: Actor = {
    tenantId: TENANT,
    organisationName: 'Northwind Partners',
    userId: ADMIN_ID,
    displayName: 'Nina Admin',
    roles: ['globalAdmin'],
  };
  const deps = (i: number) => ({
    store: instances[i % instances.length]!.benefits,
    clock: pinnedClock(NOW),
    newId: randomUUID,
  });

  /** `count` instances (each its own pool of one connection), every one having read the organisation once. */
  const startInstances = async (count: number) => {
    instances = [
      await instance({
        seed: () => [smallOrganisation({ people: INSTANCES + 20, seats: 3, taken: 2 })],
        max: 1,
      }),
    ];
    instances.push(
      ...(await Promise.all(
        Array.from({ length: count - 1 }, () => instance({ seed: () => [], max: 1 })),
      )),
    );
    await Promise.all(instances.map((s) => s.benefits.assignments(TENANT)));
  };

  /** The seat's holders as a fresh instance reads them. */
  const holders = async () =>
    (await (await instance({ seed: () => [] })).benefits.assignments(TENANT)).filter(
      (a) => a.benefitId === 'vs-pro',
    );

  test(`when ${INSTANCES} instances take the last free seat at once, then exactly one gets it`, async () => {
    await startInstances(INSTANCES);
    const results = await Promise.all(
      instances.map((stores, i) =>
        stores.benefits.unitOfWork(TENANT, (draft) => {
          const benefit = draft.benefits.find((b) => b.id === 'vs-pro');
          const held = draft.assignments.filter((a) => a.benefitId === 'vs-pro').length;
          if (!benefit || held >= benefit.quantity) return false;
          draft.assignments.push({
            id: `take-${i}`,
            benefitId: 'vs-pro',
            userId: userId(i + 10),
            state: 'active',
            assignedAt: NOW.toISOString(),
            assignedBy: ADMIN_ID,
            alternativeEmail: null,
            activatedAt: NOW.toISOString(),
          });
          return true;
        }),
      ),
    );
    expect(results.filter(Boolean)).toHaveLength(1);
    expect(await holders()).toHaveLength(3);
  });

  test(`when ${INSTANCES} admins on different instances assign the last seat through the assignment service, then one succeeds and the others are told no seat is free`, async () => {
    await startInstances(INSTANCES);
    const outcomes = await Promise.allSettled(
      instances.map((_, i) =>
        new AssignmentService(deps(i)).assign(admin, {
          requestId: `confirm-${i}`,
          benefitId: 'vs-pro',
          userId: userId(i + 10),
        }),
      ),
    );
    expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
    const refusals = outcomes.flatMap((o) => (o.status === 'rejected' ? [o.reason] : []));
    expect(
      refusals.every((r) => r instanceof BenefitError && r.code === 'BENEFIT.NO_FREE_SEAT'),
    ).toBe(true);
    expect(await holders()).toHaveLength(3);
  });

  test('when the same Confirm reaches two instances at once, then the change is made once (20 rounds)', async () => {
    await startInstances(2);
    for (let round = 0; round < 20; round++) {
      const requestId = `confirm-${round}`;
      const confirm = (i: number) =>
        changeOnce(deps(i), admin, { requestId }, 'benefit.assigned', (data, alreadyDone) => {
          if (!alreadyDone)
            data.assignments.push({
              id: randomUUID(),
              benefitId: 'vs-pro',
              userId: userId(round),
              state: 'active',
              assignedAt: NOW.toISOString(),
              assignedBy: ADMIN_ID,
              alternativeEmail: null,
              activatedAt: null,
            });
          return alreadyDone;
        });
      const done = await Promise.all([confirm(0), confirm(1)]);
      expect(done.sort()).toEqual([false, true]);
    }
    expect(await (await instance({ seed: () => [] })).benefits.assignments(TENANT)).toHaveLength(
      2 + 20,
    );
  });

  test('when a request id was recorded behind this instance’s back, then the unique key refuses the change with STORE.WRITE_FAILED and nothing changes', async () => {
    await startInstances(1);
    const [stores] = instances;
    const before = await stores!.benefits.assignments(TENANT);
    // Written without the row lock and without bumping the version: the cache cannot know.
    await sql(
      `INSERT INTO processed_requests (tenant_id, id, position, doc) VALUES ($1, 'sneaky', 99, $2)`,
      [
        TENANT,
        JSON.stringify({
          id: 'sneaky',
          at: NOW.toISOString(),
          actorId: ADMIN_ID,
          action: 'benefit.assigned',
        }),
      ],
    );
    const err = await new AssignmentService(deps(0))
      .assign(admin, { requestId: 'sneaky', benefitId: 'vs-pro', userId: userId(40) })
      .catch((e: unknown) => e);
    expect(err).toMatchObject({ code: 'STORE.WRITE_FAILED', details: { reason: '23505' } });
    expect(await holders()).toEqual(before);
  });
});
