import type { OrganisationData } from '../model';

/**
 * How a store makes a unit of work's draft (a copy-on-write view of the stored organisation) and
 * tells what changed, without copying, comparing and serialising a whole organisation each time;
 * and the compact JSON of stored values for a store that writes whole documents.
 *
 * What the store holds is never changed in place, only replaced: its objects are deeply frozen once a
 * unit of work or a reader has been handed them, and its arrays (not frozen: frozen arrays are slow to
 * filter and copy) are never written to. That lets a draft share stored elements, lets the JSON text
 * of each stored object be kept (a write serialises only what is new), and lets readers key indexes on
 * the arrays the store returns (a changed collection is always a new array).
 */

/** Compact JSON of stored (frozen) objects. */
const jsonText = new WeakMap<object, string>();
/** Stored arrays' JSON, encoded in chunks of CHUNK elements (the last one shorter) to be joined with ','. */
const arrayChunks = new WeakMap<readonly unknown[], Buffer[]>();
/** Stored arrays whose elements are all deeply frozen. */
const sealed = new WeakSet<readonly unknown[]>();
const CHUNK = 256;

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}

/** Freezes `value` and everything in it; of an array, its elements (a frozen object's contents are frozen already). */
export function deepFreeze<T>(value: T): T {
  if (!isObject(value)) return value;
  if (Array.isArray(value)) {
    if (!sealed.has(value)) {
      for (const item of value) deepFreeze(item);
      sealed.add(value);
    }
    return value;
  }
  if (Object.isFrozen(value)) return value;
  for (const inner of Object.values(value)) {
    // Arrays within stored objects (a user's roles, a benefit's links) are frozen with them.
    if (Array.isArray(inner)) Object.freeze(deepFreeze(inner));
    else deepFreeze(inner);
  }
  return Object.freeze(value);
}

/**
 * After a unit of work: the elements it put in a stored array are frozen like the others, so the
 * next unit of work can share them too. `before` is the array it replaces: elements at the start and
 * at the end that are still `before`'s are frozen already (an element added or removed costs a walk
 * over references, not a look at every element).
 */
export function sealAgainst(array: readonly unknown[], before: readonly unknown[]): void {
  if (sealed.has(array)) return;
  let start = 0;
  let end = array.length;
  if (sealed.has(before)) {
    while (start < end && start < before.length && array[start] === before[start]) start += 1;
    let back = before.length;
    while (end > start && back > 0 && array[end - 1] === before[back - 1]) {
      end -= 1;
      back -= 1;
    }
  }
  for (let i = start; i < end; i += 1) deepFreeze(array[i]);
  sealed.add(array);
}

/** JSON.stringify(value) for an element of a stored array or a stored object; an object is frozen and its text kept. */
function textOf(value: unknown): string {
  if (!isObject(value)) return JSON.stringify(value) ?? 'null';
  let text = jsonText.get(value);
  if (text === undefined) {
    text = JSON.stringify(value);
    deepFreeze(value);
    jsonText.set(value, text);
  }
  return text;
}

/**
 * A stored array's JSON in encoded chunks (freezing its elements). A chunk of `previous` (the array
 * it replaces) holding the very same elements at the same places is reused: adding to the end of a
 * long array (the audit log) or replacing one element costs one chunk, not the whole array.
 */
function chunksOf(array: readonly unknown[], previous?: readonly unknown[]): Buffer[] {
  let chunks = arrayChunks.get(array);
  if (chunks) return chunks;
  const before = previous ? arrayChunks.get(previous) : undefined;
  chunks = [];
  for (let start = 0; start < array.length; start += CHUNK) {
    const end = Math.min(start + CHUNK, array.length);
    const reusable = before?.[start / CHUNK];
    if (
      reusable &&
      previous &&
      Math.min(start + CHUNK, previous.length) === end &&
      sameRange(array, previous, start, end)
    )
      chunks.push(reusable);
    else chunks.push(Buffer.from(array.slice(start, end).map(textOf).join(',')));
  }
  sealed.add(array);
  arrayChunks.set(array, chunks);
  return chunks;
}

function sameRange(
  a: readonly unknown[],
  b: readonly unknown[],
  start: number,
  end: number,
): boolean {
  for (let i = start; i < end; i += 1) if (a[i] !== b[i]) return false;
  return true;
}

/** JSON.stringify(value) of a stored value. */
function storedText(value: unknown): string {
  if (!Array.isArray(value)) return textOf(value);
  return `[${chunksOf(value)
    .map((chunk) => chunk.toString('utf8'))
    .join(',')}]`;
}

/**
 * The bytes of JSON.stringify(data) (compact), in pieces to be written one after the other, put
 * together from what is kept per stored value; `previous` (the stored object `data` replaces) spares
 * serialising again the chunks of its arrays that did not change. Freezes `data`'s objects.
 */
