import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { z } from 'zod';
import { isAdmin, type Actor } from './access.service';
import { reservedHours } from './benefit-views';
import { BenefitError } from './errors';
import {
  REQUEST_PHASES,
  SOLUTION_TYPES,
  type BenefitId,
  type HoursBenefit,
  type LocalizedText,
  type OrganisationData,
  type RequestPhase,
  type ServiceRequest,
  type ServiceRequestKind,
  type ServiceRequestStatus,
  type SolutionType,
  type UserId,
} from './model';
import { announce } from './notifications/outbox';
import {
  audit,
  benefitRef,
  changeOnce,
  findBenefit,
  findUser,
  type BenefitRef,
  type ChangeDeps,
} from './rules';
import { snapshot } from './org-index';
import { scopedAnswer, type Audience, type ScopedResult } from './policy/visibility';

export type RequestsServiceDeps = ChangeDeps;

export const DESCRIPTION_MAX = 2000;

/** An hours benefit as the request form offers it (R6.4). */
export interface HoursBenefitChoice {
  benefit: BenefitRef;
  quantity: number;
  /** Hours already used, as recorded for the organisation. */
  used: number;
  /** Hours held by submitted requests. */
  reserved: number;
  /** What a new request may ask for: quantity − used − reserved. */
  remaining: number;
}

/** What the request form sends; every field is checked again on Submit. */
export interface HoursRequestInput {
  benefitId: BenefitId;
  /** One of REQUEST_PHASES. */
  phase: string | null | undefined;
  /** One of SOLUTION_TYPES. */
  solution: string | null | undefined;
  description: string;
  /** A whole number of hours, as typed (full-width digits read too). */
  hours: number | string;
  /** Blank: the asker's account email. */
  contactEmail?: string;
  contactPhone?: string;
  /** The country a phone number without "+" is read in. */
  defaultCountry?: CountryCode;
}

export interface RequestContact {
  userId: UserId;
  displayName: string;
  email: string;
  /** E.164, or null when none was given. */
  phone: string | null;
}

/** A service request as a card shows it: names, not ids. */
export interface RequestView {
  id: string;
  reference: string;
  kind: ServiceRequestKind;
  status: ServiceRequestStatus;
  createdAt: string;
  createdBy: { id: UserId; displayName: string };
  benefit: { id: BenefitId; name: LocalizedText } | null;
  phase: RequestPhase | null;
  solution: SolutionType | null;
  description: string;
  hours: number | null;
  contact: RequestContact | null;
}

/** What submitting will do, shown before anything changes. */
export interface HoursRequestPreview {
  benefit: BenefitRef;
  phase: RequestPhase;
  solution: SolutionType;
  description: string;
  hours: number;
  contact: RequestContact;
  /** Hours of the benefit left once this request reserves its own. */
  remainingAfter: number;
}

export interface HoursRequestOutcome {
  request: RequestView;
  remainingAfter: number;
  /** True when this Submit had already been carried out: nothing changed this time. */
  alreadyDone: boolean;
}

const email = z.email();
const DEFAULT_COUNTRY: CountryCode = 'US';
const REFERENCE_PREFIX: Record<ServiceRequestKind, string> = { hours: 'ADV', cancellation: 'CXL' };

/** A date as the error sentences name it. */
export function day(date: Date): string {
  return date.toISOString().slice(0, 10);
}

/** The next reference of the organisation: prefix, today (UTC), and one more than the highest sequence so far. */
export function nextReference(
  requests: readonly ServiceRequest[],
  kind: ServiceRequestKind,
  now: Date,
): string {
  const highest = requests.reduce(
    (max, r) => Math.max(max, Number(/-(\d+)$/.exec(r.reference)?.[1] ?? 0)),
    0,
  );
  return `${REFERENCE_PREFIX[kind]}-${day(now).replaceAll('-', '')}-${String(highest + 1).padStart(4, '0')}`;
}

/** Adds a submitted request to the unit of work's draft. Its id is the Submit's request id, so a retry finds it. */
export function addRequest(
  deps: ChangeDeps,
  data: OrganisationData,
  actor: Actor,
  requestId: string,
  fields: Pick<
    ServiceRequest,
    'kind' | 'benefitId' | 'phase' | 'solution' | 'description' | 'hours' | 'contact'
  >,
): ServiceRequest {
  const now = deps.clock.now();
  const request: ServiceRequest = {
    id: requestId,
    reference: nextReference(data.requests, fields.kind, now),
    ...fields,
    status: 'submitted',
    createdAt: now.toISOString(),
    createdBy: actor.userId ?? '',
  };
  data.requests.push(request);
  return request;
}

