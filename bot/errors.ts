import { MessageFactory, type Activity } from 'botbuilder';
import { askCard } from '../cards/ask.card';
import type { Translator } from '../cards/i18n/translator';
import { noticeCard } from '../cards/notice.card';
import type { CardAttachment } from '../cards/render';
import { resultCard } from '../cards/result.card';
import type { AskView } from '../services/asks.service';
import { isBenefitError, type BenefitError, type BenefitErrorCode } from '../services/errors';

/**
 * The one place a domain error becomes what the person sees. Where the error happened decides the
 * shape; the catalogue (cards/i18n) decides the words:
 * - 'message': a sentence in the chat;
 * - 'onForm': the sentence alone, as the note of a form shown again with what was typed;
 * - 'onCard': an Execute verb's card replaced by a "not done" result card that says why;
 * - onAskCard: an employee's request card shown again with the reason as its state (or, when the
 *   request cannot be read, a result card that says why);
 * - personalChatOnly: a notice with a button to continue in the personal chat.
 */
export type Where = 'message' | 'onForm' | 'onCard' | OnAskCard | PersonalChatOnly;

export interface OnAskCard {
  kind: 'onAskCard';
  ask: AskView | undefined;
  approverIds: string[];
}

export interface PersonalChatOnly {
  kind: 'personalChatOnly';
  personalChatUrl: string;
}

export type Reply = Partial<Activity>;

/** Refusals that a form shows as its note (keeping what was typed), by form; any other error ends the form. */
export const FORM_PROBLEMS = {
  hoursRequest: new Set<BenefitErrorCode>([
    'REQUEST.TOO_MANY_HOURS',
    'REQUEST.PHASE_REQUIRED',
    'REQUEST.SOLUTION_REQUIRED',
    'REQUEST.DESCRIPTION_REQUIRED',
    'REQUEST.HOURS_INVALID',
    'REQUEST.NOT_AN_HOURS_BENEFIT',
    'EMAIL.INVALID',
    'PHONE.INVALID',
    'BENEFIT.NOT_FOUND',
  ]),
  newUser: new Set<BenefitErrorCode>([
    'USER.NAME_REQUIRED',
    'USER.NAME_TOO_LONG',
    'EMAIL.INVALID',
    'USER.EMAIL_TAKEN',
  ]),
  marketingContact: new Set<BenefitErrorCode>([
    'EMAIL.INVALID',
    'EMAIL.SAME_AS_PARTNER_CENTER',
    'PHONE.INVALID',
    'LANGUAGE.UNSUPPORTED',
    'USER.NOT_FOUND',
  ]),
  alternativeEmail: new Set<BenefitErrorCode>([
    'EMAIL.INVALID',
    'EMAIL.SAME_AS_PARTNER_CENTER',
    'ASSIGNMENT.ALTERNATIVE_EMAIL_REQUIRED',
  ]),
} as const;

export type Form = keyof typeof FORM_PROBLEMS;

/** Whether the error is about what was typed on this form (so the form is shown again with it). */
export function belongsOnForm(err: unknown, form: Form): err is BenefitError {
  return isBenefitError(err) && FORM_PROBLEMS[form].has(err.code);
}

/** The one sentence a person reads for a domain error, in their language. */
function errorSentence(err: BenefitError, t: Translator): string {
  const params = Object.entries(err.details).map(([k, v]) => [
    k,
    Array.isArray(v) ? t.list(v) : typeof v === 'object' ? t.text(v) : v,
  ]);
  return t.t(`error.${err.code}`, Object.fromEntries(params));
}

/**
 * What the person reads when no handler answered the turn (the adapter's onTurnError): a refusal
 * in its own words; anything else an apology and what to try, never the error's text. A store that
 * could not write is apologised for too: unanswered, it was the turn's own bookkeeping (recording
 * the conversation), not a change the person asked for, which its sentence would speak of.
 */
export function unanswered(err: unknown, t: Translator): Reply {
  if (isBenefitError(err) && err.code !== 'STORE.WRITE_FAILED') return explain(err, t, 'message');
  return MessageFactory.text(t.t('error.generic'));
}

export function explain(err: BenefitError, t: Translator, where: 'message'): Reply;
export function explain(err: BenefitError, t: Translator, where: 'onForm'): string;
export function explain(
  err: BenefitError,
  t: Translator,
  where: 'onCard' | OnAskCard | PersonalChatOnly,
): CardAttachment;
export function explain(
  err: BenefitError,
  t: Translator,
  where: Where,
): Reply | string | CardAttachment {
  const sentence = errorSentence(err, t);
  if (where === 'message') return MessageFactory.text(sentence);
  if (where === 'onForm') return sentence;
  if (where === 'onCard') return resultCard({ kind: 'notDone', reasons: [sentence] }, t);
  if (where.kind === 'onAskCard')
    return where.ask
      ? askCard(where.ask, t, { canDecide: false, approverIds: where.approverIds, note: sentence })
      : resultCard({ kind: 'refused', reason: sentence }, t);
  return noticeCard(
    {
      personalChatOnly: err.code === 'KEYS.PERSONAL_CHAT_ONLY' ? 'keys' : 'benefits',
      personalChatUrl: where.personalChatUrl,
    },
    t,
  );
}
