import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startApp, type RunningApp } from '../../bot/app';
import { loadConfig } from '../../bot/config';
import { createLogger } from '../../bot/logger';
import type { OrganisationData } from '../../services/model';
import { demoUsers, installationAdd, type Person } from '../support/activities';
import { startConnector, type ConnectorStandIn } from '../support/connector';
import { NOW } from '../support/temp-store';
import { reopenStores, storedOrganisation, storeSettings } from '../support/test-backend';
import {
  BENEFITS,
  confirmInvoke,
  CONTOSO_FILE_TENANT as CONTOSO,
  invokeCard,
  msg,
  post,
  texts,
  titleOf,
} from './support/teams';

/**
 * Two admins racing for the last seat, fifty times over: 50 Global admins press Confirm at the same
 * moment over HTTP (each an adaptiveCard/action invoke from their own chat, each for a different
 * person) for the last free seat of Visual Studio Enterprise. Exactly one person gets it; the other 49 are told every seat is taken; the
 * store, the audit log and the outbox hold exactly one change. Then the same Confirm delivered 50
 * times at once (Teams retrying, several clients) changes things once.
 *
 * Not covered elsewhere in this form: test/services/assignment.service.test.ts races 5 calls of the
 * service in process, and test/bot/change-flows.test.ts presses two Confirms one after the other
 * through botbuilder's TestAdapter; test/http/assign-flow.test.ts retries one invoke sequentially.
 */

const CONTENDERS = 50;
const VS_ENT = BENEFITS.vsEnterprise;

let app: RunningApp;
let connector: ConnectorStandIn;
let dir: string;
let dataFile: string;

/** Made-up staff of Contoso, added to its user list: enough distinct people to race. */
function newcomers(count: number, first: number, label: string): Person[] {
  return Array.from({ length: count }, (_, i) => ({
    aadObjectId: `00000000-0000-0000-0000-00000000${String(first + i).padStart(4, '0')}`,
    name: `${label} ${i + 1}`,
    email: `${label.toLowerCase()}.${i + 1}@contoso.com`,
    tenantId: demoUsers.alex.tenantId,
  }));
}

/** Contoso as stored durably (its file on lowdb, its rows on PostgreSQL), not as the bot holds it in memory. */
function contosoStored(): Promise<OrganisationData> {
  return storedOrganisation(dataFile, CONTOSO);
}

beforeAll(async () => {
  connector = await startConnector();
  dir = await mkdtemp(join(tmpdir(), 'benefits-last-seat-'));
  dataFile = join(dir, 'benefits.json');
  // The per-person limit (bot/person-limiter.ts) would answer the second test's burst from one
  // person before the store sees it; the race under test is the store's, so the limit is off.
  const config = loadConfig({
    HOST: '127.0.0.1',
    ...(await storeSettings(dataFile)),
    BENEFITS_NOW: NOW.toISOString(),
    LOG_LEVEL: 'silent',
    PERSON_MESSAGES_PER_SECOND: '0',
  });
  app = await startApp({ ...config, port: 0 }, createLogger('silent'));
});

