import { Template } from 'adaptivecards-templating';
import { LRUCache } from 'lru-cache';
import { literalCard } from './literal';

/** An Adaptive Card ready to attach to a message; the same shape botbuilder's CardFactory makes. */
export interface CardAttachment {
  contentType: 'application/vnd.microsoft.card.adaptive';
  content: Record<string, unknown>;
}

export const ADAPTIVE_CARD_CONTENT_TYPE = 'application/vnd.microsoft.card.adaptive';

const templates = new Map<string, Template>();

/**
 * Expanded cards by template and data: the same view (same organisation state, language and
 * audience) is expanded once, not on every turn. Expansion is the costly part of a turn.
 */
const expanded = new LRUCache<string, Record<string, unknown>>({ max: 1000 });

/** `cache: false` for cards holding secrets (keys): expanded every time, never kept in memory. */
export function renderTemplate(
  name: string,
  json: object,
  data: object,
  options: { cache: boolean } = { cache: true },
): CardAttachment {
  const key = options.cache ? `${name}\u0000${JSON.stringify(data)}` : undefined;
  let content = key ? expanded.get(key) : undefined;
  if (!content) {
    let template = templates.get(name);
    if (!template) templates.set(name, (template = new Template(json)));
    content = literalCard(template.expand({ $root: data }) as Record<string, unknown>);
    if (key) expanded.set(key, content);
  }
  return { contentType: ADAPTIVE_CARD_CONTENT_TYPE, content };
}
