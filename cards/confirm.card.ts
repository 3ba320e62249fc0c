import { renderTemplate, type CardAttachment } from './render';
import template from './templates/confirm.json';

export interface ConfirmCardData {
  title: string;
  facts: { title: string; value: string }[];
  note: string;
  confirmLabel: string;
  cancelLabel: string;
  /** Ids and the request id only: the service re-reads and re-checks everything on Confirm. */
  confirmData: Record<string, string>;
  cancelData: Record<string, string>;
  /** A date to confirm with the change (an offer's expiry), sent back as `expiresOn`. */
  date?: { label: string; value: string; min: string; error: string };
}

/** A change shown before it is made, with Confirm and Cancel (Universal Actions: the card updates in place). */
export function confirmCard(data: ConfirmCardData): CardAttachment {
  const { date, ...rest } = data;
  return renderTemplate('confirm', template, {
    ...rest,
    dateLabel: date?.label ?? '',
    dateValue: date?.value ?? '',
    dateMin: date?.min ?? '',
    dateError: date?.error ?? '',
  });
}
