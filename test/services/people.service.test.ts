import type { Actor } from '../../services/access.service';
import {
  DirectoryUnavailableError,
  LocalDirectory,
  type Directory,
  type DirectoryPerson,
} from '../../services/directory/directory';
import { isEntra, PeopleService } from '../../services/people.service';
import type { TenantId, UserId } from '../../services/model';
import { people } from '../support/people';
import { actorIn, rejection } from '../support/service-test';
import { demoStores } from '../support/temp-store';

/** An Entra directory in memory: who is in it, and every call made to it. */
class FakeEntra implements Directory {
  readonly calls: string[] = [];
  down = false;
  constructor(public people: DirectoryPerson[]) {}

  async findPeople(_tenantId: TenantId, query: string): Promise<DirectoryPerson[]> {
    this.calls.push(`find ${query}`);
    if (this.down)
      throw new DirectoryUnavailableError('DIRECTORY.UNREACHABLE', { reason: 'ECONNREFUSED' });
    const q = query.toLowerCase();
    return this.people.filter(
      (p) =>
        p.displayName
          .toLowerCase()
          .split(' ')
          .some((w) => w.startsWith(q)) ||
        p.displayName.toLowerCase().startsWith(q) ||
        p.email.toLowerCase().startsWith(q),
    );
  }

  async person(_tenantId: TenantId, objectId: UserId): Promise<DirectoryPerson | undefined> {
    this.calls.push(`person ${objectId}`);
    if (this.down)
      throw new DirectoryUnavailableError('DIRECTORY.UNREACHABLE', { reason: 'ECONNREFUSED' });
    return this.people.find((p) => p.id === objectId);
  }
}

const tenant = people.alex.tenantId;
const entry = (
  person: { userId: string; displayName: string },
  email: string,
  extra: Partial<DirectoryPerson> = {},
): DirectoryPerson => ({
  id: person.userId,
  displayName: person.displayName,
  email,
  enabled: true,
  roles: [],
  ...extra,
});

let stores: Awaited<ReturnType<typeof demoStores>>;
let entra: FakeEntra;
let service: PeopleService;

beforeEach(async () => {
  stores = await demoStores();
  entra = new FakeEntra([
    entry(people.alex, 'AlexW@contoso.com', { roles: ['globalAdmin'] }),
    entry(people.megan, 'MeganB@contoso.com', {
      displayName: 'Megan Bowen-Smith',
      roles: ['userAdmin'],
    }),
    entry(people.ana, 'ana@contoso.com', { enabled: false }),
    entry(people.taro, 'taro.tanaka@contoso.com'),
    entry(
      { userId: '0a000001-0000-4000-8000-00000000aaaa', displayName: 'Nadia Kowalski' },
      'NadiaK@contoso.com',
    ),
  ]);
  const local = new LocalDirectory(stores.benefits);
  service = new PeopleService({
    store: stores.benefits,
    directoryFor: (organisation) => (isEntra(organisation) ? entra : local),
  });
});
afterEach(() => stores.dispose());

const useEntra = () =>
  stores.benefits.unitOfWork(tenant, (data) => {
    data.organisation.directory = 'entra';
  });

async function actorOf(person: {
  tenantId: string;
  userId: string;
  displayName: string;
}): Promise<Actor> {
  const access = await service.access(person);
  if (access.kind !== 'member') throw new Error(`not a member: ${access.kind}`);
  return access.actor;
}

