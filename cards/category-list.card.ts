import type { CategoryList } from '../services/benefits.service';
import { MARKETING_LANGUAGES } from '../services/go-to-market.service';
import type { Translator } from './i18n/translator';
import { benefitFacts, readablePhone, stateColor, summaryLine } from './format';
import { firstOf, jsonBytes, pack, pageOf } from './paging';
import { renderTemplate, type CardAttachment } from './render';
import template from './templates/category-list.json';

/** R7.2: who the company marketing contact is, on the Go-To-Market list. */
function contactLine(list: CategoryList, t: Translator): string {
  const contact = list.marketingContact;
  if (contact === undefined) return '';
  if (contact === null) return t.t('contact.none');
  const language = MARKETING_LANGUAGES.find((l) => l.code === contact.language);
  return t.t('contact.current', {
    name: contact.name,
    email: contact.email,
    phone: readablePhone(contact.phone),
    language: language ? t.text(language.name) : contact.language,
  });
}

/** Holders a row lists before "and N more" and the button to all of them. */
export const HOLDERS_PER_ROW = 10;
/** Benefits a page of the list shows at most, and about how many bytes of rows it holds. */
export const ROWS_PER_PAGE = 15;
const ROWS_BUDGET = 20 * 1024;
/** What one row's markup (columns, toggles, labels) adds to its text, in bytes. */
const ROW_MARKUP = 800;

/** One category's benefits, a page at a time; each row expands in place to its details (R2). */
export function categoryListCard(
  list: CategoryList,
  t: Translator,
  personalChatUrl = '',
  page = 0,
): CardAttachment {
  const rows = list.benefits.map((view) => {
    const name = t.text(view.name);
    const holders = view.holders ?? [];
    const { shown, more } = firstOf(holders, HOLDERS_PER_ROW);
    return {
      id: view.id,
      name,
      facts: benefitFacts(view, t),
      state: t.t(`state.${view.state}`),
      stateColor: stateColor(view.state),
      detailsLabel: t.t('list.details', { name }),
      instructionsLabel: t.t('details.instructions'),
      instructions: t.text(view.instructions),
      showHolders: view.holders !== null,
      holdersLabel: t.t('details.holders'),
      noHolders: t.t('details.noHolders'),
      holders: shown.map((h) => ({
        name: h.name,
        detail:
          h.state === 'pendingActivation' ? `${h.email} (${t.t('details.pending')})` : h.email,
      })),
      // The rest are a button away: the holders' own pages (admins in a personal chat only, like the names here).
      moreHolders: more > 0 ? t.t('list.moreHolders', { n: more }) : '',
      allHoldersLabel: more > 0 ? t.t('list.allHolders', { total: holders.length }) : '',
      allHoldersData: more > 0 ? { verb: 'benefits.holders', benefitId: view.id, page: 0 } : {},
      nextLabel: t.t('details.next'),
      next: t.t(`next.${view.nextStep}`, { benefit: name }),
      links: view.links.map((link) => ({ title: t.text(link.title), url: link.url })),
    };
  });
  const shown = pageOf(
    pack(rows, ROWS_PER_PAGE, ROWS_BUDGET, (row) => ROW_MARKUP + jsonBytes(row)),
    page,
  );
  const to = (index: number) => ({
    verb: 'benefits.category',
    category: list.category,
    page: index,
  });
  return renderTemplate('category-list', template, {
    title: t.t(`category.${list.category}`),
    subtitle: t.t('list.subtitle', {
      org: list.organisationName,
      summary: summaryLine(list.summary, t),
    }),
    empty: list.benefits.length === 0 ? t.t('list.empty') : '',
    contact: contactLine(list, t),
    rows: shown.items,
    range:
      shown.count > 1
        ? t.t('list.range', {
            first: shown.first,
            last: shown.last,
            total: shown.total,
            page: shown.index + 1,
            pages: shown.count,
          })
        : '',
    pagePreviousLabel: shown.hasPrevious ? t.t('page.previous') : '',
    pagePreviousData: to(shown.index - 1),
    pageNextLabel: shown.hasNext ? t.t('page.next') : '',
    pageNextData: to(shown.index + 1),
    backLabel: t.t('list.back'),
    personalChatUrl,
    personalChatLabel: t.t('scope.openPersonalChat'),
  });
}
