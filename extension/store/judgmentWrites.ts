// The judge's side of the store (the JudgmentStore interface of core/review/types.ts): judgments
// keyed by their cache key, saved once each (a re-run or a second process saving the same key
// changes nothing, so no judgment is counted twice), and the OpenAI batches not yet collected.
import type { JudgeBatchRecord, JudgmentRecord } from '../core/review/types';
import type { ReviewDatabase } from './database';
import { audit, now, stmt, write } from './writes';

export function hasJudgment(db: ReviewDatabase, cacheKey: string): boolean {
  return stmt(db, 'SELECT 1 FROM judgments WHERE cache_key = ?').pluck().get(cacheKey) !== undefined;
}

/** The set, question and model of an answer version, to check a judgment is filed where it says. */
function answerFacts(db: ReviewDatabase, answerId: number): { set: string; questionKey: string; model: string } | undefined {
  return stmt(
    db,
    'SELECT s.name AS "set", q.key AS questionKey, m.name AS model FROM answers a JOIN questions q ON q.id = a.question_id JOIN eval_sets s ON s.id = q.set_id JOIN models m ON m.id = a.model_id WHERE a.id = ?',
  ).get(answerId) as { set: string; questionKey: string; model: string } | undefined;
}

/** Returns false when a judgment with this cache key was already saved. */
export function saveJudgment(db: ReviewDatabase, actor: string, cacheKey: string, j: JudgmentRecord): boolean {
  return write(db, () => {
    const cand = answerFacts(db, j.candidateAnswerId);
    const base = answerFacts(db, j.baselineAnswerId);
    if (!cand || !base) throw new RangeError(`judgment ${cacheKey}: answer ${cand ? j.baselineAnswerId : j.candidateAnswerId} does not exist`);
    if (cand.model !== j.model || base.model !== j.baseline || cand.questionKey !== j.questionKey || base.questionKey !== j.questionKey || cand.set !== base.set) {
      throw new RangeError(`judgment ${cacheKey}: its answer ids do not match question "${j.questionKey}", model "${j.model}" and baseline "${j.baseline}"`);
    }
    if (j.parseStatus === 'ok' && (j.candidateScore === undefined || j.baselineScore === undefined)) throw new RangeError(`judgment ${cacheKey}: parsed but without both scores`);
    const inserted = stmt(
      db,
      `INSERT INTO judgments (cache_key, candidate_answer_id, baseline_answer_id, baseline_first, parse_status, candidate_score, baseline_score,
         judge_model, endpoint, prompt_version, reply, prompt_tokens, completion_tokens, latency_ms, created_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (cache_key) DO NOTHING`,
    ).run(
      cacheKey,
      j.candidateAnswerId,
      j.baselineAnswerId,
      j.baselineFirst ? 1 : 0,
      j.parseStatus,
      j.candidateScore ?? null,
      j.baselineScore ?? null,
      j.judgeModel,
      j.endpoint,
      j.promptVersion,
      j.reply,
      j.promptTokens,
      j.completionTokens,
      j.latencyMs,
      now(),
    ).changes;
    if (inserted === 0) return false;
    audit(db, actor, 'judgment', cand.set, { cacheKey, question: j.questionKey, model: j.model, baseline: j.baseline, baselineFirst: j.baselineFirst, parseStatus: j.parseStatus });
    return true;
  });
}

export function pendingJudgeBatches(db: ReviewDatabase): JudgeBatchRecord[] {
  return (stmt(db, 'SELECT batch_id, input_file_id, endpoint, judge_model, tasks, created_at FROM judge_batches WHERE finished_at IS NULL ORDER BY created_at').raw().all() as Array<[string, string, string, string, string, string]>).map(
    ([batchId, inputFileId, endpoint, judgeModel, tasks, createdAt]) => ({ batchId, inputFileId, endpoint, judgeModel, tasks: JSON.parse(tasks) as unknown, createdAt }),
  );
}

export function saveJudgeBatch(db: ReviewDatabase, actor: string, b: JudgeBatchRecord): void {
  write(db, () => {
    stmt(
      db,
      `INSERT INTO judge_batches (batch_id, input_file_id, endpoint, judge_model, tasks, created_at) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT (batch_id) DO UPDATE SET input_file_id = excluded.input_file_id, endpoint = excluded.endpoint, judge_model = excluded.judge_model, tasks = excluded.tasks`,
    ).run(b.batchId, b.inputFileId, b.endpoint, b.judgeModel, JSON.stringify(b.tasks ?? null), b.createdAt);
    audit(db, actor, 'judge-batch', null, { batchId: b.batchId, endpoint: b.endpoint, judgeModel: b.judgeModel });
  });
}

export function finishJudgeBatch(db: ReviewDatabase, actor: string, batchId: string): void {
  write(db, () => {
    if (stmt(db, 'UPDATE judge_batches SET finished_at = ? WHERE batch_id = ? AND finished_at IS NULL').run(now(), batchId).changes > 0) audit(db, actor, 'judge-batch-finished', null, { batchId });
  });
}
