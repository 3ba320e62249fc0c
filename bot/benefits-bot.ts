import {
  ActivityTypes,
  TeamsActivityHandler,
  TurnContext,
  type Activity,
  type AdaptiveCardInvokeResponse,
  type AdaptiveCardInvokeValue,
  type BotState,
  type FileConsentCardResponse,
  type StatePropertyAccessor,
  type UserState,
} from 'botbuilder';
import { DialogSet, type DialogState } from 'botbuilder-dialogs';
import { translator, type Translator } from '../cards/i18n/translator';
import { literal } from '../cards/literal';
import { resultCard } from '../cards/result.card';
import type { Access, Actor, Identity } from '../services/access.service';
import type { PeopleService } from '../services/people.service';
import type { AsksService } from '../services/asks.service';
import { askCard } from '../cards/ask.card';
import { isBenefitError, type BenefitError } from '../services/errors';
import { mayShowPersonal } from '../services/policy/visibility';
import type { ExportsService } from '../services/exports.service';
import type {
  ConversationsService,
  Installation,
} from '../services/notifications/conversations.service';
import type { LanguageCode } from '../services/model';
import type { KeyValueStore, OrganisationReader } from '../services/ports';
import { CHANGE_DIALOG, ChangeDialog } from './dialogs/change.dialog';
import { newDraft, type ChangeFlow } from './flows/change-flow';
import type { ChangeOutcomes } from './flows/outcomes';
import type { RequestsFlow } from './flows/requests-flow';
import { chooseLanguage } from './locale';
import {
  isChangeIntent as isChange,
  recognize,
  type ChangeIntent,
  type Intent,
  type PersonMention,
} from './recognizer';
import { explain } from './errors';
import type { Replies } from './replies';
import { audienceOf, channelIdOf, setTurn } from './turn';
import {
  deterministicInterpreter,
  type Interpreter,
  type Reading,
} from './understanding/interpreter';
import { scrubbed, type Logger } from './logger';
import { PROFILE_PROPERTY, type Profile } from './profile';
import { parseCardAction, parseExecuteAction, Verbs, type ExecuteAction } from './verbs';
import { routeOf } from './routes';

export interface BenefitsBotDeps {
  asks: AsksService;
  conversations: ConversationsService;
  exports: ExportsService;
  replies: Replies;
  /** Asks for what a change is missing and ends on its confirmation card; never writes. */
  changes: ChangeFlow;
  /** What a confirmation card's Confirm, Reveal and Cancel do. */
  outcomes: ChangeOutcomes;
  requests: RequestsFlow;
  store: OrganisationReader;
  /** Who is asking, through the organisation's directory. */
  people: Pick<PeopleService, 'access'>;
  /** Marks conversations already greeted, shared by every instance of the bot. */
  markers: KeyValueStore;
  userState: UserState;
  /** Where each person's open question is kept: per person per conversation. */
  conversationState: BotState;
  logger?: Logger;
  /** Local mode (no Microsoft app id): see audienceOf. */
  localMode?: boolean;
  /** How typed messages are read (understanding/interpreter.ts); the deterministic reader unless another is given. */
  interpreter?: Interpreter;
}

/** Teams in, Teams out: reads the activity, asks what is wanted and who asks, sends the reply. */
export class BenefitsBot extends TeamsActivityHandler {
  private readonly profile: StatePropertyAccessor<Profile>;
  private readonly dialogs: DialogSet;
  /** This person's Confirm cards in this conversation: still live, and voided by a typed "cancel". */
  private readonly confirmations: StatePropertyAccessor<Confirmations>;

  constructor(private readonly deps: BenefitsBotDeps) {
    super();
    this.profile = deps.userState.createProperty<Profile>(PROFILE_PROPERTY);
    this.dialogs = new DialogSet(deps.conversationState.createProperty<DialogState>('dialogState'));
    this.confirmations = deps.conversationState.createProperty<Confirmations>('confirmations');
    this.dialogs.add(new ChangeDialog(deps.changes));

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
    // Removed from a chat or team: notifications stop going there.
    this.onInstallationUpdateRemove(async (context, next) => {
      await this.forgetConversation(context);
      await next();
    });
    this.onMembersRemoved(async (context, next) => {
      if (context.activity.membersRemoved?.some((m) => m.id === context.activity.recipient?.id))
        await this.forgetConversation(context);
      await next();
    });
  }

