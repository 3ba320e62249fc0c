/**
 * GraphDirectory for real, on loopback: MSAL (unmocked) gets app-only tokens from an OpenID
 * Connect server (oauth2-mock-server over HTTPS with a certificate made here), and the Graph calls
 * go to a Graph stand-in that accepts only tokens signed by that server's keys. Both run in a
 * child process (see identity-stand-ins.mjs); counts and faults are read and set over IPC.
 */
import { generateKeyPairSync, sign } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { graphDirectoryFrom } from '../../bot/app';
import { ConfigError, loadConfig } from '../../bot/config';
import { createServer } from 'node:net';
import {
  DirectoryUnavailableError,
  LocalDirectory,
  type DirectoryPerson,
} from '../../services/directory/directory';
import {
  GraphDirectory,
  retryAfterMs,
  type GraphDirectoryOptions,
  type GraphFetch,
} from '../../services/directory/graph-directory';
import {
  makeTestCertificate,
  trustingFetch,
  trustingNetworkClient,
  type TestCertificate,
  type TrustingFetch,
} from '../support/identity-https';
import { tempDir } from '../support/temp-store';
import {
  ADELE,
  ALEX,
  CONTOSO,
  FABRIKAM,
  GONE,
  KATO,
  LEE,
  LYNNE,
  MEGAN,
  MEGHAN,
  MEGUMI,
  NOWHERE,
  PATTI,
  directories,
  localUsersOf,
} from './directory-fixture';
import { IdentityStandIns } from './stand-ins';

const APP = '3f1e2d4c-5b6a-4798-8a1b-2c3d4e5f6a70';
const SECRET = 'app-secret~Kx9.Qw3-never-shown';
const LIMITED_APP = '3f1e2d4c-5b6a-4798-8a1b-2c3d4e5f6a71';
const LIMITED_SECRET = 'limited-secret~Zz7.never-shown';

let temp: Awaited<ReturnType<typeof tempDir>>;
let tls: TestCertificate;
let appCert: TestCertificate;
let standIns: IdentityStandIns;
let network: ReturnType<typeof trustingNetworkClient>;
let https: TrustingFetch;

beforeAll(async () => {
  temp = await tempDir();
  [tls, appCert] = await Promise.all([
    makeTestCertificate(temp.dir, 'server'),
    makeTestCertificate(temp.dir, 'app', 'partner-benefits-app', {
      dns: ['partner-benefits-app'],
      ips: [],
    }),
  ]);
  standIns = await IdentityStandIns.start({
    keyPath: tls.keyPath,
    certPath: tls.certPath,
    clients: [
      {
        clientId: APP,
        secret: SECRET,
        certificate: appCert.cert,
        roles: ['User.Read.All', 'RoleManagement.Read.Directory'],
      },
      { clientId: LIMITED_APP, secret: LIMITED_SECRET, roles: [] },
    ],
    tenants: directories,
  });
  network = trustingNetworkClient(tls.cert);
  https = trustingFetch(tls.cert);
}, 30_000);

afterAll(async () => {
  await standIns?.stop();
  network?.close();
  https?.close();
  await temp?.remove();
});

beforeEach(() => standIns.reset());

interface Seen {
  urls: string[];
  tokens: string[];
  sleeps: number[];
}

/** A GraphDirectory pointed at the stand-ins, recording what it sends and how long it waits (without waiting). */
function graphDirectory(overrides: Partial<GraphDirectoryOptions> = {}): {
  directory: GraphDirectory;
  seen: Seen;
} {
  const seen: Seen = { urls: [], tokens: [], sleeps: [] };
  const recordingFetch: GraphFetch = (url, init) => {
    seen.urls.push(url);
    const token = /^Bearer (.+)$/.exec(init.headers.Authorization ?? '')?.[1];
    if (token && !seen.tokens.includes(token)) seen.tokens.push(token);
    return https(url, init);
  };
  const directory = new GraphDirectory({
    clientId: APP,
    credential: { secret: SECRET },
    authorityHost: standIns.issuer,
    authorityMetadata: (tenantId) => standIns.metadata(tenantId),
    graphBaseUrl: standIns.graphBaseUrl,
    networkClient: network,
    fetch: recordingFetch,
    sleep: async (ms) => {
      seen.sleeps.push(ms);
    },
    ...overrides,
  });
  return { directory, seen };
}

