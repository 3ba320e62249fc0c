import { benefitsNamed, benefitsWithWord, peopleNamed } from '../../services/finder.service';
import type { Benefit, User } from '../../services/model';
import { perCollection } from '../../services/org-index';

/** The organisation a message is read in: its benefits and people, never another's. */
export interface Gazetteer {
  benefits: readonly Benefit[];
  users: readonly User[];
}

/** Words of the message that name something the organisation knows. */
export interface Spot<T> {
  /** The words as typed (NFKC), to be looked up again by the services. */
  words: string;
  start: number;
  end: number;
  items: readonly T[];
  /** Found by one distinctive word or a typo, not by a name: given up when a name is found too. */
  weak?: boolean;
}

export interface Spotted {
  /** The message, NFKC-folded: spans index into it. */
  text: string;
  benefits: Spot<Benefit>[];
  people: Spot<User>[];
  emails: Spot<string>[];
  /** The message with each entity replaced by a marker (⟦B⟧ a benefit, ⟦P⟧ a person, ⟦E⟧ an email), lower case. */
  rest: string;
}

interface Token {
  text: string;
  start: number;
  end: number;
  script: 'latin' | 'number' | 'katakana' | 'kanji' | 'hiragana' | 'other';
}

const TOKEN =
  /['’]s\b|[A-Za-z][A-Za-z0-9]*(?:(?:'(?!s\b)|’(?!s\b)|-)[A-Za-z0-9]+)*|[0-9]+(?:\.[0-9]+)?|[\p{Script=Katakana}ー・]+|\p{Script=Han}+|\p{Script=Hiragana}+|[^\s\p{L}\p{N}]/gu;

const KANJI_HONORIFIC = /(様|君|氏|殿)$/;
/** Words an honorific follows that are no name (「お客様」「皆様」「担当者様」). */
const KANJI_NOT_A_NAME =
  /^(?:客|皆|各位|担当|担当者|先方|御社|貴社|上司|部長|課長|社長|先生|皆さん|みな)$/;

function tokens(text: string): Token[] {
  const found: Token[] = [];
  for (const match of text.matchAll(TOKEN)) {
    const word = match[0];
    const start = match.index;
    const script = /^[A-Za-z]/.test(word)
      ? 'latin'
      : /^[0-9]/.test(word)
        ? 'number'
        : /^[\p{Script=Katakana}ー・]/u.test(word)
          ? 'katakana'
          : /^\p{Script=Han}/u.test(word)
            ? 'kanji'
            : /^\p{Script=Hiragana}/u.test(word)
              ? 'hiragana'
              : 'other';
    // "鈴木様": the honorific is no part of the name.
    const honorific = script === 'kanji' && word.length > 1 ? KANJI_HONORIFIC.exec(word) : null;
    if (honorific) {
      const cut = word.length - honorific[0].length;
      found.push({ text: word.slice(0, cut), start, end: start + cut, script });
      found.push({ text: honorific[0], start: start + cut, end: start + word.length, script });
    } else if (
      script === 'hiragana' &&
      found.at(-1)?.script === 'kanji' &&
      found.at(-1)?.end === start
    ) {
      // 「佐藤ゆきさん」: a given name in hiragana, then the honorific.
      const given = /^(.{1,3}?)(さん|さま|くん|ちゃん)$/.exec(word);
      if (given?.[1]) {
        found.push({ text: given[1], start, end: start + given[1].length, script });
        found.push({
          text: given[2] ?? '',
          start: start + given[1].length,
          end: start + word.length,
          script,
        });
      } else found.push({ text: word, start, end: start + word.length, script });
    } else found.push({ text: word, start, end: start + word.length, script });
  }
  return found;
}

/** Words that are never a name on their own, however an organisation's people are called. */
export const NOT_A_NAME = new Set(
  (
    'a an the i me my mine we us our you your he him his she her they them their it its this that ' +
    'to from for of on in at by with and or but not no yes is are was were be been am do does did ' +
    'has have had get got give gave take took can could would should will may might must shall ' +
    'who what which when where why how any anyone anybody someone somebody everyone all some ' +
    'please pls plz thanks thank hi hello hey ok okay so well re fw new old left leaving instead also too now ' +
    'then again still yet just only more most less one two three four five key keys seat seats ' +
    'licence license licences licenses subscription subscriptions benefit benefits offer offers ' +
    'assign remove move give need needs want wants show list tell see check set up down off over ' +
    'free used use using active activate hours hour team project people person user users ' +
    'hand pass transfer swap grant revoke put send make let tell ask today tomorrow monday tuesday wednesday thursday friday saturday sunday sure good ' +
    'surface laptop laptops desktop pc pcs machine machines device devices macbook ipad iphone android'
  ).split(' '),
);