  override async run(context: TurnContext): Promise<void> {
    // Teams renders a message's text as Markdown; what the bot writes (names people typed included) reads as written.
    context.onSendActivities(async (ctx, activities, next) => {
      for (const activity of activities)
        if (activity.type === ActivityTypes.Message && typeof activity.text === 'string')
          activity.text = literal(activity.text);
      const shown = activities.flatMap((a) => confirmRequestIds(a.attachments));
      if (shown.length) {
        const { live = [], voided = [] } = (await this.confirmations.get(ctx)) ?? {};
        await this.confirmations.set(ctx, {
          live: [...live, ...shown].slice(-MAX_TRACKED),
          voided,
        });
      }
      return next();
    });
    // One reader's view of the organisation for the whole turn (a shared database is asked once).
    const store = this.deps.store;
    await store.readView(() => super.run(context));
    // The turn's answer has gone out (and any change is stored): a flow or a language preference
    // that cannot be saved is logged, not apologised for as if nothing had happened.
    try {
      await this.deps.conversationState.saveChanges(context);
      await this.deps.userState.saveChanges(context);
    } catch (err) {
      this.deps.logger?.error(
        {
          err: { name: (err as Error).name, message: scrubbed((err as Error).message) },
          activityId: context.activity.id,
        },
        'could not save the conversation or user state after the turn',
      );
    }
  }

  /** The person accepted the file: upload it where Teams says, then show it as a file card. */
  protected override async handleTeamsFileConsentAccept(
    context: TurnContext,
    response: FileConsentCardResponse,
  ): Promise<void> {
    const t = this.translatorFor(context, (await this.profile.get(context, {})).language);
    const access = await this.access(context);
    const upload = response.uploadInfo;
    if (isBenefitError(access)) {
      await context.sendActivity(explain(access, t, 'message'));
      return;
    }
    if (access.kind !== 'member' || !upload?.uploadUrl) {
      await context.sendActivity(t.t('error.unknownAction'));
      return;
    }
    try {
      const file = await this.deps.exports.assignments(access.actor);
      const put = await fetch(upload.uploadUrl, {
        method: 'PUT',
        headers: {
          'Content-Length': String(file.content.length),
          'Content-Range': `bytes 0-${file.content.length - 1}/${file.content.length}`,
        },
        body: file.content,
      });
      if (!put.ok) throw new Error(`upload answered ${put.status}`);
      await context.sendActivity({
        text: t.t('export.sent', {
          org: access.actor.organisationName,
          rows: t.count('count.rows', file.rows),
        }),
        attachments: [
          {
            contentType: 'application/vnd.microsoft.teams.card.file.info',
            contentUrl: upload.contentUrl,
            name: upload.name,
            content: { uniqueId: upload.uniqueId, fileType: upload.fileType },
          },
        ],
      });
    } catch (err) {
      if (isBenefitError(err)) await context.sendActivity(explain(err, t, 'message'));
      else await context.sendActivity(t.t('export.failed'));
    }
  }

  protected override async handleTeamsFileConsentDecline(context: TurnContext): Promise<void> {
    await context.sendActivity(
      this.translatorFor(context, (await this.profile.get(context, {})).language).t(
        'export.declined',
      ),
    );
  }

  /** Universal Actions: Confirm or Cancel on a confirmation card; the card is replaced by the outcome. */
  protected override async onAdaptiveCardInvoke(
    context: TurnContext,
    invokeValue: AdaptiveCardInvokeValue,
  ): Promise<AdaptiveCardInvokeResponse> {
    const profile = await this.profile.get(context, {});
    const t = this.translatorFor(context, profile.language);
    const card = await this.executeAction(
      context,
      invokeValue.action?.verb,
      invokeValue.action?.data,
      t,
    );
    return { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card };
  }

