// Human reviews and flags. A reviewer's edit never overwrites: the old row stays as history and
// the new one becomes current, and a reviewer's rows are only ever touched by that reviewer's
// writes. A flag is one row per answer and kind (a detector suggests it, a person confirms or
// rejects it); each state it has been in is kept in flag_history. Every write is one transaction
// with its audit rows.
import { FLAG_KINDS, type FlagKind, type FlagSource, type FlagStatus, type ReviewRecord } from '../core/review/types';
import type { ReviewImportRow } from '../core/review/reviewImport';
import { ImportError, rowProblem, type ImportProblem } from '../core/review/tableFile';
import { translate } from '../core/l10n';
import type { ReviewDatabase } from './database';
import { currentAnswerId, setId } from './setQueries';
import { audit, now, stmt, write } from './writes';

export class UnknownAnswerError extends Error {}

export interface SaveReviewInput {
  set: string;
  questionKey: string;
  model: string;
  reviewer: string;
  score: number;
  note?: string;
  /** ISO 8601; now by default. */
  at?: string;
}

export interface HistoryEntry {
  reviewer: string;
  score: number;
  note?: string;
  at: string;
  current: boolean;
}

export interface SetFlagInput {
  answerId: number;
  kind: FlagKind;
  source: FlagSource;
  status: FlagStatus;
  evidence?: unknown;
  /** Left out: the flag keeps its note; null: the note is cleared (what undoing a first note needs). */
  note?: string | null;
  /** The detector's name or the person's. */
  who: string;
}

interface AnswerRef {
  answerId: number;
  set: string;
  questionKey: string;
  model: string;
}

function checkScore(score: number): void {
  if (!(Number.isFinite(score) && score >= 1 && score <= 10)) throw new RangeError(`a review score is a number from 1 to 10, not ${score}`);
}

/** Saves one reviewer's score inside the caller's transaction; returns whether anything changed. */
function saveReviewRow(db: ReviewDatabase, actor: string, ref: AnswerRef, reviewer: string, score: number, note: string | undefined, at: string): { review: ReviewRecord; changed: boolean } {
  checkScore(score);
  if (reviewer.trim() === '') throw new RangeError('a review needs a reviewer name');
  const review: ReviewRecord = { answerId: ref.answerId, questionKey: ref.questionKey, model: ref.model, reviewer, score, ...(note === undefined ? {} : { note }), at };
  const previous = stmt(db, 'SELECT id, score, note, at FROM reviews WHERE answer_id = ? AND reviewer = ? AND is_current = 1').get(ref.answerId, reviewer) as
    | { id: number; score: number; note: string | null; at: string }
    | undefined;
  if (previous && previous.score === score && previous.note === (note ?? null)) {
    return { review: { ...review, at: previous.at }, changed: false };
  }
  if (previous) stmt(db, 'UPDATE reviews SET is_current = 0 WHERE id = ?').run(previous.id);
  stmt(db, 'INSERT INTO reviews (answer_id, reviewer, score, note, at, is_current) VALUES (?, ?, ?, ?, ?, 1)').run(ref.answerId, reviewer, score, note ?? null, at);
  audit(db, actor, 'review', ref.set, { ...ref, reviewer, score, note: note ?? null, previous: previous ? { score: previous.score, note: previous.note } : null });
  return { review, changed: true };
}

function answerRef(db: ReviewDatabase, set: string, questionKey: string, model: string): AnswerRef {
  setId(db, set); // an unknown set is its own error
  const answerId = currentAnswerId(db, set, questionKey, model);
  if (answerId === undefined) throw new UnknownAnswerError(translate('set "{0}" has no answer of model "{1}" to question "{2}"', set, model, questionKey));
  return { answerId, set, questionKey, model };
}

export function saveReview(db: ReviewDatabase, actor: string, input: SaveReviewInput): { review: ReviewRecord; changed: boolean } {
  return write(db, () => saveReviewRow(db, actor, answerRef(db, input.set, input.questionKey, input.model), input.reviewer, input.score, input.note, input.at ?? now()));
}

export function reviewHistory(db: ReviewDatabase, answerId: number): HistoryEntry[] {
  return (stmt(db, 'SELECT reviewer, score, note, at, is_current FROM reviews WHERE answer_id = ? ORDER BY id').all(answerId) as Array<{ reviewer: string; score: number; note: string | null; at: string; is_current: number }>).map(
    (r) => ({ reviewer: r.reviewer, score: r.score, ...(r.note === null ? {} : { note: r.note }), at: r.at, current: r.is_current === 1 }),
  );
}

/** A reviewer's current score of one answer version, or undefined (what an undo returns to). */
export function currentReview(db: ReviewDatabase, answerId: number, reviewer: string): { score: number; note?: string } | undefined {
  const row = stmt(db, 'SELECT score, note FROM reviews WHERE answer_id = ? AND reviewer = ? AND is_current = 1').get(answerId, reviewer) as { score: number; note: string | null } | undefined;
  return row && { score: row.score, ...(row.note === null ? {} : { note: row.note }) };
}

