import { randomUUID } from 'node:crypto';
import { CONTOSO_TENANT, demoOrganisations } from '../../services/seed/demo-organisations';
import {
  describe,
  executeInvoke,
  isJson,
  msg,
  nodes,
  onlyCard,
  personalMessage,
  texts,
  type Json,
  type Person,
  type ReplyCheck,
} from './channel';
import { ALEX, BENCH_NOW, LEE_GU, VS_ENTERPRISE } from './generate';
import { BenchFailure, settings } from './settings';

/** Who asks what, the cards each must get back, and the scenarios measured (the floor's too). */

const contoso = demoOrganisations(new Date(BENCH_NOW)).find(
  (o) => o.organisation.tenantId === CONTOSO_TENANT,
);
if (!contoso) throw new Error('The Contoso demo organisation is missing.');
export const ORG_NAME = contoso.organisation.name;
const asPerson = (u: { id: string; displayName: string }): Person => ({
  id: u.id,
  name: u.displayName,
  tenantId: CONTOSO_TENANT,
});
export const PEOPLE = contoso.users.map(asPerson);
function must<T>(value: T | undefined, what: string): T {
  if (value === undefined) throw new Error(`${what} is missing from the demo organisation.`);
  return value;
}
export const alex: Person = must(
  PEOPLE.find((p) => p.id === ALEX),
  'Alex Wilber',
);
const VSE_NAME = must(
  contoso.benefits.find((b) => b.id === VS_ENTERPRISE),
  'Visual Studio Enterprise',
).name.en;
/** "my benefits": connection i asks as the i-th demo user. */
const MINE_PEOPLE = PEOPLE.slice(0, settings.connections);
/** Who connection i assigns Visual Studio Enterprise to (and removes again): demo users without it, never Alex; the last is the one-connection probe's. */
export const TARGETS = PEOPLE.filter((p) => p.id !== ALEX && p.id !== LEE_GU).slice(
  0,
  settings.connections + 1,
);
if (TARGETS.length < settings.connections + 1)
  throw new Error(
    `BENCH_CONNECTIONS can be at most ${TARGETS.length - 1}: one demo user without Visual Studio Enterprise per connection, and one for the probe.`,
  );

export const personalConversation = (p: Person) => `a:personal-${p.id}`;
/** Alex asks from one conversation per connection, so that no two requests share conversation state. */
export const alexConversation = (connection: number) => `a:bench-${connection}-${ALEX}`;
const connectionOf = (conversationId: string) =>
  Number(/^a:bench-(\d+)-/.exec(conversationId)?.[1] ?? -1);

const cardTitled =
  (expected: (conversationId: string) => string | undefined): ReplyCheck =>
  (received) => {
    const card = onlyCard(received.activity);
    if (typeof card === 'string') return card;
    const want = expected(received.conversationId);
    const title = texts(card)[0];
    return title === want
      ? undefined
      : `expected the card "${want}", got ${describe(received.activity)}`;
  };

export const CHECK = {
  show: cardTitled(() => msg('overview.title', { org: ORG_NAME })),
  category: cardTitled(() => msg('category.software')),
  mine: ((received) => {
    const card = onlyCard(received.activity);
    if (typeof card === 'string') return card;
    const person = PEOPLE.find((p) => personalConversation(p) === received.conversationId);
    if (!person) return `a reply in an unexpected conversation ${received.conversationId}`;
    const said = texts(card);
    return said.includes(msg('mine.title', { name: person.name })) ||
      said.includes(msg('mine.none', { name: person.name }))
      ? undefined
      : `expected ${person.name}'s benefits, got ${describe(received.activity)}`;
  }) satisfies ReplyCheck,
  assign: ((received) => {
    const card = onlyCard(received.activity);
    if (typeof card === 'string') return card;
    const target = TARGETS[connectionOf(received.conversationId)];
    if (!target) return `a reply in an unexpected conversation ${received.conversationId}`;
    const want = msg('confirm.assign', { benefit: VSE_NAME, name: target.name });
    if (texts(card)[0] !== want)
      return `expected the confirmation "${want}", got ${describe(received.activity)}`;
    const data = confirmDataOf(card);
    if (typeof data === 'string') return data;
    if (
      data.op !== 'assign' ||
      data.benefitId !== VS_ENTERPRISE ||
      data.userId !== target.id ||
      typeof data.requestId !== 'string'
    )
      return `the Confirm button carries ${JSON.stringify(data)}`;
    return undefined;
  }) satisfies ReplyCheck,
  echo: ((received) =>
    received.activity.text === 'show benefits'
      ? undefined
      : `expected the echo "show benefits", got ${describe(received.activity)}`) satisfies ReplyCheck,
};

/** The data of a confirmation card's Confirm button (Action.Execute, verb change.confirm). */
export function confirmDataOf(card: Json): Json | string {
  const confirm = nodes(card).find(
    (n) => n.type === 'Action.Execute' && n.title === msg('confirm.button'),
  );
  if (!confirm) return 'the confirmation card has no Confirm button';
  if (confirm.verb !== 'change.confirm' || !isJson(confirm.data))
    return `the Confirm button is ${JSON.stringify(confirm).slice(0, 200)}`;
  return confirm.data;
}

