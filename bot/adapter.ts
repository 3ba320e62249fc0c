import {
  CloudAdapter,
  ConfigurationBotFrameworkAuthentication,
  StatusCodes,
  type Activity,
  type BotState,
  type TurnContext,
  type UserState,
} from 'botbuilder';
import {
  AuthenticationError,
  BotFrameworkAuthentication,
  type AuthenticateRequestResult,
  type BotFrameworkClient,
  type ClaimsIdentity,
  type ConnectorFactory,
  type ServiceClientCredentialsFactory,
  type UserTokenClient,
} from 'botframework-connector';
import type { Config } from './config';
import { isBenefitError } from '../services/errors';
import { unanswered } from './errors';
import { scrubbed, type Logger } from './logger';
import { translatorOf } from './profile';

/**
 * botbuilder's own validation of incoming requests, with every way of failing it answered 401 with
 * one fixed sentence. botbuilder answers some refusals 500 (a token signed by another key that
 * carries a known kid: "invalid signature") and puts its reason in the body; the reason is logged
 * here instead, never the token.
 */
class RefusingBotFrameworkAuthentication extends BotFrameworkAuthentication {
  constructor(
    private readonly inner: BotFrameworkAuthentication,
    private readonly logger: Logger,
  ) {
    super();
  }

  override async authenticateRequest(
    activity: Activity,
    authHeader: string,
  ): Promise<AuthenticateRequestResult> {
    try {
      return await this.inner.authenticateRequest(activity, authHeader);
    } catch (err) {
      throw this.refusal(err, { activityId: activity.id, channelId: activity.channelId });
    }
  }

  override async authenticateStreamingRequest(
    authHeader: string,
    channelIdHeader: string,
  ): Promise<AuthenticateRequestResult> {
    try {
      return await this.inner.authenticateStreamingRequest(authHeader, channelIdHeader);
    } catch (err) {
      throw this.refusal(err, { channelId: channelIdHeader });
    }
  }

  override authenticateChannelRequest(authHeader: string): Promise<ClaimsIdentity> {
    return this.inner.authenticateChannelRequest(authHeader);
  }

  override createConnectorFactory(claimsIdentity: ClaimsIdentity): ConnectorFactory {
    return this.inner.createConnectorFactory(claimsIdentity);
  }

  override createUserTokenClient(claimsIdentity: ClaimsIdentity): Promise<UserTokenClient> {
    return this.inner.createUserTokenClient(claimsIdentity);
  }

  override createBotFrameworkClient(): BotFrameworkClient {
    return this.inner.createBotFrameworkClient();
  }

  override getOriginatingAudience(): string {
    return this.inner.getOriginatingAudience();
  }

  private refusal(err: unknown, where: Record<string, unknown>): AuthenticationError {
    const reason = err instanceof Error ? err.message : String(err);
    // botbuilder's own "could not load the signing keys" is ours to fix, not the caller's.
    const keysUnavailable =
      err instanceof AuthenticationError && err.statusCode === StatusCodes.INTERNAL_SERVER_ERROR;
    this.logger[keysUnavailable ? 'error' : 'warn'](
      { ...where, reason },
      keysUnavailable
        ? 'request refused: the Bot Framework signing keys could not be read'
        : 'request refused: no valid Bot Framework token',
    );
    return new AuthenticationError('Unauthorized.', StatusCodes.UNAUTHORIZED);
  }
}

/**
 * botbuilder's CloudAdapter with Bot Framework authentication. With an empty MicrosoftAppId the
 * adapter accepts unauthenticated requests, as the Agents Playground and the Emulator need.
 * `credentialsFactory` replaces botbuilder's default (client secret) for the bot's own tokens:
 * a certificate, or in tests a ConfidentialClientApplication that trusts a local authority.
 */
export function createAdapter(
  config: Config,
  logger: Logger,
  state: { conversationState?: BotState; userState?: UserState } = {},
  credentialsFactory?: ServiceClientCredentialsFactory,
): CloudAdapter {
  const { conversationState, userState } = state;
  const endpoints = config.botFrameworkEndpoints;
  const settings = new ConfigurationBotFrameworkAuthentication(
    {
      MicrosoftAppId: config.microsoftAppId,
      MicrosoftAppPassword: config.microsoftAppPassword,
      MicrosoftAppType: config.microsoftAppType,
      MicrosoftAppTenantId: config.microsoftAppTenantId,
      // Only all together: once one is set, botbuilder defaults none of the others.
      ...(endpoints
        ? {
            ToBotFromChannelOpenIdMetadataUrl: endpoints.openIdMetadataUrl,
            ToBotFromChannelTokenIssuer: endpoints.tokenIssuer,
            ToChannelFromBotLoginUrl: endpoints.loginUrl,
            ToChannelFromBotOAuthScope: endpoints.oauthScope,
          }
        : {}),
    },
    credentialsFactory,
  );
  const adapter = new CloudAdapter(new RefusingBotFrameworkAuthentication(settings, logger));

  // The one path for what no handler answered: a domain refusal is put in words (bot/errors.ts); anything
  // else is logged with the activity id and apologised for. Either way the conversation's flow is forgotten.
  adapter.onTurnError = async (context: TurnContext, error: Error) => {
    const { activity } = context;
    const where = {
      activityId: activity.id,
      type: activity.type,
      conversation: activity.conversation?.id,
    };
    // A refusal's details name people and emails: only its code is logged (still a failed turn: no handler answered it).
    if (isBenefitError(error)) logger.error({ ...where, code: error.code }, 'turn failed');
    else
      logger.error(
        {
          ...where,
          err: { name: error.name, message: scrubbed(error.message), stack: scrubbed(error.stack) },
        },
        'turn failed',
      );
    try {
      if (activity.type === 'message' || activity.type === 'invoke') {
        const t = await translatorOf(context, userState);
        await context.sendActivity(unanswered(error, t));
      }
      if (conversationState) await conversationState.delete(context);
    } catch (sendError) {
      logger.error(
        { err: { message: scrubbed((sendError as Error).message) }, activityId: activity.id },
        'could not tell the person about the failure',
      );
    }
  };
  return adapter;
}
