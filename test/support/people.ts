import { CONTOSO_TENANT, FABRIKAM_TENANT } from '../../services/seed/demo-organisations';

export { CONTOSO_TENANT, FABRIKAM_TENANT };
export const UNKNOWN_TENANT = '99999999-9999-9999-9999-999999999999';

/** The demo people tests speak as, from demo-organisations.md. */
export const people = {
  alex: {
    tenantId: CONTOSO_TENANT,
    userId: '00000000-0000-0000-0000-0000000000020',
    displayName: 'Alex Wilber',
  },
  megan: {
    tenantId: CONTOSO_TENANT,
    userId: '00000000-0000-0000-0000-0000000000021',
    displayName: 'Megan Bowen',
  },
  adele: {
    tenantId: CONTOSO_TENANT,
    userId: '00000000-0000-0000-0000-0000000000022',
    displayName: 'Adele Vance',
  },
  isaiah: {
    tenantId: CONTOSO_TENANT,
    userId: '00000000-0000-0000-0000-0000000000023',
    displayName: 'Isaiah Langer',
  },
  patti: {
    tenantId: CONTOSO_TENANT,
    userId: '00000000-0000-0000-0000-0000000000024',
    displayName: 'Patti Fernandez',
  },
  ana: {
    tenantId: CONTOSO_TENANT,
    userId: '00000000-0000-0000-0000-0000000000101',
    displayName: 'Ana Bowman',
  },
  leeGu: {
    tenantId: CONTOSO_TENANT,
    userId: '00000000-0000-0000-0000-0000000000102',
    displayName: 'Lee Gu',
  },
  taro: {
    tenantId: CONTOSO_TENANT,
    userId: '00000000-0000-0000-0000-0000000000104',
    displayName: '田中 太郎',
  },
  stranger: {
    tenantId: CONTOSO_TENANT,
    userId: '00000000-0000-0000-0000-0000000009999',
    displayName: 'New Starter',
  },
  kenji: {
    tenantId: FABRIKAM_TENANT,
    userId: '00000000-0000-0000-0000-0000000000201',
    displayName: 'Kenji Sato',
  },
  outsider: {
    tenantId: UNKNOWN_TENANT,
    userId: '00000000-0000-0000-0000-0000000000301',
    displayName: 'Olga Outsider',
  },
} as const;

export type Person = (typeof people)[keyof typeof people];
