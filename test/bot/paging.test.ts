import { createHash } from 'node:crypto';
import type { Activity } from 'botbuilder';
import { parseCardAction, parseExecuteAction } from '../../bot/verbs';
import { en } from '../../cards/i18n/en';
import { ja } from '../../cards/i18n/ja';
import { MAX_PAGE, pack, pageOf } from '../../cards/paging';
import { addDays } from '../../services/clock';
import type { Assignment, Benefit, OrganisationData, User } from '../../services/model';
import { demoOrganisations } from '../../services/seed/demo-organisations';
import { sealOrganisationKeys } from '../../services/secrets/seal';
import {
  botHarness,
  buttonsOf,
  cardOf,
  readable,
  type CardButton,
  type Turn,
} from '../support/bot-harness';
import { fill, nodes, type Json } from '../support/card-json';
import { people } from '../support/people';
import { NOW, TEST_CIPHER } from '../support/temp-store';

/**
 * Long lists come a page at a time: a category's rows, a benefit's holders, a product's keys. The
 * buttons carry a page number; a forged one (negative, not a whole number, absurdly large) is
 * answered kindly and changes nothing, and a page past the end shows the last page.
 */

const pad = (n: number) => String(n).padStart(4, '0');

const HOLDERS = 150;
const PRODUCTS = 30;
const KEYS = 450;

/** Contoso with 30 more software products, 150 more people holding Visual Studio Enterprise, and 450 Windows 11 keys. */
function largerContoso(): OrganisationData[] {
  const [contoso, fabrikam] = demoOrganisations(NOW);
  if (!contoso || !fabrikam) throw new Error('the demo organisations changed');
  const users: User[] = Array.from({ length: HOLDERS }, (_, i) => ({
    id: `00000000-0000-0000-0002-00000000${pad(i)}`,
    displayName: `Holder ${pad(i)}`,
    email: `holder.${pad(i)}@contoso.com`,
    roles: [],
    aliases: [],
  }));
  contoso.users.push(...users);
  for (const benefit of contoso.benefits) {
    if (benefit.id === 'visual-studio-enterprise' && benefit.kind === 'seats')
      benefit.quantity = HOLDERS + 10;
    if (benefit.id === 'windows-11-enterprise' && benefit.kind === 'softwareKeys') {
      benefit.quantity = KEYS;
      benefit.keys = Array.from({ length: KEYS }, (_, k) => `K${pad(k)}-BCDFG-HJKMP-QRTVW-XY234`);
    }
  }
  const template = contoso.benefits.find((b) => b.id === 'office-ltsc-2024');
  if (!template) throw new Error('the demo organisations changed');
  for (let i = 0; i < PRODUCTS; i++) {
    contoso.benefits.push({
      ...structuredClone(template),
      id: `product-${i}`,
      name: {
        en: `Extra Product ${pad(i)} Enterprise Edition (long-term servicing channel)`,
        ja: `追加製品 ${pad(i)} Enterprise Edition (長期サービス チャネル)`,
      },
      aliases: [],
    } as Benefit);
  }
  const at = addDays(NOW, -5).toISOString();
  const holders: Assignment[] = users.map((u, i) => ({
    id: `vse-${i}`,
    benefitId: 'visual-studio-enterprise',
    userId: u.id,
    state: 'active',
    assignedAt: at,
    assignedBy: people.alex.userId,
    alternativeEmail: null,
    activatedAt: at,
  }));
  contoso.assignments.push(...holders);
  return [contoso, fabrikam].map((org) => sealOrganisationKeys(org, TEST_CIPHER));
}

let bot: Awaited<ReturnType<typeof botHarness>>;
beforeEach(async () => {
  bot = await botHarness({ seed: largerContoso });
});
afterEach(() => bot.dispose());

const alex: Turn = { as: people.alex };
const press = (turn: Turn, value: Record<string, unknown>) => bot.say({ ...turn, value });
const card = (replies: Partial<Activity>[]) => cardOf(replies) ?? {};
const titled = (c: Json, title: string): CardButton | undefined =>
  buttonsOf(c).find((b) => b.title === title);
