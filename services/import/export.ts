import { stringify as stringifyCsv } from 'csv-stringify/sync';
import type { TenantId, UserId } from '../model';
import type { BenefitStore } from '../ports';
import { OrgCommandError } from './problems';

/**
 * An organisation's assignments and audit log as CSV, for the org command and for admins in chat
 * (exports.service). A cell a spreadsheet would run as a formula is defused; no key is ever written.
 */

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
  return {
    csv: stringifyCsv(
      rows.map((r) => r.map(cell)),
      { header: true, columns: [...columns] },
    ),
    rows: rows.length,
  };
}

export const ASSIGNMENT_EXPORT_COLUMNS = [
  'benefit',
  'user name',
  'email',
  'state',
  'assigned at',
  'assigned by',
  'alternative email',
] as const;
export const AUDIT_EXPORT_COLUMNS = [
  'at',
  'actor name',
  'action',
  'benefit',
  'subject',
  'before',
  'after',
] as const;

async function organisationOrFail(store: BenefitStore, tenantId: TenantId) {
  const organisation = await store.organisation(tenantId);
  if (!organisation)
    throw new OrgCommandError(
      `There is no organisation with tenant id ${tenantId} in this data file.`,
    );
  return organisation;
}

/** Who holds which benefit, in the order benefits are stored, oldest assignment first. */
export async function assignmentsCsv(store: BenefitStore, tenantId: TenantId): Promise<CsvExport> {
  await organisationOrFail(store, tenantId);
  const [users, benefits, assignments] = await Promise.all([
    store.users(tenantId),
    store.benefits(tenantId),
    store.assignments(tenantId),
  ]);
  const userOf = new Map(users.map((u) => [u.id, u]));
  const order = new Map(benefits.map((b, i) => [b.id, i]));
  const rows = [...assignments]
    .sort(
      (a, b) =>
        (order.get(a.benefitId) ?? 0) - (order.get(b.benefitId) ?? 0) ||
        a.assignedAt.localeCompare(b.assignedAt),
    )
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
  const [users, benefits, entries] = await Promise.all([
    store.users(tenantId),
    store.benefits(tenantId),
    store.auditEntries(tenantId),
  ]);
  const nameOf = (id: UserId | null) =>
    id === null ? '' : (users.find((u) => u.id === id)?.displayName ?? id);
  const rows = entries.map((e) => [
    e.at,
    nameOf(e.actorId),
    e.action,
    e.benefitId === null
      ? ''
      : (benefits.find((b) => b.id === e.benefitId)?.name.en ?? e.benefitId),
    nameOf(e.subjectUserId),
    e.before === null ? '' : JSON.stringify(e.before),
    e.after === null ? '' : JSON.stringify(e.after),
  ]);
  return toCsv(AUDIT_EXPORT_COLUMNS, rows);
}
