import {
  CATEGORY_WORDS,
  hoursIn,
  isChangeIntent,
  MAX_RECOGNISED_LENGTH,
  recognize,
  type Intent,
  type PersonMention,
} from '../recognizer';
import type { CategoryId } from '../../services/model';
import { readByEntities, type Sender } from './by-entities';
import { spot, type Gazetteer, type Spot, type Spotted } from './entities';
import { fromRomaji } from './romaji';
import {
  benefitsNamed,
  findBenefit,
  findPerson,
  peopleNamed,
  withoutHonorific,
} from '../../services/finder.service';

/** A message to read, with what the reader may know around it. */
export interface Message {
  text: string;
  /** Teams @mentions in it. */
  mentions?: readonly PersonMention[];
  /** The sender's organisation: its benefits and people (never another's). */
  organisation: Gazetteer;
  sender: Sender;
}

/**
 * One reading of a message: what is wanted and its slots (the intent), and how sure the reader is —
 * 1 for a sentence it knows, less for a reading from the entities and the words around them, 0 when
 * it did not understand. A reading below 1 never makes a change without the person's Confirm.
 */
export interface Reading {
  intent: Intent;
  confidence: number;
}

/**
 * Reads messages. The deterministic reader below is the product's; another (for example a language
 * model an organisation already pays for) can stand behind the same port and be judged by the same
 * corpus (test/nlu/, npm run nlu:report).
 */
export interface Interpreter {
  read(message: Message): Reading;
}

const SELF = /^(?:me|myself|i|私|わたし|自分|僕|ぼく|俺)$/i;

/**
 * A change the sender asks for themselves that they may not make is a request for it (R1: only a
 * Global admin assigns): an employee's "assign me VS Pro" asks for VS Pro.
 */
