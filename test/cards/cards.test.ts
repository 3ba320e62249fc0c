import { LocalDirectory } from '../../services/directory/directory';
import { PeopleService } from '../../services/people.service';
import { isJson, nodes } from '../support/card-json';
import type * as AdaptiveCardsModule from 'adaptivecards';
import { randomUUID } from 'node:crypto';
import { NotesService } from '../../services/changes/note';
import { ChangeOutcomes } from '../../bot/flows/outcomes';
import { ChangeFlow, newDraft, type Draft } from '../../bot/flows/change-flow';
import { parseCardAction, parseExecuteAction } from '../../bot/verbs';
import { recognize } from '../../bot/recognizer';
import { AssignmentService } from '../../services/assignment.service';
import { FinderService } from '../../services/finder.service';
import { GoToMarketService } from '../../services/go-to-market.service';
import { KeysService } from '../../services/keys.service';
import { ConversationsService } from '../../services/notifications/conversations.service';
import { UsersService } from '../../services/users.service';
import { categoryListCard } from '../../cards/category-list.card';
import { helpCard, type HelpCardData } from '../../cards/help.card';
import { translator, type Translator } from '../../cards/i18n/translator';
import { myBenefitsCard } from '../../cards/my-benefits.card';
import { noticeCard } from '../../cards/notice.card';
import { overviewCard } from '../../cards/overview.card';
import type { CardAttachment } from '../../cards/render';
import { resolveAccess, type Actor } from '../../services/access.service';
import {
  BenefitsService,
  type CategoryList,
  type MyBenefits,
  type OrganisationOverview,
  type ScopedResult,
} from '../../services/benefits.service';
import {
  PERSONAL_CHAT as PERSONAL,
  SHARED_CONVERSATION as SHARED,
  type Audience,
} from '../../services/policy/visibility';
import { pinnedClock } from '../../services/clock';
import type { CategoryId, LanguageCode } from '../../services/model';
import { demoUsers, TENANTS, type Person } from '../support/activities';

// The package's lib/ build is ES modules, which do not load here; its UMD build does.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const AC = require('adaptivecards/dist/adaptivecards.js') as typeof AdaptiveCardsModule;

type Json = Record<string, unknown>;

import { demoStores, NOW, TEST_CIPHER } from '../support/temp-store';
/** R2, in the order the spec lists them. */
const CATEGORIES: readonly CategoryId[] = [
  'software',
  'cloud',
  'visualStudio',
  'technical',
  'goToMarket',
];
const LANGS: readonly LanguageCode[] = ['en', 'ja'];

/**
 * Everything a card must satisfy before Teams sees it; returns what is wrong, one line each
 * (an empty list for a good card).
 */
function cardProblems(content: Json): string[] {
  const problems: string[] = [];
  if (content.type !== 'AdaptiveCard')
    problems.push(`type is ${String(content.type)}, not AdaptiveCard`);
  if (content.version !== '1.5') problems.push(`version is ${String(content.version)}, not 1.5`);

  const card = new AC.AdaptiveCard();
  const ctx = new AC.SerializationContext();
  card.parse(content, ctx);
  for (let i = 0; i < ctx.eventCount; i++) problems.push(`parse: ${ctx.getEventAt(i).message}`);
  for (const event of card.validateProperties().validationEvents)
    problems.push(`validation: ${event.message}`);

  const json = JSON.stringify(content);
  if (json.includes('${'))
    problems.push(
      `unexpanded template expression: ${json.slice(json.indexOf('${'), json.indexOf('${') + 40)}`,
    );

  const typed = nodes(content).filter((n) => typeof n.type === 'string');
  const ids = typed.map((n) => n.id).filter((id): id is string => typeof id === 'string');
  for (const id of new Set(ids))
    if (ids.filter((x) => x === id).length > 1) problems.push(`id "${id}" is used more than once`);

  for (const input of typed.filter((n) => String(n.type).startsWith('Input.'))) {
    if (typeof input.label !== 'string' || input.label.trim() === '')
      problems.push(`input "${String(input.id)}" has no label`);
  }
  for (const toggle of typed.filter((n) => n.type === 'Action.ToggleVisibility')) {
    const targets = Array.isArray(toggle.targetElements) ? toggle.targetElements : [];
    if (targets.length === 0)
      problems.push(`ToggleVisibility "${String(toggle.title)}" has no targets`);
    for (const target of targets) {
      const id = isJson(target) ? target.elementId : target;
      if (typeof id !== 'string' || !ids.includes(id))
        problems.push(`ToggleVisibility targets "${String(id)}", which is not in the card`);
    }
  }
  for (const submit of typed.filter((n) => n.type === 'Action.Submit')) {
    // An imBack sends its value as a typed message: the bot must understand it.
    const sent =
      isJson(submit.data) && isJson(submit.data.msteams) ? submit.data.msteams : undefined;
    if (sent?.type === 'imBack') {
      if (typeof sent.value !== 'string' || recognize(sent.value).name === 'none')
        problems.push(
          `Action.Submit "${String(submit.title)}" sends a message the bot does not understand`,
        );
      continue;
    }
    if (parseCardAction(submit.data) === undefined)
      problems.push(
        `Action.Submit "${String(submit.title)}" sends ${JSON.stringify(submit.data)}, which the bot does not accept`,
      );
  }
  for (const execute of typed.filter((n) => n.type === 'Action.Execute')) {
    if (
      parseExecuteAction(
        typeof execute.verb === 'string' ? execute.verb : undefined,
        execute.data,
      ) === undefined
    ) {
      problems.push(
        `Action.Execute "${String(execute.title)}" sends ${String(execute.verb)} ${JSON.stringify(execute.data)}, which the bot does not accept`,
      );
    }
  }
  return problems;
}

