import type { AdminRole, Organisation, TenantId, User, UserId } from './model';
import type { OrganisationReader } from './ports';

/** The person asking, as the domain knows them within their organisation. */
export interface Actor {
  tenantId: TenantId;
  organisationName: string;
  /** Null for someone signed in to a known tenant who is not in its user list. */
  userId: UserId | null;
  displayName: string;
  roles: readonly AdminRole[];
}

export type Access =
  | { kind: 'member'; actor: Actor }
  /** R9: the organisation still manages its benefits in the Partner Membership Center. */
  | { kind: 'managedInPmc'; organisationName: string }
  /** R10: the tenant is not a member organisation here. */
  | { kind: 'unknownTenant' };

export const PMC_SIGN_IN_URL = 'https://partner.microsoft.com/_login?authType=OpenIdConnect';
export const MEMBERSHIP_URL = 'https://partner.microsoft.com/membership';

export function isAdmin(actor: Actor): boolean {
  return actor.roles.length > 0; // R1.1, R1.6
}

export function hasRole(actor: Actor, role: AdminRole): boolean {
  return actor.roles.includes(role);
}

/** Who a turn says is asking: the tenant and Entra object id Teams sends, and the name it shows. */
export interface Identity {
  tenantId: TenantId | undefined;
  userId: UserId | undefined;
  displayName: string | undefined;
}

/** Who is asking, in the user list: found by Entra object id within the tenant the message came from, never across tenants. */
export async function resolveAccess(
  store: OrganisationReader,
  identity: Identity,
): Promise<Access> {
  const organisation = identity.tenantId ? await store.organisation(identity.tenantId) : undefined;
  if (!organisation) return { kind: 'unknownTenant' };
  if (organisation.managedIn === 'pmc')
    return { kind: 'managedInPmc', organisationName: organisation.name };
  const user = identity.userId
    ? await store.user(organisation.tenantId, identity.userId)
    : undefined;
  return { kind: 'member', actor: toActor(organisation, user, identity.displayName) };
}

export function toActor(
  organisation: Readonly<Organisation>,
  user: Readonly<User> | undefined,
  fallbackName: string | undefined,
): Actor {
  return {
    tenantId: organisation.tenantId,
    organisationName: organisation.name,
    userId: user?.id ?? null,
    displayName: user?.displayName ?? fallbackName ?? '',
    roles: user?.roles ?? [],
  };
}
