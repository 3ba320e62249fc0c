import { randomUUID } from 'node:crypto';
import { MessageFactory } from 'botbuilder';
import { confirmCard, type ConfirmView, type ContactToSet } from '../../cards/confirm.card';
import type { Translator } from '../../cards/i18n/translator';
import { NEW_USER_CHOICE, questionCard, type QuestionView } from '../../cards/question.card';
import type { CardAttachment } from '../../cards/render';
import type { Actor } from '../../services/access.service';
import type { Clock } from '../../services/clock';
import type { AssignmentPreview, AssignmentService } from '../../services/assignment.service';
import {
  MARKETING_LANGUAGES,
  type CountryCode,
  type GoToMarketService,
} from '../../services/go-to-market.service';
import type { UsersService } from '../../services/users.service';
import type { KeysService } from '../../services/keys.service';
import { keysRevealCard, type KeysRevealView } from '../../cards/keys.card';
import { contactFormCard, type ContactFormView } from '../../cards/contact-form.card';
import { isBenefitError } from '../../services/errors';
import { CHOICES_PER_QUESTION, firstOf } from '../../cards/paging';
import { mayShowPersonal, type Audience } from '../../services/policy/visibility';
import type { Found, FinderService } from '../../services/finder.service';
import type { OrganisationReader } from '../../services/ports';
import { type ChangeOp as RegistryOp, type ChangeServices } from '../../services/changes/registry';
import type { BenefitRef, PersonRef } from '../../services/rules';
import type { ChangeIntent } from '../recognizer';
import { belongsOnForm, explain } from '../errors';
import type { Reply } from '../replies';

/** What the person asked to do: a change intent of the recognizer. "activate" becomes assigning yourself (Azure) or an offer's activation. */
export type ChangeOp = ChangeIntent['name'];
/** What a Confirm button makes happen: a change of the registry. */
export type ConfirmOp = RegistryOp;
export type Slot = 'benefit' | 'person' | 'from' | 'alternativeEmail' | 'contact' | 'newUser';

/** The choice that adds someone who is not in the user list (R5.2). */
const NEW_USER = NEW_USER_CHOICE;

/** R7.2: the marketing contact as typed into its form. */
export interface ContactAnswer {
  userId?: string;
  email?: string;
  phone?: string;
  language?: string;
  /** A name typed to find someone the form's short list does not show. */
  query?: string;
}

interface Ref {
  query?: string;
  id?: string;
}

/** What a change flow knows so far; kept in dialog state between turns. Ids only, re-checked on Confirm. */
export interface Draft {
  op: ChangeOp;
  benefit: Ref;
  /** The person the change is for: who gets it, who is removed, whose support is active. */
  person: Ref;
  /** Reassign only: who gives the benefit up. */
  from: Ref;
  alternativeEmail?: string;
  contact?: ContactAnswer;
  /** R5.2: someone to add to the user list and assign in the same step. */
  newUser?: { displayName: string; email: string };
  /** A partner-program role to give (grant) or take away. */
  role?: 'mpnPartnerAdmin' | 'adminAgent';
  grant?: boolean;
  /** The name typed for a person who was not found: the new user form starts with it. */
  newUserHint?: string;
  /** setNote: the note as typed ('' clears it). */
  note?: string;
  /** setMarketingContact: the email, phone and language typed with the request (R7.2); the form starts with them. */
  contactTyped?: { email?: string; phone?: string; language?: string };
  /** getKeys: the display language and OS typed with the request (R3.2), chosen on the card already when the product offers them. */
  keyLanguage?: string;
  keyOs?: string;
  /** What the last question asked for. */
  asking?: Slot;
}

/** What a Confirm button carries: the change by ids, and a request id that makes it happen at most once. */
export interface ConfirmData {
  op: ConfirmOp;
  requestId: string;
  benefitId?: string;
  userId?: string;
  fromUserId?: string;
  alternativeEmail?: string;
  /** The marketing contact's details, for setting it (alone or before an activation). */
  email?: string;
  phone?: string;
  language?: string;
  /** Where a phone number without "+" is read (ISO 3166 code). */
  country?: string;
  /** An offer's expiry (YYYY-MM-DD), from the confirmation card's date input. */
  expiresOn?: string;
  /** R5.2: a user to add first; the assignment is then theirs. */
  newUserName?: string;
  newUserEmail?: string;
  role?: 'mpnPartnerAdmin' | 'adminAgent';
  grant?: 'true' | 'false';
  /** The seats a reclaim takes back (encoded by encodeSeats). */
  seats?: string;
}