/** The request a repeated Submit made the first time; a request id used for something else is out of date. */
export function madeBy(
  data: OrganisationData,
  requestId: string,
  kind: ServiceRequestKind,
): ServiceRequest {
  const request = data.requests.find((r) => r.id === requestId && r.kind === kind);
  if (!request) throw new BenefitError('REQUEST.ID_REQUIRED');
  return request;
}

export function requestView(
  data: Pick<OrganisationData, 'users' | 'benefits'>,
  request: ServiceRequest,
): RequestView {
  const nameOf = (id: UserId) => data.users.find((u) => u.id === id)?.displayName ?? id;
  const benefit = request.benefitId
    ? data.benefits.find((b) => b.id === request.benefitId)
    : undefined;
  return {
    id: request.id,
    reference: request.reference,
    kind: request.kind,
    status: request.status,
    createdAt: request.createdAt,
    createdBy: { id: request.createdBy, displayName: nameOf(request.createdBy) },
    benefit: request.benefitId
      ? {
          id: request.benefitId,
          name: benefit?.name ?? { en: request.benefitId, ja: request.benefitId },
        }
      : null,
    phase: request.phase,
    solution: request.solution,
    description: request.description,
    hours: request.hours,
    contact: request.contact
      ? { ...request.contact, displayName: nameOf(request.contact.userId) }
      : null,
  };
}

/** A description or reason: trimmed, at most DESCRIPTION_MAX characters. */
export function checkText(value: string | undefined): string {
  const text = (value ?? '').trim();
  if (text.length > DESCRIPTION_MAX)
    throw new BenefitError('REQUEST.DESCRIPTION_TOO_LONG', { max: DESCRIPTION_MAX });
  return text;
}

function findHoursBenefit(data: OrganisationData, benefitId: BenefitId): HoursBenefit {
  const benefit = findBenefit(data, benefitId);
  if (benefit.kind !== 'hours')
    throw new BenefitError('REQUEST.NOT_AN_HOURS_BENEFIT', { benefit: benefit.name });
  return benefit;
}

function remainingOf(data: OrganisationData, benefit: HoursBenefit): number {
  return Math.max(
    0,
    benefit.quantity - benefit.hoursUsed - reservedHours(data.requests, benefit.id),
  );
}

function choice(data: OrganisationData, benefit: HoursBenefit): HoursBenefitChoice {
  return {
    benefit: benefitRef(benefit),
    quantity: benefit.quantity,
    used: benefit.hoursUsed,
    reserved: reservedHours(data.requests, benefit.id),
    remaining: remainingOf(data, benefit),
  };
}

function oneOf<T extends string>(
  values: readonly T[],
  value: string | null | undefined,
): T | undefined {
  return values.find((v) => v === value?.trim());
}

/** NFKC first, so full-width digits typed in Japanese read too. */
function checkHours(value: number | string): number {
  const hours =
    typeof value === 'number'
      ? value
      : /^\d+$/.test(value.normalize('NFKC').trim())
        ? Number(value.normalize('NFKC').trim())
        : Number.NaN;
  if (!Number.isSafeInteger(hours) || hours < 1)
    throw new BenefitError('REQUEST.HOURS_INVALID', { hours: String(value).trim() });
  return hours;
}

function checkPhone(value: string, defaultCountry: CountryCode | undefined): string {
  const parsed = parsePhoneNumberFromString(
    value.normalize('NFKC').trim(),
    defaultCountry ?? DEFAULT_COUNTRY,
  );
  if (!parsed?.isValid()) throw new BenefitError('PHONE.INVALID', { phone: value.trim() });
  return parsed.number;
}

function checkContact(
  data: OrganisationData,
  actor: Actor,
  input: HoursRequestInput,
): RequestContact {
  const me = findUser(data, actor.userId ?? '');
  const given = input.contactEmail?.trim();
  if (given && !email.safeParse(given).success)
    throw new BenefitError('EMAIL.INVALID', { email: given });
  const phone = input.contactPhone?.trim()
    ? checkPhone(input.contactPhone, input.defaultCountry)
    : null;
  return { userId: me.id, displayName: me.displayName, email: given || me.email, phone };
}

