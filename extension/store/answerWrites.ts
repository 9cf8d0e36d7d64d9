// Importing answers into an evaluation set, in one transaction per call. Idempotent: an answer
// whose text is already the current version changes nothing (and an import that changes nothing
// writes nothing, not even an audit row). A changed answer becomes a new version; the old one
// stays, with the judgments, reviews and flags made on it. An answer that goes back to the text
// of an older version makes that version current again (its judgments are the right ones, and
// the judge's cache, keyed by the texts, would otherwise never judge the copy).
// A new question takes the row's category, else 'legal' (the team's sets are legal questions;
// a category column or --category general marks the others); a row without a category leaves an
// existing question's as it is.
//
// Fast on 100k rows: the set's questions, the models and the set's answer versions are read once
// into maps, then each row costs its inserts only, through cached prepared statements.
import { duplicateProblems, type AnswerImportRow } from '../core/review/answerImport';
import { ImportError } from '../core/review/tableFile';
import { hash53 } from '../core/dataset/textHash';
import { parseRunName } from '../core/training/runName';
import { translate } from '../core/l10n';
import type { ReviewDatabase } from './database';
import { audit, now, stmt, write } from './writes';

export interface AnswerImportSummary {
  set: string;
  file?: string;
  rows: number;
  questionsAdded: number;
  /** Questions whose text, category or reference the file changed. */
  questionsUpdated: number;
  modelsAdded: string[];
  answersAdded: number;
  newVersions: number;
  /** Answers that went back to an older version's text: that version is current again. */
  restored: number;
  unchanged: number;
}

interface QuestionRow {
  id: number;
  key: string;
  text: string;
  category: string;
  reference: string | null;
}

/** The versions of one model's answer to one question: the current one, and any older ones kept by text hash. */
interface Versions {
  currentId: number;
  currentHash: number;
  maxVersion: number;
  /** Older versions, [hash, id]; most pairs have none, so no Map is spent on them. */
  older?: Array<[number, number]>;
}

/** One number per (question, model) pair: a Map keyed by numbers allocates nothing per lookup. */
const pairKey = (questionId: number, modelId: number) => questionId * 1048576 + modelId;

/**
 * What tells a changed answer from the same one: a 53-bit cyrb53 hash, stored as an integer. A
 * text is only ever compared with the few versions of the same model's answer to the same
 * question, so a collision (about 1 in 2^53 per comparison) is not a practical risk; SHA-1
 * through node:crypto, and hashes turned into strings, cost a third of a 100k-row import.
 */
export function textHash(text: string): number {
  return hash53(text);
}

/** The set's id, creating the set when it is new. */
export function ensureSet(db: ReviewDatabase, name: string): number {
  const found = stmt(db, 'SELECT id FROM eval_sets WHERE name = ?').pluck().get(name) as number | undefined;
  return found ?? Number(stmt(db, 'INSERT INTO eval_sets (name, created_at) VALUES (?, ?)').run(name, now()).lastInsertRowid);
}