/** Words of the organisation's benefit names, for telling a typo in one from other words. */
const benefitWords = perCollection((benefits: readonly Benefit[]): ReadonlySet<string> => {
  const words = new Set<string>();
  for (const b of benefits)
    for (const name of [b.name.en, ...b.aliases])
      for (const w of name.toLowerCase().split(/[^a-z0-9]+/)) if (w.length >= 5) words.add(w);
  return words;
});

/** Edit distance (two neighbours swapped count as one typo), stopping early above `limit`. */
function distance(a: string, b: string, limit: number): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, i) => i);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let best = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let value = Math.min(
        (previous[j] ?? 0) + 1,
        (current[j - 1] ?? 0) + 1,
        (previous[j - 1] ?? 0) + cost,
      );
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1])
        value = Math.min(value, (before[j - 2] ?? 0) + 1);
      current.push(value);
      best = Math.min(best, value);
    }
    if (best > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return previous[b.length] ?? limit + 1;
}

/** The word of a benefit's name that a word of five letters or more misspells by one or two typos. */
function misspeltBenefitWord(word: string, known: ReadonlySet<string>): string | undefined {
  const w = word.toLowerCase();
  if (w.length < 5 || known.has(w) || NOT_A_NAME.has(w)) return undefined;
  const limit = w.length >= 8 ? 2 : 1;
  for (const k of known) if (distance(w, k, limit) <= limit) return k;
  return undefined;
}

const HONORIFIC_AFTER = /^\s?(さん|様|さま|くん|君|ちゃん|氏)/;
const CAPITALISED = /^[A-Z][a-z]+$/;
const ARTICLE = /^(?:the|a|an|my|our|his|her|their|this|that)$/i;
/** Words of benefit names too common to name one on their own ("the partner program", "product key"). */
const GENERIC_LATIN =
  /^(?:partner|partners|product|products|microsoft|program|programme|services?|benefits?|sales|monthly|credit|deployment|technical|subscription|licen[cs]e|offer|core|ready)$/i;
const WRAPPING_WORD = /^(?:特典|ライセンス|サブスクリプション|オファー|の)$/;
const GENERIC_KATAKANA =
  /^(?:パートナー|マイクロソフト|ユーザー?|メンバー|サービス|プログラム|ライセンス|サブスクリプション|オファー|キー|プロダクトキー|リクエスト|メール|チャネル|チーム|プロジェクト|ケース|リスト|エクスポート|データ|ソフトウェア|ソフト|クラウド|テクニカル)$/;

const MAX_SPAN = 5;
const EMAIL = /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/g;

/**
 * Finds, anywhere in a message, the benefits and people of this organisation it names (longest
 * names first, left to right), and the emails typed. Names are looked up exactly (as the services'
 * finder does, kana by sound included); a benefit's name with a typo in a long word is found too.
 */
