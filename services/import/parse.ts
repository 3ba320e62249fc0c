import { CsvError, parse as parseCsv } from 'csv-parse/sync';
import { z } from 'zod';
import {
  ADMIN_ROLES,
  CATEGORY_OF_KIND,
  CATEGORY_ORDER,
  type AdminRole,
  type CategoryId,
  type Link,
  type PartnerLevel,
} from '../model';
import { MAX_NAME_LENGTH } from '../users.service';
import { ImportRejectedError, plural, type Problem } from './problems';
import {
  BENEFIT_COLUMNS,
  hasKeys,
  httpUrl,
  JSON_SCHEMAS,
  KINDS,
  LEVELS,
  ROLE_LIST,
  ROLE_NAMES,
  USER_COLUMNS,
  type BenefitInput,
  type UserRow,
} from './schemas';

/**
 * Reading the files an import takes (UTF-8 text, CSV with a header line, JSON) into rows and
 * benefits, each value checked on its own; every fault becomes a problem that says where.
 */

/** Files must be UTF-8: Japanese Excel saves "CSV" as Shift_JIS, which would turn names into garbage. */
export function decodeUtf8(bytes: Uint8Array, source: string): string {
  try {
    return new TextDecoder('utf-8', { fatal: true }).decode(bytes);
  } catch {
    throw new ImportRejectedError(source, [
      {
        where: 'file',
        message: 'is not UTF-8 text; save it as UTF-8 (in Excel: "CSV UTF-8 (Comma delimited)")',
      },
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
  CSV_INVALID_CLOSING_QUOTE:
    'a quoted value is followed by something other than a comma; double a " inside quotes ("")',
  CSV_NON_TRIMABLE_CHAR_AFTER_CLOSING_QUOTE:
    'a quoted value is followed by something other than a comma; double a " inside quotes ("")',
};

/**
 * A CSV file with a header line: column names are matched case-insensitively; line numbers are
 * where each row starts (the header is line 1). Rows that cannot be read become problems.
 */
function readCsv(
  text: string,
  spec: { required: readonly string[]; optional: readonly string[] },
  problems: Problem[],
): CsvTable {
  let records: CsvRecord[];
  try {
    records = parseCsv(text, {
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      trim: true,
      info: true,
      raw: true,
    }) as unknown as CsvRecord[];
  } catch (err) {
    // The parser's own message may quote the text around the fault, and the text may hold keys.
    const code = err instanceof CsvError ? err.code : '';
    const lines: unknown = err instanceof CsvError ? err.lines : undefined;
    const line = typeof lines === 'number' ? lines : undefined;
    problems.push({
      where: line ? `line ${line}` : 'file',
      message: `cannot be read as CSV: ${CSV_ERRORS[code] ?? code.toLowerCase().replace(/_/g, ' ')}`,
    });
    return { columns: new Set(), rows: [] };
  }
  const known = [...spec.required, ...spec.optional];
  const header = records[0];
  if (!header) {
    problems.push({
      where: 'line 1',
      message: `the file is empty; it needs a header line: ${spec.required.join(',')}`,
    });
    return { columns: new Set(), rows: [] };
  }
  const names: string[] = [];
  let headerOk = true;
  for (const cell of header.record) {
    const name = known.find((k) => k.toLowerCase() === cell.trim().toLowerCase());
    if (!name) {
      problems.push({
        where: 'line 1',
        message: `unknown column "${cell}"; the columns are ${known.join(', ')}`,
      });
      headerOk = false;
    } else if (names.includes(name)) {
      problems.push({ where: 'line 1', message: `the column "${name}" appears twice` });
      headerOk = false;
    }
    names.push(name ?? '');
  }
  for (const name of spec.required) {
    if (!names.includes(name)) {
      problems.push({
        where: 'line 1',
        message: `the column "${name}" is missing (the header needs ${spec.required.join(',')})`,
      });
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
      problems.push({
        where,
        message: `has ${plural(record.length, 'value')} but the header has ${names.length} columns (quote a value that holds a comma)`,
      });
      continue;
    }
    rows.push({ where, cells: new Map(names.map((name, i) => [name, record[i] ?? ''])) });
  }
  return { columns: new Set(names), rows };
}

const emailSchema = z.email();
export const isEmail = (value: string) => emailSchema.safeParse(value).success;
export const sameEmail = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
export const listCell = (value: string) => [
  ...new Set(
    value
      .split(';')
      .map((s) => s.trim())
      .filter((s) => s !== ''),
  ),
];
export const sameJson = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

export const oneOf = <T extends string>(values: readonly T[], given: string): T | undefined =>
  values.find((v) => v.toLowerCase() === given.trim().toLowerCase().replace(/\s+/g, ''));

/** A day (YYYY-MM-DD, taken as midnight UTC) or a full ISO 8601 time, as the store keeps it. */
export function isoTime(value: string): string | undefined {
  const text = value.trim();
  if (/^\d{4}-\d{2}-\d{2}$/.test(text)) {
    const day = new Date(`${text}T00:00:00.000Z`);
    return !Number.isNaN(day.getTime()) && day.toISOString().slice(0, 10) === text
      ? day.toISOString()
      : undefined;
  }
  return z.iso.datetime({ offset: true }).safeParse(text).success
    ? new Date(text).toISOString()
    : undefined;
}

/** JSON text, or a problem that says where it breaks without quoting it (it may hold keys). */
export function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text.replace(/^\uFEFF/, ''));
  } catch (err) {
    const offset = jsonErrorOffset(text, (err as Error).message);
    const where =
      offset === undefined ? 'file' : `line ${text.slice(0, offset).split('\n').length}`;
    throw new ImportRejectedError(source, [{ where, message: 'is not valid JSON' }]);
  }
}

