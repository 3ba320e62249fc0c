import { z } from 'zod';
import type { Actor } from '../access.service';
import type { AssignmentService } from '../assignment.service';
import { BenefitError } from '../errors';
import type { CountryCode, GoToMarketService } from '../go-to-market.service';
import type { AdminRole } from '../model';
import type { ChangeDeps } from '../rules';
import type { UsersService } from '../users.service';
import { addUserAndAssign, setContactAndActivate } from './composites';
import type { NotesService } from './note';

/**
 * THE list of changes a person confirms. For each: who may make it (R1; the service checks it
 * again), what its Confirm carries (ids and typed values, checked here, so a forged card payload
 * is refused before anything runs), and what it does. The card verbs' payload schema and the
 * authorization matrix test are derived from this list; the bot renders each outcome.
 *
 * Adding a kind of change: its service file (see note.ts), an entry here, its sentences in the
 * catalogue (cards/i18n), and tests.
 */
export interface ChangeServices extends ChangeDeps {
  assignments: AssignmentService;
  users: UsersService;
  goToMarket: GoToMarketService;
  notes: NotesService;
}

const id = z.string().min(1).max(200);
const text = (max: number) => z.string().max(max);
/** Where a phone number without "+" is read (ISO 3166 code). */
const COUNTRY = z
  .string()
  .regex(/^[A-Z]{2}$/)
  .transform((code) => code as CountryCode);

interface ChangeDefinition<S extends z.ZodObject, O> {
  /** R1: the roles that may make it. */
  roles: readonly AdminRole[];
  /** What its Confirm carries besides the op and the request id. */
  input: S;
  execute(
    services: ChangeServices,
    actor: Actor,
    input: z.infer<S> & { requestId: string },
  ): Promise<O>;
}

const change = <S extends z.ZodObject, O>(definition: ChangeDefinition<S, O>) => definition;

const seatsSchema = z
  .array(z.tuple([id, id]))
  .min(1)
  .max(40);
/** Which seats a reclaim takes back, as its card carries them: [benefitId, userId] pairs in JSON. */
export function decodeSeats(value: string): { benefitId: string; userId: string }[] {
  try {
    const parsed = seatsSchema.safeParse(JSON.parse(value));
    if (parsed.success) return parsed.data.map(([benefitId, userId]) => ({ benefitId, userId }));
  } catch {
    // Not JSON: nothing to take back.
  }
  throw new BenefitError('RECLAIM.NOTHING_TO_RECLAIM');
}

