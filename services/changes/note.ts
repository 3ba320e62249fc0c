import type { Actor } from '../access.service';
import { BenefitError } from '../errors';
import { NOTE_MAX_LENGTH, type BenefitId, type OrganisationData, type UserId } from '../model';
import { snapshot } from '../org-index';
import {
  audit,
  benefitRef,
  changeOnce,
  findBenefit,
  findUser,
  person,
  requireRole,
  type BenefitRef,
  type ChangeDeps,
  type PersonRef,
} from '../rules';

/**
 * A note on an assignment ("for the Contoso migration project"), set or cleared by a Global admin
 * (R1.3: assignments are theirs to manage) and shown in the holders list. Every rule of it is here.
 */
export interface NoteInput {
  benefitId: BenefitId;
  userId: UserId;
  /** The note; empty clears it. */
  note: string;
}

export interface NoteOutcome {
  benefit: BenefitRef;
  user: PersonRef;
  /** The note as stored; null: cleared. */
  note: string | null;
  previous: string | null;
  alreadyDone: boolean;
}

/** One line, trimmed, control characters gone; empty means none. */
function checkNote(text: string): string | null {
  const note = text
    .replace(/[\p{Cc}\p{Cf}]+/gu, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (note.length > NOTE_MAX_LENGTH)
    throw new BenefitError('NOTE.TOO_LONG', { max: String(NOTE_MAX_LENGTH) });
  return note === '' ? null : note;
}

function checked(data: OrganisationData, actor: Actor, input: NoteInput) {
  requireRole(actor, data, ['globalAdmin']);
  const benefit = findBenefit(data, input.benefitId);
  const user = findUser(data, input.userId);
  const held = data.assignments.find((a) => a.benefitId === benefit.id && a.userId === user.id);
  if (!held)
    throw new BenefitError('ASSIGNMENT.NOT_HELD', {
      name: user.displayName,
      benefit: benefit.name,
    });
  return { benefit, user, held, note: checkNote(input.note), previous: held.note ?? null };
}

function noteIn(
  deps: ChangeDeps,
  data: OrganisationData,
  actor: Actor,
  input: NoteInput,
  alreadyDone: boolean,
): NoteOutcome {
  const { benefit, user, held, note, previous } = checked(data, actor, input);
  if (alreadyDone || previous === note)
    return { benefit: benefitRef(benefit), user: person(user), note, previous, alreadyDone: true };
  held.note = note;
  audit(deps, data, actor, 'assignment.noted', benefit.id, user.id, { note: previous }, { note });
  return { benefit: benefitRef(benefit), user: person(user), note, previous, alreadyDone: false };
}

export class NotesService {
  constructor(private readonly deps: ChangeDeps) {}

  /** What the confirmation card shows: the same checks, nothing changed. */
  async preview(actor: Actor, input: NoteInput): Promise<NoteOutcome> {
    const { benefit, user, note, previous } = checked(
      await snapshot(this.deps.store, actor),
      actor,
      input,
    );
    return {
      benefit: benefitRef(benefit),
      user: person(user),
      note,
      previous,
      alreadyDone: previous === note,
    };
  }

  async setNote(actor: Actor, input: NoteInput & { requestId: string }): Promise<NoteOutcome> {
    return changeOnce(this.deps, actor, input, 'assignment.noted', (data, alreadyDone) =>
      noteIn(this.deps, data, actor, input, alreadyDone),
    );
  }
}
