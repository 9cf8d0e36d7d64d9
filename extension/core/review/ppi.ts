// The judge's figure corrected by the human-scored questions: prediction-powered inference with
// power tuning (PPI++, Angelopoulos, Duchi & Zrnic 2023, arXiv:2311.01453; cf. ppi_py's
// ppi_mean_ci). Each mean — the candidate's and the baseline's human score over the set's
// questions — is estimated as
//
//     θ̂ = λ · mean_all(judge) + mean_reviewed(human − λ · judge)
//
// where "all" is every judged question of the set, the reviewed ones INCLUDED. Written with the
// unreviewed questions U (m of them) apart from the reviewed R (n), that is
//     θ̂ = mean_R(human − λ′·judge) + mean_U(λ′·judge),  λ′ = λ · m / (n + m),
// which is the paper's estimator with disjoint labeled and unlabeled sets, so its variance is
//     Var_R(human − λ′·judge) / n + λ′² · Var_U(judge) / m.
// Minimising it over λ gives λ = Cov(human, judge) / Var(judge) (the overlap absorbs the paper's
// 1 + n/N factor). λ is clipped to [0, 1] as ppi_py does: 0 is the human-only mean, 1 the plain
// difference estimator, so the tuned one never does worse than either by much.
//
// The figure is the ratio of the two means, with a delta-method interval that uses the covariance
// of the two estimates (they share questions): Var(θc/θb) ≈ (Vc − 2R·Cov + R²·Vb) / θb². With few
// reviewed questions the rectifier's variance is itself uncertain, so the interval uses Student's
// t with n − 1 degrees of freedom instead of the normal.
//
// WHAT IT ASSUMES: the reviewed questions are a uniformly random sample of the judged ones (the
// guarantee of PPI is for a random labeled subset). Questions picked for review because the judge
// looked doubtful over-represent the hard cases, and the correction then carries their judge–human
// gap to the whole set. The queue's PPI reason draws its picks at random for that reason; the report
// says the assumption next to the figure.
// Browser-safe.

import { t975 } from './summary';

/** Fewer reviewed questions than this and the correction is not worth an interval. */
export const MIN_REVIEWED = 5;

export interface PpiInput {
  /** Per question: the judge's score of each answer (NaN: not judged, left out), and the human score (NaN where none). */
  judgeCand: ArrayLike<number>;
  judgeBase: ArrayLike<number>;
  humanCand: ArrayLike<number>;
  humanBase: ArrayLike<number>;
}

export type RatioEstimate =
  | { pct: number; ci: [number, number]; reviewed: number; questions: number; lambda?: { candidate: number; baseline: number } }
  | { pct: null; ci: null; reviewed: number; questions: number; reason: string };

/**
 * Sums and cross-products over a set of questions of the four variables (judge and human score
 * of each answer), from which every mean, variance and covariance below is read: one pass over
 * the data, no copies (the report runs this per model and per category on 100k answers).
 */
class Moments {
  n = 0;
  readonly sum = new Float64Array(4);
  readonly cross = new Float64Array(16);
  add(v: Float64Array, dims: number): void {
    this.n++;
    for (let i = 0; i < dims; i++) {
      this.sum[i] += v[i];
      for (let j = 0; j <= i; j++) this.cross[i * 4 + j] += v[i] * v[j];
    }
  }
  mean(i: number): number {
    return this.sum[i] / this.n;
  }
  /** Sample covariance (n − 1); 0 below two questions. */
  cov(i: number, j: number): number {
    if (this.n < 2) return 0;
    const c = i >= j ? this.cross[i * 4 + j] : this.cross[j * 4 + i];
    return (c - (this.sum[i] * this.sum[j]) / this.n) / (this.n - 1);
  }
}

const FC = 0, FB = 1, YC = 2, YB = 3;

/** The moments of the reviewed questions (both answers human-scored) and of the other judged ones. */
function moments(input: PpiInput, include: (i: number) => boolean): { reviewed: Moments; unreviewed: Moments } {
  const reviewed = new Moments();
  const unreviewed = new Moments();
  const v = new Float64Array(4);
  for (let i = 0; i < input.judgeCand.length; i++) {
    if (Number.isNaN(input.judgeCand[i]) || !include(i)) continue;
    v[FC] = input.judgeCand[i];
    v[FB] = input.judgeBase[i];
    v[YC] = input.humanCand[i];
    v[YB] = input.humanBase[i];
    if (Number.isNaN(v[YC]) || Number.isNaN(v[YB])) unreviewed.add(v, 2);
    else reviewed.add(v, 4);
  }
  return { reviewed, unreviewed };
}

