import {
  action,
  ADAPTIVE,
  facts,
  msg,
  nodes,
  onlyCard,
  texts,
  type Json,
} from '../support/card-json';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Activity } from 'botbuilder';
import { startApp, type RunningApp } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { storeSettings } from '../support/test-backend';
import { createLogger } from '../../bot/logger';
import { en } from '../../cards/i18n/en';
import { cardSubmit, demoUsers, personalMessage, type Person } from '../support/activities';
import { startConnector, type ConnectorStandIn, type ReceivedActivity } from '../support/connector';

/**
 * Issue 3's "assign VS to Ana" over HTTP, pressing the card buttons as Teams sends them: an
 * Action.Submit is a message with no text whose `value` is the button's data; an Action.Execute
 * is an `adaptiveCard/action` invoke whose answer (the card that replaces the one pressed) is the
 * body of the HTTP response. Replies to messages arrive at the connector stand-in.
 */

const VS_ENT = 'Visual Studio Enterprise subscription';
const VS_PRO = 'Visual Studio Professional subscription';

const withFreeSeats = (name: string, free: number) =>
  `${name} (${msg('en', free === 1 ? 'mine.free.one' : 'mine.free.other', { n: free })})`;
const seatsLeft = (free: number, total: number) =>
  msg('en', 'fact.leftValue', { free, total: msg('en', 'unit.seat.other', { n: total }) });

let app: RunningApp;
let connector: ConnectorStandIn;
let dir: string;

beforeAll(async () => {
  connector = await startConnector();
  dir = await mkdtemp(join(tmpdir(), 'benefits-http-assign-'));
  const config = loadConfig({
    HOST: '127.0.0.1',
    ...(await storeSettings(join(dir, 'benefits.json'))),
    BENEFITS_NOW: '2026-11-24T09:00:00Z',
    LOG_LEVEL: 'silent',
  });
  app = await startApp({ ...config, port: 0 }, createLogger('silent'));
});

afterAll(async () => {
  await app?.stop();
  await connector?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

function post(activity: Partial<Activity>): Promise<Response> {
  return fetch(`${app.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...activity, serviceUrl: connector.serviceUrl }),
  });
}

/** POSTs a message and returns what the bot sent to the connector for it. */
async function send(activity: Partial<Activity>): Promise<ReceivedActivity[]> {
  connector.clear();
  const res = await post(activity);
  expect(res.status).toBeGreaterThanOrEqual(200);
  expect(res.status).toBeLessThan(300);
  return connector.activities();
}

/** Presses an Action.Execute button as Teams does: an invoke named adaptiveCard/action. Returns the HTTP status and body. */
async function execute(
  who: Person,
  verb: string,
  data: Json,
): Promise<{ status: number; body: unknown; sentToConnector: ReceivedActivity[] }> {
  connector.clear();
  const invoke = cardSubmit(
    who,
    { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
    { type: 'invoke', name: 'adaptiveCard/action' },
  );
  const res = await post(invoke);
  const text = await res.text();
  return {
    status: res.status,
    body: text ? (JSON.parse(text) as unknown) : undefined,
    sentToConnector: connector.activities(),
  };
}

test('"assign VS to Ana" over HTTP: the choice card arrives, Professional pressed as an Action.Submit, the confirmation arrives, Confirm pressed as an adaptiveCard/action invoke answers the result card in the HTTP response; Ana then sees her seat', async () => {
  // 1. The question, with both subscriptions and their free seats.
  const question = onlyCard(await send(personalMessage(demoUsers.alex, 'assign VS to Ana')));
  expect(texts(question)[0]).toBe(
    '"VS" could be more than one benefit. Which benefit should Ana Bowman get?',
  );
  const professional = action(question, withFreeSeats(VS_PRO, 5));
  expect(action(question, withFreeSeats(VS_ENT, 2)).type).toBe('Action.Submit');
  expect(professional.type).toBe('Action.Submit');

  // 2. Action.Submit: a message with no text, its value the button's data.
  const submit = cardSubmit(demoUsers.alex, professional.data as Json);
  expect(submit.text).toBeUndefined();
  const confirmation = onlyCard(await send(submit));
  expect(texts(confirmation)[0]).toBe(
    msg('en', 'confirm.assign', { benefit: VS_PRO, name: 'Ana Bowman' }),
  );
  expect(facts(confirmation)).toContainEqual([en['fact.leftAfter'], seatsLeft(4, 5)]);

  // 3. Action.Execute: the invoke response is the HTTP body; nothing is sent to the connector.
  const confirm = action(confirmation, en['confirm.button']);
  expect(confirm.type).toBe('Action.Execute');
  const pressed = await execute(demoUsers.alex, String(confirm.verb), confirm.data as Json);
  expect(pressed.status).toBe(200);
  expect(pressed.body).toEqual({
    statusCode: 200,
    type: ADAPTIVE,
    value: expect.objectContaining({ type: 'AdaptiveCard' }),
  });
  const result = (pressed.body as { value: Json }).value;
  expect(texts(result)[0]).toBe(
    msg('en', 'result.assigned', { name: 'Ana Bowman', benefit: VS_PRO }),
  );
  expect(facts(result)).toEqual([[en['fact.left'], seatsLeft(4, 5)]]);
  expect(
    nodes(result)
      .filter((n) => n.type === 'Action.OpenUrl')
      .map((n) => n.url),
  ).toContain('https://my.visualstudio.com');
  expect(pressed.sentToConnector).toEqual([]);

  // 4. Teams retries the same invoke: the same request id changes nothing.
  const retried = await execute(demoUsers.alex, String(confirm.verb), confirm.data as Json);
  expect(retried.status).toBe(200);
  expect(texts((retried.body as { value: Json }).value)).toContain(en['result.alreadyDone']);

  // 5. Ana's own view, over HTTP.
  const mine = onlyCard(await send(personalMessage(demoUsers.ana, 'my benefits')));
  const said = texts(mine);
  expect(said).toContain(msg('en', 'mine.title', { name: 'Ana Bowman' }));
  expect(said).toContain(VS_PRO);
  expect(said).toContain(en['state.active']);
  expect(said).toContain(msg('en', 'mine.start.signInVisualStudio', { email: 'ana@contoso.com' }));
});