export type ScenarioId = 'floor' | 'show' | 'category' | 'mine' | 'assign' | 'confirm';

export interface Scenario {
  id: ScenarioId;
  title: string;
  kind: 'floor' | 'read' | 'write';
  /** A message (one reply to the connector each) or an invoke (answered in the HTTP response). */
  replies: 'one' | 'none';
  reply?: ReplyCheck;
  /** Prepares the scenario on a primed bot; returns the body of connection i's next request and the response check. */
  prepare(serviceUrl: string): {
    body(connection: number): string;
    check?(connection: number, status: number, body: string): string | undefined;
  };
}

export const FLOOR: Scenario = {
  id: 'floor',
  title: 'floor: botbuilder echo bot',
  kind: 'floor',
  replies: 'one',
  reply: CHECK.echo,
  prepare: (serviceUrl) => ({
    body: (c) =>
      JSON.stringify(personalMessage(alex, 'show benefits', serviceUrl, alexConversation(c))),
  }),
};

/** What a Confirm carries for each target, read from a real confirmation card while priming. */
export const confirmTemplates = new Map<number, Json>();

export const SCENARIOS: Scenario[] = [
  {
    id: 'show',
    title: '"show benefits" → overview card',
    kind: 'read',
    replies: 'one',
    reply: CHECK.show,
    prepare: (serviceUrl) => ({
      body: (c) =>
        JSON.stringify(personalMessage(alex, 'show benefits', serviceUrl, alexConversation(c))),
    }),
  },
  {
    id: 'category',
    title: '"show software benefits" → category list',
    kind: 'read',
    replies: 'one',
    reply: CHECK.category,
    prepare: (serviceUrl) => ({
      body: (c) =>
        JSON.stringify(
          personalMessage(alex, 'show software benefits', serviceUrl, alexConversation(c)),
        ),
    }),
  },
  {
    id: 'mine',
    title: '"my benefits" (10 different people)',
    kind: 'read',
    replies: 'one',
    reply: CHECK.mine,
    prepare: (serviceUrl) => ({
      body: (c) => {
        const who = MINE_PEOPLE[c % MINE_PEOPLE.length] ?? alex;
        return JSON.stringify(
          personalMessage(who, 'my benefits', serviceUrl, personalConversation(who)),
        );
      },
    }),
  },
  {
    id: 'assign',
    title: '"assign Visual Studio Enterprise to …" → confirmation card',
    kind: 'read',
    replies: 'one',
    reply: CHECK.assign,
    prepare: (serviceUrl) => ({
      body: (c) =>
        JSON.stringify(
          personalMessage(
            alex,
            `assign Visual Studio Enterprise to ${TARGETS[c]?.name ?? ''}`,
            serviceUrl,
            alexConversation(c),
          ),
        ),
    }),
  },
  {
    id: 'confirm',
    title: 'Confirm (Action.Execute): assign / remove, write + notifications',
    kind: 'write',
    replies: 'none',
    prepare: (serviceUrl) => {
      // Each connection assigns its own person, then removes them again, and so on: every Confirm has a free seat and a new request id.
      const holds = TARGETS.map(() => false);
      const sent = new Map<number, 'assign' | 'remove'>();
      return {
        body: (c) => {
          const template = confirmTemplates.get(c);
          if (!template)
            throw new BenchFailure(`no confirmation card was seen for connection ${c}`);
          const op = holds[c] ? 'remove' : 'assign';
          sent.set(c, op);
          return JSON.stringify(
            executeInvoke(
              alex,
              'change.confirm',
              { ...template, op, requestId: randomUUID() },
              serviceUrl,
              alexConversation(c),
            ),
          );
        },
        check: (c, status, body) => {
          const target = TARGETS[c];
          const op = sent.get(c);
          if (!target || !op) return 'a response nobody asked for';
          if (status !== 200) return `HTTP ${status}: ${body.slice(0, 200)}`;
          let parsed: unknown;
          try {
            parsed = JSON.parse(body);
          } catch {
            return `a body that is not JSON: ${body.slice(0, 200)}`;
          }
          const value = isJson(parsed) ? parsed.value : undefined;
          if (
            !isJson(parsed) ||
            parsed.statusCode !== 200 ||
            !isJson(value) ||
            value.type !== 'AdaptiveCard'
          )
            return `not an Adaptive Card invoke response: ${body.slice(0, 200)}`;
          const want = msg(op === 'assign' ? 'result.assigned' : 'result.removed', {
            name: target.name,
            benefit: VSE_NAME,
          });
          const said = texts(value);
          if (said[0] !== want || said.includes(msg('result.alreadyDone')))
            return `${op}: expected "${want}", got "${said.slice(0, 3).join(' / ')}"`;
          holds[c] = op === 'assign';
          return undefined;
        },
      };
    },
  },
];
