import { reservedHours } from '../benefit-views';
import {
  ADMIN_ROLES,
  CATEGORY_OF_KIND,
  type Benefit,
  type OrganisationData,
  type TenantId,
  type User,
  type UserId,
} from '../model';
import type { BenefitStore } from '../ports';
import { KeyCipher } from '../secrets/key-cipher';
import { sameEmail, sameJson } from './parse';
import {
  OrgCommandError,
  plural,
  type ImportOutcome,
  type PlannedChange,
  type Problem,
} from './problems';
import { BENEFIT_ID, hasKeys, type BenefitInput, type UserRow } from './schemas';

/**
 * Matching what a file gives against what is stored: each row or benefit checked against the
 * others and the organisation, and what would be added, updated or left unchanged.
 */

/** The parts of one organisation an import plans against. */
export type Current = Pick<
  OrganisationData,
  'organisation' | 'users' | 'benefits' | 'assignments' | 'requests'
>;

export async function readCurrent(store: BenefitStore, tenantId: TenantId): Promise<Current> {
  const organisation = await store.organisation(tenantId);
  if (!organisation)
    throw new OrgCommandError(
      `There is no organisation with tenant id ${tenantId} in this data file; create it first (npm run org -- create --help).`,
    );
  const [users, benefits, assignments, requests] = await Promise.all([
    store.users(tenantId),
    store.benefits(tenantId),
    store.assignments(tenantId),
    store.requests(tenantId),
  ]);
  return {
    organisation,
    users: [...users],
    benefits: [...benefits],
    assignments: [...assignments],
    requests: [...requests],
  };
}

export interface UserChange {
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
export function planUsers(
  current: Pick<Current, 'users'>,
  rows: UserRow[],
  problems: Problem[],
): UserChange[] {
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
        rowProblems.push(
          `email ${row.email} belongs to ${sameAddress.displayName}, whose aadObjectId is ${sameAddress.id}, not ${row.aadObjectId}`,
        );
      } else {
        existing = sameAddress;
      }
    }
    for (const message of rowProblems) problems.push({ where: row.where, message });
    if (rowProblems.length === 0) matched.push({ row, existing });
  }

  // An address may move between people in one file, so clashes are checked against the result.
  const targeted = new Set(matched.flatMap((m) => (m.existing ? [m.existing.id] : [])));
  const untouchedOwner = new Map(
    current.users.filter((u) => !targeted.has(u.id)).map((u) => [u.email.toLowerCase(), u]),
  );
  const changes: UserChange[] = [];
  for (const { row, existing } of matched) {
    const owner = untouchedOwner.get(row.email.toLowerCase());
    if (owner) {
      problems.push({
        where: row.where,
        message: `email ${row.email} belongs to ${owner.displayName} (aadObjectId ${owner.id})`,
      });
      continue;
    }
    const user: User = {
      id: row.aadObjectId,
      displayName: row.name,
      aliases: row.aliases ?? existing?.aliases ?? [],
      email: row.email,
      roles: row.roles,
    };
    const fields = existing ? userFieldsChanged(existing, user) : [];
    changes.push({
      change: { id: user.id, label: userLabel(user), fields },
      replaces: existing?.id,
      user,
    });
  }
  return changes;
}

function userFieldsChanged(before: User, after: User): string[] {
  const fields: string[] = [];
  if (before.id !== after.id) fields.push('aadObjectId');
  if (before.displayName !== after.displayName) fields.push('name');
  if (before.email !== after.email) fields.push('email');
  if (
    !sameJson(
      ADMIN_ROLES.filter((r) => before.roles.includes(r)),
      after.roles,
    )
  )
    fields.push('roles');
  if (!sameJson(before.aliases, after.aliases)) fields.push('aliases');
  return fields;
}

export function outcomeOf<T extends { change: PlannedChange; replaces: string | undefined }>(
  subject: ImportOutcome['subject'],
  organisationName: string,
  changes: T[],
  dryRun: boolean,
) {
  const added = changes.filter((c) => c.replaces === undefined);
  const updated = changes.filter((c) => c.replaces !== undefined && c.change.fields.length > 0);
  const unchanged = changes.filter((c) => c.replaces !== undefined && c.change.fields.length === 0);
  return {
    toWrite: [...added, ...updated],
    outcome: {
      subject,
      organisationName,
      added: added.map((c) => c.change),
      updated: updated.map((c) => c.change),
      unchanged: unchanged.map((c) => c.change),
      written: false,
      dryRun,
    },
  };
}

