// The judge's scores per question, indexed once for the report and the queue. For each candidate
// (paired with the baseline), typed arrays over the set's questions hold: each order's scores, the
// both-orders means, and the human score of each answer. Everything else (figures, bootstrap, PPI,
// agreement, queue) reads these arrays; nothing walks the snapshot's objects twice.
//
// Definitions (one place for them):
// - A judgment counts only when its reply parsed. Several parsed judgments of one pair, question
//   and order (a re-judge with another prompt version, say) are averaged.
// - A question's judge score for an answer is the mean over the orders that parsed. A question with
//   only ONE order parsed is kept, with that order's scores, and counted in `one_order`: dropping it
//   would drop questions non-randomly (replies fail to parse more often on odd answers), keeping it
//   lets some position bias in, and `one_order` says how much of the figure that could touch.
// - The human score of an answer is the mean of its reviewers' latest scores.
// Browser-safe.

import { translate } from '../l10n';
import { endsCutOff } from './lengthBias';
import type { AnswerRecord, JudgmentRecord, QuestionRecord, ReviewSnapshot } from './types';

/** Bad input for a report or a queue (an unknown model, no baseline to be found): a message for the user, never a stack. */
export class ReviewInputError extends Error {}

export interface PairScores {
  model: string;
  /** Per question (index into ReviewIndex.questions); NaN where that order has no parsed judgment. */
  firstCand: Float64Array;
  firstBase: Float64Array;
  secondCand: Float64Array;
  secondBase: Float64Array;
  /** Both-orders means (or the one order that parsed); NaN where neither parsed. */
  cand: Float64Array;
  base: Float64Array;
  /** Judgments of this question whose reply did not parse. */
  unparsed: Uint16Array;
  /** Dense answer indices (into ReviewIndex.answers) of the candidate's and the baseline's answers, −1 where the model did not answer. */
  candAnswer: Int32Array;
  baseAnswer: Int32Array;
  /** Human scores of the two answers (mean over reviewers), NaN where nobody scored it. */
  humanCand: Float64Array;
  humanBase: Float64Array;
}

export interface ReviewIndex {
  set: string;
  baseline: string;
  questions: QuestionRecord[];
  /** Distinct categories in order of first appearance ('' for questions without one). */
  categories: string[];
  categoryOf: Int32Array;
  questionIndex: Map<string, number>;
  /** The answers of the set's questions; their position is the "dense index" every array below uses. */
  answers: AnswerRecord[];
  /** Store answer id → dense index. */
  answerIndex: Map<number, number>;
  /** Per model, the dense index of its answer to each question (−1: no answer). */
  answersOf: Map<string, Int32Array>;
  /** Per model, its answer's length for each question (NaN: no answer) and whether it ends cut off (1). */
  lengths: Map<string, Float64Array>;
  cutOff: Map<string, Uint8Array>;
  /** Every model but the baseline, in the snapshot's order. */
  candidates: string[];
  pairs: PairScores[];
  /** Per dense answer: its mean human score (NaN: none). */
  humanScore: Float64Array;
  /** Reviews per dense answer, compressed: those of answer a are at reviewStart[a] … reviewStart[a + 1]. */
  reviewStart: Int32Array;
  reviewReviewer: Int32Array;
  reviewScore: Float64Array;
  /** Reviewer names; reviewReviewer holds indices into it. */
  reviewers: string[];
  /** The judge whose judgments the figures count (undefined: none against this baseline). */
  judge: FigureJudge | undefined;
}

export interface IndexOptions {
  baseline?: string;
  /** Count only judgments by this judge model / prompt version (default: the latest judge's, see figureJudge). */
  judgeModel?: string;
  promptVersion?: string;
}

/** One judge: a judge model with one prompt. */
export interface FigureJudge {
  judgeModel: string;
  promptVersion: string;
}

/**
 * Whose judgments the figures count: one judge model with one prompt, the latest to judge the set
 * against `baseline` among those `options` allow (the snapshot lists judgments in the order they
 * were saved). Two judges' scores averaged make a figure nobody measured: when a set judged by the
 * demo's offline judge, or by gpt-3.5, is judged again by another, the figures are the newer
 * judge's, and the report names the others as not counted.
 */
