// `lexreview diff --set NAME [--a MODEL --b MODEL] [--mode word|char] [--format md|html] [--db PATH]`:
// the comparison of two models' answers over a set, printed to stdout as Markdown or as a
// self-contained HTML page to share. Without --a/--b, the pair that differs in epoch (see
// core/diff/defaultPair.ts). The store is reached through `loadSnapshot` (as for `report`), so
// this adapter is only argument parsing and formatting over core/diff/.
import { compareModels } from '../core/diff/comparison';
import { formatComparisonHtml, formatComparisonMarkdown } from '../core/diff/comparisonFormat';
import { defaultPair } from '../core/diff/defaultPair';
import type { DiffMode } from '../core/diff/answerDiff';
import { translate } from '../core/l10n';
import { throwIfCancelled } from '../core/progress';
import { messageLocale } from './language';
import { parseArgs, stringOption, UsageError } from './args';
import { asUsage, requiredSet, type SnapshotLoader } from './reportCommand';

const FORMATS = ['md', 'html'] as const;
const MODES: readonly DiffMode[] = ['word', 'char'];

function choice<T extends string>(value: string | undefined, name: string, allowed: readonly T[], fallback: T): T {
  if (value === undefined) return fallback;
  if (!(allowed as readonly string[]).includes(value)) throw new UsageError(translate("{0} must be one of {1}, not '{2}'", name, allowed.join(', '), value));
  return value as T;
}

export async function runDiffWith(loadSnapshot: SnapshotLoader, argv: string[], signal: AbortSignal): Promise<number> {
  const args = parseArgs(argv, { set: 'value', a: 'value', b: 'value', mode: 'value', format: 'value', db: 'value' });
  const set = requiredSet(args, 'diff');
  const format = choice(stringOption(args, 'format'), '--format', FORMATS, 'md');
  const mode = choice(stringOption(args, 'mode'), '--mode', MODES, 'word');
  let a = stringOption(args, 'a');
  let b = stringOption(args, 'b');
  if ((a === undefined) !== (b === undefined)) throw new UsageError(translate('{0} needs both {1} and {2}, or neither (the pair that differs in epoch)', 'diff', '--a MODEL', '--b MODEL'));
  const snapshot = loadSnapshot(set, { db: stringOption(args, 'db') });
  throwIfCancelled(signal);
  if (a === undefined || b === undefined) {
    const pair = defaultPair(snapshot.models);
    if (!pair) {
      throw new UsageError(translate("No two models of set '{0}' differ in epoch; choose them with {1}; its models: {2}", set, '--a MODEL --b MODEL', snapshot.models.map((m) => m.name).join(', ')));
    }
    ({ a, b } = pair);
  }
  const comparison = asUsage(() => compareModels(snapshot, a, b, { mode }));
  const lang = /^zh/i.test(messageLocale(process.env)) ? 'zh-CN' : 'en';
  process.stdout.write(format === 'html' ? formatComparisonHtml(comparison, translate, lang) : formatComparisonMarkdown(comparison, translate));
  return 0;
}
