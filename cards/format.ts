import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { BenefitState, BenefitView, CategorySummary } from '../services/benefit-views';
import type { PersonRef } from '../services/rules';
import type { Translator } from './i18n/translator';

/** Adaptive Card text colours for a state: good news, waiting, or a problem. */
export type StateColor = 'Default' | 'Good' | 'Warning' | 'Attention';

const COLORS: Partial<Record<BenefitState, StateColor>> = {
  keysRevealed: 'Good',
  active: 'Good',
  allAssigned: 'Good',
  offerActive: 'Good',
  pendingActivation: 'Warning',
  offerPending: 'Warning',
  allUsed: 'Warning',
  offerUnavailable: 'Attention',
  offerExpired: 'Attention',
};

export function stateColor(state: BenefitState): StateColor {
  return COLORS[state] ?? 'Default';
}

/** One line that says what a category holds and how much of it is used. */
export function summaryLine(summary: CategorySummary, t: Translator): string {
  if (summary.benefitCount === 0) return t.t('summary.empty');
  const parts: string[] = [];
  if (summary.category === 'goToMarket') {
    parts.push(t.count('unit.offer', summary.benefitCount));
    parts.push(
      t.t('summary.offersAvailable', {
        available: summary.availableCount,
        active: summary.activatedCount,
      }),
    );
    return parts.join(' · ');
  }
  const tracked = summary.totals.filter((total) => total.used !== null);
  for (const total of summary.totals) parts.push(t.count(`unit.${total.unit}`, total.quantity));
  if (tracked.length === summary.totals.length) {
    const used = tracked.reduce((n, total) => n + (total.used ?? 0), 0);
    const quantity = tracked.reduce((n, total) => n + total.quantity, 0);
    if (summary.totals.length === 1)
      parts.push(t.t('summary.usedFree', { used, free: quantity - used }));
    else
      parts.push(
        t.t('summary.activated', {
          activated: summary.activatedCount,
          count: summary.benefitCount,
        }),
      );
  } else {
    parts.push(
      t.t('summary.activated', { activated: summary.activatedCount, count: summary.benefitCount }),
    );
  }
  return parts.join(' · ');
}

/** The quantity line of one benefit's row: how many, how many used and free, or when it expires. */
export function benefitFacts(view: BenefitView, t: Translator): string {
  const parts = [view.kind === 'offer' ? '' : t.count(`unit.${view.unit}`, view.quantity)];
  if (view.kind !== 'offer' && view.used !== null && view.free !== null)
    parts.push(t.t('summary.usedFree', { used: view.used, free: view.free }));
  if (view.expiresAt) parts.push(t.t('list.expires', { date: t.date(view.expiresAt) }));
  if (view.requiresLevel)
    parts.push(t.t('list.needsLevel', { level: t.t(`level.${view.requiresLevel}`) }));
  return parts.filter(Boolean).join(' · ');
}

/** A stored E.164 number as people read it: "+81 3 1234 5678". */
export function readablePhone(e164: string): string {
  return parsePhoneNumberFromString(e164)?.formatInternational() ?? e164;
}

/** A person as a card names them: with their email in a private chat, by name alone where everyone reads it. */
export function personLabel(person: PersonRef, shared: boolean): string {
  return shared ? person.displayName : `${person.displayName} (${person.email})`;
}
