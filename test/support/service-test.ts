import { resolveAccess, type Actor } from '../../services/access.service';
import { BenefitError, type BenefitErrorCode } from '../../services/errors';
import type { OrganisationReader } from '../../services/ports';
import type { Person } from './people';

/** The demo person as the services see them; fails the test if their organisation is not served. */
export async function actorIn(store: OrganisationReader, person: Person): Promise<Actor> {
  const access = await resolveAccess(store, person);
  if (access.kind !== 'member') throw new Error(`${person.displayName} is not a member`);
  return access.actor;
}

/** The coded refusal a promise ends with; fails the test if it ends otherwise. */
export async function rejection(promise: Promise<unknown>): Promise<BenefitError> {
  try {
    await promise;
  } catch (err) {
    if (err instanceof BenefitError) return err;
    throw err;
  }
  throw new Error('expected a BenefitError');
}

export async function expectCode(promise: Promise<unknown>, code: BenefitErrorCode): Promise<void> {
  expect((await rejection(promise)).code).toBe(code);
}
