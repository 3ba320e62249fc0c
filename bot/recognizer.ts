import type { CategoryId, LanguageCode } from '../services/model';

/** What a message asks for. */
export type Intent =
  | { name: 'help' }
  | { name: 'greeting' }
  | { name: 'showBenefits' }
  | { name: 'showCategory'; category: CategoryId }
  | { name: 'myBenefits' }
  | { name: 'setLanguage'; language: LanguageCode }
  | { name: 'none'; text: string };

/** Lower case, full-width folded (NFKC), punctuation gone. */
function fold(text: string): string {
  return text
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[「」『』()（）[\]"'“”‘’]/g, ' ')
    .replace(/[?!.,、。！？…]+/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Folded, with politeness and filler gone: what is left carries the meaning. */
export function normalize(text: string): string {
  return fold(text)
    .replace(/\b(please|pls|can you|could you|would you|kindly|thanks|thank you)\b/g, ' ')
    .replace(/(してください|して下さい|ください|下さい|をお願いします|お願いします|お願い)/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
}

/** Words (English, with word boundaries) and fragments (Japanese, anywhere) that name each category. */
const CATEGORY_WORDS: { category: CategoryId; en: RegExp; ja: string[] }[] = [
  { category: 'visualStudio', en: /\b(visual studio|vs|msdn)\b/, ja: ['ビジュアルスタジオ', 'ビジュアル スタジオ'] },
  { category: 'software', en: /\b(software|softwares|windows|office|product keys?)\b/, ja: ['ソフトウェア', 'ソフト'] },
  { category: 'cloud', en: /\b(cloud( services?)?|azure|m365|microsoft 365|office 365|dynamics( 365)?)\b/, ja: ['クラウド'] },
  { category: 'technical', en: /\b(technical|tech|support|advisory|presales|pre-sales|deployment services?)\b/, ja: ['技術', 'サポート', '相談時間', 'プリセールス'] },
  { category: 'goToMarket', en: /\b(go[- ]?to[- ]?market|gtm|marketing|offers?|silver core|gold core|co-?sell)\b/, ja: ['市場投入', '市場進出', 'マーケティング', 'オファー'] },
];

const has = (text: string, fragments: string[]) => fragments.some((f) => text.includes(f));

function language(text: string): LanguageCode | undefined {
  if (text.length > 30) return undefined;
  if (/\b(japanese|nihongo)\b/.test(text) || has(text, ['日本語'])) return 'ja';
  if (/\benglish\b/.test(text) || has(text, ['英語'])) return 'en';
  return undefined;
}

function isHelp(text: string): boolean {
  return /^(help|commands|menu|what can (you|i) (do|ask)|what do you do|how does (this|it) work)\b/.test(text) || has(text, ['ヘルプ', '使い方', '何ができ', 'なにができ']);
}

function isMine(text: string): boolean {
  return (
    /\b(my|mine)\b/.test(text) ||
    /\b(do|have|did) i (have|get|got|hold)\b/.test(text) ||
    /\b(assigned to me|i have)\b/.test(text) ||
    has(text, ['私の', 'わたしの', '自分の', '僕の', 'ぼくの', '俺の', '私に', '自分に', 'マイ特典'])
  );
}

function isBenefits(text: string): boolean {
  return /\b(benefits?|perks?|entitlements?|membership)\b/.test(text) || has(text, ['特典', 'ベネフィット']);
}

function isGreeting(text: string): boolean {
  return /^(hi|hello|hey|hiya|good (morning|afternoon|evening)|yo)\b/.test(text) || has(text, ['こんにちは', 'こんばんは', 'おはよう', 'はじめまして']);
}

/** Turns a message into an intent, in English or Japanese. */
export function recognize(raw: string): Intent {
  const folded = fold(raw);
  const text = normalize(raw);
  const lang = language(text);
  if (lang) return { name: 'setLanguage', language: lang };
  if (/^[?？]+$/.test(raw.trim()) || isHelp(folded) || isHelp(text)) return { name: 'help' };
  if (isMine(text) && (isBenefits(text) || CATEGORY_WORDS.some((c) => c.en.test(text) || has(text, c.ja)) || /\b(have|hold|assigned)\b/.test(text))) {
    return { name: 'myBenefits' };
  }
  const category = CATEGORY_WORDS.find((c) => c.en.test(text) || has(text, c.ja));
  if (category) return { name: 'showCategory', category: category.category };
  if (isBenefits(text)) return { name: 'showBenefits' };
  if (isGreeting(folded)) return { name: 'greeting' };
  return { name: 'none', text: raw.trim() };
}
