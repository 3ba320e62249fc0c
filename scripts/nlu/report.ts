import { resolve } from 'node:path';
import { forgetLookups } from '../../services/finder.service';
import { BENCH_NOW, organisationsOf } from '../bench/generate';
import { agrees, harm, interpret, loadCorpus, type CorpusCase } from './corpus';

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

function run(set: string): void {
  const perAction = new Map<string, { en: [number, number]; ja: [number, number] }>();
  const totals = { en: [0, 0], ja: [0, 0] };
  const misses: string[] = [];
  let harmful = 0;
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
      if (harm(c.expect, actual)) harmful += 1;
      const row = perAction.get(c.expect.action) ?? { en: [0, 0], ja: [0, 0] };
      row[language][1] += 1;
      totals[language][1] = (totals[language][1] ?? 0) + 1;
      if (ok) {
        row[language][0] += 1;
        totals[language][0] = (totals[language][0] ?? 0) + 1;
      } else
        misses.push(
          `${language} ${JSON.stringify(c.text)}\n    expected ${JSON.stringify(c.expect)}\n    got      ${JSON.stringify(actual)}`,
        );
      perAction.set(c.expect.action, row);
    }
  }
  const [enOk = 0, enAll = 0] = totals.en;
  const [jaOk = 0, jaAll = 0] = totals.ja;
  console.log(
    `\n## ${set}: understood ${enOk + jaOk} of ${enAll + jaAll} (${pct(enOk + jaOk, enAll + jaAll)}); English ${enOk}/${enAll} (${pct(enOk, enAll)}), Japanese ${jaOk}/${jaAll} (${pct(jaOk, jaAll)}); harmful misreads: ${harmful}\n`,
  );
  console.log('| action | English | Japanese |');
  console.log('|---|---|---|');
  for (const [action, row] of [...perAction.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    console.log(`| ${action} | ${row.en[0]}/${row.en[1]} | ${row.ja[0]}/${row.ja[1]} |`);
  }
  if (show && set !== 'holdout') console.log(`\n${misses.join('\n')}`);
}

/**
 * What reading a message costs: every corpus request read (recognised, then its names looked up) in
 * the 5,000-person organisation of npm run bench, several rounds after a warm-up; per message, in ms.
 * The indexes stay built (as in the running bot); what was looked up for earlier messages is forgotten.
 */
function cost(): void {
  const [large] = organisationsOf('a', new Date(BENCH_NOW));
  if (!large) return;
  const organisation = { benefits: large.benefits, users: large.users };
  const texts = (['en', 'ja'] as const).flatMap((language) => loadCorpus(root, 'corpus', language));
  for (const c of texts) interpret(c.text, c.from, organisation); // warm-up: indexes built once per user list
  const times: number[] = [];
  for (let round = 0; round < 5; round++) {
    for (const c of texts) {
      forgetLookups(organisation.benefits, organisation.users);
      const start = process.hrtime.bigint();
      interpret(c.text, c.from, organisation);
      times.push(Number(process.hrtime.bigint() - start) / 1e6);
    }
  }
  times.sort((a, b) => a - b);
  const at = (q: number) =>
    (times[Math.min(times.length - 1, Math.floor(q * times.length))] ?? 0).toFixed(3);
  console.log(
    `\n## cost per message, ${large.users.length} people: p50 ${at(0.5)} ms, p99 ${at(0.99)} ms, max ${at(1)} ms (${times.length} readings)`,
  );
}

const sets = process.argv.slice(2);
for (const set of sets.length > 0 ? sets : ['corpus', 'holdout']) run(set);
if (sets.length === 0) cost();
