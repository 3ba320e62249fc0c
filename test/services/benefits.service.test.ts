import { resolveAccess, type Actor } from '../../services/access.service';
import {
  BenefitsService,
  type CategoryList,
  type MyBenefits,
  type OrganisationOverview,
  type ScopedResult,
} from '../../services/benefits.service';
import { pinnedClock } from '../../services/clock';
import { BenefitError } from '../../services/errors';
import { CATEGORY_ORDER, type CategoryId } from '../../services/model';
import { people, type Person } from '../support/people';
import { demoStores, NOW } from '../support/temp-store';
import {
  PERSONAL_CHAT,
  SHARED_CONVERSATION,
  type Audience,
} from '../../services/policy/visibility';

let stores: Awaited<ReturnType<typeof demoStores>>;
let service: BenefitsService;

beforeAll(async () => {
  stores = await demoStores();
  service = new BenefitsService({ store: stores.benefits, clock: pinnedClock(NOW) });
});
afterAll(() => stores.dispose());

async function actor(person: Person): Promise<Actor> {
  const access = await resolveAccess(stores.benefits, person);
  if (access.kind !== 'member')
    throw new Error(`${person.displayName} is not a member: ${access.kind}`);
  return access.actor;
}

function organisationValue<T>(result: ScopedResult<T>): T {
  if (result.scope !== 'organisation')
    throw new Error(`expected the organisation's view, got ${result.scope}`);
  return result.value;
}

describe('who is asking (R1, R9, R10)', () => {
  test('when a Contoso user asks, then they are found by Entra object id with their roles', async () => {
    expect(await actor(people.alex)).toMatchObject({
      displayName: 'Alex Wilber',
      roles: ['globalAdmin'],
      organisationName: 'Contoso Partners',
    });
    expect(await actor(people.megan)).toMatchObject({ roles: ['mpnPartnerAdmin'] });
    expect(await actor(people.ana)).toMatchObject({ roles: [] });
  });

  test('when someone unknown signs in from a known tenant, then they are an employee with no benefits', async () => {
    const stranger = await actor(people.stranger);
    expect(stranger).toMatchObject({ userId: null, roles: [], displayName: 'New Starter' });
    const mine = organisationValue(await service.mine(stranger, PERSONAL_CHAT));
    expect(mine.items).toEqual([]);
  });

  test('when a Fabrikam user asks, then they are told to manage benefits in PMC (R9)', async () => {
    expect(await resolveAccess(stores.benefits, people.kenji)).toEqual({
      kind: 'managedInPmc',
      organisationName: 'Fabrikam Consulting',
    });
  });

  test('when the tenant is unknown or missing, then the organisation is not set up (R10)', async () => {
    expect(await resolveAccess(stores.benefits, people.outsider)).toEqual({
      kind: 'unknownTenant',
    });
    expect(
      await resolveAccess(stores.benefits, {
        tenantId: undefined,
        userId: people.alex.userId,
        displayName: 'Alex',
      }),
    ).toEqual({ kind: 'unknownTenant' });
  });

  test("when a Contoso user id is presented with Fabrikam's tenant, then nothing of Contoso is found", async () => {
    const access = await resolveAccess(stores.benefits, {
      ...people.alex,
      tenantId: people.kenji.tenantId,
    });
    expect(access.kind).toBe('managedInPmc');
  });
});

describe('the organisation overview (R2, R1.6)', () => {
  test.each([people.alex, people.megan, people.adele, people.isaiah])(
    'when $displayName (an admin role) asks, then all five categories come in R2 order',
    async (person) => {
      const overview: OrganisationOverview = organisationValue(
        await service.overview(await actor(person), PERSONAL_CHAT),
      );
      expect(overview.categories.map((c) => c.category)).toEqual([...CATEGORY_ORDER]);
      expect(overview.organisationName).toBe('Contoso Partners');
    },
  );

  test('when the overview is built, then each category counts what it holds and what is used', async () => {
    const overview = organisationValue(
      await service.overview(await actor(people.alex), PERSONAL_CHAT),
    );
    const byId = Object.fromEntries(overview.categories.map((c) => [c.category, c]));
    expect(byId.software).toMatchObject({
      benefitCount: 3,
      activatedCount: 0,
      totals: [{ unit: 'key', quantity: 12, used: null }],
    });
    expect(byId.cloud).toMatchObject({ benefitCount: 3, activatedCount: 0 });
    expect(byId.visualStudio).toMatchObject({
      benefitCount: 2,
      activatedCount: 1,
      totals: [{ unit: 'seat', quantity: 8, used: 1 }],
    });
    expect(byId.technical?.totals).toEqual([
      { unit: 'incident', quantity: 10, used: 0 },
      { unit: 'hour', quantity: 30, used: 0 },
    ]);
    expect(byId.goToMarket).toMatchObject({
      benefitCount: 3,
      availableCount: 2,
      activatedCount: 0,
    });
  });

  test("when an employee asks for the organisation's benefits, then they get their own, with the reason", async () => {
    const result = await service.overview(await actor(people.leeGu), PERSONAL_CHAT);
    expect(result.scope).toBe('own');
    if (result.scope !== 'own') return;
    expect(result.reason).toBe('employeeSeesOwn');
    expect(result.mine.items.map((i) => i.benefitId)).toEqual(['visual-studio-enterprise']);
  });

  test('when an employee asks in a shared conversation, then the answer is kept for a personal chat', async () => {
    expect(await service.overview(await actor(people.ana), SHARED_CONVERSATION)).toEqual({
      scope: 'personalChatOnly',
    });
    expect(await service.mine(await actor(people.ana), SHARED_CONVERSATION)).toEqual({
      scope: 'personalChatOnly',
    });
  });
});

