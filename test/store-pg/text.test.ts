import fc from 'fast-check';
import type { OrganisationData } from '../../services/model';
import type { OutboxItem } from '../../services/notifications/model';
import { sameNotification } from '../../services/notifications/outbox';
import { NOW } from '../support/temp-store';
import { describeWithPostgres } from './pg-server';
import { ADMIN_ID, smallOrganisation, TENANT, userId, withPgDatabase } from './support';

/** Text PostgreSQL's jsonb refuses (U+0000, lone surrogates) next to ordinary and wide characters. */
const AWKWARD = 'a\u0000b \ud800 \udc00 😀 田中 "quoted" \\ back\\u0000slash';

function organisationWithAwkwardText(): OrganisationData {
  const org = smallOrganisation({ people: 2, seats: 2, taken: 0 });
  const person = org.users[1];
  if (person) person.displayName = `Ana${AWKWARD}`;
  org.requests.push({
    id: 'req-1',
    reference: 'ADV-20261124-0001',
    kind: 'hours',
    benefitId: null,
    phase: 'design',
    solution: 'cloud',
    description: `Please help\u0000 with ${AWKWARD}`,
    hours: 4,
    contact: { userId: userId(0), email: 'p0@northwind.example', phone: null },
    status: 'submitted',
    createdAt: NOW.toISOString(),
    createdBy: userId(0),
  });
  return org;
}

describeWithPostgres('text as people type it', () => {
  const { instance, sql } = withPgDatabase();

  test('when state holds U+0000, lone surrogates and other awkward text, then another instance reads it back exactly', async () => {
    const a = await instance();
    const doc = {
      text: AWKWARD,
      nested: { list: [AWKWARD, '\u0000'] },
      [`key\u0000${AWKWARD}`]: 1,
    };
    await a.state.write(new Map([['k', { doc }]]));
    const back = (await (await instance()).state.read(['k'])).get('k')?.doc;
    expect(back).toEqual(doc);
    expect(JSON.stringify(back)).toBe(JSON.stringify(doc));
  });

  test('whatever string a document holds, it comes back exactly', async () => {
    const { state } = await instance();
    await fc.assert(
      fc.asyncProperty(
        fc.string({ unit: 'binary' }),
        fc.string({ unit: 'grapheme' }),
        async (value, key) => {
          await state.write(new Map([['p', { doc: { [key]: value, v: value } }]]));
          expect((await state.read(['p'])).get('p')?.doc).toEqual({ [key]: value, v: value });
        },
      ),
      { numRuns: 200 },
    );
  });

  test('when an organisation holds U+0000 in a display name and a request description, then it is stored and read back exactly, also after a change', async () => {
    const a = await instance();
    const org = organisationWithAwkwardText();
    await a.benefits.createOrganisation(org);
    const b = await instance();
    expect(await b.benefits.users(TENANT)).toEqual(org.users);
    expect(await b.benefits.requests(TENANT)).toEqual(org.requests);
    await b.benefits.unitOfWork(TENANT, (draft) => {
      const person = draft.users[2];
      if (person) person.displayName = `Lee\u0000${AWKWARD}`;
      const request = draft.requests[0];
      if (request) request.description += '\u0000 more';
    });
    const c = await instance();
    expect((await c.benefits.users(TENANT))[2]?.displayName).toBe(`Lee\u0000${AWKWARD}`);
    expect((await c.benefits.requests(TENANT))[0]?.description).toBe(
      `Please help\u0000 with ${AWKWARD}\u0000 more`,
    );
    // Stored as JSON text: the database row holds the escape, and ad hoc SQL can still find it.
    expect(
      await sql(
        `SELECT id FROM org_rows WHERE tenant_id = $1 AND kind = 'users' AND doc LIKE '%\\u0000%' ORDER BY id`,
        [TENANT],
      ),
    ).toHaveLength(2);
  });

  test('when a stored notification is compared with a new one by its JSON, then key order survives the database (sameNotification)', async () => {
    const a = await instance();
    await a.benefits.createOrganisation(smallOrganisation({ people: 1, seats: 1, taken: 0 }));
    // Key order as the domain builds events, which is not jsonb's (shorter keys first).
    const event = {
      type: 'seatsRunningOut',
      benefitId: 'vs-pro',
      benefit: { en: 'VS', ja: 'VS' },
      free: 0,
    } as const;
    const item = (id: string): OutboxItem => ({
      id,
      createdAt: NOW.toISOString(),
      target: { type: 'admins' },
      event: { ...event },
      conversationId: null,
      status: 'pending',
      attempts: 0,
      nextAttemptAt: NOW.toISOString(),
      lastError: null,
      sentAt: null,
      mentionUserId: ADMIN_ID,
    });
    await a.benefits.unitOfWork(TENANT, (draft) => void draft.outbox.push(item('n1')));
    const stored = (await (await instance()).benefits.pendingNotifications(TENANT))[0];
    expect(stored && sameNotification(stored, item('n2'))).toBe(true);
  });
});
