import { LRUCache } from 'lru-cache';
import { resolveAccess, toActor, type Access, type Actor, type Identity } from './access.service';
import {
  isDirectoryRole,
  isDirectoryUnavailable,
  type Directory,
  type DirectoryPerson,
} from './directory/directory';
import { BenefitError } from './errors';
import { findPerson, mapFound, type Found } from './finder.service';
import { ADMIN_ROLES, type Organisation, type TenantId, type User, type UserId } from './model';
import type { BenefitStore } from './ports';
import { person, type PeopleCheck, type PersonRef } from './rules';

/** The directory an organisation's people live in: its own user list, or its Microsoft Entra ID. */
export type DirectoryFor = (organisation: Readonly<Organisation>) => Directory;

export interface PeopleServiceDeps {
  store: BenefitStore;
  directoryFor: DirectoryFor;
  /**
   * How long a person read from Entra ID stands for the turns that follow (default 60 s), so a
   * conversation does not call Graph on every message. Checks before a change always read afresh.
   */
  freshForMs?: number;
}

/** Why a seat's holder is no longer here: their account was deleted, or it is disabled. */
export type Departure = 'deleted' | 'disabled';

const PRESENCE_CHECKS_AT_ONCE = 4;
const CHOICES = 5;

export function isEntra(organisation: Readonly<Organisation>): boolean {
  return organisation.directory === 'entra';
}

/**
 * Who people are, through the organisation's directory. For a local directory that is the user
 * list itself. For Entra ID, people are found and their Entra roles read in the directory; the
 * user list keeps the people the bot has met (refreshed whenever one is resolved) with the
 * partner-program roles, which Entra ID does not hold. A directory that cannot be read gives
 * DIRECTORY.UNAVAILABLE and changes nothing.
 */
export class PeopleService implements PeopleCheck {
  private readonly recent: LRUCache<string, { person: DirectoryPerson | null }>;

  constructor(private readonly deps: PeopleServiceDeps) {
    this.recent = new LRUCache({ max: 10_000, ttl: Math.max(1, deps.freshForMs ?? 60_000) });
  }

  /** Who is asking, within the tenant the message came from. A disabled or deleted account is nobody the organisation knows. */
  async access(identity: Identity): Promise<Access> {
    const organisation = identity.tenantId
      ? await this.deps.store.organisation(identity.tenantId)
      : undefined;
    if (
      !organisation ||
      !isEntra(organisation) ||
      organisation.managedIn === 'pmc' ||
      !identity.userId
    )
      return resolveAccess(this.deps.store, identity);
    const found = await this.read(organisation, identity.userId, false);
    const user = found?.enabled ? await this.remember(organisation.tenantId, found) : undefined;
    return { kind: 'member', actor: toActor(organisation, user, identity.displayName) };
  }

  /** People by name or email in the asker's organisation: one, several to choose from, or none. */
  async find(actor: Actor, query: string): Promise<Found<PersonRef>> {
    const organisation = await this.organisationOf(actor);
    const known = await this.deps.store.users(actor.tenantId);
    if (!isEntra(organisation)) return mapFound(findPerson(known, query), person);
    const inDirectory = (
      await this.directory(organisation, (d) => d.findPeople(actor.tenantId, query))
    ).filter((p) => p.enabled);
    if (inDirectory.length === 0) return this.findAmongKnown(organisation, known, query);
    const aliases = new Map(known.map((u) => [u.id, u.aliases]));
    const candidates: User[] = inDirectory.map((p) => ({
      id: p.id,
      displayName: p.displayName,
      email: p.email,
      aliases: aliases.get(p.id) ?? [],
      roles: [],
    }));
    const found = findPerson(candidates, query);
    const byId = new Map(inDirectory.map((p) => [p.id, p]));
    if (found.kind === 'one') {
      const one = byId.get(found.item.id);
      if (one) await this.remember(actor.tenantId, one);
      return { kind: 'one', item: person(found.item) };
    }
    // Every person the directory matched starts with what was typed: offer them rather than nothing.
    if (found.kind === 'none' && found.suggestions.length === 0)
      return candidates.length === 1
        ? this.one(actor.tenantId, inDirectory[0])
        : { kind: 'many', items: candidates.slice(0, CHOICES).map(person) };
    return mapFound(found, person);
  }

  /** A person named by Entra object id (an @mention, a choice), if they are in the organisation and their account is enabled. */
  async byId(actor: Actor, userId: UserId): Promise<PersonRef | undefined> {
    const organisation = await this.organisationOf(actor);
    if (!isEntra(organisation)) {
      const user = await this.deps.store.user(actor.tenantId, userId);
      return user ? person(user) : undefined;
    }
    const found = await this.read(organisation, userId, false);
    return found?.enabled ? person(await this.remember(actor.tenantId, found)) : undefined;
  }

  /** Before a change: each person must still be in the directory with an enabled account (read afresh). */
  async checkPresent(actor: Actor, userIds: readonly UserId[]): Promise<void> {
    const left = await this.whoLeft(actor, userIds);
    const first = [...left.keys()][0];
    if (first === undefined) return;
    const user = await this.deps.store.user(actor.tenantId, first);
    throw new BenefitError('USER.LEFT', { name: user?.displayName ?? first });
  }

