import { randomUUID } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Activity } from 'botbuilder';
import { AppCredentials } from 'botframework-connector';
import { startApp, type RunningApp } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { storeSettings } from '../support/test-backend';
import { createLogger } from '../../bot/logger';
import { enqueue } from '../../services/notifications/outbox';
import {
  demoUsers,
  installationAdd,
  personalConversationId,
  personalMessage,
  TENANTS,
} from '../support/activities';
import { startGuardedConnector, type GuardedConnector } from '../support/guarded-connector';
import {
  CHANNEL_OAUTH_SCOPE,
  startBotIdentity,
  TEST_APP,
  type BotIdentity,
} from '../support/identity';

/**
 * The bot's replies carry its own token: botbuilder gets it from the local OpenID server with
 * MSAL (client credentials, the app's id and secret), and a channel stand-in that, like the real
 * connector, accepts only a bearer token that jose verifies against that server's keys, for the
 * configured OAuth scope.
 */

let identity: BotIdentity;
let connector: GuardedConnector;
const running: { app: RunningApp; dir: string }[] = [];

beforeAll(async () => {
  identity = await startBotIdentity();
  connector = await startGuardedConnector((token) => identity.verify(token, CHANNEL_OAUTH_SCOPE));
});

afterEach(async () => {
  for (const { app, dir } of running.splice(0)) {
    await app.stop();
    await rm(dir, { recursive: true, force: true });
  }
  // botbuilder keeps the bot's tokens process-wide, per app id and scope: each test earns its own.
  (AppCredentials as unknown as { cache: Map<string, unknown> }).cache.clear();
  connector.clear();
});

afterAll(async () => {
  await connector?.close();
  await identity?.stop();
});

async function startBot(
  settings: Record<string, string> = {},
  secret?: string,
): Promise<RunningApp> {
  const dir = await mkdtemp(join(tmpdir(), 'benefits-outbound-'));
  const config = loadConfig({
    HOST: '127.0.0.1',
    ...(await storeSettings(join(dir, 'benefits.json'))),
    BENEFITS_NOW: '2026-11-24T09:00:00Z',
    LOG_LEVEL: 'silent',
    ...identity.settings,
    ...settings,
  });
  const app = await startApp({ ...config, port: 0 }, createLogger('silent'), {
    credentialsFactory: identity.credentialsFactory(secret),
  });
  running.push({ app, dir });
  return app;
}

async function send(app: RunningApp, activity: Partial<Activity>): Promise<Response> {
  const token = await identity.channelToken({ claims: { serviceurl: connector.serviceUrl } });
  return fetch(`${app.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ ...activity, serviceUrl: connector.serviceUrl }),
  });
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 200));

test('when the bot replies, then the channel receives the reply with a bearer token from the identity server, for the Bot Framework scope, naming the app', async () => {
  const app = await startBot();
  const incoming = personalMessage(demoUsers.alex, 'show benefits');
  const before = await identity.stats();

  expect((await send(app, incoming)).status).toBe(200);

  const [reply] = await connector.waitFor(1);
  expect(reply?.replyToId).toBe(incoming.id);
  expect(reply?.activity.attachments?.[0]?.contentType).toBe(
    'application/vnd.microsoft.card.adaptive',
  );
  expect(connector.refused()).toEqual([]);
  const [claims] = connector.acceptedTokens();
  expect(claims).toMatchObject({
    iss: identity.authority,
    aud: CHANNEL_OAUTH_SCOPE,
    appid: TEST_APP.id,
    tid: TEST_APP.tenantId,
  });
  expect(Number(claims?.exp)).toBeGreaterThan(Date.now() / 1000);
  const after = await identity.stats();
  expect(after.clientCredentialRequests - before.clientCredentialRequests).toBe(1);
});

test('when the bot replies twice, then the second reply reuses the token it already has', async () => {
  const app = await startBot();
  const before = await identity.stats();

  expect((await send(app, personalMessage(demoUsers.alex, 'help'))).status).toBe(200);
  await connector.waitFor(1);
  expect((await send(app, personalMessage(demoUsers.alex, 'my benefits'))).status).toBe(200);
  await connector.waitFor(2);

  expect(connector.acceptedTokens()).toHaveLength(2);
  expect((await identity.stats()).clientCredentialRequests - before.clientCredentialRequests).toBe(
    1,
  );
});

test("when a notification goes out on its own (a proactive message, not a reply), then it carries the bot's token too", async () => {
  const app = await startBot();
  // Patti installs the bot: her personal chat is where notifications for her go.
  expect((await send(app, installationAdd(demoUsers.patti))).status).toBe(200);
  await connector.waitFor(1);
  connector.clear();

  const deps = { store: app.stores.benefits, clock: app.clock, newId: randomUUID };
  await app.stores.benefits.unitOfWork(TENANTS.contoso, (data) =>
    enqueue(
      deps,
      data,
      { type: 'person', userId: demoUsers.patti.aadObjectId },
      {
        type: 'keysRevealed',
        benefitId: 'windows-11-enterprise',
        benefit: { en: 'Windows 11 Enterprise', ja: 'Windows 11 Enterprise' },
        by: 'Alex Wilber',
      },
    ),
  );

  const [notification] = await connector.waitFor(1, 10_000);
  expect(notification?.conversationId).toBe(personalConversationId(demoUsers.patti));
  expect(connector.refused()).toEqual([]);
  expect(connector.acceptedTokens()[0]).toMatchObject({
    iss: identity.authority,
    aud: CHANNEL_OAUTH_SCOPE,
    appid: TEST_APP.id,
  });
});

test('when the bot holds a wrong client secret, then it gets no token and nothing reaches the channel', async () => {
  const app = await startBot({}, 'not-the-secret');
  const before = await identity.stats();

  const res = await send(app, personalMessage(demoUsers.alex, 'help'));

  // The request itself was genuine (200 or a failed turn); what matters is that nothing went out.
  expect(res.status).toBeLessThan(500);
  await settle();
  expect(connector.activities()).toEqual([]);
  expect(connector.refused()).toEqual([]);
  const after = await identity.stats();
  expect(
    after.refusedClientCredentialRequests - before.refusedClientCredentialRequests,
  ).toBeGreaterThan(0);
});

test('when the bot is configured for another OAuth scope, then the channel refuses its token and records nothing (the stand-in really checks)', async () => {
  const app = await startBot({ BOT_OAUTH_SCOPE: 'https://api.botframework.us' });

  await send(app, personalMessage(demoUsers.alex, 'help'));

  await settle();
  expect(connector.activities()).toEqual([]);
  expect(connector.refused().length).toBeGreaterThan(0);
  expect(connector.refused()[0]?.reason).toMatch(/claim|aud/i);
});
