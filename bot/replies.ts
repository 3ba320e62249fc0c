import { MessageFactory, type Activity } from 'botbuilder';
import { categoryListCard } from '../cards/category-list.card';
import { helpCard } from '../cards/help.card';
import { holdersCard } from '../cards/holders.card';
import type { Translator } from '../cards/i18n/translator';
import { myBenefitsCard } from '../cards/my-benefits.card';
import { noticeCard } from '../cards/notice.card';
import { overviewCard } from '../cards/overview.card';
import { CHOICES_PER_QUESTION, firstOf, jsonBytes, RECENT_BUDGET, RECENT_PER_CARD } from '../cards/paging';
import type { CardAttachment } from '../cards/render';
import { isAdmin, MEMBERSHIP_URL, PMC_SIGN_IN_URL, type Access, type Actor } from '../services/access.service';
import type { Audience, BenefitsService, MyBenefits, ScopedResult } from '../services/benefits.service';
import { isBenefitError, type BenefitError } from '../services/errors';
import { peopleWhoLeftCard } from './flows/reclaim';
import type { AssignmentService } from '../services/assignment.service';
import type { AsksService } from '../services/asks.service';
import type { NotificationsService } from '../services/notifications/notifications.service';
import { questionCard } from '../cards/question.card';
import type { AuditService } from '../services/audit.service';
import type { ExportsService } from '../services/exports.service';
import type { FinderService } from '../services/finder.service';
import { resultCard } from '../cards/result.card';
import type { RequestsFlow } from './flows/requests-flow';
import type { ChangeIntent, Intent } from './recognizer';

export type Reply = Partial<Activity>;

/** Where the person is asking: who is there with them, and how to reach them privately. */
export interface Place {
  audience: Audience;
  /** The team channel the message came from (for "notify here"); undefined elsewhere. */
  channelConversationId?: string;
  /** A Teams link to a personal chat with the bot, offered in shared conversations. */
  personalChatUrl: string;
}

const card = (attachment: CardAttachment): Reply => MessageFactory.attachment(attachment);

/** The one sentence a person reads for a domain error, in their language. */
export function errorSentence(err: BenefitError, t: Translator): string {
  const params = Object.entries(err.details).map(([k, v]) => [k, Array.isArray(v) ? t.list(v) : typeof v === 'object' ? t.text(v) : v]);
  return t.t(`error.${err.code}`, Object.fromEntries(params));
}

function suggestions(t: Translator, actor: Actor | null): string {
  const keys = actor && !isAdmin(actor) ? (['suggest.myBenefits', 'suggest.help'] as const) : (['suggest.showBenefits', 'suggest.visualStudio', 'suggest.help'] as const);
  return t.list(keys.map((k) => t.t(k)));
}

/** Turns what the person asked into what the bot answers. One service call, one rendering. */
export interface RepliesDeps {
  notifications: NotificationsService;
  asks: AsksService;
  requests: RequestsFlow;
  exports: ExportsService;
  benefits: BenefitsService;
  finder: FinderService;
  assignments: AssignmentService;
  audit: AuditService;
}

export class Replies {
  constructor(private readonly deps: RepliesDeps) {}

  /** R9, R10: what someone whose organisation is not served here reads, whatever they asked. */
  notServed(access: Access, t: Translator): string[] {
    if (access.kind === 'managedInPmc') return [t.t('access.pmc', { org: access.organisationName, url: PMC_SIGN_IN_URL })];
    if (access.kind === 'unknownTenant') return [t.t('access.unknownTenant', { url: MEMBERSHIP_URL })];
    return [];
  }