let stores: Awaited<ReturnType<typeof demoStores>>;
let service: BenefitsService;
const actors = new Map<string, Actor>();

async function actorFor(who: Person): Promise<Actor> {
  const known = actors.get(who.aadObjectId);
  if (known) return known;
  const access = await resolveAccess(stores.benefits, {
    tenantId: who.tenantId,
    userId: who.aadObjectId,
    displayName: who.name,
  });
  if (access.kind !== 'member')
    throw new Error(
      `${who.name} is not a member of a Partner Center organisation (${access.kind})`,
    );
  actors.set(who.aadObjectId, access.actor);
  return access.actor;
}

function organisationValue<T>(result: ScopedResult<T>): T {
  if (result.scope !== 'organisation')
    throw new Error(`expected the organisation's view, got scope ${result.scope}`);
  return result.value;
}

const overview = async (audience: Audience): Promise<OrganisationOverview> =>
  organisationValue(await service.overview(await actorFor(demoUsers.alex), audience));
const categoryList = async (category: CategoryId, audience: Audience): Promise<CategoryList> =>
  organisationValue(await service.category(await actorFor(demoUsers.alex), category, audience));
const mine = async (who: Person): Promise<MyBenefits> =>
  organisationValue(await service.mine(await actorFor(who), PERSONAL));

let flow: ChangeFlow;
let outcomes: ChangeOutcomes;

beforeAll(async () => {
  stores = await demoStores(NOW);
  service = new BenefitsService({ store: stores.benefits, clock: pinnedClock(NOW) });
  const deps = { store: stores.benefits, clock: pinnedClock(NOW), newId: randomUUID };
  const [assignments, goToMarket, users] = [
    new AssignmentService(deps),
    new GoToMarketService(deps),
    new UsersService(deps),
  ];
  const changeServices = { ...deps, assignments, goToMarket, users, notes: new NotesService(deps) };
  flow = new ChangeFlow({
    finder: new FinderService(
      stores.benefits,
      new PeopleService({
        store: stores.benefits,
        directoryFor: () => new LocalDirectory(stores.benefits),
      }),
    ),
    assignments,
    goToMarket,
    users,
    keys: new KeysService({ ...deps, cipher: TEST_CIPHER }),
    store: stores.benefits,
    clock: pinnedClock(NOW),
    changeServices,
  });
  outcomes = new ChangeOutcomes({
    keys: new KeysService({ ...deps, cipher: TEST_CIPHER }),
    conversations: new ConversationsService({ store: stores.benefits, clock: pinnedClock(NOW) }),
    changeServices,
  });
});

/** The card a flow step shows (a question or a confirmation), from the real flow and services. */
async function flowCard(draft: Draft, t: Translator): Promise<CardAttachment> {
  const step = await flow.step(await actorFor(demoUsers.alex), draft, t, PERSONAL);
  const reply = step.kind === 'ask' ? step.reply : step.replies[0];
  const attachment = reply?.attachments?.[0];
  if (!attachment) throw new Error(`the flow answered without a card: ${JSON.stringify(reply)}`);
  return attachment as CardAttachment;
}

afterAll(async () => {
  await stores?.dispose();
});

interface CardCase {
  name: string;
  render: (t: Translator) => Promise<CardAttachment>;
}

const PERSONAL_CHAT = 'https://teams.microsoft.com/l/chat/0/0?users=28%3Apartner-benefits-bot';

