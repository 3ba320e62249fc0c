import { renderTemplate, type CardAttachment } from './render';
import template from './templates/question.json';

export interface QuestionCardData {
  question: string;
  note?: string;
  /** What is being asked for; the answer comes back with it. */
  slot: string;
  /** Buttons, one per candidate: the answer carries its id. */
  choices: { id: string; title: string }[];
  /** Labelled text boxes (a name, an email address); each comes back under its id. */
  inputs?: QuestionInput[];
  submitLabel?: string;
  cancelLabel: string;
  /** What a choice sends: an answer to the open question (default), or a request straight away. */
  pickVerb?: 'flow.pick' | 'ask.benefit';
}

export interface QuestionInput {
  id: 'answer' | 'newUserName' | 'newUserEmail';
  label: string;
  placeholder: string;
  style: 'Text' | 'Email' | 'Tel';
  error: string;
  value?: string;
}

/** Asks for one missing or unclear thing: pick a candidate or type it. */
export function questionCard(data: QuestionCardData): CardAttachment {
  return renderTemplate('question', template, {
    question: data.question,
    note: data.note ?? '',
    slot: data.slot,
    pickVerb: data.pickVerb ?? 'flow.pick',
    choices: data.choices,
    inputs: (data.inputs ?? []).map((input) => ({ ...input, value: input.value ?? '' })),
    submitLabel: data.submitLabel ?? '',
    cancelLabel: data.cancelLabel,
  });
}
