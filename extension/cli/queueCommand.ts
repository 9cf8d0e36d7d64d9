// `lexreview queue --set NAME [--model M] [--limit N] [--baseline MODEL] [--mode MODE]
// [--reviewer NAME] [--json] [--db PATH]`: which answers to review next, most doubtful first, each
// with its reasons. Argument parsing and printing over core/review/queue.ts; the store is reached
// through `loadSnapshot`, as for the report.

import { translate } from '../core/l10n';
import { throwIfCancelled } from '../core/progress';
import { buildQueue, QUEUE_MODES, queueReasonText, type QueueMode } from '../core/review/queue';
import { parseArgs, stringOption, UsageError } from './args';
import { asUsage, integerOption, requiredSet, type SnapshotLoader } from './reportCommand';

/** Without --limit the queue prints this many items: a reviewer's next sitting, not the whole set. */
export const DEFAULT_QUEUE_LIMIT = 20;

export async function runQueueWith(loadSnapshot: SnapshotLoader, argv: string[], signal: AbortSignal): Promise<number> {
  const args = parseArgs(argv, { set: 'value', model: 'value', limit: 'value', baseline: 'value', mode: 'value', reviewer: 'value', json: 'flag', db: 'value' });
  const set = requiredSet(args, 'queue');
  const limit = integerOption(args, 'limit', 1) ?? DEFAULT_QUEUE_LIMIT;
  const mode = stringOption(args, 'mode') ?? 'doubt';
  if (!(QUEUE_MODES as readonly string[]).includes(mode)) throw new UsageError(translate("{0} must be one of {1}, not '{2}'", '--mode', QUEUE_MODES.join(', '), mode));
  const snapshot = loadSnapshot(set, { db: stringOption(args, 'db') });
  throwIfCancelled(signal);
  const queue = asUsage(() =>
    buildQueue(snapshot, { baseline: stringOption(args, 'baseline'), model: stringOption(args, 'model'), reviewer: stringOption(args, 'reviewer'), mode: mode as QueueMode }),
  );
  const shown = queue.slice(0, limit);
  if (args.options.has('json')) {
    process.stdout.write(JSON.stringify(shown, null, 2) + '\n');
  } else {
    const text = shown.map((item, i) => {
      const why = item.reasons.map((r) => queueReasonText(r, translate)).join('; ') || translate('no particular reason');
      const what = item.reviewed
        ? translate('{0}  {1}  answer {2}  priority {3}  (reviewed)', item.questionKey, item.model, item.answerId, item.priority.toFixed(1))
        : translate('{0}  {1}  answer {2}  priority {3}', item.questionKey, item.model, item.answerId, item.priority.toFixed(1));
      return `${String(i + 1).padStart(3)}. ${what}\n     ${why}`;
    });
    if (text.length > 0) process.stdout.write(text.join('\n') + '\n');
  }
  console.error(queue.length === 0 ? translate("Set '{0}': nothing to review in mode {1}", set, mode) : translate('{0} of {1} answers shown (mode {2})', shown.length, queue.length, mode));
  return 0;
}