const startsWith = (c: Json, title: string): CardButton | undefined =>
  buttonsOf(c).find((b) => b.title.startsWith(title));
/** A digest of Contoso's data as stored: what a forged button must leave as it was. */
const stored = () =>
  bot
    .store()
    .unitOfWork(people.alex.tenantId, (data) =>
      createHash('sha256').update(JSON.stringify(data)).digest('hex'),
    );
/** The digest once this conversation is known: a first message in a personal chat records where the bot can reach the person. */
async function storedAfterHello(turn: Turn = alex): Promise<string> {
  await bot.say({ ...turn, text: 'help' });
  return stored();
}
const keysIn = (c: unknown) => JSON.stringify(c).match(/K\d{4}-BCDFG-HJKMP-QRTVW-XY234/g) ?? [];
const rowsIn = (c: Json) =>
  nodes(c)
    .filter(
      (n) => n.type === 'Container' && typeof n.id === 'string' && n.id.startsWith('details-'),
    )
    .map((n) => String(n.id));

describe('the paging verbs accept a page number and nothing else', () => {
  test.each<[string, unknown]>([
    ['negative', -1],
    ['a fraction', 1.5],
    ['a number as text', '2'],
    ['text', 'last'],
    ['null', null],
    ['an object', { page: 1 }],
    ['not a number', Number.NaN],
    ['infinite', Number.POSITIVE_INFINITY],
    ['past the limit', MAX_PAGE + 1],
    ['huge', 1e12],
  ])('a page that is %s is refused by every paging verb', (_what, page) => {
    expect(
      parseCardAction({ verb: 'benefits.category', category: 'software', page }),
    ).toBeUndefined();
    expect(
      parseCardAction({ verb: 'benefits.holders', benefitId: 'visual-studio-enterprise', page }),
    ).toBeUndefined();
    expect(
      parseExecuteAction('keys.reveal', {
        benefitId: 'windows-11-enterprise',
        requestId: 'r',
        page,
      }),
    ).toBeUndefined();
  });

  test('whole numbers from 0 are pages; the category button needs none, the holders button always carries one', () => {
    expect(parseCardAction({ verb: 'benefits.category', category: 'software' })).toEqual({
      kind: 'intent',
      intent: { name: 'showCategory', category: 'software' },
    });
    expect(parseCardAction({ verb: 'benefits.category', category: 'software', page: 2 })).toEqual({
      kind: 'intent',
      intent: { name: 'showCategory', category: 'software', page: 2 },
    });
    expect(
      parseCardAction({
        verb: 'benefits.holders',
        benefitId: 'visual-studio-enterprise',
        page: MAX_PAGE,
      }),
    ).toEqual({
      kind: 'intent',
      intent: { name: 'holders', benefitId: 'visual-studio-enterprise', page: MAX_PAGE },
    });
    expect(
      parseCardAction({ verb: 'benefits.holders', benefitId: 'visual-studio-enterprise' }),
    ).toBeUndefined();
    expect(parseCardAction({ verb: 'benefits.holders', benefitId: '', page: 0 })).toBeUndefined();
    expect(
      parseExecuteAction('keys.reveal', {
        benefitId: 'windows-11-enterprise',
        requestId: 'r',
        page: 0,
      }),
    ).toMatchObject({ kind: 'reveal', data: { page: 0 } });
  });
});

describe('pages themselves', () => {
  test('pack keeps to the most items and the byte budget, and never leaves an item out', () => {
    const sizes = [5, 5, 5, 50, 5, 5];
    const pages = pack(sizes, 2, 12, (n) => n);
    expect(pages).toEqual([[5, 5], [5], [50], [5, 5]]);
    expect(pack([], 10, 100, () => 1)).toEqual([[]]);
  });

  test('pageOf says which items of how many, and a page past the end is the last one', () => {
    const pages = [[1, 2], [3, 4], [5]];
    expect(pageOf(pages, 1)).toEqual({
      items: [3, 4],
      index: 1,
      count: 3,
      first: 3,
      last: 4,
      total: 5,
      hasPrevious: true,
      hasNext: true,
    });
    expect(pageOf(pages, 99)).toMatchObject({
      items: [5],
      index: 2,
      first: 5,
      last: 5,
      hasNext: false,
    });
    expect(pageOf(pages, -3)).toMatchObject({ index: 0 });
    expect(pageOf([[]], 0)).toMatchObject({
      items: [],
      first: 0,
      last: 0,
      total: 0,
      hasPrevious: false,
      hasNext: false,
    });
  });
});

