/**
 * An organisation switched to Microsoft Entra ID, end to end: the bot (botbuilder's TestAdapter
 * on a real store) with a GraphDirectory that gets its tokens from a real OpenID Connect server
 * over HTTPS and reads people from a Graph stand-in that checks those tokens (identity-stand-ins.mjs).
 */
import { createHash } from 'node:crypto';
import { TestClock } from '../support/connector-stand-in';
import { GraphDirectory } from '../../services/directory/graph-directory';
import { ReminderScheduler } from '../../services/notifications/reminders';
import { PeopleService } from '../../services/people.service';
import type { Assignment, OrganisationData } from '../../services/model';
import { botHarness, button, cardOf, readable } from '../support/bot-harness';
import {
  makeTestCertificate,
  trustingFetch,
  trustingNetworkClient,
  type TestCertificate,
  type TrustingFetch,
} from '../support/identity-https';
import type { Person } from '../support/people';
import { demoSeed, NOW, tempDir } from '../support/temp-store';
import { ALEX, CONTOSO, GONE, MEGAN, MEGHAN, PATTI, directories } from './directory-fixture';
import { IdentityStandIns } from './stand-ins';

const APP = '3f1e2d4c-5b6a-4798-8a1b-2c3d4e5f6a70';
const SECRET = 'app-secret~Kx9.Qw3-never-shown';
const VS_ENTERPRISE = 'visual-studio-enterprise';
const VS_PRO = 'visual-studio-professional';

const as = (userId: string, displayName: string): Person =>
  ({ tenantId: CONTOSO, userId, displayName }) as unknown as Person;
const megan = as(MEGAN, 'Megan Bowen');
const meghan = as(MEGHAN, 'Meghan Lee');
const alex = as(ALEX, 'Alex Wilber');

const seat = (id: string, benefitId: string, userId: string): Assignment => ({
  id,
  benefitId,
  userId,
  state: 'active',
  assignedAt: NOW.toISOString(),
  assignedBy: MEGAN,
  alternativeEmail: null,
  activatedAt: NOW.toISOString(),
});

/** Contoso's benefit package in the Entra tenant: the bot has met Alex (since disabled) and a person since deleted, who each hold a Visual Studio Enterprise seat. */
function entraContoso(): OrganisationData[] {
  const demo = demoSeed().find((org) => org.organisation.name.startsWith('Contoso'));
  if (!demo) throw new Error('no demo Contoso');
  return [
    {
      ...demo,
      organisation: {
        ...demo.organisation,
        tenantId: CONTOSO,
        name: 'Contoso (Entra)',
        directory: 'entra',
        marketingContact: null,
      },
      users: [
        {
          id: ALEX,
          displayName: 'Alex Wilber',
          aliases: [],
          email: 'AlexW@contoso.com',
          roles: ['globalAdmin'],
        },
        {
          id: GONE,
          displayName: 'Debra Berger',
          aliases: ['デブラ'],
          email: 'DebraB@contoso.com',
          roles: [],
        },
      ],
      assignments: [seat('a-alex', VS_ENTERPRISE, ALEX), seat('a-gone', VS_ENTERPRISE, GONE)],
      audit: [],
      processedRequests: [],
      requests: [],
      asks: [],
      outbox: [],
    },
  ];
}

let temp: Awaited<ReturnType<typeof tempDir>>;
let tls: TestCertificate;
let standIns: IdentityStandIns;
let network: ReturnType<typeof trustingNetworkClient>;
let https: TrustingFetch;

beforeAll(async () => {
  temp = await tempDir();
  tls = await makeTestCertificate(temp.dir, 'server');
  standIns = await IdentityStandIns.start({
    keyPath: tls.keyPath,
    certPath: tls.certPath,
    clients: [
      { clientId: APP, secret: SECRET, roles: ['User.Read.All', 'RoleManagement.Read.Directory'] },
    ],
    tenants: directories,
  });
  network = trustingNetworkClient(tls.cert);
  https = trustingFetch(tls.cert);
}, 30_000);

afterAll(async () => {
  await standIns?.stop();
  network?.close();
  https?.close();
  await temp?.remove();
});

