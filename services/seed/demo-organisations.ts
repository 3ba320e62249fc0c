import { DEFAULT_NOTIFICATION_SETTINGS } from '../notifications/model';
import { addDays } from '../clock';
import type {
  AdminRole,
  Benefit,
  Download,
  LanguageCode,
  Link,
  OrganisationData,
  User,
} from '../model';

/**
 * The two demo organisations that a fresh data file starts with. Names, ids, emails and
 * quantities are a contract (shared/spec/demo-organisations.md): keep them exact.
 * Keys are not seeded here; they are stored encrypted once key reveal exists.
 */

export const CONTOSO_TENANT = '00000000-0000-0000-0000-0000000000001';
export const FABRIKAM_TENANT = '00000000-0000-0000-0000-0000000000002';

const link = (en: string, ja: string, url: string): Link => ({ title: { en, ja }, url });

export const PORTALS = {
  partnerCenterBenefits: 'https://partnercenter.microsoft.com/pcv/partnership/benefits',
  advisoryRequest:
    'https://partnercenter.microsoft.com/pcv/partnership/benefits/createadvisoryhoursservicerequest',
  visualStudio: 'https://my.visualstudio.com',
  azure: 'https://portal.azure.com',
  m365Admin: 'https://admin.microsoft.com',
  powerPlatformAdmin: 'https://admin.powerplatform.microsoft.com',
  support: 'https://partner.microsoft.com/support',
  goToMarket: 'https://partner.microsoft.com/membership/go-to-market',
} as const;

/**
 * Made-up keys in the product key format (XXXXX-XXXXX-XXXXX-XXXXX-XXXXX), never real ones.
 * They are in clear text only here: sealOrganisationKeys encrypts them before anything is stored.
 */
function demoKeys(prefix: string, count: number): string[] {
  const alphabet = 'BCDFGHJKMPQRTVWXY2346789';
  return Array.from({ length: count }, (_, k) => {
    const groups = [prefix];
    for (let g = 1; g < 5; g++) {
      let group = '';
      for (let c = 0; c < 5; c++)
        group +=
          alphabet[
            (prefix.charCodeAt(c % prefix.length) * 7 + k * 31 + g * 13 + c * 17) % alphabet.length
          ];
      groups.push(group);
    }
    return groups.join('-');
  });
}

function user(
  id: string,
  displayName: string,
  email: string,
  roles: AdminRole[],
  aliases: string[] = [],
): User {
  return { id, displayName, email, roles, aliases };
}

function downloads(product: string, languages: LanguageCode[], osTypes: string[]): Download[] {
  const tags: Record<LanguageCode, string> = { en: 'en-us', ja: 'ja-jp' };
  return languages.flatMap((language) =>
    osTypes.map((os) => ({
      language,
      os,
      url: `https://download.partner-benefits.example/${product}/${tags[language]}/${os}`,
    })),
  );
}

const OS = {
  x64: { id: 'x64', label: { en: '64-bit (x64)', ja: '64 ビット (x64)' } },
  arm64: { id: 'arm64', label: { en: 'ARM64', ja: 'ARM64' } },
  x86: { id: 'x86', label: { en: '32-bit', ja: '32 ビット' } },
};

const VS_SEAT_INSTRUCTIONS = {
  en: 'Each seat is for one named user, who signs in to the Visual Studio portal with their work account.',
  ja: '各シートは 1 人のユーザー用です。ユーザーは職場のアカウントで Visual Studio ポータルにサインインします。',
};

const getKeysLink = link(
  'Get keys in Partner Center',
  'パートナー センターでキーを取得',
  PORTALS.partnerCenterBenefits,
);
const assignLink = link(
  'Assign users in Partner Center',
  'パートナー センターでユーザーを割り当てる',
  PORTALS.partnerCenterBenefits,
);

