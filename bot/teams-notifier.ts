import type { CloudAdapter, ConversationReference } from 'botbuilder';
import { translator } from '../cards/i18n/translator';
import { askCard } from '../cards/ask.card';
import { notificationCard } from '../cards/notification.card';
import type { Delivery, DeliveryResult, Notifier } from '../services/notifications/model';

const RETRYABLE = new Set([412, 429, 502, 503, 504]);
/** A send that takes longer is given up on and tried again later (it is not known to be accepted). */
const SEND_TIMEOUT_MS = 15_000;

class SendTimeout extends Error {}

function withTimeout<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new SendTimeout()), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

interface ConnectorError {
  statusCode?: number;
  response?: { headers?: { get?(name: string): string | undefined } };
  message?: string;
}

function retryAfterMs(err: ConnectorError): number | null {
  const header = err.response?.headers?.get?.('retry-after');
  if (!header) return null;
  const seconds = Number(header);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const at = Date.parse(header);
  return Number.isNaN(at) ? null : Math.max(0, at - Date.now());
}

/** Sends notifications as proactive Teams messages through botbuilder, and says how the connector answered. */
export class TeamsNotifier implements Notifier {
  constructor(
    private readonly adapter: CloudAdapter,
    private readonly appId: string,
  ) {}

  async deliver(delivery: Delivery): Promise<DeliveryResult> {
    const { conversation } = delivery;
    const reference: Partial<ConversationReference> = {
      channelId: conversation.channelId,
      serviceUrl: conversation.serviceUrl,
      bot: { id: conversation.botId, name: conversation.botName },
      conversation: {
        id: conversation.conversationId,
        conversationType: conversation.kind,
        tenantId: delivery.tenantId,
        isGroup: conversation.kind !== 'personal',
        name: '',
      },
    };
    const audience = conversation.kind === 'personal' && !delivery.mention ? 'person' : 'channel';
    const t = translator(delivery.language);
    const { event } = delivery;
    const card =
      event.type === 'benefitRequested'
        ? askCard(
            {
              id: event.askId,
              benefitId: event.benefitId,
              benefit: event.benefit,
              userName: event.userName,
              status: 'open',
              decidedByName: null,
              free: event.free,
            },
            t,
            { canDecide: false, approverIds: event.approverIds },
          )
        : notificationCard(
            event,
            audience,
            t,
            delivery.mention ? { id: delivery.mention.userId, name: delivery.mention.name } : null,
          );
    try {
      // A failure inside the turn would go to the adapter's onTurnError and be swallowed: keep it, and answer with it.
      let failure: unknown;
      await withTimeout(
        this.adapter.continueConversationAsync(this.appId, reference, async (context) => {
          try {
            await context.sendActivity({
              attachments: [card],
              channelData: { notificationId: delivery.notificationId },
            });
          } catch (err) {
            failure = err;
          }
        }),
        SEND_TIMEOUT_MS,
      );
      if (failure !== undefined) throw failure;
      return { outcome: 'accepted' };
    } catch (caught) {
      if (caught instanceof SendTimeout) return { outcome: 'retry', retryAfterMs: null, status: 0 };
      const err = caught as ConnectorError;
      const status = typeof err.statusCode === 'number' ? err.statusCode : null;
      if (status !== null && RETRYABLE.has(status))
        return { outcome: 'retry', retryAfterMs: retryAfterMs(err), status };
      if (status === 403) return { outcome: 'gone', status };
      if (status === null) return { outcome: 'retry', retryAfterMs: null, status: 0 }; // the connector could not be reached
      return { outcome: 'failed', status, message: `the connector answered ${status}` };
    }
  }
}
