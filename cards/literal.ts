/**
 * Teams renders a message's text, and an Adaptive Card's TextBlocks and facts, as Markdown. Nothing
 * the bot shows is meant as Markdown (the catalogue has none), so everything shown there is made
 * literal: a name such as "[Sign in again](https://evil.example)" or "**Urgent**" reads as typed
 * instead of becoming a link or bold text. Mentions (<at>…</at>) are left as they are, for Teams
 * needs them, and so are web addresses, which must keep working as links: but only an address made
 * of a host and the characters addresses have (never a backslash, bracket, parenthesis, asterisk,
 * tilde or backtick), so an address can neither end in a backslash that cancels the escape of
 * what follows it, nor carry Markdown of its own.
 */
export function literal(text: string): string {
  const inline = text
    .split(
      /(<at>[^<]*<\/at>|(?<=^|[\s(])https?:\/\/[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+(?::\d+)?(?:[/?#][A-Za-z0-9\-._:/?#@!$&'+,;=%]*)?)/u,
    )
    .map((part, i) => (i % 2 === 1 ? part : escapeInline(part)))
    .join('');
  return escapeLineStarts(inline);
}

/**
 * Every character that can start or end Markdown inline is escaped wherever it stands (\\ ` * _ [ ] ~ |,
 * < before a tag or address, & before an entity). A backslash before any ASCII punctuation is
 * CommonMark's own way to show that character as itself.
 */
function escapeInline(text: string): string {
  return text
    .replace(/[\\`*_[\]~|]/g, '\\$&')
    .replace(/<(?=[A-Za-z/!?])/g, '\\<')
    .replace(/&(?=#?[A-Za-z0-9]+;)/g, '\\&');
}

/**
 * What means something only at a line's start (headings, quotes, lists, breaks, setext underlines) is
 * escaped there, and a line's leading white space, which would make it code (where escapes show as
 * typed), is dropped.
 */
function escapeLineStarts(text: string): string {
  return text
    .replace(/^[ \t]+/gm, '')
    .replace(/^(#{1,6})(?=[ \t]|$)/gm, '\\$1')
    .replace(/^>/gm, '\\>')
    .replace(/^([-+])(?=[ \t]|$)/gm, '\\$1')
    .replace(/^([=-])(?=[=\- \t]*$)/gm, '\\$1')
    .replace(/^(\d{1,9})([.)])(?=[ \t]|$)/gm, '$1\\$2');
}

type Json = unknown;

/** The card with every TextBlock's text and every fact made literal (a new object; the input is untouched). */
export function literalCard<T extends Json>(card: T): T {
  return walk(card) as T;
}

function walk(node: Json): Json {
  if (Array.isArray(node)) return node.map(walk);
  if (!node || typeof node !== 'object') return node;
  const entries = Object.entries(node as Record<string, Json>).map(
    ([k, v]) => [k, walk(v)] as const,
  );
  const out = Object.fromEntries(entries) as Record<string, Json>;
  if (out.type === 'TextBlock' && typeof out.text === 'string') out.text = literal(out.text);
  if (out.type === 'FactSet' && Array.isArray(out.facts)) {
    out.facts = out.facts.map((fact: Json) => {
      if (!fact || typeof fact !== 'object') return fact;
      const f = fact as Record<string, Json>;
      return {
        ...f,
        ...(typeof f.title === 'string' ? { title: literal(f.title) } : {}),
        ...(typeof f.value === 'string' ? { value: literal(f.value) } : {}),
      };
    });
  }
  return out;
}
