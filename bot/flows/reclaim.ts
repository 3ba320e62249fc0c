import { randomUUID } from 'node:crypto';
import { confirmCard, type ConfirmView } from '../../cards/confirm.card';
import type { Translator } from '../../cards/i18n/translator';
import type { CardAttachment } from '../../cards/render';
import { resultCard } from '../../cards/result.card';
import type { LeftSeat } from '../../services/assignment.service';

/** Seats one card offers to take back: enough for any real departure, small enough for Teams' 28 KB. */
export const SEATS_PER_CARD = 40;

/** Which seats a Confirm takes back: [benefitId, userId] pairs. The service checks each again. */
export function encodeSeats(seats: readonly LeftSeat[]): string {
  return JSON.stringify(seats.map((s) => [s.benefit.id, s.user.id]));
}

/** The seats held by people who left (at most SEATS_PER_CARD of them), to take back with one Confirm. */
export function peopleWhoLeftCard(seats: readonly LeftSeat[], t: Translator): CardAttachment {
  if (seats.length === 0) return resultCard({ kind: 'nobodyLeft' }, t);
  const shown = seats.slice(0, SEATS_PER_CARD);
  const view: ConfirmView = {
    kind: 'reclaim',
    seats: shown,
    total: seats.length,
    encodedSeats: encodeSeats(shown),
    requestId: randomUUID(),
  };
  return confirmCard(view, t);
}
