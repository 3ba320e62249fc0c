import type { Actor } from './access.service';
import { BenefitError } from './errors';
import type {
  Assignment,
  AssignmentState,
  Benefit,
  BenefitId,
  OrganisationData,
  User,
  UserId,
} from './model';
import { announce } from './notifications/outbox';
import { assignmentsByBenefit, isSnapshot, snapshot } from './org-index';
import { scopedAnswer, type Audience, type ScopedResult } from './policy/visibility';
import {
  audit,
  benefitRef,
  changeOnce,
  checkEmail,
  findBenefit,
  findUser,
  person,
  requireRole,
  type BenefitRef,
  type ChangeDeps,
  type PersonRef,
} from './rules';

export type AssignmentServiceDeps = ChangeDeps;

/** What a change will do, shown on the confirmation card before anything changes. */
export interface AssignmentPreview {
  benefit: BenefitRef;
  user: PersonRef;
  /** Seats (or places) left once the change is made. */
  freeAfter: number;
  /** R6.2: support needs an alternative email before it can be assigned. */
  needsAlternativeEmail: boolean;
  /** The person who gives up the seat, for a reassignment. */
  from: PersonRef | null;
}

export interface AssignmentOutcome extends AssignmentPreview {
  state: AssignmentState | null;
  /** R6.3: where support instructions go besides the account email. */
  alternativeEmail: string | null;
  /** True when this request had already been carried out: nothing changed this time. */
  alreadyDone: boolean;
}

/** A seat held by someone who left: their account was deleted or is disabled. */
export interface LeftSeat {
  benefit: BenefitRef;
  user: PersonRef;
  departure: 'deleted' | 'disabled';
  state: AssignmentState;
}

export interface ReclaimOutcome {
  reclaimed: LeftSeat[];
  /** True when this request had already been carried out: nothing changed this time. */
  alreadyDone: boolean;
}

const ASSIGNABLE: ReadonlySet<Benefit['kind']> = new Set([
  'seats',
  'supportIncidents',
  'usageSubscription',
]);

function holdersOf(data: OrganisationData, benefitId: BenefitId): readonly Assignment[] {
  // A snapshot's assignments are the store's: grouped once per stored list, not filtered on every check.
  if (isSnapshot(data)) return assignmentsByBenefit(data.assignments).get(benefitId) ?? [];
  return data.assignments.filter((a) => a.benefitId === benefitId);
}

/** Places a benefit offers at once: a seat each, one Azure user, one support contact. */
function capacityOf(benefit: Benefit): number {
  return benefit.kind === 'seats' ? benefit.quantity : 1;
}

function freeOf(
  data: OrganisationData,
  benefit: Benefit,
  holders: readonly Assignment[] = holdersOf(data, benefit.id),
): number {
  return Math.max(0, capacityOf(benefit) - holders.length);
}

/** R6.2: the alternative email support needs. */
function checkAlternativeEmail(data: OrganisationData, value: string | undefined): string {
  if (!value?.trim()) throw new BenefitError('ASSIGNMENT.ALTERNATIVE_EMAIL_REQUIRED');
  return checkEmail(data, value);
}

/** The benefits each kind of change can apply to: "activate" is Azure (R4.1) or an offer (R7.3). */
const CHANGEABLE: Record<
  | 'assign'
  | 'remove'
  | 'reassign'
  | 'confirmActive'
  | 'activate'
  | 'setMarketingContact'
  | 'addUser'
  | 'getKeys'
  | 'setPartnerRole'
  | 'setNote',
  ReadonlySet<Benefit['kind']>
> = {
  assign: new Set(['seats', 'supportIncidents']),
  remove: ASSIGNABLE,
  reassign: ASSIGNABLE,
  confirmActive: new Set(['supportIncidents', 'offer']),
  activate: new Set(['usageSubscription', 'offer']),
  setMarketingContact: new Set(),
  addUser: new Set(),
  getKeys: new Set(['softwareKeys', 'licenseKeys']),
  setPartnerRole: new Set(),
  setNote: ASSIGNABLE,
};

