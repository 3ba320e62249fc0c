import { DEFAULT_NOTIFICATION_SETTINGS } from './notifications/model';
import { CsvError, parse as parseCsv } from 'csv-parse/sync';
import { stringify as stringifyCsv } from 'csv-stringify/sync';
import { z } from 'zod';
import { reservedHours } from './benefit-views';
import {
  ADMIN_ROLES,
  CATEGORY_ORDER,
  LANGUAGES,
  type AdminRole,
  type Benefit,
  type BenefitKind,
  type CategoryId,
  type DirectoryKind,
  type Download,
  type LanguageCode,
  type Link,
  type LocalizedText,
  type Organisation,
  type OrganisationData,
  type PartnerLevel,
  type TenantId,
  type User,
  type UserId,
} from './model';
import type { BenefitStore } from './ports';
import { KeyCipher, KeyCipherError } from './secrets/key-cipher';
import { describeIssues, organisationDataSchema } from './store/schema';
import { MAX_NAME_LENGTH } from './users.service';

/**
 * Bringing a real organisation in (issue 4): an organisation from options or JSON, its users
 * from CSV, its benefits (with keys) from CSV or JSON, and its assignments and audit log out as
 * CSV. Every import is checked whole before anything is written, and written in one unit of work.
 * Key values never appear in a problem, a plan or an export.
 */

// ---------------------------------------------------------------------------------------------
// Problems and outcomes

/** One thing wrong with the input: where (a CSV line, a JSON index, an option) and what. */
export interface Problem {
  where: string;
  message: string;
}

/** The input has problems; nothing was written. Every problem found is listed. */
export class ImportRejectedError extends Error {
  constructor(
    readonly source: string,
    readonly problems: Problem[],
  ) {
    super(`${source}: ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}; nothing was written.`);
    this.name = 'ImportRejectedError';
  }
}

/** A command that cannot be carried out as asked (an unknown tenant, one that exists); one sentence. */
export class OrgCommandError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'OrgCommandError';
  }
}

export interface PlannedChange {
  /** The user's aadObjectId or the benefit's id. */
  id: string;
  /** How a person recognises it: "Nancy Davolio <nancy@…>", "Windows 11 Enterprise". */
  label: string;
  /** What an update changes (field names); empty for an add or an unchanged row. */
  fields: string[];
  /** Keys the row carries (benefits with keys); counted, never shown. */
  keys?: number;
}

export interface ImportOutcome {
  subject: 'users' | 'benefits';
  organisationName: string;
  added: PlannedChange[];
  updated: PlannedChange[];
  unchanged: PlannedChange[];
  /** False for a dry run and when nothing would change: the data file was not touched. */
  written: boolean;
  dryRun: boolean;
}

/** The one-line count people read: "2 added, 1 updated, 9 unchanged". */
export function countLine(outcome: Pick<ImportOutcome, 'added' | 'updated' | 'unchanged'>): string {
  return `${outcome.added.length} added, ${outcome.updated.length} updated, ${outcome.unchanged.length} unchanged`;
}

const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** What the command prints: the plan (every add and update) and the result. Never a key. */
export function formatOutcome(outcome: ImportOutcome): string {
  const keyNote = (c: PlannedChange) => (c.keys === undefined ? '' : `, ${plural(c.keys, 'key')}`);
  const lines = [
    ...outcome.added.map((c) => `  add     ${c.label}${c.keys === undefined ? '' : ` (${plural(c.keys, 'key')})`}`),
    ...outcome.updated.map((c) => `  update  ${c.label} (${c.fields.join(', ')}${keyNote(c)})`),
  ];
  const keys = [...outcome.added, ...outcome.updated].reduce((n, c) => n + (c.keys ?? 0), 0);
  const keysLine = keys > 0 ? ` ${plural(keys, 'key')} ${outcome.dryRun ? 'would be' : keys === 1 ? 'was' : 'were'} stored encrypted.` : '';
  const head = outcome.dryRun
    ? `Dry run for ${outcome.organisationName} (nothing was written): ${countLine(outcome)} ${outcome.subject}.${keysLine}`
    : `${outcome.organisationName}: ${countLine(outcome)} ${outcome.subject}.${keysLine}`;
  return [head, ...lines].join('\n');
}

/** The report of a rejected import: every problem, one per line, in file order. */
export function formatProblems(error: ImportRejectedError): string {
  return [`${error.source} has ${plural(error.problems.length, 'problem')}; nothing was written:`, ...error.problems.map((p) => `  ${p.where}: ${p.message}`)].join('\n');
}

// ---------------------------------------------------------------------------------------------
// Reading input

/** Files must be UTF-8: Japanese Excel saves "CSV" as Shift_JIS, which would turn names into garbage. */
export function decodeUtf8(bytes: Uint8Array, source: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ImportRejectedError(source, [
      { where: 'file', message: 'is not UTF-8 text; save it as UTF-8 (in Excel: "CSV UTF-8 (Comma delimited)")' },
    ]);
  }
}

interface CsvRow {
  where: string;
  cells: Map<string, string>;
}

interface CsvTable {
  columns: Set<string>;
  rows: CsvRow[];
}

interface CsvRecord {
  record: string[];
  raw: string;
  info: { lines: number };
}

const CSV_ERRORS: Record<string, string> = {
  CSV_QUOTE_NOT_CLOSED: 'a quoted value is never closed (a " is missing)',
  CSV_INVALID_CLOSING_QUOTE: 'a quoted value is followed by something other than a comma; double a " inside quotes ("")',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE: 'a quoted value is followed by something other than a comma; double a " inside quotes ("")',
};

/**
 * A CSV file with a header line: column names are matched case-insensitively; line numbers are
 * where each row starts (the header is line 1). Rows that cannot be read become problems.
 */
