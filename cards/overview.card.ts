import type { OrganisationOverview } from '../services/benefits.service';
import type { Translator } from './i18n/translator';
import { summaryLine } from './format';
import { renderTemplate, type CardAttachment } from './render';
import template from './templates/overview.json';

/** R2: the five categories in order, each opening its list. */
export function overviewCard(
  overview: OrganisationOverview,
  t: Translator,
  personalChatUrl = '',
): CardAttachment {
  return renderTemplate('overview', template, {
    title: t.t('overview.title', { org: overview.organisationName }),
    subtitle: t.t('overview.subtitle', {
      package: overview.packageName,
      level: t.t(`level.${overview.level}`),
      date: t.date(overview.packageExpiresAt),
    }),
    categories: overview.categories.map((summary) => {
      const name = t.t(`category.${summary.category}`);
      return {
        id: summary.category,
        name,
        summary: summaryLine(summary, t),
        openLabel: t.t('overview.open', { category: name }),
      };
    }),
    hint: t.t('overview.hint'),
    personalChatUrl,
    personalChatLabel: t.t('scope.openPersonalChat'),
  });
}
