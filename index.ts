import 'dotenv/config';
import { startApp } from './bot/app';
import { ConfigError, loadConfig } from './bot/config';
import { createLogger } from './bot/logger';
import { StoreError } from './services/store/errors';

async function main(): Promise<void> {
  let config;
  try {
    config = loadConfig(process.env);
  } catch (err) {
    if (err instanceof ConfigError) {
      process.stderr.write(`Cannot start: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  const logger = createLogger(config.logLevel);
  let app;
  try {
    app = await startApp(config, logger);
  } catch (err) {
    // Any store that cannot be opened or used (data file, its lock, a database); its message never holds the password.
    if (err instanceof StoreError) {
      logger.fatal(err.message);
      process.stderr.write(`Cannot start: ${err.message}\n`);
      process.exit(1);
    }
    throw err;
  }
  if (config.localMode) {
    logger.info(
      { url: app.url },
      'local mode: no MicrosoftAppId, so requests are not authenticated; listening on %s only (set HOST to change)',
      config.host,
    );
  }
  logger.info(
    {
      url: `${app.url}/api/messages`,
      storage: app.storage,
      clock: config.now?.toISOString() ?? 'system',
    },
    'Partner Benefits bot is ready',
  );

  let stopping = false;
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    logger.info({ signal }, 'stopping');
    await app.stop();
    process.exit(0);
  };
  process.once('SIGINT', () => void stop('SIGINT'));
  process.once('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err: unknown) => {
  process.stderr.write(`Start failed: ${err instanceof Error ? err.message : String(err)}\n`);
  process.exit(1);
});