function readCsv(text: string, spec: { required: readonly string[]; optional: readonly string[] }, problems: Problem[]): CsvTable {
  let records: CsvRecord[];
  try {
    records = parseCsv(text, { bom: true, relax_column_count: true, skip_empty_lines: true, trim: true, info: true, raw: true }) as unknown as CsvRecord[];
  } catch (err) {
    // The parser's own message may quote the text around the fault, and the text may hold keys.
    const code = err instanceof CsvError ? err.code : '';
    const lines: unknown = err instanceof CsvError ? err.lines : undefined;
    const line = typeof lines === 'number' ? lines : undefined;
    problems.push({ where: line ? `line ${line}` : 'file', message: `cannot be read as CSV: ${CSV_ERRORS[code] ?? code.toLowerCase().replace(/_/g, ' ')}` });
    return { columns: new Set(), rows: [] };
  }
  const known = [...spec.required, ...spec.optional];
  const header = records[0];
  if (!header) {
    problems.push({ where: 'line 1', message: `the file is empty; it needs a header line: ${spec.required.join(',')}` });
    return { columns: new Set(), rows: [] };
  }
  const names: string[] = [];
  let headerOk = true;
  for (const cell of header.record) {
    const name = known.find((k) => k.toLowerCase() === cell.trim().toLowerCase());
    if (!name) {
      problems.push({ where: 'line 1', message: `unknown column "${cell}"; the columns are ${known.join(', ')}` });
      headerOk = false;
    } else if (names.includes(name)) {
      problems.push({ where: 'line 1', message: `the column "${name}" appears twice` });
      headerOk = false;
    }
    names.push(name ?? '');
  }
  for (const name of spec.required) {
    if (!names.includes(name)) {
      problems.push({ where: 'line 1', message: `the column "${name}" is missing (the header needs ${spec.required.join(',')})` });
      headerOk = false;
    }
  }
  if (!headerOk) return { columns: new Set(names), rows: [] };

  const rows: CsvRow[] = [];
  for (const { record, raw, info } of records.slice(1)) {
    // info.lines is where the record ends; a quoted value may span lines, so count back to its start.
    const body = raw.replace(/^(?:[ \t]*\r?\n)+/, '').replace(/\r?\n$/, '');
    const where = `line ${info.lines - (body.match(/\n/g)?.length ?? 0)}`;
    if (record.every((cell) => cell === '')) continue; // a row of commas, as spreadsheets leave behind
    if (record.length !== names.length) {
      problems.push({ where, message: `has ${plural(record.length, 'value')} but the header has ${names.length} columns (quote a value that holds a comma)` });
      continue;
    }
    rows.push({ where, cells: new Map(names.map((name, i) => [name, record[i] ?? ''])) });
  }
  return { columns: new Set(names), rows };
}

const emailSchema = z.email();
const isEmail = (value: string) => emailSchema.safeParse(value).success;
const sameEmail = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
const listCell = (value: string) => [...new Set(value.split(';').map((s) => s.trim()).filter((s) => s !== ''))];
const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The parts of one organisation an import plans against. */
type Current = Pick<OrganisationData, 'organisation' | 'users' | 'benefits' | 'assignments' | 'requests'>;

async function readCurrent(store: BenefitStore, tenantId: TenantId): Promise<Current> {
  const organisation = await store.organisation(tenantId);
  if (!organisation) throw new OrgCommandError(`There is no organisation with tenant id ${tenantId} in this data file; create it first (npm run org -- create --help).`);
  const [users, benefits, assignments, requests] = await Promise.all([store.users(tenantId), store.benefits(tenantId), store.assignments(tenantId), store.requests(tenantId)]);
  return { organisation, users: [...users], benefits: [...benefits], assignments: [...assignments], requests: [...requests] };
}

/** Every write ends here: the whole organisation must still be valid, or nothing is written. */
function assertValid(draft: OrganisationData): void {
  const result = organisationDataSchema.safeParse(draft);
  if (!result.success) throw new Error(`The import would leave the organisation invalid (${describeIssues(result.error)}); nothing was written.`);
}

// ---------------------------------------------------------------------------------------------
// Organisations

const LEVELS: readonly PartnerLevel[] = ['ActionPack', 'Silver', 'Gold'];
const MANAGED_IN = ['partnerCenter', 'pmc'] as const;

/** What `create` takes, as text: from the command line or from organisation.json. */
export interface OrganisationFields {
  tenantId: string;
  name: string;
  partnerCenterEmail: string;
  partnerId: string;
  level: string;
  competencies: string[];
  managedIn: string;
  packageName: string;
  purchased: string;
  expires: string;
}

const oneOf = <T extends string>(values: readonly T[], given: string): T | undefined => values.find((v) => v.toLowerCase() === given.trim().toLowerCase().replace(/\s+/g, ''));

/** A day (YYYY-MM-DD, taken as midnight UTC) or a full ISO 8601 time, as the store keeps it. */
function isoTime(value: string): string | undefined {
  const text = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const day = new Date(`${text}T00:00:00.000Z`);
    return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text ? day.toISOString() : undefined;
  }
  return z.iso.datetime({ offset: true }).safeParse(text).success ? new Date(text).toISOString() : undefined;
}

/**
 * Checks every field of a new organisation and returns it with no users or benefits yet, or
 * throws ImportRejectedError naming each field that is wrong (`names` says how to call them).
 */
export function newOrganisation(fields: OrganisationFields, names: Record<keyof OrganisationFields, string>, source: string): OrganisationData {
  const problems: Problem[] = [];
  const bad = (field: keyof OrganisationFields, message: string) => problems.push({ where: names[field], message });
  const tenantId = fields.tenantId.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(tenantId)) bad('tenantId', 'must be the Microsoft Entra tenant id (a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47)');
  const name = fields.name.trim();
  if (!name) bad('name', 'is empty');
  const partnerCenterEmail = fields.partnerCenterEmail.trim();
  if (!isEmail(partnerCenterEmail)) bad('partnerCenterEmail', `"${partnerCenterEmail}" is not an email address`);
  const partnerId = fields.partnerId.trim();
  if (!/^\S+$/.test(partnerId)) bad('partnerId', 'must be the partner id (MPN ID), such as 4412345');
  const level = oneOf(LEVELS, fields.level);
  if (!level) bad('level', `"${fields.level}" is not one of ${LEVELS.join(', ')}`);
  const managedIn = oneOf(MANAGED_IN, fields.managedIn);
  if (!managedIn) bad('managedIn', `"${fields.managedIn}" is not one of ${MANAGED_IN.join(', ')}`);
  const competencies = [...new Set(fields.competencies.map((c) => c.trim()).filter((c) => c !== ''))];
  const packageName = fields.packageName.trim();
  if (!packageName) bad('packageName', 'is empty');
  const purchasedAt = isoTime(fields.purchased);
  if (!purchasedAt) bad('purchased', `"${fields.purchased}" is not a date such as 2026-04-01`);
  const expiresAt = isoTime(fields.expires);
  if (!expiresAt) bad('expires', `"${fields.expires}" is not a date such as 2027-03-31`);
  if (purchasedAt && expiresAt && expiresAt <= purchasedAt) bad('expires', 'must be after the purchase date');
  if (problems.length > 0 || !level || !managedIn || !purchasedAt || !expiresAt) throw new ImportRejectedError(source, problems);
  const organisation: Organisation = {
    tenantId,
    name,
    partnerCenterEmail,
    partnerId,
    level,
    competencies,
    managedIn,
    package: { name: packageName, purchasedAt, expiresAt },
    marketingContact: null,
  };
  return { organisation, users: [], benefits: [], assignments: [], audit: [], processedRequests: [], requests: [], asks: [], outbox: [], notifications: { ...DEFAULT_NOTIFICATION_SETTINGS } };
}

/** How `create`'s options name the fields in a report. */
export const ORGANISATION_OPTION_NAMES: Record<keyof OrganisationFields, string> = {
  tenantId: '--tenant',
  name: '--name',
  partnerCenterEmail: '--partner-center-email',
  partnerId: '--partner-id',
  level: '--level',
  competencies: '--competencies',
  managedIn: '--managed-in',
  packageName: '--package',
  purchased: '--purchased',
  expires: '--expires',
};

