import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Intent, PersonMention } from '../../bot/recognizer';
import type { Gazetteer } from '../../bot/understanding/entities';
export type { Gazetteer };
import { deterministicInterpreter } from '../../bot/understanding/interpreter';
import {
  findBenefit,
  findPerson,
  withoutHonorific,
  type Found,
} from '../../services/finder.service';
import { CONTOSO_TENANT, demoOrganisations } from '../../services/seed/demo-organisations';

/**
 * The corpus of requests people type (test/nlu/, FORMAT.md there): each with who sends it and the
 * interpretation a careful human assistant would make. This reads a message the way the bot does
 * (bot/recognizer.ts, then the benefit and person words resolved within Contoso by services/
 * finder.service.ts) and compares the two, slot by slot.
 */
export type Slot = string | number | boolean | string[];
export interface Interpretation {
  action: string;
  [slot: string]: Slot;
}
export interface CorpusCase {
  text: string;
  from: string;
  place?: 'channel';
  expect: Interpretation;
}

const SENDERS: Record<string, string> = {
  alex: 'Alex Wilber',
  megan: 'Megan Bowen',
  adele: 'Adele Vance',
  isaiah: 'Isaiah Langer',
  patti: 'Patti Fernandez',
  lynne: 'Lynne Robbins',
  taro: '田中 太郎',
  hanako: '鈴木 花子',
};

const contoso = demoOrganisations(new Date('2026-01-15T00:00:00Z')).find(
  (o) => o.organisation.tenantId === CONTOSO_TENANT,
);
if (!contoso) throw new Error('the demo organisations have no Contoso');

export const CONTOSO: Gazetteer = { benefits: contoso.benefits, users: contoso.users };

export function loadCorpus(root: string, set: string, language: 'en' | 'ja'): CorpusCase[] {
  return JSON.parse(
    readFileSync(join(root, 'test', 'nlu', set, `${language}.json`), 'utf8'),
  ) as CorpusCase[];
}

function resolved<T>(found: Found<T>, words: string, name: (t: T) => string): Slot {
  if (found.kind === 'one') return name(found.item);
  if (found.kind === 'many') return found.items.map(name).sort();
  return `?${words}`;
}

let within: Gazetteer = CONTOSO;

function benefitSlot(words: string | undefined): Slot | undefined {
  return words === undefined
    ? undefined
    : resolved(findBenefit(within.benefits, words), words, (b) => b.id);
}

function personSlot(mention: PersonMention | undefined, sender: string): Slot | undefined {
  if (!mention) return undefined;
  if (/^(me|myself|自分|私|わたし)$/i.test(mention.text.trim())) return sender;
  // Someone not in the organisation is named as typed, less the honorific: it is no part of the name.
  return resolved(
    findPerson(within.users, mention.text),
    withoutHonorific(mention.text),
    (u) => u.displayName,
  );
}

/** What the bot makes of a message, in the corpus's terms. */
export function interpret(
  text: string,
  from: string,
  organisation: Gazetteer = CONTOSO,
): Interpretation {
  const sender = SENDERS[from] ?? from;
  within = organisation;
  try {
    const user = organisation.users.find((u) => u.displayName === sender);
    const { intent } = deterministicInterpreter.read({
      text,
      organisation,
      sender: {
        displayName: sender,
        mayAssign: user?.roles.includes('globalAdmin') ?? false,
        isAdmin: (user?.roles.length ?? 0) > 0,
      },
    });
    return asInterpretation(intent, sender);
  } finally {
    within = CONTOSO;
  }
}

function compact(entries: [string, Slot | undefined][]): Record<string, Slot> {
  return Object.fromEntries(entries.filter((e): e is [string, Slot] => e[1] !== undefined));
}

