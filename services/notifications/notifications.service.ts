import { isAdmin, type Actor } from '../access.service';
import { BenefitError } from '../errors';
import { LANGUAGES, type LanguageCode, type LocalizedText, type OrganisationData } from '../model';
import { scopedAnswer, type Audience, type ScopedResult } from '../policy/visibility';
import { requireRole, type ChangeDeps } from '../rules';
import type { NotificationEvent, OutboxItem } from './model';
import { hasSomewhereToGo } from './reach';

/** R1.4-style: where the organisation hears from the bot is set by a Global admin or an MPN partner admin. */
const SETTINGS_ROLES = ['globalAdmin', 'mpnPartnerAdmin'] as const;

/** A notification given up on, as the "failed notifications" card lists it. */
export interface FailedNotificationView {
  id: string;
  createdAt: string;
  type: NotificationEvent['type'];
  /** What it was about, one line in each language. */
  summary: LocalizedText;
  /** Who it was for: the channel, a person by name, or the Global admins. */
  to: LocalizedText;
  attempts: number;
  /**
   * Nobody could be given it: the person has no personal chat with the bot and there is no
   * notification channel. Not a failure of Teams: it needs "notify here", or the person to open the bot.
   */
  undeliverable: boolean;
  /** Why it failed, as the connector (or the sender) said it; in English, for whoever runs the bot. */
  lastError: string | null;
}

/** What "retry notifications" did: put back to send, and left because there is still nobody to give them to. */
export interface RetryOutcome {
  retried: number;
  stillUndeliverable: number;
}

export interface ChannelOutcome {
  channelConversationId: string;
  /** The channel notifications went to before, if another. */
  previous: string | null;
  /** It already was the notification channel: nothing changed. */
  alreadyDone: boolean;
}

const both = (text: string): LocalizedText => ({ en: text, ja: text });

function summaryOf(event: NotificationEvent): LocalizedText {
  const b = 'benefit' in event && event.benefit ? event.benefit : both('');
  switch (event.type) {
    case 'assigned':
      return {
        en: `${b.en} assigned to ${event.userName} by ${event.by}`,
        ja: `${event.by} が ${event.userName} に ${b.ja} を割り当て`,
      };
    case 'unassigned':
      return {
        en: `${event.userName} removed from ${b.en} by ${event.by}`,
        ja: `${event.by} が ${event.userName} を ${b.ja} から削除`,
      };
    case 'reassigned':
      return {
        en: `${b.en} reassigned from ${event.fromName} to ${event.userName} by ${event.by}`,
        ja: `${event.by} が ${b.ja} を ${event.fromName} から ${event.userName} に再割り当て`,
      };
    case 'activationConfirmed':
      return {
        en: `${b.en} for ${event.userName} confirmed active by ${event.by}`,
        ja: `${event.by} が ${event.userName} の ${b.ja} のアクティブ化を確認`,
      };
    case 'offerActivationRequested':
      return {
        en: `Activation of ${b.en} requested by ${event.by}`,
        ja: `${event.by} が ${b.ja} のアクティブ化を申請`,
      };
    case 'offerActivated':
      return {
        en: `${b.en} confirmed active by ${event.by}`,
        ja: `${event.by} が ${b.ja} のアクティブ化を確認`,
      };
    case 'keysRevealed':
      return {
        en: `Keys of ${b.en} shown to ${event.by}`,
        ja: `${event.by} が ${b.ja} のキーを表示`,
      };
    case 'seatsRunningOut':
      return { en: `${b.en}: ${event.free} free`, ja: `${b.ja}: 空き ${event.free}` };
    case 'requestSubmitted':
      return {
        en: `Request ${event.reference} submitted by ${event.by}`,
        ja: `${event.by} がリクエスト ${event.reference} を送信`,
      };
    case 'reminder':
      return {
        en: `Reminder (${event.reminder})${b.en ? `: ${b.en}` : ''}, ${event.date.slice(0, 10)}`,
        ja: `リマインダー (${event.reminder})${b.ja ? `: ${b.ja}` : ''}、${event.date.slice(0, 10)}`,
      };
    case 'peopleLeft':
      return {
        en: `${event.total} seat(s) held by people who left`,
        ja: `退職者が保持している席: ${event.total}`,
      };
    case 'benefitRequested':
      return {
        en: `${event.userName} asked for ${b.en}`,
        ja: `${event.userName} が ${b.ja} を申請`,
      };
    case 'benefitRequestDecided':
      return {
        en: `Request for ${b.en} ${event.decision} by ${event.by}`,
        ja: `${event.by} が ${b.ja} の申請を${event.decision === 'approved' ? '承認' : '却下'}`,
      };
    default:
      return both((event as { type: string }).type);
  }
}