/** How much of a stored benefit is in use: its quantity may not drop below it. */
function inUse(
  benefit: Benefit,
  current: Pick<Current, 'assignments' | 'requests'>,
): { amount: number; what: string } {
  const held = current.assignments.filter((a) => a.benefitId === benefit.id).length;
  switch (benefit.kind) {
    case 'seats':
    case 'usageSubscription':
      return { amount: held, what: plural(held, 'assignment') };
    case 'supportIncidents':
      return {
        amount: benefit.incidentsUsed,
        what: `${plural(benefit.incidentsUsed, 'incident')} used`,
      };
    case 'hours': {
      const used = benefit.hoursUsed + reservedHours(current.requests, benefit.id);
      return { amount: used, what: `${plural(used, 'hour')} used or reserved by requests` };
    }
    case 'offer':
      return benefit.status === 'notActivated'
        ? { amount: 0, what: '' }
        : { amount: 1, what: `an offer that is ${benefit.status}` };
    default:
      return { amount: 0, what: '' };
  }
}

/** Checks one benefit on its own and against what is stored; each problem is pushed. */
function checkBenefit(
  input: BenefitInput,
  existing: Benefit | undefined,
  current: Pick<Current, 'assignments' | 'requests'>,
  problems: Problem[],
): void {
  const bad = (message: string) => problems.push({ where: input.where, message });
  if (!BENEFIT_ID.test(input.id))
    bad(
      input.id
        ? `id "${input.id}" may hold only letters, digits, ".", "_" and "-" (up to 64)`
        : 'id is empty',
    );
  if (CATEGORY_OF_KIND[input.kind] !== input.category)
    bad(
      `a ${input.kind} benefit belongs to the category ${CATEGORY_OF_KIND[input.kind]}, not ${input.category}`,
    );
  if (input.keys) {
    const seen = new Map<string, number>();
    input.keys.forEach((key, i) => {
      // Problems name keys by position only: a report must never show a key.
      if (key.trim() === '') bad(`key ${i + 1} is empty`);
      else if (KeyCipher.isEncrypted(key.trim()))
        bad(
          `key ${i + 1} is already encrypted; give keys in clear text (they are encrypted on the way in)`,
        );
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
      if (!languages.includes(d.language))
        bad(`a download is for language ${d.language}, which is not in languages`);
      if (!osIds.includes(d.os)) bad(`a download is for OS "${d.os}", which is not in osTypes`);
    }
    for (const language of languages) {
      for (const os of osIds) {
        const count = downloads.filter((d) => d.language === language && d.os === os).length;
        if (count === 0)
          bad(
            `there is no download for ${language} / ${os} (R3.2: every language and OS type needs its link)`,
          );
        if (count > 1) bad(`there are ${count} downloads for ${language} / ${os}`);
      }
    }
  }
  if (!existing) {
    if (input.kind === 'softwareKeys' && !input.software) {
      bad(
        'a new software benefit needs its languages, OS types and download links, which only JSON can carry: add it with a .json file (see examples/org/benefits.json); a CSV row can only update a software benefit that exists',
      );
    }
    return;
  }
  if (existing.kind !== input.kind) {
    bad(`benefit ${input.id} exists as a ${existing.kind} benefit; its kind cannot change`);
    return;
  }
  const use = inUse(existing, current);
  if (input.quantity < existing.quantity && input.quantity < use.amount)
    bad(`quantity ${input.quantity} is below what is in use (${use.what})`);
}

export interface BenefitChange {
  change: PlannedChange;
  replaces: string | undefined;
  /** The benefit to store; its `keys` are the stored (encrypted) ones until `newKeys` are sealed in. */
  benefit: Benefit;
  /** Keys in clear text that replace the stored ones; undefined: the stored keys stay as they are. */
  newKeys: string[] | undefined;
}

export const storedKeysOf = (benefit: Benefit | undefined): string[] =>
  benefit && 'keys' in benefit ? benefit.keys : [];

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
      const software = input.software ?? {
        languages: prior?.languages ?? [],
        osTypes: prior?.osTypes ?? [],
        downloads: prior?.downloads ?? [],
      };
      return {
        ...base,
        kind: 'softwareKeys',
        ...software,
        keys,
        keysRevealedAt: prior ? prior.keysRevealedAt : (state.keysRevealedAt ?? null),
      };
    }
    case 'licenseKeys': {
      const prior = existing?.kind === 'licenseKeys' ? existing : undefined;
      return {
        ...base,
        kind: 'licenseKeys',
        keys,
        keysRevealedAt: prior ? prior.keysRevealedAt : (state.keysRevealedAt ?? null),
      };
    }
    case 'usageSubscription':
    case 'seats':
      return { ...base, kind: input.kind };
    case 'supportIncidents':
      return {
        ...base,
        kind: 'supportIncidents',
        incidentsUsed:
          existing?.kind === 'supportIncidents'
            ? existing.incidentsUsed
            : (state.incidentsUsed ?? 0),
      };
    case 'hours':
      return {
        ...base,
        kind: 'hours',
        hoursUsed: existing?.kind === 'hours' ? existing.hoursUsed : (state.hoursUsed ?? 0),
      };
    case 'offer': {
      const prior = existing?.kind === 'offer' ? existing : undefined;
      return {
        ...base,
        kind: 'offer',
        requiresLevel:
          input.requiresLevel !== undefined ? input.requiresLevel : (prior?.requiresLevel ?? null),
        status: prior ? prior.status : (state.status ?? 'notActivated'),
        activatedAt: prior ? prior.activatedAt : (state.activatedAt ?? null),
        expiresAt: prior ? prior.expiresAt : (state.expiresAt ?? null),
      };
    }
  }
}

