import { z } from 'zod';
import { MAX_PAGE } from '../cards/paging';
import { CATEGORY_ORDER } from '../services/model';
import { changePayloadSchema, type ChangePayload } from '../services/changes/registry';
import type { ContactAnswer } from './flows/change-flow';
import type { RequestFormValues } from './flows/requests-flow';
import type { Intent } from './recognizer';

/** Every verb a card can send. A card carries a verb and ids, never a record. */
export const Verbs = {
  overview: 'benefits.overview',
  category: 'benefits.category',
  holders: 'benefits.holders',
  details: 'benefits.details',
  startAssign: 'assign.start',
  mine: 'benefits.mine',
  setLanguage: 'language.set',
  flowPick: 'flow.pick',
  flowAnswer: 'flow.answer',
  flowCancel: 'flow.cancel',
  confirmChange: 'change.confirm',
  cancelChange: 'change.cancel',
  revealKeys: 'keys.reveal',
  askBenefit: 'ask.benefit',
  askRefresh: 'ask.refresh',
  askApprove: 'ask.approve',
  askDecline: 'ask.decline',
  submitRequest: 'request.submit',
  requestCancellation: 'cancel.request',
} as const;

/** R3: what "Get keys" sends: the benefit, the request id, and the choices from the card's inputs. */
export interface RevealData {
  benefitId: string;
  requestId: string;
  language?: string;
  os?: string;
  acceptRefundLoss: boolean;
  /** Which page of many keys (the same reveal again: its request id makes it record nothing new). */
  page?: number;
}

/** A page of a long list, as a card's "Next" / "Previous" sends it: a whole number, never negative; a page past the end shows the last. */
const page = z.number().int().min(0).max(MAX_PAGE);

const revealSchema = z.object({
  benefitId: z.string().min(1).max(200),
  requestId: z.string().min(1).max(200),
  language: z.string().max(20).optional(),
  os: z.string().max(40).optional(),
  acceptRefundLoss: z.enum(['true', 'false']).optional(),
  page: page.optional(),
});

const id = z.string().min(1).max(200);
const slot = z.enum(['benefit', 'person', 'from', 'alternativeEmail', 'contact', 'newUser']);

/** What a Confirm carries: one change of the registry (services/changes/registry.ts), whose schema it is. */
export const confirmDataSchema = changePayloadSchema;

const action = z.discriminatedUnion('verb', [
  z.object({ verb: z.literal(Verbs.overview) }),
  z.object({
    verb: z.literal(Verbs.category),
    category: z.enum(CATEGORY_ORDER),
    page: page.optional(),
  }),
  z.object({ verb: z.literal(Verbs.holders), benefitId: id, page }),
  z.object({ verb: z.literal(Verbs.details), benefitId: id }),
  z.object({
    verb: z.literal(Verbs.startAssign),
    benefit: z.string().min(1).max(200),
    userId: id.optional(),
  }),
  z.object({ verb: z.literal(Verbs.mine) }),
  z.object({ verb: z.literal(Verbs.setLanguage), language: z.enum(['en', 'ja']) }),
  z.object({ verb: z.literal(Verbs.flowPick), slot, id }),
  z.object({
    verb: z.literal(Verbs.flowAnswer),
    slot,
    answer: z.string().max(500).optional(),
    contactUserId: z.string().max(200).optional(),
    contactEmail: z.string().max(320).optional(),
    contactPhone: z.string().max(40).optional(),
    contactLanguage: z.string().max(20).optional(),
    contactQuery: z.string().max(200).optional(),
    newUserName: z.string().max(200).optional(),
    newUserEmail: z.string().max(320).optional(),
  }),
  z.object({ verb: z.literal(Verbs.flowCancel) }),
  z.object({ verb: z.literal(Verbs.askBenefit), slot: z.literal('benefit').optional(), id }),
]);

/** What a card button asks for, once its payload has passed its schema. */
export type CardAction =
  | { kind: 'intent'; intent: Intent }
  | {
      kind: 'flowAnswer';
      slot: z.infer<typeof slot>;
      id?: string;
      text?: string;
      contact?: ContactAnswer;
      newUser?: { displayName: string; email: string };
    }
  | { kind: 'flowCancel' }
  | { kind: 'ask'; benefitId: string };