  private async executeAction(
    context: TurnContext,
    verb: string | undefined,
    data: unknown,
    t: Translator,
  ): Promise<Record<string, unknown>> {
    const action = parseExecuteAction(verb, data);
    if (!action) return resultCard({ kind: 'unknownAction' }, t).content;
    if (action.kind === 'cancel') return this.deps.outcomes.cancelled(t).content;
    const access = await this.access(context);
    if (isBenefitError(access)) return explain(access, t, 'onCard').content;
    if (access.kind !== 'member')
      return resultCard({ kind: 'notDone', reasons: this.deps.replies.notServed(access, t) }, t)
        .content;
    const route = this.executeRoutes[action.kind] as ExecuteHandler<typeof action.kind>;
    return route({ context, actor: access.actor, t }, action);
  }

  /** Universal Action verbs (verbs.ts parses them) → what each does, for a member of a served organisation. */
  private readonly executeRoutes: {
    [K in Exclude<ExecuteAction['kind'], 'cancel'>]: ExecuteHandler<K>;
  } = {
    reveal: async ({ context, actor, t }, action) =>
      (await this.deps.outcomes.reveal(actor, action.data, t, this.audience(context))).content,
    ask: ({ context, actor, t }, action) =>
      this.askAction(context, actor, action.action, action.askId, t),
    submitRequest: async ({ actor, t }, action) =>
      (await this.deps.requests.submit(actor, action.data, t)).content,
    requestCancellation: async ({ actor, t }, action) =>
      (await this.deps.requests.requestCancellation(actor, action.data, t)).content,
    confirm: ({ context, actor, t }, action) => this.confirmAction(context, actor, action.data, t),
  };

  private audience(context: TurnContext) {
    return audienceOf(context, this.deps.localMode);
  }

  /** Confirm on a confirmation card: the change is made (services/changes/), unless this person voided the card. */
  private async confirmAction(
    context: TurnContext,
    actor: Actor,
    payload: Extract<ExecuteAction, { kind: 'confirm' }>['data'],
    t: Translator,
  ): Promise<Record<string, unknown>> {
    // A Confirm card this person voided by typing "cancel" stays cancelled.
    // (Read without a default: a person with no cards tracked has nothing written to their state.)
    const tracked = await this.confirmations.get(context);
    if (tracked?.voided?.includes(payload.requestId))
      return this.deps.outcomes.cancelled(t).content;
    if (tracked?.live?.includes(payload.requestId))
      await this.confirmations.set(context, {
        ...tracked,
        live: tracked.live.filter((id) => id !== payload.requestId),
      });
    return (await this.deps.outcomes.confirm(actor, payload, t, this.audience(context))).content;
  }

  /**
   * The employee's request card: "refresh" shows a Global admin the working buttons; Approve and
   * Decline go through the service (which checks the role again) and update the card for everyone.
   */
  private async askAction(
    context: TurnContext,
    actor: Actor,
    action: 'refresh' | 'approve' | 'decline',
    askId: string,
    t: Translator,
  ): Promise<Record<string, unknown>> {
    try {
      if (action === 'refresh') {
        const { ask, approverIds, canDecide } = await this.deps.asks.view(actor, askId);
        return askCard(ask, t, { canDecide, approverIds }).content;
      }
      const { ask } = await this.deps.asks.decide(actor, askId, action);
      const { approverIds } = await this.deps.asks.view(actor, askId);
      const decided = askCard(ask, t, { canDecide: false, approverIds });
      const messageId = context.activity.replyToId;
      if (messageId)
        await context.updateActivity({
          type: ActivityTypes.Message,
          id: messageId,
          attachments: [decided],
        });
      return decided.content;
    } catch (err) {
      if (!isBenefitError(err)) throw err;
      const { ask, approverIds } = await this.deps.asks
        .view(actor, askId)
        .catch(() => ({ ask: undefined, approverIds: [] }));
      return explain(err, t, { kind: 'onAskCard', ask, approverIds }).content;
    }
  }

