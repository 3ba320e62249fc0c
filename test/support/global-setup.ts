import { postgresUnavailable, startPgServer } from '../store-pg/pg-server';

/**
 * jest's globalSetup for BENEFITS_TEST_BACKEND=postgres (jest.config.js names it only then): one
 * throwaway PostgreSQL server and database for the whole run (test/store-pg/pg-server.ts), its
 * URL left in BENEFITS_TEST_PG_DATABASE, which the workers inherit; each store then gets a fresh
 * schema in that database (test-backend.ts).
 */
export default async function globalSetup(): Promise<void> {
  if (postgresUnavailable)
    throw new Error(
      `BENEFITS_TEST_BACKEND=postgres, but PostgreSQL cannot be started here: ${postgresUnavailable} (npm run test:postgres skips the run instead unless REQUIRE_POSTGRES=1).`,
    );
  const server = await startPgServer();
  process.env.BENEFITS_TEST_PG_DATABASE = await server.createDatabase();
  (globalThis as { benefitsTestPgServer?: { stop(): Promise<void> } }).benefitsTestPgServer =
    server;
}
