import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import { confirmCard } from '../../cards/confirm.card';
import type { Translator } from '../../cards/i18n/translator';
import type { CardAttachment } from '../../cards/render';
import { resultCard } from '../../cards/result.card';
import type { Actor } from '../../services/access.service';
import type { AssignmentService, LeftSeat } from '../../services/assignment.service';
import { BenefitError, isBenefitError } from '../../services/errors';
import { errorSentence } from '../replies';

/** Seats one card offers to take back: enough for any real departure, small enough for Teams' 28 KB. */
export const SEATS_PER_CARD = 40;

const seatsSchema = z.array(z.tuple([z.string().min(1).max(200), z.string().min(1).max(200)])).min(1).max(SEATS_PER_CARD);

/** Which seats a Confirm takes back: [benefitId, userId] pairs. The service checks each again. */
export function encodeSeats(seats: readonly LeftSeat[]): string {
  return JSON.stringify(seats.map((s) => [s.benefit.id, s.user.id]));
}

function decodeSeats(value: string): { benefitId: string; userId: string }[] | undefined {
  try {
    const parsed = seatsSchema.safeParse(JSON.parse(value));
    return parsed.success ? parsed.data.map(([benefitId, userId]) => ({ benefitId, userId })) : undefined;
  } catch {
    return undefined;
  }
}

/**
 * "2 Visual Studio Enterprise seats are held by people who left": every such seat with its holder
 * and why they count as gone, and one Confirm that takes back exactly the seats shown.
 */
export async function peopleWhoLeftCard(assignments: AssignmentService, actor: Actor, t: Translator): Promise<CardAttachment> {
  const seats = await assignments.seatsOfPeopleWhoLeft(actor);
  if (seats.length === 0) return resultCard({ title: t.t('left.none'), color: 'Good', lines: [], facts: [], links: [] });
  const shown = seats.slice(0, SEATS_PER_CARD);
  const perBenefit = new Map<string, { name: string; n: number }>();
  for (const seat of shown) {
    const entry = perBenefit.get(seat.benefit.id) ?? { name: t.text(seat.benefit.name), n: 0 };
    entry.n += 1;
    perBenefit.set(seat.benefit.id, entry);
  }
  const summary = t.list([...perBenefit.values()].map(({ name, n }) => t.count('left.seats', n, { benefit: name })));
  const requestId = randomUUID();
  return confirmCard({
    title: t.count('left.title', seats.length),
    facts: shown.map((s) => ({ title: t.text(s.benefit.name), value: `${s.user.displayName} (${t.t(s.departure === 'deleted' ? 'left.deleted' : 'left.disabled')})` })),
    note: [summary, t.t('left.note'), ...(seats.length > shown.length ? [t.t('left.more', { n: seats.length - shown.length })] : [])].join(' '),
    confirmLabel: t.count('left.reclaimButton', shown.length),
    cancelLabel: t.t('confirm.cancelButton'),
    confirmData: { op: 'reclaim', requestId, seats: encodeSeats(shown) },
    cancelData: { requestId },
  });
}

/** The Confirm: the service takes back those seats whose holders are still gone, in one change. */
export async function reclaimSeats(assignments: AssignmentService, actor: Actor, requestId: string, encoded: string, t: Translator): Promise<CardAttachment> {
  try {
    const seats = decodeSeats(encoded);
    if (!seats) throw new BenefitError('RECLAIM.NOTHING_TO_RECLAIM');
    const outcome = await assignments.reclaim(actor, { requestId, seats });
    if (outcome.alreadyDone) return resultCard({ title: t.t('result.alreadyDone'), color: 'Default', lines: [], facts: [], links: [] });
    return resultCard({
      title: t.count('left.reclaimed', outcome.reclaimed.length),
      color: 'Good',
      lines: [],
      facts: outcome.reclaimed.map((s) => ({ title: t.text(s.benefit.name), value: s.user.displayName })),
      links: [],
    });
  } catch (err) {
    if (!isBenefitError(err)) throw err;
    return resultCard({ title: t.t('result.notDone'), color: 'Attention', lines: [errorSentence(err, t)], facts: [], links: [] });
  }
}