describe('a category with many products comes a page at a time', () => {
  const SOFTWARE = 3 + PRODUCTS;

  test('"show software" shows the first page and says which benefits of how many; Next and Previous move between pages', async () => {
    const first = card(await bot.say({ ...alex, text: 'show software' }));
    const rows = rowsIn(first);
    expect(rows.length).toBeGreaterThan(1);
    expect(rows.length).toBeLessThan(SOFTWARE);
    expect(
      readable([
        {
          attachments: [{ contentType: 'application/vnd.microsoft.card.adaptive', content: first }],
        },
      ]),
    ).toContain(
      fill(en['list.range'], {
        first: 1,
        last: rows.length,
        total: SOFTWARE,
        page: 1,
        pages: Math.ceil(SOFTWARE / rows.length),
      }),
    );
    expect(titled(first, en['page.previous'])).toBeUndefined();
    const next = titled(first, en['page.next']);
    expect(next?.data).toEqual({ verb: 'benefits.category', category: 'software', page: 1 });
    const second = card(await press(alex, next?.data ?? {}));
    expect(rowsIn(second).some((id) => rows.includes(id))).toBe(false);
    expect(titled(second, en['page.previous'])?.data).toEqual({
      verb: 'benefits.category',
      category: 'software',
      page: 0,
    });
    expect(card(await press(alex, titled(second, en['page.previous'])?.data ?? {}))).toEqual(first);
  });

  test('in Japanese, the same pages with 前へ / 次へ', async () => {
    const first = card(await bot.say({ ...alex, locale: 'ja-JP', text: 'ソフトウェアを表示' }));
    expect(titled(first, ja['page.next'])).toBeDefined();
    const second = card(
      await press({ ...alex, locale: 'ja-JP' }, titled(first, ja['page.next'])?.data ?? {}),
    );
    expect(titled(second, ja['page.previous'])).toBeDefined();
    expect(JSON.stringify(second)).toContain('追加製品');
  });

  test.each<[string, unknown]>([
    ['negative', -1],
    ['not a number', 'two'],
    ['a fraction', 0.5],
    ['beyond any list', MAX_PAGE + 1],
  ])('a forged page that is %s is answered kindly and changes nothing', async (_what, page) => {
    const before = await storedAfterHello();
    expect(
      readable(await press(alex, { verb: 'benefits.category', category: 'software', page })),
    ).toBe(en['error.unknownAction']);
    expect(await stored()).toBe(before);
  });

  test('a forged page past the end shows the last page, and changes nothing', async () => {
    const before = await storedAfterHello();
    const last = card(
      await press(alex, { verb: 'benefits.category', category: 'software', page: 9_999 }),
    );
    expect(rowsIn(last)).toContain('details-product-29');
    expect(titled(last, en['page.next'])).toBeUndefined();
    expect(titled(last, en['page.previous'])).toBeDefined();
    expect(await stored()).toBe(before);
  });

  test('an employee pressing a page button sees only their own benefits, as with any category button', async () => {
    const said = readable(
      await press({ as: people.ana }, { verb: 'benefits.category', category: 'software', page: 1 }),
    );
    expect(said).toContain(en['scope.employeeSeesOwn']);
    expect(said).not.toContain('Extra Product');
  });
});

