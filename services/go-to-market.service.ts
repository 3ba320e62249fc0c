import { parsePhoneNumberFromString, type CountryCode } from 'libphonenumber-js';
import { isAdmin, type Actor } from './access.service';
import { qualifiesFor } from './benefit-views';
import { BenefitError } from './errors';
import type {
  BenefitId,
  LocalizedText,
  MarketingContact,
  OfferBenefit,
  OfferStatus,
  OrganisationData,
  PartnerLevel,
  User,
  UserId,
} from './model';
import { announce } from './notifications/outbox';
import {
  audit,
  changeOnce,
  checkEmail,
  findBenefit,
  findUser,
  requireRole,
  type ChangeDeps,
} from './rules';
import { snapshot } from './org-index';

export type GoToMarketServiceDeps = ChangeDeps;
export type { CountryCode };

export interface MarketingLanguage {
  /** BCP 47 */
  code: string;
  name: LocalizedText;
}

/** R7.2: the preferred languages a marketing contact can choose from. */
export const MARKETING_LANGUAGES: readonly MarketingLanguage[] = [
  { code: 'en', name: { en: 'English', ja: '英語' } },
  { code: 'ja', name: { en: 'Japanese', ja: '日本語' } },
  { code: 'de', name: { en: 'German', ja: 'ドイツ語' } },
  { code: 'fr', name: { en: 'French', ja: 'フランス語' } },
  { code: 'es', name: { en: 'Spanish', ja: 'スペイン語' } },
  { code: 'pt-BR', name: { en: 'Portuguese (Brazil)', ja: 'ポルトガル語 (ブラジル)' } },
  { code: 'zh-Hans', name: { en: 'Chinese (Simplified)', ja: '中国語 (簡体字)' } },
  { code: 'ko', name: { en: 'Korean', ja: '韓国語' } },
];

/** Level names as the catalogues write them, for refusals that name a level in the reader's language. */
const LEVEL_NAMES: Record<PartnerLevel, LocalizedText> = {
  ActionPack: { en: 'Action Pack', ja: 'Action Pack' },
  Silver: { en: 'Silver', ja: 'シルバー' },
  Gold: { en: 'Gold', ja: 'ゴールド' },
};

export interface MarketingContactInput {
  userId: UserId;
  email: string;
  phone: string;
  /** A code from MARKETING_LANGUAGES (any case), or its name in English or Japanese. */
  language: string;
  /** The country a phone number without "+" is read in. */
  defaultCountry?: CountryCode;
}

export interface MarketingContactView {
  userId: UserId;
  displayName: string;
  email: string;
  /** E.164, e.g. +81312345678. */
  phone: string;
  language: MarketingLanguage;
}

/** What setting the contact will do: the new contact, and whom it replaces (null when adding the first). */
export interface MarketingContactPreview {
  contact: MarketingContactView;
  previous: MarketingContactView | null;
}

export interface MarketingContactOutcome extends MarketingContactPreview {
  /** True when this request had already been carried out: nothing changed this time. */
  alreadyDone: boolean;
}

/** An offer as a card shows it, before or after a change. */
export interface OfferPreview {
  offerId: BenefitId;
  name: LocalizedText;
  status: OfferStatus;
  activatedAt: string | null;
  expiresAt: string | null;
  /** Display name of the company marketing contact, if there is one. */
  marketingContact: string | null;
}

export interface OfferOutcome extends OfferPreview {
  alreadyDone: boolean;
}

const MARKETING_ROLES = ['globalAdmin', 'mpnPartnerAdmin'] as const; // R1.4
const DEFAULT_COUNTRY: CountryCode = 'US';

/** A date as the error sentences name it. */
function day(date: Date): string {
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
}

function oneYearAfter(date: Date): Date {
  const next = new Date(date.getTime());
  next.setUTCFullYear(next.getUTCFullYear() + 1);
  return next;
}

function findLanguage(value: string): MarketingLanguage {
  const wanted = value.trim().toLowerCase();
  const found = wanted
    ? MARKETING_LANGUAGES.find((l) =>
        [l.code, l.name.en, l.name.ja].some((n) => n.toLowerCase() === wanted),
      )
    : undefined;
  if (found) return found;
  const languages = {
    en: MARKETING_LANGUAGES.map((l) => l.name.en).join(', '),
    ja: MARKETING_LANGUAGES.map((l) => l.name.ja).join('、'),
  };
  throw new BenefitError('LANGUAGE.UNSUPPORTED', { language: value.trim(), languages });
}

/** R7.2: a real phone number, stored as E.164. NFKC first, so full-width digits and "＋" typed in Japanese read too. */
function checkPhone(value: string, defaultCountry: CountryCode | undefined): string {
  const text = value.normalize('NFKC').trim();
  const parsed = text
    ? parsePhoneNumberFromString(text, defaultCountry ?? DEFAULT_COUNTRY)
    : undefined;
  if (!parsed?.isValid()) throw new BenefitError('PHONE.INVALID', { phone: value.trim() });
  return parsed.number;
}

