import { actorIn, expectCode, rejection } from '../support/service-test';
import { randomUUID } from 'node:crypto';
import { type Actor } from '../../services/access.service';
import { AssignmentService } from '../../services/assignment.service';
import { pinnedClock } from '../../services/clock';
import type { AuditEntry } from '../../services/model';
import { UsersService } from '../../services/users.service';
import { people, type Person } from '../support/people';
import { demoStores, NOW } from '../support/temp-store';

let stores: Awaited<ReturnType<typeof demoStores>>;
let service: UsersService;

const tenant = people.alex.tenantId;
const newcomer = { displayName: '  Mona Kane  ', email: ' mona@contoso.com ' };

beforeEach(async () => {
  stores = await demoStores();
  service = new UsersService({
    store: stores.benefits,
    clock: pinnedClock(NOW),
    newId: randomUUID,
  });
});
afterEach(() => stores.dispose());

const actor = (person: Person): Promise<Actor> => actorIn(stores.benefits, person);

const userCount = async () => (await stores.benefits.users(tenant)).length;
const auditLog = () => stores.benefits.unitOfWork(tenant, (d): AuditEntry[] => d.audit);

describe('adding a user in Account settings (R1.5, R5.2)', () => {
  test.each([people.alex, people.adele])(
    'when $displayName adds a user, then they are in the user list with no roles, trimmed, and the change is audited',
    async (who) => {
      const admin = await actor(who);
      const before = await userCount();
      expect(await service.previewAddUser(admin, newcomer)).toEqual({
        displayName: 'Mona Kane',
        email: 'mona@contoso.com',
      });
      expect(await userCount()).toBe(before);

      const outcome = await service.addUser(admin, { ...newcomer, requestId: 'u1' });
      expect(outcome).toMatchObject({
        user: { displayName: 'Mona Kane', email: 'mona@contoso.com' },
        alreadyDone: false,
      });
      expect(outcome.user.id).toMatch(/^local-[0-9a-f-]{36}$/);
      const stored = (await stores.benefits.users(tenant)).find((u) => u.id === outcome.user.id);
      expect(stored).toEqual({
        id: outcome.user.id,
        displayName: 'Mona Kane',
        aliases: [],
        email: 'mona@contoso.com',
        roles: [],
      });
      expect(await userCount()).toBe(before + 1);

      const entries = (await auditLog()).filter((e) => e.action === 'user.added');
      expect(
        entries.map((e) => [e.actorId, e.subjectUserId, e.benefitId, e.before, e.after, e.at]),
      ).toEqual([
        [
          who.userId,
          outcome.user.id,
          null,
          null,
          { displayName: 'Mona Kane', email: 'mona@contoso.com' },
          NOW.toISOString(),
        ],
      ]);
    },
  );

  test.each([people.megan, people.isaiah, people.ana])(
    'when $displayName (neither Global admin nor User admin) tries, then it is refused and names who can',
    async (who) => {
      const before = await userCount();
      const err = await rejection(
        service.addUser(await actor(who), { ...newcomer, requestId: 'u1' }),
      );
      expect(err.code).toBe('ROLE.USER_ADMIN_REQUIRED');
      expect(err.details.admins).toEqual(['Alex Wilber', 'Adele Vance']);
      await expectCode(
        service.previewAddUser(await actor(who), newcomer),
        'ROLE.USER_ADMIN_REQUIRED',
      );
      expect(await userCount()).toBe(before);
    },
  );

  test.each([
    ['', 'USER.NAME_REQUIRED'],
    ['   ', 'USER.NAME_REQUIRED'],
    ['a'.repeat(101), 'USER.NAME_TOO_LONG'],
    ['田'.repeat(101), 'USER.NAME_TOO_LONG'],
  ] as const)('when the name is "%s", then it is refused with %s', async (displayName, code) => {
    const before = await userCount();
    await expectCode(
      service.addUser(await actor(people.adele), { ...newcomer, displayName, requestId: 'n' }),
      code,
    );
    expect(await userCount()).toBe(before);
  });

  test('when the name is exactly 100 characters, in any script, then it is accepted', async () => {
    const adele = await actor(people.adele);
    await service.addUser(adele, {
      displayName: 'a'.repeat(100),
      email: 'long@contoso.com',
      requestId: 'n1',
    });
    await service.addUser(adele, {
      displayName: '𠮷'.repeat(100),
      email: 'kanji@contoso.com',
      requestId: 'n2',
    });
    const err = await rejection(
      service.previewAddUser(adele, { ...newcomer, displayName: 'a'.repeat(101) }),
    );
    expect(err.details).toEqual({ max: 100 });
  });

  test.each(['not-an-email', 'mona@', ''])(
    'when the email is "%s", then it is refused as invalid',
    async (email) => {
      await expectCode(
        service.addUser(await actor(people.adele), { ...newcomer, email, requestId: 'e' }),
        'EMAIL.INVALID',
      );
    },
  );

  test('when someone in the organisation already has that email, in any case, then it is refused and names them', async () => {
    const err = await rejection(
      service.addUser(await actor(people.adele), {
        displayName: 'Ana B',
        email: 'ANA@Contoso.com',
        requestId: 'd',
      }),
    );
    expect(err).toMatchObject({
      code: 'USER.EMAIL_TAKEN',
      details: { name: 'Ana Bowman', email: 'ANA@Contoso.com' },
    });
  });

  test('when an email is used only in another organisation, then it may be added here', async () => {
    const outcome = await service.addUser(await actor(people.adele), {
      displayName: 'Kenji Sato',
      email: 'kenji@fabrikam.com',
      requestId: 'f',
    });
    expect(outcome.alreadyDone).toBe(false);
  });

  test('when the same Confirm arrives twice, then one user is added and the second answer names the same user', async () => {
    const adele = await actor(people.adele);
    const before = await userCount();
    const first = await service.addUser(adele, { ...newcomer, requestId: 'same' });
    const again = await service.addUser(adele, { ...newcomer, requestId: 'same' });
    expect(again).toEqual({ user: first.user, alreadyDone: true });
    expect(await userCount()).toBe(before + 1);
    expect((await auditLog()).filter((e) => e.action === 'user.added')).toHaveLength(1);
    await expectCode(
      service.addUser(adele, { ...newcomer, requestId: 'other' }),
      'USER.EMAIL_TAKEN',
    );
    await expectCode(service.addUser(adele, { ...newcomer, requestId: '' }), 'REQUEST.ID_REQUIRED');
  });

  test('when a user is added, then a Global admin can assign them a Visual Studio subscription (R5.2)', async () => {
    const added = await service.addUser(await actor(people.adele), { ...newcomer, requestId: 'u' });
    const assignments = new AssignmentService({
      store: stores.benefits,
      clock: pinnedClock(NOW),
      newId: randomUUID,
    });
    const outcome = await assignments.assign(await actor(people.alex), {
      requestId: 'a',
      benefitId: 'visual-studio-professional',
      userId: added.user.id,
    });
    expect(outcome).toMatchObject({ user: { displayName: 'Mona Kane' }, state: 'active' });
  });
});