describe('a benefit with many holders: the first ones, how many more, and the rest a page at a time', () => {
  const TOTAL = HOLDERS + 1; // and Lee Gu
  const holdersIn = (c: Json) => JSON.stringify(c).match(/holder\.\d{4}@contoso\.com/g) ?? [];

  test('the Visual Studio row lists 10 holders, says how many more, and its button opens their pages; Next walks every one of them once', async () => {
    const list = card(await bot.say({ ...alex, text: 'Visual Studio subscriptions' }));
    expect(JSON.stringify(list)).toContain(fill(en['list.moreHolders'], { n: TOTAL - 10 }));
    const all = titled(list, fill(en['list.allHolders'], { total: TOTAL }));
    expect(all?.data).toEqual({
      verb: 'benefits.holders',
      benefitId: 'visual-studio-enterprise',
      page: 0,
    });
    const seen: string[] = [];
    let page = card(await press(alex, all?.data ?? {}));
    for (let i = 0; i < 20 && page; i++) {
      seen.push(...holdersIn(page));
      const next = startsWith(page, en['page.next']);
      if (!next) break;
      page = card(await press(alex, next.data ?? {}));
    }
    expect(seen).toHaveLength(HOLDERS);
    expect(new Set(seen).size).toBe(HOLDERS);
  });

  test('"who has VS Enterprise" says which holders of how many, and how many the Next button has left', async () => {
    const first = card(await bot.say({ ...alex, text: 'who has VS Enterprise' }));
    const shown = holdersIn(first).length + 1; // Lee Gu first
    const text = JSON.stringify(first);
    expect(text).toContain(fill(en['whoHas.range'], { first: 1, last: shown, total: TOTAL }));
    expect(startsWith(first, en['page.next'])?.title).toBe(
      fill(en['whoHas.more'], { n: TOTAL - shown }),
    );
  });

  test.each<[string, unknown]>([
    ['negative', -2],
    ['not a number', '1'],
    ['missing', undefined],
    ['beyond any list', 1e9],
  ])('a forged page that is %s is answered kindly and changes nothing', async (_what, page) => {
    const before = await storedAfterHello();
    expect(
      readable(
        await press(alex, {
          verb: 'benefits.holders',
          benefitId: 'visual-studio-enterprise',
          page,
        }),
      ),
    ).toBe(en['error.unknownAction']);
    expect(await stored()).toBe(before);
  });

  test('a forged page past the end shows the last page; a benefit that is not there is said so; nothing changes', async () => {
    const before = await storedAfterHello();
    const last = card(
      await press(alex, {
        verb: 'benefits.holders',
        benefitId: 'visual-studio-enterprise',
        page: 5_000,
      }),
    );
    expect(holdersIn(last)).toContain('holder.0149@contoso.com');
    expect(startsWith(last, en['page.next'])).toBeUndefined();
    expect(titled(last, en['page.previous'])).toBeDefined();
    expect(
      readable(
        await press(alex, { verb: 'benefits.holders', benefitId: 'no-such-benefit', page: 0 }),
      ),
    ).toBe(en['error.BENEFIT.NOT_FOUND']);
    expect(await stored()).toBe(before);
  });

  test('holders are for admins in a personal chat: an employee, or anyone in a channel, sees no names', async () => {
    const employee = readable(
      await press(
        { as: people.ana },
        { verb: 'benefits.holders', benefitId: 'visual-studio-enterprise', page: 0 },
      ),
    );
    expect(employee).toContain(en['scope.employeeSeesOwn']);
    expect(employee).not.toMatch(/holder\.\d{4}|Lee Gu/);
    const channel = readable(
      await press(
        {
          as: people.alex,
          conversation: { id: '19:general@thread.tacv2', conversationType: 'channel' },
        },
        { verb: 'benefits.holders', benefitId: 'visual-studio-enterprise', page: 1 },
      ),
    );
    expect(channel).toContain(en['scope.personalChatOnly']);
    expect(channel).not.toMatch(/holder\.\d{4}|Lee Gu/);
  });
});

