import type { AdminRole, User } from '../../services/model';
import type { DirectoryRoleRecord, GraphUserRecord, TenantDirectory } from './stand-ins';

/** Two organisations' Entra directories, as the Graph stand-in serves them. */
export const CONTOSO = '5b1a6a6e-3c39-4b0e-9f3a-0c5e8c1d2a01';
export const FABRIKAM = '8e2f4b1c-7d6a-4f5e-8a9b-1c2d3e4f5a02';
/** A tenant the identity server does not know. */
export const NOWHERE = '0d0d0d0d-0d0d-4d0d-8d0d-0d0d0d0d0d03';

export const MEGAN = '0a000001-0000-4000-8000-000000000001';
export const MEGHAN = '0a000001-0000-4000-8000-000000000002';
export const MEGUMI = '0a000001-0000-4000-8000-000000000003';
export const ADELE = '0a000001-0000-4000-8000-000000000004';
export const ALEX = '0a000001-0000-4000-8000-000000000005';
export const LEE = '0a000001-0000-4000-8000-000000000006';
export const LYNNE = '0a000001-0000-4000-8000-000000000007';
export const PATTI = '0a000001-0000-4000-8000-000000000008';
export const KATO = '0b000002-0000-4000-8000-000000000001';
/** A well-formed object id nobody has (a deleted account). */
export const GONE = '0a000001-0000-4000-8000-0000000000ff';

const role = (displayName: string, roleTemplateId: string): DirectoryRoleRecord => ({
  id: `role-${roleTemplateId.slice(0, 8)}`,
  displayName,
  roleTemplateId,
});
export const GLOBAL_ADMINISTRATOR = role(
  'Global Administrator',
  '62e90394-69f5-4237-9190-012177145e10',
);
export const USER_ADMINISTRATOR = role(
  'User Administrator',
  'fe930be7-5e62-47db-91af-98c3a49a38b1',
);
export const HELPDESK_ADMINISTRATOR = role(
  'Helpdesk Administrator',
  '729827e3-9c14-49f7-bb1b-9608f156bbb8',
);

function user(
  id: string,
  givenName: string | null,
  surname: string | null,
  mail: string | null,
  upn: string,
  accountEnabled = true,
  displayName = `${givenName} ${surname}`,
): GraphUserRecord {
  return {
    id,
    displayName,
    givenName,
    surname,
    mail,
    userPrincipalName: upn,
    accountEnabled,
    jobTitle: null,
  };
}

export const directories: Record<string, TenantDirectory> = {
  [CONTOSO]: {
    users: [
      user(MEGAN, 'Megan', 'Bowen', 'MeganB@contoso.com', 'MeganB@contoso.com'),
      user(MEGHAN, 'Meghan', 'Lee', 'meghan.lee@contoso.com', 'meghan.lee@contoso.com'),
      user(MEGUMI, 'Megumi', 'Sato', 'megumi.sato@contoso.com', 'megumi.sato@contoso.com'),
      user(ADELE, 'Adele', 'Vance', 'AdeleV@contoso.com', 'AdeleV@contoso.com'),
      user(ALEX, 'Alex', 'Wilber', 'AlexW@contoso.com', 'AlexW@contoso.com', false),
      user(LEE, 'Lee', "O'Brien", 'lee.obrien@contoso.com', 'lee.obrien@contoso.com'),
      user(LYNNE, 'Lynne', 'Robbins', null, 'LynneR@contoso.onmicrosoft.com'),
      user(PATTI, 'Patti', 'Fernandez', 'PattiF@contoso.com', 'PattiF@contoso.com'),
    ],
    roles: {
      [MEGAN]: [GLOBAL_ADMINISTRATOR],
      // Helpdesk first: the User Administrator role is on the second page of roles.
      [ADELE]: [HELPDESK_ADMINISTRATOR, USER_ADMINISTRATOR],
      [PATTI]: [
        USER_ADMINISTRATOR,
        {
          ...GLOBAL_ADMINISTRATOR,
          roleTemplateId: GLOBAL_ADMINISTRATOR.roleTemplateId.toUpperCase(),
        },
      ],
    },
  },
  [FABRIKAM]: {
    users: [user(KATO, 'Megan', 'Kato', 'megan.kato@fabrikam.com', 'megan.kato@fabrikam.com')],
    roles: { [KATO]: [GLOBAL_ADMINISTRATOR] },
  },
};

const ROLE_OF: Record<string, AdminRole> = {
  [GLOBAL_ADMINISTRATOR.roleTemplateId]: 'globalAdmin',
  [USER_ADMINISTRATOR.roleTemplateId]: 'userAdmin',
};

/** The same people as a local user list, with a partner-program role that no directory reports. */
export function localUsersOf(tenantId: string): User[] {
  const dir = directories[tenantId];
  if (!dir) return [];
  return dir.users.map((u) => {
    const roles = (dir.roles[u.id] ?? [])
      .map((r) => ROLE_OF[r.roleTemplateId.toLowerCase()])
      .filter((r): r is AdminRole => r !== undefined);
    if (u.id === ADELE) roles.push('mpnPartnerAdmin');
    return {
      id: u.id,
      displayName: u.displayName,
      aliases: [],
      email: u.mail ?? u.userPrincipalName,
      roles,
    };
  });
}
