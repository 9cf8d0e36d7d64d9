// A synthetic ReviewSnapshot (reviewSnapshot.ts) written into a real review store, as the import,
// the judge and the reviewers would have left it: for the report benchmark's store and for the
// e2e suite's large sets (the review panel's performance on 1,000 questions × 4 models).
import type { AnswerImportRow } from '../extension/core/review/answerImport';
import type { ReviewSnapshot } from '../extension/core/review/types';
import type { ReviewStore } from '../extension/store/reviewStore';

/** A snapshot's answers as the importer's rows, in the long layout's order. */
export function importRows(s: ReviewSnapshot, file = 'synthetic'): AnswerImportRow[] {
  const questions = new Map(s.questions.map((q) => [q.key, q]));
  return s.answers.map((a, i) => {
    const q = questions.get(a.questionKey)!;
    return { questionKey: q.key, keyedBy: 'id', question: q.text, model: a.model, answer: a.text, category: q.category, location: { file, line: i + 1, record: i } };
  });
}

/** Writes the snapshot's answers, judgments, flags and reviews into `store` (its set is the snapshot's). */
export function writeSnapshot(store: ReviewStore, s: ReviewSnapshot): void {
  store.importAnswers(importRows(s), { set: s.set });
  // The store numbers answers itself: the snapshot's ids are mapped through its own.
  const ids = new Map<number, number>();
  const stored = new Map(store.snapshot(s.set).answers.map((a) => [`${a.questionKey}\0${a.model}`, a.answerId]));
  for (const a of s.answers) ids.set(a.answerId, stored.get(`${a.questionKey}\0${a.model}`)!);
  // One transaction for all (each write becomes a savepoint): 160k fsyncs would take minutes.
  store.db.transaction(() => {
    s.judgments.forEach((j, i) => store.saveJudgment(`synthetic-${i}`, { ...j, candidateAnswerId: ids.get(j.candidateAnswerId)!, baselineAnswerId: ids.get(j.baselineAnswerId)! }));
    for (const f of s.flags) store.setFlag({ answerId: ids.get(f.answerId)!, kind: f.kind, source: f.source, status: f.status, who: 'synthetic-detector' });
  })();
  if (s.reviews.length > 0) {
    store.importReviews(
      s.reviews.map((r, i) => ({ question: r.questionKey, model: r.model, score: r.score, flags: [], reviewer: r.reviewer, location: { file: 'synthetic', line: i + 1, record: i } })),
      { set: s.set },
    );
  }
}