export const CHANGES = {
  /** R5.1, R6.2, R4.1; R5.2 with a new user: added and assigned in one unit of work. */
  assign: change({
    roles: ['globalAdmin'],
    input: z.object({
      benefitId: id,
      userId: id.optional(),
      alternativeEmail: text(320).optional(),
      newUserName: text(200).optional(),
      newUserEmail: text(320).optional(),
    }),
    async execute(
      s,
      actor,
      { requestId, benefitId, userId, alternativeEmail, newUserName, newUserEmail },
    ) {
      const email = alternativeEmail ? { alternativeEmail } : {};
      if (newUserName !== undefined && newUserEmail !== undefined)
        return addUserAndAssign(s, actor, {
          requestId,
          benefitId,
          newUserName,
          newUserEmail,
          ...email,
        });
      return {
        ...(await s.assignments.assign(actor, {
          requestId,
          benefitId,
          userId: userId ?? '',
          ...email,
        })),
        added: null,
      };
    },
  }),
  remove: change({
    roles: ['globalAdmin'],
    input: z.object({ benefitId: id, userId: id }),
    execute: (s, actor, input) => s.assignments.remove(actor, input),
  }),
  /** R5.3 */
  reassign: change({
    roles: ['globalAdmin'],
    input: z.object({
      benefitId: id,
      userId: id,
      fromUserId: id,
      alternativeEmail: text(320).optional(),
    }),
    execute: (s, actor, { requestId, benefitId, userId, fromUserId, alternativeEmail }) =>
      s.assignments.reassign(actor, {
        requestId,
        benefitId,
        fromUserId,
        toUserId: userId,
        ...(alternativeEmail ? { alternativeEmail } : {}),
      }),
  }),
  /** R6.3: a pending support activation is now active. */
  confirmActive: change({
    roles: ['globalAdmin'],
    input: z.object({ benefitId: id, userId: id }),
    execute: (s, actor, { benefitId, userId }) =>
      s.assignments.confirmActive(actor, { benefitId, userId }),
  }),
  /** People who left: their seats taken back, each checked again. */
  reclaim: change({
    roles: ['globalAdmin'],
    input: z.object({ seats: text(20_000) }),
    execute: (s, actor, { requestId, seats }) =>
      s.assignments.reclaim(actor, { requestId, seats: decodeSeats(seats) }),
  }),
  setPartnerRole: change({
    roles: ['globalAdmin'],
    input: z.object({
      userId: id,
      role: z.enum(['mpnPartnerAdmin', 'adminAgent']),
      grant: z.enum(['true', 'false']),
    }),
    execute: (s, actor, { requestId, userId, role, grant }) =>
      s.users.setPartnerRole(actor, { requestId, userId, role, grant: grant === 'true' }),
  }),
  /** R1.5 */
  addUser: change({
    roles: ['globalAdmin', 'userAdmin'],
    input: z.object({ newUserName: text(200), newUserEmail: text(320) }),
    execute: (s, actor, { requestId, newUserName, newUserEmail }) =>
      s.users.addUser(actor, { requestId, displayName: newUserName, email: newUserEmail }),
  }),
  /** R7.2 */
  setMarketingContact: change({
    roles: ['globalAdmin', 'mpnPartnerAdmin'],
    input: z.object({
      userId: id,
      email: text(320),
      phone: text(40),
      language: text(20),
      country: COUNTRY.optional(),
    }),
    execute: (s, actor, { country, ...contact }) =>
      s.goToMarket.setMarketingContact(actor, {
        ...contact,
        ...(country ? { defaultCountry: country } : {}),
      }),
  }),
  /** R7.3; with a contact (R7.2) set in the same unit of work when the offer needed one. */
  activateOffer: change({
    roles: ['globalAdmin', 'mpnPartnerAdmin'],
    input: z.object({
      benefitId: id,
      userId: id.optional(),
      email: text(320).optional(),
      phone: text(40).optional(),
      language: text(20).optional(),
      country: COUNTRY.optional(),
    }),
    async execute(s, actor, { requestId, benefitId, userId, email, phone, language, country }) {
      if (email)
        return setContactAndActivate(s, actor, {
          requestId,
          benefitId,
          userId: userId ?? '',
          email,
          phone: phone ?? '',
          language: language ?? '',
          ...(country ? { defaultCountry: country } : {}),
        });
      return {
        ...(await s.goToMarket.requestActivation(actor, { requestId, benefitId })),
        contact: null,
      };
    },
  }),
  /** R7.3: the offer is active, until its Expires date. */
  confirmOfferActive: change({
    roles: ['globalAdmin', 'mpnPartnerAdmin'],
    input: z.object({ benefitId: id, expiresOn: text(10).optional() }),
    async execute(s, actor, { benefitId, expiresOn }) {
      const expiresAt =
        expiresOn && /^\d{4}-\d{2}-\d{2}$/.test(expiresOn)
          ? new Date(`${expiresOn}T00:00:00Z`)
          : undefined;
      return s.goToMarket.confirmActive(actor, { benefitId, ...(expiresAt ? { expiresAt } : {}) });
    },
  }),
  /** A note on an assignment (note.ts). */
  setNote: change({
    roles: ['globalAdmin'],
    input: z.object({ benefitId: id, userId: id, note: text(2000) }),
    execute: (s, actor, input) => s.notes.setNote(actor, input),
  }),
} as const;

export type ChangeOp = keyof typeof CHANGES;
export const CHANGE_OPS = Object.keys(CHANGES) as [ChangeOp, ...ChangeOp[]];
export type ChangeOutcome<K extends ChangeOp> = Awaited<ReturnType<(typeof CHANGES)[K]['execute']>>;

/** A Confirm's payload: one of the changes above, by op, with its request id. */
export type ChangePayload = {
  [K in ChangeOp]: { op: K; requestId: string } & z.infer<(typeof CHANGES)[K]['input']>;
}[ChangeOp];

const requestId = z.object({ requestId: id });
/** The schema of every Confirm payload, derived from the list. */
export const changePayloadSchema = z.discriminatedUnion(
  'op',
  CHANGE_OPS.map((op) =>
    CHANGES[op].input.extend({ op: z.literal(op) }).merge(requestId),
  ) as unknown as [z.ZodObject, ...z.ZodObject[]],
) as unknown as z.ZodType<ChangePayload>;

/** Makes the confirmed change; the outcome is the op's own (ChangeOutcome). */
export async function runChange<P extends ChangePayload>(
  services: ChangeServices,
  actor: Actor,
  payload: P,
): Promise<ChangeOutcome<P['op']>> {
  const definition = CHANGES[payload.op] as unknown as ChangeDefinition<
    z.ZodObject,
    ChangeOutcome<P['op']>
  >;
  const input: Record<string, unknown> = { ...payload };
  delete input.op;
  return definition.execute(services, actor, input as z.infer<z.ZodObject> & { requestId: string });
}