/** One benefit's holders, for admins (R1.6). */
export interface BenefitHolders {
  benefit: BenefitRef;
  holders: (PersonRef & { state: AssignmentState; note: string | null })[];
  free: number;
}

export class AssignmentService {
  constructor(private readonly deps: AssignmentServiceDeps) {}

  /** R1.3: throws the refusal (naming the Global admins) before a flow asks anything. */
  async checkCanChange(actor: Actor): Promise<void> {
    requireRole(actor, await snapshot(this.deps.store, actor), ['globalAdmin']);
  }

  /** Benefits a change of this kind can apply to, in the package's order. */
  async changeableBenefits(actor: Actor, op: keyof typeof CHANGEABLE): Promise<BenefitRef[]> {
    const data = await snapshot(this.deps.store, actor);
    return data.benefits.filter((b) => CHANGEABLE[op].has(b.kind)).map(benefitRef);
  }

  /** Free places per assignable benefit, for choices such as "VS Pro (5 seats free)". */
  async freePlaces(actor: Actor): Promise<Map<BenefitId, number>> {
    const data = await snapshot(this.deps.store, actor);
    return new Map(
      data.benefits.filter((b) => ASSIGNABLE.has(b.kind)).map((b) => [b.id, freeOf(data, b)]),
    );
  }

  /** R6.2, checked as soon as it is typed, and again on Confirm. */
  async checkAlternativeEmail(actor: Actor, value: string): Promise<string> {
    return checkAlternativeEmail(await snapshot(this.deps.store, actor), value);
  }

  async previewConfirmActive(
    actor: Actor,
    benefitId: BenefitId,
    userId: UserId,
  ): Promise<AssignmentPreview> {
    const data = await snapshot(this.deps.store, actor);
    requireRole(actor, data, ['globalAdmin']);
    const benefit = findBenefit(data, benefitId);
    const user = findUser(data, userId);
    this.heldBy(data, benefit, user);
    return {
      benefit: benefitRef(benefit),
      user: person(user),
      freeAfter: freeOf(data, benefit),
      needsAlternativeEmail: false,
      from: null,
    };
  }

  /** Checks an assignment without making it: what the confirmation card shows. */
  async previewAssign(
    actor: Actor,
    benefitId: BenefitId,
    userId: UserId,
  ): Promise<AssignmentPreview> {
    const data = await snapshot(this.deps.store, actor);
    requireRole(actor, data, ['globalAdmin']);
    const { benefit, user } = this.checkAssignable(actor, data, benefitId, userId);
    return {
      benefit: benefitRef(benefit),
      user: person(user),
      freeAfter: freeOf(data, benefit) - 1,
      needsAlternativeEmail: benefit.kind === 'supportIncidents',
      from: null,
    };
  }

  /** R5.2: the same checks for someone about to be added to the user list (the user check comes with adding them). */
  async previewAssignNewUser(
    actor: Actor,
    benefitId: BenefitId,
    newUser: { displayName: string; email: string },
  ): Promise<AssignmentPreview> {
    const data = await snapshot(this.deps.store, actor);
    requireRole(actor, data, ['globalAdmin']);
    const benefit = findBenefit(data, benefitId);
    if (!ASSIGNABLE.has(benefit.kind))
      throw new BenefitError('BENEFIT.NOT_ASSIGNABLE', { benefit: benefit.name });
    selfOnly(benefit, null, actor);
    if (freeOf(data, benefit) <= 0)
      throw new BenefitError('BENEFIT.NO_FREE_SEAT', {
        benefit: benefit.name,
        holders: holdersOf(data, benefit.id).map((a) => findUser(data, a.userId).displayName),
      });
    return {
      benefit: benefitRef(benefit),
      user: { id: '', displayName: newUser.displayName, email: newUser.email },
      freeAfter: freeOf(data, benefit) - 1,
      needsAlternativeEmail: benefit.kind === 'supportIncidents',
      from: null,
    };
  }

