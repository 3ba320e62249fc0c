import type { AddressInfo } from 'node:net';
import type restify from 'restify';
import { clockStartingAt, systemClock, type Clock } from '../services/clock';
import { demoOrganisations } from '../services/seed/demo-organisations';
import { loadKeyCipher } from '../services/secrets/key-cipher';
import { sealOrganisationKeys } from '../services/secrets/seal';
import { openLowdbStores } from '../services/store/lowdb-store';
import { createAdapter } from './adapter';
import { composeBot } from './compose';
import type { Config } from './config';
import type { Logger } from './logger';
import { createServer } from './server';

export interface RunningApp {
  server: restify.Server;
  /** http://host:port of the running server. */
  url: string;
  clock: Clock;
  stop(): Promise<void>;
}

/** Wires the bot together and starts listening. Nothing here runs at import time. */
export async function startApp(config: Config, logger: Logger): Promise<RunningApp> {
  const clock = config.now ? clockStartingAt(config.now) : systemClock;
  const cipher = await loadKeyCipher({ secret: config.keysSecret, dataFile: config.dataFile, localMode: config.localMode });
  const stores = await openLowdbStores({ dataFile: config.dataFile, seed: () => demoOrganisations(clock.now()).map((org) => sealOrganisationKeys(org, cipher)) });
  try {
    if (stores.created) logger.info({ dataFile: config.dataFile }, 'created the data file with the demo organisations');
    const { bot, conversationState } = composeBot(stores, clock, cipher);
    const adapter = createAdapter(config, logger, conversationState);
    const server = createServer(adapter, bot, { organisations: async () => (await stores.benefits.tenantIds()).length }, logger);
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
      stop: async () => {
        await new Promise<void>((resolve) => server.close(() => resolve()));
        await stores.close();
      },
    };
  } catch (err) {
    await stores.close();
    throw err;
  }
}