/** Where JSON.parse stopped: V8 gives a position, or quotes ten characters either side of it. */
function jsonErrorOffset(text: string, message: string): number | undefined {
  const position = /at position (\d+)/.exec(message);
  if (position?.[1] !== undefined) return Number(position[1]);
  const quoted =
    /^Unexpected token '[\s\S]', (\.\.\.)?"([\s\S]*)"(?:\.\.\.)? is not valid JSON$/.exec(message);
  const snippet = quoted?.[2];
  if (snippet === undefined) return message.includes('end of JSON input') ? text.length : undefined;
  const at = text.indexOf(snippet);
  return at < 0 ? undefined : at + (quoted?.[1] ? 10 : 0);
}

/** Zod's issues as problems, each under its array index (`[3]`) when the input is an array. */
export function zodProblems(
  error: z.ZodError,
  label: (index: number) => string,
  offset: (number | string)[] = [],
): Problem[] {
  return error.issues.map((issue) => {
    const path = [...offset, ...issue.path];
    const [head, ...rest] = path;
    const field = (typeof head === 'number' ? rest : path).reduce<string>(
      (acc, part) =>
        typeof part === 'number'
          ? `${acc}[${part}]`
          : acc
            ? `${acc}.${String(part)}`
            : String(part),
      '',
    );
    const message = issue.message.replace(
      /^Invalid input: expected \w+, received undefined$/,
      'is missing',
    );
    if (typeof head === 'number')
      return {
        where: `[${head}]${label(head)}`,
        message: field ? `${field}: ${message}` : message,
      };
    return { where: field || 'file', message };
  });
}

function parseRoles(cell: string): { roles: AdminRole[] } | { error: string } {
  const names = listCell(cell);
  if (names.length === 0)
    return {
      error: `role is empty; write employee or one of ${ROLE_LIST} (several separated by ";")`,
    };
  const roles = new Set<AdminRole>();
  let employee = false;
  for (const name of names) {
    const role = ROLE_NAMES[name.toLowerCase().replace(/[\s_-]+/g, '')];
    if (!role) return { error: `role "${name}" is not one of ${ROLE_LIST}` };
    if (role === 'employee') employee = true;
    else roles.add(role);
  }
  if (employee && roles.size > 0)
    return {
      error: 'role says employee and an admin role; an employee is someone with no admin role',
    };
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
    else if ([...name].length > MAX_NAME_LENGTH)
      rowProblems.push(`name is longer than ${MAX_NAME_LENGTH} characters`);
    const email = cells.get('email') ?? '';
    if (!email) rowProblems.push('email is empty');
    else if (!isEmail(email)) rowProblems.push(`email "${email}" is not an email address`);
    const aadObjectId = cells.get('aadObjectId') ?? '';
    if (!aadObjectId)
      rowProblems.push("aadObjectId is empty; it is the person's Microsoft Entra object id");
    else if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(aadObjectId))
      rowProblems.push(
        `aadObjectId "${aadObjectId}" is not an object id (letters, digits and "-")`,
      );
    const roles = parseRoles(cells.get('role') ?? '');
    if ('error' in roles) rowProblems.push(roles.error);
    const aliases = table.columns.has('aliases') ? listCell(cells.get('aliases') ?? '') : undefined;
    for (const message of rowProblems) problems.push({ where, message });
    if (rowProblems.length === 0 && 'roles' in roles)
      rows.push({ where, name, email, aadObjectId, roles: roles.roles, aliases });
  }
  return { rows, problems };
}

