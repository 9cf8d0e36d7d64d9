// Reading model answers from a file into rows the review store imports in one transaction. Three
// layouts, told apart by their columns:
// - long: one row per answer, `{question, model, answer[, category][, reference][, id]}` (the
//   model column may be left out when --model names it);
// - wide: a question column (`question`, `问题`, `instruction` or `prompt`) and one column per model;
//   the known non-model columns (id, category, reference, input …) are not models. A blank or
//   null cell means that model has no answer there and is skipped (counted in `skippedBlank`);
//   with an `instruction` column, a non-empty `input` is appended to the question, as alpaca does;
// - LLaMA-Factory `generated_predictions.jsonl`: `{prompt, predict, label}`; `predict` is the
//   answer, `label` the reference, the question is the prompt without its chat template
//   (promptUnwrap.ts), the model is --model or the folder name (see modelFromPath).
// In the long and prediction layouts an empty answer is kept: a model that said nothing said so.
// Questions are keyed by an id column, else by a hash of their text (the store then matches a
// question of the set with the same text, so a predictions file joins a set keyed by ids).
// Node only (it reads files).
import { basename, dirname } from 'node:path';
import { hash53 } from '../dataset/textHash';
import { questionFromPrompt } from './promptUnwrap';
import { translate } from '../l10n';
import type { LongOperation } from '../progress';
import { cellText, findColumn, ImportError, readTable, rowProblem, type ImportProblem, type RowLocation, type Table, type TableRow } from './tableFile';

export interface AnswerImportRow {
  questionKey: string;
  /** 'id': the file named the question; 'text': the key is a hash of the text. */
  keyedBy: 'id' | 'text';
  question: string;
  model: string;
  answer: string;
  category?: string;
  reference?: string;
  location: RowLocation;
}

export type AnswerLayout = 'long' | 'wide' | 'predictions';

export interface ParsedAnswers {
  layout: AnswerLayout;
  rows: AnswerImportRow[];
  models: string[];
  /** Wide layout: cells left blank (no answer from that model to that question). */
  skippedBlank: number;
}

export interface AnswerImportOptions {
  /** The model of a predictions file or a long file without a model column; in a wide file, the one column to import. */
  model?: string;
  /** The category of questions whose row has none. */
  category?: string;
}

/** The columns that hold the question, the likeliest first (a questions file for the dataset editor's filter reads them too). */
export const QUESTION_COLUMNS = ['question', '问题', 'instruction', 'prompt'];
const ID_COLUMNS = ['id', 'question_id', 'qid', 'key'];
const CATEGORY_COLUMNS = ['category', '类别', '分类'];
const REFERENCE_COLUMNS = ['reference', '参考答案', 'label'];
/** Columns of a wide file that are not models (besides the question, id, category and reference columns). */
const NOT_MODELS = ['input', 'system', 'history', 'index', 'no', '序号'];

/** Folders LLaMA-Factory and the like name for what they hold, not for the model: the model is the folder above. */
const GENERIC_FOLDERS = new Set(['predict', 'predictions', 'eval', 'evaluation', 'output', 'outputs', 'results', 'generated', 'generate']);

/** The model a predictions file belongs to, from its path: `saves/law_batch128_epoch3_vicuna/predict/generated_predictions.jsonl` → `law_batch128_epoch3_vicuna`. */
export function modelFromPath(file: string): string | undefined {
  let dir = dirname(file);
  for (let i = 0; i < 3; i++) {
    const name = basename(dir);
    if (name === '' || name === '.' || name === '/' || dir === dirname(dir)) return undefined;
    if (!GENERIC_FOLDERS.has(name.toLowerCase())) return name;
    dir = dirname(dir);
  }
  return undefined;
}

export function textKey(text: string): string {
  return `t${hash53(text.trim()).toString(36)}`;
}