export type Step = { kind: 'ask'; draft: Draft; reply: Reply } | { kind: 'done'; replies: Reply[] };

export interface ChangeFlowDeps {
  finder: FinderService;
  assignments: AssignmentService;
  goToMarket: GoToMarketService;
  users: UsersService;
  keys: KeysService;
  store: OrganisationReader;
  clock: Clock;
  /** The registry's services: every confirmed change goes through services/changes/registry.ts. */
  changeServices: ChangeServices;
}

/** People the marketing contact form lists at most: a small organisation sees everyone; a larger one types a name. */
const PEOPLE_IN_CONTACT_FORM = 15;

/** A phone number without "+" is read in the country of the person's language. */
const countryOf = (t: Translator): CountryCode => (t.lang === 'ja' ? 'JP' : 'US');
const isComplete = (c: ContactAnswer | undefined): c is Required<ContactAnswer> =>
  Boolean(c?.userId && c.email && c.phone && c.language);

const card = (attachment: CardAttachment): Reply => MessageFactory.attachment(attachment);

/** Who a change is about and what it is, resolved one question at a time. */
export class ChangeFlow {
  constructor(private readonly deps: ChangeFlowDeps) {}

  /** Resolves what it can; asks for the first thing missing or unclear, or ends on a confirmation card. */
  async step(actor: Actor, draft: Draft, t: Translator, audience: Audience): Promise<Step> {
    try {
      if (draft.op === 'addUser') return await this.addUserStep(actor, draft, t);
      if (draft.op === 'setPartnerRole')
        return await this.partnerRoleStep(actor, draft, t, audience);
      if (draft.op === 'setMarketingContact') {
        await this.deps.goToMarket.checkCanManage(actor); // R1.4, before asking anything
        return await this.contactStep(actor, draft, t, null);
      }
      if (
        draft.op === 'assign' ||
        draft.op === 'remove' ||
        draft.op === 'reassign' ||
        draft.op === 'setNote'
      )
        await this.deps.assignments.checkCanChange(actor); // R1.3
      await this.swapIfReversed(actor, draft);
      const benefit = await this.resolveBenefit(actor, draft, t);
      if (benefit.kind !== 'resolved') return benefit.step;
      if (draft.op === 'getKeys')
        return await this.keysStep(actor, benefit.item, t, audience, draft);
      if (benefit.item.kind === 'offer') return await this.offerStep(actor, draft, benefit.item, t);
      if (draft.op === 'activate') draft.person = { id: actor.userId ?? '' }; // R4.1: assign yourself
      if (
        draft.op === 'reassign' ||
        draft.op === 'remove' ||
        draft.op === 'confirmActive' ||
        draft.op === 'setNote'
      ) {
        const holderSlot = draft.op === 'reassign' ? 'from' : 'person';
        const holder = await this.resolvePerson(
          actor,
          draft,
          holderSlot,
          benefit.item,
          t,
          true,
          audience,
        );
        if (holder.kind !== 'resolved') return holder.step;
      }
      if (draft.op === 'setNote')
        return await this.noteStep(actor, draft, benefit.item, t, audience);
      if (draft.op === 'assign' || draft.op === 'reassign') {
        const person = await this.resolvePerson(
          actor,
          draft,
          'person',
          benefit.item,
          t,
          false,
          audience,
        );
        if (person.kind !== 'resolved') return person.step;
      }
      const preview = draft.newUser
        ? await this.deps.assignments.previewAssignNewUser(
            actor,
            draft.benefit.id ?? '',
            draft.newUser,
          )
        : await this.preview(actor, draft);
      if (preview.needsAlternativeEmail && !draft.alternativeEmail)
        return await this.askAlternativeEmail(actor, draft, preview.user, t);
      if (draft.alternativeEmail)
        await this.deps.assignments.checkAlternativeEmail(actor, draft.alternativeEmail);
      return { kind: 'done', replies: [card(this.confirmation(draft, preview, t, audience))] };
    } catch (err) {
      if (!isBenefitError(err)) throw err;
      if (
        draft.asking === undefined &&
        draft.newUser &&
        belongsOnForm(err, 'newUser') &&
        draft.alternativeEmail === undefined
      ) {
        return this.askNewUser(
          actor,
          { ...draft, newUser: undefined, newUserHint: draft.newUser.displayName },
          t,
          explain(err, t, 'onForm'),
        );
      }
      if (draft.alternativeEmail !== undefined && belongsOnForm(err, 'alternativeEmail')) {
        const user = draft.newUser
          ? { id: '', ...draft.newUser }
          : draft.person.id
            ? await this.deps.finder.personById(actor, draft.person.id)
            : undefined;
        if (user)
          return this.askAlternativeEmail(
            actor,
            { ...draft, alternativeEmail: undefined },
            user,
            t,
            explain(err, t, 'onForm'),
          );
      }
      return { kind: 'done', replies: [explain(err, t, 'message')] };
    }
  }

