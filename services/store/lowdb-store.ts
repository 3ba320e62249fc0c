import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { mkdir, readdir, readFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { Low } from 'lowdb';
import { JSONFile } from 'lowdb/node';
import type { z } from 'zod';
import { BenefitError } from '../errors';
import { DEFAULT_NOTIFICATION_SETTINGS } from '../notifications/model';
import type { OrganisationData, TenantId, UserId } from '../model';
import { ETagConflictError, type BenefitStore, type KeyValueStore, type Stores, type VersionedDocument } from '../ports';
import { acquireDataFileLock } from './data-file-lock';
import { describeIssues, indexSchema, organisationDataSchema, STORE_SCHEMA_VERSION, stateBucketSchema, type StateBucket, type StoreIndex } from './schema';
import { SerialQueue } from './serial-queue';

/** A data file (or one beside it) that cannot be used as it is. */
export class DataFileError extends Error {
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

function organisationFileName(tenantId: TenantId): string {
  return /^[A-Za-z0-9-]{1,64}$/.test(tenantId) ? `${tenantId}.json` : `${createHash('sha256').update(tenantId).digest('hex').slice(0, 32)}.json`;
}

function bucketOf(key: string): string {
  return createHash('sha1').update(key).digest().readUInt16BE(0) % STATE_BUCKETS + '';
}

async function readJson<T>(file: string, schema: z.ZodType<T>): Promise<T | undefined> {
  let raw: string;
  try {
    raw = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new DataFileError(`Cannot read ${file}: ${(err as Error).message}.`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(raw);
  } catch (err) {
    // On one line: JSON.parse quotes the file's first bytes, line breaks and all.
    throw new DataFileError(`${file} is not valid JSON (${(err as Error).message.replace(/\s+/g, ' ')}); it was left untouched. Restore it from a backup or move it away to start afresh.`);
  }
  const result = schema.safeParse(parsed);
  if (!result.success) {
    throw new DataFileError(`${file} does not hold valid benefits data: ${describeIssues(result.error)}. It was left untouched.`);
  }
  return result.data;
}

class LowdbBenefitStore implements BenefitStore {
  private readonly orgs = new Map<TenantId, Low<OrganisationData>>();
  private readonly queues = new Map<TenantId, SerialQueue>();
  private readonly indexQueue = new SerialQueue();

  constructor(
    private readonly layout: ReturnType<typeof storeLayout>,
    private readonly index: Low<StoreIndex>,
  ) {}

  async load(): Promise<void> {
    for (const [tenantId, entry] of Object.entries(this.index.data.organisations)) {
      const file = join(this.layout.organisationsDir, entry.file);
      const data = await readJson(file, organisationDataSchema);
      if (!data) throw new DataFileError(`${this.layout.index} lists organisation ${tenantId}, but its file ${file} is missing.`);
      if (data.organisation.tenantId !== tenantId) {
        throw new DataFileError(`${file} holds tenant ${data.organisation.tenantId}, but ${this.layout.index} lists it as ${tenantId}.`);
      }
      this.orgs.set(tenantId, new Low(new JSONFile<OrganisationData>(file), data));
    }
  }

  async tenantIds(): Promise<TenantId[]> {
    return [...this.orgs.keys()];
  }

  async organisation(tenantId: TenantId) {
    return this.orgs.get(tenantId)?.data.organisation;
  }

  async users(tenantId: TenantId) {
    return this.orgs.get(tenantId)?.data.users ?? [];
  }

  async user(tenantId: TenantId, userId: UserId) {
    return this.orgs.get(tenantId)?.data.users.find((u) => u.id === userId);
  }

  async benefits(tenantId: TenantId) {
    return this.orgs.get(tenantId)?.data.benefits ?? [];
  }

  async assignments(tenantId: TenantId) {
    return this.orgs.get(tenantId)?.data.assignments ?? [];
  }

  async auditEntries(tenantId: TenantId) {
    return this.orgs.get(tenantId)?.data.audit ?? [];
  }

  async asks(tenantId: TenantId) {
    return this.orgs.get(tenantId)?.data.asks ?? [];
  }

  async notificationSettings(tenantId: TenantId) {
    return this.orgs.get(tenantId)?.data.notifications ?? DEFAULT_NOTIFICATION_SETTINGS;
  }

  async pendingNotifications(tenantId: TenantId) {
    return (this.orgs.get(tenantId)?.data.outbox ?? []).filter((item) => item.status === 'pending');
  }

  async failedNotifications(tenantId: TenantId) {
    return (this.orgs.get(tenantId)?.data.outbox ?? []).filter((item) => item.status === 'failed');
  }

  async requests(tenantId: TenantId) {
    return this.orgs.get(tenantId)?.data.requests ?? [];
  }

  async createOrganisation(data: OrganisationData): Promise<void> {
    const valid = organisationDataSchema.parse(structuredClone(data));
    const tenantId = valid.organisation.tenantId;
    await this.queueOf(tenantId).run(async () => {
      if (this.orgs.has(tenantId)) throw new DataFileError(`Organisation ${tenantId} already exists.`);
      const fileName = organisationFileName(tenantId);
      // The organisation's file first, then the index that points to it: a crash between leaves an unused file, never a dangling entry.
      const db = new Low(new JSONFile<OrganisationData>(join(this.layout.organisationsDir, fileName)), valid);
      await db.write();
      await this.indexQueue.run(async () => {
        this.index.data.organisations[tenantId] = { file: fileName };
        await this.index.write();
      });
      this.orgs.set(tenantId, db);
    });
  }

  /**
   * A new data file's organisations, all or none: every organisation's file first, then the index
   * once. A first start cut short leaves no index, so the next start seeds again from scratch.
   */
  async seed(organisations: readonly OrganisationData[]): Promise<void> {
    const valid = organisations.map((data) => organisationDataSchema.parse(structuredClone(data)));
    const files = valid.map((data) => ({ tenantId: data.organisation.tenantId, fileName: organisationFileName(data.organisation.tenantId), data }));
    const dbs = await Promise.all(
      files.map(async ({ fileName, data }) => {
        const db = new Low(new JSONFile<OrganisationData>(join(this.layout.organisationsDir, fileName)), data);
        await db.write();
        return db;
      }),
    );
    await this.indexQueue.run(async () => {
      for (const { tenantId, fileName } of files) this.index.data.organisations[tenantId] = { file: fileName };
      await this.index.write();
    });
    files.forEach(({ tenantId }, i) => this.orgs.set(tenantId, dbs[i] as Low<OrganisationData>));
  }

  async unitOfWork<T>(tenantId: TenantId, work: (draft: OrganisationData) => T | Promise<T>): Promise<T> {
    return this.queueOf(tenantId).run(async () => {
      const db = this.orgs.get(tenantId);
      if (!db) throw new BenefitError('ORG.UNKNOWN_TENANT');
      const draft = structuredClone(db.data);
      const result = await work(draft);
      if (isDeepStrictEqual(draft, db.data)) return result; // nothing changed: nothing to write
      // Readers see the change only once it is on disk: a write that fails leaves nothing to read.
      try {
        await db.adapter.write(draft);
      } catch (err) {
        throw new BenefitError('STORE.WRITE_FAILED', { reason: (err as NodeJS.ErrnoException).code ?? 'unknown' });
      }
      db.data = draft;
      return result;
    });
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
  private readonly buckets = new Map<string, Low<StateBucket>>();
  private readonly queues = new Map<string, SerialQueue>();
  private eTagCounter = 0;

  constructor(private readonly dir: string) {}

  async load(): Promise<void> {
    for (const name of await readdir(this.dir)) {
      if (!/^\d+\.json$/.test(name)) continue;
      const file = join(this.dir, name);
      const data = await readJson(file, stateBucketSchema);
      if (data) this.buckets.set(basename(name, '.json'), new Low(new JSONFile<StateBucket>(file), data));
    }
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

  async write(changes: Map<string, { doc: Record<string, unknown>; eTag?: string }>): Promise<void> {
    for (const [bucket, entries] of this.groupByBucket([...changes.keys()])) {
      await this.change(bucket, (data) => {
        for (const key of entries) {
          const change = changes.get(key);
          if (!change) continue;
          const current = data[key];
          if (change.eTag && change.eTag !== '*' && current && current.eTag !== change.eTag) throw new ETagConflictError(key);
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

  /** Applies `mutate` to a copy of the bucket and writes it; memory changes only once the file does. */
  private change(bucket: string, mutate: (data: StateBucket) => boolean | void): Promise<void> {
    let queue = this.queues.get(bucket);
    if (!queue) this.queues.set(bucket, (queue = new SerialQueue()));
    return queue.run(async () => {
      let db = this.buckets.get(bucket);
      const draft: StateBucket = structuredClone(db?.data ?? {});
      if (mutate(draft) === false) return;
      if (!db) db = new Low(new JSONFile<StateBucket>(join(this.dir, `${bucket}.json`)), {});
      await db.adapter.write(draft);
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
export async function openLowdbStores({ dataFile, seed }: OpenLowdbOptions): Promise<Stores & { created: boolean }> {
  const layout = storeLayout(dataFile);
  await mkdir(dirname(dataFile), { recursive: true });
  const lock = await acquireDataFileLock(dataFile);
  try {
    const existing = await readJson(dataFile, indexSchema);
    if (existing && existing.schemaVersion > STORE_SCHEMA_VERSION) {
      throw new DataFileError(`${dataFile} was written by a newer version of the bot (schema ${existing.schemaVersion}; this one knows ${STORE_SCHEMA_VERSION}). Upgrade the bot.`);
    }
    await mkdir(layout.organisationsDir, { recursive: true });
    await mkdir(layout.stateDir, { recursive: true });
    const index = new Low<StoreIndex>(new JSONFile(dataFile), existing ?? { schemaVersion: STORE_SCHEMA_VERSION, organisations: {} });
    const benefits = new LowdbBenefitStore(layout, index);
    const state = new LowdbKeyValueStore(layout.stateDir);
    await benefits.load();
    await state.load();
    if (!existing) await benefits.seed(seed());
    return {
      benefits,
      state,
      created: !existing,
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
