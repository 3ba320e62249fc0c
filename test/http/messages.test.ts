import { msg, nodes, onlyCard, texts as textBlocks, type Json } from '../support/card-json';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Activity } from 'botbuilder';
import { startApp, type RunningApp } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { storeSettings } from '../support/test-backend';
import { createLogger } from '../../bot/logger';
import { en } from '../../cards/i18n/en';
import { ja } from '../../cards/i18n/ja';
import {
  cardSubmit,
  channelMention,
  channelMessage,
  demoUsers,
  installationAdd,
  membersAdded,
  personalMessage,
  TENANTS,
  type Person,
} from '../support/activities';
import { startConnector, type ConnectorStandIn, type ReceivedActivity } from '../support/connector';

/**
 * The bot over HTTP, as Teams or the Agents Playground reach it: activities POSTed to
 * /api/messages, replies arriving at the channel connector (a local stand-in) at serviceUrl.
 */

/** R2, in the order the spec lists them. */
const R2_ORDER = ['software', 'cloud', 'visualStudio', 'technical', 'goToMarket'] as const;
const PMC_SIGN_IN = 'https://partner.microsoft.com/_login?authType=OpenIdConnect';
const MEMBERSHIP_SITE = 'https://partner.microsoft.com/membership';

const actionsOfType = (card: Json, type: string) => nodes(card).filter((n) => n.type === type);

/** The one plain text of a reply that must be exactly one message without attachments. */
function onlyText(replies: ReceivedActivity[]): string {
  expect(replies).toHaveLength(1);
  expect(replies[0]?.activity.attachments ?? []).toHaveLength(0);
  return String(replies[0]?.activity.text);
}

/**
 * What people read in a reply: everything but `recipient`, which is only the address the channel
 * delivers to (the sender of the message being answered) and is not shown in the conversation.
 */
function readable(replies: ReceivedActivity[]): string {
  return JSON.stringify(replies.map(({ activity }) => ({ ...activity, recipient: undefined })));
}

const everyDemoPerson: Person[] = Object.values(demoUsers);

let app: RunningApp;
let connector: ConnectorStandIn;
let dir: string;

beforeAll(async () => {
  connector = await startConnector();
  dir = await mkdtemp(join(tmpdir(), 'benefits-http-'));
  const config = loadConfig({
    HOST: '127.0.0.1',
    ...(await storeSettings(join(dir, 'benefits.json'))),
    BENEFITS_NOW: '2026-11-24T09:00:00Z',
    LOG_LEVEL: 'silent',
  });
  // loadConfig accepts ports 1-65535 only; port 0 lets the OS pick a free one for the test.
  app = await startApp({ ...config, port: 0 }, createLogger('silent'));
});

