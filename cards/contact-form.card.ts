import type { MarketingLanguage } from '../services/go-to-market.service';
import type { BenefitRef, PersonRef } from '../services/rules';
import type { Translator } from './i18n/translator';
import { renderTemplate, type CardAttachment } from './render';
import template from './templates/contact-form.json';

/** R7.2: the marketing contact form as the flow left it: who may be chosen, what is known, what went wrong. */
export interface ContactFormView {
  /** The offer whose activation needs a contact, or null when the contact alone is set. */
  offer: BenefitRef | null;
  organisation: { name: string; partnerCenterEmail: string };
  /** Why the form is shown again (an error sentence), or ''. */
  problem: string;
  /** A name that found nobody, or ''. */
  notFound: string;
  /** The people listed (at most a short list) and how many there are in all. */
  people: readonly PersonRef[];
  total: number;
  /** The name whose matches the list holds, or null when it lists the organisation's people. */
  matchesOf: string | null;
  /** A box to type a name in: someone is missing from the list. */
  search: boolean;
  languages: readonly MarketingLanguage[];
  /** Values already known, so a correction keeps what was typed. */
  values: { userId: string; email: string; phone: string; language: string };
}

/** R7.2: the company marketing contact in one card: person, email, phone, preferred language. */
export function contactFormCard(view: ContactFormView, t: Translator): CardAttachment {
  const { organisation, people, total } = view;
  const org = organisation.name;
  const shown = people.length;
  return renderForm({
    title: t.t('contact.title'),
    problem: [
      view.problem,
      view.notFound ? t.t('flow.ask.person.notFound', { query: view.notFound, org }) : '',
    ]
      .filter(Boolean)
      .join(' '),
    note: [
      view.offer ? t.t('contact.needed', { offer: t.text(view.offer.name) }) : '',
      t.t('contact.note', { email: organisation.partnerCenterEmail }),
    ]
      .filter(Boolean)
      .join(' '),
    people: people.map((u) => ({ title: `${u.displayName} (${u.email})`, value: u.id })),
    peopleNote:
      total <= shown
        ? ''
        : view.matchesOf !== null
          ? t.t('flow.ask.more.matches', { total, shown, query: view.matchesOf })
          : t.t('contact.more', { total, shown, org }),
    search: view.search,
    languages: view.languages.map((l) => ({ title: t.text(l.name), value: l.code })),
    values: view.values,
    labels: {
      person: t.t('contact.input.person'),
      personError: t.t('contact.input.person.error'),
      search: t.t('contact.input.search'),
      searchPlaceholder: t.t('flow.input.person.placeholder'),
      email: t.t('contact.input.email'),
      emailError: t.t('contact.input.email.error'),
      phone: t.t('contact.input.phone'),
      phonePlaceholder: t.t('contact.input.phone.placeholder'),
      phoneError: t.t('contact.input.phone.error'),
      language: t.t('contact.input.language'),
      languageError: t.t('contact.input.language.error'),
      submit: t.t('flow.input.submit'),
      cancel: t.t('flow.cancelButton'),
    },
  });
}

interface ContactFormData {
  title: string;
  /** Why the form is shown again (a refused value), or empty. */
  problem: string;
  note: string;
  /** At most a short list; when it is cut short, `peopleNote` says how many there are and `search` offers a box to type a name. */
  people: { title: string; value: string }[];
  peopleNote: string;
  search: boolean;
  languages: { title: string; value: string }[];
  /** Values already known, so a correction keeps what was typed. */
  values: { userId: string; email: string; phone: string; language: string };
  labels: {
    person: string;
    personError: string;
    search: string;
    searchPlaceholder: string;
    email: string;
    emailError: string;
    phone: string;
    phonePlaceholder: string;
    phoneError: string;
    language: string;
    languageError: string;
    submit: string;
    cancel: string;
  };
}

function renderForm(data: ContactFormData): CardAttachment {
  const l = data.labels;
  return renderTemplate('contact-form', template, {
    title: data.title,
    problem: data.problem,
    note: data.note,
    people: data.people,
    peopleNote: data.peopleNote,
    languages: data.languages,
    ...data.values,
    // With a search box, a typed name alone is an answer: the list need not be chosen from.
    personRequired: !data.search,
    searchLabel: data.search ? l.search : '',
    searchPlaceholder: l.searchPlaceholder,
    personLabel: l.person,
    personError: l.personError,
    emailLabel: l.email,
    emailError: l.emailError,
    phoneLabel: l.phone,
    phonePlaceholder: l.phonePlaceholder,
    phoneError: l.phoneError,
    languageLabel: l.language,
    languageError: l.languageError,
    submitLabel: l.submit,
    cancelLabel: l.cancel,
  });
}
