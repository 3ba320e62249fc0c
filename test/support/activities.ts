import type { Activity, ChannelAccount, ConversationAccount } from 'botbuilder';

/**
 * Builders for incoming activities as Teams and the Microsoft 365 Agents Playground send them.
 * Plain functions returning botbuilder `Partial<Activity>` objects: POST them to /api/messages
 * (with a `serviceUrl`) or hand them to a TestAdapter. Every call returns a fresh object.
 */

/** The demo tenants (shared/spec/demo-organisations.md; a contract, written out here on purpose). */
export const TENANTS = {
  contoso: '00000000-0000-0000-0000-0000000000001',
  fabrikam: '00000000-0000-0000-0000-0000000000002',
  /** A tenant that is not a member organisation (R10). */
  unknown: '99999999-9999-9999-9999-9999999999999',
} as const;

export interface Person {
  /** Microsoft Entra object id, what the bot recognises people by. */
  aadObjectId: string;
  name: string;
  /** The channel's user id; defaults to `29:<aadObjectId>`. */
  id?: string;
  /** Not sent by Teams in `from`; here so tests can look for it in replies. */
  email?: string;
  tenantId: string;
}

const person = (
  aadObjectId: string,
  name: string,
  email: string,
  tenantId: string = TENANTS.contoso,
): Person => ({ aadObjectId, name, email, tenantId });

/** Every demo user, by a short handle. */
export const demoUsers = {
  alex: {
    ...person('00000000-0000-0000-0000-0000000000020', 'Alex Wilber', 'alex@contoso.com'),
    id: 'user-id-0',
  },
  megan: {
    ...person('00000000-0000-0000-0000-0000000000021', 'Megan Bowen', 'megan@contoso.com'),
    id: 'user-id-1',
  },
  adele: {
    ...person('00000000-0000-0000-0000-0000000000022', 'Adele Vance', 'adele@contoso.com'),
    id: 'user-id-2',
  },
  isaiah: {
    ...person('00000000-0000-0000-0000-0000000000023', 'Isaiah Langer', 'isaiah@contoso.com'),
    id: 'user-id-3',
  },
  patti: {
    ...person('00000000-0000-0000-0000-0000000000024', 'Patti Fernandez', 'patti@contoso.com'),
    id: 'user-id-4',
  },
  lynne: {
    ...person('00000000-0000-0000-0000-0000000000025', 'Lynne Robbins', 'lynne@contoso.com'),
    id: 'user-id-5',
  },
  ana: person('00000000-0000-0000-0000-0000000000101', 'Ana Bowman', 'ana@contoso.com'),
  leeGu: person('00000000-0000-0000-0000-0000000000102', 'Lee Gu', 'lee.gu@contoso.com'),
  leePark: person('00000000-0000-0000-0000-0000000000103', 'Lee Park', 'lee.park@contoso.com'),
  taro: person('00000000-0000-0000-0000-0000000000104', '田中 太郎', 'taro@contoso.com'),
  hanako: person('00000000-0000-0000-0000-0000000000105', '鈴木 花子', 'hanako@contoso.com'),
  diego: person('00000000-0000-0000-0000-0000000000106', 'Diego Siciliani', 'diego@contoso.com'),
  nestor: person('00000000-0000-0000-0000-0000000000107', 'Nestor Wilke', 'nestor@contoso.com'),
  johanna: person('00000000-0000-0000-0000-0000000000108', 'Johanna Lorenz', 'johanna@contoso.com'),
  kenji: person(
    '00000000-0000-0000-0000-0000000000201',
    'Kenji Sato',
    'kenji@fabrikam.com',
    TENANTS.fabrikam,
  ),
  anaRuiz: person(
    '00000000-0000-0000-0000-0000000000202',
    'Ana Ruiz',
    'ana@fabrikam.com',
    TENANTS.fabrikam,
  ),
} satisfies Record<string, Person>;

/** The bot as Teams addresses it (`recipient`, and `mentioned` in an @mention). */
export const BOT: ChannelAccount = { id: '28:partner-benefits-bot', name: 'Partner Benefits' };

/** The default team and channel a channel message comes from. */
export const TEAM = {
  id: '19:contoso-partners-team@thread.tacv2',
  name: 'Contoso Partners',
  aadGroupId: '7a2f3b1c-0000-4000-8000-000000000001',
} as const;
export const GENERAL_CHANNEL = {
  id: '19:contoso-partners-general@thread.tacv2',
  name: 'General',
} as const;

/**
 * What may be changed on any built activity: the few things that shape the rest (tenant,
 * conversation id, bot), and any activity field, which replaces the built one as given.
 */
