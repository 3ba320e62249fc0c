import type { Actor } from './access.service';
import type { AssignmentService } from './assignment.service';
import { BenefitError } from './errors';
import type { BenefitAsk, BenefitId, LocalizedText, OrganisationData } from './model';
import { enqueue } from './notifications/outbox';
import { audit, findBenefit, findUser, requireRole, type ChangeDeps } from './rules';
import { snapshot } from './org-index';

/** What the request card shows, to everyone or to a Global admin who can decide. */
export interface AskView {
  id: string;
  benefitId: BenefitId;
  benefit: LocalizedText;
  userName: string;
  status: BenefitAsk['status'];
  decidedByName: string | null;
  /** The benefit's free seats (or places) now. */
  free: number;
}

export interface AsksServiceDeps extends ChangeDeps {
  assignments: AssignmentService;
}

const ASKABLE = new Set(['seats', 'supportIncidents']);

function view(data: OrganisationData, ask: BenefitAsk): AskView {
  const benefit = findBenefit(data, ask.benefitId);
  const held = data.assignments.filter((a) => a.benefitId === benefit.id).length;
  const capacity = benefit.kind === 'seats' ? benefit.quantity : 1;
  return {
    id: ask.id,
    benefitId: benefit.id,
    benefit: benefit.name,
    userName: data.users.find((u) => u.id === ask.userId)?.displayName ?? ask.userId,
    status: ask.status,
    decidedByName: ask.decidedBy
      ? (data.users.find((u) => u.id === ask.decidedBy)?.displayName ?? ask.decidedBy)
      : null,
    free: Math.max(0, capacity - held),
  };
}

/** The Teams member ids of the Global admins the bot knows: who gets the card's working buttons. */
function approverIdsOf(data: Pick<OrganisationData, 'notifications' | 'users'>): string[] {
  return data.notifications.conversations
    .filter(
      (c) =>
        c.kind === 'personal' &&
        c.memberId &&
        data.users.some((u) => u.id === c.userId && u.roles.includes('globalAdmin')),
    )
    .map((c) => c.memberId as string);
}

/**
 * An employee asks for a benefit; the request goes to the notification channel (or to the Global
 * admins personally where there is none); a Global admin approves it through the same rule-checked
 * assignment as any other, or declines it; the employee hears the outcome.
 */
export class AsksService {
  constructor(private readonly deps: AsksServiceDeps) {}

  /** Benefits a person can ask for: seats and support. */
  async askable(actor: Actor): Promise<{ id: BenefitId; name: LocalizedText; kind: string }[]> {
    const data = await snapshot(this.deps.store, actor);
    return data.benefits
      .filter((b) => ASKABLE.has(b.kind))
      .map((b) => ({ id: b.id, name: b.name, kind: b.kind }));
  }

  /** A repeated ask for the same benefit returns the one still open instead of a second. */
  async ask(actor: Actor, benefitId: BenefitId): Promise<{ ask: AskView; alreadyAsked: boolean }> {
    const { clock, newId } = this.deps;
    return this.deps.store.unitOfWork(actor.tenantId, (data) => {
      if (!actor.userId) throw new BenefitError('USER.NOT_FOUND');
      const benefit = findBenefit(data, benefitId);
      const user = findUser(data, actor.userId);
      if (!ASKABLE.has(benefit.kind))
        throw new BenefitError('BENEFIT.NOT_ASSIGNABLE', { benefit: benefit.name });
      if (data.assignments.some((a) => a.benefitId === benefit.id && a.userId === user.id))
        throw new BenefitError('ASSIGNMENT.ALREADY_HOLDS', {
          name: user.displayName,
          benefit: benefit.name,
        });
      const open = data.asks.find(
        (a) => a.benefitId === benefit.id && a.userId === user.id && a.status === 'open',
      );
      if (open) return { ask: view(data, open), alreadyAsked: true };
      const ask: BenefitAsk = {
        id: newId(),
        benefitId: benefit.id,
        userId: user.id,
        status: 'open',
        createdAt: clock.now().toISOString(),
        decidedBy: null,
        decidedAt: null,
      };
      data.asks.push(ask);
      audit(this.deps, data, actor, 'benefit.asked', benefit.id, user.id, null, { askId: ask.id });
      const approverIds = approverIdsOf(data);
      const event = {
        type: 'benefitRequested' as const,
        askId: ask.id,
        benefitId: benefit.id,
        benefit: benefit.name,
        userId: user.id,
        userName: user.displayName,
        approverIds,
        free: view(data, ask).free,
      };
      enqueue(
        this.deps,
        data,
        data.notifications.channelConversationId ? { type: 'channel' } : { type: 'admins' },
        event,
      );
      return { ask: view(data, ask), alreadyAsked: false };
    });
  }

  /** The request as it stands, for the card (any member of the organisation), and who may decide it. */
  async view(
    actor: Actor,
    askId: string,
  ): Promise<{ ask: AskView; approverIds: string[]; canDecide: boolean }> {
    const data = await snapshot(this.deps.store, actor);
    const ask = data.asks.find((a) => a.id === askId);
    if (!ask) throw new BenefitError('ASK.NOT_FOUND');
    return {
      ask: view(data, ask),
      approverIds: approverIdsOf(data),
      canDecide: actor.roles.includes('globalAdmin'),
    };
  }

  /** Global admins only (R1.3). Approving assigns through AssignmentService, with every rule; deciding twice changes nothing. */
  async decide(
    actor: Actor,
    askId: string,
    decision: 'approve' | 'decline',
  ): Promise<{ ask: AskView; alreadyDecided: boolean }> {
    const data = await snapshot(this.deps.store, actor);
    requireRole(actor, data, ['globalAdmin']);
    const pending = data.asks.find((a) => a.id === askId);
    if (!pending) throw new BenefitError('ASK.NOT_FOUND');
    if (pending.status !== 'open') return { ask: view(data, pending), alreadyDecided: true };
    // The assignment is its own unit of work, idempotent by this request id, so a retried approval assigns once.
    if (decision === 'approve')
      await this.deps.assignments.assign(actor, {
        requestId: `ask:${askId}`,
        benefitId: pending.benefitId,
        userId: pending.userId,
      });
    return this.deps.store.unitOfWork(actor.tenantId, (draft) => {
      const ask = draft.asks.find((a) => a.id === askId);
      if (!ask) throw new BenefitError('ASK.NOT_FOUND');
      if (ask.status !== 'open') return { ask: view(draft, ask), alreadyDecided: true };
      ask.status = decision === 'approve' ? 'approved' : 'declined';
      ask.decidedBy = actor.userId;
      ask.decidedAt = this.deps.clock.now().toISOString();
      audit(
        this.deps,
        draft,
        actor,
        'benefit.askDecided',
        ask.benefitId,
        ask.userId,
        { status: 'open' },
        { status: ask.status },
      );
      const benefit = findBenefit(draft, ask.benefitId);
      enqueue(
        this.deps,
        draft,
        { type: 'person', userId: ask.userId },
        {
          type: 'benefitRequestDecided',
          askId: ask.id,
          benefit: benefit.name,
          decision: decision === 'approve' ? 'approved' : 'declined',
          by: actor.displayName,
        },
      );
      return { ask: view(draft, ask), alreadyDecided: false };
    });
  }
}
