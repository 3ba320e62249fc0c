/**
 * The Teams side of the benchmark: the activities people send (as Teams sends them, to
 * POST /api/messages) and a local stand-in for the channel's connector that takes the bot's
 * replies and notifications (POST /v3/conversations/:id/activities[/:replyId], answered 200 {id}).
 */
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { en } from '../../cards/i18n/en';

export interface Person {
  /** Microsoft Entra object id: what the bot knows people by. */
  id: string;
  name: string;
  tenantId: string;
}

export const BOT = { id: '28:partner-benefits-bot', name: 'Partner Benefits' };
export const CHANNEL = { id: '19:bench-notifications@thread.tacv2', name: 'Benefits' };
export const TEAM = {
  id: '19:bench-team@thread.tacv2',
  name: 'Contoso Partners',
  aadGroupId: '7a2f3b1c-0000-4000-8000-00000000be4c',
};

let sequence = 0;
const nextId = () => `bench-${process.pid.toString(36)}-${(sequence += 1).toString(36)}`;

function base(
  who: Person,
  serviceUrl: string,
  conversation: Record<string, unknown>,
  channelData: Record<string, unknown>,
) {
  return {
    id: nextId(),
    timestamp: new Date().toISOString(),
    channelId: 'msteams',
    serviceUrl,
    from: { id: `29:${who.id}`, name: who.name, aadObjectId: who.id },
    recipient: { ...BOT },
    conversation,
    channelData,
    locale: 'en-US',
  };
}

function personal(who: Person, serviceUrl: string, conversationId: string) {
  return base(
    who,
    serviceUrl,
    {
      id: conversationId,
      conversationType: 'personal',
      isGroup: false,
      tenantId: who.tenantId,
      name: '',
    },
    { tenant: { id: who.tenantId } },
  );
}

/** A message in a personal chat. */
export function personalMessage(
  who: Person,
  text: string,
  serviceUrl: string,
  conversationId: string,
): Record<string, unknown> {
  return {
    ...personal(who, serviceUrl, conversationId),
    type: 'message',
    text,
    textFormat: 'plain',
  };
}

/** A message in a team channel that @mentions the bot. */
export function channelMention(
  who: Person,
  text: string,
  serviceUrl: string,
): Record<string, unknown> {
  const at = `<at>${BOT.name}</at>`;
  return {
    ...base(
      who,
      serviceUrl,
      {
        id: CHANNEL.id,
        conversationType: 'channel',
        isGroup: true,
        tenantId: who.tenantId,
        name: CHANNEL.name,
      },
      { tenant: { id: who.tenantId }, team: { ...TEAM }, channel: { ...CHANNEL } },
    ),
    type: 'message',
    text: `${at} ${text}`,
    textFormat: 'plain',
    entities: [{ type: 'mention', text: at, mentioned: { ...BOT } }],
  };
}

/** A press of an Action.Execute button (Universal Actions): an `adaptiveCard/action` invoke. */
export function executeInvoke(
  who: Person,
  verb: string,
  data: Record<string, unknown>,
  serviceUrl: string,
  conversationId: string,
): Record<string, unknown> {
  return {
    ...personal(who, serviceUrl, conversationId),
    type: 'invoke',
    name: 'adaptiveCard/action',
    value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
  };
}

// ---- Cards ----

export type Json = Record<string, unknown>;
export const ADAPTIVE = 'application/vnd.microsoft.card.adaptive';

