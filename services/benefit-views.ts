import { daysBetween } from './clock';
import type {
  Assignment,
  AssignmentState,
  Benefit,
  BenefitId,
  BenefitKind,
  CategoryId,
  Link,
  LocalizedText,
  Organisation,
  PartnerLevel,
  ServiceRequest,
  User,
} from './model';

/** What a benefit is counted in. */
export type Unit = 'key' | 'license' | 'subscription' | 'seat' | 'incident' | 'hour' | 'offer';

export type BenefitState =
  | 'keysNotRevealed'
  | 'keysRevealed'
  | 'notActivated'
  | 'active'
  | 'noneAssigned'
  | 'partlyAssigned'
  | 'allAssigned'
  | 'noUserAssigned'
  | 'pendingActivation'
  | 'noneUsed'
  | 'partlyUsed'
  | 'allUsed'
  | 'offerAvailable'
  | 'offerUnavailable'
  | 'offerPending'
  | 'offerActive'
  | 'offerExpired';

/** What an admin can do next with a benefit, and where. */
export type NextStep =
  | 'getKeys'
  | 'downloadAndInstall'
  | 'assignYourself'
  | 'manageInAzurePortal'
  | 'getLicenseKeys'
  | 'assignSeats'
  | 'reassignSeats'
  | 'assignSupportUser'
  | 'waitForActivation'
  | 'openSupportIncident'
  | 'requestHours'
  | 'noHoursLeft'
  | 'assignMarketingContact'
  | 'activateOffer'
  | 'notEligible'
  | 'useUntilExpiry'
  | 'renewOffer';

export interface Holder {
  name: string;
  email: string;
  state: AssignmentState;
}

export interface BenefitView {
  id: BenefitId;
  category: CategoryId;
  kind: BenefitKind;
  name: LocalizedText;
  quantity: number;
  unit: Unit;
  /** Null where use is tracked by Microsoft's own portals, not here (keys, licences). */
  used: number | null;
  free: number | null;
  activated: boolean;
  state: BenefitState;
  /** Go-To-Market: when an active offer ends. */
  expiresAt: string | null;
  /** R7.1: the partner level an unavailable offer needs. */
  requiresLevel: PartnerLevel | null;
  instructions: LocalizedText;
  links: Link[];
  /** Who holds it; null where the audience may not see people (employees, shared conversations). */
  holders: Holder[] | null;
  nextStep: NextStep;
}

export const UNIT_OF: Record<BenefitKind, Unit> = {
  softwareKeys: 'key',
  usageSubscription: 'subscription',
  licenseKeys: 'license',
  seats: 'seat',
  supportIncidents: 'incident',
  hours: 'hour',
  offer: 'offer',
};

const LEVEL_RANK: Record<PartnerLevel, number> = { ActionPack: 0, Silver: 1, Gold: 2 };

export function qualifiesFor(
  organisation: Pick<Organisation, 'level'>,
  requiresLevel: PartnerLevel | null,
): boolean {
  return requiresLevel === null || LEVEL_RANK[organisation.level] >= LEVEL_RANK[requiresLevel];
}

interface ViewContext {
  organisation: Readonly<Organisation>;
  /** The benefit's own assignments (of the benefit viewed, in stored order). */
  held: readonly Assignment[];
  usersById: ReadonlyMap<string, User>;
  now: Date;
  showHolders: boolean;
  /** R6.4: the organisation's service requests; submitted hours requests count as used. */
  requests: readonly ServiceRequest[];
}

/** R6.4: hours that submitted requests hold on a benefit, derived from the requests themselves. */
export function reservedHours(requests: readonly ServiceRequest[], benefitId: BenefitId): number {
  return requests.reduce(
    (sum, r) =>
      r.kind === 'hours' && r.status === 'submitted' && r.benefitId === benefitId
        ? sum + (r.hours ?? 0)
        : sum,
    0,
  );
}

function seatsLike(quantity: number, holders: readonly Assignment[]) {
  const used = holders.length;
  const state: BenefitState =
    used === 0 ? 'noneAssigned' : used >= quantity ? 'allAssigned' : 'partlyAssigned';
  return { used, free: Math.max(0, quantity - used), state };
}

function usage(quantity: number, used: number) {
  const state: BenefitState = used === 0 ? 'noneUsed' : used >= quantity ? 'allUsed' : 'partlyUsed';
  return { used, free: Math.max(0, quantity - used), state };
}

type Derived = Pick<
  BenefitView,
  'used' | 'free' | 'activated' | 'state' | 'expiresAt' | 'requiresLevel' | 'nextStep'
>;

