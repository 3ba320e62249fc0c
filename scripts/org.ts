/**
 * Brings a real organisation into the bot's store from files (issue 4): create it, import its
 * users and benefits with their keys, export its assignments and audit log.
 *
 *   npm run org -- --help
 *   npm run org -- <command> --help
 *
 * It opens the store the bot's settings name: the PostgreSQL database of DATABASE_URL, or the
 * data file of DATA_FILE (then the bot must be stopped first: one process owns the file). Relative
 * paths are taken from the folder `npm run` was started in; DATA_FILE (environment, then .env)
 * from the project root, as the bot does. `migrate --to postgres` copies a data file into a database.
 */
import { existsSync, readFileSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { parseArgs, type ParseArgsConfig } from 'node:util';
import { parse as parseDotenv } from 'dotenv';
import { checkDatabaseUrl, ConfigError, loadConfig, type Config } from '../bot/config';
import { BenefitError } from '../services/errors';
import { importBenefits, importUsers } from '../services/import/apply';
import { assignmentsCsv, auditCsv } from '../services/import/export';
import {
  createOrganisation,
  newOrganisation,
  organisationFromJson,
  setDirectory,
} from '../services/import/organisation';
import { decodeUtf8 } from '../services/import/parse';
import { ImportRejectedError, OrgCommandError } from '../services/import/problems';
import type { OrganisationFields } from '../services/import/schemas';
import type { CipherSource } from '../services/import/seal';
import { KeyCipherError, loadKeyCipher, type KeyCipher } from '../services/secrets/key-cipher';
import { DataFileLockedError } from '../services/store/data-file-lock';
import { StoreError } from '../services/store/errors';
import { formatMigrationReport, migrateLowdbToPostgres } from '../services/store/migrate';
import { writeOwnerOnly } from '../services/store/owner-only';
import { openStores, type OpenedStores } from '../services/store/open-stores';
import { formatOutcome, formatProblems, ORGANISATION_OPTION_NAMES } from './org-text';

/** Where the command reads and writes: the real process in main(), a test's buffers otherwise. */
export interface CliIo {
  /** The environment, with .env beneath it. */
  env: NodeJS.ProcessEnv;
  /** Where relative paths on the command line are resolved (the folder `npm run` was started in). */
  cwd: string;
  /** Where a relative DATA_FILE from the environment is resolved (the bot's working folder). */
  root: string;
  out(text: string): void;
  err(text: string): void;
}

/** Exit codes. */
export const EXIT = { ok: 0, badInput: 1, usage: 2 } as const;

class UsageError extends Error {
  constructor(
    message: string,
    readonly command?: string,
  ) {
    super(message);
    this.name = 'UsageError';
  }
}

const EXAMPLE_TENANT = '4e6f7274-6877-696e-6420-547261646572';

const COMMON_HELP = `Options every command takes:
  --data <file>   the bot's data file (its .json index). Default: DATA_FILE from the environment
                  or .env, else ./data/benefits.json
  --help, -h      this help

The CLI works on the store the bot's settings name: with DATABASE_URL set (environment or .env),
the PostgreSQL database, which the bot may keep using meanwhile (KEYS_SECRET is then required);
otherwise the data file, and the bot must be stopped: only one process may use the file.
Relative paths are taken from the folder you ran npm in.`;

const MAIN_HELP = `Bring a real organisation into the Partner Benefits bot from files.

Usage: npm run org -- <command> [options]

Commands:
  create              add an organisation (from options, or from an organisation.json)
  import-users        add or update the organisation's users from a CSV file
  import-benefits     add or update its benefits, with their keys, from a CSV or JSON file
  export-assignments  who holds which benefit, as CSV
  export-audit        the audit log, as CSV
  directory           where its people live: the user list, or Microsoft Entra ID
  migrate             copy the data file and everything beside it into a PostgreSQL database

A typical set-up, with the made-up Northwind Traders in examples/org/:
  npm run org -- create --file examples/org/organisation.json
  npm run org -- import-users --tenant ${EXAMPLE_TENANT} examples/org/users.csv
  npm run org -- import-benefits --tenant ${EXAMPLE_TENANT} examples/org/benefits.json
  npm run org -- import-benefits --tenant ${EXAMPLE_TENANT} examples/org/benefits.csv
  npm run org -- export-assignments --tenant ${EXAMPLE_TENANT} --out assignments.csv

Imports check every row first and list every problem with its line (CSV: the header is line 1)
or its index (JSON: [0] is the first item); nothing is written unless every row is good.
--dry-run shows what would be added and updated and writes nothing. Importing the same file again
changes nothing. Keys are encrypted on the way in and never printed.

${COMMON_HELP}

Exit codes: 0 done; 1 bad input (every problem listed) or the store cannot be used; 2 usage.
Run npm run org -- <command> --help for a command's options.`;

type Values = Record<string, string | boolean | (string | boolean)[] | undefined>;

interface Command {
  summary: string;
  help: string;
  options: NonNullable<ParseArgsConfig['options']>;
  /** How many positional arguments (files) it takes. */
  files: { min: number; max: number; name: string };
  run(ctx: Context, values: Values, files: string[]): Promise<number>;
}

interface Context {
  io: CliIo;
  /** The data file, absolute. */
  dataFile: string;
  /** The database the settings name (DATABASE_URL); undefined: the data file. */
  databaseUrl: string | undefined;
  config: Config;
  /** Only create may start a new data file; the others need the bot's. */
  mayCreate: boolean;
  resolve(file: string): string;
}

const str = (values: Values, name: string): string | undefined => {
  const v = values[name];
  return typeof v === 'string' ? v : undefined;
};

function required(values: Values, name: string, command: string): string {
  const value = str(values, name);
  if (value === undefined || value.trim() === '')
    throw new UsageError(`${command} needs --${name}.`, command);
  return value.trim();
}

const CREATE_OPTIONS = [
  'tenant',
  'name',
  'partner-center-email',
  'partner-id',
  'level',
  'competencies',
  'managed-in',
  'package',
  'purchased',
  'expires',
] as const;

const COMMANDS: Record<string, Command> = {
  create: {
    summary: 'add an organisation',
    files: { min: 0, max: 0, name: '' },
    options: Object.fromEntries([
      ...CREATE_OPTIONS.map((o) => [o, { type: 'string' as const }]),
      ['file', { type: 'string' as const }],
    ]),
    help: `Add an organisation: its tenant, Partner Center account, partner level and membership package.
It starts with no users and no benefits: import those next. A tenant that exists is refused.

Usage:
  npm run org -- create --tenant <id> --name <name> --partner-center-email <email>
      --partner-id <id> --level ActionPack|Silver|Gold [--competencies "A,B"]
      --managed-in partnerCenter|pmc --package "<name>" --purchased YYYY-MM-DD --expires YYYY-MM-DD
  npm run org -- create --file organisation.json

  --tenant                the organisation's Microsoft Entra tenant id (what Teams sends)
  --name                  the organisation's name, as people see it
  --partner-center-email  the company's Partner Center account email (a support benefit's
                          alternative email and a marketing contact's email must differ from it)
  --partner-id            the partner id (MPN ID)
  --level                 ActionPack, Silver or Gold (Go-To-Market offers depend on it)
  --competencies          comma-separated, e.g. "Cloud Platform,Data Analytics"
  --managed-in            partnerCenter, or pmc if the organisation has not moved from the
                          Partner Membership Center (the bot then points its people to PMC)
  --package               the membership package's name, e.g. "Silver Cloud Platform membership"
  --purchased, --expires  the package's dates (the 30-day refund window counts from --purchased)
  --file                  the same as JSON, in the stored shape; see examples/org/organisation.json

A new data file made by create holds only the organisations you create (no demo organisations).

Example:
  npm run org -- create --tenant ${EXAMPLE_TENANT} --name "Northwind Traders" \\
      --partner-center-email partnercenter@northwindtraders.com --partner-id 7765432 --level Gold \\
      --competencies "Cloud Platform,Data Analytics" --managed-in partnerCenter \\
      --package "Gold Cloud Platform membership" --purchased 2026-11-10 --expires 2027-11-09

${COMMON_HELP}`,
    async run(ctx, values) {
      const file = str(values, 'file');
      const given = CREATE_OPTIONS.filter((o) => str(values, o) !== undefined);
      let data;
      if (file !== undefined) {
        if (given.length > 0)
          throw new UsageError(
            `create takes either --file or the organisation's options, not both (--${given.join(', --')} given with --file).`,
            'create',
          );
        data = organisationFromJson(await readText(ctx.resolve(file)), file);
      } else {
        const missing = CREATE_OPTIONS.filter(
          (o) => o !== 'competencies' && (str(values, o) ?? '').trim() === '',
        );
        if (missing.length > 0)
          throw new UsageError(
            `create needs --${missing.join(', --')} (or --file organisation.json).`,
            'create',
          );
        const v = (o: (typeof CREATE_OPTIONS)[number]) => str(values, o) ?? '';
        const fields: OrganisationFields = {
          tenantId: v('tenant'),
          name: v('name'),
          partnerCenterEmail: v('partner-center-email'),
          partnerId: v('partner-id'),
          level: v('level'),
          competencies: v('competencies').split(','),
          managedIn: v('managed-in'),
          packageName: v('package'),
          purchased: v('purchased'),
          expires: v('expires'),
        };
        data = newOrganisation(fields, ORGANISATION_OPTION_NAMES, 'The options');
      }
      const { where, isNew } = await withStores(ctx, async (stores) => {
        await createOrganisation(stores.benefits, data);
        return { where: stores.describe, isNew: stores.created };
      });
      const o = data.organisation;
      ctx.io.out(
        `Created ${o.name} (tenant ${o.tenantId}) in ${ctx.databaseUrl ? `the ${where}` : where}${isNew ? `, a new ${ctx.databaseUrl ? 'database' : 'data file'} with no demo organisations` : ''}.\n` +
          `Next, its users and benefits:\n  npm run org -- import-users --tenant ${o.tenantId} users.csv\n  npm run org -- import-benefits --tenant ${o.tenantId} benefits.json\n`,
      );
      return EXIT.ok;
    },
  },

  'import-users': {
    summary: 'add or update users from CSV',
    files: { min: 1, max: 1, name: 'users.csv' },
    options: { tenant: { type: 'string' }, 'dry-run': { type: 'boolean' } },
    help: `Add or update an organisation's users from a CSV file (UTF-8) with a header line:

  name,email,aadObjectId,role[,aliases]

  name         the name people use for them (up to 100 characters), e.g. 山田 花子
  email        their work email; no two users may share one
  aadObjectId  their Microsoft Entra object id: how the bot recognises them in Teams
  role         Global admin, User admin, Admin agent, MPN partner admin or employee (any case);
               several admin roles separated by ";", e.g. "Global admin;MPN partner admin"
  aliases      optional: other names that find them, separated by ";", e.g. "Hanako Yamada"

Users are matched by aadObjectId, then by email; a user added in chat (who has no Entra id
yet) takes the aadObjectId of the row with their email. A matched user is updated to the row;
without an aliases column their aliases are kept. Users not in the file are left as they are.

Usage:
  npm run org -- import-users --tenant <id> users.csv [--dry-run]

  --tenant   the organisation's tenant id
  --dry-run  list what would be added and updated; write nothing

Example (examples/org/users.csv):
  npm run org -- import-users --tenant ${EXAMPLE_TENANT} examples/org/users.csv --dry-run

${COMMON_HELP}`,
    async run(ctx, values, [file = '']) {
      const tenant = required(values, 'tenant', 'import-users');
      const text = decodeUtf8(await readBytes(ctx.resolve(file)), file);
      const outcome = await withStores(ctx, (stores) =>
        importUsers(stores.benefits, tenant, text, file, { dryRun: values['dry-run'] === true }),
      );
      ctx.io.out(`${formatOutcome(outcome)}\n`);
      return EXIT.ok;
    },
  },

  'import-benefits': {
    summary: 'add or update benefits (with keys) from CSV or JSON',
    files: { min: 1, max: 1, name: 'benefits.csv|benefits.json' },
    options: { tenant: { type: 'string' }, 'dry-run': { type: 'boolean' } },
    help: `Add or update an organisation's benefits, with their keys, from a .json or .csv file (UTF-8).
Benefits are matched by id. A stored benefit keeps its assignments and what the bot tracks
(keys revealed, hours and incidents used, an offer's status); its quantity may not drop below
what is in use. Keys are given in clear text and stored encrypted (KEYS_SECRET, or in local mode
the key file beside the data file, as the bot does); they are never printed ("5 keys").
Leaving keys out (JSON: no "keys"; CSV: an empty keys cell) keeps the stored keys.

JSON (examples/org/benefits.json): an array of benefits in the stored shape, keys in clear text.
  Every benefit: id, kind, name {en, ja}, quantity; optional: category (taken from the kind),
  aliases, instructions {en, ja}, links [{title {en, ja}, url}].
  kind is softwareKeys, usageSubscription, licenseKeys, seats, supportIncidents, hours or offer.
  softwareKeys also: languages ["en","ja"], osTypes [{id, label {en, ja}}], downloads
  [{language, os, url}] with one link per language and OS type, keys ["XXXXX-…"].
  licenseKeys: keys. offer: requiresLevel (ActionPack, Silver, Gold or null).
  keysRevealedAt, incidentsUsed, hoursUsed, status, activatedAt, expiresAt are read for a new
  benefit only; after that the bot keeps them.

CSV (examples/org/benefits.csv): one benefit per row, with the header
  id,category,kind,name_en,name_ja,quantity,instructions_en,instructions_ja,aliases,keys,
  link_title_en,link_title_ja,link_url
  and optionally requires_level (offers). aliases and keys are separated by ";"; category may be
  left empty (it follows from kind); a row carries at most one link (all three link cells, or none).
  Software download links do not fit in a CSV row: a new softwareKeys benefit must come from
  JSON, and a softwareKeys row in CSV can only update one that exists (its languages, OS types
  and download links are kept).

Usage:
  npm run org -- import-benefits --tenant <id> benefits.json|benefits.csv [--dry-run]

  --tenant   the organisation's tenant id
  --dry-run  list what would be added and updated; write nothing

Example:
  npm run org -- import-benefits --tenant ${EXAMPLE_TENANT} examples/org/benefits.json --dry-run

${COMMON_HELP}`,
    async run(ctx, values, [file = '']) {
      const tenant = required(values, 'tenant', 'import-benefits');
      const ext = path.extname(file).toLowerCase();
      if (ext !== '.csv' && ext !== '.json')
        throw new UsageError(
          `import-benefits takes a .csv or a .json file, not "${file}".`,
          'import-benefits',
        );
      const text = decodeUtf8(await readBytes(ctx.resolve(file)), file);
      const outcome = await withStores(ctx, (stores) =>
        importBenefits(
          stores.benefits,
          tenant,
          { text, format: ext === '.csv' ? 'csv' : 'json', source: file },
          cipherFor(ctx),
          { dryRun: values['dry-run'] === true },
        ),
      );
      ctx.io.out(`${formatOutcome(outcome)}\n`);
      return EXIT.ok;
    },
  },

  'export-assignments': {
    summary: 'who holds which benefit, as CSV',
    files: { min: 0, max: 0, name: '' },
    options: { tenant: { type: 'string' }, out: { type: 'string' } },
    help: `Write who holds which benefit as CSV, with the columns
  benefit, user name, email, state, assigned at, assigned by, alternative email
state is active or pendingActivation (a support benefit waiting for Microsoft, R6.3).

Usage:
  npm run org -- export-assignments --tenant <id> [--out assignments.csv]

  --tenant  the organisation's tenant id
  --out     write to this file (UTF-8 with a byte-order mark, so Excel shows Japanese names);
            without it the CSV goes to standard output: use npm run --silent org -- … > file.csv,
            as npm otherwise prints its own lines there too

A cell that starts with =, +, - or @ is written with a leading ' so spreadsheets do not run it.

${COMMON_HELP}`,
    run: (ctx, values) =>
      exportCsv(ctx, values, 'export-assignments', assignmentsCsv, 'assignment'),
  },

  directory: {
    summary: 'where its people live: the user list, or Microsoft Entra ID',
    files: { min: 1, max: 1, name: 'local or entra' },
    options: { tenant: { type: 'string' } },
    help: `Choose where an organisation's people live.

Usage:
  npm run org -- directory --tenant <id> entra
  npm run org -- directory --tenant <id> local

  entra  people are found by name or email in the organisation's Microsoft Entra ID (Microsoft
         Graph), with their Global Administrator and User Administrator roles; disabled and
         deleted accounts count as people who left. The bot needs a Graph app with User.Read.All
         and RoleManagement.Read.Directory, consented in that tenant (README: "People from
         Microsoft Entra ID"). Users are then added in Entra ID, not with import-users.
  local  the organisation's user list in the bot is its directory (import-users, "add user").

The users the bot already knows, their partner-program roles (MPN partner admin, Admin agent)
and every assignment stay as they are.

${COMMON_HELP}`,
    run: async (ctx, values, files) => {
      const tenant = required(values, 'tenant', 'directory');
      const choice = files[0];
      if (choice !== 'local' && choice !== 'entra')
        throw new UsageError(
          `directory takes local or entra (got ${choice ?? 'nothing'}).`,
          'directory',
        );
      const before = await withStores(ctx, (stores) =>
        setDirectory(stores.benefits, tenant, choice),
      );
      const name = (kind: string) => (kind === 'entra' ? 'Microsoft Entra ID' : 'its user list');
      ctx.io.out(
        before === choice
          ? `The organisation's people already come from ${name(choice)}; nothing changed.\n`
          : `The organisation's people now come from ${name(choice)} (before: ${name(before)}).\n`,
      );
      return EXIT.ok;
    },
  },

  'export-audit': {
    summary: 'the audit log, as CSV',
    files: { min: 0, max: 0, name: '' },
    options: { tenant: { type: 'string' }, out: { type: 'string' } },
    help: `Write the organisation's audit log, oldest first, as CSV with the columns
  at, actor name, action, benefit, subject, before, after
before and after are JSON. The audit log never holds keys: a reveal records who saw which
product's keys, when and where.

Usage:
  npm run org -- export-audit --tenant <id> [--out audit.csv]

  --tenant  the organisation's tenant id
  --out     write to this file (UTF-8 with a byte-order mark, for Excel); without it the CSV goes
            to standard output (use npm run --silent org -- … > file.csv)

${COMMON_HELP}`,
    run: (ctx, values) => exportCsv(ctx, values, 'export-audit', auditCsv, 'audit entry'),
  },

  migrate: {
    summary: 'copy the data file into a PostgreSQL database',
    files: { min: 0, max: 0, name: '' },
    options: {
      to: { type: 'string' },
      'database-url': { type: 'string' },
      'dry-run': { type: 'boolean' },
    },
    help: `Copy everything the bot's data file holds into a PostgreSQL database, to run several bot
instances on it: every organisation with its users, benefits (keys stay encrypted exactly as
stored: nothing is decrypted), assignments, audit log, service requests, asks, outbox,
notification settings and processed requests, and the bot's conversation and user state.

It is one transaction: before it commits, everything is read back from the database and compared
with the data file, count by count and document by document, and the counts are reported. A
database that already holds any of these organisations (or state) is refused: nothing is written.
The data file and the files beside it are only read (the lock file is taken while reading, so
stop the bot first). The database's tables are made if it has none.

Usage:
  npm run org -- migrate --to postgres [--database-url <url>] [--data <file>] [--dry-run]

  --to postgres     where to copy to (PostgreSQL is the only target)
  --database-url    the database, postgresql://user:password@host:5432/database?sslmode=verify-full.
                    Default: DATABASE_URL from the environment or .env, which is better: a password
                    on a command line can be seen by other users of the machine
  --dry-run         list what would be copied, and check that the database holds none of it yet;
                    write nothing

Keys travel sealed, so every instance on PostgreSQL needs KEYS_SECRET set to the secret they were
sealed with: if the bot ran in local mode without KEYS_SECRET, that is the key file
<DATA_FILE>.key beside the data file (the command reminds you; it never prints a secret).

Example:
  npm run org -- migrate --to postgres --dry-run
  npm run org -- migrate --to postgres

${COMMON_HELP}`,
    async run(ctx, values) {
      const to = required(values, 'to', 'migrate');
      if (to !== 'postgres' && to !== 'postgresql')
        throw new UsageError(`migrate copies to postgres only (got --to ${to}).`, 'migrate');
      const given = str(values, 'database-url');
      const url = given ?? ctx.io.env.DATABASE_URL;
      if (url === undefined || url.trim() === '')
        throw new UsageError(
          'migrate needs the database: set DATABASE_URL (environment or .env) or give --database-url.',
          'migrate',
        );
      const databaseUrl = checkDatabaseUrl(url);
      if (!existsSync(ctx.dataFile))
        throw new OrgCommandError(
          `There is no data file at ${ctx.dataFile} to copy: give --data (or set DATA_FILE) for the bot's data file.`,
        );
      const report = await migrateLowdbToPostgres({
        dataFile: ctx.dataFile,
        databaseUrl,
        dryRun: values['dry-run'] === true,
        keysSecret: ctx.config.keysSecret,
      });
      ctx.io.out(`${formatMigrationReport(report)}\n`);
      return EXIT.ok;
    },
  },
};

async function exportCsv(
  ctx: Context,
  values: Values,
  command: string,
  make: (
    store: OpenedStores['benefits'],
    tenantId: string,
  ) => Promise<{ csv: string; rows: number }>,
  noun: string,
): Promise<number> {
  const tenant = required(values, 'tenant', command);
  const { csv, rows } = await withStores(ctx, (stores) => make(stores.benefits, tenant));
  const out = str(values, 'out');
  if (out === undefined) {
    ctx.io.out(csv);
  } else {
    const file = ctx.resolve(out);
    // Names and emails: owner-only, as the data file they come from.
    await writeOwnerOnly(file, `\uFEFF${csv}`);
    ctx.io.out(`Wrote ${rows} ${rows === 1 ? noun : noun.replace(/y$/, 'ie') + 's'} to ${file}.\n`);
  }
  return EXIT.ok;
}

async function readBytes(file: string): Promise<Uint8Array> {
  try {
    return await readFile(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    throw new OrgCommandError(
      code === 'ENOENT'
        ? `There is no file ${file}.`
        : `Cannot read ${file} (${code ?? 'unknown error'}).`,
    );
  }
}

async function readText(file: string): Promise<string> {
  return decodeUtf8(await readBytes(file), path.basename(file));
}

/** The bot's cipher for this data file, loaded only when a key has to be read or sealed. */
function cipherFor(ctx: Context): CipherSource {
  let loading: Promise<KeyCipher> | undefined;
  return () =>
    (loading ??= loadKeyCipher({
      secret: ctx.config.keysSecret,
      dataFile: ctx.dataFile,
      localMode: ctx.config.localMode,
    }));
}

/** Opens the store the bot uses (a new data file or database starts empty), runs `work`, and always closes it. */
async function withStores<T>(ctx: Context, work: (stores: OpenedStores) => Promise<T>): Promise<T> {
  if (!ctx.databaseUrl && !ctx.mayCreate && !existsSync(ctx.dataFile)) {
    throw new OrgCommandError(
      `There is no data file at ${ctx.dataFile}: create an organisation first (npm run org -- create --help), or give --data (or set DATA_FILE) for the bot's data file.`,
    );
  }
  const stores = await openStores({
    dataFile: ctx.dataFile,
    databaseUrl: ctx.databaseUrl,
    seed: () => [],
  });
  try {
    return await work(stores);
  } finally {
    await stores.close();
  }
}

/** The settings, with --data for DATA_FILE. `migrate` reads the data file whatever DATABASE_URL says, so it leaves that setting to its own checks. */
function dataFileOf(
  values: Values,
  io: CliIo,
  withoutDatabase: boolean,
): { dataFile: string; config: Config } {
  const given = str(values, 'data');
  if (given !== undefined && !given.toLowerCase().endsWith('.json'))
    throw new UsageError(
      `--data must name the bot's data file, a .json file such as ./data/benefits.json (not "${given}").`,
    );
  const env: NodeJS.ProcessEnv = {
    ...io.env,
    ...(given !== undefined ? { DATA_FILE: given } : {}),
  };
  if (withoutDatabase) delete env.DATABASE_URL;
  const config = loadConfig(env);
  const dataFile =
    given !== undefined ? path.resolve(io.cwd, given) : path.resolve(io.root, config.dataFile);
  return { dataFile, config };
}

/** Runs one command line; returns the exit code. Problems go to io.err, results to io.out. */
export async function runOrgCli(args: string[], io: CliIo): Promise<number> {
  const [name, ...rest] = args;
  if (name === undefined) {
    io.err(`${MAIN_HELP}\n`);
    return EXIT.usage;
  }
  if (name === '--help' || name === '-h' || name === 'help') {
    const about = rest[0] !== undefined ? COMMANDS[rest[0]] : undefined;
    io.out(`${about?.help ?? MAIN_HELP}\n`);
    return EXIT.ok;
  }
  const command = COMMANDS[name];
  try {
    if (!command)
      throw new UsageError(
        `"${name}" is not a command; the commands are ${Object.keys(COMMANDS).join(', ')}.`,
      );
    let parsed;
    try {
      parsed = parseArgs({
        args: rest,
        options: {
          data: { type: 'string' },
          help: { type: 'boolean', short: 'h' },
          ...command.options,
        },
        allowPositionals: true,
        strict: true,
      });
    } catch (err) {
      throw new UsageError((err as Error).message, name);
    }
    const { values, positionals } = parsed;
    if (values.help === true) {
      io.out(`${command.help}\n`);
      return EXIT.ok;
    }
    if (positionals.length < command.files.min)
      throw new UsageError(`${name} needs a file: ${command.files.name}.`, name);
    if (positionals.length > command.files.max) {
      throw new UsageError(
        command.files.max === 0
          ? `${name} takes no file (got ${positionals.join(' ')}).`
          : `${name} takes one file (got ${positionals.join(' ')}).`,
        name,
      );
    }
    const { dataFile, config } = dataFileOf(values, io, name === 'migrate');
    const ctx: Context = {
      io,
      dataFile,
      databaseUrl: config.databaseUrl,
      config,
      mayCreate: name === 'create',
      resolve: (file) => path.resolve(io.cwd, file),
    };
    return await command.run(ctx, values, positionals);
  } catch (err) {
    return report(err, io);
  }
}

/** Every failure as the person running the command should read it; anything unexpected is rethrown. */
function report(err: unknown, io: CliIo): number {
  if (err instanceof UsageError) {
    io.err(`${err.message}\nSee: npm run org -- ${err.command ? `${err.command} ` : ''}--help\n`);
    return EXIT.usage;
  }
  if (err instanceof ImportRejectedError) {
    io.err(`${formatProblems(err)}\n`);
    return EXIT.badInput;
  }
  if (err instanceof DataFileLockedError) {
    io.err(`Stop the bot first: ${err.message}\n`);
    return EXIT.badInput;
  }
  if (err instanceof BenefitError && err.code === 'STORE.WRITE_FAILED') {
    io.err(
      `The store could not be written (${String(err.details.reason ?? 'unknown')}); nothing was changed.\n`,
    );
    return EXIT.badInput;
  }
  if (
    err instanceof OrgCommandError ||
    err instanceof StoreError ||
    err instanceof ConfigError ||
    err instanceof KeyCipherError
  ) {
    io.err(`${err.message}\n`);
    return EXIT.badInput;
  }
  throw err;
}

async function main(): Promise<void> {
  // As the bot reads them: the environment first, then .env in the folder it runs in.
  const dotenvFile = path.join(process.cwd(), '.env');
  const fromFile = existsSync(dotenvFile) ? parseDotenv(readFileSync(dotenvFile)) : {};
  process.exitCode = await runOrgCli(process.argv.slice(2), {
    env: { ...fromFile, ...process.env },
    cwd: process.env.INIT_CWD ?? process.cwd(),
    root: process.cwd(),
    out: (text) => process.stdout.write(text),
    err: (text) => process.stderr.write(text),
  });
}

if (require.main === module) {
  main().catch((err: unknown) => {
    console.error(`npm run org failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exitCode = 1;
  });
}