afterAll(async () => {
  await app?.stop().catch(() => undefined);
  await connector?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

test(`${CONTENDERS} Global admins press Confirm for the last free seat at the same moment over HTTP: exactly one assignment, one audit entry, one set of notifications; the rest told every seat is taken`, async () => {
  // Fifty Global admins, each with a confirmation card for a different person.
  const admins = newcomers(CONTENDERS, 6000, 'Admin');
  const racers = newcomers(CONTENDERS, 7000, 'Racer');
  await app.stores.benefits.unitOfWork(CONTOSO, (data) => {
    data.users.push(
      ...admins.map((a) => ({
        id: a.aadObjectId,
        displayName: a.name,
        aliases: [],
        email: a.email ?? '',
        roles: ['globalAdmin' as const],
      })),
    );
    data.users.push(
      ...racers.map((r) => ({
        id: r.aadObjectId,
        displayName: r.name,
        aliases: [],
        email: r.email ?? '',
        roles: [],
      })),
    );
  });
  // VS Enterprise: Lee Gu holds one of 3 seats; Ana gets the second, through the same button.
  const ana = invokeCard(
    await post(
      app.url,
      connector.serviceUrl,
      confirmInvoke(demoUsers.alex, {
        op: 'assign',
        requestId: 'fill-ana',
        benefitId: VS_ENT.id,
        userId: demoUsers.ana.aadObjectId,
      }),
    ),
  );
  expect(ana && titleOf(ana)).toBe(
    msg('en', 'result.assigned', { name: 'Ana Bowman', benefit: VS_ENT.name }),
  );
  for (const racer of racers.slice(0, 10))
    await post(app.url, connector.serviceUrl, installationAdd(racer));
  const before = await contosoStored();

  const answers = await Promise.all(
    racers.map((racer, i) =>
      post(
        app.url,
        connector.serviceUrl,
        confirmInvoke(admins[i] as Person, {
          op: 'assign',
          requestId: `race-${i}`,
          benefitId: VS_ENT.id,
          userId: racer.aadObjectId,
        }),
      ),
    ),
  );
  expect(answers.map((a) => a.status)).toEqual(Array(CONTENDERS).fill(200));
  const cards = answers.map((a) => invokeCard(a) ?? {});
  const winners = cards
    .map((c, i) => ({ i, title: titleOf(c) }))
    .filter(({ title }) => title !== msg('en', 'result.notDone'));
  expect(winners).toHaveLength(1);
  const winner = racers[winners[0]?.i ?? -1] as Person;
  expect(winners[0]?.title).toBe(
    msg('en', 'result.assigned', { name: winner.name, benefit: VS_ENT.name }),
  );
  const refusals = cards.filter((_, i) => i !== winners[0]?.i);
  const full = msg('en', 'error.BENEFIT.NO_FREE_SEAT', {
    benefit: VS_ENT.name,
    holders: `Lee Gu, Ana Bowman, and ${winner.name}`,
  });
  expect(
    refusals
      .filter((c) => titleOf(c) !== msg('en', 'result.notDone') || texts(c)[1] !== full)
      .map((c) => texts(c)),
  ).toEqual([]);

  // In memory and as stored: three holders, one more audit entry, one processed request, one change's notifications.
  const holders = (await app.stores.benefits.assignments(CONTOSO))
    .filter((a) => a.benefitId === VS_ENT.id)
    .map((a) => a.userId);
  expect(holders).toEqual([
    demoUsers.leeGu.aadObjectId,
    demoUsers.ana.aadObjectId,
    winner.aadObjectId,
  ]);
  const after = await contosoStored();
  expect(after.assignments.filter((a) => a.benefitId === VS_ENT.id).map((a) => a.userId)).toEqual(
    holders,
  );
  const admin = admins[winners[0]?.i ?? -1] as Person;
  expect(
    after.audit
      .slice(before.audit.length)
      .map((a) => [a.action, a.benefitId, a.subjectUserId, a.actorId]),
  ).toEqual([['benefit.assigned', VS_ENT.id, winner.aadObjectId, admin.aadObjectId]]);
  expect(after.processedRequests.slice(before.processedRequests.length).map((r) => r.id)).toEqual([
    `race-${winners[0]?.i}`,
  ]);
  const newItems = after.outbox.filter(
    (o) => !before.outbox.some((b) => b.id === o.id) && o.event.type !== 'keysRevealed',
  );
  expect(newItems.map((o) => [o.target.type, o.event.type])).toEqual([
    ['channel', 'assigned'],
    ['person', 'assigned'],
    ['channel', 'seatsRunningOut'],
  ]);
}, 60_000);

test(`the same Confirm delivered ${CONTENDERS} times at once (Teams retrying, several clients): one change, the other answers say it was already done`, async () => {
  const before = await contosoStored();
  const patti = demoUsers.patti;
  const data = {
    op: 'assign',
    requestId: 'one-press-many-deliveries',
    benefitId: BENEFITS.vsPro.id,
    userId: patti.aadObjectId,
  };
  const answers = await Promise.all(
    Array.from({ length: CONTENDERS }, () =>
      post(app.url, connector.serviceUrl, confirmInvoke(demoUsers.alex, data)),
    ),
  );
  expect(answers.map((a) => a.status)).toEqual(Array(CONTENDERS).fill(200));
  const cards = answers.map((a) => invokeCard(a) ?? {});
  const title = msg('en', 'result.assigned', {
    name: 'Patti Fernandez',
    benefit: BENEFITS.vsPro.name,
  });
  expect(cards.map(titleOf)).toEqual(Array(CONTENDERS).fill(title));
  expect(cards.filter((c) => !texts(c).includes(msg('en', 'result.alreadyDone')))).toHaveLength(1);

  const after = await contosoStored();
  expect(
    after.assignments.filter((a) => a.benefitId === BENEFITS.vsPro.id).map((a) => a.userId),
  ).toEqual([patti.aadObjectId]);
  expect(after.audit.slice(before.audit.length).map((a) => [a.action, a.subjectUserId])).toEqual([
    ['benefit.assigned', patti.aadObjectId],
  ]);
  expect(after.processedRequests.slice(before.processedRequests.length).map((r) => r.id)).toEqual([
    'one-press-many-deliveries',
  ]);

  // And a restarted bot reads the same.
  await app.stop();
  const reopened = await reopenStores({ dataFile });
  try {
    expect(
      (await reopened.benefits.assignments(CONTOSO)).filter((a) => a.benefitId === VS_ENT.id),
    ).toHaveLength(3);
    expect(
      (await reopened.benefits.assignments(CONTOSO))
        .filter((a) => a.benefitId === BENEFITS.vsPro.id)
        .map((a) => a.userId),
    ).toEqual([patti.aadObjectId]);
  } finally {
    await reopened.close();
  }
}, 60_000);