const JSON_NAMES: Record<keyof OrganisationFields, string> = {
  tenantId: 'tenantId',
  name: 'name',
  partnerCenterEmail: 'partnerCenterEmail',
  partnerId: 'partnerId',
  level: 'level',
  competencies: 'competencies',
  managedIn: 'managedIn',
  packageName: 'package.name',
  purchased: 'package.purchasedAt',
  expires: 'package.expiresAt',
};

const organisationJson = z.strictObject({
  tenantId: z.string(),
  name: z.string(),
  partnerCenterEmail: z.string(),
  partnerId: z.union([z.string(), z.number().int().nonnegative().transform(String)]),
  level: z.string(),
  competencies: z.array(z.string()).default([]),
  managedIn: z.string(),
  package: z.strictObject({ name: z.string(), purchasedAt: z.string(), expiresAt: z.string() }),
});

/** An organisation as JSON, in the stored shape (dates may be plain days); see examples/org/organisation.json. */
export function organisationFromJson(text: string, source: string): OrganisationData {
  const parsed = organisationJson.safeParse(parseJson(text, source));
  if (!parsed.success) throw new ImportRejectedError(source, zodProblems(parsed.error, () => ''));
  const o = parsed.data;
  return newOrganisation(
    { tenantId: o.tenantId, name: o.name, partnerCenterEmail: o.partnerCenterEmail, partnerId: o.partnerId, level: o.level, competencies: o.competencies, managedIn: o.managedIn, packageName: o.package.name, purchased: o.package.purchasedAt, expires: o.package.expiresAt },
    JSON_NAMES,
    source,
  );
}

/** Adds the organisation; refuses a tenant the data file already holds. */
export async function createOrganisation(store: BenefitStore, data: OrganisationData): Promise<void> {
  const tenantId = data.organisation.tenantId;
  if (await store.organisation(tenantId)) {
    throw new OrgCommandError(`An organisation with tenant id ${tenantId} already exists in this data file; nothing was changed (change its users and benefits with import-users and import-benefits).`);
  }
  await store.createOrganisation(data);
}

/** JSON text, or a problem that says where it breaks without quoting it (it may hold keys). */
function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    const offset = jsonErrorOffset(text, (err as Error).message);
    const where = offset === undefined ? 'file' : `line ${text.slice(0, offset).split('\n').length}`;
    throw new ImportRejectedError(source, [{ where, message: 'is not valid JSON' }]);
  }
}

/** Where JSON.parse stopped: V8 gives a position, or quotes ten characters either side of it. */
function jsonErrorOffset(text: string, message: string): number | undefined {
  const position = /at position (\d+)/.exec(message);
  if (position?.[1] !== undefined) return Number(position[1]);
  const quoted = /^Unexpected token '[\s\S]', (\.\.\.)?"([\s\S]*)"(?:\.\.\.)? is not valid JSON$/.exec(message);
  const snippet = quoted?.[2];
  if (snippet === undefined) return message.includes('end of JSON input') ? text.length : undefined;
  const at = text.indexOf(snippet);
  return at < 0 ? undefined : at + (quoted?.[1] ? 10 : 0);
}

/** Zod's issues as problems, each under its array index (`[3]`) when the input is an array. */
function zodProblems(error: z.ZodError, label: (index: number) => string, offset: (number | string)[] = []): Problem[] {
  return error.issues.map((issue) => {
    const path = [...offset, ...issue.path];
    const [head, ...rest] = path;
    const field = (typeof head === 'number' ? rest : path).reduce<string>((acc, part) => (typeof part === 'number' ? `${acc}[${part}]` : acc ? `${acc}.${String(part)}` : String(part)), '');
    const message = issue.message.replace(/^Invalid input: expected \w+, received undefined$/, 'is missing');
    if (typeof head === 'number') return { where: `[${head}]${label(head)}`, message: field ? `${field}: ${message}` : message };
    return { where: field || 'file', message };
  });
}

// ---------------------------------------------------------------------------------------------
// Users

export const USER_COLUMNS = { required: ['name', 'email', 'aadObjectId', 'role'], optional: ['aliases'] } as const;

const ROLE_NAMES: Record<string, AdminRole | 'employee'> = {
  globaladmin: 'globalAdmin',
  useradmin: 'userAdmin',
  adminagent: 'adminAgent',
  mpnpartneradmin: 'mpnPartnerAdmin',
  employee: 'employee',
};
const ROLE_LIST = 'Global admin, User admin, Admin agent, MPN partner admin, employee';

/** One good row of users.csv. `aliases` is undefined when the file has no aliases column (kept as stored). */
export interface UserRow {
  where: string;
  name: string;
  email: string;
  aadObjectId: string;
  roles: AdminRole[];
  aliases: string[] | undefined;
}

function parseRoles(cell: string): { roles: AdminRole[] } | { error: string } {
  const names = listCell(cell);
  if (names.length === 0) return { error: `role is empty; write employee or one of ${ROLE_LIST} (several separated by ";")` };
  const roles = new Set<AdminRole>();
  let employee = false;
  for (const name of names) {
    const role = ROLE_NAMES[name.toLowerCase().replace(/[\s_-]+/g, '')];
    if (!role) return { error: `role "${name}" is not one of ${ROLE_LIST}` };
    if (role === 'employee') employee = true;
    else roles.add(role);
  }
  if (employee && roles.size > 0) return { error: 'role says employee and an admin role; an employee is someone with no admin role' };
  return { roles: ADMIN_ROLES.filter((r) => roles.has(r)) };
}

/** Reads users.csv: each row's own values are checked here; clashes with others in planUsers. */
export function parseUsersCsv(text: string): { rows: UserRow[]; problems: Problem[] } {
  const problems: Problem[] = [];
  const table = readCsv(text, USER_COLUMNS, problems);
  const rows: UserRow[] = [];
  for (const { where, cells } of table.rows) {
    const rowProblems: string[] = [];
    const name = cells.get('name') ?? '';
    if (!name) rowProblems.push('name is empty');
    else if ([...name].length > MAX_NAME_LENGTH) rowProblems.push(`name is longer than ${MAX_NAME_LENGTH} characters`);
    const email = cells.get('email') ?? '';
    if (!email) rowProblems.push('email is empty');
    else if (!isEmail(email)) rowProblems.push(`email "${email}" is not an email address`);
    const aadObjectId = cells.get('aadObjectId') ?? '';
    if (!aadObjectId) rowProblems.push("aadObjectId is empty; it is the person's Microsoft Entra object id");
    else if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(aadObjectId)) rowProblems.push(`aadObjectId "${aadObjectId}" is not an object id (letters, digits and "-")`);
    const roles = parseRoles(cells.get('role') ?? '');
    if ('error' in roles) rowProblems.push(roles.error);
    const aliases = table.columns.has('aliases') ? listCell(cells.get('aliases') ?? '') : undefined;
    for (const message of rowProblems) problems.push({ where, message });
    if (rowProblems.length === 0 && 'roles' in roles) rows.push({ where, name, email, aadObjectId, roles: roles.roles, aliases });
  }
  return { rows, problems };
}