export async function readAnswerFile(file: string, opts: AnswerImportOptions = {}, op: LongOperation = {}): Promise<ParsedAnswers> {
  return answersFromTable(await readTable(file, op), file, opts);
}

export function answersFromTable(table: Table, file: string, opts: AnswerImportOptions = {}): ParsedAnswers {
  const cols = table.columns;
  const at = { file, line: 1, column: 1 };
  if (findColumn(cols, ['predict']) && findColumn(cols, ['prompt'])) {
    const model = opts.model ?? modelFromPath(file);
    if (!model) throw new ImportError([{ ...at, message: translate('a generated_predictions file names no model: pass --model NAME') }]);
    return predictionRows(table, model, opts);
  }
  const question = findColumn(cols, QUESTION_COLUMNS);
  if (!question) {
    throw new ImportError([{ ...at, message: translate('no question column (one of {0}); the columns are: {1}', QUESTION_COLUMNS.join(', '), cols.join(', ')) }]);
  }
  const answer = findColumn(cols, ['answer']);
  if (answer && (findColumn(cols, ['model']) || opts.model)) return longRows(table, question, answer, opts);
  return wideRows(table, file, question, opts);
}

interface Common {
  key: string;
  keyedBy: 'id' | 'text';
  category?: string;
  reference?: string;
}

/** The columns every layout reads the same way: the question's key, category and reference. */
function commonColumns(table: Table) {
  return {
    id: findColumn(table.columns, ID_COLUMNS),
    category: findColumn(table.columns, CATEGORY_COLUMNS),
    reference: findColumn(table.columns, REFERENCE_COLUMNS),
  };
}

function common(row: TableRow, question: string, c: ReturnType<typeof commonColumns>, opts: AnswerImportOptions, problems: ImportProblem[]): Common {
  const id = cellText(row, c.id, problems);
  return {
    key: id?.trim() ?? textKey(question),
    keyedBy: id === undefined ? 'text' : 'id',
    category: cellText(row, c.category, problems)?.trim() ?? opts.category,
    reference: cellText(row, c.reference, problems),
  };
}

function requiredText(row: TableRow, column: string, problems: ImportProblem[], keepBlank: boolean): string | undefined {
  const before = problems.length;
  const v = cellText(row, column, problems, { keepBlank });
  if (v === undefined && problems.length === before) problems.push(rowProblem(row.location, keepBlank ? translate('no value') : translate('empty'), column));
  return v;
}

function answerRow(k: Common, question: string, model: string, answer: string, location: RowLocation): AnswerImportRow {
  return { questionKey: k.key, keyedBy: k.keyedBy, question, model, answer, category: k.category, reference: k.reference, location };
}

type Read = (row: TableRow, problems: ImportProblem[]) => { question?: string; model?: string; answer?: string };

/** The layouts with one answer per row (long, predictions): `read` takes a row's question, model and answer. */
function oneAnswerPerRow(table: Table, layout: AnswerLayout, opts: AnswerImportOptions, read: Read): ParsedAnswers {
  const c = commonColumns(table);
  const problems: ImportProblem[] = [];
  const rows: AnswerImportRow[] = [];
  for (const row of table.rows) {
    const mine: ImportProblem[] = [];
    const { question, model, answer } = read(row, mine);
    if (mine.length > 0 || question === undefined || model === undefined || answer === undefined) {
      problems.push(...mine);
      continue;
    }
    rows.push(answerRow(common(row, question, c, opts, problems), question, model, answer, row.location));
  }
  if (problems.length > 0) throw new ImportError(problems);
  return { layout, rows, models: distinct(rows.map((r) => r.model)), skippedBlank: 0 };
}

function longRows(table: Table, questionCol: string, answerCol: string, opts: AnswerImportOptions): ParsedAnswers {
  const modelCol = findColumn(table.columns, ['model']);
  return oneAnswerPerRow(table, 'long', opts, (row, mine) => ({
    question: requiredText(row, questionCol, mine, false),
    model: modelCol ? requiredText(row, modelCol, mine, false)?.trim() : opts.model,
    answer: requiredText(row, answerCol, mine, true),
  }));
}

