import type { LocalizedText } from '../services/model';
import type { BenefitRef, PersonRef } from '../services/rules';
import type { PartnerRole } from '../services/users.service';
import { personLabel } from './format';
import type { Translator } from './i18n/translator';
import { renderTemplate, type CardAttachment } from './render';
import template from './templates/question.json';

/** The changes a conversation asks about (bot/recognizer.ts's ChangeIntent names). */
export type ChangeName =
  | 'assign'
  | 'activate'
  | 'remove'
  | 'reassign'
  | 'confirmActive'
  | 'getKeys'
  | 'setMarketingContact'
  | 'addUser'
  | 'setPartnerRole'
  | 'setNote';

/** Words that named nothing (perhaps something like it: `suggested`), or more than one thing. */
export type Unclear =
  { kind: 'notFound'; query: string; suggested: boolean } | { kind: 'several'; query: string };

/** Choices shown, and how many there were (the rest are typed). */
interface Choices<T> {
  choices: readonly T[];
  total: number;
}

/** Which benefit a change is about, naming who it is for (and from whom) as far as understood. */
export interface BenefitQuestion extends Choices<{ benefit: BenefitRef; free?: number }> {
  kind: 'benefit';
  op: ChangeName;
  /** Who gets it, loses it or holds it, by name (or as typed, when the words fit several people). */
  person?: string;
  /** Reassigning: whose it is now. */
  from?: string;
  unclear?: Unclear;
}

/** Who a change is for (or, reassigning, whose it is now), naming the benefit understood. */
export interface PersonQuestion extends Choices<PersonRef> {
  kind: 'person';
  slot: 'person' | 'from';
  op: ChangeName;
  benefit: LocalizedText;
  /** Reassigning: whose it is now. */
  from?: string;
  unclear?: Unclear;
  organisation: string;
  /** R5.2: offer to add someone not in the user list (with the name typed, when there is one). */
  addNew?: { name?: string };
  /** The choices are the benefit's holders: a complete list is picked from, with no text box. */
  holdersOnly: boolean;
  /** Where everyone reads it: people by name alone. */
  shared: boolean;
}

/** Who is given (or loses) a partner-program role. */
export interface RoleHolderQuestion extends Choices<PersonRef> {
  kind: 'roleHolder';
  role: PartnerRole;
  grant: boolean;
  unclear?: Unclear;
  organisation: string;
  shared: boolean;
}

/** R5.2: the name and work email of someone to add, for a benefit or on their own. */
export interface NewUserQuestion {
  kind: 'newUser';
  organisation: string;
  benefit?: LocalizedText;
  /** Why the last answer was not taken (worded by bot/ from the error's code). */
  problem?: string;
  /** What was typed for them: a name, or an email address. */
  hint: string;
}

/** R6.2: where support instructions go besides the account email. */
export interface AlternativeEmailQuestion {
  kind: 'alternativeEmail';
  name: string;
  partnerCenterEmail: string;
  problem?: string;
}

/** An employee's request (R1): which benefit to ask the admins for; a choice asks straight away. */
export interface AskWhichQuestion extends Choices<Pick<BenefitRef, 'id' | 'name'>> {
  kind: 'askWhich';
  /** The words that named no benefit the person can ask for. */
  notFound?: string;
  /** One benefit understood, not for sure: "Ask a Global admin for it?" with its one button. */
  confirm?: boolean;
}

/** What is asked, and what was understood so far: the card words the question in the reader's language. */
export type QuestionView =
  | BenefitQuestion
  | PersonQuestion
  | RoleHolderQuestion
  | NewUserQuestion
  | AlternativeEmailQuestion
  | AskWhichQuestion;

interface QuestionInput {
  id: 'answer' | 'newUserName' | 'newUserEmail';
  label: string;
  placeholder: string;
  style: 'Text' | 'Email' | 'Tel';
  error: string;
  value?: string;
}

interface QuestionCardData {
  question: string;
  note?: string;
  /** What is being asked for; the answer comes back with it. */
  slot: string;
  /** Buttons, one per candidate: the answer carries its id. */
  choices: { id: string; title: string }[];
  /** Labelled text boxes (a name, an email address); each comes back under its id. */
  inputs?: QuestionInput[];
  submitLabel?: string;
  /** What a choice sends: an answer to the open question (default), or a request straight away. */
  pickVerb?: 'flow.pick' | 'ask.benefit';
}

/** The choice that adds someone who is not in the user list (R5.2); the flow reads it back. */
export const NEW_USER_CHOICE = 'new-user';

