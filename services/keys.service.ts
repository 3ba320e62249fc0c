import type { Actor } from './access.service';
import { addDays } from './clock';
import { BenefitError } from './errors';
import type {
  BenefitId,
  LanguageCode,
  LicenseKeysBenefit,
  LocalizedText,
  OrganisationData,
  SoftwareKeysBenefit,
} from './model';
import { announce } from './notifications/outbox';
import {
  audit,
  benefitRef,
  changeOnce,
  findBenefit,
  requireRole,
  type BenefitRef,
  type ChangeDeps,
} from './rules';
import { snapshot } from './org-index';
import { mayShowPersonal, type Audience } from './policy/visibility';
import type { KeyCipher } from './secrets/key-cipher';

export interface KeysServiceDeps extends ChangeDeps {
  cipher: KeyCipher;
}

export interface LanguageChoice {
  code: LanguageCode;
  label: LocalizedText;
}

export interface OsChoice {
  id: string;
  label: LocalizedText;
}

/** R8: revealing software keys now ends the right to a refund that ends on refundEndsAt. */
export interface RefundWarning {
  purchasedAt: string;
  refundEndsAt: string;
}

/** What the reveal card shows before any key is shown. */
export interface RevealPreview {
  benefit: BenefitRef;
  /** R3.2: software only; empty for licence keys. */
  languages: LanguageChoice[];
  osTypes: OsChoice[];
  /** R3.1, R4.2: the special instructions, shown with the keys. */
  instructions: LocalizedText;
  refundWarning: RefundWarning | null;
  alreadyRevealed: boolean;
  keyCount: number;
}

export interface RevealInput {
  requestId: string;
  benefitId: BenefitId;
  /** Keys are shown only in a personal chat; its conversation id is recorded in the audit log. */
  audience: Audience;
  /** R3.2: software only, a language code the product offers. */
  language?: string;
  /** R3.2: software only, an OS type id the product offers. */
  os?: string;
  /** R8: the admin confirmed that revealing ends the right to a refund. */
  acceptRefundLoss?: boolean;
}

export interface RevealedKeys {
  benefit: BenefitRef;
  /** In clear text: for the card in the personal chat only, never to be stored or logged. */
  keys: string[];
  instructions: LocalizedText;
  /** Software only: the download for the chosen language and OS (null if the product lists none for them). */
  download: { url: string; language: LanguageChoice; os: OsChoice } | null;
  /** R3.3: this reveal activated the benefit (it was the first). */
  activated: boolean;
  alreadyActivated: boolean;
  /** True when this request id had already been carried out: the keys are shown again, nothing is recorded twice. */
  alreadyDone: boolean;
}

type KeyBenefit = SoftwareKeysBenefit | LicenseKeysBenefit;

/** R8: a refund can be asked for within this many days of purchase. */
export const REFUND_WINDOW_DAYS = 30;

/** Each language as it names itself, which is how a display-language choice is shown. */
export const LANGUAGE_LABELS: Record<LanguageCode, LocalizedText> = {
  en: { en: 'English', ja: 'English' },
  ja: { en: '日本語', ja: '日本語' },
};

/** R8: when the refund window ends, if it is still open and no software benefit has been activated (R3.3). */
export function openRefundWindow(
  data: Pick<OrganisationData, 'organisation' | 'benefits'>,
  now: Date,
): RefundWarning | null {
  const purchasedAt = new Date(data.organisation.package.purchasedAt);
  const refundEndsAt = addDays(purchasedAt, REFUND_WINDOW_DAYS);
  if (Number.isNaN(purchasedAt.getTime()) || now.getTime() >= refundEndsAt.getTime()) return null;
  if (data.benefits.some((b) => b.kind === 'softwareKeys' && b.keysRevealedAt !== null))
    return null;
  return { purchasedAt: purchasedAt.toISOString(), refundEndsAt: refundEndsAt.toISOString() };
}

function languagesOf(benefit: SoftwareKeysBenefit): LanguageChoice[] {
  return benefit.languages.map((code) => ({ code, label: LANGUAGE_LABELS[code] }));
}

function osTypesOf(benefit: SoftwareKeysBenefit): OsChoice[] {
  return benefit.osTypes.map((o) => ({ id: o.id, label: o.label }));
}

/** Choices named in a sentence, in the reader's language. */
function listed(labels: LocalizedText[]): LocalizedText {
  return { en: labels.map((l) => l.en).join(', '), ja: labels.map((l) => l.ja).join('、') };
}

export class KeysService {
  constructor(private readonly deps: KeysServiceDeps) {}

  /** R3.1, R3.2, R4.2, R8: checks a reveal without showing or changing anything. */
  async previewReveal(
    actor: Actor,
    benefitId: BenefitId,
    audience: Audience,
  ): Promise<RevealPreview> {
    const data = await snapshot(this.deps.store, actor);
    const benefit = this.checkRevealable(actor, data, benefitId, audience);
    const software = benefit.kind === 'softwareKeys';
    return {
      benefit: benefitRef(benefit),
      languages: software ? languagesOf(benefit) : [],
      osTypes: software ? osTypesOf(benefit) : [],
      instructions: benefit.instructions,
      refundWarning: software ? openRefundWindow(data, this.deps.clock.now()) : null,
      alreadyRevealed: benefit.keysRevealedAt !== null,
      keyCount: benefit.keys.length,
    };
  }

