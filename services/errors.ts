import type { LocalizedText } from './model';

/** Every failure the domain reports has a code; bot/ turns each code into a sentence in both languages. */
export type BenefitErrorCode =
  | 'ORG.UNKNOWN_TENANT'
  | 'ORG.MANAGED_IN_PMC'
  | 'ROLE.ADMIN_REQUIRED'
  | 'BENEFIT.UNKNOWN_CATEGORY'
  | 'STORE.WRITE_FAILED'
  | 'ROLE.GLOBAL_ADMIN_REQUIRED'
  | 'ROLE.MARKETING_ROLE_REQUIRED'
  | 'ROLE.USER_ADMIN_REQUIRED'
  | 'BENEFIT.NOT_FOUND'
  | 'BENEFIT.NOT_ASSIGNABLE'
  | 'BENEFIT.NO_FREE_SEAT'
  | 'BENEFIT.ALREADY_ASSIGNED'
  | 'USER.NOT_FOUND'
  | 'ASSIGNMENT.ALREADY_HOLDS'
  | 'ASSIGNMENT.NOT_HELD'
  | 'ASSIGNMENT.SAME_PERSON'
  | 'ASSIGNMENT.USAGE_SELF_ONLY'
  | 'NOTE.TOO_LONG'
  | 'ASSIGNMENT.ALTERNATIVE_EMAIL_REQUIRED'
  | 'EMAIL.INVALID'
  | 'EMAIL.SAME_AS_PARTNER_CENTER'
  | 'REQUEST.ID_REQUIRED'
  | 'REQUEST.ID_REUSED'
  | 'ASK.NOT_FOUND'
  | 'ROLE.NOT_A_PARTNER_ROLE'
  | 'NOTIFICATION.NOT_FOUND'
  | 'NOTIFICATION.NOT_A_CHANNEL'
  | 'NOTIFICATION.LANGUAGE_UNSUPPORTED'
  | 'PHONE.INVALID'
  | 'LANGUAGE.UNSUPPORTED'
  | 'BENEFIT.NOT_AN_OFFER'
  | 'OFFER.NOT_ELIGIBLE'
  | 'OFFER.NEEDS_MARKETING_CONTACT'
  | 'OFFER.ALREADY_PENDING'
  | 'OFFER.ALREADY_ACTIVE'
  | 'OFFER.NOT_PENDING'
  | 'OFFER.EXPIRY_IN_PAST'
  | 'USER.NAME_REQUIRED'
  | 'USER.NAME_TOO_LONG'
  | 'USER.EMAIL_TAKEN'
  | 'REQUEST.NOT_AN_HOURS_BENEFIT'
  | 'REQUEST.PHASE_REQUIRED'
  | 'REQUEST.SOLUTION_REQUIRED'
  | 'REQUEST.DESCRIPTION_REQUIRED'
  | 'REQUEST.DESCRIPTION_TOO_LONG'
  | 'REQUEST.HOURS_INVALID'
  | 'REQUEST.NO_HOURS_LEFT'
  | 'REQUEST.TOO_MANY_HOURS'
  | 'CANCEL.REFUND_WINDOW_CLOSED'
  | 'CANCEL.SOFTWARE_ACTIVATED'
  | 'CANCEL.ALREADY_REQUESTED'
  | 'KEYS.PERSONAL_CHAT_ONLY'
  | 'KEYS.NOT_A_KEY_BENEFIT'
  | 'KEYS.NONE_STORED'
  | 'KEYS.LANGUAGE_REQUIRED'
  | 'KEYS.OS_REQUIRED'
  | 'KEYS.UNKNOWN_CHOICE'
  | 'KEYS.REFUND_CONFIRMATION_REQUIRED'
  | 'KEYS.UNREADABLE'
  | 'DIRECTORY.UNAVAILABLE'
  | 'USER.LEFT'
  | 'USER.MANAGED_IN_DIRECTORY'
  | 'RECLAIM.NOTHING_TO_RECLAIM';

/** Values a sentence may name: text, numbers, lists of names, or a name in both languages. */
export type ErrorDetails = Record<string, string | number | string[] | LocalizedText>;

export class BenefitError extends Error {
  constructor(
    readonly code: BenefitErrorCode,
    readonly details: ErrorDetails = {},
    options?: { cause?: unknown },
  ) {
    super(code, options);
    this.name = 'BenefitError';
  }
}

export function isBenefitError(err: unknown): err is BenefitError {
  return err instanceof BenefitError;
}
