import { TestAdapter, UserState, type Activity } from 'botbuilder';
import { BenefitsBot } from '../../bot/benefits-bot';
import { Replies } from '../../bot/replies';
import { StoreBackedStorage } from '../../bot/state-storage';
import { BenefitsService } from '../../services/benefits.service';
import { pinnedClock } from '../../services/clock';
import { openLowdbStores } from '../../services/store/lowdb-store';
import type { Person } from './people';
import { demoStores, NOW } from './temp-store';

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

/** The bot on a real store in a temp folder, driven through botbuilder's TestAdapter. */
export async function botHarness() {
  let stores = await demoStores();
  let bot = build();

  function build() {
    const storage = new StoreBackedStorage(stores.state);
    return new BenefitsBot({
      replies: new Replies(new BenefitsService({ store: stores.benefits, clock: pinnedClock(NOW) })),
      store: stores.benefits,
      markers: stores.state,
      userState: new UserState(storage),
    });
  }

  const adapter = new TestAdapter((context) => bot.run(context));

  function activity(turn: Turn, type: string): Partial<Activity> {
    const conversation = turn.conversation ?? { id: `personal-${turn.as.userId}`, conversationType: 'personal' as const };
    return {
      type,
      channelId: 'msteams',
      locale: turn.locale ?? 'en-US',
      from: { id: `29:${turn.as.userId}`, name: turn.as.displayName, aadObjectId: turn.as.userId },
      recipient: BOT,
      conversation: { ...conversation, name: '', tenantId: turn.as.tenantId, isGroup: conversation.conversationType !== 'personal' },
      channelData: { tenant: { id: turn.as.tenantId } },
      ...(turn.text !== undefined ? { text: turn.mention ? `<at>${BOT.name}</at> ${turn.text}` : turn.text } : {}),
      ...(turn.mention ? { entities: [{ type: 'mention', text: `<at>${BOT.name}</at>`, mentioned: BOT }] } : {}),
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
    install: (turn: Turn) => send({ ...activity(turn, 'conversationUpdate'), membersAdded: [BOT] }),
    installationUpdate: (turn: Turn) => send({ ...activity(turn, 'installationUpdate'), action: 'add' }),
    /** Closes the store and opens it again, as a restarted bot would. */
    async restart() {
      await stores.close();
      const reopened = await openLowdbStores({ dataFile: stores.dataFile, seed: () => [] });
      stores = { ...stores, ...reopened };
      bot = build();
    },
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