/** Reads benefits.csv: one benefit per row; see the help of import-benefits for the columns. */
export function parseBenefitsCsv(text: string): {
  inputs: BenefitInput[];
  problems: Problem[];
  secrets: string[];
} {
  const problems: Problem[] = [];
  const table = readCsv(text, BENEFIT_COLUMNS, problems);
  const inputs: BenefitInput[] = [];
  const secrets: string[] = [];
  for (const { where, cells } of table.rows) {
    const cell = (name: string) => cells.get(name) ?? '';
    const rowProblems: string[] = [];
    const kind = oneOf(KINDS, cell('kind'));
    if (!kind)
      rowProblems.push(
        cell('kind')
          ? `kind "${cell('kind')}" is not one of ${KINDS.join(', ')}`
          : `kind is empty; write one of ${KINDS.join(', ')}`,
      );
    let category: CategoryId | undefined;
    if (cell('category')) {
      category = oneOf(CATEGORY_ORDER, cell('category'));
      if (!category)
        rowProblems.push(
          `category "${cell('category')}" is not one of ${CATEGORY_ORDER.join(', ')}`,
        );
    } else if (kind) {
      category = CATEGORY_OF_KIND[kind];
    }
    const quantityText = cell('quantity');
    if (!/^\d+$/.test(quantityText))
      rowProblems.push(
        quantityText ? `quantity "${quantityText}" is not a whole number` : 'quantity is empty',
      );
    const name = { en: cell('name_en'), ja: cell('name_ja') };
    if (!name.en) rowProblems.push('name_en is empty');
    if (!name.ja) rowProblems.push('name_ja is empty');
    const links: Link[] = [];
    const link = [cell('link_title_en'), cell('link_title_ja'), cell('link_url')];
    if (link.some((v) => v !== '')) {
      const [en = '', ja = '', url = ''] = link;
      if (link.some((v) => v === ''))
        rowProblems.push('a link needs all of link_title_en, link_title_ja and link_url (or none)');
      else if (!httpUrl.safeParse(url).success)
        rowProblems.push(`link_url "${url}" is not an http(s) URL`);
      else links.push({ title: { en, ja }, url });
    }
    const keys = cell('keys')
      .split(';')
      .map((k) => k.trim())
      .filter((k) => k !== '');
    secrets.push(...keys);
    if (kind && !hasKeys(kind) && keys.length > 0)
      rowProblems.push(`a ${kind} benefit has no keys; leave keys empty`);
    let requiresLevel: PartnerLevel | null | undefined;
    if (table.columns.has('requires_level')) {
      const given = cell('requires_level');
      requiresLevel = given ? oneOf(LEVELS, given) : null;
      if (given && !requiresLevel)
        rowProblems.push(`requires_level "${given}" is not one of ${LEVELS.join(', ')}`);
      if (given && kind && kind !== 'offer')
        rowProblems.push('requires_level is for offers only; leave it empty');
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

/** Reads benefits.json: an array of benefits in the stored shape, keys in clear text. */
export function parseBenefitsJson(
  text: string,
  source: string,
): { inputs: BenefitInput[]; problems: Problem[]; secrets: string[] } {
  const parsed = parseJson(text, source);
  if (!Array.isArray(parsed))
    throw new ImportRejectedError(source, [
      {
        where: 'file',
        message: 'must be a JSON array of benefits (see examples/org/benefits.json)',
      },
    ]);
  const problems: Problem[] = [];
  const inputs: BenefitInput[] = [];
  const secrets = parsed.flatMap((item: unknown) =>
    item && typeof item === 'object' && 'keys' in item && Array.isArray(item.keys)
      ? item.keys
          .filter((k): k is string => typeof k === 'string' && k.trim() !== '')
          .map((k) => k.trim())
      : [],
  );
  parsed.forEach((item: unknown, index) => {
    const idOf =
      item && typeof item === 'object' && 'id' in item && typeof item.id === 'string'
        ? ` (${item.id})`
        : '';
    const where = `[${index}]${idOf}`;
    const kindGiven = item && typeof item === 'object' && 'kind' in item ? item.kind : undefined;
    const kind = KINDS.find((k) => k === kindGiven);
    if (!kind) {
      problems.push({
        where,
        message:
          kindGiven === undefined
            ? `kind is missing; it is one of ${KINDS.join(', ')}`
            : `kind ${JSON.stringify(kindGiven)} is not one of ${KINDS.join(', ')}`,
      });
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
    if (b.kind === 'softwareKeys')
      input.software = { languages: b.languages, osTypes: b.osTypes, downloads: b.downloads };
    if (b.kind === 'softwareKeys' || b.kind === 'licenseKeys') {
      if (b.keys !== undefined) input.keys = b.keys;
      input.state = { keysRevealedAt: b.keysRevealedAt ?? null };
    }
    if (b.kind === 'supportIncidents') input.state = { incidentsUsed: b.incidentsUsed ?? 0 };
    if (b.kind === 'hours') input.state = { hoursUsed: b.hoursUsed ?? 0 };
    if (b.kind === 'offer') {
      if (b.requiresLevel !== undefined) input.requiresLevel = b.requiresLevel;
      input.state = {
        status: b.status ?? 'notActivated',
        activatedAt: b.activatedAt ?? null,
        expiresAt: b.expiresAt ?? null,
      };
    }
    inputs.push(input);
  });
  return { inputs, problems, secrets };
}
