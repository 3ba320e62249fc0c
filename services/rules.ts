import { createHash } from 'node:crypto';
import { z } from 'zod';
import { hasRole, type Actor } from './access.service';
import type { Clock } from './clock';
import { BenefitError } from './errors';
import type {
  AdminRole,
  AuditAction,
  AuditEntry,
  Benefit,
  BenefitId,
  Link,
  LocalizedText,
  OrganisationData,
  ProcessedRequest,
  User,
  UserId,
} from './model';
import { userWithId } from './org-index';
import type { BenefitStore } from './ports';

/** What every service that changes an organisation needs. */
export interface ChangeDeps {
  store: BenefitStore;
  clock: Clock;
  newId: () => string;
  /** Whether people are still in the organisation's directory (PeopleService); without it, the user list is the directory. */
  people?: PeopleCheck;
}

/** Checks against the organisation's directory, read afresh: nobody leaves a local user list this way. */
export interface PeopleCheck {
  /** Throws USER.LEFT for someone whose account was deleted or disabled, DIRECTORY.UNAVAILABLE when the directory cannot be read. */
  checkPresent(actor: Actor, userIds: readonly UserId[]): Promise<void>;
  /** Of these people, those whose account was deleted or is disabled. */
  whoLeft(actor: Actor, userIds: readonly UserId[]): Promise<Map<UserId, 'deleted' | 'disabled'>>;
}

export interface PersonRef {
  id: UserId;
  displayName: string;
  email: string;
}

export interface BenefitRef {
  id: BenefitId;
  name: LocalizedText;
  kind: Benefit['kind'];
  quantity: number;
  links: Link[];
}

const email = z.email();

/** R1.3–R1.5: a change needs one of these roles; a refusal names who can do it. */
export function requireRole(
  actor: Actor,
  data: Pick<OrganisationData, 'users'>,
  roles: AdminRole[],
): void {
  if (roles.some((role) => hasRole(actor, role))) return;
  const holders = data.users
    .filter((u) => u.roles.some((r) => roles.includes(r)))
    .map((u) => u.displayName);
  const code =
    roles.length === 1 && roles[0] === 'globalAdmin'
      ? 'ROLE.GLOBAL_ADMIN_REQUIRED'
      : roles.includes('mpnPartnerAdmin')
        ? 'ROLE.MARKETING_ROLE_REQUIRED'
        : 'ROLE.USER_ADMIN_REQUIRED';
  throw new BenefitError(code, { admins: holders });
}

export function person(user: User): PersonRef {
  return { id: user.id, displayName: user.displayName, email: user.email };
}

export function benefitRef(benefit: Benefit): BenefitRef {
  return {
    id: benefit.id,
    name: benefit.name,
    kind: benefit.kind,
    quantity: benefit.quantity,
    links: benefit.links,
  };
}

export function findBenefit(
  data: Pick<OrganisationData, 'benefits'>,
  benefitId: BenefitId,
): Benefit {
  const benefit = data.benefits.find((b) => b.id === benefitId);
  if (!benefit) throw new BenefitError('BENEFIT.NOT_FOUND');
  return benefit;
}

export function findUser(data: Pick<OrganisationData, 'users'>, userId: UserId): User {
  const user = userWithId(data, userId);
  if (!user) throw new BenefitError('USER.NOT_FOUND');
  return user;
}

/** R6.2, R7.2: a real address, and not the company's Partner Center account email. */
export function checkEmail(data: Pick<OrganisationData, 'organisation'>, value: string): string {
  const trimmed = value.trim();
  if (!email.safeParse(trimmed).success)
    throw new BenefitError('EMAIL.INVALID', { email: trimmed });
  if (trimmed.toLowerCase() === data.organisation.partnerCenterEmail.toLowerCase()) {
    throw new BenefitError('EMAIL.SAME_AS_PARTNER_CENTER', { email: trimmed });
  }
  return trimmed;
}

/**
 * One unit of work for a confirmed change, carried out at most once per request id: a repeated
 * or retried Confirm runs `work` with alreadyDone = true, which must change nothing.
 *
 * A request id is bound to what it did: the operation and every argument it came with (the
 * input, less the id). The same id with anything else (another operation, benefit, person, key
 * language…) is refused before `work` runs, so a processed id can never unlock a different change.
 */
export function changeOnce<T>(
  deps: ChangeDeps,
  actor: Actor,
  input: { readonly requestId: string },
  action: AuditAction,
  work: (data: OrganisationData, alreadyDone: boolean) => T,
): Promise<T> {
  const { requestId } = input;
  if (!requestId) throw new BenefitError('REQUEST.ID_REQUIRED');
  const subject = subjectOf(actor, action, input);
  return deps.store.unitOfWork(actor.tenantId, (data) => {
    const earlier = processed(data.processedRequests, requestId);
    if (earlier && (earlier.action !== action || (earlier.subject ?? subject) !== subject))
      throw new BenefitError('REQUEST.ID_REUSED');
    const result = work(data, earlier !== undefined);
    if (!earlier)
      data.processedRequests.push({
        id: requestId,
        at: deps.clock.now().toISOString(),
        actorId: actor.userId ?? '',
        action,
        subject,
      });
    return result;
  });
}

/** What a request did, as a short digest: who asked, the operation, and its arguments (keys in a fixed order). */
export function subjectOf(
  actor: Actor,
  action: AuditAction,
  input: { readonly requestId: string },
): string {
  const args: Record<string, unknown> = { ...input };
  delete args.requestId;
  return createHash('sha256')
    .update(canonicalJson({ by: actor.userId ?? '', action, args }))
    .digest('base64url')
    .slice(0, 22);
}

function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).filter(
      ([, v]) => v !== undefined,
    );
    entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value) ?? 'null';
}

/** The record of a request id that was carried out; newest first, as a repeated Confirm is usually a recent one. */
function processed(
  requests: readonly ProcessedRequest[],
  requestId: string,
): ProcessedRequest | undefined {
  for (let i = requests.length - 1; i >= 0; i -= 1)
    if (requests[i]?.id === requestId) return requests[i];
  return undefined;
}

/** Records who changed what, when, and how it was before and after, in the same unit of work. */
export function audit(
  deps: ChangeDeps,
  data: OrganisationData,
  actor: Actor,
  action: AuditAction,
  benefitId: BenefitId | null,
  subjectUserId: UserId | null,
  before: AuditEntry['before'],
  after: AuditEntry['after'],
): void {
  data.audit.push({
    id: deps.newId(),
    at: deps.clock.now().toISOString(),
    actorId: actor.userId ?? '',
    action,
    benefitId,
    subjectUserId,
    before,
    after,
  });
}
