import type { AskView } from '../services/asks.service';
import type { StateColor } from './format';
import type { Translator } from './i18n/translator';
import { renderTemplate, type CardAttachment } from './render';
import template from './templates/ask.json';

/**
 * An employee's request, as a Universal Actions card: everyone sees its state; the Global admins
 * listed in refresh.userIds get the view with Approve / Decline (the service checks the role again).
 */
export function askCard(
  ask: AskView,
  t: Translator,
  options: { canDecide: boolean; approverIds: string[]; note?: string },
): CardAttachment {
  const benefit = t.text(ask.benefit);
  const status =
    ask.status === 'approved'
      ? t.t('ask.approvedBy', { name: ask.decidedByName ?? '', user: ask.userName, benefit })
      : ask.status === 'declined'
        ? t.t('ask.declinedBy', { name: ask.decidedByName ?? '' })
        : (options.note ?? t.t('ask.waiting'));
  const color: StateColor =
    ask.status === 'approved'
      ? 'Good'
      : ask.status === 'declined'
        ? 'Attention'
        : options.note
          ? 'Attention'
          : 'Default';
  return renderTemplate('ask', template, {
    heading: t.t('notify.heading'),
    title: t.t('ask.title', { name: ask.userName, benefit }),
    free: t.t('ask.free', { free: t.count('mine.free', ask.free) }),
    status,
    statusColor: color,
    askId: ask.id,
    approverIds: options.approverIds,
    canDecide: options.canDecide && ask.status === 'open',
    approveLabel: t.t('ask.approve'),
    declineLabel: t.t('ask.decline'),
    refreshLabel: t.t('ask.refresh'),
  });
}
