// Agreement measures: how far the judge can be trusted against the humans, and the humans against
// each other. Cohen's kappa on preferences (candidate better / tie / baseline better) for a pair
// of reviewers; Krippendorff's alpha with the INTERVAL metric on the 1–10 scores for any number of
// reviewers (the scores are numbers whose differences mean something, and alpha takes the missing
// scores of a reviewer who did not read an answer in its stride). Browser-safe.

import { lengthBias, type LengthBias } from './lengthBias';
import type { ReviewIndex } from './scoring';
import { pearson, preference, spearman } from './summary';

/** The three preference labels, as table indices: baseline better, tie, candidate better. */
const LABELS = 3;
const label = (p: -1 | 0 | 1) => p + 1;

/**
 * Cohen's kappa from a k × k table of counts (row: rater A's label, column: rater B's):
 * (p_o − p_e) / (1 − p_e). Null with no items, or when chance agreement is already total (both
 * raters always gave one and the same label).
 */
export function cohenKappaFromTable(table: ArrayLike<number>, k: number): number | null {
  let total = 0, agree = 0;
  const rows = new Float64Array(k);
  const cols = new Float64Array(k);
  for (let i = 0; i < k; i++) {
    for (let j = 0; j < k; j++) {
      const c = table[i * k + j];
      total += c;
      rows[i] += c;
      cols[j] += c;
      if (i === j) agree += c;
    }
  }
  if (total === 0) return null;
  let pe = 0;
  for (let i = 0; i < k; i++) pe += (rows[i] / total) * (cols[i] / total);
  return pe >= 1 ? null : (agree / total - pe) / (1 - pe);
}

/** Cohen's kappa of two raters' labels on the same items. */
export function cohenKappa(a: ArrayLike<number | string>, b: ArrayLike<number | string>): number | null {
  if (a.length !== b.length) return null;
  const labels = new Map<number | string, number>();
  const id = (x: number | string) => {
    let i = labels.get(x);
    if (i === undefined) labels.set(x, (i = labels.size));
    return i;
  };
  const pairs = Array.from({ length: a.length }, (_, i) => [id(a[i]), id(b[i])]);
  const k = labels.size;
  const table = new Float64Array(k * k);
  for (const [i, j] of pairs) table[i * k + j]++;
  return cohenKappaFromTable(table, k);
}

/**
 * Krippendorff's alpha, interval metric: 1 − D_o / D_e over the pairable values (units with at
 * least two values). `units[u]` holds the values the raters gave unit u (missing ones left out).
 * Null when fewer than two pairable values or no variation at all.
 */
export function krippendorffAlphaInterval(units: ArrayLike<number>[]): number | null {
  let n = 0;
  let observed = 0;
  let sum = 0;
  let sumSq = 0;
  for (const values of units) {
    const m = values.length;
    if (m < 2) continue;
    let s = 0;
    let s2 = 0;
    for (let i = 0; i < m; i++) {
      s += values[i];
      s2 += values[i] * values[i];
    }
    // Σ over ordered pairs i ≠ j of (v_i − v_j)² = 2(m Σv² − (Σv)²), weighted 1 / (m − 1).
    observed += (2 * (m * s2 - s * s)) / (m - 1);
    n += m;
    sum += s;
    sumSq += s2;
  }
  if (n < 2) return null;
  const expected = (2 * (n * sumSq - sum * sum)) / (n * (n - 1));
  if (!(expected > 0)) return null;
  return 1 - observed / n / expected;
}

export interface JudgeHumanAgreement {
  /** Human-scored answers that also have a judge score (an answer's judge score: the mean over all its parsed judgments). */
  answers: number;
  pearson: number | null;
  spearman: number | null;
  /** Mean |judge − human| on the 1–10 scale. */
  mean_abs_diff: number | null;
  /** Pairs (candidate and baseline answer to one question) where both answers carry a human score. */
  preference_items: number;
  /** Share of those where judge and human prefer the same answer (a tie is a label of its own). */
  preference_agreement: number | null;
  /** Cohen's kappa of the judge's preference against the human's. */
  preference_kappa: number | null;
}

export interface ReviewerAgreement {
  reviewers: string[];
  /** Cohen's kappa on preferences, for each pair of reviewers who both scored both answers of some pairs. */
  kappa: Array<{ a: string; b: string; items: number; kappa: number | null }>;
  /** Krippendorff's alpha (interval metric) on the answers' 1–10 scores; null without two reviewers on one answer. */
  alpha: { metric: 'interval'; units: number; value: number | null } | null;
}

export interface Agreement {
  judge_human: JudgeHumanAgreement;
  length_bias: LengthBias;
  reviewers: ReviewerAgreement;
}

/**
 * Judge vs human at the level of answers (a baseline answer is judged once per candidate: its judge
 * score is the mean over all of them), preferences per pair and question; reviewer vs reviewer on
 * the same pairs (a reviewer's preference needs their score of both answers), and alpha on scores.
 */
