import { readFileSync } from 'node:fs';
import { interpret } from './corpus';

/**
 * Shows what the bot makes of messages, in the corpus's terms: `npm run nlu:try -- "assign VS to Ana"`,
 * or a file of lines, each a message or `sender|message` (senders as in test/nlu/FORMAT.md).
 */
const args = process.argv.slice(2);
const lines =
  args[0] === '--file'
    ? readFileSync(args[1] ?? '/dev/stdin', 'utf8').split('\n')
    : args.length > 0
      ? args
      : readFileSync(0, 'utf8').split('\n');
for (const line of lines.filter((l) => l.trim())) {
  const bar = line.indexOf('|');
  const from = bar > 0 && bar < 10 ? line.slice(0, bar).trim() : 'alex';
  const text = bar > 0 && bar < 10 ? line.slice(bar + 1).trim() : line.trim();
  console.log(`${from}: ${text}\n   → ${JSON.stringify(interpret(text, from))}`);
}
