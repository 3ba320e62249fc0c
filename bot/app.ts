import type { AddressInfo } from 'node:net';
import type restify from 'restify';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import { clockStartingAt, systemClock, type Clock } from '../services/clock';
import { demoOrganisations } from '../services/seed/demo-organisations';
import { loadKeyCipher } from '../services/secrets/key-cipher';
import { sealOrganisationKeys } from '../services/secrets/seal';
import { openLowdbStores } from '../services/store/lowdb-store';
import type { Stores } from '../services/ports';
import { randomUUID } from 'node:crypto';
import { OutboxSender } from '../services/notifications/sender';
import { ReminderScheduler } from '../services/notifications/reminders';
import { createAdapter } from './adapter';
import { startBackground } from './background';
import { servingOnly } from './benefits-bot';
import { TeamsNotifier } from './teams-notifier';
import { composeBot } from './compose';
import type { Config } from './config';
import type { Logger } from './logger';
import { createServer } from './server';

export interface RunningApp {
  server: restify.Server;
  /** http://host:port of the running server. */
  url: string;
  clock: Clock;
  /** The stores the app runs on (tests read and seed them; nothing else should write behind the bot). */
  stores: Stores;
  stop(): Promise<void>;
}

export interface StartOptions {
  /**
   * How the bot gets its own token for replies. Default: botbuilder's, from MicrosoftAppPassword.
   * Give botbuilder's MsalServiceClientCredentialsFactory for a certificate, or in tests for an
   * MSAL client that trusts a local authority.
   */
  credentialsFactory?: ServiceClientCredentialsFactory;
}

/** Wires the bot together and starts listening. Nothing here runs at import time. */
export async function startApp(config: Config, logger: Logger, options: StartOptions = {}): Promise<RunningApp> {
  const clock = config.now ? clockStartingAt(config.now) : systemClock;
  const cipher = await loadKeyCipher({ secret: config.keysSecret, dataFile: config.dataFile, localMode: config.localMode });
  const stores = await openLowdbStores({ dataFile: config.dataFile, seed: () => demoOrganisations(clock.now()).map((org) => sealOrganisationKeys(org, cipher)) });
  try {
    if (stores.created) logger.info({ dataFile: config.dataFile }, 'created the data file with the demo organisations');
    const { bot, conversationState } = composeBot(stores, clock, cipher);
    const adapter = createAdapter(config, logger, conversationState, options.credentialsFactory);
    // Notifications leave through the outbox: written with each change, sent here, retried until Teams accepts them.
    const changeDeps = { store: stores.benefits, clock, newId: randomUUID };
    const sender = new OutboxSender({ store: stores.benefits, clock, notifier: new TeamsNotifier(adapter, config.microsoftAppId) });
    const reminders = new ReminderScheduler(changeDeps);
    const background = startBackground(
      [
        { name: 'outbox', everyMs: 1_000, run: () => sender.sendDue() },
        { name: 'reminders', everyMs: 60_000, run: () => reminders.run() },
      ],
      logger,
    );
    const server = createServer(adapter, servingOnly(config.allowedTenants, bot, logger), { organisations: async () => (await stores.benefits.tenantIds()).length }, logger, () => background.wake('outbox'));
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(config.port, config.host, () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
    return {
      server,
      url,
      clock,
      stores,
      stop: async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await background.stop();
        await stores.close();
      },
    };
  } catch (err) {
    await stores.close();
    throw err;
  }
}
