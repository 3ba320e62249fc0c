import type { OrganisationData } from '../../services/model';
import { compactJson, deepFreeze, OrganisationDraft } from '../../services/store/draft';
import { demoSeed } from '../support/temp-store';

const contoso = () => structuredClone(demoSeed()[0] as OrganisationData);

/** An organisation with a long audit log (several of compactJson's chunks). */
function withAudit(entries: number): OrganisationData {
  const data = contoso();
  data.audit = Array.from({ length: entries }, (_, i) => ({
    id: `a${i}`,
    at: '2026-11-24T09:00:00.000Z',
    actorId: 'x',
    action: 'benefit.assigned',
    benefitId: 'b',
    subjectUserId: `u${i}`,
    before: null,
    after: { n: i, note: 'ü "quoted"' },
  }));
  return data;
}

const text = (data: object, previous?: object) =>
  Buffer.concat(compactJson(data, previous)).toString('utf8');

describe("the embedded store's JSON (compactJson)", () => {
  test('is what JSON.stringify gives, for an organisation as seeded and with a long audit log', () => {
    const data = withAudit(1_000);
    expect(text(data)).toBe(JSON.stringify(data));
    const seeded = contoso();
    expect(text(seeded)).toBe(JSON.stringify(seeded));
  });

  test('stays exact when an array it wrote before is appended to, cut in the middle, or has its first or last element replaced', () => {
    const stored = withAudit(700);
    expect(text(stored)).toBe(JSON.stringify(stored));
    const entry = (n: number) => ({
      ...(stored.audit[0] as OrganisationData['audit'][number]),
      id: `new${n}`,
    });
    const changes: ((audit: OrganisationData['audit']) => OrganisationData['audit'])[] = [
      (audit) => [...audit, entry(1), entry(2)],
      (audit) => [...audit.slice(0, 300), ...audit.slice(301)],
      (audit) => [entry(3), ...audit.slice(1)],
      (audit) => [...audit.slice(0, -1), entry(4)],
      () => [],
    ];
    let previous = stored;
    for (const change of changes) {
      const next = { ...previous, audit: change(previous.audit) };
      expect(text(next, previous)).toBe(JSON.stringify(next));
      previous = next;
    }
  });

  test('leaves out fields JSON.stringify leaves out', () => {
    const data = { ...contoso(), extra: undefined } as unknown as OrganisationData;
    expect(text(data)).toBe(JSON.stringify(data));
  });

  test('freezes what it wrote, objects deeply; the arrays themselves stay unfrozen (frozen arrays are slow to filter)', () => {
    const data = contoso();
    compactJson(data);
    const user = data.users[0] as OrganisationData['users'][number];
    expect(Object.isFrozen(user)).toBe(true);
    expect(Object.isFrozen(user.roles)).toBe(true);
    expect(Object.isFrozen(data.organisation)).toBe(true);
    expect(Object.isFrozen(data.users)).toBe(false);
  });
});

describe("a unit of work's draft (OrganisationDraft)", () => {
  test('shares what the work does not touch, and gives nothing to store when nothing changed', () => {
    const stored = deepFreeze(contoso());
    const draft = new OrganisationDraft(stored, 'share');
    expect(draft.data.users.find((u) => u.displayName === 'Alex Wilber')).toBeDefined();
    expect(draft.result()).toBeUndefined();
  });

  test('an added element: a new array for that field, the stored objects for every other field', () => {
    const stored = deepFreeze(contoso());
    const draft = new OrganisationDraft(stored, 'share');
    draft.data.processedRequests.push({
      id: 'r1',
      at: '2026-11-24T09:00:00.000Z',
      actorId: 'x',
      action: 'benefit.assigned',
    });
    const next = draft.result() as OrganisationData;
    expect(next.processedRequests).toHaveLength(1);
    expect(stored.processedRequests).toHaveLength(0);
    for (const key of [
      'organisation',
      'users',
      'benefits',
      'assignments',
      'audit',
      'outbox',
      'notifications',
      'requests',
      'asks',
    ] as const)
      expect(next[key]).toBe(stored[key]);
    // What it added is frozen like the rest, so that the next unit of work can share it too.
    expect(Object.isFrozen(next.processedRequests[0])).toBe(true);
  });

  test('a stored element changed in place is refused (TypeError); on a copying draft it is allowed, and the stored data stays as it was', () => {
    const stored = deepFreeze(contoso());
    const shared = new OrganisationDraft(stored, 'share');
    const user = shared.data.users[0] as OrganisationData['users'][number];
    expect(() => {
      user.displayName = 'Someone else';
    }).toThrow(TypeError);
    const copying = new OrganisationDraft(stored, 'copy');
    (copying.data.users[0] as OrganisationData['users'][number]).displayName = 'Someone else';
    const next = copying.result() as OrganisationData;
    expect(next.users[0]?.displayName).toBe('Someone else');
    expect(stored.users[0]?.displayName).not.toBe('Someone else');
    expect(next.benefits).toBe(stored.benefits);
  });

  test('a field set to an equal copy, or touched and left as it was, keeps the stored object', () => {
    const stored = deepFreeze(contoso());
    compactJson(stored);
    const draft = new OrganisationDraft(stored, 'copy');
    draft.data.notifications = structuredClone(stored.notifications);
    void draft.data.users.length;
    expect(draft.result()).toBeUndefined();
  });
});
