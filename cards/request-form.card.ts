import { renderTemplate, type CardAttachment } from './render';
import template from './templates/request-form.json';

type Choice = { title: string; value: string };

export interface RequestFormData {
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

/** R6.4: the request for advisory or presales hours, with "Submit request". */
export function requestFormCard(data: RequestFormData): CardAttachment {
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
