import type { CancellationCheck } from '../services/cancellation.service';
import type { StateColor } from './format';
import type { Translator } from './i18n/translator';
import { renderTemplate, type CardAttachment } from './render';
import template from './templates/cancellation.json';

interface CancellationCardData {
  title: string;
  terms: string;
  facts: { title: string; value: string }[];
  /** Whether a refund is possible, and if not exactly why. */
  verdict: string;
  verdictColor: StateColor;
  /** R8 holds: the card offers to request the cancellation. */
  canRequest: boolean;
  reasonLabel: string;
  confirmLabel: string;
  keepLabel: string;
  requestId: string;
}

/** R8: where the membership stands for a refund, and the cancellation request when it is possible. */
export function cancellationCard(
  view: { check: CancellationCheck; requestId: string },
  t: Translator,
): CardAttachment {
  const { check } = view;
  const activated = check.activatedSoftware.map((name) => t.text(name));
  const verdict = check.openRequest
    ? t.t('cancel.verdict.open', { reference: check.openRequest })
    : check.eligible
      ? t.t('cancel.verdict.eligible')
      : check.failing
          .map((condition) =>
            condition === 'refundWindowClosed'
              ? t.t('cancel.verdict.windowClosed', { date: t.date(check.refundEndsAt) })
              : t.t('cancel.verdict.softwareActivated', { benefits: t.list(activated) }),
          )
          .join(' ');
  const data: CancellationCardData = {
    title: t.t('cancel.title'),
    terms: t.t('cancel.terms'),
    facts: [
      { title: t.t('cancel.fact.package'), value: check.packageName },
      { title: t.t('cancel.fact.purchased'), value: t.date(check.purchasedAt) },
      { title: t.t('cancel.fact.refundEnds'), value: t.date(check.refundEndsAt) },
      {
        title: t.t('cancel.fact.software'),
        value: activated.length > 0 ? t.list(activated) : t.t('cancel.noSoftwareActivated'),
      },
    ],
    verdict,
    verdictColor: check.eligible && !check.openRequest ? 'Good' : 'Attention',
    canRequest: check.eligible && !check.openRequest,
    reasonLabel: t.t('cancel.reason'),
    confirmLabel: t.t('cancel.confirm'),
    keepLabel: t.t('cancel.keep'),
    requestId: view.requestId,
  };
  return renderTemplate('cancellation', template, data);
}
