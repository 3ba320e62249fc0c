import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Activity } from 'botbuilder';

/** One activity the bot sent to the channel, as the connector received it. */
export interface ReceivedActivity {
  /** The conversation id from the request path (decoded). */
  conversationId: string;
  /** The activity id from the path when the bot replied to one (`.../activities/:activityId`), else undefined. */
  replyToId: string | undefined;
  /** The parsed JSON body. */
  activity: Partial<Activity>;
}

/** A request the stand-in does not serve (answered 404), kept so a test can see what the bot tried. */
export interface UnservedRequest {
  method: string;
  url: string;
}

export interface ConnectorStandIn {
  /** What the bot should use as `serviceUrl`: http://127.0.0.1:<port>. */
  readonly serviceUrl: string;
  /** Every activity received so far, oldest first (a copy). */
  activities(): ReceivedActivity[];
  /** Requests that were not one of the two activity routes. */
  unserved(): UnservedRequest[];
  /** Resolves once at least `count` activities have arrived; rejects after `timeoutMs`, naming what did arrive. */
  waitFor(count: number, timeoutMs?: number): Promise<ReceivedActivity[]>;
  /** Forgets what was received. */
  clear(): void;
  close(): Promise<void>;
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

export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function answer(
  res: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const json = JSON.stringify(body);
  res.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'content-length': String(Buffer.byteLength(json)),
    ...headers,
  });
  res.end(json);
}

/**
 * A request to send an activity, as the connector reads it: 404 for any other route (recorded as
 * unserved), 400 for a body that is not an activity object; otherwise the conversation and the activity.
 */
export async function readActivityRequest(
  req: IncomingMessage,
  res: ServerResponse,
  unserved: UnservedRequest[],
): Promise<
  | { conversationId: string; replyToId: string | undefined; activity: Record<string, unknown> }
  | undefined
> {
  const path = (req.url ?? '').split('?')[0] ?? '';
  const route = ACTIVITY_ROUTE.exec(path);
  if (req.method !== 'POST' || !route) {
    unserved.push({ method: req.method ?? '', url: req.url ?? '' });
    answer(res, 404, {
      error: {
        code: 'NotFound',
        message: `${req.method} ${path} is not served by the connector stand-in`,
      },
    });
    return undefined;
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(await readBody(req));
  } catch {
    answer(res, 400, { error: { code: 'BadSyntax', message: 'The body is not JSON.' } });
    return undefined;
  }
  if (!isObject(parsed)) {
    answer(res, 400, {
      error: { code: 'BadArgument', message: 'The body is not an activity object.' },
    });
    return undefined;
  }
  return {
    conversationId: decodeURIComponent(route[1] ?? ''),
    replyToId: route[2] === undefined ? undefined : decodeURIComponent(route[2]),
    activity: parsed,
  };
}

/**
 * A local stand-in for the Bot Framework channel connector (what Teams or the Agents Playground
 * run at `serviceUrl`). It accepts the bot's outgoing activities and records them.
 */
export async function startConnector(): Promise<ConnectorStandIn> {
  const received: ReceivedActivity[] = [];
  const unserved: UnservedRequest[] = [];
  let waiters: { count: number; resolve: (a: ReceivedActivity[]) => void }[] = [];
  let nextId = 1;

  const notify = () => {
    const ready = waiters.filter((w) => received.length >= w.count);
    waiters = waiters.filter((w) => received.length < w.count);
    for (const w of ready) w.resolve([...received]);
  };

  const server = createServer((req, res) => {
    void (async () => {
      const request = await readActivityRequest(req, res, unserved);
      if (!request) return;
      const parsed = request.activity;
      received.push({
        conversationId: request.conversationId,
        replyToId: request.replyToId,
        activity: parsed as Partial<Activity>,
      });
      answer(res, 200, { id: `stand-in-${nextId++}` });
      notify();
    })().catch((err: unknown) => {
      if (!res.headersSent)
        answer(res, 500, { error: { code: 'StandInFailure', message: String(err) } });
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;

  return {
    serviceUrl: `http://127.0.0.1:${port}`,
    activities: () => [...received],
    unserved: () => [...unserved],
    waitFor: (count, timeoutMs = 5000) => {
      if (received.length >= count) return Promise.resolve([...received]);
      return new Promise((resolve, reject) => {
        const waiter = {
          count,
          resolve: (a: ReceivedActivity[]) => {
            clearTimeout(timer);
            resolve(a);
          },
        };
        const timer = setTimeout(() => {
          waiters = waiters.filter((w) => w !== waiter);
          const seen = received.map(
            (r) =>
              r.activity.type +
              (r.activity.text
                ? `: ${r.activity.text}`
                : r.activity.attachments
                  ? ' (attachment)'
                  : ''),
          );
          reject(
            new Error(
              `The connector stand-in expected ${count} activities within ${timeoutMs} ms but received ${received.length}${seen.length ? `: ${seen.join(' | ')}` : ''}.`,
            ),
          );
        }, timeoutMs);
        waiters.push(waiter);
      });
    },
    clear: () => {
      received.length = 0;
      unserved.length = 0;
    },
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}