let harness: Awaited<ReturnType<typeof botHarness>>;
let directory: GraphDirectory;

beforeEach(async () => {
  await standIns.reset();
  directory = new GraphDirectory({
    clientId: APP,
    credential: { secret: SECRET },
    authorityHost: standIns.issuer,
    authorityMetadata: (tenantId) => standIns.metadata(tenantId),
    graphBaseUrl: standIns.graphBaseUrl,
    networkClient: network,
    fetch: https,
    maxAttempts: 2,
    sleep: () => Promise.resolve(),
  });
  harness = await botHarness({ seed: entraContoso, entraDirectory: directory });
});

afterEach(() => harness.dispose());

/** Everything the store holds (its files, or its tables), hashed: to show that nothing changed. */
async function digest(): Promise<string> {
  const hash = createHash('sha256');
  for (const { where, text } of await harness.storedTexts()) hash.update(where).update(text);
  return hash.digest('hex');
}

async function confirmShown(
  who: Person,
  replies: Awaited<ReturnType<typeof harness.say>>,
  title: string | RegExp = 'Confirm',
): Promise<Record<string, unknown>> {
  const confirm = button(cardOf(replies), title);
  return harness.execute({ as: who }, confirm.verb ?? '', confirm.data ?? {});
}

describe('an organisation whose people live in Microsoft Entra ID', () => {
  test('roles come from Entra ID: a Global Administrator the bot has never met sees the organisation as an admin and is remembered', async () => {
    expect(await harness.store().user(CONTOSO, MEGAN)).toBeUndefined();
    const text = readable(await harness.say({ as: megan, text: 'show benefits' }));
    expect(text).toContain('Visual Studio subscriptions');
    expect(text).toContain('Go-To-Market');
    expect(await harness.store().user(CONTOSO, MEGAN)).toMatchObject({
      displayName: 'Megan Bowen',
      email: 'MeganB@contoso.com',
      roles: ['globalAdmin'],
    });
  });

  test('someone without an Entra admin role is refused a change, told who the Global admins are', async () => {
    await harness.say({ as: megan, text: 'hello' }); // the bot meets Megan
    const text = readable(await harness.say({ as: meghan, text: 'assign VS Enterprise to Patti' }));
    expect(text).toMatch(/Global admin/);
    expect(text).toContain('Megan Bowen');
    expect((await harness.store().assignments(CONTOSO)).filter((a) => a.userId === PATTI)).toEqual(
      [],
    );
  });

  test('a disabled account is nobody: Alex, once a Global admin here, now sees only what an employee sees', async () => {
    const text = readable(await harness.say({ as: alex, text: 'assign VS Enterprise to Patti' }));
    expect(text).toMatch(/Global admin/);
    expect(text).not.toContain('Confirm');
  });

  test('assigns a seat to someone found in Entra ID by name, whom the bot had never met', async () => {
    const replies = await harness.say({
      as: megan,
      text: 'assign Visual Studio Professional to Patti Fernandez',
    });
    expect(readable(replies)).toContain('Patti Fernandez');
    const outcome = await confirmShown(megan, replies);
    expect(
      readable([
        {
          attachments: [
            { contentType: 'application/vnd.microsoft.card.adaptive', content: outcome },
          ],
        },
      ]),
    ).toContain('Patti Fernandez');
    expect(
      (await harness.store().assignments(CONTOSO)).some(
        (a) => a.benefitId === VS_PRO && a.userId === PATTI,
      ),
    ).toBe(true);
    expect(await harness.store().user(CONTOSO, PATTI)).toMatchObject({
      displayName: 'Patti Fernandez',
      email: 'PattiF@contoso.com',
    });
    const audit = await harness.store().auditEntries(CONTOSO);
    expect(audit.at(-1)).toMatchObject({
      action: 'benefit.assigned',
      actorId: MEGAN,
      subjectUserId: PATTI,
    });
  });

  test('several people in Entra ID match a name: the bot asks which, and only enabled accounts are offered', async () => {
    const text = readable(await harness.say({ as: megan, text: 'assign VS Pro to Meg' }));
    expect(text).toContain('Megan Bowen');
    expect(text).toContain('Meghan Lee');
    expect(text).toContain('Megumi Sato');
    const alexOnly = readable(
      await harness.say({ as: megan, text: 'assign VS Pro to Alex Wilber' }),
    );
    expect(alexOnly).not.toContain('Confirm');
  });

  test('a forged Confirm for a disabled account is refused on Confirm, and nothing changes', async () => {
    await harness.say({ as: megan, text: 'hello' });
    const before = await digest();
    const card = await harness.execute({ as: megan }, 'change.confirm', {
      op: 'assign',
      requestId: 'forged-1',
      benefitId: VS_PRO,
      userId: ALEX,
    });
    expect(JSON.stringify(card)).toContain('no longer in your organisation');
    expect(await digest()).toBe(before);
  });

  test('reports the seats held by people who left, and takes them back in one confirmed change', async () => {
    const replies = await harness.say({ as: megan, text: 'seats held by people who left' });
    const text = readable(replies);
    expect(text).toContain('2 seats are held by people who left');
    expect(text).toContain('2 Visual Studio Enterprise subscription seats');
    expect(text).toContain('Alex Wilber (account disabled)');
    expect(text).toContain('Debra Berger (account deleted)');
    const reclaim = button(cardOf(replies), 'Reclaim 2 seats');
    const outcome = await harness.execute({ as: megan }, reclaim.verb ?? '', reclaim.data ?? {});
    expect(JSON.stringify(outcome)).toContain('Took back 2 seats from people who left');
    expect(
      (await harness.store().assignments(CONTOSO)).filter((a) => a.benefitId === VS_ENTERPRISE),
    ).toEqual([]);
    const audit = await harness.store().auditEntries(CONTOSO);
    expect(
      audit.filter((e) => e.action === 'benefit.reclaimed').map((e) => [e.subjectUserId, e.after]),
    ).toEqual([
      [ALEX, { departure: 'disabled' }],
      [GONE, { departure: 'deleted' }],
    ]);
    // The same Confirm again (a double click, a retried delivery) changes nothing.
    const again = await harness.execute({ as: megan }, reclaim.verb ?? '', reclaim.data ?? {});
    expect(JSON.stringify(again)).toContain('already');
    expect(
      (await harness.store().auditEntries(CONTOSO)).filter((e) => e.action === 'benefit.reclaimed'),
    ).toHaveLength(2);
    expect(
      readable(await harness.say({ as: megan, text: 'seats held by people who left' })),
    ).toContain('No seats are held by people who left');
  });

  test('a reclaim only takes back seats whose holders are still gone (a forged list with a present person frees nothing of theirs)', async () => {
    await harness
      .say({ as: megan, text: 'assign VS Pro to Patti Fernandez' })
      .then((r) => confirmShown(megan, r));
    const card = await harness.execute({ as: megan }, 'change.confirm', {
      op: 'reclaim',
      requestId: 'forged-reclaim',
      seats: JSON.stringify([[VS_PRO, PATTI]]),
    });
    expect(JSON.stringify(card)).toContain('nothing to take back');
    expect((await harness.store().assignments(CONTOSO)).some((a) => a.userId === PATTI)).toBe(true);
  });

  test('the admins and the channel hear once a day about seats held by people who left, once for each new set of them', async () => {
    const clock = new TestClock(NOW.getTime());
    let n = 0;
    const scheduler = new ReminderScheduler({
      store: harness.store(),
      clock,
      newId: () => `n${++n}`,
      people: new PeopleService({ store: harness.store(), directoryFor: () => directory }),
    });
    await scheduler.run();
    const reports = (await harness.outbox(CONTOSO)).filter(
      (item) => item.event.type === 'peopleLeft',
    );
    expect(reports.map((r) => r.target.type).sort()).toEqual(['admins', 'channel']);
    expect(reports[0]?.event).toEqual({
      type: 'peopleLeft',
      total: 2,
      seats: [
        { benefit: expect.objectContaining({ en: 'Visual Studio Enterprise subscription' }), n: 2 },
      ],
    });
    expect(JSON.stringify(reports)).not.toContain('Alex'); // counts only: it goes to the channel too
    const graphCalls = (await standIns.graphRequests()).length;
    await scheduler.run(); // the same day: the directory is not read again
    expect((await standIns.graphRequests()).length).toBe(graphCalls);
    clock.advance(25 * 3600_000);
    await scheduler.run(); // a day later, the same leavers: not reported again
    expect(
      (await harness.outbox(CONTOSO)).filter((item) => item.event.type === 'peopleLeft'),
    ).toHaveLength(2);
    await harness
      .say({ as: megan, text: 'remove Debra Berger from VS Enterprise' })
      .then((r) => confirmShown(megan, r));
    clock.advance(25 * 3600_000);
    await standIns.setDown(true);
    await expect(scheduler.run()).rejects.toThrow('DIRECTORY.UNAVAILABLE'); // tried again next pass
    await standIns.setDown(false);
    await scheduler.run();
    // One seat left now is a set not reported before.
    expect(
      (await harness.outbox(CONTOSO))
        .filter((item) => item.event.type === 'peopleLeft')
        .map((r) => (r.event as { total: number }).total),
    ).toEqual([2, 2, 1, 1]);
  });

  test('a seat of someone who left can still be taken back by name', async () => {
    const replies = await harness.say({
      as: megan,
      text: 'remove Debra Berger from VS Enterprise',
    });
    await confirmShown(megan, replies);
    expect((await harness.store().assignments(CONTOSO)).some((a) => a.userId === GONE)).toBe(false);
  });

  test('a partner-program role is kept in the bot and survives the Entra roles being refreshed', async () => {
    const replies = await harness.say({ as: megan, text: 'make Meghan Lee an MPN partner admin' });
    await confirmShown(megan, replies);
    expect((await harness.store().user(CONTOSO, MEGHAN))?.roles).toEqual(['mpnPartnerAdmin']);
    await harness.restart(); // a new process: nothing cached
    const text = readable(await harness.say({ as: meghan, text: 'help' }));
    expect(text).toContain('MPN partner admin');
    expect((await harness.store().user(CONTOSO, MEGHAN))?.roles).toEqual(['mpnPartnerAdmin']);
  });

  test('"add user" points to Entra ID, where people are added', async () => {
    const text = readable(
      await harness.say({ as: megan, text: 'add user Nestor Wilke nestorw@contoso.com' }),
    );
    expect(text).toContain('Microsoft Entra ID');
  });

  test('with Graph down, people are told the directory cannot be reached (in their language) and nothing changes', async () => {
    await harness.say({ as: megan, text: 'hello' });
    const confirmCard = await harness.say({ as: megan, text: 'assign VS Pro to Patti Fernandez' });
    await harness.restart(); // nothing cached
    await standIns.setDown(true);
    try {
      const before = await digest();
      expect(readable(await harness.say({ as: megan, text: 'show benefits' }))).toContain(
        "can't reach your organisation's directory",
      );
      expect(
        readable(await harness.say({ as: megan, locale: 'ja-JP', text: '特典を見せて' })),
      ).toContain('ディレクトリ');
      const outcome = await confirmShown(megan, confirmCard);
      expect(JSON.stringify(outcome)).toContain("can't reach your organisation's directory");
      expect(await digest()).toBe(before);
    } finally {
      await standIns.setDown(false);
    }
    await harness.restart();
    const outcome = await confirmShown(megan, confirmCard);
    expect(JSON.stringify(outcome)).toContain('Patti Fernandez');
    expect(
      (await harness.store().assignments(CONTOSO)).some(
        (a) => a.benefitId === VS_PRO && a.userId === PATTI,
      ),
    ).toBe(true);
  });

  test('throttling is waited out: a 429 with Retry-After, then the answer', async () => {
    await standIns.throttleNext(1, 1);
    expect(readable(await harness.say({ as: megan, text: 'show benefits' }))).toContain(
      'Visual Studio subscriptions',
    );
    const graph = await standIns.graphRequests();
    expect(graph.some((r) => r.status === 429)).toBe(true);
  });
});