const tooFew = (n: number, total: number, min: number): RatioEstimate => ({
  pct: null, ci: null, reviewed: n, questions: total, reason: `needs ${min} questions with human scores for both answers, has ${n}`,
});

/**
 * PPI++ estimate of Σ human(candidate) / Σ human(baseline) in %, with its 95 % interval, over the
 * judged questions (judge score not NaN) that `include` keeps.
 */
export function ppiRatio(input: PpiInput, include: (i: number) => boolean = () => true, minReviewed = MIN_REVIEWED): RatioEstimate {
  const { reviewed: R, unreviewed: U } = moments(input, include);
  const n = R.n;
  const m = U.n;
  const total = n + m;
  if (n < minReviewed) return tooFew(n, total, minReviewed);
  // Var(judge) over every judged question, reviewed or not: the more precise estimate.
  const varAll = (f: number) => {
    const s = R.sum[f] + U.sum[f];
    const ss = R.cross[f * 4 + f] + U.cross[f * 4 + f];
    return total > 1 ? (ss - (s * s) / total) / (total - 1) : 0;
  };
  const lambdaOf = (f: number, y: number) => {
    const v = varAll(f);
    const raw = v > 0 ? R.cov(y, f) / v : 0;
    return Math.min(1, Math.max(0, Number.isFinite(raw) ? raw : 0));
  };
  const lc = lambdaOf(FC, YC);
  const lb = lambdaOf(FB, YB);
  // λ′ = λ·m/N: the weight of (mean_U − mean_R) of the judge once the reviewed questions are taken out of "all".
  const pc = (lc * m) / total;
  const pb = (lb * m) / total;
  const mu = (f: number) => (m > 0 ? U.mean(f) : 0);
  const thetaC = R.mean(YC) + pc * (mu(FC) - R.mean(FC));
  const thetaB = R.mean(YB) + pb * (mu(FB) - R.mean(FB));
  const rect = (y1: number, f1: number, l1: number, y2: number, f2: number, l2: number) =>
    R.cov(y1, y2) - l2 * R.cov(y1, f2) - l1 * R.cov(f1, y2) + l1 * l2 * R.cov(f1, f2);
  const imp = (f1: number, l1: number, f2: number, l2: number) => (m > 1 ? (l1 * l2 * U.cov(f1, f2)) / m : 0);
  const vc = rect(YC, FC, pc, YC, FC, pc) / n + imp(FC, pc, FC, pc);
  const vb = rect(YB, FB, pb, YB, FB, pb) / n + imp(FB, pb, FB, pb);
  const cov = rect(YC, FC, pc, YB, FB, pb) / n + imp(FC, pc, FB, pb);
  const ratio = ratioInterval(thetaC, thetaB, vc, vb, cov, t975(n - 1));
  if (!ratio) return { pct: null, ci: null, reviewed: n, questions: total, reason: 'the baseline’s estimated mean is not positive' };
  return { ...ratio, reviewed: n, questions: total, lambda: { candidate: lc, baseline: lb } };
}

/** The human-only figure over the reviewed questions, same delta method: what PPI must beat. */
export function humanOnlyRatio(input: PpiInput, include: (i: number) => boolean = () => true, minReviewed = MIN_REVIEWED): RatioEstimate {
  const { reviewed: R, unreviewed: U } = moments(input, include);
  const n = R.n;
  const total = n + U.n;
  if (n < minReviewed) return tooFew(n, total, minReviewed);
  const ratio = ratioInterval(R.mean(YC), R.mean(YB), R.cov(YC, YC) / n, R.cov(YB, YB) / n, R.cov(YC, YB) / n, t975(n - 1));
  if (!ratio) return { pct: null, ci: null, reviewed: n, questions: total, reason: 'the baseline’s mean human score is not positive' };
  return { ...ratio, reviewed: n, questions: total };
}

/** θc / θb in %, with the delta-method interval at ± `z` standard errors. */
export function ratioInterval(thetaC: number, thetaB: number, varC: number, varB: number, cov: number, z: number): { pct: number; ci: [number, number] } | null {
  if (!(thetaB > 0)) return null;
  const r = thetaC / thetaB;
  const variance = Math.max(0, (varC - 2 * r * cov + r * r * varB) / (thetaB * thetaB));
  const half = z * Math.sqrt(variance);
  return { pct: r * 100, ci: [(r - half) * 100, (r + half) * 100] };
}
