import { createHash } from 'node:crypto';
import { mkdir, open, readdir, readFile, rename } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { Low, type Adapter } from 'lowdb';
import type { z } from 'zod';
import { BenefitError } from '../errors';
import { DEFAULT_NOTIFICATION_SETTINGS, type OutboxItem } from '../notifications/model';
import type { OrganisationData, TenantId, UserId } from '../model';
import {
  ETagConflictError,
  type BenefitStore,
  type KeyValueStore,
  type Stores,
  type VersionedDocument,
} from '../ports';
import { acquireDataFileLock } from './data-file-lock';
import { ChangeListeners } from './change-listeners';
import { compactJson, deepFreeze, runOnDraft } from './draft';
import { OWNER_FOLDER_MODE, tighten, writeNewOwnerOnly } from './owner-only';
import {
  describeIssues,
  indexSchema,
  organisationDataSchema,
  STORE_SCHEMA_VERSION,
  stateBucketSchema,
  type StateBucket,
  type StoreIndex,
} from './schema';
import { StoreError } from './errors';
import { SerialQueue } from './serial-queue';

/** A data file (or one beside it) that cannot be used as it is. */
export class DataFileError extends StoreError {
  constructor(message: string) {
    super(message);
    this.name = 'DataFileError';
  }
}

/**
 * Where the store keeps its files. DATA_FILE is the index; each organisation has a file of its
 * own, so one organisation's change never rewrites another's, and state is spread over buckets.
 */
export function storeLayout(dataFile: string) {
  const stem = basename(dataFile, extname(dataFile));
  const dir = dirname(dataFile);
  return {
    index: dataFile,
    organisationsDir: join(dir, `${stem}.orgs`),
    stateDir: join(dir, `${stem}.state`),
  };
}

const STATE_BUCKETS = 64;
/** Files read at once at start-up (2,000 organisations one after the other take seconds). */
const READS_AT_ONCE = 24;
/** Units of work on one organisation stored in one write at most (see LowdbBenefitStore.unitOfWork). */
const BATCH_MAX = 64;

/**
 * The index: a file of compact JSON (lowdb's JSONFile indents), written whole as the other files are
 * (owner-only; lowdb's writer would leave it readable by all). Files with indented JSON, from earlier
 * versions, read the same.
 */
