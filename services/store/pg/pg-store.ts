import { AsyncLocalStorage } from 'node:async_hooks';
import { randomUUID } from 'node:crypto';
import { Pool, type PoolClient } from 'pg';
import { BenefitError } from '../../errors';
import type { Organisation, OrganisationData, TenantId, UserId } from '../../model';
import { DEFAULT_NOTIFICATION_SETTINGS } from '../../notifications/model';
import { ETagConflictError, type BenefitStore, type KeyValueStore, type Stores, type VersionedDocument } from '../../ports';
import type { ZodError } from 'zod';
import { deepFreeze, runOnDraft } from '../draft';
import { describeIssues, organisationDataSchema, organisationFieldsSchema, referenceIssues } from '../schema';
import { ChangeListeners } from '../change-listeners';
import { migrate, PgStoreError } from './migrations';

export { PgStoreError } from './migrations';

/**
 * The PostgreSQL backend of the store ports, for several bot instances sharing one database.
 *
 * Documents are JSON text (see migrations.ts for why not jsonb): every string a person can type,
 * including U+0000 and lone surrogates, and the key order of every object, come back exactly.
 *
 * Each instance caches every organisation it has read, keyed by organisations.version, which every
 * stored unit of work bumps: a read asks only for the version and reloads when another instance
 * changed it — the bounded collections whole, the audit log and processed requests only from
 * where its copy ends (see LOAD_SQL). Cached values are shared: callers treat them as read-only.
 *
 * Round trips (measured in test/store-pg/pg-store.test.ts):
 * - a read (any OrganisationReader method): 1 (`SELECT version`) when this instance's cached
 *   copy is current, 2 when it is not (plus one load of the whole organisation in one statement);
 *   inside readView (a turn), only the first read of an organisation asks;
 * - a unit of work: 4 (BEGIN, SELECT … FOR UPDATE, one statement writing every change, COMMIT),
 *   one more when another instance changed the organisation since, 3 when `work` changed nothing.
 *   An instance's own units of work on one organisation queue in the instance, so they never
 *   reload it because of each other;
 * - the outbox's "who has something due": 1, whatever the number of organisations;
 * - state: read, delete, claimOnce and a one-key write 1 each; a write of several keys 3.
 *
 * A unit of work's draft shares the stored elements (runOnDraft, as the embedded store), and only
 * elements it added or replaced are checked against the schema and serialised (elementText). What
 * still grows with the organisation is a walk over a changed collection's ids (positions, and
 * assignments against users and benefits): on 5,000 users and 20,000 assignments, npm run bench
 * measured 45 Confirms/s on one instance, against 5.7 when every row was checked and serialised.
 */

type RowKind = 'users' | 'benefits' | 'assignments' | 'requests' | 'asks';
const ROW_KINDS: readonly RowKind[] = ['users', 'benefits', 'assignments', 'requests', 'asks'];

/** What a row holds now, to tell what a unit of work changed without re-serialising the past. */
interface StoredRow {
  position: number;
  text: string;
}

interface StoredAuditEntry {
  seq: string;
  id: string;
  text: string;
}

/** One organisation as stored at `version`, parsed (data) and as its rows' text (for diffs). */
interface Snapshot {
  tenantId: TenantId;
  /** organisations.version (a bigint, kept as its decimal text). */
  version: string;
  data: OrganisationData;
  organisationText: string;
  notificationsText: string;
  rows: Record<RowKind, Map<string, StoredRow>>;
  processedRequests: Map<string, StoredRow>;
  outbox: Map<string, StoredRow>;
  audit: StoredAuditEntry[];
}

/**
 * The stored JSON text of each element this instance read or wrote (keyed by the element object,
 * which is never changed in place: see runOnDraft): an element a unit of work left as it was is
 * neither checked nor serialised again, so a change costs what it changed, not the organisation.
 */
const elementText = new WeakMap<object, { field: string; text: string }>();

/** A draft that cannot be stored as it is. */
class InvalidDraft extends Error {}

const isNewer = (a: string, b: string) => BigInt(a) > BigInt(b);

type StoredTexts = Pick<Snapshot, 'rows' | 'processedRequests' | 'outbox' | 'audit'>;

function noTexts(): StoredTexts {
  const empty = (): Map<string, StoredRow> => new Map();
  return { rows: { users: empty(), benefits: empty(), assignments: empty(), requests: empty(), asks: empty() }, processedRequests: empty(), outbox: empty(), audit: [] };
}

/** What an organisation being added is compared with: nothing stored yet. */
function emptySnapshot(organisation: Organisation): Snapshot {
  return {
    tenantId: organisation.tenantId,
    version: '0',
    data: { organisation, users: [], benefits: [], assignments: [], audit: [], processedRequests: [], asks: [], outbox: [], notifications: DEFAULT_NOTIFICATION_SETTINGS, requests: [] },
    organisationText: '',
    notificationsText: '',
    ...noTexts(),
  };
}

/**
 * One statement, so one snapshot even under READ COMMITTED: everything an organisation holds,
 * except that the audit log and the processed requests, which only grow in the common case, come
 * as the tail after what the cached snapshot ($2: its version) already holds ($3: its last audit
 * seq, $4: its last processed-request position), unless they were rewritten since $2 (an entry
 * edited, removed or inserted before the end) or there is no cached snapshot (NULLs): then whole.
 * A reload thus costs what changed plus the organisation's bounded collections, not its history.
 */
const LOAD_SQL = `
  WITH o AS (SELECT * FROM organisations WHERE tenant_id = $1),
  tails AS (SELECT $3::bigint IS NULL OR o.audit_rewritten_in > $2::bigint AS whole_audit,
                   $4::float8 IS NULL OR o.processed_rewritten_in > $2::bigint AS whole_processed FROM o)
  SELECT 'organisation' AS src, (SELECT CASE WHEN whole_audit THEN 'A' ELSE '' END || CASE WHEN whole_processed THEN 'P' ELSE '' END FROM tails) AS kind,
         version::text AS id, 0::float8 AS pos, organisation AS doc FROM o
  UNION ALL SELECT 'notifications', NULL, NULL, 0, notifications FROM o
  UNION ALL SELECT 'row', kind, id, position, doc FROM org_rows WHERE tenant_id = $1
  UNION ALL SELECT 'audit', seq::text, id, seq::float8, doc FROM audit, tails WHERE tenant_id = $1 AND (whole_audit OR seq > $3::bigint)
  UNION ALL SELECT 'processed', NULL, id, position, doc FROM processed_requests, tails WHERE tenant_id = $1 AND (whole_processed OR position > $4::float8)
  UNION ALL SELECT 'outbox', NULL, id, position, doc FROM outbox WHERE tenant_id = $1
  ORDER BY pos`;