  /** R5.1, R6.2, R4.1: assigns a user; a repeated request id changes nothing and says so. */
  async assign(
    actor: Actor,
    input: { requestId: string; benefitId: BenefitId; userId: UserId; alternativeEmail?: string },
  ): Promise<AssignmentOutcome> {
    await this.deps.people?.checkPresent(actor, [input.userId]);
    return changeOnce(this.deps, actor, input, 'benefit.assigned', (data, alreadyDone) =>
      this.assignIn(data, actor, input, alreadyDone),
    );
  }

  /** The assignment itself, inside a unit of work (its own, or a composite change's: services/changes/). */
  assignIn(
    data: OrganisationData,
    actor: Actor,
    input: { benefitId: BenefitId; userId: UserId; alternativeEmail?: string },
    alreadyDone: boolean,
  ): AssignmentOutcome {
    requireRole(actor, data, ['globalAdmin']);
    const benefit = findBenefit(data, input.benefitId);
    const user = findUser(data, input.userId);
    if (alreadyDone) return this.outcome(data, benefit, user, null, true);
    this.checkAssignable(actor, data, benefit.id, user.id);
    const alternativeEmail =
      benefit.kind === 'supportIncidents'
        ? checkAlternativeEmail(data, input.alternativeEmail)
        : null;
    const assignment = this.newAssignment(actor, benefit, user, alternativeEmail);
    data.assignments.push(assignment);
    audit(this.deps, data, actor, 'benefit.assigned', benefit.id, user.id, null, {
      state: assignment.state,
      alternativeEmail,
    });
    announce(
      this.deps,
      data,
      {
        type: 'assigned',
        benefitId: benefit.id,
        benefit: benefit.name,
        userId: user.id,
        userName: user.displayName,
        by: actor.displayName,
        state: assignment.state,
      },
      user.id === actor.userId ? null : user.id,
    );
    const free = freeOf(data, benefit);
    if (benefit.kind === 'seats' && free <= 1)
      announce(this.deps, data, {
        type: 'seatsRunningOut',
        benefitId: benefit.id,
        benefit: benefit.name,
        free,
      });
    return this.outcome(data, benefit, user, null, false);
  }

  async previewRemove(
    actor: Actor,
    benefitId: BenefitId,
    userId: UserId,
  ): Promise<AssignmentPreview> {
    const data = await snapshot(this.deps.store, actor);
    requireRole(actor, data, ['globalAdmin']);
    const benefit = findBenefit(data, benefitId);
    const user = findUser(data, userId);
    this.heldBy(data, benefit, user);
    return {
      benefit: benefitRef(benefit),
      user: person(user),
      freeAfter: freeOf(data, benefit) + 1,
      needsAlternativeEmail: false,
      from: null,
    };
  }

  /** Removes a user from a benefit, freeing the seat. */
  async remove(
    actor: Actor,
    input: { requestId: string; benefitId: BenefitId; userId: UserId },
  ): Promise<AssignmentOutcome> {
    return changeOnce(this.deps, actor, input, 'benefit.unassigned', (data, alreadyDone) => {
      requireRole(actor, data, ['globalAdmin']);
      const benefit = findBenefit(data, input.benefitId);
      const user = findUser(data, input.userId);
      if (alreadyDone) return this.outcome(data, benefit, user, null, true);
      const held = this.heldBy(data, benefit, user);
      data.assignments = data.assignments.filter((a) => a.id !== held.id);
      audit(
        this.deps,
        data,
        actor,
        'benefit.unassigned',
        benefit.id,
        user.id,
        { state: held.state },
        null,
      );
      announce(this.deps, data, {
        type: 'unassigned',
        benefitId: benefit.id,
        benefit: benefit.name,
        userId: user.id,
        userName: user.displayName,
        by: actor.displayName,
      });
      return {
        ...this.outcome(data, benefit, user, null, false),
        state: null,
        alternativeEmail: null,
      };
    });
  }

