import { helpCard } from '../../cards/help.card';
import { translator } from '../../cards/i18n/translator';
import { recognize } from '../../bot/recognizer';
import { nodes } from '../support/card-json';

/**
 * Help answers with examples that fit the person's role, and each is a button that sends its request
 * as if typed (issue 15): every such request is one the bot understands, in English and Japanese.
 */
const roles = {
  admin: { signedInAs: null, isAdmin: true, shared: false },
  employee: { signedInAs: null, isAdmin: false, shared: false },
} as const;

function clickable(card: unknown): string[] {
  return nodes(card)
    .map((n) => (n as { selectAction?: { data?: { msteams?: { value?: string } } } }).selectAction)
    .flatMap((a) => (a?.data?.msteams?.value ? [a.data.msteams.value] : []));
}

describe.each(['en', 'ja'] as const)('help in %s', (lang) => {
  const t = translator(lang);

  test.each(Object.entries(roles))(
    'for an %s: every example is a button the bot understands',
    (_, data) => {
      const sent = clickable(helpCard(data, t).content);
      expect(sent.length).toBeGreaterThanOrEqual(3);
      for (const text of sent) expect([text, recognize(text).name]).not.toEqual([text, 'none']);
    },
  );

  test("an employee's examples are an employee's, an admin's an admin's", () => {
    const employee = clickable(helpCard(roles.employee, t).content);
    const admin = clickable(helpCard(roles.admin, t).content);
    expect(admin.length).toBeGreaterThan(employee.length);
    expect(employee.map((e) => recognize(e).name)).toContain('myBenefits');
    expect(admin.map((e) => recognize(e).name)).toContain('assign');
  });

  test('in a shared conversation the examples are not buttons (the bot hears only mentions there)', () => {
    expect(
      clickable(helpCard({ signedInAs: null, isAdmin: true, shared: true }, t).content),
    ).toEqual([]);
  });
});