function jsonFile<T>(file: string): Adapter<T> {
  return {
    read: async () => JSON.parse(await readFile(file, 'utf8')) as T,
    write: (data) => writeWhole(file, [Buffer.from(JSON.stringify(data))]),
  };
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Writes a file whole or not at all, as lowdb's writer (steno) does: the bytes go to a temporary
 * file beside it (`.<name>.tmp`), which is then renamed over it, so a crash never leaves half a file.
 * The temporary file is created owner-only, so the file is too once renamed (one found looser is so no more).
 */
async function writeWhole(file: string, pieces: readonly Buffer[]): Promise<void> {
  const temp = join(dirname(file), `.${basename(file)}.tmp`);
  // Written piece by piece: an organisation's megabytes are not copied into one buffer first.
  await writeNewOwnerOnly(temp, pieces.length === 1 ? (pieces[0] as Buffer) : pieces);
  // As steno: a rename may fail for a moment where something else has the file open (Windows).
  for (let attempt = 1; ; attempt += 1) {
    try {
      await rename(temp, file);
      return;
    } catch (err) {
      if (attempt >= 10) throw err;
      await pause(100);
    }
  }
}

/**
 * A file's data as stored (an organisation, a state bucket), and how a new version is written: as
 * compact JSON, put together from what is kept per stored value (draft.ts).
 */
class StoredJson<T extends object> {
  constructor(
    readonly file: string,
    public data: T,
  ) {}

  /** Writes `next` (which replaces `previous`, if given: the unchanged start of its arrays is not serialised again). */
  write(next: T, previous?: T): Promise<void> {
    return writeWhole(this.file, compactJson(next, previous));
  }
}

/** `read` of each item, at most `limit` at once; the first failure in `items`' order is thrown once the reads under way have settled. */
async function readAll<I, R>(
  items: readonly I[],
  limit: number,
  read: (item: I) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  const failures: { index: number; err: unknown }[] = [];
  let next = 0;
  const worker = async () => {
    while (failures.length === 0 && next < items.length) {
      const index = next++;
      try {
        results[index] = await read(items[index] as I);
      } catch (err) {
        failures.push({ index, err });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
  if (failures.length > 0) throw failures.reduce((a, b) => (b.index < a.index ? b : a)).err;
  return results;
}

function organisationFileName(tenantId: TenantId): string {
  return /^[A-Za-z0-9-]{1,64}$/.test(tenantId)
    ? `${tenantId}.json`
    : `${createHash('sha256').update(tenantId).digest('hex').slice(0, 32)}.json`;
}

function bucketOf(key: string): string {
  return (createHash('sha1').update(key).digest().readUInt16BE(0) % STATE_BUCKETS) + '';
}

/** A stored file's data, validated; undefined if there is no file. `ownerOnly`: the file is first made owner-only if it is not. */
async function readJson<T>(
  file: string,
  schema: z.ZodType<T>,
  { ownerOnly = true } = {},
): Promise<T | undefined> {
  let raw: string;
  try {
    const handle = await open(file, 'r');
    try {
      if (ownerOnly) await tighten(handle);
      raw = await handle.readFile('utf8');
    } finally {
      await handle.close();
    }
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DataFileError(`Cannot read ${file}: ${(err as Error).message}.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    // On one line: JSON.parse quotes the file's first bytes, line breaks and all.
    throw new DataFileError(
      `${file} is not valid JSON (${(err as Error).message.replace(/\s+/g, ' ')}); it was left untouched. Restore it from a backup or move it away to start afresh.`,
    );
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    throw new DataFileError(
      `${file} does not hold valid benefits data: ${describeIssues(result.error)}. It was left untouched.`,
    );
  }
  return result.data;
}

/** A unit of work waiting for its turn, and how to tell its caller the outcome. */
interface QueuedWork {
  work: (draft: OrganisationData) => unknown;
  resolve: (value: unknown) => void;
  reject: (reason: unknown) => void;
}

/** What the store lists: pending items (to send), and given-up ones (failed or undeliverable, for admins). */
type OutboxList = 'pending' | 'givenUp';
const LISTED: Record<OutboxList, readonly OutboxItem['status'][]> = {
  pending: ['pending'],
  givenUp: ['failed', 'undeliverable'],
};

/** The outbox's items of one list, worked out once per stored outbox (a stored array never changes; a changed outbox is a new one). */
const outboxByList = new WeakMap<readonly OutboxItem[], Map<OutboxList, readonly OutboxItem[]>>();

function outboxWith(outbox: readonly OutboxItem[], list: OutboxList): readonly OutboxItem[] {
  let byList = outboxByList.get(outbox);
  if (!byList) outboxByList.set(outbox, (byList = new Map()));
  let items = byList.get(list);
  if (!items)
    byList.set(
      list,
      (items = Object.freeze(outbox.filter((item) => LISTED[list].includes(item.status)))),
    );
  return items;
}

/** Per stored outbox, when its earliest pending item is next tried (Infinity: none; an unreadable time counts as due). */
const earliestByOutbox = new WeakMap<readonly OutboxItem[], number>();

const attemptTime = (item: OutboxItem) => {
  const at = Date.parse(item.nextAttemptAt);
  return Number.isNaN(at) ? -Infinity : at;
};

function earliestPendingAttempt(outbox: readonly OutboxItem[]): number {
  let earliest = earliestByOutbox.get(outbox);
  if (earliest === undefined) {
    earliest = outbox.reduce(
      (min, item) => (item.status === 'pending' ? Math.min(min, attemptTime(item)) : min),
      Infinity,
    );
    earliestByOutbox.set(outbox, earliest);
  }
  return earliest;
}

class LowdbBenefitStore implements BenefitStore {
  private readonly orgs = new Map<TenantId, StoredJson<OrganisationData>>();
  private readonly queues = new Map<TenantId, SerialQueue>();
  private readonly indexQueue = new SerialQueue();
  /** Per organisation, the units of work waiting for the write under way to finish: the next batch. */
  private readonly batches = new Map<TenantId, QueuedWork[]>();
  private readonly listeners = new ChangeListeners();

  constructor(
    private readonly layout: ReturnType<typeof storeLayout>,
    private readonly index: Low<StoreIndex>,
  ) {}

  /** Reads every organisation's file, several at once; a missing or damaged one is reported as the first in the index's order. */
  async load(): Promise<void> {
    const entries = Object.entries(this.index.data.organisations);
    const loaded = await readAll(entries, READS_AT_ONCE, async ([tenantId, entry]) => {
      const file = join(this.layout.organisationsDir, entry.file);
      const data = await readJson(file, organisationDataSchema);
      if (!data)
        throw new DataFileError(
          `${this.layout.index} lists organisation ${tenantId}, but its file ${file} is missing.`,
        );
      if (data.organisation.tenantId !== tenantId) {
        throw new DataFileError(
          `${file} holds tenant ${data.organisation.tenantId}, but ${this.layout.index} lists it as ${tenantId}.`,
        );
      }
      return new StoredJson(file, data);
    });
    entries.forEach(([tenantId], i) =>
      this.orgs.set(tenantId, loaded[i] as StoredJson<OrganisationData>),
    );
  }

  async tenantIds(): Promise<TenantId[]> {
    return [...this.orgs.keys()];
  }

  // What readers get is frozen (once, the first time): nobody can change stored data behind the store's back.
  async organisation(tenantId: TenantId) {
    return deepFreeze(this.orgs.get(tenantId)?.data.organisation);
  }

  async users(tenantId: TenantId) {
    return deepFreeze(this.orgs.get(tenantId)?.data.users ?? []);
  }

  async user(tenantId: TenantId, userId: UserId) {
    return (await this.users(tenantId)).find((u) => u.id === userId);
  }

  async benefits(tenantId: TenantId) {
    return deepFreeze(this.orgs.get(tenantId)?.data.benefits ?? []);
  }

  async assignments(tenantId: TenantId) {
    return deepFreeze(this.orgs.get(tenantId)?.data.assignments ?? []);
  }

  async auditEntries(tenantId: TenantId) {
    return deepFreeze(this.orgs.get(tenantId)?.data.audit ?? []);
  }

  async asks(tenantId: TenantId) {
    return deepFreeze(this.orgs.get(tenantId)?.data.asks ?? []);
  }

  async notificationSettings(tenantId: TenantId) {
    const settings = this.orgs.get(tenantId)?.data.notifications;
    return settings ? deepFreeze(settings) : DEFAULT_NOTIFICATION_SETTINGS;
  }

  async pendingNotifications(tenantId: TenantId) {
    return outboxWith(deepFreeze(this.orgs.get(tenantId)?.data.outbox ?? []), 'pending');
  }

  async failedNotifications(tenantId: TenantId) {
    return outboxWith(deepFreeze(this.orgs.get(tenantId)?.data.outbox ?? []), 'givenUp');
  }

  async requests(tenantId: TenantId) {
    return deepFreeze(this.orgs.get(tenantId)?.data.requests ?? []);
  }

  /** Every organisation's reads are in this process's memory: a turn's reads need no view of their own. */
  readView<T>(work: () => Promise<T>): Promise<T> {
    return work();
  }

  /** A walk over the organisations in memory, each outbox's earliest pending attempt worked out once per stored outbox. */
  async tenantsWithNotificationsDue(now: Date): Promise<TenantId[]> {
    const due: TenantId[] = [];
    for (const [tenantId, stored] of this.orgs)
      if (earliestPendingAttempt(stored.data.outbox) <= now.getTime()) due.push(tenantId);
    return due.sort();
  }

  async createOrganisation(data: OrganisationData): Promise<void> {
    const valid = organisationDataSchema.parse(structuredClone(data));
    const tenantId = valid.organisation.tenantId;
    await this.queueOf(tenantId).run(async () => {
      if (this.orgs.has(tenantId))
        throw new DataFileError(`Organisation ${tenantId} already exists.`);
      const fileName = organisationFileName(tenantId);
      // The organisation's file first, then the index that points to it: a crash between leaves an unused file, never a dangling entry.
      const db = new StoredJson(join(this.layout.organisationsDir, fileName), valid);
      await db.write(valid);
      await this.indexQueue.run(async () => {
        this.index.data.organisations[tenantId] = { file: fileName };
        await this.index.write();
      });
      this.orgs.set(tenantId, db);
      this.changed(tenantId);
    });
  }

  /**
   * A new data file's organisations, all or none: every organisation's file first, then the index
   * once. A first start cut short leaves no index, so the next start seeds again from scratch.
   */
  async seed(organisations: readonly OrganisationData[]): Promise<void> {
    const valid = organisations.map((data) => organisationDataSchema.parse(structuredClone(data)));
    const files = valid.map((data) => ({
      tenantId: data.organisation.tenantId,
      fileName: organisationFileName(data.organisation.tenantId),
      data,
    }));
    const dbs = await Promise.all(
      files.map(async ({ fileName, data }) => {
        const db = new StoredJson(join(this.layout.organisationsDir, fileName), data);
        await db.write(data);
        return db;
      }),
    );
    await this.indexQueue.run(async () => {
      for (const { tenantId, fileName } of files)
        this.index.data.organisations[tenantId] = { file: fileName };
      await this.index.write();
    });
    files.forEach(({ tenantId }, i) =>
      this.orgs.set(tenantId, dbs[i] as StoredJson<OrganisationData>),
    );
    for (const { tenantId } of files) this.changed(tenantId);
  }

  /**
   * Units of work on one organisation run one after another, each on a draft of what the ones before
   * it left (draft.ts: a field is copied only once the work touches it). Those that queued up
   * while the previous write was under way are stored together, in one write of the organisation's
   * file (at most BATCH_MAX): each settles only once that write is done, and all of them fail with
   * STORE.WRITE_FAILED, nothing changed, if it fails. Readers see the changes only once they are on disk.
   */
  unitOfWork<T>(tenantId: TenantId, work: (draft: OrganisationData) => T | Promise<T>): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const queued: QueuedWork = { work, resolve: resolve as (value: unknown) => void, reject };
      const waiting = this.batches.get(tenantId);
      if (waiting && waiting.length < BATCH_MAX) {
        waiting.push(queued);
        return;
      }
      const batch = [queued];
      this.batches.set(tenantId, batch);
      void this.queueOf(tenantId).run(async () => {
        if (this.batches.get(tenantId) === batch) this.batches.delete(tenantId);
        await this.store(tenantId, batch);
      });
    });
  }

  private async store(tenantId: TenantId, batch: readonly QueuedWork[]): Promise<void> {
    const db = this.orgs.get(tenantId);
    if (!db) {
      for (const queued of batch) queued.reject(new BenefitError('ORG.UNKNOWN_TENANT'));
      return;
    }
    const stored = db.data;
    let state = stored;
    // Outcomes of works that saw or made a change not yet on disk: told once the write is done.
    const held: { queued: QueuedWork; settle: () => void }[] = [];
    for (const queued of batch) {
      let settle: () => void;
      try {
        const { result, next } = await runOnDraft(state, queued.work);
        if (next) state = next;
        settle = () => queued.resolve(result);
      } catch (err) {
        settle = () => queued.reject(err);
      }
      if (state === stored) settle();
      else held.push({ queued, settle });
    }
    if (state === stored) return;
    try {
      await db.write(state, stored);
    } catch (err) {
      for (const { queued } of held)
        queued.reject(
          new BenefitError('STORE.WRITE_FAILED', {
            reason: (err as NodeJS.ErrnoException).code ?? 'unknown',
          }),
        );
      return;
    }
    db.data = state;
    for (const { settle } of held) settle();
    this.changed(tenantId);
  }

  /** Calls `listener` with the tenant after each change of an organisation this store stores. */
  onChange(listener: (tenantId: TenantId) => void): () => void {
    return this.listeners.add(listener);
  }

  private changed(tenantId: TenantId): void {
    this.listeners.changed(tenantId);
  }

  async idle(): Promise<void> {
    await Promise.all([...this.queues.values(), this.indexQueue].map((q) => q.idle()));
  }

  private queueOf(tenantId: TenantId): SerialQueue {
    let queue = this.queues.get(tenantId);
    if (!queue) this.queues.set(tenantId, (queue = new SerialQueue()));
    return queue;
  }
}

class LowdbKeyValueStore implements KeyValueStore {
  private readonly buckets = new Map<string, StoredJson<StateBucket>>();
  private readonly queues = new Map<string, SerialQueue>();
  private eTagCounter = 0;

  constructor(private readonly dir: string) {}

  async load(): Promise<void> {
    const names = (await readdir(this.dir)).filter((name) => /^\d+\.json$/.test(name));
    const loaded = await readAll(names, READS_AT_ONCE, (name) =>
      readJson(join(this.dir, name), stateBucketSchema),
    );
    names.forEach((name, i) => {
      const data = loaded[i];
      if (data)
        this.buckets.set(basename(name, '.json'), new StoredJson(join(this.dir, name), data));
    });
  }

  async idle(): Promise<void> {
    await Promise.all([...this.queues.values()].map((q) => q.idle()));
  }

  async read(keys: string[]): Promise<Map<string, VersionedDocument>> {
    const found = new Map<string, VersionedDocument>();
    for (const key of keys) {
      const item = this.buckets.get(bucketOf(key))?.data[key];
      if (item) found.set(key, structuredClone(item));
    }
    return found;
  }

  async write(
    changes: Map<string, { doc: Record<string, unknown>; eTag?: string }>,
  ): Promise<void> {
    for (const [bucket, entries] of this.groupByBucket([...changes.keys()])) {
      await this.change(bucket, (data) => {
        for (const key of entries) {
          const change = changes.get(key);
          if (!change) continue;
          const current = data[key];
          if (change.eTag && change.eTag !== '*' && current && current.eTag !== change.eTag)
            throw new ETagConflictError(key);
          data[key] = { doc: structuredClone(change.doc), eTag: this.nextETag() };
        }
      });
    }
  }

  async delete(keys: string[]): Promise<void> {
    for (const [bucket, entries] of this.groupByBucket(keys)) {
      await this.change(bucket, (data) => {
        for (const key of entries) delete data[key];
      });
    }
  }

  async claimOnce(key: string): Promise<boolean> {
    const marker = `once:${key}`;
    let first = false;
    await this.change(bucketOf(marker), (data) => {
      if (data[marker]) return false;
      data[marker] = { doc: { at: new Date().toISOString() }, eTag: this.nextETag() };
      first = true;
      return true;
    });
    return first;
  }

  /**
   * Applies `mutate` to a copy of the bucket and writes it; memory changes only once the file does.
   * The copy is shallow: `mutate` replaces or deletes entries, never changes one in place (a stored
   * entry is frozen once written, and read() hands out copies).
   */
  private change(bucket: string, mutate: (data: StateBucket) => boolean | void): Promise<void> {
    let queue = this.queues.get(bucket);
    if (!queue) this.queues.set(bucket, (queue = new SerialQueue()));
    return queue.run(async () => {
      let db = this.buckets.get(bucket);
      const draft: StateBucket = { ...db?.data };
      if (mutate(draft) === false) return;
      if (!db) db = new StoredJson<StateBucket>(join(this.dir, `${bucket}.json`), {});
      await db.write(draft, db.data);
      db.data = draft;
      this.buckets.set(bucket, db);
    });
  }

  private groupByBucket(keys: string[]): Map<string, string[]> {
    const groups = new Map<string, string[]>();
    for (const key of keys) {
      const bucket = bucketOf(key);
      groups.set(bucket, [...(groups.get(bucket) ?? []), key]);
    }
    return groups;
  }

  private nextETag(): string {
    this.eTagCounter += 1;
    return `${Date.now().toString(36)}-${process.pid.toString(36)}-${this.eTagCounter.toString(36)}`;
  }
}

export interface OpenLowdbOptions {
  dataFile: string;
  /** Organisations a new data file starts with. */
  seed: () => OrganisationData[];
}

/**
 * Opens (or creates) the embedded store. Throws DataFileError for a file that cannot be used,
 * and DataFileLockedError when another live process holds it.
 */
export async function openLowdbStores({
  dataFile,
  seed,
}: OpenLowdbOptions): Promise<Stores & { created: boolean }> {
  const layout = storeLayout(dataFile);
  // A folder the bot makes is owner-only; one that was there (perhaps shared) is left as it is.
  await mkdir(dirname(dataFile), { recursive: true, mode: OWNER_FOLDER_MODE });
  const lock = await acquireDataFileLock(dataFile);
  try {
    const existing = await readJson(dataFile, indexSchema);
    if (existing && existing.schemaVersion > STORE_SCHEMA_VERSION) {
      throw new DataFileError(
        `${dataFile} was written by a newer version of the bot (schema ${existing.schemaVersion}; this one knows ${STORE_SCHEMA_VERSION}). Upgrade the bot.`,
      );
    }
    for (const dir of [layout.organisationsDir, layout.stateDir]) {
      await mkdir(dir, { recursive: true, mode: OWNER_FOLDER_MODE });
      await tighten(dir);
    }
    const index = new Low<StoreIndex>(
      jsonFile(dataFile),
      existing ?? { schemaVersion: STORE_SCHEMA_VERSION, organisations: {} },
    );
    const benefits = new LowdbBenefitStore(layout, index);
    const state = new LowdbKeyValueStore(layout.stateDir);
    // Both at once; should both fail, the organisations' failure is the one reported, as when read one after the other.
    const [organisations, buckets] = await Promise.allSettled([benefits.load(), state.load()]);
    if (organisations.status === 'rejected') throw organisations.reason;
    if (buckets.status === 'rejected') throw buckets.reason;
    if (!existing) await benefits.seed(seed());
    return {
      benefits,
      state,
      created: !existing,
      idle: async () => {
        await Promise.all([benefits.idle(), state.idle()]);
      },
      close: async () => {
        await Promise.all([benefits.idle(), state.idle()]);
        await lock.release();
      },
    };
  } catch (err) {
    await lock.release();
    throw err;
  }
}

/** Everything a data file holds, as stored: what `npm run org -- migrate` copies. */
export interface LowdbContents {
  /** In the index's order. */
  organisations: OrganisationData[];
  /** Every key/value document of the KeyValueStore (conversation and user state, and claimOnce's `once:` markers). */
  state: [string, VersionedDocument][];
}

/**
 * Reads a data file and everything beside it without changing any of it: no folder is made, no
 * seed is stored, nothing is written but the lock file, which is taken for the read (so a running
 * bot is refused with DataFileLockedError) and removed after. Throws DataFileError for a missing
 * or unusable file, as openLowdbStores would.
 */
export async function readLowdbContents(dataFile: string): Promise<LowdbContents> {
  const layout = storeLayout(dataFile);
  const index = await readJson(dataFile, indexSchema, { ownerOnly: false });
  if (!index) throw new DataFileError(`There is no data file at ${dataFile}.`);
  const lock = await acquireDataFileLock(dataFile);
  try {
    const current = await readJson(dataFile, indexSchema, { ownerOnly: false });
    if (!current) throw new DataFileError(`There is no data file at ${dataFile}.`);
    if (current.schemaVersion > STORE_SCHEMA_VERSION) {
      throw new DataFileError(
        `${dataFile} was written by a newer version of the bot (schema ${current.schemaVersion}; this one knows ${STORE_SCHEMA_VERSION}). Upgrade the bot.`,
      );
    }
    const organisations: OrganisationData[] = [];
    for (const [tenantId, entry] of Object.entries(current.organisations)) {
      const file = join(layout.organisationsDir, entry.file);
      const data = await readJson(file, organisationDataSchema, { ownerOnly: false });
      if (!data)
        throw new DataFileError(
          `${dataFile} lists organisation ${tenantId}, but its file ${file} is missing.`,
        );
      if (data.organisation.tenantId !== tenantId)
        throw new DataFileError(
          `${file} holds tenant ${data.organisation.tenantId}, but ${dataFile} lists it as ${tenantId}.`,
        );
      organisations.push(data);
    }
    const state: [string, VersionedDocument][] = [];
    let names: string[] = [];
    try {
      names = await readdir(layout.stateDir);
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT')
        throw new DataFileError(`Cannot read ${layout.stateDir}: ${(err as Error).message}.`);
    }
    for (const name of names
      .filter((n) => /^\d+\.json$/.test(n))
      .sort((a, b) => parseInt(a, 10) - parseInt(b, 10))) {
      const bucket = await readJson(join(layout.stateDir, name), stateBucketSchema, {
        ownerOnly: false,
      });
      for (const [key, item] of Object.entries(bucket ?? {})) state.push([key, item]);
    }
    return { organisations, state };
  } finally {
    await lock.release();
  }
}