  /** What a member's message asks, read within their organisation (never another's). */
  private async understand(
    text: string,
    mentions: readonly PersonMention[],
    actor: Actor,
  ): Promise<Reading> {
    const [benefits, users] = await Promise.all([
      this.deps.store.benefits(actor.tenantId),
      this.deps.store.users(actor.tenantId),
    ]);
    const interpreter = this.deps.interpreter ?? deterministicInterpreter;
    return interpreter.read({
      text,
      mentions,
      organisation: { benefits, users },
      sender: {
        displayName: actor.displayName,
        mayAssign: actor.roles.includes('globalAdmin'),
        isAdmin: actor.roles.length > 0,
      },
    });
  }

  private async handleMessage(context: TurnContext): Promise<void> {
    const activity = context.activity;
    const audience = audienceOf(context, this.deps.localMode);
    const hasValue = activity.value !== undefined && activity.value !== null;
    // In a channel or group chat the bot answers only when it is mentioned (or a card button is used).
    if (!mayShowPersonal(audience) && !hasValue && !mentionsBot(context)) return;
    const text = TurnContext.removeRecipientMention(activity) ?? activity.text ?? '';
    const isButton = hasValue && !text.trim();
    // A client without Universal Actions sends Confirm / Cancel as a message.
    const valueVerb = isButton ? (activity.value as { verb?: unknown }).verb : undefined;
    const execute =
      typeof valueVerb === 'string' ? parseExecuteAction(valueVerb, activity.value) : undefined;
    const button = isButton && !execute ? parseCardAction(activity.value) : undefined;
    let intent: Intent | undefined = isButton
      ? button?.kind === 'intent'
        ? button.intent
        : undefined
      : recognize(text, mentionedPeople(context));

    const profile = await this.profile.get(context, {});
    if (intent?.name === 'setLanguage')
      await this.profile.set(context, { ...profile, language: intent.language });
    const t = this.translatorFor(
      context,
      intent?.name === 'setLanguage' ? intent.language : profile.language,
    );
    const access = await this.access(context);
    if (isBenefitError(access)) {
      await context.sendActivity(explain(access, t, 'message'));
      return;
    }
    // A personal chat is where this person can be told about their benefits later; "notify here" names a channel to write to.
    if (access.kind === 'member' && (mayShowPersonal(audience) || intent?.name === 'notifyHere'))
      await this.recordConversation(context);
    setTurn(context, access.kind === 'member' ? access.actor : undefined, t, audience);
    // A member's words are read again knowing their organisation's benefits and people.
    // An open question keeps what the sentence patterns did not read as a request of its own: a
    // bare "Professional" answers "Enterprise or Professional?" (read from its entities, it would
    // be a request for that benefit's details).
    const recognized = intent;
    let sure = true;
    if (!isButton && access.kind === 'member') {
      const reading = await this.understand(text, mentionedPeople(context), access.actor);
      intent = reading.intent;
      sure = reading.confidence >= 1;
      // A request to the admins is filed at once: one read from a guess is asked about first.
      if (!sure && intent.name === 'askBenefit') intent = { ...intent, confirmFirst: true };
    }

    if (execute) {
      await context.sendActivity({
        type: ActivityTypes.Message,
        attachments: [
          {
            contentType: 'application/vnd.microsoft.card.adaptive',
            content: await this.executeAction(context, valueVerb as string, activity.value, t),
          },
        ],
      });
      return;
    }

    const dc = await this.dialogs.createContext(context);
    if (dc.activeDialog) {
      // Answers, "cancel" and "help" belong to the open question; any other request replaces it.
      const heard = sure ? intent : recognized;
      const answersIt = button
        ? button.kind === 'flowAnswer' || button.kind === 'flowCancel'
        : heard !== undefined && !routeOf(heard).replacesQuestion;
      if (answersIt) {
        await dc.continueDialog();
        return;
      }
      await dc.cancelAllDialogs();
    }
    if (button?.kind === 'ask') {
      for (const reply of await this.deps.replies.askFor(button.benefitId, access, t))
        await context.sendActivity(reply);
      return;
    }
    if (button && button.kind !== 'intent') {
      await context.sendActivity(
        t.t(button.kind === 'flowCancel' ? 'flow.nothingToCancel' : 'error.unknownAction'),
      );
      return;
    }
    if (!intent) {
      await context.sendActivity(t.t('error.unknownAction'));
      return;
    }
    if (intent.name === 'cancel' && (await this.voidConfirmations(context))) {
      await context.sendActivity(t.t('flow.confirmationVoided'));
      return;
    }
    if (isChange(intent)) {
      if (access.kind === 'member') await dc.beginDialog(CHANGE_DIALOG, this.draftOf(intent));
      else
        for (const line of this.deps.replies.notServed(access, t)) await context.sendActivity(line);
      return;
    }
    for (const reply of await this.deps.replies.answer(intent, access, audience, t))
      await context.sendActivity(reply);
  }

