import type { Actor } from './access.service';
import { BenefitError } from './errors';
import type { Assignment, BenefitId, OrganisationData, User, UserId } from './model';
import type { BenefitStore, OrganisationReader } from './ports';

/**
 * Indexes over an organisation's collections as a store returned them, worked out once per
 * collection and kept while the collection lives. A store never changes a collection it returned
 * in place (ports.ts: consistent snapshots, read-only; a write replaces the arrays it changes),
 * so the array itself stands for its content. Never pass a unit of work's draft here: a draft changes.
 */

/** The organisation and the collections an answer is worked out from; an unknown tenant is refused. */
export async function organisationOf(store: OrganisationReader, actor: Actor) {
  const [organisation, benefits, assignments, users] = await Promise.all([
    store.organisation(actor.tenantId),
    store.benefits(actor.tenantId),
    store.assignments(actor.tenantId),
    store.users(actor.tenantId),
  ]);
  if (!organisation) throw new BenefitError('ORG.UNKNOWN_TENANT');
  return { organisation, benefits, assignments, users };
}

/** `build(items)`, worked out once per array (see above). */
export function perCollection<A extends readonly unknown[], V>(
  build: (items: A) => V,
): (items: A) => V {
  const kept = new WeakMap<A, { length: number; value: V }>();
  return (items) => {
    const hit = kept.get(items);
    // The length is a cheap guard against an array changed in place by mistake.
    if (hit && hit.length === items.length) return hit.value;
    const value = build(items);
    kept.set(items, { length: items.length, value });
    return value;
  };
}

function groupBy<T, K>(items: readonly T[], keyOf: (item: T) => K): ReadonlyMap<K, readonly T[]> {
  const groups = new Map<K, T[]>();
  for (const item of items) {
    const key = keyOf(item);
    const list = groups.get(key);
    if (list) list.push(item);
    else groups.set(key, [item]);
  }
  return groups;
}

/** Assignments per benefit, in stored order. */
export const assignmentsByBenefit = perCollection((assignments: readonly Assignment[]) =>
  groupBy(assignments, (a) => a.benefitId as BenefitId),
);

/** Assignments per person, in stored order. */
export const assignmentsByUser = perCollection((assignments: readonly Assignment[]) =>
  groupBy(assignments, (a) => a.userId as UserId),
);

/** People by id (the first, should an id appear twice, as `find` would give). */
export const usersById = perCollection((users: readonly User[]): ReadonlyMap<UserId, User> => {
  const byId = new Map<UserId, User>();
  for (const user of users) if (!byId.has(user.id)) byId.set(user.id, user);
  return byId;
});

/** The Global admins' display names, in stored order. */
export const globalAdminNames = perCollection((users: readonly User[]): readonly string[] =>
  users.filter((u) => u.roles.includes('globalAdmin')).map((u) => u.displayName),
);

/** What snapshot() gave (see isSnapshot). */
const snapshots = new WeakSet<Pick<OrganisationData, 'users'>>();

/**
 * Whether `data` came from snapshot(): its arrays are then the store's, which never change, so
 * they can be indexed (see above); a unit of work's draft changes and cannot.
 */
export function isSnapshot(data: Pick<OrganisationData, 'users'>): boolean {
  return snapshots.has(data);
}

/** The person with this id: from the index of a snapshot's users, else by a walk over the list (a draft's). */
export function userWithId(
  data: Pick<OrganisationData, 'users'>,
  userId: UserId,
): User | undefined {
  return isSnapshot(data)
    ? usersById(data.users).get(userId)
    : data.users.find((u) => u.id === userId);
}

/**
 * A read-only view of one organisation, for checks before a change is confirmed. Its arrays are the
 * store's own (no copies: a turn over 20,000 assignments would copy them all): never change them.
 * Audit, processed requests and outbox are left out (empty).
 */
export async function snapshot(store: BenefitStore, actor: Actor): Promise<OrganisationData> {
  const [organisation, users, benefits, assignments, requests, notifications, asks] =
    await Promise.all([
      store.organisation(actor.tenantId),
      store.users(actor.tenantId),
      store.benefits(actor.tenantId),
      store.assignments(actor.tenantId),
      store.requests(actor.tenantId),
      store.notificationSettings(actor.tenantId),
      store.asks(actor.tenantId),
    ]);
  if (!organisation) throw new BenefitError('ORG.UNKNOWN_TENANT');
  const read = <T>(items: readonly T[]) => items as T[];
  const data: OrganisationData = {
    organisation,
    users: read(users),
    benefits: read(benefits),
    assignments: read(assignments),
    audit: [],
    processedRequests: [],
    asks: read(asks),
    outbox: [],
    notifications: { ...notifications },
    requests: read(requests),
  };
  snapshots.add(data);
  return data;
}
