import { z } from 'zod';
import {
  CATEGORY_ORDER,
  NOTE_MAX_LENGTH,
  REQUEST_PHASES,
  SOLUTION_TYPES,
  type OrganisationData,
} from '../model';
import { KeyCipher } from '../secrets/key-cipher';
import type { NotificationEvent } from '../notifications/model';

/** The stored shape, checked at load: a file that fails is reported and never overwritten. */

const iso = z.iso.datetime({ offset: true });
const text = z.object({ en: z.string(), ja: z.string() });
const language = z.enum(['en', 'ja']);
const level = z.enum(['ActionPack', 'Silver', 'Gold']);
const auditAction = z.enum([
  'benefit.assigned',
  'benefit.unassigned',
  'benefit.reclaimed',
  'benefit.reassigned',
  'assignment.activated',
  'assignment.noted',
  'marketingContact.set',
  'offer.activationRequested',
  'offer.activated',
  'user.added',
  'user.roleChanged',
  'benefit.asked',
  'benefit.askDecided',
  'request.submitted',
  'membership.cancellationRequested',
  'keys.revealed',
]);
/** Keys are stored encrypted only: a clear-text key in a data file fails validation. */
const encryptedKeys = z
  .array(
    z
      .string()
      .refine(
        KeyCipher.isEncrypted,
        'a key is stored in clear text; keys must be encrypted (import them with npm run org)',
      ),
  )
  .default([]);
const link = z.object({ title: text, url: z.url() });

const benefitBase = {
  id: z.string().min(1),
  category: z.enum(CATEGORY_ORDER),
  name: text,
  aliases: z.array(z.string()).default([]),
  quantity: z.number().int().nonnegative(),
  instructions: text,
  links: z.array(link),
};

const benefit = z.discriminatedUnion('kind', [
  z.object({
    ...benefitBase,
    kind: z.literal('softwareKeys'),
    languages: z.array(language),
    osTypes: z.array(z.object({ id: z.string(), label: text })),
    downloads: z.array(z.object({ language, os: z.string(), url: z.url() })),
    keys: encryptedKeys,
    keysRevealedAt: iso.nullable(),
  }),
  z.object({ ...benefitBase, kind: z.literal('usageSubscription') }),
  z.object({
    ...benefitBase,
    kind: z.literal('licenseKeys'),
    keys: encryptedKeys,
    keysRevealedAt: iso.nullable(),
  }),
  z.object({ ...benefitBase, kind: z.literal('seats') }),
  z.object({
    ...benefitBase,
    kind: z.literal('supportIncidents'),
    incidentsUsed: z.number().int().nonnegative(),
  }),
  z.object({ ...benefitBase, kind: z.literal('hours'), hoursUsed: z.number().nonnegative() }),
  z.object({
    ...benefitBase,
    kind: z.literal('offer'),
    requiresLevel: level.nullable(),
    status: z.enum(['notActivated', 'pending', 'active']),
    activatedAt: iso.nullable(),
    expiresAt: iso.nullable(),
  }),
]);

/** Events are written by this code only; the store checks their shape loosely (they carry a type). */
const notificationEvent = z.custom<NotificationEvent>(
  (e) => typeof e === 'object' && e !== null && typeof (e as { type?: unknown }).type === 'string',
  'a notification event needs a type',
);

const reachableConversation = z.object({
  conversationId: z.string().min(1),
  kind: z.enum(['personal', 'channel', 'groupChat']),
  userId: z.string().nullable(),
  memberId: z.string().nullable().default(null),
  serviceUrl: z.string(),
  channelId: z.string(),
  botId: z.string(),
  botName: z.string(),
  teamId: z.string().nullable(),
  installedAt: iso,
});

const outboxItem = z.object({
  id: z.string().min(1),
  createdAt: iso,
  target: z.discriminatedUnion('type', [
    z.object({ type: z.literal('channel') }),
    z.object({ type: z.literal('person'), userId: z.string() }),
    z.object({ type: z.literal('admins') }),
  ]),
  event: notificationEvent,
  conversationId: z.string().nullable(),
  status: z.enum(['pending', 'sent', 'failed', 'undeliverable']),
  attempts: z.number().int().nonnegative(),
  nextAttemptAt: iso,
  lastError: z.string().nullable(),
  sentAt: iso.nullable(),
  mentionUserId: z.string().nullable(),
  leaseUntil: iso.nullable().optional(),
});

