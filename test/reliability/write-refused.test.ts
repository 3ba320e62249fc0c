import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type RunningApp } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { createLogger } from '../../bot/logger';
import type { OrganisationData } from '../../services/model';
import { enqueue } from '../../services/notifications/outbox';
import { openLowdbStores, storeLayout } from '../../services/store/lowdb-store';
import { organisationDataSchema } from '../../services/store/schema';
import {
  channelMention,
  demoUsers,
  installationAdd,
  personalConversationId,
  personalMessage,
  type Person,
} from '../support/activities';
import { startConnector, type ConnectorStandIn, type ReceivedActivity } from '../support/connector';
import { NOW } from '../support/temp-store';
import { canMount, fillDisk, makeReadOnly, mountTmpfs } from './support/fs-faults';
import {
  BENEFITS,
  cardIn,
  confirmInvoke,
  CONTOSO_FILE_TENANT as CONTOSO,
  invokeCard,
  msg,
  post,
  texts,
  titleOf,
} from './support/teams';

/**
 * The store cannot write: the organisation's folder turned read-only, or the disk full. A Confirm
 * is then refused with a clear sentence in the person's language (the outcome card says it was not
 * done and why), nothing already acknowledged is lost, nobody is notified of the change that was
 * not made, and the same Confirm works once the store can write again.
 *
 * Read-only: the folder is bind-mounted read-only onto itself (EROFS), which root cannot bypass;
 * without mount permission, chmod 0555 as a non-root user, or as root (who ignores modes) the
 * store's temporary file name taken by a folder (see support/fs-faults.ts). Full disk: a real
 * tmpfs of a few megabytes filled to the last byte when this machine lets the test mount one, and
 * always an in-process simulation at the layer the store writes through (node:fs/promises
 * writeFile, which lowdb's writer steno calls for its temporary file): part of the file is
 * written, then ENOSPC, as a full disk does.
 */

type Json = Record<string, unknown>;
const fsp = jest.requireActual<typeof import('node:fs/promises')>('node:fs/promises');
const realWriteFile = fsp.writeFile;
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
const ALEX = demoUsers.alex;
const ANA = demoUsers.ana;
const PATTI = demoUsers.patti;

interface Rig {
  app: RunningApp;
  connector: ConnectorStandIn;
  dir: string;
  dataFile: string;
  orgsDir: string;
  orgFile: string;
  /** The temporary file steno writes before renaming it over the organisation's file. */
  orgTempFile: string;
  stateDir: string;
}

const cleanups: (() => Promise<unknown>)[] = [];
afterEach(async () => {
  jest.restoreAllMocks();
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
});

async function rig(dir?: string): Promise<Rig> {
  if (!dir) {
    dir = await mkdtemp(join(tmpdir(), 'benefits-refused-'));
    const made = dir;
    cleanups.push(() => rm(made, { recursive: true, force: true }));
  }
  const dataFile = join(dir, 'benefits.json');
  const connector = await startConnector();
  cleanups.push(() => connector.close());
  const config = loadConfig({
    HOST: '127.0.0.1',
    DATA_FILE: dataFile,
    BENEFITS_NOW: NOW.toISOString(),
    LOG_LEVEL: 'silent',
  });
  const app = await startApp({ ...config, port: 0 }, createLogger('silent'));
  cleanups.push(() => app.stop());
  const layout = storeLayout(dataFile);
  const orgFile = join(layout.organisationsDir, `${CONTOSO}.json`);
  return {
    app,
    connector,
    dir,
    dataFile,
    orgsDir: layout.organisationsDir,
    orgFile,
    orgTempFile: join(layout.organisationsDir, `.${CONTOSO}.json.tmp`),
    stateDir: layout.stateDir,
  };
}

function send(r: Rig, activity: Parameters<typeof post>[2]) {
  return post(r.app.url, r.connector.serviceUrl, activity);
}

/** Alex presses Confirm on "assign <benefit> to <person>" (as Action.Execute), from a Teams client in `locale`. */
async function confirmAssign(
  r: Rig,
  requestId: string,
  benefit: { id: string },
  person: Person,
  locale = 'en-US',
): Promise<Json> {
  const answered = await send(
    r,
    confirmInvoke(
      ALEX,
      { op: 'assign', requestId, benefitId: benefit.id, userId: person.aadObjectId },
      { locale },
    ),
  );
  expect(answered.status).toBe(200);
  const card = invokeCard(answered);
  if (!card)
    throw new Error(`the Confirm was answered without a card: ${JSON.stringify(answered.body)}`);
  return card;
}

const notificationsTo = (r: Rig, conversationId: string) =>
  r.connector
    .activities()
    .filter(
      (a) =>
        a.conversationId === conversationId &&
        (a.activity.channelData as { notificationId?: string } | undefined)?.notificationId,
    );

