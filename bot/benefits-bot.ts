import { TeamsActivityHandler, TurnContext, UserState, type StatePropertyAccessor } from 'botbuilder';
import { translator, type Translator } from '../cards/i18n/translator';
import { resolveAccess } from '../services/access.service';
import type { LanguageCode } from '../services/model';
import type { KeyValueStore, OrganisationReader } from '../services/ports';
import { chooseLanguage } from './locale';
import { recognize, type Intent } from './recognizer';
import type { Place, Replies } from './replies';
import { intentOfAction } from './verbs';

interface Profile {
  language?: LanguageCode;
}

export interface BenefitsBotDeps {
  replies: Replies;
  store: OrganisationReader;
  /** Marks conversations already greeted, shared by every instance of the bot. */
  markers: KeyValueStore;
  userState: UserState;
}

/** Teams in, Teams out: reads the activity, asks what is wanted and who asks, sends the reply. */
export class BenefitsBot extends TeamsActivityHandler {
  private readonly profile: StatePropertyAccessor<Profile>;

  constructor(private readonly deps: BenefitsBotDeps) {
    super();
    this.profile = deps.userState.createProperty<Profile>('profile');

    this.onMessage(async (context, next) => {
      await this.handleMessage(context);
      await next();
    });
    // Teams and the Playground send both of these on install, and again on every page load.
    this.onMembersAdded(async (context, next) => {
      await this.welcomeOnce(context);
      await next();
    });
    this.onInstallationUpdateAdd(async (context, next) => {
      await this.welcomeOnce(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    await super.run(context);
    await this.deps.userState.saveChanges(context);
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const place = placeOf(context);
    const hasValue = activity.value !== undefined && activity.value !== null;
    // In a channel or group chat the bot answers only when it is mentioned (or a card button is used).
    if (place.audience === 'shared' && !hasValue && !mentionsBot(context)) return;
    const text = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
    const intent: Intent | undefined = hasValue && !text.trim() ? intentOfAction(activity.value) : recognize(text);

    const profile = await this.profile.get(context, {});
    if (intent?.name === 'setLanguage') {
      await this.profile.set(context, { ...profile, language: intent.language });
    }
    const t = this.translatorFor(context, intent?.name === 'setLanguage' ? intent.language : profile.language);
    if (!intent) {
      await context.sendActivity(t.t('error.unknownAction'));
      return;
    }
    const access = await resolveAccess(this.deps.store, identityOf(context));
    for (const reply of await this.deps.replies.answer(intent, access, place, t)) await context.sendActivity(reply);
  }

  private async welcomeOnce(context: TurnContext): Promise<void> {
    const conversationId = context.activity.conversation?.id;
    if (!conversationId || !(await this.deps.markers.claimOnce(`welcome:${conversationId}`))) return;
    const profile = await this.profile.get(context, {});
    const access = await resolveAccess(this.deps.store, identityOf(context));
    const replies = await this.deps.replies.welcome(access, placeOf(context), this.translatorFor(context, profile.language));
    for (const reply of replies) await context.sendActivity(reply);
  }

  private translatorFor(context: TurnContext, preference: LanguageCode | undefined): Translator {
    return translator(chooseLanguage(preference, context.activity.locale));
  }
}

function identityOf(context: TurnContext) {
  const { activity } = context;
  const channelData = activity.channelData as { tenant?: { id?: string } } | undefined;
  return {
    tenantId: channelData?.tenant?.id ?? activity.conversation?.tenantId,
    userId: activity.from?.aadObjectId,
    displayName: activity.from?.name,
  };
}

function placeOf(context: TurnContext): Place {
  const { activity } = context;
  const type = activity.conversation?.conversationType;
  const shared = type === 'channel' || type === 'groupChat' || activity.conversation?.isGroup === true;
  const botId = activity.recipient?.id ?? '';
  return {
    audience: shared ? 'shared' : 'private',
    personalChatUrl: botId ? `https://teams.microsoft.com/l/chat/0/0?users=${encodeURIComponent(botId)}` : '',
  };
}

function mentionsBot(context: TurnContext): boolean {
  const botId = context.activity.recipient?.id;
  return TurnContext.getMentions(context.activity).some((m) => m.mentioned?.id === botId);
}