interface UserChange {
  change: PlannedChange;
  /** The stored user this row changes (undefined: a new user). */
  replaces: UserId | undefined;
  user: User;
}

const userLabel = (u: { displayName: string; email: string }) => `${u.displayName} <${u.email}>`;

/**
 * Matches each row to a stored user, by aadObjectId and then by email, and works out what would
 * change. A user added in chat (id "local-…", no Entra id yet) takes the aadObjectId of the row
 * that names their email. Users not in the file are left as they are.
 */
export function planUsers(current: Pick<Current, 'users'>, rows: UserRow[], problems: Problem[]): UserChange[] {
  const byId = new Map(current.users.map((u) => [u.id, u]));
  const seenIds = new Map<string, string>();
  const seenEmails = new Map<string, string>();
  const matched: { row: UserRow; existing: User | undefined }[] = [];
  for (const row of rows) {
    const rowProblems: string[] = [];
    const earlierId = seenIds.get(row.aadObjectId);
    if (earlierId) rowProblems.push(`aadObjectId ${row.aadObjectId} is already on ${earlierId}`);
    else seenIds.set(row.aadObjectId, row.where);
    const earlierEmail = seenEmails.get(row.email.toLowerCase());
    if (earlierEmail) rowProblems.push(`email ${row.email} is already on ${earlierEmail}`);
    else seenEmails.set(row.email.toLowerCase(), row.where);
    let existing = byId.get(row.aadObjectId);
    if (!existing) {
      const sameAddress = current.users.find((u) => sameEmail(u.email, row.email));
      if (sameAddress && !sameAddress.id.startsWith('local-')) {
        rowProblems.push(`email ${row.email} belongs to ${sameAddress.displayName}, whose aadObjectId is ${sameAddress.id}, not ${row.aadObjectId}`);
      } else {
        existing = sameAddress;
      }
    }
    for (const message of rowProblems) problems.push({ where: row.where, message });
    if (rowProblems.length === 0) matched.push({ row, existing });
  }

  // An address may move between people in one file, so clashes are checked against the result.
  const targeted = new Set(matched.flatMap((m) => (m.existing ? [m.existing.id] : [])));
  const untouchedOwner = new Map(current.users.filter((u) => !targeted.has(u.id)).map((u) => [u.email.toLowerCase(), u]));
  const changes: UserChange[] = [];
  for (const { row, existing } of matched) {
    const owner = untouchedOwner.get(row.email.toLowerCase());
    if (owner) {
      problems.push({ where: row.where, message: `email ${row.email} belongs to ${owner.displayName} (aadObjectId ${owner.id})` });
      continue;
    }
    const user: User = { id: row.aadObjectId, displayName: row.name, aliases: row.aliases ?? existing?.aliases ?? [], email: row.email, roles: row.roles };
    const fields = existing ? userFieldsChanged(existing, user) : [];
    changes.push({ change: { id: user.id, label: userLabel(user), fields }, replaces: existing?.id, user });
  }
  return changes;
}

function userFieldsChanged(before: User, after: User): string[] {
  const fields: string[] = [];
  if (before.id !== after.id) fields.push('aadObjectId');
  if (before.displayName !== after.displayName) fields.push('name');
  if (before.email !== after.email) fields.push('email');
  if (!sameJson(ADMIN_ROLES.filter((r) => before.roles.includes(r)), after.roles)) fields.push('roles');
  if (!sameJson(before.aliases, after.aliases)) fields.push('aliases');
  return fields;
}

/** A user's id changes (a chat-added user gets their Entra id): every reference follows. */
function renameUser(data: OrganisationData, from: UserId, to: UserId): void {
  const swap = (id: UserId) => (id === from ? to : id);
  for (const a of data.assignments) {
    a.userId = swap(a.userId);
    a.assignedBy = swap(a.assignedBy);
  }
  const contact = data.organisation.marketingContact;
  if (contact) contact.userId = swap(contact.userId);
  for (const e of data.audit) {
    e.actorId = swap(e.actorId);
    if (e.subjectUserId) e.subjectUserId = swap(e.subjectUserId);
  }
  for (const p of data.processedRequests) p.actorId = swap(p.actorId);
  for (const r of data.requests) {
    r.createdBy = swap(r.createdBy);
    if (r.contact) r.contact.userId = swap(r.contact.userId);
  }
}

export interface ImportOptions {
  dryRun?: boolean;
}

function outcomeOf<T extends { change: PlannedChange; replaces: string | undefined }>(subject: ImportOutcome['subject'], organisationName: string, changes: T[], dryRun: boolean) {
  const added = changes.filter((c) => c.replaces === undefined);
  const updated = changes.filter((c) => c.replaces !== undefined && c.change.fields.length > 0);
  const unchanged = changes.filter((c) => c.replaces !== undefined && c.change.fields.length === 0);
  return {
    toWrite: [...added, ...updated],
    outcome: { subject, organisationName, added: added.map((c) => c.change), updated: updated.map((c) => c.change), unchanged: unchanged.map((c) => c.change), written: false, dryRun },
  };
}

/** Adds and updates the users of users.csv, all or nothing (see planUsers). */
export async function importUsers(store: BenefitStore, tenantId: TenantId, csv: string, source: string, options: ImportOptions = {}): Promise<ImportOutcome> {
  const current = await readCurrent(store, tenantId);
  const { rows, problems } = parseUsersCsv(csv);
  const changes = planUsers(current, rows, problems);
  if (problems.length > 0) throw new ImportRejectedError(source, sortProblems(problems));
  const { toWrite, outcome } = outcomeOf('users', current.organisation.name, changes, options.dryRun ?? false);
  if (options.dryRun || toWrite.length === 0) return outcome;
  await store.unitOfWork(tenantId, (draft) => {
    for (const { replaces, user } of toWrite) {
      const at = replaces === undefined ? -1 : draft.users.findIndex((u) => u.id === replaces);
      if (at < 0) draft.users.push(user);
      else draft.users[at] = user;
      if (replaces !== undefined && replaces !== user.id) renameUser(draft, replaces, user.id);
    }
    assertValid(draft);
  });
  return { ...outcome, written: true };
}

/** Problems in file order: CSV lines and JSON indexes sort as numbers, the header first. */
function sortProblems(problems: Problem[]): Problem[] {
  const rank = (where: string) => Number(/\d+/.exec(where)?.[0] ?? -1);
  return problems.map((p, i) => ({ p, i })).sort((a, b) => rank(a.p.where) - rank(b.p.where) || a.i - b.i).map(({ p }) => p);
}