  /**
   * R3.1–R3.3, R4.2: shows the keys with their instructions (and, for software, the download for
   * the chosen language and OS). The first reveal activates the benefit; every reveal is audited,
   * once per request id. Keys are decrypted into the result only, never into what is stored.
   */
  async reveal(actor: Actor, input: RevealInput): Promise<RevealedKeys> {
    return changeOnce(this.deps, actor, input, 'keys.revealed', (data, alreadyDone) => {
      const benefit = this.checkRevealable(actor, data, input.benefitId, input.audience);
      const choice =
        benefit.kind === 'softwareKeys'
          ? this.checkChoice(benefit, input.language, input.os)
          : null;
      const now = this.deps.clock.now();
      const refund = benefit.kind === 'softwareKeys' ? openRefundWindow(data, now) : null;
      if (refund && input.acceptRefundLoss !== true) {
        throw new BenefitError('KEYS.REFUND_CONFIRMATION_REQUIRED', {
          benefit: benefit.name,
          date: refund.refundEndsAt.slice(0, 10),
        });
      }
      // Before anything is recorded: keys that cannot be read must not activate the benefit.
      const keys = this.decrypt(benefit);
      const alreadyActivated = benefit.keysRevealedAt !== null;
      const activated = !alreadyDone && !alreadyActivated;
      if (activated) benefit.keysRevealedAt = now.toISOString();
      // Every showing of keys is on the record, a repeated Confirm's too (it shows them again).
      audit(this.deps, data, actor, 'keys.revealed', benefit.id, null, null, {
        conversationId: input.audience.conversationId,
        language: choice?.language.code ?? null,
        os: choice?.os.id ?? null,
        keyCount: keys.length,
        activated,
        ...(alreadyDone ? { repeated: true } : {}),
      });
      // Which product and who: never the keys. Once per request.
      if (!alreadyDone)
        announce(this.deps, data, {
          type: 'keysRevealed',
          benefitId: benefit.id,
          benefit: benefit.name,
          by: actor.displayName,
        });
      return {
        benefit: benefitRef(benefit),
        keys,
        instructions: benefit.instructions,
        download: choice?.download ?? null,
        activated,
        alreadyActivated,
        alreadyDone,
      };
    });
  }

  /** R1.3 and the personal-chat rule, checked here so that a forged card cannot skip them. */
  private checkRevealable(
    actor: Actor,
    data: OrganisationData,
    benefitId: BenefitId,
    audience: Audience,
  ): KeyBenefit {
    requireRole(actor, data, ['globalAdmin']);
    if (!mayShowPersonal(audience)) throw new BenefitError('KEYS.PERSONAL_CHAT_ONLY');
    const benefit = findBenefit(data, benefitId);
    if (benefit.kind !== 'softwareKeys' && benefit.kind !== 'licenseKeys')
      throw new BenefitError('KEYS.NOT_A_KEY_BENEFIT', { benefit: benefit.name });
    if (benefit.keys.length === 0)
      throw new BenefitError('KEYS.NONE_STORED', { benefit: benefit.name });
    return benefit;
  }

  /** R3.2: a display language and an OS type the product offers, and the download for both. */
  private checkChoice(
    benefit: SoftwareKeysBenefit,
    language: string | undefined,
    os: string | undefined,
  ): { language: LanguageChoice; os: OsChoice; download: RevealedKeys['download'] } {
    const languages = languagesOf(benefit);
    const osTypes = osTypesOf(benefit);
    const languageChoices = listed(languages.map((l) => l.label));
    const osChoices = listed(osTypes.map((o) => o.label));
    if (!language?.trim())
      throw new BenefitError('KEYS.LANGUAGE_REQUIRED', {
        benefit: benefit.name,
        choices: languageChoices,
      });
    if (!os?.trim())
      throw new BenefitError('KEYS.OS_REQUIRED', { benefit: benefit.name, choices: osChoices });
    const chosenLanguage = languages.find((l) => l.code === language.trim());
    if (!chosenLanguage)
      throw new BenefitError('KEYS.UNKNOWN_CHOICE', {
        benefit: benefit.name,
        choice: language.trim().slice(0, 40),
        choices: languageChoices,
      });
    const chosenOs = osTypes.find((o) => o.id === os.trim());
    if (!chosenOs)
      throw new BenefitError('KEYS.UNKNOWN_CHOICE', {
        benefit: benefit.name,
        choice: os.trim().slice(0, 40),
        choices: osChoices,
      });
    const download = benefit.downloads.find(
      (d) => d.language === chosenLanguage.code && d.os === chosenOs.id,
    );
    return {
      language: chosenLanguage,
      os: chosenOs,
      download: download ? { url: download.url, language: chosenLanguage, os: chosenOs } : null,
    };
  }

  private decrypt(benefit: KeyBenefit): string[] {
    try {
      return benefit.keys.map((token) => this.deps.cipher.decrypt(token));
    } catch {
      // No cause attached: whatever failed must not carry key material into a log.
      throw new BenefitError('KEYS.UNREADABLE', { benefit: benefit.name });
    }
  }
}