function languageOf(code: string): MarketingLanguage {
  return MARKETING_LANGUAGES.find((l) => l.code === code) ?? { code, name: { en: code, ja: code } };
}

function contactView(
  data: Pick<OrganisationData, 'users'>,
  contact: MarketingContact,
): MarketingContactView {
  const user = data.users.find((u) => u.id === contact.userId);
  return {
    userId: contact.userId,
    displayName: user?.displayName ?? contact.userId,
    email: contact.email,
    phone: contact.phone,
    language: languageOf(contact.language),
  };
}

function findOffer(data: OrganisationData, benefitId: BenefitId): OfferBenefit {
  const benefit = findBenefit(data, benefitId);
  if (benefit.kind !== 'offer')
    throw new BenefitError('BENEFIT.NOT_AN_OFFER', { benefit: benefit.name });
  return benefit;
}

function isExpired(offer: OfferBenefit, now: Date): boolean {
  return offer.expiresAt !== null && new Date(offer.expiresAt).getTime() < now.getTime();
}

export class GoToMarketService {
  constructor(private readonly deps: GoToMarketServiceDeps) {}

  /** R1.6: the company marketing contact, for any admin. */
  /** R1.4: throws the refusal (naming who may) before a flow asks anything. */
  async checkCanManage(actor: Actor): Promise<void> {
    requireRole(actor, await snapshot(this.deps.store, actor), [...MARKETING_ROLES]);
  }

  async marketingContact(actor: Actor): Promise<MarketingContactView | null> {
    const data = await snapshot(this.deps.store, actor);
    if (!isAdmin(actor)) throw new BenefitError('ROLE.ADMIN_REQUIRED');
    const contact = data.organisation.marketingContact;
    return contact ? contactView(data, contact) : null;
  }

  /** Checks a marketing contact without setting it: what the confirmation card shows. */
  async previewMarketingContact(
    actor: Actor,
    input: MarketingContactInput,
  ): Promise<MarketingContactPreview> {
    const data = await snapshot(this.deps.store, actor);
    requireRole(actor, data, [...MARKETING_ROLES]);
    const { contact } = this.checkContact(data, input);
    const previous = data.organisation.marketingContact;
    return {
      contact: contactView(data, contact),
      previous: previous ? contactView(data, previous) : null,
    };
  }

  /** R7.2: adds the company marketing contact, or replaces the one there is. */
  async setMarketingContact(
    actor: Actor,
    input: MarketingContactInput & { requestId: string },
  ): Promise<MarketingContactOutcome> {
    await this.deps.people?.checkPresent(actor, [input.userId]);
    return changeOnce(this.deps, actor, input, 'marketingContact.set', (data, alreadyDone) =>
      this.setMarketingContactIn(data, actor, input, alreadyDone),
    );
  }

  /** R7.2 itself, inside a unit of work (its own, or a composite change's: services/changes/). */
  setMarketingContactIn(
    data: OrganisationData,
    actor: Actor,
    input: MarketingContactInput,
    alreadyDone: boolean,
  ): MarketingContactOutcome {
    requireRole(actor, data, [...MARKETING_ROLES]);
    const current = data.organisation.marketingContact;
    if (alreadyDone && current)
      return { contact: contactView(data, current), previous: null, alreadyDone: true };
    const { user, contact } = this.checkContact(data, input);
    if (alreadyDone)
      return { contact: contactView(data, contact), previous: null, alreadyDone: true };
    data.organisation.marketingContact = contact;
    audit(
      this.deps,
      data,
      actor,
      'marketingContact.set',
      null,
      user.id,
      current ? { ...current } : null,
      { ...contact },
    );
    return {
      contact: contactView(data, contact),
      previous: current ? contactView(data, current) : null,
      alreadyDone: false,
    };
  }

  /** Checks that an offer can be activated, without asking for it. */
  async previewActivation(actor: Actor, benefitId: BenefitId): Promise<OfferPreview> {
    const data = await snapshot(this.deps.store, actor);
    requireRole(actor, data, [...MARKETING_ROLES]);
    const offer = this.checkActivatable(data, benefitId);
    return this.offerView(data, offer);
  }

  /** R7.3: asks for an offer to be activated; it is pending until an admin confirms it is active. */
  async requestActivation(
    actor: Actor,
    input: { requestId: string; benefitId: BenefitId },
  ): Promise<OfferOutcome> {
    return changeOnce(this.deps, actor, input, 'offer.activationRequested', (data, alreadyDone) =>
      this.requestActivationIn(data, actor, input, alreadyDone),
    );
  }