// ---------------------------------------------------------------------------------------------
// Benefits

const KINDS: readonly BenefitKind[] = ['softwareKeys', 'usageSubscription', 'licenseKeys', 'seats', 'supportIncidents', 'hours', 'offer'];

/** R2: where each kind of benefit belongs. */
export const CATEGORY_OF_KIND: Record<BenefitKind, CategoryId> = {
  softwareKeys: 'software',
  usageSubscription: 'cloud',
  licenseKeys: 'cloud',
  seats: 'visualStudio',
  supportIncidents: 'technical',
  hours: 'technical',
  offer: 'goToMarket',
};

const hasKeys = (kind: BenefitKind): kind is 'softwareKeys' | 'licenseKeys' => kind === 'softwareKeys' || kind === 'licenseKeys';
const BENEFIT_ID = /^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$/;

/** What the bot, not the file, keeps up to date once a benefit exists. */
interface BenefitState {
  keysRevealedAt?: string | null;
  incidentsUsed?: number;
  hoursUsed?: number;
  status?: 'notActivated' | 'pending' | 'active';
  activatedAt?: string | null;
  expiresAt?: string | null;
}

/**
 * One benefit as a file describes it. Undefined means "not in this file": a stored benefit keeps
 * its value, a new one gets the default. Keys are in clear text here and only here.
 */
export interface BenefitInput {
  where: string;
  id: string;
  kind: BenefitKind;
  category: CategoryId;
  name: LocalizedText;
  quantity: number;
  instructions: LocalizedText;
  aliases: string[];
  links: Link[];
  software?: { languages: LanguageCode[]; osTypes: { id: string; label: LocalizedText }[]; downloads: Download[] };
  requiresLevel?: PartnerLevel | null;
  keys?: string[];
  state?: BenefitState;
}

export const BENEFIT_COLUMNS = {
  required: ['id', 'category', 'kind', 'name_en', 'name_ja', 'quantity', 'instructions_en', 'instructions_ja', 'aliases', 'keys', 'link_title_en', 'link_title_ja', 'link_url'],
  optional: ['requires_level'],
} as const;

const httpUrl = z.url({ protocol: /^https?$/, error: 'is not an http(s) URL' });

/** Reads benefits.csv: one benefit per row; see the help of import-benefits for the columns. */
export function parseBenefitsCsv(text: string): { inputs: BenefitInput[]; problems: Problem[]; secrets: string[] } {
  const problems: Problem[] = [];
  const table = readCsv(text, BENEFIT_COLUMNS, problems);
  const inputs: BenefitInput[] = [];
  const secrets: string[] = [];
  for (const { where, cells } of table.rows) {
    const cell = (name: string) => cells.get(name) ?? '';
    const rowProblems: string[] = [];
    const kind = oneOf(KINDS, cell('kind'));
    if (!kind) rowProblems.push(cell('kind') ? `kind "${cell('kind')}" is not one of ${KINDS.join(', ')}` : `kind is empty; write one of ${KINDS.join(', ')}`);
    let category: CategoryId | undefined;
    if (cell('category')) {
      category = oneOf(CATEGORY_ORDER, cell('category'));
      if (!category) rowProblems.push(`category "${cell('category')}" is not one of ${CATEGORY_ORDER.join(', ')}`);
    } else if (kind) {
      category = CATEGORY_OF_KIND[kind];
    }
    const quantityText = cell('quantity');
    if (!/^\d+$/.test(quantityText)) rowProblems.push(quantityText ? `quantity "${quantityText}" is not a whole number` : 'quantity is empty');
    const name = { en: cell('name_en'), ja: cell('name_ja') };
    if (!name.en) rowProblems.push('name_en is empty');
    if (!name.ja) rowProblems.push('name_ja is empty');
    const links: Link[] = [];
    const link = [cell('link_title_en'), cell('link_title_ja'), cell('link_url')];
    if (link.some((v) => v !== '')) {
      const [en = '', ja = '', url = ''] = link;
      if (link.some((v) => v === '')) rowProblems.push('a link needs all of link_title_en, link_title_ja and link_url (or none)');
      else if (!httpUrl.safeParse(url).success) rowProblems.push(`link_url "${url}" is not an http(s) URL`);
      else links.push({ title: { en, ja }, url });
    }
    const keys = cell('keys').split(';').map((k) => k.trim()).filter((k) => k !== '');
    secrets.push(...keys);
    if (kind && !hasKeys(kind) && keys.length > 0) rowProblems.push(`a ${kind} benefit has no keys; leave keys empty`);
    let requiresLevel: PartnerLevel | null | undefined;
    if (table.columns.has('requires_level')) {
      const given = cell('requires_level');
      requiresLevel = given ? oneOf(LEVELS, given) : null;
      if (given && !requiresLevel) rowProblems.push(`requires_level "${given}" is not one of ${LEVELS.join(', ')}`);
      if (given && kind && kind !== 'offer') rowProblems.push('requires_level is for offers only; leave it empty');
    }
    for (const message of rowProblems) problems.push({ where, message });
    if (rowProblems.length > 0 || !kind || !category) continue;
    inputs.push({
      where,
      id: cell('id'),
      kind,
      category,
      name,
      quantity: Number(quantityText),
      instructions: { en: cell('instructions_en'), ja: cell('instructions_ja') },
      aliases: listCell(cell('aliases')),
      links,
      // An empty keys cell keeps the stored keys: a CSV without keys never wipes them.
      ...(hasKeys(kind) && keys.length > 0 ? { keys } : {}),
      ...(kind === 'offer' && requiresLevel !== undefined ? { requiresLevel } : {}),
    });
  }
  return { inputs, problems, secrets };
}

const localizedText = z.strictObject({ en: z.string(), ja: z.string() });
const nameText = z.strictObject({ en: z.string().trim().min(1, 'is empty'), ja: z.string().trim().min(1, 'is empty') });
const iso = z.iso.datetime({ offset: true });
const jsonBase = {
  id: z.string(),
  category: z.enum(CATEGORY_ORDER).optional(),
  name: nameText,
  aliases: z.array(z.string()).default([]),
  quantity: z.number().int('is not a whole number').nonnegative('is negative'),
  instructions: localizedText.default({ en: '', ja: '' }),
  links: z.array(z.strictObject({ title: nameText, url: httpUrl })).default([]),
};
const clearKeys = z.array(z.string()).optional();
const JSON_SCHEMAS = {
  softwareKeys: z.strictObject({
    ...jsonBase,
    kind: z.literal('softwareKeys'),
    languages: z.array(z.enum(LANGUAGES)).min(1),
    osTypes: z.array(z.strictObject({ id: z.string().min(1), label: nameText })).min(1),
    downloads: z.array(z.strictObject({ language: z.enum(LANGUAGES), os: z.string(), url: httpUrl })),
    keys: clearKeys,
    keysRevealedAt: iso.nullable().optional(),
  }),
  usageSubscription: z.strictObject({ ...jsonBase, kind: z.literal('usageSubscription') }),
  licenseKeys: z.strictObject({ ...jsonBase, kind: z.literal('licenseKeys'), keys: clearKeys, keysRevealedAt: iso.nullable().optional() }),
  seats: z.strictObject({ ...jsonBase, kind: z.literal('seats') }),
  supportIncidents: z.strictObject({ ...jsonBase, kind: z.literal('supportIncidents'), incidentsUsed: z.number().int().nonnegative().optional() }),
  hours: z.strictObject({ ...jsonBase, kind: z.literal('hours'), hoursUsed: z.number().nonnegative().optional() }),
  offer: z.strictObject({
    ...jsonBase,
    kind: z.literal('offer'),
    requiresLevel: z.enum(['ActionPack', 'Silver', 'Gold']).nullable().optional(),
    status: z.enum(['notActivated', 'pending', 'active']).optional(),
    activatedAt: iso.nullable().optional(),
    expiresAt: iso.nullable().optional(),
  }),
} satisfies Record<BenefitKind, z.ZodType>;

