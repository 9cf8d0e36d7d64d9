// The dataset editor's two detector filters (issue 15): records that nearly duplicate another
// record of the same file, and records that hold a question of an evaluation set (train/eval
// contamination, which inflates every score). Both run the detectors of core/quality over an
// index of the document as it is now (edits included, rows as record positions), built in
// slices that yield to the event loop, report progress and stop when cancelled. Each matched row
// keeps why it matched — the other records, or the evaluation questions — for the editor to show.
import { translate, type Translate } from '../../l10n';
import { CancelledError, type LongOperation } from '../../progress';
import { recordsOverlappingQuestions } from '../../quality/contamination';
import { findNearDuplicates } from '../../quality/nearDuplicates';
import { DEFAULT_QUALITY_OPTIONS, type QualityOptions } from '../../quality/options';
import { TrainingIndexBuilder, type TrainingIndex } from '../../quality/trainingIndex';
import type { FieldText } from '../fieldText';
import type { QualityFilterId } from './filters';

export { isQualityFilter, type QualityFilterId } from './filters';

/** Why a row is in a detector filter's view. */
export type MatchReason =
  | { kind: 'nearDuplicate'; /** The other rows of its group, ascending. */ others: number[]; /** The lowest verified Jaccard similarity of the group. */ similarity: number }
  | { kind: 'evaluationOverlap'; /** The evaluation questions found in the record. */ questions: string[] };

/** Where the evaluation questions come from: a set of the review store, or a file of questions. */
export type EvaluationSource = { kind: 'set'; name: string } | { kind: 'file'; path: string };

/** What a detector filter's matches depend on besides the document: its evaluation source. */
export function matchSource(filter: QualityFilterId, evaluation: EvaluationSource | undefined): string {
  return filter === 'evaluationOverlap' ? JSON.stringify(evaluation ?? null) : '';
}

/** The rows a detector filter keeps, for one version of the document. */
export interface QualityMatches {
  filter: QualityFilterId;
  /** The document version the matches were computed on (DatasetModel.version). */
  version: number;
  /** What else the matches depend on (the evaluation set): a view with another source recomputes. */
  source: string;
  rows: Map<number, MatchReason>;
}

/** Rows indexed between two yields to the event loop. */
const SLICE = 2000;

/**
 * The detectors' index of the document's records, row by row (a record's texts as the editor shows
 * them, recordTexts). `prefetch` lets a lazily read large file parse a slice at a time.
 */
export async function indexDocument(
  count: number,
  texts: (row: number) => FieldText[],
  op: LongOperation & { prefetch?: (from: number, to: number) => void } = {},
  opts: Pick<QualityOptions, 'leakage' | 'contamination'> = DEFAULT_QUALITY_OPTIONS,
): Promise<TrainingIndex> {
  const builder = new TrainingIndexBuilder(opts);
  for (let from = 0; from < count; from += SLICE) {
    if (op.signal?.aborted) throw new CancelledError();
    const to = Math.min(count, from + SLICE);
    op.prefetch?.(from, to);
    for (let row = from; row < to; row++) builder.addRecord(row, texts(row));
    op.onProgress?.(to, count);
    await new Promise((resolve) => setImmediate(resolve));
  }
  return builder.build();
}

/** Every record in a group of near duplicates, with the rest of its group. */
export function nearDuplicateReasons(index: TrainingIndex, opts: QualityOptions['nearDuplicates'] = DEFAULT_QUALITY_OPTIONS.nearDuplicates, signal?: AbortSignal): Map<number, MatchReason> {
  const found = findNearDuplicates(index, opts, signal);
  const out = new Map<number, MatchReason>();
  for (const g of found.groups) {
    for (const row of g.records) out.set(row, { kind: 'nearDuplicate', others: g.records.filter((r) => r !== row), similarity: g.minJaccard });
  }
  return out;
}

/** Every record that holds (exactly or nearly) one of `questions`, with those questions. */
export function evaluationOverlapReasons(index: TrainingIndex, questions: readonly string[], opts: QualityOptions = DEFAULT_QUALITY_OPTIONS, signal?: AbortSignal): Map<number, MatchReason> {
  if (signal?.aborted) throw new CancelledError();
  const found = recordsOverlappingQuestions(questions, index, opts.contamination, opts.leakage);
  const out = new Map<number, MatchReason>();
  for (const [row, qs] of [...found].sort((a, b) => a[0] - b[0])) out.set(row, { kind: 'evaluationOverlap', questions: qs.map((i) => questions[i]) });
  return out;
}

/** Record numbers as the editor shows them (from 1), the first few. */
function recordList(rows: readonly number[], max = 5): string {
  const shown = rows.slice(0, max).map((r) => `#${r + 1}`).join(', ');
  return rows.length > max ? `${shown} …` : shown;
}

/** A question in a sentence: one line, and not a paragraph. */
function quoted(q: string, max = 60): string {
  const line = q.replace(/\s+/g, ' ').trim();
  return line.length > max ? `${line.slice(0, max)}…` : line;
}

/** Why the row is in the view, in one sentence for the table's tooltip and the detail pane. */
export function reasonText(reason: MatchReason, t: Translate = translate): string {
  if (reason.kind === 'nearDuplicate') {
    return t('Nearly the same as record {0} (similarity at least {1} %)', recordList(reason.others), Math.floor(reason.similarity * 100));
  }
  const [first, ...rest] = reason.questions;
  return rest.length === 0
    ? t('Holds the evaluation question “{0}”', quoted(first))
    : t('Holds the evaluation question “{0}” and {1} more', quoted(first), rest.length);
}
