import { en } from '../../cards/i18n/en';
import { firstCardIn, nodes, type Json } from '../support/card-json';
import {
  cardSubmit,
  channelCardSubmit,
  channelMention,
  demoUsers,
  personalMessage,
  TENANTS,
  type Person,
} from '../support/activities';
import {
  dataDigest,
  messagesIn,
  readableText,
  startSecurityApp,
  type SecurityApp,
} from './support';

/**
 * Cards carry ids and a request id, and anyone can send any of them back (a forwarded card, a
 * replayed request, a button on a card in a shared chat). Over HTTP: someone else's confirmation,
 * someone else's request id, someone else's open question.
 */

let s: SecurityApp;
beforeAll(async () => {
  s = await startSecurityApp({ PERSON_MESSAGES_PER_SECOND: '0' });
  for (const who of [demoUsers.alex, demoUsers.ana, demoUsers.megan])
    await s.send(personalMessage(who, 'help') as Record<string, unknown>);
});
afterAll(async () => {
  await s?.stop();
});

const confirmData = (card: Json) => {
  const found = nodes(card).find((n) => n.verb === 'change.confirm');
  if (!found) throw new Error(`no Confirm on ${JSON.stringify(card).slice(0, 300)}`);
  return found.data as Json;
};

async function execute(
  who: Person,
  data: Json,
  overrides: Record<string, unknown> = {},
): Promise<string> {
  const invoke = cardSubmit(
    who,
    { action: { type: 'Action.Execute', verb: 'change.confirm', data }, trigger: 'manual' },
    { type: 'invoke', name: 'adaptiveCard/action' },
  );
  const { status, body } = await s.post({ ...(invoke as Record<string, unknown>), ...overrides });
  expect(status).toBe(200);
  return body;
}

/** The outbox sender (every second, and after each turn) has delivered what the last change announced: it writes too. */
async function settled(): Promise<void> {
  for (
    let i = 0;
    i < 50 && (await s.app.stores.benefits.pendingNotifications(TENANTS.contoso)).length > 0;
    i++
  )
    await new Promise((resolve) => setTimeout(resolve, 100));
  await new Promise((resolve) => setTimeout(resolve, 100));
}

const holdersOf = async (benefitId: string) =>
  (await s.app.stores.benefits.assignments(TENANTS.contoso))
    .filter((a) => a.benefitId === benefitId)
    .map((a) => a.userId);

describe("someone else's confirmation card", () => {
  test("an employee, an MPN partner admin, someone unknown and someone from another organisation pressing the Global admin's Confirm are refused and change nothing; his Confirm still works afterwards", async () => {
    const card = firstCardIn(
      (
        await s.send(
          personalMessage(demoUsers.alex, 'assign VS Pro to Ana') as Record<string, unknown>,
        )
      ).replies,
    );
    const data = confirmData(card);
    const before = await dataDigest(s.dataFile);
    const outsider: Person = {
      aadObjectId: '00000000-0000-0000-0000-0000000000301',
      name: 'Olga Outsider',
      tenantId: TENANTS.unknown,
    };
    const stranger: Person = {
      aadObjectId: '00000000-0000-0000-0000-0000000009999',
      name: 'New Starter',
      tenantId: TENANTS.contoso,
    };
    for (const who of [demoUsers.ana, demoUsers.megan, stranger, outsider, demoUsers.kenji]) {
      const answer = await execute(who, data);
      expect(answer).not.toContain(en['result.alreadyDone']);
      expect(answer).toMatch(
        who.tenantId === TENANTS.contoso ? en['result.notDone'] : /partner\.microsoft\.com/,
      );
      expect(await dataDigest(s.dataFile)).toBe(before);
    }
    // Alex's own Confirm was not used up by any of them.
    const answer = await execute(demoUsers.alex, data);
    expect(answer).not.toContain(en['result.alreadyDone']);
    expect(await holdersOf('visual-studio-professional')).toEqual([demoUsers.ana.aadObjectId]);
  });

  test('a request id already carried out, replayed for a different change, changes nothing', async () => {
    // The last test's notifications (Ana's "you now have VS Pro" card) are out: send() would take them for the reply.
    await settled();
    const card = firstCardIn(
      (
        await s.send(
          personalMessage(demoUsers.alex, 'assign VS Enterprise to Lee Park') as Record<
            string,
            unknown
          >,
        )
      ).replies,
    );
    const data = confirmData(card);
    await execute(demoUsers.alex, data);
    await settled();
    const before = await dataDigest(s.dataFile);
    // The same request id, for other changes: by Alex himself, and by Megan (who may set the marketing contact).
    await execute(demoUsers.alex, { ...data, op: 'remove', userId: demoUsers.leeGu.aadObjectId });
    await execute(demoUsers.megan, {
      op: 'setMarketingContact',
      requestId: data.requestId,
      userId: demoUsers.megan.aadObjectId,
      email: 'megan.marketing@bowen.example',
      phone: '+14255550100',
      language: 'en',
    });
    await settled();
    expect(await dataDigest(s.dataFile)).toBe(before);
  });
});

describe("someone else's open question in a team channel", () => {
  // An open question belongs to the person who was asked, also in a channel: someone else's press
  // or "cancel" there neither answers nor ends it (nothing changes either way: the services check
  // R1.3 again on Confirm).
  test("an employee's answer does not take over or end the Global admin's question: he can still answer it", async () => {
    const question = firstCardIn(
      (await s.send(channelMention(demoUsers.alex, 'assign VS Pro') as Record<string, unknown>))
        .replies,
    );
    expect(JSON.stringify(question)).toContain('flow.answer');
    const before = await dataDigest(s.dataFile);
    const interloper = await s.send(
      channelCardSubmit(demoUsers.ana, {
        verb: 'flow.pick',
        slot: 'person',
        id: demoUsers.ana.aadObjectId,
      }) as Record<string, unknown>,
    );
    expect(readableText(messagesIn(interloper.replies))).not.toContain('Confirm');
    expect(await dataDigest(s.dataFile)).toBe(before);
    // Alex answers his own question: the confirmation follows.
    const answer = await s.send(
      channelCardSubmit(demoUsers.alex, {
        verb: 'flow.pick',
        slot: 'person',
        id: demoUsers.diego.aadObjectId,
      }) as Record<string, unknown>,
    );
    expect(readableText(messagesIn(answer.replies))).toContain('Diego Siciliani');
    expect(readableText(messagesIn(answer.replies))).toContain(en['confirm.button']);
  });

  test("an employee's answer to the Global admin's question never changes anything", async () => {
    await s.send(
      channelMention(demoUsers.alex, 'assign VS Pro', {
        conversationId: '19:other-channel@thread.tacv2',
      }) as Record<string, unknown>,
    );
    const before = await dataDigest(s.dataFile);
    await s.send(
      channelCardSubmit(
        demoUsers.ana,
        { verb: 'flow.pick', slot: 'person', id: demoUsers.ana.aadObjectId },
        { conversationId: '19:other-channel@thread.tacv2' },
      ) as Record<string, unknown>,
    );
    await s.send(
      channelCardSubmit(
        demoUsers.ana,
        { verb: 'flow.answer', slot: 'person', answer: 'Ana Bowman' },
        { conversationId: '19:other-channel@thread.tacv2' },
      ) as Record<string, unknown>,
    );
    expect(await dataDigest(s.dataFile)).toBe(before);
  });
});
