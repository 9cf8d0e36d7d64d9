// Small descriptive statistics the report's modules share: means, quantiles, correlations.
// One definition each, so the report, the queue and the tests agree on what "p90" or
// "Spearman" means. Browser-safe.

/** The 97.5 % quantile of the standard normal: a two-sided 95 % interval is ± Z95 standard errors. */
export const Z95 = 1.959963984540054;

export function mean(xs: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < xs.length; i++) s += xs[i];
  return xs.length > 0 ? s / xs.length : NaN;
}

/** The q-quantile of an ascending array by linear interpolation between order statistics (R type 7, numpy's default). */
export function quantileSorted(sorted: ArrayLike<number>, q: number): number {
  const n = sorted.length;
  if (n === 0) return NaN;
  const h = (n - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.min(lo + 1, n - 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

/** Sample covariance (n − 1 denominator) of two equally long arrays; NaN below two points. */
export function covariance(x: ArrayLike<number>, y: ArrayLike<number>): number {
  const n = x.length;
  if (n < 2) return NaN;
  const mx = mean(x);
  const my = mean(y);
  let s = 0;
  for (let i = 0; i < n; i++) s += (x[i] - mx) * (y[i] - my);
  return s / (n - 1);
}

/** Pearson's r; null when either side is constant or there are fewer than 3 points (no meaningful r). */
export function pearson(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  if (x.length < 3) return null;
  const vx = covariance(x, x);
  const vy = covariance(y, y);
  if (!(vx > 0) || !(vy > 0)) return null;
  return covariance(x, y) / Math.sqrt(vx * vy);
}

/** Ranks from 1, ties given their average rank (what Spearman's rho needs). Sorts a typed copy (fast on 100k scores), then finds each value's run by binary search. */
export function ranks(xs: ArrayLike<number>): Float64Array {
  const sorted = Float64Array.from(xs).sort();
  const n = sorted.length;
  const runRank = new Float64Array(n);
  for (let i = 0; i < n; ) {
    let j = i;
    while (j + 1 < n && sorted[j + 1] === sorted[i]) j++;
    runRank[i] = (i + j) / 2 + 1;
    i = j + 1;
  }
  const out = new Float64Array(n);
  for (let k = 0; k < n; k++) {
    let lo = 0, hi = n - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (sorted[mid] < xs[k]) lo = mid + 1;
      else hi = mid;
    }
    out[k] = runRank[lo];
  }
  return out;
}

/** Spearman's rho: Pearson's r of the (tie-averaged) ranks. */
export function spearman(x: ArrayLike<number>, y: ArrayLike<number>): number | null {
  return pearson(ranks(x), ranks(y));
}

/** −1, 0 or 1: which of two scores is higher (the "preference" of a judge or a reviewer). */
export function preference(candidate: number, baseline: number): -1 | 0 | 1 {
  return candidate > baseline ? 1 : candidate < baseline ? -1 : 0;
}

/**
 * The 97.5 % quantile of Student's t with `df` degrees of freedom, by the Cornish–Fisher expansion
 * around the normal (within 0.01 of the exact value from df = 3; 2.776 vs 2.776 at df = 4). Used
 * where an interval rests on a few human-scored questions, where ± 1.96 would be too narrow.
 */
export function t975(df: number): number {
  if (!(df >= 1)) return NaN;
  if (df === 1) return 12.706204736;
  if (df === 2) return 4.30265273;
  const z = Z95;
  const z3 = z ** 3, z5 = z ** 5, z7 = z ** 7, z9 = z ** 9;
  return (
    z +
    (z3 + z) / (4 * df) +
    (5 * z5 + 16 * z3 + 3 * z) / (96 * df ** 2) +
    (3 * z7 + 19 * z5 + 17 * z3 - 15 * z) / (384 * df ** 3) +
    (79 * z9 + 776 * z7 + 1482 * z5 - 1920 * z3 - 945 * z) / (92160 * df ** 4)
  );
}