interface LoadRow {
  src: 'organisation' | 'notifications' | 'row' | 'audit' | 'processed' | 'outbox';
  kind: string | null;
  id: string | null;
  pos: number;
  doc: string;
}

const lastPosition = (rows: Map<string, StoredRow>) => [...rows.values()].reduce((max, row) => Math.max(max, row.position), -Infinity);

/**
 * The organisation as stored now (undefined if there is none), validated. Given the snapshot
 * this instance holds, reuses its audit entries and processed requests and checks only the new.
 */
async function loadSnapshot(db: Pool | PoolClient, tenantId: TenantId, cached?: Snapshot): Promise<Snapshot | undefined> {
  const values = cached ? [tenantId, cached.version, cached.audit.at(-1)?.seq ?? '0', Number.isFinite(lastPosition(cached.processedRequests)) ? lastPosition(cached.processedRequests) : -1] : [tenantId, null, null, null];
  const { rows } = await db.query<LoadRow>({ name: 'pg-store-load', text: LOAD_SQL, values });
  const head = rows.find((r) => r.src === 'organisation');
  if (!head) return undefined;
  const wholeAudit = !cached || Boolean(head.kind?.includes('A'));
  const wholeProcessed = !cached || Boolean(head.kind?.includes('P'));
  const texts = noTexts();
  if (cached && !wholeAudit) texts.audit = [...cached.audit];
  if (cached && !wholeProcessed) texts.processedRequests = new Map(cached.processedRequests);
  let organisationText = '';
  let notificationsText = '';
  const raw: Record<string, unknown[]> = { users: [], benefits: [], assignments: [], requests: [], asks: [], audit: [], processedRequests: [], outbox: [] };
  const rawTexts: Record<string, string[]> = { users: [], benefits: [], assignments: [], requests: [], asks: [], audit: [], processedRequests: [], outbox: [] };
  // Rows and outbox items in order: an element of the cached copy whose row is unchanged (reused as
  // it is, checked when it was first read or written), or the index of one read now in `raw`.
  const order: Record<string, (object | number)[]> = { users: [], benefits: [], assignments: [], requests: [], asks: [], outbox: [] };
  const cachedById = new Map<string, Map<string, object>>();
  const cachedElement = (field: RowKind | 'outbox', id: string): object | undefined => {
    if (!cached) return undefined;
    let byId = cachedById.get(field);
    if (!byId) cachedById.set(field, (byId = new Map((cached.data[field] as readonly { id: string }[]).map((element) => [element.id, element]))));
    return byId.get(id);
  };
  let organisation: unknown;
  let notifications: unknown;
  const parse = (row: LoadRow): unknown => {
    try {
      return JSON.parse(row.doc);
    } catch (err) {
      throw new PgStoreError(`Organisation ${tenantId} in the database holds a ${row.src} ${row.kind ?? ''} row ${row.id ?? ''} that is not valid JSON (${(err as Error).message}); it was left untouched.`);
    }
  };
  for (const row of rows) {
    const id = row.id ?? '';
    switch (row.src) {
      case 'organisation':
        organisationText = row.doc;
        organisation = parse(row);
        break;
      case 'notifications':
        notificationsText = row.doc;
        notifications = parse(row);
        break;
      case 'row': {
        const kind = row.kind as RowKind;
        texts.rows[kind].set(id, { position: row.pos, text: row.doc });
        const reused = cached?.rows[kind].get(id)?.text === row.doc ? cachedElement(kind, id) : undefined;
        if (reused) order[kind]?.push(reused);
        else {
          order[kind]?.push(raw[kind]?.length ?? 0);
          raw[kind]?.push(parse(row));
          rawTexts[kind]?.push(row.doc);
        }
        break;
      }
      case 'audit':
        texts.audit.push({ seq: row.kind ?? '', id, text: row.doc });
        raw.audit?.push(parse(row));
        rawTexts.audit?.push(row.doc);
        break;
      case 'processed':
        texts.processedRequests.set(id, { position: row.pos, text: row.doc });
        raw.processedRequests?.push(parse(row));
        rawTexts.processedRequests?.push(row.doc);
        break;
      case 'outbox': {
        texts.outbox.set(id, { position: row.pos, text: row.doc });
        const reused = cached?.outbox.get(id)?.text === row.doc ? cachedElement('outbox', id) : undefined;
        if (reused) order.outbox?.push(reused);
        else {
          order.outbox?.push(raw.outbox?.length ?? 0);
          raw.outbox?.push(parse(row));
          rawTexts.outbox?.push(row.doc);
        }
        break;
      }
    }
  }
  // Only what was read is checked: elements reused from the cache were checked when they were read or written.
  const checked = organisationFieldsSchema.safeParse({ organisation, notifications, ...raw });
  if (!checked.success) {
    throw new PgStoreError(`Organisation ${tenantId} in the database does not hold valid benefits data: ${describeIssues(checked.error)}. It was left untouched.`);
  }
  if (checked.data.organisation.tenantId !== tenantId) {
    throw new PgStoreError(`The database row of organisation ${tenantId} holds tenant ${checked.data.organisation.tenantId}; it was left untouched.`);
  }
  for (const [field, list] of Object.entries(rawTexts)) {
    const elements = checked.data[field as keyof OrganisationData] as unknown as object[];
    list.forEach((text, i) => {
      const element = elements[i];
      // What the schema gave back is what the row holds, unless it dropped or defaulted a field.
      if (element && JSON.stringify(element) === text) elementText.set(element, { field, text });
    });
  }
  const read = checked.data as unknown as Record<string, object[]>;
  const inOrder = (field: string) => (order[field] ?? []).map((entry) => (typeof entry === 'number' ? (read[field]?.[entry] as object) : entry));
  const data = {
    ...checked.data,
    users: inOrder('users'),
    benefits: inOrder('benefits'),
    assignments: inOrder('assignments'),
    requests: inOrder('requests'),
    asks: inOrder('asks'),
    outbox: inOrder('outbox'),
    audit: cached && !wholeAudit ? [...cached.data.audit, ...checked.data.audit] : checked.data.audit,
    processedRequests: cached && !wholeProcessed ? [...cached.data.processedRequests, ...checked.data.processedRequests] : checked.data.processedRequests,
  } as unknown as OrganisationData;
  const broken = referenceIssues(data);
  if (broken.length) {
    throw new PgStoreError(`Organisation ${tenantId} in the database does not hold valid benefits data: ${broken.slice(0, 3).map((issue) => `${pathText(issue.path)}: ${issue.message}`).join('; ')}. It was left untouched.`);
  }
  return { tenantId, version: head.id ?? '', data, organisationText, notificationsText, ...texts };
}

