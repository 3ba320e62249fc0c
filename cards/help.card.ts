import type { LanguageCode } from '../services/model';
import type { MessageKey, Translator } from './i18n/translator';
import { renderTemplate, type CardAttachment } from './render';
import template from './templates/help.json';

export interface HelpCardData {
  /** Who is asking, for the "signed in as" line; omitted where people are not shown. */
  signedInAs: { name: string; roleKey: MessageKey; org: string } | null;
  isAdmin: boolean;
  shared: boolean;
}

const SWITCH_TO: Record<LanguageCode, LanguageCode> = { en: 'ja', ja: 'en' };

/** The first request quoted in an example line: '"show benefits"' or 「特典を表示」. */
function firstRequest(say: string): string {
  const quoted = /"([^"]+)"|「([^」]+)」/.exec(say);
  return (quoted?.[1] ?? quoted?.[2] ?? '').trim();
}

/** What this person can ask, for their role and where they are asking; each example can be clicked. */
export function helpCard(data: HelpCardData, t: Translator): CardAttachment {
  const examples: { say: MessageKey; does: MessageKey }[] = [];
  if (data.shared) examples.push({ say: 'help.say.mention', does: 'help.showBenefits' });
  else if (data.isAdmin) {
    examples.push(
      { say: 'help.say.showBenefits', does: 'help.showBenefits' },
      { say: 'help.say.showCategory', does: 'help.showCategory' },
    );
    examples.push(
      { say: 'help.say.assign', does: 'help.assign' },
      { say: 'help.say.whoHas', does: 'help.whoHas' },
      { say: 'help.say.keys', does: 'help.keys' },
      { say: 'help.say.requests', does: 'help.requests' },
      { say: 'help.say.admin', does: 'help.admin' },
      { say: 'help.say.export', does: 'help.export' },
      { say: 'help.say.notify', does: 'help.notify' },
      { say: 'help.say.whoLeft', does: 'help.whoLeft' },
    );
  }
  if (!data.shared) examples.push({ say: 'help.say.myBenefits', does: 'help.myBenefits' });
  if (!data.shared && !data.isAdmin) examples.push({ say: 'help.say.ask', does: 'help.ask' });
  examples.push({ say: 'help.say.language', does: 'help.language' });

  const buttons: { title: string; data: Record<string, string> }[] = [];
  if (data.isAdmin || data.shared)
    buttons.push({ title: t.t('help.button.showBenefits'), data: { verb: 'benefits.overview' } });
  if (!data.shared)
    buttons.push({ title: t.t('help.button.myBenefits'), data: { verb: 'benefits.mine' } });
  buttons.push({
    title: t.t('help.button.switchLanguage'),
    data: { verb: 'language.set', language: SWITCH_TO[t.lang] },
  });

  const who = data.signedInAs;
  return renderTemplate('help', template, {
    title: t.t('help.title'),
    signedInAs: who
      ? t.t('help.signedInAs', { name: who.name, role: t.t(who.roleKey), org: who.org })
      : '',
    // Each example is a button that sends its first request, as if typed (not in a shared
    // conversation: there the bot hears only messages that mention it).
    examples: examples.map((e) => {
      const say = t.t(e.say);
      return { say, does: t.t(e.does), try: data.shared ? '' : firstRequest(say) };
    }),
    note: data.shared ? t.t('help.sharedNote') : data.isAdmin ? '' : t.t('help.employeeNote'),
    buttons,
  });
}