  /** A typed "cancel" with no question open: the Confirm cards still live are voided. Whether there were any. */
  private async voidConfirmations(context: TurnContext): Promise<boolean> {
    const { live = [], voided = [] } = (await this.confirmations.get(context)) ?? {};
    if (live.length === 0) return false;
    await this.confirmations.set(context, {
      live: [],
      voided: [...voided, ...live].slice(-MAX_TRACKED),
    });
    return true;
  }

  private draftOf(intent: ChangeIntent) {
    switch (intent.name) {
      case 'assign':
        return {
          ...newDraft('assign', intent.benefit, intent.person),
          ...(intent.alternativeEmail ? { alternativeEmail: intent.alternativeEmail } : {}),
        };
      case 'remove':
        return newDraft(intent.name, intent.benefit, intent.person);
      case 'reassign':
        return newDraft('reassign', intent.benefit, intent.to, intent.from);
      case 'confirmActive':
        return newDraft('confirmActive', intent.benefit, intent.person);
      case 'activate':
        return newDraft('activate', intent.benefit);
      case 'setMarketingContact': {
        const typed = {
          ...(intent.email ? { email: intent.email } : {}),
          ...(intent.phone ? { phone: intent.phone } : {}),
          ...(intent.language ? { language: intent.language } : {}),
        };
        return {
          ...newDraft('setMarketingContact', undefined, intent.person),
          ...(Object.keys(typed).length ? { contactTyped: typed } : {}),
        };
      }
      case 'getKeys':
        return {
          ...newDraft('getKeys', intent.benefit),
          ...(intent.language ? { keyLanguage: intent.language } : {}),
          ...(intent.os ? { keyOs: intent.os } : {}),
        };
      case 'setNote':
        return { ...newDraft('setNote', intent.benefit, intent.person), note: intent.note };
      case 'setPartnerRole':
        return {
          ...newDraft('setPartnerRole', undefined, intent.person),
          role: intent.role,
          grant: intent.grant,
        };
      case 'addUser':
        return {
          ...newDraft('addUser'),
          ...(intent.displayName && intent.email
            ? { newUser: { displayName: intent.displayName, email: intent.email } }
            : { newUserHint: intent.displayName ?? intent.email ?? '' }),
        };
    }
  }

  private async recordConversation(context: TurnContext): Promise<void> {
    const tenantId = identityOf(context).tenantId;
    const installation = installationOf(context, this.deps.localMode);
    if (tenantId && installation)
      await this.deps.conversations.recordInstall(tenantId, installation);
  }

  private async forgetConversation(context: TurnContext): Promise<void> {
    const tenantId = identityOf(context).tenantId;
    const conversationId = context.activity.conversation?.id;
    if (tenantId && conversationId) await this.deps.conversations.forget(tenantId, conversationId);
  }

