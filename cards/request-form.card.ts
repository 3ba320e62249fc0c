import type { RequestPhase, SolutionType } from '../services/model';
import type { HoursBenefitChoice } from '../services/requests.service';
import type { Translator } from './i18n/translator';
import { renderTemplate, type CardAttachment } from './render';
import template from './templates/request-form.json';

type Choice = { title: string; value: string };

/** R6.4: the hours request form: the benefits with hours left, the choices, and what was typed already. */
/** The hours request form's inputs, as chosen or typed. */
export interface RequestFormInputs {
  benefitId?: string;
  phase?: string;
  solution?: string;
  description?: string;
  hours?: string;
  contactEmail?: string;
  contactPhone?: string;
}

export interface RequestFormView {
  benefits: readonly HoursBenefitChoice[];
  phases: readonly RequestPhase[];
  solutions: readonly SolutionType[];
  /** What was chosen or typed already, kept when the form comes back. */
  values: RequestFormInputs;
  /** The requester's email: the contact when none is typed. */
  myEmail: string;
  /** Why the form came back (an error sentence), or ''. */
  problem: string;
  requestId: string;
}

/** R6.4: the request for advisory or presales hours, with "Submit request". */
export function requestFormCard(view: RequestFormView, t: Translator): CardAttachment {
  const { values } = view;
  return renderForm({
    title: t.t('request.title'),
    intro: t.t('request.intro'),
    problem: view.problem,
    benefits: view.benefits.map((c) => ({
      title: `${t.text(c.benefit.name)} (${t.count('request.remaining', c.remaining)})`,
      value: c.benefit.id,
    })),
    phases: view.phases.map((p) => ({ title: t.t(`request.phase.${p}`), value: p })),
    solutions: view.solutions.map((s) => ({ title: t.t(`request.solution.${s}`), value: s })),
    values: {
      benefitId: values.benefitId ?? '',
      phase: values.phase ?? '',
      solution: values.solution ?? '',
      description: values.description ?? '',
      hours: values.hours ?? '',
      contactEmail: values.contactEmail ?? '',
      contactPhone: values.contactPhone ?? '',
    },
    labels: {
      benefit: t.t('request.benefit'),
      phase: t.t('request.phase'),
      solution: t.t('request.solution'),
      description: t.t('request.description'),
      descriptionPlaceholder: t.t('request.description.placeholder'),
      hours: t.t('request.hours'),
      email: t.t('request.contactEmail'),
      emailPlaceholder: t.t('request.contactEmail.hint', { email: view.myEmail }),
      phone: t.t('request.contactPhone'),
      required: t.t('request.required'),
      submit: t.t('request.submit'),
      cancel: t.t('confirm.cancelButton'),
    },
    requestId: view.requestId,
  });
}

interface RequestFormData {
  title: string;
  intro: string;
  /** Why the form came back (a refused value), or empty. */
  problem: string;
  benefits: Choice[];
  phases: Choice[];
  solutions: Choice[];
  /** What was chosen or typed already, kept when the form comes back. */
  values: {
    benefitId: string;
    phase: string;
    solution: string;
    description: string;
    hours: string;
    contactEmail: string;
    contactPhone: string;
  };
  labels: {
    benefit: string;
    phase: string;
    solution: string;
    description: string;
    descriptionPlaceholder: string;
    hours: string;
    email: string;
    emailPlaceholder: string;
    phone: string;
    required: string;
    submit: string;
    cancel: string;
  };
  requestId: string;
}

function renderForm(data: RequestFormData): CardAttachment {
  const l = data.labels;
  return renderTemplate('request-form', template, {
    title: data.title,
    intro: data.intro,
    problem: data.problem,
    benefits: data.benefits,
    phases: data.phases,
    solutions: data.solutions,
    ...data.values,
    benefitLabel: l.benefit,
    phaseLabel: l.phase,
    solutionLabel: l.solution,
    descriptionLabel: l.description,
    descriptionPlaceholder: l.descriptionPlaceholder,
    hoursLabel: l.hours,
    emailLabel: l.email,
    emailPlaceholder: l.emailPlaceholder,
    phoneLabel: l.phone,
    requiredError: l.required,
    submitLabel: l.submit,
    cancelLabel: l.cancel,
    requestId: data.requestId,
  });
}
