/** Every failure the domain reports has a code; bot/ turns each code into a sentence in both languages. */
export type BenefitErrorCode =
  | 'ORG.UNKNOWN_TENANT'
  | 'ORG.MANAGED_IN_PMC'
  | 'ROLE.ADMIN_REQUIRED'
  | 'BENEFIT.UNKNOWN_CATEGORY';

export type ErrorDetails = Record<string, string | number | string[]>;

export class BenefitError extends Error {
  constructor(
    readonly code: BenefitErrorCode,
    readonly details: ErrorDetails = {},
  ) {
    super(code);
    this.name = 'BenefitError';
  }
}

export function isBenefitError(err: unknown): err is BenefitError {
  return err instanceof BenefitError;
}