async function waitFor(check: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`waited ${timeoutMs} ms in vain for ${what}`);
    await sleep(25);
  }
}

/** Ana and Patti have personal chats with the bot; Alex has talked to it once (so his profile is stored). */
async function everyoneIn(r: Rig): Promise<void> {
  for (const p of [ANA, PATTI]) expect((await send(r, installationAdd(p))).status).toBe(200);
  expect((await send(r, personalMessage(ALEX, 'help'))).status).toBe(200);
}

const refusedIn = (lang: 'en' | 'ja') => [
  msg(lang, 'result.notDone'),
  msg(lang, 'error.STORE.WRITE_FAILED'),
];

interface Fault {
  on(): Promise<void>;
  off(): Promise<void>;
}

/**
 * The scenario every fault goes through: one change acknowledged before; then, with the fault,
 * a Confirm from an English and one from a Japanese Teams client, both refused in their language,
 * nothing changed, nobody notified; then the fault gone, the English one pressed again is made.
 * Finally the store is reopened as a restarted bot would, and agrees.
 */
async function refusedThenDone(r: Rig, fault: Fault): Promise<void> {
  await everyoneIn(r);
  const anaChat = personalConversationId(ANA);
  const pattiChat = personalConversationId(PATTI);
  const before = await confirmAssign(r, 'before-the-fault', BENEFITS.vsPro, ANA);
  expect(titleOf(before)).toBe(
    msg('en', 'result.assigned', { name: 'Ana Bowman', benefit: BENEFITS.vsPro.name }),
  );
  await waitFor(() => notificationsTo(r, anaChat).length === 1, 5_000, "Ana's notification");
  await sleep(300); // the sender's mark of Ana's notification is written

  await fault.on();
  let faultOn = true;
  try {
    const english = await confirmAssign(r, 'patti-vs-pro', BENEFITS.vsPro, PATTI, 'en-US');
    expect(texts(english)).toEqual(refusedIn('en'));
    const japanese = await confirmAssign(
      r,
      'patti-vs-enterprise',
      BENEFITS.vsEnterprise,
      PATTI,
      'ja-JP',
    );
    expect(texts(japanese)).toEqual(refusedIn('ja'));

    // Nothing changed, and nothing acknowledged was lost, as the running bot sees it.
    const holders = async (benefitId: string) =>
      (await r.app.stores.benefits.assignments(CONTOSO))
        .filter((a) => a.benefitId === benefitId)
        .map((a) => a.userId);
    expect(await holders(BENEFITS.vsPro.id)).toEqual([ANA.aadObjectId]);
    expect(await holders(BENEFITS.vsEnterprise.id)).toEqual([demoUsers.leeGu.aadObjectId]);
    await sleep(1_500); // a sender pass or two
    expect(notificationsTo(r, pattiChat)).toEqual([]);

    await fault.off();
    faultOn = false;
  } finally {
    if (faultOn) await fault.off().catch(() => undefined);
  }

  // The same Confirm pressed again: it was never recorded as done, so now it is made.
  const again = await confirmAssign(r, 'patti-vs-pro', BENEFITS.vsPro, PATTI, 'en-US');
  expect(texts(again)[0]).toBe(
    msg('en', 'result.assigned', { name: 'Patti Fernandez', benefit: BENEFITS.vsPro.name }),
  );
  expect(texts(again)).not.toContain(msg('en', 'result.alreadyDone'));
  await waitFor(() => notificationsTo(r, pattiChat).length >= 1, 5_000, "Patti's notification");
  await sleep(1_500);
  expect(notificationsTo(r, pattiChat)).toHaveLength(1);
  expect(notificationsTo(r, anaChat)).toHaveLength(1);

  // A restarted bot reads the same: valid files, both changes whole, the refused ones absent.
  await r.app.stop();
  const reopened = await openLowdbStores({ dataFile: r.dataFile, seed: () => [] });
  await reopened.close();
  const data: OrganisationData = organisationDataSchema.parse(
    JSON.parse(await readFile(r.orgFile, 'utf8')),
  );
  expect(data.assignments.map((a) => [a.benefitId, a.userId])).toEqual([
    [BENEFITS.vsEnterprise.id, demoUsers.leeGu.aadObjectId],
    [BENEFITS.vsPro.id, ANA.aadObjectId],
    [BENEFITS.vsPro.id, PATTI.aadObjectId],
  ]);
  expect(data.processedRequests.map((p) => p.id)).toEqual(['before-the-fault', 'patti-vs-pro']);
  expect(data.audit.map((a) => [a.action, a.subjectUserId])).toEqual([
    ['benefit.assigned', ANA.aadObjectId],
    ['benefit.assigned', PATTI.aadObjectId],
  ]);
  expect(
    data.outbox
      .filter((o) => o.event.type === 'assigned')
      .map((o) => [o.target.type, (o.event as { userId?: string }).userId, o.status]),
  ).toEqual([
    ['channel', ANA.aadObjectId, 'sent'],
    ['person', ANA.aadObjectId, 'sent'],
    ['channel', PATTI.aadObjectId, 'sent'],
    ['person', PATTI.aadObjectId, 'sent'],
  ]);
}

