import type { NotificationSettings, OutboxItem } from './notifications/model';
/** The benefits domain's values. Plain data: no SDK types, safe to store and to send anywhere. */

export type LanguageCode = 'en' | 'ja';
export const LANGUAGES: readonly LanguageCode[] = ['en', 'ja'];

/** Text that partners read in either language (product names, special instructions). */
export interface LocalizedText {
  en: string;
  ja: string;
}

export type TenantId = string;
export type UserId = string;
export type BenefitId = string;

/** R1.1: the organisation's admin roles. Anyone with none of them is an employee. */
export type AdminRole = 'globalAdmin' | 'userAdmin' | 'adminAgent' | 'mpnPartnerAdmin';
export const ADMIN_ROLES: readonly AdminRole[] = [
  'globalAdmin',
  'userAdmin',
  'adminAgent',
  'mpnPartnerAdmin',
];

/** R2: the five categories, in the order they are always shown. */
export const CATEGORY_ORDER = [
  'software',
  'cloud',
  'visualStudio',
  'technical',
  'goToMarket',
] as const;
export type CategoryId = (typeof CATEGORY_ORDER)[number];

/** R2: where each kind of benefit belongs. */
export const CATEGORY_OF_KIND: Record<BenefitKind, CategoryId> = {
  softwareKeys: 'software',
  usageSubscription: 'cloud',
  licenseKeys: 'cloud',
  seats: 'visualStudio',
  supportIncidents: 'technical',
  hours: 'technical',
  offer: 'goToMarket',
};

export type PartnerLevel = 'ActionPack' | 'Silver' | 'Gold';
/** R9: where the organisation manages its benefits today. */
export type ManagedIn = 'partnerCenter' | 'pmc';

/** Where the organisation's people live: the bot's own user list, or the organisation's Microsoft Entra ID (through Microsoft Graph). */
export type DirectoryKind = 'local' | 'entra';

export interface User {
  id: UserId; // Microsoft Entra object id (aadObjectId)
  displayName: string;
  /** Other names that find this person: a romanised name, a nickname. */
  aliases: string[];
  email: string;
  roles: AdminRole[];
}

export interface MembershipPackage {
  name: string;
  purchasedAt: string; // ISO 8601
  expiresAt: string;
}

export interface MarketingContact {
  userId: UserId;
  email: string;
  phone: string;
  language: string;
}

export interface Organisation {
  tenantId: TenantId;
  name: string;
  partnerCenterEmail: string;
  partnerId: string;
  level: PartnerLevel;
  competencies: string[];
  managedIn: ManagedIn;
  /** Absent: 'local'. With 'entra', people are found and their roles read in Microsoft Entra ID; the user list keeps the people the bot has met. */
  directory?: DirectoryKind;
  package: MembershipPackage;
  marketingContact: MarketingContact | null;
}

export interface Link {
  title: LocalizedText;
  url: string;
}

export interface Download {
  language: LanguageCode;
  os: string; // an id from the benefit's osTypes
  url: string;
}

interface BenefitBase {
  id: BenefitId;
  category: CategoryId;
  name: LocalizedText;
  /** Short names people use: "VS Pro", "M365", "サポート". A name shared by several benefits is ambiguous. */
  aliases: string[];
  quantity: number;
  /** Special instructions (R3.1, R4.2) or how the benefit is used. */
  instructions: LocalizedText;
  /** Where the benefit is finally used (portals, request forms). */
  links: Link[];
}

/** R3: software with licence keys, downloadable per display language and OS type. */
export interface SoftwareKeysBenefit extends BenefitBase {
  kind: 'softwareKeys';
  languages: LanguageCode[];
  osTypes: { id: string; label: LocalizedText }[];
  downloads: Download[];
  /** The product keys, each encrypted (KeyCipher); never in clear text at rest. */
  keys: string[];
  keysRevealedAt: string | null; // R3.3: the first reveal activates the benefit
}

/** R4.1: a usage-based cloud subscription, activated by assigning yourself. */
export interface UsageSubscriptionBenefit extends BenefitBase {
  kind: 'usageSubscription';
}

/** R4.2: a licence-based cloud subscription, activated with its licence key(s). */
export interface LicenseKeysBenefit extends BenefitBase {
  kind: 'licenseKeys';
  /** The licence key(s), each encrypted (KeyCipher). */
  keys: string[];
  keysRevealedAt: string | null;
}

/** R5: Visual Studio subscriptions, one user per seat. */
export interface SeatsBenefit extends BenefitBase {
  kind: 'seats';
}

/** R6.2: product support incidents, used by an assigned user with an alternative email. */
export interface SupportIncidentsBenefit extends BenefitBase {
  kind: 'supportIncidents';
  incidentsUsed: number;
}

/** R6.4: advisory or presales hours, requested with a form. */
export interface HoursBenefit extends BenefitBase {
  kind: 'hours';
  hoursUsed: number;
}

export type OfferStatus = 'notActivated' | 'pending' | 'active';