/**
 * Takes back a reviewer's current review of an answer version, leaving them with none: the undo
 * of a first score. The row stays as history (no longer current) and the audit log says who took
 * it back; returns false when the reviewer had no current review.
 */
export function retractReview(db: ReviewDatabase, actor: string, answerId: number, reviewer: string): boolean {
  return write(db, () => {
    const row = stmt(db, 'SELECT id, score, note FROM reviews WHERE answer_id = ? AND reviewer = ? AND is_current = 1').get(answerId, reviewer) as { id: number; score: number; note: string | null } | undefined;
    if (!row) return false;
    stmt(db, 'UPDATE reviews SET is_current = 0 WHERE id = ?').run(row.id);
    audit(db, actor, 'retract-review', setOfAnswer(db, answerId) ?? null, { answerId, reviewer, score: row.score, note: row.note });
    return true;
  });
}

/** The set an answer version belongs to (undefined: no such answer). */
function setOfAnswer(db: ReviewDatabase, answerId: number): string | undefined {
  return stmt(db, 'SELECT s.name FROM answers a JOIN questions q ON q.id = a.question_id JOIN eval_sets s ON s.id = q.set_id WHERE a.id = ?').pluck().get(answerId) as string | undefined;
}

/** The flag of one kind on an answer version as it stands, or undefined when it has none. */
export function flagState(db: ReviewDatabase, answerId: number, kind: FlagKind): { source: FlagSource; status: FlagStatus; note?: string } | undefined {
  const row = stmt(db, 'SELECT source, status, note FROM flags WHERE answer_id = ? AND kind = ?').get(answerId, kind) as { source: FlagSource; status: FlagStatus; note: string | null } | undefined;
  return row && { source: row.source, status: row.status, ...(row.note === null ? {} : { note: row.note }) };
}

/**
 * Removes a flag with its history: the undo of a flag a person set where there was none. The
 * audit row keeps every state the flag had, so nothing of it is lost; returns false when there
 * was no such flag.
 */
export function retractFlag(db: ReviewDatabase, actor: string, answerId: number, kind: FlagKind, who: string): boolean {
  return write(db, () => {
    const row = stmt(db, 'SELECT id, source, status, note FROM flags WHERE answer_id = ? AND kind = ?').get(answerId, kind) as { id: number; source: string; status: string; note: string | null } | undefined;
    if (!row) return false;
    const history = stmt(db, 'SELECT status, note, who, at FROM flag_history WHERE flag_id = ? ORDER BY id').all(row.id);
    stmt(db, 'DELETE FROM flags WHERE id = ?').run(row.id);
    audit(db, actor, 'retract-flag', setOfAnswer(db, answerId) ?? null, { answerId, kind, source: row.source, status: row.status, note: row.note, history, who });
    return true;
  });
}

/** Sets a flag inside the caller's transaction; returns whether anything changed. */
function setFlagRow(db: ReviewDatabase, actor: string, set: string | null, f: SetFlagInput): boolean {
  if (!(FLAG_KINDS as readonly string[]).includes(f.kind)) throw new RangeError(`unknown flag kind "${f.kind}"; the kinds are ${FLAG_KINDS.join(', ')}`);
  const evidence = f.evidence === undefined ? null : JSON.stringify(f.evidence);
  const at = now();
  const old = stmt(db, 'SELECT id, status, evidence, note, source FROM flags WHERE answer_id = ? AND kind = ?').get(f.answerId, f.kind) as
    | { id: number; status: string; evidence: string | null; note: string | null; source: string }
    | undefined;
  let flagId: number;
  if (!old) {
    flagId = Number(
      stmt(db, 'INSERT INTO flags (answer_id, kind, source, status, evidence, note, who, at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)').run(f.answerId, f.kind, f.source, f.status, evidence, f.note ?? null, f.who, at).lastInsertRowid,
    );
  } else {
    // Evidence and note left out keep what the flag had: a reviewer confirming a detector's flag keeps its evidence.
    const nextEvidence = evidence ?? old.evidence;
    const nextNote = f.note === undefined ? old.note : f.note;
    if (old.status === f.status && old.evidence === nextEvidence && old.note === nextNote) return false;
    stmt(db, 'UPDATE flags SET status = ?, evidence = ?, note = ?, who = ?, at = ? WHERE id = ?').run(f.status, nextEvidence, nextNote, f.who, at, old.id);
    flagId = old.id;
  }
  stmt(db, 'INSERT INTO flag_history (flag_id, status, note, who, at) VALUES (?, ?, ?, ?, ?)').run(flagId, f.status, f.note ?? null, f.who, at);
  audit(db, actor, 'flag', set, { answerId: f.answerId, kind: f.kind, source: old?.source ?? f.source, status: f.status, previous: old ? old.status : null, who: f.who });
  return true;
}

export function setFlag(db: ReviewDatabase, actor: string, input: SetFlagInput): boolean {
  return write(db, () => {
    const set = setOfAnswer(db, input.answerId);
    if (set === undefined) throw new UnknownAnswerError(translate('no answer with id {0}', input.answerId));
    return setFlagRow(db, actor, set, input);
  });
}

