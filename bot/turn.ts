import type { TurnContext } from 'botbuilder';
import type { Translator } from '../cards/i18n/translator';
import type { Actor } from '../services/access.service';
import { SHARED_CONVERSATION, type Audience } from '../services/policy/visibility';

/** What one turn knows about the person asking; recomputed every turn, never kept in dialog state. */
const ACTOR = Symbol('actor');
const TRANSLATOR = Symbol('translator');
const AUDIENCE = Symbol('audience');

/**
 * Who reads this turn's answers. Fails closed: only a conversation positively known to be a personal
 * chat is personal (Teams' conversationType "personal", or in local mode the Emulator's chat, which
 * names no type); a channel, a group chat, an unknown type or none at all is shared, so nothing
 * personal or secret (keys, emails, phone numbers) is shown there.
 */
export function audienceOf(context: TurnContext, localMode = false): Audience {
  const { activity } = context;
  const type = activity.conversation?.conversationType;
  const group = activity.conversation?.isGroup === true;
  const personal =
    !group &&
    (type === 'personal' || (localMode && type === undefined && activity.channelId === 'emulator'));
  const botId = activity.recipient?.id ?? '';
  return {
    readers: personal ? 'personal' : 'shared',
    conversationId: activity.conversation?.id ?? '',
    personalChatUrl: botId
      ? `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(botId)}`
      : '',
    ...(type === 'channel' && activity.conversation?.id
      ? { channelConversationId: channelIdOf(activity.conversation.id) }
      : {}),
  };
}

/** A channel post's conversation id names its thread ("…;messageid=…"); notifications go to the channel itself. */
export function channelIdOf(conversationId: string): string {
  return conversationId.split(';messageid=')[0] ?? conversationId;
}

export function setTurn(
  context: TurnContext,
  actor: Actor | undefined,
  t: Translator,
  audience: Audience,
): void {
  context.turnState.set(ACTOR, actor);
  context.turnState.set(TRANSLATOR, t);
  context.turnState.set(AUDIENCE, audience);
}

/** Who reads this turn's answers; fails closed: a turn that never said so is shared, so nothing personal is shown. */
export function turnAudience(context: TurnContext): Audience {
  return (context.turnState.get(AUDIENCE) as Audience | undefined) ?? SHARED_CONVERSATION;
}

export function turnActor(context: TurnContext): Actor | undefined {
  return context.turnState.get(ACTOR) as Actor | undefined;
}

export function turnTranslator(context: TurnContext): Translator {
  const t = context.turnState.get(TRANSLATOR) as Translator | undefined;
  if (!t) throw new Error('The turn has no translator: setTurn was not called.');
  return t;
}
