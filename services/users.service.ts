import { z } from 'zod';
import type { Actor } from './access.service';
import { BenefitError } from './errors';
import type { OrganisationData, User } from './model';
import { audit, changeOnce, person, requireRole, snapshot, type ChangeDeps, type PersonRef } from './rules';

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
const USER_ADMIN_ROLES = ['globalAdmin', 'userAdmin'] as const; // R1.5
const email = z.email();

const sameEmail = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** A name and an address no one else in the organisation has. */
function checkNewUser(data: Pick<OrganisationData, 'users'>, input: NewUserInput): NewUserPreview {
  const displayName = input.displayName.trim();
  if (!displayName) throw new BenefitError('USER.NAME_REQUIRED');
  // Counted in characters as people see them, so 田中 is two, not a byte count.
  if ([...displayName].length > MAX_NAME_LENGTH) throw new BenefitError('USER.NAME_TOO_LONG', { max: MAX_NAME_LENGTH });
  const address = input.email.trim();
  if (!email.safeParse(address).success) throw new BenefitError('EMAIL.INVALID', { email: address });
  const taken = data.users.find((u) => sameEmail(u.email, address));
  if (taken) throw new BenefitError('USER.EMAIL_TAKEN', { name: taken.displayName, email: address });
  return { displayName, email: address };
}

export class UsersService {
  constructor(private readonly deps: UsersServiceDeps) {}

  /** Checks a new user without adding them: what the confirmation card shows. */
  /** R1.5: throws the refusal (naming who may) before a flow asks anything. */
  async checkCanAdd(actor: Actor): Promise<void> {
    requireRole(actor, await snapshot(this.deps.store, actor), ['globalAdmin', 'userAdmin']);
  }

  async previewAddUser(actor: Actor, input: NewUserInput): Promise<NewUserPreview> {
    const data = await snapshot(this.deps.store, actor);
    requireRole(actor, data, [...USER_ADMIN_ROLES]);
    return checkNewUser(data, input);
  }

  /** R1.5, R5.2: adds a user to the organisation's list (Account settings), so they can then be assigned benefits. */
  async addUser(actor: Actor, input: NewUserInput & { requestId: string }): Promise<AddUserOutcome> {
    return changeOnce(this.deps, actor, input.requestId, 'user.added', (data, alreadyDone) => {
      requireRole(actor, data, [...USER_ADMIN_ROLES]);
      if (alreadyDone) {
        // The request added the user with this address; a repeat finds them rather than adding another.
        const added = data.users.find((u) => sameEmail(u.email, input.email.trim()));
        if (!added) throw new BenefitError('USER.NOT_FOUND');
        return { user: person(added), alreadyDone: true };
      }
      const checked = checkNewUser(data, input);
      const user: User = { id: `local-${this.deps.newId()}`, displayName: checked.displayName, aliases: [], email: checked.email, roles: [] };
      data.users.push(user);
      audit(this.deps, data, actor, 'user.added', null, user.id, null, { displayName: user.displayName, email: user.email });
      return { user: person(user), alreadyDone: false };
    });
  }
}
