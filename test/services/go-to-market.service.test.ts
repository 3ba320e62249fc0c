import { actorIn, expectCode, rejection } from '../support/service-test';
import { randomUUID } from 'node:crypto';
import { type Actor } from '../../services/access.service';
import { BenefitsService } from '../../services/benefits.service';
import { addDays, pinnedClock } from '../../services/clock';
import {
  GoToMarketService,
  MARKETING_LANGUAGES,
  type MarketingContactInput,
} from '../../services/go-to-market.service';
import type { AuditEntry, OfferBenefit } from '../../services/model';
import { people, type Person } from '../support/people';
import { demoStores, NOW } from '../support/temp-store';
import { PERSONAL_CHAT } from '../../services/policy/visibility';

let stores: Awaited<ReturnType<typeof demoStores>>;
let service: GoToMarketService;

const tenant = people.alex.tenantId;
const ONE_YEAR_LATER = '2027-11-24T09:00:00.000Z';

beforeEach(async () => {
  stores = await demoStores();
  service = new GoToMarketService({
    store: stores.benefits,
    clock: pinnedClock(NOW),
    newId: randomUUID,
  });
});
afterEach(() => stores.dispose());

const actor = (person: Person): Promise<Actor> => actorIn(stores.benefits, person);

const storedContact = async () =>
  (await stores.benefits.organisation(tenant))?.marketingContact ?? null;
const auditLog = () => stores.benefits.unitOfWork(tenant, (d): AuditEntry[] => d.audit);

async function offer(id: string): Promise<OfferBenefit> {
  const found = (await stores.benefits.benefits(tenant)).find((b) => b.id === id);
  if (found?.kind !== 'offer') throw new Error(`${id} is not an offer`);
  return found;
}

const patti: MarketingContactInput = {
  userId: people.patti.userId,
  email: 'patti.marketing@contoso.com',
  phone: '+81 3-1234-5678',
  language: 'ja',
};

async function withContact(): Promise<void> {
  await service.setMarketingContact(await actor(people.megan), { ...patti, requestId: 'contact' });
}

