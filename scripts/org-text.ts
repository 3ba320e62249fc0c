import {
  plural,
  type ImportOutcome,
  type ImportRejectedError,
  type PlannedChange,
} from '../services/import/problems';
import type { OrganisationFields } from '../services/import/schemas';

/** What `npm run org` prints about an import: the plan, the result, the problems; and how its options are named. */

/** The one-line count people read: "2 added, 1 updated, 9 unchanged". */
export function countLine(outcome: Pick<ImportOutcome, 'added' | 'updated' | 'unchanged'>): string {
  return `${outcome.added.length} added, ${outcome.updated.length} updated, ${outcome.unchanged.length} unchanged`;
}

/** What the command prints: the plan (every add and update) and the result. Never a key. */
export function formatOutcome(outcome: ImportOutcome): string {
  const keyNote = (c: PlannedChange) => (c.keys === undefined ? '' : `, ${plural(c.keys, 'key')}`);
  const lines = [
    ...outcome.added.map(
      (c) => `  add     ${c.label}${c.keys === undefined ? '' : ` (${plural(c.keys, 'key')})`}`,
    ),
    ...outcome.updated.map((c) => `  update  ${c.label} (${c.fields.join(', ')}${keyNote(c)})`),
  ];
  const keys = [...outcome.added, ...outcome.updated].reduce((n, c) => n + (c.keys ?? 0), 0);
  const keysLine =
    keys > 0
      ? ` ${plural(keys, 'key')} ${outcome.dryRun ? 'would be' : keys === 1 ? 'was' : 'were'} stored encrypted.`
      : '';
  const head = outcome.dryRun
    ? `Dry run for ${outcome.organisationName} (nothing was written): ${countLine(outcome)} ${outcome.subject}.${keysLine}`
    : `${outcome.organisationName}: ${countLine(outcome)} ${outcome.subject}.${keysLine}`;
  return [head, ...lines].join('\n');
}

/** The report of a rejected import: every problem, one per line, in file order. */
export function formatProblems(error: ImportRejectedError): string {
  return [
    `${error.source} has ${plural(error.problems.length, 'problem')}; nothing was written:`,
    ...error.problems.map((p) => `  ${p.where}: ${p.message}`),
  ].join('\n');
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
