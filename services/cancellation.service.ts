import type { Actor } from './access.service';
import { addDays } from './clock';
import { BenefitError } from './errors';
import type { LocalizedText, OrganisationData, ServiceRequest } from './model';
import { announce } from './notifications/outbox';
import {
  addRequest,
  checkText,
  day,
  madeBy,
  requestView,
  type RequestView,
} from './requests.service';
import { audit, changeOnce, findUser, requireRole, type ChangeDeps } from './rules';
import { snapshot } from './org-index';

export type CancellationServiceDeps = ChangeDeps;

/** R8: how long after purchase a cancellation can still be refunded. */
export const REFUND_WINDOW_DAYS = 30;

/** An R8 condition that stops a refund. */
export type RefundCondition = 'refundWindowClosed' | 'softwareActivated';

/** Where the membership stands against R8, for the card that explains it before anything is asked. */
export interface CancellationCheck {
  /** Both R8 conditions hold: within the refund window and no software benefit activated. */
  eligible: boolean;
  /** The R8 conditions that fail, in the order a refusal names them. */
  failing: RefundCondition[];
  packageName: string;
  purchasedAt: string;
  /** Purchase + 30 days: the last moment a cancellation is refunded. */
  refundEndsAt: string;
  /** R3.3: software benefits whose keys were revealed. */
  activatedSoftware: LocalizedText[];
  /** The reference of a cancellation request already submitted, if any. */
  openRequest: string | null;
}

export interface CancellationOutcome {
  request: RequestView;
  purchasedAt: string;
  refundEndsAt: string;
  /** True when this request had already been carried out: nothing changed this time. */
  alreadyDone: boolean;
}

const CANCEL_ROLES = ['globalAdmin', 'mpnPartnerAdmin'] as const;

function openCancellation(data: OrganisationData): ServiceRequest | undefined {
  return data.requests.find((r) => r.kind === 'cancellation' && r.status === 'submitted');
}

function assess(data: OrganisationData, now: Date): CancellationCheck {
  const purchased = new Date(data.organisation.package.purchasedAt);
  const refundEnds = addDays(purchased, REFUND_WINDOW_DAYS);
  const activatedSoftware = data.benefits.flatMap((b) =>
    b.kind === 'softwareKeys' && b.keysRevealedAt !== null ? [b.name] : [],
  );
  const failing: RefundCondition[] = [];
  if (now.getTime() > refundEnds.getTime()) failing.push('refundWindowClosed');
  if (activatedSoftware.length > 0) failing.push('softwareActivated');
  return {
    eligible: failing.length === 0,
    failing,
    packageName: data.organisation.package.name,
    purchasedAt: purchased.toISOString(),
    refundEndsAt: refundEnds.toISOString(),
    activatedSoftware,
    openRequest: openCancellation(data)?.reference ?? null,
  };
}

/** R8: the refusal for the first condition that stops a request now. */
function refuseUnlessRequestable(check: CancellationCheck): void {
  if (check.openRequest)
    throw new BenefitError('CANCEL.ALREADY_REQUESTED', { reference: check.openRequest });
  if (check.failing.includes('refundWindowClosed')) {
    throw new BenefitError('CANCEL.REFUND_WINDOW_CLOSED', {
      date: day(new Date(check.refundEndsAt)),
      purchased: day(new Date(check.purchasedAt)),
    });
  }
  if (check.failing.includes('softwareActivated')) {
    const names = {
      en: check.activatedSoftware.map((n) => n.en).join(', '),
      ja: check.activatedSoftware.map((n) => n.ja).join('、'),
    };
    throw new BenefitError('CANCEL.SOFTWARE_ACTIVATED', { benefits: names });
  }
}

export class CancellationService {
  constructor(private readonly deps: CancellationServiceDeps) {}

  /** R8: where the membership stands, without refusing on the refund terms. Global admin or MPN partner admin only. */
  async checkCancellation(actor: Actor): Promise<CancellationCheck> {
    const data = await snapshot(this.deps.store, actor);
    requireRole(actor, data, [...CANCEL_ROLES]);
    return assess(data, this.deps.clock.now());
  }

  /** The same checks as Confirm, with the same refusals: what the confirmation card is shown after. */
  async previewCancellation(actor: Actor): Promise<CancellationCheck> {
    const check = await this.checkCancellation(actor);
    refuseUnlessRequestable(check);
    return check;
  }

  /** R8: creates the cancellation service request, within 30 days of purchase and with no software activated. */
  async requestCancellation(
    actor: Actor,
    input: { requestId: string; reason?: string },
  ): Promise<CancellationOutcome> {
    return changeOnce(
      this.deps,
      actor,
      input,
      'membership.cancellationRequested',
      (data, alreadyDone) => {
        requireRole(actor, data, [...CANCEL_ROLES]);
        const check = assess(data, this.deps.clock.now());
        const dates = { purchasedAt: check.purchasedAt, refundEndsAt: check.refundEndsAt };
        if (alreadyDone)
          return {
            request: requestView(data, madeBy(data, input.requestId, 'cancellation')),
            ...dates,
            alreadyDone: true,
          };
        refuseUnlessRequestable(check);
        const me = findUser(data, actor.userId ?? '');
        const request = addRequest(this.deps, data, actor, input.requestId, {
          kind: 'cancellation',
          benefitId: null,
          phase: null,
          solution: null,
          description: checkText(input.reason),
          hours: null,
          contact: { userId: me.id, email: me.email, phone: null },
        });
        audit(this.deps, data, actor, 'membership.cancellationRequested', null, null, null, {
          reference: request.reference,
          package: check.packageName,
          ...dates,
        });
        announce(this.deps, data, {
          type: 'requestSubmitted',
          reference: request.reference,
          benefit: null,
          by: actor.displayName,
          hours: null,
        });
        return { request: requestView(data, request), ...dates, alreadyDone: false };
      },
    );
  }
}