  async previewReassign(
    actor: Actor,
    benefitId: BenefitId,
    fromUserId: UserId,
    toUserId: UserId,
  ): Promise<AssignmentPreview> {
    const data = await snapshot(this.deps.store, actor);
    requireRole(actor, data, ['globalAdmin']);
    const { benefit, from, to } = this.checkReassignable(
      actor,
      data,
      benefitId,
      fromUserId,
      toUserId,
    );
    return {
      benefit: benefitRef(benefit),
      user: person(to),
      freeAfter: freeOf(data, benefit),
      needsAlternativeEmail: benefit.kind === 'supportIncidents',
      from: person(from),
    };
  }

  /** R5.3: removes one user and assigns another, in one confirmed step. */
  async reassign(
    actor: Actor,
    input: {
      requestId: string;
      benefitId: BenefitId;
      fromUserId: UserId;
      toUserId: UserId;
      alternativeEmail?: string;
    },
  ): Promise<AssignmentOutcome> {
    await this.deps.people?.checkPresent(actor, [input.toUserId]);
    return changeOnce(this.deps, actor, input, 'benefit.reassigned', (data, alreadyDone) => {
      requireRole(actor, data, ['globalAdmin']);
      const benefit = findBenefit(data, input.benefitId);
      const from = findUser(data, input.fromUserId);
      const to = findUser(data, input.toUserId);
      if (alreadyDone) return this.outcome(data, benefit, to, from, true);
      const { held } = this.checkReassignable(actor, data, benefit.id, from.id, to.id);
      const alternativeEmail =
        benefit.kind === 'supportIncidents'
          ? checkAlternativeEmail(data, input.alternativeEmail)
          : null;
      data.assignments = data.assignments.filter((a) => a.id !== held.id);
      const assignment = this.newAssignment(actor, benefit, to, alternativeEmail);
      data.assignments.push(assignment);
      audit(
        this.deps,
        data,
        actor,
        'benefit.reassigned',
        benefit.id,
        to.id,
        { userId: from.id },
        { userId: to.id, state: assignment.state },
      );
      announce(
        this.deps,
        data,
        {
          type: 'reassigned',
          benefitId: benefit.id,
          benefit: benefit.name,
          fromName: from.displayName,
          userId: to.id,
          userName: to.displayName,
          by: actor.displayName,
        },
        to.id,
      );
      return this.outcome(data, benefit, to, from, false);
    });
  }

  /** R6.3: an admin confirms that a pending support activation is now active, which records the date. */
  async confirmActive(
    actor: Actor,
    input: { benefitId: BenefitId; userId: UserId },
  ): Promise<AssignmentOutcome> {
    return this.deps.store.unitOfWork(actor.tenantId, (data) => {
      requireRole(actor, data, ['globalAdmin']);
      const benefit = findBenefit(data, input.benefitId);
      const user = findUser(data, input.userId);
      const held = this.heldBy(data, benefit, user);
      if (held.state === 'active') return this.outcome(data, benefit, user, null, true);
      held.state = 'active';
      held.activatedAt = this.deps.clock.now().toISOString();
      audit(
        this.deps,
        data,
        actor,
        'assignment.activated',
        benefit.id,
        user.id,
        { state: 'pendingActivation' },
        { state: 'active' },
      );
      announce(
        this.deps,
        data,
        {
          type: 'activationConfirmed',
          benefitId: benefit.id,
          benefit: benefit.name,
          userName: user.displayName,
          by: actor.displayName,
        },
        user.id,
      );
      return this.outcome(data, benefit, user, null, false);
    });
  }

  /**
   * R1.6: who holds the benefits a question names, as the person asking may see it here: an admin
   * in a personal chat; an employee has their own instead, a shared conversation a pointer to a
   * personal chat. `named` (the benefits named; null when none is called that, for the caller to
   * say so) is looked up only where holders are shown.
   */
  async holdersIn(
    actor: Actor,
    audience: Audience,
    named: () => Promise<readonly BenefitId[] | null>,
  ): Promise<ScopedResult<BenefitHolders[] | null>> {
    return scopedAnswer(this.deps.store, actor, audience, 'people', async () => {
      const ids = await named();
      if (ids === null) return null;
      const pages: BenefitHolders[] = [];
      for (const id of ids) pages.push(await this.holders(actor, id));
      return pages;
    });
  }