  private async welcomeOnce(context: TurnContext): Promise<void> {
    await this.recordConversation(context);
    const conversationId = context.activity.conversation?.id;
    if (!conversationId) return;
    const access = await this.access(context);
    // Without the directory the welcome cannot say who is who: no greeting now, and none is used up.
    if (isBenefitError(access) || !(await this.deps.markers.claimOnce(`welcome:${conversationId}`)))
      return;
    const profile = await this.profile.get(context, {});
    const replies = await this.deps.replies.welcome(
      access,
      audienceOf(context, this.deps.localMode),
      this.translatorFor(context, profile.language),
    );
    for (const reply of replies) await context.sendActivity(reply);
  }

  /** Who is asking; a BenefitError (the directory cannot be read) is for the caller to put in words. */
  private async access(context: TurnContext): Promise<Access | BenefitError> {
    try {
      return await this.deps.people.access(identityOf(context));
    } catch (err) {
      if (isBenefitError(err)) return err;
      throw err;
    }
  }

  private translatorFor(context: TurnContext, preference: LanguageCode | undefined): Translator {
    return translator(chooseLanguage(preference, context.activity.locale));
  }
}

/** One Universal Action's handler: the member who used it, in their language. */
type ExecuteHandler<K extends ExecuteAction['kind']> = (
  turn: { context: TurnContext; actor: Actor; t: Translator },
  action: Extract<ExecuteAction, { kind: K }>,
) => Promise<Record<string, unknown>>;

/** Request ids of a person's Confirm cards in one conversation; the newest kept. */
interface Confirmations {
  live?: string[];
  voided?: string[];
}
const MAX_TRACKED = 50;

/** The request ids of the Confirm buttons (change.confirm) on the cards being sent. */
function confirmRequestIds(attachments: Partial<Activity>['attachments']): string[] {
  const ids: string[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const o = node as Record<string, unknown>;
      const data = o.data as Record<string, unknown> | undefined;
      if (
        o.type === 'Action.Execute' &&
        o.verb === Verbs.confirmChange &&
        typeof data?.requestId === 'string'
      )
        ids.push(data.requestId);
      Object.values(o).forEach(walk);
    }
  };
  for (const attachment of attachments ?? []) walk(attachment.content);
  return ids;
}

/** What the server runs for each turn: the bot, or the bot behind the tenant check. */
export interface TurnHandler {
  run(context: TurnContext): Promise<void>;
}

/**
 * ALLOWED_TENANTS: the bot serves only the listed tenants (lower-case ids; none listed: every one).
 * From any other tenant a message or an invoke gets one polite sentence, and nothing else happens:
 * the bot does not run, so nothing of theirs is read or stored (no welcome marker, no conversation
 * record, no user or conversation state). Installs, members added and the like are ignored.
 */
export function servingOnly(
  allowedTenants: readonly string[] | undefined,
  bot: TurnHandler,
  logger?: Logger,
): TurnHandler {
  if (!allowedTenants || allowedTenants.length === 0) return bot;
  const allowed = new Set(allowedTenants.map((id) => id.toLowerCase()));
  return {
    run: async (context) => {
      const tenantId = identityOf(context).tenantId;
      if (tenantId && allowed.has(tenantId.toLowerCase())) {
        await bot.run(context);
        return;
      }
      logger?.info(
        {
          tenantId: tenantId ?? null,
          type: context.activity.type,
          activityId: context.activity.id,
        },
        'turn from a tenant outside ALLOWED_TENANTS: not served',
      );
      try {
        await refuseTenant(context);
      } catch (err) {
        // Not rethrown: the adapter's error path would apologise and touch this conversation's state.
        logger?.warn(
          {
            err: { name: (err as Error).name, message: scrubbed((err as Error).message) },
            activityId: context.activity.id,
          },
          'could not tell a tenant outside ALLOWED_TENANTS that it is not served',
        );
      }
    },
  };
}