describe('many keys come a page at a time, and paging is not a second activation (each page shown is audited)', () => {
  const personal: Turn = {
    as: people.alex,
    conversation: { id: 'personal-keys', conversationType: 'personal' },
  };
  const revealsRecorded = () =>
    bot
      .store()
      .unitOfWork(
        people.alex.tenantId,
        (data) =>
          data.audit.filter((a) => a.action === 'keys.revealed' && a.after?.repeated !== true)
            .length,
      );
  const pagesRecorded = () =>
    bot
      .store()
      .unitOfWork(
        people.alex.tenantId,
        (data) =>
          data.audit.filter(
            (a) =>
              a.action === 'keys.revealed' &&
              a.after?.repeated === true &&
              a.after?.activated === false,
          ).length,
      );

  async function reveal(): Promise<{ keys: Json; data: Record<string, unknown> }> {
    const ask = card(await bot.say({ ...personal, text: 'get keys for Windows 11' }));
    const button = titled(ask, en['keys.reveal']);
    const data = { ...(button?.data ?? {}), language: 'en', os: 'x64', acceptRefundLoss: 'true' };
    return { keys: await bot.execute(personal, 'keys.reveal', data), data };
  }

  test('the first page says which keys of how many; Next shows the rest; every key once; one reveal in the audit log, and each further page shown on the record as a repeat', async () => {
    const { keys } = await reveal();
    expect(await revealsRecorded()).toBe(1);
    const seen = [...keysIn(keys)];
    expect(seen.length).toBeLessThan(KEYS);
    expect(JSON.stringify(keys)).toContain(
      fill(en['keys.range'], { first: 1, last: seen.length, total: KEYS }),
    );
    let page = keys;
    for (let next = titled(page, en['page.next']); next; next = titled(page, en['page.next'])) {
      expect(next.type).toBe('Action.Execute');
      page = await bot.execute(personal, next.verb ?? '', next.data ?? {});
      seen.push(...keysIn(page));
    }
    expect(seen).toHaveLength(KEYS);
    expect(new Set(seen).size).toBe(KEYS);
    expect(await revealsRecorded()).toBe(1);
    expect(await pagesRecorded()).toBeGreaterThan(0);
    expect((await bot.outbox()).filter((item) => item.event.type === 'keysRevealed')).toHaveLength(
      1,
    );
  });

  test.each<[string, unknown]>([
    ['negative', -1],
    ['not a number', 'next'],
    ['beyond any list', MAX_PAGE + 1],
  ])('a forged page that is %s shows no keys and changes nothing', async (_what, page) => {
    const { data } = await reveal();
    const before = await stored();
    const forged = await bot.execute(personal, 'keys.reveal', { ...data, page });
    expect(keysIn(forged)).toEqual([]);
    expect(nodes(forged).map((n) => n.text)).toContain(en['error.unknownAction']);
    expect(await stored()).toBe(before);
  });

  test('a forged page past the end shows the last keys, activates nothing new, and is on the record as a repeated showing', async () => {
    const { data } = await reveal();
    const last = await bot.execute(personal, 'keys.reveal', { ...data, page: 500 });
    expect(keysIn(last)).toContain(`K${pad(KEYS - 1)}-BCDFG-HJKMP-QRTVW-XY234`);
    expect(titled(last, en['page.next'])).toBeUndefined();
    expect(await revealsRecorded()).toBe(1);
    expect(await pagesRecorded()).toBe(1);
    expect((await bot.outbox()).filter((item) => item.event.type === 'keysRevealed')).toHaveLength(
      1,
    );
  });

  test('a page of keys is still a reveal the service checks: not for someone who is not a Global admin, nor in a channel', async () => {
    const { data } = await reveal();
    const before = await stored();
    expect(
      keysIn(await bot.execute({ as: people.megan }, 'keys.reveal', { ...data, page: 1 })),
    ).toEqual([]);
    expect(
      keysIn(
        await bot.execute(
          {
            as: people.alex,
            conversation: { id: '19:general@thread.tacv2', conversationType: 'channel' },
          },
          'keys.reveal',
          { ...data, page: 1 },
        ),
      ),
    ).toEqual([]);
    expect(await stored()).toBe(before);
  });
});