  /** "remove VS Pro from Ana" names the benefit where "remove Ana from VS Pro" names the person: read it the way that finds both. */
  private async swapIfReversed(actor: Actor, draft: Draft): Promise<void> {
    const { benefit, person } = draft;
    if (draft.op !== 'remove' || !benefit.query || !person.query) return;
    const [asBenefit, asPerson] = await Promise.all([
      this.deps.finder.benefits(actor, person.query),
      this.deps.finder.people(actor, benefit.query),
    ]);
    const benefitFound = await this.deps.finder.benefits(actor, benefit.query);
    if (benefitFound.kind === 'none' && asBenefit.kind !== 'none' && asPerson.kind !== 'none') {
      draft.benefit = { query: person.query };
      draft.person = { query: benefit.query };
    }
  }

  /** R3.1–R3.2, R4.2: the card that asks for the language and OS (and, inside the refund window, an acknowledgement). */
  private async keysStep(
    actor: Actor,
    benefit: BenefitRef,
    t: Translator,
    audience: Audience,
    draft: Draft,
  ): Promise<Step> {
    let preview;
    try {
      preview = await this.deps.keys.previewReveal(actor, benefit.id, audience);
    } catch (err) {
      if (isBenefitError(err) && err.code === 'KEYS.PERSONAL_CHAT_ONLY') {
        const notice = explain(err, t, {
          kind: 'personalChatOnly',
          personalChatUrl: audience.personalChatUrl,
        });
        return { kind: 'done', replies: [card(notice)] };
      }
      throw err;
    }
    const view: KeysRevealView = {
      preview,
      typed: { language: draft.keyLanguage, os: draft.keyOs },
      requestId: randomUUID(),
    };
    return { kind: 'done', replies: [card(keysRevealCard(view, t))] };
  }

  /** A note on an assignment: what it will say (or that it is cleared), confirmed like any change. */
  private async noteStep(
    actor: Actor,
    draft: Draft,
    benefit: BenefitRef,
    t: Translator,
    audience: Audience,
  ): Promise<Step> {
    const note = draft.note ?? '';
    const preview = await this.deps.changeServices.notes.preview(actor, {
      benefitId: benefit.id,
      userId: draft.person.id ?? '',
      note,
    });
    return {
      kind: 'done',
      replies: [
        card(
          confirmCard(
            {
              kind: 'setNote',
              benefit: preview.benefit,
              user: preview.user,
              note: preview.note,
              shared: !mayShowPersonal(audience),
              requestId: randomUUID(),
            },
            t,
          ),
        ),
      ],
    };
  }

