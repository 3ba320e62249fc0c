import { TestAdapter, type Activity } from 'botbuilder';
import { composeBot } from '../../bot/compose';
import { pinnedClock } from '../../services/clock';
import type { OutboxItem } from '../../services/notifications/model';
import type { Directory } from '../../services/directory/directory';
import type { OrganisationData } from '../../services/model';
import { CONTOSO_TENANT as CONTOSO, type Person } from './people';
import { demoStores, NOW, TEST_CIPHER } from './temp-store';
import { reopenStores, storedTexts } from './test-backend';

export interface Turn {
  as: Person;
  locale?: string;
  text?: string;
  value?: Record<string, unknown>;
  conversation?: { id: string; conversationType: 'personal' | 'channel' | 'groupChat' };
  /** @mention the bot before the text, as Teams does in channels and group chats. */
  mention?: boolean;
}

const BOT = { id: '28:partner-benefits', name: 'Partner Benefits' };

export interface HarnessOptions {
  /** The organisations the store starts with (default: the demo organisations). */
  seed?: () => OrganisationData[];
  /** The directory of organisations that use Microsoft Entra ID. */
  entraDirectory?: Directory;
}

/** The bot on a real store in a temp folder, driven through botbuilder's TestAdapter. */
export async function botHarness(options: HarnessOptions = {}) {
  let stores = await demoStores(NOW, options.seed);
  let bot = build();

  function build() {
    return composeBot(
      stores,
      pinnedClock(NOW),
      TEST_CIPHER,
      options.entraDirectory ? { entraDirectory: options.entraDirectory } : {},
    ).bot;
  }

  const adapter = new TestAdapter((context) => bot.run(context));

  function activity(turn: Turn, type: string): Partial<Activity> {
    const conversation = turn.conversation ?? {
      id: `personal-${turn.as.userId}`,
      conversationType: 'personal' as const,
    };
    return {
      type,
      channelId: 'msteams',
      locale: turn.locale ?? 'en-US',
      from: { id: `29:${turn.as.userId}`, name: turn.as.displayName, aadObjectId: turn.as.userId },
      recipient: BOT,
      conversation: {
        ...conversation,
        name: '',
        tenantId: turn.as.tenantId,
        isGroup: conversation.conversationType !== 'personal',
      },
      channelData: { tenant: { id: turn.as.tenantId } },
      ...(turn.text !== undefined
        ? { text: turn.mention ? `<at>${BOT.name}</at> ${turn.text}` : turn.text }
        : {}),
      ...(turn.mention
        ? { entities: [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }] }
        : {}),
      ...(turn.value !== undefined ? { value: turn.value } : {}),
    };
  }

  /** Sends one activity and returns everything the bot sent back. */
  async function send(partial: Partial<Activity>): Promise<Partial<Activity>[]> {
    adapter.activeQueue.splice(0);
    await adapter.processActivity(partial, (context) => bot.run(context));
    return adapter.activeQueue.splice(0);
  }

  return {
    say: (turn: Turn) => send(activity(turn, 'message')),
    /** Sends any activity (an invoke, say) and returns what the bot sent back. */
    send,
    /** The activity a person in a conversation sends, of this type, to build on. */
    activityOf: (turn: Turn, type: string) => activity(turn, type),
    /** Presses an Action.Execute button, as Teams sends it: an adaptiveCard/action invoke. Returns the card it is replaced with. */
    async execute(
      turn: Turn,
      verb: string,
      data: Record<string, unknown>,
    ): Promise<Record<string, unknown>> {
      const replies = await send({
        ...activity(turn, 'invoke'),
        name: 'adaptiveCard/action',
        value: { action: { type: 'Action.Execute', verb, data }, trigger: 'manual' },
      });
      const response = replies.find((r) => r.type === 'invokeResponse')?.value as
        { status: number; body: { value: Record<string, unknown> } } | undefined;
      if (!response || response.status !== 200)
        throw new Error(`invoke answered ${JSON.stringify(response)}`);
      return response.body.value;
    },
    install: (turn: Turn) => send({ ...activity(turn, 'conversationUpdate'), membersAdded: [BOT] }),
    installationUpdate: (turn: Turn) =>
      send({ ...activity(turn, 'installationUpdate'), action: 'add' }),
    /** Closes the store and opens it again, as a restarted bot would. */
    async restart() {
      await stores.close();
      const reopened = await reopenStores(stores);
      stores = { ...stores, ...reopened };
      bot = build();
    },
    /** Contoso's outbox and notification settings, as stored. */
    outbox: async (tenantId: string = CONTOSO) => {
      let items: OutboxItem[] = [];
      await stores.benefits.unitOfWork(tenantId, (data) => {
        items = structuredClone(data.outbox);
      });
      return items;
    },
    settings: () => stores.benefits.notificationSettings(CONTOSO),
    /** The test's temp folder: where the store keeps its files on lowdb (on PostgreSQL, only the folder it would). */
    dir: () => stores.dir,
    /** Everything the store holds at rest, as text: its files, or its tables (test-backend.ts). */
    storedTexts: () => storedTexts(stores),
    /** The store, to read what the bot wrote. */
    store: () => stores.benefits,
    dispose: () => stores.dispose(),
  };
}

/** Everything a person would read in the replies: message text and every string inside cards. */
export function readable(replies: Partial<Activity>[]): string {
  const strings: string[] = [];
  const walk = (node: unknown): void => {
    if (typeof node === 'string') strings.push(node);
    else if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') Object.values(node).forEach(walk);
  };
  for (const reply of replies) {
    if (reply.text) strings.push(reply.text);
    for (const attachment of reply.attachments ?? []) walk(attachment.content);
  }
  return strings.join('\n');
}

/** The Adaptive Card in a reply, if there is one. */
export function cardOf(replies: Partial<Activity>[]): Record<string, unknown> | undefined {
  return replies
    .flatMap((r) => r.attachments ?? [])
    .find((a) => a.contentType === 'application/vnd.microsoft.card.adaptive')?.content as
    Record<string, unknown> | undefined;
}

export interface CardButton {
  type: string;
  title: string;
  verb?: string;
  data?: Record<string, unknown>;
}

/** Every button in a card (in its body's action sets and its actions), as a person sees them. */
export function buttonsOf(card: Record<string, unknown> | undefined): CardButton[] {
  const found: CardButton[] = [];
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (node && typeof node === 'object') {
      const n = node as Record<string, unknown>;
      if (
        typeof n.type === 'string' &&
        n.type.startsWith('Action.') &&
        typeof n.title === 'string'
      ) {
        found.push({
          type: n.type,
          title: n.title,
          ...(typeof n.verb === 'string' ? { verb: n.verb } : {}),
          ...(n.data && typeof n.data === 'object'
            ? { data: n.data as Record<string, unknown> }
            : {}),
        });
      }
      Object.values(n).forEach(walk);
    }
  };
  walk(card);
  return found;
}

/** The button with this title (or matching it); fails the test with the titles there are. */
export function button(
  card: Record<string, unknown> | undefined,
  title: string | RegExp,
): CardButton {
  const buttons = buttonsOf(card);
  const found = buttons.find((b) =>
    typeof title === 'string' ? b.title === title : title.test(b.title),
  );
  if (!found)
    throw new Error(`No button ${String(title)} among: ${buttons.map((b) => b.title).join(' | ')}`);
  return found;
}
