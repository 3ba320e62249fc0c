import type { CategoryId, LanguageCode } from '../services/model';
import { routeOf } from './routes';

/** A person as named in a message: words to look up, or a Teams @mention's Entra object id. */
export interface PersonMention {
  text: string;
  userId?: string;
}

/** What a message asks for. Benefits and people are the words used; services/ resolves them. */
export type Intent =
  | { name: 'assign'; benefit?: string; person?: PersonMention; alternativeEmail?: string }
  | { name: 'remove'; benefit?: string; person?: PersonMention }
  | { name: 'reassign'; benefit?: string; from?: PersonMention; to?: PersonMention }
  | { name: 'whoHas'; benefit: string }
  /** A page of a benefit's holders, from a card's button ("Next", "Show all holders"). */
  | { name: 'holders'; benefitId: string; page: number }
  | { name: 'activate'; benefit: string }
  | { name: 'confirmActive'; benefit: string; person?: PersonMention }
  | {
      name: 'setMarketingContact';
      person?: PersonMention;
      /** R7.2's details typed with the request: they fill the contact form. */
      email?: string;
      phone?: string;
      language?: LanguageCode;
    }
  | { name: 'getKeys'; benefit?: string; language?: LanguageCode; os?: 'x64' | 'arm64' | 'x86' }
  /** A note on someone's assignment; an empty note clears it. */
  | { name: 'setNote'; benefit?: string; person?: PersonMention; note: string }
  | {
      name: 'setPartnerRole';
      person: PersonMention;
      role: 'mpnPartnerAdmin' | 'adminAgent';
      grant: boolean;
    }
  | { name: 'requestHours'; benefit?: string; hours?: number }
  | { name: 'myRequests' }
  | { name: 'exportAssignments' }
  | {
      name: 'askBenefit';
      benefit?: string;
      /** Read from the words around a benefit, not a known sentence: asked before it is sent. */
      confirmFirst?: boolean;
    }
  | { name: 'notifyHere' }
  | { name: 'stopNotifications' }
  | { name: 'failedNotifications' }
  | { name: 'peopleWhoLeft' }
  | { name: 'retryNotifications' }
  | { name: 'cancelMembership' }
  | { name: 'addUser'; displayName?: string; email?: string }
  | { name: 'auditLog' }
  | { name: 'cancel' }
  | { name: 'help' }
  | { name: 'greeting' }
  | { name: 'showBenefits' }
  | { name: 'showCategory'; category: CategoryId; page?: number }
  /** "does Ana have VS?", "what does Diego have?": whether a person holds a benefit, or everything they hold. */
  | { name: 'doesHave'; person: PersonMention; benefit?: string }
  /** "how many VS Pro seats are left?", "技術特典の残りは？": what is free of a benefit, or of a category's benefits. */
  | { name: 'howMany'; benefit?: string; category?: CategoryId }
  /** "tell me about the Azure credit": one benefit's details. */
  | { name: 'showBenefit'; benefit: string }
  /** One benefit's details, from a card's button. */
  | { name: 'benefitDetails'; benefitId: string }
  /** A message that names a benefit but says nothing sure about what to do with it ("VS Ana?"); rest: the other words. */
  | { name: 'unsure'; benefit: string; category: CategoryId; rest: string }
  | { name: 'myBenefits' }
  | { name: 'setLanguage'; language: LanguageCode }
  | { name: 'none'; text: string };

