import type { NotificationEvent } from '../services/notifications/model';
import type { Translator } from './i18n/translator';
import { renderTemplate, type CardAttachment } from './render';
import template from './templates/notification.json';

/** How the card addresses its reader: the person it is about, or everyone in a channel. */
export type NotificationAudience = 'person' | 'channel';

function sentence(
  event: NotificationEvent,
  audience: NotificationAudience,
  t: Translator,
): { text: string; detail: string } {
  const benefit = 'benefit' in event && event.benefit ? t.text(event.benefit) : '';
  switch (event.type) {
    case 'assigned':
      if (audience === 'person')
        return {
          text: t.t('notify.assigned.you', { benefit, by: event.by }),
          detail: t.t(
            event.state === 'pendingActivation' ? 'notify.pendingDetail' : 'notify.startDetail',
          ),
        };
      return {
        text: t.t(
          event.state === 'pendingActivation' ? 'notify.assignedPending' : 'notify.assigned',
          { benefit, name: event.userName, by: event.by },
        ),
        detail: '',
      };
    case 'unassigned':
      return {
        text: t.t('notify.unassigned', { benefit, name: event.userName, by: event.by }),
        detail: '',
      };
    case 'reassigned':
      if (audience === 'person')
        return {
          text: t.t('notify.assigned.you', { benefit, by: event.by }),
          detail: t.t('notify.startDetail'),
        };
      return {
        text: t.t('notify.reassigned', {
          benefit,
          from: event.fromName,
          name: event.userName,
          by: event.by,
        }),
        detail: '',
      };
    case 'activationConfirmed':
      return {
        text: t.t(audience === 'person' ? 'notify.activeYou' : 'notify.active', {
          benefit,
          name: event.userName,
          by: event.by,
        }),
        detail: '',
      };
    case 'offerActivationRequested':
      return {
        text: t.t('notify.offerRequested', { benefit, by: event.by }),
        detail: t.t('next.waitForActivation'),
      };
    case 'offerActivated':
      return {
        text: t.t('notify.offerActive', {
          benefit,
          date: event.expiresAt ? t.date(event.expiresAt) : '',
          by: event.by,
        }),
        detail: '',
      };
    case 'keysRevealed':
      return { text: t.t('notify.keysRevealed', { benefit, by: event.by }), detail: '' };
    case 'seatsRunningOut':
      return {
        text: t.t(event.free === 0 ? 'notify.noSeatsLeft' : 'notify.seatsLeft', {
          benefit,
          free: t.count('mine.free', event.free),
        }),
        detail: '',
      };
    case 'requestSubmitted':
      return {
        text: t.t('notify.requestSubmitted', { reference: event.reference, by: event.by }),
        detail: benefit
          ? `${benefit}${event.hours ? ` · ${t.count('unit.hour', event.hours)}` : ''}`
          : '',
      };
    case 'benefitRequested':
      return {
        text: t.t('ask.title', { name: event.userName, benefit }),
        detail: t.t('ask.waiting'),
      };
    case 'benefitRequestDecided':
      return {
        text: t.t(event.decision === 'approved' ? 'ask.you.approved' : 'ask.you.declined', {
          benefit,
          by: event.by,
        }),
        detail: event.decision === 'approved' ? t.t('notify.startDetail') : '',
      };
    case 'peopleLeft':
      return {
        text: t.count('left.title', event.total),
        detail: `${t.list(event.seats.map((s) => t.count('left.seats', s.n, { benefit: t.text(s.benefit) })))}. ${t.t('notify.peopleLeft.detail')}`,
      };
    case 'reminder':
      return {
        text: t.t(`notify.reminder.${event.reminder}`, {
          benefit,
          date: t.date(event.date),
          days: t.count('notify.days', event.daysLeft),
        }),
        detail: '',
      };
  }
}

/**
 * A notification as a compact card in the organisation's language. Never holds keys. When the person
 * it is about cannot be reached directly, the channel card @mentions them.
 */
export function notificationCard(
  event: NotificationEvent,
  audience: NotificationAudience,
  t: Translator,
  mention: { id: string; name: string } | null,
): CardAttachment {
  const { text, detail } = sentence(event, audience, t);
  const mentionText = mention ? `<at>${mention.name}</at>` : '';
  return renderTemplate('notification', template, {
    heading: t.t('notify.heading'),
    text: mention ? `${mentionText} ${text}` : text,
    detail,
    mentions: mention ? [{ text: mentionText, id: mention.id, name: mention.name }] : [],
  });
}
