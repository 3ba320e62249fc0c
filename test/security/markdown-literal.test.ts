import { randomUUID } from 'node:crypto';
import type { Activity } from 'botbuilder';
import fc from 'fast-check';
import MarkdownIt from 'markdown-it';
type Token = ReturnType<InstanceType<typeof MarkdownIt>['parse']>[number];
import { literal, literalCard } from '../../cards/literal';
import { AssignmentService } from '../../services/assignment.service';
import { pinnedClock } from '../../services/clock';
import { botHarness, cardOf } from '../support/bot-harness';
import { isJson, nodes, type Json } from '../support/card-json';
import { people } from '../support/people';
import { actorIn } from '../support/service-test';
import { NOW } from '../support/temp-store';

/**
 * What people typed shows literally wherever Teams renders Markdown, proved with a CommonMark
 * renderer (markdown-it, with bare addresses turned into links as Teams does) rather than by
 * looking for hand-picked strings: the rendered text is the typed text, nothing is emphasised,
 * quoted, listed or made a heading, and the only links are addresses shown as themselves.
 */
const md = new MarkdownIt('default', { html: false, linkify: true });

const ATTACK =
  'https://a.b\\[Sign in again https://login.microsoftonline.com\\](https://evil.example/phish)';

/** Why the Markdown of `source` does not read as `typed`, or undefined when it does. */
function notLiteral(typed: string, source: string): string | undefined {
  const shown: string[] = [];
  const walk = (tokens: Token[]): string | undefined => {
    for (let i = 0; i < tokens.length; i++) {
      const token = tokens[i] as Token;
      switch (token.type) {
        case 'paragraph_open':
        case 'paragraph_close':
        case 'link_close':
          break;
        case 'inline': {
          const inner = walk(token.children ?? []);
          if (inner) return inner;
          shown.push(' ');
          break;
        }
        case 'text':
        case 'code_block':
          shown.push(token.content);
          break;
        case 'softbreak':
        case 'hardbreak':
          shown.push(' ');
          break;
        case 'link_open': {
          // A link is fine only where an address is shown as itself.
          const shownText = tokens[i + 1]?.type === 'text' ? tokens[i + 1]?.content : undefined;
          const href = token.attrGet('href') ?? '';
          const target = md.normalizeLinkText(String(href)).toLowerCase();
          const text = shownText?.toLowerCase();
          if (
            token.markup !== 'linkify' ||
            text === undefined ||
            !(target === text || target === `http://${text}` || target === `mailto:${text}`)
          )
            return `a link to ${href} shown as ${JSON.stringify(text)}`;
          // An address is taken as written, up to the next space: the escape of punctuation typed right
          // after it (a backslash) shows inside the link, which still goes where it says.
          shown.push((shownText ?? '').replace(/\\([!-/:-@[-`{-~])|\\$/g, '$1'));
          i += 1;
          break;
        }
        default:
          return `Markdown ${token.type}`;
      }
    }
    return undefined;
  };
  const problem = walk(md.parse(source, {}));
  if (problem) return problem;
  const squash = (s: string) => s.replace(/\s+/g, ' ').trim();
  return squash(shown.join('')) === squash(typed)
    ? undefined
    : `shown as ${JSON.stringify(squash(shown.join('')))}`;
}

const PIECES = [
  '\\',
  '[',
  ']',
  '(',
  ')',
  '!',
  '*',
  '_',
  '~',
  '`',
  '|',
  '<',
  '>',
  '&',
  '&amp;',
  '&#x41;',
  '#',
  '-',
  '+',
  '=',
  '1.',
  '2)',
  ':',
  ' ',
  '  ',
  '\n',
  '\t',
  '    ',
  'https://',
  'evil.example',
  'login.microsoftonline.com',
  '/phish',
  'www.',
  '.com',
  'Sign in',
  'a',
  'Nina',
  '田中',
  '<at>',
  '</at>',
  '<b>',
  'http://x.y/a_b_c',
  'mailto:',
  '@',
  '---',
  '***',
  '===',
];

describe('Markdown escaping cannot be undone', () => {
  test('the reported name, a link dressed as a Microsoft sign-in, reads as typed', () => {
    expect(notLiteral(ATTACK, literal(ATTACK))).toBeUndefined();
    // Before: addresses were left unescaped, so the trailing backslash of "https://a.b\" cancelled the next escape.
    expect(notLiteral(ATTACK, ATTACK)).toBeDefined();
  });

  test("fuzzed names made of Markdown's own characters, addresses and text read as typed (fast-check)", () => {
    const typed = fc
      .oneof(
        fc.array(fc.constantFrom(...PIECES), { maxLength: 24 }).map((parts) => parts.join('')),
        fc.string({ maxLength: 40 }),
        fc.string({
          unit: fc.constantFrom(...'\\[]()!*_~`|<>&#-+=:/.ahtps 1\n'.split('')),
          maxLength: 40,
        }),
      )
      .filter((text) => !text.includes('<at>'));
    fc.assert(
      fc.property(typed, (text) => {
        expect(notLiteral(text, literal(text))).toBeUndefined();
      }),
      { numRuns: 3000 },
    );
  });

  test('addresses made of the usual characters are left as they are, so they still become links', () => {
    for (const url of [
      'https://partner.microsoft.com/dashboard/benefits',
      'https://my.visualstudio.com/?wa=wsignin1.0&x=1',
      'https://portal.azure.com/#home',
    ])
      expect(literal(`Open ${url} now`)).toBe(`Open ${url} now`);
  });

  test('mentions are left for Teams', () => {
    expect(literal('Hello <at>Ana Bowman</at>, *welcome*')).toBe(
      'Hello <at>Ana Bowman</at>, \\*welcome\\*',
    );
  });

  test("a card's TextBlocks and facts read as typed", () => {
    const card = literalCard({
      type: 'AdaptiveCard',
      body: [
        { type: 'TextBlock', text: ATTACK },
        { type: 'FactSet', facts: [{ title: ATTACK, value: ATTACK }] },
      ],
    });
    for (const text of [
      card.body[0]?.text,
      card.body[1]?.facts?.[0]?.title,
      card.body[1]?.facts?.[0]?.value,
    ])
      expect(notLiteral(ATTACK, String(text))).toBeUndefined();
  });
});

describe('through the bot: a user named with the attack, added by a User admin', () => {
  let bot: Awaited<ReturnType<typeof botHarness>>;
  beforeEach(async () => {
    bot = await botHarness();
  });
  afterEach(() => bot.dispose());

  /** Every text Teams renders as Markdown in these replies: message text, TextBlocks and facts. */
  function markdownFields(replies: Partial<Activity>[]): string[] {
    const fields: string[] = [];
    for (const reply of replies) {
      if (typeof reply.text === 'string') fields.push(reply.text);
      for (const node of nodes((reply.attachments ?? []).map((a) => a.content as unknown))) {
        if (node.type === 'TextBlock' && typeof node.text === 'string') fields.push(node.text);
        if (node.type === 'FactSet' && Array.isArray(node.facts))
          for (const fact of node.facts)
            if (isJson(fact)) fields.push(String(fact.title ?? ''), String(fact.value ?? ''));
      }
    }
    return fields;
  }

  test('every card Alex then reads, the Confirm card included, shows the name literally and links nowhere else', async () => {
    const seen: Partial<Activity>[] = [];
    seen.push(...(await bot.say({ as: people.adele, text: 'add user' })));
    const confirmation = await bot.say({
      as: people.adele,
      value: {
        verb: 'flow.answer',
        slot: 'newUser',
        newUserName: ATTACK,
        newUserEmail: 'nina.patel@contoso.com',
      },
    });
    seen.push(...confirmation);
    const confirm = (cardOf(confirmation)?.actions as Json[] | undefined)?.find(
      (a) => a.verb === 'change.confirm',
    );
    if (!confirm) throw new Error('no Confirm on the add-user card');
    await bot.execute({ as: people.adele }, 'change.confirm', confirm.data as Json);
    const added = (await bot.store().users(people.alex.tenantId)).find(
      (u) => u.email === 'nina.patel@contoso.com',
    );
    expect(added?.displayName).toBe(ATTACK);
    const alex = await actorIn(bot.store(), people.alex);
    await new AssignmentService({
      store: bot.store(),
      clock: pinnedClock(NOW),
      newId: randomUUID,
    }).assign(alex, {
      requestId: randomUUID(),
      benefitId: 'visual-studio-professional',
      userId: added?.id ?? '',
    });
    seen.push(...(await bot.say({ as: people.alex, text: 'who has VS Pro' })));
    seen.push(
      ...(await bot.say({ as: people.alex, text: 'remove VS Pro from nina.patel@contoso.com' })),
    );
    seen.push(...(await bot.say({ as: people.alex, text: 'show audit log' })));
    const fields = markdownFields(seen).filter((f) => f.includes('evil.example'));
    expect(fields.length).toBeGreaterThan(1);
    for (const field of fields)
      expect(notLiteral(field.replace(/\\(.)/gs, '$1'), field)).toBeUndefined();
  });
});
