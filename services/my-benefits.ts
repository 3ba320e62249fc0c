import type { Actor } from './access.service';
import type { Unit } from './benefit-views';
import {
  CATEGORY_ORDER,
  type AssignmentState,
  type BenefitId,
  type CategoryId,
  type Link,
  type LocalizedText,
} from './model';
import {
  assignmentsByBenefit,
  assignmentsByUser,
  globalAdminNames,
  organisationOf,
  usersById,
} from './org-index';
import type { OrganisationReader } from './ports';

/** How the person starts using a benefit they hold. */
export type HowToStart =
  'signInVisualStudio' | 'manageInAzure' | 'supportPending' | 'supportActive' | 'useBenefit';

export interface MyBenefit {
  benefitId: BenefitId;
  category: CategoryId;
  name: LocalizedText;
  state: AssignmentState;
  assignedAt: string;
  howToStart: HowToStart;
  email: string;
  alternativeEmail: string | null;
  link: Link | null;
}

export interface RequestableBenefit {
  benefitId: BenefitId;
  name: LocalizedText;
  unit: Unit;
  free: number;
}

export interface MyBenefits {
  displayName: string;
  organisationName: string;
  items: MyBenefit[];
  isMarketingContact: boolean;
  /** What the person could ask a Global admin for: benefits with room for one more. */
  requestable: RequestableBenefit[];
  globalAdmins: string[];
}

/** Every benefit assigned to the person, across categories, how to start using each, and what they could ask for. */
export async function myBenefitsOf(store: OrganisationReader, actor: Actor): Promise<MyBenefits> {
  const { organisation, benefits, assignments, users } = await organisationOf(store, actor);
  const me = actor.userId ? usersById(users).get(actor.userId) : undefined;
  const byId = new Map(benefits.map((b) => [b.id, b]));
  const items: MyBenefit[] = [];
  const mine = me ? (assignmentsByUser(assignments).get(me.id) ?? []) : [];
  for (const a of mine) {
    const benefit = byId.get(a.benefitId);
    if (!me || !benefit) continue;
    const howToStart: HowToStart =
      benefit.kind === 'seats'
        ? 'signInVisualStudio'
        : benefit.kind === 'usageSubscription'
          ? 'manageInAzure'
          : benefit.kind === 'supportIncidents'
            ? a.state === 'pendingActivation'
              ? 'supportPending'
              : 'supportActive'
            : 'useBenefit';
    items.push({
      benefitId: benefit.id,
      category: benefit.category,
      name: benefit.name,
      state: a.state,
      assignedAt: a.assignedAt,
      howToStart,
      email: me.email,
      alternativeEmail: a.alternativeEmail,
      link: benefit.links[0] ?? null,
    });
  }
  items.sort((x, y) => CATEGORY_ORDER.indexOf(x.category) - CATEGORY_ORDER.indexOf(y.category));
  const byBenefit = assignmentsByBenefit(assignments);
  const held = new Set(mine.map((a) => a.benefitId));
  const requestable: RequestableBenefit[] = benefits
    .filter((b) => b.kind === 'seats' && !held.has(b.id))
    .map((b) => ({
      benefitId: b.id,
      name: b.name,
      unit: 'seat' as const,
      free: b.quantity - (byBenefit.get(b.id)?.length ?? 0),
    }))
    .filter((r) => r.free > 0);
  return {
    displayName: me?.displayName ?? actor.displayName,
    organisationName: organisation.name,
    items,
    isMarketingContact:
      organisation.marketingContact !== null && organisation.marketingContact.userId === me?.id,
    requestable,
    globalAdmins: [...globalAdminNames(users)],
  };
}
