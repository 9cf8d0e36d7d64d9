// Reading an evaluation set back: the snapshot the report and the queue compute on (current
// answer versions only, and what was made on them), and the list of sets with their counts.
import type { AnswerRecord, FlagRecord, JudgmentRecord, ModelAttributes, QuestionRecord, ReviewRecord, ReviewSnapshot } from '../core/review/types';
import { translate } from '../core/l10n';
import type { ReviewDatabase } from './database';
import { stmt } from './writes';

export interface SetSummary {
  name: string;
  createdAt: string;
  questions: number;
  /** Models with a current answer in the set. */
  models: number;
  /** Current answer versions. */
  answers: number;
  /** Current answers judged at least once as the candidate (against a current baseline answer). */
  judged: number;
  /** Current answers with at least one review. */
  reviewed: number;
}

export class UnknownSetError extends Error {
  constructor(readonly set: string) {
    super(translate('no evaluation set named "{0}"', set));
  }
}

export function setId(db: ReviewDatabase, set: string): number {
  const id = stmt(db, 'SELECT id FROM eval_sets WHERE name = ?').pluck().get(set) as number | undefined;
  if (id === undefined) throw new UnknownSetError(set);
  return id;
}

/** The current answers of a set, with their question key and model name (a CTE other queries build on). */
const CURRENT = `
  current AS (
    SELECT a.id AS id, q.key AS question_key, q.ordinal AS ordinal, m.name AS model, a.text AS text, a.version AS version
    FROM answers a JOIN questions q ON q.id = a.question_id JOIN models m ON m.id = a.model_id
    WHERE q.set_id = ? AND a.is_current = 1
  )`;

/** Rows whose first column is their table's id, in insertion order (the order the snapshot promises). */
function byId<R extends [number, ...unknown[]]>(rows: R[]): R[] {
  return rows.sort((a, b) => a[0] - b[0]);
}

/** The part of a set's snapshot that imports and judge runs change: questions, models, answers, judgments. */
export type AnswerPart = Pick<ReviewSnapshot, 'questions' | 'models' | 'answers' | 'judgments'>;
/** The part that reviewers and detectors change: reviews and flags. */
export type HumanPart = Pick<ReviewSnapshot, 'reviews' | 'flags'>;

/** The set as the store holds it now; `answers` gives its answer part (the store's AnswerPartCache, or read afresh). */
export function snapshot(db: ReviewDatabase, set: string, answers: (setId: number) => AnswerPart = (id) => answerPart(db, id)): ReviewSnapshot {
  const id = setId(db, set);
  const part = answers(id);
  // Arrays of its own around records that may be shared with other snapshots: a caller may sort or filter its arrays.
  return { set, questions: [...part.questions], models: [...part.models], answers: [...part.answers], judgments: [...part.judgments], ...humanPart(db, id) };
}

/** Questions, models, answers and judgments of set `id`: the bulk of a snapshot (every text and reply). */
export function answerPart(db: ReviewDatabase, id: number): AnswerPart {
  const questions = (
    stmt(db, 'SELECT key, text, category, reference, ordinal FROM questions WHERE set_id = ? ORDER BY ordinal').all(id) as Array<{
      key: string;
      text: string;
      category: string;
      reference: string | null;
      ordinal: number;
    }>
  ).map((q): QuestionRecord => (q.reference === null ? { key: q.key, text: q.text, category: q.category, ordinal: q.ordinal } : { ...q, reference: q.reference }));
  // Sorted here, not by SQLite: its sorter would copy every text (100k answers: a third of the snapshot's time).
  const answerRows = stmt(db, `WITH ${CURRENT} SELECT id, question_key, model, text, version, ordinal FROM current`).raw().all(id) as Array<[number, string, string, string, number, number]>;
  answerRows.sort((a, b) => a[5] - b[5] || (a[2] < b[2] ? -1 : a[2] > b[2] ? 1 : 0));
  const answers = answerRows.map(([answerId, questionKey, model, text, version]): AnswerRecord => ({ answerId, questionKey, model, text, version }));
  const models = (
    stmt(db, 'SELECT DISTINCT m.name, m.attributes FROM models m JOIN answers a ON a.model_id = m.id AND a.is_current = 1 JOIN questions q ON q.id = a.question_id WHERE q.set_id = ? ORDER BY m.name').raw().all(id) as Array<[string, string]>
  ).map(([name, attributes]) => ({ name, attributes: JSON.parse(attributes) as ModelAttributes }));
  // Rows as arrays, ordered by id here: SQLite's ORDER BY would sort through a temporary B-tree that
  // copies every reply (160k judgments: half of the query's time), and objects per row cost again.
  const judgmentRows = stmt(
    db,
    `WITH ${CURRENT}
     SELECT j.id, c.question_key, c.model, b.model, j.candidate_answer_id, j.baseline_answer_id, j.baseline_first, j.parse_status,
            j.candidate_score, j.baseline_score, j.judge_model, j.endpoint, j.prompt_version, j.reply, j.prompt_tokens, j.completion_tokens, j.latency_ms
     FROM judgments j JOIN current c ON c.id = j.candidate_answer_id JOIN current b ON b.id = j.baseline_answer_id`,
  )
    .raw()
    .all(id) as Array<[number, string, string, string, number, number, number, JudgmentRecord['parseStatus'], number | null, number | null, string, string, string, string, number, number, number]>;
  const judgments = byId(judgmentRows).map(
    ([, questionKey, model, baseline, candidateAnswerId, baselineAnswerId, baselineFirst, parseStatus, candidateScore, baselineScore, judgeModel, endpoint, promptVersion, reply, promptTokens, completionTokens, latencyMs]): JudgmentRecord => ({
      questionKey,
      model,
      baseline,
      candidateAnswerId,
      baselineAnswerId,
      baselineFirst: baselineFirst === 1,
      parseStatus,
      ...(candidateScore === null ? {} : { candidateScore }),
      ...(baselineScore === null ? {} : { baselineScore }),
      judgeModel,
      endpoint,
      promptVersion,
      reply,
      promptTokens,
      completionTokens,
      latencyMs,
    }),
  );
  return { questions, models, answers, judgments };
}