describe('partner-program roles', () => {
  test('a Global admin gives and takes them; anything else is refused, whatever the caller sends', async () => {
    const alex = await actor(people.alex);
    expect(
      await service.setPartnerRole(alex, {
        requestId: 'r1',
        userId: people.patti.userId,
        role: 'mpnPartnerAdmin',
        grant: true,
      }),
    ).toMatchObject({ alreadyDone: false, grant: true });
    expect((await stores.benefits.user(people.alex.tenantId, people.patti.userId))?.roles).toEqual([
      'mpnPartnerAdmin',
    ]);
    await expectCode(
      service.setPartnerRole(alex, {
        requestId: 'r2',
        userId: people.patti.userId,
        role: 'globalAdmin',
        grant: true,
      }),
      'ROLE.NOT_A_PARTNER_ROLE',
    );
    await expectCode(
      service.setPartnerRole(await actor(people.megan), {
        requestId: 'r3',
        userId: people.patti.userId,
        role: 'adminAgent',
        grant: true,
      }),
      'ROLE.GLOBAL_ADMIN_REQUIRED',
    );
    expect(
      await service.setPartnerRole(alex, {
        requestId: 'r4',
        userId: people.patti.userId,
        role: 'mpnPartnerAdmin',
        grant: false,
      }),
    ).toMatchObject({ alreadyDone: false, grant: false });
    expect((await stores.benefits.user(people.alex.tenantId, people.patti.userId))?.roles).toEqual(
      [],
    );
  });
});