function predictionRows(table: Table, model: string, opts: AnswerImportOptions): ParsedAnswers {
  const [promptCol, predictCol] = [findColumn(table.columns, ['prompt'])!, findColumn(table.columns, ['predict'])!];
  return oneAnswerPerRow(table, 'predictions', opts, (row, mine) => {
    const prompt = requiredText(row, promptCol, mine, false);
    return { question: prompt === undefined ? undefined : questionFromPrompt(prompt), model, answer: requiredText(row, predictCol, mine, true) };
  });
}

function wideRows(table: Table, file: string, questionCol: string, opts: AnswerImportOptions): ParsedAnswers {
  const c = commonColumns(table);
  const input = questionCol.toLowerCase() === 'instruction' ? findColumn(table.columns, ['input']) : undefined;
  const notModels = new Set([questionCol, c.id, c.category, c.reference, ...table.columns.filter((col) => NOT_MODELS.includes(col.toLowerCase()))]);
  let models = table.columns.filter((col) => !notModels.has(col));
  if (opts.model !== undefined) {
    if (!models.includes(opts.model)) throw new ImportError([{ file, line: 1, column: 1, message: translate('no column for model "{0}"; the model columns are: {1}', opts.model, models.join(', ')) }]);
    models = [opts.model];
  }
  if (models.length === 0) {
    throw new ImportError([{ file, line: 1, column: 1, message: translate('no model columns next to the question column "{0}" (long files need "model" and "answer" columns)', questionCol) }]);
  }
  const problems: ImportProblem[] = [];
  const rows: AnswerImportRow[] = [];
  let skippedBlank = 0;
  for (const row of table.rows) {
    const mine: ImportProblem[] = [];
    let question = requiredText(row, questionCol, mine, false);
    const extra = cellText(row, input, mine);
    if (question !== undefined && extra !== undefined) question = `${question.trim()}\n${extra.trim()}`;
    if (question === undefined) {
      problems.push(...mine);
      continue;
    }
    const k = common(row, question, c, opts, mine);
    for (const model of models) {
      const answer = cellText(row, model, mine);
      if (answer === undefined) {
        skippedBlank++;
        continue;
      }
      rows.push(answerRow(k, question, model, answer, row.location));
    }
    problems.push(...mine);
  }
  if (problems.length > 0) throw new ImportError(problems);
  return { layout: 'wide', rows, models, skippedBlank };
}

function distinct(values: string[]): string[] {
  return [...new Set(values)];
}

/**
 * Rows that would make one import contradict itself: a second answer of a model to a question,
 * or a question key given two texts. The store checks every import with this, inside its
 * transaction (once: it is a tenth of a 100k-row import), so the file's rows are not checked here.
 */
export function duplicateProblems(rows: readonly AnswerImportRow[]): ImportProblem[] {
  const problems: ImportProblem[] = [];
  // Keyed model first, then question key: no string is built per row (100k rows are imported in one go).
  const pairs = new Map<string, Map<string, AnswerImportRow>>();
  const texts = new Map<string, AnswerImportRow>();
  for (const r of rows) {
    let byKey = pairs.get(r.model);
    if (!byKey) pairs.set(r.model, (byKey = new Map()));
    const first = byKey.get(r.questionKey);
    if (first) problems.push(rowProblem(r.location, translate('a second answer of model "{0}" to question "{1}" (the first is on line {2})', r.model, r.questionKey, first.location.line)));
    else byKey.set(r.questionKey, r);
    const t = texts.get(r.questionKey);
    if (!t) texts.set(r.questionKey, r);
    else if (t.question !== r.question) problems.push(rowProblem(r.location, translate('question "{0}" has another text on line {1}', r.questionKey, t.location.line)));
  }
  return problems;
}
