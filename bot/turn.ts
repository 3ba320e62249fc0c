import type { TurnContext } from 'botbuilder';
import type { Translator } from '../cards/i18n/translator';
import type { Actor } from '../services/access.service';

/** What one turn knows about the person asking; recomputed every turn, never kept in dialog state. */
const ACTOR = Symbol('actor');
const TRANSLATOR = Symbol('translator');
const SHARED = Symbol('shared');

/** `shared`: a channel or group chat, where every member reads the answer. */
export function setTurn(context: TurnContext, actor: Actor | undefined, t: Translator, shared: boolean): void {
  context.turnState.set(ACTOR, actor);
  context.turnState.set(TRANSLATOR, t);
  context.turnState.set(SHARED, shared);
}

export function turnIsShared(context: TurnContext): boolean {
  return context.turnState.get(SHARED) === true;
}

export function turnActor(context: TurnContext): Actor | undefined {
  return context.turnState.get(ACTOR) as Actor | undefined;
}

export function turnTranslator(context: TurnContext): Translator {
  const t = context.turnState.get(TRANSLATOR) as Translator | undefined;
  if (!t) throw new Error('The turn has no translator: setTurn was not called.');
  return t;
}
