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
  if (!(QUEUE_MODES as readonly string[]).includes(mode)) throw new UsageError(`--mode must be one of ${QUEUE_MODES.join(', ')}, not '${mode}'`);
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
      return `${String(i + 1).padStart(3)}. ${item.questionKey}  ${item.model}  answer ${item.answerId}  priority ${item.priority.toFixed(1)}${item.reviewed ? '  (reviewed)' : ''}\n     ${why}`;
    });
    if (text.length > 0) process.stdout.write(text.join('\n') + '\n');
  }
  console.error(queue.length === 0 ? `Set '${set}': nothing to review in mode ${mode}` : `${shown.length} of ${queue.length} answers shown (mode ${mode})`);
  return 0;
}
