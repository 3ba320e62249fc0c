import { BenefitError } from '../../services/errors';
import type { OrganisationData } from '../../services/model';
import { rejection } from '../support/service-test';
import { NOW } from '../support/temp-store';
import { describeWithPostgres } from './pg-server';
import { ADMIN_ID, smallOrganisation, TENANT, userId, withPgDatabase } from './support';

const newAssignment = (id: string, user: string) => ({
  id,
  benefitId: 'vs-pro',
  userId: user,
  state: 'active' as const,
  assignedAt: NOW.toISOString(),
  assignedBy: ADMIN_ID,
  alternativeEmail: null,
  activatedAt: null,
});

describeWithPostgres('a change that fails changes nothing', () => {
  const { instance, sql } = withPgDatabase();

  /** An instance on a new organisation, and what it and the database hold before the change tried. */
  async function setUp() {
    const stores = await instance({
      seed: () => [smallOrganisation({ people: 3, seats: 3, taken: 1 })],
    });
    await stores.benefits.unitOfWork(
      TENANT,
      (d) =>
        void d.audit.push({
          id: 'a1',
          at: NOW.toISOString(),
          actorId: ADMIN_ID,
          action: 'benefit.assigned',
          benefitId: 'vs-pro',
          subjectUserId: userId(0),
          before: null,
          after: null,
        }),
    );
    const snapshot = () => whole(stores);
    return { stores, before: await snapshot(), rows: await tableRows(), snapshot };
  }
  async function whole(
    stores: Awaited<ReturnType<typeof instance>>,
  ): Promise<Partial<OrganisationData>> {
    const b = stores.benefits;
    return {
      organisation: await b.organisation(TENANT),
      users: [...(await b.users(TENANT))],
      benefits: [...(await b.benefits(TENANT))],
      assignments: [...(await b.assignments(TENANT))],
      audit: [...(await b.auditEntries(TENANT))],
      requests: [...(await b.requests(TENANT))],
    };
  }
  const tableRows = () =>
    sql(`SELECT 'org' AS t, tenant_id AS id, version::text || organisation || notifications AS doc FROM organisations
    UNION ALL SELECT kind, id, position::text || doc FROM org_rows UNION ALL SELECT 'audit', seq::text, doc FROM audit
    UNION ALL SELECT 'processed', id, doc FROM processed_requests UNION ALL SELECT 'outbox', id, doc FROM outbox ORDER BY 1, 2`);

  /** Nothing changed: not in this instance, not for a fresh one, not in the database. */
  async function expectUnchanged(setup: Awaited<ReturnType<typeof setUp>>) {
    expect(await setup.snapshot()).toEqual(setup.before);
    expect(await whole(await instance({ seed: () => [] }))).toEqual(setup.before);
    expect(await tableRows()).toEqual(setup.rows);
  }

  test('when the work throws, then the same error reaches the caller and nothing changes', async () => {
    const setup = await setUp();
    const thrown = new BenefitError('BENEFIT.NO_FREE_SEAT');
    const err = await rejection(
      setup.stores.benefits.unitOfWork(TENANT, (d) => {
        d.assignments.push(newAssignment('x', userId(1)));
        d.organisation.name = 'Changed';
        throw thrown;
      }),
    );
    expect(err).toBe(thrown);
    await expectUnchanged(setup);
  });

  test('when async work rejects after changing the draft, then nothing changes', async () => {
    const setup = await setUp();
    const failure = new Error('directory unavailable');
    await expect(
      setup.stores.benefits.unitOfWork(TENANT, async (d) => {
        d.users.splice(0, 1);
        await new Promise((resolve) => setTimeout(resolve, 5));
        throw failure;
      }),
    ).rejects.toBe(failure);
    await expectUnchanged(setup);
  });

  test.each<[string, (d: OrganisationData) => void, RegExp]>([
    [
      'an assignment names a user who does not exist',
      (d) => void d.assignments.push(newAssignment('x', 'nobody')),
      /^invalid: assignments\[2\]\.userId: no user "nobody"/,
    ],
    [
      'a quantity is negative',
      (d) => void (d.benefits[0] && (d.benefits[0].quantity = -1)),
      /^invalid: benefits\[0\]\.quantity/,
    ],
    [
      'a user who holds a seat is removed',
      (d) =>
        void d.users.splice(
          d.users.findIndex((u) => u.id === d.assignments[0]?.userId),
          1,
        ),
      /^invalid: assignments\[0\]\.userId: no user/,
    ],
    [
      'the fourth user is replaced by one without a name',
      (d) => void (d.users[3] = { ...d.users[3]!, displayName: 42 as unknown as string }),
      /^invalid: users\[3\]\.displayName/,
    ],
    [
      'two users share an id',
      (d) => void (d.users[2] && d.users.push({ ...d.users[2] })),
      /^invalid: users: two elements have the id/,
    ],
    [
      'an audit entry is removed',
      (d) => void d.audit.pop(),
      /^invalid: audit: entries are never removed/,
    ],
    [
      'an audit entry is replaced by another',
      (d) => void (d.audit[0] = { ...d.audit[0]!, id: 'other' }),
      /^invalid: audit\[0\]: entries are never removed or reordered/,
    ],
    [
      'the tenant id changes',
      (d) => void (d.organisation.tenantId = 'someone-else'),
      /^invalid: organisation\.tenantId: cannot change/,
    ],
  ])(
    'when %s, then the change is refused with STORE.WRITE_FAILED and nothing changes',
    async (_name, change, reason) => {
      const setup = await setUp();
      const err = await rejection(
        setup.stores.benefits.unitOfWork(TENANT, (d) => {
          d.assignments.push(newAssignment('fine', userId(2)));
          change(d);
        }),
      );
      expect(err.code).toBe('STORE.WRITE_FAILED');
      expect(err.details.reason).toMatch(reason);
      await expectUnchanged(setup);
    },
  );

  test('when the database fails part-way through the write, then the change is refused with STORE.WRITE_FAILED, nothing changes, and the next change works', async () => {
    const setup = await setUp();
    await sql(`CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full (simulated)' USING ERRCODE = '53100'; END $$;
      CREATE TRIGGER refuse BEFORE INSERT ON audit FOR EACH ROW EXECUTE FUNCTION refuse()`);
    const err = await rejection(
      setup.stores.benefits.unitOfWork(TENANT, (d) => {
        d.assignments.push(newAssignment('x', userId(1)));
        d.audit.push({
          id: 'a2',
          at: NOW.toISOString(),
          actorId: ADMIN_ID,
          action: 'benefit.assigned',
          benefitId: 'vs-pro',
          subjectUserId: userId(1),
          before: null,
          after: null,
        });
      }),
    );
    expect(err).toMatchObject({ code: 'STORE.WRITE_FAILED', details: { reason: '53100' } });
    await expectUnchanged(setup);
    await sql('DROP TRIGGER refuse ON audit');
    await setup.stores.benefits.unitOfWork(
      TENANT,
      (d) => void d.assignments.push(newAssignment('x', userId(1))),
    );
    expect(await (await instance({ seed: () => [] })).benefits.assignments(TENANT)).toHaveLength(2);
  });

  test('when the connection is cut while the work runs, then the change is refused with STORE.WRITE_FAILED, nothing changes, and the next change reconnects', async () => {
    const setup = await setUp();
    const cut = () =>
      sql(
        `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname = current_database() AND backend_type = 'client backend'`,
      );
    const err = await rejection(
      setup.stores.benefits.unitOfWork(TENANT, async (d) => {
        d.assignments.push(newAssignment('x', userId(1)));
        await cut();
        await new Promise((resolve) => setTimeout(resolve, 20));
      }),
    );
    expect(err).toMatchObject({ code: 'STORE.WRITE_FAILED' });
    await expectUnchanged(setup);
    await setup.stores.benefits.unitOfWork(
      TENANT,
      (d) => void d.assignments.push(newAssignment('y', userId(2))),
    );
    expect((await setup.stores.benefits.assignments(TENANT)).map((a) => a.id)).toEqual([
      'held-0',
      'y',
    ]);
  });

  test('when idle connections are cut, then the process carries on and the next read reconnects', async () => {
    const setup = await setUp();
    await sql(
      `SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE pid <> pg_backend_pid() AND datname = current_database() AND backend_type = 'client backend'`,
    );
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(await setup.stores.benefits.assignments(TENANT)).toEqual(setup.before.assignments);
  });
});