  /** Shows the keys, in a personal chat only (the service checks it again), with their instructions and download. */
  /** R7.1–R7.3: activating an offer (asking for a marketing contact first when there is none), or confirming it active. */
  private async offerStep(
    actor: Actor,
    draft: Draft,
    offer: BenefitRef,
    t: Translator,
  ): Promise<Step> {
    const { goToMarket } = this.deps;
    if (draft.op === 'confirmActive') {
      const preview = await goToMarket.previewConfirmActive(actor, offer.id);
      const view: ConfirmView = {
        kind: 'confirmOfferActive',
        offer,
        expiresOn: (preview.expiresAt ?? '').slice(0, 10),
        today: this.today(),
        requestId: randomUUID(),
      };
      return { kind: 'done', replies: [card(confirmCard(view, t))] };
    }
    try {
      await goToMarket.previewActivation(actor, offer.id);
    } catch (err) {
      if (isBenefitError(err) && err.code === 'OFFER.NEEDS_MARKETING_CONTACT')
        return this.contactStep(actor, draft, t, offer);
      throw err;
    }
    return { kind: 'done', replies: [card(this.offerConfirmation(offer, null, t))] };
  }

  /** R7.2: the contact form until it is complete and valid; then the confirmation (with the activation that needed it). */
  private async contactStep(
    actor: Actor,
    draft: Draft,
    t: Translator,
    offer: BenefitRef | null,
  ): Promise<Step> {
    const contact = draft.contact;
    if (isComplete(contact)) {
      try {
        const preview = await this.deps.goToMarket.previewMarketingContact(actor, {
          ...contact,
          defaultCountry: countryOf(t),
        });
        const details = {
          userId: contact.userId,
          email: preview.contact.email,
          phone: preview.contact.phone,
          language: preview.contact.language.code,
        };
        if (offer) {
          draft.benefit = { id: offer.id };
          return {
            kind: 'done',
            replies: [
              card(
                this.offerConfirmation(offer, { ...details, name: preview.contact.displayName }, t),
              ),
            ],
          };
        }
        const view: ConfirmView = {
          kind: 'setMarketingContact',
          userId: contact.userId,
          preview,
          requestId: randomUUID(),
        };
        return { kind: 'done', replies: [card(confirmCard(view, t))] };
      } catch (err) {
        if (belongsOnForm(err, 'marketingContact'))
          return this.askContact(actor, draft, t, offer, explain(err, t, 'onForm'));
        throw err;
      }
    }
    // Submitted with nobody chosen and no name typed.
    const nobody =
      draft.contact !== undefined &&
      !draft.contact.userId &&
      !draft.person.query &&
      !draft.person.id;
    return this.askContact(actor, draft, t, offer, nobody ? t.t('contact.input.person.error') : '');
  }

  private async askContact(
    actor: Actor,
    draft: Draft,
    t: Translator,
    offer: BenefitRef | null,
    problem: string,
  ): Promise<Step> {
    const [users, organisation, current] = await Promise.all([
      this.deps.store.users(actor.tenantId),
      this.deps.store.organisation(actor.tenantId),
      this.deps.goToMarket.marketingContact(actor),
    ]);
    // A person named in the message ("set the marketing contact to Megan") or typed in the form is chosen already.
    const query = draft.person.query?.trim() ?? '';
    const found = query ? await this.deps.finder.people(actor, query) : undefined;
    const named = draft.person.id
      ? await this.deps.finder.personById(actor, draft.person.id)
      : found?.kind === 'one'
        ? found.item
        : undefined;
    const known: ContactAnswer = draft.contact ?? draft.contactTyped ?? {};
    const userId = known.userId ?? named?.id ?? (found ? '' : (current?.userId ?? ''));
    const everyone: PersonRef[] = users.map((u) => ({
      id: u.id,
      displayName: u.displayName,
      email: u.email,
    }));
    const chosen = named?.id === userId ? named : everyone.find((u) => u.id === userId);
    const values = {
      userId,
      email: known.email ?? (named ? named.email : (current?.email ?? chosen?.email ?? '')),
      phone: known.phone ?? current?.phone ?? '',
      language: known.language ?? current?.language.code ?? t.lang,
    };
    // A short list (the chosen person first, then as found); the rest are a typed name away.
    const matches = found?.kind === 'many' ? found.items : everyone;
    const pool = [...(chosen ? [chosen] : []), ...matches.filter((p) => p.id !== chosen?.id)];
    const { shown, more } = firstOf(pool, PEOPLE_IN_CONTACT_FORM);
    const view: ContactFormView = {
      offer,
      organisation: {
        name: organisation?.name ?? '',
        partnerCenterEmail: organisation?.partnerCenterEmail ?? '',
      },
      problem,
      notFound: found?.kind === 'none' ? query : '',
      people: shown,
      total: shown.length + more,
      matchesOf: found?.kind === 'many' ? query : null,
      // A box to type a name in whenever someone is missing from the list: it is cut short, or holds only the matches of a name.
      search: more > 0 || found?.kind === 'many',
      languages: MARKETING_LANGUAGES,
      values,
    };
    const form = contactFormCard(view, t);
    return {
      kind: 'ask',
      draft: { ...draft, ...(offer ? { benefit: { id: offer.id } } : {}), asking: 'contact' },
      reply: card(form),
    };
  }

