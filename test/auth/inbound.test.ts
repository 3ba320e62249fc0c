import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import pino from 'pino';
import type { Activity } from 'botbuilder';
import { startApp, type RunningApp } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { storeSettings } from '../support/test-backend';
import { en } from '../../cards/i18n/en';
import { demoUsers, membersAdded, personalMessage } from '../support/activities';
import { startGuardedConnector, type GuardedConnector } from '../support/guarded-connector';
import {
  CHANNEL_OAUTH_SCOPE,
  startBotIdentity,
  TEST_APP,
  type BotIdentity,
  type ChannelTokenOptions,
} from '../support/identity';

/**
 * An authenticated deployment (MicrosoftAppId set) over HTTP: botbuilder's own validation of the
 * Bot Framework token, pointed through the documented settings at a local OpenID server. Only a
 * correctly signed token for this app, from the channel, for this serviceUrl gets through; every
 * other request is answered 401 and never reaches the bot.
 */

let identity: BotIdentity;
let connector: GuardedConnector;
let app: RunningApp;
let dir: string;
const logLines: string[] = [];
const consoleErrors: string[] = [];

beforeAll(async () => {
  identity = await startBotIdentity();
  connector = await startGuardedConnector((token) => identity.verify(token, CHANNEL_OAUTH_SCOPE));
  dir = await mkdtemp(join(tmpdir(), 'benefits-inbound-'));
  const config = loadConfig({
    HOST: '127.0.0.1',
    ...(await storeSettings(join(dir, 'benefits.json'))),
    BENEFITS_NOW: '2026-11-24T09:00:00Z',
    LOG_LEVEL: 'info',
    ...identity.settings,
  });
  // Every log line, to show that no token or secret is written to the log.
  const sink = new Writable({
    write(chunk: Buffer, _encoding, done) {
      logLines.push(chunk.toString('utf8'));
      done();
    },
  });
  app = await startApp({ ...config, port: 0 }, pino({ level: 'info', base: undefined }, sink), {
    credentialsFactory: identity.credentialsFactory(),
  });
  // botbuilder's CloudAdapter prints each refusal with console.error; keep it, to look for tokens in it.
  jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    consoleErrors.push(
      args
        .map((a) => (a instanceof Error ? `${a.name}: ${a.message}\n${a.stack ?? ''}` : String(a)))
        .join(' '),
    );
  });
});

afterAll(async () => {
  jest.restoreAllMocks();
  await app?.stop();
  await connector?.close();
  await identity?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

beforeEach(() => connector.clear());

const uniqueConversation = () =>
  `a:auth-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

function post(activity: Partial<Activity>, authorization?: string): Promise<Response> {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (authorization !== undefined) headers.authorization = authorization;
  return fetch(`${app.url}/api/messages`, {
    method: 'POST',
    headers,
    body: JSON.stringify({ ...activity, serviceUrl: connector.serviceUrl }),
  });
}

/** A channel token for this app and this connector, with whatever is changed. */
function token(options: ChannelTokenOptions = {}): Promise<string> {
  return identity.channelToken({
    ...options,
    claims: { serviceurl: connector.serviceUrl, ...options.claims },
  });
}

/** Nothing more arrives in a short while (a late reply would show up here). */
const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

test('when the channel sends a message with a correctly signed token for this app, then the bot answers, and its reply carries its own token', async () => {
  const res = await post(personalMessage(demoUsers.alex, 'help'), `Bearer ${await token()}`);

  expect(res.status).toBe(200);
  const [reply] = await connector.waitFor(1);
  expect(reply?.activity.type).toBe('message');
  expect(connector.refused()).toEqual([]);
  expect(connector.acceptedTokens()[0]).toMatchObject({
    aud: CHANNEL_OAUTH_SCOPE,
    appid: TEST_APP.id,
    iss: identity.authority,
  });
});

const refusals: [string, () => Promise<string | undefined>][] = [
  ['no Authorization header', async () => undefined],
  ['an empty Authorization header', async () => ''],
  [
    'a token that expired ten minutes ago',
    async () => `Bearer ${await token({ expiresIn: -600 })}`,
  ],
  [
    "a token signed by another key that claims the channel key's kid",
    async () => `Bearer ${await token({ foreignKey: true })}`,
  ],
  [
    'a token for another app (wrong audience)',
    async () =>
      `Bearer ${await token({ claims: { aud: '0f0f0f0f-1111-2222-3333-444444444444' } })}`,
  ],
  [
    'a token from another issuer',
    async () => `Bearer ${await token({ claims: { iss: 'https://sts.windows.net/attacker/' } })}`,
  ],
  [
    'a token issued for another serviceUrl',
    async () =>
      `Bearer ${await token({ claims: { serviceurl: 'https://smba.trafficmanager.net/evil/' } })}`,
  ],
  [
    'a token whose signature was cut off',
    async () => `Bearer ${(await token()).split('.').slice(0, 2).join('.')}.`,
  ],
  ['a correct token sent with another scheme', async () => `Basic ${await token()}`],
];

test.each(refusals)(
  'when a request comes with %s, then it is answered 401 without reasons, and the bot never sees it',
  async (_name, authorization) => {
    const conversationId = uniqueConversation();
    const welcome = membersAdded(demoUsers.alex, { conversationId });
    const header = await authorization();
    const res = await post(welcome, header);

    expect(res.status).toBe(401);
    const body = await res.text();
    expect(body).not.toMatch(/signature|expired|audience|issuer|serviceurl|jwt|AppId|Error/i);
    await settle();
    expect(connector.activities()).toEqual([]);
    expect(connector.refused()).toEqual([]);

    // Had the bot seen it, it would have claimed this conversation's welcome: the real one still gets it.
    const accepted = await post(welcome, `Bearer ${await token()}`);
    expect(accepted.status).toBe(200);
    const [reply] = await connector.waitFor(1);
    expect(reply?.conversationId).toBe(conversationId);
    expect(reply?.activity.text).toContain(en['welcome.languageHint']);

    // Neither the log nor the console holds the token that was refused.
    const secret = header?.split(' ')[1];
    if (secret) {
      expect(logLines.join('\n')).not.toContain(secret);
      expect(consoleErrors.join('\n')).not.toContain(secret);
    }
  },
);

test('when requests are refused, then the log says why, with no token and no client secret in it', () => {
  const log = logLines.join('\n');
  expect(log).toContain('request refused: no valid Bot Framework token');
  expect(log).not.toContain(TEST_APP.secret);
  expect(log).not.toMatch(/eyJ[\w-]+\.[\w-]+\./); // no JWT at all
  expect(consoleErrors.join('\n')).not.toMatch(/eyJ[\w-]+\.[\w-]+\./);
});
