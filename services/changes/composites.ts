import type { Actor } from '../access.service';
import type { AssignmentOutcome, AssignmentService } from '../assignment.service';
import type {
  CountryCode,
  GoToMarketService,
  MarketingContactOutcome,
  OfferOutcome,
} from '../go-to-market.service';
import type { BenefitId } from '../model';
import { changeOnce, type ChangeDeps } from '../rules';
import type { AddUserOutcome, UsersService } from '../users.service';

/**
 * Changes made of two, each in ONE unit of work: both happen or neither does, under one request id
 * (bound to both parts' arguments), and a repeated Confirm changes nothing.
 */
export interface CompositeDeps extends ChangeDeps {
  assignments: AssignmentService;
  users: UsersService;
  goToMarket: GoToMarketService;
}

/** R5.2: someone not in the user list is added (Account settings, R1.5) and assigned the benefit. */
export async function addUserAndAssign(
  deps: CompositeDeps,
  actor: Actor,
  input: {
    requestId: string;
    benefitId: BenefitId;
    newUserName: string;
    newUserEmail: string;
    alternativeEmail?: string;
  },
): Promise<AssignmentOutcome & { added: AddUserOutcome }> {
  return changeOnce(deps, actor, input, 'benefit.assigned', (data, alreadyDone) => {
    const added = deps.users.addUserIn(
      data,
      actor,
      { displayName: input.newUserName, email: input.newUserEmail },
      alreadyDone,
    );
    const assigned = deps.assignments.assignIn(
      data,
      actor,
      {
        benefitId: input.benefitId,
        userId: added.user.id,
        ...(input.alternativeEmail !== undefined
          ? { alternativeEmail: input.alternativeEmail }
          : {}),
      },
      alreadyDone,
    );
    return { ...assigned, added };
  });
}

/** R7.2 then R7.3: the marketing contact is set and the offer's activation requested, together. */
export async function setContactAndActivate(
  deps: CompositeDeps,
  actor: Actor,
  input: {
    requestId: string;
    benefitId: BenefitId;
    userId: string;
    email: string;
    phone: string;
    language: string;
    defaultCountry?: CountryCode;
  },
): Promise<OfferOutcome & { contact: MarketingContactOutcome }> {
  await deps.people?.checkPresent(actor, [input.userId]);
  return changeOnce(deps, actor, input, 'offer.activationRequested', (data, alreadyDone) => {
    const contact = deps.goToMarket.setMarketingContactIn(data, actor, input, alreadyDone);
    const offer = deps.goToMarket.requestActivationIn(
      data,
      actor,
      { benefitId: input.benefitId },
      alreadyDone,
    );
    return { ...offer, contact };
  });
}
