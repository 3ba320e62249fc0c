import type { Translator } from './i18n/translator';
import { renderTemplate, type CardAttachment } from './render';
import template from './templates/notice.json';

/** Why an answer is not given where it was asked, and where to continue ('' when there is no personal chat to link to). */
export interface NoticeView {
  /** 'benefits': a shared chat shows no one's benefits; 'keys': keys are shown only in a personal chat. */
  personalChatOnly: 'benefits' | 'keys';
  personalChatUrl: string;
}

/** A sentence with, when a personal chat can be opened, one button to continue there. */
export function noticeCard(view: NoticeView, t: Translator): CardAttachment {
  const keys = view.personalChatOnly === 'keys';
  return renderTemplate('notice', template, {
    text: t.t(keys ? 'error.KEYS.PERSONAL_CHAT_ONLY' : 'scope.personalChatOnly'),
    label: view.personalChatUrl
      ? t.t(keys ? 'keys.openPersonalChat' : 'scope.openPersonalChat')
      : '',
    url: view.personalChatUrl,
  });
}
