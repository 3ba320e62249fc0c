import Fuse from 'fuse.js';
import { isKana, toRomaji } from 'wanakana';
import type { Actor } from './access.service';
import type { Benefit, User, UserId } from './model';
import { perCollection } from './org-index';
import type { OrganisationReader } from './ports';
import { benefitRef, person, type BenefitRef, type PersonRef } from './rules';

/** One clear match, several to choose from, or none (with the closest names, if any). */
export type Found<T> = { kind: 'one'; item: T } | { kind: 'many'; items: T[] } | { kind: 'none'; suggestions: T[] };

const HONORIFICS = /(さん|様|さま|くん|君|ちゃん|氏|殿)$/;

/** Folded for comparison: NFKC, lower case, honorifics and surrounding punctuation gone, kana romanised. */
export function foldName(text: string): string {
  const folded = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/^[@\s"'「『]+|[\s"'」』.,、。!?！？]+$/g, '')
    .replace(HONORIFICS, '')
    .replace(/\s+/g, ' ')
    .trim();
  return isKana(folded.replace(/[\s・ー]/g, '')) ? toRomaji(folded).replace(/\s+/g, ' ') : folded;
}

const compact = (text: string) => text.replace(/[\s\-・]/g, '');

/** A fuzzy search over items' names, one entry per name so that several weak partial hits on one item never add up to a strong one. */
function fuzzySearch<T>(items: readonly T[], namesOf: (item: T) => readonly string[]): Fuse<{ item: T; name: string }> {
  const entries = items.flatMap((item) => namesOf(item).map((name) => ({ item, name })));
  return new Fuse(entries, { keys: ['name'], includeScore: true, threshold: 0.45, ignoreLocation: true });
}

/** Fuzzy matches; each item keeps its best score, lowest (closest) first. */
function fuzzy<T>(search: Fuse<{ item: T; name: string }>, query: string): { item: T; score: number }[] {
  const best = new Map<T, number>();
  for (const hit of search.search(query)) {
    const score = hit.score ?? 1;
    if (score < (best.get(hit.item.item) ?? Infinity)) best.set(hit.item.item, score);
  }
  return [...best.entries()].map(([item, score]) => ({ item, score })).sort((a, b) => a.score - b.score);
}

/** Items under each of their keys, each item once per key, in the items' order. */
function byKey<T>(items: readonly T[], keysOf: (item: T) => readonly string[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    for (const key of new Set(keysOf(item))) {
      const list = map.get(key);
      if (list) list.push(item);
      else map.set(key, [item]);
    }
  }
  return map;
}

/** What finding a benefit compares, folded once per benefit list (a store's list never changes: org-index.ts). */
const benefitNames = perCollection((benefits: readonly Benefit[]) => {
  const names = new Map(benefits.map((b) => [b, [b.name.en, b.name.ja, ...b.aliases].map(foldName)]));
  const namesOf = (b: Benefit) => names.get(b) ?? [];
  let search: Fuse<{ item: Benefit; name: string }> | undefined;
  return {
    namesOf,
    /** Benefits by a name's compact form (a name equal to the query has the query's compact form too). */
    exact: byKey(benefits, (b) => namesOf(b).map(compact)),
    search: () => (search ??= fuzzySearch(benefits, namesOf)),
  };
});

/** What finding a person compares, folded once per user list. */
const personNames = perCollection((users: readonly User[]) => {
  const fullNames = new Map(users.map((u) => [u, [u.displayName, ...u.aliases].map(foldName)]));
  const fullNamesOf = (u: User) => fullNames.get(u) ?? [];
  const tokensOf = (u: User) => [...fullNamesOf(u).flatMap((n) => n.split(' ')), u.email.split('@')[0]?.toLowerCase() ?? ''];
  let search: Fuse<{ item: User; name: string }> | undefined;
  return {
    byEmail: byKey(users, (u) => [u.email.toLowerCase()]),
    exact: byKey(users, (u) => fullNamesOf(u).map(compact)),
    byToken: byKey(users, tokensOf),
    search: () => (search ??= fuzzySearch(users, (u) => [...fullNamesOf(u), ...tokensOf(u)])),
  };
});

function decide<T>(exact: T[], fuzzy: () => { item: T; score: number }[]): Found<T> {
  if (exact.length === 1) return { kind: 'one', item: exact[0] as T };
  if (exact.length > 1) return { kind: 'many', items: exact };
  const results = fuzzy();
  const close = results.filter((r) => r.score <= 0.3);
  const best = close[0];
  // A fuzzy match wins on its own only when it is clearly closer than the next one.
  if (best && (close.length === 1 || (close[1] && close[1].score - best.score > 0.15))) return { kind: 'one', item: best.item };
  if (close.length > 1) return { kind: 'many', items: close.slice(0, 5).map((r) => r.item) };
  return { kind: 'none', suggestions: results.slice(0, 3).map((r) => r.item) };
}

/** Benefits by name, short name or alias, fuzzy for typos. */
export function findBenefit(benefits: readonly Benefit[], query: string): Found<Benefit> {
  const q = foldName(query);
  if (!q) return { kind: 'none', suggestions: [] };
  const index = benefitNames(benefits);
  let exact = index.exact.get(compact(q)) ?? [];
  // "Visual Studio Enterprise" names "Visual Studio Enterprise subscription".
  if (exact.length === 0 && q.length >= 4) exact = benefits.filter((b) => index.namesOf(b).some((n) => n.startsWith(`${q} `) || compact(n).startsWith(compact(q))));
  return decide([...exact], () => fuzzy(index.search(), q));
}

/** People by display name, first or last name, alias (romanised or Japanese), or email. */
export function findPerson(users: readonly User[], query: string): Found<User> {
  const q = foldName(query);
  if (!q) return { kind: 'none', suggestions: [] };
  const index = personNames(users);
  if (q.includes('@')) {
    const byEmail = index.byEmail.get(q) ?? [];
    return byEmail.length > 0 ? decide([...byEmail], () => []) : { kind: 'none', suggestions: [] };
  }
  let exact = index.exact.get(compact(q)) ?? [];
  if (exact.length === 0) exact = index.byToken.get(q) ?? [];
  return decide([...exact], () => fuzzy(index.search(), q));
}

export const mapFound = <A, B>(found: Found<A>, f: (a: A) => B): Found<B> =>
  found.kind === 'one' ? { kind: 'one', item: f(found.item) } : found.kind === 'many' ? { kind: 'many', items: found.items.map(f) } : { kind: 'none', suggestions: found.suggestions.map(f) };

/** How people are found: through the organisation's directory (PeopleService). */
export interface PeopleFinder {
  find(actor: Actor, query: string): Promise<Found<PersonRef>>;
  byId(actor: Actor, userId: UserId): Promise<PersonRef | undefined>;
}

/** Finds benefits and people within the asker's organisation only. */
export class FinderService {
  constructor(
    private readonly store: OrganisationReader,
    private readonly directory: PeopleFinder,
  ) {}

  async benefits(actor: Actor, query: string): Promise<Found<BenefitRef>> {
    return mapFound(findBenefit(await this.store.benefits(actor.tenantId), query), benefitRef);
  }

  people(actor: Actor, query: string): Promise<Found<PersonRef>> {
    return this.directory.find(actor, query);
  }

  /**
   * People in the organisation's user list only. With Entra ID as the directory that is the people
   * the bot has met, including those who left since: for naming someone who holds a benefit.
   */
  async knownPeople(actor: Actor, query: string): Promise<Found<PersonRef>> {
    return mapFound(findPerson(await this.store.users(actor.tenantId), query), person);
  }

  async knownPersonById(actor: Actor, userId: UserId): Promise<PersonRef | undefined> {
    const user = await this.store.user(actor.tenantId, userId);
    return user ? person(user) : undefined;
  }

  /** A person named by Entra object id (an @mention), in the asker's organisation. */
  personById(actor: Actor, userId: UserId): Promise<PersonRef | undefined> {
    return this.directory.byId(actor, userId);
  }
}