/** Reads benefits.json: an array of benefits in the stored shape, keys in clear text. */
export function parseBenefitsJson(text: string, source: string): { inputs: BenefitInput[]; problems: Problem[]; secrets: string[] } {
  const parsed = parseJson(text, source);
  if (!Array.isArray(parsed)) throw new ImportRejectedError(source, [{ where: 'file', message: 'must be a JSON array of benefits (see examples/org/benefits.json)' }]);
  const problems: Problem[] = [];
  const inputs: BenefitInput[] = [];
  const secrets = parsed.flatMap((item: unknown) =>
    item && typeof item === 'object' && 'keys' in item && Array.isArray(item.keys) ? item.keys.filter((k): k is string => typeof k === 'string' && k.trim() !== '').map((k) => k.trim()) : [],
  );
  parsed.forEach((item: unknown, index) => {
    const idOf = item && typeof item === 'object' && 'id' in item && typeof item.id === 'string' ? ` (${item.id})` : '';
    const where = `[${index}]${idOf}`;
    const kindGiven = item && typeof item === 'object' && 'kind' in item ? item.kind : undefined;
    const kind = KINDS.find((k) => k === kindGiven);
    if (!kind) {
      problems.push({ where, message: kindGiven === undefined ? `kind is missing; it is one of ${KINDS.join(', ')}` : `kind ${JSON.stringify(kindGiven)} is not one of ${KINDS.join(', ')}` });
      return;
    }
    const result = JSON_SCHEMAS[kind].safeParse(item);
    if (!result.success) {
      problems.push(...zodProblems(result.error, () => idOf, [index]));
      return;
    }
    const b = result.data;
    const input: BenefitInput = {
      where,
      id: b.id,
      kind,
      category: b.category ?? CATEGORY_OF_KIND[kind],
      name: { en: b.name.en.trim(), ja: b.name.ja.trim() },
      quantity: b.quantity,
      instructions: b.instructions,
      aliases: [...new Set(b.aliases.map((a) => a.trim()).filter((a) => a !== ''))],
      links: b.links,
    };
    if (b.kind === 'softwareKeys') input.software = { languages: b.languages, osTypes: b.osTypes, downloads: b.downloads };
    if (b.kind === 'softwareKeys' || b.kind === 'licenseKeys') {
      if (b.keys !== undefined) input.keys = b.keys;
      input.state = { keysRevealedAt: b.keysRevealedAt ?? null };
    }
    if (b.kind === 'supportIncidents') input.state = { incidentsUsed: b.incidentsUsed ?? 0 };
    if (b.kind === 'hours') input.state = { hoursUsed: b.hoursUsed ?? 0 };
    if (b.kind === 'offer') {
      if (b.requiresLevel !== undefined) input.requiresLevel = b.requiresLevel;
      input.state = { status: b.status ?? 'notActivated', activatedAt: b.activatedAt ?? null, expiresAt: b.expiresAt ?? null };
    }
    inputs.push(input);
  });
  return { inputs, problems, secrets };
}

/** Product keys look like XXXXX-XXXXX-XXXXX-XXXXX-XXXXX. */
const KEY_SHAPE = /\b[A-Z0-9]{5}(?:-[A-Z0-9]{5}){4}\b/gi;

/**
 * Problems quote the values they are about; a key typed in the wrong column would be quoted
 * too. Every key the file holds, and anything shaped like a product key, is masked.
 */
function redactKeys(problems: Problem[], secrets: string[]): Problem[] {
  const longestFirst = [...new Set(secrets)].sort((a, b) => b.length - a.length);
  return problems.map((p) => ({ where: p.where, message: longestFirst.reduce((m, key) => m.split(key).join('[a key]'), p.message).replace(KEY_SHAPE, '[a key]') }));
}

/** How much of a stored benefit is in use: its quantity may not drop below it. */
function inUse(benefit: Benefit, current: Pick<Current, 'assignments' | 'requests'>): { amount: number; what: string } {
  const held = current.assignments.filter((a) => a.benefitId === benefit.id).length;
  switch (benefit.kind) {
    case 'seats':
    case 'usageSubscription':
      return { amount: held, what: plural(held, 'assignment') };
    case 'supportIncidents':
      return { amount: benefit.incidentsUsed, what: `${plural(benefit.incidentsUsed, 'incident')} used` };
    case 'hours': {
      const used = benefit.hoursUsed + reservedHours(current.requests, benefit.id);
      return { amount: used, what: `${plural(used, 'hour')} used or reserved by requests` };
    }
    case 'offer':
      return benefit.status === 'notActivated' ? { amount: 0, what: '' } : { amount: 1, what: `an offer that is ${benefit.status}` };
    default:
      return { amount: 0, what: '' };
  }
}

