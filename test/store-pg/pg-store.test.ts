import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { AssignmentService } from '../../services/assignment.service';
import { pinnedClock } from '../../services/clock';
import { BenefitError } from '../../services/errors';
import type { OrganisationData } from '../../services/model';
import { ETagConflictError } from '../../services/ports';
import { PgStoreError, positionsFor } from '../../services/store/pg/pg-store';
import { CONTOSO_TENANT, FABRIKAM_TENANT, people, UNKNOWN_TENANT } from '../support/people';
import { actorIn, expectCode } from '../support/service-test';
import { NOW } from '../support/temp-store';
import { describeWithPostgres } from './pg-server';
import { smallOrganisation, TENANT, withPgDatabase } from './support';

const VS_ENTERPRISE = 'visual-studio-enterprise';

describeWithPostgres('the PostgreSQL store', () => {
  const { instance, sql } = withPgDatabase();

  describe('what the embedded store does, too', () => {
    test('when the database is empty, then it is created with the two demo organisations, each held as rows', async () => {
      const stores = await instance();
      expect(stores.created).toBe(true);
      expect((await stores.benefits.tenantIds()).sort()).toEqual([CONTOSO_TENANT, FABRIKAM_TENANT]);
      expect(await stores.benefits.organisation(CONTOSO_TENANT)).toMatchObject({
        name: 'Contoso Partners',
      });
      expect(await stores.benefits.users(CONTOSO_TENANT)).toHaveLength(14);
      const counts = await sql<{ kind: string; n: string }>(
        'SELECT kind, count(*)::text AS n FROM org_rows WHERE tenant_id = $1 GROUP BY kind ORDER BY kind',
        [CONTOSO_TENANT],
      );
      expect(counts).toEqual([
        { kind: 'assignments', n: '1' },
        { kind: 'benefits', n: String((await stores.benefits.benefits(CONTOSO_TENANT)).length) },
        { kind: 'users', n: '14' },
      ]);
    });

    test('when the bot restarts on an existing database, then the data is read back, not re-seeded', async () => {
      await (await instance()).close();
      const second = await instance({ seed: () => [] });
      expect(second.created).toBe(false);
      expect(await second.benefits.user(CONTOSO_TENANT, people.leeGu.userId)).toMatchObject({
        displayName: 'Lee Gu',
      });
      expect(await sql('SELECT 1 FROM organisations')).toHaveLength(2);
    });

    test('when an organisation in the database fails validation, then reading it stops with a sentence naming the tenant and the field, and it is left untouched', async () => {
      await (await instance()).close();
      await sql(
        `UPDATE org_rows SET doc = replace(doc, '"quantity":3', '"quantity":"three"') WHERE tenant_id = $1 AND kind = 'benefits' AND id = $2`,
        [CONTOSO_TENANT, VS_ENTERPRISE],
      );
      const damaged = (
        await sql<{ doc: string }>(`SELECT doc FROM org_rows WHERE tenant_id = $1 AND id = $2`, [
          CONTOSO_TENANT,
          VS_ENTERPRISE,
        ])
      )[0]?.doc;
      const stores = await instance();
      const reading = stores.benefits.benefits(CONTOSO_TENANT);
      await expect(reading).rejects.toThrow(PgStoreError);
      await expect(reading).rejects.toThrow(
        new RegExp(`${CONTOSO_TENANT}.*benefits\\[\\d+\\]\\.quantity`),
      );
      await expectCode(
        stores.benefits.unitOfWork(CONTOSO_TENANT, () => undefined),
        'STORE.WRITE_FAILED',
      );
      expect(
        (
          await sql<{ doc: string }>(`SELECT doc FROM org_rows WHERE tenant_id = $1 AND id = $2`, [
            CONTOSO_TENANT,
            VS_ENTERPRISE,
          ])
        )[0]?.doc,
      ).toBe(damaged);
      // Other organisations are still served.
      expect(await stores.benefits.users(FABRIKAM_TENANT)).toHaveLength(2);
    });

    test('when state is written with a stale eTag, then the write is refused and the stored value kept', async () => {
      const { state } = await instance();
      await state.write(new Map([['conv/1', { doc: { step: 1 } }]]));
      const eTag = (await state.read(['conv/1'])).get('conv/1')?.eTag ?? '';
      await state.write(new Map([['conv/1', { doc: { step: 2 }, eTag }]]));
      await expect(state.write(new Map([['conv/1', { doc: { step: 3 }, eTag }]]))).rejects.toThrow(
        ETagConflictError,
      );
      expect((await state.read(['conv/1'])).get('conv/1')?.doc).toEqual({ step: 2 });
      await state.write(new Map([['conv/1', { doc: { step: 4 }, eTag: '*' }]]));
      expect((await state.read(['conv/1'])).get('conv/1')?.doc).toEqual({ step: 4 });
    });

    test('when a write names an eTag for a key never stored, then it is written (as the embedded store does), with a new eTag each time', async () => {
      const { state } = await instance();
      await state.write(new Map([['fresh', { doc: { v: 1 }, eTag: 'made-up' }]]));
      const first = (await state.read(['fresh'])).get('fresh');
      expect(first?.doc).toEqual({ v: 1 });
      await state.write(new Map([['fresh', { doc: { v: 2 } }]]));
      const second = (await state.read(['fresh'])).get('fresh');
      expect(second?.eTag).not.toBe(first?.eTag);
    });

    test('when one of several keys has a stale eTag, then none of them is written', async () => {
      const { state } = await instance();
      await state.write(
        new Map([
          ['a', { doc: { v: 1 } }],
          ['b', { doc: { v: 1 } }],
        ]),
      );
      const read = await state.read(['a', 'b']);
      await state.write(new Map([['b', { doc: { v: 2 } }]]));
      const writing = state.write(
        new Map([
          ['a', { doc: { v: 3 }, eTag: read.get('a')?.eTag }],
          ['b', { doc: { v: 3 }, eTag: read.get('b')?.eTag }],
        ]),
      );
      await expect(writing).rejects.toThrow(new ETagConflictError('b').message);
      const after = await state.read(['a', 'b']);
      expect([after.get('a')?.doc, after.get('b')?.doc]).toEqual([{ v: 1 }, { v: 2 }]);
    });

    test('when two instances write one key with the same eTag at once, then exactly one succeeds', async () => {
      const [a, b] = [await instance(), await instance()];
      await a.state.write(new Map([['k', { doc: { v: 0 } }]]));
      const eTag = (await a.state.read(['k'])).get('k')?.eTag;
      const results = await Promise.allSettled([
        a.state.write(new Map([['k', { doc: { v: 'a' }, eTag }]])),
        b.state.write(new Map([['k', { doc: { v: 'b' }, eTag }]])),
      ]);
      expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
      expect(
        results.filter((r) => r.status === 'rejected' && r.reason instanceof ETagConflictError),
      ).toHaveLength(1);
    });

    test('when state is deleted, then it reads as absent', async () => {
      const { state } = await instance();
      await state.write(
        new Map([
          ['a', { doc: { v: 1 } }],
          ['b', { doc: { v: 1 } }],
        ]),
      );
      await state.delete(['a']);
      expect([...(await state.read(['a', 'b'])).keys()]).toEqual(['b']);
    });

    test('when many callers of several instances claim the same marker at once, then exactly one is first, and it stays claimed after a restart', async () => {
      const instances = [await instance(), await instance(), await instance()];
      const results = await Promise.all(
        Array.from({ length: 21 }, (_, i) => instances[i % 3]?.state.claimOnce('welcome:c1')),
      );
      expect(results.filter(Boolean)).toHaveLength(1);
      const reopened = await instance();
      expect(await reopened.state.claimOnce('welcome:c1')).toBe(false);
      expect(await reopened.state.claimOnce('welcome:c2')).toBe(true);
    });

    test('when a state write fails in the database, then it rejects and the stored value is kept', async () => {
      const { state } = await instance();
      await state.write(new Map([['k', { doc: { v: 1 } }]]));
      await sql(`CREATE FUNCTION refuse() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'disk full (simulated)'; END $$;
        CREATE TRIGGER refuse BEFORE UPDATE ON state FOR EACH ROW EXECUTE FUNCTION refuse()`);
      await expect(state.write(new Map([['k', { doc: { v: 2 } }]]))).rejects.toThrow(/disk full/);
      expect((await state.read(['k'])).get('k')?.doc).toEqual({ v: 1 });
    });

    test('when a tenant is unknown, then reads find nothing and a unit of work is refused with ORG.UNKNOWN_TENANT', async () => {
      const { benefits } = await instance();
      expect(await benefits.organisation(UNKNOWN_TENANT)).toBeUndefined();
      expect(await benefits.users(UNKNOWN_TENANT)).toEqual([]);
      expect(await benefits.notificationSettings(UNKNOWN_TENANT)).toEqual({
        channelConversationId: null,
        language: 'en',
        conversations: [],
        remindersSent: [],
      });
      await expectCode(
        benefits.unitOfWork(UNKNOWN_TENANT, () => undefined),
        'ORG.UNKNOWN_TENANT',
      );
    });

    test('when an organisation is added, then every instance sees it; adding it again is refused and changes nothing', async () => {
      const [a, b] = [await instance(), await instance()];
      const org = smallOrganisation({ people: 3, seats: 2, taken: 1 });
      await a.benefits.createOrganisation(org);
      expect(await b.benefits.assignments(TENANT)).toEqual(org.assignments);
      const again = { ...org, organisation: { ...org.organisation, name: 'Changed' } };
      await expect(b.benefits.createOrganisation(again)).rejects.toThrow(
        new PgStoreError(`Organisation ${TENANT} already exists.`).message,
      );
      expect((await a.benefits.organisation(TENANT))?.name).toBe('Northwind Partners');
    });
  });

  describe('reads and the per-instance cache', () => {
    test('when another instance changes an organisation, then the next read here sees the change', async () => {
      const [a, b] = [await instance(), await instance()];
      expect(await a.benefits.assignments(CONTOSO_TENANT)).toHaveLength(1);
      await b.benefits.unitOfWork(CONTOSO_TENANT, (draft) => {
        draft.organisation.name = 'Contoso Renamed';
      });
      expect((await a.benefits.organisation(CONTOSO_TENANT))?.name).toBe('Contoso Renamed');
    });

    test('round trips: a read costs 1 when the cache is current and 2 when not; a unit of work 4 (5 with a stale cache, 3 when nothing changed)', async () => {
      const [a, b] = [await instance(), await instance()];
      const cost = async (action: () => Promise<unknown>) => {
        const before = a.roundTrips();
        await action();
        return a.roundTrips() - before;
      };
      await a.benefits.users(CONTOSO_TENANT);
      expect(await cost(() => a.benefits.users(CONTOSO_TENANT))).toBe(1);
      expect(await cost(() => a.benefits.user(CONTOSO_TENANT, people.ana.userId))).toBe(1);
      expect(
        await cost(() =>
          a.benefits.unitOfWork(
            CONTOSO_TENANT,
            (d) => void (d.organisation.competencies = ['Data']),
          ),
        ),
      ).toBe(4);
      expect(await cost(() => a.benefits.unitOfWork(CONTOSO_TENANT, () => 'nothing'))).toBe(3);
      await b.benefits.unitOfWork(
        CONTOSO_TENANT,
        (d) => void (d.organisation.competencies = ['AI']),
      );
      expect(await cost(() => a.benefits.organisation(CONTOSO_TENANT))).toBe(2);
      await b.benefits.unitOfWork(
        CONTOSO_TENANT,
        (d) => void (d.organisation.competencies = ['Security']),
      );
      expect(
        await cost(() =>
          a.benefits.unitOfWork(
            CONTOSO_TENANT,
            (d) => void d.organisation.competencies.push('Data'),
          ),
        ),
      ).toBe(5);
      expect(await cost(() => a.state.read(['k']))).toBe(1);
      expect(await cost(() => a.state.write(new Map([['k', { doc: {} }]])))).toBe(1);
      expect(
        await cost(() =>
          a.state.write(
            new Map([
              ['k', { doc: {} }],
              ['l', { doc: {} }],
            ]),
          ),
        ),
      ).toBe(3);
      expect(await cost(() => a.state.claimOnce('x'))).toBe(1);
    });

    test("in one reader's view (a turn), the version is asked once per organisation; the view sees its own changes, and another instance's only in the next view", async () => {
      const [a, b] = [await instance(), await instance()];
      const view = <T>(work: () => Promise<T>): Promise<T> => a.benefits.readView(work);
      await a.benefits.users(CONTOSO_TENANT);
      const before = a.roundTrips();
      const seen = await view(async () => {
        await a.benefits.users(CONTOSO_TENANT);
        await a.benefits.benefits(CONTOSO_TENANT);
        await a.benefits.assignments(CONTOSO_TENANT);
        await b.benefits.unitOfWork(
          CONTOSO_TENANT,
          (d) => void (d.organisation.name = 'Contoso by b'),
        );
        const during = (await a.benefits.organisation(CONTOSO_TENANT))?.name;
        await a.benefits.unitOfWork(
          CONTOSO_TENANT,
          (d) => void (d.organisation.competencies = ['Mine']),
        );
        const mine = await a.benefits.organisation(CONTOSO_TENANT);
        return { during, mine };
      });
      // 1 version check, then the unit of work: 5 (its copy was stale: b had changed it).
      expect(a.roundTrips() - before).toBe(6);
      expect(seen.during).toBe('Contoso Partners');
      expect(seen.mine).toMatchObject({ name: 'Contoso by b', competencies: ['Mine'] });
      await b.benefits.unitOfWork(
        CONTOSO_TENANT,
        (d) => void (d.organisation.name = 'Contoso again'),
      );
      expect(await view(async () => (await a.benefits.organisation(CONTOSO_TENANT))?.name)).toBe(
        'Contoso again',
      );
    });

    test('when another instance appends to, edits, removes from or inserts into the audit log and processed requests, then this instance reads exactly what a fresh one does', async () => {
      const [a, b] = [await instance(), await instance()];
      const entry = (id: string) => ({
        id,
        at: NOW.toISOString(),
        actorId: people.alex.userId,
        action: 'benefit.assigned' as const,
        benefitId: null,
        subjectUserId: null,
        before: null,
        after: null,
      });
      const processed = (id: string) => ({
        id,
        at: NOW.toISOString(),
        actorId: people.alex.userId,
        action: 'benefit.assigned' as const,
      });
      const history = async (stores: typeof a) => ({
        audit: await stores.benefits.auditEntries(CONTOSO_TENANT),
        processed: await stores.benefits.unitOfWork(CONTOSO_TENANT, (d) =>
          structuredClone(d.processedRequests),
        ),
      });
      const changes: ((d: OrganisationData) => void)[] = [
        (d) =>
          void (
            d.audit.push(entry('e1'), entry('e2')),
            d.processedRequests.push(processed('p1'), processed('p2'))
          ),
        (d) => void (d.audit.push(entry('e3')), d.processedRequests.push(processed('p3'))),
        (d) =>
          void (
            d.audit[0] && (d.audit[0].actorId = 'renamed'),
            d.processedRequests[1] && (d.processedRequests[1].actorId = 'renamed')
          ),
        (d) => void d.processedRequests.splice(1, 0, processed('p-middle')),
        (d) => void (d.processedRequests = d.processedRequests.filter((p) => p.id !== 'p1')),
        (d) => void (d.audit.push(entry('e4')), d.processedRequests.push(processed('p4'))),
      ];
      await history(a);
      for (const change of changes) {
        await b.benefits.unitOfWork(CONTOSO_TENANT, change);
        const fresh = await history(await instance());
        expect(await history(a)).toEqual(fresh);
        expect(await history(b)).toEqual(fresh);
      }
      const last = await history(a);
      expect(last.audit.map((e) => [e.id, e.actorId])).toEqual([
        ['e1', 'renamed'],
        ['e2', people.alex.userId],
        ['e3', people.alex.userId],
        ['e4', people.alex.userId],
      ]);
      expect(last.processed.map((p) => p.id)).toEqual(['p-middle', 'p2', 'p3', 'p4']);
    });

    test('when one instance runs 20 units of work on an organisation at once, then they run one after the other, each from the one before, without reloading it', async () => {
      const a = await instance({ max: 10 });
      await a.benefits.users(CONTOSO_TENANT);
      const before = a.roundTrips();
      const order: number[] = [];
      await Promise.all(
        Array.from({ length: 20 }, (_, i) =>
          a.benefits.unitOfWork(
            CONTOSO_TENANT,
            (d) => void (order.push(i), d.organisation.competencies.push(`c${i}`)),
          ),
        ),
      );
      expect(a.roundTrips() - before).toBe(20 * 4);
      expect(order).toEqual(Array.from({ length: 20 }, (_, i) => i));
      expect((await a.benefits.organisation(CONTOSO_TENANT))?.competencies.slice(-20)).toEqual(
        Array.from({ length: 20 }, (_, i) => `c${i}`),
      );
    });

    test('when another instance changed one user, then this instance reloads and keeps its other users as they were (not parsed and checked again)', async () => {
      const [a, b] = [await instance(), await instance()];
      const before = await a.benefits.users(CONTOSO_TENANT);
      await b.benefits.unitOfWork(
        CONTOSO_TENANT,
        (d) => void (d.users[1] = { ...d.users[1]!, aliases: ['Changed'] }),
      );
      const after = await a.benefits.users(CONTOSO_TENANT);
      expect(after[0]).toBe(before[0]);
      expect(after[2]).toBe(before[2]);
      expect(after[1]).not.toBe(before[1]);
      expect(after[1]?.aliases).toEqual(['Changed']);
      expect(after).toEqual(await (await instance()).benefits.users(CONTOSO_TENANT));
    });

    test('when several reads of a changed organisation run at once, then they share one load', async () => {
      const [a, b] = [await instance({ max: 10 }), await instance()];
      await a.benefits.users(CONTOSO_TENANT);
      await b.benefits.unitOfWork(CONTOSO_TENANT, (d) => void (d.organisation.name = 'Contoso 2'));
      const before = a.roundTrips();
      const reads = await Promise.all([
        a.benefits.organisation(CONTOSO_TENANT),
        a.benefits.users(CONTOSO_TENANT),
        a.benefits.benefits(CONTOSO_TENANT),
        a.benefits.assignments(CONTOSO_TENANT),
      ]);
      expect(reads[0]?.name).toBe('Contoso 2');
      expect(a.roundTrips() - before).toBe(5);
    });
  });

  describe('units of work write only what changed', () => {
    const rowVersions = async () =>
      Object.fromEntries(
        (
          await sql<{ key: string; xmin: string }>(
            `SELECT kind || '/' || id AS key, xmin::text FROM org_rows WHERE tenant_id = $1`,
            [CONTOSO_TENANT],
          )
        ).map((r) => [r.key, r.xmin]),
      );

    test('when a seat is assigned, then one assignment row and one audit row are added and no other row is rewritten', async () => {
      const stores = await instance();
      const service = new AssignmentService({
        store: stores.benefits,
        clock: pinnedClock(NOW),
        newId: randomUUID,
      });
      const before = await rowVersions();
      await service.assign(await actorIn(stores.benefits, people.alex), {
        requestId: 'r1',
        benefitId: VS_ENTERPRISE,
        userId: people.ana.userId,
      });
      const after = await rowVersions();
      const changed = Object.keys(after).filter((k) => after[k] !== before[k]);
      expect(changed).toEqual([expect.stringMatching(/^assignments\//)]);
      expect(await sql('SELECT id FROM audit WHERE tenant_id = $1', [CONTOSO_TENANT])).toHaveLength(
        1,
      );
      expect(
        await sql('SELECT id FROM processed_requests WHERE tenant_id = $1', [CONTOSO_TENANT]),
      ).toEqual([{ id: 'r1' }]);
      expect(
        await sql('SELECT status FROM outbox WHERE tenant_id = $1', [CONTOSO_TENANT]),
      ).not.toHaveLength(0);
      // A fresh instance reads back what this one holds.
      const fresh = await instance();
      for (const read of [
        'assignments',
        'auditEntries',
        'pendingNotifications',
        'users',
        'benefits',
      ] as const) {
        expect(await fresh.benefits[read](CONTOSO_TENANT)).toEqual(
          await stores.benefits[read](CONTOSO_TENANT),
        );
      }
    });

    test('when an element is removed from the middle or moved, then the order is kept and the untouched elements are not rewritten', async () => {
      const stores = await instance();
      const before = await rowVersions();
      const ids = (await stores.benefits.users(CONTOSO_TENANT)).map((u) => u.id);
      await stores.benefits.unitOfWork(CONTOSO_TENANT, (d) => {
        d.users = d.users.filter((u) => u.id !== people.isaiah.userId);
      });
      let after = await rowVersions();
      expect(Object.keys(after).filter((k) => after[k] !== before[k])).toEqual([]);
      await stores.benefits.unitOfWork(CONTOSO_TENANT, (d) => {
        const last = d.users.pop();
        if (last) d.users.unshift(last);
        d.users.splice(3, 0, {
          id: 'new-user',
          displayName: 'New',
          aliases: [],
          email: 'new@contoso.com',
          roles: [],
        });
      });
      after = await rowVersions();
      expect(
        Object.keys(after)
          .filter((k) => after[k] !== before[k])
          .sort(),
      ).toEqual([`users/${ids.at(-1)}`, 'users/new-user']);
      const expected = [
        ids.at(-1),
        ...ids.slice(0, -1).filter((id) => id !== people.isaiah.userId),
      ];
      expected.splice(3, 0, 'new-user');
      expect((await (await instance()).benefits.users(CONTOSO_TENANT)).map((u) => u.id)).toEqual(
        expected,
      );
    });

    test('when an audit entry is edited in place (a user id changes), then it is updated where it stands', async () => {
      const stores = await instance();
      const service = new AssignmentService({
        store: stores.benefits,
        clock: pinnedClock(NOW),
        newId: randomUUID,
      });
      const alex = await actorIn(stores.benefits, people.alex);
      await service.assign(alex, {
        requestId: 'r1',
        benefitId: VS_ENTERPRISE,
        userId: people.ana.userId,
      });
      await service.assign(alex, {
        requestId: 'r2',
        benefitId: VS_ENTERPRISE,
        userId: people.patti.userId,
      });
      await stores.benefits.unitOfWork(CONTOSO_TENANT, (d) => {
        for (const e of d.audit) e.actorId = 'renamed-admin';
        for (const p of d.processedRequests) p.actorId = 'renamed-admin';
      });
      const fresh = await instance();
      const audit = await fresh.benefits.auditEntries(CONTOSO_TENANT);
      expect(audit.map((e) => [e.subjectUserId, e.actorId])).toEqual([
        [people.ana.userId, 'renamed-admin'],
        [people.patti.userId, 'renamed-admin'],
      ]);
      expect(
        await sql('SELECT seq FROM audit WHERE tenant_id = $1', [CONTOSO_TENANT]),
      ).toHaveLength(2);
    });
  });

  describe('positions', () => {
    test('whatever the change to a list, new positions are strictly increasing and elements that kept their order keep their positions', () => {
      fc.assert(
        fc.property(
          fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 30 }),
          fc.uniqueArray(fc.integer({ min: 0, max: 40 }), { maxLength: 30 }),
          (stored, wanted) => {
            const previous = new Map(stored.map((id, i) => [id, i * 1.5]));
            const positions = positionsFor(wanted.map((id) => previous.get(id)));
            expect(positions.every((p, i) => i === 0 || p > (positions[i - 1] as number))).toBe(
              true,
            );
            // A list that only appends or removes keeps every surviving position.
            const onlyAppendsOrRemovals = wanted
              .filter((id) => previous.has(id))
              .every(
                (id, i, kept) =>
                  i === 0 ||
                  (previous.get(id) as number) > (previous.get(kept[i - 1] as number) as number),
              );
            if (onlyAppendsOrRemovals)
              wanted.forEach(
                (id, i) => previous.has(id) && expect(positions[i]).toBe(previous.get(id)),
              );
          },
        ),
      );
    });

    test('when elements are inserted at one place again and again, then positions stay ordered (renumbering when doubles run out)', () => {
      let stored: number[] = [0, 1];
      for (let round = 0; round < 80; round++) {
        stored = positionsFor([stored[0], undefined, ...stored.slice(1)]);
        expect(stored.every((p, i) => i === 0 || p > (stored[i - 1] as number))).toBe(true);
      }
    });
  });

  test('BenefitError is what a unit of work reports for a change it cannot store', async () => {
    const stores = await instance();
    await stores.benefits.createOrganisation(smallOrganisation({ people: 1, seats: 1, taken: 0 }));
    const err = await stores.benefits
      .unitOfWork(TENANT, (d) => void (d.benefits[0] && (d.benefits[0].quantity = -1)))
      .catch((e: unknown) => e);
    expect(err).toBeInstanceOf(BenefitError);
    expect(err).toMatchObject({
      code: 'STORE.WRITE_FAILED',
      details: { reason: expect.stringMatching(/^invalid: benefits\[0\]\.quantity/) },
    });
  });
});