export function flagHistory(db: ReviewDatabase, answerId: number): Array<{ kind: FlagKind; status: FlagStatus; note?: string; who: string; at: string }> {
  return (
    stmt(db, 'SELECT f.kind, h.status, h.note, h.who, h.at FROM flag_history h JOIN flags f ON f.id = h.flag_id WHERE f.answer_id = ? ORDER BY h.id').all(answerId) as Array<{
      kind: FlagKind;
      status: FlagStatus;
      note: string | null;
      who: string;
      at: string;
    }>
  ).map((h) => ({ kind: h.kind, status: h.status, ...(h.note === null ? {} : { note: h.note }), who: h.who, at: h.at }));
}

export interface ReviewImportSummary {
  set: string;
  rows: number;
  changed: number;
  unchanged: number;
  flagsSet: number;
}

/**
 * Imports reviews made elsewhere: every row is resolved first (a question by key, else by its
 * exact text), and any row that does not resolve fails the whole file, located; then one
 * transaction saves them all. A row's flags are set as confirmed by its reviewer.
 */
export function importReviews(db: ReviewDatabase, actor: string, rows: readonly ReviewImportRow[], opts: { set: string; reviewer?: string }): ReviewImportSummary {
  // Resolved inside the write transaction, so the answers cannot change between the check and the save.
  return write(db, () => importResolved(db, actor, rows, opts));
}

function importResolved(db: ReviewDatabase, actor: string, rows: readonly ReviewImportRow[], opts: { set: string; reviewer?: string }): ReviewImportSummary {
  const id = setId(db, opts.set);
  const keys = new Set(stmt(db, 'SELECT key FROM questions WHERE set_id = ?').pluck().all(id) as string[]);
  const byText = new Map<string, string>();
  for (const [key, text] of stmt(db, 'SELECT key, text FROM questions WHERE set_id = ? ORDER BY ordinal').raw().all(id) as Array<[string, string]>) if (!byText.has(text.trim())) byText.set(text.trim(), key);
  const problems: ImportProblem[] = [];
  const resolved: Array<{ row: ReviewImportRow; ref: AnswerRef; reviewer: string }> = [];
  for (const row of rows) {
    const key = keys.has(row.question) ? row.question : byText.get(row.question.trim());
    const reviewer = row.reviewer ?? opts.reviewer;
    if (key === undefined) problems.push(rowProblem(row.location, translate('set "{0}" has no question with this key or text: {1}', opts.set, JSON.stringify(row.question.slice(0, 60))), 'question'));
    else if (reviewer === undefined || reviewer === '') problems.push(rowProblem(row.location, translate('no reviewer: add a reviewer column or pass --reviewer NAME'), 'reviewer'));
    else {
      const answerId = currentAnswerId(db, opts.set, key, row.model);
      if (answerId === undefined) problems.push(rowProblem(row.location, translate('model "{0}" has no answer to question "{1}" in set "{2}"', row.model, key, opts.set), 'model'));
      else resolved.push({ row, ref: { answerId, set: opts.set, questionKey: key, model: row.model }, reviewer });
    }
  }
  if (problems.length > 0) throw new ImportError(problems);
  const summary: ReviewImportSummary = { set: opts.set, rows: rows.length, changed: 0, unchanged: 0, flagsSet: 0 };
  const at = now();
  for (const { row, ref, reviewer } of resolved) {
    if (saveReviewRow(db, actor, ref, reviewer, row.score, row.note, at).changed) summary.changed++;
    else summary.unchanged++;
    for (const kind of row.flags) if (setFlagRow(db, actor, opts.set, { answerId: ref.answerId, kind, source: 'human', status: 'confirmed', who: reviewer })) summary.flagsSet++;
  }
  return summary;
}

export interface ExportedReview {
  question: string;
  model: string;
  reviewer: string;
  score: number;
  /** Flags on the answer this reviewer confirmed. */
  flags: FlagKind[];
  note?: string;
  at: string;
  version: number;
}

/** Each reviewer's current review of each current answer of the set, in question order: what `reviews import` reads back. */
export function exportReviews(db: ReviewDatabase, set: string): ExportedReview[] {
  const id = setId(db, set);
  const rows = stmt(
    db,
    `SELECT q.key, m.name, r.reviewer, r.score, r.note, r.at, a.version,
       (SELECT group_concat(f.kind, ';') FROM flags f WHERE f.answer_id = a.id AND f.status = 'confirmed' AND f.who = r.reviewer) AS flags
     FROM reviews r JOIN answers a ON a.id = r.answer_id AND a.is_current = 1 JOIN questions q ON q.id = a.question_id JOIN models m ON m.id = a.model_id
     WHERE q.set_id = ? AND r.is_current = 1 ORDER BY q.ordinal, m.name, r.reviewer`,
  )
    .raw()
    .all(id) as Array<[string, string, string, number, string | null, string, number, string | null]>;
  return rows.map(([question, model, reviewer, score, note, at, version, flags]) => ({
    question,
    model,
    reviewer,
    score,
    flags: flags ? (flags.split(';') as FlagKind[]) : [],
    ...(note === null ? {} : { note }),
    at,
    version,
  }));
}
