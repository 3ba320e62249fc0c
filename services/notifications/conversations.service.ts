import type { Clock } from '../clock';
import type { TenantId, UserId } from '../model';
import type { BenefitStore } from '../ports';
import type { ReachableConversation } from './model';
import { reachOf, type Reach } from './reach';

/** Where Teams said the bot was installed, so notifications can be sent there later. */
export type Installation = Omit<ReachableConversation, 'installedAt'>;

const same = (a: Installation, b: Installation) =>
  a.conversationId === b.conversationId &&
  a.kind === b.kind &&
  a.userId === b.userId &&
  a.memberId === b.memberId &&
  a.serviceUrl === b.serviceUrl &&
  a.botId === b.botId &&
  a.teamId === b.teamId;

/**
 * Records and forgets the conversations the bot can reach. Only for member organisations: nothing
 * of an unknown tenant is stored. Teams repeats install events on every page load, so an
 * unchanged conversation is not written again.
 */
export class ConversationsService {
  constructor(private readonly deps: { store: BenefitStore; clock: Clock }) {}

  async recordInstall(tenantId: TenantId, installation: Installation): Promise<void> {
    const { store, clock } = this.deps;
    if (!(await store.organisation(tenantId))) return;
    const known = (await store.notificationSettings(tenantId)).conversations.find(
      (c) => c.conversationId === installation.conversationId,
    );
    if (known && same(known, installation)) return;
    await store.unitOfWork(tenantId, (data) => {
      const others = data.notifications.conversations.filter(
        (c) => c.conversationId !== installation.conversationId,
      );
      data.notifications.conversations = [
        ...others,
        { ...installation, installedAt: clock.now().toISOString() },
      ];
    });
  }

  /** The bot was removed (or Teams said it is no longer there): forget the conversation. */
  async forget(tenantId: TenantId, conversationId: string): Promise<void> {
    const { store } = this.deps;
    if (!(await store.organisation(tenantId))) return;
    const settings = await store.notificationSettings(tenantId);
    if (
      !settings.conversations.some((c) => c.conversationId === conversationId) &&
      settings.channelConversationId !== conversationId
    )
      return;
    await store.unitOfWork(tenantId, (data) => {
      data.notifications.conversations = data.notifications.conversations.filter(
        (c) => c.conversationId !== conversationId,
      );
      if (data.notifications.channelConversationId === conversationId)
        data.notifications.channelConversationId = null;
    });
  }

  /** Whether the bot can write to this person directly (they installed it personally). */
  async canReach(tenantId: TenantId, userId: UserId): Promise<boolean> {
    return (await this.reach(tenantId, userId)) === 'direct';
  }

  /**
   * How a notification for this person would reach them as things stand: directly, as an @mention
   * in the notification channel, or not at all (what a change's result card tells the admin).
   */
  async reach(tenantId: TenantId, userId: UserId): Promise<Reach> {
    return reachOf(await this.deps.store.notificationSettings(tenantId), userId);
  }
}