/**
 * New positions for a collection whose element i was at `previous[i]` (undefined: new). The
 * longest run of elements that kept their relative order keeps its positions, so appending,
 * removing or editing an element writes that element only; the rest get positions between
 * their neighbours (renumbering all when doubles run out of room between two neighbours).
 */
export function positionsFor(previous: readonly (number | undefined)[]): number[] {
  const kept = longestIncreasing(previous);
  const positions = new Array<number>(previous.length);
  let i = 0;
  while (i < previous.length) {
    if (kept.has(i)) {
      positions[i] = previous[i] as number;
      i += 1;
      continue;
    }
    let end = i;
    while (end < previous.length && !kept.has(end)) end += 1;
    const left = i > 0 ? positions[i - 1] : undefined;
    const right = end < previous.length ? (previous[end] as number) : undefined;
    const count = end - i;
    for (let j = 0; j < count; j++) {
      positions[i + j] =
        left === undefined && right === undefined ? j : left === undefined ? (right as number) - (count - j) : right === undefined ? left + 1 + j : left + ((right - left) * (j + 1)) / (count + 1);
    }
    i = end;
  }
  const ordered = positions.every((p, k) => k === 0 || p > (positions[k - 1] as number));
  return ordered ? positions : positions.map((_, k) => k);
}

/** Indices of a longest strictly increasing subsequence of the defined values (patience sorting). */
function longestIncreasing(values: readonly (number | undefined)[]): Set<number> {
  const tails: number[] = [];
  const parent = new Array<number>(values.length).fill(-1);
  values.forEach((value, index) => {
    if (value === undefined) return;
    let lo = 0;
    let hi = tails.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((values[tails[mid] as number] as number) < value) lo = mid + 1;
      else hi = mid;
    }
    parent[index] = lo > 0 ? (tails[lo - 1] as number) : -1;
    tails[lo] = index;
  });
  const kept = new Set<number>();
  for (let k = tails.at(-1) ?? -1; k !== -1; k = parent[k] as number) kept.add(k);
  return kept;
}

interface CollectionDiff {
  inserts: { id: string; position: number; text: string }[];
  updates: { id: string; position: number; text: string }[];
  deletes: string[];
  next: Map<string, StoredRow>;
}

/** What to write for one collection: `items` is the new list, every element with its text in elementText. */
function diffCollection(name: string, before: Map<string, StoredRow>, items: readonly { id: string }[], unchanged: boolean): CollectionDiff {
  if (unchanged) return { inserts: [], updates: [], deletes: [], next: before };
  const ids = items.map((item) => item.id);
  const seen = new Set<string>();
  for (const id of ids) {
    if (seen.has(id)) throw new InvalidDraft(`${name}: two elements have the id "${id}"`);
    seen.add(id);
  }
  const positions = positionsFor(ids.map((id) => before.get(id)?.position));
  const diff: CollectionDiff = { inserts: [], updates: [], deletes: [], next: new Map() };
  items.forEach((item, i) => {
    const row = { id: item.id, position: positions[i] as number, text: elementText.get(item)?.text ?? JSON.stringify(item) };
    const old = before.get(item.id);
    if (!old) diff.inserts.push(row);
    else if (old.text !== row.text || old.position !== row.position) diff.updates.push(row);
    diff.next.set(row.id, { position: row.position, text: row.text });
  });
  for (const id of before.keys()) if (!seen.has(id)) diff.deletes.push(id);
  return diff;
}

const changes = (d: CollectionDiff) => d.inserts.length + d.updates.length + d.deletes.length;

/** Numbered parameters for one statement. */
class Params {
  readonly values: unknown[];
  constructor(first: unknown) {
    this.values = [first];
  }
  add(value: unknown, type: string): string {
    this.values.push(value);
    return `$${this.values.length}::${type}`;
  }
}

/** The collections stored element by element. */
const COLLECTIONS = [...ROW_KINDS, 'processedRequests', 'outbox', 'audit'] as const;

const pathText = (path: readonly PropertyKey[]) => path.reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)), '');

/** The schema's issues about the checked elements, with the places those elements have in the draft. */
function inDraft(error: ZodError, picked: Record<string, number[]>): ZodError {
  for (const issue of error.issues) {
    const [field, index] = issue.path;
    const indices = typeof field === 'string' ? picked[field] : undefined;
    if (indices && typeof index === 'number' && indices[index] !== undefined) issue.path[1] = indices[index];
  }
  return error;
}

interface WritePlan {
  sql: string;
  values: unknown[];
  /** The snapshot after the write, given the new version and the audit seqs the database assigned. */
  after(version: string, auditSeqs: readonly string[]): Snapshot;
}

/**
 * Validates the draft and plans the single statement that stores what differs from `before`.
 * Undefined when nothing changed. Throws InvalidDraft for a draft that must not be stored.
 */