const COMPARED_FIELDS = [
  'category',
  'name',
  'aliases',
  'quantity',
  'instructions',
  'links',
  'languages',
  'osTypes',
  'downloads',
  'requiresLevel',
] as const;

function benefitFieldsChanged(before: Benefit, after: Benefit): string[] {
  const a = before as unknown as Record<string, unknown>;
  const b = after as unknown as Record<string, unknown>;
  return COMPARED_FIELDS.filter((f) => !sameJson(a[f], b[f]));
}

/**
 * Matches each benefit to a stored one by id and works out what would change. Keys are compared
 * in clear text (`storedClearKeys`), since the same key is encrypted differently each time.
 */
export function planBenefits(
  current: Pick<Current, 'benefits' | 'assignments' | 'requests'>,
  inputs: BenefitInput[],
  storedClearKeys: ReadonlyMap<string, string[]>,
  problems: Problem[],
): BenefitChange[] {
  const seen = new Map<string, string>();
  const changes: BenefitChange[] = [];
  for (const input of inputs) {
    const before = problems.length;
    const earlier = seen.get(input.id);
    if (earlier)
      problems.push({ where: input.where, message: `id ${input.id} is already on ${earlier}` });
    else seen.set(input.id, input.where);
    const existing = current.benefits.find((b) => b.id === input.id);
    checkBenefit(input, existing, current, problems);
    if (problems.length > before) continue;
    const benefit = mergeBenefit(input, existing);
    const given = input.keys?.map((k) => k.trim());
    const keysDiffer = given !== undefined && !sameJson(given, storedClearKeys.get(input.id) ?? []);
    const fields = existing
      ? [...benefitFieldsChanged(existing, benefit), ...(keysDiffer ? ['keys'] : [])]
      : [];
    const keyCount = hasKeys(benefit.kind) ? (given ?? storedKeysOf(existing)).length : undefined;
    changes.push({
      change: {
        id: benefit.id,
        label: `${benefit.name.en} [${benefit.id}]`,
        fields,
        ...(keyCount === undefined ? {} : { keys: keyCount }),
      },
      replaces: existing?.id,
      benefit,
      newKeys: keysDiffer ? given : undefined,
    });
  }
  return changes;
}
