import type { RevealedKeys, RevealPreview } from '../services/keys.service';
import type { Translator } from './i18n/translator';
import { jsonBytes, pack, pageOf } from './paging';
import { renderTemplate, type CardAttachment } from './render';
import revealTemplate from './templates/keys-reveal.json';
import keysTemplate from './templates/keys.json';

interface KeysRevealCardData {
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

/** What the reveal card offers: the product's choices, and what the request named already. */
export interface KeysRevealView {
  preview: RevealPreview;
  /** The display language and OS typed with the request (R3.2), chosen already when the product offers them. */
  typed: { language?: string; os?: string };
  requestId: string;
}

/** R3.1–R3.2, R4.2: choose the language and OS, then get the keys. */
export function keysRevealCard(view: KeysRevealView, t: Translator): CardAttachment {
  const { preview, typed } = view;
  const name = t.text(preview.benefit.name);
  const software = preview.languages.length > 0;
  // The language typed, else the reader's own when the product offers it, else the product's first.
  const language =
    preview.languages.find((l) => l.code === typed.language)?.code ??
    (preview.languages.some((l) => l.code === t.lang)
      ? t.lang
      : (preview.languages[0]?.code ?? ''));
  return renderReveal({
    title: t.t('keys.title', { benefit: name }),
    subtitle: software
      ? t.t('keys.subtitle', { count: preview.keyCount })
      : t.t('keys.subtitleLicense', { count: preview.keyCount }),
    languages: preview.languages.map((l) => ({ title: t.text(l.label), value: l.code })),
    osTypes: preview.osTypes.map((o) => ({ title: t.text(o.label), value: o.id })),
    language,
    os: preview.osTypes.find((o) => o.id === typed.os)?.id ?? '',
    refundWarning: preview.refundWarning
      ? t.t('keys.refundWarning', {
          date: t.date(preview.refundWarning.refundEndsAt),
          benefit: name,
        })
      : '',
    labels: {
      language: t.t('keys.input.language'),
      languageError: t.t('keys.input.language.error'),
      os: t.t('keys.input.os'),
      osError: t.t('keys.input.os.error'),
      refund: t.t('keys.refund.label'),
      refundToggle: t.t('keys.refund.toggle'),
      refundError: t.t('keys.refund.error'),
      reveal: t.t('keys.reveal'),
      cancel: t.t('confirm.cancelButton'),
    },
    note: t.t('keys.note'),
    revealData: { benefitId: preview.benefit.id, requestId: view.requestId },
  });
}

function renderReveal(data: KeysRevealCardData): CardAttachment {
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

interface KeysCardData {
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

/** Keys a card shows at most, and about how many bytes of them (each is a line of the card); more come a page at a time. */
const KEYS_PER_PAGE = 200;
const KEYS_BUDGET = 20 * 1024;
const KEY_MARKUP = 75;

/** Keys revealed, and the reveal's payload again (ids, the request id, the choices) that another page sends. */
export interface KeysView {
  revealed: RevealedKeys;
  reveal: Record<string, string>;
}

/** The keys themselves (one page of many), with their special instructions and the download for the chosen language and OS. Never cached. */
export function keysCard(view: KeysView, t: Translator, page = 0): CardAttachment {
  const { revealed } = view;
  const name = t.text(revealed.benefit.name);
  const download = revealed.download;
  // Another page is the same reveal again, which its request id keeps from being recorded twice.
  const shown = pageOf(
    pack(revealed.keys, KEYS_PER_PAGE, KEYS_BUDGET, (key) => KEY_MARKUP + jsonBytes(key)),
    page,
  );
  const to = (index: number) => ({ ...view.reveal, page: index });
  return renderKeys({
    title: t.t('keys.revealedTitle', { benefit: name }),
    chosen: download
      ? t.t('keys.chosen', {
          language: t.text(download.language.label),
          os: t.text(download.os.label),
        })
      : '',
    keys: shown.items,
    range:
      shown.count > 1
        ? t.t('keys.range', { first: shown.first, last: shown.last, total: shown.total })
        : '',
    pages: [
      ...(shown.hasPrevious ? [{ title: t.t('page.previous'), data: to(shown.index - 1) }] : []),
      ...(shown.hasNext ? [{ title: t.t('page.next'), data: to(shown.index + 1) }] : []),
    ],
    instructionsLabel: t.t('details.instructions'),
    instructions: t.text(revealed.instructions),
    activated: revealed.activated ? t.t('keys.activated', { benefit: name }) : '',
    note: t.t('keys.revealedNote'),
    // Software: the download for the chosen language and OS; a licence: where it is redeemed.
    links: download
      ? [
          {
            title: t.t('keys.download', {
              language: t.text(download.language.label),
              os: t.text(download.os.label),
            }),
            url: download.url,
          },
        ]
      : revealed.benefit.links.slice(0, 1).map((l) => ({ title: t.text(l.title), url: l.url })),
  });
}

function renderKeys(data: KeysCardData): CardAttachment {
  return renderTemplate(
    'keys',
    keysTemplate,
    { ...data, keys: data.keys.map((key) => ({ key })) },
    { cache: false },
  );
}
