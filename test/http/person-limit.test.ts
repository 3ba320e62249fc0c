import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Activity } from 'botbuilder';
import { startApp, type RunningApp } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { storeSettings } from '../support/test-backend';
import { createLogger } from '../../bot/logger';
import { PersonLimiter } from '../../bot/person-limiter';
import { en } from '../../cards/i18n/en';
import { ja } from '../../cards/i18n/ja';
import { demoUsers, personalMessage } from '../support/activities';
import { startConnector, type ConnectorStandIn } from '../support/connector';

/** One person flooding the bot over HTTP, and someone else talking to it at the same time. */

const RATE = 0.2;
let app: RunningApp;
let connector: ConnectorStandIn;
let dir: string;

beforeAll(async () => {
  connector = await startConnector();
  dir = await mkdtemp(join(tmpdir(), 'benefits-limit-'));
  // A slow refill (one turn every 5 s) keeps the figures exact however slow the machine is today.
  const config = loadConfig({
    HOST: '127.0.0.1',
    ...(await storeSettings(join(dir, 'benefits.json'))),
    BENEFITS_NOW: '2026-11-24T09:00:00Z',
    LOG_LEVEL: 'silent',
    PERSON_MESSAGES_PER_SECOND: String(RATE),
    PERSON_MESSAGES_BURST: '20',
  });
  app = await startApp({ ...config, port: 0 }, createLogger('silent'));
});

afterAll(async () => {
  await app?.stop();
  await connector?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

const post = (activity: Partial<Activity>) =>
  fetch(`${app.url}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...activity, serviceUrl: connector.serviceUrl }),
  });

const textsTo = (conversationId: string) =>
  connector
    .activities()
    .filter((r) => r.activity.conversation?.id === conversationId)
    .map((r) => String(r.activity.text ?? ''));

describe('one person sending 100 messages a second', () => {
  test('is slowed down with one friendly sentence, nothing of the excess runs, and someone else is answered as usual', async () => {
    connector.clear();
    const flood = personalMessage(demoUsers.ana, 'my benefits');
    const floodConversation = flood.conversation?.id ?? '';
    const started = Date.now();
    const answers: Promise<Response>[] = [];
    for (let i = 0; i < 100; i++) {
      answers.push(post({ ...flood, id: `flood-${i}` }));
      if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 100)); // 100 in about a second
    }
    const other = personalMessage(demoUsers.alex, 'my benefits');
    const otherAnswer = await post({ ...other, id: 'other-1' });
    expect((await Promise.all(answers)).every((r) => r.status >= 200 && r.status < 300)).toBe(true);
    expect(otherAnswer.status).toBeLessThan(300);
    const elapsed = (Date.now() - started) / 1000;
    await new Promise((resolve) => setTimeout(resolve, 200));

    const texts = textsTo(floodConversation);
    const slowDown = texts.filter((t) => t === en['limit.slowDown']);
    expect(slowDown.length).toBeGreaterThanOrEqual(1);
    // Answered: the burst (20) and what the rate refills while the flood lasts; told once per refused run.
    const answered = texts.length - slowDown.length;
    expect(answered).toBeGreaterThanOrEqual(20);
    expect(answered).toBeLessThanOrEqual(20 + Math.ceil(elapsed * RATE));
    expect(slowDown.length).toBeLessThanOrEqual(1 + Math.ceil(elapsed * RATE));
    // Someone else, at the same moment, is not affected.
    expect(
      connector.activities().filter((r) => r.activity.conversation?.id === other.conversation?.id),
    ).toHaveLength(1);
  });

  test('is told in Japanese when that is their language, and a card button gets the sentence as its card', async () => {
    connector.clear();
    const who = demoUsers.taro;
    const message = personalMessage(who, '私の特典', { locale: 'ja-JP' });
    await Promise.all(Array.from({ length: 40 }, (_, i) => post({ ...message, id: `ja-${i}` })));
    // Five presses in a row: at one turn refilled every 5 s, at most one of them can be let through.
    const presses: string[] = [];
    for (let i = 0; i < 5; i++) {
      const invoke = await post({
        ...message,
        type: 'invoke',
        name: 'adaptiveCard/action',
        text: undefined,
        value: {
          action: { type: 'Action.Execute', verb: 'change.cancel', data: { requestId: 'x' } },
        },
      });
      expect(invoke.status).toBe(200);
      presses.push(JSON.stringify(await invoke.json()));
    }
    expect(
      presses.filter((card) => card.includes(ja['limit.slowDown'])).length,
    ).toBeGreaterThanOrEqual(4);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(textsTo(message.conversation?.id ?? '')).toContain(ja['limit.slowDown']);
  });
});

describe('the per-person token bucket', () => {
  test('lets a burst through, refills at the rate, and tells once per refused run', () => {
    let now = 0;
    const limiter = new PersonLimiter({ perSecond: 2, burst: 3 }, () => now);
    expect([1, 2, 3, 4, 5].map(() => limiter.take('a'))).toEqual([
      'ok',
      'ok',
      'ok',
      'firstRefusal',
      'refused',
    ]);
    expect(limiter.take('b')).toBe('ok');
    now += 500; // one turn refilled
    expect([limiter.take('a'), limiter.take('a')]).toEqual(['ok', 'firstRefusal']);
    now += 10_000; // never more than the burst
    expect([1, 2, 3, 4].map(() => limiter.take('a'))).toEqual(['ok', 'ok', 'ok', 'firstRefusal']);
  });
});
