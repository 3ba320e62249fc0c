import type { Activity } from 'botbuilder';
import { cardSubmit, type ActivityOverrides, type Person } from '../../support/activities';
import { ADAPTIVE, isJson, type Json } from '../../support/card-json';

export { ADAPTIVE, findAction, msg, texts, titleOf } from '../../support/card-json';

/**
 * Talking to a running bot over HTTP as Teams does: activities POSTed to /api/messages (replies go
 * to the connector stand-in at `serviceUrl`), Action.Execute buttons as adaptiveCard/action invokes
 * whose HTTP answer is the card that replaces the one pressed.
 */

export const CONFIRM_VERB = 'change.confirm';
export const CONTOSO_FILE_TENANT = '00000000-0000-0000-0000-0000000000001';

export const BENEFITS = {
  vsEnterprise: {
    id: 'visual-studio-enterprise',
    name: 'Visual Studio Enterprise subscription',
    short: 'VS Enterprise',
    seats: 3,
  },
  vsPro: {
    id: 'visual-studio-professional',
    name: 'Visual Studio Professional subscription',
    short: 'VS Pro',
    seats: 5,
  },
} as const;

/** The Adaptive Card of an activity the bot sent, or undefined. */
export function cardIn(activity: Partial<Activity>): Json | undefined {
  const content: unknown = activity.attachments?.find((a) => a.contentType === ADAPTIVE)?.content;
  return isJson(content) ? content : undefined;
}

export interface Exchange {
  status: number;
  body: unknown;
}

/** POSTs an activity; rejects when the bot cannot be reached or does not answer within `timeoutMs`. */
export async function post(
  botUrl: string,
  serviceUrl: string,
  activity: Partial<Activity>,
  timeoutMs = 15_000,
): Promise<Exchange> {
  const res = await fetch(`${botUrl}/api/messages`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ ...activity, serviceUrl }),
    signal: AbortSignal.timeout(timeoutMs),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = text ? JSON.parse(text) : undefined;
  } catch {
    // not JSON: kept as text
  }
  return { status: res.status, body };
}

/** The Confirm of a change, pressed as Teams sends an Action.Execute. */
export function confirmInvoke(
  who: Person,
  data: Json,
  overrides: ActivityOverrides = {},
): Partial<Activity> {
  return cardSubmit(
    who,
    { action: { type: 'Action.Execute', verb: CONFIRM_VERB, data }, trigger: 'manual' },
    { type: 'invoke', name: 'adaptiveCard/action', ...overrides },
  );
}

/** The card an invoke was answered with (the HTTP body `{ statusCode, type, value }`), or undefined. */
export function invokeCard(exchange: Exchange): Json | undefined {
  const body = exchange.body;
  if (exchange.status !== 200 || !isJson(body) || !isJson(body.value)) return undefined;
  return body.value;
}
