import type { MyBenefit, MyBenefits } from '../services/benefits.service';
import type { Translator } from './i18n/translator';
import { stateColor } from './format';
import { renderTemplate, type CardAttachment } from './render';
import template from './templates/my-benefits.json';

function howToStart(item: MyBenefit, t: Translator): string {
  const emails = t.list([item.email, ...(item.alternativeEmail ? [item.alternativeEmail] : [])]);
  return t.t(`mine.start.${item.howToStart}`, { email: item.email, emails });
}

/** What nobody has yet assigned to this person, and whom to ask. */
export function nothingAssignedText(mine: MyBenefits, t: Translator): string {
  const sentences = [t.t('mine.none', { name: mine.displayName })];
  if (mine.requestable.length === 0) {
    sentences.push(t.t('mine.nothingFree'));
  } else {
    const list = t.list(
      mine.requestable.map((r) =>
        t.t('mine.requestable', { name: t.text(r.name), free: t.count('mine.free', r.free) }),
      ),
    );
    sentences.push(
      mine.globalAdmins.length > 0
        ? t.t('mine.couldAsk', { admins: t.list(mine.globalAdmins), list })
        : t.t('mine.couldAskNoAdmin', { list }),
    );
  }
  return sentences.join(' ');
}

/** Every benefit assigned to the person, with its state and how to start using it. */
export function myBenefitsCard(mine: MyBenefits, t: Translator, notice = ''): CardAttachment {
  return renderTemplate('my-benefits', template, {
    notice,
    title: t.t('mine.title', { name: mine.displayName }),
    subtitle: t.t('mine.subtitle', { org: mine.organisationName }),
    empty: mine.items.length === 0 ? nothingAssignedText(mine, t) : '',
    marketingContact: mine.isMarketingContact ? t.t('mine.marketingContact') : '',
    items: mine.items.map((item) => ({
      name: t.text(item.name),
      facts: `${t.t(`category.${item.category}`)} · ${t.t('mine.assignedOn', { date: t.date(item.assignedAt) })}`,
      state: t.t(`state.${item.state}`),
      stateColor: stateColor(item.state),
      howToStart: howToStart(item, t),
      linkTitle: item.link ? t.text(item.link.title) : '',
      linkUrl: item.link?.url ?? '',
    })),
  });
}