function asSender(intent: Intent, sender: Sender, text: string): Intent {
  if (
    intent.name === 'assign' &&
    !sender.isAdmin &&
    intent.person &&
    (SELF.test(intent.person.text.trim()) || intent.person.text === sender.displayName)
  )
    return { name: 'askBenefit', ...(intent.benefit ? { benefit: intent.benefit } : {}) };
  // An admin who asks for a benefit for themselves is assigning it (only a Global admin may, R1).
  if (intent.name === 'askBenefit' && sender.isAdmin && sender.displayName)
    return {
      name: 'assign',
      ...(intent.benefit ? { benefit: intent.benefit } : {}),
      person: { text: sender.displayName },
    };
  // Keys go to Global admins only (R3): an employee's "can I have an Office key?" asks for Office;
  // "where's the Office key?", or one for an OS or in a language, asks for the key itself (and is
  // told who can reveal it).
  if (
    intent.name === 'getKeys' &&
    !sender.isAdmin &&
    intent.benefit &&
    !intent.os &&
    !intent.language &&
    !/\b(?:where|what)(?:'s| is| are)\b|教えて/i.test(text) &&
    /\b(?:can|could|may) i (?:have|get)\b|\bpossible (?:for me )?to (?:have|get)\b|\bgive me\b|\bi need\b|もらえ|もらう|いただけ|頂け|ください|下さい|ほしい|欲しい|必要/i.test(
      text,
    )
  )
    return { name: 'askBenefit', benefit: intent.benefit };
  return intent;
}

const PRONOUN = /^(?:her|him|them|it|this|that|they|she|he|彼|彼女|その人|あの人)$/i;
const ANYONE = /^(?:anyone|anybody|someone|somebody|everyone|誰か|だれか)$/i;
const SELF_WORDS = /(?:^|\s)(?:me|myself|i)(?:\s|$)|今?自分|私|わたし|俺|僕/i;
/** Words before a name that are no part of it: "the new guy Nestor", 「新人の高橋さん」. */
const BEFORE_NAME =
  /^(?:(?:the |our )?new (?:guy|girl|hire|starter|joiner|user|employee|intern|colleague) |user:\s*|(?:make|set|let|have) |新人の|新入社員の|新しく入った|新しく入社した)/i;

/** Wanting one of something, not its count. */
const WANTS_ONE =
  /\b(?:would love|i'd love|id love|i'd like|i want|can i (?:have|get)|could i (?:have|get))\b|私にも|自分にも|僕にも|俺にも|欲しい|ほしい|使わせて/i;
const OVERVIEW =
  /^(?:an? |the )?(?:overview|summary|rundown|list)\b|\ball (?:of )?(?:our|the) (?:partner )?benefits\b|概要|一覧|全部/i;
/** Categories named by their whole name, as Partner Center calls them. */
const CATEGORY_NAMES: [CategoryId, RegExp][] = [
  ['visualStudio', /^\s*(?:the )?visual ?studio ?(?:subscriptions|サブスクリプション)\s*$/i],
  ['software', /^\s*(?:the )?software (?:keys|benefits)\s*$|^ソフトウェア(?:特典)?$/i],
  ['cloud', /^\s*(?:the )?cloud (?:services|benefits)\s*$|^クラウド ?サービス$/i],
];
const COMPANY_HAS =
  /\b(?:does|do) (?:our company|the company|we|our org\w*|contoso|\w+ partners)\b.*\b(?:have|get|offer)\b|会社(?:に|で|として|の)(?:は)?.{0,10}(?:ある|あります|使える)/i;
const COUNT_ASKED = /\bhow (?:many|much)\b|いくつ|何個|何本|何席|何時間|何件/i;
const DETAILS_OF =
  /^(?:the )?(?:details|info|information|specs|description) (?:of|on|about|for) (?:the )?(.+)$/i;
const EXPORT_FILE =
  /\b(?:excel|csv|spreadsheet|xlsx|export)\b|エクセル|エクスポート|スプレッドシート/i;
/** Requests of other kinds than benefits' and hours'. */
const OTHER_REQUESTS =
  /\b(?:vacation|holiday|leave|pto|expenses?|purchase|travel|time off|overtime)\b|休暇|有給|休み|経費|出張|購買|残業/i;

const HOW_MANY_LEFT =
  /\b(?:how many|how much|left|remaining|remain)\b|残|あと何|何時間|いくつ|どれくらい|どのくらい/i;
const REQUEST_STATUS =
  /\b(?:status|happening with|progress|what happened to)\b.*\brequests?\b|(?:申請|リクエスト|依頼).{0,8}(?:どうなっ|どうなり|状況|進捗)|(?:私|自分)が(?:出した|した|送った)|(?:出した|送った)(?:.{0,10})(?:申請|リクエスト|依頼)/i;
/** A category named as such: "the technical benefits", 「テクニカル系の特典」, "Technical benefitsのカテゴリ". */
const CATEGORY_PHRASE =
  /\b(?:technical|software|cloud|go[- ]to[- ]market|visual studio) (?:benefits?|category|section)\b|(?:技術|テクニカル|ソフトウェア|クラウド|市場投入)系?の?(?:特典|カテゴリ)|カテゴリ/i;
function categoryNamed(words: string): CategoryId | undefined {
  return CATEGORY_WORDS.find(
    (c) => c.en.test(words.toLowerCase()) || c.ja.some((j) => words.includes(j)),
  )?.category;
}

/** Words read from the message's folded form (NFKC), as the person typed them: 「（3月まで）」 stays full-width. */
function asTyped(words: string, text: string): string {
  if (text.includes(words)) return words;
  for (let start = text.length - 1; start >= 0; start--)
    if (text.slice(start).normalize('NFKC').trim() === words.trim())
      return text.slice(start).trim();
  return words;
}

/** Words after a name that are no part of it: "Bob Smith ever", "Nestor instead". */
const AFTER_NAME = /(?:\s+(?:ever|already|still|yet|instead|too|also|now|please|again|as well))+$/i;

/** Small readings the sentence patterns leave rough: a pronoun is nobody, "anybody" asks who, words before a name go. */
function tidy(intent: Intent, text: string, sender: Sender): Intent {
  const person = 'person' in intent ? intent.person : undefined;
  if (
    person &&
    PRONOUN.test(person.text.trim()) &&
    (intent.name === 'assign' || intent.name === 'remove')
  )
    return { name: 'none', text };
  if (intent.name === 'doesHave') {
    if (ANYONE.test(intent.person.text.trim()) && intent.benefit)
      return { name: 'whoHas', benefit: intent.benefit };
    if (SELF_WORDS.test(intent.person.text) && !intent.benefit) return { name: 'myBenefits' };
  }
  // "could Johanna have one of the E5 licences?" asks that she gets one.
  if (
    intent.name === 'doesHave' &&
    intent.benefit &&
    /^(?:hey |hi |so )?,? ?(?:could|can|may) \S+(?: \S+)? (?:have|get|be given)\b/i.test(
      text.replace(/[,、]/g, ''),
    )
  )
    return { name: 'assign', benefit: intent.benefit, person: intent.person };
  // "MSDNが余っていたら私にも欲しい": asking for one if there is one free.
  if (
    intent.name === 'howMany' &&
    intent.benefit &&
    WANTS_ONE.test(text) &&
    !COUNT_ASKED.test(text)
  )
    return { name: 'askBenefit', benefit: intent.benefit };
  // "give me an overview of all our partner benefits": the overview, not a benefit called that.
  if (
    (intent.name === 'assign' || intent.name === 'askBenefit') &&
    intent.benefit &&
    OVERVIEW.test(intent.benefit)
  )
    return { name: 'showBenefits' };
  // "could you give me the details of the VS Enterprise subscription?": its details.
  const details =
    (intent.name === 'assign' || intent.name === 'askBenefit') && intent.benefit
      ? DETAILS_OF.exec(intent.benefit)?.[1]
      : undefined;
  if (details) return { name: 'showBenefit', benefit: details };
  // "send me an excel of who has what … for the audit": the export.
  if (intent.name === 'auditLog' && EXPORT_FILE.test(text)) return { name: 'exportAssignments' };
  // "what's the product key for Microsoft 365 E5?": the key itself.
  if (
    intent.name === 'showBenefit' &&
    /\b(?:product )?keys?\b|プロダクトキー|キーを?教えて/i.test(text)
  )
    return { name: 'getKeys', benefit: intent.benefit };
  // "what benefits does our company actually have?": the organisation's, not the sender's.
  if (intent.name === 'myBenefits' && COMPANY_HAS.test(text)) return { name: 'showBenefits' };
  // "audit prep — who has been assigned the M365 E5 licences?": who holds it, asked around the word "audit".
  if (intent.name === 'auditLog' && /\bwho (?:has|holds|is using|are using|got)\b/i.test(text))
    return { name: 'none', text };
  // 「シルバー コアの状態が［アクティブ］になりました」: reported active, not asked about.
  if (
    intent.name === 'showBenefit' &&
    /[[「『【]?(?:アクティブ|有効|active)[\]」』】]?\s?に(?:なっ|なり|変わ)|\b(?:is|are) now (?:active|live)\b/i.test(
      text,
    )
  )
    return { name: 'confirmActive', benefit: intent.benefit };
  // "how many Visual Studio subscriptions are free?": the category, named by its name.
  if (intent.name === 'howMany' && intent.benefit) {
    const category = CATEGORY_NAMES.find(([, name]) => name.test(intent.benefit ?? ''))?.[0];
    if (category) return { name: 'howMany', category };
  }
  // "approve my vacation request": a request this bot knows nothing of.
  if (intent.name === 'myRequests' && OTHER_REQUESTS.test(text)) return { name: 'none', text };
  if (intent.name === 'requestHours' && intent.hours === undefined) {
    const hours = hoursIn(text);
    if (hours) return { ...intent, hours };
  }
  if (intent.name === 'assign' && !intent.person && /\b(?:myself|me)\b/i.test(text))
    return { ...intent, person: { text: sender.displayName ?? 'me' } };
  if (intent.name === 'addUser' && intent.displayName) {
    // "New starter on Monday: Priya Nair": the name, not the words before it.
    const name = intent.displayName.includes(':')
      ? (intent.displayName.split(':').pop() ?? intent.displayName)
      : intent.displayName;
    const cleaned = withoutHonorific(
      name.replace(BEFORE_NAME, '').replace(/^.*(?:入社する|入社した|入った|入る)/, ''),
    );
    return { ...intent, displayName: cleaned || intent.displayName };
  }
  if (intent.name === 'setNote')
    return {
      ...intent,
      note: asTyped(intent.note, text).replace(/^\s*(?:['"‘“「『])(.*)(?:['"’”」』])\s*$/s, '$1'),
    };
  if (intent.name === 'assign' && !intent.alternativeEmail) {
    const alternative =
      /\b(?:alternative|alternate|alt|other|personal|private|secondary|backup) (?:e-?mail|address|mail)\b|(?:代替|別の?|サブの|個人の|予備の)(?:メール|アドレス)/i.test(
        text,
      )
        ? /[\w.+-]+@[\w-]+(?:\.[\w-]+)+/.exec(text)?.[0]
        : undefined;
    if (alternative) return { ...intent, alternativeEmail: alternative };
  }
  // 「失敗した通知を再送して」: sent again, not only listed.
  if (
    intent.name === 'failedNotifications' &&
    /\b(?:resend|re-send|retry|again)\b|再送|最送|もう一[度回]送|送り直/i.test(text)
  )
    return { name: 'retryNotifications' };
  // "what's happening with my advisory hours request?" asks about requests made.
  if (intent.name === 'requestHours' && REQUEST_STATUS.test(text)) return { name: 'myRequests' };
  // "アドバイザリー時間はあと何時間？" asks how many are left.
  if (intent.name === 'requestHours' && HOW_MANY_LEFT.test(text))
    return { name: 'howMany', ...(intent.benefit ? { benefit: intent.benefit } : {}) };
  const category = CATEGORY_PHRASE.exec(text);
  if (
    category &&
    (intent.name === 'howMany' || intent.name === 'showBenefit' || intent.name === 'none')
  ) {
    const id = categoryNamed(category[0]);
    if (id)
      return intent.name === 'howMany' || /how much|how many|残|いくつ/i.test(text)
        ? { name: 'howMany', category: id }
        : { name: 'showCategory', category: id };
  }
  if (person && AFTER_NAME.test(person.text))
    return {
      ...intent,
      person: { ...person, text: person.text.replace(AFTER_NAME, '').trim() },
    } as Intent;
  if (person && BEFORE_NAME.test(person.text))
    return {
      ...intent,
      person: { ...person, text: person.text.replace(BEFORE_NAME, '').trim() },
    } as Intent;
  return intent;
}

/** Readings the entities may read better: nothing understood, a list that names no benefit, or words that name nothing the organisation has. */
function mayReadBetter(intent: Intent, organisation: Gazetteer, spotted: () => Spotted): boolean {
  switch (intent.name) {
    case 'none':
    case 'unsure':
    case 'showCategory':
    case 'showBenefits':
    case 'myBenefits':
    case 'askBenefit': // "I need VS Pro for Nestor": for oneself, unless someone else is named.
      return true;
    case 'help': // 「…とは何ですか？どうやって使うんですか？」: how a benefit is used.
      return spotted().benefits.length > 0;
    case 'setLanguage': // "win11 ent キー 英語 x64": a language that is a detail of something else.
      return (
        spotted().benefits.length > 0 ||
        spotted().people.length > 0 ||
        /marketing|マーケ/i.test(spotted().text)
      );
    default:
      break;
  }
  const benefit = 'benefit' in intent ? intent.benefit : undefined;
  if (typeof benefit === 'string' && namesNoBenefit(organisation, benefit)) return true;
  // 「Azure 移行について、プリセールス支援を6時間」: another benefit named outside the one read.
  if (
    typeof benefit === 'string' &&
    (intent.name === 'showBenefit' || intent.name === 'howMany') &&
    spotted().benefits.some((s) => !benefit.toLowerCase().includes(s.words.toLowerCase()))
  )
    return true;
  // "XさんのVS" read as the benefit: someone's name inside it (whose it is, for a move).
  if (
    typeof benefit === 'string' &&
    spot(benefit, organisation).people.some((p) => p.items.length > 0)
  )
    return true;
  // A question or keys read where the message asks for a change, or keys for someone named.
  if (
    (intent.name === 'doesHave' || intent.name === 'getKeys' || intent.name === 'showBenefit') &&
    (CHANGE_VERB.test(spotted().text) ||
      (intent.name === 'getKeys' && spotted().people.some((p) => p.items.length > 0)))
  )
    return true;
  // "give my VS Enterprise seat to Patti": one's own, moved.
  if (intent.name === 'assign' && /\bmy\b|(?:私|自分|僕|俺)の/i.test(spotted().text)) return true;
  // "asign Patti VS Professional": a change that lost the one person the message names.
  if (
    (intent.name === 'assign' || intent.name === 'remove') &&
    !intent.person &&
    spotted().people.filter((p) => p.items.length > 0).length === 1
  )
    return true;
  const people = [
    'person' in intent ? intent.person : undefined,
    'from' in intent ? intent.from : undefined,
    'to' in intent ? intent.to : undefined,
  ];
  return people.some(
    (p) =>
      p !== undefined &&
      !p.userId &&
      !SELF.test(p.text.trim()) &&
      namesNobody(organisation, p.text),
  );
}

/** Whether the words name no benefit of the organisation as the services will look them up. */
function namesNoBenefit(organisation: Gazetteer, words: string): boolean {
  return (
    benefitsNamed(organisation.benefits, words).length === 0 &&
    findBenefit(organisation.benefits, words).kind === 'none'
  );
}

/** Whether the words name nobody in the organisation as the services will look them up ("?Isaiah over"). */
function namesNobody(organisation: Gazetteer, words: string): boolean {
  return (
    peopleNamed(organisation.users, words).length === 0 &&
    findPerson(organisation.users, words).kind === 'none'
  );
}

/** A benefit named more narrowly elsewhere in the message ("VS" read, "VS Pro" written). */
function narrower(intent: Intent, spotted: () => Spotted, organisation: Gazetteer): Intent {
  const benefit = 'benefit' in intent ? intent.benefit : undefined;
  if (typeof benefit !== 'string') return intent;
  const named = benefitsNamed(organisation.benefits, benefit);
  if (named.length < 2) return intent;
  const found = spotted().benefits.filter(
    (s) => s.items.length < named.length && s.items.every((b) => named.includes(b)),
  );
  const [best] = found.sort((a, b) => a.items.length - b.items.length);
  return best ? ({ ...intent, benefit: best.words } as Intent) : intent;
}

const isMention = (value: unknown): value is PersonMention =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { text?: unknown }).text === 'string';

/** Intents with a benefit slot. */
const TAKES_BENEFIT: ReadonlySet<Intent['name']> = new Set([
  'assign',
  'remove',
  'reassign',
  'getKeys',
  'activate',
  'confirmActive',
  'setNote',
  'requestHours',
  'askBenefit',
  'whoHas',
  'doesHave',
  'howMany',
  'showBenefit',
]);

/** The one name found inside words that name nothing: what a slot meant before it swallowed the words around it. */
function nameInside(words: string, spots: readonly Spot<unknown>[]): string | undefined {
  const folded = words.normalize('NFKC').toLowerCase();
  const inside = spots.filter((s) => folded.includes(s.words.toLowerCase()));
  // "VS Enterprise? need it for azure devops": the name the slot starts with.
  const leading = inside.find((s) => folded.startsWith(s.words.toLowerCase()));
  return leading?.words ?? (inside.length === 1 ? inside[0]?.words : undefined);
}

/**
 * A sentence pattern's slot that swallowed the words around a name ("VS Enterprise need it for azure
 * devops", 「本日入社の佐藤美咲」): the benefit or person found inside it, when there is exactly one.
 */
function repaired(intent: Intent, organisation: Gazetteer, spotted: () => Spotted): Intent {
  // Only a whole repair: every slot then names something, and no benefit named is left out.
  const whole = (result: Intent): boolean => {
    const benefit = 'benefit' in result ? result.benefit : undefined;
    if (typeof benefit === 'string' && namesNoBenefit(organisation, benefit)) return false;
    if (spotted().benefits.length > 0 && benefit === undefined && TAKES_BENEFIT.has(result.name))
      return false;
    return (['person', 'from', 'to'] as const).every((slot) => {
      const mention: unknown =
        slot in result ? (result as Partial<Record<string, unknown>>)[slot] : undefined;
      return (
        !isMention(mention) ||
        mention.userId !== undefined ||
        SELF.test(mention.text.trim()) ||
        !namesNobody(organisation, mention.text) ||
        spotted().people.some((p) => p.items.length === 0 && p.words === mention.text)
      );
    });
  };
  let result = intent;
  const benefit = 'benefit' in intent ? intent.benefit : undefined;
  if (typeof benefit === 'string' && namesNoBenefit(organisation, benefit)) {
    const inside = nameInside(benefit, spotted().benefits);
    if (inside) result = { ...result, benefit: inside } as Intent;
  }
  for (const slot of ['person', 'from', 'to'] as const) {
    const mention: unknown =
      slot in result ? (result as Partial<Record<string, unknown>>)[slot] : undefined;
    if (!isMention(mention)) continue;
    if (
      mention.userId ||
      SELF.test(mention.text.trim()) ||
      !namesNobody(organisation, mention.text)
    )
      continue;
    const inside = nameInside(mention.text, spotted().people);
    if (inside && inside !== mention.text)
      result = { ...result, [slot]: { text: inside } } as Intent;
  }
  if (result.name === 'addUser' && result.displayName) {
    const inside = nameInside(
      result.displayName,
      spotted().people.filter((p) => p.items.length === 0),
    );
    if (inside) result = { ...result, displayName: inside };
  }
  return result !== intent && whole(result) ? result : intent;
}

/** Greetings and courtesies before a request: 「お疲れ様です。」「恐れ入りますが、」 */
const COURTESY =
  /^(?:\s*(?:(?:re|fw|fwd):\s*|(?:hi|hello|hey|hiya|morning|good (?:morning|afternoon|evening)|yo)(?: there| team| all| bot)?\b(?: ?[,!.:—–-]+|(?= \S))|(?:thanks|thank you|thx|ty|cheers)(?: (?:so|very) much)?(?: for [^.!?！？。]{1,80})?[.!?！？。]+|[^。！!？?]{0,40}(?:ありがとうございま(?:す|した)|ありがとう)[。！!]+|お疲れ様です|お疲れさまです|おつかれさまです|お世話になっております|お世話になります|恐れ入りますが?|恐縮ですが|すみません|すいません|失礼します|こんにちは|おはようございます)[。、,.!！\s]*)+/i;

const CHANGE_VERB =
  /\b(?:remove|unassign|reassign|assign|give|move|transfer|revoke|take over|taking over|replaces?)\b|外して|削除して|解除して|割り当てて|再割り当て|回して|移して|付与して/i;

/** What may follow a greeting and is no request: "hey there 👋", "good morning :)". */
const FILLER = /^(?:\s|there|team|all|bot|everyone|folks|guys|[\p{P}\p{S}])*$/iu;

/** A message that corrects itself or moves something by arrows: the entities read it better. */
const CORRECTED =
  /→|->|=>|\bno wait\b|\bi mean(?:t)?\b|\b(?:sorry|oops)\b.*\b(?:i mean|meant|not|actually)\b|じゃなくて|の方でした|のほうでした|(?:さん|様)でした|すみません、.+でした/i;

/** Whether two readings ask the same thing of the same benefit (the people, if any, read alike too). */
function agree(a: Intent, b: Intent, organisation: Gazetteer): boolean {
  if (a.name !== b.name) return false;
  const ids = (i: Intent) => {
    const words = 'benefit' in i ? i.benefit : undefined;
    return typeof words === 'string'
      ? benefitsNamed(organisation.benefits, words)
          .map((x) => x.id)
          .join(' ')
      : '';
  };
  const person = (i: Intent) => ('person' in i && i.person ? i.person.text.trim() : '');
  return ids(a) === ids(b) && person(a) === person(b);
}

/** Whether the entity reading is a better one than the sentence pattern's. */
function better(
  byEntities: Intent,
  recognized: Intent,
  organisation: Gazetteer,
  text: string,
): boolean {
  if (recognized.name === 'none' || recognized.name === 'unsure') return true;
  // A list or "my benefits" gives way only to a reading about one benefit or person.
  if (
    recognized.name === 'showCategory' ||
    recognized.name === 'showBenefits' ||
    recognized.name === 'myBenefits'
  )
    return recognized.name === 'showCategory'
      ? // "show me office ltsc 2024": one benefit of the category, not all of it.
        byEntities.name !== 'showBenefit' ||
          benefitsNamed(organisation.benefits, byEntities.benefit).length === 1
      : recognized.name === 'myBenefits'
        ? // "I don't need my VS Enterprise any more": giving up one's own is a change; 「VSのエンタープライズ、私にも1つください」 asks for one.
          !['assign', 'requestHours'].includes(byEntities.name) ||
          (byEntities.name === 'assign' && WANTS_ONE.test(text))
        : !['assign', 'remove', 'reassign', 'requestHours'].includes(byEntities.name);
  return true;
}

/** Sentence patterns first (recognizer.ts); what they leave unread or name wrongly, from its entities (by-entities.ts). */
export const deterministicInterpreter: Interpreter = {
  read({ text, mentions = [], organisation, sender }: Message): Reading {
    // A message longer than any request is not read further than the patterns' own limit.
    if (text.length > MAX_RECOGNISED_LENGTH)
      return { intent: recognize(text, mentions), confidence: 0 };
    const request = text.replace(COURTESY, '');
    if (!FILLER.test(request)) text = request;
    text = fromRomaji(text);
    // The entities are found once per message, and only when a reading needs them.
    let found: Spotted | undefined;
    const spotted = () => (found ??= spot(text, organisation));
    const recognized = narrower(
      tidy(recognize(text, mentions), text, sender),
      spotted,
      organisation,
    );
    if (mayReadBetter(recognized, organisation, spotted) || CORRECTED.test(text)) {
      const byEntities = readByEntities(spotted(), sender);
      if (byEntities && better(byEntities, recognized, organisation, text))
        return {
          intent: asSender(tidy(byEntities, text, sender), sender, text),
          // Both readings agreeing is as sure as a known sentence.
          confidence: agree(byEntities, recognized, organisation)
            ? 1
            : isChangeIntent(byEntities)
              ? 0.7
              : 0.8,
        };
    }
    // What the entities did not read better: a slot that swallowed the words around a name is the name.
    const intent = repaired(recognized, organisation, spotted);
    if (intent.name === 'none' || intent.name === 'unsure')
      return { intent, confidence: intent.name === 'unsure' ? 0.3 : 0 };
    return { intent: asSender(intent, sender, text), confidence: 1 };
  },
};