describe('people through the organisation directory', () => {
  test('with the user list as the directory, people are who the list says and nothing asks Entra ID', async () => {
    expect(await actorOf(people.adele)).toEqual(await actorIn(stores.benefits, people.adele));
    const alex = await actorOf(people.alex);
    expect((await service.find(alex, 'Megan')).kind).toBe('one');
    expect(await service.byId(alex, people.ana.userId)).toMatchObject({
      displayName: 'Ana Bowman',
    });
    expect(await service.whoLeft(alex, [people.ana.userId, 'nobody'])).toEqual(new Map());
    expect(entra.calls).toEqual([]);
  });

  test('with Entra ID, the directory roles replace the stored ones and the partner-program roles stay', async () => {
    await useEntra();
    const before = await stores.benefits.user(tenant, people.megan.userId);
    expect(before?.roles).toContain('mpnPartnerAdmin');
    const megan = await actorOf(people.megan);
    expect(megan.roles).toEqual(['userAdmin', 'mpnPartnerAdmin']);
    expect(await stores.benefits.user(tenant, people.megan.userId)).toEqual({
      ...before,
      displayName: 'Megan Bowen-Smith',
      email: 'MeganB@contoso.com',
      roles: ['userAdmin', 'mpnPartnerAdmin'],
    });
  });

  test('with Entra ID, a disabled account or one not in the directory is nobody the organisation knows', async () => {
    await useEntra();
    expect(await actorOf(people.ana)).toMatchObject({ userId: null, roles: [] });
    expect(await actorOf(people.isaiah)).toMatchObject({ userId: null, roles: [] });
  });

  test('a person read from Entra ID stands for a while: the next turns do not call it, and a change reads afresh', async () => {
    await useEntra();
    await actorOf(people.alex);
    await actorOf(people.alex);
    expect(entra.calls).toEqual([`person ${people.alex.userId}`]);
    const alex = await actorOf(people.alex);
    await service.checkPresent(alex, [people.alex.userId]);
    expect(entra.calls).toEqual([`person ${people.alex.userId}`, `person ${people.alex.userId}`]);
  });

  test('the user list is written only when what Entra ID says changed', async () => {
    await useEntra();
    await actorOf(people.alex);
    const writes = jest.spyOn(stores.benefits, 'unitOfWork');
    const fresh = new PeopleService({ store: stores.benefits, directoryFor: () => entra });
    await fresh.access(people.alex);
    expect(writes).not.toHaveBeenCalled();
    entra.people[0] = { ...entra.people[0]!, displayName: 'Alex Wilber-Jones' };
    await new PeopleService({ store: stores.benefits, directoryFor: () => entra }).access(
      people.alex,
    );
    expect(writes).toHaveBeenCalledTimes(1);
    expect((await stores.benefits.user(tenant, people.alex.userId))?.displayName).toBe(
      'Alex Wilber-Jones',
    );
  });

  test('someone found in Entra ID for the first time is remembered; several matches are offered, enabled accounts only', async () => {
    await useEntra();
    const alex = await actorOf(people.alex);
    expect(await service.find(alex, 'Nadia')).toEqual({
      kind: 'one',
      item: {
        id: '0a000001-0000-4000-8000-00000000aaaa',
        displayName: 'Nadia Kowalski',
        email: 'NadiaK@contoso.com',
      },
    });
    expect(
      await stores.benefits.user(tenant, '0a000001-0000-4000-8000-00000000aaaa'),
    ).toMatchObject({ displayName: 'Nadia Kowalski', roles: [] });
    expect(await service.find(alex, 'Ana')).toEqual({ kind: 'none', suggestions: [] });
  });

  test('a name Entra ID does not hold (a romanised alias) is looked up among the people met, and checked in Entra ID', async () => {
    await useEntra();
    const alex = await actorOf(people.alex);
    const found = await service.find(alex, 'Taro Tanaka');
    expect(found).toMatchObject({ kind: 'one', item: { id: people.taro.userId } });
    expect(entra.calls).toContain(`person ${people.taro.userId}`);
  });

  test('Entra ID that cannot be read is DIRECTORY.UNAVAILABLE, with the reason kept for the logs only', async () => {
    await useEntra();
    const alex = await actorOf(people.alex);
    entra.down = true;
    const err = await rejection(service.find(alex, 'Nadia'));
    expect(err.code).toBe('DIRECTORY.UNAVAILABLE');
    expect(err.details).toEqual({});
    expect(err.cause).toBeInstanceOf(DirectoryUnavailableError);
    expect((await rejection(service.access(people.megan))).code).toBe('DIRECTORY.UNAVAILABLE');
  });

  test('who left: deleted and disabled accounts, each checked afresh; USER.LEFT names the person', async () => {
    await useEntra();
    const alex = await actorOf(people.alex);
    expect(
      await service.whoLeft(alex, [
        people.alex.userId,
        people.ana.userId,
        people.leeGu.userId,
        people.ana.userId,
      ]),
    ).toEqual(
      new Map([
        [people.ana.userId, 'disabled'],
        [people.leeGu.userId, 'deleted'],
      ]),
    );
    const err = await rejection(service.checkPresent(alex, [people.leeGu.userId]));
    expect([err.code, err.details]).toEqual(['USER.LEFT', { name: 'Lee Gu' }]);
  });
});
