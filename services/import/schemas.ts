import { z } from 'zod';
import {
  CATEGORY_ORDER,
  LANGUAGES,
  type AdminRole,
  type BenefitKind,
  type CategoryId,
  type Download,
  type LanguageCode,
  type Link,
  type LocalizedText,
  type PartnerLevel,
} from '../model';

/** What each import file may hold: its columns or JSON shape, and the values a cell may take. */

export const LEVELS: readonly PartnerLevel[] = ['ActionPack', 'Silver', 'Gold'];
export const MANAGED_IN = ['partnerCenter', 'pmc'] as const;

/** What `create` takes, as text: from the command line or from organisation.json. */
export interface OrganisationFields {
  tenantId: string;
  name: string;
  partnerCenterEmail: string;
  partnerId: string;
  level: string;
  competencies: string[];
  managedIn: string;
  packageName: string;
  purchased: string;
  expires: string;
}

export const JSON_NAMES: Record<keyof OrganisationFields, string> = {
  tenantId: 'tenantId',
  name: 'name',
  partnerCenterEmail: 'partnerCenterEmail',
  partnerId: 'partnerId',
  level: 'level',
  competencies: 'competencies',
  managedIn: 'managedIn',
  packageName: 'package.name',
  purchased: 'package.purchasedAt',
  expires: 'package.expiresAt',
};

export const organisationJson = z.strictObject({
  tenantId: z.string(),
  name: z.string(),
  partnerCenterEmail: z.string(),
  partnerId: z.union([z.string(), z.number().int().nonnegative().transform(String)]),
  level: z.string(),
  competencies: z.array(z.string()).default([]),
  managedIn: z.string(),
  package: z.strictObject({ name: z.string(), purchasedAt: z.string(), expiresAt: z.string() }),
});

export const USER_COLUMNS = {
  required: ['name', 'email', 'aadObjectId', 'role'],
  optional: ['aliases'],
} as const;

export const ROLE_NAMES: Record<string, AdminRole | 'employee'> = {
  globaladmin: 'globalAdmin',
  useradmin: 'userAdmin',
  adminagent: 'adminAgent',
  mpnpartneradmin: 'mpnPartnerAdmin',
  employee: 'employee',
};
export const ROLE_LIST = 'Global admin, User admin, Admin agent, MPN partner admin, employee';

/** One good row of users.csv. `aliases` is undefined when the file has no aliases column (kept as stored). */
export interface UserRow {
  where: string;
  name: string;
  email: string;
  aadObjectId: string;
  roles: AdminRole[];
  aliases: string[] | undefined;
}

export const KINDS: readonly BenefitKind[] = [
  'softwareKeys',
  'usageSubscription',
  'licenseKeys',
  'seats',
  'supportIncidents',
  'hours',
  'offer',
];

export const hasKeys = (kind: BenefitKind): kind is 'softwareKeys' | 'licenseKeys' =>
  kind === 'softwareKeys' || kind === 'licenseKeys';
export const BENEFIT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** What the bot, not the file, keeps up to date once a benefit exists. */
export interface BenefitState {
  keysRevealedAt?: string | null;
  incidentsUsed?: number;
  hoursUsed?: number;
  status?: 'notActivated' | 'pending' | 'active';
  activatedAt?: string | null;
  expiresAt?: string | null;
}

/**
 * One benefit as a file describes it. Undefined means "not in this file": a stored benefit keeps
 * its value, a new one gets the default. Keys are in clear text here and only here.
 */
export interface BenefitInput {
  where: string;
  id: string;
  kind: BenefitKind;
  category: CategoryId;
  name: LocalizedText;
  quantity: number;
  instructions: LocalizedText;
  aliases: string[];
  links: Link[];
  software?: {
    languages: LanguageCode[];
    osTypes: { id: string; label: LocalizedText }[];
    downloads: Download[];
  };
  requiresLevel?: PartnerLevel | null;
  keys?: string[];
  state?: BenefitState;
}

export const BENEFIT_COLUMNS = {
  required: [
    'id',
    'category',
    'kind',
    'name_en',
    'name_ja',
    'quantity',
    'instructions_en',
    'instructions_ja',
    'aliases',
    'keys',
    'link_title_en',
    'link_title_ja',
    'link_url',
  ],
  optional: ['requires_level'],
} as const;

export const httpUrl = z.url({ protocol: /^https?$/, error: 'is not an http(s) URL' });

const localizedText = z.strictObject({ en: z.string(), ja: z.string() });
const nameText = z.strictObject({
  en: z.string().trim().min(1, 'is empty'),
  ja: z.string().trim().min(1, 'is empty'),
});
const iso = z.iso.datetime({ offset: true });
const jsonBase = {
  id: z.string(),
  category: z.enum(CATEGORY_ORDER).optional(),
  name: nameText,
  aliases: z.array(z.string()).default([]),
  quantity: z.number().int('is not a whole number').nonnegative('is negative'),
  instructions: localizedText.default({ en: '', ja: '' }),
  links: z.array(z.strictObject({ title: nameText, url: httpUrl })).default([]),
};
const clearKeys = z.array(z.string()).optional();
export const JSON_SCHEMAS = {
  softwareKeys: z.strictObject({
    ...jsonBase,
    kind: z.literal('softwareKeys'),
    languages: z.array(z.enum(LANGUAGES)).min(1),
    osTypes: z.array(z.strictObject({ id: z.string().min(1), label: nameText })).min(1),
    downloads: z.array(
      z.strictObject({ language: z.enum(LANGUAGES), os: z.string(), url: httpUrl }),
    ),
    keys: clearKeys,
    keysRevealedAt: iso.nullable().optional(),
  }),
  usageSubscription: z.strictObject({ ...jsonBase, kind: z.literal('usageSubscription') }),
  licenseKeys: z.strictObject({
    ...jsonBase,
    kind: z.literal('licenseKeys'),
    keys: clearKeys,
    keysRevealedAt: iso.nullable().optional(),
  }),
  seats: z.strictObject({ ...jsonBase, kind: z.literal('seats') }),
  supportIncidents: z.strictObject({
    ...jsonBase,
    kind: z.literal('supportIncidents'),
    incidentsUsed: z.number().int().nonnegative().optional(),
  }),
  hours: z.strictObject({
    ...jsonBase,
    kind: z.literal('hours'),
    hoursUsed: z.number().nonnegative().optional(),
  }),
  offer: z.strictObject({
    ...jsonBase,
    kind: z.literal('offer'),
    requiresLevel: z.enum(['ActionPack', 'Silver', 'Gold']).nullable().optional(),
    status: z.enum(['notActivated', 'pending', 'active']).optional(),
    activatedAt: iso.nullable().optional(),
    expiresAt: iso.nullable().optional(),
  }),
} satisfies Record<BenefitKind, z.ZodType>;
