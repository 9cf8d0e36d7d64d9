// `lexreview import FILE [--set NAME] [--model M] [--category C] [--db PATH]`: answers from a
// long, wide or generated_predictions file into an evaluation set. The whole file is read and
// checked first, then stored in one transaction: a bad row fails the file with its location and
// nothing is imported.
import { basename, extname } from 'node:path';
import { readAnswerFile } from '../core/review/answerImport';
import { formatImportProblem, ImportError } from '../core/review/tableFile';
import { throwIfCancelled } from '../core/progress';
import type { AnswerImportSummary } from '../store/answerWrites';
import { ReviewDatabaseError } from '../store/database';
import { parseArgs, stringOption, UsageError } from './args';
import { DB_OPTION, openCliStore } from './dbOption';
import { progressBar } from './progressBar';

/** What an import did, in one line a person reads. */
export function formatImportSummary(s: AnswerImportSummary, layout: string): string {
  const parts = [
    `${s.questionsAdded} question(s) added`,
    ...(s.questionsUpdated ? [`${s.questionsUpdated} question(s) updated`] : []),
    `${s.answersAdded} answer(s) added`,
    `${s.newVersions} new version(s)`,
    ...(s.restored ? [`${s.restored} back to an earlier version`] : []),
    `${s.unchanged} unchanged`,
  ];
  const models = s.modelsAdded.length ? `; new model(s): ${s.modelsAdded.join(', ')}` : '';
  return `${s.set}: ${s.rows} answer(s) read (${layout} layout): ${parts.join(', ')}${models}`;
}

export async function runImport(argv: string[], signal: AbortSignal): Promise<number> {
  const args = parseArgs(argv, { set: 'value', model: 'value', category: 'value', ...DB_OPTION });
  const [file] = args.positionals;
  if (!file || args.positionals.length > 1) throw new UsageError('import takes one answers file');
  const set = stringOption(args, 'set') ?? basename(file, extname(file));
  if (set.trim() === '') throw new UsageError('--set needs a name');
  const bar = progressBar('import');
  try {
    const parsed = await readAnswerFile(file, { model: stringOption(args, 'model'), category: stringOption(args, 'category') }, { signal, onProgress: bar.report });
    bar.done();
    if (parsed.skippedBlank > 0) console.error(`${file}: ${parsed.skippedBlank} blank cell(s) skipped (no answer from that model)`);
    throwIfCancelled(signal);
    const store = openCliStore(args);
    try {
      console.log(formatImportSummary(store.importAnswers(parsed.rows, { set, file }), parsed.layout));
    } finally {
      store.close();
    }
    return 0;
  } catch (e) {
    bar.done();
    return reportDataError(e);
  }
}

/** Located input problems and refused database files are the data's fault: print them, exit 1. */
export function reportDataError(e: unknown): number {
  if (e instanceof ImportError) {
    for (const p of e.problems) console.error(formatImportProblem(p));
    console.error(`${e.problems.length} problem(s); nothing was imported`);
    return 1;
  }
  if (e instanceof ReviewDatabaseError) {
    console.error(`lexreview: ${e.message}`);
    return 1;
  }
  throw e;
}
