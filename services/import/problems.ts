/**
 * What an import reports: the problems that stop it (nothing is written) and, when it goes
 * ahead, what it added, updated and left unchanged. Key values never appear in either.
 */

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
    super(
      `${source}: ${problems.length} ${problems.length === 1 ? 'problem' : 'problems'}; nothing was written.`,
    );
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

export interface ImportOptions {
  dryRun?: boolean;
}

export const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

/** Problems in file order: CSV lines and JSON indexes sort as numbers, the header first. */
export function sortProblems(problems: Problem[]): Problem[] {
  const rank = (where: string) => Number(/\d+/.exec(where)?.[0] ?? -1);
  return problems
    .map((p, i) => ({ p, i }))
    .sort((a, b) => rank(a.p.where) - rank(b.p.where) || a.i - b.i)
    .map(({ p }) => p);
}

/** Product keys look like XXXXX-XXXXX-XXXXX-XXXXX-XXXXX. */
const KEY_SHAPE = /\b[A-Z0-9]{5}(?:-[A-Z0-9]{5}){4}\b/gi;

/**
 * Problems quote the values they are about; a key typed in the wrong column would be quoted
 * too. Every key the file holds, and anything shaped like a product key, is masked.
 */
export function redactKeys(problems: Problem[], secrets: string[]): Problem[] {
  const longestFirst = [...new Set(secrets)].sort((a, b) => b.length - a.length);
  return problems.map((p) => ({
    where: p.where,
    message: longestFirst
      .reduce((m, key) => m.split(key).join('[a key]'), p.message)
      .replace(KEY_SHAPE, '[a key]'),
  }));
}