/** Reviews and flags of set `id`: small beside the answers, and what a saved review changes. */
export function humanPart(db: ReviewDatabase, id: number): HumanPart {
  const reviewRows = stmt(db, `WITH ${CURRENT} SELECT r.id, r.answer_id, c.question_key, c.model, r.reviewer, r.score, r.note, r.at FROM reviews r JOIN current c ON c.id = r.answer_id WHERE r.is_current = 1`)
    .raw()
    .all(id) as Array<[number, number, string, string, string, number, string | null, string]>;
  const reviews = byId(reviewRows).map(([, answerId, questionKey, model, reviewer, score, note, at]): ReviewRecord => ({ answerId, questionKey, model, reviewer, score, ...(note === null ? {} : { note }), at }));
  const flagRows = stmt(db, `WITH ${CURRENT} SELECT f.id, f.answer_id, c.question_key, c.model, f.kind, f.source, f.status, f.evidence, f.note, f.who FROM flags f JOIN current c ON c.id = f.answer_id`)
    .raw()
    .all(id) as Array<[number, number, string, string, FlagRecord['kind'], FlagRecord['source'], FlagRecord['status'], string | null, string | null, string]>;
  const flags = byId(flagRows).map(
    ([, answerId, questionKey, model, kind, source, status, evidence, note, who]): FlagRecord => ({
      answerId,
      questionKey,
      model,
      kind,
      source,
      status,
      ...(evidence === null ? {} : { evidence: JSON.parse(evidence) as unknown }),
      ...(note === null ? {} : { note }),
      who,
    }),
  );
  return { reviews, flags };
}

export function listSets(db: ReviewDatabase): SetSummary[] {
  return stmt(
    db,
    `SELECT s.name, s.created_at AS createdAt,
       (SELECT count(*) FROM questions q WHERE q.set_id = s.id) AS questions,
       (SELECT count(DISTINCT a.model_id) FROM answers a JOIN questions q ON q.id = a.question_id WHERE q.set_id = s.id AND a.is_current = 1) AS models,
       (SELECT count(*) FROM answers a JOIN questions q ON q.id = a.question_id WHERE q.set_id = s.id AND a.is_current = 1) AS answers,
       (SELECT count(*) FROM answers a JOIN questions q ON q.id = a.question_id WHERE q.set_id = s.id AND a.is_current = 1
          AND EXISTS (SELECT 1 FROM judgments j JOIN answers b ON b.id = j.baseline_answer_id AND b.is_current = 1 WHERE j.candidate_answer_id = a.id)) AS judged,
       (SELECT count(*) FROM answers a JOIN questions q ON q.id = a.question_id WHERE q.set_id = s.id AND a.is_current = 1
          AND EXISTS (SELECT 1 FROM reviews r WHERE r.answer_id = a.id AND r.is_current = 1)) AS reviewed
     FROM eval_sets s ORDER BY s.name`,
  ).all() as SetSummary[];
}

/** The id of a model's current answer to a question of the set, or undefined. */
export function currentAnswerId(db: ReviewDatabase, set: string, questionKey: string, model: string): number | undefined {
  return stmt(
    db,
    'SELECT a.id FROM answers a JOIN questions q ON q.id = a.question_id JOIN eval_sets s ON s.id = q.set_id JOIN models m ON m.id = a.model_id WHERE s.name = ? AND q.key = ? AND m.name = ? AND a.is_current = 1',
  )
    .pluck()
    .get(set, questionKey, model) as number | undefined;
}
