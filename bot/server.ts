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
export function createServer(adapter: CloudAdapter, bot: TurnHandler, health: Health, logger: Logger, afterTurn: () => void = () => undefined): restify.Server {
  const server = restify.createServer({ name: 'partner-benefits-bot', handleUncaughtExceptions: false });
  server.use(restify.plugins.bodyParser({ maxBodySize: 1024 * 1024 * 2, mapParams: false }));

  server.post('/api/messages', async (req, res) => {
    // botbuilder answers a body without an activity type with a 500 that echoes its own message.
    const body: unknown = req.body;
    if (!body || typeof body !== 'object' || Array.isArray(body) || typeof (body as { type?: unknown }).type !== 'string') {
      res.json(400, { code: 'BadRequest', message: 'The body must be a Bot Framework activity with a type.' });
      return;
    }
    await adapter.process(req, res, (context) => bot.run(context));
    afterTurn();
  });

  server.get('/healthz', async (_req, res) => {
    res.json(200, { status: 'ok', organisations: await health.organisations(), uptimeSeconds: Math.round(process.uptime()) });
  });

  server.on('restifyError', (req, res, err, callback) => {
    logger.warn({ status: res.statusCode, path: req.path(), err: { name: err.name, message: err.message } }, 'request refused');
    return callback();
  });
  return server;
}
