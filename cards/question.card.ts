import { renderTemplate, type CardAttachment } from './render';
import template from './templates/question.json';

export interface QuestionCardData {
  question: string;
  note?: string;
  /** What is being asked for; the answer comes back with it. */
  slot: string;
  /** Buttons, one per candidate: the answer carries its id. */
  choices: { id: string; title: string }[];
  /** A labelled text box, for a name or an email address. */
  input?: { label: string; placeholder: string; style: 'text' | 'email' | 'tel'; error: string; submit: string };
  cancelLabel: string;
}

/** Asks for one missing or unclear thing: pick a candidate or type it. */
export function questionCard(data: QuestionCardData): CardAttachment {
  return renderTemplate('question', template, {
    question: data.question,
    note: data.note ?? '',
    slot: data.slot,
    choices: data.choices,
    inputLabel: data.input?.label ?? '',
    inputPlaceholder: data.input?.placeholder ?? '',
    inputStyle: data.input?.style ?? 'text',
    inputError: data.input?.error ?? '',
    submitLabel: data.input?.submit ?? '',
    cancelLabel: data.cancelLabel,
  });
}
