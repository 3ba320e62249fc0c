import { foldName } from '../finder.service';
import type { AdminRole, TenantId, User, UserId } from '../model';
import type { OrganisationReader } from '../ports';

/**
 * The roles a directory knows: Microsoft Entra directory roles. The partner-program roles
 * (adminAgent, mpnPartnerAdmin) have no Entra equivalent; the bot stores them itself.
 */
export type DirectoryRole = Extract<AdminRole, 'globalAdmin' | 'userAdmin'>;
export const DIRECTORY_ROLES: readonly DirectoryRole[] = ['globalAdmin', 'userAdmin'];

export function isDirectoryRole(role: AdminRole): role is DirectoryRole {
  return (DIRECTORY_ROLES as readonly AdminRole[]).includes(role);
}

/** A person as the organisation's directory knows them. */
export interface DirectoryPerson {
  /** Microsoft Entra object id (the aadObjectId Teams sends). */
  id: UserId;
  displayName: string;
  email: string;
  /** False for a disabled account (someone who left, or is blocked from signing in). */
  enabled: boolean;
  /** Directory roles only, in DIRECTORY_ROLES order; never the partner-program roles. */
  roles: DirectoryRole[];
}

/**
 * Where the people of an organisation live: the bot's own user list (LocalDirectory) or the
 * organisation's Microsoft Entra ID (GraphDirectory). Both behave the same to callers:
 * - findPeople matches the start of the display name, of any word in it (given name, surname),
 *   or of the email address, case-insensitively; it returns every match up to a bound
 *   (maxResults, 100 by default), sorted by display name then id; a blank query finds nobody.
 * - person returns undefined for an id the directory does not hold (a deleted account).
 * - Either throws DirectoryUnavailableError when the directory cannot be read right now; nothing
 *   has been changed then.
 */
export interface Directory {
  findPeople(tenantId: TenantId, query: string): Promise<DirectoryPerson[]>;
  person(tenantId: TenantId, objectId: UserId): Promise<DirectoryPerson | undefined>;
}

/**
 * Why the directory could not be read:
 * - UNREACHABLE: no answer (network error, timeout) or a server error after the retries.
 * - THROTTLED: still throttled (429) after the retries, or asked to wait too long.
 * - SIGN_IN_FAILED: the app could not get a token from Microsoft Entra ID (wrong secret or
 *   certificate, unknown tenant, consent not granted, identity service unreachable).
 * - ACCESS_DENIED: the directory refused the app (401 after a renewed token, or 403: a Graph
 *   permission is missing).
 * - UNEXPECTED_RESPONSE: an answer the bot cannot use.
 */
export type DirectoryErrorCode =
  | 'DIRECTORY.UNREACHABLE'
  | 'DIRECTORY.THROTTLED'
  | 'DIRECTORY.SIGN_IN_FAILED'
  | 'DIRECTORY.ACCESS_DENIED'
  | 'DIRECTORY.UNEXPECTED_RESPONSE';

export interface DirectoryErrorDetails {
  /** The last HTTP status the directory answered with, if any. */
  status?: number;
  /** A short machine reason (an error code such as invalid_client or ECONNREFUSED); never a token or secret. */
  reason?: string;
}

/** "Can't reach the directory right now." Carries a code and safe details only: never a token, secret or response body. */
export class DirectoryUnavailableError extends Error {
  constructor(
    readonly code: DirectoryErrorCode,
    readonly details: DirectoryErrorDetails = {},
  ) {
    super(
      [
        code,
        details.status === undefined ? '' : ` (HTTP ${details.status})`,
        details.reason ? `: ${details.reason}` : '',
      ].join(''),
    );
    this.name = 'DirectoryUnavailableError';
  }
}

export function isDirectoryUnavailable(err: unknown): err is DirectoryUnavailableError {
  return err instanceof DirectoryUnavailableError;
}

/** A reason safe to show in logs: a short identifier-like code, or a fallback. */
export function safeReason(value: unknown, fallback = 'error'): string {
  return typeof value === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(value) ? value : fallback;
}

export const DEFAULT_MAX_RESULTS = 100;
const MAX_QUERY_LENGTH = 256;
const HONORIFICS = /(さん|様|さま|くん|君|ちゃん|氏|殿)$/;

/**
 * What a directory searches for: NFKC, trimmed, without a leading @ or quotes, trailing
 * punctuation or a Japanese honorific. Empty when there is nothing to search for.
 */
export function directoryQuery(text: string): string {
  const trim = (s: string) => s.replace(/^[@\s"'「『]+|[\s"'」』.,、。!?！？]+$/g, '');
  // 「Megan」さん: the honorific, then the brackets it followed.
  const cleaned = trim(trim(text.normalize('NFKC')).replace(HONORIFICS, ''))
    .replace(/\s+/g, ' ')
    .trim();
  return cleaned.length > MAX_QUERY_LENGTH ? '' : cleaned;
}

/** Display name (case-insensitive), then id: the order both directories return people in. */
export function sortPeople(people: DirectoryPerson[]): DirectoryPerson[] {
  return people.sort(
    (a, b) =>
      a.displayName.localeCompare(b.displayName, 'en', { sensitivity: 'base' }) ||
      (a.id < b.id ? -1 : a.id > b.id ? 1 : 0),
  );
}

/** The people in the bot's own user list. Partner-program roles stay in the store and are not reported here. */
export class LocalDirectory implements Directory {
  private readonly maxResults: number;

  constructor(
    private readonly store: Pick<OrganisationReader, 'users' | 'user'>,
    options: { maxResults?: number } = {},
  ) {
    this.maxResults = options.maxResults ?? DEFAULT_MAX_RESULTS;
  }

  async findPeople(tenantId: TenantId, query: string): Promise<DirectoryPerson[]> {
    const q = directoryQuery(query);
    if (!q) return [];
    const users = await this.store.users(tenantId);
    return sortPeople(users.filter((u) => matches(u, q)).map(toDirectoryPerson)).slice(
      0,
      this.maxResults,
    );
  }

  async person(tenantId: TenantId, objectId: UserId): Promise<DirectoryPerson | undefined> {
    const user = await this.store.user(tenantId, objectId);
    return user ? toDirectoryPerson(user) : undefined;
  }
}

/** Graph's startswith on displayName, givenName, surname, mail and userPrincipalName, over the local list (aliases count as names). */
function matches(user: Readonly<User>, query: string): boolean {
  const lower = query.toLowerCase();
  if (user.email.toLowerCase().startsWith(lower)) return true;
  const folded = foldName(query);
  if (!folded) return false;
  return [user.displayName, ...user.aliases].some((name) => {
    const n = foldName(name);
    return n.startsWith(folded) || n.split(' ').some((word) => word.startsWith(folded));
  });
}

export function toDirectoryPerson(user: Readonly<User>): DirectoryPerson {
  return {
    id: user.id,
    displayName: user.displayName,
    email: user.email,
    enabled: true,
    roles: DIRECTORY_ROLES.filter((role) => user.roles.includes(role)),
  };
}