export function isJson(value: unknown): value is Json {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every object in a card, depth first. */
export function nodes(value: unknown, out: Json[] = []): Json[] {
  if (Array.isArray(value)) for (const v of value) nodes(v, out);
  else if (isJson(value)) {
    out.push(value);
    for (const v of Object.values(value)) nodes(v, out);
  }
  return out;
}

export const texts = (card: unknown): string[] =>
  nodes(card)
    .filter((n) => n.type === 'TextBlock')
    .map((n) => String(n.text));

/** A sentence from the English catalogue with its {placeholders} filled. */
export function msg(key: keyof typeof en, params: Record<string, string | number> = {}): string {
  return en[key].replace(/\{(\w+)\}/g, (whole, name: string) =>
    name in params ? String(params[name]) : whole,
  );
}

/** The card of a reply that must be exactly one Adaptive Card, or why it is not. */
export function onlyCard(activity: Json): Json | string {
  const attachments = activity.attachments;
  if (!Array.isArray(attachments) || attachments.length !== 1)
    return `expected one card, got ${describe(activity)}`;
  const [attachment] = attachments as unknown[];
  if (!isJson(attachment) || attachment.contentType !== ADAPTIVE || !isJson(attachment.content))
    return `expected an Adaptive Card, got ${describe(activity)}`;
  return attachment.content;
}

/** A short description of a reply, for a failure message. */
export function describe(activity: Json): string {
  if (typeof activity.text === 'string' && activity.text)
    return `text "${activity.text.slice(0, 160)}"`;
  const attachments = Array.isArray(activity.attachments)
    ? (activity.attachments as unknown[])
    : [];
  if (attachments.length === 0)
    return `an activity of type ${String(activity.type)} with neither text nor attachments`;
  const first = attachments[0];
  const content = isJson(first) ? first.content : undefined;
  return `${attachments.length} attachment(s), the first "${texts(content).slice(0, 2).join(' / ').slice(0, 160)}"`;
}

// ---- The connector stand-in ----

export interface Received {
  conversationId: string;
  replyToId: string | undefined;
  activity: Json;
}

/** Checks one reply; returns why it is wrong, or undefined. */
export type ReplyCheck = (received: Received) => string | undefined;

export interface Tally {
  replies: number;
  /** Proactive notifications (they carry channelData.notificationId). */
  notifications: number;
  checked: number;
  failures: number;
  /** The first few failures, for the report. */
  samples: string[];
}

const ACTIVITY_ROUTE = /^\/v3\/conversations\/([^/]+)\/activities(?:\/([^/]+))?\/?$/;

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

export class ConnectorStandIn {
  private server: Server | undefined;
  private check: ReplyCheck | undefined;
  private tally: Tally = ConnectorStandIn.empty();
  /** Requests for anything but the two activity routes. */
  readonly unserved: string[] = [];
  serviceUrl = '';
  private nextId = 1;

  private static empty(): Tally {
    return { replies: 0, notifications: 0, checked: 0, failures: 0, samples: [] };
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const answer = (status: number, body: unknown) => {
        const json = JSON.stringify(body);
        res.writeHead(status, {
          'content-type': 'application/json; charset=utf-8',
          'content-length': String(Buffer.byteLength(json)),
        });
        res.end(json);
      };
      const route = ACTIVITY_ROUTE.exec((req.url ?? '').split('?')[0] ?? '');
      if (req.method !== 'POST' || !route) {
        if (this.unserved.length < 20) this.unserved.push(`${req.method} ${req.url}`);
        req.resume();
        answer(404, {
          error: { code: 'NotFound', message: 'not served by the bench connector stand-in' },
        });
        return;
      }
      readBody(req).then(
        (text) => {
          let activity: unknown;
          try {
            activity = JSON.parse(text);
          } catch {
            answer(400, { error: { code: 'BadSyntax', message: 'The body is not JSON.' } });
            return;
          }
          if (!isJson(activity)) {
            answer(400, {
              error: { code: 'BadArgument', message: 'The body is not an activity.' },
            });
            return;
          }
          this.record({
            conversationId: decodeURIComponent(route[1] ?? ''),
            replyToId: route[2] === undefined ? undefined : decodeURIComponent(route[2]),
            activity,
          });
          answer(200, { id: `stand-in-${this.nextId++}` });
        },
        () =>
          answer(500, { error: { code: 'StandInFailure', message: 'could not read the request' } }),
      );
    });
    // The bot's connector client keeps connections open; so does Teams.
    this.server.keepAliveTimeout = 30_000;
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject);
      this.server?.listen(0, '127.0.0.1', () => resolve());
    });
    this.serviceUrl = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  /** From now on, count replies afresh and check each with `check` (notifications are counted, not checked). */
  expect(check: ReplyCheck | undefined): void {
    this.check = check;
    this.tally = ConnectorStandIn.empty();
  }

  counts(): Tally {
    return { ...this.tally, samples: [...this.tally.samples] };
  }

  private record(received: Received): void {
    const channelData = received.activity.channelData;
    if (isJson(channelData) && typeof channelData.notificationId === 'string') {
      this.tally.notifications += 1;
      return;
    }
    this.tally.replies += 1;
    if (!this.check) return;
    this.tally.checked += 1;
    const problem = this.check(received);
    if (problem) {
      this.tally.failures += 1;
      if (this.tally.samples.length < 3)
        this.tally.samples.push(`${received.conversationId}: ${problem}`);
    }
  }

  async close(): Promise<void> {
    const server = this.server;
    if (!server) return;
    server.closeAllConnections();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }
}
