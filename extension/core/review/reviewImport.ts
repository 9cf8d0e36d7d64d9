// Reading a reviews file (reviews made elsewhere, or exported by `reviews export`): CSV or JSONL
// rows `question, model, score[, flags][, note][, reviewer]`. `question` is a question key or its
// text (the store resolves it); `flags` are flag kinds separated by commas or semicolons (or a
// JSON list); the score is a number from 1 to 10. Every row is checked before anything is stored.
// Node only (it reads files).
import { FLAG_KINDS, type FlagKind } from './types';
import { translate } from '../l10n';
import type { LongOperation } from '../progress';
import { cellText, findColumn, ImportError, readTable, rowProblem, type ImportProblem, type RowLocation, type Table } from './tableFile';

export interface ReviewImportRow {
  /** A question key, or the question's text. */
  question: string;
  model: string;
  score: number;
  flags: FlagKind[];
  note?: string;
  /** The reviewer the row names, when the file has a reviewer column. */
  reviewer?: string;
  location: RowLocation;
}

const COLUMNS = {
  question: ['question', 'question_key', 'id', '问题'],
  model: ['model', '模型'],
  score: ['score', '分数', '评分'],
  flags: ['flags', '标记'],
  note: ['note', 'comment', '备注'],
  reviewer: ['reviewer', '评审人'],
};

export async function readReviewFile(file: string, op: LongOperation = {}): Promise<ReviewImportRow[]> {
  return reviewsFromTable(await readTable(file, op), file);
}

export function parseFlagKinds(value: unknown): { kinds: FlagKind[]; unknown: string[] } {
  const parts = Array.isArray(value) ? value.map(String) : typeof value === 'string' ? value.split(/[,;，；]/) : [];
  const kinds: FlagKind[] = [];
  const unknown: string[] = [];
  for (const p of parts.map((s) => s.trim().toLowerCase()).filter((s) => s !== '')) {
    if ((FLAG_KINDS as readonly string[]).includes(p)) kinds.push(p as FlagKind);
    else unknown.push(p);
  }
  return { kinds: [...new Set(kinds)], unknown };
}

export function reviewsFromTable(table: Table, file: string): ReviewImportRow[] {
  const col = Object.fromEntries(Object.entries(COLUMNS).map(([k, names]) => [k, findColumn(table.columns, names)])) as Record<keyof typeof COLUMNS, string | undefined>;
  for (const need of ['question', 'model', 'score'] as const) {
    if (!col[need]) throw new ImportError([{ file, line: 1, column: 1, message: translate('no "{0}" column; the columns are: {1}', need, table.columns.join(', ')) }]);
  }
  const problems: ImportProblem[] = [];
  const rows: ReviewImportRow[] = [];
  for (const row of table.rows) {
    const mine: ImportProblem[] = [];
    const question = cellText(row, col.question, mine)?.trim();
    const model = cellText(row, col.model, mine)?.trim();
    if (question === undefined && mine.length === 0) mine.push(rowProblem(row.location, translate('empty'), col.question));
    if (model === undefined && mine.length === 0) mine.push(rowProblem(row.location, translate('empty'), col.model));
    const raw = row.values[col.score!];
    const score = typeof raw === 'number' ? raw : typeof raw === 'string' && raw.trim() !== '' ? Number(raw.trim()) : NaN;
    if (!(score >= 1 && score <= 10)) mine.push(rowProblem(row.location, translate('the score must be a number from 1 to 10, not {0}', JSON.stringify(raw ?? '')), col.score));
    const flags = col.flags ? parseFlagKinds(row.values[col.flags]) : { kinds: [], unknown: [] };
    if (flags.unknown.length > 0) mine.push(rowProblem(row.location, translate('unknown flag kind(s) {0}; the kinds are {1}', flags.unknown.join(', '), FLAG_KINDS.join(', ')), col.flags));
    const note = cellText(row, col.note, mine);
    const reviewer = cellText(row, col.reviewer, mine)?.trim();
    if (mine.length > 0 || question === undefined || model === undefined) {
      problems.push(...mine);
      continue;
    }
    rows.push({ question, model, score, flags: flags.kinds, note, reviewer, location: row.location });
  }
  if (problems.length > 0) throw new ImportError(problems);
  return rows;
}
