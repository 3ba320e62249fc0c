import type { AssignmentOutcome, LeftSeat } from '../services/assignment.service';
import type { AuditLine } from '../services/audit.service';
import type { BenefitView, Unit } from '../services/benefit-views';
import type { Holdings } from '../services/benefits.service';
import type { CategoryId, LocalizedText } from '../services/model';
import type { FailedNotificationView } from '../services/notifications/notifications.service';
import type { RequestView } from '../services/requests.service';
import type { PartnerRole } from '../services/users.service';
import { seatsLeft } from './confirm.card';
import type { StateColor } from './format';
import type { Translator } from './i18n/translator';
import { firstOf, jsonBytes, RECENT_BUDGET, RECENT_PER_CARD } from './paging';
import { renderTemplate, type CardAttachment } from './render';
import template from './templates/result.json';

/** A change of assignment made on Confirm (R1.3, R4.1, R5.2, R6.2): who has what now, and what is left. */
export interface AssignmentDone {
  kind: 'assignmentDone';
  op: 'assign' | 'remove' | 'reassign' | 'confirmActive';
  outcome: AssignmentOutcome;
  /** Where everyone reads it: people by name, never by address. */
  shared: boolean;
  /** R5.2: the person added to the user list with the assignment. */
  addedUser?: string;
  /** How the person hears of it when the bot cannot write to them: the channel mentions them, or nobody tells them. */
  unreachable?: 'channel' | 'nobody';
}

/**
 * A change, request or answer that could not be given, shown on a card: "Not done" and why (each
 * reason worded by bot/ from the error's code), or the reason alone when there is nothing to have done.
 */
export type ErrorResult =
  | { kind: 'notDone'; reasons: readonly string[] }
  | { kind: 'refused'; reason: string }
  | { kind: 'unknownAction' }
  | { kind: 'slowDown' };

/** What happened, or what the bot found, in domain terms: the card words it in the reader's language. */
export type ResultView =
  | AssignmentDone
  | { kind: 'roleSet'; name: string; role: PartnerRole; grant: boolean; alreadyDone: boolean }
  | { kind: 'userAdded'; name: string; alreadyDone: boolean }
  | { kind: 'contactSet'; name: string; alreadyDone: boolean }
  | { kind: 'activationRequested'; offer: LocalizedText; contact: string; alreadyDone: boolean }
  | { kind: 'offerActive'; offer: LocalizedText; expiresAt: string | null; alreadyDone: boolean }
  | {
      kind: 'noteSet';
      benefit: LocalizedText;
      name: string;
      cleared: boolean;
      /** Said only when the note was already what was asked. */
      alreadyDone: boolean;
    }
  | { kind: 'reclaimed'; seats: readonly LeftSeat[]; alreadyDone: boolean }
  | { kind: 'nobodyLeft' }
  | { kind: 'cancelled' }
  | { kind: 'hoursRequested'; request: RequestView; alreadyDone: boolean }
  | { kind: 'cancellationRequested'; request: RequestView; alreadyDone: boolean }
  | { kind: 'myRequests'; requests: readonly RequestView[] }
  | { kind: 'holdings'; holdings: Holdings }
  | {
      kind: 'hasBenefit';
      person: { id: string; displayName: string };
      /** The benefits asked about, with their counts when the organisation has them. */
      asked: readonly {
        name: LocalizedText;
        counts?: { free: number | null; unit: Unit };
      }[];
      held: Holdings['items'];
      /** An admin is offered to assign a benefit with a free seat. */
      canAssign: boolean;
    }
  | { kind: 'howMany'; benefits: readonly BenefitView[] }
  | {
      kind: 'unsure';
      /** The benefit found, or the words when none was found. */
      benefit: { id: string; name: LocalizedText } | { query: string };
      category: CategoryId;
      /** Someone the rest of the message names, to offer assigning to (admins, personal chat). */
      assignTo?: { id: string; displayName: string };
      showHolders: boolean;
    }
  | { kind: 'failedNotifications'; failed: readonly FailedNotificationView[] }
  | { kind: 'audit'; organisation: string; lines: readonly AuditLine[] }
  | ErrorResult;