/** R7: a Go-To-Market offer, open to partners of a level. */
export interface OfferBenefit extends BenefitBase {
  kind: 'offer';
  requiresLevel: PartnerLevel | null;
  status: OfferStatus;
  activatedAt: string | null;
  expiresAt: string | null;
}

export type Benefit =
  | SoftwareKeysBenefit
  | UsageSubscriptionBenefit
  | LicenseKeysBenefit
  | SeatsBenefit
  | SupportIncidentsBenefit
  | HoursBenefit
  | OfferBenefit;

export type BenefitKind = Benefit['kind'];

/** R6.3: support activation takes days; until then the assignment is pending. */
export type AssignmentState = 'active' | 'pendingActivation';

/** The longest note an assignment can carry. */
export const NOTE_MAX_LENGTH = 200;

export interface Assignment {
  id: string;
  benefitId: BenefitId;
  userId: UserId;
  state: AssignmentState;
  assignedAt: string;
  assignedBy: UserId;
  /** R6.2: where support instructions also go. */
  alternativeEmail: string | null;
  /** R6.3: when a pending activation was confirmed. */
  activatedAt: string | null;
  /** A Global admin's note on the assignment ("for the Contoso migration project"); absent or null: none. */
  note?: string | null;
}

/** R6.4: the phase of a cloud or hybrid solution that technical help is requested for. */
export const REQUEST_PHASES = ['presales', 'design', 'deployment', 'appDevelopment'] as const;
export type RequestPhase = (typeof REQUEST_PHASES)[number];
export const SOLUTION_TYPES = ['cloud', 'hybrid'] as const;
export type SolutionType = (typeof SOLUTION_TYPES)[number];

/** R6.4 advisory or presales hours, or R8 the cancellation of the membership for a refund. */
export type ServiceRequestKind = 'hours' | 'cancellation';
export type ServiceRequestStatus = 'submitted';

/** A service request made from chat. A submitted hours request reserves its hours (R6.4). */
export interface ServiceRequest {
  /** The id of the Submit that made it, so a retried Submit finds it. */
  id: string;
  /** What people quote: kind prefix, the day (UTC), a per-organisation sequence, e.g. ADV-20261124-0001. */
  reference: string;
  kind: ServiceRequestKind;
  /** The hours benefit drawn on; null for a cancellation (the whole membership). */
  benefitId: BenefitId | null;
  phase: RequestPhase | null;
  solution: SolutionType | null;
  description: string;
  hours: number | null;
  contact: { userId: UserId; email: string; phone: string | null } | null;
  status: ServiceRequestStatus;
  createdAt: string;
  createdBy: UserId;
}

/** An employee asks for a benefit (a seat, support); a Global admin approves (which assigns it) or declines. */
export interface BenefitAsk {
  id: string;
  benefitId: BenefitId;
  userId: UserId;
  status: 'open' | 'approved' | 'declined';
  createdAt: string;
  decidedBy: UserId | null;
  decidedAt: string | null;
}

export type AuditAction =
  | 'benefit.assigned'
  | 'benefit.unassigned'
  /** A seat taken back from someone who left the organisation (account deleted or disabled). */
  | 'benefit.reclaimed'
  | 'benefit.reassigned'
  | 'assignment.activated'
  /** A note set on (or cleared from) an assignment. */
  | 'assignment.noted'
  | 'marketingContact.set'
  | 'offer.activationRequested'
  | 'offer.activated'
  | 'user.added'
  | 'user.roleChanged'
  | 'benefit.asked'
  | 'benefit.askDecided'
  | 'request.submitted'
  | 'membership.cancellationRequested'
  /** R3.1, R4.2: who saw which product's keys, where; never the keys themselves. */
  | 'keys.revealed';

/** Who changed what, when, and how it was before and after. Never holds keys. */
export interface AuditEntry {
  id: string;
  at: string;
  actorId: UserId;
  action: AuditAction;
  benefitId: BenefitId | null;
  subjectUserId: UserId | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
}

/** A change already made for a request id: a retried or repeated Confirm finds it and changes nothing. */
export interface ProcessedRequest {
  id: string;
  at: string;
  actorId: UserId;
  action: AuditAction;
  /** A digest of who asked and the arguments (rules.ts, subjectOf): the same id with other content is refused. Absent on records from before it was kept. */
  subject?: string;
}

/** Everything the store holds for one organisation. */
export interface OrganisationData {
  organisation: Organisation;
  users: User[];
  benefits: Benefit[];
  assignments: Assignment[];
  audit: AuditEntry[];
  processedRequests: ProcessedRequest[];
  /** Employees' requests for a benefit, decided by a Global admin. */
  asks: BenefitAsk[];
  /** Notifications waiting for, or done with, delivery (see services/notifications). */
  outbox: OutboxItem[];
  notifications: NotificationSettings;
  /** R6.4, R8: service requests, oldest first; never removed. */
  requests: ServiceRequest[];
}
