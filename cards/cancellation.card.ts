import type { StateColor } from './format';
import { renderTemplate, type CardAttachment } from './render';
import template from './templates/cancellation.json';

export interface CancellationCardData {
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
export function cancellationCard(data: CancellationCardData): CardAttachment {
  return renderTemplate('cancellation', template, data);
}
