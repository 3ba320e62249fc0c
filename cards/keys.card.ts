import { renderTemplate, type CardAttachment } from './render';
import revealTemplate from './templates/keys-reveal.json';
import keysTemplate from './templates/keys.json';

export interface KeysRevealCardData {
  title: string;
  subtitle: string;
  /** R3.2: display languages and OS types (empty for licence keys). */
  languages: { title: string; value: string }[];
  osTypes: { title: string; value: string }[];
  /** The language chosen first (the reader's own, when the product offers it). */
  language: string;
  /** The OS already chosen (typed with the request); empty: none yet. */
  os?: string;
  /** R8: why getting these keys ends the right to a refund, or empty. */
  refundWarning: string;
  labels: {
    language: string;
    languageError: string;
    os: string;
    osError: string;
    refund: string;
    refundToggle: string;
    refundError: string;
    reveal: string;
    cancel: string;
  };
  note: string;
  /** Ids and the request id only; the service checks everything again. */
  revealData: Record<string, string>;
}

/** R3.1–R3.2, R4.2: choose the language and OS, then get the keys. */
export function keysRevealCard(data: KeysRevealCardData): CardAttachment {
  const l = data.labels;
  return renderTemplate('keys-reveal', revealTemplate, {
    title: data.title,
    subtitle: data.subtitle,
    languages: data.languages,
    osTypes: data.osTypes,
    language: data.language,
    os: data.os ?? '',
    refundWarning: data.refundWarning,
    languageLabel: l.language,
    languageError: l.languageError,
    osLabel: l.os,
    osError: l.osError,
    refundLabel: l.refund,
    refundToggle: l.refundToggle,
    refundError: l.refundError,
    revealLabel: l.reveal,
    cancelLabel: l.cancel,
    note: data.note,
    revealData: data.revealData,
  });
}

export interface KeysCardData {
  title: string;
  chosen: string;
  /** The keys on this card: all of them, or one page of many. */
  keys: string[];
  /** Which keys of how many, when there is more than one page ('' otherwise). */
  range: string;
  /** "Previous" / "Next": the reveal's data again (ids, the request id, the choices) and a page number. */
  pages: { title: string; data: Record<string, unknown> }[];
  instructionsLabel: string;
  instructions: string;
  activated: string;
  note: string;
  links: { title: string; url: string }[];
}

/** The keys themselves (one page of many), with their special instructions and the download for the chosen language and OS. Never cached. */
export function keysCard(data: KeysCardData): CardAttachment {
  return renderTemplate(
    'keys',
    keysTemplate,
    { ...data, keys: data.keys.map((key) => ({ key })) },
    { cache: false },
  );
}