export function compactJson(data: object, previous?: object): Buffer[] {
  const before = (previous ?? {}) as Record<string, unknown>;
  const parts: Buffer[] = [];
  // The text between arrays' chunks, encoded at once.
  let text = '{';
  let first = true;
  for (const [key, value] of Object.entries(data)) {
    if (value === undefined || typeof value === 'function' || typeof value === 'symbol') continue;
    text += `${first ? '' : ','}${JSON.stringify(key)}:`;
    first = false;
    if (Array.isArray(value)) {
      const prior = before[key];
      text += '[';
      chunksOf(value, Array.isArray(prior) ? prior : undefined).forEach((chunk, i) => {
        parts.push(Buffer.from(i > 0 ? `${text},` : text), chunk);
        text = '';
      });
      text += ']';
    } else {
      text += textOf(value);
    }
  }
  parts.push(Buffer.from(`${text}}`));
  return parts;
}

/**
 * How a draft copies a stored field the first time the work touches it. 'share': an array is copied
 * shallowly, its (frozen) elements shared, so a work that only adds, removes or replaces elements
 * copies no element; an element changed in place throws a TypeError. 'copy': a deep copy, which a work
 * may change in any way.
 */
export type DraftMode = 'share' | 'copy';

type Fields = Record<string, unknown>;

/**
 * One unit of work's private draft of an organisation, made field by field: a top-level field
 * (users, assignments, audit, …) is copied the first time the work reads or sets it; the fields it
 * never touches stay the stored ones. `result()` gives what to store, or undefined when nothing changed.
 */
export class OrganisationDraft {
  readonly data: OrganisationData;
  private readonly touched = new Set<string>();

  constructor(
    private readonly base: OrganisationData,
    private readonly mode: DraftMode,
  ) {
    const stored = base as unknown as Fields;
    const draft: Fields = {};
    const settle = (key: string, value: unknown) => {
      this.touched.add(key);
      Object.defineProperty(draft, key, {
        value,
        writable: true,
        enumerable: true,
        configurable: true,
      });
    };
    for (const key of Object.keys(stored)) {
      Object.defineProperty(draft, key, {
        enumerable: true,
        configurable: true,
        get: () => {
          const value = this.copyOf(stored[key]);
          settle(key, value);
          return value;
        },
        set: (value: unknown) => settle(key, value),
      });
    }
    this.data = draft as unknown as OrganisationData;
  }

  private copyOf(value: unknown): unknown {
    if (!isObject(value)) return value;
    if (this.mode === 'share' && Array.isArray(value)) return deepFreeze(value).slice();
    return structuredClone(value);
  }

  /**
   * The organisation to store: the stored value of every field the work did not change (touched
   * fields whose content is unchanged keep the stored object too), the draft's of the others.
   * Undefined when nothing changed.
   */
  result(): OrganisationData | undefined {
    const stored = this.base as unknown as Fields;
    const draft = this.data as unknown as Fields;
    const keys = Object.keys(draft);
    let changed = keys.length !== Object.keys(stored).length;
    const next: Fields = {};
    for (const key of keys) {
      const before = stored[key];
      if (!this.touched.has(key) && key in stored) {
        next[key] = before;
        continue;
      }
      const value = draft[key];
      if (key in stored && this.same(value, before)) {
        next[key] = before;
        continue;
      }
      if (this.mode === 'share' && Array.isArray(value) && Array.isArray(before))
        sealAgainst(value, before);
      next[key] = value;
      changed = true;
    }
    return changed ? (next as unknown as OrganisationData) : undefined;
  }

  private same(value: unknown, before: unknown): boolean {
    if (value === before) return true;
    if (!isObject(value) || !isObject(before)) return false;
    if (this.mode === 'share' && Array.isArray(value) && Array.isArray(before)) {
      // The elements are the stored ones unless replaced: the same elements in the same order, the same array.
      return value.length === before.length && value.every((item, i) => item === before[i]);
    }
    return JSON.stringify(value) === storedText(before);
  }
}

/**
 * Runs a unit of work on a draft of `state` sharing its elements (both stores use it). A work that
 * changes a stored element in place meets a frozen object (a TypeError in strict mode) and runs again
 * from the start on a deep copy of each field it touches, which it may change any way it likes.
 * `next` is what to store (the stored value of every field the work left alone), or undefined.
 */
export async function runOnDraft<T>(
  state: OrganisationData,
  work: (draft: OrganisationData) => T | Promise<T>,
): Promise<{ result: T; next: OrganisationData | undefined }> {
  let mode: DraftMode = 'share';
  for (;;) {
    const draft = new OrganisationDraft(state, mode);
    try {
      const result = await work(draft.data);
      return { result, next: draft.result() };
    } catch (err) {
      if (mode === 'copy' || !(err instanceof TypeError)) throw err;
      mode = 'copy';
    }
  }
}