export function figureJudge(judgments: readonly JudgmentRecord[], baseline: string, options: Pick<IndexOptions, 'judgeModel' | 'promptVersion'> = {}): FigureJudge | undefined {
  for (let i = judgments.length - 1; i >= 0; i--) {
    const j = judgments[i];
    if (j.baseline !== baseline) continue;
    if (options.judgeModel !== undefined && j.judgeModel !== options.judgeModel) continue;
    if (options.promptVersion !== undefined && j.promptVersion !== options.promptVersion) continue;
    return { judgeModel: j.judgeModel, promptVersion: j.promptVersion };
  }
  return undefined;
}

/** Whether `j` is one of the judgments the figures of `index` count. */
export function countedJudgment(index: Pick<ReviewIndex, 'baseline' | 'judge'>, j: JudgmentRecord): boolean {
  return index.judge !== undefined && j.baseline === index.baseline && j.judgeModel === index.judge.judgeModel && j.promptVersion === index.judge.promptVersion;
}

/**
 * The baseline the figures are against. Given: it must be a model of the set. Not given: the one
 * baseline the judgments were made against; without judgments, the one model whose name says
 * `baseline`, else the one that says `chatglm` (the team's baseline). Anything else is ambiguous
 * and an error that lists the models, never a silent guess.
 */
export function chooseBaseline(snapshot: ReviewSnapshot, given?: string): string {
  const names = snapshot.models.map((m) => m.name);
  const list = names.length > 0 ? names.join(', ') : translate('(none)');
  if (given !== undefined) {
    if (!names.includes(given)) throw new ReviewInputError(translate("No model '{0}' in set '{1}'; its models: {2}", given, snapshot.set, list));
    return given;
  }
  const judged = [...new Set(snapshot.judgments.map((j) => j.baseline))].filter((b) => names.includes(b));
  if (judged.length === 1) return judged[0];
  if (judged.length > 1) throw new ReviewInputError(translate("Set '{0}' was judged against several baselines ({1}); choose one with --baseline", snapshot.set, judged.join(', ')));
  for (const pattern of [/baseline/i, /chatglm/i]) {
    const named = names.filter((n) => pattern.test(n));
    if (named.length === 1) return named[0];
  }
  throw new ReviewInputError(translate("Which model is the baseline of set '{0}'? Choose one with --baseline; its models: {1}", snapshot.set, list));
}

