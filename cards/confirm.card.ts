import type { AssignmentPreview, LeftSeat } from '../services/assignment.service';
import type { MarketingContactPreview } from '../services/go-to-market.service';
import type { LocalizedText } from '../services/model';
import type { BenefitRef, PersonRef } from '../services/rules';
import type { PartnerRole } from '../services/users.service';
import { personLabel, readablePhone } from './format';
import type { Translator } from './i18n/translator';
import { renderTemplate, type CardAttachment } from './render';
import template from './templates/confirm.json';

/** A change of assignment (R1.3, R4.1, R5.2, R6.2): who gets or gives up what, and what is left after. */
export interface AssignmentConfirm {
  kind: 'assignment';
  /** 'activate' is assigning yourself (R4.1); its Confirm assigns. */
  op: 'assign' | 'activate' | 'remove' | 'reassign' | 'confirmActive';
  preview: AssignmentPreview;
  alternativeEmail?: string;
  /** R5.2: someone added to the user list with the assignment. */
  newUser?: { displayName: string; email: string };
  /** Where everyone reads it: people by name alone. */
  shared: boolean;
}

/** What a marketing contact will be (R7.2), with the country a phone number without "+" is read in. */
export interface ContactToSet {
  userId: string;
  name: string;
  email: string;
  phone: string;
  language: string;
  /** The language's name, when it is one of the marketing languages. */
  languageName?: LocalizedText;
  country: string;
}

/** What a confirmation card confirms, in domain terms; `requestId` makes the change happen at most once. */
export type ConfirmView = { requestId: string } & (
  | AssignmentConfirm
  | { kind: 'setNote'; benefit: BenefitRef; user: PersonRef; note: string | null; shared: boolean }
  | { kind: 'confirmOfferActive'; offer: BenefitRef; expiresOn: string; today: string }
  | { kind: 'activateOffer'; offer: BenefitRef; contact: ContactToSet | null }
  | {
      kind: 'setMarketingContact';
      userId: string;
      preview: MarketingContactPreview;
    }
  | {
      kind: 'setPartnerRole';
      user: PersonRef;
      role: PartnerRole;
      grant: boolean;
      shared: boolean;
    }
  | { kind: 'addUser'; displayName: string; email: string }
  | {
      kind: 'reclaim';
      /** The seats this card takes back, and how many seats of people who left there are in all. */
      seats: readonly LeftSeat[];
      total: number;
      /** The seats as the Confirm payload carries them (ids only). */
      encodedSeats: string;
    }
);

interface ConfirmCardData {
  title: string;
  facts: { title: string; value: string }[];
  note: string;
  confirmLabel: string;
  cancelLabel: string;
  /** Ids and the request id only: the service re-reads and re-checks everything on Confirm. */
  confirmData: Record<string, string>;
  cancelData: Record<string, string>;
  /** A date to confirm with the change (an offer's expiry), sent back as `expiresOn`. */
  date?: { label: string; value: string; min: string; error: string };
}

/** A change shown before it is made, with Confirm and Cancel (Universal Actions: the card updates in place). */
export function confirmCard(view: ConfirmView, t: Translator): CardAttachment {
  const { date, ...rest } = confirmData(view, t);
  return renderTemplate('confirm', template, {
    ...rest,
    dateLabel: date?.label ?? '',
    dateValue: date?.value ?? '',
    dateMin: date?.min ?? '',
    dateError: date?.error ?? '',
  });
}

