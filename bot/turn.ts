import type { TurnContext } from 'botbuilder';
import type { Translator } from '../cards/i18n/translator';
import type { Actor } from '../services/access.service';

/** What one turn knows about the person asking; recomputed every turn, never kept in dialog state. */
const ACTOR = Symbol('actor');
const TRANSLATOR = Symbol('translator');
const WHERE = Symbol('where');

/** Where a turn happens: a shared conversation (channel, group chat) is read by every member. */
export interface Where {
  shared: boolean;
  /** A Teams link to a personal chat with the bot. */
  personalChatUrl: string;
  conversationId: string;
}

export function setTurn(
  context: TurnContext,
  actor: Actor | undefined,
  t: Translator,
  where: Where,
): void {
  context.turnState.set(ACTOR, actor);
  context.turnState.set(TRANSLATOR, t);
  context.turnState.set(WHERE, where);
}

export function turnWhere(context: TurnContext): Where {
  return (
    (context.turnState.get(WHERE) as Where | undefined) ?? {
      shared: false,
      personalChatUrl: '',
      conversationId: '',
    }
  );
}

export function turnActor(context: TurnContext): Actor | undefined {
  return context.turnState.get(ACTOR) as Actor | undefined;
}

export function turnTranslator(context: TurnContext): Translator {
  const t = context.turnState.get(TRANSLATOR) as Translator | undefined;
  if (!t) throw new Error('The turn has no translator: setTurn was not called.');
  return t;
}
