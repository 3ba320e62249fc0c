import type { Assignment, BenefitId, User, UserId } from './model';

/**
 * Indexes over an organisation's collections as a store returned them, worked out once per
 * collection and kept while the collection lives. A store never changes a collection it returned
 * in place (ports.ts: consistent snapshots, read-only; a write replaces the arrays it changes),
 * so the array itself stands for its content. Never pass a unit of work's draft here: a draft changes.
 */

/** `build(items)`, worked out once per array (see above). */
export function perCollection<A extends readonly unknown[], V>(build: (items: A) => V): (items: A) => V {
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
export const assignmentsByBenefit = perCollection((assignments: readonly Assignment[]) => groupBy(assignments, (a) => a.benefitId as BenefitId));

/** Assignments per person, in stored order. */
export const assignmentsByUser = perCollection((assignments: readonly Assignment[]) => groupBy(assignments, (a) => a.userId as UserId));

/** People by id (the first, should an id appear twice, as `find` would give). */
export const usersById = perCollection((users: readonly User[]): ReadonlyMap<UserId, User> => {
  const byId = new Map<UserId, User>();
  for (const user of users) if (!byId.has(user.id)) byId.set(user.id, user);
  return byId;
});

/** The Global admins' display names, in stored order. */
export const globalAdminNames = perCollection((users: readonly User[]): readonly string[] => users.filter((u) => u.roles.includes('globalAdmin')).map((u) => u.displayName));