describe('the company marketing contact (R7.2)', () => {
  test.each([people.megan, people.alex])(
    "when $displayName sets the first contact, then it is stored with an E.164 phone and shown with the person's name",
    async (who) => {
      const admin = await actor(who);
      const preview = await service.previewMarketingContact(admin, patti);
      expect(preview).toEqual({
        contact: {
          userId: people.patti.userId,
          displayName: 'Patti Fernandez',
          email: 'patti.marketing@contoso.com',
          phone: '+81312345678',
          language: { code: 'ja', name: { en: 'Japanese', ja: '日本語' } },
        },
        previous: null,
      });
      expect(await storedContact()).toBeNull();
      const outcome = await service.setMarketingContact(admin, { ...patti, requestId: 'c1' });
      expect(outcome).toEqual({ ...preview, alreadyDone: false });
      expect(await storedContact()).toEqual({
        userId: people.patti.userId,
        email: 'patti.marketing@contoso.com',
        phone: '+81312345678',
        language: 'ja',
      });
    },
  );

  test.each([people.adele, people.isaiah, people.ana])(
    'when $displayName (neither Global admin nor MPN partner admin) tries, then it is refused and names who can (R1.4)',
    async (who) => {
      const err = await rejection(
        service.setMarketingContact(await actor(who), { ...patti, requestId: 'c1' }),
      );
      expect(err.code).toBe('ROLE.MARKETING_ROLE_REQUIRED');
      expect(err.details.admins).toEqual(['Alex Wilber', 'Megan Bowen']);
      await expectCode(
        service.previewMarketingContact(await actor(who), patti),
        'ROLE.MARKETING_ROLE_REQUIRED',
      );
      expect(await storedContact()).toBeNull();
    },
  );

  test.each([
    ['+81 3-1234-5678', undefined, '+81312345678'],
    ['03-1234-5678', 'JP', '+81312345678'],
    ['＋８１ ３-１２３４-５６７８', undefined, '+81312345678'],
    ['090-1234-5678', 'JP', '+819012345678'],
    ['(212) 555-0100', undefined, '+12125550100'],
  ] as const)(
    'when the phone is %s (default country %s), then it is stored as %s',
    async (phone, defaultCountry, stored) => {
      const outcome = await service.setMarketingContact(await actor(people.megan), {
        ...patti,
        phone,
        ...(defaultCountry ? { defaultCountry } : {}),
        requestId: 'p',
      });
      expect(outcome.contact.phone).toBe(stored);
      expect((await storedContact())?.phone).toBe(stored);
    },
  );

  test.each([['abc'], ['123'], [''], ['+1 555 555 5555']])(
    'when the phone is "%s", then it is refused as not a phone number',
    async (phone) => {
      const err = await rejection(
        service.setMarketingContact(await actor(people.megan), { ...patti, phone, requestId: 'p' }),
      );
      expect(err).toMatchObject({ code: 'PHONE.INVALID', details: { phone } });
      expect(await storedContact()).toBeNull();
    },
  );

  test('when a Japanese local number is read with the default country (US), then it is refused', async () => {
    await expectCode(
      service.previewMarketingContact(await actor(people.megan), {
        ...patti,
        phone: '03-1234-5678',
      }),
      'PHONE.INVALID',
    );
  });

  test.each([
    ['partnercenter@contoso.com', 'EMAIL.SAME_AS_PARTNER_CENTER'],
    ['PartnerCenter@CONTOSO.com', 'EMAIL.SAME_AS_PARTNER_CENTER'],
    ['not-an-email', 'EMAIL.INVALID'],
  ] as const)('when the contact email is %s, then it is refused with %s', async (email, code) => {
    await expectCode(
      service.setMarketingContact(await actor(people.megan), { ...patti, email, requestId: 'e' }),
      code,
    );
    expect(await storedContact()).toBeNull();
  });

  test.each([
    ['ja', 'ja'],
    ['pt-br', 'pt-BR'],
    ['zh-Hans', 'zh-Hans'],
    ['Japanese', 'ja'],
    ['ドイツ語', 'de'],
  ])('when the preferred language is %s, then %s is stored', async (language, code) => {
    await service.setMarketingContact(await actor(people.megan), {
      ...patti,
      language,
      requestId: 'l',
    });
    expect((await storedContact())?.language).toBe(code);
  });

  test('when the preferred language is not on the list, then it is refused and the list is named in both languages', async () => {
    const err = await rejection(
      service.setMarketingContact(await actor(people.megan), {
        ...patti,
        language: 'tlh',
        requestId: 'l',
      }),
    );
    expect(err.code).toBe('LANGUAGE.UNSUPPORTED');
    expect(err.details.language).toBe('tlh');
    expect(err.details.languages).toMatchObject({
      en: expect.stringContaining('Portuguese (Brazil)'),
      ja: expect.stringContaining('日本語'),
    });
    expect(MARKETING_LANGUAGES.map((l) => l.code)).toEqual([
      'en',
      'ja',
      'de',
      'fr',
      'es',
      'pt-BR',
      'zh-Hans',
      'ko',
    ]);
  });

  test('when the contact is someone outside the organisation, then it is refused', async () => {
    await expectCode(
      service.setMarketingContact(await actor(people.megan), {
        ...patti,
        userId: people.kenji.userId,
        requestId: 'k',
      }),
      'USER.NOT_FOUND',
    );
  });

  test('when a contact exists and another is set, then it is replaced, the preview names whom it replaces and the audit keeps both', async () => {
    const megan = await actor(people.megan);
    await service.setMarketingContact(megan, { ...patti, requestId: 'c1' });
    const taro = {
      userId: people.taro.userId,
      email: 'taro.t@contoso.co.jp',
      phone: '090-1234-5678',
      defaultCountry: 'JP',
      language: 'en',
    } as const;
    expect((await service.previewMarketingContact(megan, taro)).previous).toMatchObject({
      displayName: 'Patti Fernandez',
    });
    const outcome = await service.setMarketingContact(megan, { ...taro, requestId: 'c2' });
    expect(outcome).toMatchObject({
      contact: { displayName: '田中 太郎', phone: '+819012345678' },
      previous: { displayName: 'Patti Fernandez' },
      alreadyDone: false,
    });
    const entries = (await auditLog()).filter((e) => e.action === 'marketingContact.set');
    expect(entries.map((e) => [e.actorId, e.subjectUserId, e.before, e.after])).toEqual([
      [
        people.megan.userId,
        people.patti.userId,
        null,
        {
          userId: people.patti.userId,
          email: 'patti.marketing@contoso.com',
          phone: '+81312345678',
          language: 'ja',
        },
      ],
      [
        people.megan.userId,
        people.taro.userId,
        {
          userId: people.patti.userId,
          email: 'patti.marketing@contoso.com',
          phone: '+81312345678',
          language: 'ja',
        },
        {
          userId: people.taro.userId,
          email: 'taro.t@contoso.co.jp',
          phone: '+819012345678',
          language: 'en',
        },
      ],
    ]);
    expect(entries[1]?.at).toBe(NOW.toISOString());
  });

  test('when the same Confirm arrives twice, then the contact is set once and the second says it was already done', async () => {
    const megan = await actor(people.megan);
    await service.setMarketingContact(megan, { ...patti, requestId: 'same' });
    const again = await service.setMarketingContact(megan, { ...patti, requestId: 'same' });
    expect(again).toMatchObject({ alreadyDone: true, contact: { displayName: 'Patti Fernandez' } });
    expect((await auditLog()).filter((e) => e.action === 'marketingContact.set')).toHaveLength(1);
    await expectCode(
      service.setMarketingContact(megan, { ...patti, requestId: '' }),
      'REQUEST.ID_REQUIRED',
    );
  });

  test('when an admin of any role asks who the contact is, then they are told; an employee is refused (R1.6)', async () => {
    expect(await service.marketingContact(await actor(people.isaiah))).toBeNull();
    await withContact();
    for (const who of [people.alex, people.megan, people.adele, people.isaiah]) {
      expect(await service.marketingContact(await actor(who))).toMatchObject({
        displayName: 'Patti Fernandez',
        phone: '+81312345678',
        language: { code: 'ja' },
      });
    }
    await expectCode(service.marketingContact(await actor(people.ana)), 'ROLE.ADMIN_REQUIRED');
  });
});

