import type { BenefitId, LanguageCode, LocalizedText, TenantId, UserId } from '../model';

/**
 * Where the bot can speak, as Teams told it on install: enough to send there later without a
 * message to answer. Recorded on installationUpdate / conversationUpdate, forgotten on uninstall
 * or when Teams answers 403 (the bot is no longer in the conversation).
 */
export interface ReachableConversation {
  conversationId: string;
  kind: 'personal' | 'channel' | 'groupChat';
  /** The person of a personal chat (Entra object id). */
  userId: UserId | null;
  /** Their Teams member id (29:…) in a personal chat: what user-specific card views are keyed by. */
  memberId: string | null;
  serviceUrl: string;
  channelId: string;
  botId: string;
  botName: string;
  teamId: string | null;
  installedAt: string;
}

/** What happened, in plain values; cards are rendered from it when the notification is sent. */
export type NotificationEvent =
  | {
      type: 'assigned';
      benefitId: BenefitId;
      benefit: LocalizedText;
      userId: UserId;
      userName: string;
      by: string;
      state: 'active' | 'pendingActivation';
    }
  | {
      type: 'unassigned';
      benefitId: BenefitId;
      benefit: LocalizedText;
      userId: UserId;
      userName: string;
      by: string;
    }
  | {
      type: 'reassigned';
      benefitId: BenefitId;
      benefit: LocalizedText;
      fromName: string;
      userId: UserId;
      userName: string;
      by: string;
    }
  | {
      type: 'activationConfirmed';
      benefitId: BenefitId;
      benefit: LocalizedText;
      userName: string;
      by: string;
    }
  | { type: 'offerActivationRequested'; benefitId: BenefitId; benefit: LocalizedText; by: string }
  | {
      type: 'offerActivated';
      benefitId: BenefitId;
      benefit: LocalizedText;
      expiresAt: string | null;
      by: string;
    }
  | { type: 'keysRevealed'; benefitId: BenefitId; benefit: LocalizedText; by: string }
  | { type: 'seatsRunningOut'; benefitId: BenefitId; benefit: LocalizedText; free: number }
  | {
      type: 'requestSubmitted';
      reference: string;
      benefit: LocalizedText | null;
      by: string;
      hours: number | null;
    }
  | {
      type: 'reminder';
      reminder: ReminderKind;
      benefit: LocalizedText | null;
      date: string;
      daysLeft: number;
    }
  /** Seats held by people whose Entra account was deleted or disabled: counts only, no names (it goes to the channel too). */
  | { type: 'peopleLeft'; seats: { benefit: LocalizedText; n: number }[]; total: number }
  /** An employee asks for a benefit: the card has Approve / Decline for Global admins. */
  | {
      type: 'benefitRequested';
      askId: string;
      benefitId: BenefitId;
      benefit: LocalizedText;
      userId: UserId;
      userName: string;
      approverIds: string[];
      free: number;
    }
  | {
      type: 'benefitRequestDecided';
      askId: string;
      benefit: LocalizedText;
      decision: 'approved' | 'declined';
      by: string;
    };

export type ReminderKind =
  'offerExpiring' | 'membershipExpiring' | 'refundWindowClosing' | 'activationPending';

/** Who a notification is for: the organisation's notification channel, one person, or the admins. */
export type NotificationTarget =
  { type: 'channel' } | { type: 'person'; userId: UserId } | { type: 'admins' };

/**
 * pending: to send; sent: delivered (or, for a channel notification of an organisation without a
 * channel, nothing to do); failed: Teams refused it or kept failing; undeliverable: nobody could be
 * given it (the person has no personal chat with the bot and there is no notification channel).
 * Failed and undeliverable ones are listed for admins and kept until a retry sends them.
 */
export type OutboxStatus = 'pending' | 'sent' | 'failed' | 'undeliverable';

/**
 * One notification, written in the same unit of work as the change that caused it. The sender
 * delivers it and marks it; what Teams did not accept is tried again, what it accepted never is.
 */
export interface OutboxItem {
  id: string;
  createdAt: string;
  target: NotificationTarget;
  event: NotificationEvent;
  /** Where it was resolved to when sent: a conversation id. */
  conversationId: string | null;
  status: OutboxStatus;
  attempts: number;
  nextAttemptAt: string;
  lastError: string | null;
  sentAt: string | null;
  /** When a person could not be reached, the channel card @mentions them instead. */
  mentionUserId: UserId | null;
  /**
   * Several bot instances: the instance delivering this item holds it until then. An instance that
   * dies mid-send leaves it to be tried again by another once the lease runs out.
   */
  leaseUntil?: string | null;
}

/** Per organisation: where notifications go and in which language, what may be reached, what was reminded. */
export interface NotificationSettings {
  /** The team channel "notify here" chose, or null. */
  channelConversationId: string | null;
  language: LanguageCode;
  conversations: ReachableConversation[];
  /** Reminder keys already sent (e.g. "offerExpiring:silver-core:7"), so each fires once. */
  remindersSent: string[];
  /** Several bot instances: recent sends and pauses, so that Teams' limits hold across all of them. */
  sendLog?: SendLog;
}

/** A sliding-window limiter's memory, kept with the organisation when several instances send. */
export interface SendLog {
  /** Times (ms since the epoch) of recent sends, by limiter key (tenant, or tenant and conversation). */
  sends: { key: string; at: number }[];
  /** Keys Teams asked to wait (Retry-After), until when. */
  pauses: { key: string; until: number }[];
}

export const DEFAULT_NOTIFICATION_SETTINGS: NotificationSettings = {
  channelConversationId: null,
  language: 'en',
  conversations: [],
  remindersSent: [],
};

/** What the connector said to one send. */
export type DeliveryResult =
  | { outcome: 'accepted' }
  /** 429, 412, 502, 503, 504: try again later (Retry-After in ms when the connector gave one). */
  | { outcome: 'retry'; retryAfterMs: number | null; status: number }
  /** 403: the bot is not in that conversation any more. */
  | { outcome: 'gone'; status: number }
  | { outcome: 'failed'; status: number | null; message: string };

/** A notification ready to send to one conversation, rendered in the organisation's language. */
export interface Delivery {
  tenantId: TenantId;
  notificationId: string;
  conversation: ReachableConversation;
  event: NotificationEvent;
  language: LanguageCode;
  /** Someone to @mention in the channel card (a person the bot could not reach directly). */
  mention: { userId: UserId; name: string } | null;
}

/** The port bot/ implements with Teams proactive messages. */
export interface Notifier {
  deliver(delivery: Delivery): Promise<DeliveryResult>;
}