describe("one category's list (R2, R5, R7)", () => {
  async function list(
    category: CategoryId,
    person: Person = people.alex,
    audience: Audience = PERSONAL_CHAT,
  ): Promise<CategoryList> {
    return organisationValue(await service.category(await actor(person), category, audience));
  }

  test('when an admin opens Visual Studio subscriptions, then each row has seats, used/free and who holds them', async () => {
    const vs = await list('visualStudio');
    expect(vs.benefits.map((b) => [b.name.en, b.quantity, b.used, b.free, b.state])).toEqual([
      ['Visual Studio Enterprise subscription', 3, 1, 2, 'partlyAssigned'],
      ['Visual Studio Professional subscription', 5, 0, 5, 'noneAssigned'],
    ]);
    expect(vs.benefits[0]?.holders).toEqual([
      { name: 'Lee Gu', email: 'lee.gu@contoso.com', state: 'active' },
    ]);
    expect(vs.benefits[0]?.links.map((l) => l.url)).toContain('https://my.visualstudio.com');
  });

  test("when the list is for a shared conversation, then nobody's name or email is in it", async () => {
    const vs = await list('visualStudio', people.alex, SHARED_CONVERSATION);
    expect(vs.benefits.every((b) => b.holders === null)).toBe(true);
    expect(JSON.stringify(vs)).not.toMatch(/Lee Gu|lee\.gu@contoso\.com/);
  });

  test('when software is listed, then each product shows its keys, not yet revealed, with special instructions', async () => {
    const software = await list('software');
    expect(software.benefits.map((b) => [b.name.en, b.quantity, b.unit, b.state])).toEqual([
      ['Windows 11 Enterprise', 5, 'key', 'keysNotRevealed'],
      ['Office LTSC Professional Plus 2024', 5, 'key', 'keysNotRevealed'],
      ['Windows Server 2025 Datacenter', 2, 'key', 'keysNotRevealed'],
    ]);
    expect(
      software.benefits.every((b) => b.instructions.en.length > 0 && b.instructions.ja.length > 0),
    ).toBe(true);
  });

  test('when Go-To-Market is listed, then Gold Core is unavailable for a Silver partner and says why (R7.1)', async () => {
    const gtm = await list('goToMarket');
    expect(gtm.benefits.map((b) => [b.name.en, b.state, b.requiresLevel, b.nextStep])).toEqual([
      ['Silver Core', 'offerAvailable', null, 'assignMarketingContact'],
      ['Gold Core', 'offerUnavailable', 'Gold', 'notEligible'],
      ['ISV Co-sell ready', 'offerAvailable', null, 'assignMarketingContact'],
    ]);
  });

  test('when technical benefits are listed, then support has no user and the hours are unused', async () => {
    const technical = await list('technical');
    expect(technical.benefits.map((b) => [b.id, b.state, b.free])).toEqual([
      ['product-support-incidents', 'noUserAssigned', 10],
      ['partner-advisory-hours', 'noneUsed', 20],
      ['technical-presales-deployment', 'noneUsed', 10],
    ]);
  });

  test('when a category that does not exist is asked for, then a coded error says so', async () => {
    await expect(
      service.category(await actor(people.alex), 'nonsense' as CategoryId, PERSONAL_CHAT),
    ).rejects.toThrow(BenefitError);
  });
});

describe('my benefits', () => {
  test('when Lee Gu asks, then he sees his Visual Studio Enterprise seat and how to start using it', async () => {
    const mine: MyBenefits = organisationValue(
      await service.mine(await actor(people.leeGu), PERSONAL_CHAT),
    );
    expect(mine.items).toEqual([
      expect.objectContaining({
        benefitId: 'visual-studio-enterprise',
        state: 'active',
        howToStart: 'signInVisualStudio',
        email: 'lee.gu@contoso.com',
      }),
    ]);
    expect(mine.items[0]?.link?.url).toBe('https://my.visualstudio.com');
  });

  test('when an employee has nothing, then they learn what has free seats and which Global admins to ask', async () => {
    const mine = organisationValue(await service.mine(await actor(people.ana), PERSONAL_CHAT));
    expect(mine.items).toEqual([]);
    expect(mine.globalAdmins).toEqual(['Alex Wilber']);
    expect(mine.requestable.map((r) => [r.benefitId, r.free])).toEqual([
      ['visual-studio-enterprise', 2],
      ['visual-studio-professional', 5],
    ]);
  });

  test('when the person already holds a seat type, then it is not offered to them again', async () => {
    const mine = organisationValue(await service.mine(await actor(people.leeGu), PERSONAL_CHAT));
    expect(mine.requestable.map((r) => r.benefitId)).toEqual(['visual-studio-professional']);
  });
});