function recipientOf(data: Pick<OrganisationData, 'users'>, item: OutboxItem): LocalizedText {
  switch (item.target.type) {
    case 'channel':
      return { en: 'the notification channel', ja: '通知チャネル' };
    case 'admins':
      return { en: 'the Global admins', ja: 'グローバル管理者' };
    case 'person': {
      const userId = item.target.userId;
      return both(data.users.find((u) => u.id === userId)?.displayName ?? userId);
    }
  }
}

/**
 * Where the organisation's notifications go and in which language, and the ones that failed.
 * Recording and forgetting the conversations the bot is installed in is ConversationsService's.
 */
export class NotificationsService {
  constructor(private readonly deps: ChangeDeps) {}

  /** The notifications given up on (they name people): in a personal chat only; for admins. */
  async failedIn(
    actor: Actor,
    audience: Audience,
  ): Promise<ScopedResult<FailedNotificationView[]>> {
    return scopedAnswer(this.deps.store, actor, audience, 'personal', () => this.failed(actor));
  }

  /** Admins (R1.6): the notifications given up on, newest first. */
  async failed(actor: Actor): Promise<FailedNotificationView[]> {
    if (!isAdmin(actor)) throw new BenefitError('ROLE.ADMIN_REQUIRED');
    const { store } = this.deps;
    const [users, failed] = await Promise.all([
      store.users(actor.tenantId),
      store.failedNotifications(actor.tenantId),
    ]);
    return [...failed].reverse().map((item) => ({
      id: item.id,
      createdAt: item.createdAt,
      type: item.event.type,
      summary: summaryOf(item.event),
      to: recipientOf({ users: [...users] }, item),
      attempts: item.attempts,
      undeliverable: item.status === 'undeliverable',
      lastError: item.lastError,
    }));
  }

  /**
   * Puts one given-up notification, or all of them, back in the outbox to be sent again from
   * scratch. An undeliverable one goes back only if it now has somewhere to go (a notification
   * channel, or the person's personal chat); otherwise it stays, and is counted as still undeliverable.
   */
  async retry(actor: Actor, which: string): Promise<RetryOutcome> {
    return this.deps.store.unitOfWork(actor.tenantId, (data) => {
      requireRole(actor, data, [...SETTINGS_ROLES]);
      const now = this.deps.clock.now().toISOString();
      if (which !== 'all' && !data.outbox.some((i) => i.id === which))
        throw new BenefitError('NOTIFICATION.NOT_FOUND');
      const chosen = data.outbox.filter(
        (i) =>
          (i.status === 'failed' || i.status === 'undeliverable') &&
          (which === 'all' || i.id === which),
      );
      let retried = 0;
      let stillUndeliverable = 0;
      for (const item of chosen) {
        if (
          item.status === 'undeliverable' &&
          !hasSomewhereToGo(data.notifications, data.users, item.target)
        ) {
          stillUndeliverable += 1;
          continue;
        }
        item.status = 'pending';
        item.attempts = 0;
        item.nextAttemptAt = now;
        retried += 1;
      }
      return { retried, stillUndeliverable };
    });
  }

  /** "Notify here": this team channel becomes the organisation's notification channel. */
  async setChannel(actor: Actor, conversationId: string): Promise<ChannelOutcome> {
    return this.deps.store.unitOfWork(actor.tenantId, (data) => {
      requireRole(actor, data, [...SETTINGS_ROLES]);
      const conversation = data.notifications.conversations.find(
        (c) => c.conversationId === conversationId,
      );
      // Only a channel the bot was installed in (and so can post to unprompted) can be chosen.
      if (!conversation || conversation.kind !== 'channel')
        throw new BenefitError('NOTIFICATION.NOT_A_CHANNEL');
      const previous = data.notifications.channelConversationId;
      if (previous === conversationId)
        return { channelConversationId: conversationId, previous: null, alreadyDone: true };
      data.notifications.channelConversationId = conversationId;
      return { channelConversationId: conversationId, previous, alreadyDone: false };
    });
  }

  /** "Stop notifications": the organisation has no notification channel any more. */
  async stopChannel(actor: Actor): Promise<{ stopped: boolean }> {
    return this.deps.store.unitOfWork(actor.tenantId, (data) => {
      requireRole(actor, data, [...SETTINGS_ROLES]);
      const stopped = data.notifications.channelConversationId !== null;
      data.notifications.channelConversationId = null;
      return { stopped };
    });
  }

  /** The language notifications are written in, for the whole organisation. */
  async setLanguage(
    actor: Actor,
    language: LanguageCode,
  ): Promise<{ language: LanguageCode; alreadyDone: boolean }> {
    return this.deps.store.unitOfWork(actor.tenantId, (data) => {
      requireRole(actor, data, [...SETTINGS_ROLES]);
      if (!LANGUAGES.includes(language))
        throw new BenefitError('NOTIFICATION.LANGUAGE_UNSUPPORTED', {
          language: String(language).slice(0, 20),
        });
      const alreadyDone = data.notifications.language === language;
      data.notifications.language = language;
      return { language, alreadyDone };
    });
  }
}