function contosoBenefits(): Benefit[] {
  return [
    {
      id: 'windows-11-enterprise',
      category: 'software',
      kind: 'softwareKeys',
      quantity: 5,
      name: { en: 'Windows 11 Enterprise', ja: 'Windows 11 Enterprise' },
      aliases: ['Windows 11', 'Win 11', 'Windows', 'ウィンドウズ'],
      instructions: {
        en: 'Use these keys only on computers used by your organisation. Activate each key within 30 days of installing.',
        ja: 'これらのキーは組織で使用するコンピューターでのみ使用してください。インストール後 30 日以内に各キーをライセンス認証してください。',
      },
      links: [getKeysLink],
      languages: ['en', 'ja'],
      osTypes: [OS.x64, OS.arm64],
      downloads: downloads('windows-11-enterprise', ['en', 'ja'], ['x64', 'arm64']),
      keys: demoKeys('W11EN', 5),
      keysRevealedAt: null,
    },
    {
      id: 'office-ltsc-2024',
      category: 'software',
      kind: 'softwareKeys',
      quantity: 5,
      name: { en: 'Office LTSC Professional Plus 2024', ja: 'Office LTSC Professional Plus 2024' },
      aliases: ['Office', 'Office LTSC', 'Office 2024', 'オフィス'],
      instructions: {
        en: 'Uninstall other Office versions first. Each key activates one installation.',
        ja: '先に他のバージョンの Office をアンインストールしてください。各キーで 1 台のインストールをライセンス認証できます。',
      },
      links: [getKeysLink],
      languages: ['en', 'ja'],
      osTypes: [OS.x64, OS.x86],
      downloads: downloads('office-ltsc-2024', ['en', 'ja'], ['x64', 'x86']),
      keys: demoKeys('OFC24', 5),
      keysRevealedAt: null,
    },
    {
      id: 'windows-server-2025-datacenter',
      category: 'software',
      kind: 'softwareKeys',
      quantity: 2,
      name: { en: 'Windows Server 2025 Datacenter', ja: 'Windows Server 2025 Datacenter' },
      aliases: ['Windows Server', 'Server', 'Windows', 'ウィンドウズ サーバー'],
      instructions: {
        en: 'For internal use only, not for hosting customer workloads.',
        ja: '社内使用に限ります。顧客のワークロードのホストには使用できません。',
      },
      links: [getKeysLink],
      languages: ['en', 'ja'],
      osTypes: [OS.x64, OS.arm64],
      downloads: downloads('windows-server-2025-datacenter', ['en', 'ja'], ['x64', 'arm64']),
      keys: demoKeys('WS25D', 2),
      keysRevealedAt: null,
    },
    {
      id: 'azure-monthly-credit',
      category: 'cloud',
      kind: 'usageSubscription',
      quantity: 1,
      name: {
        en: 'Microsoft Azure ($120 monthly credit)',
        ja: 'Microsoft Azure (毎月 $120 のクレジット)',
      },
      aliases: ['Azure', 'Microsoft Azure', 'アジュール'],
      instructions: {
        en: 'Activated by assigning yourself as its user; then managed in the Azure portal.',
        ja: '自分をユーザーとして割り当てるとアクティブ化されます。その後は Azure ポータルで管理します。',
      },
      links: [link('Azure portal', 'Azure ポータル', PORTALS.azure)],
    },
    {
      id: 'microsoft-365-e5',
      category: 'cloud',
      kind: 'licenseKeys',
      quantity: 25,
      name: { en: 'Microsoft 365 E5', ja: 'Microsoft 365 E5' },
      aliases: ['M365', 'Microsoft 365', 'O365', 'Office 365', 'E5'],
      instructions: {
        en: 'Redeem the licence key in the Microsoft 365 admin center, then assign licences to your users there.',
        ja: 'Microsoft 365 管理センターでライセンス キーを引き換え、そこでユーザーにライセンスを割り当ててください。',
      },
      links: [
        link('Microsoft 365 admin center', 'Microsoft 365 管理センター', PORTALS.m365Admin),
        getKeysLink,
      ],
      keys: demoKeys('M365E', 1),
      keysRevealedAt: null,
    },
    {
      id: 'dynamics-365-sales-enterprise',
      category: 'cloud',
      kind: 'licenseKeys',
      quantity: 5,
      name: { en: 'Dynamics 365 Sales Enterprise', ja: 'Dynamics 365 Sales Enterprise' },
      aliases: ['Dynamics', 'Dynamics 365', 'D365', 'CRM'],
      instructions: {
        en: 'Redeem the licence key, then create the environment in the Power Platform admin center.',
        ja: 'ライセンス キーを引き換えてから、Power Platform 管理センターで環境を作成してください。',
      },
      links: [
        link(
          'Power Platform admin center',
          'Power Platform 管理センター',
          PORTALS.powerPlatformAdmin,
        ),
        getKeysLink,
      ],
      keys: demoKeys('D365S', 1),
      keysRevealedAt: null,
    },
    {
      id: 'visual-studio-enterprise',
      category: 'visualStudio',
      kind: 'seats',
      quantity: 3,
      name: {
        en: 'Visual Studio Enterprise subscription',
        ja: 'Visual Studio Enterprise サブスクリプション',
      },
      aliases: [
        'VS',
        'Visual Studio',
        'VS Enterprise',
        'VS Ent',
        'VSE',
        'MSDN',
        'ビジュアルスタジオ',
        'ビジュアル スタジオ',
      ],
      instructions: VS_SEAT_INSTRUCTIONS,
      links: [
        link('Visual Studio portal', 'Visual Studio ポータル', PORTALS.visualStudio),
        assignLink,
      ],
    },
    {
      id: 'visual-studio-professional',
      category: 'visualStudio',
      kind: 'seats',
      quantity: 5,
      name: {
        en: 'Visual Studio Professional subscription',
        ja: 'Visual Studio Professional サブスクリプション',
      },
      aliases: [
        'VS',
        'Visual Studio',
        'VS Pro',
        'VS Professional',
        'VSP',
        'MSDN',
        'ビジュアルスタジオ',
        'ビジュアル スタジオ',
      ],
      instructions: VS_SEAT_INSTRUCTIONS,
      links: [
        link('Visual Studio portal', 'Visual Studio ポータル', PORTALS.visualStudio),
        assignLink,
      ],
    },
    {
      id: 'product-support-incidents',
      category: 'technical',
      kind: 'supportIncidents',
      quantity: 10,
      incidentsUsed: 0,
      name: {
        en: 'Microsoft product support incidents',
        ja: 'マイクロソフト製品サポート インシデント',
      },
      aliases: [
        'Support',
        'Product support',
        'Support incidents',
        'Microsoft support',
        'サポート',
        'サポート インシデント',
        '製品サポート',
      ],
      instructions: {
        en: 'Assign a user and an alternative email address, different from the Partner Center account email. Activation can take several days.',
        ja: 'ユーザーと、パートナー センター アカウントとは異なる別のメール アドレスを割り当てます。アクティブ化には数日かかることがあります。',
      },
      links: [
        link('Microsoft partner support', 'マイクロソフト パートナー サポート', PORTALS.support),
        assignLink,
      ],
    },
    {
      id: 'partner-advisory-hours',
      category: 'technical',
      kind: 'hours',
      quantity: 20,
      hoursUsed: 0,
      name: { en: 'Partner advisory hours', ja: 'パートナー相談時間' },
      aliases: ['Advisory hours', 'Advisory', 'Partner advisory', '相談時間', 'パートナー相談時間'],
      instructions: {
        en: 'Technical help in the presales, design, deployment and app development phases of cloud and hybrid solutions.',
        ja: 'クラウドおよびハイブリッド ソリューションのプリセールス、設計、デプロイメント、アプリケーション開発の各局面での技術支援です。',
      },
      links: [link('Request form', 'リクエスト フォーム', PORTALS.advisoryRequest)],
    },
    {
      id: 'technical-presales-deployment',
      category: 'technical',
      kind: 'hours',
      quantity: 10,
      hoursUsed: 0,
      name: {
        en: 'Technical presales and deployment services',
        ja: 'テクニカル プリセールスおよびデプロイメント サービス',
      },
      aliases: [
        'Presales',
        'Pre-sales',
        'Deployment services',
        'Presales and deployment',
        'プリセールス',
        'デプロイメント',
      ],
      instructions: {
        en: 'Presales and deployment assistance from Microsoft engineers, requested with the request form.',
        ja: 'マイクロソフトのエンジニアによるプリセールスとデプロイメントの支援です。リクエスト フォームで依頼します。',
      },
      links: [link('Request form', 'リクエスト フォーム', PORTALS.advisoryRequest)],
    },
    offer('silver-core', { en: 'Silver Core', ja: 'シルバー コア' }, 'Silver', [
      'Silver',
      'シルバーコア',
      'シルバー',
    ]),
    offer('gold-core', { en: 'Gold Core', ja: 'ゴールド コア' }, 'Gold', [
      'Gold',
      'ゴールドコア',
      'ゴールド',
    ]),
    offer('isv-co-sell-ready', { en: 'ISV Co-sell ready', ja: 'ISV 共同販売対応' }, null, [
      'ISV',
      'Co-sell',
      'Co-sell ready',
      'ISV co-sell',
      '共同販売',
    ]),
  ];
}

