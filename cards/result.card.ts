import type { StateColor } from './format';
import { renderTemplate, type CardAttachment } from './render';
import template from './templates/result.json';

export interface ResultCardData {
  title: string;
  color: StateColor;
  lines: string[];
  facts: { title: string; value: string }[];
  links: { title: string; url: string }[];
  /** Card buttons (a verb and ids, as bot/verbs.ts accepts them), after the links: "Next", "Previous". */
  buttons?: { title: string; data: Record<string, unknown> }[];
}

/** What a change did (or why it did not happen), replacing its confirmation card. */
export function resultCard(data: ResultCardData): CardAttachment {
  return renderTemplate('result', template, {
    ...data,
    lines: data.lines.map((line) => ({ line })),
    buttons: data.buttons ?? [],
  });
}
