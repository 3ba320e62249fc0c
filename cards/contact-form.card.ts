import { renderTemplate, type CardAttachment } from './render';
import template from './templates/contact-form.json';

export interface ContactFormData {
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

/** R7.2: the company marketing contact in one card: person, email, phone, preferred language. */
export function contactFormCard(data: ContactFormData): CardAttachment {
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
