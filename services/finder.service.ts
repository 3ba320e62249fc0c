import Fuse from 'fuse.js';
import { isKana, toRomaji } from 'wanakana';
import type { Actor } from './access.service';
import type { Benefit, User, UserId } from './model';
import { perCollection } from './org-index';
import type { OrganisationReader } from './ports';
import { benefitRef, person, type BenefitRef, type PersonRef } from './rules';

/** One clear match, several to choose from, or none (with the closest names, if any). */
export type Found<T> =
  { kind: 'one'; item: T } | { kind: 'many'; items: T[] } | { kind: 'none'; suggestions: T[] };

const HONORIFICS = /(さん|様|さま|くん|君|ちゃん|氏|殿)$/;
/** "Tanaka-san", "Taro Tanaka san": the honorific written in romaji, always after a space or a hyphen. */
const ROMAJI_HONORIFICS = /[\s-]+(san|sama|kun|chan|dono)$/;

/** A person's name as typed, without the honorific after it ("山田 一郎さん" is 山田 一郎, "Tanaka-san" is Tanaka). */
export function withoutHonorific(text: string): string {
  return text
    .trim()
    .replace(HONORIFICS, '')
    .replace(new RegExp(ROMAJI_HONORIFICS.source, 'i'), '')
    .trim();
}