export function importAnswers(db: ReviewDatabase, actor: string, rows: readonly AnswerImportRow[], opts: { set: string; file?: string }): AnswerImportSummary {
  const problems = duplicateProblems(rows);
  if (problems.length > 0) throw new ImportError(problems);
  for (const r of rows) if (r.model.trim() === '') throw new ImportError([{ file: r.location.file, line: r.location.line, column: 1, record: r.location.record, message: translate('empty model name') }]);
  const summary: AnswerImportSummary = { set: opts.set, file: opts.file, rows: rows.length, questionsAdded: 0, questionsUpdated: 0, modelsAdded: [], answersAdded: 0, newVersions: 0, restored: 0, unchanged: 0 };
  return write(db, () => {
    const setExisted = stmt(db, 'SELECT id FROM eval_sets WHERE name = ?').pluck().get(opts.set) !== undefined;
    const setId = ensureSet(db, opts.set);
    const byKey = new Map<string, QuestionRow>();
    const byText = new Map<string, QuestionRow>();
    let ordinal = 0;
    for (const q of stmt(db, 'SELECT id, key, text, category, reference, ordinal FROM questions WHERE set_id = ?').all(setId) as Array<QuestionRow & { ordinal: number }>) {
      byKey.set(q.key, q);
      if (!byText.has(q.text.trim())) byText.set(q.text.trim(), q);
      ordinal = Math.max(ordinal, q.ordinal + 1);
    }
    const models = new Map((stmt(db, 'SELECT name, id FROM models').raw().all() as Array<[string, number]>).map(([n, id]) => [n, id]));
    const versions = new Map<number, Versions>();
    const preload = stmt(db, 'SELECT a.question_id, a.model_id, a.id, a.version, a.text_hash, a.is_current FROM answers a JOIN questions q ON q.id = a.question_id WHERE q.set_id = ? ORDER BY a.is_current DESC').raw();
    for (const [qid, mid, id, version, hash, current] of preload.iterate(setId) as IterableIterator<[number, number, number, number, number, number]>) {
      const key = pairKey(qid, mid);
      const v = versions.get(key);
      if (current || !v) versions.set(key, { currentId: current ? id : 0, currentHash: current ? hash : NaN, maxVersion: version, older: current ? undefined : [[hash, id]] });
      else {
        (v.older ??= []).push([hash, id]);
        v.maxVersion = Math.max(v.maxVersion, version);
      }
    }
    const insertQuestion = stmt(db, 'INSERT INTO questions (set_id, key, text, category, reference, ordinal) VALUES (?, ?, ?, ?, ?, ?)');
    const updateQuestion = stmt(db, 'UPDATE questions SET text = ?, category = ?, reference = ? WHERE id = ?');
    const insertModel = stmt(db, 'INSERT INTO models (name, attributes) VALUES (?, ?)');
    const insertAnswer = stmt(db, 'INSERT INTO answers (question_id, model_id, version, text, text_hash, is_current, source_file, created_at) VALUES (?, ?, ?, ?, ?, 1, ?, ?)');
    const setCurrent = stmt(db, 'UPDATE answers SET is_current = ? WHERE id = ?');
    const at = now();
    const updated = new Set<number>();
    const added = new Set<number>();
    for (const r of rows) {
      let q = byKey.get(r.questionKey) ?? (r.keyedBy === 'text' ? byText.get(r.question.trim()) : undefined);
      if (!q) {
        const category = r.category ?? 'legal';
        const id = Number(insertQuestion.run(setId, r.questionKey, r.question, category, r.reference ?? null, ordinal++).lastInsertRowid);
        q = { id, key: r.questionKey, text: r.question, category, reference: r.reference ?? null };
        byKey.set(q.key, q);
        byText.set(q.text.trim(), q);
        added.add(id);
        summary.questionsAdded++;
      } else {
        const text = r.keyedBy === 'id' ? r.question : q.text;
        const category = r.category ?? q.category;
        const reference = r.reference ?? q.reference;
        if (text !== q.text || category !== q.category || reference !== q.reference) {
          updateQuestion.run(text, category, reference, q.id);
          Object.assign(q, { text, category, reference });
          if (!added.has(q.id)) updated.add(q.id);
        }
      }
      let mid = models.get(r.model);
      if (mid === undefined) {
        mid = Number(insertModel.run(r.model, JSON.stringify(parseRunName(r.model))).lastInsertRowid);
        models.set(r.model, mid);
        summary.modelsAdded.push(r.model);
      }
      const hash = textHash(r.answer);
      const key = pairKey(q.id, mid);
      const v = versions.get(key);
      if (!v) {
        const id = Number(insertAnswer.run(q.id, mid, 1, r.answer, hash, opts.file ?? null, at).lastInsertRowid);
        versions.set(key, { currentId: id, currentHash: hash, maxVersion: 1 });
        summary.answersAdded++;
        continue;
      }
      if (v.currentHash === hash) {
        summary.unchanged++;
        continue;
      }
      if (v.currentId) {
        setCurrent.run(0, v.currentId);
        (v.older ??= []).push([v.currentHash, v.currentId]);
      }
      const back = v.older?.findIndex(([h]) => h === hash) ?? -1;
      if (back >= 0) {
        const [, id] = v.older!.splice(back, 1)[0];
        setCurrent.run(1, id);
        Object.assign(v, { currentId: id, currentHash: hash });
        summary.restored++;
      } else {
        v.maxVersion++;
        const id = Number(insertAnswer.run(q.id, mid, v.maxVersion, r.answer, hash, opts.file ?? null, at).lastInsertRowid);
        Object.assign(v, { currentId: id, currentHash: hash });
        summary.newVersions++;
      }
    }
    summary.questionsUpdated = updated.size;
    const changed = summary.questionsAdded + summary.questionsUpdated + summary.answersAdded + summary.newVersions + summary.restored + summary.modelsAdded.length > 0;
    if (changed || !setExisted) audit(db, actor, 'import-answers', opts.set, summary);
    return summary;
  });
}
