import type { AssignmentState } from '../services/model';
import type { BenefitRef, PersonRef } from '../services/rules';
import type { Translator } from './i18n/translator';
import { jsonBytes, pack, pageOf } from './paging';
import type { CardAttachment } from './render';
import { resultLayout } from './result.card';

/** Holders a page lists at most, and about how many bytes of them (long names and addresses make pages shorter). */
export const HOLDERS_PER_PAGE = 50;
const HOLDERS_BUDGET = 16 * 1024;

export interface HoldersCardData {
  benefit: BenefitRef;
  holders: (PersonRef & { state: AssignmentState; note?: string | null })[];
  free: number;
}

/** R1.6: who holds a benefit, a page at a time, with how many seats are left. */
export function holdersCard(data: HoldersCardData, t: Translator, page = 0): CardAttachment {
  const { benefit, holders, free } = data;
  const name = t.text(benefit.name);
  const total =
    benefit.kind === 'seats'
      ? t.count('unit.seat', benefit.quantity)
      : String(holders.length + free);
  const facts = holders.map((h) => {
    const value =
      h.state === 'pendingActivation' ? `${h.email} (${t.t('details.pending')})` : h.email;
    return {
      title: h.displayName,
      value: h.note ? t.t('holders.withNote', { value, note: h.note }) : value,
    };
  });
  const shown = pageOf(pack(facts, HOLDERS_PER_PAGE, HOLDERS_BUDGET, jsonBytes), page);
  const to = (index: number) => ({ verb: 'benefits.holders', benefitId: benefit.id, page: index });
  return resultLayout({
    title: t.t('whoHas.title', { benefit: name }),
    color: 'Default',
    lines:
      holders.length === 0
        ? [t.t('whoHas.nobody', { benefit: name })]
        : shown.count > 1
          ? [t.t('whoHas.range', { first: shown.first, last: shown.last, total: shown.total })]
          : [],
    facts: [
      ...shown.items,
      { title: t.t('fact.left'), value: t.t('fact.leftValue', { free, total }) },
    ],
    buttons: [
      ...(shown.hasPrevious ? [{ title: t.t('page.previous'), data: to(shown.index - 1) }] : []),
      ...(shown.hasNext
        ? [
            {
              title: t.t('whoHas.more', { n: shown.total - shown.last }),
              data: to(shown.index + 1),
            },
          ]
        : []),
    ],
  });
}