function planWrite(before: Snapshot, draft: OrganisationData): WritePlan | undefined {
  // Only what is new or changed is checked and serialised: an element this instance read or wrote
  // as it is (elementText) was checked then, and a collection the work left alone is the stored one.
  const fields = draft as unknown as Record<string, unknown>;
  const stored = before.data as unknown as Record<string, unknown>;
  const picked: Record<string, number[]> = {};
  const partial: Record<string, unknown> = { organisation: fields.organisation, notifications: fields.notifications };
  for (const field of COLLECTIONS) {
    const list = fields[field];
    picked[field] = [];
    if (list === stored[field]) partial[field] = [];
    else if (!Array.isArray(list)) partial[field] = list;
    else {
      const indices = list.flatMap((element: unknown, i) => (typeof element === 'object' && element !== null && elementText.get(element)?.field === field ? [] : [i]));
      picked[field] = indices;
      partial[field] = indices.map((i) => list[i] as unknown);
    }
  }
  const checked = organisationFieldsSchema.safeParse(partial);
  if (!checked.success) throw new InvalidDraft(describeIssues(inDraft(checked.error, picked)));
  const valid = checked.data as unknown as Record<string, unknown>;
  const tenantId = (valid.organisation as Organisation).tenantId;
  if (tenantId !== before.tenantId) throw new InvalidDraft(`organisation.tenantId: cannot change from ${before.tenantId} to ${tenantId}`);
  const assembled: Record<string, unknown> = { organisation: valid.organisation, notifications: valid.notifications };
  for (const field of COLLECTIONS) {
    const list = fields[field];
    if (list === stored[field]) {
      assembled[field] = list;
      continue;
    }
    const checkedElements = valid[field] as object[];
    if (!Array.isArray(list)) {
      assembled[field] = checkedElements;
      checkedElements.forEach((element) => elementText.set(deepFreeze(element), { field, text: JSON.stringify(element) }));
      continue;
    }
    const next = list.slice() as object[];
    (picked[field] ?? []).forEach((index, k) => {
      const element = deepFreeze(checkedElements[k] as object);
      elementText.set(element, { field, text: JSON.stringify(element) });
      next[index] = element;
    });
    assembled[field] = next;
  }
  const data = assembled as unknown as OrganisationData;
  if (data.users !== before.data.users || data.benefits !== before.data.benefits || data.assignments !== before.data.assignments) {
    const broken = referenceIssues(data);
    if (broken.length) throw new InvalidDraft(broken.slice(0, 3).map((issue) => `${pathText(issue.path)}: ${issue.message}`).join('; '));
  }

  // The audit log only grows: stored entries keep their place and id (an entry may be corrected).
  if (data.audit.length < before.audit.length) throw new InvalidDraft(`audit: entries are never removed (${before.audit.length} stored, ${data.audit.length} in the change)`);
  const auditUpdates: StoredAuditEntry[] = [];
  const auditInserts: { id: string; text: string }[] = [];
  if (data.audit !== before.data.audit) {
    data.audit.forEach((entry, index) => {
      const stored = before.audit[index];
      if (stored && entry === before.data.audit[index]) return;
      const text = elementText.get(entry)?.text ?? JSON.stringify(entry);
      if (!stored) auditInserts.push({ id: entry.id, text });
      else if (stored.id !== entry.id) throw new InvalidDraft(`audit[${index}]: entries are never removed or reordered (id ${stored.id} became ${entry.id})`);
      else if (stored.text !== text) auditUpdates.push({ seq: stored.seq, id: entry.id, text });
    });
  }

  const unchanged = (field: string) => fields[field] === stored[field];
  const rows = Object.fromEntries(ROW_KINDS.map((kind) => [kind, diffCollection(kind, before.rows[kind], data[kind], unchanged(kind))])) as Record<RowKind, CollectionDiff>;
  const processed = diffCollection('processedRequests', before.processedRequests, data.processedRequests, unchanged('processedRequests'));
  const outbox = diffCollection('outbox', before.outbox, data.outbox, unchanged('outbox'));
  const organisationText = JSON.stringify(data.organisation);
  const notificationsText = JSON.stringify(data.notifications);
  const rowChanges = ROW_KINDS.reduce((n, kind) => n + changes(rows[kind]), 0);
  const nothing =
    rowChanges + changes(processed) + changes(outbox) + auditUpdates.length + auditInserts.length === 0 &&
    organisationText === before.organisationText &&
    notificationsText === before.notificationsText;
  if (nothing) return undefined;

  const p = new Params(before.tenantId);
  const ctes: string[] = [];
  const flat = <T>(pick: (kind: RowKind) => T[]) => ROW_KINDS.flatMap((kind) => pick(kind).map((value) => ({ kind, value })));
  const rowDeletes = flat((kind) => rows[kind].deletes);
  const rowUpdates = flat((kind) => rows[kind].updates);
  const rowInserts = flat((kind) => rows[kind].inserts);
  if (rowDeletes.length) {
    ctes.push(`rows_del AS (DELETE FROM org_rows r USING unnest(${p.add(rowDeletes.map((r) => r.kind), 'text[]')}, ${p.add(rowDeletes.map((r) => r.value), 'text[]')}) AS d(kind, id)
      WHERE r.tenant_id = $1 AND r.kind = d.kind AND r.id = d.id)`);
  }
  if (rowUpdates.length) {
    ctes.push(`rows_upd AS (UPDATE org_rows r SET position = u.position, doc = u.doc
      FROM unnest(${p.add(rowUpdates.map((r) => r.kind), 'text[]')}, ${p.add(rowUpdates.map((r) => r.value.id), 'text[]')}, ${p.add(rowUpdates.map((r) => r.value.position), 'float8[]')}, ${p.add(rowUpdates.map((r) => r.value.text), 'text[]')}) AS u(kind, id, position, doc)
      WHERE r.tenant_id = $1 AND r.kind = u.kind AND r.id = u.id)`);
  }
  if (rowInserts.length) {
    ctes.push(`rows_ins AS (INSERT INTO org_rows (tenant_id, kind, id, position, doc)
      SELECT $1, * FROM unnest(${p.add(rowInserts.map((r) => r.kind), 'text[]')}, ${p.add(rowInserts.map((r) => r.value.id), 'text[]')}, ${p.add(rowInserts.map((r) => r.value.position), 'float8[]')}, ${p.add(rowInserts.map((r) => r.value.text), 'text[]')}))`);
  }
  if (processed.deletes.length) {
    ctes.push(`processed_del AS (DELETE FROM processed_requests WHERE tenant_id = $1 AND id = ANY(${p.add(processed.deletes, 'text[]')}))`);
  }
  if (processed.updates.length) {
    ctes.push(`processed_upd AS (UPDATE processed_requests r SET position = u.position, doc = u.doc
      FROM unnest(${p.add(processed.updates.map((r) => r.id), 'text[]')}, ${p.add(processed.updates.map((r) => r.position), 'float8[]')}, ${p.add(processed.updates.map((r) => r.text), 'text[]')}) AS u(id, position, doc)
      WHERE r.tenant_id = $1 AND r.id = u.id)`);
  }
  if (processed.inserts.length) {
    // A plain INSERT: if another writer recorded the same request id, the unique key fails this change.
    ctes.push(`processed_ins AS (INSERT INTO processed_requests (tenant_id, id, position, doc)
      SELECT $1, * FROM unnest(${p.add(processed.inserts.map((r) => r.id), 'text[]')}, ${p.add(processed.inserts.map((r) => r.position), 'float8[]')}, ${p.add(processed.inserts.map((r) => r.text), 'text[]')}))`);
  }
  const outboxItems = new Map(data.outbox.map((item) => [item.id, item]));
  const outboxItem = (id: string) => outboxItems.get(id);
  const outboxColumns = (list: CollectionDiff['inserts']) =>
    [
      p.add(list.map((r) => r.id), 'text[]'),
      p.add(list.map((r) => r.position), 'float8[]'),
      p.add(list.map((r) => outboxItem(r.id)?.status), 'text[]'),
      p.add(list.map((r) => outboxItem(r.id)?.nextAttemptAt), 'timestamptz[]'),
      p.add(list.map((r) => r.text), 'text[]'),
    ].join(', ');
  if (outbox.deletes.length) {
    ctes.push(`outbox_del AS (DELETE FROM outbox WHERE tenant_id = $1 AND id = ANY(${p.add(outbox.deletes, 'text[]')}))`);
  }
  if (outbox.updates.length) {
    ctes.push(`outbox_upd AS (UPDATE outbox r SET position = u.position, status = u.status, next_attempt_at = u.next_attempt_at, doc = u.doc
      FROM unnest(${outboxColumns(outbox.updates)}) AS u(id, position, status, next_attempt_at, doc)
      WHERE r.tenant_id = $1 AND r.id = u.id)`);
  }
  if (outbox.inserts.length) {
    ctes.push(`outbox_ins AS (INSERT INTO outbox (tenant_id, id, position, status, next_attempt_at, doc) SELECT $1, * FROM unnest(${outboxColumns(outbox.inserts)}))`);
  }
  if (auditUpdates.length) {
    ctes.push(`audit_upd AS (UPDATE audit a SET id = u.id, doc = u.doc
      FROM unnest(${p.add(auditUpdates.map((a) => a.seq), 'bigint[]')}, ${p.add(auditUpdates.map((a) => a.id), 'text[]')}, ${p.add(auditUpdates.map((a) => a.text), 'text[]')}) AS u(seq, id, doc)
      WHERE a.tenant_id = $1 AND a.seq = u.seq)`);
  }
  if (auditInserts.length) {
    // Sorted by ordinality so the sequence numbers follow the entries' order.
    ctes.push(`audit_ins AS (INSERT INTO audit (tenant_id, id, doc)
      SELECT $1, u.id, u.doc FROM unnest(${p.add(auditInserts.map((a) => a.id), 'text[]')}, ${p.add(auditInserts.map((a) => a.text), 'text[]')}) WITH ORDINALITY AS u(id, doc, ord) ORDER BY u.ord
      RETURNING seq)`);
  }
  const setOrganisation = organisationText === before.organisationText ? '' : `, organisation = ${p.add(organisationText, 'text')}`;
  const setNotifications = notificationsText === before.notificationsText ? '' : `, notifications = ${p.add(notificationsText, 'text')}`;
  // Anything but appending at the end makes other instances reload these collections whole (see LOAD_SQL).
  const tail = lastPosition(before.processedRequests);
  const processedRewritten = processed.updates.length > 0 || processed.deletes.length > 0 || processed.inserts.some((r) => r.position <= tail);
  const setRewritten = `${auditUpdates.length ? ', audit_rewritten_in = version + 1' : ''}${processedRewritten ? ', processed_rewritten_in = version + 1' : ''}`;
  ctes.push(`org AS (UPDATE organisations SET version = version + 1${setOrganisation}${setNotifications}${setRewritten} WHERE tenant_id = $1 RETURNING version)`);
  const seqs = auditInserts.length ? 'ARRAY(SELECT seq::text FROM audit_ins ORDER BY seq)' : 'ARRAY[]::text[]';
  const sql = `WITH ${ctes.join(',\n')}\nSELECT (SELECT version::text FROM org) AS version, ${seqs} AS seqs`;

  const updatedAudit = new Map(auditUpdates.map((u) => [u.seq, u]));
  return {
    sql,
    values: p.values,
    after(version, auditSeqs) {
      return {
        tenantId: before.tenantId,
        version,
        data,
        organisationText,
        notificationsText,
        rows: Object.fromEntries(ROW_KINDS.map((kind) => [kind, rows[kind].next])) as Record<RowKind, Map<string, StoredRow>>,
        processedRequests: processed.next,
        outbox: outbox.next,
        audit: [
          ...before.audit.map((stored) => updatedAudit.get(stored.seq) ?? stored),
          ...auditInserts.map((entry, k) => ({ seq: auditSeqs[k] ?? '', id: entry.id, text: entry.text })),
        ],
      };
    },
  };
}

