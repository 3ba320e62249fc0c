/**
 * A store that cannot be opened or used as it is (a data file, its lock, a database). Every
 * backend's refusal extends it, so the entry points catch one type; the message says why and what
 * to do, and never holds a password.
 */
export class StoreError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'StoreError';
  }
}
