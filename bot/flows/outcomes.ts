import type { Translator } from '../../cards/i18n/translator';
import { keysCard } from '../../cards/keys.card';
import type { CardAttachment } from '../../cards/render';
import { resultCard, type AssignmentDone } from '../../cards/result.card';
import type { Actor } from '../../services/access.service';
import type { AssignmentOutcome } from '../../services/assignment.service';
import {
  runChange,
  type ChangePayload,
  type ChangeServices,
} from '../../services/changes/registry';
import { isBenefitError } from '../../services/errors';
import type { KeysService } from '../../services/keys.service';
import type { ConversationsService } from '../../services/notifications/conversations.service';
import { mayShowPersonal, type Audience } from '../../services/policy/visibility';
import { explain } from '../errors';
import type { RevealData } from '../verbs';

export interface ChangeOutcomesDeps {
  keys: KeysService;
  conversations: ConversationsService;
  /** The registry's services: every confirmed change goes through services/changes/registry.ts. */
  changeServices: ChangeServices;
}

/**
 * What a confirmation card's buttons do, and what the person reads after: Confirm makes the change
 * through the registry (services/changes/), Reveal shows keys (R3, audited in services/), Cancel
 * changes nothing. The questions before the card are asked in change-flow.ts, which never writes.
 */
export class ChangeOutcomes {
  constructor(private readonly deps: ChangeOutcomesDeps) {}

  /**
   * Makes the confirmed change through the registry (services/changes/registry.ts), which checks the
   * payload and runs it; a repeated Confirm finds its request id done and changes nothing. This only
   * says what happened.
   */
  async confirm(
    actor: Actor,
    data: ChangePayload,
    t: Translator,
    audience: Audience,
  ): Promise<CardAttachment> {
    try {
      switch (data.op) {
        case 'assign': {
          const outcome = await runChange(this.deps.changeServices, actor, data);
          const addedUser =
            outcome.added?.alreadyDone === false ? outcome.added.user.displayName : undefined;
          const unreachable = await this.unreachable(actor, outcome);
          return this.result(data.op, outcome, t, audience, {
            ...(addedUser ? { addedUser } : {}),
            ...(unreachable ? { unreachable } : {}),
          });
        }
        case 'remove':
          return this.result(
            data.op,
            await runChange(this.deps.changeServices, actor, data),
            t,
            audience,
          );
        case 'reassign': {
          const outcome = await runChange(this.deps.changeServices, actor, data);
          const unreachable = await this.unreachable(actor, outcome);
          return this.result(data.op, outcome, t, audience, unreachable ? { unreachable } : {});
        }
        case 'confirmActive':
          return this.result(
            data.op,
            await runChange(this.deps.changeServices, actor, data),
            t,
            audience,
          );
        case 'setPartnerRole': {
          const { user, role, grant, alreadyDone } = await runChange(
            this.deps.changeServices,
            actor,
            data,
          );
          return resultCard(
            { kind: 'roleSet', name: user.displayName, role, grant, alreadyDone },
            t,
          );
        }
        case 'addUser': {
          const outcome = await runChange(this.deps.changeServices, actor, data);
          return resultCard(
            {
              kind: 'userAdded',
              name: outcome.user.displayName,
              alreadyDone: outcome.alreadyDone,
            },
            t,
          );
        }
        case 'setMarketingContact': {
          const outcome = await runChange(this.deps.changeServices, actor, data);
          return resultCard(
            {
              kind: 'contactSet',
              name: outcome.contact.displayName,
              alreadyDone: outcome.alreadyDone,
            },
            t,
          );
        }
        case 'activateOffer': {
          const outcome = await runChange(this.deps.changeServices, actor, data);
          return resultCard(
            {
              kind: 'activationRequested',
              offer: outcome.name,
              contact: outcome.marketingContact ?? '',
              alreadyDone: outcome.alreadyDone,
            },
            t,
          );
        }
        case 'reclaim': {
          const outcome = await runChange(this.deps.changeServices, actor, data);
          return resultCard(
            { kind: 'reclaimed', seats: outcome.reclaimed, alreadyDone: outcome.alreadyDone },
            t,
          );
        }
        case 'confirmOfferActive': {
          const outcome = await runChange(this.deps.changeServices, actor, data);
          return resultCard(
            {
              kind: 'offerActive',
              offer: outcome.name,
              expiresAt: outcome.expiresAt ?? null,
              alreadyDone: outcome.alreadyDone,
            },
            t,
          );
        }
        case 'setNote': {
          const outcome = await runChange(this.deps.changeServices, actor, data);
          return resultCard(
            {
              kind: 'noteSet',
              benefit: outcome.benefit.name,
              name: outcome.user.displayName,
              cleared: outcome.note === null,
              alreadyDone: outcome.alreadyDone && outcome.previous !== outcome.note,
            },
            t,
          );
        }
      }
    } catch (err) {
      if (!isBenefitError(err)) throw err;
      return explain(err, t, 'onCard');
    }
  }

  cancelled(t: Translator): CardAttachment {
    return resultCard({ kind: 'cancelled' }, t);
  }

  /** R3.2: the keys, shown on the Reveal button of a keys card. */
  async reveal(
    actor: Actor,
    data: RevealData,
    t: Translator,
    audience: Audience,
  ): Promise<CardAttachment> {
    try {
      const revealed = await this.deps.keys.reveal(actor, {
        requestId: data.requestId,
        benefitId: data.benefitId,
        audience,
        ...(data.language ? { language: data.language } : {}),
        ...(data.os ? { os: data.os } : {}),
        acceptRefundLoss: data.acceptRefundLoss,
      });
      const reveal = {
        benefitId: data.benefitId,
        requestId: data.requestId,
        ...(data.language ? { language: data.language } : {}),
        ...(data.os ? { os: data.os } : {}),
        ...(data.acceptRefundLoss ? { acceptRefundLoss: 'true' } : {}),
      };
      return keysCard({ revealed, reveal }, t, data.page ?? 0);
    } catch (err) {
      if (!isBenefitError(err)) throw err;
      return explain(err, t, 'onCard');
    }
  }

  private async unreachable(
    actor: Actor,
    outcome: AssignmentOutcome,
  ): Promise<AssignmentDone['unreachable']> {
    if (outcome.alreadyDone || outcome.user.id === actor.userId) return undefined;
    const reach = await this.deps.conversations.reach(actor.tenantId, outcome.user.id);
    return reach === 'direct' ? undefined : reach;
  }

  private result(
    op: AssignmentDone['op'],
    outcome: AssignmentOutcome,
    t: Translator,
    audience: Audience,
    told: Pick<AssignmentDone, 'addedUser' | 'unreachable'> = {},
  ): CardAttachment {
    return resultCard(
      { kind: 'assignmentDone', op, outcome, shared: !mayShowPersonal(audience), ...told },
      t,
    );
  }
}