export function agreement(index: ReviewIndex): Agreement {
  const count = index.answers.length;
  const judgeTotal = new Float64Array(count);
  const judgeCount = new Uint32Array(count);
  const add = (a: number, score: number) => {
    if (a < 0 || Number.isNaN(score)) return;
    judgeTotal[a] += score;
    judgeCount[a]++;
  };
  const R = index.reviewers.length;
  const tables = new Float64Array(R * R * LABELS * LABELS);
  const judgeVsHuman = new Float64Array(LABELS * LABELS);
  const { reviewStart, reviewReviewer, reviewScore } = index;
  for (const pair of index.pairs) {
    for (let q = 0; q < pair.cand.length; q++) {
      const ca = pair.candAnswer[q];
      const ba = pair.baseAnswer[q];
      add(ca, pair.cand[q]);
      add(ba, pair.base[q]);
      if (!Number.isNaN(pair.cand[q]) && !Number.isNaN(pair.humanCand[q]) && !Number.isNaN(pair.humanBase[q])) {
        judgeVsHuman[label(preference(pair.cand[q], pair.base[q])) * LABELS + label(preference(pair.humanCand[q], pair.humanBase[q]))]++;
      }
      if (ca < 0 || ba < 0 || reviewStart[ca + 1] - reviewStart[ca] < 2) continue;
      // Reviewers who scored both answers, with their preference; every two of them fill a table.
      const who: number[] = [];
      const pref: number[] = [];
      for (let i = reviewStart[ca]; i < reviewStart[ca + 1]; i++) {
        for (let j = reviewStart[ba]; j < reviewStart[ba + 1]; j++) {
          if (reviewReviewer[j] !== reviewReviewer[i]) continue;
          who.push(reviewReviewer[i]);
          pref.push(label(preference(reviewScore[i], reviewScore[j])));
        }
      }
      for (let x = 0; x < who.length; x++) {
        for (let y = 0; y < who.length; y++) {
          if (who[x] < who[y]) tables[((who[x] * R + who[y]) * LABELS + pref[x]) * LABELS + pref[y]]++;
        }
      }
    }
  }
  const judge: number[] = [];
  const human: number[] = [];
  const lengths: number[] = [];
  const gaps: number[] = [];
  const units: Float64Array[] = [];
  for (let a = 0; a < count; a++) {
    if (reviewStart[a + 1] - reviewStart[a] >= 2) units.push(reviewScore.subarray(reviewStart[a], reviewStart[a + 1]));
    if (Number.isNaN(index.humanScore[a]) || judgeCount[a] === 0) continue;
    const score = judgeTotal[a] / judgeCount[a];
    judge.push(score);
    human.push(index.humanScore[a]);
    lengths.push(index.answers[a].text.length);
    gaps.push(score - index.humanScore[a]);
  }
  let items = 0, same = 0, absDiff = 0;
  for (let i = 0; i < LABELS; i++) for (let j = 0; j < LABELS; j++) {
    items += judgeVsHuman[i * LABELS + j];
    if (i === j) same += judgeVsHuman[i * LABELS + j];
  }
  for (let i = 0; i < judge.length; i++) absDiff += Math.abs(judge[i] - human[i]);
  const kappa: ReviewerAgreement['kappa'] = [];
  const order = index.reviewers.map((_, i) => i).sort((x, y) => (index.reviewers[x] < index.reviewers[y] ? -1 : 1));
  for (let x = 0; x < R; x++) {
    for (let y = x + 1; y < R; y++) {
      const [a, b] = [order[x], order[y]];
      const table = new Float64Array(LABELS * LABELS);
      let n = 0;
      for (let i = 0; i < LABELS; i++) for (let j = 0; j < LABELS; j++) {
        // Tables are kept with the lower reviewer index first; transpose when the names sort the other way.
        const c = a < b ? tables[((a * R + b) * LABELS + i) * LABELS + j] : tables[((b * R + a) * LABELS + j) * LABELS + i];
        table[i * LABELS + j] = c;
        n += c;
      }
      if (n > 0) kappa.push({ a: index.reviewers[a], b: index.reviewers[b], items: n, kappa: cohenKappaFromTable(table, LABELS) });
    }
  }
  return {
    judge_human: {
      answers: judge.length,
      pearson: pearson(judge, human),
      spearman: spearman(judge, human),
      mean_abs_diff: judge.length > 0 ? absDiff / judge.length : null,
      preference_items: items,
      preference_agreement: items > 0 ? same / items : null,
      preference_kappa: cohenKappaFromTable(judgeVsHuman, LABELS),
    },
    length_bias: lengthBias(lengths, gaps),
    reviewers: {
      reviewers: order.map((i) => index.reviewers[i]),
      kappa,
      alpha: units.length > 0 ? { metric: 'interval', units: units.length, value: krippendorffAlphaInterval(units) } : null,
    },
  };
}
