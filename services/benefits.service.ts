import { isAdmin, type Actor } from './access.service';
import { benefitView, summarise, type BenefitView, type CategorySummary, type Unit } from './benefit-views';
import type { Clock } from './clock';
import { BenefitError } from './errors';
import { CATEGORY_ORDER, type Assignment, type AssignmentState, type BenefitId, type CategoryId, type Link, type LocalizedText, type PartnerLevel, type User } from './model';
import type { OrganisationReader } from './ports';

/**
 * Where the answer will be read. A shared conversation (team channel, group chat) shows only
 * what every member may see: counts, never people, emails or keys.
 */
export type Audience = 'private' | 'shared';

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
export type HowToStart = 'signInVisualStudio' | 'manageInAzure' | 'supportPending' | 'supportActive' | 'useBenefit';

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

export interface BenefitsServiceDeps {
  store: OrganisationReader;
  clock: Clock;
}

function groupByBenefit(assignments: readonly Assignment[]): Map<BenefitId, Assignment[]> {
  const groups = new Map<BenefitId, Assignment[]>();
  for (const a of assignments) {
    const list = groups.get(a.benefitId);
    if (list) list.push(a);
    else groups.set(a.benefitId, [a]);
  }
  return groups;
}

export class BenefitsService {
  constructor(private readonly deps: BenefitsServiceDeps) {}

  /** R2: the five categories in order, each with what it holds and how much is used. */
  async overview(actor: Actor, audience: Audience): Promise<ScopedResult<OrganisationOverview>> {
    const denied = await this.unlessAdmin(actor, audience);
    if (denied) return denied;
    const { organisation, views } = await this.views(actor, audience);
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
  async category(actor: Actor, category: CategoryId, audience: Audience): Promise<ScopedResult<CategoryList>> {
    if (!CATEGORY_ORDER.includes(category)) throw new BenefitError('BENEFIT.UNKNOWN_CATEGORY', { category: String(category) });
    const denied = await this.unlessAdmin(actor, audience);
    if (denied) return denied;
    const { organisation, views, users } = await this.views(actor, audience);
    const contact = organisation.marketingContact;
    const contactShown = category === 'goToMarket' && audience === 'private';
    return {
      scope: 'organisation',
      value: {
        organisationName: organisation.name,
        category,
        summary: summarise(category, views),
        benefits: views.filter((v) => v.category === category),
        ...(contactShown
          ? { marketingContact: contact ? { name: users.find((u) => u.id === contact.userId)?.displayName ?? contact.userId, email: contact.email, phone: contact.phone, language: contact.language } : null }
          : {}),
      },
    };
  }

  /** Every benefit assigned to the person, across categories, and how to start using each. */
  async mine(actor: Actor, audience: Audience): Promise<ScopedResult<MyBenefits>> {
    if (audience === 'shared') return { scope: 'personalChatOnly' };
    return { scope: 'organisation', value: await this.myBenefits(actor) };
  }

  private async unlessAdmin(actor: Actor, audience: Audience): Promise<ScopedResult<never> | undefined> {
    if (isAdmin(actor)) return undefined;
    if (audience === 'shared') return { scope: 'personalChatOnly' };
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

  private async views(actor: Actor, audience: Audience) {
    const [{ organisation, benefits, assignments, users }, requests] = await Promise.all([this.load(actor), this.deps.store.requests(actor.tenantId)]);
    const byBenefit = groupByBenefit(assignments);
    const usersById = new Map(users.map((u) => [u.id, u]));
    const ctx = { organisation, usersById, now: this.deps.clock.now(), showHolders: audience === 'private' && isAdmin(actor), requests };
    const views = benefits.map((b) => benefitView(b, { ...ctx, assignments: byBenefit.get(b.id) ?? [] }));
    return { organisation, views, users };
  }

  private async myBenefits(actor: Actor): Promise<MyBenefits> {
    const { organisation, benefits, assignments, users } = await this.load(actor);
    const me: User | undefined = users.find((u) => u.id === actor.userId);
    const byId = new Map(benefits.map((b) => [b.id, b]));
    const items: MyBenefit[] = [];
    for (const a of assignments) {
      const benefit = byId.get(a.benefitId);
      if (!me || a.userId !== me.id || !benefit) continue;
      const howToStart: HowToStart =
        benefit.kind === 'seats' ? 'signInVisualStudio'
        : benefit.kind === 'usageSubscription' ? 'manageInAzure'
        : benefit.kind === 'supportIncidents' ? (a.state === 'pendingActivation' ? 'supportPending' : 'supportActive')
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
    const byBenefit = groupByBenefit(assignments);
    const requestable: RequestableBenefit[] = benefits
      .filter((b) => b.kind === 'seats' && !(byBenefit.get(b.id) ?? []).some((a) => a.userId === me?.id))
      .map((b) => ({ benefitId: b.id, name: b.name, unit: 'seat' as const, free: b.quantity - (byBenefit.get(b.id)?.length ?? 0) }))
      .filter((r) => r.free > 0);
    return {
      displayName: me?.displayName ?? actor.displayName,
      organisationName: organisation.name,
      items,
      isMarketingContact: organisation.marketingContact !== null && organisation.marketingContact.userId === me?.id,
      requestable,
      globalAdmins: users.filter((u) => u.roles.includes('globalAdmin')).map((u) => u.displayName),
    };
  }
}
