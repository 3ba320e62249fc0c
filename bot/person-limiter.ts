import { ActivityTypes, type TurnContext, type UserState } from 'botbuilder';
import { resultCard } from '../cards/result.card';
import { LRUCache } from 'lru-cache';
import { identityOf, type TurnHandler } from './benefits-bot';
import type { Logger } from './logger';
import { translatorOf } from './profile';

/** How fast one person may talk to the bot: a steady rate, and a burst on top of it. */
export interface PersonRate {
  perSecond: number;
  burst: number;
}

export type Verdict = 'ok' | 'firstRefusal' | 'refused';

interface Bucket {
  tokens: number;
  at: number;
  /** Refused since the last turn let through: the person has been told already. */
  told: boolean;
}

/**
 * A token bucket per person: `burst` turns at once, refilled at `perSecond`. Held by this instance
 * only (a limiter, not a record): several instances each allow the rate.
 */
export class PersonLimiter {
  private readonly buckets = new LRUCache<string, Bucket>({ max: 50_000 });

  constructor(
    private readonly rate: PersonRate,
    private readonly now: () => number = () => performance.now(),
  ) {}

  take(key: string): Verdict {
    const now = this.now();
    const bucket = this.buckets.get(key) ?? { tokens: this.rate.burst, at: now, told: false };
    bucket.tokens = Math.min(
      this.rate.burst,
      bucket.tokens + ((now - bucket.at) / 1000) * this.rate.perSecond,
    );
    bucket.at = now;
    let verdict: Verdict;
    if (bucket.tokens >= 1) {
      bucket.tokens -= 1;
      bucket.told = false;
      verdict = 'ok';
    } else {
      verdict = bucket.told ? 'refused' : 'firstRefusal';
      bucket.told = true;
    }
    this.buckets.set(key, bucket);
    return verdict;
  }
}

/**
 * One person sending messages or pressing buttons faster than `rate` is slowed down: the first turn
 * over the limit is answered with one friendly sentence in their language, the rest until they slow
 * down are dropped unanswered (a card button gets the same sentence as its card). Nothing of theirs
 * runs, so nothing changes; other people are not affected. Other activities pass untouched.
 */
export function limitedPerPerson(
  rate: PersonRate | null,
  bot: TurnHandler,
  logger?: Logger,
  userState?: UserState,
): TurnHandler {
  if (!rate) return bot;
  const limiter = new PersonLimiter(rate);
  return {
    run: async (context: TurnContext) => {
      const { activity } = context;
      const cardAction =
        activity.type === ActivityTypes.Invoke && activity.name === 'adaptiveCard/action';
      if (activity.type !== ActivityTypes.Message && !cardAction) return bot.run(context);
      // The same tenant and person the bot serves the turn as: changing one copy of the tenant id does not make a new person.
      const identity = identityOf(context);
      const who =
        identity.userId ?? (typeof activity.from?.id === 'string' ? activity.from.id : '');
      const verdict = limiter.take(`${identity.tenantId ?? ''}\u0000${who}`);
      if (verdict === 'ok') return bot.run(context);
      const t = await translatorOf(context, userState);
      if (verdict === 'firstRefusal')
        logger?.info(
          { activityId: activity.id, type: activity.type },
          'a person is sending faster than the per-person limit: slowed down',
        );
      if (cardAction) {
        const card = resultCard({ kind: 'slowDown' }, t).content;
        await context.sendActivity({
          type: 'invokeResponse',
          value: {
            status: 200,
            body: { statusCode: 200, type: 'application/vnd.microsoft.card.adaptive', value: card },
          },
        });
      } else if (verdict === 'firstRefusal') {
        await context.sendActivity(t.t('limit.slowDown'));
      }
    },
  };
}
