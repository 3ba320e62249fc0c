import type { AddressInfo } from 'node:net';
import type restify from 'restify';
import type { ServiceClientCredentialsFactory } from 'botframework-connector';
import { clockStartingAt, systemClock, type Clock } from '../services/clock';
import { demoOrganisations } from '../services/seed/demo-organisations';
import { loadKeyCipher } from '../services/secrets/key-cipher';
import { sealOrganisationKeys } from '../services/secrets/seal';
import { openStores } from '../services/store/open-stores';
import type { Stores } from '../services/ports';
import { randomUUID } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import type { Directory } from '../services/directory/directory';
import {
  GraphDirectory,
  type GraphCredential,
  type GraphDirectoryOptions,
} from '../services/directory/graph-directory';
import { isEntra } from '../services/people.service';
import { OutboxSender } from '../services/notifications/sender';
import { ReminderScheduler } from '../services/notifications/reminders';
import { createAdapter } from './adapter';
import { startBackground } from './background';
import { servingOnly } from './benefits-bot';
import { limitedPerPerson } from './person-limiter';
import { TeamsNotifier } from './teams-notifier';
import { composeBot } from './compose';
import { ConfigError, type Config, type GraphSettings } from './config';
import type { Logger } from './logger';
import { createServer } from './server';

export interface RunningApp {
  server: restify.Server;
  /** http://host:port of the running server. */
  url: string;
  clock: Clock;
  /** The stores the app runs on (tests read and seed them; nothing else should write behind the bot). */
  stores: Stores;
  /** Where the data is (the data file, or the database without its password), for the start-up log line. */
  storage: string;
  stop(): Promise<void>;
}

export interface StartOptions {
  /**
   * How the bot gets its own token for replies. Default: botbuilder's, from MicrosoftAppPassword.
   * Give botbuilder's MsalServiceClientCredentialsFactory for a certificate, or in tests for an
   * MSAL client that trusts a local authority.
   */
  credentialsFactory?: ServiceClientCredentialsFactory;
  /** The directory of Entra organisations. Default: a GraphDirectory from the GRAPH_* settings (tests: one pointed at a local identity server). */
  entraDirectory?: Directory;
}

/** The GraphDirectory the settings describe: client secret, or a certificate read from its PEM file now. `overrides` are for tests (a local identity server). */
export async function graphDirectoryFrom(
  settings: GraphSettings,
  overrides: Partial<GraphDirectoryOptions> = {},
): Promise<GraphDirectory> {
  const { credential } = settings;
  let graphCredential: GraphCredential;
  if ('secret' in credential) graphCredential = { secret: credential.secret };
  else {
    const pem = await readFile(credential.certificateFile, 'utf8').catch(
      (err: NodeJS.ErrnoException) => {
        throw new ConfigError(
          `GRAPH_CERTIFICATE_FILE could not be read (${err.code ?? 'error'}): ${credential.certificateFile}.`,
        );
      },
    );
    const privateKey =
      /-----BEGIN (?:RSA |EC )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |EC )?PRIVATE KEY-----/.exec(
        pem,
      )?.[0];
    const certificate = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(
      pem,
    )?.[0];
    if (!privateKey)
      throw new ConfigError(
        `GRAPH_CERTIFICATE_FILE holds no private key: ${credential.certificateFile}.`,
      );
    graphCredential = {
      certificate: {
        thumbprint: credential.thumbprint,
        privateKey,
        ...(certificate ? { x5c: certificate } : {}),
      },
    };
  }
  return new GraphDirectory({
    clientId: settings.clientId,
    credential: graphCredential,
    ...(settings.authorityHost ? { authorityHost: settings.authorityHost } : {}),
    ...(settings.baseUrl ? { graphBaseUrl: settings.baseUrl } : {}),
    ...overrides,
  });
}

/** Wires the bot together and starts listening. Nothing here runs at import time. */
export async function startApp(
  config: Config,
  logger: Logger,
  options: StartOptions = {},
): Promise<RunningApp> {
  const clock = config.now ? clockStartingAt(config.now) : systemClock;
  const cipher = await loadKeyCipher({
    secret: config.keysSecret,
    dataFile: config.dataFile,
    localMode: config.localMode,
  });
  const stores = await openStores({
    dataFile: config.dataFile,
    databaseUrl: config.databaseUrl,
    seed: () => demoOrganisations(clock.now()).map((org) => sealOrganisationKeys(org, cipher)),
    onIdleError: (err) =>
      logger.warn(
        { reason: (err as { code?: unknown }).code ?? 'unknown' },
        'a PostgreSQL connection failed while idle; the next query reconnects',
      ),
  });
  try {
    if (stores.created)
      logger.info(
        { storage: stores.describe },
        config.databaseUrl
          ? 'created the database tables with the demo organisations'
          : 'created the data file with the demo organisations',
      );
    const entraDirectory =
      options.entraDirectory ?? (config.graph ? await graphDirectoryFrom(config.graph) : undefined);
    if (!entraDirectory) await warnOfEntraWithoutGraph(stores, logger);
    const { bot, conversationState, userState, people } = composeBot(stores, clock, cipher, {
      ...(entraDirectory ? { entraDirectory } : {}),
      logger,
      localMode: config.localMode,
    });
    const adapter = createAdapter(
      config,
      logger,
      { conversationState, userState },
      options.credentialsFactory,
    );
    // Notifications leave through the outbox: written with each change, sent here, retried until Teams accepts them.
    const changeDeps = { store: stores.benefits, clock, newId: randomUUID, people };
    // On a database several instances may drain the outbox: each delivery is claimed, and Teams' limits kept in the database.
    const sender = new OutboxSender({
      store: stores.benefits,
      clock,
      notifier: new TeamsNotifier(adapter, config.microsoftAppId),
      ...(config.databaseUrl ? { shared: { leaseMs: config.outboxLeaseMs } } : {}),
    });
    const reminders = new ReminderScheduler(changeDeps);
    const background = startBackground(
      [
        { name: 'outbox', everyMs: 1_000, run: () => sender.sendDue() },
        { name: 'reminders', everyMs: 60_000, run: () => reminders.run() },
      ],
      logger,
    );
    const server = createServer(
      adapter,
      servingOnly(
        config.allowedTenants,
        limitedPerPerson(config.personRate, bot, logger, userState),
        logger,
      ),
      { organisations: async () => (await stores.benefits.tenantIds()).length },
      logger,
      () => background.wake('outbox'),
    );
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
      storage: stores.describe,
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

/** Organisations switched to Entra ID cannot be served without a Graph app: say so at start, not at their first message. */
async function warnOfEntraWithoutGraph(stores: Stores, logger: Logger): Promise<void> {
  const tenants: string[] = [];
  for (const tenantId of await stores.benefits.tenantIds()) {
    const organisation = await stores.benefits.organisation(tenantId);
    if (organisation && isEntra(organisation)) tenants.push(tenantId);
  }
  if (tenants.length > 0)
    logger.warn(
      { tenants },
      'organisations use Microsoft Entra ID but no Graph app is configured (GRAPH_CLIENT_ID or MicrosoftAppId with a secret or certificate): their people cannot be found until it is',
    );
}
