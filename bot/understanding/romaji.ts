/**
 * Japanese typed in Latin letters by someone without an input method ("tanaka-san ni VS pro
 * onegai", "dynamics dare ga motteru?"): the particles, verbs and question words become the
 * Japanese the rest of the reader knows, and everything else (names, product names) stays as typed.
 * A message is read this way only when it is plainly romaji Japanese: an honorific after a name, or
 * several of its words that English does not use.
 */

/** Romaji words and the Japanese they stand for, longest forms first where one starts another. */
const WORDS: [string, string][] = [
  ['onegaishimasu', 'お願いします'],
  ['onegai shimasu', 'お願いします'],
  ['onegai', 'お願い'],
  ['kudasai', 'ください'],
  ['moraemasu ka', 'もらえますか'],
  ['moraemasuka', 'もらえますか'],
  ['moraeru', 'もらえる'],
  ['moraemasu', 'もらえます'],
  ['hoshii', 'ほしい'],
  ['wariatete', '割り当てて'],
  ['wariate', '割り当て'],
  ['kaijo', '解除'],
  ['hazushite', '外して'],
  ['sakujo', '削除'],
  ['utsushite', '移して'],
  ['tsukekae', '付け替え'],
  ['motteru', '持ってる'],
  ['motte iru', '持っている'],
  ['motteimasu', '持っています'],
  ['tsukatteru', '使ってる'],
  ['nokotteru', '残ってる'],
  ['nokori', '残り'],
  ['nanjikan', '何時間'],
  ['nanko', '何個'],
  ['ikutsu', 'いくつ'],
  ['jikan', '時間'],
  ['dare', '誰'],
  ['nani', '何'],
  ['watashi', '私'],
  ['jibun', '自分'],
  ['tokuten', '特典'],
  ['misete', '見せて'],
  ['oshiete', '教えて'],
  ['tsuika', '追加'],
  ['shippai shita', '失敗した'],
  ['shippai', '失敗'],
  ['tsuuchi', '通知'],
  ['tsuchi', '通知'],
  ['saisou', '再送'],
  ['nihongo', '日本語'],
  ['eigo', '英語'],
  ['kii', 'キー'],
  ['shinsei', '申請'],
  ['yuukou', '有効'],
  ['yukou', '有効'],
  ['shite', 'して'],
  ['desu', 'です'],
  ['masu', 'ます'],
  ['ni', 'に'],
  ['no', 'の'],
  ['wo', 'を'],
  ['wa', 'は'],
  ['ga', 'が'],
  ['de', 'で'],
  ['mo', 'も'],
  ['kara', 'から'],
  ['ka', 'か'],
];

/** Words that tell romaji Japanese from English: a few of them, or an honorific after a name. */
const JAPANESE_ONLY =
  /\b(?:onegai|kudasai|wariate(?:te)?|kaijo|hazushite|utsushite|motteru|tsukatteru|nokori|nanjikan|jikan|dare|nani|watashi|jibun|tokuten|misete|oshiete|tsuika|shippai|tsuu?chi|saisou|nihongo|moraemasu|moraeru|shite|desu)\b/gi;
const HONORIFIC = /\b([a-z]{2,})[- ]?(san|sama|kun|chan)\b/gi;
const HAS_HONORIFIC = /\b[a-z]{2,}[- ]?(?:san|sama|kun|chan)\b/i;

/** Whether a message is Japanese typed in Latin letters. */
export function isRomajiJapanese(text: string): boolean {
  if (/[\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Han}]/u.test(text)) return false;
  const words = new Set((text.match(JAPANESE_ONLY) ?? []).map((w) => w.toLowerCase()));
  const particles = (text.match(/\b(?:ni|no|wo|wa|ga|de|mo)\b/gi) ?? []).length;
  return words.size >= 2 || (words.size >= 1 && (HAS_HONORIFIC.test(text) || particles >= 2));
}

const PATTERN = new RegExp(
  `(?<![\\w.@-])(?:${WORDS.map(([r]) => r.replace(' ', '\\s+')).join('|')})(?![\\w@-])`,
  'gi',
);
const JAPANESE = new Map(WORDS.map(([r, j]) => [r.replace(' ', ''), j]));

/** The message with its romaji Japanese words written in Japanese; a message that is not romaji Japanese, unchanged. */
export function fromRomaji(text: string): string {
  if (!isRomajiJapanese(text)) return text;
  return text
    .replace(HONORIFIC, (_, name: string, honorific: string) => {
      const japanese = { san: 'さん', sama: '様', kun: 'くん', chan: 'ちゃん' }[
        honorific.toLowerCase() as 'san'
      ];
      return `${name}${japanese ?? 'さん'}`;
    })
    .replace(PATTERN, (word) => JAPANESE.get(word.toLowerCase().replace(/\s+/g, '')) ?? word)
    .replace(
      /(?<=[\p{Script=Hiragana}\p{Script=Han}\p{Script=Katakana}])\s+|\s+(?=[\p{Script=Hiragana}\p{Script=Han}])/gu,
      '',
    );
}
