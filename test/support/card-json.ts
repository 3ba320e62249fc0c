import type { Activity } from 'botbuilder';
import { en } from '../../cards/i18n/en';
import { ja } from '../../cards/i18n/ja';

/**
 * Reading what the bot sends, the same way in every test: cards as JSON, the sentences they
 * should hold (built from the message catalogue, independently of the bot's translator), and
 * what a product key looks like.
 */

/** A JSON object, as cards and activities are read in tests. */
export type Json = Record<string, unknown>;

export const isJson = (v: unknown): v is Json =>
  typeof v === 'object' && v !== null && !Array.isArray(v);

export const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

/** Every object in a card, depth first in document order. */
export function nodes(value: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(value)) for (const v of value) nodes(v, out);
  else if (isJson(value)) {
    out.push(value);
    for (const v of Object.values(value)) nodes(v, out);
  }
  return out;
}

// ---- sentences ----

export type Lang = 'en' | 'ja';
export type MessageKey = keyof typeof en;
export const CATALOGUES: Record<Lang, Record<MessageKey, string>> = { en, ja };

/** A template with its {placeholders} filled; a placeholder not given stays as written. */
export function fill(template: string, params: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** A catalogue sentence with its {placeholders} filled. */
export function msg(
  lang: Lang,
  key: MessageKey,
  params: Record<string, string | number> = {},
): string {
  const template = CATALOGUES[lang][key] as string | undefined;
  if (template === undefined) throw new Error(`no message ${key} in ${lang}`);
  return fill(template, params);
}

const escape = (text: string) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** A pattern for these texts in this order, anything between them. */
export const inOrder = (...parts: string[]) => new RegExp(parts.map(escape).join('[\\s\\S]*'));

/** A product key (XXXXX-XXXXX-XXXXX-XXXXX-XXXXX) anywhere in a text; `text.match(KEY)` gives them all. */
export const KEY = /\b[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}\b/g;

// ---- cards ----

/** The sentences of a card (its TextBlocks), in order. */
export const texts = (card: Json) =>
  nodes(card)
    .filter((n) => n.type === 'TextBlock')
    .map((n) => String(n.text));
/** A card's first sentence: its title. */
export const titleOf = (card: Json) => texts(card)[0] ?? '';
/** Every [title, value] of a card's FactSets. */
export const facts = (card: Json) =>
  nodes(card)
    .filter((n) => n.type === 'FactSet')
    .flatMap((f) => (f.facts as Json[]).map((fact) => [String(fact.title), String(fact.value)]));

/** The action with this title anywhere in the card (actions, action sets, select actions), or undefined. */
export function findAction(card: Json, title: string): Json | undefined {
  return nodes(card).find(
    (n) => typeof n.type === 'string' && n.type.startsWith('Action.') && n.title === title,
  );
}

/** The action with this title anywhere in the card; throws naming the actions there are when there is none. */
export function action(card: Json, title: string): Json {
  const found = findAction(card, title);
  if (!found)
    throw new Error(
      `no action "${title}" among: ${nodes(card)
        .filter((n) => typeof n.title === 'string' && String(n.type).startsWith('Action.'))
        .map((n) => String(n.title))
        .join(' | ')}`,
    );
  return found;
}

/** The one Adaptive Card of a reply over HTTP that must be exactly one message with exactly one card. */
export function onlyCard(replies: readonly { activity: Partial<Activity> }[]): Json {
  expect(replies).toHaveLength(1);
  const attachments = replies[0]?.activity.attachments ?? [];
  expect(attachments).toHaveLength(1);
  expect(attachments[0]?.contentType).toBe(ADAPTIVE);
  const content: unknown = attachments[0]?.content;
  if (!isJson(content)) throw new Error('the attachment has no card content');
  expect(content.type).toBe('AdaptiveCard');
  return content;
}

/** A card (such as the one an Action.Execute press answered with) as a list of replies, for readable() and cardOf(). */
export const asReplies = (card: Json): Partial<Activity>[] => [
  { attachments: [{ contentType: ADAPTIVE, content: card }] },
];

/** The first Adaptive Card among replies over HTTP (whatever else they hold). */
export function firstCardIn(
  replies: readonly { activity: { text?: unknown; attachments?: { content?: unknown }[] } }[],
): Json {
  const content = replies
    .flatMap((r) => r.activity.attachments ?? [])
    .map((a) => a.content)
    .find(isJson);
  if (!content)
    throw new Error(`no card among ${JSON.stringify(replies.map((r) => r.activity.text))}`);
  return content;
}