/** The SQLSTATE of a PostgreSQL error, or a Node error code. */
function reasonOf(err: unknown): string {
  const code = (err as { code?: unknown } | null)?.code;
  return typeof code === 'string' ? code : 'unknown';
}

/** What a unit of work reports when the database failed it: the change cannot be stored. */
const storeFailed = (err: unknown) => new BenefitError('STORE.WRITE_FAILED', { reason: reasonOf(err) }, { cause: err });

class PgBenefitStore implements BenefitStore {
  /** The last snapshot this instance saw of each organisation; reused while organisations.version says it is current. */
  private readonly cache = new Map<TenantId, Snapshot>();
  private readonly loading = new Map<TenantId, Promise<Snapshot | undefined>>();
  /** Per organisation, the end of this instance's queue of units of work. */
  private readonly queues = new Map<TenantId, Promise<void>>();
  /** Inside readView: the organisations this reader has found current once already. */
  private readonly views = new AsyncLocalStorage<Set<TenantId>>();
  private readonly listeners = new ChangeListeners();

  constructor(
    private readonly pool: Pool,
    private readonly track: <T>(work: Promise<T>) => Promise<T>,
  ) {}

  async tenantIds(): Promise<TenantId[]> {
    const { rows } = await this.track(this.pool.query<{ tenant_id: string }>('SELECT tenant_id FROM organisations ORDER BY tenant_id'));
    return rows.map((r) => r.tenant_id);
  }

  /** One query on the outbox's (status, next_attempt_at) index, however many organisations there are. */
  async tenantsWithNotificationsDue(now: Date): Promise<TenantId[]> {
    const { rows } = await this.track(
      this.pool.query<{ tenant_id: string }>({
        name: 'pg-outbox-due',
        text: "SELECT DISTINCT tenant_id FROM outbox WHERE status = 'pending' AND (next_attempt_at IS NULL OR next_attempt_at <= $1) ORDER BY tenant_id",
        values: [now],
      }),
    );
    return rows.map((r) => r.tenant_id);
  }