const helpData = (t: Translator, kind: 'admin' | 'employee' | 'shared'): HelpCardData => {
  if (kind === 'shared') return { signedInAs: null, isAdmin: true, shared: true };
  if (kind === 'admin')
    return {
      signedInAs: { name: 'Alex Wilber', roleKey: 'role.globalAdmin', org: 'Contoso Partners' },
      isAdmin: true,
      shared: false,
    };
  return {
    signedInAs: { name: 'Ana Bowman', roleKey: 'role.employee', org: 'Contoso Partners' },
    isAdmin: false,
    shared: false,
  };
};

const cases: CardCase[] = [
  {
    name: 'overview (personal chat)',
    render: async (t) => overviewCard(await overview(PERSONAL), t),
  },
  {
    name: 'overview (channel, with the private-chat link)',
    render: async (t) => overviewCard(await overview(SHARED), t, PERSONAL_CHAT),
  },
  ...CATEGORIES.flatMap((category): CardCase[] => [
    {
      name: `category list ${category} (personal chat)`,
      render: async (t) => categoryListCard(await categoryList(category, PERSONAL), t),
    },
    {
      name: `category list ${category} (channel)`,
      render: async (t) => categoryListCard(await categoryList(category, SHARED), t, PERSONAL_CHAT),
    },
  ]),
  {
    name: 'my benefits with items (Lee Gu)',
    render: async (t) => myBenefitsCard(await mine(demoUsers.leeGu), t),
  },
  {
    name: 'my benefits, empty (Ana Bowman)',
    render: async (t) => myBenefitsCard(await mine(demoUsers.ana), t),
  },
  {
    name: 'my benefits with the employee notice',
    render: async (t) => myBenefitsCard(await mine(demoUsers.ana), t, t.t('scope.employeeSeesOwn')),
  },
  { name: 'help for an admin', render: async (t) => helpCard(helpData(t, 'admin'), t) },
  { name: 'help for an employee', render: async (t) => helpCard(helpData(t, 'employee'), t) },
  {
    name: 'help in a shared conversation',
    render: async (t) => helpCard(helpData(t, 'shared'), t),
  },
  {
    name: 'notice with a link',
    render: async (t) =>
      noticeCard({ personalChatOnly: 'benefits', personalChatUrl: PERSONAL_CHAT }, t),
  },
  {
    name: 'notice without a link',
    render: async (t) => noticeCard({ personalChatOnly: 'benefits', personalChatUrl: '' }, t),
  },
  {
    name: 'question: which benefit',
    render: (t) => flowCard(newDraft('assign', 'VS', { text: 'Ana' }), t),
  },
  {
    name: 'question: which person, with "add a new user"',
    render: (t) => flowCard(newDraft('assign', 'VS Pro', { text: 'Zebulon' }), t),
  },
  {
    name: 'question: the new user form',
    render: (t) => flowCard({ ...newDraft('assign', 'VS Pro'), person: { id: 'new-user' } }, t),
  },
  {
    name: 'question: the alternative email',
    render: (t) => flowCard(newDraft('assign', 'support', { text: 'Patti' }), t),
  },
  {
    name: 'contact form before an activation',
    render: (t) => flowCard(newDraft('activate', 'Silver Core'), t),
  },
  {
    name: 'confirmation: assign',
    render: (t) => flowCard(newDraft('assign', 'VS Pro', { text: 'Ana' }), t),
  },
  {
    name: 'confirmation: reassign',
    render: (t) =>
      flowCard(newDraft('reassign', 'VS Enterprise', { text: 'Ana' }, { text: 'Lee Gu' }), t),
  },
  {
    name: 'confirmation: support with pending activation',
    render: (t) =>
      flowCard(
        {
          ...newDraft('assign', 'support', { text: 'Patti' }),
          alternativeEmail: 'patti.f@outlook.com',
        },
        t,
      ),
  },
  {
    name: 'confirmation: activate Azure',
    render: (t) => flowCard(newDraft('activate', 'Azure'), t),
  },
  {
    name: 'confirmation: contact and activation',
    render: (t) =>
      flowCard(
        {
          ...newDraft('activate', 'Silver Core'),
          contact: {
            userId: demoUsers.megan.aadObjectId,
            email: 'megan@contoso.com',
            phone: '+1 425 555 0100',
            language: 'en',
          },
        },
        t,
      ),
  },
  {
    name: 'result of a Confirm',
    render: async (t) =>
      outcomes.confirm(
        await actorFor(demoUsers.alex),
        {
          op: 'assign',
          benefitId: 'visual-studio-professional',
          userId: (t.lang === 'en' ? demoUsers.diego : demoUsers.nestor).aadObjectId,
          requestId: `cards-${t.lang}`,
        },
        t,
        PERSONAL,
      ),
  },
  { name: 'result of a Cancel', render: async (t) => outcomes.cancelled(t) },
];