/** The Adaptive Card every result shares: a coloured title, lines, facts, links and buttons. */
export interface ResultLayout {
  title: string;
  color: StateColor;
  lines: string[];
  facts: { title: string; value: string }[];
  links: { title: string; url: string }[];
  /** Card buttons (a verb and ids, as bot/verbs.ts accepts them), after the links: "Next", "Previous". */
  buttons: { title: string; data: Record<string, unknown> }[];
}

/** What a change did (or why it did not happen), or what was found, replacing the card it answers. */
export function resultCard(view: ResultView, t: Translator): CardAttachment {
  return resultLayout(layoutOf(view, t));
}

/** The shared shape, for the cards of this folder that lay out their own results (holders). */
export function resultLayout(
  data: Partial<ResultLayout> & Pick<ResultLayout, 'title'>,
): CardAttachment {
  return renderTemplate('result', template, {
    title: data.title,
    color: data.color ?? 'Default',
    lines: (data.lines ?? []).map((line) => ({ line })),
    facts: data.facts ?? [],
    links: data.links ?? [],
    buttons: data.buttons ?? [],
  });
}

type Layout = Partial<ResultLayout> & Pick<ResultLayout, 'title'>;

function layoutOf(view: ResultView, t: Translator): Layout {
  switch (view.kind) {
    case 'assignmentDone':
      return assignmentDone(view, t);
    case 'roleSet': {
      const params = { name: view.name, role: t.t(`role.article.${view.role}`) };
      return done(
        t.t(view.grant ? 'result.roleGranted' : 'result.roleRevoked', params),
        view.alreadyDone,
        t,
      );
    }
    case 'userAdded':
      return done(t.t('result.userAddedReady', { name: view.name }), view.alreadyDone, t);
    case 'contactSet':
      return done(t.t('result.contactSet', { name: view.name }), view.alreadyDone, t);
    case 'activationRequested':
      return done(
        t.t('result.activationRequested', { benefit: t.text(view.offer), name: view.contact }),
        view.alreadyDone,
        t,
      );
    case 'offerActive':
      return done(
        t.t('result.offerActive', {
          benefit: t.text(view.offer),
          date: view.expiresAt ? t.date(view.expiresAt) : '',
        }),
        view.alreadyDone,
        t,
      );
    case 'noteSet':
      return done(
        t.t(view.cleared ? 'result.noteCleared' : 'result.noteSet', {
          benefit: t.text(view.benefit),
          name: view.name,
        }),
        view.alreadyDone,
        t,
      );
    case 'reclaimed':
      return view.alreadyDone
        ? { title: t.t('result.alreadyDone') }
        : {
            title: t.count('left.reclaimed', view.seats.length),
            color: 'Good',
            facts: view.seats.map((seat) => ({
              title: t.text(seat.benefit.name),
              value: seat.user.displayName,
            })),
          };
    case 'nobodyLeft':
      return { title: t.t('left.none'), color: 'Good' };
    case 'cancelled':
      return { title: t.t('result.cancelled') };
    case 'hoursRequested':
    case 'cancellationRequested': {
      const key =
        view.kind === 'hoursRequested'
          ? view.alreadyDone
            ? 'request.alreadySubmitted'
            : 'request.submitted'
          : view.alreadyDone
            ? 'cancel.alreadyRequested'
            : 'cancel.requested';
      return {
        title: t.t(key, { reference: view.request.reference }),
        color: view.alreadyDone ? 'Default' : 'Good',
        facts: requestFacts(view.request, t),
      };
    }
    case 'myRequests': {
      const facts = view.requests.map((r) => ({ title: r.reference, value: summary(r, t) }));
      const { shown, more } = firstOf(facts, RECENT_PER_CARD, {
        budget: RECENT_BUDGET,
        bytes: jsonBytes,
      });
      return {
        title: t.t('request.mine.title'),
        lines:
          view.requests.length === 0
            ? [t.t('request.mine.none')]
            : more > 0
              ? [t.count('request.mine.older', more)]
              : [],
        facts: shown,
      };
    }
    case 'holdings': {
      const { person, items } = view.holdings;
      const params = { person: person.displayName };
      return {
        title: t.t('answer.has.title', params),
        lines: items.length ? [] : [t.t('answer.has.nothing', params)],
        facts: items.map((i) => ({
          title: t.text(i.name),
          value: `${t.t(`state.${i.state === 'active' ? 'active' : 'notActivated'}`)} · ${t.t('answer.has.since', { date: t.date(i.assignedAt) })}`,
        })),
      };
    }
    case 'hasBenefit':
      return hasBenefit(view, t);
    case 'howMany': {
      const lines = view.benefits.map((v) => {
        const total = t.count(`unit.${v.unit}`, v.quantity);
        return v.free === null
          ? t.t('answer.howMany.uncounted', { benefit: t.text(v.name), total })
          : t.t('answer.howMany.line', { benefit: t.text(v.name), free: v.free, total });
      });
      return lines.length === 1
        ? { title: lines[0] ?? '' }
        : { title: t.t('answer.howMany.title'), lines };
    }
    case 'unsure':
      return unsure(view, t);
    case 'failedNotifications':
      return failedNotifications(view.failed, t);
    case 'audit':
      return {
        title: t.t('audit.title', { org: view.organisation }),
        lines: view.lines.length === 0 ? [t.t('audit.empty')] : [],
        facts: view.lines.map((line) => ({
          title: t.dateTime(line.at),
          value: `${line.actorName}: ${t.t(`audit.${line.action}`, { benefit: line.benefit ? t.text(line.benefit) : '', subject: line.subjectName ?? '' })}`,
        })),
      };
    case 'notDone':
      return { title: t.t('result.notDone'), color: 'Attention', lines: [...view.reasons] };
    case 'refused':
      return { title: view.reason, color: 'Attention' };
    case 'unknownAction':
      return { title: t.t('error.unknownAction'), color: 'Attention' };
    case 'slowDown':
      return { title: t.t('limit.slowDown'), color: 'Attention' };
  }
}

