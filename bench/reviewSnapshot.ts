// A realistic ReviewSnapshot, generated from a seed: for the report's benchmark (100k answers and
// 100k reviews) and for the tests of the report, the queue and the CLI adapters. Each question
// has a difficulty, each model a quality; the human score follows both, the judge's follows the
// human's with a bias toward long answers and toward Assistant 1, and replies sometimes fail to
// parse. Answers are Chinese legal text (bench/legalText.ts), some cut off mid-sentence, some
// flagged by a "detector". Browser-safe like the code it feeds (no Node modules).

import { answer, question, rng } from './legalText';
import type { AnswerRecord, FlagRecord, JudgmentRecord, ReviewRecord, ReviewSnapshot } from '../extension/core/review/types';
import { FLAG_KINDS } from '../extension/core/review/types';

export interface SyntheticOptions {
  questions: number;
  /** Models including the baseline (the first, `chatglm-6b`). */
  models: number;
  reviewers: number;
  seed: number;
  /** Share of answers each reviewer scores (default: 100k reviews for 100k answers and 2 reviewers → 0.5). */
  reviewedShare?: number;
  /** Share of judge replies that do not parse (default 0.02). */
  unparsedShare?: number;
}

const BASELINE = 'chatglm-6b';

/** Model names in the team's convention, so the name parser has something to parse. */
function modelName(i: number): string {
  if (i === 0) return BASELINE;
  const templates = ['vicuna', 'alpaca', 'chatglm'];
  return `law_batch${[64, 128][i % 2]}_epoch${3 * (1 + (i % 2))}_penalty${(1 + (i % 3) / 10).toFixed(1)}_${templates[i % 3]}${i > 6 ? `_run${i}` : ''}`;
}

export function syntheticSnapshot({ questions, models, reviewers, seed, reviewedShare = 0.5, unparsedShare = 0.02 }: SyntheticOptions): ReviewSnapshot {
  const r = rng(seed);
  const normal = () => Math.sqrt(-2 * Math.log(1 - r())) * Math.cos(2 * Math.PI * r());
  const clamp = (x: number) => Math.min(10, Math.max(1, Math.round(x)));
  const names = Array.from({ length: models }, (_, i) => modelName(i));
  const quality = names.map((_, i) => (i === 0 ? 0 : 0.6 * normal()));
  const qs = Array.from({ length: questions }, (_, i) => ({ key: `q${i}`, text: question(r), category: r() < 0.75 ? 'legal' : 'general', ordinal: i }));
  const answers: AnswerRecord[] = [];
  const truth = new Map<number, number>();
  let id = 1;
  for (const q of qs) {
    const difficulty = normal();
    for (let m = 0; m < models; m++) {
      let text = answer(r);
      if (r() < 0.08) text = text.slice(0, Math.max(5, Math.floor(text.length * r())));
      answers.push({ answerId: id, questionKey: q.key, model: names[m], text, version: 1 });
      truth.set(id, 6 + quality[m] + 1.3 * difficulty + 0.8 * normal());
      id++;
    }
  }
  const judgments: JudgmentRecord[] = [];
  const flags: FlagRecord[] = [];
  const reviews: ReviewRecord[] = [];
  for (let i = 0; i < answers.length; i += models) {
    const base = answers[i];
    for (let m = 1; m < models; m++) {
      const cand = answers[i + m];
      for (const baselineFirst of [true, false]) {
        const lengthBias = (a: AnswerRecord) => 0.2 * (a.text.length / 100);
        const first = baselineFirst ? base : cand;
        const score = (a: AnswerRecord) => clamp(truth.get(a.answerId)! + 0.4 + lengthBias(a) + (a === first ? 0.4 : 0) + 0.9 * normal());
        const ok = r() >= unparsedShare;
        const cs = score(cand);
        const bs = score(base);
        judgments.push({
          questionKey: cand.questionKey, model: cand.model, baseline: BASELINE, candidateAnswerId: cand.answerId, baselineAnswerId: base.answerId, baselineFirst,
          parseStatus: ok ? 'ok' : 'unparsed', ...(ok ? { candidateScore: cs, baselineScore: bs } : {}),
          judgeModel: 'gpt-3.5-turbo', endpoint: 'https://api.openai.com/v1', promptVersion: 'vicuna-zh-1',
          reply: ok ? `${baselineFirst ? bs : cs} ${baselineFirst ? cs : bs}\n两个回答……` : '无法评分', promptTokens: 600, completionTokens: 80, latencyMs: 900,
        });
      }
    }
  }
  for (const a of answers) {
    if (r() < 0.03) flags.push({ answerId: a.answerId, questionKey: a.questionKey, model: a.model, kind: FLAG_KINDS[Math.floor(r() * FLAG_KINDS.length)], source: 'detector', status: r() < 0.3 ? 'confirmed' : r() < 0.2 ? 'rejected' : 'suggested' });
    for (let k = 0; k < reviewers; k++) {
      if (r() >= reviewedShare) continue;
      reviews.push({ answerId: a.answerId, questionKey: a.questionKey, model: a.model, reviewer: `reviewer${k + 1}`, score: clamp(truth.get(a.answerId)! + 0.7 * normal()), at: '2026-01-01T00:00:00Z' });
    }
  }
  return { set: `synthetic-${questions}x${models}`, questions: qs, models: names.map((name) => ({ name, attributes: {} })), answers, judgments, reviews, flags };
}
