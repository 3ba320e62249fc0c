import { resolve } from 'node:path';
import { agrees, harm, interpret, loadCorpus } from '../../scripts/nlu/corpus';

/**
 * The corpus of requests people type (test/nlu/corpus, written from the roles and tasks): no reading
 * may do harm — a change or a request filed where none was meant, or a change for someone other than
 * the person named — and how many are understood may not fall (a floor per language, raised as the
 * bot learns: npm run nlu:report prints the figures and, with NLU_SHOW=1, the misses).
 */
const root = resolve(__dirname, '..', '..');
const FLOOR = { en: 0.98, ja: 0.975 } as const;

describe.each(['en', 'ja'] as const)('the %s corpus', (language) => {
  const cases = loadCorpus(root, 'corpus', language);

  test('no request is read as a change or a request that was not meant, nor for another person', () => {
    const harmful = cases.flatMap((c) => {
      const why = harm(c.expect, interpret(c.text, c.from));
      return why ? [`${c.text} → ${why}`] : [];
    });
    expect(harmful).toEqual([]);
  });

  test(`at least ${FLOOR[language] * 100}% are understood (action and every slot)`, () => {
    const understood = cases.filter((c) => agrees(c.expect, interpret(c.text, c.from))).length;
    expect(understood / cases.length).toBeGreaterThanOrEqual(FLOOR[language]);
  });
});