/** Full-width folded (NFKC), punctuation gone, case kept: names are echoed as they were typed. */
function foldKeepCase(text: string): string {
  return (
    text
      .normalize('NFKC')
      // Kana-to-kanji slips for 特典 (benefit) and 一覧 (list).
      .replace(/特点|特點|特天|得点|とくてん/g, '特典')
      .replace(/いちらん/g, '一覧')
      .replace(/[‘’]/g, "'")
      .replace(/[「」『』()（）[\]"“”]|(?<![\p{L}\p{N}])'|'(?![\p{L}\p{N}])/gu, ' ')
      .replace(/[?!,、。！？…]+|\.(?=\s|$)/g, ' ')
      .replace(/\s+/g, ' ')
      .trim()
  );
}

/** Lower case, full-width folded (NFKC), punctuation gone. */
function fold(text: string): string {
  return foldKeepCase(text).toLowerCase();
}

const FILLER =
  /\b(please|pls|plz|can you|could you|would you|can u|could u|kindly|thanks|thank you)\b/gi;
const JAPANESE_FILLER =
  /(してください|して下さい|ください|下さい|をお願いします|お願いします|お願い)/g;

/** Command words people mistype: the first word of a request. */
const COMMAND_WORDS = [
  'assign',
  'unassign',
  'reassign',
  'remove',
  'revoke',
  'allocate',
  'transfer',
  'provision',
  'activate',
  'withdraw',
  'enable',
  'switch',
  'reveal',
];
/** Words of benefits and commands, anywhere in a request. */
const KNOWN_WORDS = [
  'visual',
  'studio',
  'professional',
  'enterprise',
  'dynamics',
  'subscription',
  'benefit',
  'benefits',
  'licence',
  'license',
  'licenses',
  'licences',
  'instead',
  'marketing',
  'notifications',
  'advisory',
  'presales',
  'support',
  'office',
  'azure',
  'windows',
  'technical',
  'overview',
  'software',
  'assigned',
  'available',
  'category',
  'export',
  'incidents',
  'request',
  'requests',
  'which',
  'people',
  'having',
];

/** Whether a and b differ by at most one letter added, dropped, changed, or two neighbours swapped. */
function oneTypoApart(a: string, b: string): boolean {
  if (Math.abs(a.length - b.length) > 1 || a === b) return false;
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i += 1;
  if (a.length === b.length) {
    if (a.slice(i + 1) === b.slice(i + 1)) return true;
    return a[i] === b[i + 1] && a[i + 1] === b[i] && a.slice(i + 2) === b.slice(i + 2);
  }
  return a.length > b.length ? a.slice(i + 1) === b.slice(i) : a.slice(i) === b.slice(i + 1);
}

/** Words of 5 letters or more one typo away from a command or benefit word are read as that word: "asign", "remvoe", "visaul". */
function withoutTypos(text: string): string {
  let first = true;
  return text.replace(/[A-Za-z]+/g, (word) => {
    const candidates = first ? [...COMMAND_WORDS, ...KNOWN_WORDS] : KNOWN_WORDS;
    first = false;
    if (word.length < 5) return word;
    const lower = word.toLowerCase();
    if (candidates.includes(lower)) return word;
    const known = candidates.find((c) => c.length >= 5 && oneTypoApart(lower, c));
    return known ?? word;
  });
}

/** Folded, with politeness and filler gone: what is left carries the meaning. */
export function normalize(text: string): string {
  return withoutFiller(fold(text));
}

function withoutFiller(text: string): string {
  return text.replace(FILLER, ' ').replace(JAPANESE_FILLER, ' ').replace(/\s+/g, ' ').trim();
}

/** Words (English, with word boundaries) and fragments (Japanese, anywhere) that name each category. */
export const CATEGORY_WORDS: { category: CategoryId; en: RegExp; ja: string[] }[] = [
  {
    category: 'visualStudio',
    en: /\b(visual studio|vs|msdn)\b/,
    ja: ['ビジュアルスタジオ', 'ビジュアル スタジオ'],
  },
  {
    category: 'software',
    en: /\b(software|softwares|windows|office|product keys?)\b/,
    ja: ['ソフトウェア', 'ソフト'],
  },
  {
    category: 'cloud',
    en: /\b(cloud( services?)?|azure|m365|microsoft 365|office 365|dynamics( 365)?)\b/,
    ja: ['クラウド'],
  },
  {
    category: 'technical',
    en: /\b(technical|tech|support|advisory|presales|pre-sales|deployment services?)\b/,
    ja: ['技術', 'テクニカル', 'サポート', '相談時間', 'プリセールス'],
  },
  {
    category: 'goToMarket',
    en: /\b(go[- ]?to[- ]?market|gtm|marketing|offers?|silver core|gold core|co-?sell)\b/,
    ja: ['市場投入', '市場進出', 'マーケティング', 'オファー'],
  },
];

const has = (text: string, fragments: string[]) => fragments.some((f) => text.includes(f));

function language(text: string): LanguageCode | undefined {
  // "please switch the language back to English": a request about the language, however long.
  const aboutLanguage =
    /\b(?:language|switch|change)\b.*\b(?:to|into) (?:japanese|english)\b|言語を/.test(text);
  if (text.length > 30 && !aboutLanguage) return undefined;
  if (/\b(japanese|nihongo)\b/.test(text) || has(text, ['日本語'])) return 'ja';
  if (/\benglish\b/.test(text) || has(text, ['英語'])) return 'en';
  return undefined;
}

function isHelp(text: string): boolean {
  return (
    /^(help|commands|menu|what can (you|i) (do|ask)|what do you do|what (?:are|r) (?:you|u) for|how does (this|it|the bot|this bot) work|how (?:do|can) i use (?:this|it|you|the bot|this bot)|what are you for|how do i use (this|it|you|the bot))\b|\bwhat is this (bot )?for\b|\bwhat does this bot do\b|\bhow does (?:this|the) bot work\b/.test(
      text,
    ) ||
    has(text, [
      'ヘルプ',
      '使い方',
      '何ができ',
      'なにができ',
      'どう使',
      '使いかた',
      'どうやって使',
      '何を聞け',
      '何が聞け',
      '何を頼め',
      'なにを聞け',
    ])
  );
}

function isMine(text: string): boolean {
  return (
    /\b(my|mine)\b/.test(text) ||
    /\b(do|have|did) i (have|get|got|hold)\b/.test(text) ||
    /\b(assigned to me|i have)\b/.test(text) ||
    has(text, [
      '私の',
      'わたしの',
      '自分の',
      '僕の',
      'ぼくの',
      '俺の',
      '私に',
      '自分に',
      'マイ特典',
      '私って',
      '私が使える',
      '自分が使える',
    ])
  );
}

function isBenefits(text: string): boolean {
  return (
    /\b(benefits?|perks?|entitlements?|membership|(?:partner )?package|overview)\b/.test(text) ||
    /^(?:so )?(?:what|show(?: me)?) (?:do|did|have) we (?:have|get|got)$|^(?:show |list )?(?:me )?everything (?:we have|we've got|we got)$/.test(
      text,
    ) ||
    has(text, ['特典', 'ベネフィット', 'メンバーシップに含まれ', 'パッケージに含まれ'])
  );
}

function isGreeting(text: string): boolean {
  return (
    /^(hi|hello|hey|hiya|(?:good )?(morning|afternoon|evening)|yo)\b/.test(text) ||
    /^(?:thanks|thank you|thx|ty|cheers)\b/.test(text) ||
    has(text, [
      'ありがとう',
      'こんにちは',
      'こんばんは',
      'おはよう',
      'おはよー',
      'はじめまして',
      'お疲れ様',
      'お疲れさま',
      'おつかれさま',
    ])
  );
}

/** Words that start a benefit's name, in English and Japanese: "X for Y" and "YさんにX" are changes only when X is one. */
const BENEFIT_START =
  /^(?:(?:a|an|the|one|our) )?(?:vs|visual studio|msdn|office|windows|win ?11|server|azure|m365|microsoft|e5|dynamics|d365|support|product support|enterprise|professional|silver core|gold core|isv|co-?sell|ビジュアル ?スタジオ|サポート|製品サポート|オフィス|ウィンドウズ|シルバー|ゴールド)(?![A-Za-z0-9])/i;
const looksLikeBenefit = (words: string | undefined): boolean =>
  BENEFIT_START.test(words?.trim() ?? '');

type ChangeName =
  | 'assign'
  | 'remove'
  | 'reassign'
  | 'whoHas'
  | 'activate'
  | 'confirmActive'
  | 'setMarketingContact';
const REMOVE_VERBS =
  '(?:remove|unassign|deallocate|revoke|withdraw|take back|take away|take|pull|drop|free up|reclaim)';
const JA_REMOVE = '(?:外|はず|削除|解除|除|回収|剥が|はが|取り消|取消|unassign)';
const JA_ASSIGN = '(?:割り当て|割当|付与|あげ|渡|追加|アサイン|付け|用意|assign)(?!られ|され|済)';
/** Verbs that assign with no one named: "VSを割り当てて" (but "VSを割り当ててほしい" asks for it). */
const JA_ASSIGN_ALONE =
  '(?:割り当て|割当|付与|アサイン)(?!られ|され|済|てほしい|て欲しい|てもらえ)';
const JA_MOVE = '(?:再割り当て|割り当て直|移|変更|付け替え|切り替え|切替|譲)';

/**
 * Changes, in the order they are tried: the more specific first. Each names its benefit (b) and people (p, from, to);
 * x and y are a benefit and a person in either order ("remove Ana from VS Pro", "remove VS Pro from Ana").
 * benefitFirst: the pattern is a change only when b starts with a benefit's name ("VS Pro for Ana").
 */
const CHANGE_PATTERNS: { intent: ChangeName; pattern: RegExp; benefitFirst?: boolean }[] = [
  {
    intent: 'reassign',
    pattern: /^(?:reassign|move|transfer|switch|swap) (?<b>.+?) from (?<from>.+?) to (?<to>.+)$/,
  },
  {
    intent: 'reassign',
    pattern:
      /^(?:actually )?(?:reassign|move|transfer|give|hand|switch|swap|assign|allocate)(?: over)? (?<from>[^ ]+(?: [^ ]+)?)'s (?<b>.+?) (?:over )?(?:to) (?<to>.+?)(?: instead)?$/,
  },
  {
    intent: 'reassign',
    pattern:
      /^(?:actually )?(?:assign|give|hand|allocate|move|reassign) (?<b>.+?) to (?<to>.+?) instead of (?<from>.+)$/,
  },
  {
    intent: 'reassign',
    pattern: /^(?:actually )?(?:assign|give|hand|allocate|move) (?<b>.+?) to (?<to>.+?) instead$/,
  },
  {
    intent: 'reassign',
    pattern:
      /^(?:actually )?(?:give|hand|get) (?<to>.+?) (?:the|a|an|that|this) (?<b>.+?) instead$/,
  },
  { intent: 'reassign', pattern: /^(?:actually )?(?<to>[^ ]+(?: [^ ]+)?) instead$/ },
  { intent: 'reassign', pattern: /^reassign (?<b>.+?) to (?<to>.+)$/ },
  {
    intent: 'reassign',
    pattern: new RegExp(`^(?<b>.+?)を(?<from>.+?)から(?<to>.+?)(?:に|へ)(?:${JA_MOVE})`),
  },
  {
    intent: 'reassign',
    pattern: new RegExp(`^(?<from>.+?)の(?<b>.+?)(?:を| )(?<to>[^を]+?)(?:に|へ)(?:${JA_MOVE})`),
  },
  {
    intent: 'reassign',
    pattern: new RegExp(
      `^(?<from>.+?)(?:の代わりに|に代わって|に替えて|の替わりに)(?<to>.+?)(?:に|へ)(?<b>.+?)を?(?:${JA_ASSIGN})`,
    ),
  },
  {
    intent: 'reassign',
    pattern: new RegExp(`^(?<from>.+?) ?(?:→|->) ?(?<to>.+?)で(?<b>.+?)を?(?:${JA_MOVE})`),
  },
  {
    intent: 'reassign',
    pattern: /^(?<b>.+?)を(?<from>.+?)から(?<to>.+?)(?:に|へ)$/,
    benefitFirst: true,
  },
  {
    intent: 'setMarketingContact',
    pattern:
      /^(?:i want to |i'd like to |i would like to )?(?:set|change|update|add|assign|make) (?:the |our |a )?(?:company )?marketing contact(?: (?:to|as|=) (?<p>.+))?$/,
  },
  {
    intent: 'setMarketingContact',
    pattern: /^(?:make|set) (?<p>.+?) (?:as )?(?:the |our )?(?:company )?marketing contact$/,
  },
  {
    intent: 'setMarketingContact',
    pattern:
      /^(?<p>.+?) (?:should|will|can|could|is going to|needs to) be (?:the |our )?(?:new )?(?:company )?marketing contact(?: now| from now on)?$/,
  },
  {
    intent: 'setMarketingContact',
    pattern:
      /^(?:会社の)?(?:マーケティング担当者|マーケティング担当|マーケ担当者?)を(?<p>.+?)(?:に|へ)(?:設定|変更|割り当て|追加|更新|して)/,
  },
  {
    intent: 'setMarketingContact',
    pattern: /^(?<p>.+?)を(?:会社の)?マーケティング担当者?(?:に|として)/,
  },
  {
    intent: 'setMarketingContact',
    pattern: /^(?:会社の)?マーケティング担当者?(?:を|の)(?:設定|変更|追加|更新|割り当て)/,
  },
  {
    // "marketing contact: Patti, …", 「マーケティング担当者：田中 太郎、…」 (the details are taken out first).
    intent: 'setMarketingContact',
    pattern:
      /^(?:the |our )?(?:company )?(?:marketing contact|(?:会社の)?マーケ(?:ティング)?担当者?)\s*[:：]\s*(?<p>.+)$/,
  },
  {
    // "update the marketing contact phone", 「マーケティング担当者の電話番号を更新」: only a detail changes.
    intent: 'setMarketingContact',
    pattern:
      /^(?:(?:update|change|set|fix) (?:the |our )?(?:company )?marketing contact(?:'s)? (?:phone(?: number)?|e-?mail(?: address)?|language)|(?:会社の)?マーケ(?:ティング)?担当者?の(?:電話番号|電話|メール(?:アドレス)?|言語)を?(?:更新|変更|設定|修正)?)/,
  },
  {
    intent: 'confirmActive',
    pattern:
      /^(?<p>[^ ]+(?: [^ ]+)?)'s (?<b>.+?) (?:is|got|has been|was) (?:now )?(?:active|activated|live)(?: now| today)?$/,
  },
  {
    intent: 'confirmActive',
    pattern:
      /^(?<b>.+?) for (?<p>.+?) (?:is|got|has been|was) (?:now )?(?:active|activated|live)(?: now| today)?$/,
  },
  {
    intent: 'confirmActive',
    pattern:
      /^(?<b>.+?) (?:is|got|has been|was) (?:now )?(?:active|activated|live)(?: now| today)?$/,
  },
  {
    intent: 'confirmActive',
    pattern: /^(?:mark|confirm) (?<b>.+?)(?: for (?<p>.+?))? (?:as )?(?:active|activated)$/,
  },
  {
    intent: 'confirmActive',
    pattern:
      /^(?<p>.+?)の(?<b>.+?)(?:が|は| )(?:アクティブ|有効)(?:になりました|になった|です|化されました|化完了|化が完了)/,
  },
  {
    intent: 'confirmActive',
    pattern:
      /^(?<b>.+?)(?:が|は| )(?:アクティブ|有効)(?:になりました|になった|です|化されました|化完了|化が完了)/,
  },
  {
    intent: 'whoHas',
    pattern:
      /^(?:show me |tell me |list )?(?:who|who's|whos|who is) (?:has|holds|got|uses|using|is using|is assigned(?: to)?|owns|has got) (?<b>.+?)$/,
  },
  {
    intent: 'whoHas',
    pattern: /^(?:who is on|who's on|whos on|holders of|who are the holders of) (?<b>.+?)$/,
  },
  { intent: 'whoHas', pattern: /^(?:who is|who's|whos) (?:the|our) (?<b>.+?) (?:user|holder)s?$/ },
  {
    intent: 'whoHas',
    pattern:
      /^(?:is |are )?(?:there )?any(?:one|body| people| users)? (?:on|using|holding|assigned(?: to)?|with) (?:the |our )?(?<b>.+?)$/,
  },
  {
    intent: 'whoHas',
    pattern:
      /^(?:list|show)(?: me)? (?:everyone|everybody|all users|all people|people|users) (?:with|holding|who (?:has|have|holds?)|that (?:has|have)) (?<b>.+)$/,
  },
  {
    intent: 'whoHas',
    pattern: /^which (?:people|users|employees|persons) (?:have|hold|use|are on) (?<b>.+)$/,
  },
  {
    intent: 'whoHas',
    pattern:
      /^(?:list|show)(?: me)? (?:the |all )?(?:people|users|employees|holders) (?:with|on|holding|using|of) (?<b>.+)$/,
  },
  { intent: 'whoHas', pattern: /^(?:誰|だれ)が(?<b>.+?)を(?:持って|使って|割り当て)/ },
  { intent: 'whoHas', pattern: /^(?<b>.+?)を(?:持って|使って)(?:いる|る)(?:の|人)/ },
  { intent: 'whoHas', pattern: /^(?<b>.+?)の(?:割り当て先|利用者|保有者)/ },
  {
    intent: 'whoHas',
    pattern: /^(?<b>.+?)(?:は|を|って)? ?(?:誰|だれ)(?:が|に|です|$| )/,
    benefitFirst: true,
  },
  {
    intent: 'remove',
    pattern: new RegExp(`^${REMOVE_VERBS} (?<x>.+?)(?: away)? (?:from|off) (?<y>.+)$`),
  },
  {
    intent: 'remove',
    pattern: /^(?:remove|unassign|deallocate|revoke|free up|reclaim) (?<one>[^ ]+(?: [^ ]+)?)$/,
  },
  {
    intent: 'remove',
    pattern: new RegExp(
      `^(?:${REMOVE_VERBS.slice(3, -1)}|kill|cancel) (?<p>[^ ]+(?: [^ ]+)?)'s (?<b>.+)$`,
    ),
  },
  {
    intent: 'remove',
    pattern:
      /^(?<p>[^ ]+(?: [^ ]+)?) (?:doesn't|does not|no longer) needs? (?:the |his |her |their |a |an )?(?<b>.+?)(?: anymore| any more)?$/,
  },
  {
    intent: 'remove',
    pattern: new RegExp(`^(?!退職|辞め)(?<x>.+?)から(?<y>.+?)を?(?:${JA_REMOVE})`),
  },
  { intent: 'remove', pattern: new RegExp(`^(?<p>.+?)を(?<b>.+?)から(?:${JA_REMOVE})`) },
  {
    intent: 'remove',
    pattern: new RegExp(
      `^(?!退職|辞め)(?<p>.+?)の(?<b>.+?)(?:を| )?(?:全部|すべて|全て)?(?:${JA_REMOVE})`,
    ),
  },
  { intent: 'activate', pattern: /^(?:let's |lets )?(?:activate|enable|turn on|start) (?<b>.+)$/ },
  {
    intent: 'activate',
    pattern:
      /^(?<b>.+?)を(?:アクティブ化|アクティベート|有効化|有効に|アクティブに|使い始め|利用開始)/,
  },
  {
    intent: 'activate',
    pattern: /^(?<b>.+?)(?:を| )(?:開始|アクティブ化|アクティベート|有効化|有効に)/,
    benefitFirst: true,
  },
  {
    intent: 'assign',
    pattern: /^(?:assign|give|allocate|grant|hand|provision|issue) (?<b>.+?) (?:to|for) (?<p>.+)$/,
  },
  {
    intent: 'assign',
    pattern: /^(?:give|grant|hand|get(?! me | us )) (?<p>.+?) (?:a|an|the|one) (?<b>.+)$/,
  },
  { intent: 'assign', pattern: /^(?:give|grant|hand) (?<p>[^ ]+) (?<b>.+)$/, benefitFirst: true },
  {
    intent: 'assign',
    pattern: /^(?:give|grant|hand) (?<p>[^ ]+ [^ ]+) (?<b>.+)$/,
    benefitFirst: true,
  },
  { intent: 'assign', pattern: /^(?:add|onboard) (?<p>.+?) to (?<b>.+)$/ },
  { intent: 'assign', pattern: /^(?:set|hook) (?<p>.+?) up with (?<b>.+)$/, benefitFirst: true },
  { intent: 'assign', pattern: /^sign (?<p>.+?) up (?:for|to|with) (?<b>.+)$/, benefitFirst: true },
  {
    intent: 'assign',
    pattern:
      /^(?:can|could|may) (?!(?:i|we|you|me|us|they|someone|anyone)\b)(?<p>[^ ]+(?: [^ ]+)?) (?:get|have|be given) (?:a |an |the |one |some )?(?<b>.+)$/,
    benefitFirst: true,
  },
  { intent: 'assign', pattern: /^set up (?<p>.+?) with (?<b>.+)$/, benefitFirst: true },
  { intent: 'assign', pattern: /^put (?<p>.+?) on (?<b>.+)$/, benefitFirst: true },
  {
    intent: 'assign',
    pattern:
      /^(?<p>[^ ]+(?: [^ ]+)?) (?:needs|should get|should have|should receive) (?<b>.+?)(?: for (?:the|a|an|our|his|her|their) .+)?$/,
    benefitFirst: true,
  },
  {
    intent: 'assign',
    pattern:
      /^(?!.*\b(?:keys?|download|links?)\b)(?<b>.+?) (?:for|->|→|=>) (?<p>[^ \d]+(?: [^ \d]+)?)$/,
    benefitFirst: true,
  },
  { intent: 'assign', pattern: /^(?<p>[^ ]+(?: [^ ]+)?) - (?<b>.+)$/, benefitFirst: true },
  { intent: 'assign', pattern: /^(?:assign|allocate) (?<b>.+)$/ },
  {
    intent: 'assign',
    pattern: new RegExp(
      `^(?<p>.+?)(?:用)?(?:に|へ)(?:も)?(?<b>[^は]+?)(?:を| )?(?:も)?(?:追加で)?(?:ひとつ|1つ|一つ)?(?:${JA_ASSIGN})`,
    ),
  },
  { intent: 'assign', pattern: new RegExp(`^(?<b>.+?)を(?<p>.+?)(?:に|へ)(?:${JA_ASSIGN})`) },
  {
    intent: 'assign',
    pattern: /^(?<p>.+?)(?:用)?(?:に|へ)(?:も)? ?(?<b>[^はがてた済]+?) ?を?(?: よろしく)?$/,
    benefitFirst: true,
  },
  { intent: 'assign', pattern: /^(?<b>.+?)を ?(?<p>.+?)(?:に|へ)$/, benefitFirst: true },
  { intent: 'assign', pattern: new RegExp(`^(?<b>.+?)を(?:${JA_ASSIGN_ALONE})`) },
  { intent: 'assign', pattern: new RegExp(`^(?<p>.+?)(?:に|へ)(?:${JA_ASSIGN_ALONE})`) },
];

/** The benefit's words without articles and counting words: "a VS seat" → "vs"; nothing for "it", "something", "seat". */
function benefitWords(text: string | undefined): string | undefined {
  const cleaned = text
    ?.replace(/^(?:one of (?:the|our) |a |an |the |our |one |some |his |her |their )/i, '')
    .replace(
      / (?:seat|seats|license|licence|licenses|licences|benefit|sub|subs|credit|access)$/i,
      '',
    )
    .replace(/^(?:a |an )?(?:seat|license|licence) (?:of|for|on) /i, '')
    .replace(/^(?:access to|of (?:the|our)) /i, '')
    .replace(/ for (?:me|my [^ ]+)$/i, '')
    .replace(/ (?:product |license |licence )?keys?$/i, '')
    .replace(/\bm365 e5\b/i, 'Microsoft 365 E5')
    .replace(/(?:の)?(?:割り当て|割当|担当者?|ユーザー|利用者)$/, '')
    .replace(/(?:の)?(?:シート|ライセンス|特典|席|オファー|サブスク)$/, '')
    .trim();
  if (
    !cleaned ||
    /^(?:it|that|this|that one|this one|something|anything|seat|seats|license|licence|sub|subscription)$/i.test(
      cleaned,
    )
  )
    return undefined;
  return cleaned;
}

function personWords(
  text: string | undefined,
  mentions: ReadonlyMap<string, string>,
): PersonMention | undefined {
  const cleaned = text
    ?.replace(/^(?:user|the user|ユーザー) /i, '')
    .replace(
      /^(?:the |our |a )?new (?:guy|girl|hire|starter|joiner|person|employee|colleague|developer|dev|member) /i,
      '',
    )
    .replace(/^@/, '')
    .trim();
  if (!cleaned || /^(?:someone|somebody|anyone|誰か|だれか)$/i.test(cleaned)) return undefined;
  const userId = mentions.get(fold(cleaned));
  return userId ? { text: cleaned, userId } : { text: cleaned };
}

const CASELESS = CHANGE_PATTERNS.map(({ intent, pattern, benefitFirst }) => ({
  intent,
  benefitFirst,
  pattern: new RegExp(pattern.source, 'i'),
}));

function change(text: string, mentions: ReadonlyMap<string, string>): Intent | undefined {
  for (const { intent, pattern, benefitFirst } of CASELESS) {
    const match = pattern.exec(text);
    if (!match) continue;
    const groups = { ...match.groups };
    // A note on an assignment ("add a note to Lee Gu's seat") is not a change of who holds what.
    if (
      Object.values(groups).some((words) => words !== undefined && /\bnotes?\b|メモ/i.test(words))
    )
      return undefined;
    if (benefitFirst && !looksLikeBenefit(groups.b)) continue;
    // "remove Ana from VS Pro" or "remove VS Pro from Ana": the benefit is the side that names one.
    if (groups.x !== undefined && groups.y !== undefined) {
      const personFirst = looksLikeBenefit(groups.y) && !looksLikeBenefit(groups.x);
      groups.p = personFirst ? groups.x : groups.y;
      groups.b = personFirst ? groups.y : groups.x;
    } else if (groups.one !== undefined) {
      // "remove VS Pro" names the benefit, "unassign Ana" the person: the flow asks for the other.
      if (looksLikeBenefit(groups.one)) groups.b = groups.one;
      else groups.p = groups.one;
    }
    let benefit = benefitWords(groups.b);
    let person = personWords(groups.p, mentions);
    // "VS Proの割り当てを解除": what looked like a person is the benefit.
    if (intent === 'remove' && !benefit && person && looksLikeBenefit(person.text)) {
      benefit = benefitWords(person.text);
      person = undefined;
    }
    switch (intent) {
      case 'reassign': {
        const from = personWords(groups.from, mentions);
        const to = personWords(groups.to, mentions);
        return {
          name: 'reassign',
          ...(benefit ? { benefit } : {}),
          ...(from ? { from } : {}),
          ...(to ? { to } : {}),
        };
      }
      case 'assign':
      case 'remove':
        return { name: intent, ...(benefit ? { benefit } : {}), ...(person ? { person } : {}) };
      case 'setMarketingContact':
        return { name: intent, ...(person ? { person } : {}) };
      case 'confirmActive':
        if (!benefit) continue;
        return { name: intent, benefit, ...(person ? { person } : {}) };
      case 'whoHas':
      case 'activate':
        if (!benefit) continue;
        return { name: intent, benefit };
    }
  }
  return undefined;
}

const GET_KEYS: RegExp[] = [
  /^(?:get|show|reveal|give me|send me|i need|what are|where are)(?: me)?(?: the| my| our)? (?:product |license |licence |activation )?keys? (?:for|of|to) (?<b>.+)$/i,
  /^(?:get|show|reveal|give me|send me|i need)(?: me)?(?: the| our| my)? (?:product |license |licence |activation )?keys$/i,
  /^(?:get|show|reveal|give me|i need|pull up|what's|what is)(?: me)?(?: the| our| my)? (?<b>.+?) (?:product |license |licence |activation )?keys?(?: and instructions)?$/i,
  /^(?:product |license |licence |activation )keys$/i,
  /^(?!(?:who|what|which|how|does|do|is|are|can|could)\b)(?<b>.+?) (?:product |license |licence |activation )keys?$/i,
  /^(?!.*(?:残|いくつ|何個|何本|何枚|キー数|の数))(?<b>.+?)の(?:ライセンス ?|プロダクト ?|製品)?キー(?:を|の)?(?:取得|表示|見せ|教え|ちょうだい)?/,
  /^(?:ライセンス ?|プロダクト ?|製品)?キー(?:を|の)(?:取得|表示|見せ|教え)/,
];

/** "windows 11 keys" alone is a request for them when a display language or OS came with it ("… in japanese for arm64"). */
const KEYS_WITH_CHOICES =
  /^(?!(?:who|what|which|how|does|do|is|are|can|could|any)\b)(?<b>.+?) keys?$/i;
/** Other ways to ask for keys: "keys for windows 11", "product keys for office", "get keys: Windows 11", "can I see the server keys". */
const MORE_KEYS: RegExp[] = [
  /^(?:(?:i want to|i'd like to|i would like to|let me|can i) (?:reveal|see|view|get) )?(?:the |our )?(?:product |license |licence )?keys$/i,
  /^(?:product |license |licence |activation )?keys? (?:for|of) (?<b>.+)$/i,
  /^(?:get|show|reveal)(?: the)? keys?\s*[:：]\s*(?<b>.+)$/i,
  /^(?:can i|could i|may i|let me|i(?:'d| would) like to) (?:see|view|look at)(?: the| our)? (?<b>.+?) (?:product |license |licence |activation )?keys?$/i,
];

function getKeys(raw: string): Intent | undefined {
  const { text, language, os } = keyChoices(raw);
  for (const pattern of language || os
    ? [...GET_KEYS, ...MORE_KEYS, KEYS_WITH_CHOICES]
    : [...GET_KEYS, ...MORE_KEYS]) {
    const match = pattern.exec(text);
    if (!match) continue;
    const benefit = benefitWords(match.groups?.b);
    return {
      name: 'getKeys',
      ...(benefit ? { benefit } : {}),
      ...(language ? { language } : {}),
      ...(os ? { os } : {}),
    };
  }
  return undefined;
}

const KEY_LANGUAGE =
  /(?:[,、・]\s*|\s+)?(?:(?:in|for|with) )?(?<lang>japanese|english|日本語|英語|(?<![a-z])(?:ja|jp|en)(?=版|で|\s|$))(?: version| language)?(?:版|の|で)?/i;
const KEY_OS =
  /(?:[,、・]\s*|\s+)?(?:(?:in|for|on|with) )?(?:the )?(?<os>arm ?64|arm(?=[\s)）]|版|用|で|$)|x64|x86|64[- ]?bits?|32[- ]?bits?|64 ?ビット|32 ?ビット)(?: version| os| machines?| computers?)?(?:版|用|の|で)?/i;

/** R3.2's choices typed with the request ("windows 11 keys in japanese for arm64", 「Windows 11のキーを日本語・ARM64で」), and the words without them. */
export function keyChoices(raw: string): {
  text: string;
  language?: LanguageCode;
  os?: 'x64' | 'arm64' | 'x86';
} {
  // A download link comes with the keys (R3.2): "download links for office" asks for them.
  const text = raw.replace(/\bdownload links?\b|\bdownloads?(?= (?:for|of|in)\b)/i, 'keys');
  if (!/keys?|キー|ダウンロード/i.test(text)) return { text: raw };
  const lang = KEY_LANGUAGE.exec(text);
  let rest = lang ? text.replace(lang[0], ' ') : text;
  const os = KEY_OS.exec(rest);
  if (os) rest = rest.replace(os[0], ' ');
  const language: LanguageCode | undefined = lang?.groups?.lang
    ? /japanese|日本語|^ja$|^jp$/i.test(lang.groups.lang)
      ? 'ja'
      : 'en'
    : undefined;
  const osWord = os?.groups?.os?.toLowerCase().replace(/\s/g, '');
  const osId =
    osWord === undefined
      ? undefined
      : osWord.startsWith('arm')
        ? 'arm64'
        : /^(x86|32)/.test(osWord)
          ? 'x86'
          : 'x64';
  if (!language && !osId) return { text };
  const cleaned = rest
    .replace(/\s+(?:in|for|on|with|and)\s*$/i, '')
    .replace(/[,、・\s]+$/g, '')
    .replace(/\s{2,}/g, ' ')
    .trim();
  return { text: cleaned, ...(language ? { language } : {}), ...(osId ? { os: osId } : {}) };
}

const CONTACT_WORDS = /marketing contact|マーケ(?:ティング)?担当/i;
const CONTACT_EMAIL =
  /(?:[,、。/]\s*|\s+)?(?:(?:e-?mail|mail|メール(?:アドレス)?)(?:\s+(?:is|to))?\s*(?:は|[:：])?\s*)?(?<email>[^\s,、。<>/]+@[^\s,、。<>/]+?)(?:\s*です)?(?=$|[\s,、。/])/i;
const CONTACT_PHONE =
  /(?:[,、。/]\s*|\s+)?(?:(?:phone(?: number)?|tel|電話(?:番号)?)(?:\s+(?:is|to))?\s*(?:は|[:：])?\s*)?(?<phone>\+?\(?\d[\d ()-]{6,18}\d)(?:\s*(?:に|へ|です))?/i;
const CONTACT_LANGUAGE =
  /(?:[,、。/]\s*|\s+)?(?:(?:language|preferred language|言語)(?:\s+is)?\s*(?:は|[:：])?\s*)?(?<lang>japanese|english|日本語|英語)(?:です|で)?(?=$|[\s,、。/.!])/i;

/** R7.2's details typed with a marketing contact request: the email, phone and language, and the words without them. */
export function contactDetails(raw: string): {
  text: string;
  email?: string;
  phone?: string;
  language?: LanguageCode;
} {
  if (!CONTACT_WORDS.test(raw)) return { text: raw };
  let text = raw;
  const take = (pattern: RegExp, group: string): string | undefined => {
    const match = pattern.exec(text);
    const value = match?.groups?.[group];
    if (!match || !value) return undefined;
    text = `${text.slice(0, match.index)} ${text.slice(match.index + match[0].length)}`;
    return value.trim();
  };
  const email = take(CONTACT_EMAIL, 'email');
  const phone = take(CONTACT_PHONE, 'phone');
  const lang = take(CONTACT_LANGUAGE, 'lang');
  if (!email && !phone && !lang) return { text: raw };
  const language: LanguageCode | undefined = lang
    ? /japanese|日本語/i.test(lang)
      ? 'ja'
      : 'en'
    : undefined;
  const cleaned = text
    .replace(/(?:[,、。]\s*)?(?:連絡先|contact details?)\s*(?=$|[,、。])/gi, ' ')
    .replace(/\s*[,、。]\s*(?=[,、。]|$)/g, '')
    .replace(/\s{2,}/g, ' ')
    .replace(/[,、。\s]+$/, '')
    .trim();
  return {
    text: cleaned,
    ...(email ? { email } : {}),
    ...(phone ? { phone } : {}),
    ...(language ? { language } : {}),
  };
}

/** R6.2's alternative email typed with an assignment ("…, alt email patti.f@outlook.com", 「代替アドレス ana@outlook.com」), and the words without it. */
const ALTERNATIVE_EMAIL =
  /\s*[,、。]?\s*(?:(?:with|and|his|her|their|using)\s+)*(?:(?:an?|the)\s+)?(?:alt(?:ernative|ernate)?\.?|secondary|other|backup|personal)\s*(?:e-?mail|address|mail)(?:\s+address)?(?:\s+is\b)?\s*[:：]?\s*<?(?<email>[^\s<>,、。]+@[^\s<>,、。]+?)>?(?=$|[\s,、。])|\s*[,、。]?\s*(?:代替|別の?|予備の?)(?:メール)?(?:アドレス)?(?:は|を|:|：)?\s*(?<jaEmail>[^\s,、。]+@[^\s,、。]+)(?:で|を使って|にして)?/i;

function alternativeEmail(text: string): { text: string; email?: string } {
  const match = ALTERNATIVE_EMAIL.exec(text);
  const email = match?.groups?.email ?? match?.groups?.jaEmail;
  if (!match || !email) return { text };
  return {
    text: (text.slice(0, match.index) + ' ' + text.slice(match.index + match[0].length))
      .replace(/\s{2,}/g, ' ')
      .replace(/[,、\s]+$/, '')
      .trim(),
    email,
  };
}

/** Partner-program roles, set in chat by a Global admin: "make Megan an MPN partner admin". */
const PARTNER_ROLE: { pattern: RegExp; grant: boolean }[] = [
  {
    pattern: /^make (?<p>.+?) (?:an? |the |our )?(?<r>mpn partner admin|mpn admin|admin agent)$/i,
    grant: true,
  },
  {
    pattern: /^(?:give|grant) (?<p>.+?) (?:the )?(?<r>mpn partner admin|admin agent) role$/i,
    grant: true,
  },
  {
    pattern:
      /^(?:give|grant) (?<p>.+?) (?:the )?(?<r>(?:mpn )?partner admin|admin agent) (?:rights|permissions|access)$/i,
    grant: true,
  },
  {
    pattern:
      /^(?<p>[^ ]+(?: [^ ]+)?) should (?:be|become) (?:an? |the |our )?(?<r>(?:mpn )?partner admin|admin agent)(?: too| as well)?$/i,
    grant: true,
  },
  {
    pattern:
      /^(?:remove|revoke|take away|take) (?:the )?(?<r>(?:mpn )?partner admin|admin agent)(?: role| rights| permissions)? from (?<p>.+)$/i,
    grant: false,
  },
  {
    pattern:
      /^(?:remove|revoke|take away) (?<p>[^ ]+(?: [^ ]+)?)'s (?<r>(?:mpn )?partner admin|admin agent)(?: role| rights| permissions)?$/i,
    grant: false,
  },
  {
    pattern: /^(?<p>.+?) is no longer (?:an? |the )?(?<r>mpn partner admin|admin agent)$/i,
    grant: false,
  },
  {
    pattern:
      /^(?<p>.+?)を(?<r>MPN ?パートナー管理者|管理エージェント)(?:に(?:して|設定|追加|任命)?|として(?:追加|設定|登録))/i,
    grant: true,
  },
  {
    pattern:
      /^(?<p>.+?)(?:の|から)(?<r>MPN ?パートナー管理者|管理エージェント)(?:の?(?:ロール|権限))?を(?:外|解除|削除|取り消|剥が)/i,
    grant: false,
  },
  {
    pattern:
      /^(?<p>.+?)に(?<r>MPN ?パートナー管理者|管理エージェント)(?:の?(?:ロール|権限))?を(?:付与|追加|設定|与え)/i,
    grant: true,
  },
];

function partnerRole(text: string, mentions: ReadonlyMap<string, string>): Intent | undefined {
  for (const { pattern, grant } of PARTNER_ROLE) {
    const groups = pattern.exec(text)?.groups;
    const person = personWords(groups?.p, mentions);
    if (!groups || !person) continue;
    const role = /agent|エージェント/i.test(groups.r ?? '') ? 'adminAgent' : 'mpnPartnerAdmin';
    return { name: 'setPartnerRole', person, role, grant };
  }
  return undefined;
}

const ADD_USER: RegExp[] = [
  /^(?:add|create) (?:a )?(?:new )?user(?: (?<name>.+?))?(?: <?(?<email>[^\s<>]+@[^\s<>]+?)>?)?$/i,
  /^add (?<name>.+?) <?(?<email>[^\s<>]+@[^\s<>]+?)>? (?:as|to) (?:a )?(?:new )?(?:user|the user list)$/i,
  /^(?:ユーザーを追加|ユーザー追加|新しいユーザーを追加)(?:して|したい(?:です)?)?[:：]?(?:\s*(?<name>.+?))?(?:\s+(?<email>[^\s]+@[^\s]+))?$/,
  /^(?:create|set up|make) (?:an? )?(?:new )?(?:account|user) for (?<name>.+?) <?(?<email>[^\s<>]+@[^\s<>]+?)>?$/i,
  /^(?:onboard|add) (?:the |a )?(?:new )?(?:employee |hire |user |starter )?(?<name>.+?) <?(?<email>[^\s<>]+@[^\s<>]+?)>?$/i,
  /^new (?:hire|user|employee|starter)[:：]? (?<name>.+?) <?(?<email>[^\s<>]+@[^\s<>]+?)>?$/i,
  /^(?<name>.+?)\s*[(（]?(?<email>[^\s()（）]+@[^\s()（）]+?)[)）]?\s*を(?:新しい)?ユーザー(?:として|に)追加/,
];

function addUser(text: string): Intent | undefined {
  for (const pattern of ADD_USER) {
    const match = pattern.exec(text);
    if (!match) continue;
    const name = match.groups?.name?.replace(/[,、(（]$/, '').trim();
    const email = match.groups?.email?.trim();
    if (!email) {
      // "新しいユーザーを追加して。佐藤 健、ken.sato@contoso.com": the name and address come after.
      const more = newUserAnywhere(text);
      if (more) return more;
    }
    return { name: 'addUser', ...(name ? { displayName: name } : {}), ...(email ? { email } : {}) };
  }
  return newUserAnywhere(text);
}

/**
 * Adding someone, in any order, when the message says so (a new user, member or account, added or
 * registered) and gives their address: the name is what is left of the words about them.
 */
function newUserAnywhere(text: string): Intent | undefined {
  const email = /(?<email>[^\s<>()（）,、。:：「」]+@[^\s<>()（）,、。:：「」]+\.[a-z]{2,})/i.exec(
    text,
  )?.groups?.email;
  if (!email) return undefined;
  const adding = /\b(?:add|create|register|onboard)\b|追加|登録/i.test(text);
  const someone =
    /\b(?:user|member|account|employee|hire|starter)\b|ユーザー|メンバー|アカウント|社員|新人|新入社員|さんを(?:追加|登録)|様を(?:追加|登録)/i.test(
      text,
    );
  if (!adding || !someone) return undefined;
  const name = text
    .replace(email, ' ')
    .replace(
      /\b(?:please|add|create|register|onboard|a|an|the|new|user|member|account|employee|hire|starter|as|to|with|email|e-mail|address|is|and|for)\b/gi,
      ' ',
    )
    .replace(
      /して(?:ください)?|したい(?:です)?|お願いします|ください|メール(?:アドレス)?は?|アドレスは?|です|として|新しい|新規|新入社員の?|新人の?|ユーザー|メンバー|アカウント|社員|追加|登録|さん|を|に|で/g,
      ' ',
    )
    .replace(/[,、。:：「」()（）<>]/g, ' ')
    .replace(/\s+/g, ' ')
    .trim();
  if (name.length === 0 || name.length > 60) return { name: 'addUser', email };
  return { name: 'addUser', displayName: name, email };
}

const REQUEST_HOURS: RegExp[] = [
  // With the number of hours typed: "request 5 advisory hours", "I'd like to request 4 partner advisory hours for our Azure design".
  /^(?:(?:i(?:'d| would) like to|i want to|i need to|can i|could i|can we|could we|let's) )?(?:request|book|reserve|ask for|use|need|want|get)(?: another| some| our| the)? (?<h>\d{1,3}) (?:more )?(?:hours? (?:of )?)?(?<b>(?:partner )?advisory|(?:technical )?presales(?: and deployment)?|pre-sales|deployment)(?: services)?(?: hours?)?(?: (?:for|on|about) .+)?$/i,
  /^(?:(?:partner )?advisory|(?:technical )?presales|pre-sales|deployment)(?: hours?)?[:：]? ?(?<h>\d{1,3}) ?(?:hours?|h)(?: please)?$/i,
  /^(?<b>相談時間|パートナー相談時間|アドバイザリー|プリセールス|テクニカル プリセールス|デプロイメント)(?:の支援)?を?\s*(?<h>\d{1,3})\s*時間(?:分)?(?:を)?(?:リクエスト|申請|依頼|予約|使いたい|お願い)?/,
  /^(?:request|book|ask for|use|i need|i want|we need|get)(?: some| our| the)? (?<b>advisory hours|advisory|presales(?: and deployment)?(?: services)?|pre-sales|deployment services|technical help|technical assistance)(?: help| assistance| hours)?$/i,
  /^(?:i need|we need|i want|get)(?: some)? (?<b>presales|pre-sales|advisory|deployment|design|technical) (?:help|assistance|support)$/i,
  /^(?:request|submit)(?: a)? (?:service |support )?request(?: for (?<b>.+))?$/i,
  /^(?<b>相談時間|パートナー相談時間|プリセールス|テクニカル プリセールス|デプロイメント|技術支援)(?:の支援|の相談)?を?(?:リクエスト|申請|依頼|使いたい|お願い|申し込|申込)/,
];

const NUMBER_WORDS: Record<string, number> = {
  one: 1,
  two: 2,
  three: 3,
  four: 4,
  five: 5,
  six: 6,
  seven: 7,
  eight: 8,
  nine: 9,
  ten: 10,
  eleven: 11,
  twelve: 12,
  fifteen: 15,
  twenty: 20,
};
const HOURS_BENEFIT =
  /(?<b>(?:partner )?advisory|アドバイザリー|(?:パートナー)?相談時間|相談|presales|pre-sales|プリセールス|deployment|デプロイメント)/i;
const HOURS_COUNT =
  /(?<n>\d{1,3}(?:\.\d{1,2})?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)\s*(?:more\s+)?(?:hours?|hrs?|h\b|時間)/i;
/** "advisory hours? like 2": the number said after the hours. */
const HOURS_COUNT_AFTER =
  /(?:hours?|hrs?)\b[^\d]{0,12}?\b(?:like|about|around|maybe|say|roughly|approx(?:imately)?)\s*(?<n>\d{1,3}(?:\.\d{1,2})?)\b/i;

const HOURS_COUNT_APART =
  /(?<![\d.])(?<n>\d{1,3}(?:\.\d{1,2})?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty)\s+(?:[a-z-]+\s+){1,5}(?:hours?|hrs?)\b/i;

/** A number written in kanji up to 99 (十, 二十五). */
function kanjiNumber(text: string): number | undefined {
  const digit = (c: string | undefined) => (c ? '一二三四五六七八九'.indexOf(c) + 1 : 0);
  const [tens, ones] = text.split('十');
  const value = text.includes('十') ? (tens ? digit(tens) : 1) * 10 + digit(ones) : digit(text);
  return value > 0 ? value : undefined;
}

/** The number of hours a message gives ("6 hours", "six hrs", 「3時間」), if any. */
export function hoursIn(text: string): number | undefined {
  const kanji = /(?<n>[一二三四五六七八九十]{1,3})\s*時間(?<half>半)?/.exec(text)?.groups;
  if (kanji?.n) return (kanjiNumber(kanji.n) ?? 0) + (kanji.half ? 0.5 : 0) || undefined;
  // 「1時間半」: an hour and a half.
  const half = /(?<n>\d{1,3})\s*時間半/.exec(text.normalize('NFKC'))?.groups?.n;
  if (half) return Number(half) + 0.5;
  const folded = text.normalize('NFKC');
  // "3 technical presales and deployment hours": the number a few words before "hours".
  const count = (
    HOURS_COUNT.exec(folded) ??
    HOURS_COUNT_APART.exec(folded) ??
    HOURS_COUNT_AFTER.exec(folded)
  )?.groups?.n;
  if (!count) return undefined;
  return /^\d+(?:\.\d+)?$/.test(count) ? Number(count) : NUMBER_WORDS[count.toLowerCase()];
}

/**
 * A number of hours with the help it is for, in any wording that is not a question: "we need 10
 * hours of presales help", "can I book 2 hrs of advisory time", 「プリセールス支援を3時間リクエストしたい」.
 */
function hoursWithCount(text: string): Intent | undefined {
  if (/^(?:how|what|when|which|is|are|do|does|did)\b|残|何時間|いくつ|[?？]$/i.test(text))
    return undefined;
  const count = HOURS_COUNT.exec(text)?.groups?.n;
  const benefit = HOURS_BENEFIT.exec(text)?.groups?.b;
  if (!count || !benefit) return undefined;
  const hours =
    hoursIn(text) ??
    (/^\d+(?:\.\d+)?$/.test(count) ? Number(count) : NUMBER_WORDS[count.toLowerCase()]);
  if (!hours) return undefined;
  const name = /advisory|アドバイザリー|相談/i.test(benefit) ? 'advisory hours' : 'presales';
  return { name: 'requestHours', benefit: name, hours };
}

function requestHours(text: string): Intent | undefined {
  for (const pattern of REQUEST_HOURS) {
    const match = pattern.exec(text);
    if (!match) continue;
    if (!match.groups?.h) {
      const counted = hoursWithCount(text);
      if (counted) return counted;
    }
    const benefit =
      match.groups?.b?.replace(/ (?:help|assistance|hours)$/i, '').trim() ??
      /advisory|presales|pre-sales|deployment/i.exec(text)?.[0];
    const hours = match.groups?.h ? Number(match.groups.h) : undefined;
    return {
      name: 'requestHours',
      ...(benefit && !/^(technical|design|技術支援)$/i.test(benefit) ? { benefit } : {}),
      ...(hours && hours > 0 ? { hours } : {}),
    };
  }
  return hoursWithCount(text);
}

function isMyRequests(text: string): boolean {
  return (
    /^(?:show |list )?(?:me )?(?:my|our)(?: open| pending)?(?: service| support| advisory hours| presales hours| hours)? requests$/.test(
      text,
    ) ||
    /^what(?:'s| is) the status of (?:my|our)(?: service| support| advisory hours| presales hours| hours)? requests?$/.test(
      text,
    ) ||
    /^what (?:have|did) (?:i|we) request(?:ed)?$/.test(text) ||
    /^(?:私の|自分の|自分が出した|私が出した)(?:サービス)?(?:リクエスト|要求|申請)/.test(text) ||
    /^申請した.+?(?:リクエスト|申請)は(?:どう|どうなって)/.test(text) ||
    /\b(?:my|our) (?:[a-z-]+ ){0,3}requests?\b/.test(text) ||
    /(?:私|自分|僕|俺)の.{0,12}(?:リクエスト|申請|依頼)/.test(text)
  );
}

/** R8: "cancel our membership", "I want a refund", "返金して", "キャンセルしたい" (but "cancel" alone leaves a question). */
function isCancelMembership(text: string): boolean {
  return (
    /\b(?:cancel|terminate|end)(?: our| the| my)? (?:membership|package|benefit package|benefits|subscription to the program)\b/.test(
      text,
    ) ||
    /\b(?:refund|money back)\b/.test(text) ||
    /(?:返金|払い戻し)/.test(text) ||
    /(?:メンバーシップ|特典パッケージ|パッケージ)を?(?:キャンセル|解約)/.test(text) ||
    /^キャンセルしたい/.test(text)
  );
}

const ASK_BENEFIT: RegExp[] = [
  /^(?:i(?:'d| would) like(?: to (?:request|get|have))?|i want|i need|can i (?:have|get)|could i (?:have|get)|may i have|is it possible to (?:have|get)|give me|request|ask for)(?: a| an| the| one)? (?:access to )?(?<b>.+?)(?: subscription| seat| license| licence)?(?: access)?(?: for me)?$/i,
  /^(?<b>.+?)を(?:もらえ|いただけ|使わせて)/,
  /^(?<b>.+?)を(?:申請|希望|リクエスト)(?:したい|します|して)/,
  /^(?<b>.+?)を(?:割り当て|付与|アサイン)て?(?:ほしい|欲しい|もらえ|いただけ)/,
  /^(?<b>.+?)が(?:欲しい|ほしい|必要)/,
];

function askBenefit(text: string, mentions: ReadonlyMap<string, string>): Intent | undefined {
  for (const pattern of ASK_BENEFIT) {
    const benefit = benefitWords(pattern.exec(text)?.groups?.b);
    if (!benefit) continue;
    // "I want Patti on the Azure subscription" puts someone on a benefit: an assignment, not a request for oneself.
    const someone =
      /^(?<p>[\p{L}'’.-]+(?: [\p{L}'’.-]+)?) on (?:the |our |a |an )?(?<b>.+)$/iu.exec(
        benefit,
      )?.groups;
    const person = personWords(someone?.p, mentions);
    if (someone && person && !/^(?:me|myself|board|top|time|call|leave)$/i.test(someone.p ?? ''))
      return { name: 'assign', benefit: benefitWords(someone.b) ?? someone.b ?? '', person };
    return { name: 'askBenefit', benefit };
  }
  return undefined;
}

function notificationCommand(text: string): Intent | undefined {
  const here = '(?: here| (?:in|to|for|on) (?:this|the) channel)';
  if (
    new RegExp(
      `^(?:stop|turn off|disable|mute|pause|no more) (?:the |benefit )?(?:notifications|notifying|posting|posts|updates)${here}?$`,
    ).test(text) ||
    /^(?:(?:この|ここ)(?:チャネル|チャンネル)?(?:への|の|には?)(?:もう)?)?通知(?:を?(?:停止|止め|オフ|やめ)|しないで)/.test(
      text,
    )
  ) {
    return { name: 'stopNotifications' };
  }
  if (
    new RegExp(
      `^(?:notify|post|send)(?: the| benefit| assignment)?(?: notifications| updates)?${here}$|^use this channel for notifications$|^notify (?:this|the) (?:channel|team|chat)$`,
    ).test(text) ||
    /^(?:この|ここ)(?:チャネル|チャンネル)?に(?:通知|投稿)|通知を(?:この|ここ)(?:チャネル|チャンネル)?に(?:投稿|送|流)/.test(
      text,
    )
  )
    return { name: 'notifyHere' };
  if (
    /^(?:show |list |find |check )?(?:the |our )?(?:seats|benefits|licen[cs]es|subscriptions)(?: (?:still )?(?:held|used|assigned|taken))? (?:by|of|to) (?:people|users|employees|someone|anyone) who (?:have )?left$/.test(
      text,
    ) ||
    /^(?:who (?:has )?left(?: the (?:company|organi[sz]ation|team))?|people who (?:have )?left(?: the (?:company|organi[sz]ation))?|leavers|(?:reclaim|take back) (?:the )?seats(?: of| from) (?:people|users) who (?:have )?left)$/.test(
      text,
    ) ||
    /^(?:(?:any|are there|show|list|find) )?(?:(?:seats|licen[cs]es|benefits) (?:still )?(?:held|used) by )?(?:(?:people|users|employees) who (?:have )?left|leavers|departed (?:users|people|employees)|former (?:users|employees))(?: (?:still )?(?:holding|with|that hold|who hold) (?:seats|licen[cs]es|benefits))?$/.test(
      text,
    ) ||
    /^who still (?:has|holds) (?:a |any )?(?:seat|licen[cs]e|benefit)s? but (?:has )?left(?: the company)?$/.test(
      text,
    ) ||
    /^(?:show |list )?leavers with (?:seats|licen[cs]es|benefits)$/.test(text) ||
    /^(?:退職済み|退職済)(?:の)?(?:ユーザー|人|社員)/.test(text) ||
    /^(?:退職者|退職した人|辞めた人)(?:の(?:席|特典|ライセンス|割り当て))?(?:を(?:回収|確認|表示|見せて))?/.test(
      text,
    )
  ) {
    return { name: 'peopleWhoLeft' };
  }
  if (
    /^(?:retry|resend|send again)(?: the| all)?(?: failed)? (?:notifications|messages)$/.test(
      text,
    ) ||
    /^(?:(?:失敗した|送れなかった|エラーになった)?通知を(?:再送|もう一度送|送り直)|(?:失敗した|送れなかった|エラーになった)通知を(?:再送|もう一度送|送り直))/.test(
      text,
    )
  ) {
    return { name: 'retryNotifications' };
  }
  if (
    /^(?:show |list |any |which )?(?:the )?(?:failed notifications|notifications (?:that )?failed|notifications that could not be sent)$/.test(
      text,
    ) ||
    /^(?:失敗した|送れなかった|送信できなかった|エラーになった)通知/.test(text)
  )
    return { name: 'failedNotifications' };
  return undefined;
}

function isExportAssignments(text: string): boolean {
  return (
    /^(?:export|download|send me|give me)(?: the| our| all)?(?: the)? (?:benefit )?(?:assignments|assignment list|list of assignments|who has what)(?: as (?:a |an )?(?:csv|excel)(?: file)?| to csv| to excel)?$/.test(
      text,
    ) ||
    /^(?:can i get|could i get|give me|send me) an? (?:csv|excel|spreadsheet)(?: file)? of(?: all)?(?: the| our)? assignments$/.test(
      text,
    ) ||
    /割り当て(?:の一覧|一覧|状況)?を?(?:エクスポート|csv|ダウンロード|excelで|エクセルで)/.test(
      text,
    ) ||
    /^エクスポート$/.test(text)
  );
}

function isAuditLog(text: string): boolean {
  return (
    /\b(audit(?: log| trail)?|change log|history of changes|what changed|recent changes|who (?:assigned|changed|removed) what)\b/.test(
      text,
    ) || has(text, ['監査ログ', '変更履歴', '最近の変更', '誰がいつ'])
  );
}

function isCancel(text: string): boolean {
  return (
    /^(?:(?:actually|oh|ah|ok|okay|um|hmm|sorry)[,.!]? )?(?:cancel|stop|never ?mind|nvm|forget it|forget that|scratch that|abort|quit|exit)(?: (?:it|that|this|please))?(?: don't do (?:it|that))?(?: (?:cancel|stop|forget) (?:it|that|this))?$/.test(
      text,
    ) ||
    /^(?:やっぱり ?)?(?:キャンセル|やめ|中止|取り消し|取消)/.test(text) ||
    /^(?:やっぱり|やっぱ|もう)(?:いい|大丈夫|なし)(?:です|や|よ)?(?:[、,]?\s?キャンセル(?:で|して|します)?)?$/.test(
      text,
    ) ||
    /^(?:今の|さっきの)(?:は|の)?(?:なし|無し|なかったこと|キャンセル|取り消し|取消)/.test(text)
  );
}

/** Intents that change something: each runs as a dialog that ends on a confirmation card. */
export type ChangeIntent = Extract<
  Intent,
  {
    name:
      | 'assign'
      | 'remove'
      | 'reassign'
      | 'confirmActive'
      | 'activate'
      | 'setMarketingContact'
      | 'addUser'
      | 'getKeys'
      | 'setPartnerRole'
      | 'setNote';
  }
>;
const LETTER_OR_DIGIT = /[\p{L}\p{N}]/u;

/**
 * The text without the first place the word is written (any case); a word in Latin letters only as
 * a whole word ("pro" is not taken out of "project").
 */
function withoutWord(text: string, word: string): string {
  if (!word) return text;
  const whole = /^[\x20-\x7e]+$/.test(word);
  const lower = text.toLowerCase();
  const sought = word.toLowerCase();
  for (let at = lower.indexOf(sought); at >= 0; at = lower.indexOf(sought, at + 1)) {
    const end = at + sought.length;
    if (
      !whole ||
      (!LETTER_OR_DIGIT.test(text.charAt(at - 1)) && !LETTER_OR_DIGIT.test(text.charAt(end)))
    )
      return `${text.slice(0, at)} ${text.slice(end)}`;
  }
  return text;
}

/** Whether the intent asks for a change (its route, routes.ts). */
export function isChangeIntent(intent: Intent): intent is ChangeIntent {
  return routeOf(intent).route === 'change';
}

/**
 * A note on someone's assignment: "note on Ana's VS Pro: for the migration project", "clear the note
 * on Nestor's VS Pro", 「アナさんのVS Proにメモ「移行プロジェクト用」」, 「田中さんのVS Enterpriseのメモを消して」.
 * The note is kept as typed. Whose and which: "Ana's VS Pro" (or "diego vs pro": the first word is the person).
 */
const NOTE_SET: RegExp[] = [
  /^(?:(?:please )?(?:add|put|set|write|make)(?: a| the)? )?note (?:on|to|for) (?<target>[^:：\-–—"“]+?)\s*(?:[:：]|\s[-–—]\s|["“])\s*(?<note>.+?)["”]?$/i,
  /^(?<p>[^の]+?)の(?<b>.+?)(?:の割り当て)?(?:に|へ)メモ(?:を(?:追加|設定|付け|つけ|入れ))?(?:して)?\s*(?:[:：]\s*|「)(?<note>[^」]+?)」?(?:を(?:付け|つけ|追加|設定|入れ).*)?$/,
];
const NOTE_CLEAR: RegExp[] = [
  /^(?:please )?(?:clear|remove|delete|drop|erase)(?: the)? note (?:on|from|for|of) (?<target>.+?)$/i,
  /^(?<p>[^の]+?)の(?<b>.+?)(?:の割り当て)?のメモを(?:消|削除|クリア|外|取)/,
];

function noteTarget(
  groups: Record<string, string | undefined>,
  mentions: ReadonlyMap<string, string>,
): { benefit?: string; person?: PersonMention } {
  let person = groups.p;
  let benefit = groups.b;
  const target = groups.target?.trim();
  if (target) {
    const possessive = /^(?<p>.+?)[’']s? (?<b>.+)$/.exec(target)?.groups;
    person = possessive?.p ?? target.split(' ')[0];
    benefit = possessive?.b ?? target.split(' ').slice(1).join(' ');
  }
  const b = benefitWords(benefit?.replace(/ (?:sub|subscription|assignment)$/i, ''));
  const p = personWords(person, mentions);
  return { ...(b ? { benefit: b } : {}), ...(p ? { person: p } : {}) };
}

function note(raw: string, mentions: ReadonlyMap<string, string>): Intent | undefined {
  const text = raw.normalize('NFKC').trim();
  for (const pattern of NOTE_CLEAR) {
    const groups = pattern.exec(text)?.groups;
    if (groups) return { name: 'setNote', ...noteTarget(groups, mentions), note: '' };
  }
  for (const pattern of NOTE_SET) {
    const groups = pattern.exec(text)?.groups;
    if (groups?.note?.trim())
      return { name: 'setNote', ...noteTarget(groups, mentions), note: groups.note.trim() };
  }
  return undefined;
}

const ME = /^(?:i|me|myself|私|わたし|自分|僕|ぼく|俺)$/i;
const NOTHING = /^(?:anything|something|any|what|何|なに|何か|なにか)$/i;

/** A person's words from a question: "Tanaka-san" → "Tanaka"; "I" → "me". */
function askedPerson(
  words: string | undefined,
  mentions: ReadonlyMap<string, string>,
): PersonMention | undefined {
  const cleaned = words
    ?.replace(/-(?:san|sama|kun|chan)$/i, '')
    .replace(/(?:さん|様|さま|くん|君|ちゃん|氏)$/, '')
    .trim();
  if (
    !cleaned ||
    /^(?:we|us|you|they|it|there|this|that|anyone|someone|everyone|everybody|our .+|the .+|全部|全て|すべて|みんな|全員|うち|会社)$/i.test(
      cleaned,
    ) ||
    looksLikeBenefit(cleaned)
  )
    return undefined;
  if (
    /系$/.test(cleaned) ||
    CATEGORY_WORDS.some((c) => c.en.test(cleaned.toLowerCase()) || has(cleaned, c.ja)) ||
    isBenefits(cleaned.toLowerCase())
  )
    return undefined;
  return personWords(ME.test(cleaned) ? 'me' : cleaned, mentions);
}

const DOES_HAVE: RegExp[] = [
  /^(?:does|did) (?<p>.+?) (?:still )?(?:have|hold|own|use|get|got)(?: got)? (?<b>.+?)(?: assigned| already| still| or not)*$/i,
  /^(?:is|was) (?<p>.+?) (?:still |already )?(?:on|assigned to|assigned|using|holding|set up with) (?<b>.+?)(?: or not| still| already)*$/i,
  /^(?:has|have) (?<p>.+?) (?:got|been (?:given|assigned)) (?<b>.+?)(?: assigned| already| yet)*$/i,
  /^(?:is|are) (?<p>[^ ]+(?: [^ ]+)?)'s (?<b>.+?) (?:still |already )?(?:active|running|working|valid|assigned|on|live)(?: or not| still| yet)?$/i,
  /^(?:check|see|find out) (?:if|whether) (?<p>.+?) (?:has|holds|is on|uses|has got) (?<b>.+)$/i,
  /^(?:show me |tell me |list )?what (?:benefits |licen[cs]es |seats |subscriptions )?(?:does|did|has) (?<p>.+?) (?:have|hold|get|got|own)$/i,
  /^(?:show me |tell me |list )?what (?<p>.+?) (?:has|holds|has got|owns)$/i,
  /^(?:what's|what is|what are|what has been|anything|is anything|what was) (?:assigned|given) to (?<p>.+)$/i,
  /^(?<p>[^は]+?)(?:は|って|に(?:は)?) ?(?<b>.+?)(?:を|は|が)? ?(?:まだ|もう)?(?:持って|もって|使え|入って|付いて|ついて|割り当て済|割り当てられて|アサインされて|保有して)/,
  /^(?<p>[^は]+?)(?:は|に(?:は)?) ?(?<b>.+?)の(?:割り当て|ライセンス)(?:が|は)?(?:ある|あり)/,
  /^(?<p>.+?)(?:に|には)(?:何|なに)が(?:割り当て|ある|付いて)/,
  /^(?<p>.+?)に割り当てられている(?:特典|ライセンス|もの)/,
  /^(?<p>.+?)が持って(?:いる|る)(?:特典|ライセンス|もの)/,
  /^(?<p>[^のにをが]+?)の(?:特典|割り当て状況|割り当て一覧|ライセンス)(?:を|は|一覧|の一覧|$)/,
];

function doesHave(text: string, mentions: ReadonlyMap<string, string>): Intent | undefined {
  for (const pattern of DOES_HAVE) {
    const groups = pattern.exec(text)?.groups;
    if (!groups) continue;
    const person = askedPerson(groups.p, mentions);
    if (!person) continue;
    const words = groups.b?.trim();
    const benefit =
      words && !NOTHING.test(words)
        ? benefitWords(words.replace(/ (?:assigned|subscription)$/i, ''))
        : undefined;
    if (words && !NOTHING.test(words) && !benefit) continue;
    // "what do I have", "私の特典": the person's own list.
    if (person.text === 'me' && !benefit) return { name: 'myBenefits' };
    return { name: 'doesHave', person, ...(benefit ? { benefit } : {}) };
  }
  return undefined;
}

/** Words that name a whole category when asked "how many ... left". */
const CATEGORY_ONLY: { category: CategoryId; words: RegExp }[] = [
  {
    category: 'software',
    words: /^(?:software|softwares|product|ソフトウェア|ソフト)(?: ?(?:特典|benefits?))?$/i,
  },
  { category: 'technical', words: /^(?:technical|tech|技術)(?: ?(?:特典|benefits?))?$/i },
  { category: 'cloud', words: /^(?:cloud|cloud services|クラウド)(?: ?(?:特典|benefits?))?$/i },
  {
    category: 'goToMarket',
    words: /^(?:go[- ]?to[- ]?market|gtm|市場投入)(?: ?(?:特典|benefits?))?$/i,
  },
];

const HOW_MANY: RegExp[] = [
  /^(?:how many|how much)(?: of)?(?: the| our)? (?<b>.+?)(?: (?:are|is|do we|have we|did we|can we|we have|we've))?(?: (?:still|got))?(?: (?:have|got|use|used))?(?: (?:left|free|remaining|unused|available|spare|in use|used|assigned|taken))?(?: overall| in total| now)?$/i,
  /^(?:are there |is there |do we have |have we got )?(?:any |a |an )?(?:free |spare |unused )?(?<b>.+?) (?:left|free|remaining|available|spare|unused|still free|still available)(?: overall| now)?$/i,
  /^(?:is there|are there|do we have) (?:any |a |an )?(?:free|spare|unused|available) (?<b>.+)$/i,
  /^which (?<b>.+?) (?:are|is) (?:still )?(?:free|left|available|unused|spare)$/i,
  /^do we (?:still )?(?:have|got) (?:any )?(?<b>.+?)(?: left)?$/i,
  /^how much (?<b>.+?) (?:do|did|can) we (?:get|have|receive)(?: each month| a month| monthly)?$/i,
  /^(?:what(?:'s| is)|whats) (?:still )?(?:left|free|remaining|available) (?:on|of|in|for) (?:the |our )?(?<b>.+)$/i,
  /^(?<b>.+?)(?:は|の|を)? ?(?:あと|まだ|今)?(?:空き|残り|残数|残って|何席|何個|何本|何件|何時間|いくつ|どれくらい|どのくらい|余って|使用済|空いて|使える数)/,
];

const UNIT_WORDS = / (?:seats?|keys?|licen[cs]es?|subscriptions?|hours?|incidents?|credits?)$/i;

function howMany(text: string): Intent | undefined {
  for (const pattern of HOW_MANY) {
    const words = pattern.exec(text)?.groups?.b?.trim();
    if (!words || /^(?:what|which|how)\b/i.test(words)) continue;
    const bare = words
      .replace(/(?:の)?(?:キー|ライセンス|時間|席|シート)$/, '')
      .replace(/の$/, '')
      .trim();
    const unitless = bare.replace(UNIT_WORDS, '').trim();
    const category = CATEGORY_ONLY.find((c) => c.words.test(unitless) || c.words.test(bare));
    if (category) return { name: 'howMany', category: category.category };
    const benefit = benefitWords(unitless.replace(/(?<=azure) ?(?:クレジット)$/i, ''));
    if (
      !benefit ||
      !(
        looksLikeBenefit(benefit) ||
        CATEGORY_WORDS.some((c) => c.en.test(benefit.toLowerCase()) || has(benefit, c.ja)) ||
        /相談|アドバイザリー|プリセールス|インシデント|クレジット/.test(benefit)
      )
    )
      continue;
    return { name: 'howMany', benefit };
  }
  return undefined;
}

const SHOW_BENEFIT: RegExp[] = [
  /^(?:tell me (?:more )?about|(?:show (?:me )?)?(?:the )?details (?:of|on|for|about)|(?:show (?:me )?)?info(?:rmation)? (?:on|about|for)|expand|what(?:'s| is) included (?:in|with)|what do we get (?:with|from)|what(?:'s| is| are)|explain)(?: the| our)? (?<b>.+?)(?: row| details| benefit| offer)?$/i,
  /^why (?:is|are) (?:the |our )?(?<b>.+?) (?:unavailable|not available|locked|greyed out|disabled)$/i,
  /^(?:is|are) (?:the |our )?(?!.*'s )(?<b>.+?) (?:active|activated|enabled|set up|running)(?: yet| already| now)?$/i,
  /^(?<b>.+?)(?:は|って)(?:もう)?(?:有効|アクティブ)(?:に)?(?:なって(?:る|いる|います)|ですか|化されて(?:る|いる|います))/,
  /^(?<b>.+?)(?:の(?:詳細|情報|中身|内容)|について|って(?:何|なに|どんな|どういう)|(?:が|は)(?:使えない|利用できない)(?:のは)?(?:なぜ|どうして))/,
];

function showBenefit(text: string): Intent | undefined {
  if (isMine(text.toLowerCase())) return undefined;
  for (const pattern of SHOW_BENEFIT) {
    const words = pattern.exec(text)?.groups?.b;
    if (!words || /\b(?:keys?|status|time|point)$|キー$/i.test(words)) continue;
    const benefit = benefitWords(
      words
        .replace(/(?<=azure) ?クレジット$/i, '')
        .replace(/^(presales|pre-sales) services$/i, '$1'),
    );
    if (
      benefit &&
      (looksLikeBenefit(benefit) ||
        /^(?:isv|プリセールス|パートナー相談|相談時間|シルバー|ゴールド|e5|m365)/i.test(benefit) ||
        CATEGORY_WORDS.some((c) => c.en.test(benefit.toLowerCase())))
    )
      return { name: 'showBenefit', benefit };
  }
  return undefined;
}

/** Words that browse, and words of benefits' names: a message of only these (and a category's words) asks for the category's list. */
const BROWSE_WORDS =
  /^(?:show|list|see|view|browse|open|display|me|the|our|all|my|us|what|which|about|of|do|we|have|get|subscriptions?|benefits?|seats?|keys?|licen[cs]es?|credits?|hours?|offers?|and|pro|professional|enterprise|datacenter|server|ltsc|plus|sales|studio|visual|e5|365|11|2024|2025|core|silver|gold|monthly|partner|services?|deployment|product|incidents?|co-?sell|isv|ready|stuff|things|page|category|tab|section|are|there|is|available|got|we've|見せて|見せ|一覧|表示|を|の|は|で|特典|教えて|見たい|確認|について|ちょうだい|開いて|して|カテゴリ|カテゴリー|サブスクリプション|サービス|全部|系)$/i;

/** Whether a message that names a category is only asking to see it ("show VS", "ソフトウェアを見せて"). */
function isBrowse(text: string, category: (typeof CATEGORY_WORDS)[number]): string | undefined {
  const spaced = text
    .replace(category.en, ' ')
    .replace(new RegExp(category.ja.join('|') || '(?!)', 'g'), ' ')
    .replace(
      /(見せて|一覧|表示|特典|教えて|見たい|確認|について|ちょうだい|開いて|して|カテゴリー?|サブスクリプション|サービス|全部|を|の|は|で)/g,
      ' $1 ',
    );
  const rest = spaced
    .split(/\s+/)
    .filter(
      (w) =>
        w && !BROWSE_WORDS.test(w) && !CATEGORY_WORDS.some((c) => c.en.test(w) || has(w, c.ja)),
    );
  return rest.length === 0 ? undefined : rest.join(' ');
}

/** Longer than any request people type; past it, the patterns are not tried (their cost grows with the length). */
export const MAX_RECOGNISED_LENGTH = 1_000;

/** Turns a message into an intent, in English or Japanese; Teams @mentions in it (by the name Teams shows) name people by id. */
let lastRead: { raw: string; mentions: string; intent: Intent } | undefined;

/**
 * What a message asks, by the sentence patterns. A turn reads its message more than once (before
 * and after it knows the sender's organisation): the last reading is kept, not repeated.
 */
export function recognize(raw: string, mentioned: readonly PersonMention[] = []): Intent {
  const mentions = mentioned.map((m) => `${m.text}\u0000${m.userId ?? ''}`).join('\u0001');
  if (lastRead?.raw === raw && lastRead.mentions === mentions) return lastRead.intent;
  const intent = readSentence(raw, mentioned);
  lastRead = { raw, mentions, intent };
  return intent;
}

function readSentence(raw: string, mentioned: readonly PersonMention[]): Intent {
  if (raw.length > MAX_RECOGNISED_LENGTH) return { name: 'none', text: raw.slice(0, 200) };
  const mentions = new Map(
    mentioned.filter((m) => m.userId).map((m) => [fold(m.text), m.userId as string]),
  );
  raw = raw.replace(/<at>([^<]*)<\/at>/g, '$1');
  // A marketing contact's details typed with the request (R7.2) are taken out of the words and given to it.
  const contact = contactDetails(raw);
  if (contact.text !== raw) {
    const inner = recognize(contact.text, mentioned);
    if (inner.name === 'setMarketingContact') {
      const { email, phone, language } = contact;
      return {
        ...inner,
        ...(email ? { email } : {}),
        ...(phone ? { phone } : {}),
        ...(language ? { language } : {}),
      };
    }
  }
  // An alternative email typed with an assignment (R6.2) is taken out of the words and given to it.
  const alternative = alternativeEmail(raw);
  if (alternative.email) {
    const inner = recognize(alternative.text, mentioned);
    if (inner.name === 'assign') return { ...inner, alternativeEmail: alternative.email };
  }
  const folded = fold(raw);
  const text = withoutTypos(normalize(raw).replace(/^(?:hi|hello|hey|ok|okay|so) /, ''));
  if (isCancelMembership(text)) return { name: 'cancelMembership' };
  if (isCancel(text) || isCancel(folded)) return { name: 'cancel' };
  // "can you give Nestor a VS Pro seat? he starts on monday": the change is the first sentence.
  const firstSentence = /^(?<first>[^?？!！。]+?(?:[?？!！。]|\.(?= )))\s*\S/.exec(raw)?.groups
    ?.first;
  if (firstSentence) {
    const first = recognize(firstSentence, mentioned);
    // (Unless the rest gives what it lacks: "新しいユーザーを追加して。佐藤 健、ken.sato@contoso.com".)
    if (isChangeIntent(first) && !(first.name === 'addUser' && !first.email && raw.includes('@'))) {
      // "Officeのキーを取得して。32ビット、日本語": the choices after it are the keys'.
      if (first.name === 'getKeys') {
        const { language, os } = keyChoices(raw);
        return { ...first, ...(language ? { language } : {}), ...(os ? { os } : {}) };
      }
      return first;
    }
  }
  const caseKept = withoutTypos(
    withoutFiller(foldKeepCase(raw)).replace(/^(?:hi|hello|hey|ok|okay|so) /i, ''),
  ).replace(
    /^(?:i'd like to|i would like to|i want to|i need to|let's|lets) (?=(?:assign|give|remove|unassign|reassign|move|transfer|revoke) )/i,
    '',
  );
  const notification = notificationCommand(text);
  if (notification?.name === 'peopleWhoLeft') return notification;
  if (isAuditLog(text)) return { name: 'auditLog' };
  const question = howMany(caseKept) ?? doesHave(caseKept, mentions) ?? showBenefit(caseKept);
  if (question) return question;
  const changeIntent =
    note(raw, mentions) ??
    getKeys(caseKept) ??
    partnerRole(caseKept, mentions) ??
    addUser(caseKept) ??
    change(caseKept, mentions);
  if (changeIntent) return changeIntent;
  if (notification) return notification;
  if (isExportAssignments(text)) return { name: 'exportAssignments' };
  if (isAuditLog(text)) return { name: 'auditLog' };
  const hours = requestHours(caseKept);
  if (hours) return hours;
  if (isMyRequests(text)) return { name: 'myRequests' };
  const ask = askBenefit(caseKept, mentions);
  if (ask) return ask;
  const lang = language(text);
  if (lang) return { name: 'setLanguage', language: lang };
  if (/^[?？]+$/.test(raw.trim()) || isHelp(folded) || isHelp(text)) return { name: 'help' };
  if (
    isMine(text) &&
    (isBenefits(text) ||
      CATEGORY_WORDS.some((c) => c.en.test(text) || has(text, c.ja)) ||
      /\b(have|hold|assigned|stuff|licen[cs]es?|subscriptions?|seats?)\b/.test(text) ||
      has(text, ['ライセンス', '割り当て', '持って', '使える']))
  ) {
    return { name: 'myBenefits' };
  }
  const category = CATEGORY_WORDS.find((c) => c.en.test(text) || has(text, c.ja));
  if (category) {
    const rest = isBrowse(text, category);
    if (rest === undefined) return { name: 'showCategory', category: category.category };
    // The benefit is what is left of the message without the words that are not about it.
    let benefit = caseKept;
    for (const word of rest.split(' ')) benefit = withoutWord(benefit, word);
    benefit = benefit.replace(/\s+/g, ' ').trim();
    return {
      name: 'unsure',
      benefit: benefitWords(benefit) ?? benefit,
      category: category.category,
      rest,
    };
  }
  if (isBenefits(text)) return { name: 'showBenefits' };
  if (isGreeting(folded)) return { name: 'greeting' };
  return { name: 'none', text: raw.trim() };
}