  /** R1.6: who holds a benefit, for admins. */
  async holders(actor: Actor, benefitId: BenefitId): Promise<BenefitHolders> {
    const data = await snapshot(this.deps.store, actor);
    if (actor.roles.length === 0) throw new BenefitError('ROLE.ADMIN_REQUIRED');
    const benefit = findBenefit(data, benefitId);
    const holders = holdersOf(data, benefitId).map((a) => ({
      ...person(findUser(data, a.userId)),
      state: a.state,
      note: a.note ?? null,
    }));
    return { benefit: benefitRef(benefit), holders, free: freeOf(data, benefit) };
  }

  /** The seats of people who left (they name people): in a personal chat only; for Global admins. */
  async seatsOfPeopleWhoLeftIn(
    actor: Actor,
    audience: Audience,
  ): Promise<ScopedResult<LeftSeat[]>> {
    return scopedAnswer(this.deps.store, actor, audience, 'personal', () =>
      this.seatsOfPeopleWhoLeft(actor),
    );
  }

  /** Seats held by people who left, read afresh from the directory; for Global admins, who can take them back. */
  async seatsOfPeopleWhoLeft(actor: Actor): Promise<LeftSeat[]> {
    const data = await snapshot(this.deps.store, actor);
    requireRole(actor, data, ['globalAdmin']);
    const left =
      (await this.deps.people?.whoLeft(
        actor,
        data.assignments.map((a) => a.userId),
      )) ?? new Map<UserId, LeftSeat['departure']>();
    return leftSeats(data, left);
  }

  /**
   * Takes back the seats held by people who left, in one change: each seat is checked again
   * against the directory and freed only if its holder is still gone and still holds it.
   */
  async reclaim(
    actor: Actor,
    input: { requestId: string; seats: { benefitId: BenefitId; userId: UserId }[] },
  ): Promise<ReclaimOutcome> {
    requireRole(actor, await snapshot(this.deps.store, actor), ['globalAdmin']);
    const left =
      (await this.deps.people?.whoLeft(
        actor,
        input.seats.map((s) => s.userId),
      )) ?? new Map<UserId, LeftSeat['departure']>();
    return changeOnce(this.deps, actor, input, 'benefit.reclaimed', (data, alreadyDone) => {
      requireRole(actor, data, ['globalAdmin']);
      if (alreadyDone) return { reclaimed: [], alreadyDone: true };
      const wanted = new Set(input.seats.map((s) => `${s.benefitId}\u0000${s.userId}`));
      const seats = leftSeats(data, left).filter((s) =>
        wanted.has(`${s.benefit.id}\u0000${s.user.id}`),
      );
      if (seats.length === 0) throw new BenefitError('RECLAIM.NOTHING_TO_RECLAIM');
      for (const seat of seats) {
        data.assignments = data.assignments.filter(
          (a) => !(a.benefitId === seat.benefit.id && a.userId === seat.user.id),
        );
        audit(
          this.deps,
          data,
          actor,
          'benefit.reclaimed',
          seat.benefit.id,
          seat.user.id,
          { state: seat.state },
          { departure: seat.departure },
        );
        announce(this.deps, data, {
          type: 'unassigned',
          benefitId: seat.benefit.id,
          benefit: seat.benefit.name,
          userId: seat.user.id,
          userName: seat.user.displayName,
          by: actor.displayName,
        });
      }
      return { reclaimed: seats, alreadyDone: false };
    });
  }

