import { randomUUID } from 'node:crypto';
import { confirmCard } from '../../cards/confirm.card';
import type { Translator } from '../../cards/i18n/translator';
import type { CardAttachment } from '../../cards/render';
import { resultCard } from '../../cards/result.card';
import type { Actor } from '../../services/access.service';
import type { AssignmentService, LeftSeat } from '../../services/assignment.service';

/** Seats one card offers to take back: enough for any real departure, small enough for Teams' 28 KB. */
export const SEATS_PER_CARD = 40;

/** Which seats a Confirm takes back: [benefitId, userId] pairs. The service checks each again. */
export function encodeSeats(seats: readonly LeftSeat[]): string {
  return JSON.stringify(seats.map((s) => [s.benefit.id, s.user.id]));
}

/**
 * "2 Visual Studio Enterprise seats are held by people who left": every such seat with its holder
 * and why they count as gone, and one Confirm that takes back exactly the seats shown.
 */
export async function peopleWhoLeftCard(
  assignments: AssignmentService,
  actor: Actor,
  t: Translator,
): Promise<CardAttachment> {
  const seats = await assignments.seatsOfPeopleWhoLeft(actor);
  if (seats.length === 0)
    return resultCard({ title: t.t('left.none'), color: 'Good', lines: [], facts: [], links: [] });
  const shown = seats.slice(0, SEATS_PER_CARD);
  const perBenefit = new Map<string, { name: string; n: number }>();
  for (const seat of shown) {
    const entry = perBenefit.get(seat.benefit.id) ?? { name: t.text(seat.benefit.name), n: 0 };
    entry.n += 1;
    perBenefit.set(seat.benefit.id, entry);
  }
  const summary = t.list(
    [...perBenefit.values()].map(({ name, n }) => t.count('left.seats', n, { benefit: name })),
  );
  const requestId = randomUUID();
  return confirmCard({
    title: t.count('left.title', seats.length),
    facts: shown.map((s) => ({
      title: t.text(s.benefit.name),
      value: `${s.user.displayName} (${t.t(s.departure === 'deleted' ? 'left.deleted' : 'left.disabled')})`,
    })),
    note: [
      summary,
      t.t('left.note'),
      ...(seats.length > shown.length
        ? [t.t('left.more', { n: seats.length - shown.length })]
        : []),
    ].join(' '),
    confirmLabel: t.count('left.reclaimButton', shown.length),
    cancelLabel: t.t('confirm.cancelButton'),
    confirmData: { op: 'reclaim', requestId, seats: encodeSeats(shown) },
    cancelData: { requestId },
  });
}