function confirmData(view: ConfirmView, t: Translator): ConfirmCardData {
  const { requestId } = view;
  const common = {
    note: t.t('confirm.note'),
    confirmLabel: t.t('confirm.button'),
    cancelLabel: t.t('confirm.cancelButton'),
    cancelData: { requestId },
  };
  switch (view.kind) {
    case 'assignment':
      return { ...common, ...assignment(view, t, requestId) };
    case 'setNote': {
      const params = { benefit: t.text(view.benefit.name), name: view.user.displayName };
      return {
        ...common,
        title: t.t(view.note === null ? 'confirm.clearNote' : 'confirm.setNote', params),
        facts: [
          { title: t.t('fact.benefit'), value: params.benefit },
          { title: t.t('fact.person'), value: personLabel(view.user, view.shared) },
          { title: t.t('fact.note'), value: view.note ?? t.t('fact.noteNone') },
        ],
        confirmData: {
          op: 'setNote',
          benefitId: view.benefit.id,
          userId: view.user.id,
          note: view.note ?? '',
          requestId,
        },
      };
    }
    case 'confirmOfferActive': {
      const name = t.text(view.offer.name);
      return {
        ...common,
        title: t.t('confirm.offerActive', { benefit: name }),
        facts: [{ title: t.t('fact.offer'), value: name }],
        confirmData: { op: 'confirmOfferActive', benefitId: view.offer.id, requestId },
        date: {
          label: t.t('confirm.expires'),
          value: view.expiresOn,
          min: view.today,
          error: t.t('confirm.expires.error'),
        },
      };
    }
    case 'activateOffer': {
      const name = t.text(view.offer.name);
      const { contact } = view;
      return {
        ...common,
        title: contact
          ? t.t('confirm.activateOfferWithContact', { benefit: name, name: contact.name })
          : t.t('confirm.activateOffer', { benefit: name }),
        facts: [
          { title: t.t('fact.offer'), value: name },
          ...(contact
            ? [
                { title: t.t('contact.input.person'), value: contact.name },
                { title: t.t('fact.email'), value: contact.email },
                { title: t.t('fact.phone'), value: readablePhone(contact.phone) },
                {
                  title: t.t('fact.language'),
                  value: contact.languageName ? t.text(contact.languageName) : contact.language,
                },
              ]
            : []),
        ],
        note: t.t('confirm.note.activation'),
        confirmData: {
          op: 'activateOffer',
          benefitId: view.offer.id,
          requestId,
          ...(contact
            ? {
                userId: contact.userId,
                email: contact.email,
                phone: contact.phone,
                language: contact.language,
                country: contact.country,
              }
            : {}),
        },
      };
    }
    case 'setMarketingContact': {
      const { contact, previous } = view.preview;
      return {
        ...common,
        title: t.t('confirm.setMarketingContact', { name: contact.displayName }),
        facts: [
          { title: t.t('fact.person'), value: contact.displayName },
          { title: t.t('fact.email'), value: contact.email },
          { title: t.t('fact.phone'), value: readablePhone(contact.phone) },
          { title: t.t('fact.language'), value: t.text(contact.language.name) },
          ...(previous ? [{ title: t.t('fact.replaces'), value: previous.displayName }] : []),
        ],
        confirmData: {
          op: 'setMarketingContact',
          userId: view.userId,
          email: contact.email,
          phone: contact.phone,
          language: contact.language.code,
          requestId,
        },
      };
    }
    case 'setPartnerRole': {
      const { user, role, grant, shared } = view;
      return {
        ...common,
        title: grant
          ? t.t('confirm.grantRole', {
              name: user.displayName,
              role: t.t(`role.article.${role}`),
            })
          : t.t('confirm.revokeRole', { name: user.displayName, role: t.t(`role.${role}`) }),
        facts: [{ title: t.t('fact.person'), value: personLabel(user, shared) }],
        confirmData: {
          op: 'setPartnerRole',
          userId: user.id,
          role,
          grant: String(grant),
          requestId,
        },
      };
    }
    case 'addUser':
      return {
        ...common,
        title: t.t('confirm.addUser', { name: view.displayName, email: view.email }),
        facts: [
          { title: t.t('flow.input.newUserName'), value: view.displayName },
          { title: t.t('flow.input.newUserEmail'), value: view.email },
        ],
        confirmData: {
          op: 'addUser',
          newUserName: view.displayName,
          newUserEmail: view.email,
          requestId,
        },
      };
    case 'reclaim':
      return { ...common, ...reclaim(view, t) };
  }
}

