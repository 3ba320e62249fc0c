import { actorIn, expectCode, rejection } from '../../support/service-test';
import { randomUUID } from 'node:crypto';
import { type Actor } from '../../../services/access.service';
import { pinnedClock } from '../../../services/clock';
import type { LanguageCode } from '../../../services/model';
import { NotificationsService } from '../../../services/notifications/notifications.service';
import { enqueue } from '../../../services/notifications/outbox';
import { onDisk, personalChat, reachable, teamChannel } from '../../support/connector-stand-in';
import { people, type Person } from '../../support/people';
import { demoStores, NOW } from '../../support/temp-store';

let stores: Awaited<ReturnType<typeof demoStores>>;
let service: NotificationsService;

const tenant = people.alex.tenantId;
const GENERAL = teamChannel('19:general@thread.tacv2');
const SALES = teamChannel('19:sales@thread.tacv2');

beforeEach(async () => {
  stores = await demoStores();
  service = new NotificationsService({
    store: stores.benefits,
    clock: pinnedClock(NOW),
    newId: randomUUID,
  });
  await reachable(stores.benefits, tenant, [GENERAL, SALES, personalChat(people.alex.userId)]);
});
afterEach(() => stores.dispose());

const actor = (person: Person): Promise<Actor> => actorIn(stores.benefits, person);

const settings = async () => (await onDisk(stores.dataFile, tenant)).notifications;

/** A notification already given up on, as the sender leaves it. */
async function failedOne(lastError = 'the connector answered 503'): Promise<string> {
  return stores.benefits.unitOfWork(tenant, (data) => {
    const item = enqueue(
      { store: stores.benefits, clock: pinnedClock(NOW), newId: randomUUID },
      data,
      { type: 'person', userId: people.ana.userId },
      {
        type: 'unassigned',
        benefitId: 'visual-studio-enterprise',
        benefit: { en: 'Visual Studio Enterprise', ja: 'Visual Studio Enterprise' },
        userId: people.ana.userId,
        userName: 'Ana Bowman',
        by: 'Alex Wilber',
      },
    );
    Object.assign(item, { status: 'failed', attempts: 8, lastError });
    return item.id;
  });
}

describe('the notification channel', () => {
  test.each([people.alex, people.megan])(
    'when $displayName says "notify here" in a team channel, then it becomes the notification channel; saying it again changes nothing',
    async (who) => {
      const admin = await actor(who);
      expect(await service.setChannel(admin, GENERAL.conversationId)).toEqual({
        channelConversationId: GENERAL.conversationId,
        previous: null,
        alreadyDone: false,
      });
      expect((await settings()).channelConversationId).toBe(GENERAL.conversationId);
      expect(await service.setChannel(admin, GENERAL.conversationId)).toMatchObject({
        alreadyDone: true,
      });
      expect(await service.setChannel(admin, SALES.conversationId)).toEqual({
        channelConversationId: SALES.conversationId,
        previous: GENERAL.conversationId,
        alreadyDone: false,
      });
    },
  );

  test.each([people.adele, people.isaiah, people.patti])(
    'when $displayName (neither a Global admin nor an MPN partner admin) tries, then it is refused, naming who can',
    async (who) => {
      const err = await rejection(service.setChannel(await actor(who), GENERAL.conversationId));
      expect(err.code).toBe('ROLE.MARKETING_ROLE_REQUIRED');
      expect(err.details.admins).toEqual(['Alex Wilber', 'Megan Bowen']);
      await expectCode(service.stopChannel(await actor(who)), 'ROLE.MARKETING_ROLE_REQUIRED');
      expect((await settings()).channelConversationId).toBeNull();
    },
  );

  test('when "notify here" is said in a personal chat or a conversation the bot was never added to, then it is refused', async () => {
    const alex = await actor(people.alex);
    await expectCode(
      service.setChannel(alex, personalChat(people.alex.userId).conversationId),
      'NOTIFICATION.NOT_A_CHANNEL',
    );
    await expectCode(
      service.setChannel(alex, '19:unknown@thread.tacv2'),
      'NOTIFICATION.NOT_A_CHANNEL',
    );
  });

  test('when notifications are stopped, then there is no notification channel; stopping again says nothing was on', async () => {
    await service.setChannel(await actor(people.alex), GENERAL.conversationId);
    expect(await service.stopChannel(await actor(people.megan))).toEqual({ stopped: true });
    expect((await settings()).channelConversationId).toBeNull();
    expect(await service.stopChannel(await actor(people.megan))).toEqual({ stopped: false });
  });

  test('when the notification language is set to Japanese, then it is stored for the organisation; an unknown language is refused', async () => {
    expect(await service.setLanguage(await actor(people.megan), 'ja')).toEqual({
      language: 'ja',
      alreadyDone: false,
    });
    expect((await settings()).language).toBe('ja');
    await expectCode(
      service.setLanguage(await actor(people.alex), 'fr' as LanguageCode),
      'NOTIFICATION.LANGUAGE_UNSUPPORTED',
    );
    await expectCode(
      service.setLanguage(await actor(people.patti), 'en'),
      'ROLE.MARKETING_ROLE_REQUIRED',
    );
    expect((await settings()).language).toBe('ja');
  });
});

describe('failed notifications', () => {
  test('when an admin asks for the failed notifications, then each is listed with what it was about and who it was for', async () => {
    const id = await failedOne();
    expect(await service.failed(await actor(people.adele))).toEqual([
      {
        id,
        createdAt: NOW.toISOString(),
        type: 'unassigned',
        summary: {
          en: 'Ana Bowman removed from Visual Studio Enterprise by Alex Wilber',
          ja: 'Alex Wilber が Ana Bowman を Visual Studio Enterprise から削除',
        },
        to: { en: 'Ana Bowman', ja: 'Ana Bowman' },
        attempts: 8,
        undeliverable: false,
        lastError: 'the connector answered 503',
      },
    ]);
  });

  test('when an employee asks for them, then it is refused', async () => {
    await expectCode(service.failed(await actor(people.patti)), 'ROLE.ADMIN_REQUIRED');
  });

  test('when all are retried, then every failed one is pending again with its tries reset', async () => {
    const ids = [
      await failedOne(),
      await failedOne('the bot is no longer in that conversation (403)'),
    ];
    expect(await service.retry(await actor(people.alex), 'all')).toEqual({
      retried: 2,
      stillUndeliverable: 0,
    });
    const outbox = (await onDisk(stores.dataFile, tenant)).outbox;
    expect(outbox.map((i) => [i.id, i.status, i.attempts, i.nextAttemptAt])).toEqual(
      ids.map((id) => [id, 'pending', 0, NOW.toISOString()]),
    );
    expect(await service.retry(await actor(people.alex), 'all')).toEqual({
      retried: 0,
      stillUndeliverable: 0,
    });
  });

  test.each([people.adele, people.isaiah, people.patti])(
    'when $displayName (neither a Global admin nor an MPN partner admin) retries, then it is refused and nothing changes',
    async (who) => {
      const id = await failedOne();
      await expectCode(service.retry(await actor(who), id), 'ROLE.MARKETING_ROLE_REQUIRED');
      expect((await onDisk(stores.dataFile, tenant)).outbox[0]).toMatchObject({ status: 'failed' });
    },
  );

  test('when an id that does not exist is retried, then it is refused', async () => {
    await expectCode(
      service.retry(await actor(people.alex), 'no-such-notification'),
      'NOTIFICATION.NOT_FOUND',
    );
  });
});