export function indexSnapshot(snapshot: ReviewSnapshot, options: IndexOptions = {}): ReviewIndex {
  const baseline = chooseBaseline(snapshot, options.baseline);
  const questions = [...snapshot.questions].sort((a, b) => a.ordinal - b.ordinal);
  const n = questions.length;
  const qIndex = new Map(questions.map((q, i) => [q.key, i]));
  const categories: string[] = [];
  const catIndex = new Map<string, number>();
  const categoryOf = new Int32Array(n);
  questions.forEach((q, i) => {
    const c = q.category ?? '';
    let ci = catIndex.get(c);
    if (ci === undefined) {
      ci = categories.length;
      categories.push(c);
      catIndex.set(c, ci);
    }
    categoryOf[i] = ci;
  });

  const answers: AnswerRecord[] = [];
  const answerIndex = new Map<number, number>();
  const answersOf = new Map<string, Int32Array>();
  const lengths = new Map<string, Float64Array>();
  const cutOff = new Map<string, Uint8Array>();
  const columnsOf = (model: string) => {
    let ids = answersOf.get(model);
    if (!ids) {
      answersOf.set(model, (ids = new Int32Array(n).fill(-1)));
      lengths.set(model, new Float64Array(n).fill(NaN));
      cutOff.set(model, new Uint8Array(n));
    }
    return ids;
  };
  for (const m of snapshot.models) columnsOf(m.name);
  // Answers usually come grouped by model or by question; the model's columns are looked up only when it changes.
  let model: string | undefined;
  let ids: Int32Array = new Int32Array(0);
  let len: Float64Array = new Float64Array(0);
  let cut: Uint8Array = new Uint8Array(0);
  for (const a of snapshot.answers) {
    const q = qIndex.get(a.questionKey);
    if (q === undefined) continue;
    if (a.model !== model) {
      model = a.model;
      ids = columnsOf(model);
      len = lengths.get(model)!;
      cut = cutOff.get(model)!;
    }
    const dense = answers.length;
    answers.push(a);
    answerIndex.set(a.answerId, dense);
    ids[q] = dense;
    len[q] = a.text.length;
    cut[q] = endsCutOff(a.text) ? 1 : 0;
  }

  // Reviews grouped per answer (counting sort), and each answer's mean.
  const reviewers: string[] = [];
  const reviewerIndex = new Map<string, number>();
  const reviewOf = new Int32Array(snapshot.reviews.length);
  const reviewStart = new Int32Array(answers.length + 1);
  snapshot.reviews.forEach((r, i) => {
    const a = answerIndex.get(r.answerId);
    reviewOf[i] = a ?? -1;
    if (a !== undefined) reviewStart[a + 1]++;
  });
  for (let a = 0; a < answers.length; a++) reviewStart[a + 1] += reviewStart[a];
  const fill = reviewStart.slice(0, answers.length);
  const reviewReviewer = new Int32Array(reviewStart[answers.length]);
  const reviewScore = new Float64Array(reviewStart[answers.length]);
  const humanScore = new Float64Array(answers.length).fill(NaN);
  snapshot.reviews.forEach((r, i) => {
    const a = reviewOf[i];
    if (a < 0) return;
    let who = reviewerIndex.get(r.reviewer);
    if (who === undefined) {
      who = reviewers.length;
      reviewers.push(r.reviewer);
      reviewerIndex.set(r.reviewer, who);
    }
    reviewReviewer[fill[a]] = who;
    reviewScore[fill[a]++] = r.score;
  });
  for (let a = 0; a < answers.length; a++) {
    const lo = reviewStart[a];
    const hi = reviewStart[a + 1];
    if (hi === lo) continue;
    let total = 0;
    for (let k = lo; k < hi; k++) total += reviewScore[k];
    humanScore[a] = total / (hi - lo);
  }

  const candidates = snapshot.models.map((m) => m.name).filter((m) => m !== baseline);
  const pairOf = new Map(candidates.map((m, i) => [m, i]));
  // Per pair: 6 columns per question (first order: Σcand, Σbase, count; second order: the same).
  const acc = candidates.map(() => new Float64Array(n * 6));
  const unparsed = candidates.map(() => new Uint16Array(n));
  const judged = { baseline, judge: figureJudge(snapshot.judgments, baseline, options) };
  for (const j of snapshot.judgments) {
    if (!countedJudgment(judged, j)) continue;
    const p = pairOf.get(j.model);
    const q = qIndex.get(j.questionKey);
    if (p === undefined || q === undefined) continue;
    if (j.parseStatus !== 'ok' || j.candidateScore === undefined || j.baselineScore === undefined) {
      unparsed[p][q]++;
      continue;
    }
    const o = q * 6 + (j.baselineFirst ? 0 : 3);
    acc[p][o] += j.candidateScore;
    acc[p][o + 1] += j.baselineScore;
    acc[p][o + 2]++;
  }

  const humanOf = (ids: Int32Array) => Float64Array.from(ids, (a) => (a >= 0 ? humanScore[a] : NaN));
  const baseAnswer = columnsOf(baseline);
  const humanBase = humanOf(baseAnswer);
  const pairs = candidates.map((model, p): PairScores => {
    const a = acc[p];
    const arrays = () => new Float64Array(n).fill(NaN);
    const [firstCand, firstBase, secondCand, secondBase, cand, base] = [arrays(), arrays(), arrays(), arrays(), arrays(), arrays()];
    for (let q = 0; q < n; q++) {
      const o = q * 6;
      if (a[o + 2] > 0) {
        firstCand[q] = a[o] / a[o + 2];
        firstBase[q] = a[o + 1] / a[o + 2];
      }
      if (a[o + 5] > 0) {
        secondCand[q] = a[o + 3] / a[o + 5];
        secondBase[q] = a[o + 4] / a[o + 5];
      }
      cand[q] = meanOfPresent(firstCand[q], secondCand[q]);
      base[q] = meanOfPresent(firstBase[q], secondBase[q]);
    }
    const candAnswer = columnsOf(model);
    return { model, firstCand, firstBase, secondCand, secondBase, cand, base, unparsed: unparsed[p], candAnswer, baseAnswer, humanCand: humanOf(candAnswer), humanBase };
  });
  return {
    set: snapshot.set, baseline, questions, categories, categoryOf, questionIndex: qIndex, answers, answerIndex, answersOf, lengths, cutOff,
    candidates, pairs, humanScore, reviewStart, reviewReviewer, reviewScore, reviewers, judge: judged.judge,
  };
}