  /** R7.3 itself, inside a unit of work (its own, or a composite change's: services/changes/). */
  requestActivationIn(
    data: OrganisationData,
    actor: Actor,
    input: { benefitId: BenefitId },
    alreadyDone: boolean,
  ): OfferOutcome {
    requireRole(actor, data, [...MARKETING_ROLES]);
    if (alreadyDone)
      return { ...this.offerView(data, findOffer(data, input.benefitId)), alreadyDone: true };
    const offer = this.checkActivatable(data, input.benefitId);
    const before = {
      status: offer.status,
      activatedAt: offer.activatedAt,
      expiresAt: offer.expiresAt,
    };
    offer.status = 'pending';
    offer.activatedAt = null;
    offer.expiresAt = null;
    audit(this.deps, data, actor, 'offer.activationRequested', offer.id, null, before, {
      status: offer.status,
    });
    announce(this.deps, data, {
      type: 'offerActivationRequested',
      benefitId: offer.id,
      benefit: offer.name,
      by: actor.displayName,
    });
    return { ...this.offerView(data, offer), alreadyDone: false };
  }

  /** R7.3: checks that a pending offer can be confirmed active; its expiry defaults to a year from now. */
  async previewConfirmActive(actor: Actor, benefitId: BenefitId): Promise<OfferPreview> {
    const data = await snapshot(this.deps.store, actor);
    requireRole(actor, data, [...MARKETING_ROLES]);
    const offer = findOffer(data, benefitId);
    if (offer.status !== 'pending')
      throw new BenefitError('OFFER.NOT_PENDING', { offer: offer.name });
    return {
      ...this.offerView(data, offer),
      expiresAt: oneYearAfter(this.deps.clock.now()).toISOString(),
    };
  }

  /** R7.3: an admin confirms that a pending offer is now active, until `expiresAt` (a year from now unless given). */
  async confirmActive(
    actor: Actor,
    input: { benefitId: BenefitId; expiresAt?: Date },
  ): Promise<OfferOutcome> {
    return this.deps.store.unitOfWork(actor.tenantId, (data) => {
      requireRole(actor, data, [...MARKETING_ROLES]);
      const offer = findOffer(data, input.benefitId);
      if (offer.status === 'active') return { ...this.offerView(data, offer), alreadyDone: true };
      if (offer.status !== 'pending')
        throw new BenefitError('OFFER.NOT_PENDING', { offer: offer.name });
      const now = this.deps.clock.now();
      const expiresAt = input.expiresAt ?? oneYearAfter(now);
      if (!(expiresAt.getTime() > now.getTime()))
        throw new BenefitError('OFFER.EXPIRY_IN_PAST', { offer: offer.name, date: day(expiresAt) });
      offer.status = 'active';
      offer.activatedAt = now.toISOString();
      offer.expiresAt = expiresAt.toISOString();
      audit(
        this.deps,
        data,
        actor,
        'offer.activated',
        offer.id,
        null,
        { status: 'pending' },
        { status: offer.status, activatedAt: offer.activatedAt, expiresAt: offer.expiresAt },
      );
      announce(this.deps, data, {
        type: 'offerActivated',
        benefitId: offer.id,
        benefit: offer.name,
        expiresAt: offer.expiresAt,
        by: actor.displayName,
      });
      return { ...this.offerView(data, offer), alreadyDone: false };
    });
  }

  private checkContact(
    data: OrganisationData,
    input: MarketingContactInput,
  ): { user: User; contact: MarketingContact } {
    const user = findUser(data, input.userId);
    const email = checkEmail(data, input.email);
    const phone = checkPhone(input.phone, input.defaultCountry);
    const language = findLanguage(input.language);
    return { user, contact: { userId: user.id, email, phone, language: language.code } };
  }

  /** R7.1–R7.3: an offer the organisation qualifies for, not already asked for, with a marketing contact. */
  private checkActivatable(data: OrganisationData, benefitId: BenefitId): OfferBenefit {
    const offer = findOffer(data, benefitId);
    const { organisation } = data;
    if (offer.requiresLevel && !qualifiesFor(organisation, offer.requiresLevel)) {
      throw new BenefitError('OFFER.NOT_ELIGIBLE', {
        offer: offer.name,
        level: LEVEL_NAMES[offer.requiresLevel],
        current: LEVEL_NAMES[organisation.level],
      });
    }
    if (offer.status === 'pending')
      throw new BenefitError('OFFER.ALREADY_PENDING', { offer: offer.name });
    if (offer.status === 'active' && !isExpired(offer, this.deps.clock.now())) {
      throw new BenefitError('OFFER.ALREADY_ACTIVE', {
        offer: offer.name,
        date: offer.expiresAt ? day(new Date(offer.expiresAt)) : '',
      });
    }
    if (!organisation.marketingContact)
      throw new BenefitError('OFFER.NEEDS_MARKETING_CONTACT', { offer: offer.name });
    return offer;
  }

  private offerView(data: OrganisationData, offer: OfferBenefit): OfferPreview {
    const contact = data.organisation.marketingContact;
    return {
      offerId: offer.id,
      name: offer.name,
      status: offer.status,
      activatedAt: offer.activatedAt,
      expiresAt: offer.expiresAt,
      marketingContact: contact ? contactView(data, contact).displayName : null,
    };
  }
}
