import { Client, Pool, type PoolClient } from 'pg';
import type { OrganisationData } from '../../services/model';
import { DEFAULT_NOTIFICATION_SETTINGS } from '../../services/notifications/model';
import { openPgStores } from '../../services/store/pg/pg-store';
import { demoSeed, NOW } from '../support/temp-store';
import { createSchema, startPgServer, type PgServer } from './pg-server';

export const seed = () => demoSeed(NOW);

export type PgStores = Awaited<ReturnType<typeof openPgStores>>;

/** One bot instance: a pool of its own and the stores on it. */
export async function openInstance(
  connectionString: string,
  options: { seed?: () => OrganisationData[]; max?: number } = {},
): Promise<PgStores & { pool: Pool; roundTrips(): number }> {
  const pool = new Pool({ connectionString, max: options.max ?? 4 });
  let roundTrips = 0;
  // Every statement, whether sent by pool.query or on a checked-out client, goes through client.query.
  pool.on('connect', (client: PoolClient) => {
    const query = client.query.bind(client) as (...args: unknown[]) => unknown;
    (client as unknown as { query: (...args: unknown[]) => unknown }).query = (
      ...args: unknown[]
    ) => {
      roundTrips += 1;
      return query(...args);
    };
  });
  try {
    const stores = await openPgStores({ connectionString, seed: options.seed ?? seed, pool });
    let closing: Promise<void> | undefined;
    return {
      ...stores,
      pool,
      roundTrips: () => roundTrips,
      close: () => (closing ??= stores.close().then(() => pool.end())),
    };
  } catch (err) {
    await pool.end();
    throw err;
  }
}

export const TENANT = 'aaaaaaaa-0000-0000-0000-000000000001';
export const ADMIN_ID = 'aaaaaaaa-0000-0000-0000-100000000000';
export const userId = (n: number) => `aaaaaaaa-0000-0000-0000-${String(200000000000 + n)}`;

/** A small organisation: an admin, `people` employees, and a seat benefit with `seats` seats of which `taken` are held. */
export function smallOrganisation(options: {
  people: number;
  seats: number;
  taken: number;
  tenantId?: string;
}): OrganisationData {
  const at = NOW.toISOString();
  return {
    organisation: {
      tenantId: options.tenantId ?? TENANT,
      name: 'Northwind Partners',
      partnerCenterEmail: 'pc@northwind.example',
      partnerId: '7700001',
      level: 'Gold',
      competencies: [],
      managedIn: 'partnerCenter',
      package: { name: 'Gold', purchasedAt: at, expiresAt: '2027-11-24T09:00:00.000Z' },
      marketingContact: null,
    },
    users: [
      {
        id: ADMIN_ID,
        displayName: 'Nina Admin',
        aliases: [],
        email: 'nina@northwind.example',
        roles: ['globalAdmin'],
      },
      ...Array.from({ length: options.people }, (_, i) => ({
        id: userId(i),
        displayName: `Person ${i}`,
        aliases: [],
        email: `p${i}@northwind.example`,
        roles: [],
      })),
    ],
    benefits: [
      {
        id: 'vs-pro',
        category: 'visualStudio',
        kind: 'seats',
        quantity: options.seats,
        name: { en: 'Visual Studio Professional', ja: 'Visual Studio Professional' },
        aliases: ['VS Pro'],
        instructions: { en: '', ja: '' },
        links: [],
      },
    ],
    assignments: Array.from({ length: options.taken }, (_, i) => ({
      id: `held-${i}`,
      benefitId: 'vs-pro',
      userId: userId(i),
      state: 'active' as const,
      assignedAt: at,
      assignedBy: ADMIN_ID,
      alternativeEmail: null,
      activatedAt: at,
    })),
    audit: [],
    processedRequests: [],
    requests: [],
    asks: [],
    outbox: [],
    notifications: { ...DEFAULT_NOTIFICATION_SETTINGS },
  };
}

/**
 * For a describe block: one server and database for the file, a fresh empty schema for each test
 * (what a test's stores see as their whole database), and the instances a test opens closed after it.
 */
export function withPgDatabase() {
  let server: PgServer | undefined;
  let database = '';
  let url = '';
  const opened: { close(): Promise<void> }[] = [];
  beforeAll(async () => {
    server = await startPgServer();
    database = await server.createDatabase();
  });
  afterAll(() => server?.stop());
  beforeEach(async () => {
    url = await createSchema(database);
  });
  afterEach(async () => {
    await Promise.all(opened.splice(0).map((s) => s.close()));
  });
  return {
    url: () => url,
    /** A bot instance on the test's database, closed after the test. */
    async instance(options?: Parameters<typeof openInstance>[1]) {
      const stores = await openInstance(url, options);
      opened.push(stores);
      return stores;
    },
    /** Runs SQL on the test's database behind the stores' backs. */
    async sql<T extends object>(text: string, values: unknown[] = []): Promise<T[]> {
      const client = new Client({ connectionString: url });
      await client.connect();
      try {
        return (await client.query<T>(text, values)).rows;
      } finally {
        await client.end();
      }
    },
  };
}