export function spot(message: string, organisation: Gazetteer): Spotted {
  const text = message.normalize('NFKC');
  const emails: Spot<string>[] = [...text.matchAll(EMAIL)].map((m) => ({
    words: m[0],
    start: m.index,
    end: m.index + m[0].length,
    items: [m[0]],
  }));
  const inEmail = (t: Token) => emails.some((e) => t.start >= e.start && t.end <= e.end);
  const all = tokens(text).filter((t) => !inEmail(t));
  const known = benefitWords(organisation.benefits);
  const benefits: Spot<Benefit>[] = [];
  const people: Spot<User>[] = [];
  const nameable = (t: Token) =>
    t.script === 'latin' ||
    t.script === 'number' ||
    t.script === 'katakana' ||
    t.script === 'kanji';
  const typos = new Map<string, string | undefined>();
  for (let i = 0; i < all.length;) {
    const first = all[i] as Token;
    if (!nameable(first)) {
      i += 1;
      continue;
    }
    let taken = 0;
    for (let length = Math.min(MAX_SPAN, all.length - i); length >= 1 && taken === 0; length--) {
      const span = all.slice(i, i + length);
      const last = span[span.length - 1] as Token;
      const honorific = HONORIFIC_AFTER.test(text.slice(last.end, last.end + 4));
      // 「佐藤ゆきさん」: a family name in kanji, a given name in hiragana.
      const kanaGiven =
        length === 2 &&
        honorific &&
        first.script === 'kanji' &&
        last.script === 'hiragana' &&
        last.text.length <= 3;
      if (!span.every(nameable) && !kanaGiven) continue;
      const words = text.slice(first.start, last.end);
      // No name starts or ends with a word that is never one ("the VS Pro seat" is found as "VS Pro").
      const edge = (t: Token) =>
        (t.script === 'latin' && NOT_A_NAME.has(t.text.toLowerCase())) ||
        (t.script === 'kanji' && KANJI_NOT_A_NAME.test(t.text));
      if (edge(first) || (length > 1 && edge(last))) continue;
      // One word names a benefit only as a whole name ("Azure"), never as the start of one ("product"),
      // and a common katakana word ("パートナー", "ユーザー") is no benefit or person on its own.
      const core = span.filter((t) => !WRAPPING_WORD.test(t.text) && !ARTICLE.test(t.text));
      const single = core.length === 1 ? core[0] : undefined;
      if (single && (GENERIC_KATAKANA.test(single.text) || GENERIC_LATIN.test(single.text)))
        continue;
      const latinWord = single?.script === 'latin' ? single.text : undefined;
      let named = benefitsNamed(organisation.benefits, words, { prefix: !latinWord });
      // "VSのEnterprise": one distinctive word of several names names them all.
      let weak = false;
      if (named.length === 0 && latinWord && (latinWord.length >= 5 || /^pro$/i.test(latinWord))) {
        named = benefitsWithWord(organisation.benefits, latinWord);
        weak = true;
      }
      if (named.length > 0) {
        benefits.push({
          words,
          start: first.start,
          end: last.end,
          items: named,
          ...(weak ? { weak } : {}),
        });
        taken = length;
        continue;
      }
      // A katakana word is a person by its sound only with an honorific after it ("ディエゴさん").
      const particle =
        /^\s?(に|へ|から|→|->)/.test(text.slice(last.end, last.end + 3)) ||
        /(→|->)\s?$/.test(text.slice(Math.max(0, first.start - 3), first.start));
      const bySound = honorific || particle || span.some((t) => t.script !== 'katakana');
      let person = peopleNamed(organisation.users, words, { bySound });
      // "lynnes e5", "lee gus vs": a possessive typed without its apostrophe.
      let personWords = words;
      if (person.length === 0 && last.script === 'latin' && /[a-z]{2}s$/i.test(last.text)) {
        personWords = words.slice(0, -1);
        person = peopleNamed(organisation.users, personWords, { bySound });
      }
      if (person.length > 0) {
        people.push({ words: personWords, start: first.start, end: last.end, items: person });
        taken = length;
        continue;
      }
      // "visual stuido pro": a typo in a long word of a benefit's name.
      const corrected = span.map((t) => {
        if (!typos.has(t.text)) typos.set(t.text, misspeltBenefitWord(t.text, known));
        return typos.get(t.text);
      });
      if (corrected.some(Boolean)) {
        const spelt = span.map((t, n) => corrected[n] ?? t.text).join(' ');
        const items = benefitsNamed(organisation.benefits, spelt);
        if (items.length > 0) {
          benefits.push({ words: spelt, start: first.start, end: last.end, items });
          taken = length;
          continue;
        }
      }
      // Someone the organisation does not know yet: "Bob Smith", 「高橋さん」, 「山田 健太さん」.
      const capitalised =
        length >= 2 &&
        length <= 3 &&
        span.every((t) => CAPITALISED.test(t.text) && !NOT_A_NAME.has(t.text.toLowerCase()));
      // A given name may be written in hiragana after a family name in kanji (「佐藤ゆきさん」).
      // 「お客様」「皆様」: words with an honorific that name nobody.
      const notAPerson =
        KANJI_NOT_A_NAME.test(words) || /お$/.test(text.slice(first.start - 1, first.start));
      const japanese =
        honorific &&
        !notAPerson &&
        length <= 2 &&
        span.every(
          (t, n) =>
            t.script === 'kanji' ||
            t.script === 'katakana' ||
            CAPITALISED.test(t.text) ||
            (n === 1 && t.script === 'hiragana' && span[0]?.script === 'kanji'),
        );
      if (capitalised || japanese) {
        people.push({ words, start: first.start, end: last.end, items: [] });
        taken = length;
      }
    }
    i += taken > 0 ? taken : 1;
  }
  // The same person named twice ("Anaさんが異動…AnaさんのVS"): once, where first named.
  const once = people.filter(
    (p, n) =>
      !people
        .slice(0, n)
        .some((q) =>
          p.items.length > 0
            ? q.items.length === p.items.length && q.items.every((u) => p.items.includes(u))
            : q.words === p.words,
        ),
  );
  people.splice(0, people.length, ...once);
  const marks = [
    ...benefits.map((s) => ({ ...s, mark: '⟦B⟧' })),
    ...people.map((s) => ({ ...s, mark: '⟦P⟧' })),
    ...emails.map((s) => ({ ...s, mark: '⟦E⟧' })),
  ].sort((a, b) => b.start - a.start);
  let rest = text;
  for (const m of marks) rest = `${rest.slice(0, m.start)} ${m.mark} ${rest.slice(m.end)}`;
  return {
    text,
    benefits,
    people,
    emails,
    rest: rest.toLowerCase().replace(/\s+/g, ' ').trim(),
  };
}