/** R6.4: every field of the form, and hours within what remains. */
function checkHoursRequest(
  data: OrganisationData,
  actor: Actor,
  input: HoursRequestInput,
): HoursRequestPreview {
  const benefit = findHoursBenefit(data, input.benefitId);
  const phase = oneOf(REQUEST_PHASES, input.phase);
  if (!phase) throw new BenefitError('REQUEST.PHASE_REQUIRED');
  const solution = oneOf(SOLUTION_TYPES, input.solution);
  if (!solution) throw new BenefitError('REQUEST.SOLUTION_REQUIRED');
  const description = checkText(input.description);
  if (!description) throw new BenefitError('REQUEST.DESCRIPTION_REQUIRED');
  const hours = checkHours(input.hours);
  const remaining = remainingOf(data, benefit);
  if (remaining === 0) throw new BenefitError('REQUEST.NO_HOURS_LEFT', { benefit: benefit.name });
  if (hours > remaining)
    throw new BenefitError('REQUEST.TOO_MANY_HOURS', { benefit: benefit.name, hours, remaining });
  const contact = checkContact(data, actor, input);
  return {
    benefit: benefitRef(benefit),
    phase,
    solution,
    description,
    hours,
    contact,
    remainingAfter: remaining - hours,
  };
}

/** R1.6: requests are made by admins on behalf of the company. */
function requireAdmin(actor: Actor): void {
  if (!isAdmin(actor)) throw new BenefitError('ROLE.ADMIN_REQUIRED');
}

export class RequestsService {
  constructor(private readonly deps: RequestsServiceDeps) {}

  /** R6.4: the advisory and presales hours benefits, each with what remains, in the package's order. */
  async hoursBenefits(actor: Actor): Promise<HoursBenefitChoice[]> {
    const data = await snapshot(this.deps.store, actor);
    requireAdmin(actor);
    return data.benefits
      .filter((b): b is HoursBenefit => b.kind === 'hours')
      .map((b) => choice(data, b));
  }

  /** Checks a request without submitting it: what the confirmation card shows. */
  async previewHoursRequest(actor: Actor, input: HoursRequestInput): Promise<HoursRequestPreview> {
    const data = await snapshot(this.deps.store, actor);
    requireAdmin(actor);
    return checkHoursRequest(data, actor, input);
  }

  /** R6.4 Submit request: the request gets a reference and reserves its hours; a repeated Submit changes nothing. */
  async submitHoursRequest(
    actor: Actor,
    input: HoursRequestInput & { requestId: string },
  ): Promise<HoursRequestOutcome> {
    return changeOnce(this.deps, actor, input, 'request.submitted', (data, alreadyDone) => {
      requireAdmin(actor);
      if (alreadyDone) {
        const made = madeBy(data, input.requestId, 'hours');
        return {
          request: requestView(data, made),
          remainingAfter: remainingOf(data, findHoursBenefit(data, made.benefitId ?? '')),
          alreadyDone: true,
        };
      }
      const checked = checkHoursRequest(data, actor, input);
      const { contact } = checked;
      const request = addRequest(this.deps, data, actor, input.requestId, {
        kind: 'hours',
        benefitId: checked.benefit.id,
        phase: checked.phase,
        solution: checked.solution,
        description: checked.description,
        hours: checked.hours,
        contact: { userId: contact.userId, email: contact.email, phone: contact.phone },
      });
      const remainingBefore = checked.remainingAfter + checked.hours;
      audit(
        this.deps,
        data,
        actor,
        'request.submitted',
        checked.benefit.id,
        null,
        { remaining: remainingBefore },
        {
          reference: request.reference,
          hours: checked.hours,
          phase: checked.phase,
          solution: checked.solution,
          remaining: checked.remainingAfter,
        },
      );
      announce(this.deps, data, {
        type: 'requestSubmitted',
        reference: request.reference,
        benefit: checked.benefit.name,
        by: actor.displayName,
        hours: checked.hours,
      });
      return {
        request: requestView(data, request),
        remainingAfter: checked.remainingAfter,
        alreadyDone: false,
      };
    });
  }

  /** The requests the person made (personal): in a personal chat only. */
  async myRequestsIn(actor: Actor, audience: Audience): Promise<ScopedResult<RequestView[]>> {
    return scopedAnswer(this.deps.store, actor, audience, 'personal', () => this.myRequests(actor));
  }

  /** The requests the person made, newest first. */
  async myRequests(actor: Actor): Promise<RequestView[]> {
    const data = await snapshot(this.deps.store, actor);
    return data.requests
      .filter((r) => actor.userId !== null && r.createdBy === actor.userId)
      .reverse()
      .map((r) => requestView(data, r));
  }

  /** R1.6: every request of the organisation, newest first, for admins. */
  async organisationRequests(actor: Actor): Promise<RequestView[]> {
    const data = await snapshot(this.deps.store, actor);
    requireAdmin(actor);
    return [...data.requests].reverse().map((r) => requestView(data, r));
  }
}
