import { createHash } from 'node:crypto';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import type { Activity } from 'botbuilder';
import { startApp, type RunningApp } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { storedTexts, storeSettings } from '../support/test-backend';
import { createLogger } from '../../bot/logger';
import { en } from '../../cards/i18n/en';
import { ja } from '../../cards/i18n/ja';
import {
  channelMention,
  channelMessage,
  demoUsers,
  installationAdd,
  membersAdded,
  personalMessage,
  TENANTS,
  type Person,
} from '../support/activities';
import { startGuardedConnector, type GuardedConnector } from '../support/guarded-connector';
import { CHANNEL_OAUTH_SCOPE, startBotIdentity, type BotIdentity } from '../support/identity';

/**
 * ALLOWED_TENANTS on an authenticated deployment: only Contoso is served. Fabrikam is a member
 * organisation in the data file, yet outside the list: its people are told politely that the bot
 * is not available to them, and nothing of theirs is written to the data folder.
 */

let identity: BotIdentity;
let connector: GuardedConnector;
let app: RunningApp;
let dir: string;

beforeAll(async () => {
  identity = await startBotIdentity();
  connector = await startGuardedConnector((token) => identity.verify(token, CHANNEL_OAUTH_SCOPE));
  dir = await mkdtemp(join(tmpdir(), 'benefits-tenants-'));
  const config = loadConfig({
    HOST: '127.0.0.1',
    ...(await storeSettings(join(dir, 'benefits.json'))),
    BENEFITS_NOW: '2026-11-24T09:00:00Z',
    LOG_LEVEL: 'silent',
    ...identity.settings,
    // Upper case and spaces are how people paste ids; the bot compares them lower-cased.
    ALLOWED_TENANTS: ` ${TENANTS.contoso.toUpperCase()} , ${identity.settings.MicrosoftAppTenantId} `,
  });
  app = await startApp({ ...config, port: 0 }, createLogger('silent'), {
    credentialsFactory: identity.credentialsFactory(),
  });
});

afterAll(async () => {
  await app?.stop();
  await connector?.close();
  await identity?.stop();
  if (dir) await rm(dir, { recursive: true, force: true });
});

beforeEach(() => connector.clear());

const outsider: Person = demoUsers.kenji; // Fabrikam Consulting
const stranger: Person = {
  aadObjectId: '00000000-0000-0000-0000-0000000000999',
  name: 'Olga Outsider',
  tenantId: TENANTS.unknown,
};
const uniqueConversation = () =>
  `a:tenants-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;

async function post(activity: Partial<Activity>): Promise<Response> {
  const token = await identity.channelToken({ claims: { serviceurl: connector.serviceUrl } });
  return fetch(`${app.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body: JSON.stringify({ ...activity, serviceUrl: connector.serviceUrl }),
  });
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 250));

/** Everything the store holds (every file under the data folder, or every table) with a hash of it. */
async function snapshot(): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const { where, text } of await storedTexts({ dataFile: join(dir, 'benefits.json'), dir }))
    files[where.startsWith(dir) ? relative(dir, where) : where] = createHash('sha256')
      .update(text)
      .digest('hex');
  return files;
}

/** The data folder once nothing is being written (the app's background jobs have settled). */
async function quietSnapshot(): Promise<Record<string, string>> {
  let previous = await snapshot();
  for (let i = 0; i < 20; i++) {
    await settle();
    const current = await snapshot();
    if (JSON.stringify(current) === JSON.stringify(previous)) return current;
    previous = current;
  }
  throw new Error('the data folder did not settle');
}

test('when someone from an allowed tenant writes, then the bot serves them as usual (and the folder snapshot sees what the bot stores)', async () => {
  const before = await quietSnapshot();
  const res = await post(membersAdded(demoUsers.alex, { conversationId: uniqueConversation() }));
  expect(res.status).toBe(200);
  const [welcome] = await connector.waitFor(1);
  expect(welcome?.activity.text).toContain(en['welcome.languageHint']);
  // The welcome marker and the conversation record were written: the snapshot notices writes.
  expect(await quietSnapshot()).not.toEqual(before);
});

test.each([
  ['Kenji Sato of Fabrikam, a member organisation outside the list', outsider],
  ['someone from a tenant the bot has never heard of', stranger],
])(
  'when %s writes "show benefits" in a personal chat, then one polite sentence comes back and the data folder is byte-for-byte unchanged',
  async (_who, person) => {
    const before = await quietSnapshot();

    const res = await post(
      personalMessage(person, 'show benefits', { conversationId: uniqueConversation() }),
    );

    expect(res.status).toBe(200);
    const replies = await connector.waitFor(1);
    await settle();
    expect(connector.activities()).toHaveLength(1);
    expect(replies[0]?.activity.text).toBe(en['access.tenantNotAllowed']);
    expect(replies[0]?.activity.attachments ?? []).toHaveLength(0);
    expect(await quietSnapshot()).toEqual(before);
  },
);

test('when a Fabrikam person writes from a Japanese client, then the sentence is in Japanese', async () => {
  const before = await quietSnapshot();
  await post(
    personalMessage(outsider, '特典を表示', {
      locale: 'ja-JP',
      conversationId: uniqueConversation(),
    }),
  );
  const [reply] = await connector.waitFor(1);
  expect(reply?.activity.text).toBe(ja['access.tenantNotAllowed']);
  expect(await quietSnapshot()).toEqual(before);
});

test('when a Fabrikam person says "日本語で" (which would store a language preference), then nothing is stored', async () => {
  const before = await quietSnapshot();
  await post(personalMessage(outsider, '日本語で', { conversationId: uniqueConversation() }));
  await connector.waitFor(1);
  await settle();
  expect(await quietSnapshot()).toEqual(before);
});

test('when the bot is installed for a Fabrikam person (conversationUpdate, then installationUpdate), then nothing is sent and nothing is stored', async () => {
  const before = await quietSnapshot();
  const conversationId = uniqueConversation();

  expect((await post(membersAdded(outsider, { conversationId }))).status).toBe(200);
  expect((await post(installationAdd(outsider, { conversationId }))).status).toBe(200);

  await settle();
  expect(connector.activities()).toEqual([]);
  expect(await quietSnapshot()).toEqual(before);
});

test('when a Fabrikam person presses a Universal Actions button, then the invoke is answered with the sentence and nothing is stored', async () => {
  const before = await quietSnapshot();
  const invoke = personalMessage(outsider, '', { conversationId: uniqueConversation() });
  const res = await post({
    ...invoke,
    type: 'invoke',
    name: 'adaptiveCard/action',
    text: undefined,
    value: {
      action: { type: 'Action.Execute', verb: 'benefits.confirm', data: { draftId: 'x' } },
      trigger: 'manual',
    },
  });

  expect(res.status).toBe(200);
  expect(await res.json()).toEqual({
    statusCode: 200,
    type: 'application/vnd.microsoft.activity.message',
    value: en['access.tenantNotAllowed'],
  });
  await settle();
  expect(connector.activities()).toEqual([]);
  expect(await quietSnapshot()).toEqual(before);
});

test('in a Fabrikam team channel, the bot answers only when mentioned, and stores nothing either way', async () => {
  const before = await quietSnapshot();
  const channel = { tenantId: TENANTS.fabrikam };

  await post(channelMessage(outsider, 'show benefits', channel));
  await settle();
  expect(connector.activities()).toEqual([]);

  await post(channelMention(outsider, 'show benefits', channel));
  const [reply] = await connector.waitFor(1);
  expect(reply?.activity.text).toBe(en['access.tenantNotAllowed']);
  expect(await quietSnapshot()).toEqual(before);
});