  private offerConfirmation(
    offer: BenefitRef,
    contact: Omit<ContactToSet, 'country' | 'languageName'> | null,
    t: Translator,
  ): CardAttachment {
    const language = contact
      ? MARKETING_LANGUAGES.find((l) => l.code === contact.language)
      : undefined;
    const view: ConfirmView = {
      kind: 'activateOffer',
      offer,
      contact: contact
        ? {
            ...contact,
            ...(language ? { languageName: language.name } : {}),
            country: countryOf(t),
          }
        : null,
      requestId: randomUUID(),
    };
    return confirmCard(view, t);
  }

  private today(): string {
    return this.deps.clock.now().toISOString().slice(0, 10);
  }

  /** Takes the answer to the last question (a button's id or typed words) into the draft. */
  answer(
    draft: Draft,
    answer: {
      id?: string;
      text?: string;
      contact?: ContactAnswer;
      newUser?: { displayName: string; email: string };
    },
  ): Draft {
    const slot = draft.asking;
    const next: Draft = { ...draft, asking: undefined };
    if (!slot) return next;
    if (slot === 'alternativeEmail')
      return { ...next, alternativeEmail: answer.text?.trim() ?? '' };
    if (slot === 'contact') {
      if (!answer.contact) return { ...draft };
      // A typed name is a search: the form comes back with whom it finds (and their email), keeping the phone and language.
      const { query, userId, email, ...rest } = answer.contact;
      return query
        ? { ...next, contact: rest, person: { query } }
        : { ...next, contact: { userId, email, ...rest }, person: {} };
    }
    if (slot === 'newUser')
      return answer.newUser ? { ...next, newUser: answer.newUser } : { ...draft };
    const ref: Ref = answer.id ? { id: answer.id } : { query: answer.text?.trim() ?? '' };
    return { ...next, [slot]: ref };
  }

  /** What to say when someone asks for help in the middle of a flow. */
  helpFor(draft: Draft, t: Translator): string {
    const keys = {
      alternativeEmail: 'flow.help.alternativeEmail',
      benefit: 'flow.help.benefit',
      contact: 'flow.help.contact',
      person: 'flow.help.person',
      from: 'flow.help.person',
      newUser: 'flow.help.newUser',
    } as const;
    return t.t(keys[draft.asking ?? 'person']);
  }

