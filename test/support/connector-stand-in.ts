import type { Clock } from '../../services/clock';
import type { OrganisationData, TenantId, UserId } from '../../services/model';
import type {
  Delivery,
  DeliveryResult,
  Notifier,
  ReachableConversation,
} from '../../services/notifications/model';
import type { RateLimit } from '../../services/notifications/rate-limiter';
import type { BenefitStore } from '../../services/ports';
import { TEAMS_CONVERSATION_LIMITS, TEAMS_TENANT_LIMITS } from './limited-connector';
import { storedOrganisation } from './test-backend';

/** Teams' documented figures (limited-connector.ts), every window of them: not the bot's own, so the bot is checked against Teams. */
const TEAMS = { perConversation: TEAMS_CONVERSATION_LIMITS, perTenant: TEAMS_TENANT_LIMITS };

/** A clock the test moves by hand: pinned between moves. */
export class TestClock implements Clock {
  constructor(public at: number) {}
  now(): Date {
    return new Date(this.at);
  }
  advance(ms: number): void {
    this.at += ms;
  }
}

export interface Call {
  at: number;
  delivery: Delivery;
  result: DeliveryResult;
}

/** How the stand-in answers one call; null: as a well-behaved connector would. */
export type Script = (
  delivery: Delivery,
  callNumber: number,
) => DeliveryResult | null | Promise<DeliveryResult | null>;

/**
 * A stand-in for the Bot Connector: records every call with the clock's time, enforces Teams'
 * limits itself, each window on its own (answering 429 with Retry-After past any of them), and
 * answers whatever the test scripts.
 */
export class ConnectorStandIn implements Notifier {
  readonly calls: Call[] = [];

  constructor(
    private readonly clock: Clock,
    private readonly script: Script = () => null,
  ) {}

  /** The deliveries the connector accepted. */
  get accepted(): Delivery[] {
    return this.calls.filter((c) => c.result.outcome === 'accepted').map((c) => c.delivery);
  }

  async deliver(delivery: Delivery): Promise<DeliveryResult> {
    const at = this.clock.now().getTime();
    const scripted = await this.script(delivery, this.calls.length + 1);
    const result =
      scripted ??
      (this.overLimit(delivery, at)
        ? { outcome: 'retry' as const, retryAfterMs: 1_000, status: 429 }
        : { outcome: 'accepted' as const });
    this.calls.push({ at, delivery: structuredClone(delivery), result });
    return result;
  }

  /** Whether one more call now would put a window over its limit (the earlier windows were checked as they came). */
  private overLimit(delivery: Delivery, at: number): boolean {
    const over = (limits: readonly RateLimit[], same: (c: Call) => boolean) =>
      limits.some(
        (l) => this.calls.filter((c) => c.at > at - l.windowMs && same(c)).length + 1 > l.limit,
      );
    return (
      over(
        TEAMS.perConversation,
        (c) => c.delivery.conversation.conversationId === delivery.conversation.conversationId,
      ) || over(TEAMS.perTenant, (c) => c.delivery.tenantId === delivery.tenantId)
    );
  }
}

/** Every window in which a conversation or a tenant got more calls than Teams allows (any of its windows). */
export function limitViolations(calls: readonly Pick<Call, 'at' | 'delivery'>[]): string[] {
  const byKey = new Map<string, { times: number[]; limits: readonly RateLimit[] }>();
  const add = (key: string, limits: readonly RateLimit[], at: number) => {
    const entry = byKey.get(key) ?? { times: [], limits };
    entry.times.push(at);
    byKey.set(key, entry);
  };
  for (const call of calls) {
    add(
      `conversation ${call.delivery.conversation.conversationId}`,
      TEAMS.perConversation,
      call.at,
    );
    add(`tenant ${call.delivery.tenantId}`, TEAMS.perTenant, call.at);
  }
  const violations: string[] = [];
  for (const [key, { times, limits }] of byKey) {
    const sorted = [...times].sort((a, b) => a - b);
    for (const limit of limits) {
      for (const end of sorted) {
        const inWindow = sorted.filter((t) => t > end - limit.windowMs && t <= end).length;
        if (inWindow > limit.limit)
          violations.push(`${key}: ${inWindow} calls in the ${limit.windowMs} ms before ${end}`);
      }
    }
  }
  return violations;
}

export function personalChat(userId: UserId, id = `a:personal-${userId}`): ReachableConversation {
  return {
    conversationId: id,
    kind: 'personal',
    userId,
    memberId: `29:${userId}`,
    serviceUrl: 'https://smba.example/',
    channelId: 'msteams',
    botId: '28:bot',
    botName: 'Partner Benefits',
    teamId: null,
    installedAt: '2026-11-01T00:00:00.000Z',
  };
}

export function teamChannel(id = '19:general@thread.tacv2'): ReachableConversation {
  return {
    conversationId: id,
    kind: 'channel',
    userId: null,
    memberId: null,
    serviceUrl: 'https://smba.example/',
    channelId: 'msteams',
    botId: '28:bot',
    botName: 'Partner Benefits',
    teamId: id,
    installedAt: '2026-11-01T00:00:00.000Z',
  };
}

/** Makes the bot reachable in these conversations, and (optionally) one of them the notification channel. */
export async function reachable(
  store: BenefitStore,
  tenantId: TenantId,
  conversations: ReachableConversation[],
  channelId: string | null = null,
): Promise<void> {
  await store.unitOfWork(tenantId, (data) => {
    data.notifications.conversations.push(...conversations);
    if (channelId) data.notifications.channelConversationId = channelId;
  });
}

/** The organisation as stored durably, what survives a restart: its file on disk, or its rows read afresh (test-backend.ts). */
export function onDisk(dataFile: string, tenantId: TenantId): Promise<OrganisationData> {
  return storedOrganisation(dataFile, tenantId);
}