async function refuseTenant(context: TurnContext): Promise<void> {
  const { activity } = context;
  const sentence = translator(chooseLanguage(undefined, activity.locale)).t(
    'access.tenantNotAllowed',
  );
  if (activity.type === ActivityTypes.Message) {
    const hasValue = activity.value !== undefined && activity.value !== null;
    // As for everyone: in a channel or group chat, only when the bot is mentioned (or a card is used).
    if (!mayShowPersonal(audienceOf(context)) && !hasValue && !mentionsBot(context)) return;
    await context.sendActivity(sentence);
    return;
  }
  if (activity.type !== ActivityTypes.Invoke) return;
  if (activity.name === 'adaptiveCard/action') {
    // Universal Actions show a message response where the card is.
    await context.sendActivity({
      type: ActivityTypes.InvokeResponse,
      value: {
        status: 200,
        body: {
          statusCode: 200,
          type: 'application/vnd.microsoft.activity.message',
          value: sentence,
        },
      },
    });
    return;
  }
  await context.sendActivity(sentence);
  await context.sendActivity({ type: ActivityTypes.InvokeResponse, value: { status: 200 } });
}

/** Who a turn is from: the tenant Teams names (channelData first), the person's Entra object id and name. */
export function identityOf(context: TurnContext): Identity {
  const { activity } = context;
  const channelData = activity.channelData as { tenant?: { id?: unknown } } | undefined;
  const text = (value: unknown) => (typeof value === 'string' && value !== '' ? value : undefined);
  return {
    tenantId: text(channelData?.tenant?.id) ?? text(activity.conversation?.tenantId),
    userId: text(activity.from?.aadObjectId),
    displayName: text(activity.from?.name),
  };
}

/** Where the bot was installed, as Teams describes it: enough to write there later. */
function installationOf(
  context: TurnContext,
  localMode: boolean | undefined,
): Installation | undefined {
  const { activity } = context;
  const strings = [
    activity.conversation?.id,
    activity.serviceUrl,
    activity.recipient?.id,
    activity.channelId,
  ];
  if (
    !strings.every((s) => typeof s === 'string' && s !== '') ||
    !activity.conversation ||
    !activity.recipient
  )
    return undefined;
  const type = activity.conversation.conversationType;
  // Only a chat positively personal is recorded as someone's: an unknown kind of conversation is not written to.
  const kind =
    type === 'channel'
      ? 'channel'
      : type === 'groupChat'
        ? 'groupChat'
        : mayShowPersonal(audienceOf(context, localMode))
          ? 'personal'
          : undefined;
  if (!kind) return undefined;
  // A personal chat belongs to the person in it: without their Entra id it is recorded as nobody's, so not at all.
  if (
    kind === 'personal' &&
    (typeof activity.from?.aadObjectId !== 'string' || typeof activity.from.id !== 'string')
  )
    return undefined;
  const channelData = activity.channelData as { team?: { id?: unknown } } | undefined;
  const teamId = channelData?.team?.id;
  return {
    conversationId:
      kind === 'channel' ? channelIdOf(activity.conversation.id) : activity.conversation.id,
    kind,
    userId: kind === 'personal' ? (activity.from?.aadObjectId ?? null) : null,
    memberId: kind === 'personal' ? (activity.from?.id ?? null) : null,
    serviceUrl: activity.serviceUrl,
    channelId: activity.channelId,
    botId: activity.recipient.id,
    botName: typeof activity.recipient.name === 'string' ? activity.recipient.name : '',
    teamId: typeof teamId === 'string' ? teamId : null,
  };
}

function mentionsBot(context: TurnContext): boolean {
  const botId = context.activity.recipient?.id;
  return TurnContext.getMentions(context.activity).some((m) => m.mentioned?.id === botId);
}

/** People @mentioned in the message other than the bot, with their Entra object id where Teams gives it. */
function mentionedPeople(context: TurnContext): PersonMention[] {
  const botId = context.activity.recipient?.id;
  return TurnContext.getMentions(context.activity)
    .filter((m) => m.mentioned?.id !== botId)
    .map((m) => {
      const mentioned = m.mentioned as { name?: string; aadObjectId?: string };
      return {
        text: mentioned.name ?? '',
        ...(mentioned.aadObjectId ? { userId: mentioned.aadObjectId } : {}),
      };
    });
}