/** Checks one benefit on its own and against what is stored; each problem is pushed. */
function checkBenefit(input: BenefitInput, existing: Benefit | undefined, current: Pick<Current, 'assignments' | 'requests'>, problems: Problem[]): void {
  const bad = (message: string) => problems.push({ where: input.where, message });
  if (!BENEFIT_ID.test(input.id)) bad(input.id ? `id "${input.id}" may hold only letters, digits, ".", "_" and "-" (up to 64)` : 'id is empty');
  if (CATEGORY_OF_KIND[input.kind] !== input.category) bad(`a ${input.kind} benefit belongs to the category ${CATEGORY_OF_KIND[input.kind]}, not ${input.category}`);
  if (input.keys) {
    const seen = new Map<string, number>();
    input.keys.forEach((key, i) => {
      // Problems name keys by position only: a report must never show a key.
      if (key.trim() === '') bad(`key ${i + 1} is empty`);
      else if (KeyCipher.isEncrypted(key.trim())) bad(`key ${i + 1} is already encrypted; give keys in clear text (they are encrypted on the way in)`);
      const first = seen.get(key.trim());
      if (first !== undefined) bad(`key ${i + 1} is the same as key ${first}`);
      else seen.set(key.trim(), i + 1);
    });
  }
  if (input.software) {
    const { languages, osTypes, downloads } = input.software;
    if (new Set(languages).size !== languages.length) bad('languages lists a language twice');
    const osIds = osTypes.map((o) => o.id);
    if (new Set(osIds).size !== osIds.length) bad('osTypes lists an id twice');
    for (const d of downloads) {
      if (!languages.includes(d.language)) bad(`a download is for language ${d.language}, which is not in languages`);
      if (!osIds.includes(d.os)) bad(`a download is for OS "${d.os}", which is not in osTypes`);
    }
    for (const language of languages) {
      for (const os of osIds) {
        const count = downloads.filter((d) => d.language === language && d.os === os).length;
        if (count === 0) bad(`there is no download for ${language} / ${os} (R3.2: every language and OS type needs its link)`);
        if (count > 1) bad(`there are ${count} downloads for ${language} / ${os}`);
      }
    }
  }
  if (!existing) {
    if (input.kind === 'softwareKeys' && !input.software) {
      bad('a new software benefit needs its languages, OS types and download links, which only JSON can carry: add it with a .json file (see examples/org/benefits.json); a CSV row can only update a software benefit that exists');
    }
    return;
  }
  if (existing.kind !== input.kind) {
    bad(`benefit ${input.id} exists as a ${existing.kind} benefit; its kind cannot change`);
    return;
  }
  const use = inUse(existing, current);
  if (input.quantity < existing.quantity && input.quantity < use.amount) bad(`quantity ${input.quantity} is below what is in use (${use.what})`);
}

interface BenefitChange {
  change: PlannedChange;
  replaces: string | undefined;
  /** The benefit to store; its `keys` are the stored (encrypted) ones until `newKeys` are sealed in. */
  benefit: Benefit;
  /** Keys in clear text that replace the stored ones; undefined: the stored keys stay as they are. */
  newKeys: string[] | undefined;
}

const storedKeysOf = (benefit: Benefit | undefined): string[] => (benefit && 'keys' in benefit ? benefit.keys : []);

/** The benefit as it will be stored: the file's description, and the stored state (or the defaults for a new one). */
function mergeBenefit(input: BenefitInput, existing: Benefit | undefined): Benefit {
  const base = {
    id: input.id,
    category: input.category,
    name: input.name,
    aliases: input.aliases,
    quantity: input.quantity,
    instructions: input.instructions,
    links: input.links,
  };
  const state = input.state ?? {};
  const keys = storedKeysOf(existing);
  switch (input.kind) {
    case 'softwareKeys': {
      const prior = existing?.kind === 'softwareKeys' ? existing : undefined;
      const software = input.software ?? { languages: prior?.languages ?? [], osTypes: prior?.osTypes ?? [], downloads: prior?.downloads ?? [] };
      return { ...base, kind: 'softwareKeys', ...software, keys, keysRevealedAt: prior ? prior.keysRevealedAt : (state.keysRevealedAt ?? null) };
    }
    case 'licenseKeys': {
      const prior = existing?.kind === 'licenseKeys' ? existing : undefined;
      return { ...base, kind: 'licenseKeys', keys, keysRevealedAt: prior ? prior.keysRevealedAt : (state.keysRevealedAt ?? null) };
    }
    case 'usageSubscription':
    case 'seats':
      return { ...base, kind: input.kind };
    case 'supportIncidents':
      return { ...base, kind: 'supportIncidents', incidentsUsed: existing?.kind === 'supportIncidents' ? existing.incidentsUsed : (state.incidentsUsed ?? 0) };
    case 'hours':
      return { ...base, kind: 'hours', hoursUsed: existing?.kind === 'hours' ? existing.hoursUsed : (state.hoursUsed ?? 0) };
    case 'offer': {
      const prior = existing?.kind === 'offer' ? existing : undefined;
      return {
        ...base,
        kind: 'offer',
        requiresLevel: input.requiresLevel !== undefined ? input.requiresLevel : (prior?.requiresLevel ?? null),
        status: prior ? prior.status : (state.status ?? 'notActivated'),
        activatedAt: prior ? prior.activatedAt : (state.activatedAt ?? null),
        expiresAt: prior ? prior.expiresAt : (state.expiresAt ?? null),
      };
    }
  }
}

const COMPARED_FIELDS = ['category', 'name', 'aliases', 'quantity', 'instructions', 'links', 'languages', 'osTypes', 'downloads', 'requiresLevel'] as const;

function benefitFieldsChanged(before: Benefit, after: Benefit): string[] {
  const a = before as unknown as Record<string, unknown>;
  const b = after as unknown as Record<string, unknown>;
  return COMPARED_FIELDS.filter((f) => !sameJson(a[f], b[f]));
}

/**
 * Matches each benefit to a stored one by id and works out what would change. Keys are compared
 * in clear text (`storedClearKeys`), since the same key is encrypted differently each time.
 */
export function planBenefits(current: Pick<Current, 'benefits' | 'assignments' | 'requests'>, inputs: BenefitInput[], storedClearKeys: ReadonlyMap<string, string[]>, problems: Problem[]): BenefitChange[] {
  const seen = new Map<string, string>();
  const changes: BenefitChange[] = [];
  for (const input of inputs) {
    const before = problems.length;
    const earlier = seen.get(input.id);
    if (earlier) problems.push({ where: input.where, message: `id ${input.id} is already on ${earlier}` });
    else seen.set(input.id, input.where);
    const existing = current.benefits.find((b) => b.id === input.id);
    checkBenefit(input, existing, current, problems);
    if (problems.length > before) continue;
    const benefit = mergeBenefit(input, existing);
    const given = input.keys?.map((k) => k.trim());
    const keysDiffer = given !== undefined && !sameJson(given, storedClearKeys.get(input.id) ?? []);
    const fields = existing ? [...benefitFieldsChanged(existing, benefit), ...(keysDiffer ? ['keys'] : [])] : [];
    const keyCount = hasKeys(benefit.kind) ? (given ?? storedKeysOf(existing)).length : undefined;
    changes.push({
      change: { id: benefit.id, label: `${benefit.name.en} [${benefit.id}]`, fields, ...(keyCount === undefined ? {} : { keys: keyCount }) },
      replaces: existing?.id,
      benefit,
      newKeys: keysDiffer ? given : undefined,
    });
  }
  return changes;
}

/** Where the cipher comes from: only asked for when a stored key must be read or a new one sealed. */
export type CipherSource = () => Promise<KeyCipher>;