  private async resolveBenefit(
    actor: Actor,
    draft: Draft,
    t: Translator,
  ): Promise<{ kind: 'resolved'; item: BenefitRef } | { kind: 'ask'; step: Step }> {
    const ref = draft.benefit;
    const candidates = await this.deps.assignments.changeableBenefits(actor, draft.op);
    if (ref.id) {
      const item = candidates.find((b) => b.id === ref.id);
      if (item) return { kind: 'resolved', item };
    }
    const searched: Found<BenefitRef> = ref.query
      ? await this.deps.finder.benefits(actor, ref.query)
      : { kind: 'many', items: candidates };
    // Only benefits this change applies to count: "Professional" is VS Professional here, not Office Professional Plus.
    const applicable = (items: BenefitRef[]) =>
      items.filter((b) => candidates.some((c) => c.id === b.id));
    const matches =
      searched.kind === 'one'
        ? applicable([searched.item])
        : searched.kind === 'many'
          ? applicable(searched.items)
          : [];
    const found: Found<BenefitRef> =
      matches.length === 1 && matches[0]
        ? { kind: 'one', item: matches[0] }
        : matches.length > 1
          ? { kind: 'many', items: matches }
          : searched.kind === 'none'
            ? searched
            : { kind: 'none', suggestions: candidates };
    if (found.kind === 'one') {
      draft.benefit = { id: found.item.id };
      return { kind: 'resolved', item: found.item };
    }
    const options = found.kind === 'none' ? found.suggestions : found.items;
    const choices = options.filter((b) => candidates.some((c) => c.id === b.id));
    const listed = choices.length > 0 ? choices : candidates;
    const { shown } = firstOf(listed, CHOICES_PER_QUESTION);
    const free = await this.deps.assignments.freePlaces(actor);
    const person = await this.understoodPerson(actor, draft.person, false);
    const from = await this.understoodPerson(actor, draft.from, true);
    return {
      kind: 'ask',
      step: this.ask({ ...draft, benefit: {} }, 'benefit', t, {
        kind: 'benefit',
        op: draft.op,
        ...(person !== undefined ? { person } : {}),
        ...(from !== undefined ? { from } : {}),
        ...(found.kind === 'none'
          ? { unclear: { kind: 'notFound', query: ref.query ?? '', suggested: choices.length > 0 } }
          : ref.query
            ? { unclear: { kind: 'several', query: ref.query } }
            : {}),
        choices: shown.map((b) => ({ benefit: b, free: free.get(b.id) })),
        total: listed.length,
      }),
    };
  }

  /** Who a change names, as far as it is understood: by name once found, as typed while the words fit several people. */
  private async understoodPerson(
    actor: Actor,
    ref: Ref,
    holder: boolean,
  ): Promise<string | undefined> {
    const finder = this.deps.finder;
    if (ref.id) {
      const person = await (holder
        ? finder.knownPersonById(actor, ref.id)
        : finder.personById(actor, ref.id));
      return person?.displayName;
    }
    if (!ref.query) return undefined;
    const found = await (holder
      ? finder.knownPeople(actor, ref.query)
      : finder.people(actor, ref.query));
    return found.kind === 'one' ? found.item.displayName : ref.query;
  }

  private async resolvePerson(
    actor: Actor,
    draft: Draft,
    slot: 'person' | 'from',
    benefit: BenefitRef,
    t: Translator,
    mustHold: boolean,
    audience: Audience,
  ): Promise<{ kind: 'resolved' } | { kind: 'ask'; step: Step }> {
    const ref = draft[slot];
    const holders = mustHold
      ? (await this.deps.assignments.holders(actor, benefit.id)).holders
      : [];
    if (mustHold && holders.length === 0) {
      const key = draft.op === 'confirmActive' ? 'flow.nobodyToConfirm' : 'flow.nobodyHolds';
      return {
        kind: 'ask',
        step: {
          kind: 'done',
          replies: [MessageFactory.text(t.t(key, { benefit: t.text(benefit.name) }))],
        },
      };
    }
    if (!mustHold && slot === 'person') {
      if (draft.newUser) {
        await this.deps.users.previewAddUser(actor, draft.newUser); // R1.5, R5.2: refusals come back to the form
        return { kind: 'resolved' };
      }
      if (ref.id === NEW_USER)
        return { kind: 'ask', step: await this.askNewUser(actor, draft, t, '') };
    }
    // A holder is named among the people the organisation has known, so a seat of someone who left can still be taken back.
    const byId = (id: string) =>
      mustHold
        ? this.deps.finder.knownPersonById(actor, id)
        : this.deps.finder.personById(actor, id);
    if (ref.id) {
      const person = await byId(ref.id);
      if (person) return { kind: 'resolved' };
    }
    let found: Found<PersonRef> | undefined;
    if (ref.query) {
      found = await (mustHold
        ? this.deps.finder.knownPeople(actor, ref.query)
        : this.deps.finder.people(actor, ref.query));
      // When several people match, only those who hold the benefit count; one named person who does not hold it is refused by the service.
      if (mustHold && found.kind === 'many') {
        const items = found.items.filter((p) => holders.some((h) => h.id === p.id));
        found =
          items.length === 1 && items[0]
            ? { kind: 'one', item: items[0] }
            : items.length > 1
              ? { kind: 'many', items }
              : { kind: 'none', suggestions: holders };
      }
      if (found.kind === 'one') {
        draft[slot] = { id: found.item.id };
        return { kind: 'resolved' };
      }
    } else if (mustHold && holders.length === 1 && holders[0] && draft.op !== 'reassign') {
      draft[slot] = { id: holders[0].id };
      return { kind: 'resolved' };
    }
    const from = draft.from.id
      ? await this.deps.finder.knownPersonById(actor, draft.from.id)
      : undefined;
    const organisation = await this.deps.store.organisation(actor.tenantId);
    const options =
      found?.kind === 'many'
        ? found.items
        : found?.kind === 'none'
          ? found.suggestions
          : mustHold
            ? holders
            : [];
    const { shown } = firstOf(options, CHOICES_PER_QUESTION);
    const addNew = !mustHold && slot === 'person' && found?.kind === 'none';
    return {
      kind: 'ask',
      step: this.ask(
        {
          ...draft,
          [slot]: {},
          ...(found?.kind === 'none' && ref.query ? { newUserHint: ref.query } : {}),
        },
        slot,
        t,
        {
          kind: 'person',
          slot,
          op: draft.op,
          benefit: benefit.name,
          ...(from ? { from: from.displayName } : {}),
          ...(found?.kind === 'none'
            ? {
                unclear: {
                  kind: 'notFound',
                  query: ref.query ?? '',
                  suggested: options.length > 0,
                },
              }
            : found?.kind === 'many'
              ? { unclear: { kind: 'several', query: ref.query ?? '' } }
              : {}),
          organisation: organisation?.name ?? '',
          choices: shown,
          total: options.length,
          ...(addNew ? { addNew: ref.query ? { name: ref.query } : {} } : {}),
          holdersOnly: mustHold,
          shared: !mayShowPersonal(audience),
        },
      ),
    };
  }

