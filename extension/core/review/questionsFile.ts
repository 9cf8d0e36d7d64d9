// A file of evaluation questions, for the dataset editor's "overlaps the evaluation set" filter
// when the questions are not (yet) a set of the review store: plain text (one question a line),
// or JSON / JSONL / CSV with a question column as `lexreview import` names it (answers files
// qualify). Node only (reads the file).
import { extname } from 'node:path';
import { readFile } from 'node:fs/promises';
import { translate } from '../l10n';
import { throwIfCancelled, type LongOperation } from '../progress';
import { QUESTION_COLUMNS } from './answerImport';
import { findColumn, ImportError, readTable } from './tableFile';

/** The distinct questions of the file, in the order they first appear. */
export async function readQuestionsFile(path: string, op: LongOperation = {}): Promise<string[]> {
  const ext = extname(path).toLowerCase();
  let questions: string[];
  if (ext === '.txt') {
    const text = await readFile(path, { encoding: 'utf8', signal: op.signal });
    questions = text.split(/\r?\n/);
  } else {
    const table = await readTable(path, op);
    const column = findColumn(table.columns, QUESTION_COLUMNS);
    if (column === undefined) {
      throw new ImportError([{ file: path, line: 1, column: 1, message: translate('no question column (one of {0}); the columns are: {1}', QUESTION_COLUMNS.join(', '), table.columns.join(', ')) }]);
    }
    questions = table.rows.map((r) => r.values[column]).filter((v): v is string => typeof v === 'string');
  }
  throwIfCancelled(op.signal);
  return [...new Set(questions.map((q) => q.trim()).filter((q) => q !== ''))];
}