function derive(benefit: Benefit, holders: readonly Assignment[], ctx: ViewContext): Derived {
  const base = { expiresAt: null, requiresLevel: null };
  switch (benefit.kind) {
    case 'softwareKeys': {
      const revealed = benefit.keysRevealedAt !== null;
      return {
        ...base,
        used: null,
        free: null,
        activated: revealed,
        state: revealed ? 'keysRevealed' : 'keysNotRevealed',
        nextStep: revealed ? 'downloadAndInstall' : 'getKeys',
      };
    }
    case 'licenseKeys': {
      const revealed = benefit.keysRevealedAt !== null;
      return {
        ...base,
        used: null,
        free: null,
        activated: revealed,
        state: revealed ? 'keysRevealed' : 'keysNotRevealed',
        nextStep: 'getLicenseKeys',
      };
    }
    case 'usageSubscription': {
      const active = holders.length > 0;
      return {
        ...base,
        used: holders.length,
        free: Math.max(0, benefit.quantity - holders.length),
        activated: active,
        state: active ? 'active' : 'notActivated',
        nextStep: active ? 'manageInAzurePortal' : 'assignYourself',
      };
    }
    case 'seats': {
      const seats = seatsLike(benefit.quantity, holders);
      return {
        ...base,
        ...seats,
        activated: seats.used > 0,
        nextStep: seats.free > 0 ? 'assignSeats' : 'reassignSeats',
      };
    }
    case 'supportIncidents': {
      const { used, free } = usage(benefit.quantity, benefit.incidentsUsed);
      const holder = holders[0];
      const state: BenefitState = !holder
        ? 'noUserAssigned'
        : holder.state === 'pendingActivation'
          ? 'pendingActivation'
          : 'active';
      const nextStep: NextStep =
        state === 'noUserAssigned'
          ? 'assignSupportUser'
          : state === 'pendingActivation'
            ? 'waitForActivation'
            : 'openSupportIncident';
      return { ...base, used, free, activated: state === 'active', state, nextStep };
    }
    case 'hours': {
      const hours = usage(
        benefit.quantity,
        benefit.hoursUsed + reservedHours(ctx.requests, benefit.id),
      );
      return {
        ...base,
        ...hours,
        activated: hours.used > 0,
        nextStep: hours.free > 0 ? 'requestHours' : 'noHoursLeft',
      };
    }
    case 'offer': {
      const eligible = qualifiesFor(ctx.organisation, benefit.requiresLevel);
      const expired =
        benefit.status === 'active' &&
        benefit.expiresAt !== null &&
        daysBetween(ctx.now, new Date(benefit.expiresAt)) < 0;
      const requiresLevel = eligible ? null : benefit.requiresLevel;
      if (!eligible)
        return {
          used: 0,
          free: 0,
          activated: false,
          state: 'offerUnavailable',
          expiresAt: null,
          requiresLevel,
          nextStep: 'notEligible',
        };
      if (expired)
        return {
          used: 1,
          free: 0,
          activated: false,
          state: 'offerExpired',
          expiresAt: benefit.expiresAt,
          requiresLevel,
          nextStep: 'renewOffer',
        };
      if (benefit.status === 'active')
        return {
          used: 1,
          free: 0,
          activated: true,
          state: 'offerActive',
          expiresAt: benefit.expiresAt,
          requiresLevel,
          nextStep: 'useUntilExpiry',
        };
      if (benefit.status === 'pending')
        return {
          used: 1,
          free: 0,
          activated: false,
          state: 'offerPending',
          expiresAt: null,
          requiresLevel,
          nextStep: 'waitForActivation',
        };
      const nextStep: NextStep = ctx.organisation.marketingContact
        ? 'activateOffer'
        : 'assignMarketingContact';
      return {
        used: 0,
        free: 1,
        activated: false,
        state: 'offerAvailable',
        expiresAt: null,
        requiresLevel,
        nextStep,
      };
    }
  }
}

export function benefitView(benefit: Benefit, ctx: ViewContext): BenefitView {
  const { held } = ctx;
  const assignable =
    benefit.kind === 'seats' ||
    benefit.kind === 'supportIncidents' ||
    benefit.kind === 'usageSubscription';
  const holders =
    ctx.showHolders && assignable
      ? held.map((a) => {
          const user = ctx.usersById.get(a.userId);
          return { name: user?.displayName ?? a.userId, email: user?.email ?? '', state: a.state };
        })
      : null;
  return {
    id: benefit.id,
    category: benefit.category,
    kind: benefit.kind,
    name: benefit.name,
    quantity: benefit.quantity,
    unit: UNIT_OF[benefit.kind],
    instructions: benefit.instructions,
    links: benefit.links,
    holders,
    ...derive(benefit, held, ctx),
  };
}

export interface UnitTotal {
  unit: Unit;
  quantity: number;
  /** Null where use is not tracked here. */
  used: number | null;
}

export interface CategorySummary {
  category: CategoryId;
  benefitCount: number;
  activatedCount: number;
  totals: UnitTotal[];
  /** Go-To-Market: offers the organisation qualifies for and has not yet activated. */
  availableCount: number;
}

export function summarise(category: CategoryId, views: readonly BenefitView[]): CategorySummary {
  const inCategory = views.filter((v) => v.category === category);
  const totals: UnitTotal[] = [];
  for (const view of inCategory) {
    let total = totals.find((t) => t.unit === view.unit);
    if (!total)
      totals.push((total = { unit: view.unit, quantity: 0, used: view.used === null ? null : 0 }));
    total.quantity += view.quantity;
    if (total.used !== null && view.used !== null) total.used += view.used;
  }
  return {
    category,
    benefitCount: inCategory.length,
    activatedCount: inCategory.filter((v) => v.activated).length,
    totals,
    availableCount: inCategory.filter((v) => v.state === 'offerAvailable').length,
  };
}
