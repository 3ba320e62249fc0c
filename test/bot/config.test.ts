import { ConfigError, loadConfig } from '../../bot/config';

const SECRET = 'ab'.repeat(32);
const DB_SECRET = '0f'.repeat(32);
const PASSWORD = 'n0t-Printed-pw';

describe('configuration', () => {
  test('when nothing is set, then the bot runs locally on the demo data file, on loopback only', () => {
    expect(loadConfig({})).toEqual({
      port: 3978,
      host: '127.0.0.1',
      dataFile: './data/benefits.json',
      now: null,
      logLevel: 'info',
      microsoftAppId: '',
      microsoftAppPassword: '',
      microsoftAppType: 'MultiTenant',
      microsoftAppTenantId: '',
      keysSecret: undefined,
      localMode: true,
      personRate: { perSecond: 5, burst: 20 },
      outboxLeaseMs: 30_000,
    });
  });

  test('when an app id is set, then the bot listens on every interface unless HOST says otherwise', () => {
    const config = loadConfig({
      MicrosoftAppId: '11111111-2222-3333-4444-555555555555',
      MicrosoftAppPassword: 's3cret',
      KEYS_SECRET: SECRET,
    });
    expect(config).toMatchObject({ localMode: false, host: '0.0.0.0' });
    expect(
      loadConfig({
        MicrosoftAppId: 'x',
        MicrosoftAppPassword: 'y',
        KEYS_SECRET: SECRET,
        HOST: '10.0.0.4',
      }).host,
    ).toBe('10.0.0.4');
  });

  test('when BENEFITS_NOW is set, then the clock is pinned to it', () => {
    expect(loadConfig({ BENEFITS_NOW: '2026-11-24T09:00:00Z' }).now?.toISOString()).toBe(
      '2026-11-24T09:00:00.000Z',
    );
  });

  test('the configuration cannot be changed after it is read', () => {
    expect(Object.isFrozen(loadConfig({}))).toBe(true);
  });

  test.each([
    [{ PORT: 'eighty' }, /^PORT /],
    [{ PORT: '70000' }, /^PORT must be from 1 to 65535/],
    [{ BENEFITS_NOW: 'tomorrow' }, /^BENEFITS_NOW must be an ISO 8601 time/],
    [{ LOG_LEVEL: 'loud' }, /^LOG_LEVEL must be one of/],
    [{ DATA_FILE: './data/benefits.db' }, /DATA_FILE must name a \.json file/],
    [{ MicrosoftAppType: 'Other' }, /^MicrosoftAppType must be/],
    [{ MicrosoftAppId: 'abc' }, /^MicrosoftAppPassword is required/],
    [
      {
        MicrosoftAppId: 'abc',
        MicrosoftAppPassword: 'p',
        KEYS_SECRET: 'ab'.repeat(32),
        MicrosoftAppType: 'SingleTenant',
      },
      /^MicrosoftAppTenantId is required/,
    ],
    [
      { MicrosoftAppId: 'abc', MicrosoftAppPassword: 'p' },
      /^KEYS_SECRET is required when MicrosoftAppId is set/,
    ],
    [{ KEYS_SECRET: 'too-short' }, /^KEYS_SECRET must be 32 bytes/],
  ])('when %j, then start-up stops with one sentence naming the setting', (env, message) => {
    expect(() => loadConfig(env)).toThrow(ConfigError);
    expect(() => loadConfig(env)).toThrow(message);
  });

  test('a secret never appears in a configuration error', () => {
    try {
      loadConfig({ KEYS_SECRET: 'hunter2hunter2' });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(String(err)).not.toContain('hunter2');
    }
    try {
      loadConfig({
        MicrosoftAppId: 'abc',
        MicrosoftAppPassword: 'hunter2',
        KEYS_SECRET: SECRET,
        MicrosoftAppType: 'SingleTenant',
      });
      throw new Error('expected a ConfigError');
    } catch (err) {
      expect(String(err)).not.toContain('hunter2');
    }
  });
});

describe('DATABASE_URL in the settings', () => {
  test('a postgres:// or postgresql:// URL chooses PostgreSQL; unset, the data file as before', () => {
    expect(loadConfig({}).databaseUrl).toBeUndefined();
    expect(
      loadConfig({
        DATABASE_URL: 'postgresql://bot:pw@db.example.com:5432/benefits?sslmode=verify-full',
        KEYS_SECRET: DB_SECRET,
      }).databaseUrl,
    ).toBe('postgresql://bot:pw@db.example.com:5432/benefits?sslmode=verify-full');
    expect(
      loadConfig({ DATABASE_URL: 'postgres://bot@localhost/benefits', KEYS_SECRET: DB_SECRET })
        .databaseUrl,
    ).toBe('postgres://bot@localhost/benefits');
    expect(loadConfig({ DATABASE_URL: '  ', KEYS_SECRET: DB_SECRET }).databaseUrl).toBeUndefined();
  });

  test.each([
    [
      'a mysql:// URL',
      { DATABASE_URL: `mysql://root:${PASSWORD}@db/benefits`, KEYS_SECRET: DB_SECRET },
      /^DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/,
    ],
    [
      'no URL at all',
      { DATABASE_URL: `bot:${PASSWORD}@db/benefits`, KEYS_SECRET: DB_SECRET },
      /^DATABASE_URL must be a postgres:\/\/ or postgresql:\/\/ URL/,
    ],
    [
      'no KEYS_SECRET',
      { DATABASE_URL: `postgresql://bot:${PASSWORD}@db/benefits` },
      /^KEYS_SECRET is required when DATABASE_URL is set: every instance/,
    ],
  ])(
    'when DATABASE_URL has %s, then start-up stops with one sentence, without the password',
    (_what, env, message) => {
      expect(() => loadConfig(env)).toThrow(ConfigError);
      expect(() => loadConfig(env)).toThrow(message);
      try {
        loadConfig(env);
      } catch (err) {
        expect(String(err)).not.toContain(PASSWORD);
      }
    },
  );
});