  async organisation(tenantId: TenantId) {
    return (await this.current(tenantId))?.data.organisation;
  }

  async users(tenantId: TenantId) {
    return (await this.current(tenantId))?.data.users ?? [];
  }

  async user(tenantId: TenantId, userId: UserId) {
    return (await this.current(tenantId))?.data.users.find((u) => u.id === userId);
  }

  async benefits(tenantId: TenantId) {
    return (await this.current(tenantId))?.data.benefits ?? [];
  }

  async assignments(tenantId: TenantId) {
    return (await this.current(tenantId))?.data.assignments ?? [];
  }

  async auditEntries(tenantId: TenantId) {
    return (await this.current(tenantId))?.data.audit ?? [];
  }

  async asks(tenantId: TenantId) {
    return (await this.current(tenantId))?.data.asks ?? [];
  }

  async notificationSettings(tenantId: TenantId) {
    return (await this.current(tenantId))?.data.notifications ?? DEFAULT_NOTIFICATION_SETTINGS;
  }

  async pendingNotifications(tenantId: TenantId) {
    return ((await this.current(tenantId))?.data.outbox ?? []).filter((item) => item.status === 'pending');
  }

  async failedNotifications(tenantId: TenantId) {
    return ((await this.current(tenantId))?.data.outbox ?? []).filter((item) => item.status === 'failed' || item.status === 'undeliverable');
  }

  async requests(tenantId: TenantId) {
    return (await this.current(tenantId))?.data.requests ?? [];
  }

  /** Validates like the embedded store (a ZodError for bad data) and refuses an existing tenant with PgStoreError. */
  async createOrganisation(data: OrganisationData): Promise<void> {
    const valid = organisationDataSchema.parse(structuredClone(data));
    this.remember(await this.track(withClient(this.pool, (client) => inTransaction(client, () => insertOrganisation(client, valid)))));
    this.listeners.changed(valid.organisation.tenantId);
  }

  /** Calls `listener` after each change this instance stored (other instances' changes are not heard of). */
  onChange(listener: (tenantId: TenantId) => void): () => void {
    return this.listeners.add(listener);
  }

  /**
   * One READ COMMITTED transaction holding the organisation's row lock (SELECT … FOR UPDATE):
   * every instance's units of work on one organisation run one after the other, so checks such as
   * "a free seat is left" hold when the change is stored. Only what differs is written, in one
   * statement; the version is bumped so every instance's cache notices.
   */
  async unitOfWork<T>(tenantId: TenantId, work: (draft: OrganisationData) => T | Promise<T>): Promise<T> {
    // This instance's own units of work on one organisation queue here rather than at the row lock:
    // each then starts from the snapshot the one before it stored, not a reload of the organisation
    // (which it would need if it took the lock between the other's COMMIT and its cache update).
    const previous = this.queues.get(tenantId) ?? Promise.resolve();
    const run = previous.then(() => this.runUnitOfWork(tenantId, work));
    const settled = run.then(
      () => undefined,
      () => undefined,
    );
    this.queues.set(tenantId, settled);
    void settled.then(() => {
      if (this.queues.get(tenantId) === settled) this.queues.delete(tenantId);
    });
    return this.track(run);
  }

  private async runUnitOfWork<T>(tenantId: TenantId, work: (draft: OrganisationData) => T | Promise<T>): Promise<T> {
    let connected = false;
    try {
      return await withClient(this.pool, (client) => {
        connected = true;
        return this.inLockedTransaction(client, tenantId, work);
      });
    } catch (err) {
      throw connected ? err : storeFailed(err);
    }
  }

  private async inLockedTransaction<T>(client: PoolClient, tenantId: TenantId, work: (draft: OrganisationData) => T | Promise<T>): Promise<T> {
    let committed = false;
    try {
      let before: Snapshot | undefined;
      try {
        // A holder that hangs makes the others fail in time rather than queue for ever.
        await client.query("BEGIN; SET LOCAL lock_timeout = '10s'");
        const { rows } = await client.query<{ version: string }>({ name: 'pg-store-lock', text: 'SELECT version::text AS version FROM organisations WHERE tenant_id = $1 FOR UPDATE', values: [tenantId] });
        const locked = rows[0]?.version;
        if (locked !== undefined) {
          before = this.cache.get(tenantId);
          // Under the lock nobody else can change it, so a load now is the state this change starts from.
          if (!before || before.version !== locked) before = this.remember(await loadSnapshot(client, tenantId, before));
        }
      } catch (err) {
        throw storeFailed(err);
      }
      if (!before) throw new BenefitError('ORG.UNKNOWN_TENANT');
      const { result, next } = await runOnDraft(before.data, work);
      let plan: WritePlan | undefined;
      try {
        plan = next && planWrite(before, next);
      } catch (err) {
        throw new BenefitError('STORE.WRITE_FAILED', { reason: err instanceof InvalidDraft ? `invalid: ${err.message}` : reasonOf(err) }, { cause: err });
      }
      try {
        let after: Snapshot | undefined;
        if (plan) {
          const { rows } = await client.query<{ version: string; seqs: string[] }>(plan.sql, plan.values);
          const written = rows[0];
          if (!written?.version) throw new Error(`organisation ${tenantId} vanished during the change`);
          after = plan.after(written.version, written.seqs);
        }
        await client.query('COMMIT');
        committed = true;
        if (after) {
          this.remember(after);
          this.listeners.changed(tenantId);
        }
      } catch (err) {
        // A failed COMMIT may still have committed: forget the cached copy so the next read asks.
        this.cache.delete(tenantId);
        throw storeFailed(err);
      }
      return result;
    } finally {
      if (!committed) await rollback(client);
    }
  }

  /** A turn asks about each organisation's version once; later reads in it take this instance's copy (as new or newer). */
  readView<T>(work: () => Promise<T>): Promise<T> {
    return this.views.run(new Set(), work);
  }

  /** The current snapshot of an organisation: the cached one if organisations.version still matches (or this reader's view has checked it). */
  private async current(tenantId: TenantId): Promise<Snapshot | undefined> {
    const view = this.views.getStore();
    const seen = view?.has(tenantId) ? this.cache.get(tenantId) : undefined;
    if (seen) return seen;
    const snapshot = await this.currentFromDatabase(tenantId);
    if (snapshot) view?.add(tenantId);
    return snapshot;
  }