/** The error a directory call fails with; it must be a DirectoryUnavailableError showing no secret and no token. */
async function failure(
  call: Promise<unknown>,
  seen: Seen,
  secrets: string[] = [SECRET],
): Promise<DirectoryUnavailableError> {
  const err = await call.then(
    () => {
      throw new Error('expected the call to fail');
    },
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(DirectoryUnavailableError);
  const e = err as DirectoryUnavailableError;
  const shown = [e.message, e.stack ?? '', JSON.stringify(e), JSON.stringify(e.details)].join('\n');
  for (const secret of [...secrets, ...seen.tokens]) expect(shown).not.toContain(secret);
  expect(shown).not.toMatch(/eyJ[A-Za-z0-9_-]{10,}/); // nothing that looks like a JWT
  return e;
}

const ids = (people: DirectoryPerson[]) => people.map((p) => p.id);
const statuses = async () => (await standIns.graphRequests()).map((r) => r.status);
const tokenRequests = async (tenant?: string) =>
  (await standIns.tokenRequests()).filter((r) => tenant === undefined || r.tenant === tenant);

describe('finding people', () => {
  it('finds people by the start of a name, following every page, sorted by name', async () => {
    const { directory } = graphDirectory({ pageSize: 2 });
    const found = await directory.findPeople(CONTOSO, 'meg');
    expect(found.map((p) => p.displayName)).toEqual(['Megan Bowen', 'Meghan Lee', 'Megumi Sato']);
    const searches = (await standIns.graphRequests()).filter((r) => r.path === '/v1.0/users');
    expect(searches).toHaveLength(2); // two pages of two
    expect(searches[0]?.query.$top).toBe('2');
    expect(searches[1]?.query.$skiptoken).toBe('2');
    expect(searches[0]?.query.$select).toBe('id,displayName,mail,userPrincipalName,accountEnabled');
  });

  it('finds people by surname, by email (any case), and by a name with a quote in it', async () => {
    const { directory } = graphDirectory();
    expect(ids(await directory.findPeople(CONTOSO, 'Bowen'))).toEqual([MEGAN]);
    expect(ids(await directory.findPeople(CONTOSO, 'meganb@CONTOSO.com'))).toEqual([MEGAN]);
    expect(ids(await directory.findPeople(CONTOSO, "O'Brien"))).toEqual([LEE]);
    expect(ids(await directory.findPeople(CONTOSO, 'Megan Bowenさん'))).toEqual([MEGAN]);
    const filters = (await standIns.graphRequests()).map((r) => r.query.$filter);
    expect(filters).toContain(
      "startswith(displayName,'O''Brien') or startswith(givenName,'O''Brien') or startswith(surname,'O''Brien') or startswith(mail,'O''Brien') or startswith(userPrincipalName,'O''Brien')",
    );
  });

  it('uses the sign-in name as the email of someone without a mailbox', async () => {
    const { directory } = graphDirectory();
    const [lynne] = await directory.findPeople(CONTOSO, 'lynner@');
    expect(lynne).toEqual({
      id: LYNNE,
      displayName: 'Lynne Robbins',
      email: 'LynneR@contoso.onmicrosoft.com',
      enabled: true,
      roles: [],
    });
  });

  it('finds nobody for a blank query or a name nobody has, without asking Graph for a blank one', async () => {
    const { directory, seen } = graphDirectory();
    expect(await directory.findPeople(CONTOSO, '   ')).toEqual([]);
    expect(seen.urls).toEqual([]);
    expect(await directory.findPeople(CONTOSO, 'Zebedee')).toEqual([]);
  });

  it('stops at maxResults', async () => {
    const { directory } = graphDirectory({ pageSize: 1, maxResults: 2 });
    expect(await directory.findPeople(CONTOSO, 'meg')).toHaveLength(2);
    expect((await standIns.graphRequests()).filter((r) => r.path === '/v1.0/users')).toHaveLength(
      2,
    );
  });

  it('keeps each organisation to its own directory (the token names the tenant)', async () => {
    const { directory } = graphDirectory();
    expect(ids(await directory.findPeople(FABRIKAM, 'megan'))).toEqual([KATO]);
    expect(ids(await directory.findPeople(CONTOSO, 'megan'))).toEqual([MEGAN]);
    const tokens = await tokenRequests();
    expect(tokens.map((t) => t.tenant).sort()).toEqual([CONTOSO, FABRIKAM].sort());
  });
});

describe('a person, their account and their roles', () => {
  it('reads a person by object id with their Entra roles', async () => {
    const { directory } = graphDirectory();
    expect(await directory.person(CONTOSO, MEGAN)).toEqual({
      id: MEGAN,
      displayName: 'Megan Bowen',
      email: 'MeganB@contoso.com',
      enabled: true,
      roles: ['globalAdmin'],
    });
  });

  it('maps User Administrator, ignores roles the bot has no use for, and reads every page of roles', async () => {
    const { directory } = graphDirectory();
    expect((await directory.person(CONTOSO, ADELE))?.roles).toEqual(['userAdmin']);
    expect((await directory.person(CONTOSO, PATTI))?.roles).toEqual(['globalAdmin', 'userAdmin']);
    expect((await directory.person(CONTOSO, MEGHAN))?.roles).toEqual([]);
    const adeleRoles = (await standIns.graphRequests()).filter(
      (r) => r.path === `/v1.0/users/${ADELE}/transitiveMemberOf/microsoft.graph.directoryRole`,
    );
    expect(adeleRoles).toHaveLength(2); // the stand-in pages roles one by one
  });

  it('reports a disabled account as not enabled', async () => {
    const { directory } = graphDirectory();
    expect(await directory.person(CONTOSO, ALEX)).toMatchObject({
      id: ALEX,
      displayName: 'Alex Wilber',
      enabled: false,
      roles: [],
    });
    expect((await directory.findPeople(CONTOSO, 'alex'))[0]?.enabled).toBe(false);
  });

  it('knows nobody by an id the directory does not hold, or by something that is not an object id', async () => {
    const { directory, seen } = graphDirectory();
    expect(await directory.person(CONTOSO, GONE)).toBeUndefined();
    expect(await directory.person(CONTOSO, MEGUMI.slice(0, -1))).toBeUndefined();
    expect(await directory.person(CONTOSO, '../users')).toBeUndefined();
    expect(seen.urls.filter((u) => !u.includes(GONE))).toEqual([]);
  });

  it('refuses a tenant id that is neither a GUID nor a domain', async () => {
    const { directory } = graphDirectory();
    await expect(directory.person('a/b', MEGAN)).rejects.toThrow(RangeError);
  });
});

describe('tokens', () => {
  it('gets one token per tenant and then uses MSAL’s cache: later calls make no token request', async () => {
    const { directory, seen } = graphDirectory({ pageSize: 2 });
    await directory.findPeople(CONTOSO, 'meg');
    await directory.person(CONTOSO, ADELE);
    await Promise.all([MEGAN, ALEX, LEE, PATTI].map((id) => directory.person(CONTOSO, id)));
    const tokens = await tokenRequests(CONTOSO);
    expect(tokens).toEqual([
      {
        tenant: CONTOSO,
        clientId: APP,
        credential: 'secret',
        scope: 'https://graph.microsoft.com/.default',
        status: 200,
      },
    ]);
    const graph = await standIns.graphRequests();
    expect(graph.length).toBeGreaterThan(10);
    expect(new Set(graph.map((r) => r.jti)).size).toBe(1);
    expect(seen.tokens).toHaveLength(1);
  });

  it('shares one token request between concurrent first calls', async () => {
    const { directory } = graphDirectory();
    await Promise.all([MEGAN, ADELE, ALEX, LEE].map((id) => directory.person(CONTOSO, id)));
    expect(await tokenRequests(CONTOSO)).toHaveLength(1);
  });

  it('renews a token Graph says has expired, once, and carries on', async () => {
    const { directory, seen } = graphDirectory();
    await directory.person(CONTOSO, MEGAN);
    await standIns.expireIssuedTokens();
    expect((await directory.person(CONTOSO, ADELE))?.roles).toEqual(['userAdmin']);
    expect(await tokenRequests(CONTOSO)).toHaveLength(2);
    const graph = await standIns.graphRequests();
    expect(graph.filter((r) => r.status === 401).map((r) => r.error)).toEqual(['expired']);
    expect(seen.tokens).toHaveLength(2);
    // The renewed token is cached in turn.
    await directory.person(CONTOSO, PATTI);
    expect(await tokenRequests(CONTOSO)).toHaveLength(2);
  });

  it('gives up when even a renewed token is refused (renewing once only)', async () => {
    const { directory, seen } = graphDirectory();
    await standIns.setExpireAll(true);
    const err = await failure(directory.person(CONTOSO, MEGAN), seen);
    expect(err.code).toBe('DIRECTORY.ACCESS_DENIED');
    expect(err.details.status).toBe(401);
    expect(await tokenRequests(CONTOSO)).toHaveLength(2);
    expect(await statuses()).toEqual([401, 401]);
  });

  it('the GRAPH_* settings build it: a certificate from its PEM file (key and certificate), with the thumbprint given', async () => {
    const file = join(temp.dir, 'graph-app.pem');
    await writeFile(file, `${appCert.key}\n${appCert.cert}\n`);
    const config = loadConfig({
      GRAPH_CLIENT_ID: APP,
      GRAPH_CERTIFICATE_FILE: file,
      GRAPH_CERTIFICATE_THUMBPRINT: appCert.thumbprintSha256.replace(/(..)(?!$)/g, '$1:'),
    });
    expect(config.graph).toEqual({
      clientId: APP,
      credential: { certificateFile: file, thumbprint: appCert.thumbprintSha256 },
    });
    const directory = await graphDirectoryFrom(config.graph!, {
      authorityHost: standIns.issuer,
      authorityMetadata: (t) => standIns.metadata(t),
      graphBaseUrl: standIns.graphBaseUrl,
      networkClient: network,
      fetch: https,
    });
    expect((await directory.findPeople(CONTOSO, 'Megan Bowen')).map((p) => p.id)).toEqual([MEGAN]);
    expect((await standIns.tokenRequests()).map((r) => [r.credential, r.status])).toEqual([
      ['certificate', 200],
    ]);
    await writeFile(file, appCert.cert);
    await expect(graphDirectoryFrom(config.graph!)).rejects.toThrow(ConfigError);
    await expect(
      graphDirectoryFrom({
        ...config.graph!,
        credential: {
          certificateFile: join(temp.dir, 'missing.pem'),
          thumbprint: appCert.thumbprintSha256,
        },
      }),
    ).rejects.toThrow(/could not be read \(ENOENT\)/);
  });

  it("the GRAPH_* settings: the bot's own registration by default, a secret, or nothing without credentials", () => {
    const KEYS_SECRET = 'ab'.repeat(32);
    expect(
      loadConfig({ MicrosoftAppId: APP, MicrosoftAppPassword: SECRET, KEYS_SECRET }).graph,
    ).toEqual({ clientId: APP, credential: { secret: SECRET } });
    expect(
      loadConfig({
        GRAPH_CLIENT_ID: LIMITED_APP,
        GRAPH_CLIENT_SECRET: LIMITED_SECRET,
        GRAPH_BASE_URL: 'https://graph.microsoft.us/v1.0',
      }).graph,
    ).toEqual({
      clientId: LIMITED_APP,
      credential: { secret: LIMITED_SECRET },
      baseUrl: 'https://graph.microsoft.us/v1.0',
    });
    expect(loadConfig({}).graph).toBeUndefined();
    expect(() => loadConfig({ GRAPH_CLIENT_ID: APP })).toThrow(
      'GRAPH_CLIENT_ID needs GRAPH_CLIENT_SECRET',
    );
    expect(() => loadConfig({ GRAPH_CLIENT_ID: APP, GRAPH_CERTIFICATE_FILE: 'x.pem' })).toThrow(
      'must be set together',
    );
    expect(() =>
      loadConfig({
        GRAPH_CLIENT_ID: APP,
        GRAPH_CERTIFICATE_FILE: 'x.pem',
        GRAPH_CERTIFICATE_THUMBPRINT: 'abc',
      }),
    ).toThrow('GRAPH_CERTIFICATE_THUMBPRINT must be');
    expect(() =>
      loadConfig({
        GRAPH_CLIENT_ID: APP,
        GRAPH_CLIENT_SECRET: 's',
        GRAPH_BASE_URL: 'http://graph.example',
      }),
    ).toThrow('GRAPH_BASE_URL must be an https URL');
  });

  it('signs in with a certificate: the identity server checks the assertion against the registered certificate', async () => {
    const { directory } = graphDirectory({
      credential: {
        certificate: { thumbprint: appCert.thumbprintSha256, privateKey: appCert.key },
      },
    });
    expect(ids(await directory.findPeople(CONTOSO, 'adele'))).toEqual([ADELE]);
    expect(await tokenRequests(CONTOSO)).toEqual([
      expect.objectContaining({ credential: 'certificate', status: 200 }),
    ]);
  });

  it('a certificate whose key does not match is refused at sign-in', async () => {
    const { directory, seen } = graphDirectory({
      credential: { certificate: { thumbprint: appCert.thumbprintSha256, privateKey: tls.key } },
    });
    const err = await failure(directory.findPeople(CONTOSO, 'adele'), seen, [tls.key, appCert.key]);
    expect(err).toMatchObject({
      code: 'DIRECTORY.SIGN_IN_FAILED',
      details: { reason: 'invalid_client' },
    });
    expect(await tokenRequests(CONTOSO)).toEqual([
      expect.objectContaining({ credential: 'certificate', status: 401, error: 'bad signature' }),
    ]);
  });

  it('a wrong secret fails sign-in with a code, shows no secret, and never calls Graph', async () => {
    const wrong = 'wrong-secret~Pp4.never-shown';
    const { directory, seen } = graphDirectory({ credential: { secret: wrong } });
    const err = await failure(directory.findPeople(CONTOSO, 'megan'), seen, [wrong, SECRET]);
    expect(err).toMatchObject({
      code: 'DIRECTORY.SIGN_IN_FAILED',
      details: { reason: 'invalid_client' },
    });
    expect(seen.urls).toEqual([]);
  });

  it('a tenant the identity service does not know fails sign-in', async () => {
    const { directory, seen } = graphDirectory();
    const err = await failure(directory.person(NOWHERE, MEGAN), seen);
    expect(err.code).toBe('DIRECTORY.SIGN_IN_FAILED');
  });

  it('an app without the Graph permission is denied (403)', async () => {
    const { directory, seen } = graphDirectory({
      clientId: LIMITED_APP,
      credential: { secret: LIMITED_SECRET },
    });
    const err = await failure(directory.person(CONTOSO, MEGAN), seen, [LIMITED_SECRET]);
    expect(err).toMatchObject({ code: 'DIRECTORY.ACCESS_DENIED', details: { status: 403 } });
  });
});

describe('throttling and outages', () => {
  it('retries a 429 after the Retry-After Graph gave', async () => {
    const { directory, seen } = graphDirectory();
    await standIns.throttleNext(1, 2);
    expect((await directory.person(CONTOSO, MEGAN))?.displayName).toBe('Megan Bowen');
    expect(seen.sleeps).toEqual([2000]);
    expect((await statuses()).slice(0, 2)).toEqual([429, 200]);
  });

  it('really waits: the retry goes out after Retry-After', async () => {
    const { directory } = graphDirectory({ sleep: undefined });
    await standIns.throttleNext(1, 1);
    const started = Date.now();
    await directory.person(CONTOSO, MEGAN);
    expect(Date.now() - started).toBeGreaterThanOrEqual(950);
  });

  it('backs off by itself when a 429 has no Retry-After', async () => {
    const { directory, seen } = graphDirectory();
    await standIns.throttleNext(2);
    await directory.person(CONTOSO, MEGAN);
    expect(seen.sleeps).toEqual([500, 1000]);
  });

  it('gives up as THROTTLED after its tries, or at once when asked to wait too long', async () => {
    const a = graphDirectory({ maxAttempts: 3 });
    await standIns.throttleNext(5, 1);
    const tired = await failure(a.directory.person(CONTOSO, MEGAN), a.seen);
    expect(tired).toMatchObject({ code: 'DIRECTORY.THROTTLED', details: { status: 429 } });
    expect(a.seen.sleeps).toEqual([1000, 1000]);
    expect(await statuses()).toEqual([429, 429, 429]);

    await standIns.reset();
    const b = graphDirectory();
    await standIns.throttleNext(1, 120);
    expect(await failure(b.directory.person(CONTOSO, MEGAN), b.seen)).toMatchObject({
      code: 'DIRECTORY.THROTTLED',
    });
    expect(b.seen.sleeps).toEqual([]);
  });

  it('Graph down (503 on everything): retried, then DirectoryUnavailableError, with no secret or token in it', async () => {
    const { directory, seen } = graphDirectory();
    await directory.person(CONTOSO, MEGAN); // a token is cached: it must not leak either
    await standIns.setDown(true);
    const err = await failure(directory.findPeople(CONTOSO, 'megan'), seen);
    expect(err).toMatchObject({ code: 'DIRECTORY.UNREACHABLE', details: { status: 503 } });
    expect(err.message).toBe('DIRECTORY.UNREACHABLE (HTTP 503)');
    expect(seen.sleeps).toEqual([500, 1000]);
    expect((await statuses()).filter((s) => s === 503)).toHaveLength(3);
  });

  it('Graph unreachable (connection refused) is DirectoryUnavailableError', async () => {
    const port = await freePort();
    const { directory, seen } = graphDirectory({ graphBaseUrl: `https://127.0.0.1:${port}/v1.0` });
    const err = await failure(directory.person(CONTOSO, MEGAN), seen);
    expect(err).toMatchObject({
      code: 'DIRECTORY.UNREACHABLE',
      details: { reason: 'ECONNREFUSED' },
    });
    expect(seen.urls).toHaveLength(3);
  });

  it('Graph not answering times out as DirectoryUnavailableError', async () => {
    const { directory, seen } = graphDirectory({ timeoutMs: 300, maxAttempts: 2 });
    await directory.person(CONTOSO, MEGAN); // token first, so only Graph hangs
    await standIns.setHang(true);
    const started = Date.now();
    const err = await failure(directory.person(CONTOSO, ADELE), seen);
    expect(err).toMatchObject({ code: 'DIRECTORY.UNREACHABLE', details: { reason: 'timeout' } });
    expect(Date.now() - started).toBeLessThan(5000);
    await standIns.setHang(false);
  });

  it('does not follow a page link off Graph’s origin (the token would go with it)', async () => {
    const { directory, seen } = graphDirectory({ pageSize: 1 });
    await standIns.foreignNextLinkOnce();
    const err = await failure(directory.findPeople(CONTOSO, 'meg'), seen);
    expect(err).toMatchObject({
      code: 'DIRECTORY.UNEXPECTED_RESPONSE',
      details: { reason: 'foreign_next_link' },
    });
    expect(seen.urls.some((u) => u.includes('example.invalid'))).toBe(false);
  });

  it('reads Retry-After in seconds or as an HTTP date', () => {
    const now = Date.parse('2026-11-24T09:00:00Z');
    expect(retryAfterMs('3', now)).toBe(3000);
    expect(retryAfterMs('Tue, 24 Nov 2026 09:00:05 GMT', now)).toBe(5000);
    expect(retryAfterMs(null, now)).toBeUndefined();
    expect(retryAfterMs('soon', now)).toBeUndefined();
  });
});

describe('the Graph stand-in really checks tokens', () => {
  const meganUrl = () => `${standIns.graphBaseUrl}/users/${MEGAN}?$select=id,displayName`;
  const get = async (token: string | undefined) =>
    (await https(meganUrl(), { headers: token ? { Authorization: `Bearer ${token}` } : {} }))
      .status;
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const claims = { aud: 'https://graph.microsoft.com', tid: CONTOSO, roles: ['User.Read.All'] };

  it('accepts the token MSAL got, and refuses it tampered with, re-signed by another key, or missing', async () => {
    const { directory, seen } = graphDirectory();
    await directory.person(CONTOSO, MEGAN);
    const token = seen.tokens[0] as string;
    expect(await get(token)).toBe(200);

    const [header, payload, signature] = token.split('.') as [string, string, string];
    const claimsOf = JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as Record<
      string,
      unknown
    >;
    expect(claimsOf).toMatchObject({
      iss: standIns.issuer,
      aud: 'https://graph.microsoft.com',
      tid: CONTOSO,
      appid: APP,
    });
    expect(await get(`${header}.${b64({ ...claimsOf, tid: FABRIKAM })}.${signature}`)).toBe(401);

    const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const forged = `${header}.${payload}`;
    expect(
      await get(
        `${forged}.${sign('sha256', Buffer.from(forged), privateKey).toString('base64url')}`,
      ),
    ).toBe(401);
    expect(await get(undefined)).toBe(401);
    // Refused by jose's checks, each for its own reason.
    expect(
      (await standIns.graphRequests()).filter((r) => r.status === 401).map((r) => r.error),
    ).toEqual([
      'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
      'ERR_JWS_SIGNATURE_VERIFICATION_FAILED',
      undefined,
    ]);
  });

  it('refuses a token for another audience or an expired one, and accepts the same server’s token otherwise', async () => {
    expect(await get(await standIns.buildToken(claims))).toBe(200);
    expect(await get(await standIns.buildToken({ ...claims, aud: 'api://someone-else' }))).toBe(
      401,
    );
    expect(
      await get(await standIns.buildToken({ ...claims, exp: Math.floor(Date.now() / 1000) - 600 })),
    ).toBe(401);
    expect(await get(await standIns.buildToken({ ...claims, roles: [] }))).toBe(403);
    expect((await standIns.graphRequests()).map((r) => r.error)).toEqual([
      undefined,
      'ERR_JWT_CLAIM_VALIDATION_FAILED',
      'ERR_JWT_EXPIRED',
      'no permission',
    ]);
  });
});

describe('local and Graph directories behave the same', () => {
  const local = () =>
    new LocalDirectory({
      users: async (t) => localUsersOf(t),
      user: async (t, id) => localUsersOf(t).find((u) => u.id === id),
    });
  const queries = [
    'meg',
    'Megan Bowen',
    'bowen',
    'MEGANB@CONTOSO.COM',
    "o'brien",
    'lynner@',
    'Lee',
    'zzz',
    '  ',
    '「Adele」さん',
  ];

  it.each(queries)('findPeople(%j) finds the same people in the same order', async (query) => {
    const { directory } = graphDirectory({ pageSize: 2 });
    const fromGraph = await directory.findPeople(CONTOSO, query);
    const fromLocal = await local().findPeople(CONTOSO, query);
    expect(
      fromLocal.map(({ id, displayName, email, roles }) => ({ id, displayName, email, roles })),
    ).toEqual(
      fromGraph.map(({ id, displayName, email, roles }) => ({ id, displayName, email, roles })),
    );
  });

  it('person() agrees (roles are the directory roles only; partner-program roles are not the directory’s)', async () => {
    const { directory } = graphDirectory();
    for (const id of [MEGAN, ADELE, PATTI, LYNNE, GONE]) {
      const fromGraph = await directory.person(CONTOSO, id);
      const fromLocal = await local().person(CONTOSO, id);
      expect(fromLocal && { ...fromLocal, enabled: undefined }).toEqual(
        fromGraph && { ...fromGraph, enabled: undefined },
      );
    }
    expect((await local().person(CONTOSO, ADELE))?.roles).toEqual(['userAdmin']);
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      const port = typeof address === 'object' && address ? address.port : 0;
      server.close(() => resolve(port));
    });
  });
}
