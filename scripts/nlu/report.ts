import { resolve } from 'node:path';
import { agrees, interpret, loadCorpus, type CorpusCase } from './corpus';

/**
 * npm run nlu:report: how many of the corpus's requests the bot understands, per language and per
 * action, on the corpus (test/nlu/corpus) and on the held-out set (test/nlu/holdout). A request is
 * understood when the action and every slot are the expected ones. NLU_SHOW=1 lists the corpus's misses.
 */
const root = resolve(__dirname, '..', '..', '..');
/** The misses are listed for the corpus only: the held-out set stays unseen by whoever tunes the recognizer. */
const show = process.env.NLU_SHOW === '1';

function pct(n: number, of: number): string {
  return of === 0 ? '-' : `${((100 * n) / of).toFixed(1)}%`;
}

function run(set: 'corpus' | 'holdout'): void {
  const perAction = new Map<string, { en: [number, number]; ja: [number, number] }>();
  const totals = { en: [0, 0], ja: [0, 0] };
  const misses: string[] = [];
  for (const language of ['en', 'ja'] as const) {
    let cases: CorpusCase[];
    try {
      cases = loadCorpus(root, set, language);
    } catch {
      continue;
    }
    for (const c of cases) {
      const actual = interpret(c.text, c.from);
      const ok = agrees(c.expect, actual);
      const row = perAction.get(c.expect.action) ?? { en: [0, 0], ja: [0, 0] };
      row[language][1] += 1;
      totals[language][1] = (totals[language][1] ?? 0) + 1;
      if (ok) {
        row[language][0] += 1;
        totals[language][0] = (totals[language][0] ?? 0) + 1;
      } else misses.push(`${language} ${JSON.stringify(c.text)}\n    expected ${JSON.stringify(c.expect)}\n    got      ${JSON.stringify(actual)}`);
      perAction.set(c.expect.action, row);
    }
  }
  const [enOk = 0, enAll = 0] = totals.en;
  const [jaOk = 0, jaAll = 0] = totals.ja;
  console.log(`\n## ${set}: understood ${enOk + jaOk} of ${enAll + jaAll} (${pct(enOk + jaOk, enAll + jaAll)}); English ${enOk}/${enAll} (${pct(enOk, enAll)}), Japanese ${jaOk}/${jaAll} (${pct(jaOk, jaAll)})\n`);
  console.log('| action | English | Japanese |');
  console.log('|---|---|---|');
  for (const [action, row] of [...perAction.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    console.log(`| ${action} | ${row.en[0]}/${row.en[1]} | ${row.ja[0]}/${row.ja[1]} |`);
  }
  if (show && set === 'corpus') console.log(`\n${misses.join('\n')}`);
}

run('corpus');
run('holdout');