  async answer(intent: Exclude<Intent, ChangeIntent>, access: Access, place: Place, t: Translator): Promise<Reply[]> {
    if (intent.name === 'setLanguage') return [MessageFactory.text(t.t('language.set'))];
    if (access.kind !== 'member') return this.notServed(access, t).map((line) => MessageFactory.text(line));
    const { actor } = access;
    try {
      switch (intent.name) {
        case 'help':
          return [card(this.help(actor, place, t))];
        case 'greeting':
          return [MessageFactory.text(this.welcomeText(actor, place, t))];
        case 'cancel':
          return [MessageFactory.text(t.t('flow.nothingToCancel'))];
        case 'whoHas':
          return await this.whoHas(actor, intent.benefit, place, t);
        case 'holders':
          return await this.holdersPage(actor, intent.benefitId, intent.page, place, t);
        case 'auditLog':
          return await this.auditLog(actor, place, t);
        case 'requestHours':
          return [card(await this.deps.requests.form(actor, t, intent.benefit, intent.hours))];
        case 'myRequests':
          if (place.audience === 'shared') return this.scoped({ scope: 'personalChatOnly' }, place, t, () => noticeCard('', null));
          return [card(await this.deps.requests.mine(actor, t))];
        case 'notifyHere':
          return await this.notifyHere(actor, place, t);
        case 'stopNotifications': {
          const { stopped } = await this.deps.notifications.stopChannel(actor);
          return [MessageFactory.text(t.t(stopped ? 'notifyCmd.stopped' : 'notifyCmd.notSet'))];
        }
        case 'failedNotifications':
          return await this.failedNotifications(actor, place, t);
        case 'peopleWhoLeft':
          // Names people: a personal chat only.
          if (place.audience === 'shared') return this.scoped({ scope: 'personalChatOnly' }, place, t, () => noticeCard('', null));
          return [card(await peopleWhoLeftCard(this.deps.assignments, actor, t))];
        case 'retryNotifications': {
          const { retried, stillUndeliverable } = await this.deps.notifications.retry(actor, 'all');
          const said = [...(retried > 0 || stillUndeliverable === 0 ? [t.count('notifyCmd.retried', retried)] : []), ...(stillUndeliverable > 0 ? [t.count('notifyCmd.stillUndeliverable', stillUndeliverable)] : [])];
          return [MessageFactory.text(said.join(' '))];
        }
        case 'askBenefit':
          return await this.ask(actor, intent.benefit, t);
        case 'exportAssignments':
          return await this.exportOffer(actor, place, t);
        case 'cancelMembership':
          return [card(await this.deps.requests.cancellation(actor, t))];
        case 'showBenefits':
          return this.scoped(await this.deps.benefits.overview(actor, place.audience), place, t, (overview) => overviewCard(overview, t, this.shareLink(place)));
        case 'showCategory':
          return this.scoped(await this.deps.benefits.category(actor, intent.category, place.audience), place, t, (list) => categoryListCard(list, t, this.shareLink(place), intent.page ?? 0));
        case 'myBenefits':
          return this.scoped(await this.deps.benefits.mine(actor, place.audience), place, t, (mine) => myBenefitsCard(mine, t));
        case 'none': {
          const text = intent.text.replace(/\s+/g, ' ').slice(0, 80);
          const key = text ? 'notUnderstood' : 'notUnderstood.empty';
          return [MessageFactory.text(t.t(key, { text, suggestions: suggestions(t, actor) }))];
        }
      }
    } catch (err) {
      if (isBenefitError(err)) return [MessageFactory.text(errorSentence(err, t))];
      throw err;
    }
  }

  /** R1.6: who holds a benefit, for admins in a private chat; several benefits when the name is ambiguous. */
  private async whoHas(actor: Actor, query: string, place: Place, t: Translator): Promise<Reply[]> {
    if (!isAdmin(actor) || place.audience === 'shared') return this.scoped(await this.deps.benefits.mine(actor, place.audience), place, t, (mine) => this.mineWithNotice(mine, t));
    const found = await this.deps.finder.benefits(actor, query);
    if (found.kind === 'none') {
      const suggestions = found.suggestions.map((b) => t.text(b.name));
      return [MessageFactory.text([t.t('flow.ask.benefit.notFound', { query }), ...(suggestions.length ? [`${t.t('flow.ask.didYouMean')} ${t.list(suggestions)}`] : [])].join(' '))];
    }
    const replies: Reply[] = [];
    for (const benefit of found.kind === 'one' ? [found.item] : found.items) replies.push(card(holdersCard(await this.deps.assignments.holders(actor, benefit.id), t)));
    return replies;
  }