/** Folded for comparison: NFKC, lower case, honorifics and surrounding punctuation gone, kana romanised. */
export function foldName(text: string): string {
  const folded = text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/^[@\s"'「『]+|[\s"'」』.,、。!?！？]+$/g, '')
    .replace(HONORIFICS, '')
    .replace(ROMAJI_HONORIFICS, '')
    .replace(/\s+/g, ' ')
    .trim();
  return isKana(folded.replace(/[\s・ー]/g, '')) ? toRomaji(folded).replace(/\s+/g, ' ') : folded;
}

const compact = (text: string) => text.replace(/[\s\-・]/g, '');

/**
 * How a word sounds, for comparing a katakana spelling with a Latin one ("ネスター" with "Nestor",
 * "アデル" with "Adele"): the consonants in order, with the usual katakana spellings made equal
 * (l and r, v and b, sh/ch/ts/j/z and s, doubled letters once), the vowels dropped (katakana adds
 * them after every consonant and lengthens them with ー) and a mark for a word that starts with one.
 * A word with at most one consonant ("Lee", "Gu", "Ana") also keeps the vowel after it, so that
 * "ルー" is not "Lee".
 */
interface SoundKey {
  consonants: string;
  vowel: string;
}

const VOWELS = /[aeiouyw]/;

function soundKeyOf(spelling: string): SoundKey {
  const plain = spelling.replace(/l/g, 'r').replace(/v/g, 'b');
  const collapsed = plain.replace(/([a-z])\1+/g, '$1');
  const start = VOWELS.test(collapsed.charAt(0)) ? 'V' : '';
  const consonants = start + collapsed.replace(/[aeiouyw]/g, '');
  const afterFirst = plain.replace(/^[aeiouyw]*[^aeiouyw]+/, '');
  const vowel = /^(ee|ea|ie|i|y)/.test(afterFirst) ? 'i' : (afterFirst.match(/^[aeou]/)?.[0] ?? '');
  return { consonants, vowel };
}

/** A katakana word's sound, from its romanisation ("nesutaa"). */
function kanaSound(kana: string): SoundKey {
  const romaji = toRomaji(kana)
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .replace(/sh|ch|ts|j|z/g, 's');
  return soundKeyOf(romaji);
}

/**
 * The ways a Latin word may be heard in katakana: with every r, and without an r that no vowel
 * follows (Park パーク, Nestor ネスター, Azure アジュア; Fernandez keeps it: フェルナンデス); a j as
 * in Jo (ジョ) or as in Johanna (ヨハンナ).
 */
function latinSounds(word: string): SoundKey[] {
  const base = word
    .toLowerCase()
    .replace(/[^a-z0-9]/g, '')
    .replace(/ph/g, 'f')
    .replace(/th|sh|ch|ts|tz|z/g, 's')
    .replace(/ck/g, 'k')
    .replace(/c(?=[eiy])/g, 's')
    .replace(/c|q/g, 'k')
    .replace(/x/g, 'ks')
    .replace(/h(?![aeiou])/g, '');
  const spellings = new Set<string>();
  for (const j of ['s', 'y']) {
    const withJ = base.replace(/j/g, j);
    spellings.add(withJ);
    spellings.add(withJ.replace(/r(?=e?$)|r(?![aeiouy])/g, ''));
  }
  return [...spellings].map(soundKeyOf);
}

const sameSound = (heard: SoundKey, word: SoundKey): boolean =>
  heard.consonants === word.consonants &&
  heard.consonants.length > 0 &&
  (heard.consonants.replace('V', '').length > 1 || heard.vowel === word.vowel);

const KANA = /[\u3040-\u30ffー]/;

/**
 * A query's words when it is written (at least partly) in kana, each with how it sounds: split at
 * spaces, middle dots, a の between katakana words, and where kana meets Latin letters or digits
 * ("ウィンドウズ11"). Undefined for a query without kana.
 */
function kanaWords(query: string): SoundKey[][] | undefined {
  const text = query
    .normalize('NFKC')
    .toLowerCase()
    .replace(/^[@\s"'「『]+|[\s"'」』.,、。!?！？]+$/g, '')
    .replace(HONORIFICS, '')
    .replace(/(?<=[ァ-ヺー])の(?=[ァ-ヺ])/g, ' ');
  if (!KANA.test(text)) return undefined;
  const words = text
    .split(/[\s・･·/]+/)
    .flatMap((w) => w.match(/[\u3040-\u30ffー]+|[a-z]+|[0-9]+|[^\s\u3040-\u30ffーa-z0-9]+/g) ?? []);
  return words.map((w) =>
    KANA.test(w)
      ? [kanaSound(w)]
      : /^[0-9]+$/.test(w)
        ? [{ consonants: w, vowel: '' }]
        : /^[a-z]+$/.test(w)
          ? latinSounds(w)
          : [{ consonants: w, vowel: '' }],
  );
}

/** How each word of a name may sound: Latin words as heard in katakana, kana words as written, other words (kanji) as they are. */
function nameSounds(name: string): SoundKey[][] {
  return name
    .normalize('NFKC')
    .toLowerCase()
    .split(/[\s・()（）$,]+/)
    .filter((w) => w.length > 0)
    .map((w) =>
      KANA.test(w)
        ? [kanaSound(w)]
        : /^[a-z]+$/.test(w)
          ? latinSounds(w)
          : [{ consonants: w, vowel: '' }],
    );
}

const soundsAlike = (heard: readonly SoundKey[], word: readonly SoundKey[]): boolean =>
  heard.some((h) => word.some((w) => sameSound(h, w)));

/** Whether every heard word is a different word of the name, in any order, or the heard word is the whole name run together ("リーグ"). */
function nameSoundsLike(heard: readonly SoundKey[][], name: readonly SoundKey[][]): boolean {
  const whole =
    name.length > 1 &&
    heard.length === 1 &&
    [name, [...name].reverse()].some((words) => soundsAlike(heard[0] ?? [], joined(words)));
  if (whole) return true;
  const used = new Set<number>();
  return heard.every((h) => {
    const i = name.findIndex((w, index) => !used.has(index) && soundsAlike(h, w));
    if (i < 0) return false;
    used.add(i);
    return true;
  });
}

/** A name's words run together, each word's sounds combined with the others'. */
function joined(words: readonly SoundKey[][]): SoundKey[] {
  return words.reduce<SoundKey[]>(
    (acc, word) =>
      acc.flatMap((a) =>
        word.map((w) => ({
          consonants: a.consonants ? a.consonants + w.consonants.replace(/^V/, '') : w.consonants,
          vowel: a.vowel || w.vowel,
        })),
      ),
    [{ consonants: '', vowel: '' }],
  );
}

/** A fuzzy search over items' names, one entry per name so that several weak partial hits on one item never add up to a strong one. */
function fuzzySearch<T>(
  items: readonly T[],
  namesOf: (item: T) => readonly string[],
): Fuse<{ item: T; name: string }> {
  const entries = items.flatMap((item) => namesOf(item).map((name) => ({ item, name })));
  return new Fuse(entries, {
    keys: ['name'],
    includeScore: true,
    threshold: 0.45,
    ignoreLocation: true,
  });
}

/** Longer than any name people type: words this long are a sentence, not a misspelt name, and fuzzy search costs grow with them. */
const FUZZY_MAX_LENGTH = 48;

/** Fuzzy matches; each item keeps its best score, lowest (closest) first. */
function fuzzy<T>(
  search: Fuse<{ item: T; name: string }>,
  query: string,
): { item: T; score: number }[] {
  if (query.length > FUZZY_MAX_LENGTH) return [];
  const best = new Map<T, number>();
  for (const hit of search.search(query)) {
    const score = hit.score ?? 1;
    if (score < (best.get(hit.item.item) ?? Infinity)) best.set(hit.item.item, score);
  }
  return [...best.entries()]
    .map(([item, score]) => ({ item, score }))
    .sort((a, b) => a.score - b.score);
}

/** Items under each of their keys, each item once per key, in the items' order. */
function byKey<T>(items: readonly T[], keysOf: (item: T) => readonly string[]): Map<string, T[]> {
  const map = new Map<string, T[]>();
  for (const item of items) {
    for (const key of new Set(keysOf(item))) {
      const list = map.get(key);
      if (list) list.push(item);
      else map.set(key, [item]);
    }
  }
  return map;
}

const wordSet = (name: string) => name.split(' ').sort().join(' ');

/** What finding a benefit compares, folded once per benefit list (a store's list never changes: org-index.ts). */
/**
 * What was found for the words lately looked up in a collection: one message is looked up by the
 * reader and again by the service it asks (the same words, the same collection), and a misspelt
 * name's fuzzy search is the costly part. Kept while the collection lives, the newest few hundred.
 */
const REMEMBERED = 256;
const benefitsFound = perCollection(
  (_benefits: readonly Benefit[]) => new Map<string, Found<Benefit>>(),
);
const peopleFound = perCollection((_users: readonly User[]) => new Map<string, Found<User>>());

/** Forgets what was found in these collections (for measuring a message's first reading). */
export function forgetLookups(benefits: readonly Benefit[], users: readonly User[]): void {
  benefitsFound(benefits).clear();
  peopleFound(users).clear();
}

function remembered<T>(kept: Map<string, Found<T>>, query: string, find: () => Found<T>): Found<T> {
  const hit = kept.get(query);
  if (hit) return hit;
  const found = find();
  if (kept.size >= REMEMBERED) kept.delete(kept.keys().next().value as string);
  kept.set(query, found);
  return found;
}

const benefitNames = perCollection((benefits: readonly Benefit[]) => {
  const names = new Map(
    benefits.map((b) => [b, [b.name.en, b.name.ja, ...b.aliases].map(foldName)]),
  );
  const namesOf = (b: Benefit) => names.get(b) ?? [];
  let search: Fuse<{ item: Benefit; name: string }> | undefined;
  const sounds = new Map(
    benefits.map((b) => [b, [b.name.en, b.name.ja, ...b.aliases].flatMap(nameSounds)]),
  );
  const compactNames = new Map(benefits.map((b) => [b, namesOf(b).map(compact)]));
  return {
    namesOf,
    /** Each name's compact form, worked out once. */
    compactNamesOf: (b: Benefit) => compactNames.get(b) ?? [],
    /** How each word of any of a benefit's names may sound. */
    soundsOf: (b: Benefit) => sounds.get(b) ?? [],
    /** Benefits by a name's compact form (a name equal to the query has the query's compact form too). */
    exact: byKey(benefits, (b) => namesOf(b).map(compact)),
    search: () => (search ??= fuzzySearch(benefits, namesOf)),
  };
});

/** What finding a person compares, folded once per user list. */
const personNames = perCollection((users: readonly User[]) => {
  const fullNames = new Map(users.map((u) => [u, [u.displayName, ...u.aliases].map(foldName)]));
  const fullNamesOf = (u: User) => fullNames.get(u) ?? [];
  const tokensOf = (u: User) => [
    ...fullNamesOf(u).flatMap((n) => n.split(' ')),
    u.email.split('@')[0]?.toLowerCase() ?? '',
  ];
  let search: Fuse<{ item: User; name: string }> | undefined;
  let soundIndex: Map<string, Set<User>> | undefined;
  let trigramIndex: Map<string, User[]> | undefined;
  const sounds = new Map<User, SoundKey[][][]>();
  const soundsOf = (u: User): SoundKey[][][] => {
    let known = sounds.get(u);
    if (!known) sounds.set(u, (known = [u.displayName, ...u.aliases].map(nameSounds)));
    return known;
  };
  const namesForSearch = (u: User) => [...fullNamesOf(u), ...tokensOf(u)];
  return {
    byEmail: byKey(users, (u) => [u.email.toLowerCase()]),
    exact: byKey(users, (u) => fullNamesOf(u).map(compact)),
    /** People by a name's words in any order ("Suzuki Hanako" is Hanako Suzuki). */
    byWords: byKey(users, (u) => fullNamesOf(u).map(wordSet)),
    /** How each word of each of a person's names may sound. */
    soundsOf,
    byToken: byKey(users, tokensOf),
    /**
     * The people a name heard in katakana may be: those with a word (or a name run together) that has
     * the same consonants, which sameSound requires; nameSoundsLike then checks each of them.
     */
    heardCandidates(heard: readonly SoundKey[][]): User[] {
      soundIndex ??= soundIndexOf(users, soundsOf);
      const found = new Set<User>();
      for (const key of heard[0] ?? [])
        for (const user of soundIndex.get(key.consonants) ?? []) found.add(user);
      return users.length <= SMALL ? users.filter((u) => found.has(u)) : [...found];
    },
    /**
     * The fuzzy search for typos and near misses. A large organisation first narrows it to the people
     * whose names share the most three-letter pieces with the query (trigramCandidates), so a search
     * costs about the same with 5,000 people as with 50.
     */
    search(query: string): Fuse<{ item: User; name: string }> {
      if (users.length <= SMALL) return (search ??= fuzzySearch(users, namesForSearch));
      trigramIndex ??= byKey(users, (u) => namesForSearch(u).flatMap(trigrams));
      return fuzzySearch(trigramCandidates(trigramIndex, query), namesForSearch);
    },
  };
});

/** Up to this many people, searches compare every name; above it, they go through an index first. */
const SMALL = 300;
/** How many people a fuzzy search compares at most in a large organisation. */
const FUZZY_CANDIDATES = 24;

function trigrams(text: string): string[] {
  const padded = ` ${text} `;
  const grams: string[] = [];
  for (let i = 0; i + 3 <= padded.length; i++) grams.push(padded.slice(i, i + 3));
  return grams;
}

/** The people whose names share the most three-letter pieces with the query, most first. */
function trigramCandidates(index: ReadonlyMap<string, readonly User[]>, query: string): User[] {
  const shared = new Map<User, number>();
  for (const gram of new Set(trigrams(query)))
    for (const user of index.get(gram) ?? []) shared.set(user, (shared.get(user) ?? 0) + 1);
  return [...shared.entries()]
    .sort((a, b) => b[1] - a[1])
    .slice(0, FUZZY_CANDIDATES)
    .map(([user]) => user);
}

/** People by the consonants of each word of their names, and of their names run together (both orders). */
function soundIndexOf(
  users: readonly User[],
  soundsOf: (u: User) => SoundKey[][][],
): Map<string, Set<User>> {
  const index = new Map<string, Set<User>>();
  const add = (key: string, user: User) => {
    if (!key) return;
    const set = index.get(key);
    if (set) set.add(user);
    else index.set(key, new Set([user]));
  };
  for (const user of users) {
    for (const name of soundsOf(user)) {
      for (const word of name) for (const sound of word) add(sound.consonants, user);
      if (name.length > 1)
        for (const words of [name, [...name].reverse()])
          for (const sound of joined(words)) add(sound.consonants, user);
    }
  }
  return index;
}

function decide<T>(exact: T[], fuzzy: () => { item: T; score: number }[]): Found<T> {
  if (exact.length === 1) return { kind: 'one', item: exact[0] as T };
  if (exact.length > 1) return { kind: 'many', items: exact };
  const results = fuzzy();
  const close = results.filter((r) => r.score <= 0.3);
  const best = close[0];
  // A fuzzy match wins on its own only when it is clearly closer than the next one.
  if (best && (close.length === 1 || (close[1] && close[1].score - best.score > 0.15)))
    return { kind: 'one', item: best.item };
  if (close.length > 1) return { kind: 'many', items: close.slice(0, 5).map((r) => r.item) };
  return { kind: 'none', suggestions: results.slice(0, 3).map((r) => r.item) };
}

/** Words around a benefit's name that are no part of it: "the ISV co-sell ready offer", "azure subscription", "an Enterprise seat". */
const BENEFIT_WRAPPING = [
  /^(the|a|an|my|our|this|that|his|her|their)\s+/i,
  /\s+(subscriptions?|subs?|seats?|licen[cs]es?|offers?|benefits?)$/i,
  /\s*の?(サブスクリプション|ライセンス|オファー|シート|席|特典|版|やつ|方)$/,
  /\s+(edition|version|plan)$/i,
];

function unwrapped(query: string): string {
  let text = query.normalize('NFKC').trim();
  for (let before = ''; before !== text;) {
    before = text;
    for (const wrapping of BENEFIT_WRAPPING) text = text.replace(wrapping, '').trim();
  }
  return text;
}

/**
 * One word that several benefits share names the seat among them when that word is what tells the
 * seat from its sibling seats: "an Enterprise sub" is a Visual Studio Enterprise seat (people are
 * given seats by edition, Enterprise or Professional), while Windows 11 Enterprise and Dynamics 365
 * Sales Enterprise are called by their product's name ("Windows 11", "Dynamics"), which still finds them.
 */
function preferSeat(
  benefits: readonly Benefit[],
  found: { kind: 'many'; items: Benefit[] },
): Found<Benefit> {
  const seats = found.items.filter((b) => b.kind === 'seats');
  const seat = seats[0];
  if (seats.length !== 1 || !seat) return found;
  const siblings = benefits.filter(
    (b) => b !== seat && b.kind === 'seats' && b.category === seat.category,
  );
  return siblings.length > 0 && siblings.every((s) => !found.items.includes(s))
    ? { kind: 'one', item: seat }
    : found;
}

/** Benefits by name, short name or alias, in katakana as heard ("ビジュアルスタジオ エンタープライズ"), fuzzy for typos. */
export function findBenefit(benefits: readonly Benefit[], query: string): Found<Benefit> {
  return remembered(benefitsFound(benefits), query, () => lookUpBenefit(benefits, query));
}

function lookUpBenefit(benefits: readonly Benefit[], query: string): Found<Benefit> {
  const q = foldName(query);
  if (!q) return { kind: 'none', suggestions: [] };
  const index = benefitNames(benefits);
  const b = foldName(unwrapped(query)) || q;
  const exact = benefitsNamed(benefits, query);
  let result: Found<Benefit> | undefined =
    exact.length === 1 ? decide([...exact], () => []) : undefined;
  if (!result) {
    // "the status of Silver Core", "シルバーコアの状況": a benefit's name among other words.
    // A single word alone must be a whole name ("Azure"), not the start of one ("product").
    const part = partsOf(query, () => true)
      .map((words) =>
        words.includes(' ')
          ? benefitsNamed(benefits, words)
          : (index.exact.get(compact(foldName(words))) ?? []),
      )
      .find((f) => f.length > 0);
    if (exact.length > 0)
      result = decide(
        [...(part && exact.every((e) => !part.includes(e)) ? part : exact)],
        () => [],
      );
    else if (part && part.length === 1) result = decide([...part], () => []);
    else {
      // A misspelt name ("Visual Studo Enterprise") is closer to one name than its parts are.
      // (Not a sentence: a name is a few words, and a fuzzy search over a long one finds nothing.)
      const near = decide([], () => (b.split(' ').length > 5 ? [] : fuzzy(index.search(), b)));
      result = near.kind === 'one' || !part ? near : decide([...part], () => []);
    }
  }
  return result.kind === 'many' && !b.includes(' ') ? preferSeat(benefits, result) : result;
}

/** The benefits with this word (five letters or more) as a whole word of one of their names ("Enterprise"). */
export function benefitsWithWord(benefits: readonly Benefit[], word: string): readonly Benefit[] {
  // "the Pro one": Professional.
  const w = /^pro$/i.test(word.trim()) ? 'professional' : foldName(word);
  if (w.length < 5 || w.includes(' ')) return [];
  const index = benefitNames(benefits);
  return benefits.filter((b) => index.namesOf(b).some((n) => n.split(' ').includes(w)));
}

/**
 * What people call a benefit by what it is rather than its name ("the developer subscriptions",
 * 「サポートケース」, "the 365 licences"): the words of its name they mean.
 */
const SAYINGS: [RegExp, string][] = [
  [/^(?:the )?dev(?:eloper)?s?'? ?(?:subscriptions?|subs?|tools?)$/i, 'visual studio'],
  [/^開発者向け?(?:の)?(?:サブスク(?:リプション)?)?$/, 'ビジュアルスタジオ'],
  [/^(?:microsoft )?support (?:cases?|tickets?)$/i, 'support incidents'],
  [/^サポート ?(?:ケース|チケット)$/, 'サポート インシデント'],
  [/^(?:ms |o)?365$/i, 'microsoft 365'],
];

/** The words of a benefit's name meant by what people call it, or the words as they are. */
function said(words: string): string {
  const bare = unwrapped(words);
  const typed = words.normalize('NFKC').trim();
  return SAYINGS.find(([saying]) => saying.test(bare) || saying.test(typed))?.[1] ?? words;
}

/** Japanese short forms of the words in benefits' names ("VSエンプラ"). */
const SHORT_FORMS: [RegExp, string][] = [
  [/エンプラ/g, 'エンタープライズ'],
  [/開発ツール/g, 'ビジュアルスタジオ'],
  [/デプロイ(?!メント)/g, 'デプロイメント'],
  // 「ビジュアルスタジオエンタープライズ」: words of a name run together in katakana.
  [
    /(?<=[ァ-ヺー])(?=エンタープライズ|スタジオ|サーバー|データセンター|クレジット|インシデント|セールス|デプロイメント|アドバイザリー)/g,
    ' ',
  ],
  [/プロフェ?ッショナル|(?<=[ァ-ヺー\sa-zA-Z])プロ(?![ァ-ヺー])/g, ' プロフェッショナル'],
];

/**
 * The benefits these words name exactly (no typos): by name, short name or alias, as the start of a
 * longer name, or in katakana as heard. Empty when they name none.
 */
export function benefitsNamed(
  benefits: readonly Benefit[],
  words: string,
  { prefix = true }: { prefix?: boolean } = {},
): readonly Benefit[] {
  const index = benefitNames(benefits);
  words = said(words);
  const named = (folded: string): Benefit[] => {
    if (!folded) return [];
    const exact = index.exact.get(compact(folded)) ?? [];
    if (exact.length > 0 || folded.length < 4 || !prefix) return exact;
    // "Visual Studio Enterprise" names "Visual Studio Enterprise subscription"; "support incidents"
    // names "Microsoft product support incidents" (the last words of a name, two or more).
    const start = compact(folded);
    const end = ` ${folded}`;
    const severalWords = folded.includes(' ');
    return benefits.filter(
      (benefit) =>
        index.compactNamesOf(benefit).some((n) => n.startsWith(start)) ||
        (severalWords && index.namesOf(benefit).some((n) => n.endsWith(end))),
    );
  };
  const bare = unwrapped(words);
  const q = foldName(words);
  const b = foldName(bare) || q;
  let found = named(q);
  if (found.length === 0 && b !== q) found = named(b);
  if (found.length === 0) {
    let spelt = bare;
    for (const [short, long] of SHORT_FORMS) spelt = spelt.replace(short, long);
    const heard = kanaWords(spelt);
    if (heard)
      found = benefits.filter((benefit) =>
        heard.every((h) => index.soundsOf(benefit).some((w) => soundsAlike(h, w))),
      );
  }
  return found;
}

/** People by display name, first or last name in any order, alias (romanised or Japanese), katakana as heard ("ネスター"), or email. */
export function findPerson(users: readonly User[], query: string): Found<User> {
  return remembered(peopleFound(users), query, () => lookUpPerson(users, query));
}

function lookUpPerson(users: readonly User[], query: string): Found<User> {
  const q = foldName(query);
  if (!q) return { kind: 'none', suggestions: [] };
  const index = personNames(users);
  if (q.includes('@')) {
    const byEmail = index.byEmail.get(q) ?? [];
    return byEmail.length > 0 ? decide([...byEmail], () => []) : { kind: 'none', suggestions: [] };
  }
  let exact = namedExactly(index, query);
  // "Nestor instead", "the new guy Nestor": a name among words that are no part of any name.
  if (exact.length === 0)
    exact =
      partsOf(query, (dropped) => dropped.every(isNoName))
        .map((words) => namedExactly(index, words))
        .find((found) => found.length > 0) ?? [];
  const heard = exact.length === 0 ? kanaWords(query) : undefined;
  if (heard) {
    exact = index
      .heardCandidates(heard)
      .filter((u) => index.soundsOf(u).some((name) => nameSoundsLike(heard, name)));
    // Katakana that sounds like nobody's name is someone else ("ボブ", "アン"): the romanised
    // spelling's near misses are only suggestions, never a guess.
    if (exact.length === 0)
      return {
        kind: 'none',
        suggestions: fuzzy(index.search(q), q)
          .slice(0, 3)
          .map((r) => r.item),
      };
  }
  // A misspelt name is a few words, not a sentence around one.
  return decide([...exact], () =>
    q.split(' ').length > MAX_NAME_WORDS ? [] : fuzzy(index.search(q), q),
  );
}

/** The most words a person's name has, as people type it (「Lee Gu」, "Hanako Suzuki-Tanaka", with a middle name). */
const MAX_NAME_WORDS = 4;

/**
 * The people these words name without a guess: a whole name, one word of a name, a name's words in
 * any order, an email, or katakana as heard. Empty when they name nobody.
 */
export function peopleNamed(
  users: readonly User[],
  words: string,
  { bySound = true }: { bySound?: boolean } = {},
): readonly User[] {
  const q = foldName(words);
  if (!q) return [];
  const index = personNames(users);
  if (q.includes('@')) return index.byEmail.get(q) ?? [];
  const exact = namedExactly(index, words);
  if (exact.length > 0) return exact;
  const heard = bySound ? kanaWords(words) : undefined;
  return heard
    ? index
        .heardCandidates(heard)
        .filter((u) => index.soundsOf(u).some((name) => nameSoundsLike(heard, name)))
    : [];
}

/** The people a query names exactly: by a whole name, one word of a name, or a name's words in any order. */
function namedExactly(index: ReturnType<typeof personNames>, query: string): readonly User[] {
  const q = foldName(query);
  if (!q) return [];
  let exact = index.exact.get(compact(q)) ?? [];
  if (exact.length === 0) exact = index.byToken.get(q) ?? [];
  if (exact.length === 0 && q.includes(' ')) exact = index.byWords.get(wordSet(q)) ?? [];
  return exact;
}

/** Words said around a name that are never part of one. */
const NO_NAME = new Set(
  (
    'a an the new guy girl hire hires joiner starter intern colleague coworker co-worker teammate member ' +
    'user employee person mr mr. ms ms. mrs mrs. dr dr. instead please pls plz too also as well now then ' +
    'again today tomorrow asap thanks thank you from in on at of for to with our my his her their its ' +
    'team sales design marketing dev engineering support who whom whose and or over ever already ' +
    'still yet really currently 新人 新入社員 新しく入った 同僚 今'
  ).split(' '),
);
const JAPANESE_PARTICLE = /^(?:の|は|が|を|に|へ|と|も|から|まで|で|より|って)$/;

const isNoName = (word: string): boolean =>
  NO_NAME.has(word.toLowerCase()) || JAPANESE_PARTICLE.test(word);

/** How many words a query is looked at in parts at most (a sentence is no name). */
const MAX_PART_WORDS = 8;

/**
 * The parts of a query of several words, longest first and left to right, each with the words it
 * leaves out accepted by `mayDrop`. Words are split at spaces and at Japanese particles between
 * names ("シルバーコアの状況"): a part is never half a word.
 */
function partsOf(query: string, mayDrop: (dropped: string[]) => boolean): string[] {
  const words = query
    .normalize('NFKC')
    .trim()
    .split(
      /\s+|(?<=[\p{Script=Han}\p{Script=Katakana}ー])(の|は|が|を|に|へ|と|も|から)(?=\p{Script=Han}|\p{Script=Katakana}|$)/u,
    )
    .filter((w): w is string => w !== undefined && w.length > 0);
  if (words.length < 2 || words.length > MAX_PART_WORDS) return [];
  const parts: string[] = [];
  for (let length = words.length - 1; length >= 1; length--)
    for (let start = 0; start + length <= words.length; start++) {
      const part = words.slice(start, start + length);
      if (part.every((w) => JAPANESE_PARTICLE.test(w))) continue;
      const dropped = [...words.slice(0, start), ...words.slice(start + length)];
      if (mayDrop(dropped)) parts.push(part.join(' '));
    }
  return parts;
}

export const mapFound = <A, B>(found: Found<A>, f: (a: A) => B): Found<B> =>
  found.kind === 'one'
    ? { kind: 'one', item: f(found.item) }
    : found.kind === 'many'
      ? { kind: 'many', items: found.items.map(f) }
      : { kind: 'none', suggestions: found.suggestions.map(f) };

/** How people are found: through the organisation's directory (PeopleService). */
export interface PeopleFinder {
  find(actor: Actor, query: string): Promise<Found<PersonRef>>;
  byId(actor: Actor, userId: UserId): Promise<PersonRef | undefined>;
}

/** Finds benefits and people within the asker's organisation only. */
export class FinderService {
  constructor(
    private readonly store: OrganisationReader,
    private readonly directory: PeopleFinder,
  ) {}

  async benefits(actor: Actor, query: string): Promise<Found<BenefitRef>> {
    return mapFound(findBenefit(await this.store.benefits(actor.tenantId), query), benefitRef);
  }

  people(actor: Actor, query: string): Promise<Found<PersonRef>> {
    return this.directory.find(actor, query);
  }

  /**
   * People in the organisation's user list only. With Entra ID as the directory that is the people
   * the bot has met, including those who left since: for naming someone who holds a benefit.
   */
  async knownPeople(actor: Actor, query: string): Promise<Found<PersonRef>> {
    return mapFound(findPerson(await this.store.users(actor.tenantId), query), person);
  }

  async knownPersonById(actor: Actor, userId: UserId): Promise<PersonRef | undefined> {
    const user = await this.store.user(actor.tenantId, userId);
    return user ? person(user) : undefined;
  }

  /** A person named by Entra object id (an @mention), in the asker's organisation. */
  personById(actor: Actor, userId: UserId): Promise<PersonRef | undefined> {
    return this.directory.byId(actor, userId);
  }
}