  private async currentFromDatabase(tenantId: TenantId): Promise<Snapshot | undefined> {
    const { rows } = await this.track(this.pool.query<{ version: string }>({ name: 'pg-store-version', text: 'SELECT version::text AS version FROM organisations WHERE tenant_id = $1', values: [tenantId] }));
    const version = rows[0]?.version;
    if (version === undefined) {
      this.cache.delete(tenantId);
      return undefined;
    }
    const cached = this.cache.get(tenantId);
    if (cached && !isNewer(version, cached.version)) return cached;
    // Concurrent reads of a changed organisation share one load.
    const pending = this.loading.get(tenantId);
    if (pending) {
      const loaded = await pending;
      if (loaded && !isNewer(version, loaded.version)) return loaded;
    }
    const load = this.track(loadSnapshot(this.pool, tenantId, cached)).then((snapshot) => this.remember(snapshot));
    this.loading.set(tenantId, load);
    try {
      return await load;
    } finally {
      if (this.loading.get(tenantId) === load) this.loading.delete(tenantId);
    }
  }

  /** Keeps the newest snapshot of each organisation (a slower load never replaces a newer write). */
  private remember(snapshot: Snapshot | undefined): Snapshot | undefined {
    if (!snapshot) return undefined;
    const cached = this.cache.get(snapshot.tenantId);
    if (!cached || !isNewer(cached.version, snapshot.version)) this.cache.set(snapshot.tenantId, snapshot);
    return snapshot;
  }
}

/** Connections that must not go back to the pool: cut by the server, or in a transaction that could not be rolled back. */
const broken = new WeakSet<PoolClient>();

/**
 * Runs `use` on a connection of its own. A connection cut while checked out emits 'error'
 * outside any query, which without a listener would end the process (found by the
 * "connection is cut while the work runs" test); it is then destroyed, not reused.
 */
async function withClient<T>(pool: Pool, use: (client: PoolClient) => Promise<T>): Promise<T> {
  const client = await pool.connect();
  const onError = () => broken.add(client);
  client.on('error', onError);
  try {
    return await use(client);
  } finally {
    client.off('error', onError);
    client.release(broken.has(client));
  }
}

async function rollback(client: PoolClient): Promise<void> {
  await client.query('ROLLBACK').catch(() => broken.add(client));
}

async function inTransaction<T>(client: PoolClient, work: () => Promise<T>): Promise<T> {
  await client.query('BEGIN');
  try {
    const result = await work();
    await client.query('COMMIT');
    return result;
  } catch (err) {
    await rollback(client);
    throw err;
  }
}

/** Adds a validated organisation inside the caller's transaction; refuses an existing tenant. */
async function insertOrganisation(client: PoolClient, data: OrganisationData): Promise<Snapshot> {
  const tenantId = data.organisation.tenantId;
  const inserted = await client.query("INSERT INTO organisations (tenant_id, version, organisation, notifications) VALUES ($1, 0, '', '') ON CONFLICT (tenant_id) DO NOTHING", [tenantId]);
  if (inserted.rowCount !== 1) throw new PgStoreError(`Organisation ${tenantId} already exists.`);
  let plan: WritePlan | undefined;
  try {
    plan = planWrite(emptySnapshot(data.organisation), data);
  } catch (err) {
    throw new PgStoreError(`Organisation ${tenantId} cannot be stored: ${(err as Error).message}.`, { cause: err });
  }
  if (!plan) throw new PgStoreError(`Organisation ${tenantId} cannot be stored: it is empty.`);
  const { rows } = await client.query<{ version: string; seqs: string[] }>(plan.sql, plan.values);
  return plan.after(rows[0]?.version ?? '1', rows[0]?.seqs ?? []);
}

/** One row per key; the document as JSON text so any string, U+0000 included, comes back exactly. */
class PgKeyValueStore implements KeyValueStore {
  constructor(
    private readonly pool: Pool,
    private readonly track: <T>(work: Promise<T>) => Promise<T>,
  ) {}

  async read(keys: string[]): Promise<Map<string, VersionedDocument>> {
    const found = new Map<string, VersionedDocument>();
    if (keys.length === 0) return found;
    const { rows } = await this.track(this.pool.query<{ key: string; doc: string; etag: string }>({ name: 'pg-state-read', text: 'SELECT key, doc, etag FROM state WHERE key = ANY($1::text[])', values: [keys] }));
    for (const row of rows) found.set(row.key, { doc: JSON.parse(row.doc) as Record<string, unknown>, eTag: row.etag });
    return found;
  }

  /**
   * As the embedded store: an eTag of '*' or none overwrites; any other must match the stored
   * one, else ETagConflictError (a key not stored yet is written). Every write gets a new eTag.
   * All keys of one call are written or none. Concurrent writers with the same eTag: the row
   * lock of ON CONFLICT DO UPDATE makes the second re-check against the first's new eTag.
   */
  async write(changes: Map<string, { doc: Record<string, unknown>; eTag?: string }>): Promise<void> {
    if (changes.size === 0) return;
    const entries = [...changes];
    const values = [
      entries.map(([key]) => key),
      entries.map(([, change]) => JSON.stringify(change.doc)),
      entries.map(() => randomUUID()),
      entries.map(([, change]) => (change.eTag && change.eTag !== '*' ? change.eTag : null)),
    ];
    const sql = `WITH input AS (SELECT * FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) AS t(key, doc, etag, expected))
      INSERT INTO state (key, doc, etag) SELECT key, doc, etag FROM input
      ON CONFLICT (key) DO UPDATE SET doc = excluded.doc, etag = excluded.etag
        WHERE state.etag = coalesce((SELECT i.expected FROM input i WHERE i.key = excluded.key), state.etag)
      RETURNING key`;
    const run = async (db: Pool | PoolClient) => {
      const { rows } = await db.query<{ key: string }>({ name: 'pg-state-write', text: sql, values });
      const written = new Set(rows.map((r) => r.key));
      const conflict = entries.find(([key]) => !written.has(key));
      if (conflict) throw new ETagConflictError(conflict[0]);
    };
    if (entries.length === 1) {
      await this.track(run(this.pool));
      return;
    }
    await this.track(withClient(this.pool, (client) => inTransaction(client, () => run(client))));
  }