  /** A page of one benefit's holders, from a card's button; the same people see it as see "who has". A page past the end is the last. */
  private async holdersPage(actor: Actor, benefitId: string, page: number, place: Place, t: Translator): Promise<Reply[]> {
    if (!isAdmin(actor) || place.audience === 'shared') return this.scoped(await this.deps.benefits.mine(actor, place.audience), place, t, (mine) => this.mineWithNotice(mine, t));
    return [card(holdersCard(await this.deps.assignments.holders(actor, benefitId), t, page))];
  }

  /** R1.4-style: a Global admin or MPN partner admin makes a team channel the one that hears changes, in their language. */
  private async notifyHere(actor: Actor, place: Place, t: Translator): Promise<Reply[]> {
    if (!place.channelConversationId) return [MessageFactory.text(t.t('notifyCmd.channelOnly'))];
    const outcome = await this.deps.notifications.setChannel(actor, place.channelConversationId);
    await this.deps.notifications.setLanguage(actor, t.lang);
    return [MessageFactory.text(t.t(outcome.alreadyDone ? 'notifyCmd.alreadyHere' : 'notifyCmd.here', { org: actor.organisationName }))];
  }

  private async failedNotifications(actor: Actor, place: Place, t: Translator): Promise<Reply[]> {
    if (place.audience === 'shared') return this.scoped({ scope: 'personalChatOnly' }, place, t, () => noticeCard('', null));
    const failed = await this.deps.notifications.failed(actor);
    // Newest first; "retry notifications" sends every one of them, shown or not.
    const facts = failed.map((f) => ({ title: `${t.dateTime(f.createdAt)} → ${t.text(f.to)}`, value: `${t.text(f.summary)} (${f.undeliverable ? t.t('notifyCmd.undeliverable') : (f.lastError ?? '')})` }));
    const { shown, more } = firstOf(facts, RECENT_PER_CARD, { budget: RECENT_BUDGET, bytes: jsonBytes });
    const fix = failed.some((f) => f.undeliverable) ? [t.t('notifyCmd.undeliverableHint')] : [];
    return [card(resultCard({
      title: t.t('notifyCmd.failedTitle'),
      color: failed.length ? 'Attention' : 'Good',
      lines: failed.length ? [...fix, t.t('notifyCmd.retryHint'), ...(more > 0 ? [t.count('notifyCmd.older', more)] : [])] : [t.t('notifyCmd.noneFailed')],
      facts: shown,
      links: [],
    }))];
  }

  /** "I'd like a Visual Studio subscription": one benefit asks at once; several (or none found) offer the choice. */
  private async ask(actor: Actor, query: string | undefined, t: Translator): Promise<Reply[]> {
    const askable = await this.deps.asks.askable(actor);
    const found = query ? await this.deps.finder.benefits(actor, query) : undefined;
    const matches = found ? (found.kind === 'one' ? [found.item] : found.kind === 'many' ? found.items : []).filter((b) => askable.some((a) => a.id === b.id)) : [];
    if (matches.length === 1 && matches[0]) return this.askFor(matches[0].id, { kind: 'member', actor }, t);
    const { shown, more } = firstOf(matches.length > 1 ? matches : askable, CHOICES_PER_QUESTION);
    const choices = shown.map((b) => ({ id: b.id, title: t.text(b.name) }));
    const question = matches.length === 0 && query ? `${t.t('flow.ask.benefit.notFound', { query })} ${t.t('ask.which')}` : t.t('ask.which');
    // The choices ask straight away: no question stays open, so the rest are asked for by name.
    return [card(questionCard({ question, ...(more > 0 ? { note: t.count('ask.more', more) } : {}), slot: 'benefit', choices, cancelLabel: t.t('flow.cancelButton'), pickVerb: 'ask.benefit' }))];
  }