function asInterpretation(intent: Intent, sender: string): Interpretation {
  switch (intent.name) {
    case 'assign':
      return {
        action: 'assign',
        ...compact([
          ['benefit', benefitSlot(intent.benefit)],
          ['person', personSlot(intent.person, sender)],
          ['altEmail', intent.alternativeEmail],
        ]),
      };
    case 'remove':
      return {
        action: intent.name,
        ...compact([
          ['benefit', benefitSlot(intent.benefit)],
          ['person', personSlot(intent.person, sender)],
        ]),
      };
    case 'reassign':
      return {
        action: 'reassign',
        ...compact([
          ['benefit', benefitSlot(intent.benefit)],
          ['from', personSlot(intent.from, sender)],
          ['to', personSlot(intent.to, sender)],
        ]),
      };
    case 'whoHas':
    case 'activate':
      return { action: intent.name, ...compact([['benefit', benefitSlot(intent.benefit)]]) };
    case 'confirmActive':
      return {
        action: 'confirmActive',
        ...compact([
          ['benefit', benefitSlot(intent.benefit)],
          ['person', personSlot(intent.person, sender)],
        ]),
      };
    case 'setMarketingContact':
      return {
        action: 'setMarketingContact',
        ...compact([
          ['person', personSlot(intent.person, sender)],
          ['email', intent.email],
          ['phone', intent.phone],
          ['language', intent.language],
        ]),
      };
    case 'getKeys':
      return {
        action: 'getKeys',
        ...compact([
          ['benefit', benefitSlot(intent.benefit)],
          ['keyLanguage', intent.language],
          ['os', intent.os],
        ]),
      };
    case 'askBenefit':
      return { action: intent.name, ...compact([['benefit', benefitSlot(intent.benefit)]]) };
    case 'requestHours':
      return {
        action: 'requestHours',
        ...compact([
          ['benefit', benefitSlot(intent.benefit)],
          ['hours', intent.hours],
        ]),
      };
    case 'setNote':
      return {
        action: 'setNote',
        ...compact([
          ['benefit', benefitSlot(intent.benefit)],
          ['person', personSlot(intent.person, sender)],
        ]),
        note: intent.note,
      };
    case 'setPartnerRole':
      return {
        action: 'setPartnerRole',
        ...compact([['person', personSlot(intent.person, sender)]]),
        role: intent.role,
        grant: intent.grant,
      };
    case 'addUser':
      return {
        action: 'addUser',
        ...compact([
          ['name', intent.displayName],
          ['email', intent.email],
        ]),
      };
    case 'showCategory':
      return { action: 'showCategory', category: intent.category };
    case 'doesHave':
      return {
        action: 'doesHave',
        ...compact([
          ['person', personSlot(intent.person, sender)],
          ['benefit', benefitSlot(intent.benefit)],
        ]),
      };
    case 'howMany':
      return {
        action: 'howMany',
        ...compact([
          ['benefit', benefitSlot(intent.benefit)],
          ['category', intent.category],
        ]),
      };
    case 'showBenefit':
      return { action: 'showBenefit', ...compact([['benefit', benefitSlot(intent.benefit)]]) };
    case 'benefitDetails':
      return { action: 'showBenefit', benefit: intent.benefitId };
    case 'unsure':
      return { action: 'unclear' };
    case 'setLanguage':
      return { action: 'setLanguage', language: intent.language };
    case 'holders':
      return { action: 'whoHas', benefit: intent.benefitId };
    case 'none':
      return { action: 'unclear' };
    default:
      return { action: intent.name };
  }
}

const same = (a: Slot | undefined, b: Slot | undefined): boolean =>
  JSON.stringify(Array.isArray(a) ? [...a].sort() : a) ===
  JSON.stringify(Array.isArray(b) ? [...b].sort() : b);

/** Whether the interpretation is the expected one: the same action and every slot the same (none missing, none extra). */
export function agrees(expected: Interpretation, actual: Interpretation): boolean {
  const slots = new Set([...Object.keys(expected), ...Object.keys(actual)]);
  return [...slots].every((slot) => same(expected[slot], actual[slot]));
}

/** Actions that change something or file something: reading one of them where it was not meant is harmful. */
const ACTING = new Set([
  'assign',
  'remove',
  'reassign',
  'addUser',
  'setPartnerRole',
  'setMarketingContact',
  'activate',
  'confirmActive',
  'setNote',
  'askBenefit',
  'requestHours',
  'cancelMembership',
]);

/**
 * Why this reading would do harm, or undefined: a change or a request where none (or another) was
 * meant, or a change for a different person than the one named (a guess). Asking back is never harm.
 */
export function harm(expected: Interpretation, actual: Interpretation): string | undefined {
  if (!ACTING.has(actual.action)) return undefined;
  if (actual.action !== expected.action) return `${actual.action} instead of ${expected.action}`;
  for (const slot of ['person', 'from', 'to']) {
    const got = actual[slot];
    const meant = expected[slot];
    if (typeof got !== 'string' || got.startsWith('?')) continue;
    if (got !== meant && !(Array.isArray(meant) && meant.includes(got)))
      return `${slot} ${got} instead of ${JSON.stringify(meant)}`;
  }
  return undefined;
}