/** Asks for one missing or unclear thing: pick a candidate or type it. */
export function questionCard(view: QuestionView, t: Translator): CardAttachment {
  const data = questionData(view, t);
  return renderTemplate('question', template, {
    question: data.question,
    note: data.note ?? '',
    slot: data.slot,
    pickVerb: data.pickVerb ?? 'flow.pick',
    choices: data.choices,
    inputs: (data.inputs ?? []).map((input) => ({ ...input, value: input.value ?? '' })),
    submitLabel: data.inputs?.length ? t.t('flow.input.submit') : '',
    cancelLabel: t.t('flow.cancelButton'),
  });
}

function questionData(view: QuestionView, t: Translator): QuestionCardData {
  switch (view.kind) {
    case 'benefit':
      return benefitQuestion(view, t);
    case 'person':
      return personQuestion(view, t);
    case 'roleHolder': {
      const query = view.unclear?.query ?? '';
      const more =
        view.total > view.choices.length
          ? t.t('flow.ask.more.matches', { total: view.total, shown: view.choices.length, query })
          : '';
      const asked = t.t('flow.ask.person.role', { role: t.t(`role.article.${view.role}`) });
      return {
        question: view.unclear
          ? sentences(t, [unclearPerson(view.unclear, view.organisation, t), asked])
          : asked,
        ...(more ? { note: more, inputs: [personInput(t)] } : {}),
        slot: 'person',
        choices: view.choices.map((p) => ({ id: p.id, title: personLabel(p, view.shared) })),
      };
    }
    case 'newUser': {
      const { hint } = view;
      const email = hint.includes('@');
      return {
        question: view.benefit
          ? t.t('flow.ask.newUser', { org: view.organisation, benefit: t.text(view.benefit) })
          : t.t('flow.ask.newUserOnly', { org: view.organisation }),
        ...(view.problem ? { note: view.problem } : {}),
        slot: 'newUser',
        choices: [],
        inputs: [
          {
            id: 'newUserName',
            label: t.t('flow.input.newUserName'),
            placeholder: t.t('flow.input.newUserName.placeholder'),
            style: 'Text',
            error: t.t('flow.input.newUserName.error'),
            value: email ? '' : hint,
          },
          {
            id: 'newUserEmail',
            label: t.t('flow.input.newUserEmail'),
            placeholder: t.t('flow.input.newUserEmail.placeholder'),
            style: 'Email',
            error: t.t('flow.input.newUserEmail.error'),
            value: email ? hint : '',
          },
        ],
      };
    }
    case 'alternativeEmail':
      return {
        question: t.t('flow.ask.alternativeEmail', { name: view.name }),
        note: [
          view.problem,
          t.t('flow.ask.alternativeEmail.note', { email: view.partnerCenterEmail }),
        ]
          .filter(Boolean)
          .join(' '),
        slot: 'alternativeEmail',
        choices: [],
        inputs: [
          {
            id: 'answer',
            label: t.t('flow.input.alternativeEmail'),
            placeholder: t.t('flow.input.alternativeEmail.placeholder'),
            style: 'Email',
            error: t.t('flow.input.alternativeEmail.error'),
          },
        ],
      };
    case 'askWhich': {
      const more = view.total - view.choices.length;
      return {
        question:
          view.notFound !== undefined
            ? sentences(t, [
                t.t('flow.ask.benefit.notFound', { query: view.notFound }),
                t.t('ask.which'),
              ])
            : view.confirm && view.choices[0]
              ? t.t('ask.confirm', { benefit: t.text(view.choices[0].name) })
              : t.t('ask.which'),
        ...(more > 0 ? { note: t.count('ask.more', more) } : {}),
        slot: 'benefit',
        choices: view.choices.map((b) => ({ id: b.id, title: t.text(b.name) })),
        pickVerb: 'ask.benefit',
      };
    }
  }
}

function benefitQuestion(view: BenefitQuestion, t: Translator): QuestionCardData {
  const { unclear } = view;
  const understood = view.person !== undefined || view.from !== undefined;
  const asked = whichBenefit(view, t);
  const question = !unclear
    ? asked
    : unclear.kind === 'notFound'
      ? sentences(t, [
          t.t('flow.ask.benefit.notFound', { query: unclear.query }),
          ...(understood ? [asked] : []),
        ])
      : understood
        ? sentences(t, [t.t('flow.ask.benefit.several', { query: unclear.query }), asked])
        : t.t('flow.ask.benefit.ambiguous', { query: unclear.query });
  const more =
    view.total > view.choices.length
      ? t.t('flow.ask.more.benefits', { total: view.total, shown: view.choices.length })
      : '';
  const note = questionNote(unclear, more, t);
  return {
    question,
    ...(note ? { note } : {}),
    slot: 'benefit',
    choices: view.choices.map(({ benefit, free }) => {
      const name = t.text(benefit.name);
      return {
        id: benefit.id,
        title:
          benefit.kind === 'seats' && free !== undefined
            ? `${name} (${t.count('mine.free', free)})`
            : name,
      };
    }),
    inputs: [
      {
        id: 'answer',
        label: t.t('flow.input.benefit'),
        placeholder: t.t('flow.input.benefit.placeholder'),
        style: 'Text',
        error: t.t('flow.input.benefit.error'),
      },
    ],
  };
}