/** Stored keys in clear text, for the benefits the file gives keys for: kept in memory only, to compare. */
async function openStoredKeys(current: Pick<Current, 'benefits'>, inputs: BenefitInput[], cipher: CipherSource): Promise<Map<string, string[]>> {
  const clear = new Map<string, string[]>();
  for (const input of inputs) {
    if (input.keys === undefined) continue;
    const stored = storedKeysOf(current.benefits.find((b) => b.id === input.id));
    if (stored.length === 0) continue;
    const opener = await cipher();
    try {
      clear.set(input.id, stored.map((k) => opener.decrypt(k)));
    } catch (err) {
      if (!(err instanceof KeyCipherError)) throw err;
      throw new OrgCommandError(`The keys stored for ${input.id} cannot be decrypted with this KEYS_SECRET (or the key file beside the data file); use the secret the bot runs with. Nothing was written.`);
    }
  }
  return clear;
}

/** Encrypts the new keys, reusing the stored value of each key that is already there. */
function sealKeys(change: BenefitChange, storedClear: string[] | undefined, cipher: KeyCipher): Benefit {
  const { benefit, newKeys } = change;
  if (newKeys === undefined || !('keys' in benefit)) return benefit;
  const reuse = new Map((storedClear ?? []).map((plain, i) => [plain, benefit.keys[i]]));
  return { ...benefit, keys: newKeys.map((plain) => reuse.get(plain) ?? cipher.encrypt(plain)) };
}

/**
 * Adds and updates benefits from benefits.csv or benefits.json, all or nothing. Keys are
 * encrypted on the way in; the bot's own state of a stored benefit (keys revealed, hours and
 * incidents used, offer status) and its assignments are kept.
 */
export async function importBenefits(
  store: BenefitStore,
  tenantId: TenantId,
  file: { text: string; format: 'csv' | 'json'; source: string },
  cipher: CipherSource,
  options: ImportOptions = {},
): Promise<ImportOutcome> {
  const current = await readCurrent(store, tenantId);
  const { inputs, problems, secrets } = file.format === 'csv' ? parseBenefitsCsv(file.text) : parseBenefitsJson(file.text, file.source);
  const storedClear = problems.length > 0 ? new Map<string, string[]>() : await openStoredKeys(current, inputs, cipher);
  const changes = planBenefits(current, inputs, storedClear, problems);
  if (problems.length > 0) throw new ImportRejectedError(file.source, sortProblems(redactKeys(problems, secrets)));
  const { toWrite, outcome } = outcomeOf('benefits', current.organisation.name, changes, options.dryRun ?? false);
  if (options.dryRun || toWrite.length === 0) return outcome;
  const sealer = toWrite.some((c) => c.newKeys !== undefined) ? await cipher() : undefined;
  const sealed = toWrite.map((c) => ({ replaces: c.replaces, benefit: sealer ? sealKeys(c, storedClear.get(c.benefit.id), sealer) : c.benefit }));
  await store.unitOfWork(tenantId, (draft) => {
    for (const { replaces, benefit } of sealed) {
      const at = replaces === undefined ? -1 : draft.benefits.findIndex((b) => b.id === replaces);
      if (at < 0) draft.benefits.push(benefit);
      else draft.benefits[at] = benefit;
    }
    assertValid(draft);
  });
  return { ...outcome, written: true };
}

// ---------------------------------------------------------------------------------------------
// Exports

/** A cell a spreadsheet would run as a formula (=, +, -, @) is written with a leading ' instead. */
function cell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/** A CSV file and how many rows it holds, besides the header. */
export interface CsvExport {
  csv: string;
  rows: number;
}

function toCsv(columns: readonly string[], rows: string[][]): CsvExport {
  return { csv: stringifyCsv(rows.map((r) => r.map(cell)), { header: true, columns: [...columns] }), rows: rows.length };
}

export const ASSIGNMENT_EXPORT_COLUMNS = ['benefit', 'user name', 'email', 'state', 'assigned at', 'assigned by', 'alternative email'] as const;
export const AUDIT_EXPORT_COLUMNS = ['at', 'actor name', 'action', 'benefit', 'subject', 'before', 'after'] as const;

async function organisationOrFail(store: BenefitStore, tenantId: TenantId) {
  const organisation = await store.organisation(tenantId);
  if (!organisation) throw new OrgCommandError(`There is no organisation with tenant id ${tenantId} in this data file.`);
  return organisation;
}

/** Who holds which benefit, in the order benefits are stored, oldest assignment first. */
export async function assignmentsCsv(store: BenefitStore, tenantId: TenantId): Promise<CsvExport> {
  await organisationOrFail(store, tenantId);
  const [users, benefits, assignments] = await Promise.all([store.users(tenantId), store.benefits(tenantId), store.assignments(tenantId)]);
  const userOf = new Map(users.map((u) => [u.id, u]));
  const order = new Map(benefits.map((b, i) => [b.id, i]));
  const rows = [...assignments]
    .sort((a, b) => (order.get(a.benefitId) ?? 0) - (order.get(b.benefitId) ?? 0) || a.assignedAt.localeCompare(b.assignedAt))
    .map((a) => [
      benefits.find((b) => b.id === a.benefitId)?.name.en ?? a.benefitId,
      userOf.get(a.userId)?.displayName ?? a.userId,
      userOf.get(a.userId)?.email ?? '',
      a.state,
      a.assignedAt,
      userOf.get(a.assignedBy)?.displayName ?? a.assignedBy,
      a.alternativeEmail ?? '',
    ]);
  return toCsv(ASSIGNMENT_EXPORT_COLUMNS, rows);
}

/** The audit log, oldest first; before and after as JSON. The log never holds keys. */
export async function auditCsv(store: BenefitStore, tenantId: TenantId): Promise<CsvExport> {
  await organisationOrFail(store, tenantId);
  const [users, benefits, entries] = await Promise.all([store.users(tenantId), store.benefits(tenantId), store.auditEntries(tenantId)]);
  const nameOf = (id: UserId | null) => (id === null ? '' : (users.find((u) => u.id === id)?.displayName ?? id));
  const rows = entries.map((e) => [
    e.at,
    nameOf(e.actorId),
    e.action,
    e.benefitId === null ? '' : (benefits.find((b) => b.id === e.benefitId)?.name.en ?? e.benefitId),
    nameOf(e.subjectUserId),
    e.before === null ? '' : JSON.stringify(e.before),
    e.after === null ? '' : JSON.stringify(e.after),
  ]);
  return toCsv(AUDIT_EXPORT_COLUMNS, rows);
}

/**
 * Where an organisation's people live. 'entra': found and their roles read in Microsoft Entra ID
 * through Graph; the user list then keeps the people the bot meets, and their partner-program
 * roles. 'local': the user list is the directory. Returns the setting before.
 */
export async function setDirectory(store: BenefitStore, tenantId: TenantId, directory: DirectoryKind): Promise<DirectoryKind> {
  if (!(await store.organisation(tenantId))) throw new OrgCommandError(`There is no organisation with the tenant id ${tenantId} in this data file.`);
  return store.unitOfWork(tenantId, (data) => {
    const before = data.organisation.directory ?? 'local';
    if (directory === 'local') delete data.organisation.directory;
    else data.organisation.directory = directory;
    return before;
  });
}
