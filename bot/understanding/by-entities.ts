import type { CategoryId } from '../../services/model';
import { CATEGORY_WORDS, type Intent, type PersonMention } from '../recognizer';
import type { Spot, Spotted } from './entities';

/**
 * Reading a message from its entities: once the benefits and people it names are found (entities.ts),
 * what is wanted is decided by the words left around them — verbs and question forms in English and
 * Japanese, and the roles the little words give each name (to/from/for, に/から/の). This reads what
 * the sentence patterns of recognizer.ts do not; it never guesses a change without a word that asks
 * for one, and a benefit named with no such word is an honest "did you mean…?" (`unsure`).
 */

/** What the reader knows of the person writing. */
export interface Sender {
  /** Their display name, for "me", "my", "私". */
  displayName?: string;
  /** Whether they may assign benefits (R1): an employee's "give me X" is asking for X. */
  mayAssign: boolean;
}

type Cue = { en?: RegExp; ja?: RegExp };
const cue = (c: Cue, rest: string): boolean =>
  (c.en?.test(rest) ?? false) || (c.ja?.test(rest) ?? false);

const REMOVE: Cue = {
  en: /\b(remove|unassign|un-assign|revoke|withdraw|pull|take (?:back|away)|take (?:⟦p⟧|him|her|them) off|off (?:of )?⟦b⟧|free up|release|reclaim|cancel (?:his|her|their)|deallocate|de-allocate|strip|drop|doesn'?t need|does not need|don'?t need|no longer needs?|not using .* any ?more|stopped using)\b/,
  ja: /(外|はず|削除|作除|解除|回収|剥が|はが|取り消|取消|返却|返して|いらな|要らな|不要|使わな|止め|やめ|停止)/,
};
const MOVE: Cue = {
  en: /\b(reassign|re-assign|move|transfer|hand (?:over|it)|pass (?:it |.*? )?on|swap|switch|give .* instead|take over|should go to|goes to|over to|instead of)\b/,
  ja: /(再割り当て|再割当|再アサイン|割り当て直|付け替え|移|引き継|回して|回せ|譲|切り替え|切替)/,
};
const ASSIGN: Cue = {
  en: /\b(assign|allocate|provision|give|grant|add|set (?:⟦p⟧|him|her|them|me) up|set up|hook|get|gets|getting|need|needs|needed|have|could|can|should|let'?s|onboard|enrol|enroll|sign .* up|put .* on|on the)\b|→|->|=>/,
  ja: /(割り当て|割当|わりあて|割りあて|アサイン|アサイソ|付与|渡|あげ|追加|付け|つけ|用意|お願い|おねがい|必要|使う|使える|使わせ|登録)/,
};
const WHO: Cue = {
  en: /\b(who|who's|whos|whom|anyone|anybody|somebody|someone|which (?:of )?(?:our )?(?:people|users|employees|colleagues|person)|holders?|list (?:of )?(?:the )?(?:people|users))\b/,
  ja: /(誰|だれ|どなた|どの人|人一覧|人を|人は|人おしえ|人教え|人の一覧|担当者|利用者|保有者|使ってる人|持ってる人|持っている人)/,
};
const HOW_MANY: Cue = {
  en: /\b(how many|how much|left|remaining|remain|available|availble|free|spare|out of|used up|run out|any .*(?:seats?|keys?|licen[cs]es?) (?:still )?(?:left|free|available|availble|open)|balance|capacity|count)\b/,
  ja: /(いくつ|何個|何本|何席|何枚|何時間|何件|残|空き|開き|あいて|空いて|埋ま|余|数を|数は|件数|キー数|席数|上限|どれくらい|どのくらい)/,
};
const DETAILS: Cue = {
  en: /\b(what(?:'s| is| are)|whats|what does .* include|include|includes|info|information|details?|explain|about|tell me|describe|status|state)\b/,
  ja: /(詳し|詳細|って何|ってなに|とは|なんですか|何ですか|内容|含まれ|について|説明|状況|状態|ステータス|教えて)/,
};
const KEYS: Cue = {
  en: /\b(product )?keys?\b/,
  ja: /(キー|プロダクトキー)/,
};
const HAVE: Cue = {
  en: /\b(have|has|had|got|hold|holds|holding|using|use|uses|set up (?:for|with)|assigned|on)\b/,
  ja: /(持って|もって|使って|つかって|ある|あります|ついて|付いて|割り当たって|割り当てられて|入って)/,
};
const ACTIVE_NOW: Cue = {
  en: /\b(is|are|now|went|shows?|showing|became) (?:now )?(?:active|live|activated|enabled)\b|\b(active|live) now\b/,
  ja: /(アクティブに(?:なっ|変わ)|有効に(?:なっ|変わ)|有効化され|開通|使えるようになった)/,
};
const ACTIVATE: Cue = {
  en: /\b(activate|activation|enable|turn on|switch on|start)\b/,
  ja: /(アクティブ化|アクテイブ化|アクティベート|有効化|有効にして|開始)/,
};
const ASK_FOR_SELF: Cue = {
  en: /\b(can i|could i|may i|i need|i'd need|i would need|i want|i'd like|i would like|give me|for me|get me|requesting|request|access to|possible for me|be added|sign me up|i should ask)\b/,
  ja: /(ほしい|欲しい|ください|下さい|いただきたい|頂きたい|もらえ|貰え|いただけ|使いたい|必要です|申請|私も|私にも|自分にも|僕にも|俺にも)/,
};
const SELF: Cue = {
  en: /\b(i|me|my|mine|myself|i'm|im|i've|ive)\b/,
  ja: /(私|わたし|自分|僕|ぼく|俺|おれ|うち)/,
};
const QUESTION: Cue = {
  en: /\?|^(is|are|does|do|did|has|have|can|could|who|what|which|how|any|anyone)\b/,
  ja: /[?？]|(か|っけ|の|る|ない)$/,
};

/** Which category a message names, when it names no benefit ("technical benefits"). */
function categoryOf(rest: string): CategoryId | undefined {
  return CATEGORY_WORDS.find((c) => c.en.test(rest) || c.ja.some((j) => rest.includes(j)))
    ?.category;
}

const mention = (spot: Spot<unknown>): PersonMention => ({ text: spot.words });

/** The one benefit the message names, or undefined when it names none or several different ones. */
function oneBenefit(spotted: Spotted): Spot<unknown> | undefined {
  const [first, ...others] = spotted.benefits;
  return first && others.every((o) => o.words.toLowerCase() === first.words.toLowerCase())
    ? first
    : undefined;
}

/** From whom and to whom, when two people are named: "from X", "Xさんから", "X's", "Xの" give; "to Y", "Yに" receive. */
function fromAndTo(spotted: Spotted): { from: Spot<unknown>; to: Spot<unknown> } | undefined {
  const [a, b] = spotted.people;
  if (!a || !b || spotted.people.length !== 2) return undefined;
  const after = (s: Spot<unknown>) =>
    spotted.text
      .slice(s.end, s.end + 8)
      .toLowerCase()
      .replace(/^(さん|様|さま|くん|君|ちゃん)/, '');
  const before = (s: Spot<unknown>) =>
    spotted.text
      .slice(Math.max(0, s.start - 8), s.start)
      .toLowerCase()
      .trimEnd();
  const receives = (s: Spot<unknown>) => /^(に|へ)/.test(after(s)) || /\b(to|for)$/.test(before(s));
  const gives = (s: Spot<unknown>) =>
    /^('s|’s|の|から)/.test(after(s)) || /\bfrom$/.test(before(s));
  if (receives(a) || gives(b)) return { from: b, to: a };
  return { from: a, to: b };
}

/** Reads a message from its entities, or undefined when it has no entity to read from. */
export function readByEntities(spotted: Spotted, sender: Sender): Intent | undefined {
  const rest = spotted.rest;
  const benefit = oneBenefit(spotted);
  const several = spotted.benefits.length > 0 && !benefit;
  const person = spotted.people.length === 1 ? spotted.people[0] : undefined;
  const self = cue(SELF, rest);
  const question = cue(QUESTION, rest.trim());
  const b = benefit?.words;
  if (several) return undefined;

  if (b && cue(KEYS, rest) && !cue(HOW_MANY, rest) && !person)
    return { name: 'getKeys', benefit: b };
  if (b && !person && cue(WHO, rest) && !cue(HOW_MANY, rest)) return { name: 'whoHas', benefit: b };
  if (b && !person && cue(HOW_MANY, rest)) return { name: 'howMany', benefit: b };
  if (b && cue(ACTIVE_NOW, rest))
    return { name: 'confirmActive', benefit: b, ...(person ? { person: mention(person) } : {}) };

  if (b && spotted.people.length === 2 && (cue(MOVE, rest) || cue(ASSIGN, rest))) {
    const roles = fromAndTo(spotted);
    if (roles)
      return { name: 'reassign', benefit: b, from: mention(roles.from), to: mention(roles.to) };
  }
  if (b && cue(MOVE, rest) && person && !cue(REMOVE, rest)) {
    // "pass her VS Pro on to Diego": the one named receives it; whose it was is asked.
    return { name: 'reassign', benefit: b, to: mention(person) };
  }
  if (b && cue(REMOVE, rest) && (person || self) && !question)
    return {
      name: 'remove',
      benefit: b,
      person: person ? mention(person) : { text: sender.displayName ?? 'me' },
    };

  if (person && (question || cue(HAVE, rest)) && cue(HAVE, rest) && !cue(ASSIGN_ONLY, rest))
    return { name: 'doesHave', person: mention(person), ...(b ? { benefit: b } : {}) };

  if (b && !person && cue(ACTIVATE, rest)) return { name: 'activate', benefit: b };

  if (b && !person && (cue(ASK_FOR_SELF, rest) || (self && cue(ASSIGN, rest)))) {
    return sender.mayAssign
      ? { name: 'assign', benefit: b, person: { text: sender.displayName ?? 'me' } }
      : { name: 'askBenefit', benefit: b };
  }
  if (b && person && cue(ASSIGN, rest) && !question)
    return { name: 'assign', benefit: b, person: mention(person) };
  if (
    b &&
    person &&
    cue(ASSIGN, rest) &&
    question &&
    /\b(can|could|may)\b|もらえ|できる/.test(rest)
  )
    return { name: 'assign', benefit: b, person: mention(person) };

  if (b && cue(DETAILS, rest) && !person) return { name: 'showBenefit', benefit: b };

  if (!b && !person) {
    const category = categoryOf(rest);
    if (category && cue(HOW_MANY, rest)) return { name: 'howMany', category };
  }
  return undefined;
}

/** Words that ask for a change, never about what someone has. */
const ASSIGN_ONLY: Cue = {
  en: /\b(assign|allocate|give|grant|provision)\b/,
  ja: /(割り当てて|付与|アサインして|渡して)/,
};