/** An ENOSPC as the kernel reports it. */
function enospc(): NodeJS.ErrnoException {
  const err = new Error('ENOSPC: no space left on device, write') as NodeJS.ErrnoException;
  err.code = 'ENOSPC';
  err.errno = -28;
  err.syscall = 'write';
  return err;
}

/**
 * From now on, writes of files under `dir` behave as on a full disk: the first 4 KiB reach the
 * file (a full disk takes what fits), then the write fails with ENOSPC. Returns a switch to stop it.
 */
function simulateFullDisk(dir: string): { stop(): void } {
  let full = true;
  jest
    .spyOn(fsp, 'writeFile')
    .mockImplementation(async (...args: Parameters<typeof realWriteFile>) => {
      const [file, data] = args;
      if (full && typeof file === 'string' && file.startsWith(dir)) {
        const text =
          typeof data === 'string' ? data : Buffer.isBuffer(data) ? data.toString('utf8') : '';
        await realWriteFile(file, text.slice(0, 4096));
        throw enospc();
      }
      return realWriteFile(...args);
    });
  return {
    stop: () => {
      full = false;
    },
  };
}

describe('a read-only organisation folder', () => {
  test("a Confirm is refused in the person's language (English, Japanese), nothing acknowledged is lost, nobody is notified, and it works once the folder is writable again", async () => {
    const r = await rig();
    let undo: (() => Promise<void>) | undefined;
    let method = '';
    await refusedThenDone(r, {
      on: async () => {
        const made = await makeReadOnly(r.orgsDir, r.orgTempFile);
        method = made.method;
        undo = made.undo;
        cleanups.push(() => made.undo());
      },
      off: async () => {
        await undo?.();
        undo = undefined;
      },
    });
    console.log(`read-only folder made by: ${method}`);
  }, 30_000);
});

describe('a full disk', () => {
  test("simulated (ENOSPC from the write the store makes, after part of the file was written): a Confirm is refused in the person's language, nothing acknowledged is lost, and it works once there is room", async () => {
    const r = await rig();
    let disk: { stop(): void } | undefined;
    await refusedThenDone(r, {
      on: async () => {
        disk = simulateFullDisk(r.dir);
      },
      off: async () => disk?.stop(),
    });
  }, 30_000);

  test('real (a 2 MiB tmpfs filled to the last byte): the same', async () => {
    if (!(await canMount())) {
      console.log(
        'skipped: this machine does not allow mounting a tmpfs; the simulated full disk above stands in',
      );
      return;
    }
    const dir = await mkdtemp(join(tmpdir(), 'benefits-full-disk-'));
    cleanups.push(() => rm(dir, { recursive: true, force: true }));
    const disk = await mountTmpfs(dir, 2048);
    cleanups.push(() => disk.unmount());
    const r = await rig(dir);
    const filler = join(dir, 'filler');
    let bytes = 0;
    await refusedThenDone(r, {
      on: async () => {
        bytes = await fillDisk(filler);
      },
      off: () => rm(filler, { force: true }),
    });
    expect(bytes).toBeGreaterThan(0);
  }, 30_000);
});

