/**
 * End to end in a real Teams-like client: the bot runs in-process, the Microsoft 365 Agents Playground
 * runs as a child process pointed at it, and headless Chromium drives the Playground's page as
 * Alex Wilber (Global admin of Contoso Partners), in English, then in Japanese.
 *
 * Needs /usr/bin/chromium and fonts-noto-cjk (apt-get install -y chromium fonts-noto-cjk); fails without them.
 * Screenshots go to test-artifacts/e2e/ (failure.png, of the whole page, when the scenario fails).
 */
import { copyFile, mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import path from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import type { RunningApp } from '../../bot/app';
import {
  ARTIFACTS_DIR,
  PlaygroundChat,
  freePort,
  launchChromium,
  offlineContext,
  rowTitles,
  startBot,
  startPlayground,
  type PlaygroundProcess,
} from './support/playground';

const NOW = '2026-11-24T09:00:00Z';

let dir: string | undefined;
let bot: RunningApp | undefined;
let playground: (PlaygroundProcess & { url: string }) | undefined;
let browser: Browser | undefined;
let context: BrowserContext | undefined;

beforeAll(async () => {
  browser = await launchChromium(); // first: without Chromium the test fails at once, saying what to install
  context = await offlineContext(browser);
  dir = await mkdtemp(path.join(tmpdir(), 'benefits-e2e-'));
  await mkdir(ARTIFACTS_DIR, { recursive: true });
  await rm(path.join(ARTIFACTS_DIR, 'failure.png'), { force: true });
  bot = await startBot(path.join(dir, 'benefits.json'), NOW);
  playground = await startPlayground({
    botEndpoint: `${bot.url}/api/messages`,
    port: await freePort(),
    logFile: path.join(dir, 'agents-playground.log'),
    cwd: dir, // no .m365agentsplayground.yml there: the Playground's default users, Alex Wilber first
    startTimeoutMs: 30_000,
  });
}, 60_000);

afterAll(async () => {
  await context?.close().catch(() => undefined);
  await browser?.close().catch(() => undefined);
  await playground?.stop();
  await bot?.stop();
  if (dir) {
    await copyFile(
      path.join(dir, 'agents-playground.log'),
      path.join(ARTIFACTS_DIR, 'agents-playground.log'),
    ).catch(() => undefined);
    await rm(dir, { recursive: true, force: true });
  }
}, 30_000);

test('Alex Wilber browses the benefits in the Agents Playground, in English then Japanese', async () => {
  if (!context || !playground) throw new Error('beforeAll did not finish');
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const chat = new PlaygroundChat(page);
  try {
    await scenario(page, chat, playground.url);
  } catch (err) {
    await page
      .screenshot({ path: path.join(ARTIFACTS_DIR, 'failure.png'), fullPage: true })
      .catch(() => undefined);
    throw err;
  }
}, 120_000);

/** What Alex does, and what the Playground shows him. */
async function scenario(page: Page, chat: PlaygroundChat, url: string): Promise<void> {
  // The personal chat is Alex Wilber's, and the bot greets him.
  await page.goto(url);
  await page.getByRole('toolbar').getByRole('img', { name: 'Alex Wilber' }).waitFor();
  await chat.botMessage('Hi Alex Wilber!').waitFor();
  expect(await chat.botMessage('Hi Alex Wilber!').textContent()).toContain('Contoso Partners');

  // A reload sends installationUpdate and conversationUpdate again (the page starts empty): no second welcome.
  await page.reload();
  await chat.logEntry('installationUpdate 200').waitFor();
  await chat.logEntry('conversationUpdate 200').waitFor();

  // The overview: five categories, in order.
  await chat.send('show benefits');
  const overview = chat.card('Contoso Partners: partner benefits');
  await overview.waitFor();
  const categories = overview.getByRole('button', { name: /^Open / });
  expect(await rowTitles(categories)).toEqual([
    'Software',
    'Cloud services',
    'Visual Studio subscriptions',
    'Technical benefits',
    'Go-To-Market',
  ]);
  // The welcome, had it been sent again on reload, would have arrived before this answer.
  expect(await chat.botMessages.filter({ hasText: 'Hi Alex Wilber!' }).count()).toBe(0);

  // Selecting a category row (a Container with an Action.Submit) opens the category card.
  await overview.getByRole('button', { name: 'Open Visual Studio subscriptions' }).click();
  const enterpriseRow = page.getByRole('button', {
    name: 'Details of Visual Studio Enterprise subscription',
    exact: true,
  });
  const category = chat.botMessages.filter({ has: enterpriseRow }).last();
  await category.waitFor();
  const row = category.getByRole('button', {
    name: 'Details of Visual Studio Enterprise subscription',
    exact: true,
  });
  await row.getByText('Visual Studio Enterprise subscription', { exact: true }).waitFor();
  await row.getByText('3 seats · 1 used · 2 free', { exact: true }).waitFor();
  expect(await category.getByText('lee.gu@contoso.com').isVisible()).toBe(false);

  // Selecting the row (Action.ToggleVisibility) shows its details, with who holds a seat.
  await row.click();
  await category.getByText('Lee Gu', { exact: true }).waitFor();
  await category.getByText('lee.gu@contoso.com', { exact: true }).waitFor();
  await category.screenshot({ path: path.join(ARTIFACTS_DIR, 'visual-studio-expanded.png') });

  // Japanese from now on.
  await chat.send('日本語で');
  await chat.botMessage('日本語でお答えします').waitFor();
  await chat.send('特典を表示');
  const overviewJa = chat.card('Contoso Partners のパートナー特典');
  await overviewJa.waitFor();
  const categoriesJa = overviewJa.locator('[role="button"]');
  await categoriesJa.first().waitFor();
  expect(await rowTitles(categoriesJa)).toEqual([
    'ソフトウェア',
    'クラウド サービス',
    'Visual Studio サブスクリプション',
    '技術特典',
    '市場投入',
  ]);
  await overviewJa.screenshot({ path: path.join(ARTIFACTS_DIR, 'overview-ja.png') });
}

/** Opens the Playground as Alex Wilber (its default user) and runs a scenario; on failure keeps a screenshot of the whole page. */
async function asAlex(
  failureShot: string,
  scenario: (page: Page, chat: PlaygroundChat) => Promise<void>,
): Promise<void> {
  if (!context || !playground) throw new Error('beforeAll did not finish');
  const page = await context.newPage();
  page.setDefaultTimeout(15_000);
  const chat = new PlaygroundChat(page);
  try {
    await page.goto(playground.url);
    await page.getByRole('toolbar').getByRole('img', { name: 'Alex Wilber' }).waitFor();
    await scenario(page, chat);
  } catch (err) {
    await page
      .screenshot({ path: path.join(ARTIFACTS_DIR, failureShot), fullPage: true })
      .catch(() => undefined);
    throw err;
  }
}

test(
  'Alex Wilber assigns a Visual Studio Professional seat to Ana and sees it in the list',
  () =>
    asAlex('failure-assign.png', async (page, chat) => {
      await chat.send('English please');
      await chat.botMessage("I'll answer in English").waitFor();

      // "VS" is two subscriptions: the bot asks which, showing free seats.
      await chat.send('assign VS to Ana');
      const question = chat.botMessages
        .filter({ hasText: 'could be more than one benefit' })
        .last();
      await question.waitFor();
      await question
        .getByRole('button', { name: 'Visual Studio Professional subscription (5 seats free)' })
        .click();

      // The confirmation says what, to whom and what it leaves; nothing changes before Confirm.
      const confirmation = chat.botMessages
        .filter({ hasText: 'Assign Visual Studio Professional subscription to Ana Bowman?' })
        .last();
      await confirmation.waitFor();
      await confirmation.getByText('4 of 5 seats', { exact: true }).waitFor();
      await confirmation.screenshot({ path: path.join(ARTIFACTS_DIR, 'assign-confirmation.png') });
      await confirmation.getByRole('button', { name: 'Confirm' }).click();

      // Universal Actions: the card is replaced in place by the outcome.
      await chat
        .botMessage('Ana Bowman now has Visual Studio Professional subscription.')
        .waitFor();
      await chat
        .botMessage('Ana Bowman now has Visual Studio Professional subscription.')
        .last()
        .screenshot({ path: path.join(ARTIFACTS_DIR, 'assign-result.png') });

      // The list shows her seat.
      await chat.send('Visual Studio subscriptions');
      const professionalRow = page.getByRole('button', {
        name: 'Details of Visual Studio Professional subscription',
        exact: true,
      });
      const list = chat.botMessages.filter({ has: professionalRow }).last();
      await list.waitFor();
      const row = list.getByRole('button', {
        name: 'Details of Visual Studio Professional subscription',
        exact: true,
      });
      await row.getByText('5 seats · 1 used · 4 free', { exact: true }).waitFor();
      await row.click();
      await list.getByText('Ana Bowman', { exact: true }).waitFor();
      await list.getByText('ana@contoso.com', { exact: true }).waitFor();
    }),
  120_000,
);

test(
  'Alex Wilber gets the Windows 11 keys for 日本語 / ARM64 and sees the instructions and the matching download',
  () =>
    asAlex('failure-keys.png', async (page, chat) => {
      await chat.send('get keys for Windows 11');
      const form = chat.botMessages.filter({ hasText: 'Get keys: Windows 11 Enterprise' }).last();
      await form.waitFor();
      // The Playground draws choice sets as Fluent dropdowns: open one, then pick the option.
      await form.getByRole('combobox', { name: /Display language/ }).click();
      await page.getByRole('option', { name: '日本語' }).click();
      await form.getByRole('combobox', { name: /Operating system type/ }).click();
      await page.getByRole('option', { name: 'ARM64' }).click();
      // Still inside the 30-day refund window: getting software keys ends the right to a refund.
      await form.getByRole('checkbox', { name: /ends our right to a refund/ }).check();
      await form.screenshot({ path: path.join(ARTIFACTS_DIR, 'keys-form.png') });
      await form.getByRole('button', { name: 'Get keys' }).click();

      const keys = chat.botMessages.filter({ hasText: 'Keys for Windows 11 Enterprise' }).last();
      await keys.waitFor();
      await keys.getByText('日本語 · ARM64').waitFor();
      await keys.getByText(/Use these keys only on computers used by your organisation/).waitFor();
      expect(
        await keys.getByText(/^W11EN-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}-[A-Z0-9]{5}$/).count(),
      ).toBe(5);
      await keys.getByText('Download (日本語, ARM64)', { exact: true }).waitFor();
      await keys.screenshot({ path: path.join(ARTIFACTS_DIR, 'keys-revealed.png') });
    }),
  120_000,
);

