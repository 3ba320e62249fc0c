import restify from 'restify';
import type { CloudAdapter } from 'botbuilder';
import type { TurnHandler } from './benefits-bot';
import type { Logger } from './logger';

export interface Health {
  organisations(): Promise<number>;
}

/** restify: POST /api/messages for Bot Framework traffic, GET /healthz for probes. */
/** `afterTurn` runs when a turn is done (the outbox sender is woken, so notifications go out at once). */
/** With a MicrosoftAppId the adapter answers 401 to a request without a valid Bot Framework token; the bot never sees it. */
export function createServer(
  adapter: CloudAdapter,
  bot: TurnHandler,
  health: Health,
  logger: Logger,
  afterTurn: () => void = () => undefined,
): restify.Server {
  const server = restify.createServer({
    name: 'partner-benefits-bot',
    handleUncaughtExceptions: false,
  });
  server.use(restify.plugins.bodyParser({ maxBodySize: 1024 * 1024 * 2, mapParams: false }));

  server.post('/api/messages', async (req, res) => {
    // botbuilder answers a body without an activity type with a 500 that echoes its own message.
    const body: unknown = req.body;
    if (
      !body ||
      typeof body !== 'object' ||
      Array.isArray(body) ||
      typeof (body as { type?: unknown }).type !== 'string'
    ) {
      res.json(400, {
        code: 'BadRequest',
        message: 'The body must be a Bot Framework activity with a type.',
      });
      return;
    }
    // What the bot records and replies to must be what Teams sends: ids as text, a reply address on http(s).
    const problem = addressProblem(body as Record<string, unknown>);
    if (problem) {
      res.json(400, { code: 'BadRequest', message: problem });
      return;
    }
    await adapter.process(req, res, (context) => bot.run(context));
    afterTurn();
  });

  server.get('/healthz', async (_req, res) => {
    res.json(200, {
      status: 'ok',
      organisations: await health.organisations(),
      uptimeSeconds: Math.round(process.uptime()),
    });
  });

  server.on('restifyError', (req, res, err, callback) => {
    // The name only: a body parser's message quotes the start of the body, which may hold anything.
    logger.warn(
      { status: res.statusCode, path: req.path(), err: { name: err.name } },
      'request refused',
    );
    return callback();
  });
  return server;
}

const at = (value: unknown, ...path: string[]): unknown =>
  path.reduce<unknown>(
    (node, key) =>
      node && typeof node === 'object' ? (node as Record<string, unknown>)[key] : undefined,
    value,
  );

/** Why an activity's addresses cannot be used, or undefined: ids are strings where given, and serviceUrl an http(s) URL. */
export function addressProblem(activity: Record<string, unknown>): string | undefined {
  const serviceUrl = activity.serviceUrl;
  let protocol: string;
  try {
    protocol = typeof serviceUrl === 'string' ? new URL(serviceUrl).protocol : '';
  } catch {
    protocol = '';
  }
  if (protocol !== 'https:' && protocol !== 'http:')
    return 'serviceUrl must be the http(s) address of the channel.';
  const ids: string[][] = [
    ['conversation', 'id'],
    ['conversation', 'tenantId'],
    ['conversation', 'conversationType'],
    ['from', 'id'],
    ['from', 'aadObjectId'],
    ['from', 'name'],
    ['recipient', 'id'],
    ['recipient', 'name'],
    ['channelData', 'tenant', 'id'],
    ['channelData', 'team', 'id'],
    ['channelId'],
    ['locale'],
  ];
  for (const path of ids) {
    const value = at(activity, ...path);
    if (value !== undefined && value !== null && typeof value !== 'string')
      return `${path.join('.')} must be a string.`;
  }
  for (const key of ['conversation', 'from', 'recipient', 'channelData'] as const) {
    const value = activity[key];
    if (
      value !== undefined &&
      value !== null &&
      (typeof value !== 'object' || Array.isArray(value))
    )
      return `${key} must be an object.`;
  }
  return undefined;
}