function offer(
  id: string,
  name: { en: string; ja: string },
  requiresLevel: 'Silver' | 'Gold' | null,
  aliases: string[],
): Benefit {
  return {
    id,
    category: 'goToMarket',
    kind: 'offer',
    quantity: 1,
    name,
    aliases,
    requiresLevel,
    status: 'notActivated',
    activatedAt: null,
    expiresAt: null,
    instructions: {
      en: 'A company marketing contact must be assigned before the offer can be activated. Activation can take several days.',
      ja: 'オファーをアクティブ化する前に、会社のマーケティング担当者を割り当てる必要があります。アクティブ化には数日かかることがあります。',
    },
    links: [link('Go-To-Market offers', '市場投入オファー', PORTALS.goToMarket)],
  };
}

export function demoOrganisations(now: Date): OrganisationData[] {
  const contosoUsers: User[] = [
    user('00000000-0000-0000-0000-0000000000020', 'Alex Wilber', 'alex@contoso.com', [
      'globalAdmin',
    ]),
    user('00000000-0000-0000-0000-0000000000021', 'Megan Bowen', 'megan@contoso.com', [
      'mpnPartnerAdmin',
    ]),
    user('00000000-0000-0000-0000-0000000000022', 'Adele Vance', 'adele@contoso.com', [
      'userAdmin',
    ]),
    user('00000000-0000-0000-0000-0000000000023', 'Isaiah Langer', 'isaiah@contoso.com', [
      'adminAgent',
    ]),
    user('00000000-0000-0000-0000-0000000000024', 'Patti Fernandez', 'patti@contoso.com', []),
    user('00000000-0000-0000-0000-0000000000025', 'Lynne Robbins', 'lynne@contoso.com', []),
    user('00000000-0000-0000-0000-0000000000101', 'Ana Bowman', 'ana@contoso.com', []),
    user('00000000-0000-0000-0000-0000000000102', 'Lee Gu', 'lee.gu@contoso.com', []),
    user('00000000-0000-0000-0000-0000000000103', 'Lee Park', 'lee.park@contoso.com', []),
    user(
      '00000000-0000-0000-0000-0000000000104',
      '田中 太郎',
      'taro@contoso.com',
      [],
      ['Taro Tanaka'],
    ),
    user(
      '00000000-0000-0000-0000-0000000000105',
      '鈴木 花子',
      'hanako@contoso.com',
      [],
      ['Hanako Suzuki'],
    ),
    user('00000000-0000-0000-0000-0000000000106', 'Diego Siciliani', 'diego@contoso.com', []),
    user('00000000-0000-0000-0000-0000000000107', 'Nestor Wilke', 'nestor@contoso.com', []),
    user('00000000-0000-0000-0000-0000000000108', 'Johanna Lorenz', 'johanna@contoso.com', []),
  ];
  const contoso: OrganisationData = {
    organisation: {
      tenantId: CONTOSO_TENANT,
      name: 'Contoso Partners',
      partnerCenterEmail: 'partnercenter@contoso.com',
      partnerId: '4412345',
      level: 'Silver',
      competencies: ['Cloud Platform'],
      managedIn: 'partnerCenter',
      package: {
        name: 'Silver Cloud Platform membership',
        purchasedAt: addDays(now, -12).toISOString(),
        expiresAt: addDays(now, 353).toISOString(),
      },
      marketingContact: null,
    },
    users: contosoUsers,
    benefits: contosoBenefits(),
    assignments: [
      {
        id: 'seed-vs-enterprise-lee-gu',
        benefitId: 'visual-studio-enterprise',
        userId: '00000000-0000-0000-0000-0000000000102',
        state: 'active',
        assignedAt: addDays(now, -10).toISOString(),
        assignedBy: '00000000-0000-0000-0000-0000000000020',
        alternativeEmail: null,
        activatedAt: addDays(now, -10).toISOString(),
      },
    ],
    audit: [],
    processedRequests: [],
    requests: [],
    asks: [],
    outbox: [],
    notifications: { ...DEFAULT_NOTIFICATION_SETTINGS },
  };

  const fabrikam: OrganisationData = {
    organisation: {
      tenantId: FABRIKAM_TENANT,
      name: 'Fabrikam Consulting',
      partnerCenterEmail: 'pc@fabrikam.com',
      partnerId: '5523456',
      level: 'ActionPack',
      competencies: [],
      managedIn: 'pmc',
      package: {
        name: 'Action Pack',
        purchasedAt: addDays(now, -40).toISOString(),
        expiresAt: addDays(now, 325).toISOString(),
      },
      marketingContact: null,
    },
    users: [
      user('00000000-0000-0000-0000-0000000000201', 'Kenji Sato', 'kenji@fabrikam.com', [
        'globalAdmin',
      ]),
      user('00000000-0000-0000-0000-0000000000202', 'Ana Ruiz', 'ana@fabrikam.com', []),
    ],
    benefits: [
      {
        id: 'visual-studio-professional',
        category: 'visualStudio',
        kind: 'seats',
        quantity: 3,
        name: {
          en: 'Visual Studio Professional subscription',
          ja: 'Visual Studio Professional サブスクリプション',
        },
        aliases: ['VS', 'Visual Studio', 'VS Pro', 'VS Professional'],
        instructions: VS_SEAT_INSTRUCTIONS,
        links: [link('Visual Studio portal', 'Visual Studio ポータル', PORTALS.visualStudio)],
      },
    ],
    assignments: [],
    audit: [],
    processedRequests: [],
    requests: [],
    asks: [],
    outbox: [],
    notifications: { ...DEFAULT_NOTIFICATION_SETTINGS },
  };
  return [contoso, fabrikam];
}
