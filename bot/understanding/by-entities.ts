import type { Benefit, CategoryId } from '../../services/model';
import { CATEGORY_WORDS, type Intent, type PersonMention } from '../recognizer';
import { NOT_A_NAME, type Spot, type Spotted } from './entities';
import { contactDetails, hoursIn, keyChoices } from '../recognizer';

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
  /** Whether they may assign benefits (R1). */
  mayAssign: boolean;
  /** Whether they hold any admin role: an employee's "give me X" is asking for X. */
  isAdmin: boolean;
}

type Cue = { en?: RegExp; ja?: RegExp };
const cue = (c: Cue, rest: string): boolean =>
  (c.en?.test(rest) ?? false) || (c.ja?.test(rest) ?? false);

const REMOVE: Cue = {
  en: /\b(remove[ds]?|removing|rm|del|delete[ds]?|unassign(?:ed)?|un-assign(?:ed)?|revoke[ds]?|withdraw(?:n)?|pull(?:ed)?|cancel(?:l?ed)?|take (?:back|away)|take (?:his|her|their|the|⟦p⟧ ?'s) (?:\S+ ){0,3}(?:back|away)|take (?:⟦p⟧|him|her|them) off|off (?:of )?⟦b⟧|⟦b⟧ (?:seat |licen[cs]e |subscription )?off (?:of )?⟦p⟧|free (?:\w+ )?up|release|reclaim|cancel (?:his|her|their)|deallocate|de-allocate|strip|drop|doesn'?t need|does not need|don'?t need|no longer needs?|not using .* any ?more|stopped using)\b/,
  ja: /(外|はず|削除|削徐|作除|解除|回収|剥が|はが|取り消|取消|返却|返して|いらな|要らな|不要|使わな|止め|やめ|停止)/,
};
const MOVE: Cue = {
  en: /\b(reassign|re-assign|move|transfer|hand (?:over|it)|pass (?:it |.*? )?on|swap|switch|give .* instead|change\b.*\bto(?= ⟦p⟧)|(?:take|taking|takes) over(?= ⟦p⟧| ⟦b⟧| for\b| from\b| his\b| her\b| their\b)|should go to|goes to|over to|instead of|replaces?|replacing|swap .* out)\b|⟦p⟧ ?(?:→|->|=>) ?⟦p⟧/,
  ja: /(再割り当て|再割当|再アサイン|割り当て直|付け替え|移(?!行)|引き継|代わり|かわり|回して|回せ|譲|切り替え|切替|⟦p⟧ ?(?:→|->) ?⟦p⟧)/,
};
const ASSIGN: Cue = {
  en: /\b(assign|asign|assing|allocate|provision|give|giv|gve|grant|add|make|set (?:⟦p⟧|him|her|them|me) up|set up|hook|get|gets|getting|need|needs|needed|could|can|should|let'?s|onboard|enrol|enroll|sign .* up|put .* on|on the)\b|→|->|=>/,
  ja: /(割り当て|割当|わりあて|割りあて|アサイン|アサイソ|assign|付与|渡|あげ|追加|付け|つけ|用意|お願い|おねがい|必要|必用|要る|いる|使う|使える|使わせ|登録|確保|押さえ|よろしく|頼む|頼みます|たのむ)/,
};
const WHO: Cue = {
  en: /\b(who|who's|whos|whose|whom|anyone|anybody|somebody|someone|which (?:of )?(?:our )?(?:people|users|employees|colleagues|person)|holders?|list (?:of )?(?:the )?(?:people|users))\b/,
  ja: /(誰|だれ|どなた|どの人|割り当てられている(?:人|ユーザー)|人一覧|人を|人は|人おしえ|人教え|人の一覧|担当者|利用者|保有者|使ってる人|持ってる人|持っている人|ユーザー一覧|ユーザーを教|ユーザーは|ユーザーを見)/,
};
const HOW_MANY: Cue = {
  en: /\b(how many|how much|left|remaining|remain|available|availble|free(?! (?:\w+ )?up)|spare|out of|used up|run out|any .*(?:seats?|keys?|licen[cs]es?) (?:still )?(?:left|free|available|availble|open)|balance|capacity|count)\b/,
  ja: /(いくつ|いくら(?!分)|何個|何本|何席|何枚|何時間|何件|残|空き|開き|あいて|空いて|埋ま|余|数を|数は|件数|キー数|席数|上限|どれくらい|どのくらい|足りる|足りな)/,
};
const DETAILS: Cue = {
  en: /\b(show(?: me)? (?:the )?⟦b⟧(?: \d+)?(?: offer| benefit| subscription| one| details| info)?[?.!]*$|(?:details|info|information|specs|description) (?:of|on|about|for)\b|where (?:do|can|is|are)|what(?:'s| is| are)|what\b.{0,20}\b(?:is|are)|whats|what does .* include|include|includes|info|information|details?|explain|about|tell me|describe|status|state)\b/,
  ja: /(^⟦b⟧ ?(?:の(?:オファー|特典))? ?(?:を|の詳細を)?(?:見せて|表示)|詳し|詳細|って何|ってなに|とは|なんですか|何ですか|内容|含まれ|について|説明|状況|状態|ステータス|教えて|いくら分|どこで)/,
};
const KEYS: Cue = {
  en: /\b(product )?keys?\b/,
  ja: /(キー|キィ|プロダクトキー)/,
};
const HAVE: Cue = {
  en: /\b(have|has|had|having|got|hold|holds|holding|using|set up (?:for|with)|assigned|am i on|i'm on|im on|been given|received)\b/,
  ja: /(持って|もって|お持ち|使って|つかって|ある|あります|ついて|付いて|割り当たって|割り当てられて|割りあてられ|されて|入って)/,
};
const ACTIVE_NOW: Cue = {
  en: /\b(is|are|now|went|shows?|showing|became|got|has been|have been|was|were) (?:now )?(?:as )?(?:active|live|activated|enabled)\b|\b(active|live) now\b/,
  ja: /([[「『【]?(?:アクティブ|有効|active)[\]」』】]? ?に(?:なっ|なり|変わ)|アクティブ化され(?:た|まし)|有効化され|開通|使えるようになった)/,
};
const ACTIVATE: Cue = {
  en: /\b(activate|activation|enable|turn on|switch on|start)\b/,
  ja: /(アクティブ化|アクテイブ化|アクティブか$|アクティブにできる|アクティブにして|アクティベート|有効化|有効にして|開始)/,
};
const ASK_FOR_SELF: Cue = {
  en: /^(?:i )?need\b|\b(can i|could i|may i|would love|i'd love|id love|i'd appreciate|i need|i'd need|i would need|i want|i'd like|i would like|give me|for me|get me|requesting|request|access to|possible for me|be added|sign me up|i should ask)\b/,
  ja: /(ほしい|欲しい|お願いしたい|(?<!教えて|見せて|表示して|確認して|出して|調べて)(?:ください|下さい|いただけ|頂け|もらえ|貰え)|いただきたい|頂きたい|(?:私|自分|僕|俺)の分|いただく|頂く|もらう|使いたい|使わせて|使えるように|お願いでき|お願いします|お願いしたく|必要です|申請|私も|私にも|自分にも|自分用|僕にも|俺にも)/,
};
const SELF: Cue = {
  en: /\b(i|my|mine|myself|i'm|im|i've|ive)\b|(?<!\b(?:show|tell|give|send|let|get) )\bme\b/,
  ja: /(私|わたし|自分|僕|ぼく|俺|おれ)/,
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

/**
 * The benefit the message names: what every name found has in common ("エンタープライズの方のVS" is
 * VS Enterprise), as the words of the narrowest name, or of the benefit's own name when the common
 * part is narrower still; undefined when none is named or the names have nothing in common.
 */
function oneBenefit(spotted: Spotted): Spot<Benefit> | undefined {
  const [first, ...others] = spotted.benefits;
  if (!first) return undefined;
  const common = first.items.filter((b) => others.every((o) => o.items.includes(b)));
  if (common.length === 0) {
    // "a SQL Server issue … サポートインシデントを": a word of a name gives way to a name.
    const named = spotted.benefits.filter((s) => !s.weak);
    return named.length > 0 && named.length < spotted.benefits.length
      ? oneBenefit({ ...spotted, benefits: named })
      : undefined;
  }
  const narrowest = spotted.benefits.find((s) => s.items.length === common.length);
  if (narrowest) return narrowest;
  const only = common[0] as Benefit;
  return common.length === 1 ? { ...first, words: only.name.en, items: common } : undefined;
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
  // "Lynne replaces Johanna", "Nestor is taking over Ana's": the first named receives.
  const takesOver =
    /⟦p⟧ (?:replaces|is replacing|will replace|takes over|is taking over|will take over)/.test(
      spotted.rest,
    );
  if (takesOver || receives(a) || gives(b)) return { from: b, to: a };
  return { from: a, to: b };
}

/** Whether the words around someone say they give ("from X", "X's", 「Xさんから」「Xの」). */
function gives(spotted: Spotted, s: Spot<unknown>): boolean {
  const after = spotted.text
    .slice(s.end, s.end + 8)
    .toLowerCase()
    .replace(/^(さん|様|さま|くん|君|ちゃん)/, '');
  const before = spotted.text
    .slice(Math.max(0, s.start - 8), s.start)
    .toLowerCase()
    .trimEnd();
  return /^('s|’s|の|から)/.test(after) || /\b(?:from|of)$/.test(before);
}

/** Someone not yet known, named in lower case at the end after "to" ("… over to tom becker"). */
function newcomerAtEnd(spotted: Spotted): PersonMention | undefined {
  const words = /\bto ([a-z][a-z'-]+(?: [a-z][a-z'-]+)?)[.!?]*$/i.exec(spotted.text)?.[1];
  if (!words || words.split(' ').some((w) => NOT_A_NAME.has(w.toLowerCase()))) return undefined;
  return { text: words };
}

/** Someone not yet known, named by a capitalised word at the end after "for" or "from" ("… for Sam"). */
function strangerAtEnd(spotted: Spotted): PersonMention | undefined {
  const word = /\b(?:for|from) ([A-Z][a-z]+)[.!?]*$/.exec(spotted.text)?.[1];
  return word && !NOT_A_NAME.has(word.toLowerCase()) ? { text: word } : undefined;
}

/** Whether the words around two people say clearly who gives and who receives (「tanakaのM365をsuzukiに」). */
function clearlyMoved(spotted: Spotted): boolean {
  const [a, b] = spotted.people;
  if (!a || !b) return false;
  const after = (s: Spot<unknown>) =>
    spotted.text.slice(s.end, s.end + 6).replace(/^\s?(さん|様|さま|くん|君|ちゃん)/, '');
  return /^\s?(の|から|'s)/.test(after(a)) && /^\s?(に|へ)/.test(after(b));
}

/** Reads a message from its entities, or undefined when it has no entity to read from. */
export function readByEntities(whole: Spotted, sender: Sender): Intent | undefined {
  const spotted = withoutAsides(whole);
  const rest = spotted.rest;
  const role = partnerRole(spotted);
  if (role) return role;
  // "please add Bob Fraser (bob.fraser@contoso.com) so I can give him VS Pro later": the new user first.
  const [newcomer, ...others] = spotted.people;
  if (
    newcomer &&
    others.length === 0 &&
    newcomer.items.length === 0 &&
    spotted.emails.length === 1 &&
    cue(ADD_WITH_EMAIL, rest)
  )
    return { name: 'addUser', displayName: newcomer.words, email: spotted.emails[0]?.words ?? '' };
  const note = noteOf(spotted);
  if (note) return note;
  const benefit = oneBenefit(spotted);
  const person = spotted.people.length === 1 ? spotted.people[0] : undefined;
  const known = person && person.items.length > 0 ? person : undefined;
  const self = cue(SELF, rest);
  // 「〜いただけますでしょうか」「could you …?」 ask for something to be done, not whether it is so.
  const question =
    (cue(QUESTION, rest.trim().replace(/[。.!！\s]+$/, '')) && !cue(POLITE_REQUEST, rest)) ||
    cue(ASKS_WHETHER, rest);
  const b = benefit?.words;
  const me = (): PersonMention => ({ text: sender.displayName ?? 'me' });
  if (spotted.benefits.length > 0 && !benefit) return undefined;

  // "pull whatever he has", 「持ってるもの全部外して」: everything the person holds.
  if (!b && person && known && cue(REMOVE, rest) && cue(EVERYTHING, rest))
    return { name: 'remove', person: mention(person) };
  if (!b && spotted.people.length === 2 && cue(MOVE, rest)) {
    const roles = fromAndTo(spotted);
    if (roles) return { name: 'reassign', from: mention(roles.from), to: mention(roles.to) };
  }
  if (!b && known && cue(ASSIGN, rest) && cue(SOMETHING, rest) && !question && !cue(HAVE, rest))
    return { name: 'assign', person: mention(known) };
  if (!b) return withoutBenefit(spotted, sender, self, question);

  if (cue(CONTACT, rest)) return undefined;
  // "who changed the VS assignments this week?": the record of changes, not the holders.
  if (cue(CHANGED_BY, rest)) return { name: 'auditLog' };
  // 「私が出した相談時間のリクエストはどうなってる？」: the sender's requests.
  if (!person && cue(MY_REQUESTS, rest)) return { name: 'myRequests' };
  if (spotted.people.length === 0 && cue(WHO, rest) && !cue(HOW_MANY, rest))
    return { name: 'whoHas', benefit: b };
  if (cue(KEYS, rest) && !cue(HOW_MANY, rest) && spotted.people.length === 0) {
    const { language, os } = keyChoices(spotted.text);
    return {
      name: 'getKeys',
      benefit: b,
      ...(language ? { language } : {}),
      ...(os ? { os } : {}),
    };
  }
  if (!person && cue(WHY, rest)) return { name: 'showBenefit', benefit: b };
  // "could you give me the details of VS Enterprise?": its details, not a seat.
  if (!person && cue(DETAILS_OF, rest)) return { name: 'showBenefit', benefit: b };
  if (
    HOURS_BENEFIT.test(benefit.items.map((i) => i.id).join(' ')) &&
    cue(HOURS_WANTED, rest) &&
    !cue(HOW_MANY, rest)
  ) {
    const hours = hoursIn(spotted.text);
    return { name: 'requestHours', benefit: b, ...(hours ? { hours } : {}) };
  }
  const anyone = cue(WHO, rest) && !cue(HOW_MANY, rest);
  if (anyone && (!person || cue(BESIDES, rest))) return { name: 'whoHas', benefit: b };
  if (!person && cue(HOW_MANY, rest) && (!cue(ASK_FOR_SELF, rest) || cue(COUNT_QUESTION, rest)))
    return { name: 'howMany', benefit: b };
  if (cue(ACTIVE_NOW, rest))
    return { name: 'confirmActive', benefit: b, ...(known ? { person: mention(known) } : {}) };

  // "VS Pro to Lee Gu - no wait, Lee Park": the person named last is meant.
  if (spotted.people.length === 2 && cue(CORRECTION, rest) && !cue(MOVE, rest)) {
    const meant = spotted.people[1] as Spot<unknown>;
    return { name: 'assign', benefit: b, person: mention(meant) };
  }
  if (
    spotted.people.length === 2 &&
    (cue(MOVE, rest) ||
      cue(ASSIGN, rest) ||
      clearlyMoved(spotted) ||
      // 「ネスターさんが辞めるので、彼のVS Enterpriseを佐藤さんに」: someone's, for another.
      (cue(FOR_PERSON, rest) && (cue(LEFT_COMPANY, rest) || cue(THEIRS, rest))))
  ) {
    const roles = fromAndTo(spotted);
    if (roles)
      return { name: 'reassign', benefit: b, from: mention(roles.from), to: mention(roles.to) };
  }
  // "I want to give my VS Enterprise seat to Patti": from the sender to them.
  const mine = cue(MINE_BEFORE_BENEFIT, rest) || /^(?:my|私の|自分の)\s?/i.test(benefit.words);
  if (person && cue(ASSIGN, rest) && mine)
    return { name: 'reassign', benefit: b, from: me(), to: mention(person) };
  if (cue(MOVE, rest) && person && !cue(REMOVE, rest)) {
    // "move the dynamics licence from Johanna to me": the one named gives, the sender (or a
    // newcomer named last) receives; "pass her VS Pro on to Diego": the one named receives it, and
    // whose it was is asked.
    if (gives(spotted, person)) {
      const to = cue(TO_ME, rest) ? me() : newcomerAtEnd(spotted);
      return { name: 'reassign', benefit: b, from: mention(person), ...(to ? { to } : {}) };
    }
    return { name: 'reassign', benefit: b, to: mention(person) };
  }
  // "revoke visual studio pro for Sam": someone not yet known, named last.
  const stranger = person ? undefined : strangerAtEnd(spotted);
  if (cue(REMOVE, rest) && (person || stranger || self) && !(question && cue(HAVE, rest)))
    return {
      name: 'remove',
      benefit: b,
      person: person ? mention(person) : (stranger ?? me()),
    };

  // "is there a VS Pro seat for Johanna?", 「ヨハンナさん用にVS Proの空きある？」: one for them, asked for.
  if (known && cue(ONE_FOR, rest)) return { name: 'assign', benefit: b, person: mention(known) };
  // "could Johanna have one of the E5 licences?", "can Bob get VS Pro?": asking that someone gets it.
  if (person && cue(MAY_GET, rest)) return { name: 'assign', benefit: b, person: mention(person) };
  if (person && question && cue(HAVE, rest))
    return { name: 'doesHave', person: mention(person), benefit: b };
  // "do I have VS Pro?": whether the sender holds it.
  if (!person && self && question && cue(HAVE, rest) && !cue(ASK_FOR_SELF, rest))
    return { name: 'doesHave', person: me(), benefit: b };

  if (!person && cue(ACTIVATE, rest)) return { name: 'activate', benefit: b };

  if (!person && (cue(ASK_FOR_SELF, rest) || (self && cue(ASSIGN, rest)))) {
    return sender.isAdmin
      ? { name: 'assign', benefit: b, person: me() }
      : { name: 'askBenefit', benefit: b };
  }
  if (person && (cue(ASSIGN, rest) || cue(FOR_PERSON, rest)) && !question) {
    // R6.2: an alternative email typed with it ("代替メール diego.s@gmail.com で").
    const alternative = cue(ALTERNATIVE, rest) ? spotted.emails[0]?.words : undefined;
    return {
      name: 'assign',
      benefit: b,
      person: mention(person),
      ...(alternative ? { alternativeEmail: alternative } : {}),
    };
  }

  // "lee gu vs ent?": a person and a benefit, asked.
  if (person && question && !cue(ASSIGN, rest) && benefit.items.length === 1)
    return { name: 'doesHave', person: mention(person), benefit: b };
  const bare = /^(?:⟦b⟧ ?)+[?？]?$/.test(rest.replace(/\b(the|a|an)\b/g, '').trim());
  // "VS?": several benefits and nothing said of them is a question to ask back, not a list.
  const [first] = benefit.items;
  if (!person && bare && benefit.items.length > 1 && first && /[?？]$/.test(rest))
    return { name: 'unsure', benefit: b, category: first.category, rest: '' };
  if (!person && (cue(DETAILS, rest) || bare)) return { name: 'showBenefit', benefit: b };
  return undefined;
}

/** What a message that names no benefit asks: the sender's own benefits, a new user, a category's figures, the marketing contact. */
function withoutBenefit(
  spotted: Spotted,
  sender: Sender,
  self: boolean,
  question: boolean,
): Intent | undefined {
  const rest = spotted.rest;
  const [person, ...others] = spotted.people;
  if (cue(CONTACT, rest) && others.length === 0) {
    const { email, phone, language } = contactDetails(
      spotted.text.replace(/marketting/gi, 'marketing'),
    );
    return {
      name: 'setMarketingContact',
      ...(person
        ? { person: mention(person) }
        : self
          ? { person: { text: sender.displayName ?? 'me' } }
          : {}),
      ...(email ? { email } : {}),
      ...(phone ? { phone } : {}),
      ...(language ? { language } : {}),
    };
  }
  if (cue(ADD_USER, rest) && others.length === 0 && (!person || person.items.length === 0)) {
    const email = spotted.emails[0]?.words;
    if (person || email)
      return {
        name: 'addUser',
        ...(person ? { displayName: person.words } : {}),
        ...(email ? { email } : {}),
      };
  }
  if (!person && (self || cue(PENDING, rest)) && cue(MY_REQUESTS, rest))
    return { name: 'myRequests' };
  if (!person && self && (cue(HAVE, rest) || cue(MINE, rest)) && !cue(ASK_FOR_SELF, rest))
    return { name: 'myBenefits' };
  if (
    person &&
    person.items.length > 0 &&
    others.length === 0 &&
    (question || cue(TELL_ME, rest)) &&
    cue(HAVE, rest)
  )
    return { name: 'doesHave', person: mention(person) };
  if (!person) {
    const command = commandOf(rest);
    if (command) return command;
    const category = categoryOf(rest);
    if (category && cue(HOW_MANY, rest)) return { name: 'howMany', category };
    if (category && cue(LIST, rest)) return { name: 'showCategory', category };
    if (!category && !self && cue(EVERYTHING_WE_GET, rest)) return { name: 'showBenefits' };
  }
  return undefined;
}

/** Commands that name no benefit or person: notifications, the export, seats of people who left. */
function commandOf(rest: string): Intent | undefined {
  if (cue(NOTIFICATIONS, rest)) {
    if (cue(STOP, rest)) return { name: 'stopNotifications' };
    if (cue(FAILED, rest))
      return { name: cue(RESEND, rest) ? 'retryNotifications' : 'failedNotifications' };
    if (cue(HERE, rest)) return { name: 'notifyHere' };
  }
  if (cue(RESEND, rest) && (cue(FAILED, rest) || cue(NOTIFICATIONS, rest)))
    return { name: 'retryNotifications' };
  if (cue(EXPORT, rest)) return { name: 'exportAssignments' };
  if (cue(AUDIT, rest)) return { name: 'auditLog' };
  if (cue(LEFT_COMPANY, rest) && cue(SEATS_HELD, rest)) return { name: 'peopleWhoLeft' };
  return undefined;
}

/** "pending requests", 「申請中」: requests not yet answered. */
const PENDING: Cue = {
  en: /\b(?:pending|open|outstanding) requests?\b/,
  ja: /(申請中|依頼中|承認待ち)/,
};
/** "tell me whether Taro has …", 「持っているか教えて」: a question asked as a request. */
const ASKS_WHETHER: Cue = {
  en: /\b(?:whether|if) (?:⟦p⟧|i|he|she|they|we) (?:has|have|had|is|are|holds?|got|still)\b/,
  ja: /(?:か|かどうか)(?:を)?(?:教えて|確認|知りたい|調べて)/,
};
/** "how many keys remain", 「いくつ残ってる」: a count asked for. */
const COUNT_QUESTION: Cue = {
  en: /\bhow (?:many|much)\b/,
  ja: /(いくつ|何個|何本|何席|何枚|何時間|何件|どれくらい|どのくらい)/,
};
/** "the details of …", 「…の詳細」. */
const DETAILS_OF: Cue = {
  en: /\b(?:details|info|information|specs|description) (?:of|on|about|for)\b/,
  ja: /の(?:詳細|詳しい情報|説明)/,
};
/** "add Bob Fraser (bob@…)", 「山本さん（…）を追加して」: a new user, named with their email. */
const ADD_WITH_EMAIL: Cue = {
  en: /\badd ⟦p⟧ ?,? ?\(? ?⟦e⟧/,
  ja: /⟦p⟧ ?(?:さん|様)? ?\(? ?⟦e⟧ ?\)? ?を?.{0,12}(?:追加|登録)/,
};
/** "is there a VS Pro seat for Johanna?": a seat for someone, asked for. */
const ONE_FOR: Cue = {
  en: /\b(?:is there|are there|do we have|have we got|any) (?:an? |any |one )?(?:free |spare |open )?⟦b⟧.{0,24}\bfor ⟦p⟧/,
  ja: /⟦p⟧ ?(?:さん|様|くん)? ?(?:用|の分)に? ?⟦b⟧.{0,12}(?:空き|あり|ある)/,
};
/** "to me", 「私に」: the sender receives. */
const TO_ME: Cue = { en: /\bto (?:me|myself)\b/, ja: /(?:私|わたし|自分|僕|俺)に/ };
/** "his VS", 「彼のVS」: the benefit of someone named before. */
const THEIRS: Cue = { en: /\b(his|her|their)\b/, ja: /(彼の|彼女の)/ };
/** "who changed the VS assignments?", 「VSの割り当てを変更したのは誰？」: who made a change. */
const CHANGED_BY: Cue = {
  en: /\bwho (?:changed|modified|edited|touched|updated)\b/,
  ja: /(?:変更|変え|更新|編集)(?:した|たの)(?:のは|人は)?(?:誰|だれ)|誰が(?:変更|変え|更新|編集)/,
};
/** "what have I requested?", 「私が出した申請」: the sender's requests. */
const MY_REQUESTS: Cue = {
  en: /\b(?:requested|my requests?|requests? (?:i|we) (?:made|sent|submitted|filed)|i(?:'ve| have)? (?:asked for|submitted))\b/,
  ja: /(申請した(?!い)|依頼した(?!い)|リクエストした(?!い)|出した(?:申請|リクエスト|依頼)|(?:私|自分)が(?:出した|した|送った)|(?:私|自分)の(?:申請|リクエスト|依頼)|申請中)/,
};
/** "tell me what Nestor has", 「何を持っているか教えて」: asked, though not as a question. */
const TELL_ME: Cue = {
  en: /\b(tell me|show me|list|let me know|check|see|look up)\b/,
  ja: /(教えて|見せて|一覧|確認したい|知りたい)/,
};
/** "besides Lee", "リーさん以外": the person named is left out of a "who" question. */
const BESIDES: Cue = {
  en: /\b(besides|except|other than|apart from|aside from|else)\b/,
  ja: /(以外|のほか|の他)/,
};
/** "can Bob get …", "could Johanna have …": asking that someone gets something. */
const MAY_GET: Cue = {
  en: /^(?:hey |hi |so |ok )?(?:can|could|may|would it be possible (?:for|to)) ⟦p⟧ (?:please )?(?:get|have|be given|be set up with|use|take)\b/,
  ja: /⟦p⟧(?:さん|様|くん|君)?(?:に|にも)(?:も)?.*(?:もらえ|いただけ|できますか|できる？|可能)/,
};
/** "VS Pro for Taro", 「VS ProをDiegoさんに」: a benefit meant for someone. */
const FOR_PERSON: Cue = {
  en: /⟦b⟧.* (?:for|to) ⟦p⟧|⟦p⟧ ?(?:→|->|=>|:) ?⟦b⟧|⟦b⟧ ?(?:→|->|=>) ?⟦p⟧/,
  ja: /⟦b⟧ ?(?:を|は)? ?、? ?⟦p⟧ ?(?:さん|様|くん|君)? ?に|⟦p⟧ ?(?:さん|様|くん|君)? ?に ?(?:も)? ?、? ?⟦b⟧/,
};
const CONTACT: Cue = {
  en: /\bmarket+ing (?:contact|person|lead|poc)\b/,
  ja: /(マーケティング|マーケ)(?:の)?(?:担当|連絡先|窓口)/,
};
const ADD_USER: Cue = {
  en: /\badd ⟦p⟧ (?:\(? ?⟦e⟧ ?\)? )?(?:to|into) (?:the |our )?(?:org|organisation|organization|tenant|company|directory)\b|\b(add(?:ed)? (?:a )?(?:new )?(?:user|person|member|employee)|new (?:user|starter|hire|joiner|employee|member|colleague)|hired|joined|joining|create (?:an? )?(?:account|acount|user)|added to (?:the )?(?:org|organisation|organization|tenant|team|company)|onboard)\b/,
  ja: /(ユーザー登録|ユーザー追加|ユーザーを追加|ユーザとして|新人|新しく入|入社|追加して|追価|組織に追加|登録して)/,
};
const MINE: Cue = {
  en: /\b(assigned|asigned|benefits?|stuff|licen[cs]es?|subscriptions?|anything|set up)\b/,
  ja: /(特典|ライセンス|割り当た|割り当て|もの|持って|なに|何)/,
};
const HOURS_BENEFIT = /partner-advisory-hours|technical-presales-deployment/;
const HOURS_WANTED: Cue = {
  en: /\b(request|requesting|need|want|like|book|get|schedule|use|assistance|help|support with|submit)\b|\d+(?:\.\d+)?\s*(?:\S+\s+){0,3}(?:hours?|hrs?)\b/,
  ja: /(依頼|申請|申し込|お願い|リクエスト|したい|ほしい|欲しい|使いたい|支援|相談したい|[\d一二三四五六七八九十]+\s*時間)/,
};
const LIST: Cue = {
  en: /\b(list|show|what|which|see)\b/,
  ja: /(何がある|なにがある|何があり|なにがあり|一覧|見せ|教え|確認)/,
};
const NOTIFICATIONS: Cue = {
  en: /\b(notifications?|notifs?|notify|alerts?|announcements?|updates)\b/,
  ja: /(通知|お知らせ|更新情報|今後の更新|アップデート)/,
};
const STOP: Cue = {
  en: /\b(stop|no more|don'?t|do not|turn off|disable|mute|quit)\b/,
  ja: /(止め|やめ|停止|オフ|不要|いらな|要らな)/,
};
const FAILED: Cue = {
  en: /\b(fail|failed|failing|undelivered|didn'?t (?:go|get) (?:out|through|sent)|not (?:get |been )?delivered|didn'?t arrive|bounced|errors?)\b/,
  ja: /(失敗|届かな|届いてな|エラー|送れな|されなかった|されていない|されてない|未送信|未達)/,
};
const RESEND: Cue = {
  en: /\b(resend|re-send|retry|try (?:sending|again)|send .{0,20}again)\b/,
  ja: /(再送|最送|もう一度送|もう一回送|送り直)/,
};
const HERE: Cue = {
  en: /\b(here|this channel|this chat|this team|post|send)\b/,
  ja: /(ここ|このチャネル|このチャンネル|このチャット|流して|投稿)/,
};
const EXPORT: Cue = {
  en: /\b(export|csv|spreadsheet|excel|xlsx|download (?:the |a )?(?:list|file|assignments))\b/,
  ja: /(エクスポ|csv|エクセル|スプレッドシート|ダウンロード|ファイルで|出力)/,
};
const LEFT_COMPANY: Cue = {
  en: /\b(left|leavers?|ex-? ?employees?|former (?:employees|staff|colleagues)|gone|departed|no longer (?:here|with us)|quit|(?:isn'?t|aren'?t|not) with us)\b/,
  ja: /(退職|対職|退社|辞め(?:た|る|ます|ちゃ)|やめた|離職|いなくなった|もういない)/,
};
const SEATS_HELD: Cue = {
  en: /\b(seats?|licen[cs]es?|held|holding|still (?:have|hold)|benefits?)\b/,
  ja: /(席|シート|ライセンス|持って|持った|残って|特典|割り当て)/,
};
const ALTERNATIVE: Cue = {
  en: /\b(alternative|alternate|alt|other|personal|private|secondary|backup) (?:e-?mail|address|mail)\b/,
  ja: /(代替|別の?|サブの|個人の|予備の)(?:メール|アドレス)/,
};
const WHY: Cue = {
  en: /\b(why|how come)\b/,
  ja: /(理由|なぜ|なんで|どうして)/,
};
const CORRECTION: Cue = {
  en: /\b(no wait|wait no|sorry|i mean|i meant|actually|not ⟦p⟧)\b/,
  ja: /(すみません|じゃなくて|ではなく|の方でした|のほうでした|訂正|間違え)/,
};
const POLITE_REQUEST: Cue = {
  en: /\b(could you|can you|would you|will you|could u|can u|could we|can we|shall we|could someone|can someone|can i (?:give|assign|add|move)|could i (?:give|assign|add|move))\b/,
  ja: /(いただけ|頂け|もらえ|貰え|くれ|下さい|ください|お願い(?:でき|し)?)(?:ます|ません)?(?:でしょう)?か?(?:[?？。!！]|$)/,
};
const EVERYTHING: Cue = {
  en: /\b(everything|whatever|all (?:of )?(?:his|her|their|the)|all)\b/,
  ja: /(全部|すべて|全て|ぜんぶ|一式)/,
};
const ROLE_WORDS: { role: 'mpnPartnerAdmin' | 'adminAgent'; words: RegExp }[] = [
  { role: 'adminAgent', words: /admin(?:istrator)? agent|管理エージェント|管理者エージェント/i },
  {
    role: 'mpnPartnerAdmin',
    words: /(?:mpn )?partner admin(?:istrator)?|(?:mpn ?)?パートナー管理者/i,
  },
];

/** "grant Johanna the admin agent role", 「Megan Bowen の MPN パートナー管理者ロールを削除」: a partner role (R1). */
function partnerRole(spotted: Spotted): Intent | undefined {
  const found = ROLE_WORDS.find((r) => r.words.test(spotted.text));
  const known = spotted.people.filter((p) => p.items.length > 0);
  if (!found || known.length === 0 || spotted.benefits.length > 0) return undefined;
  const receives = known.find((p) =>
    /^\s?(?:さん|様|くん)?\s?(?:に|へ)/.test(spotted.text.slice(p.end, p.end + 5)),
  );
  const who = receives ?? known[0];
  if (!who) return undefined;
  return {
    name: 'setPartnerRole',
    person: mention(who),
    role: found.role,
    grant: !cue(REMOVE, spotted.rest) && !cue(REVOKE_ROLE, spotted.rest),
  };
}
const REVOKE_ROLE: Cue = {
  en: /\b(revoke|take (?:it )?off|remove|no longer|doesn'?t need|drop)\b/,
  ja: /(外|削除|解除|取り消|はず)/,
};

/**
 * The message without what is said in passing: someone who only told the sender ("Diego said …",
 * 「パティさんが言ってた」) and a benefit named as a team or project ("the Azure team", 「Azureチーム」).
 */
function withoutAsides(spotted: Spotted): Spotted {
  const after = (s: Spot<unknown>) => spotted.text.slice(s.end, s.end + 16).toLowerCase();
  const before = (s: Spot<unknown>) =>
    spotted.text.slice(Math.max(0, s.start - 24), s.start).toLowerCase();
  // "not Lee Park", 「リー・グーさんからじゃなくて」, "don't remove it from Lee Gu": who or what is not meant.
  const negated = (s: Spot<unknown>) =>
    /\bnot (?:to |from |for |the )?$|\bdon'?t \w+ (?:it |them )?(?:from |to )?$/.test(before(s)) ||
    /^\s?(?:さん|様|くん)?\s?(?:から|に|へ|を|の|が)?\s?(?:じゃなくて|ではなく|でなく|じゃない)/.test(
      after(s),
    );
  const people = spotted.people.filter(
    (p) =>
      !negated(p) &&
      !/^(?:'s)?\s?(?:said|says|mentioned|told me|tells me|reckons|here\b)|^\s?(?:です|と申します)[。、,.!！]|^\s?(?:さん|様|くん)?\s?(?:が|から)(?:言って|言う|聞いた|教えて)|^\s?(?:さん|様|くん)?\s?に(?:頼む|頼ん|聞く|聞い|約束|相談|言う|伝え)/.test(
        after(p),
      ) &&
      // "before I ask Alex to …", "before I promise Diego a seat": someone only mentioned.
      !/\b(?:ask|asking|tell|telling|promise|promising|ping|email|cc)\s?$/.test(before(p)),
  );
  // "the Azure team", "Azure DevOps", "a SQL Server issue": another product or a group, not the benefit.
  const benefits = spotted.benefits.filter(
    (b) =>
      !/^\s?(?:team|project|migration|practice|group|membership|level|devops|dev ops|移行|導入|ランディング|ad\b|active directory|landing zone|functions|kubernetes|チーム|案件|部|メンバーシップ|レベル)/.test(
        after(b),
      ) &&
      !/(?:sql|exchange|sharepoint|biztalk|skype for business)\s?$/.test(before(b)) &&
      !negated(b) &&
      // A lone "pro" is a benefit only beside one it narrows ("VS… the Pro one").
      !(
        b.weak &&
        /^pro$/i.test(b.words) &&
        spotted.benefits.length === 1 &&
        !/^\s?(?:seat|licen[cs]e|sub)/.test(after(b))
      ),
  );
  if (people.length === spotted.people.length && benefits.length === spotted.benefits.length)
    return spotted;
  let rest = spotted.text;
  const marks = [
    ...benefits.map((s) => ({ ...s, mark: '⟦B⟧' })),
    ...people.map((s) => ({ ...s, mark: '⟦P⟧' })),
    ...spotted.emails.map((s) => ({ ...s, mark: '⟦E⟧' })),
  ].sort((a, b) => b.start - a.start);
  for (const m of marks) rest = `${rest.slice(0, m.start)} ${m.mark} ${rest.slice(m.end)}`;
  return { ...spotted, people, benefits, rest: rest.toLowerCase().replace(/\s+/g, ' ').trim() };
}

/** 「アナさんの Azure にメモ追加：「Woodgrove PoC 用」」: a note on someone's benefit, its text quoted. */
function noteOf(spotted: Spotted): Intent | undefined {
  if (!/\b(?:note|memo)\b|メモ|備考|ノート/i.test(spotted.text)) return undefined;
  const quoted = (/[「『"“'‘]([^」』"”'’]+)[」』"”'’]/.exec(spotted.text) ??
    // 「…のメモ：Azure DevOps移行のため必要」: the note after a colon.
    /(?:\bnote|\bmemo|メモ|備考)\s*[:：]\s*(.+)$/i.exec(spotted.text))?.[1];
  const benefit = oneBenefit(spotted);
  const [person, ...others] = spotted.people;
  if (!quoted || !benefit || !person || others.length > 0) return undefined;
  return { name: 'setNote', benefit: benefit.words, person: mention(person), note: quoted.trim() };
}
const AUDIT: Cue = {
  en: /\b(history|audit|log(?!\s?(?:in|on|out)\b)|logs|who (?:did (?:what|it|that)|changed|assigned|removed|gave|moved|touched|edited|modified)|what(?:'s| has| have)? changed|changes (?:made|lately|recently|this (?:week|month))|recent activity)\b/,
  ja: /(履歴|ログ|監査|誰が(?:何|いつ|変更|割り当て|削除)|(?:変更|割り当て|削除|変え)(?:した|たの)(?:のは|人は)(?:誰|だれ)|変更(?:点|内容|の記録)|操作記録)/,
};
const EVERYTHING_WE_GET: Cue = {
  en: /\b(what (?:do|did|does) (?:we|our company|the company) (?:get|have)|what (?:we|our company) (?:get|have)|everything (?:we|in our|in the)|all (?:our|the) (?:benefits|perks)|full list|whole list|(?:membership|package|program(?:me)?) (?:include|includes|cover|covers|give|gives)|what'?s (?:in|included in) (?:our|the) (?:\w+ )?(?:membership|package|program))\b/,
  ja: /(全部見せ|全体|メンバーシップ|中身|何がもらえ|何が使え|何がある|含まれ|会社の特典|うちの特典)/,
};
/** "my VS Enterprise seat": the sender's own benefit. */
const MINE_BEFORE_BENEFIT: Cue = { en: /\bmy ⟦b⟧/, ja: /(?:私|自分|僕|俺)の ?⟦b⟧/ };
/** "give Diego something", 「何か特典を」: a benefit left to choose. */
const SOMETHING: Cue = {
  en: /\b(something|anything|a benefit|one of (?:our|the) benefits|from (?:our|the) benefits)\b/,
  ja: /(何か|なにか|特典を)/,
};
