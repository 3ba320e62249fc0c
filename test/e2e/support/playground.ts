/**
 * Helpers for end-to-end tests in the Microsoft 365 Agents Playground, driven headless by Chromium:
 * a free port, the bot started in-process on a temp data file (or its PostgreSQL schema), the browser launched offline, and the
 * Playground page's parts (message box, the bot's messages). Starting and stopping the Playground
 * itself lives in scripts/playground.ts, which `npm run playground` shares.
 */
import { existsSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import path from 'node:path';
import {
  chromium,
  type Browser,
  type BrowserContext,
  type Locator,
  type Page,
} from 'playwright-core';
import { startApp, type RunningApp } from '../../../bot/app';
import { loadConfig } from '../../../bot/config';
import { createLogger } from '../../../bot/logger';
import { storeSettings } from '../../support/test-backend';

export { startPlayground, waitForPing, type PlaygroundProcess } from '../../../scripts/playground';

export const CHROMIUM = '/usr/bin/chromium';

/** Flags that let Chromium run headless here with no network (from the toolchain notes). */
export const CHROMIUM_FLAGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

/** The name the Playground gives the bot in its chat. */
export const BOT_NAME = 'Test Bot';

/** Where end-to-end tests leave screenshots and logs (gitignored). */
export const ARTIFACTS_DIR = path.resolve(__dirname, '..', '..', '..', 'test-artifacts', 'e2e');

/** A TCP port free at the time of asking: listen on port 0, note the port, close. */
export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.once('error', reject);
    server.listen(0, () => {
      const { port } = server.address() as AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** Starts the bot in this process on an ephemeral port, in local mode, with its data in dataFile (on PostgreSQL, the schema it names: test-backend.ts). */
export async function startBot(dataFile: string, now: string): Promise<RunningApp> {
  const config = {
    ...loadConfig({ ...(await storeSettings(dataFile)), BENEFITS_NOW: now, LOG_LEVEL: 'silent' }),
    port: 0,
  };
  return startApp(config, createLogger(config.logLevel));
}

/**
 * The environment Chromium starts with: this process's, less faketime's settings. .ci/run runs the
 * suite a second time under faketime (the system clock moved), whose LD_PRELOAD keeps Chromium's
 * pages from loading; nothing the tests check reads the browser's clock (the bot's is pinned,
 * BENEFITS_NOW), so the browser keeps the real one.
 */
function chromiumEnv(): Record<string, string> {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      (entry): entry is [string, string] =>
        entry[1] !== undefined && entry[0] !== 'LD_PRELOAD' && !entry[0].startsWith('FAKETIME'),
    ),
  );
}

/** Launches the system Chromium; throws (so the test fails, not skips) when it is not installed. */
export async function launchChromium(): Promise<Browser> {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}, which the end-to-end test needs: run \`apt-get install -y chromium fonts-noto-cjk\` and run the test again.`,
    );
  }
  return chromium.launch({ executablePath: CHROMIUM, args: CHROMIUM_FLAGS, env: chromiumEnv() });
}

/** A browser context that reaches only this machine: res-1.cdn.office.net (fonts) and any other host are refused at once. */
export async function offlineContext(browser: Browser): Promise<BrowserContext> {
  const context = await browser.newContext({
    viewport: { width: 1400, height: 1000 },
    locale: 'en-US',
  });
  await context.route(
    (url) => !['localhost', '127.0.0.1', '[::1]'].includes(url.hostname),
    (route) => route.abort('blockedbyclient'),
  );
  return context;
}

/** The Playground's chat page, with the parts a test uses (selectors observed on Playground 0.2.28). */
export class PlaygroundChat {
  constructor(readonly page: Page) {}

  /** The compose box of the open conversation. */
  get messageBox(): Locator {
    return this.page
      .locator('[role="textbox"][contenteditable="true"][data-lexical-editor="true"]')
      .first();
  }

  /** Every message of the bot in the open conversation (not the sidebar preview, not the log panel). */
  get botMessages(): Locator {
    return this.page.locator(`div:has(> div > [role="img"][aria-label="${BOT_NAME}"])`);
  }

  /** The bot's latest message containing this text. */
  botMessage(text: string | RegExp): Locator {
    return this.botMessages.filter({ hasText: text }).last();
  }

  /** The bot's latest card whose heading is this. */
  card(heading: string): Locator {
    return this.botMessages
      .filter({ has: this.page.getByRole('heading', { name: heading, exact: true }) })
      .last();
  }

  /** An entry of the log panel, e.g. "installationUpdate 200". */
  logEntry(text: string): Locator {
    return this.page.getByText(text, { exact: true });
  }

  /** Opens a conversation from the sidebar: "Personal Chat", "Group Chat", "My Team - General", "My Team - Announcements". */
  async open(conversation: string): Promise<void> {
    await this.page.locator(`[role="treeitem"][aria-label="${conversation}"]`).click();
    await this.messageBox.waitFor();
  }

  /**
   * In the open channel, starts a new post that @mentions the bot (typed "@", then the bot picked
   * from the typeahead, as a person does), followed by the text, and posts it with "Post".
   */
  async postMentioningBot(text: string): Promise<void> {
    await this.messageBox.click();
    await this.page.keyboard.type('@Test');
    await this.page.locator('#typeahead-menu [role="menuitem"]', { hasText: BOT_NAME }).click();
    await this.page.keyboard.type(` ${text}`);
    await this.page.getByRole('button', { name: 'Post', exact: true }).click();
  }

  /** Types a message in the compose box and sends it. */
  async send(text: string): Promise<void> {
    await this.messageBox.click();
    await this.messageBox.fill(text);
    await this.page.locator('button[aria-label="Send Message"]').click();
  }
}

/** The text of the first line of each button of a card whose name matches: the row titles, in order. */
export async function rowTitles(buttons: Locator): Promise<string[]> {
  return buttons.evaluateAll((els) =>
    els.map((el) => el.querySelector('p')?.textContent?.trim() ?? ''),
  );
}
