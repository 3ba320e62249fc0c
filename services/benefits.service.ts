import { isAdmin, type Actor } from './access.service';
import {
  benefitView,
  summarise,
  type BenefitView,
  type CategorySummary,
  type Unit,
} from './benefit-views';
import type { Clock } from './clock';
import { BenefitError } from './errors';
import {
  CATEGORY_ORDER,
  type AssignmentState,
  type BenefitId,
  type CategoryId,
  type UserId,
  type Link,
  type LocalizedText,
  type PartnerLevel,
} from './model';
import { assignmentsByBenefit, assignmentsByUser, globalAdminNames, usersById } from './org-index';
import { mayShowPersonal, SHARED_CONVERSATION, type Audience } from './policy/visibility';
import type { OrganisationReader } from './ports';

export interface OrganisationOverview {
  organisationName: string;
  packageName: string;
  packageExpiresAt: string;
  level: PartnerLevel;
  categories: CategorySummary[];
}

export interface CategoryList {
  organisationName: string;
  category: CategoryId;
  summary: CategorySummary;
  benefits: BenefitView[];
  /** Go-To-Market (R7.2): the company marketing contact; null when there is none; absent elsewhere or where people are not shown. */
  marketingContact?: { name: string; email: string; phone: string; language: string } | null;
}

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

/**
 * R1.6: admins see the organisation's benefits; an employee sees only their own, and in a
 * shared conversation personal answers are kept for a personal chat.
 */
export type ScopedResult<T> =
  | { scope: 'organisation'; value: T }
  | { scope: 'own'; reason: 'employeeSeesOwn'; mine: MyBenefits }
  | { scope: 'personalChatOnly' };

/** What one person holds, with every benefit's counts (for "none held; 2 seats are free"). */
export interface Holdings {
  person: { id: UserId; displayName: string };
  items: {
    benefitId: BenefitId;
    category: CategoryId;
    name: LocalizedText;
    state: AssignmentState;
    assignedAt: string;
  }[];
  /** Every benefit of the organisation, counts only (no holders). */
  benefits: BenefitView[];
}

export interface BenefitsServiceDeps {
  store: OrganisationReader;
  clock: Clock;
}

export class BenefitsService {
  constructor(private readonly deps: BenefitsServiceDeps) {}

  /** R2: the five categories in order, each with what it holds and how much is used. */
  async overview(actor: Actor, audience: Audience): Promise<ScopedResult<OrganisationOverview>> {
    const denied = await this.unlessAdmin(actor, audience);
    if (denied) return denied;
    // The overview shows counts only: no holders to work out.
    const { organisation, views } = await this.views(actor, audience, null);
    return {
      scope: 'organisation',
      value: {
        organisationName: organisation.name,
        packageName: organisation.package.name,
        packageExpiresAt: organisation.package.expiresAt,
        level: organisation.level,
        categories: CATEGORY_ORDER.map((category) => summarise(category, views)),
      },
    };
  }

  /** One category's benefits, one row each (R2), with holders for admins in private (R1.6). */
  async category(
    actor: Actor,
    category: CategoryId,
    audience: Audience,
  ): Promise<ScopedResult<CategoryList>> {
    if (!CATEGORY_ORDER.includes(category))
      throw new BenefitError('BENEFIT.UNKNOWN_CATEGORY', { category: String(category) });
    const denied = await this.unlessAdmin(actor, audience);
    if (denied) return denied;
    const { organisation, views, users } = await this.views(actor, audience, category);
    const contact = organisation.marketingContact;
    const contactShown = category === 'goToMarket' && mayShowPersonal(audience);
    return {
      scope: 'organisation',
      value: {
        organisationName: organisation.name,
        category,
        summary: summarise(category, views),
        benefits: views.filter((v) => v.category === category),
        ...(contactShown
          ? {
              marketingContact: contact
                ? {
                    name: usersById(users).get(contact.userId)?.displayName ?? contact.userId,
                    email: contact.email,
                    phone: contact.phone,
                    language: contact.language,
                  }
                : null,
            }
          : {}),
      },
    };
  }

  /** Every benefit assigned to the person, across categories, and how to start using each. */
  async mine(actor: Actor, audience: Audience): Promise<ScopedResult<MyBenefits>> {
    if (!mayShowPersonal(audience)) return { scope: 'personalChatOnly' };
    return { scope: 'organisation', value: await this.myBenefits(actor) };
  }