export type ActivityOverrides = Partial<Activity> & {
  /** Tenant in `conversation.tenantId` and `channelData.tenant.id`; defaults to the person's. */
  tenantId?: string;
  /** `conversation.id`; defaults to one per person (personal) or the General channel. */
  conversationId?: string;
  /** The bot, as `recipient` and in mentions; defaults to BOT. */
  bot?: ChannelAccount;
};

let counter = 0;
const nextId = () => `activity-${Date.now().toString(36)}-${(counter += 1)}`;

function fromOf(who: Person): ChannelAccount {
  return { id: who.id ?? `29:${who.aadObjectId}`, name: who.name, aadObjectId: who.aadObjectId };
}

function split(overrides: ActivityOverrides) {
  const { tenantId, conversationId, bot, ...activity } = overrides;
  return { tenantId, conversationId, bot: bot ?? BOT, activity };
}

/** A personal (1:1) chat's conversation id for a person: stable, so a test can reuse it. */
export function personalConversationId(who: Person): string {
  return `a:personal-${who.aadObjectId}`;
}

function personal(who: Person, type: string, overrides: ActivityOverrides): Partial<Activity> {
  const {
    tenantId = who.tenantId,
    conversationId = personalConversationId(who),
    bot,
    activity,
  } = split(overrides);
  const conversation: ConversationAccount = {
    id: conversationId,
    conversationType: 'personal',
    isGroup: false,
    tenantId,
    name: '',
  };
  return {
    type,
    id: nextId(),
    timestamp: new Date(),
    channelId: 'msteams',
    from: fromOf(who),
    recipient: { ...bot },
    conversation,
    channelData: { tenant: { id: tenantId } },
    locale: 'en-US',
    ...activity,
  };
}

function channel(who: Person, type: string, overrides: ActivityOverrides): Partial<Activity> {
  const {
    tenantId = who.tenantId,
    conversationId = GENERAL_CHANNEL.id,
    bot,
    activity,
  } = split(overrides);
  const conversation: ConversationAccount = {
    id: conversationId,
    conversationType: 'channel',
    isGroup: true,
    tenantId,
    name: GENERAL_CHANNEL.name,
  };
  return {
    type,
    id: nextId(),
    timestamp: new Date(),
    channelId: 'msteams',
    from: fromOf(who),
    recipient: { ...bot },
    conversation,
    channelData: { tenant: { id: tenantId }, team: { ...TEAM }, channel: { ...GENERAL_CHANNEL } },
    locale: 'en-US',
    ...activity,
  };
}

/** A message in the person's personal chat with the bot. */
export function personalMessage(
  who: Person,
  text: string,
  overrides: ActivityOverrides = {},
): Partial<Activity> {
  return personal(who, 'message', { text, textFormat: 'plain', ...overrides });
}

/** A channel message that @mentions the bot: `<at>Partner Benefits</at> <text>`, with its mention entity. */
export function channelMention(
  who: Person,
  text: string,
  overrides: ActivityOverrides = {},
): Partial<Activity> {
  const bot = overrides.bot ?? BOT;
  const at = `<at>${bot.name}</at>`;
  return channel(who, 'message', {
    text: `${at} ${text}`,
    textFormat: 'plain',
    entities: [{ type: 'mention', text: at, mentioned: { id: bot.id, name: bot.name } }],
    ...overrides,
  });
}

/** A channel message that does not mention the bot (Teams would not deliver it; the bot must ignore it anyway). */
export function channelMessage(
  who: Person,
  text: string,
  overrides: ActivityOverrides = {},
): Partial<Activity> {
  return channel(who, 'message', { text, textFormat: 'plain', ...overrides });
}

/** A card's Action.Submit: a message with no text whose `value` is the action's data merged with the inputs. */
export function cardSubmit(
  who: Person,
  value: Record<string, unknown>,
  overrides: ActivityOverrides = {},
): Partial<Activity> {
  return personal(who, 'message', { value, ...overrides });
}

/** The same card submit from a card posted in a channel. */
export function channelCardSubmit(
  who: Person,
  value: Record<string, unknown>,
  overrides: ActivityOverrides = {},
): Partial<Activity> {
  return channel(who, 'message', { value, ...overrides });
}

/** conversationUpdate with membersAdded (the bot and the person by default), as sent on install and every Playground page load. */
export function membersAdded(who: Person, overrides: ActivityOverrides = {}): Partial<Activity> {
  const bot = overrides.bot ?? BOT;
  return personal(who, 'conversationUpdate', {
    membersAdded: [{ ...bot }, fromOf(who)],
    ...overrides,
  });
}

/** installationUpdate with action "add", as sent when the app is installed (and on every Playground page load). */
export function installationAdd(who: Person, overrides: ActivityOverrides = {}): Partial<Activity> {
  return personal(who, 'installationUpdate', { action: 'add', ...overrides });
}