  /** Of these people, the ones who left: their account was deleted or is disabled. Nobody leaves a local user list this way. */
  async whoLeft(actor: Actor, userIds: readonly UserId[]): Promise<Map<UserId, Departure>> {
    const organisation = await this.organisationOf(actor);
    const left = new Map<UserId, Departure>();
    if (!isEntra(organisation)) return left;
    const ids = [...new Set(userIds)];
    for (let i = 0; i < ids.length; i += PRESENCE_CHECKS_AT_ONCE) {
      const batch = ids.slice(i, i + PRESENCE_CHECKS_AT_ONCE);
      const found = await Promise.all(batch.map((id) => this.read(organisation, id, true)));
      batch.forEach((id, j) => {
        const p = found[j];
        if (!p) left.set(id, 'deleted');
        else if (!p.enabled) left.set(id, 'disabled');
      });
    }
    return left;
  }

  private async one(
    tenantId: TenantId,
    found: DirectoryPerson | undefined,
  ): Promise<Found<PersonRef>> {
    if (!found) return { kind: 'none', suggestions: [] };
    return { kind: 'one', item: person(await this.remember(tenantId, found)) };
  }

  /** Names the directory does not hold (a romanised or Japanese alias) among the people the bot has met, each checked in the directory. */
  private async findAmongKnown(
    organisation: Readonly<Organisation>,
    known: readonly User[],
    query: string,
  ): Promise<Found<PersonRef>> {
    const found = findPerson(known, query);
    const ids =
      found.kind === 'one'
        ? [found.item.id]
        : found.kind === 'many'
          ? found.items.map((u) => u.id)
          : found.suggestions.map((u) => u.id);
    const present = (
      await Promise.all(ids.slice(0, CHOICES).map((id) => this.read(organisation, id, false)))
    ).filter((p): p is DirectoryPerson => p?.enabled === true);
    if (found.kind === 'none')
      return { kind: 'none', suggestions: present.map(directoryPersonRef) };
    if (present.length === 1) return this.one(organisation.tenantId, present[0]);
    if (present.length === 0) return { kind: 'none', suggestions: [] };
    return { kind: 'many', items: present.map(directoryPersonRef) };
  }

  private async organisationOf(actor: Actor): Promise<Readonly<Organisation>> {
    const organisation = await this.deps.store.organisation(actor.tenantId);
    if (!organisation) throw new BenefitError('ORG.UNKNOWN_TENANT');
    return organisation;
  }

  /** One person from the directory; within freshForMs of the last read, unless `fresh`. */
  private async read(
    organisation: Readonly<Organisation>,
    userId: UserId,
    fresh: boolean,
  ): Promise<DirectoryPerson | undefined> {
    const key = `${organisation.tenantId}\u0000${userId}`;
    const hit = fresh ? undefined : this.recent.get(key);
    if (hit) return hit.person ?? undefined;
    const found = await this.directory(organisation, (d) =>
      d.person(organisation.tenantId, userId),
    );
    this.recent.set(key, { person: found ?? null });
    return found;
  }

  private async directory<T>(
    organisation: Readonly<Organisation>,
    call: (directory: Directory) => Promise<T>,
  ): Promise<T> {
    try {
      return await call(this.deps.directoryFor(organisation));
    } catch (err) {
      if (isDirectoryUnavailable(err))
        throw new BenefitError('DIRECTORY.UNAVAILABLE', {}, { cause: err });
      throw err;
    }
  }

  /**
   * Keeps the user list's record of a directory person current: name, email and Entra roles from
   * the directory, partner-program roles and aliases as stored. Writes only when something changed.
   */
  private async remember(tenantId: TenantId, found: DirectoryPerson): Promise<User> {
    const stored = await this.deps.store.user(tenantId, found.id);
    if (stored && upToDate(stored, found)) return stored;
    return this.deps.store.unitOfWork(tenantId, (data) => {
      const user = data.users.find((u) => u.id === found.id);
      const roles = ADMIN_ROLES.filter((role) =>
        isDirectoryRole(role) ? found.roles.includes(role) : (user?.roles.includes(role) ?? false),
      );
      if (!user) {
        const added: User = {
          id: found.id,
          displayName: found.displayName,
          aliases: [],
          email: found.email,
          roles,
        };
        data.users.push(added);
        return { ...added };
      }
      Object.assign(user, { displayName: found.displayName, email: found.email, roles });
      return { ...user, aliases: [...user.aliases], roles: [...user.roles] };
    });
  }
}

function upToDate(stored: Readonly<User>, found: DirectoryPerson): boolean {
  const storedDirectoryRoles = stored.roles.filter(isDirectoryRole);
  return (
    stored.displayName === found.displayName &&
    stored.email === found.email &&
    storedDirectoryRoles.length === found.roles.length &&
    found.roles.every((r) => storedDirectoryRoles.includes(r))
  );
}

function directoryPersonRef(p: DirectoryPerson): PersonRef {
  return { id: p.id, displayName: p.displayName, email: p.email };
}
