import { ConversationState, MemoryStorage, TestAdapter, type TurnContext } from 'botbuilder';
import { DialogSet, DialogTurnStatus } from 'botbuilder-dialogs';
import { ChangeDialog, CHANGE_DIALOG } from '../../bot/dialogs/change.dialog';
import type { ChangeFlow, Draft } from '../../bot/flows/change-flow';
import { setTurn, turnAudience } from '../../bot/turn';
import { translator } from '../../cards/i18n/translator';
import type { Actor } from '../../services/access.service';
import { PERSONAL_CHAT, type Audience } from '../../services/policy/visibility';

/**
 * A turn's audience fails closed: a dialog step that runs in a turn which never said who reads it
 * (setTurn not called with an audience, a path that forgot to set one) treats its answer as read by
 * everyone, so nothing personal is shown there.
 */

const actor: Actor = {
  tenantId: 'tenant',
  organisationName: 'Contoso',
  userId: 'alex',
  displayName: 'Alex Wilber',
  roles: ['globalAdmin'],
};

/** Sets the actor and translator a step needs, leaving the audience out (as a forgetful path would). */
function turnWithoutAudience(context: TurnContext): void {
  setTurn(context, actor, translator('en'), PERSONAL_CHAT);
  for (const [key, value] of [...context.turnState.entries()])
    if (value === PERSONAL_CHAT) context.turnState.delete(key);
}

/** Runs the change dialog's first step once and returns the audience it handed to the flow. */
async function audienceSeenByStep(prepare: (context: TurnContext) => void): Promise<Audience> {
  const seen: Audience[] = [];
  const flow = {
    step: async (_actor: Actor, _draft: Draft, _t: unknown, audience: Audience) => {
      seen.push(audience);
      return { kind: 'done', replies: [] };
    },
  } as unknown as ChangeFlow;
  const state = new ConversationState(new MemoryStorage());
  const dialogs = new DialogSet(state.createProperty('dialogs'));
  dialogs.add(new ChangeDialog(flow));
  const adapter = new TestAdapter(async (context) => {
    prepare(context);
    const dc = await dialogs.createContext(context);
    const result = await dc.beginDialog(CHANGE_DIALOG, {
      op: 'assign',
      benefit: {},
      person: {},
      from: {},
    } satisfies Draft);
    expect(result.status).toBe(DialogTurnStatus.complete);
    await state.saveChanges(context);
  });
  await adapter.send('assign');
  expect(seen).toHaveLength(1);
  return seen[0] as Audience;
}

describe('a turn that set no audience', () => {
  test('when a dialog step runs without setTurn naming the audience, then its answer is treated as shared', async () => {
    const audience = await audienceSeenByStep(turnWithoutAudience);
    expect(audience.readers).toBe('shared');
  });

  test('when setTurn named a personal chat, then the step sees the personal chat', async () => {
    const audience = await audienceSeenByStep((context) =>
      setTurn(context, actor, translator('en'), PERSONAL_CHAT),
    );
    expect(audience).toBe(PERSONAL_CHAT);
  });

  test('when nothing at all was set on the turn, then turnAudience says shared', async () => {
    const adapter = new TestAdapter(async (context) => {
      expect(turnAudience(context).readers).toBe('shared');
    });
    await adapter.send('hi');
  });
});
