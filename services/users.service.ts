import { z } from 'zod';
import type { Actor } from './access.service';
import { BenefitError } from './errors';
import type { OrganisationData, User } from './model';
import {
  audit,
  changeOnce,
  findUser,
  person,
  requireRole,
  type ChangeDeps,
  type PersonRef,
} from './rules';
import { snapshot } from './org-index';

export type UsersServiceDeps = ChangeDeps;

export interface NewUserInput {
  displayName: string;
  email: string;
}

/** The user as they will be added, shown on the confirmation card. */
export type NewUserPreview = Omit<PersonRef, 'id'>;

export interface AddUserOutcome {
  user: PersonRef;
  /** True when this request had already been carried out: nothing changed this time. */
  alreadyDone: boolean;
}

export const MAX_NAME_LENGTH = 100;

/** Partner-program roles: they have no Entra equivalent, so a Global admin sets them here. */
export const PARTNER_ROLES = ['mpnPartnerAdmin', 'adminAgent'] as const;
export type PartnerRole = (typeof PARTNER_ROLES)[number];

export interface PartnerRoleOutcome {
  user: PersonRef;
  role: PartnerRole;
  grant: boolean;
  /** The person already had (or already lacked) the role: nothing changed. */
  alreadyDone: boolean;
}

function partnerRole(role: string): PartnerRole {
  if (!(PARTNER_ROLES as readonly string[]).includes(role))
    throw new BenefitError('ROLE.NOT_A_PARTNER_ROLE');
  return role as PartnerRole;
}
const USER_ADMIN_ROLES = ['globalAdmin', 'userAdmin'] as const; // R1.5
const email = z.email();

const sameEmail = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** A name and an address no one else in the organisation has. */
function checkNewUser(data: Pick<OrganisationData, 'users'>, input: NewUserInput): NewUserPreview {
  const displayName = input.displayName.trim();
  if (!displayName) throw new BenefitError('USER.NAME_REQUIRED');
  // Counted in characters as people see them, so 田中 is two, not a byte count.
  if ([...displayName].length > MAX_NAME_LENGTH)
    throw new BenefitError('USER.NAME_TOO_LONG', { max: MAX_NAME_LENGTH });
  const address = input.email.trim();
  if (!email.safeParse(address).success)
    throw new BenefitError('EMAIL.INVALID', { email: address });
  const taken = data.users.find((u) => sameEmail(u.email, address));
  if (taken)
    throw new BenefitError('USER.EMAIL_TAKEN', { name: taken.displayName, email: address });
  return { displayName, email: address };
}

/** With Microsoft Entra ID as the directory, people are added there, not in the bot. */
function checkLocalDirectory(data: Pick<OrganisationData, 'organisation'>): void {
  if (data.organisation.directory === 'entra') throw new BenefitError('USER.MANAGED_IN_DIRECTORY');
}

export class UsersService {
  constructor(private readonly deps: UsersServiceDeps) {}

  /** Checks a new user without adding them: what the confirmation card shows. */
  /** R1.5: throws the refusal (naming who may) before a flow asks anything. */
  async checkCanAdd(actor: Actor): Promise<void> {
    const data = await snapshot(this.deps.store, actor);
    requireRole(actor, data, ['globalAdmin', 'userAdmin']);
    checkLocalDirectory(data);
  }

  async previewAddUser(actor: Actor, input: NewUserInput): Promise<NewUserPreview> {
    const data = await snapshot(this.deps.store, actor);
    requireRole(actor, data, [...USER_ADMIN_ROLES]);
    checkLocalDirectory(data);
    return checkNewUser(data, input);
  }

  /** R1.5, R5.2: adds a user to the organisation's list (Account settings), so they can then be assigned benefits. */
  async checkCanSetRoles(actor: Actor): Promise<void> {
    requireRole(actor, await snapshot(this.deps.store, actor), ['globalAdmin']);
  }

  /** Global admin only: gives or takes a partner-program role (MPN partner admin, Admin agent). */
  async previewPartnerRole(
    actor: Actor,
    input: { userId: string; role: string; grant: boolean },
  ): Promise<PartnerRoleOutcome> {
    const data = await snapshot(this.deps.store, actor);
    requireRole(actor, data, ['globalAdmin']);
    const role = partnerRole(input.role);
    const user = findUser(data, input.userId);
    return {
      user: person(user),
      role,
      grant: input.grant,
      alreadyDone: user.roles.includes(role) === input.grant,
    };
  }

  async setPartnerRole(
    actor: Actor,
    input: { requestId: string; userId: string; role: string; grant: boolean },
  ): Promise<PartnerRoleOutcome> {
    if (input.grant) await this.deps.people?.checkPresent(actor, [input.userId]);
    return changeOnce(this.deps, actor, input, 'user.roleChanged', (data, repeated) => {
      requireRole(actor, data, ['globalAdmin']);
      const role = partnerRole(input.role);
      const user = findUser(data, input.userId);
      const has = user.roles.includes(role);
      if (repeated || has === input.grant)
        return { user: person(user), role, grant: input.grant, alreadyDone: true };
      const before = [...user.roles];
      user.roles = input.grant ? [...user.roles, role] : user.roles.filter((r) => r !== role);
      audit(
        this.deps,
        data,
        actor,
        'user.roleChanged',
        null,
        user.id,
        { roles: before },
        { roles: [...user.roles] },
      );
      return { user: person(user), role, grant: input.grant, alreadyDone: false };
    });
  }

  async addUser(
    actor: Actor,
    input: NewUserInput & { requestId: string },
  ): Promise<AddUserOutcome> {
    return changeOnce(this.deps, actor, input, 'user.added', (data, alreadyDone) =>
      this.addUserIn(data, actor, input, alreadyDone),
    );
  }

  /** R1.5, R5.2: adding the user itself, inside a unit of work (its own, or a composite change's: services/changes/). */
  addUserIn(
    data: OrganisationData,
    actor: Actor,
    input: NewUserInput,
    alreadyDone: boolean,
  ): AddUserOutcome {
    requireRole(actor, data, [...USER_ADMIN_ROLES]);
    if (alreadyDone) {
      // The request added the user with this address; a repeat finds them rather than adding another.
      const added = data.users.find((u) => sameEmail(u.email, input.email.trim()));
      if (!added) throw new BenefitError('USER.NOT_FOUND');
      return { user: person(added), alreadyDone: true };
    }
    checkLocalDirectory(data);
    const checked = checkNewUser(data, input);
    const user: User = {
      id: `local-${this.deps.newId()}`,
      displayName: checked.displayName,
      aliases: [],
      email: checked.email,
      roles: [],
    };
    data.users.push(user);
    audit(this.deps, data, actor, 'user.added', null, user.id, null, {
      displayName: user.displayName,
      email: user.email,
    });
    return { user: person(user), alreadyDone: false };
  }
}
