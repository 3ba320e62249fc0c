import { renderTemplate, type CardAttachment } from './render';
import template from './templates/notice.json';

/** A sentence with, optionally, one link button (for example to continue in a personal chat). */
export function noticeCard(
  text: string,
  link: { label: string; url: string } | null,
): CardAttachment {
  return renderTemplate('notice', template, {
    text,
    label: link?.label ?? '',
    url: link?.url ?? '',
  });
}