function meanOfPresent(a: number, b: number): number {
  if (Number.isNaN(a)) return b;
  if (Number.isNaN(b)) return a;
  return (a + b) / 2;
}

/** The judge figures of one pair over a subset of questions (all, or one category). */
export interface JudgeFigures {
  /** Questions with at least one parsed judgment. */
  questions: number;
  /** Of those, questions where only one order parsed (its scores stand for the question). */
  one_order: number;
  judge_pct: number | null;
  baseline_first_pct: number | null;
  baseline_second_pct: number | null;
  /**
   * Share of the questions judged in both orders where the orders prefer different answers. A
   * preference is candidate better / tie / baseline better, so a tie in one order against a
   * preference in the other counts as a disagreement: the verdict changed with the order.
   */
  order_disagreement: number | null;
  /** Questions judged in both orders (the denominator of order_disagreement). */
  both_orders: number;
  /** Questions where both answers carry a human score (what PPI counts). */
  reviewed: number;
  /** Human scores where given, the judge's elsewhere, per answer, over the judged questions. */
  human_adjusted_pct: number | null;
}

/** `include(q)` picks the questions (e.g. one category). */
export function judgeFigures(pair: PairScores, include: (q: number) => boolean): JudgeFigures {
  let questions = 0, oneOrder = 0, both = 0, disagree = 0, reviewed = 0;
  let sc = 0, sb = 0, f1c = 0, f1b = 0, f2c = 0, f2b = 0, hc = 0, hb = 0;
  for (let q = 0; q < pair.cand.length; q++) {
    if (!include(q) || Number.isNaN(pair.cand[q])) continue;
    questions++;
    sc += pair.cand[q];
    sb += pair.base[q];
    const has1 = !Number.isNaN(pair.firstCand[q]);
    const has2 = !Number.isNaN(pair.secondCand[q]);
    if (has1) {
      f1c += pair.firstCand[q];
      f1b += pair.firstBase[q];
    }
    if (has2) {
      f2c += pair.secondCand[q];
      f2b += pair.secondBase[q];
    }
    if (has1 && has2) {
      both++;
      if (Math.sign(pair.firstCand[q] - pair.firstBase[q]) !== Math.sign(pair.secondCand[q] - pair.secondBase[q])) disagree++;
    } else {
      oneOrder++;
    }
    const hCand = pair.humanCand[q];
    const hBase = pair.humanBase[q];
    if (!Number.isNaN(hCand) && !Number.isNaN(hBase)) reviewed++;
    hc += humanOrJudge(hCand, pair.cand[q]);
    hb += humanOrJudge(hBase, pair.base[q]);
  }
  return {
    questions,
    one_order: oneOrder,
    judge_pct: pct(sc, sb),
    baseline_first_pct: pct(f1c, f1b),
    baseline_second_pct: pct(f2c, f2b),
    order_disagreement: both > 0 ? disagree / both : null,
    both_orders: both,
    reviewed,
    human_adjusted_pct: pct(hc, hb),
  };
}

/** An answer's score in the human-adjusted figure: the human's where given (not NaN), else the judge's. */
export function humanOrJudge(human: number, judge: number): number {
  return Number.isNaN(human) ? judge : human;
}

/** Σ candidate / Σ baseline in %, null when there is nothing to divide by. */
export function pct(candidate: number, baseline: number): number | null {
  return baseline > 0 ? (candidate / baseline) * 100 : null;
}