function assignment(
  view: AssignmentConfirm,
  t: Translator,
  requestId: string,
): Pick<ConfirmCardData, 'title' | 'facts' | 'note' | 'confirmData'> {
  const { op, preview, alternativeEmail, newUser, shared } = view;
  const benefit = t.text(preview.benefit.name);
  const params = { benefit, name: preview.user.displayName, from: preview.from?.displayName ?? '' };
  const facts = [
    { title: t.t('fact.benefit'), value: benefit },
    ...(preview.from
      ? [{ title: t.t('fact.from'), value: personLabel(preview.from, shared) }]
      : []),
    {
      title: t.t(preview.from ? 'fact.to' : 'fact.person'),
      value: personLabel(preview.user, shared),
    },
    ...(alternativeEmail && !shared
      ? [{ title: t.t('fact.alternativeEmail'), value: alternativeEmail }]
      : []),
    ...(op === 'confirmActive' || preview.benefit.kind !== 'seats'
      ? []
      : [{ title: t.t('fact.leftAfter'), value: seatsLeft(preview, t) }]),
  ];
  const pending =
    preview.benefit.kind === 'supportIncidents' && (op === 'assign' || op === 'reassign');
  return {
    title: newUser
      ? t.t('confirm.assignNewUser', { ...params, email: newUser.email })
      : t.t(op === 'activate' ? 'confirm.activateSelf' : `confirm.${op}`, params),
    facts,
    note:
      pending && !shared
        ? t.t('confirm.note.pending', {
            emails: t.list([preview.user.email, alternativeEmail ?? '']),
          })
        : t.t('confirm.note'),
    confirmData: {
      op: op === 'activate' ? 'assign' : op,
      benefitId: preview.benefit.id,
      ...(preview.user.id ? { userId: preview.user.id } : {}),
      requestId,
      ...(preview.from ? { fromUserId: preview.from.id } : {}),
      ...(alternativeEmail ? { alternativeEmail } : {}),
      ...(newUser ? { newUserName: newUser.displayName, newUserEmail: newUser.email } : {}),
    },
  };
}

/** "3 of 5 seats": how many are free of the whole once the change is made. */
export function seatsLeft(
  preview: Pick<AssignmentPreview, 'benefit' | 'freeAfter'>,
  t: Translator,
): string {
  const total = preview.benefit.kind === 'seats' ? preview.benefit.quantity : 1;
  const unit = preview.benefit.kind === 'seats' ? t.count('unit.seat', total) : String(total);
  return t.t('fact.leftValue', { free: preview.freeAfter, total: unit });
}

/** "2 Visual Studio Enterprise seats are held by people who left", and one Confirm that takes back exactly the seats shown. */
function reclaim(
  view: Extract<ConfirmView, { kind: 'reclaim' }>,
  t: Translator,
): Pick<ConfirmCardData, 'title' | 'facts' | 'note' | 'confirmLabel' | 'confirmData'> {
  const { seats, total, requestId } = view;
  const perBenefit = new Map<string, { name: string; n: number }>();
  for (const seat of seats) {
    const entry = perBenefit.get(seat.benefit.id) ?? { name: t.text(seat.benefit.name), n: 0 };
    entry.n += 1;
    perBenefit.set(seat.benefit.id, entry);
  }
  const summary = t.list(
    [...perBenefit.values()].map(({ name, n }) => t.count('left.seats', n, { benefit: name })),
  );
  return {
    title: t.count('left.title', total),
    facts: seats.map((s) => ({
      title: t.text(s.benefit.name),
      value: `${s.user.displayName} (${t.t(s.departure === 'deleted' ? 'left.deleted' : 'left.disabled')})`,
    })),
    note: [
      summary,
      t.t('left.note'),
      ...(total > seats.length ? [t.t('left.more', { n: total - seats.length })] : []),
    ].join(' '),
    confirmLabel: t.count('left.reclaimButton', seats.length),
    confirmData: { op: 'reclaim', requestId, seats: view.encodedSeats },
  };
}
