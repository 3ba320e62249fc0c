import type { PoolClient } from 'pg';
import type { ZodError } from 'zod';
import type { Organisation, OrganisationData } from '../../model';
import { deepFreeze } from '../draft';
import { describeIssues, organisationFieldsSchema, referenceIssues } from '../schema';
import {
  elementText,
  emptySnapshot,
  lastPosition,
  pathText,
  ROW_KINDS,
  type RowKind,
  type Snapshot,
  type StoredAuditEntry,
  type StoredRow,
} from './load';
import { PgStoreError } from './migrations';

/**
 * Writing a unit of work's change: what differs from the stored organisation, checked and planned
 * as one statement (only the elements added, replaced or moved are written).
 */

/** A draft that cannot be stored as it is. */
export class InvalidDraft extends Error {}

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
        left === undefined && right === undefined
          ? j
          : left === undefined
            ? (right as number) - (count - j)
            : right === undefined
              ? left + 1 + j
              : left + ((right - left) * (j + 1)) / (count + 1);
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
function diffCollection(
  name: string,
  before: Map<string, StoredRow>,
  items: readonly { id: string }[],
  unchanged: boolean,
): CollectionDiff {
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
    const row = {
      id: item.id,
      position: positions[i] as number,
      text: elementText.get(item)?.text ?? JSON.stringify(item),
    };
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

/** The schema's issues about the checked elements, with the places those elements have in the draft. */
function inDraft(error: ZodError, picked: Record<string, number[]>): ZodError {
  for (const issue of error.issues) {
    const [field, index] = issue.path;
    const indices = typeof field === 'string' ? picked[field] : undefined;
    if (indices && typeof index === 'number' && indices[index] !== undefined)
      issue.path[1] = indices[index];
  }
  return error;
}

export interface WritePlan {
  sql: string;
  values: unknown[];
  /** The snapshot after the write, given the new version and the audit seqs the database assigned. */
  after(version: string, auditSeqs: readonly string[]): Snapshot;
}

/**
 * Validates the draft and plans the single statement that stores what differs from `before`.
 * Undefined when nothing changed. Throws InvalidDraft for a draft that must not be stored.
 */
export function planWrite(before: Snapshot, draft: OrganisationData): WritePlan | undefined {
  // Only what is new or changed is checked and serialised: an element this instance read or wrote
  // as it is (elementText) was checked then, and a collection the work left alone is the stored one.
  const fields = draft as unknown as Record<string, unknown>;
  const stored = before.data as unknown as Record<string, unknown>;
  const picked: Record<string, number[]> = {};
  const partial: Record<string, unknown> = {
    organisation: fields.organisation,
    notifications: fields.notifications,
  };
  for (const field of COLLECTIONS) {
    const list = fields[field];
    picked[field] = [];
    if (list === stored[field]) partial[field] = [];
    else if (!Array.isArray(list)) partial[field] = list;
    else {
      const indices = list.flatMap((element: unknown, i) =>
        typeof element === 'object' && element !== null && elementText.get(element)?.field === field
          ? []
          : [i],
      );
      picked[field] = indices;
      partial[field] = indices.map((i) => list[i] as unknown);
    }
  }
  const checked = organisationFieldsSchema.safeParse(partial);
  if (!checked.success) throw new InvalidDraft(describeIssues(inDraft(checked.error, picked)));
  const valid = checked.data as unknown as Record<string, unknown>;
  const tenantId = (valid.organisation as Organisation).tenantId;
  if (tenantId !== before.tenantId)
    throw new InvalidDraft(
      `organisation.tenantId: cannot change from ${before.tenantId} to ${tenantId}`,
    );
  const assembled: Record<string, unknown> = {
    organisation: valid.organisation,
    notifications: valid.notifications,
  };
  for (const field of COLLECTIONS) {
    const list = fields[field];
    if (list === stored[field]) {
      assembled[field] = list;
      continue;
    }
    const checkedElements = valid[field] as object[];
    if (!Array.isArray(list)) {
      assembled[field] = checkedElements;
      checkedElements.forEach((element) =>
        elementText.set(deepFreeze(element), { field, text: JSON.stringify(element) }),
      );
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
  if (
    data.users !== before.data.users ||
    data.benefits !== before.data.benefits ||
    data.assignments !== before.data.assignments
  ) {
    const broken = referenceIssues(data);
    if (broken.length)
      throw new InvalidDraft(
        broken
          .slice(0, 3)
          .map((issue) => `${pathText(issue.path)}: ${issue.message}`)
          .join('; '),
      );
  }

  // The audit log only grows: stored entries keep their place and id (an entry may be corrected).
  if (data.audit.length < before.audit.length)
    throw new InvalidDraft(
      `audit: entries are never removed (${before.audit.length} stored, ${data.audit.length} in the change)`,
    );
  const auditUpdates: StoredAuditEntry[] = [];
  const auditInserts: { id: string; text: string }[] = [];
  if (data.audit !== before.data.audit) {
    data.audit.forEach((entry, index) => {
      const stored = before.audit[index];
      if (stored && entry === before.data.audit[index]) return;
      const text = elementText.get(entry)?.text ?? JSON.stringify(entry);
      if (!stored) auditInserts.push({ id: entry.id, text });
      else if (stored.id !== entry.id)
        throw new InvalidDraft(
          `audit[${index}]: entries are never removed or reordered (id ${stored.id} became ${entry.id})`,
        );
      else if (stored.text !== text) auditUpdates.push({ seq: stored.seq, id: entry.id, text });
    });
  }

  const unchanged = (field: string) => fields[field] === stored[field];
  const rows = Object.fromEntries(
    ROW_KINDS.map((kind) => [
      kind,
      diffCollection(kind, before.rows[kind], data[kind], unchanged(kind)),
    ]),
  ) as Record<RowKind, CollectionDiff>;
  const processed = diffCollection(
    'processedRequests',
    before.processedRequests,
    data.processedRequests,
    unchanged('processedRequests'),
  );
  const outbox = diffCollection('outbox', before.outbox, data.outbox, unchanged('outbox'));
  const organisationText = JSON.stringify(data.organisation);
  const notificationsText = JSON.stringify(data.notifications);
  const rowChanges = ROW_KINDS.reduce((n, kind) => n + changes(rows[kind]), 0);
  const nothing =
    rowChanges +
      changes(processed) +
      changes(outbox) +
      auditUpdates.length +
      auditInserts.length ===
      0 &&
    organisationText === before.organisationText &&
    notificationsText === before.notificationsText;
  if (nothing) return undefined;

  const p = new Params(before.tenantId);
  const ctes: string[] = [];
  const flat = <T>(pick: (kind: RowKind) => T[]) =>
    ROW_KINDS.flatMap((kind) => pick(kind).map((value) => ({ kind, value })));
  const rowDeletes = flat((kind) => rows[kind].deletes);
  const rowUpdates = flat((kind) => rows[kind].updates);
  const rowInserts = flat((kind) => rows[kind].inserts);
  if (rowDeletes.length) {
    ctes.push(`rows_del AS (DELETE FROM org_rows r USING unnest(${p.add(
      rowDeletes.map((r) => r.kind),
      'text[]',
    )}, ${p.add(
      rowDeletes.map((r) => r.value),
      'text[]',
    )}) AS d(kind, id)
      WHERE r.tenant_id = $1 AND r.kind = d.kind AND r.id = d.id)`);
  }
  if (rowUpdates.length) {
    ctes.push(`rows_upd AS (UPDATE org_rows r SET position = u.position, doc = u.doc
      FROM unnest(${p.add(
        rowUpdates.map((r) => r.kind),
        'text[]',
      )}, ${p.add(
        rowUpdates.map((r) => r.value.id),
        'text[]',
      )}, ${p.add(
        rowUpdates.map((r) => r.value.position),
        'float8[]',
      )}, ${p.add(
        rowUpdates.map((r) => r.value.text),
        'text[]',
      )}) AS u(kind, id, position, doc)
      WHERE r.tenant_id = $1 AND r.kind = u.kind AND r.id = u.id)`);
  }
  if (rowInserts.length) {
    ctes.push(`rows_ins AS (INSERT INTO org_rows (tenant_id, kind, id, position, doc)
      SELECT $1, * FROM unnest(${p.add(
        rowInserts.map((r) => r.kind),
        'text[]',
      )}, ${p.add(
        rowInserts.map((r) => r.value.id),
        'text[]',
      )}, ${p.add(
        rowInserts.map((r) => r.value.position),
        'float8[]',
      )}, ${p.add(
        rowInserts.map((r) => r.value.text),
        'text[]',
      )}))`);
  }
  if (processed.deletes.length) {
    ctes.push(
      `processed_del AS (DELETE FROM processed_requests WHERE tenant_id = $1 AND id = ANY(${p.add(processed.deletes, 'text[]')}))`,
    );
  }
  if (processed.updates.length) {
    ctes.push(`processed_upd AS (UPDATE processed_requests r SET position = u.position, doc = u.doc
      FROM unnest(${p.add(
        processed.updates.map((r) => r.id),
        'text[]',
      )}, ${p.add(
        processed.updates.map((r) => r.position),
        'float8[]',
      )}, ${p.add(
        processed.updates.map((r) => r.text),
        'text[]',
      )}) AS u(id, position, doc)
      WHERE r.tenant_id = $1 AND r.id = u.id)`);
  }
  if (processed.inserts.length) {
    // A plain INSERT: if another writer recorded the same request id, the unique key fails this change.
    ctes.push(`processed_ins AS (INSERT INTO processed_requests (tenant_id, id, position, doc)
      SELECT $1, * FROM unnest(${p.add(
        processed.inserts.map((r) => r.id),
        'text[]',
      )}, ${p.add(
        processed.inserts.map((r) => r.position),
        'float8[]',
      )}, ${p.add(
        processed.inserts.map((r) => r.text),
        'text[]',
      )}))`);
  }
  const outboxItems = new Map(data.outbox.map((item) => [item.id, item]));
  const outboxItem = (id: string) => outboxItems.get(id);
  const outboxColumns = (list: CollectionDiff['inserts']) =>
    [
      p.add(
        list.map((r) => r.id),
        'text[]',
      ),
      p.add(
        list.map((r) => r.position),
        'float8[]',
      ),
      p.add(
        list.map((r) => outboxItem(r.id)?.status),
        'text[]',
      ),
      p.add(
        list.map((r) => outboxItem(r.id)?.nextAttemptAt),
        'timestamptz[]',
      ),
      p.add(
        list.map((r) => r.text),
        'text[]',
      ),
    ].join(', ');
  if (outbox.deletes.length) {
    ctes.push(
      `outbox_del AS (DELETE FROM outbox WHERE tenant_id = $1 AND id = ANY(${p.add(outbox.deletes, 'text[]')}))`,
    );
  }
  if (outbox.updates.length) {
    ctes.push(`outbox_upd AS (UPDATE outbox r SET position = u.position, status = u.status, next_attempt_at = u.next_attempt_at, doc = u.doc
      FROM unnest(${outboxColumns(outbox.updates)}) AS u(id, position, status, next_attempt_at, doc)
      WHERE r.tenant_id = $1 AND r.id = u.id)`);
  }
  if (outbox.inserts.length) {
    ctes.push(
      `outbox_ins AS (INSERT INTO outbox (tenant_id, id, position, status, next_attempt_at, doc) SELECT $1, * FROM unnest(${outboxColumns(outbox.inserts)}))`,
    );
  }
  if (auditUpdates.length) {
    ctes.push(`audit_upd AS (UPDATE audit a SET id = u.id, doc = u.doc
      FROM unnest(${p.add(
        auditUpdates.map((a) => a.seq),
        'bigint[]',
      )}, ${p.add(
        auditUpdates.map((a) => a.id),
        'text[]',
      )}, ${p.add(
        auditUpdates.map((a) => a.text),
        'text[]',
      )}) AS u(seq, id, doc)
      WHERE a.tenant_id = $1 AND a.seq = u.seq)`);
  }
  if (auditInserts.length) {
    // Sorted by ordinality so the sequence numbers follow the entries' order.
    ctes.push(`audit_ins AS (INSERT INTO audit (tenant_id, id, doc)
      SELECT $1, u.id, u.doc FROM unnest(${p.add(
        auditInserts.map((a) => a.id),
        'text[]',
      )}, ${p.add(
        auditInserts.map((a) => a.text),
        'text[]',
      )}) WITH ORDINALITY AS u(id, doc, ord) ORDER BY u.ord
      RETURNING seq)`);
  }
  const setOrganisation =
    organisationText === before.organisationText
      ? ''
      : `, organisation = ${p.add(organisationText, 'text')}`;
  const setNotifications =
    notificationsText === before.notificationsText
      ? ''
      : `, notifications = ${p.add(notificationsText, 'text')}`;
  // Anything but appending at the end makes other instances reload these collections whole (see LOAD_SQL).
  const tail = lastPosition(before.processedRequests);
  const processedRewritten =
    processed.updates.length > 0 ||
    processed.deletes.length > 0 ||
    processed.inserts.some((r) => r.position <= tail);
  const setRewritten = `${auditUpdates.length ? ', audit_rewritten_in = version + 1' : ''}${processedRewritten ? ', processed_rewritten_in = version + 1' : ''}`;
  ctes.push(
    `org AS (UPDATE organisations SET version = version + 1${setOrganisation}${setNotifications}${setRewritten} WHERE tenant_id = $1 RETURNING version)`,
  );
  const seqs = auditInserts.length
    ? 'ARRAY(SELECT seq::text FROM audit_ins ORDER BY seq)'
    : 'ARRAY[]::text[]';
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
        rows: Object.fromEntries(ROW_KINDS.map((kind) => [kind, rows[kind].next])) as Record<
          RowKind,
          Map<string, StoredRow>
        >,
        processedRequests: processed.next,
        outbox: outbox.next,
        audit: [
          ...before.audit.map((stored) => updatedAudit.get(stored.seq) ?? stored),
          ...auditInserts.map((entry, k) => ({
            seq: auditSeqs[k] ?? '',
            id: entry.id,
            text: entry.text,
          })),
        ],
      };
    },
  };
}

/** Adds a validated organisation inside the caller's transaction; refuses an existing tenant. */
export async function insertOrganisation(
  client: PoolClient,
  data: OrganisationData,
): Promise<Snapshot> {
  const tenantId = data.organisation.tenantId;
  const inserted = await client.query(
    "INSERT INTO organisations (tenant_id, version, organisation, notifications) VALUES ($1, 0, '', '') ON CONFLICT (tenant_id) DO NOTHING",
    [tenantId],
  );
  if (inserted.rowCount !== 1) throw new PgStoreError(`Organisation ${tenantId} already exists.`);
  let plan: WritePlan | undefined;
  try {
    plan = planWrite(emptySnapshot(data.organisation), data);
  } catch (err) {
    throw new PgStoreError(
      `Organisation ${tenantId} cannot be stored: ${(err as Error).message}.`,
      { cause: err },
    );
  }
  if (!plan) throw new PgStoreError(`Organisation ${tenantId} cannot be stored: it is empty.`);
  const { rows } = await client.query<{ version: string; seqs: string[] }>(plan.sql, plan.values);
  return plan.after(rows[0]?.version ?? '1', rows[0]?.seqs ?? []);
}
