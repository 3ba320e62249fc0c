import { CloudAdapter, ConfigurationBotFrameworkAuthentication, type ConversationState, type TurnContext } from 'botbuilder';
import { translator } from '../cards/i18n/translator';
import type { Config } from './config';
import { chooseLanguage } from './locale';
import type { Logger } from './logger';

/**
 * botbuilder's CloudAdapter with Bot Framework authentication. With an empty MicrosoftAppId the
 * adapter accepts unauthenticated requests, as the Agents Playground and the Emulator need.
 */
export function createAdapter(config: Config, logger: Logger, conversationState?: ConversationState): CloudAdapter {
  const auth = new ConfigurationBotFrameworkAuthentication({
    MicrosoftAppId: config.microsoftAppId,
    MicrosoftAppPassword: config.microsoftAppPassword,
    MicrosoftAppType: config.microsoftAppType,
    MicrosoftAppTenantId: config.microsoftAppTenantId,
  });
  const adapter = new CloudAdapter(auth);

  // One path for the unexpected: log it with the activity id, apologise, forget the conversation's flow.
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    const { activity } = context;
    logger.error({ err: { name: error.name, message: error.message, stack: error.stack }, activityId: activity.id, type: activity.type, conversation: activity.conversation?.id }, 'turn failed');
    try {
      if (activity.type === 'message' || activity.type === 'invoke') {
        await context.sendActivity(translator(chooseLanguage(undefined, activity.locale)).t('error.generic'));
      }
      if (conversationState) await conversationState.delete(context);
    } catch (sendError) {
      logger.error({ err: { message: (sendError as Error).message }, activityId: activity.id }, 'could not tell the person about the failure');
    }
  };
  return adapter;
}
