import { MessageFactory, type Activity } from 'botbuilder';
import { categoryListCard } from '../cards/category-list.card';
import { helpCard } from '../cards/help.card';
import { holdersCard } from '../cards/holders.card';
import type { Translator } from '../cards/i18n/translator';
import { myBenefitsCard } from '../cards/my-benefits.card';
import { noticeCard } from '../cards/notice.card';
import { overviewCard } from '../cards/overview.card';
import { CHOICES_PER_QUESTION, firstOf } from '../cards/paging';
import type { CardAttachment } from '../cards/render';
import {
  MEMBERSHIP_URL,
  PMC_SIGN_IN_URL,
  type Access,
  type Actor,
} from '../services/access.service';
import type { BenefitsService, MyBenefits } from '../services/benefits.service';
import {
  personalChatLink,
  sightOf,
  type Audience,
  type ScopedResult,
  type Sight,
} from '../services/policy/visibility';
import { isBenefitError } from '../services/errors';
import { explain } from './errors';
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
import type { ChangeIntent, Intent, PersonMention } from './recognizer';
import type { BenefitRef } from '../services/rules';

export type Reply = Partial<Activity>;

const card = (attachment: CardAttachment): Reply => MessageFactory.attachment(attachment);

function suggestions(t: Translator, sight: Sight): string {
  const keys =
    sight.role === 'employee'
      ? (['suggest.myBenefits', 'suggest.help'] as const)
      : (['suggest.showBenefits', 'suggest.visualStudio', 'suggest.help'] as const);
  return t.list(keys.map((k) => t.t(k)));
}

/** Requests that fit the person's role, to offer when a message was not understood. */
function examples(t: Translator, sight: Sight): string[] {
  const keys =
    sight.role === 'admin'
      ? (['example.showBenefits', 'example.howMany', 'example.whoHas', 'example.help'] as const)
      : (['example.myBenefits', 'example.ask', 'example.help'] as const);
  return keys.map((k) => t.t(k));
}

type AnswerIntent = Exclude<Intent, ChangeIntent>;
/** The answers for a member; setLanguage is answered for anyone, before membership is checked. */
type AnswerName = Exclude<AnswerIntent['name'], 'setLanguage'>;
type AnswerHandler<N extends AnswerName> = (
  asked: { actor: Actor; audience: Audience; t: Translator },
  intent: Extract<AnswerIntent, { name: N }>,
) => Reply[] | Promise<Reply[]>;