/** "Which benefit should Ana Bowman get?": the change and the people understood, or just "Which benefit?". */
function whichBenefit(view: BenefitQuestion, t: Translator): string {
  const { op, person, from } = view;
  if (op === 'getKeys') return t.t('flow.ask.keys');
  if (op === 'reassign' && from !== undefined)
    return person !== undefined
      ? t.t('flow.ask.benefit.reassign', { from, name: person })
      : t.t('flow.ask.benefit.reassignFrom', { from });
  if (person === undefined) return t.t('flow.ask.benefit');
  switch (op) {
    case 'assign':
    case 'reassign':
      return t.t('flow.ask.benefit.assign', { name: person });
    case 'remove':
      return t.t('flow.ask.benefit.remove', { name: person });
    case 'confirmActive':
      return t.t('flow.ask.benefit.confirmActive', { name: person });
    default:
      return t.t('flow.ask.benefit');
  }
}

function personQuestion(view: PersonQuestion, t: Translator): QuestionCardData {
  const { unclear } = view;
  const name = t.text(view.benefit);
  const asked =
    view.slot === 'from'
      ? t.t('flow.ask.person.reassignFrom', { benefit: name })
      : view.op === 'reassign'
        ? t.t('flow.ask.person.reassignTo', { benefit: name, from: view.from ?? '' })
        : view.op === 'remove'
          ? t.t('flow.ask.person.remove', { benefit: name })
          : view.op === 'confirmActive'
            ? t.t('flow.ask.person.confirmActive', { benefit: name })
            : t.t('flow.ask.person.assign', { benefit: name });
  const shownAll = view.total <= view.choices.length;
  const more = shownAll
    ? ''
    : unclear?.kind === 'several'
      ? t.t('flow.ask.more.matches', {
          total: view.total,
          shown: view.choices.length,
          query: unclear.query,
        })
      : t.t('flow.ask.more.holders', {
          total: view.total,
          shown: view.choices.length,
          benefit: name,
        });
  const note = questionNote(unclear, more, t);
  return {
    question: unclear ? sentences(t, [unclearPerson(unclear, view.organisation, t), asked]) : asked,
    ...(note ? { note } : {}),
    slot: view.slot,
    choices: [
      ...view.choices.map((p) => ({ id: p.id, title: personLabel(p, view.shared) })),
      ...(view.addNew
        ? [
            {
              id: NEW_USER_CHOICE,
              title: view.addNew.name
                ? t.t('flow.addNewUser', { name: view.addNew.name })
                : t.t('flow.addNewUserBlank'),
            },
          ]
        : []),
    ],
    // Holders are picked from the list, unless it is cut short: then the rest are found by typing.
    ...(view.holdersOnly && shownAll ? {} : { inputs: [personInput(t)] }),
  };
}

/** "I couldn't find "Zeb" in the user list of Contoso." or ""Lee" matches more than one person." */
function unclearPerson(unclear: Unclear, organisation: string, t: Translator): string {
  return unclear.kind === 'notFound'
    ? t.t('flow.ask.person.notFound', { query: unclear.query, org: organisation })
    : t.t('flow.ask.person.several', { query: unclear.query });
}

/** The text box a person is named in (typed words come back as the answer). */
function personInput(t: Translator): QuestionInput {
  return {
    id: 'answer',
    label: t.t('flow.input.person'),
    placeholder: t.t('flow.input.person.placeholder'),
    style: 'Text',
    error: t.t('flow.input.person.error'),
  };
}

/** Sentences one after another: a space between them in English, none after Japanese 。 and ？. */
function sentences(t: Translator, parts: readonly string[]): string {
  return parts.join(t.lang === 'ja' ? '' : ' ');
}

/** The note under a question: "did you mean…" for a near miss, and how many more there are. */
function questionNote(
  unclear: { kind: string; suggested?: unknown } | undefined,
  more: string,
  t: Translator,
): string {
  return [unclear?.kind === 'notFound' && unclear.suggested ? t.t('flow.ask.didYouMean') : '', more]
    .filter(Boolean)
    .join(' ');
}