describe('every paged card is one Teams accepts, and its buttons are ones the bot accepts', () => {
  // The package's lib/ build is ES modules, which do not load here; its UMD build does.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const AC = require('adaptivecards/dist/adaptivecards.js') as typeof import('adaptivecards');

  function problems(content: Json): string[] {
    const found: string[] = [];
    if (content.version !== '1.5') found.push(`version ${String(content.version)}`);
    const parsed = new AC.AdaptiveCard();
    const ctx = new AC.SerializationContext();
    parsed.parse(content, ctx);
    for (let i = 0; i < ctx.eventCount; i++) found.push(`parse: ${ctx.getEventAt(i).message}`);
    for (const event of parsed.validateProperties().validationEvents)
      found.push(`validation: ${event.message}`);
    if (JSON.stringify(content).includes('${')) found.push('unexpanded template expression');
    for (const n of nodes(content)) {
      if (n.type === 'Action.Submit' && parseCardAction(n.data) === undefined)
        found.push(`Submit "${String(n.title)}" sends ${JSON.stringify(n.data)}`);
      if (
        n.type === 'Action.Execute' &&
        parseExecuteAction(typeof n.verb === 'string' ? n.verb : undefined, n.data) === undefined
      )
        found.push(`Execute "${String(n.title)}" sends ${JSON.stringify(n.data)}`);
      if (
        typeof n.type === 'string' &&
        n.type.startsWith('Input.') &&
        !(typeof n.label === 'string' && n.label.trim())
      )
        found.push(`input ${String(n.id)} has no label`);
    }
    return found;
  }

  test.each(['en-US', 'ja-JP'])(
    '(%s) category pages, holders pages, keys pages, a cut-short question and the contact form with its search box',
    async (locale) => {
      const turn: Turn = { ...personalTurn(), locale };
      const cards: [string, Json][] = [];
      const software = card(await bot.say({ ...turn, text: 'show software' }));
      cards.push(['software, first page', software]);
      const next = buttonsOf(software).find((b) => b.data?.page === 1);
      cards.push(['software, second page', card(await press(turn, next?.data ?? {}))]);
      const vs = card(await bot.say({ ...turn, text: 'Visual Studio subscriptions' }));
      cards.push(['Visual Studio list', vs]);
      const all = buttonsOf(vs).find((b) => b.data?.verb === 'benefits.holders');
      const holders = card(await press(turn, all?.data ?? {}));
      cards.push(['holders, first page', holders]);
      const more = buttonsOf(holders).find((b) => b.data?.page === 1);
      cards.push(['holders, second page', card(await press(turn, more?.data ?? {}))]);
      const ask = card(await bot.say({ ...turn, text: 'get keys for Windows 11' }));
      const keys = await bot.execute(turn, 'keys.reveal', {
        ...(buttonsOf(ask).find((b) => b.verb === 'keys.reveal')?.data ?? {}),
        language: 'en',
        os: 'x64',
        acceptRefundLoss: 'true',
      });
      cards.push(['keys, first page', keys]);
      const nextKeys = buttonsOf(keys).find((b) => b.data?.page === 1);
      cards.push([
        'keys, second page',
        await bot.execute(turn, nextKeys?.verb ?? '', nextKeys?.data ?? {}),
      ]);
      cards.push([
        'which holder',
        card(await bot.say({ ...turn, text: 'assign VS Pro to Holder' })),
      ]);
      cards.push([
        'contact form',
        card(await bot.say({ ...turn, text: 'set the marketing contact' })),
      ]);
      expect([next, all, more, nextKeys].map((b) => b?.title)).toEqual([
        expect.any(String),
        expect.any(String),
        expect.any(String),
        expect.any(String),
      ]);
      for (const [name, c] of cards)
        expect({ name, problems: problems(c) }).toEqual({ name, problems: [] });
      expect(nodes(cards[cards.length - 1]?.[1]).some((n) => n.id === 'contactQuery')).toBe(true);
      expect(
        nodes(cards[cards.length - 2]?.[1]).some(
          (n) => n.type === 'Input.Text' && n.id === 'answer',
        ),
      ).toBe(true);
    },
  );
});

let conversations = 0;
/** A personal chat of its own, so an open question in one test does not answer another's. */
function personalTurn(): Turn {
  conversations += 1;
  return {
    as: people.alex,
    conversation: { id: `personal-paging-${conversations}`, conversationType: 'personal' },
  };
}
