import { en } from '../../cards/i18n/en';
import { ja } from '../../cards/i18n/ja';
import { botHarness, button, cardOf, readable, type Turn } from '../support/bot-harness';
import { people } from '../support/people';

/** A Global admin's note on an assignment: set, shown in the holders list, cleared; in both languages. */
let bot: Awaited<ReturnType<typeof botHarness>>;
beforeEach(async () => {
  bot = await botHarness();
});
afterEach(() => bot.dispose());

const alex: Turn = { as: people.alex };
const fill = (template: string, params: Record<string, string>) =>
  template.replace(/\{(\w+)\}/g, (_, k: string) => params[k] ?? `{${k}}`);
const NOTE = 'for the Contoso migration project';
const VS_PRO = 'Visual Studio Professional subscription';

async function confirmOn(turn: Turn, text: string, label: string = en['confirm.button']) {
  const card = cardOf(await bot.say({ ...turn, text }));
  return bot.execute(turn, 'change.confirm', { ...button(card, label).data });
}

async function noteOf(benefitId: string, userId: string): Promise<string | null | undefined> {
  return (await bot.store().assignments(people.alex.tenantId)).find(
    (a) => a.benefitId === benefitId && a.userId === userId,
  )?.note;
}

beforeEach(async () => {
  await confirmOn(alex, 'assign VS Pro to Ana');
});

test('"note on Ana\'s VS Pro: …" → a confirmation showing the note → Confirm → stored, audited, and shown in "who has VS Pro"', async () => {
  const card = cardOf(await bot.say({ ...alex, text: `note on Ana's VS Pro: ${NOTE}` }));
  const shown = JSON.stringify(card);
  expect(shown).toContain(
    fill(en['confirm.setNote'], { benefit: VS_PRO, name: 'Ana Bowman' })
      .replace(/'/g, "\\'")
      .slice(0, 20),
  );
  expect(shown).toContain(NOTE);
  expect(await noteOf('visual-studio-professional', people.ana.userId)).toBeUndefined(); // nothing before Confirm
  const done = await bot.execute(alex, 'change.confirm', {
    ...button(card, en['confirm.button']).data,
  });
  expect(JSON.stringify(done)).toContain(
    fill(en['result.noteSet'], { benefit: VS_PRO, name: 'Ana Bowman' }),
  );
  expect(await noteOf('visual-studio-professional', people.ana.userId)).toBe(NOTE);
  expect(readable(await bot.say({ ...alex, text: 'who has VS Pro' }))).toContain(
    fill(en['holders.withNote'], { value: 'ana@contoso.com', note: NOTE }),
  );
  expect(readable(await bot.say({ ...alex, text: 'show audit log' }))).toContain(
    fill(en['audit.assignment.noted'], { benefit: VS_PRO, subject: 'Ana Bowman' }),
  );
  // Cleared again.
  const cleared = await confirmOn(alex, "clear the note on Ana's VS Pro");
  expect(JSON.stringify(cleared)).toContain(
    fill(en['result.noteCleared'], { benefit: VS_PRO, name: 'Ana Bowman' }),
  );
  expect(await noteOf('visual-studio-professional', people.ana.userId)).toBeNull();
});

test('in Japanese: 「アナさんのVS Proにメモ「移行プロジェクト用」」, then 「アナさんのVS Proのメモを消して」', async () => {
  const jaAlex: Turn = { ...alex, locale: 'ja-JP' };
  const done = await confirmOn(
    jaAlex,
    'アナさんのVS Proにメモ「移行プロジェクト用」',
    ja['confirm.button'],
  );
  expect(JSON.stringify(done)).toContain(
    fill(ja['result.noteSet'], {
      benefit: 'Visual Studio Professional サブスクリプション',
      name: 'Ana Bowman',
    }),
  );
  expect(await noteOf('visual-studio-professional', people.ana.userId)).toBe('移行プロジェクト用');
  expect(readable(await bot.say({ ...jaAlex, text: 'VS Proを持っているのは誰？' }))).toContain(
    '移行プロジェクト用',
  );
  await confirmOn(jaAlex, 'アナさんのVS Proのメモを消して', ja['confirm.button']);
  expect(await noteOf('visual-studio-professional', people.ana.userId)).toBeNull();
});

test('only a Global admin sets notes (R1.3): Megan is told, and a forged Confirm from her changes nothing', async () => {
  expect(
    readable(await bot.say({ as: people.megan, text: `note on Ana's VS Pro: ${NOTE}` })),
  ).toContain(en['error.ROLE.GLOBAL_ADMIN_REQUIRED'].slice(0, 25));
  const forged = await bot.execute({ as: people.megan }, 'change.confirm', {
    op: 'setNote',
    benefitId: 'visual-studio-professional',
    userId: people.ana.userId,
    note: 'forged',
    requestId: 'forged-note',
  });
  expect(JSON.stringify(forged)).toContain(en['result.notDone']);
  expect(await noteOf('visual-studio-professional', people.ana.userId)).toBeUndefined();
});

test('a note on an assignment that does not exist, or one too long, is refused and stores nothing', async () => {
  const nobody = await bot.execute(alex, 'change.confirm', {
    op: 'setNote',
    benefitId: 'visual-studio-enterprise',
    userId: people.ana.userId,
    note: 'x',
    requestId: 'not-held',
  });
  expect(JSON.stringify(nobody)).toContain(en['result.notDone']);
  const long = await bot.execute(alex, 'change.confirm', {
    op: 'setNote',
    benefitId: 'visual-studio-professional',
    userId: people.ana.userId,
    note: 'x'.repeat(201),
    requestId: 'too-long',
  });
  expect(JSON.stringify(long)).toContain(fill(en['error.NOTE.TOO_LONG'], { max: '200' }));
  expect(await noteOf('visual-studio-professional', people.ana.userId)).toBeUndefined();
});