afterAll(async () => {
  await app?.stop();
  await connector?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

beforeEach(() => connector.clear());

function post(body: string, contentType = 'application/json'): Promise<Response> {
  return fetch(`${app.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': contentType },
    body,
  });
}

/** POSTs one activity and returns what the bot sent to the connector for it (the turn ends before the HTTP answer). */
async function send(activity: Partial<Activity>): Promise<ReceivedActivity[]> {
  connector.clear();
  const res = await post(JSON.stringify({ ...activity, serviceUrl: connector.serviceUrl }));
  expect(res.status).toBeGreaterThanOrEqual(200);
  expect(res.status).toBeLessThan(300);
  return connector.activities();
}

/** Nothing more arrives in a short while after the turn (a late send would show up here). */
async function settle(): Promise<void> {
  await new Promise((resolve) => setTimeout(resolve, 150));
}

describe('the HTTP endpoint', () => {
  test('when a probe asks GET /healthz, then it answers 200 JSON with status ok and the two demo organisations', async () => {
    const res = await fetch(`${app.url}/healthz`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/application\/json/);
    expect(await res.json()).toMatchObject({ status: 'ok', organisations: 2 });
  });

  test.each([['{}'], ['{"type": 42}'], ['{"text": "show benefits"}']])(
    'when the body %s is JSON but not an activity, then the bot answers 400 without internal details',
    async (body) => {
      const res = await post(body);
      expect(res.status).toBe(400);
      expect(await res.text()).not.toMatch(/validateAndFixActivity|Error:/);
      await settle();
      expect(connector.activities()).toHaveLength(0);
    },
  );

  test('when the body is not JSON, then the bot answers 4xx and still answers the next request', async () => {
    const res = await post('{"type": "message", this is not json');
    expect(res.status).toBeGreaterThanOrEqual(400);
    expect(res.status).toBeLessThan(500);
    await settle();
    expect(connector.activities()).toHaveLength(0);

    const replies = await send(personalMessage(demoUsers.alex, 'show benefits'));
    expect(onlyCard(replies)).toBeDefined();
    const health = await fetch(`${app.url}/healthz`);
    expect(health.status).toBe(200);
  });
});

describe('a personal chat', () => {
  test('when Alex Wilber (Global admin) asks "show benefits", then one card lists the five categories in R2 order, in reply to his message', async () => {
    const incoming = personalMessage(demoUsers.alex, 'show benefits');
    const replies = await send(incoming);
    const card = onlyCard(replies);

    expect(replies[0]?.conversationId).toBe(incoming.conversation?.id);
    expect(replies[0]?.replyToId).toBe(incoming.id);
    const names: string[] = R2_ORDER.map((c) => en[`category.${c}`]);
    expect(textBlocks(card).filter((text) => names.includes(text))).toEqual(names);
    expect(actionsOfType(card, 'Action.Submit').map((a) => (a.data as Json).category)).toEqual([
      ...R2_ORDER,
    ]);
    expect(textBlocks(card)).toContain(msg('en', 'overview.title', { org: 'Contoso Partners' }));
  });

  test('when Ana Bowman (employee) asks "show benefits", then she gets her own benefits with the admins-only notice, not the overview', async () => {
    const card = onlyCard(await send(personalMessage(demoUsers.ana, 'show benefits')));
    const texts = textBlocks(card);

    expect(texts).toContain(en['scope.employeeSeesOwn']);
    expect(texts).toContain(msg('en', 'mine.title', { name: 'Ana Bowman' }));
    expect(
      texts.some((text) => text.startsWith(msg('en', 'mine.none', { name: 'Ana Bowman' }))),
    ).toBe(true);
    expect(texts).not.toContain(msg('en', 'overview.title', { org: 'Contoso Partners' }));
    expect(texts).not.toContain(en['overview.hint']);
    expect(
      actionsOfType(card, 'Action.Submit').filter(
        (a) => (a.data as Json).verb === 'benefits.category',
      ),
    ).toHaveLength(0);
  });

  test('when Alex asks for "Visual Studio subscriptions", then the list shows that Lee Gu holds a seat', async () => {
    const replies = await send(personalMessage(demoUsers.alex, 'Visual Studio subscriptions'));
    const card = onlyCard(replies);
    expect(textBlocks(card)[0]).toBe(en['category.visualStudio']);
    const shown = JSON.stringify(card);
    expect(shown).toContain('Lee Gu');
    expect(shown).toContain('lee.gu@contoso.com');
  });

  test('when someone writes in Japanese from a ja-JP client ("特典を表示"), then the card is in Japanese', async () => {
    const card = onlyCard(
      await send(personalMessage(demoUsers.alex, '特典を表示', { locale: 'ja-JP' })),
    );
    const texts = textBlocks(card);
    const names: string[] = R2_ORDER.map((c) => ja[`category.${c}`]);

    expect(texts).toContain(msg('ja', 'overview.title', { org: 'Contoso Partners' }));
    expect(texts.filter((text) => names.includes(text))).toEqual(names);
    expect(texts).not.toContain(en['category.software']);
    expect(texts).toContain(ja['overview.hint']);
  });

  test('when a card is submitted with a verb the bot does not know, then it answers only the "out of date" sentence', async () => {
    const replies = await send(
      cardSubmit(demoUsers.alex, { verb: 'benefits.teleport', category: 'software' }),
    );
    expect(onlyText(replies)).toBe(en['error.unknownAction']);
    await settle();
    expect(connector.activities()).toHaveLength(1);
  });
});

describe('identity and membership', () => {
  test('when Kenji Sato of Fabrikam (still in PMC) asks "show benefits", then he is told to manage benefits in PMC, with the PMC sign-in link (R9)', async () => {
    const text = onlyText(await send(personalMessage(demoUsers.kenji, 'show benefits')));
    expect(text).toBe(msg('en', 'access.pmc', { org: 'Fabrikam Consulting', url: PMC_SIGN_IN }));
    expect(text).toContain(PMC_SIGN_IN);
  });

  test('when someone from an unknown tenant asks "show benefits", then they are told their organisation is not set up, with the membership link (R10)', async () => {
    const stranger: Person = {
      aadObjectId: '00000000-0000-0000-0000-0000000000999',
      name: 'Olga Outsider',
      tenantId: TENANTS.unknown,
    };
    const text = onlyText(await send(personalMessage(stranger, 'show benefits')));
    expect(text).toBe(msg('en', 'access.unknownTenant', { url: MEMBERSHIP_SITE }));
    expect(text).toContain(MEMBERSHIP_SITE);
  });
});

describe('a team channel', () => {
  test('when Alex @mentions the bot with "show benefits", then the overview shows counts, no person, and a link to chat privately', async () => {
    const incoming = channelMention(demoUsers.alex, 'show benefits');
    const replies = await send(incoming);
    const card = onlyCard(replies);
    const texts = textBlocks(card);

    expect(replies[0]?.conversationId).toBe(incoming.conversation?.id);
    expect(texts).toContain(msg('en', 'overview.title', { org: 'Contoso Partners' }));
    // Counts: Software holds 3 benefits and 5 + 5 + 2 keys; Visual Studio 3 + 5 seats, one of them used.
    expect(texts).toContain(
      `${msg('en', 'unit.key.other', { n: 12 })} · ${msg('en', 'summary.activated', { activated: 0, count: 3 })}`,
    );
    expect(texts).toContain(
      `${msg('en', 'unit.seat.other', { n: 8 })} · ${msg('en', 'summary.usedFree', { used: 1, free: 7 })}`,
    );

    const shown = readable(replies);
    for (const person of everyDemoPerson) {
      expect(shown).not.toContain(person.name);
      expect(shown).not.toContain(String(person.email));
    }
    const privately = actionsOfType(card, 'Action.OpenUrl').filter(
      (a) => a.title === en['scope.openPersonalChat'],
    );
    expect(privately).toHaveLength(1);
    expect(String(privately[0]?.url)).toMatch(/^https:\/\/teams\.microsoft\.com\/l\/chat\//);
  });

  test('when Ana Bowman (employee) @mentions the bot with "show benefits", then she is pointed to a personal chat and nothing of hers is shown', async () => {
    const replies = await send(channelMention(demoUsers.ana, 'show benefits'));
    const card = onlyCard(replies);
    expect(textBlocks(card)).toEqual([en['scope.personalChatOnly']]);
    const shown = readable(replies);
    expect(shown).not.toContain('Ana Bowman');
    expect(shown).not.toContain('ana@contoso.com');
  });

  test('when Alex writes in the channel without mentioning the bot, then nothing arrives', async () => {
    const replies = await send(channelMessage(demoUsers.alex, 'show benefits'));
    expect(replies).toHaveLength(0);
    await settle();
    expect(connector.activities()).toHaveLength(0);
  });

  test('when Alex @mentions the bot with "Visual Studio subscriptions", then the list leaves out Lee Gu, whom a personal chat shows', async () => {
    const inChannel = await send(channelMention(demoUsers.alex, 'Visual Studio subscriptions'));
    const channelCard = onlyCard(inChannel);
    expect(textBlocks(channelCard)[0]).toBe(en['category.visualStudio']);
    expect(JSON.stringify(channelCard)).toContain('Visual Studio Enterprise subscription');
    const shown = readable(inChannel);
    expect(shown).not.toContain('Lee Gu');
    expect(shown).not.toContain('lee.gu@contoso.com');

    const inPrivate = JSON.stringify(
      onlyCard(await send(personalMessage(demoUsers.alex, 'Visual Studio subscriptions'))),
    );
    expect(inPrivate).toContain('Lee Gu');
    expect(inPrivate).toContain('lee.gu@contoso.com');
  });

  test('when Alex @mentions the bot with "my benefits", then he is told personal things are shown only in a personal chat', async () => {
    const replies = await send(channelMention(demoUsers.alex, 'my benefits'));
    const card = onlyCard(replies);
    expect(textBlocks(card)).toEqual([en['scope.personalChatOnly']]);
    expect(actionsOfType(card, 'Action.OpenUrl').map((a) => a.title)).toEqual([
      en['scope.openPersonalChat'],
    ]);
    expect(readable(replies)).not.toContain('Alex Wilber');
  });
});

describe('welcome', () => {
  const uniqueConversation = () =>
    `a:welcome-${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  const welcome = msg('en', 'welcome.admin', { name: 'Alex Wilber', org: 'Contoso Partners' });

  test('when conversationUpdate (membersAdded) arrives twice for the same conversation, then exactly one welcome is sent', async () => {
    const conversationId = uniqueConversation();
    const first = await send(membersAdded(demoUsers.alex, { conversationId }));
    expect(onlyText(first)).toBe(`${welcome} ${en['welcome.languageHint']}`);
    expect(first[0]?.conversationId).toBe(conversationId);

    const second = await send(membersAdded(demoUsers.alex, { conversationId }));
    expect(second).toHaveLength(0);
  });

  test('when installationUpdate (add) follows conversationUpdate for the same conversation, as on a Playground page load, then there is still one welcome', async () => {
    const conversationId = uniqueConversation();
    const first = await send(membersAdded(demoUsers.alex, { conversationId }));
    const second = await send(installationAdd(demoUsers.alex, { conversationId }));
    expect(first.length + second.length).toBe(1);
    expect(onlyText(first)).toContain(welcome);
  });

  test('when conversationUpdate and installationUpdate arrive at the same moment, then there is still one welcome', async () => {
    const conversationId = uniqueConversation();
    connector.clear();
    const answers = await Promise.all(
      [
        membersAdded(demoUsers.alex, { conversationId }),
        installationAdd(demoUsers.alex, { conversationId }),
        membersAdded(demoUsers.alex, { conversationId }),
      ].map((a) => post(JSON.stringify({ ...a, serviceUrl: connector.serviceUrl }))),
    );
    expect(answers.map((r) => r.status)).toEqual([200, 200, 200]);
    const arrived = await connector.waitFor(1, 2000);
    await settle();
    expect(connector.activities()).toHaveLength(1);
    expect(arrived[0]?.activity.text).toContain(welcome);
  });
});