  async delete(keys: string[]): Promise<void> {
    if (keys.length === 0) return;
    await this.track(this.pool.query('DELETE FROM state WHERE key = ANY($1::text[])', [keys]));
  }

  async claimOnce(key: string): Promise<boolean> {
    const { rowCount } = await this.track(this.pool.query({ name: 'pg-claim', text: 'INSERT INTO claims (key) VALUES ($1) ON CONFLICT (key) DO NOTHING', values: [key] }));
    return rowCount === 1;
  }
}

export interface OpenPgOptions {
  /** postgresql://user:password@host:port/database (or ?host=/socket/dir). Ignored when `pool` is given. */
  connectionString: string;
  /** Organisations a new database starts with. */
  seed: () => OrganisationData[];
  /** A pool to use instead of one made from connectionString; its owner ends it (close() does not). */
  pool?: Pool;
  /** Errors of idle connections (the server restarted, the network dropped); the next query reports them again. */
  onIdleError?: (err: Error) => void;
}

/**
 * Opens the PostgreSQL store: migrates the schema (see migrations.ts) and, on the open that
 * creates it, stores `seed`'s organisations in the same transaction (created: true), like the
 * embedded store does for a missing data file; instances starting together seed once.
 * Throws PgStoreError for a database migrated by a newer bot.
 */
export async function openPgStores({ connectionString, seed, pool: given, onIdleError }: OpenPgOptions): Promise<Stores & { created: boolean }> {
  const pool = given ?? new Pool({ connectionString });
  // Without a listener, an idle connection's error would end the process.
  const onError = (err: Error) => onIdleError?.(err);
  pool.on('error', onError);
  const inFlight = new Set<Promise<unknown>>();
  const track = <T>(work: Promise<T>): Promise<T> => {
    inFlight.add(work);
    const done = () => inFlight.delete(work);
    work.then(done, done);
    return work;
  };
  const shutdown = async () => {
    pool.off('error', onError);
    if (!given) await pool.end();
  };
  let created = false;
  try {
    await withClient(pool, (client) =>
      migrate(client, async ({ from }) => {
        if (from !== 0) return;
        created = true;
        for (const org of seed()) await insertOrganisation(client, organisationDataSchema.parse(structuredClone(org)));
      }),
    );
  } catch (err) {
    await shutdown();
    throw err;
  }
  let closing: Promise<void> | undefined;
  return {
    benefits: new PgBenefitStore(pool, track),
    state: new PgKeyValueStore(pool, track),
    created,
    /** Waits for the operations under way, then ends the pool it made; calling it again waits for the same. */
    close: () =>
      (closing ??= (async () => {
        while (inFlight.size) await Promise.allSettled([...inFlight]);
        await shutdown();
      })()),
  };
}

/** What `npm run org -- migrate` brings into a database (see services/store/migrate.ts). */
export interface PgImport {
  organisations: readonly OrganisationData[];
  /** KeyValueStore documents, stored with the eTags they have. */
  state: readonly (readonly [string, VersionedDocument])[];
  /** claimOnce keys already claimed, with when (an ISO time; null: now). */
  claims: readonly { key: string; at: string | null }[];
}

/** The same, as the database holds it inside the importing transaction. */
export interface PgImported {
  organisations: OrganisationData[];
  state: Map<string, VersionedDocument>;
  claims: Set<string>;
}

/**
 * Stores organisations (every collection, documents exactly as given), state documents and
 * claims in one transaction, on a database openPgStores has migrated: all or nothing. Refuses
 * with PgStoreError, writing nothing, when any of the organisations or state keys is stored
 * already. Reads everything back inside the transaction and gives it to `verify` before the
 * commit: when `verify` throws, nothing is written either.
 */
export async function importIntoPg(pool: Pool, input: PgImport, verify: (stored: PgImported) => void | Promise<void>): Promise<void> {
  const tenantIds = input.organisations.map((o) => o.organisation.tenantId);
  const keys = input.state.map(([key]) => key);
  const claimKeys = input.claims.map((c) => c.key);
  await withClient(pool, (client) =>
    inTransaction(client, async () => {
      const orgs = await client.query<{ tenant_id: string }>('SELECT tenant_id FROM organisations WHERE tenant_id = ANY($1::text[]) ORDER BY tenant_id', [tenantIds]);
      if (orgs.rows.length > 0) {
        const list = orgs.rows.map((r) => r.tenant_id).join(', ');
        throw new PgStoreError(`The database already holds ${orgs.rows.length === 1 ? `organisation ${list}` : `${orgs.rows.length} of these organisations: ${list}`}; nothing was written.`);
      }
      const taken = await client.query<{ count: string }>('SELECT count(*)::text AS count FROM state WHERE key = ANY($1::text[])', [keys]);
      const takenCount = Number(taken.rows[0]?.count ?? '0');
      if (takenCount > 0) throw new PgStoreError(`The database already holds ${takenCount} of the ${keys.length} bot state documents being copied; nothing was written.`);
      for (const data of input.organisations) await insertOrganisation(client, organisationDataSchema.parse(structuredClone(data)));
      if (keys.length > 0) {
        await client.query('INSERT INTO state (key, doc, etag) SELECT * FROM unnest($1::text[], $2::text[], $3::text[])', [keys, input.state.map(([, item]) => JSON.stringify(item.doc)), input.state.map(([, item]) => item.eTag)]);
      }
      if (claimKeys.length > 0) {
        await client.query('INSERT INTO claims (key, claimed_at) SELECT key, coalesce(at, now()) FROM unnest($1::text[], $2::timestamptz[]) AS c(key, at) ON CONFLICT (key) DO NOTHING', [claimKeys, input.claims.map((c) => c.at)]);
      }
      const organisations: OrganisationData[] = [];
      for (const tenantId of tenantIds) {
        const snapshot = await loadSnapshot(client, tenantId);
        if (snapshot) organisations.push(snapshot.data);
      }
      const stateRows = await client.query<{ key: string; doc: string; etag: string }>('SELECT key, doc, etag FROM state WHERE key = ANY($1::text[])', [keys]);
      const claimRows = await client.query<{ key: string }>('SELECT key FROM claims WHERE key = ANY($1::text[])', [claimKeys]);
      await verify({
        organisations,
        state: new Map(stateRows.rows.map((r) => [r.key, { doc: JSON.parse(r.doc) as Record<string, unknown>, eTag: r.etag }])),
        claims: new Set(claimRows.rows.map((r) => r.key)),
      });
    }),
  );
}
