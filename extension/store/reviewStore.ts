// The review store: one SQLite file per workspace (.lexreview/review.db) holding evaluation
// sets, versioned answers, judgments, human reviews, flags and an append-only audit log. This
// class is the one door to it for the CLI, the extension and the judge (it implements
// JudgmentStore); the queries live in the modules it delegates to. Every write is one
// transaction and writes the audit log; `actor` names who writes (the CLI, the extension …).
import type { AnswerImportRow } from '../core/review/answerImport';
import type { ReviewImportRow } from '../core/review/reviewImport';
import type { FlagKind, JudgeBatchRecord, JudgmentRecord, JudgmentStore, ReviewRecord, ReviewSnapshot } from '../core/review/types';
import { importAnswers, type AnswerImportSummary } from './answerWrites';
import { openReviewDatabase, type OpenOptions, type ReviewDatabase } from './database';
import { finishJudgeBatch, hasJudgment, pendingJudgeBatches, saveJudgeBatch, saveJudgment } from './judgmentWrites';
import { currentReview, exportReviews, flagHistory, flagState, importReviews, retractFlag, retractReview, reviewHistory, saveReview, setFlag, type ExportedReview, type HistoryEntry, type ReviewImportSummary, type SaveReviewInput, type SetFlagInput } from './reviewWrites';
import { currentAnswerId, listSets, setId, snapshot, type SetSummary } from './setQueries';
import { AnswerPartCache } from './answerPartCache';
import { replaceDetectorSuggestions, type SuggestionSummary } from './detectorWrites';
import type { FlagSuggestion } from '../core/quality/suggestions';
import { audit, stmt, write } from './writes';

export interface StoreOptions extends OpenOptions {
  /** Recorded in the audit log with every write: 'cli', 'extension', a detector's name … */
  actor?: string;
}

export class ReviewStore implements JudgmentStore {
  readonly actor: string;
  private readonly answers: AnswerPartCache;

  constructor(
    readonly db: ReviewDatabase,
    actor = 'lexreview',
  ) {
    this.actor = actor;
    this.answers = new AnswerPartCache(db);
  }

  static open(path: string, opts: StoreOptions = {}): ReviewStore {
    return new ReviewStore(openReviewDatabase(path, opts), opts.actor);
  }

  importAnswers(rows: readonly AnswerImportRow[], opts: { set: string; file?: string }): AnswerImportSummary {
    return importAnswers(this.db, this.actor, rows, opts);
  }

  /** The set as it is now. Its records may be shared with earlier snapshots (answerPartCache.ts): read them, never change them. */
  snapshot(set: string): ReviewSnapshot {
    return snapshot(this.db, set, (id) => this.answers.get(id));
  }

  listSets(): SetSummary[] {
    return listSets(this.db);
  }

  currentAnswerId(set: string, questionKey: string, model: string): number | undefined {
    return currentAnswerId(this.db, set, questionKey, model);
  }

  saveReview(input: SaveReviewInput): { review: ReviewRecord; changed: boolean } {
    return this.answers.humanWrite(() => saveReview(this.db, this.actor, input));
  }

  reviewHistory(answerId: number): HistoryEntry[] {
    return reviewHistory(this.db, answerId);
  }

  /** A reviewer's current score of an answer version (undefined: none). */
  currentReview(answerId: number, reviewer: string): { score: number; note?: string } | undefined {
    return currentReview(this.db, answerId, reviewer);
  }

  /** Takes back a reviewer's current review (the undo of a first score); the history and the audit log keep it. */
  retractReview(answerId: number, reviewer: string): boolean {
    return this.answers.humanWrite(() => retractReview(this.db, this.actor, answerId, reviewer));
  }

  flagState(answerId: number, kind: FlagKind) {
    return flagState(this.db, answerId, kind);
  }

  /** Removes a flag (the undo of a flag set where there was none); the audit log keeps its states. */
  retractFlag(answerId: number, kind: FlagKind, who: string): boolean {
    return this.answers.humanWrite(() => retractFlag(this.db, this.actor, answerId, kind, who));
  }

  setFlag(input: SetFlagInput): boolean {
    return this.answers.humanWrite(() => setFlag(this.db, this.actor, input));
  }

  flagHistory(answerId: number) {
    return flagHistory(this.db, answerId);
  }

  /** A scan's findings as suggested flags, replacing what the same detector versions suggested before; human decisions are kept (detectorWrites.ts). */
  replaceDetectorSuggestions(set: string, detectors: readonly string[], suggestions: readonly FlagSuggestion[]): SuggestionSummary {
    return this.answers.humanWrite(() => replaceDetectorSuggestions(this.db, this.actor, set, detectors, suggestions));
  }

  importReviews(rows: readonly ReviewImportRow[], opts: { set: string; reviewer?: string }): ReviewImportSummary {
    return this.answers.humanWrite(() => importReviews(this.db, this.actor, rows, opts));
  }

  exportReviews(set: string): ExportedReview[] {
    return exportReviews(this.db, set);
  }

  /** Deletes a set with its questions, answers and all made on them; the audit log keeps the record of it. */
  deleteSet(set: string): { questions: number; answers: number } {
    return write(this.db, () => {
      const id = setId(this.db, set);
      const questions = stmt(this.db, 'SELECT count(*) FROM questions WHERE set_id = ?').pluck().get(id) as number;
      const answers = stmt(this.db, 'SELECT count(*) FROM answers a JOIN questions q ON q.id = a.question_id WHERE q.set_id = ?').pluck().get(id) as number;
      stmt(this.db, 'DELETE FROM eval_sets WHERE id = ?').run(id);
      audit(this.db, this.actor, 'delete-set', set, { questions, answers });
      return { questions, answers };
    });
  }

  hasJudgment(cacheKey: string): boolean {
    return hasJudgment(this.db, cacheKey);
  }

  /** Saves a judgment once per cache key; the JudgmentStore contract ignores the returned "was new". */
  saveJudgment(cacheKey: string, judgment: JudgmentRecord): boolean {
    return saveJudgment(this.db, this.actor, cacheKey, judgment);
  }

  pendingJudgeBatches(): JudgeBatchRecord[] {
    return pendingJudgeBatches(this.db);
  }

  saveJudgeBatch(batch: JudgeBatchRecord): void {
    saveJudgeBatch(this.db, this.actor, batch);
  }

  finishJudgeBatch(batchId: string): void {
    finishJudgeBatch(this.db, this.actor, batchId);
  }

  close(): void {
    this.db.close();
  }
}
