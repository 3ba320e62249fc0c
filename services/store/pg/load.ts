import type { Pool, PoolClient } from 'pg';
import type { Organisation, OrganisationData, TenantId } from '../../model';
import { DEFAULT_NOTIFICATION_SETTINGS } from '../../notifications/model';
import { describeIssues, organisationFieldsSchema, referenceIssues } from '../schema';
import { PgStoreError } from './migrations';

/**
 * Loading an organisation from the database: one statement gives everything it holds (or, given
 * the copy this instance has, only what it lacks), checked against the schema, with the stored
 * text of each element kept to tell later what a unit of work changed.
 */

export type RowKind = 'users' | 'benefits' | 'assignments' | 'requests' | 'asks';
export const ROW_KINDS: readonly RowKind[] = [
  'users',
  'benefits',
  'assignments',
  'requests',
  'asks',
];

/** What a row holds now, to tell what a unit of work changed without re-serialising the past. */
export interface StoredRow {
  position: number;
  text: string;
}

export interface StoredAuditEntry {
  seq: string;
  id: string;
  text: string;
}

/** One organisation as stored at `version`, parsed (data) and as its rows' text (for diffs). */
export interface Snapshot {
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
export const elementText = new WeakMap<object, { field: string; text: string }>();

export const isNewer = (a: string, b: string) => BigInt(a) > BigInt(b);

type StoredTexts = Pick<Snapshot, 'rows' | 'processedRequests' | 'outbox' | 'audit'>;

function noTexts(): StoredTexts {
  const empty = (): Map<string, StoredRow> => new Map();
  return {
    rows: {
      users: empty(),
      benefits: empty(),
      assignments: empty(),
      requests: empty(),
      asks: empty(),
    },
    processedRequests: empty(),
    outbox: empty(),
    audit: [],
  };
}

/** What an organisation being added is compared with: nothing stored yet. */
export function emptySnapshot(organisation: Organisation): Snapshot {
  return {
    tenantId: organisation.tenantId,
    version: '0',
    data: {
      organisation,
      users: [],
      benefits: [],
      assignments: [],
      audit: [],
      processedRequests: [],
      asks: [],
      outbox: [],
      notifications: DEFAULT_NOTIFICATION_SETTINGS,
      requests: [],
    },
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

export const lastPosition = (rows: Map<string, StoredRow>) =>
  [...rows.values()].reduce((max, row) => Math.max(max, row.position), -Infinity);

/**
 * The organisation as stored now (undefined if there is none), validated. Given the snapshot
 * this instance holds, reuses its audit entries and processed requests and checks only the new.
 */
export async function loadSnapshot(
  db: Pool | PoolClient,
  tenantId: TenantId,
  cached?: Snapshot,
): Promise<Snapshot | undefined> {
  const values = cached
    ? [
        tenantId,
        cached.version,
        cached.audit.at(-1)?.seq ?? '0',
        Number.isFinite(lastPosition(cached.processedRequests))
          ? lastPosition(cached.processedRequests)
          : -1,
      ]
    : [tenantId, null, null, null];
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
  const raw: Record<string, unknown[]> = {
    users: [],
    benefits: [],
    assignments: [],
    requests: [],
    asks: [],
    audit: [],
    processedRequests: [],
    outbox: [],
  };
  const rawTexts: Record<string, string[]> = {
    users: [],
    benefits: [],
    assignments: [],
    requests: [],
    asks: [],
    audit: [],
    processedRequests: [],
    outbox: [],
  };
  // Rows and outbox items in order: an element of the cached copy whose row is unchanged (reused as
  // it is, checked when it was first read or written), or the index of one read now in `raw`.
  const order: Record<string, (object | number)[]> = {
    users: [],
    benefits: [],
    assignments: [],
    requests: [],
    asks: [],
    outbox: [],
  };
  const cachedById = new Map<string, Map<string, object>>();
  const cachedElement = (field: RowKind | 'outbox', id: string): object | undefined => {
    if (!cached) return undefined;
    let byId = cachedById.get(field);
    if (!byId)
      cachedById.set(
        field,
        (byId = new Map(
          (cached.data[field] as readonly { id: string }[]).map((element) => [element.id, element]),
        )),
      );
    return byId.get(id);
  };
  let organisation: unknown;
  let notifications: unknown;
  const parse = (row: LoadRow): unknown => {
    try {
      return JSON.parse(row.doc);
    } catch (err) {
      throw new PgStoreError(
        `Organisation ${tenantId} in the database holds a ${row.src} ${row.kind ?? ''} row ${row.id ?? ''} that is not valid JSON (${(err as Error).message}); it was left untouched.`,
      );
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
        const reused =
          cached?.rows[kind].get(id)?.text === row.doc ? cachedElement(kind, id) : undefined;
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
        const reused =
          cached?.outbox.get(id)?.text === row.doc ? cachedElement('outbox', id) : undefined;
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
    throw new PgStoreError(
      `Organisation ${tenantId} in the database does not hold valid benefits data: ${describeIssues(checked.error)}. It was left untouched.`,
    );
  }
  if (checked.data.organisation.tenantId !== tenantId) {
    throw new PgStoreError(
      `The database row of organisation ${tenantId} holds tenant ${checked.data.organisation.tenantId}; it was left untouched.`,
    );
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
  const inOrder = (field: string) =>
    (order[field] ?? []).map((entry) =>
      typeof entry === 'number' ? (read[field]?.[entry] as object) : entry,
    );
  const data = {
    ...checked.data,
    users: inOrder('users'),
    benefits: inOrder('benefits'),
    assignments: inOrder('assignments'),
    requests: inOrder('requests'),
    asks: inOrder('asks'),
    outbox: inOrder('outbox'),
    audit:
      cached && !wholeAudit ? [...cached.data.audit, ...checked.data.audit] : checked.data.audit,
    processedRequests:
      cached && !wholeProcessed
        ? [...cached.data.processedRequests, ...checked.data.processedRequests]
        : checked.data.processedRequests,
  } as unknown as OrganisationData;
  const broken = referenceIssues(data);
  if (broken.length) {
    throw new PgStoreError(
      `Organisation ${tenantId} in the database does not hold valid benefits data: ${broken
        .slice(0, 3)
        .map((issue) => `${pathText(issue.path)}: ${issue.message}`)
        .join('; ')}. It was left untouched.`,
    );
  }
  return { tenantId, version: head.id ?? '', data, organisationText, notificationsText, ...texts };
}

export const pathText = (path: readonly PropertyKey[]) =>
  path.reduce<string>(
    (acc, part) =>
      typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part),
    '',
  );