  private checkAssignable(
    actor: Actor,
    data: OrganisationData,
    benefitId: BenefitId,
    userId: UserId,
  ): { benefit: Benefit; user: User } {
    const benefit = findBenefit(data, benefitId);
    const user = findUser(data, userId);
    if (!ASSIGNABLE.has(benefit.kind))
      throw new BenefitError('BENEFIT.NOT_ASSIGNABLE', { benefit: benefit.name });
    selfOnly(benefit, user, actor);
    // Once: on a unit of work's draft it is a pass over every assignment.
    const held = holdersOf(data, benefit.id);
    if (held.some((a) => a.userId === user.id))
      throw new BenefitError('ASSIGNMENT.ALREADY_HOLDS', {
        name: user.displayName,
        benefit: benefit.name,
      });
    if (freeOf(data, benefit, held) <= 0) {
      const holders = held.map(
        (a) => data.users.find((u) => u.id === a.userId)?.displayName ?? a.userId,
      );
      throw new BenefitError(
        benefit.kind === 'seats' ? 'BENEFIT.NO_FREE_SEAT' : 'BENEFIT.ALREADY_ASSIGNED',
        { benefit: benefit.name, holders },
      );
    }
    return { benefit, user };
  }

  private checkReassignable(
    actor: Actor,
    data: OrganisationData,
    benefitId: BenefitId,
    fromUserId: UserId,
    toUserId: UserId,
  ) {
    const benefit = findBenefit(data, benefitId);
    const from = findUser(data, fromUserId);
    const to = findUser(data, toUserId);
    selfOnly(benefit, to, actor);
    if (from.id === to.id)
      throw new BenefitError('ASSIGNMENT.SAME_PERSON', { name: to.displayName });
    const held = this.heldBy(data, benefit, from);
    if (holdersOf(data, benefit.id).some((a) => a.userId === to.id))
      throw new BenefitError('ASSIGNMENT.ALREADY_HOLDS', {
        name: to.displayName,
        benefit: benefit.name,
      });
    return { benefit, from, to, held };
  }

  private heldBy(data: OrganisationData, benefit: Benefit, user: User): Assignment {
    const held = holdersOf(data, benefit.id).find((a) => a.userId === user.id);
    if (!held)
      throw new BenefitError('ASSIGNMENT.NOT_HELD', {
        name: user.displayName,
        benefit: benefit.name,
      });
    return held;
  }

  private newAssignment(
    actor: Actor,
    benefit: Benefit,
    user: User,
    alternativeEmail: string | null,
  ): Assignment {
    const now = this.deps.clock.now().toISOString();
    const pending = benefit.kind === 'supportIncidents'; // R6.3: activation takes days
    return {
      id: this.deps.newId(),
      benefitId: benefit.id,
      userId: user.id,
      state: pending ? 'pendingActivation' : 'active',
      assignedAt: now,
      assignedBy: actor.userId ?? '',
      alternativeEmail,
      activatedAt: pending ? null : now,
    };
  }

  private outcome(
    data: OrganisationData,
    benefit: Benefit,
    user: User,
    from: User | null,
    alreadyDone: boolean,
  ): AssignmentOutcome {
    const holders = holdersOf(data, benefit.id);
    const held = holders.find((a) => a.userId === user.id);
    return {
      benefit: benefitRef(benefit),
      user: person(user),
      from: from ? person(from) : null,
      freeAfter: freeOf(data, benefit, holders),
      needsAlternativeEmail: false,
      state: held?.state ?? null,
      alternativeEmail: held?.alternativeEmail ?? null,
      alreadyDone,
    };
  }
}

function leftSeats(
  data: OrganisationData,
  left: ReadonlyMap<UserId, LeftSeat['departure']>,
): LeftSeat[] {
  return data.assignments.flatMap((a) => {
    const departure = left.get(a.userId);
    const benefit = data.benefits.find((b) => b.id === a.benefitId);
    const user = data.users.find((u) => u.id === a.userId);
    return departure && benefit && user
      ? [{ benefit: benefitRef(benefit), user: person(user), departure, state: a.state }]
      : [];
  });
}

/** R4.1: a usage-based subscription (Azure) is activated by the admin asking assigning *themselves*; nobody else can be given it. */
function selfOnly(benefit: Benefit, user: User | null, actor: Actor): void {
  if (benefit.kind === 'usageSubscription' && (user === null || user.id !== actor.userId))
    throw new BenefitError('ASSIGNMENT.USAGE_SELF_ONLY', { benefit: benefit.name });
}
