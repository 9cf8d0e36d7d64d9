// `lexreview import FILE [--set NAME] [--model M] [--category C] [--db PATH]`: answers from a
// long, wide or generated_predictions file into an evaluation set. The whole file is read and
// checked first, then stored in one transaction: a bad row fails the file with its location and
// nothing is imported.
import { basename, extname } from 'node:path';
import { readAnswerFile, type ParsedAnswers } from '../core/review/answerImport';
import { formatImportProblem, ImportError } from '../core/review/tableFile';
import { throwIfCancelled } from '../core/progress';
import type { AnswerImportSummary } from '../store/answerWrites';
import { ReviewDatabaseError } from '../store/database';
import { parseArgs, stringOption, UsageError, type ParsedArgs } from './args';
import { DB_OPTION, openCliStore } from './dbOption';
import { progressBar } from './progressBar';
import { translate } from '../core/l10n';

/** What an import did, in one line a person reads: a list of counts, each a phrase of its own (some only when not 0). */
export function formatImportSummary(s: AnswerImportSummary, layout: string): string {
  const parts = [
    translate('{0} question(s) added', s.questionsAdded),
    ...(s.questionsUpdated ? [translate('{0} question(s) updated', s.questionsUpdated)] : []),
    translate('{0} answer(s) added', s.answersAdded),
    translate('{0} new version(s)', s.newVersions),
    ...(s.restored ? [translate('{0} back to an earlier version', s.restored)] : []),
    translate('{0} unchanged', s.unchanged),
  ].join(translate(', '));
  return s.modelsAdded.length
    ? translate('{0}: {1} answer(s) read ({2} layout): {3}; new model(s): {4}', s.set, s.rows, layout, parts, s.modelsAdded.join(', '))
    : translate('{0}: {1} answer(s) read ({2} layout): {3}', s.set, s.rows, layout, parts);
}

export async function runImport(argv: string[], signal: AbortSignal): Promise<number> {
  const args = parseArgs(argv, { set: 'value', model: 'value', category: 'value', ...DB_OPTION });
  const [file] = args.positionals;
  if (!file || args.positionals.length > 1) throw new UsageError(translate('{0} takes one answers file', 'import'));
  const set = stringOption(args, 'set') ?? basename(file, extname(file));
  if (set.trim() === '') throw new UsageError(translate('{0} needs a name', '--set'));
  const bar = progressBar('import');
  try {
    const parsed = await readAnswerFile(file, { model: stringOption(args, 'model'), category: stringOption(args, 'category') }, { signal, onProgress: bar.report });
    bar.done();
    if (parsed.skippedBlank > 0) console.error(translate('{0}: {1} blank cell(s) skipped (no answer from that model)', file, parsed.skippedBlank));
    throwIfCancelled(signal);
    storeAnswers(args, parsed, set, file);
    return 0;
  } catch (e) {
    bar.done();
    return reportDataError(e);
  }
}

/** Imports parsed answers into the set in the store --db names, in one transaction, and prints what changed. */
export function storeAnswers(args: ParsedArgs, parsed: ParsedAnswers, set: string, file: string): void {
  const store = openCliStore(args);
  try {
    console.log(formatImportSummary(store.importAnswers(parsed.rows, { set, file }), parsed.layout));
  } finally {
    store.close();
  }
}

/** Located input problems and refused database files are the data's fault: print them, exit 1. */
export function reportDataError(e: unknown): number {
  if (e instanceof ImportError) {
    for (const p of e.problems) console.error(formatImportProblem(p));
    console.error(translate('{0} problem(s); nothing was imported', e.problems.length));
    return 1;
  }
  if (e instanceof ReviewDatabaseError) {
    console.error(`lexreview: ${e.message}`);
    return 1;
  }
  throw e;
}