  /** Sends the request to the admins; an open one for the same benefit is not sent twice. */
  async askFor(benefitId: string, access: Access, t: Translator): Promise<Reply[]> {
    if (access.kind !== 'member') return this.notServed(access, t).map((line) => MessageFactory.text(line));
    try {
      const { ask, alreadyAsked } = await this.deps.asks.ask(access.actor, benefitId);
      return [MessageFactory.text(t.t(alreadyAsked ? 'ask.sentAlready' : 'ask.sent', { benefit: t.text(ask.benefit) }))];
    } catch (err) {
      if (isBenefitError(err)) return [MessageFactory.text(errorSentence(err, t))];
      throw err;
    }
  }

  /** A file is sent in a personal chat only: Teams asks the person to accept it (FileConsentCard). */
  private async exportOffer(actor: Actor, place: Place, t: Translator): Promise<Reply[]> {
    if (place.audience === 'shared') return this.scoped({ scope: 'personalChatOnly' }, place, t, () => noticeCard('', null));
    const file = await this.deps.exports.assignments(actor);
    return [{
      attachments: [{
        contentType: 'application/vnd.microsoft.teams.card.file.consent',
        name: file.name,
        content: {
          description: t.t('export.description', { org: actor.organisationName, rows: t.count('count.rows', file.rows), date: t.date(file.asOf) }),
          sizeInBytes: file.content.length,
          acceptContext: { export: 'assignments' },
          declineContext: { export: 'assignments' },
        },
      }],
    }];
  }

  /** The last changes, for a Global admin, in a personal chat only (they name people). */
  private async auditLog(actor: Actor, place: Place, t: Translator): Promise<Reply[]> {
    if (place.audience === 'shared') return this.scoped({ scope: 'personalChatOnly' }, place, t, () => noticeCard('', null));
    const lines = await this.deps.audit.recent(actor, 15);
    return [card(resultCard({
      title: t.t('audit.title', { org: actor.organisationName }),
      color: 'Default',
      lines: lines.length === 0 ? [t.t('audit.empty')] : [],
      facts: lines.map((line) => ({
        title: t.dateTime(line.at),
        value: `${line.actorName}: ${t.t(`audit.${line.action}`, { benefit: line.benefit ? t.text(line.benefit) : '', subject: line.subjectName ?? '' })}`,
      })),
      links: [],
    }))];
  }

  /** The greeting when the bot is installed: role-aware in a personal chat, general in a shared one. */
  async welcome(access: Access, place: Place, t: Translator): Promise<Reply[]> {
    if (access.kind !== 'member') return this.answer({ name: 'help' }, access, place, t);
    return [MessageFactory.text(this.welcomeText(access.actor, place, t))];
  }

  private welcomeText(actor: Actor, place: Place, t: Translator): string {
    const params = { name: actor.displayName, org: actor.organisationName };
    const key = place.audience === 'shared' ? 'welcome.shared' : isAdmin(actor) ? 'welcome.admin' : 'welcome.employee';
    return place.audience === 'shared' ? t.t(key, params) : `${t.t(key, params)} ${t.t('welcome.languageHint')}`;
  }

  private help(actor: Actor, place: Place, t: Translator): CardAttachment {
    const shared = place.audience === 'shared';
    const roleKey = actor.roles[0] ? (`role.${actor.roles[0]}` as const) : 'role.employee';
    return helpCard({ signedInAs: shared ? null : { name: actor.displayName, roleKey, org: actor.organisationName }, isAdmin: isAdmin(actor), shared }, t);
  }

  private scoped<T>(result: ScopedResult<T>, place: Place, t: Translator, render: (value: T) => CardAttachment): Reply[] {
    switch (result.scope) {
      case 'organisation':
        return [card(render(result.value))];
      case 'own':
        return [card(this.mineWithNotice(result.mine, t))];
      case 'personalChatOnly':
        return [card(noticeCard(t.t('scope.personalChatOnly'), place.personalChatUrl ? { label: t.t('scope.openPersonalChat'), url: place.personalChatUrl } : null))];
    }
  }

  private mineWithNotice(mine: MyBenefits, t: Translator): CardAttachment {
    return myBenefitsCard(mine, t, t.t('scope.employeeSeesOwn'));
  }

  private shareLink(place: Place): string {
    return place.audience === 'shared' ? place.personalChatUrl : '';
  }
}
