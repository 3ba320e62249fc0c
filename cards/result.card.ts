import type { StateColor } from './format';
import { renderTemplate, type CardAttachment } from './render';
import template from './templates/result.json';

export interface ResultCardData {
  title: string;
  color: StateColor;
  lines: string[];
  facts: { title: string; value: string }[];
  links: { title: string; url: string }[];
}

/** What a change did (or why it did not happen), replacing its confirmation card. */
export function resultCard(data: ResultCardData): CardAttachment {
  return renderTemplate('result', template, { ...data, lines: data.lines.map((line) => ({ line })) });
}