describe('a write that fails tells nobody anything false', () => {
  // A change becomes readable only once its file is written: while the write is under way, and after
  // it fails, the outbox sender has nothing to deliver and "my benefits" shows nothing new.
  test('a change being written is seen by nobody until it is stored: when its write fails, the channel was not told and Ana never saw the seat', async () => {
    const r = await rig();
    await everyoneIn(r);
    expect((await send(r, channelMention(ALEX, 'notify here'))).status).toBe(200);
    let release: () => void = () => undefined;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let writing = false;
    jest
      .spyOn(fsp, 'writeFile')
      .mockImplementation(async (...args: Parameters<typeof realWriteFile>) => {
        if (args[0] === r.orgTempFile) {
          writing = true;
          await gate; // a slow disk, filling up
          throw enospc();
        }
        return realWriteFile(...args);
      });
    r.connector.clear();
    const confirming = confirmAssign(r, 'never-stored', BENEFITS.vsPro, ANA);
    let seenByAna: string[];
    let told: ReceivedActivity[];
    try {
      await waitFor(() => writing, 5_000, 'the write to start');
      const mine = await send(r, personalMessage(ANA, 'my benefits'));
      expect(mine.status).toBe(200);
      seenByAna = r.connector
        .activities()
        .filter((a) => a.conversationId === personalConversationId(ANA))
        .flatMap((a) => {
          const card = cardIn(a.activity);
          return card ? texts(card) : [];
        });
      // The sender runs every second: give it two passes while the write is under way.
      await sleep(2_200);
      told = r.connector
        .activities()
        .filter(
          (a) =>
            (a.activity.channelData as { notificationId?: string } | undefined)?.notificationId,
        );
    } finally {
      release();
    }
    expect(texts(await confirming)).toEqual(refusedIn('en'));
    console.log(
      `while the write was under way: Ana's "my benefits" listed ${JSON.stringify(seenByAna.filter((t) => t.includes('Visual Studio')))}; notifications delivered: ${told.map((a) => JSON.stringify(texts(cardIn(a.activity) ?? {}))).join(' | ') || 'none'}`,
    );
    expect(seenByAna.filter((t) => t === BENEFITS.vsPro.name)).toEqual([]);
    expect(told).toEqual([]);
  }, 30_000);

  // The change is stored, then saving botbuilder's user state fails (the disk filled up in between):
  // the failure is logged, and no "nothing was changed" apology contradicts the outcome card.
  test('the disk fills between storing a change and saving the conversation state: the person is not told that nothing was changed', async () => {
    const r = await rig();
    await send(r, installationAdd(ANA));
    simulateFullDisk(r.stateDir);
    // Alex's first turn ever, so his (empty) profile is saved after it.
    const card = await confirmAssign(r, 'stored-then-state-fails', BENEFITS.vsPro, ANA);
    expect(titleOf(card)).toBe(
      msg('en', 'result.assigned', { name: 'Ana Bowman', benefit: BENEFITS.vsPro.name }),
    );
    expect(
      (await r.app.stores.benefits.assignments(CONTOSO)).some(
        (a) => a.userId === ANA.aadObjectId && a.benefitId === BENEFITS.vsPro.id,
      ),
    ).toBe(true);
    const toAlex = r.connector
      .activities()
      .filter((a) => a.conversationId === personalConversationId(ALEX))
      .map((a) => a.activity.text ?? '');
    console.log(`Alex's chat after the Confirm: ${JSON.stringify(toAlex)}`);
    expect(toAlex).not.toContain(msg('en', 'error.generic'));
  }, 30_000);

  // The apology for a failed turn is in the language the person chose ("日本語で"), not the client's locale.
  test('a turn that fails on a full disk apologises in the language the person chose', async () => {
    const r = await rig();
    expect((await send(r, personalMessage(ALEX, '日本語で'))).status).toBe(200);
    r.connector.clear();
    simulateFullDisk(r.dir);
    // A chat the bot has not recorded yet: recording it is the turn's first write, and fails. The
    // Agents Playground (and some Teams clients) always send en-US, whatever the person chose.
    const conversationId = `${personalConversationId(ALEX)}-second-device`;
    expect(
      (await send(r, personalMessage(ALEX, 'ヘルプ', { locale: 'en-US', conversationId }))).status,
    ).toBe(200);
    const said = r.connector
      .activities()
      .filter((a) => a.conversationId === conversationId)
      .map((a) => a.activity.text)
      .filter((t): t is string => !!t);
    console.log(`Alex (Japanese) was told: ${JSON.stringify(said)}`);
    expect(said).toEqual([msg('ja', 'error.generic')]);
  }, 30_000);

  // A delivery Teams accepted whose "sent" mark cannot be written (a full disk) is not delivered again:
  // later passes only retry the mark.
  test('on a full disk the outbox does not send the same notification again every second', async () => {
    const r = await rig();
    await everyoneIn(r);
    const deps = {
      store: r.app.stores.benefits,
      clock: r.app.clock,
      newId: () => 'resend-on-full-disk',
    };
    await r.app.stores.benefits.unitOfWork(CONTOSO, (data) => {
      enqueue(
        deps,
        data,
        { type: 'person', userId: PATTI.aadObjectId },
        {
          type: 'keysRevealed',
          benefitId: 'windows-11-enterprise',
          benefit: { en: 'Windows 11 Enterprise', ja: 'Windows 11 Enterprise' },
          by: 'Alex Wilber',
        },
      );
    });
    simulateFullDisk(r.orgsDir);
    await sleep(3_600);
    const deliveries = notificationsTo(r, personalConversationId(PATTI)).length;
    console.log(`deliveries of one notification in 3.6 s of full disk: ${deliveries}`);
    expect(deliveries).toBeLessThanOrEqual(1);
  }, 30_000);
});
