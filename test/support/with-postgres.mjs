/**
 * `npm run test:postgres`: runs the command after it (jest …) with BENEFITS_TEST_BACKEND=postgres
 * when PostgreSQL can be started here; otherwise says why and skips, with exit 0, unless
 * REQUIRE_POSTGRES=1 (CI sets it), which makes a missing PostgreSQL a failure.
 * It looks for PostgreSQL by the rules of test/store-pg/pg-server.ts (findBinaries): PG_BIN only
 * if set, else Debian's /usr/lib/postgresql/<version>/bin, then PATH; as root, a postgres user
 * and runuser to start it with.
 */
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { delimiter, join } from 'node:path';

function whyNot() {
  const candidates = [];
  if (process.env.PG_BIN) candidates.push(process.env.PG_BIN);
  else {
    if (existsSync('/usr/lib/postgresql')) {
      const versions = readdirSync('/usr/lib/postgresql')
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a));
      candidates.push(...versions.map((v) => `/usr/lib/postgresql/${v}/bin`));
    }
    candidates.push(...(process.env.PATH ?? '').split(delimiter).filter(Boolean));
  }
  const bin = candidates.find(
    (dir) => existsSync(join(dir, 'initdb')) && existsSync(join(dir, 'pg_ctl')),
  );
  if (!bin)
    return `initdb and pg_ctl were not found (looked in ${process.env.PG_BIN ? `PG_BIN=${process.env.PG_BIN}` : '/usr/lib/postgresql/*/bin and PATH'}); install PostgreSQL, e.g. apt-get install -y postgresql`;
  if (process.getuid?.() === 0) {
    if (spawnSync('id', ['-u', 'postgres']).status !== 0)
      return 'running as root, but there is no postgres user to run initdb as (initdb refuses root)';
    if (spawnSync('runuser', ['--help']).error) return 'running as root, but runuser is missing';
  }
  return null;
}

const [command, ...args] = process.argv.slice(2);
if (!command) {
  console.error('Usage: node test/support/with-postgres.mjs <command> [args…]');
  process.exit(2);
}
const reason = whyNot();
if (reason) {
  if (process.env.REQUIRE_POSTGRES === '1') {
    console.error(`REQUIRE_POSTGRES=1 but PostgreSQL cannot be started here: ${reason}.`);
    process.exit(1);
  }
  console.log(
    `Skipping the test suite on PostgreSQL: ${reason}. (REQUIRE_POSTGRES=1 makes this a failure.)`,
  );
  process.exit(0);
}
const run = spawnSync(command, args, {
  stdio: 'inherit',
  shell: false,
  env: { ...process.env, BENEFITS_TEST_BACKEND: 'postgres' },
});
if (run.error) {
  console.error(`Could not run ${command}: ${run.error.message}`);
  process.exit(1);
}
process.exit(run.status ?? 1);
