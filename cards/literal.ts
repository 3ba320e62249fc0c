/**
 * Teams renders a message's text, and an Adaptive Card's TextBlocks and facts, as Markdown. Nothing
 * the bot shows is meant as Markdown (the catalogue has none), so everything shown there is made
 * literal: a name such as "[Sign in again](https://evil.example)" or "**Urgent**" reads as typed
 * instead of becoming a link or bold text. Mentions (<at>…</at>) and web addresses are left as they
 * are: Teams needs the one, and the other must keep working as a link.
 */
export function literal(text: string): string {
  return text
    .split(/(<at>[^<]*<\/at>|https?:\/\/[^\s<>()[\]]+)/)
    .map((part, i) => (i % 2 === 1 ? part : escapeMarkdown(part)))
    .join('');
}

function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]~]/g, '\\$&').replace(/^(\s*)(#|>|[-+](?=\s)|\d+(?=[.)]\s))/gm, '$1\\$2');
}

type Json = unknown;

/** The card with every TextBlock's text and every fact made literal (a new object; the input is untouched). */
export function literalCard<T extends Json>(card: T): T {
  return walk(card) as T;
}

function walk(node: Json): Json {
  if (Array.isArray(node)) return node.map(walk);
  if (!node || typeof node !== 'object') return node;
  const entries = Object.entries(node as Record<string, Json>).map(([k, v]) => [k, walk(v)] as const);
  const out = Object.fromEntries(entries) as Record<string, Json>;
  if (out.type === 'TextBlock' && typeof out.text === 'string') out.text = literal(out.text);
  if (out.type === 'FactSet' && Array.isArray(out.facts)) {
    out.facts = out.facts.map((fact: Json) => {
      if (!fact || typeof fact !== 'object') return fact;
      const f = fact as Record<string, Json>;
      return { ...f, ...(typeof f.title === 'string' ? { title: literal(f.title) } : {}), ...(typeof f.value === 'string' ? { value: literal(f.value) } : {}) };
    });
  }
  return out;
}
