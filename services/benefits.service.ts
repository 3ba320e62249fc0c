import type { Actor } from './access.service';
import { benefitView, summarise, type BenefitView, type CategorySummary } from './benefit-views';
import type { Clock } from './clock';
import { BenefitError } from './errors';
import {
  CATEGORY_ORDER,
  type AssignmentState,
  type BenefitId,
  type CategoryId,
  type UserId,
  type LocalizedText,
  type PartnerLevel,
} from './model';
import { assignmentsByBenefit, assignmentsByUser, organisationOf, usersById } from './org-index';
import { myBenefitsOf, type MyBenefits } from './my-benefits';
import {
  mayShowPersonal,
  scopeOf,
  scopedAnswer,
  sightOf,
  SHARED_CONVERSATION,
  type Audience,
  type ScopedResult,
  type Shows,
  type Sight,
} from './policy/visibility';
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

export type { ScopedResult } from './policy/visibility';
export type { HowToStart, MyBenefit, MyBenefits, RequestableBenefit } from './my-benefits';

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
  /** Whether the person asking may assign what is free (an admin): the answer offers an Assign button. */
  canAssign: boolean;
}

export interface BenefitsServiceDeps {
  store: OrganisationReader;
  clock: Clock;
}

export class BenefitsService {
  constructor(private readonly deps: BenefitsServiceDeps) {}

  /** R2: the five categories in order, each with what it holds and how much is used. */
  async overview(actor: Actor, audience: Audience): Promise<ScopedResult<OrganisationOverview>> {
    return this.scoped(actor, audience, 'counts', async () => {
      // The overview shows counts only: no holders to work out.
      const { organisation, views } = await this.views(actor, audience, null);
      return {
        organisationName: organisation.name,
        packageName: organisation.package.name,
        packageExpiresAt: organisation.package.expiresAt,
        level: organisation.level,
        categories: CATEGORY_ORDER.map((category) => summarise(category, views)),
      };
    });
  }

  /** One category's benefits, one row each (R2), with holders for admins in private (R1.6). */
  async category(
    actor: Actor,
    category: CategoryId,
    audience: Audience,
  ): Promise<ScopedResult<CategoryList>> {
    if (!CATEGORY_ORDER.includes(category))
      throw new BenefitError('BENEFIT.UNKNOWN_CATEGORY', { category: String(category) });
    return this.scoped(actor, audience, 'counts', async () => {
      const { organisation, views, users } = await this.views(actor, audience, category);
      const contact = organisation.marketingContact;
      const contactShown = category === 'goToMarket' && mayShowPersonal(audience);
      return {
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
      };
    });
  }

  /** Every benefit assigned to the person, across categories, and how to start using each. */
  async mine(actor: Actor, audience: Audience): Promise<ScopedResult<MyBenefits>> {
    return this.scoped(actor, audience, 'personal', () => this.myBenefits(actor));
  }

  /** One benefit's row and details, seen as its category's list would show it (R1.6). */
  async benefit(
    actor: Actor,
    benefitId: BenefitId,
    audience: Audience,
  ): Promise<ScopedResult<CategoryList>> {
    return this.scoped(actor, audience, 'counts', async () => {
      const benefits = await this.deps.store.benefits(actor.tenantId);
      const known = benefits.find((b) => b.id === benefitId);
      if (!known) throw new BenefitError('BENEFIT.NOT_FOUND', { benefitId: String(benefitId) });
      const { organisation, views } = await this.views(actor, audience, known.category);
      const view = views.filter((v) => v.id === benefitId);
      return {
        organisationName: organisation.name,
        category: known.category,
        summary: summarise(known.category, view),
        benefits: view,
      };
    });
  }

  /** How much of each benefit is used and free: counts only, for admins (R1.6), in any conversation. */
  async availability(actor: Actor, audience: Audience): Promise<ScopedResult<BenefitView[]>> {
    return this.scoped(
      actor,
      audience,
      'counts',
      async () => (await this.views(actor, audience, null)).views,
    );
  }

  /**
   * R1.6: what one person holds. It names a person, so in a shared conversation it is kept for a
   * personal chat, and `named` (the person and benefits the question named) is not even looked up.
   * Admins may ask about anyone; an employee about themselves only: asked about anyone else, or
   * about someone not found (whether they exist is not theirs to learn), they have their own.
   * `named` gives `{ userId }`, `{ unknownPerson }` (nobody, or several, by that name) or
   * `{ answered }` (the question was answered otherwise, e.g. no benefit by that name): the last
   * two are `value: null` for the caller to say so (the first, to an admin only).
   */
  async holdings(
    actor: Actor,
    audience: Audience,
    named: () => Promise<{ userId: UserId } | { unknownPerson: true } | { answered: true }>,
  ): Promise<ScopedResult<Holdings | null>> {
    const sight = sightOf(actor, audience);
    if (scopeOf(sight, 'personal') === 'personalChatOnly') return { scope: 'personalChatOnly' };
    const asked = await named();
    if ('answered' in asked) return { scope: 'organisation', value: null };
    if (sight.role === 'employee' && !('userId' in asked && asked.userId === actor.userId))
      return { scope: 'own', reason: 'employeeSeesOwn', mine: await this.myBenefits(actor) };
    if (!('userId' in asked)) return { scope: 'organisation', value: null };
    return { scope: 'organisation', value: await this.holdingsOf(actor, asked.userId, sight) };
  }

  private async holdingsOf(actor: Actor, userId: UserId, sight: Sight): Promise<Holdings> {
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
      person: { id: user.id, displayName: user.displayName },
      items,
      benefits: views,
      canAssign: sight.role === 'admin',
    };
  }

  /** The answer the person may have here (services/policy/visibility.ts), read only if they may. */
  private scoped<T>(
    actor: Actor,
    audience: Audience,
    shows: Shows,
    value: () => Promise<T>,
  ): Promise<ScopedResult<T>> {
    return scopedAnswer(this.deps.store, actor, audience, shows, value);
  }

  private load(actor: Actor) {
    return organisationOf(this.deps.store, actor);
  }

  /** Every benefit's view; holders (for admins in private) only for the benefits of `shownCategory`, the ones shown with them. */
  private async views(actor: Actor, audience: Audience, shownCategory: CategoryId | null) {
    const [{ organisation, benefits, assignments, users }, requests] = await Promise.all([
      this.load(actor),
      this.deps.store.requests(actor.tenantId),
    ]);
    const byBenefit = assignmentsByBenefit(assignments);
    const holdersShown = sightOf(actor, audience).holders;
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

  private myBenefits(actor: Actor): Promise<MyBenefits> {
    return myBenefitsOf(this.deps.store, actor);
  }
}
