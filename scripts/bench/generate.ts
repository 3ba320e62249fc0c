/**
 * Data sets for `npm run bench`, written through the store itself (openLowdbStores with its `seed`
 * option, keys sealed as bot/app.ts does), so every file is exactly what the bot would write:
 *
 *   demo  the two demo organisations (shared/spec/demo-organisations.md), with Contoso's Visual
 *         Studio Enterprise seats raised so that every benchmark connection has a free seat;
 *   a     one organisation (Contoso) with 5,000 users and 20,000 assignments;
 *   b     2,000 organisations of 20 users (Contoso and Fabrikam as in "demo", and 1,998 more).
 *
 * Contoso's 14 demo users, benefits and tenant id are in every set, so the same activities (Alex
 * Wilber asking, Ana Bowman being assigned) drive each of them.
 *
 *   node dist/scripts/bench/generate.js <demo|a|b> <dir> [--seats N]
 */
import { mkdir, readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { addDays } from '../../services/clock';
import type { Assignment, Benefit, OrganisationData, User } from '../../services/model';
import { CONTOSO_TENANT, demoOrganisations } from '../../services/seed/demo-organisations';
import { KeyCipher, loadKeyCipher } from '../../services/secrets/key-cipher';
import { sealOrganisationKeys } from '../../services/secrets/seal';
import { openLowdbStores, storeLayout } from '../../services/store/lowdb-store';
import { openStores } from '../../services/store/open-stores';

/** The bot's clock in the benchmark (BENEFITS_NOW), so that every run sees the same dates. */
export const BENCH_NOW = '2026-11-24T09:00:00Z';
export const VS_ENTERPRISE = 'visual-studio-enterprise';
export const ALEX = '00000000-0000-0000-0000-0000000000020';
export const LEE_GU = '00000000-0000-0000-0000-0000000000102';

export type DatasetName = 'demo' | 'a' | 'b';
export const DATASETS: readonly DatasetName[] = ['demo', 'a', 'b'];

export interface DatasetSpec {
  /** Free Visual Studio Enterprise seats Contoso must have (one per benchmark connection, and spare). */
  freeSeats: number;
  /** (a) */
  users: number;
  assignments: number;
  /** (b) */
  organisations: number;
  usersPerOrganisation: number;
}

export const DEFAULT_SPEC: DatasetSpec = {
  freeSeats: 14,
  users: 5_000,
  assignments: 20_000,
  organisations: 2_000,
  usersPerOrganisation: 20,
};

export interface GeneratedDataset {
  name: DatasetName;
  dataFile: string;
  organisations: number;
  users: number;
  assignments: number;
  /** The organisation files' total size on disk (lowdb), or the database's size (PostgreSQL), in bytes. */
  bytes: number;
  ms: number;
}

const FIRST = [
  'Aiden',
  'Beatriz',
  'Carlos',
  'Dana',
  'Elif',
  'Farah',
  'Gustav',
  'Hana',
  'Ivo',
  'Jonas',
  'Keiko',
  'Liam',
  'Mara',
  'Nadia',
  'Oskar',
  'Priya',
  'Quinn',
  'Rosa',
  'Sven',
  'Tamsin',
  'Umar',
  'Vera',
  'Wiebke',
  'Xavier',
  'Yara',
  'Zoltan',
  'Amara',
  'Bruno',
  'Chiara',
  'Dmitri',
  'Esme',
  'Felix',
  'Greta',
  'Hugo',
  'Ines',
  'Jasper',
  'Kofi',
  'Leila',
  'Milan',
  'Noor',
  'Olga',
  'Pavel',
  'Rhea',
  'Soren',
  'Talia',
  'Ulrich',
  'Viktor',
  'Wanda',
  'Yusuf',
  'Zara',
  'Anika',
  'Benoit',
  'Cyrus',
  'Delia',
  'Emil',
  'Fiona',
  'Gideon',
  'Helga',
  'Idris',
  'Juno',
  'Kasper',
  'Lorena',
  'Mateo',
  'Nils',
  'Orla',
  'Piet',
  'Rania',
  'Stellan',
  'Thea',
  'Valter',
];
const LAST = [
  'Abara',
  'Berg',
  'Castell',
  'Dahl',
  'Eklund',
  'Ferraro',
  'Gallo',
  'Holm',
  'Ivanova',
  'Jensen',
  'Kowalski',
  'Lindqvist',
  'Moreau',
  'Nakagawa',
  'Okafor',
  'Petrov',
  'Quist',
  'Rahman',
  'Sato',
  'Takeda',
  'Ulloa',
  'Varga',
  'Winther',
  'Xu',
  'Yilmaz',
  'Zeller',
  'Arslan',
  'Brandt',
  'Costa',
  'Duarte',
  'Engel',
  'Fischer',
  'Gomez',
  'Hansen',
  'Iqbal',
  'Jovanovic',
  'Keller',
  'Larsen',
  'Mendes',
  'Novak',
  'Olsen',
  'Pereira',
  'Ramos',
  'Schmidt',
  'Tanaka',
  'Urban',
  'Vogel',
  'Weber',
  'Yamada',
  'Ziegler',
  'Alves',
  'Bauer',
  'Cruz',
  'Dietrich',
  'Esposito',
  'Fuchs',
  'Graf',
  'Horvat',
  'Ito',
  'Jung',
  'Koch',
  'Lange',
  'Marino',
  'Nieminen',
  'Ortiz',
  'Pohl',
  'Richter',
  'Santos',
  'Thorsen',
  'Vidal',
  'Wolff',
  'Zimmer',
  'Aalto',
  'Bianchi',
  'Coelho',
];

/** The n-th generated person (n from 0): a unique "First Last" (then "First Last 2" …), an ASCII email. */
function generatedUser(
  n: number,
  idPrefix: string,
  domain: string,
  roles: User['roles'] = [],
): User {
  const first = FIRST[n % FIRST.length] ?? 'Alex';
  const last = LAST[Math.floor(n / FIRST.length) % LAST.length] ?? 'Smith';
  const round = Math.floor(n / (FIRST.length * LAST.length));
  const displayName = round === 0 ? `${first} ${last}` : `${first} ${last} ${round + 1}`;
  return {
    id: `${idPrefix}${n.toString(16).padStart(12, '0')}`,
    displayName,
    email: `${first}.${last}${round === 0 ? '' : round + 1}.${n}@${domain}`.toLowerCase(),
    roles,
    aliases: [],
  };
}

function seatBenefit(
  id: string,
  en: string,
  ja: string,
  aliases: string[],
  quantity: number,
): Benefit {
  return {
    id,
    category: 'visualStudio',
    kind: 'seats',
    quantity,
    name: { en, ja },
    aliases,
    instructions: {
      en: 'Each seat is for one named user.',
      ja: '各シートは 1 人のユーザー用です。',
    },
    links: [
      {
        title: { en: 'Visual Studio portal', ja: 'Visual Studio ポータル' },
        url: 'https://my.visualstudio.com',
      },
    ],
  };
}

/** Extra seat benefits for (a), so that 20,000 assignments fit with one seat per user per benefit. */
const EXTRA_SEATS: { id: string; en: string; ja: string; aliases: string[] }[] = [
  {
    id: 'github-enterprise',
    en: 'GitHub Enterprise seat',
    ja: 'GitHub Enterprise シート',
    aliases: ['GitHub', 'GHE'],
  },
  {
    id: 'azure-devops-test-plans',
    en: 'Azure DevOps Test Plans',
    ja: 'Azure DevOps Test Plans',
    aliases: ['Test Plans', 'ADO'],
  },
  { id: 'power-bi-pro', en: 'Power BI Pro', ja: 'Power BI Pro', aliases: ['Power BI', 'PBI'] },
  { id: 'teams-premium', en: 'Teams Premium', ja: 'Teams Premium', aliases: ['Teams'] },
  { id: 'copilot-studio', en: 'Copilot Studio', ja: 'Copilot Studio', aliases: ['Copilot'] },
];

/** Contoso and Fabrikam as the demo has them, with `freeSeats` free Visual Studio Enterprise seats at Contoso. */
export function benchDemoOrganisations(now: Date, freeSeats: number): OrganisationData[] {
  return demoOrganisations(now).map((org) => {
    if (org.organisation.tenantId !== CONTOSO_TENANT) return org;
    const held = org.assignments.filter((a) => a.benefitId === VS_ENTERPRISE).length;
    return {
      ...org,
      benefits: org.benefits.map((b) =>
        b.id === VS_ENTERPRISE && b.kind === 'seats'
          ? { ...b, quantity: Math.max(b.quantity, held + freeSeats) }
          : b,
      ),
    };
  });
}

function assignment(id: string, benefitId: string, userId: string, at: string): Assignment {
  return {
    id,
    benefitId,
    userId,
    state: 'active',
    assignedAt: at,
    assignedBy: ALEX,
    alternativeEmail: null,
    activatedAt: at,
  };
}

/** (a): Contoso with `users` people (the 14 demo users first) and `assignments` seat assignments, none of them on a demo user but Lee Gu's. */
export function largeOrganisation(now: Date, spec: DatasetSpec): OrganisationData[] {
  const [contoso, fabrikam] = demoOrganisations(now);
  if (!contoso || !fabrikam) throw new Error('the demo organisations are missing');
  const generated = Array.from({ length: Math.max(0, spec.users - contoso.users.length) }, (_, n) =>
    generatedUser(n, '10000000-0000-4000-8000-', 'contoso.com'),
  );
  const at = addDays(now, -30).toISOString();
  const seatIds = [VS_ENTERPRISE, 'visual-studio-professional', ...EXTRA_SEATS.map((s) => s.id)];
  const assignments = [...contoso.assignments];
  const holders = new Map<string, number>(
    seatIds.map((id) => [id, assignments.filter((a) => a.benefitId === id).length]),
  );
  for (const benefitId of seatIds) {
    const room = Math.min(generated.length, spec.assignments - assignments.length);
    for (let i = 0; i < room; i += 1) {
      const user = generated[i];
      if (user) assignments.push(assignment(`gen-${benefitId}-${i}`, benefitId, user.id, at));
    }
    holders.set(benefitId, (holders.get(benefitId) ?? 0) + Math.max(0, room));
  }
  if (assignments.length < spec.assignments)
    throw new Error(
      `only ${assignments.length} of ${spec.assignments} assignments fit: add seat benefits or users`,
    );
  const quantity = (id: string) =>
    (holders.get(id) ?? 0) + (id === VS_ENTERPRISE ? spec.freeSeats : 5);
  const benefits: Benefit[] = [
    ...contoso.benefits.map((b) =>
      b.kind === 'seats' ? { ...b, quantity: Math.max(b.quantity, quantity(b.id)) } : b,
    ),
    ...EXTRA_SEATS.filter((s) => (holders.get(s.id) ?? 0) > 0).map((s) =>
      seatBenefit(s.id, s.en, s.ja, s.aliases, quantity(s.id)),
    ),
  ];
  return [{ ...contoso, users: [...contoso.users, ...generated], benefits, assignments }, fabrikam];
}

/** (b): Contoso and Fabrikam as in "demo", and more organisations like Contoso of `usersPerOrganisation` users each, up to `organisations`. */
export function manyOrganisations(now: Date, spec: DatasetSpec): OrganisationData[] {
  const demo = benchDemoOrganisations(now, spec.freeSeats);
  const [contoso] = demoOrganisations(now);
  if (!contoso) throw new Error('the demo organisations are missing');
  const at = addDays(now, -20).toISOString();
  const more = Array.from(
    { length: Math.max(0, spec.organisations - demo.length) },
    (_, k): OrganisationData => {
      const n = k + 1;
      const hex = n.toString(16).padStart(12, '0');
      const tenantId = `20000000-0000-4000-8000-${hex}`;
      const domain = `partner${n}.example.com`;
      const users = Array.from({ length: spec.usersPerOrganisation }, (_, u) =>
        generatedUser(
          u + n * 7,
          `2${hex.slice(1)}-0000-4000-9000-`,
          domain,
          u === 0 ? ['globalAdmin'] : u === 1 ? ['mpnPartnerAdmin'] : [],
        ),
      );
      return {
        ...structuredClone(contoso),
        organisation: {
          ...contoso.organisation,
          tenantId,
          name: `Partner ${n} Ltd`,
          partnerCenterEmail: `partnercenter@${domain}`,
          partnerId: String(6_000_000 + n),
        },
        users,
        assignments: [users[2], users[3]]
          .filter((u): u is User => u !== undefined)
          .map((u, i) =>
            assignment(
              `seed-${n}-${i}`,
              i === 0 ? VS_ENTERPRISE : 'visual-studio-professional',
              u.id,
              at,
            ),
          ),
      };
    },
  );
  return [...demo, ...more];
}

export function organisationsOf(
  name: DatasetName,
  now: Date,
  spec: DatasetSpec = DEFAULT_SPEC,
): OrganisationData[] {
  switch (name) {
    case 'demo':
      return benchDemoOrganisations(now, spec.freeSeats);
    case 'a':
      return largeOrganisation(now, spec);
    case 'b':
      return manyOrganisations(now, spec);
  }
}

/** Writes a data set into `dir` (which must not hold one yet) through the store, with its local key file. */
export async function generateDataset(
  name: DatasetName,
  dir: string,
  spec: DatasetSpec = DEFAULT_SPEC,
): Promise<GeneratedDataset> {
  const started = performance.now();
  await mkdir(dir, { recursive: true });
  const dataFile = join(dir, 'benefits.json');
  const orgs = organisationsOf(name, new Date(BENCH_NOW), spec);
  const cipher = await loadKeyCipher({ secret: undefined, dataFile, localMode: true });
  const stores = await openLowdbStores({
    dataFile,
    seed: () => orgs.map((org) => sealOrganisationKeys(org, cipher)),
  });
  await stores.close();
  if (!stores.created) throw new Error(`${dataFile} already held a data set`);
  const orgDir = storeLayout(dataFile).organisationsDir;
  let bytes = 0;
  for (const file of await readdir(orgDir)) bytes += (await stat(join(orgDir, file))).size;
  return {
    name,
    dataFile,
    organisations: orgs.length,
    users: orgs.reduce((n, o) => n + o.users.length, 0),
    assignments: orgs.reduce((n, o) => n + o.assignments.length, 0),
    bytes,
    ms: performance.now() - started,
  };
}

/**
 * Writes a data set into the empty PostgreSQL database at `databaseUrl` through the store (openStores
 * with DATABASE_URL, as the bot opens it: the schema is made and the organisations stored as its
 * seed, in one transaction), keys sealed with `keysSecret` as the bot's KEYS_SECRET would.
 */
export async function loadDatasetIntoPg(
  name: DatasetName,
  databaseUrl: string,
  keysSecret: string,
  spec: DatasetSpec = DEFAULT_SPEC,
): Promise<Omit<GeneratedDataset, 'dataFile' | 'bytes'>> {
  const started = performance.now();
  const orgs = organisationsOf(name, new Date(BENCH_NOW), spec);
  const cipher = KeyCipher.fromSecret(keysSecret);
  // dataFile is not used when databaseUrl is set.
  const stores = await openStores({
    dataFile: '/nonexistent/benefits.json',
    databaseUrl,
    seed: () => orgs.map((org) => sealOrganisationKeys(org, cipher)),
  });
  await stores.close();
  if (!stores.created) throw new Error(`the database for data set ${name} already held data`);
  return {
    name,
    organisations: orgs.length,
    users: orgs.reduce((n, o) => n + o.users.length, 0),
    assignments: orgs.reduce((n, o) => n + o.assignments.length, 0),
    ms: performance.now() - started,
  };
}

if (require.main === module) {
  const [name, dir, flag, value] = process.argv.slice(2);
  if (!name || !dir || !(DATASETS as readonly string[]).includes(name)) {
    console.error('usage: node dist/scripts/bench/generate.js <demo|a|b> <dir> [--seats N]');
    process.exit(2);
  }
  const spec =
    flag === '--seats' && value ? { ...DEFAULT_SPEC, freeSeats: Number(value) } : DEFAULT_SPEC;
  generateDataset(name as DatasetName, dir, spec).then(
    (d) =>
      console.log(
        `${d.name}: ${d.organisations} organisations, ${d.users} users, ${d.assignments} assignments, ${(d.bytes / 1e6).toFixed(1)} MB, written in ${Math.round(d.ms)} ms to ${d.dataFile}`,
      ),
    (err: unknown) => {
      console.error(err instanceof Error ? err.message : String(err));
      process.exit(1);
    },
  );
}