/** The action a card's Action.Submit stands for, or undefined for an unknown verb or a payload that fails its schema. */
export function parseCardAction(value: unknown): CardAction | undefined {
  const parsed = action.safeParse(value);
  if (!parsed.success) return undefined;
  const a = parsed.data;
  switch (a.verb) {
    case Verbs.overview:
      return { kind: 'intent', intent: { name: 'showBenefits' } };
    case Verbs.category:
      return {
        kind: 'intent',
        intent: {
          name: 'showCategory',
          category: a.category,
          ...(a.page !== undefined ? { page: a.page } : {}),
        },
      };
    case Verbs.holders:
      return { kind: 'intent', intent: { name: 'holders', benefitId: a.benefitId, page: a.page } };
    case Verbs.details:
      return { kind: 'intent', intent: { name: 'benefitDetails', benefitId: a.benefitId } };
    case Verbs.startAssign:
      // Starts the assign flow, which asks what is missing and ends on a confirmation: a button never changes anything itself.
      return {
        kind: 'intent',
        intent: {
          name: 'assign',
          benefit: a.benefit,
          ...(a.userId ? { person: { text: '', userId: a.userId } } : {}),
        },
      };
    case Verbs.mine:
      return { kind: 'intent', intent: { name: 'myBenefits' } };
    case Verbs.setLanguage:
      return { kind: 'intent', intent: { name: 'setLanguage', language: a.language } };
    case Verbs.flowPick:
      return { kind: 'flowAnswer', slot: a.slot, id: a.id };
    case Verbs.flowAnswer:
      if (a.slot === 'contact') {
        return {
          kind: 'flowAnswer',
          slot: a.slot,
          contact: {
            userId: a.contactUserId ?? '',
            email: a.contactEmail ?? '',
            phone: a.contactPhone ?? '',
            language: a.contactLanguage ?? '',
            ...(a.contactQuery?.trim() ? { query: a.contactQuery.trim() } : {}),
          },
        };
      }
      if (a.slot === 'newUser')
        return {
          kind: 'flowAnswer',
          slot: a.slot,
          newUser: { displayName: a.newUserName ?? '', email: a.newUserEmail ?? '' },
        };
      return { kind: 'flowAnswer', slot: a.slot, ...(a.answer ? { text: a.answer } : {}) };
    case Verbs.flowCancel:
      return { kind: 'flowCancel' };
    case Verbs.askBenefit:
      return { kind: 'ask', benefitId: a.id };
  }
}

/** A Universal Action (Action.Execute): Confirm or Cancel of a change. */
const requestSchema = z.object({
  requestId: z.string().min(1).max(200),
  benefitId: z.string().max(200).optional(),
  phase: z.string().max(40).optional(),
  solution: z.string().max(40).optional(),
  description: z.string().max(4000).optional(),
  hours: z
    .union([z.string().max(20), z.number()])
    .transform(String)
    .optional(),
  contactEmail: z.string().max(320).optional(),
  contactPhone: z.string().max(40).optional(),
});
const cancellationSchema = z.object({
  requestId: z.string().min(1).max(200),
  reason: z.string().max(2000).optional(),
});

export type ExecuteAction =
  | { kind: 'confirm'; data: ChangePayload }
  | { kind: 'reveal'; data: RevealData }
  | { kind: 'submitRequest'; data: RequestFormValues }
  | { kind: 'requestCancellation'; data: { requestId: string; reason?: string } }
  | { kind: 'ask'; action: 'refresh' | 'approve' | 'decline'; askId: string }
  | { kind: 'cancel' };

export function parseExecuteAction(
  verb: string | undefined,
  data: unknown,
): ExecuteAction | undefined {
  if (verb === Verbs.cancelChange) return { kind: 'cancel' };
  if (verb === Verbs.askRefresh || verb === Verbs.askApprove || verb === Verbs.askDecline) {
    const parsed = z.object({ askId: id }).safeParse(data);
    if (!parsed.success) return undefined;
    return {
      kind: 'ask',
      action:
        verb === Verbs.askRefresh ? 'refresh' : verb === Verbs.askApprove ? 'approve' : 'decline',
      askId: parsed.data.askId,
    };
  }
  if (verb === Verbs.submitRequest) {
    const parsed = requestSchema.safeParse(data);
    return parsed.success ? { kind: 'submitRequest', data: parsed.data } : undefined;
  }
  if (verb === Verbs.requestCancellation) {
    const parsed = cancellationSchema.safeParse(data);
    return parsed.success ? { kind: 'requestCancellation', data: parsed.data } : undefined;
  }
  if (verb === Verbs.revealKeys) {
    const reveal = revealSchema.safeParse(data);
    if (!reveal.success) return undefined;
    const { acceptRefundLoss, ...rest } = reveal.data;
    return { kind: 'reveal', data: { ...rest, acceptRefundLoss: acceptRefundLoss === 'true' } };
  }
  if (verb !== Verbs.confirmChange) return undefined;
  const parsed = confirmDataSchema.safeParse(data);
  return parsed.success ? { kind: 'confirm', data: parsed.data } : undefined;
}
