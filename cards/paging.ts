import { literal } from './literal';

/**
 * Teams refuses a message over about 28 KB, so a long list is shown a page at a time. A page
 * holds at most a number of items and no more than fits in a share of that limit, so long
 * names, Japanese text (three bytes a character) or long instructions make pages shorter
 * rather than the card too big. Page boundaries depend only on the list, so "page 3" means
 * the same items from one button press to the next while the list does not change.
 */

/** The most a page number on a card button may be; anything else is a forged button. */
export const MAX_PAGE = 10_000;

/** Choices a question offers at most (which person, which benefit); the rest are found by typing more of the name. */
export const CHOICES_PER_QUESTION = 10;

/** Entries a "newest first" list shows at most (my requests, failed notifications), and about how many bytes of them. */
export const RECENT_PER_CARD = 20;
export const RECENT_BUDGET = 16 * 1024;

/** Bytes a value takes in the card's JSON, with its text made literal as renderTemplate does. */
export function jsonBytes(value: unknown): number {
  return Buffer.byteLength(
    JSON.stringify(value, (_key, v: unknown) => (typeof v === 'string' ? literal(v) : v)),
    'utf8',
  );
}

/** Splits items into pages of at most `max` items and about `budget` bytes each (a page always holds at least one). */
export function pack<T>(
  items: readonly T[],
  max: number,
  budget: number,
  bytes: (item: T) => number,
): T[][] {
  const pages: T[][] = [];
  let current: T[] = [];
  let used = 0;
  for (const item of items) {
    const size = bytes(item);
    if (current.length > 0 && (current.length >= max || used + size > budget)) {
      pages.push(current);
      current = [];
      used = 0;
    }
    current.push(item);
    used += size;
  }
  if (current.length > 0 || pages.length === 0) pages.push(current);
  return pages;
}

export interface Page<T> {
  items: T[];
  /** Zero-based; a page past the end is the last page. */
  index: number;
  count: number;
  /** One-based positions of the first and last item shown, of `total`. */
  first: number;
  last: number;
  total: number;
  hasPrevious: boolean;
  hasNext: boolean;
}

/** The requested page of `pages` (a number past the end, or not a whole number, shows the nearest page that exists). */
export function pageOf<T>(pages: readonly T[][], requested: number): Page<T> {
  const count = Math.max(1, pages.length);
  const index = Number.isInteger(requested) ? Math.min(Math.max(0, requested), count - 1) : 0;
  const before = pages.slice(0, index).reduce((n, page) => n + page.length, 0);
  const items = pages[index] ?? [];
  const total = pages.reduce((n, page) => n + page.length, 0);
  return {
    items,
    index,
    count,
    first: items.length ? before + 1 : 0,
    last: before + items.length,
    total,
    hasPrevious: index > 0,
    hasNext: index < count - 1,
  };
}

/** At most `max` of the items, ranked as given (and no more than fit in `budget` bytes, when given), and how many more there are. */
export function firstOf<T>(
  items: readonly T[],
  max: number,
  fit?: { budget: number; bytes: (item: T) => number },
): { shown: T[]; more: number } {
  const shown = fit ? (pack(items, max, fit.budget, fit.bytes)[0] ?? []) : items.slice(0, max);
  return { shown, more: items.length - shown.length };
}