test(
  'Alex Wilber says "notify here" in My Team › General, then an assignment he makes in the personal chat appears in the channel',
  () =>
    asAlex('failure-notify.png', async (page, chat) => {
      const notification =
        'Alex Wilber assigned Visual Studio Professional subscription to Diego Siciliani.';
      // English first: "notify here" sets the organisation's notification language to the one Alex is answered in.
      await chat.send('English please');
      await chat.botMessage("I'll answer in English").waitFor();

      // A new post in My Team › General that @mentions the bot (the bot hears nothing else in a channel).
      await chat.open('My Team - General');
      await chat.postMentioningBot('notify here');
      await chat
        .botMessage(
          'From now on, this channel hears about changes to the benefits of Contoso Partners, in English.',
        )
        .waitFor();

      // Back in the personal chat: assign a seat to Diego, confirmed with Universal Actions.
      await chat.open('Personal Chat');
      await chat.send('assign VS Pro to Diego');
      const confirmation = chat.botMessages
        .filter({ hasText: 'Assign Visual Studio Professional subscription to Diego Siciliani?' })
        .last();
      await confirmation.waitFor();
      await confirmation.getByRole('button', { name: 'Confirm' }).click();
      await chat
        .botMessage('Diego Siciliani now has Visual Studio Professional subscription.')
        .waitFor();

      // The channel hears it: a proactive message from the outbox, posted to the channel itself (not in the "notify here" thread), once.
      await chat.open('My Team - General');
      const post = page.getByText(notification);
      await post.first().waitFor();
      await page.waitForTimeout(2_500); // two more sender passes: a repeat would show up
      expect(await post.count()).toBe(1);
      await page.screenshot({ path: path.join(ARTIFACTS_DIR, 'notify-channel.png') });
    }),
  120_000,
);
