import { DEFAULT_NOTIFICATION_SETTINGS } from '../notifications/model';
import type { DirectoryKind, Organisation, OrganisationData, TenantId } from '../model';
import type { BenefitStore } from '../ports';
import { isEmail, isoTime, oneOf, parseJson, zodProblems } from './parse';
import { ImportRejectedError, OrgCommandError, type Problem } from './problems';
import {
  JSON_NAMES,
  LEVELS,
  MANAGED_IN,
  organisationJson,
  type OrganisationFields,
} from './schemas';

/** A new organisation from options or organisation.json, added to the store; its directory setting. */

/**
 * Checks every field of a new organisation and returns it with no users or benefits yet, or
 * throws ImportRejectedError naming each field that is wrong (`names` says how to call them).
 */
export function newOrganisation(
  fields: OrganisationFields,
  names: Record<keyof OrganisationFields, string>,
  source: string,
): OrganisationData {
  const problems: Problem[] = [];
  const bad = (field: keyof OrganisationFields, message: string) =>
    problems.push({ where: names[field], message });
  const tenantId = fields.tenantId.trim();
  if (!/^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/.test(tenantId))
    bad(
      'tenantId',
      'must be the Microsoft Entra tenant id (a GUID such as 72f988bf-86f1-41af-91ab-2d7cd011db47)',
    );
  const name = fields.name.trim();
  if (!name) bad('name', 'is empty');
  const partnerCenterEmail = fields.partnerCenterEmail.trim();
  if (!isEmail(partnerCenterEmail))
    bad('partnerCenterEmail', `"${partnerCenterEmail}" is not an email address`);
  const partnerId = fields.partnerId.trim();
  if (!/^\S+$/.test(partnerId))
    bad('partnerId', 'must be the partner id (MPN ID), such as 4412345');
  const level = oneOf(LEVELS, fields.level);
  if (!level) bad('level', `"${fields.level}" is not one of ${LEVELS.join(', ')}`);
  const managedIn = oneOf(MANAGED_IN, fields.managedIn);
  if (!managedIn) bad('managedIn', `"${fields.managedIn}" is not one of ${MANAGED_IN.join(', ')}`);
  const competencies = [
    ...new Set(fields.competencies.map((c) => c.trim()).filter((c) => c !== '')),
  ];
  const packageName = fields.packageName.trim();
  if (!packageName) bad('packageName', 'is empty');
  const purchasedAt = isoTime(fields.purchased);
  if (!purchasedAt) bad('purchased', `"${fields.purchased}" is not a date such as 2026-04-01`);
  const expiresAt = isoTime(fields.expires);
  if (!expiresAt) bad('expires', `"${fields.expires}" is not a date such as 2027-03-31`);
  if (purchasedAt && expiresAt && expiresAt <= purchasedAt)
    bad('expires', 'must be after the purchase date');
  if (problems.length > 0 || !level || !managedIn || !purchasedAt || !expiresAt)
    throw new ImportRejectedError(source, problems);
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
  return {
    organisation,
    users: [],
    benefits: [],
    assignments: [],
    audit: [],
    processedRequests: [],
    requests: [],
    asks: [],
    outbox: [],
    notifications: { ...DEFAULT_NOTIFICATION_SETTINGS },
  };
}

/** An organisation as JSON, in the stored shape (dates may be plain days); see examples/org/organisation.json. */
export function organisationFromJson(text: string, source: string): OrganisationData {
  const parsed = organisationJson.safeParse(parseJson(text, source));
  if (!parsed.success)
    throw new ImportRejectedError(
      source,
      zodProblems(parsed.error, () => ''),
    );
  const o = parsed.data;
  return newOrganisation(
    {
      tenantId: o.tenantId,
      name: o.name,
      partnerCenterEmail: o.partnerCenterEmail,
      partnerId: o.partnerId,
      level: o.level,
      competencies: o.competencies,
      managedIn: o.managedIn,
      packageName: o.package.name,
      purchased: o.package.purchasedAt,
      expires: o.package.expiresAt,
    },
    JSON_NAMES,
    source,
  );
}

/** Adds the organisation; refuses a tenant the data file already holds. */
export async function createOrganisation(
  store: BenefitStore,
  data: OrganisationData,
): Promise<void> {
  const tenantId = data.organisation.tenantId;
  if (await store.organisation(tenantId)) {
    throw new OrgCommandError(
      `An organisation with tenant id ${tenantId} already exists in this data file; nothing was changed (change its users and benefits with import-users and import-benefits).`,
    );
  }
  await store.createOrganisation(data);
}

/**
 * Where an organisation's people live. 'entra': found and their roles read in Microsoft Entra ID
 * through Graph; the user list then keeps the people the bot meets, and their partner-program
 * roles. 'local': the user list is the directory. Returns the setting before.
 */
export async function setDirectory(
  store: BenefitStore,
  tenantId: TenantId,
  directory: DirectoryKind,
): Promise<DirectoryKind> {
  if (!(await store.organisation(tenantId)))
    throw new OrgCommandError(
      `There is no organisation with the tenant id ${tenantId} in this data file.`,
    );
  return store.unitOfWork(tenantId, (data) => {
    const before = data.organisation.directory ?? 'local';
    if (directory === 'local') delete data.organisation.directory;
    else data.organisation.directory = directory;
    return before;
  });
}