/** A change made (green), or one found already made (grey, and said so). */
function done(title: string, alreadyDone: boolean, t: Translator): Layout {
  return {
    title,
    color: alreadyDone ? 'Default' : 'Good',
    lines: alreadyDone ? [t.t('result.alreadyDone')] : [],
  };
}

function assignmentDone(view: AssignmentDone, t: Translator): Layout {
  const { op, outcome, shared, addedUser, unreachable } = view;
  const emails = shared
    ? outcome.user.displayName
    : t.list([outcome.user.email, ...(outcome.alternativeEmail ? [outcome.alternativeEmail] : [])]);
  const params = {
    benefit: t.text(outcome.benefit.name),
    name: outcome.user.displayName,
    from: outcome.from?.displayName ?? '',
    emails,
  };
  const key =
    op === 'remove'
      ? 'result.removed'
      : op === 'reassign'
        ? 'result.reassigned'
        : op === 'confirmActive'
          ? 'result.activated'
          : outcome.state === 'pendingActivation'
            ? 'result.assignedPending'
            : 'result.assigned';
  const lines: string[] = [];
  if (addedUser) lines.push(t.t('result.userAdded', { name: addedUser }));
  if (unreachable)
    lines.push(
      t.t(unreachable === 'channel' ? 'result.unreachable' : 'result.untold', {
        name: outcome.user.displayName,
      }),
    );
  if (outcome.alreadyDone) lines.push(t.t('result.alreadyDone'));
  if (op !== 'remove' && outcome.benefit.kind === 'seats')
    lines.push(t.t('result.useVisualStudio', { name: outcome.user.displayName }));
  if (op !== 'remove' && outcome.benefit.kind === 'usageSubscription')
    lines.push(t.t('result.useAzure'));
  return {
    title: t.t(key, params),
    color: outcome.alreadyDone ? 'Default' : 'Good',
    lines,
    facts:
      op === 'confirmActive' || outcome.benefit.kind !== 'seats'
        ? []
        : [{ title: t.t('fact.left'), value: seatsLeft(outcome, t) }],
    links:
      op === 'remove'
        ? []
        : outcome.benefit.links.slice(0, 1).map((l) => ({ title: t.text(l.title), url: l.url })),
  };
}

