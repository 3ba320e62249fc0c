import { randomUUID } from 'node:crypto';
import { loadConfig } from '../../bot/config';
import { en } from '../../cards/i18n/en';
import {
  cardSubmit,
  demoUsers,
  personalMessage,
  TENANTS,
  type Person,
} from '../support/activities';
import { messagesIn, startSecurityApp, type SecurityApp } from './support';

/**
 * One person sending 100 messages (or pressing Confirm 100 times) a second, with the limit as it
 * ships (the defaults of PERSON_MESSAGES_PER_SECOND and PERSON_MESSAGES_BURST, 5 and 20 today): the burst and what the rate
 * refills run; the rest do not run at all (nothing changes for them); the person is told once,
 * with the catalogue's sentence; and anyone else talking to the bot at the same time is answered
 * as usual. test/http/person-limit.test.ts checks the exact counts at a slow rate; this checks that
 * the excess cannot change anything, and that the limit cannot be stepped around.
 */

/** The limit as it ships: the settings' defaults. */
const SHIPPED = loadConfig({}).personRate;
const RATE = SHIPPED?.perSecond ?? 0;
const BURST = SHIPPED?.burst ?? 0;
const FLOOD = 100;

let s: SecurityApp;
beforeAll(async () => {
  s = await startSecurityApp({}); // the shipped defaults
  for (const who of [demoUsers.megan, demoUsers.adele])
    await s.send(personalMessage(who, 'help') as Record<string, unknown>);
});
afterAll(async () => {
  await s?.stop();
});

const usersNamed = async (prefix: string) =>
  (await s.app.stores.benefits.users(TENANTS.contoso)).filter((u) =>
    u.displayName.startsWith(prefix),
  ).length;

/** Someone pressing Confirm on "add user" 100 times in about a second, each a different person; `tweak` changes each invoke. */
async function flood(
  who: Person,
  prefix: string,
  tweak: (activity: Record<string, unknown>, i: number) => Record<string, unknown> = (a) => a,
): Promise<{ elapsed: number; cards: string[]; otherMs: number; otherTexts: string[] }> {
  s.connector.clear();
  const started = Date.now();
  const presses: Promise<string>[] = [];
  for (let i = 0; i < FLOOD; i++) {
    const data = {
      op: 'addUser',
      requestId: randomUUID(),
      newUserName: `${prefix} ${i}`,
      newUserEmail: `${prefix.toLowerCase()}.${i}@contoso.com`,
    };
    const invoke = cardSubmit(
      who,
      { action: { type: 'Action.Execute', verb: 'change.confirm', data }, trigger: 'manual' },
      { type: 'invoke', name: 'adaptiveCard/action' },
    ) as Record<string, unknown>;
    presses.push(s.post(tweak(invoke, i)).then((r) => r.body));
    if (i % 10 === 9) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  // Someone else, in the middle of it.
  const otherStarted = Date.now();
  const other = await s.send(
    personalMessage(demoUsers.megan, 'my benefits') as Record<string, unknown>,
  );
  const otherMs = Date.now() - otherStarted;
  const cards = await Promise.all(presses);
  return {
    elapsed: (Date.now() - started) / 1000,
    cards,
    otherMs,
    otherTexts: messagesIn(other.replies).map((r) => JSON.stringify(r.activity)),
  };
}

describe('one person pressing Confirm 100 times a second', () => {
  test('the bot ships with a per-person limit', () => {
    expect(SHIPPED).not.toBeNull();
    expect(BURST).toBeLessThan(FLOOD);
  });

  test("runs at most the burst and what the rate refills, answers the rest with the catalogue's sentence, and leaves others unaffected", async () => {
    const { elapsed, cards, otherMs, otherTexts } = await flood(demoUsers.alex, 'Flood');
    const added = await usersNamed('Flood ');
    const slowedDown = cards.filter((c) => c.includes(en['limit.slowDown'])).length;
    expect(added).toBeGreaterThanOrEqual(BURST);
    expect(added).toBeLessThanOrEqual(BURST + Math.ceil(elapsed * RATE) + 1);
    // Every press is answered: with its outcome, or with the sentence (never an error, never silence).
    expect(added + slowedDown).toBe(FLOOD);
    // Megan, at the same moment, is answered as usual and at once.
    expect(otherTexts.join('')).not.toContain(en['limit.slowDown']);
    expect(otherTexts.length).toBeGreaterThanOrEqual(1);
    expect(otherMs).toBeLessThan(2_000);
  });

  // Bug: the limiter keys a person on conversation.tenantId, the bot on channelData.tenant.id
  // (identityOf in benefits-bot.ts). A sender who varies conversation.tenantId gets a fresh bucket
  // every time while the bot still serves them as the same person of Contoso.
  test('cannot be stepped around by changing conversation.tenantId on every press', async () => {
    // Adele (User admin, R1.5) may add users too, and her bucket is full.
    const { elapsed } = await flood(demoUsers.adele, 'Sidestep', (invoke, i) => ({
      ...invoke,
      conversation: {
        ...(invoke.conversation as Record<string, unknown>),
        tenantId: `00000000-0000-0000-0000-${String(i).padStart(12, '0')}`,
      },
    }));
    const added = await usersNamed('Sidestep ');
    expect(added).toBeLessThanOrEqual(BURST + Math.ceil(elapsed * RATE) + 1);
  });
});