describe.each(LANGS)('every card in %s', (lang) => {
  test.each(cases.map((c) => [c.name, c] as const))(
    'when the %s card is rendered from the service, then Teams would accept it',
    async (_name, c) => {
      const attachment = await c.render(translator(lang));
      expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
      expect(cardProblems(attachment.content)).toEqual([]);
    },
  );
});

describe('the card checks themselves', () => {
  const good = (): Json => ({
    type: 'AdaptiveCard',
    version: '1.5',
    body: [
      { type: 'TextBlock', id: 'more', text: 'x' },
      { type: 'Input.Text', id: 'email', label: 'Email' },
    ],
    actions: [
      { type: 'Action.ToggleVisibility', title: 'More', targetElements: ['more'] },
      { type: 'Action.Submit', title: 'Show', data: { verb: 'benefits.overview' } },
    ],
  });

  test('when a card is good, then no problem is reported', () => {
    expect(cardProblems(good())).toEqual([]);
  });

  test.each<[string, (card: Json) => void, RegExp]>([
    ['version 1.6', (card) => (card.version = '1.6'), /version/],
    [
      'an unknown element',
      (card) => (card.body as Json[]).push({ type: 'Bogus' }),
      /Unknown element type/,
    ],
    [
      'an unexpanded ${expression}',
      (card) => ((card.body as Json[])[0]!.text = '${title}'),
      /unexpanded/,
    ],
    [
      'a duplicate id',
      (card) => (card.body as Json[]).push({ type: 'TextBlock', id: 'more', text: 'y' }),
      /more" is used more than once/,
    ],
    ['an input without a label', (card) => delete (card.body as Json[])[1]!.label, /has no label/],
    [
      'a toggle to a missing element',
      (card) => ((card.actions as Json[])[0]!.targetElements = ['gone']),
      /targets "gone"/,
    ],
    [
      'a submit with an unknown verb',
      (card) => ((card.actions as Json[])[1]!.data = { verb: 'benefits.teleport' }),
      /does not accept/,
    ],
    [
      'a submit without data',
      (card) => delete (card.actions as Json[])[1]!.data,
      /does not accept/,
    ],
  ])('when a card has %s, then the checks report it', (_what, breakIt, problem) => {
    const card = good();
    breakIt(card);
    expect(cardProblems(card).join('\n')).toMatch(problem);
  });
});

describe('people in shared conversations', () => {
  const everyone: Person[] = Object.values(demoUsers).filter((p) => p.tenantId === TENANTS.contoso);

  test.each(LANGS)(
    'when a category list is rendered for a channel (%s), then no holder name or email appears in any category',
    async (lang) => {
      const t = translator(lang);
      for (const category of CATEGORIES) {
        const json = JSON.stringify(
          categoryListCard(await categoryList(category, SHARED), t, PERSONAL_CHAT).content,
        );
        for (const person of everyone) {
          expect({ category, shows: json.includes(person.name) }).toEqual({
            category,
            shows: false,
          });
          expect({ category, shows: json.includes(String(person.email)) }).toEqual({
            category,
            shows: false,
          });
        }
      }
    },
  );

  test('when the Visual Studio list is rendered for a personal chat with an admin, then it names Lee Gu, who holds a seat', async () => {
    const json = JSON.stringify(
      categoryListCard(await categoryList('visualStudio', PERSONAL), translator('en')).content,
    );
    expect(json).toContain('Lee Gu');
    expect(json).toContain('lee.gu@contoso.com');
  });
});

describe('the expansion cache', () => {
  test('when the same data is rendered twice, then the second rendering returns the cached expansion', async () => {
    const t = translator('en');
    const first = overviewCard(await overview(PERSONAL), t);
    const second = overviewCard(await overview(PERSONAL), t);
    expect(second.content).toBe(first.content);
  });

  test('when different data is rendered, then it gets its own expansion', async () => {
    const en = translator('en');
    const base = overviewCard(await overview(PERSONAL), en);
    expect(overviewCard(await overview(PERSONAL), translator('ja')).content).not.toBe(base.content);
    expect(overviewCard(await overview(PERSONAL), en, PERSONAL_CHAT).content).not.toBe(
      base.content,
    );
    const software = categoryListCard(await categoryList('software', PERSONAL), en);
    const cloud = categoryListCard(await categoryList('cloud', PERSONAL), en);
    expect(cloud.content).not.toBe(software.content);
    expect(JSON.stringify(cloud.content)).not.toEqual(JSON.stringify(software.content));
  });
});