  /** Partner-program roles (no Entra equivalent): who, then one confirmation. Global admin only, checked by the service. */
  private async partnerRoleStep(
    actor: Actor,
    draft: Draft,
    t: Translator,
    audience: Audience,
  ): Promise<Step> {
    const role = draft.role ?? 'mpnPartnerAdmin';
    const grant = draft.grant ?? true;
    await this.deps.users.checkCanSetRoles(actor); // before asking anything
    let userId = draft.person.id;
    if (!userId && draft.person.query) {
      const found = await this.deps.finder.people(actor, draft.person.query);
      if (found.kind === 'one') userId = found.item.id;
      else {
        const options = found.kind === 'many' ? found.items : found.suggestions;
        return this.ask({ ...draft, person: {} }, 'person', t, {
          kind: 'roleHolder',
          role,
          grant,
          unclear:
            found.kind === 'many'
              ? { kind: 'several', query: draft.person.query }
              : { kind: 'notFound', query: draft.person.query, suggested: options.length > 0 },
          organisation: actor.organisationName,
          choices: firstOf(options, CHOICES_PER_QUESTION).shown,
          total: options.length,
          shared: !mayShowPersonal(audience),
        });
      }
    }
    if (!userId)
      return this.ask(draft, 'person', t, {
        kind: 'roleHolder',
        role,
        grant,
        organisation: actor.organisationName,
        choices: [],
        total: 0,
        shared: !mayShowPersonal(audience),
      });
    const preview = await this.deps.users.previewPartnerRole(actor, { userId, role, grant });
    const view: ConfirmView = {
      kind: 'setPartnerRole',
      user: { ...preview.user, id: userId },
      role,
      grant,
      shared: !mayShowPersonal(audience),
      requestId: randomUUID(),
    };
    return { kind: 'done', replies: [card(confirmCard(view, t))] };
  }

  /** R1.5: "add user Nina Patel nina@contoso.com": the form until name and email are good, then the confirmation. */
  private async addUserStep(actor: Actor, draft: Draft, t: Translator): Promise<Step> {
    if (!draft.newUser) {
      await this.deps.users.checkCanAdd(actor);
      return this.askNewUser(actor, draft, t, '');
    }
    try {
      const preview = await this.deps.users.previewAddUser(actor, draft.newUser);
      const view: ConfirmView = {
        kind: 'addUser',
        displayName: preview.displayName,
        email: preview.email,
        requestId: randomUUID(),
      };
      return { kind: 'done', replies: [card(confirmCard(view, t))] };
    } catch (err) {
      if (belongsOnForm(err, 'newUser'))
        return this.askNewUser(
          actor,
          { ...draft, newUser: undefined, newUserHint: draft.newUser.displayName },
          t,
          explain(err, t, 'onForm'),
        );
      throw err;
    }
  }

