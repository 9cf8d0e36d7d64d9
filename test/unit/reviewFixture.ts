// Small hand-made ReviewSnapshots for the report, queue and CLI tests: each judgment, review and
// flag written out, so a test can compute its expected figures by hand.
import type { FlagKind, FlagStatus, ReviewSnapshot } from '../../extension/core/review/types';

export interface FixtureSpec {
  set?: string;
  questions: Array<{ key: string; category?: string }>;
  models: string[];
  baseline: string;
  /** [question, candidate, baselineFirst, candidate score, baseline score]; null scores: an unparsed reply. */
  judgments: Array<[string, string, boolean, number | null, number | null]>;
  /** [question, model, reviewer, score] */
  reviews?: Array<[string, string, string, number]>;
  flags?: Array<[string, string, FlagKind, FlagStatus]>;
  /** Answer texts by `question/model` (default: a sentence that ends properly). */
  texts?: Record<string, string>;
  endpoint?: string;
}

export function answerIdOf(spec: FixtureSpec, question: string, model: string): number {
  return spec.questions.findIndex((q) => q.key === question) * spec.models.length + spec.models.indexOf(model) + 1;
}

export function fixture(spec: FixtureSpec): ReviewSnapshot {
  const id = (q: string, m: string) => answerIdOf(spec, q, m);
  return {
    set: spec.set ?? 'fixture',
    questions: spec.questions.map((q, i) => ({ key: q.key, text: `问题${i}？`, category: q.category ?? 'legal', ordinal: i })),
    models: spec.models.map((name) => ({ name, attributes: {} })),
    answers: spec.questions.flatMap((q) => spec.models.map((m) => ({ answerId: id(q.key, m), questionKey: q.key, model: m, text: spec.texts?.[`${q.key}/${m}`] ?? `${m}对${q.key}的回答。`, version: 1 }))),
    judgments: spec.judgments.map(([q, m, baselineFirst, c, b]) => ({
      questionKey: q, model: m, baseline: spec.baseline, candidateAnswerId: id(q, m), baselineAnswerId: id(q, spec.baseline), baselineFirst,
      parseStatus: c === null || b === null ? 'unparsed' : 'ok', ...(c === null || b === null ? {} : { candidateScore: c, baselineScore: b }),
      judgeModel: 'gpt-3.5-turbo', endpoint: spec.endpoint ?? 'https://api.openai.com/v1', promptVersion: 'zh-1', reply: `${c} ${b}`, promptTokens: 100, completionTokens: 10, latencyMs: 5,
    })),
    reviews: (spec.reviews ?? []).map(([q, m, reviewer, score]) => ({ answerId: id(q, m), questionKey: q, model: m, reviewer, score, at: '2026-01-01T00:00:00Z' })),
    flags: (spec.flags ?? []).map(([q, m, kind, status]) => ({ answerId: id(q, m), questionKey: q, model: m, kind, source: 'detector', status })),
  };
}

/** Both orders of one question with the same scores (no position bias). */
export function bothOrders(q: string, m: string, c: number, b: number): Array<[string, string, boolean, number, number]> {
  return [[q, m, true, c, b], [q, m, false, c, b]];
}
