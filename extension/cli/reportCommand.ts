// `lexreview report --set NAME [--format md|csv|json] [--baseline MODEL] [--judge-model NAME] [--seed N] [--db PATH]`:
// the evaluation report of one set, printed to stdout; by default its figures are the latest judge's
// (figureJudge), --judge-model chooses another that judged the set. The store is reached through `loadSnapshot`
// (the integrator passes the real review store's loader), so this adapter is only argument
// parsing and formatting over core/review/report.ts.

import { translate } from '../core/l10n';
import { throwIfCancelled } from '../core/progress';
import { buildReport } from '../core/review/report';
import { formatReportCsv, formatReportMarkdown } from '../core/review/reportFormat';
import { ReviewInputError } from '../core/review/scoring';
import type { ReviewSnapshot } from '../core/review/types';
import { parseArgs, stringOption, UsageError, type ParsedArgs } from './args';

/** Loads the snapshot of a set from the store (`db`: the --db PATH, when given). */
export type SnapshotLoader = (set: string, options: { db?: string }) => ReviewSnapshot;

const FORMATS = ['md', 'csv', 'json'] as const;

export async function runReportWith(loadSnapshot: SnapshotLoader, argv: string[], signal: AbortSignal): Promise<number> {
  const args = parseArgs(argv, { set: 'value', format: 'value', baseline: 'value', 'judge-model': 'value', seed: 'value', db: 'value' });
  const set = requiredSet(args, 'report');
  const format = stringOption(args, 'format') ?? 'md';
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(translate("{0} must be one of {1}, not '{2}'", '--format', FORMATS.join(', '), format));
  const seed = integerOption(args, 'seed', 0);
  const snapshot = loadSnapshot(set, { db: stringOption(args, 'db') });
  throwIfCancelled(signal);
  const judgeModel = stringOption(args, 'judge-model');
  const report = asUsage(() => buildReport(snapshot, { baseline: stringOption(args, 'baseline'), judgeModel, seed }));
  if (judgeModel !== undefined && report.judge.judgments === 0) {
    const judges = [...new Set(report.judge.not_counted.map((o) => o.judge_model))];
    throw new UsageError(translate("Set '{0}' has no judgments by {1} against {2}; judged by: {3}", set, judgeModel, report.baseline, judges.join(', ') || translate('(none)')));
  }
  const text = format === 'json' ? JSON.stringify(report, null, 2) + '\n' : format === 'csv' ? formatReportCsv(report) : formatReportMarkdown(report, translate);
  process.stdout.write(text);
  if (report.models.length === 0) {
    console.error(`lexreview: ${translate("set '{0}' has no model besides the baseline {1}: nothing to report", set, report.baseline)}`);
    return 1;
  }
  return 0;
}

/** --set is required by every review command. */
export function requiredSet(args: ParsedArgs, command: string): string {
  if (args.positionals.length > 0) throw new UsageError(translate("{0} takes no positional arguments (got '{1}')", command, args.positionals[0]));
  const set = stringOption(args, 'set');
  if (!set) throw new UsageError(translate('{0} needs {1}', command, '--set NAME'));
  return set;
}

/** A whole-number option at least `min`, or undefined when absent. */
export function integerOption(args: ParsedArgs, name: string, min: number): number | undefined {
  const raw = stringOption(args, name);
  if (raw === undefined) return undefined;
  const value = Number(raw);
  if (!/^\d+$/.test(raw) || value < min) throw new UsageError(translate("{0} must be a whole number of at least {1}, not '{2}'", `--${name}`, min, raw));
  return value;
}

/** A choice the user made that the data cannot satisfy (an unknown --baseline or --model) is a usage error: exit 2 with the message. */
export function asUsage<T>(f: () => T): T {
  try {
    return f();
  } catch (e) {
    if (e instanceof ReviewInputError) throw new UsageError(e.message);
    throw e;
  }
}