  /** R5.2: the name and work email of someone to add to the user list. */
  private async askNewUser(
    actor: Actor,
    draft: Draft,
    t: Translator,
    problem: string,
  ): Promise<Step> {
    const organisation = await this.deps.store.organisation(actor.tenantId);
    const benefit = draft.benefit.id
      ? (await this.deps.store.benefits(actor.tenantId)).find((b) => b.id === draft.benefit.id)
      : undefined;
    return this.ask({ ...draft, person: {} }, 'newUser', t, {
      kind: 'newUser',
      organisation: organisation?.name ?? '',
      ...(benefit ? { benefit: benefit.name } : {}),
      ...(problem ? { problem } : {}),
      hint: draft.newUserHint ?? '',
    });
  }

  private async askAlternativeEmail(
    actor: Actor,
    draft: Draft,
    user: PersonRef,
    t: Translator,
    problem?: string,
  ): Promise<Step> {
    const organisation = await this.deps.store.organisation(actor.tenantId);
    return this.ask(draft, 'alternativeEmail', t, {
      kind: 'alternativeEmail',
      name: user.displayName,
      partnerCenterEmail: organisation?.partnerCenterEmail ?? '',
      ...(problem ? { problem } : {}),
    });
  }

  private ask(draft: Draft, slot: Slot, t: Translator, question: QuestionView): Step {
    return {
      kind: 'ask',
      draft: { ...draft, asking: slot },
      reply: card(questionCard(question, t)),
    };
  }

  private preview(actor: Actor, draft: Draft): Promise<AssignmentPreview> {
    const benefitId = draft.benefit.id ?? '';
    const userId = draft.person.id ?? '';
    const { assignments } = this.deps;
    switch (draft.op) {
      case 'assign':
      case 'activate':
        return assignments.previewAssign(actor, benefitId, userId);
      case 'remove':
        return assignments.previewRemove(actor, benefitId, userId);
      case 'reassign':
        return assignments.previewReassign(actor, benefitId, draft.from.id ?? '', userId);
      case 'confirmActive':
        return assignments.previewConfirmActive(actor, benefitId, userId);
      case 'setMarketingContact':
      case 'addUser':
      case 'getKeys':
      case 'setPartnerRole':
      case 'setNote':
        throw new Error(`${draft.op} has no assignment preview.`);
    }
  }

  private confirmation(
    draft: Draft,
    preview: AssignmentPreview,
    t: Translator,
    audience: Audience,
  ): CardAttachment {
    const { op } = draft;
    if (
      op !== 'assign' &&
      op !== 'activate' &&
      op !== 'remove' &&
      op !== 'reassign' &&
      op !== 'confirmActive'
    )
      throw new Error(`${op} has its own confirmation.`);
    const view: ConfirmView = {
      kind: 'assignment',
      op,
      preview,
      ...(draft.alternativeEmail ? { alternativeEmail: draft.alternativeEmail } : {}),
      ...(draft.newUser ? { newUser: draft.newUser } : {}),
      shared: !mayShowPersonal(audience),
      requestId: randomUUID(),
    };
    return confirmCard(view, t);
  }

  /**
   * The person hears about it in their personal chat. When the bot cannot write to them there, the
   * admin is told what happens instead as things stand at the Confirm: the channel mentions them,
   * or, with no channel either, nobody tells them (and how to fix that).
   */
}

export function newDraft(
  op: ChangeOp,
  benefit?: string,
  person?: { text: string; userId?: string },
  from?: { text: string; userId?: string },
): Draft {
  const ref = (p?: { text: string; userId?: string }): Ref =>
    p ? (p.userId ? { id: p.userId } : { query: p.text }) : {};
  return { op, benefit: benefit ? { query: benefit } : {}, person: ref(person), from: ref(from) };
}