/** R1.6: "does Ana have VS?": yes (since when), or no (with what is free, and Assign for an admin). */
function hasBenefit(view: Extract<ResultView, { kind: 'hasBenefit' }>, t: Translator): Layout {
  const person = view.person.displayName;
  if (view.held.length)
    return {
      title: view.held
        .map((i) =>
          t.t('answer.has.yes', { person, benefit: t.text(i.name), date: t.date(i.assignedAt) }),
        )
        .join(' '),
      color: 'Good',
    };
  const lines: string[] = [];
  const buttons: ResultLayout['buttons'] = [];
  for (const { name, counts } of view.asked) {
    const benefit = t.text(name);
    if (!counts || counts.free === null)
      lines.push(t.t('answer.has.noUncounted', { person, benefit }));
    else if (counts.free === 0) lines.push(t.t('answer.has.noneFree', { person, benefit }));
    else {
      lines.push(
        t.t('answer.has.no', {
          person,
          benefit,
          free: t.count(`unit.${counts.unit}`, counts.free),
        }),
      );
      if (view.canAssign)
        buttons.push({
          title: t.t('answer.assignButton', { benefit, person }),
          data: { verb: 'assign.start', benefit: name.en, userId: view.person.id },
        });
    }
  }
  return { title: lines.join(' '), buttons };
}

/** A benefit named without what to do with it: the likely readings as buttons, never a guess. */
function unsure(view: Extract<ResultView, { kind: 'unsure' }>, t: Translator): Layout {
  const found = 'id' in view.benefit ? view.benefit : undefined;
  const benefit = found ? t.text(found.name) : 'query' in view.benefit ? view.benefit.query : '';
  const buttons: ResultLayout['buttons'] = [];
  if (view.assignTo)
    buttons.push({
      title: t.t('unsure.assign', { benefit, person: view.assignTo.displayName }),
      data: {
        verb: 'assign.start',
        benefit: found ? found.name.en : benefit,
        userId: view.assignTo.id,
      },
    });
  if (found) {
    if (view.showHolders)
      buttons.push({
        title: t.t('unsure.whoHas', { benefit }),
        data: { verb: 'benefits.holders', benefitId: found.id, page: 0 },
      });
    buttons.push({
      title: t.t('unsure.details', { benefit }),
      data: { verb: 'benefits.details', benefitId: found.id },
    });
  } else {
    buttons.push({
      title: t.t('unsure.category', { category: t.t(`category.${view.category}`) }),
      data: { verb: 'benefits.category', category: view.category },
    });
  }
  return { title: t.t('unsure.text', { benefit }), buttons };
}

/** Notifications nobody received, newest first; "retry notifications" sends every one, shown or not. */
function failedNotifications(failed: readonly FailedNotificationView[], t: Translator): Layout {
  const facts = failed.map((f) => ({
    title: `${t.dateTime(f.createdAt)} → ${t.text(f.to)}`,
    value: `${t.text(f.summary)} (${f.undeliverable ? t.t('notifyCmd.undeliverable') : (f.lastError ?? '')})`,
  }));
  const { shown, more } = firstOf(facts, RECENT_PER_CARD, {
    budget: RECENT_BUDGET,
    bytes: jsonBytes,
  });
  const fix = failed.some((f) => f.undeliverable) ? [t.t('notifyCmd.undeliverableHint')] : [];
  return {
    title: t.t('notifyCmd.failedTitle'),
    color: failed.length ? 'Attention' : 'Good',
    lines: failed.length
      ? [
          ...fix,
          t.t('notifyCmd.retryHint'),
          ...(more > 0 ? [t.count('notifyCmd.older', more)] : []),
        ]
      : [t.t('notifyCmd.noneFailed')],
    facts: shown,
  };
}

function summary(request: RequestView, t: Translator): string {
  const what =
    request.kind === 'hours' && request.benefit
      ? `${t.text(request.benefit.name)} · ${t.count('unit.hour', request.hours ?? 0)}`
      : t.t(`request.kind.${request.kind}`);
  return `${what} · ${t.t(`request.status.${request.status}`)} · ${t.date(request.createdAt)}`;
}

function requestFacts(request: RequestView, t: Translator): { title: string; value: string }[] {
  return [
    { title: t.t('request.reference'), value: request.reference },
    ...(request.benefit
      ? [{ title: t.t('request.benefit'), value: t.text(request.benefit.name) }]
      : []),
    ...(request.phase
      ? [{ title: t.t('request.phase'), value: t.t(`request.phase.${request.phase}`) }]
      : []),
    ...(request.solution
      ? [{ title: t.t('request.solution'), value: t.t(`request.solution.${request.solution}`) }]
      : []),
    ...(request.hours !== null
      ? [{ title: t.t('request.hours'), value: t.count('unit.hour', request.hours) }]
      : []),
    ...(request.contact
      ? [{ title: t.t('request.contactEmail'), value: request.contact.email }]
      : []),
  ];
}