type Resolved<T> = { kind: 'one'; item: T } | { kind: 'reply'; replies: Reply[] };

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
    if (access.kind === 'managedInPmc')
      return [t.t('access.pmc', { org: access.organisationName, url: PMC_SIGN_IN_URL })];
    if (access.kind === 'unknownTenant')
      return [t.t('access.unknownTenant', { url: MEMBERSHIP_URL })];
    return [];
  }

  async answer(
    intent: Exclude<Intent, ChangeIntent>,
    access: Access,
    audience: Audience,
    t: Translator,
  ): Promise<Reply[]> {
    if (intent.name === 'setLanguage') return [MessageFactory.text(t.t('language.set'))];
    if (access.kind !== 'member')
      return this.notServed(access, t).map((line) => MessageFactory.text(line));
    const { actor } = access;
    const handler = this.answers[intent.name] as AnswerHandler<typeof intent.name>;
    try {
      return await handler({ actor, audience, t }, intent);
    } catch (err) {
      if (isBenefitError(err)) return [explain(err, t, 'message')];
      throw err;
    }
  }

  /** Each typed request (bot/routes.ts routes it here) → its one answer, for a member of a served organisation. */
  private readonly answers: { [N in AnswerName]: AnswerHandler<N> } = {
    help: ({ actor, audience, t }) => [card(this.help(actor, audience, t))],
    greeting: ({ actor, audience, t }) => [
      MessageFactory.text(this.welcomeText(actor, audience, t)),
    ],
    cancel: ({ t }) => [MessageFactory.text(t.t('flow.nothingToCancel'))],
    whoHas: ({ actor, audience, t }, intent) => this.whoHas(actor, intent.benefit, audience, t),
    holders: ({ actor, audience, t }, intent) =>
      this.holdersPage(actor, intent.benefitId, intent.page, audience, t),
    auditLog: ({ actor, audience, t }) => this.auditLog(actor, audience, t),
    requestHours: async ({ actor, t }, intent) => [
      card(await this.deps.requests.form(actor, t, intent.benefit, intent.hours)),
    ],
    myRequests: async ({ actor, audience, t }) =>
      this.scoped(await this.deps.requests.mine(actor, audience), audience, t, (requests) =>
        resultCard({ kind: 'myRequests', requests }, t),
      ),
    notifyHere: ({ actor, audience, t }) => this.notifyHere(actor, audience, t),
    stopNotifications: async ({ actor, t }) => {
      const { stopped } = await this.deps.notifications.stopChannel(actor);
      return [MessageFactory.text(t.t(stopped ? 'notifyCmd.stopped' : 'notifyCmd.notSet'))];
    },
    failedNotifications: ({ actor, audience, t }) => this.failedNotifications(actor, audience, t),
    peopleWhoLeft: async ({ actor, audience, t }) =>
      this.scoped(
        await this.deps.assignments.seatsOfPeopleWhoLeftIn(actor, audience),
        audience,
        t,
        (seats) => peopleWhoLeftCard(seats, t),
      ),
    retryNotifications: async ({ actor, t }) => {
      const { retried, stillUndeliverable } = await this.deps.notifications.retry(actor, 'all');
      const said = [
        ...(retried > 0 || stillUndeliverable === 0 ? [t.count('notifyCmd.retried', retried)] : []),
        ...(stillUndeliverable > 0
          ? [t.count('notifyCmd.stillUndeliverable', stillUndeliverable)]
          : []),
      ];
      return [MessageFactory.text(said.join(' '))];
    },
    askBenefit: ({ actor, t }, intent) =>
      this.ask(actor, intent.benefit, t, intent.confirmFirst === true),
    exportAssignments: ({ actor, audience, t }) => this.exportOffer(actor, audience, t),
    cancelMembership: async ({ actor, t }) => [
      card(await this.deps.requests.cancellation(actor, t)),
    ],
    showBenefits: async ({ actor, audience, t }) =>
      this.scoped(await this.deps.benefits.overview(actor, audience), audience, t, (overview) =>
        overviewCard(overview, t, personalChatLink(audience)),
      ),
    showCategory: async ({ actor, audience, t }, intent) =>
      this.scoped(
        await this.deps.benefits.category(actor, intent.category, audience),
        audience,
        t,
        (list) => categoryListCard(list, t, personalChatLink(audience), intent.page ?? 0),
      ),
    myBenefits: async ({ actor, audience, t }) =>
      this.scoped(await this.deps.benefits.mine(actor, audience), audience, t, (mine) =>
        myBenefitsCard(mine, t),
      ),
    doesHave: ({ actor, audience, t }, intent) =>
      this.doesHave(actor, intent.person, intent.benefit, audience, t),
    howMany: ({ actor, audience, t }, intent) => this.howMany(actor, intent, audience, t),
    showBenefit: ({ actor, audience, t }, intent) =>
      this.showBenefit(actor, intent.benefit, audience, t),
    benefitDetails: async ({ actor, audience, t }, intent) =>
      this.scoped(
        await this.deps.benefits.benefit(actor, intent.benefitId, audience),
        audience,
        t,
        (list) => categoryListCard(list, t, personalChatLink(audience)),
      ),
    unsure: ({ actor, audience, t }, intent) => this.unsure(actor, intent, audience, t),
    none: ({ actor, audience, t }, intent) => {
      const text = intent.text.replace(/\s+/g, ' ').slice(0, 80);
      const key = text ? 'notUnderstood' : 'notUnderstood.empty';
      const sight = sightOf(actor, audience);
      // Said plainly, with examples that fit the person's role as buttons that send them.
      return [
        MessageFactory.suggestedActions(
          examples(t, sight).map((example) => ({ type: 'imBack', title: example, value: example })),
          t.t(key, { text, suggestions: suggestions(t, sight) }),
        ),
      ];
    },
  };

  /** R1.6: who holds a benefit, for admins in a private chat; several benefits when the name is ambiguous. */
  private async whoHas(
    actor: Actor,
    query: string,
    audience: Audience,
    t: Translator,
  ): Promise<Reply[]> {
    let notFound: Reply[] = [];
    const seen = await this.deps.assignments.holdersIn(actor, audience, async () => {
      const named = await this.namedBenefits(actor, query, t);
      if (named.kind === 'reply') notFound = named.replies;
      return named.kind === 'one' ? named.item.map((b) => b.id) : null;
    });
    return this.scoped(seen, audience, t, (pages) =>
      pages ? pages.map((page) => card(holdersCard(page, t))) : notFound,
    );
  }

  /** A benefit named in a question: one or several, or a sentence saying none is called that. */
  private async namedBenefits(
    actor: Actor,
    query: string,
    t: Translator,
  ): Promise<Resolved<BenefitRef[]>> {
    const found = await this.deps.finder.benefits(actor, query);
    if (found.kind !== 'none')
      return { kind: 'one', item: found.kind === 'one' ? [found.item] : found.items };
    const close = found.suggestions.map((b) => t.text(b.name));
    return {
      kind: 'reply',
      replies: [
        MessageFactory.text(
          [
            t.t('flow.ask.benefit.notFound', { query }),
            ...(close.length ? [`${t.t('flow.ask.didYouMean')} ${t.list(close)}`] : []),
          ].join(' '),
        ),
      ],
    };
  }

  /** A person named in a question, within the organisation; never a guess: several or none are said so. */
  private async namedPerson(
    actor: Actor,
    mention: PersonMention,
    t: Translator,
  ): Promise<Resolved<{ id: string; displayName: string }>> {
    if (mention.userId) {
      const byId = await this.deps.finder.knownPersonById(actor, mention.userId);
      if (byId) return { kind: 'one', item: byId };
    } else if (/^(?:me|myself)$/i.test(mention.text) && actor.userId) {
      return { kind: 'one', item: { id: actor.userId, displayName: actor.displayName } };
    }
    const query = mention.text || mention.userId || '';
    const found = query
      ? await this.deps.finder.knownPeople(actor, query)
      : ({ kind: 'none', suggestions: [] } as const);
    if (found.kind === 'one') return found;
    if (found.kind === 'many')
      return {
        kind: 'reply',
        replies: [
          MessageFactory.text(
            t.t('answer.person.many', {
              query,
              names: t.list(found.items.map((p) => p.displayName)),
            }),
          ),
        ],
      };
    return {
      kind: 'reply',
      replies: [
        MessageFactory.text(t.t('answer.person.notFound', { query, org: actor.organisationName })),
      ],
    };
  }

  /** R1.6: "does Ana have VS?" yes or no (with what is free and an Assign button), or everything the person holds. */
  private async doesHave(
    actor: Actor,
    mention: PersonMention,
    query: string | undefined,
    audience: Audience,
    t: Translator,
  ): Promise<Reply[]> {
    // Who and what was named is looked up only where the answer may be given (services decide).
    let said: Reply[] = [];
    let named: Resolved<BenefitRef[]> | undefined;
    const seen = await this.deps.benefits.holdings(actor, audience, async () => {
      const who = await this.namedPerson(actor, mention, t);
      if (who.kind === 'reply') {
        said = who.replies;
        return { unknownPerson: true };
      }
      named = query ? await this.namedBenefits(actor, query, t) : undefined;
      if (named?.kind === 'reply') {
        said = named.replies;
        return { answered: true };
      }
      return { userId: who.item.id };
    });
    return this.scoped(seen, audience, t, (h) => {
      if (!h) return said;
      const asked = named?.kind === 'one' ? named.item : undefined;
      return asked
        ? resultCard(
            {
              kind: 'hasBenefit',
              person: h.person,
              asked: asked.map((b) => {
                const view = h.benefits.find((v) => v.id === b.id);
                return { name: b.name, ...(view ? { counts: view } : {}) };
              }),
              held: asked.flatMap((b) => h.items.filter((i) => i.benefitId === b.id)),
              canAssign: h.canAssign,
            },
            t,
          )
        : resultCard({ kind: 'holdings', holdings: h }, t);
    });
  }

  /** "How many VS Pro seats are left?": one sentence per benefit named (counts only: fine in any conversation for admins). */
  private async howMany(
    actor: Actor,
    intent: Extract<Intent, { name: 'howMany' }>,
    audience: Audience,
    t: Translator,
  ): Promise<Reply[]> {
    const named = intent.benefit ? await this.namedBenefits(actor, intent.benefit, t) : undefined;
    if (named?.kind === 'reply') return named.replies;
    const ids = named ? new Set(named.item.map((b) => b.id)) : undefined;
    return this.scoped(
      await this.deps.benefits.availability(actor, audience),
      audience,
      t,
      (views) =>
        resultCard(
          {
            kind: 'howMany',
            benefits: views.filter((v) => (ids ? ids.has(v.id) : v.category === intent.category)),
          },
          t,
        ),
    );
  }

  /** "Tell me about the Azure credit": that benefit's row and details; several when the words name several. */
  private async showBenefit(
    actor: Actor,
    query: string,
    audience: Audience,
    t: Translator,
  ): Promise<Reply[]> {
    const named = await this.namedBenefits(actor, query, t);
    if (named.kind === 'reply') return named.replies;
    const replies: Reply[] = [];
    for (const b of named.item.slice(0, 3))
      replies.push(
        ...this.scoped(
          await this.deps.benefits.benefit(actor, b.id, audience),
          audience,
          t,
          (list) => categoryListCard(list, t, personalChatLink(audience)),
        ),
      );
    return replies;
  }

  /**
   * A message that names a benefit but not what to do with it ("VS Ana?"): never a guess. It says so
   * and offers the likely readings as buttons; the Assign one only starts the flow, which confirms.
   */
  private async unsure(
    actor: Actor,
    intent: Extract<Intent, { name: 'unsure' }>,
    audience: Audience,
    t: Translator,
  ): Promise<Reply[]> {
    const found = await this.deps.finder.benefits(actor, intent.benefit);
    const one = found.kind === 'one' ? found.item : undefined;
    // Holders and the person to assign to are offered where holders may be shown (services decide).
    const { holders } = sightOf(actor, audience);
    const person =
      holders && intent.rest ? await this.deps.finder.knownPeople(actor, intent.rest) : undefined;
    return [
      card(
        resultCard(
          {
            kind: 'unsure',
            benefit: one ? { id: one.id, name: one.name } : { query: intent.benefit },
            category: intent.category,
            ...(person?.kind === 'one' ? { assignTo: person.item } : {}),
            showHolders: holders,
          },
          t,
        ),
      ),
    ];
  }

  /** A page of one benefit's holders, from a card's button; the same people see it as see "who has". A page past the end is the last. */
  private async holdersPage(
    actor: Actor,
    benefitId: string,
    page: number,
    audience: Audience,
    t: Translator,
  ): Promise<Reply[]> {
    const seen = await this.deps.assignments.holdersIn(actor, audience, async () => [benefitId]);
    return this.scoped(seen, audience, t, (pages) =>
      (pages ?? []).map((holders) => card(holdersCard(holders, t, page))),
    );
  }

  /** R1.4-style: a Global admin or MPN partner admin makes a team channel the one that hears changes, in their language. */
  private async notifyHere(actor: Actor, audience: Audience, t: Translator): Promise<Reply[]> {
    if (!audience.channelConversationId) return [MessageFactory.text(t.t('notifyCmd.channelOnly'))];
    const outcome = await this.deps.notifications.setChannel(actor, audience.channelConversationId);
    await this.deps.notifications.setLanguage(actor, t.lang);
    return [
      MessageFactory.text(
        t.t(outcome.alreadyDone ? 'notifyCmd.alreadyHere' : 'notifyCmd.here', {
          org: actor.organisationName,
        }),
      ),
    ];
  }

  private async failedNotifications(
    actor: Actor,
    audience: Audience,
    t: Translator,
  ): Promise<Reply[]> {
    return this.scoped(
      await this.deps.notifications.failedIn(actor, audience),
      audience,
      t,
      (failed) => resultCard({ kind: 'failedNotifications', failed }, t),
    );
  }

  /** "I'd like a Visual Studio subscription": one benefit asks at once; several (or none found) offer the choice. */
  private async ask(
    actor: Actor,
    query: string | undefined,
    t: Translator,
    confirmFirst = false,
  ): Promise<Reply[]> {
    const askable = await this.deps.asks.askable(actor);
    const found = query ? await this.deps.finder.benefits(actor, query) : undefined;
    const matches = found
      ? (found.kind === 'one' ? [found.item] : found.kind === 'many' ? found.items : []).filter(
          (b) => askable.some((a) => a.id === b.id),
        )
      : [];
    if (matches.length === 1 && matches[0] && !confirmFirst)
      return this.askFor(matches[0].id, { kind: 'member', actor }, t);
    const listed = matches.length > 0 ? matches : askable;
    // The choices ask straight away: no question stays open, so the rest are asked for by name.
    return [
      card(
        questionCard(
          {
            kind: 'askWhich',
            ...(matches.length === 0 && query ? { notFound: query } : {}),
            ...(matches.length === 1 ? { confirm: true } : {}),
            choices: firstOf(listed, CHOICES_PER_QUESTION).shown,
            total: listed.length,
          },
          t,
        ),
      ),
    ];
  }

  /** Sends the request to the admins; an open one for the same benefit is not sent twice. */
  async askFor(benefitId: string, access: Access, t: Translator): Promise<Reply[]> {
    if (access.kind !== 'member')
      return this.notServed(access, t).map((line) => MessageFactory.text(line));
    try {
      const { ask, alreadyAsked } = await this.deps.asks.ask(access.actor, benefitId);
      return [
        MessageFactory.text(
          t.t(alreadyAsked ? 'ask.sentAlready' : 'ask.sent', { benefit: t.text(ask.benefit) }),
        ),
      ];
    } catch (err) {
      if (isBenefitError(err)) return [explain(err, t, 'message')];
      throw err;
    }
  }

  /** A file is sent in a personal chat only: Teams asks the person to accept it (FileConsentCard). */
  private async exportOffer(actor: Actor, audience: Audience, t: Translator): Promise<Reply[]> {
    return this.scoped(
      await this.deps.exports.assignmentsIn(actor, audience),
      audience,
      t,
      (file) => [
        {
          attachments: [
            {
              contentType: 'application/vnd.microsoft.teams.card.file.consent',
              name: file.name,
              content: {
                description: t.t('export.description', {
                  org: actor.organisationName,
                  rows: t.count('count.rows', file.rows),
                  date: t.date(file.asOf),
                }),
                sizeInBytes: file.content.length,
                acceptContext: { export: 'assignments' },
                declineContext: { export: 'assignments' },
              },
            },
          ],
        },
      ],
    );
  }

  /** The last changes, for a Global admin, in a personal chat only (they name people). */
  private async auditLog(actor: Actor, audience: Audience, t: Translator): Promise<Reply[]> {
    return this.scoped(await this.deps.audit.recentIn(actor, audience, 15), audience, t, (lines) =>
      resultCard({ kind: 'audit', organisation: actor.organisationName, lines }, t),
    );
  }

  /** The greeting when the bot is installed: role-aware in a personal chat, general in a shared one. */
  async welcome(access: Access, audience: Audience, t: Translator): Promise<Reply[]> {
    if (access.kind !== 'member') return this.answer({ name: 'help' }, access, audience, t);
    return [MessageFactory.text(this.welcomeText(access.actor, audience, t))];
  }

  private welcomeText(actor: Actor, audience: Audience, t: Translator): string {
    const params = { name: actor.displayName, org: actor.organisationName };
    const sight = sightOf(actor, audience);
    if (sight.readers === 'shared') return t.t('welcome.shared', params);
    const key = sight.role === 'admin' ? 'welcome.admin' : 'welcome.employee';
    return `${t.t(key, params)} ${t.t('welcome.languageHint')}`;
  }

  private help(actor: Actor, audience: Audience, t: Translator): CardAttachment {
    const sight = sightOf(actor, audience);
    const shared = sight.readers === 'shared';
    const roleKey = actor.roles[0] ? (`role.${actor.roles[0]}` as const) : 'role.employee';
    return helpCard(
      {
        signedInAs: shared
          ? null
          : { name: actor.displayName, roleKey, org: actor.organisationName },
        isAdmin: sight.role === 'admin',
        shared,
      },
      t,
    );
  }

  /** Renders an answer as the service scoped it: the answer itself, the person's own instead, or a pointer to a personal chat. */
  private scoped<T>(
    result: ScopedResult<T>,
    audience: Audience,
    t: Translator,
    render: (value: T) => CardAttachment | Reply[],
  ): Reply[] {
    switch (result.scope) {
      case 'organisation': {
        const rendered = render(result.value);
        return Array.isArray(rendered) ? rendered : [card(rendered)];
      }
      case 'own':
        return [card(this.mineWithNotice(result.mine, t))];
      case 'personalChatOnly':
        return [
          card(
            noticeCard(
              { personalChatOnly: 'benefits', personalChatUrl: audience.personalChatUrl },
              t,
            ),
          ),
        ];
    }
  }

  private mineWithNotice(mine: MyBenefits, t: Translator): CardAttachment {
    return myBenefitsCard(mine, t, t.t('scope.employeeSeesOwn'));
  }
}
