import { ConfigError, loadConfig } from '../../bot/config';

/** The settings for authenticated traffic and trusted tenants: read, checked, never echoing a secret. */

const APP = {
  MicrosoftAppId: '6a1f3c2e-7b4d-4e8a-9c0f-2d5b8e1a7c33',
  MicrosoftAppPassword: 'p@ss-WORD-42',
  KEYS_SECRET: 'ab'.repeat(32),
};
const ENDPOINTS = {
  BOT_OPENID_METADATA_URL: 'https://login.botframework.azure.us/v1/.well-known/openidconfiguration',
  BOT_TOKEN_ISSUER: 'https://api.botframework.us',
  BOT_LOGIN_URL: 'https://login.microsoftonline.us/MicrosoftServices.onmicrosoft.us',
  BOT_OAUTH_SCOPE: 'https://api.botframework.us',
};

function failure(env: Record<string, string>): string {
  try {
    loadConfig(env);
  } catch (err) {
    expect(err).toBeInstanceOf(ConfigError);
    return (err as Error).message;
  }
  throw new Error('loadConfig accepted it');
}

test("when ALLOWED_TENANTS is not set or empty, then every tenant is served and the public cloud endpoints are botbuilder's own", () => {
  for (const env of [APP, { ...APP, ALLOWED_TENANTS: '' }, { ...APP, ALLOWED_TENANTS: ' , ' }]) {
    const config = loadConfig(env);
    expect(config.allowedTenants).toBeUndefined();
    expect(config.botFrameworkEndpoints).toBeUndefined();
  }
});

test('when ALLOWED_TENANTS lists tenant ids, then they are kept lower-cased, trimmed and once each', () => {
  const config = loadConfig({
    ...APP,
    ALLOWED_TENANTS:
      ' 3F0E9D8C-1B2A-4C5D-8E7F-6A5B4C3D2E1F,00000000-0000-0000-0000-0000000000001 ,3f0e9d8c-1b2a-4c5d-8e7f-6a5b4c3d2e1f,',
  });
  expect(config.allowedTenants).toEqual([
    '3f0e9d8c-1b2a-4c5d-8e7f-6a5b4c3d2e1f',
    '00000000-0000-0000-0000-0000000000001',
  ]);
  expect(Object.isFrozen(config.allowedTenants)).toBe(true);
});

test('when ALLOWED_TENANTS holds something that is not a tenant id, then start-up stops naming the setting', () => {
  expect(failure({ ...APP, ALLOWED_TENANTS: 'contoso.onmicrosoft.com' })).toMatch(
    /^ALLOWED_TENANTS must be tenant ids/,
  );
});

test('when all four BOT_* endpoints are set, then they are read together', () => {
  expect(loadConfig({ ...APP, ...ENDPOINTS }).botFrameworkEndpoints).toEqual({
    openIdMetadataUrl: ENDPOINTS.BOT_OPENID_METADATA_URL,
    tokenIssuer: ENDPOINTS.BOT_TOKEN_ISSUER,
    loginUrl: ENDPOINTS.BOT_LOGIN_URL,
    oauthScope: ENDPOINTS.BOT_OAUTH_SCOPE,
  });
});

test.each(Object.keys(ENDPOINTS))(
  'when %s is left out of the four BOT_* endpoints, then start-up stops and says which is missing',
  (missing) => {
    const env: Record<string, string> = { ...APP, ...ENDPOINTS };
    delete env[missing];
    const message = failure(env);
    expect(message).toMatch(
      /^BOT_OPENID_METADATA_URL, BOT_TOKEN_ISSUER, BOT_LOGIN_URL and BOT_OAUTH_SCOPE must be set together/,
    );
    expect(message).toMatch(new RegExp(`: ${missing} is missing\\.$`));
  },
);

test.each([
  [{ BOT_LOGIN_URL: 'http://login.example.test/tenant' }, /^BOT_LOGIN_URL must be an https URL/],
  [
    { BOT_OPENID_METADATA_URL: 'not a url' },
    /^BOT_OPENID_METADATA_URL must be an https or http URL/,
  ],
])('when %j, then start-up stops naming the setting', (change, message) => {
  expect(failure({ ...APP, ...ENDPOINTS, ...change })).toMatch(message);
});

test('no start-up error repeats a secret, whatever else is wrong', () => {
  const secret = 'Zx9-very-secret-value';
  const messages = [
    failure({ ...APP, MicrosoftAppPassword: secret, KEYS_SECRET: secret }),
    failure({ ...APP, MicrosoftAppPassword: secret, ALLOWED_TENANTS: 'nope!' }),
    failure({ ...APP, MicrosoftAppPassword: secret, BOT_LOGIN_URL: 'https://x.test' }),
    failure({ MicrosoftAppId: APP.MicrosoftAppId, KEYS_SECRET: secret }),
  ];
  for (const message of messages) expect(message).not.toContain(secret);
});
