import type { OrganisationData, TenantId, UserId } from '../model';
import type { BenefitStore } from '../ports';
import { describeIssues, organisationDataSchema } from '../store/schema';
import { parseBenefitsCsv, parseBenefitsJson, parseUsersCsv } from './parse';
import { outcomeOf, planBenefits, planUsers, readCurrent } from './plan';
import {
  ImportRejectedError,
  redactKeys,
  sortProblems,
  type ImportOptions,
  type ImportOutcome,
} from './problems';
import { openStoredKeys, sealKeys, type CipherSource } from './seal';

/**
 * The imports themselves: read, plan, and write the whole of it in one unit of work, or throw
 * ImportRejectedError with every problem and write nothing.
 */

/** Every write ends here: the whole organisation must still be valid, or nothing is written. */
function assertValid(draft: OrganisationData): void {
  const result = organisationDataSchema.safeParse(draft);
  if (!result.success)
    throw new Error(
      `The import would leave the organisation invalid (${describeIssues(result.error)}); nothing was written.`,
    );
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

/** Adds and updates the users of users.csv, all or nothing (see planUsers). */
export async function importUsers(
  store: BenefitStore,
  tenantId: TenantId,
  csv: string,
  source: string,
  options: ImportOptions = {},
): Promise<ImportOutcome> {
  const current = await readCurrent(store, tenantId);
  const { rows, problems } = parseUsersCsv(csv);
  const changes = planUsers(current, rows, problems);
  if (problems.length > 0) throw new ImportRejectedError(source, sortProblems(problems));
  const { toWrite, outcome } = outcomeOf(
    'users',
    current.organisation.name,
    changes,
    options.dryRun ?? false,
  );
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
  const { inputs, problems, secrets } =
    file.format === 'csv' ? parseBenefitsCsv(file.text) : parseBenefitsJson(file.text, file.source);
  const storedClear =
    problems.length > 0
      ? new Map<string, string[]>()
      : await openStoredKeys(current, inputs, cipher);
  const changes = planBenefits(current, inputs, storedClear, problems);
  if (problems.length > 0)
    throw new ImportRejectedError(file.source, sortProblems(redactKeys(problems, secrets)));
  const { toWrite, outcome } = outcomeOf(
    'benefits',
    current.organisation.name,
    changes,
    options.dryRun ?? false,
  );
  if (options.dryRun || toWrite.length === 0) return outcome;
  const sealer = toWrite.some((c) => c.newKeys !== undefined) ? await cipher() : undefined;
  const sealed = toWrite.map((c) => ({
    replaces: c.replaces,
    benefit: sealer ? sealKeys(c, storedClear.get(c.benefit.id), sealer) : c.benefit,
  }));
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
