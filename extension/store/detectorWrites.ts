// Detector suggestions: a scan's findings written as suggested flags, one per answer and kind.
// Re-running a detector replaces what that detector version suggested before (new evidence,
// suggestions it no longer makes removed) and never touches a human decision: a flag a reviewer
// confirmed or rejected stays as it is, whatever the detector now says. One transaction with one
// audit row for the whole scan, and a flag_history row for every flag added or changed.
import type { FlagSuggestion } from '../core/quality/suggestions';
import { FLAG_KINDS } from '../core/review/types';
import type { ReviewDatabase } from './database';
import { setId } from './setQueries';
import { audit, now, stmt, write } from './writes';

export interface SuggestionSummary {
  added: number;
  updated: number;
  unchanged: number;
  /** Earlier suggestions of the same detector versions that this run no longer makes. */
  removed: number;
  /** Findings on a flag a reviewer already confirmed or rejected: the decision is kept. */
  keptDecisions: number;
}

/**
 * Replaces the pending suggestions of `detectors` (detector@version names) on the current answers
 * of `set` with `suggestions`. A pending suggestion of another detector version on the same answer
 * and kind is taken over (only one flag per answer and kind exists); human decisions are kept.
 */
export function replaceDetectorSuggestions(db: ReviewDatabase, actor: string, set: string, detectors: readonly string[], suggestions: readonly FlagSuggestion[]): SuggestionSummary {
  return write(db, () => {
    const id = setId(db, set);
    const current = new Set(stmt(db, 'SELECT a.id FROM answers a JOIN questions q ON q.id = a.question_id WHERE q.set_id = ? AND a.is_current = 1').pluck().all(id) as number[]);
    const summary: SuggestionSummary = { added: 0, updated: 0, unchanged: 0, removed: 0, keptDecisions: 0 };
    const at = now();
    const touched = new Set<number>();
    for (const s of suggestions) {
      if (!current.has(s.answerId)) throw new RangeError(`answer ${s.answerId} is not a current answer of set "${set}"`);
      if (!(FLAG_KINDS as readonly string[]).includes(s.kind)) throw new RangeError(`unknown flag kind "${s.kind}"`);
      const evidence = JSON.stringify(s.evidence);
      const old = stmt(db, 'SELECT id, source, status, evidence, who FROM flags WHERE answer_id = ? AND kind = ?').get(s.answerId, s.kind) as
        | { id: number; source: string; status: string; evidence: string | null; who: string }
        | undefined;
      if (!old) {
        const flagId = Number(
          stmt(db, "INSERT INTO flags (answer_id, kind, source, status, evidence, note, who, at) VALUES (?, ?, 'detector', 'suggested', ?, NULL, ?, ?)").run(s.answerId, s.kind, evidence, s.detector, at).lastInsertRowid,
        );
        stmt(db, "INSERT INTO flag_history (flag_id, status, note, who, at) VALUES (?, 'suggested', NULL, ?, ?)").run(flagId, s.detector, at);
        touched.add(flagId);
        summary.added++;
      } else if (old.status !== 'suggested' || old.source !== 'detector') {
        summary.keptDecisions++;
      } else {
        touched.add(old.id);
        if (old.evidence === evidence && old.who === s.detector) {
          summary.unchanged++;
          continue;
        }
        stmt(db, 'UPDATE flags SET evidence = ?, who = ?, at = ? WHERE id = ?').run(evidence, s.detector, at, old.id);
        stmt(db, "INSERT INTO flag_history (flag_id, status, note, who, at) VALUES (?, 'suggested', NULL, ?, ?)").run(old.id, s.detector, at);
        summary.updated++;
      }
    }
    const removed: Array<{ answerId: number; kind: string; who: string }> = [];
    if (detectors.length > 0) {
      const stale = stmt(
        db,
        `SELECT f.id, f.answer_id, f.kind, f.who FROM flags f JOIN answers a ON a.id = f.answer_id JOIN questions q ON q.id = a.question_id
         WHERE q.set_id = ? AND a.is_current = 1 AND f.source = 'detector' AND f.status = 'suggested'`,
      ).all(id) as Array<{ id: number; answer_id: number; kind: string; who: string }>;
      const mine = new Set(detectors);
      for (const f of stale) {
        if (touched.has(f.id) || !mine.has(f.who)) continue;
        stmt(db, 'DELETE FROM flags WHERE id = ?').run(f.id);
        removed.push({ answerId: f.answer_id, kind: f.kind, who: f.who });
      }
    }
    summary.removed = removed.length;
    audit(db, actor, 'detector-suggestions', set, { detectors, ...summary, removedFlags: removed });
    return summary;
  });
}