  /** One benefit's row and details, seen as its category's list would show it (R1.6). */
  async benefit(
    actor: Actor,
    benefitId: BenefitId,
    audience: Audience,
  ): Promise<ScopedResult<CategoryList>> {
    const denied = await this.unlessAdmin(actor, audience);
    if (denied) return denied;
    const known = (await this.deps.store.benefits(actor.tenantId)).find((b) => b.id === benefitId);
    if (!known) throw new BenefitError('BENEFIT.NOT_FOUND', { benefitId: String(benefitId) });
    const { organisation, views } = await this.views(actor, audience, known.category);
    const view = views.filter((v) => v.id === benefitId);
    return {
      scope: 'organisation',
      value: {
        organisationName: organisation.name,
        category: known.category,
        summary: summarise(known.category, view),
        benefits: view,
      },
    };
  }

  /** How much of each benefit is used and free: counts only, for admins (R1.6), in any conversation. */
  async availability(actor: Actor, audience: Audience): Promise<ScopedResult<BenefitView[]>> {
    const denied = await this.unlessAdmin(actor, audience);
    if (denied) return denied;
    const { views } = await this.views(actor, audience, null);
    return { scope: 'organisation', value: views };
  }

  /**
   * R1.6: what one person holds. Admins may ask about anyone, an employee about themselves only;
   * it names a person, so in a shared conversation it is kept for a personal chat.
   */
  async holdings(
    actor: Actor,
    userId: UserId,
    audience: Audience,
  ): Promise<ScopedResult<Holdings>> {
    if (!mayShowPersonal(audience)) return { scope: 'personalChatOnly' };
    if (!isAdmin(actor) && userId !== actor.userId)
      return { scope: 'own', reason: 'employeeSeesOwn', mine: await this.myBenefits(actor) };
    const { benefits, assignments, users } = await this.load(actor);
    const user = usersById(users).get(userId);
    if (!user) throw new BenefitError('USER.NOT_FOUND', { userId: String(userId) });
    const byId = new Map(benefits.map((b) => [b.id, b]));
    const items = (assignmentsByUser(assignments).get(userId) ?? []).flatMap((a) => {
      const b = byId.get(a.benefitId);
      return b
        ? [
            {
              benefitId: b.id,
              category: b.category,
              name: b.name,
              state: a.state,
              assignedAt: a.assignedAt,
            },
          ]
        : [];
    });
    items.sort((x, y) => CATEGORY_ORDER.indexOf(x.category) - CATEGORY_ORDER.indexOf(y.category));
    const { views } = await this.views(actor, SHARED_CONVERSATION, null);
    return {
      scope: 'organisation',
      value: { person: { id: user.id, displayName: user.displayName }, items, benefits: views },
    };
  }

  private async unlessAdmin(
    actor: Actor,
    audience: Audience,
  ): Promise<ScopedResult<never> | undefined> {
    if (isAdmin(actor)) return undefined;
    if (!mayShowPersonal(audience)) return { scope: 'personalChatOnly' };
    return { scope: 'own', reason: 'employeeSeesOwn', mine: await this.myBenefits(actor) };
  }

  private async load(actor: Actor) {
    const { store } = this.deps;
    const [organisation, benefits, assignments, users] = await Promise.all([
      store.organisation(actor.tenantId),
      store.benefits(actor.tenantId),
      store.assignments(actor.tenantId),
      store.users(actor.tenantId),
    ]);
    if (!organisation) throw new BenefitError('ORG.UNKNOWN_TENANT');
    return { organisation, benefits, assignments, users };
  }

  /** Every benefit's view; holders (for admins in private) only for the benefits of `shownCategory`, the ones shown with them. */
  private async views(actor: Actor, audience: Audience, shownCategory: CategoryId | null) {
    const [{ organisation, benefits, assignments, users }, requests] = await Promise.all([
      this.load(actor),
      this.deps.store.requests(actor.tenantId),
    ]);
    const byBenefit = assignmentsByBenefit(assignments);
    const holdersShown = mayShowPersonal(audience) && isAdmin(actor);
    const ctx = { organisation, usersById: usersById(users), now: this.deps.clock.now(), requests };
    const views = benefits.map((b) =>
      benefitView(b, {
        ...ctx,
        showHolders: holdersShown && b.category === shownCategory,
        held: byBenefit.get(b.id) ?? [],
      }),
    );
    return { organisation, views, users };
  }

  private async myBenefits(actor: Actor): Promise<MyBenefits> {
    const { organisation, benefits, assignments, users } = await this.load(actor);
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
}