/** An organisation's fields, each checked on its own (organisationDataSchema adds the references between them). */
export const organisationFieldsSchema = z.object({
  organisation: z.object({
    tenantId: z.string().min(1),
    name: z.string().min(1),
    partnerCenterEmail: z.email(),
    partnerId: z.string().min(1),
    level,
    competencies: z.array(z.string()),
    managedIn: z.enum(['partnerCenter', 'pmc']),
    directory: z.enum(['local', 'entra']).optional(),
    package: z.object({ name: z.string(), purchasedAt: iso, expiresAt: iso }),
    marketingContact: z
      .object({ userId: z.string(), email: z.email(), phone: z.string(), language: z.string() })
      .nullable(),
  }),
  users: z.array(
    z.object({
      id: z.string().min(1),
      displayName: z.string().min(1),
      aliases: z.array(z.string()),
      email: z.email(),
      roles: z.array(z.enum(['globalAdmin', 'userAdmin', 'adminAgent', 'mpnPartnerAdmin'])),
    }),
  ),
  benefits: z.array(benefit),
  assignments: z.array(
    z.object({
      id: z.string().min(1),
      benefitId: z.string().min(1),
      userId: z.string().min(1),
      state: z.enum(['active', 'pendingActivation']),
      assignedAt: iso,
      assignedBy: z.string(),
      alternativeEmail: z.email().nullable(),
      activatedAt: iso.nullable().default(null),
      note: z.string().max(NOTE_MAX_LENGTH).nullable().optional(),
    }),
  ),
  audit: z
    .array(
      z.object({
        id: z.string().min(1),
        at: iso,
        actorId: z.string(),
        action: auditAction,
        benefitId: z.string().nullable(),
        subjectUserId: z.string().nullable(),
        before: z.record(z.string(), z.unknown()).nullable(),
        after: z.record(z.string(), z.unknown()).nullable(),
      }),
    )
    .default([]),
  processedRequests: z
    .array(
      z.object({
        id: z.string().min(1),
        at: iso,
        actorId: z.string(),
        action: auditAction,
        subject: z.string().max(64).optional(),
      }),
    )
    .default([]),
  requests: z
    .array(
      z.object({
        id: z.string().min(1),
        reference: z.string().min(1),
        kind: z.enum(['hours', 'cancellation']),
        benefitId: z.string().nullable(),
        phase: z.enum(REQUEST_PHASES).nullable(),
        solution: z.enum(SOLUTION_TYPES).nullable(),
        description: z.string(),
        hours: z.number().int().positive().nullable(),
        contact: z
          .object({ userId: z.string(), email: z.email(), phone: z.string().nullable() })
          .nullable(),
        status: z.enum(['submitted']),
        createdAt: iso,
        createdBy: z.string(),
      }),
    )
    .default([]),
  asks: z
    .array(
      z.object({
        id: z.string().min(1),
        benefitId: z.string().min(1),
        userId: z.string().min(1),
        status: z.enum(['open', 'approved', 'declined']),
        createdAt: iso,
        decidedBy: z.string().nullable(),
        decidedAt: iso.nullable(),
      }),
    )
    .default([]),
  outbox: z.array(outboxItem).default([]),
  notifications: z
    .object({
      channelConversationId: z.string().nullable(),
      language: z.enum(['en', 'ja']),
      conversations: z.array(reachableConversation),
      remindersSent: z.array(z.string()),
      sendLog: z
        .object({
          sends: z.array(z.object({ key: z.string(), at: z.number() })),
          pauses: z.array(z.object({ key: z.string(), until: z.number() })),
        })
        .optional(),
    })
    .default({ channelConversationId: null, language: 'en', conversations: [], remindersSent: [] }),
});

/** Assignments naming a benefit or a user the organisation does not have. */
export function referenceIssues(
  data: Pick<OrganisationData, 'benefits' | 'users' | 'assignments'>,
): { path: (string | number)[]; message: string }[] {
  const benefitIds = new Set(data.benefits.map((b) => b.id));
  const userIds = new Set(data.users.map((u) => u.id));
  const issues: { path: (string | number)[]; message: string }[] = [];
  data.assignments.forEach((a, i) => {
    if (!benefitIds.has(a.benefitId))
      issues.push({
        path: ['assignments', i, 'benefitId'],
        message: `no benefit "${a.benefitId}"`,
      });
    if (!userIds.has(a.userId))
      issues.push({ path: ['assignments', i, 'userId'], message: `no user "${a.userId}"` });
  });
  return issues;
}

export const organisationDataSchema: z.ZodType<OrganisationData> =
  organisationFieldsSchema.superRefine((data, ctx) => {
    for (const issue of referenceIssues(data)) ctx.addIssue({ code: 'custom', ...issue });
  });

export const STORE_SCHEMA_VERSION = 1;

export const indexSchema = z.object({
  schemaVersion: z.number().int().positive(),
  organisations: z.record(z.string(), z.object({ file: z.string().min(1) })),
});
export type StoreIndex = z.infer<typeof indexSchema>;

export const stateBucketSchema = z.record(
  z.string(),
  z.object({ doc: z.record(z.string(), z.unknown()), eTag: z.string() }),
);
export type StateBucket = z.infer<typeof stateBucketSchema>;

/** One readable line per problem, naming where in the file it is. */
export function describeIssues(error: z.ZodError, most = 3): string {
  const lines = error.issues.slice(0, most).map((issue) => {
    const where = issue.path.reduce<string>(
      (acc, part) =>
        typeof part === 'number'
          ? `${acc}[${part}]`
          : acc
            ? `${acc}.${String(part)}`
            : String(part),
      '',
    );
    return `${where || '(top level)'}: ${issue.message}`;
  });
  const more = error.issues.length > most ? ` (and ${error.issues.length - most} more)` : '';
  return lines.join('; ') + more;
}