describe('activating a Go-To-Market offer (R7.1, R7.3)', () => {
  test('when a Silver organisation asks for Gold Core, then it is unavailable and the level it needs is named', async () => {
    await withContact();
    const megan = await actor(people.megan);
    const err = await rejection(
      service.requestActivation(megan, { requestId: 'g', benefitId: 'gold-core' }),
    );
    expect(err.code).toBe('OFFER.NOT_ELIGIBLE');
    expect(err.details).toEqual({
      offer: { en: 'Gold Core', ja: 'ゴールド コア' },
      level: { en: 'Gold', ja: 'ゴールド' },
      current: { en: 'Silver', ja: 'シルバー' },
    });
    await expectCode(service.previewActivation(megan, 'gold-core'), 'OFFER.NOT_ELIGIBLE');
    expect((await offer('gold-core')).status).toBe('notActivated');
  });

  test('when there is no marketing contact, then activation is refused and says a contact is needed first', async () => {
    const megan = await actor(people.megan);
    const err = await rejection(
      service.requestActivation(megan, { requestId: 'a', benefitId: 'silver-core' }),
    );
    expect(err).toMatchObject({
      code: 'OFFER.NEEDS_MARKETING_CONTACT',
      details: { offer: { en: 'Silver Core', ja: 'シルバー コア' } },
    });
    await expectCode(
      service.previewActivation(megan, 'silver-core'),
      'OFFER.NEEDS_MARKETING_CONTACT',
    );
    expect((await offer('silver-core')).status).toBe('notActivated');
  });

  test.each([people.adele, people.isaiah, people.ana])(
    'when $displayName asks to activate or confirm an offer, then it is refused (R1.4)',
    async (who) => {
      await withContact();
      const asker = await actor(who);
      await expectCode(
        service.previewActivation(asker, 'silver-core'),
        'ROLE.MARKETING_ROLE_REQUIRED',
      );
      await expectCode(
        service.requestActivation(asker, { requestId: 'a', benefitId: 'silver-core' }),
        'ROLE.MARKETING_ROLE_REQUIRED',
      );
      await expectCode(
        service.confirmActive(asker, { benefitId: 'silver-core' }),
        'ROLE.MARKETING_ROLE_REQUIRED',
      );
      expect((await offer('silver-core')).status).toBe('notActivated');
    },
  );

  test('when a benefit that is not an offer, or none at all, is named, then it is refused', async () => {
    await withContact();
    const megan = await actor(people.megan);
    const err = await rejection(
      service.requestActivation(megan, { requestId: 'x', benefitId: 'visual-studio-enterprise' }),
    );
    expect(err).toMatchObject({
      code: 'BENEFIT.NOT_AN_OFFER',
      details: { benefit: { en: 'Visual Studio Enterprise subscription' } },
    });
    await expectCode(
      service.confirmActive(megan, { benefitId: 'windows-11-enterprise' }),
      'BENEFIT.NOT_AN_OFFER',
    );
    await expectCode(
      service.requestActivation(megan, { requestId: 'y', benefitId: 'no-such-offer' }),
      'BENEFIT.NOT_FOUND',
    );
  });

  test('when a contact is set and an offer is activated, then it is pending, then active until a year from now, as the category view shows', async () => {
    const megan = await actor(people.megan);
    const benefits = new BenefitsService({ store: stores.benefits, clock: pinnedClock(NOW) });
    const silverCoreRow = async () => {
      const result = await benefits.category(megan, 'goToMarket', PERSONAL_CHAT);
      if (result.scope !== 'organisation') throw new Error(result.scope);
      return result.value.benefits.find((b) => b.id === 'silver-core');
    };
    await withContact();
    expect(await silverCoreRow()).toMatchObject({
      state: 'offerAvailable',
      nextStep: 'activateOffer',
    });

    const preview = await service.previewActivation(megan, 'silver-core');
    expect(preview).toEqual({
      offerId: 'silver-core',
      name: { en: 'Silver Core', ja: 'シルバー コア' },
      status: 'notActivated',
      activatedAt: null,
      expiresAt: null,
      marketingContact: 'Patti Fernandez',
    });

    const requested = await service.requestActivation(megan, {
      requestId: 'act',
      benefitId: 'silver-core',
    });
    expect(requested).toMatchObject({
      status: 'pending',
      activatedAt: null,
      expiresAt: null,
      marketingContact: 'Patti Fernandez',
      alreadyDone: false,
    });
    expect(await offer('silver-core')).toMatchObject({ status: 'pending', activatedAt: null });
    expect(await silverCoreRow()).toMatchObject({
      state: 'offerPending',
      nextStep: 'waitForActivation',
    });
    await expectCode(
      service.requestActivation(megan, { requestId: 'act-2', benefitId: 'silver-core' }),
      'OFFER.ALREADY_PENDING',
    );

    const active = await service.confirmActive(megan, { benefitId: 'silver-core' });
    expect(active).toMatchObject({
      status: 'active',
      activatedAt: NOW.toISOString(),
      expiresAt: ONE_YEAR_LATER,
      alreadyDone: false,
    });
    expect(await silverCoreRow()).toMatchObject({
      state: 'offerActive',
      expiresAt: ONE_YEAR_LATER,
      nextStep: 'useUntilExpiry',
    });

    expect(await service.confirmActive(megan, { benefitId: 'silver-core' })).toMatchObject({
      status: 'active',
      expiresAt: ONE_YEAR_LATER,
      alreadyDone: true,
    });
    const err = await rejection(
      service.requestActivation(megan, { requestId: 'act-3', benefitId: 'silver-core' }),
    );
    expect(err).toMatchObject({
      code: 'OFFER.ALREADY_ACTIVE',
      details: { offer: { en: 'Silver Core' }, date: '2027-11-24' },
    });
  });

  test('when the same Activate Confirm arrives twice, then the offer is requested once and the second says it was already done', async () => {
    await withContact();
    const alex = await actor(people.alex);
    await service.requestActivation(alex, { requestId: 'same', benefitId: 'isv-co-sell-ready' });
    expect(
      await service.requestActivation(alex, { requestId: 'same', benefitId: 'isv-co-sell-ready' }),
    ).toMatchObject({ status: 'pending', alreadyDone: true });
    expect((await auditLog()).filter((e) => e.action === 'offer.activationRequested')).toHaveLength(
      1,
    );
    await expectCode(
      service.requestActivation(alex, { requestId: '', benefitId: 'isv-co-sell-ready' }),
      'REQUEST.ID_REQUIRED',
    );
  });

  test('when an offer that was never requested is confirmed active, then it is refused', async () => {
    await withContact();
    await expectCode(
      service.confirmActive(await actor(people.megan), { benefitId: 'silver-core' }),
      'OFFER.NOT_PENDING',
    );
    expect((await offer('silver-core')).status).toBe('notActivated');
  });

  test('when an expiry date is given, then it is kept; one that is not in the future is refused and the offer stays pending', async () => {
    await withContact();
    const megan = await actor(people.megan);
    await service.requestActivation(megan, { requestId: 'a', benefitId: 'silver-core' });
    const err = await rejection(
      service.confirmActive(megan, { benefitId: 'silver-core', expiresAt: addDays(NOW, -1) }),
    );
    expect(err).toMatchObject({
      code: 'OFFER.EXPIRY_IN_PAST',
      details: { offer: { en: 'Silver Core' }, date: '2026-11-23' },
    });
    await expectCode(
      service.confirmActive(megan, { benefitId: 'silver-core', expiresAt: NOW }),
      'OFFER.EXPIRY_IN_PAST',
    );
    expect((await offer('silver-core')).status).toBe('pending');
    const until = new Date('2027-06-30T00:00:00Z');
    expect(
      await service.confirmActive(megan, { benefitId: 'silver-core', expiresAt: until }),
    ).toMatchObject({ status: 'active', expiresAt: until.toISOString() });
  });

  test('when an active offer has expired, then it can be asked for again', async () => {
    await withContact();
    const megan = await actor(people.megan);
    await service.requestActivation(megan, { requestId: 'a', benefitId: 'silver-core' });
    await service.confirmActive(megan, { benefitId: 'silver-core', expiresAt: addDays(NOW, 1) });
    const later = new GoToMarketService({
      store: stores.benefits,
      clock: pinnedClock(addDays(NOW, 2)),
      newId: randomUUID,
    });
    expect(
      await later.requestActivation(megan, { requestId: 'renew', benefitId: 'silver-core' }),
    ).toMatchObject({ status: 'pending', expiresAt: null, activatedAt: null, alreadyDone: false });
  });

  test('every step is in the audit log with who, what, before and after', async () => {
    await withContact();
    const megan = await actor(people.megan);
    await service.requestActivation(megan, { requestId: 'a', benefitId: 'silver-core' });
    await service.confirmActive(megan, { benefitId: 'silver-core' });
    const entries = (await auditLog()).filter((e) => e.action.startsWith('offer.'));
    expect(entries.map((e) => [e.action, e.actorId, e.benefitId, e.before, e.after, e.at])).toEqual(
      [
        [
          'offer.activationRequested',
          people.megan.userId,
          'silver-core',
          { status: 'notActivated', activatedAt: null, expiresAt: null },
          { status: 'pending' },
          NOW.toISOString(),
        ],
        [
          'offer.activated',
          people.megan.userId,
          'silver-core',
          { status: 'pending' },
          { status: 'active', activatedAt: NOW.toISOString(), expiresAt: ONE_YEAR_LATER },
          NOW.toISOString(),
        ],
      ],
    );
  });
});
