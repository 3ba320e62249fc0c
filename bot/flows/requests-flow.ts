import { randomUUID } from 'node:crypto';
import { cancellationCard } from '../../cards/cancellation.card';
import type { Translator } from '../../cards/i18n/translator';
import type { CardAttachment } from '../../cards/render';
import { requestFormCard, type RequestFormInputs } from '../../cards/request-form.card';
import { resultCard } from '../../cards/result.card';
import type { Actor } from '../../services/access.service';
import type { CancellationService } from '../../services/cancellation.service';
import { isBenefitError } from '../../services/errors';
import type { FinderService } from '../../services/finder.service';
import { REQUEST_PHASES, SOLUTION_TYPES } from '../../services/model';
import type { Audience, ScopedResult } from '../../services/policy/visibility';
import type { RequestsService, RequestView } from '../../services/requests.service';
import { belongsOnForm, explain } from '../errors';

/** What "Submit request" sends: the request id, and the form's inputs as typed. */
export interface RequestFormValues extends RequestFormInputs {
  requestId: string;
}

export interface RequestsFlowDeps {
  requests: RequestsService;
  cancellation: CancellationService;
  finder: FinderService;
}

/** R6.4 requests for technical help, and R8 cancellation for a refund. */
export class RequestsFlow {
  constructor(private readonly deps: RequestsFlowDeps) {}

  /** The request form; "I need presales help" chooses the presales benefit already, and hours typed ("request 5 advisory hours") fill the hours. */
  async form(
    actor: Actor,
    t: Translator,
    benefitQuery?: string,
    hours?: number,
  ): Promise<CardAttachment> {
    const choices = await this.deps.requests.hoursBenefits(actor);
    let benefitId =
      choices.find((c) => c.remaining > 0)?.benefit.id ?? choices[0]?.benefit.id ?? '';
    if (benefitQuery) {
      const found = await this.deps.finder.benefits(actor, benefitQuery);
      if (found.kind === 'one' && choices.some((c) => c.benefit.id === found.item.id))
        benefitId = found.item.id;
    }
    return this.renderForm(
      actor,
      t,
      { requestId: randomUUID(), benefitId, ...(hours ? { hours: String(hours) } : {}) },
      '',
    );
  }

  /** "Submit request": the outcome, or the form again with the reason and what was typed. */
  async submit(actor: Actor, values: RequestFormValues, t: Translator): Promise<CardAttachment> {
    try {
      const outcome = await this.deps.requests.submitHoursRequest(actor, {
        requestId: values.requestId,
        benefitId: values.benefitId ?? '',
        phase: values.phase,
        solution: values.solution,
        description: values.description ?? '',
        hours: values.hours ?? '',
        ...(values.contactEmail?.trim() ? { contactEmail: values.contactEmail } : {}),
        ...(values.contactPhone?.trim() ? { contactPhone: values.contactPhone } : {}),
        defaultCountry: t.lang === 'ja' ? 'JP' : 'US',
      });
      return resultCard(
        { kind: 'hoursRequested', request: outcome.request, alreadyDone: outcome.alreadyDone },
        t,
      );
    } catch (err) {
      // What was typed is refused: the form again, with the reason and what was typed.
      if (belongsOnForm(err, 'hoursRequest'))
        return this.renderForm(actor, t, values, explain(err, t, 'onForm'));
      if (isBenefitError(err)) return explain(err, t, 'onCard');
      throw err;
    }
  }

  /** R8: where the membership stands, with the cancellation request offered only when a refund is possible. */
  async cancellation(actor: Actor, t: Translator): Promise<CardAttachment> {
    const check = await this.deps.cancellation.checkCancellation(actor);
    return cancellationCard({ check, requestId: randomUUID() }, t);
  }

  /** Creates the cancellation service request; every R8 condition is checked again here. */
  async requestCancellation(
    actor: Actor,
    data: { requestId: string; reason?: string },
    t: Translator,
  ): Promise<CardAttachment> {
    try {
      const outcome = await this.deps.cancellation.requestCancellation(actor, {
        requestId: data.requestId,
        ...(data.reason?.trim() ? { reason: data.reason } : {}),
      });
      return resultCard(
        {
          kind: 'cancellationRequested',
          request: outcome.request,
          alreadyDone: outcome.alreadyDone,
        },
        t,
      );
    } catch (err) {
      if (!isBenefitError(err)) throw err;
      return explain(err, t, 'onCard');
    }
  }

  /** "my requests": the person's own requests, the newest first, and how many older ones are not shown. */
  /** The requests the person made, as they may see them here. */
  mine(actor: Actor, audience: Audience): Promise<ScopedResult<RequestView[]>> {
    return this.deps.requests.myRequestsIn(actor, audience);
  }

  private async renderForm(
    actor: Actor,
    t: Translator,
    values: RequestFormValues,
    problem: string,
  ): Promise<CardAttachment> {
    const choices = await this.deps.requests.hoursBenefits(actor);
    const me = actor.userId ? await this.deps.finder.personById(actor, actor.userId) : undefined;
    return requestFormCard(
      {
        benefits: choices,
        phases: REQUEST_PHASES,
        solutions: SOLUTION_TYPES,
        values,
        myEmail: me?.email ?? '',
        problem,
        requestId: values.requestId,
      },
      t,
    );
  }
}
