import type { CategoryList } from '../services/benefits.service';
import { MARKETING_LANGUAGES } from '../services/go-to-market.service';
import type { Translator } from './i18n/translator';
import { benefitFacts, readablePhone, stateColor, summaryLine } from './format';
import { renderTemplate, type CardAttachment } from './render';
import template from './templates/category-list.json';

/** R7.2: who the company marketing contact is, on the Go-To-Market list. */
function contactLine(list: CategoryList, t: Translator): string {
  const contact = list.marketingContact;
  if (contact === undefined) return '';
  if (contact === null) return t.t('contact.none');
  const language = MARKETING_LANGUAGES.find((l) => l.code === contact.language);
  return t.t('contact.current', { name: contact.name, email: contact.email, phone: readablePhone(contact.phone), language: language ? t.text(language.name) : contact.language });
}

/** One category's benefits; each row expands in place to its details (R2). */
export function categoryListCard(list: CategoryList, t: Translator, personalChatUrl = ''): CardAttachment {
  return renderTemplate('category-list', template, {
    title: t.t(`category.${list.category}`),
    subtitle: t.t('list.subtitle', { org: list.organisationName, summary: summaryLine(list.summary, t) }),
    empty: list.benefits.length === 0 ? t.t('list.empty') : '',
    contact: contactLine(list, t),
    rows: list.benefits.map((view) => {
      const name = t.text(view.name);
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
        holders: (view.holders ?? []).map((h) => ({
          name: h.name,
          detail: h.state === 'pendingActivation' ? `${h.email} (${t.t('details.pending')})` : h.email,
        })),
        nextLabel: t.t('details.next'),
        next: t.t(`next.${view.nextStep}`, { benefit: name }),
        links: view.links.map((link) => ({ title: t.text(link.title), url: link.url })),
      };
    }),
    backLabel: t.t('list.back'),
    personalChatUrl,
    personalChatLabel: t.t('scope.openPersonalChat'),
  });
}
