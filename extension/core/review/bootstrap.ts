// The nonparametric bootstrap over questions, shaped for speed: every statistic of the report that
// needs an interval is a ratio of sums over questions (Σ candidate / Σ baseline, per model and per
// category), so one pass draws each resample's multiset of questions ONCE and forms every column's
// sum over it. The same draws serve every model, which is exactly the paired bootstrap the
// comparisons between models need, and every category, whose sums are kept apart.
//
// Exact path: each resample counts how often each question was drawn, then takes, per column and
// category, the dot product of the counts with the column (columns stored contiguously, questions
// sorted by category: sequential memory, four accumulators). Its cost is resamples × questions ×
// columns, about 2,000 × the number of answers × 2.
//
// Large sets: beyond LARGE_WORK multiply-adds (100k answers would take seconds), the resampled
// sums are drawn from their exact bootstrap distribution's normal limit instead: the multinomial
// resampling gives the vector of sums the mean T = Σ y_q and covariance Σ y_q y_qᵀ − T Tᵀ / n,
// computed exactly from the data, and 2,000 draws of that normal go through the same ratio,
// difference and percentile steps. Only from LARGE_MIN_QUESTIONS questions on: at that size the
// sums' skewness (∝ 1/√n) moves a 2.5 % percentile by far less than the Monte Carlo error of
// 2,000 resamples does. The report names the method it used.
// Browser-safe.

import { seededRandom, type Random } from './random';
import { quantileSorted } from './summary';

/** The fewest resamples a report uses: below ~2,000 the 2.5 % and 97.5 % percentiles wobble visibly between seeds. */
export const MIN_RESAMPLES = 2000;
/** Multiply-adds above which the exact resampling gives way to the normal limit of the resampled sums. */
export const LARGE_WORK = 40e6;
export const LARGE_MIN_QUESTIONS = 1000;

export type BootstrapMethod = 'resampled questions' | 'normal limit of resampled sums';

export interface BootstrapInput {
  /** Row-major question × column values (e.g. a candidate's and the baseline's scores per model). */
  data: Float64Array;
  width: number;
  /** The group (category) of each question, 0 … groups − 1. */
  groupOf: Int32Array;
  groups: number;
  resamples: number;
  seed: number;
  /** Force a method (tests compare the two); default: by size, as above. */
  method?: BootstrapMethod;
}

export interface BootstrapSums {
  /** `sums[(r * groups + g) * width + k]`: column k summed over the questions of group g in resample r. */
  sums: Float64Array;
  method: BootstrapMethod;
}

export function bootstrapSums(input: BootstrapInput): BootstrapSums {
  const n = input.groupOf.length;
  const large = input.method ? input.method === 'normal limit of resampled sums' : n >= LARGE_MIN_QUESTIONS && input.resamples * n * input.width > LARGE_WORK;
  const rng = seededRandom(input.seed);
  return large ? { sums: normalLimitSums(input, rng), method: 'normal limit of resampled sums' } : { sums: resampledSums(input, rng), method: 'resampled questions' };
}

function resampledSums({ data, width, groupOf, groups, resamples, seed }: BootstrapInput, rng: Random): Float64Array {
  const n = groupOf.length;
  const out = new Float64Array(resamples * groups * width);
  if (n === 0 || width === 0) return out;
  // Questions sorted by group, columns contiguous: column k of group g is cols[k * n + start[g] … end[g]].
  const order = Array.from({ length: n }, (_, q) => q).sort((a, b) => groupOf[a] - groupOf[b] || a - b);
  const start = new Int32Array(groups + 1);
  for (let q = 0; q < n; q++) start[groupOf[q] + 1]++;
  for (let g = 0; g < groups; g++) start[g + 1] += start[g];
  const cols = new Float64Array(n * width);
  for (let i = 0; i < n; i++) for (let k = 0; k < width; k++) cols[k * n + i] = data[order[i] * width + k];
  // A draw is uniform over positions, which is uniform over questions: no need to map back.
  const draws = drawCounts(n, resamples, seed, rng);
  const counts = new Float64Array(n);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < n; i++) counts[i] = draws[r * n + i];
    for (let g = 0; g < groups; g++) {
      const lo = start[g];
      const hi = start[g + 1];
      const o = (r * groups + g) * width;
      for (let k = 0; k < width; k++) out[o + k] = dot(counts, cols, k * n, lo, hi);
    }
  }
  return out;
}

/**
 * How often each question is drawn in each resample, `counts[r * n + q]`. The draws depend only on
 * the number of questions, the resamples and the seed, not on the scores — so the report the review
 * panel rebuilds after every saved score reuses the last draws instead of drawing them again (the
 * draws are most of an exact bootstrap's cost), with exactly the same result. One entry, and only
 * up to CACHED_DRAWS counts (8 MB); a count never exceeds n, which the exact path keeps ≤ 20,000.
 */
const CACHED_DRAWS = 4_000_000;
let lastDraws: { n: number; resamples: number; seed: number; counts: Uint16Array } | undefined;

function drawCounts(n: number, resamples: number, seed: number, rng: Random): Uint16Array {
  const hit = lastDraws;
  if (hit && hit.n === n && hit.resamples === resamples && hit.seed === seed) return hit.counts;
  const counts = new Uint16Array(resamples * n);
  for (let r = 0; r < resamples; r++) {
    const o = r * n;
    for (let i = 0; i < n; i++) counts[o + rng.index(n)]++;
  }
  if (counts.length <= CACHED_DRAWS) lastDraws = { n, resamples, seed, counts };
  return counts;
}

function dot(w: Float64Array, x: Float64Array, offset: number, lo: number, hi: number): number {
  let s0 = 0, s1 = 0, s2 = 0, s3 = 0;
  let i = lo;
  for (; i + 3 < hi; i += 4) {
    s0 += w[i] * x[offset + i];
    s1 += w[i + 1] * x[offset + i + 1];
    s2 += w[i + 2] * x[offset + i + 2];
    s3 += w[i + 3] * x[offset + i + 3];
  }
  for (; i < hi; i++) s0 += w[i] * x[offset + i];
  return s0 + s1 + s2 + s3;
}

function normalLimitSums({ data, width, groupOf, groups, resamples }: BootstrapInput, rng: Random): Float64Array {
  const n = groupOf.length;
  const d = groups * width;
  // y_q is the question's row placed in its group's block; only that block is non-zero.
  const total = new Float64Array(d);
  const second = new Float64Array(d * d);
  for (let q = 0; q < n; q++) {
    const o = groupOf[q] * width;
    const row = q * width;
    for (let k = 0; k < width; k++) {
      const x = data[row + k];
      if (x === 0) continue;
      total[o + k] += x;
      const line = (o + k) * d + o;
      for (let l = 0; l <= k; l++) second[line + l] += x * data[row + l];
    }
  }
  const cov = new Float64Array(d * d);
  for (let i = 0; i < d; i++) for (let j = 0; j <= i; j++) cov[i * d + j] = cov[j * d + i] = second[i * d + j] - (total[i] * total[j]) / n;
  const chol = cholesky(cov, d);
  const out = new Float64Array(resamples * d);
  const z = new Float64Array(d);
  for (let r = 0; r < resamples; r++) {
    for (let i = 0; i < d; i++) z[i] = rng.normal();
    const o = r * d;
    for (let i = 0; i < d; i++) {
      let s = total[i];
      for (let j = 0; j <= i; j++) s += chol[i * d + j] * z[j];
      out[o + i] = s;
    }
  }
  return out;
}

/** Lower Cholesky factor of a positive semi-definite matrix; directions with no variance (a column that is all zero, or a copy of another) get a zero column. */
export function cholesky(a: Float64Array, d: number): Float64Array {
  const l = new Float64Array(d * d);
  let scale = 0;
  for (let i = 0; i < d; i++) scale = Math.max(scale, a[i * d + i]);
  const eps = scale * 1e-12;
  for (let j = 0; j < d; j++) {
    let s = a[j * d + j];
    for (let k = 0; k < j; k++) s -= l[j * d + k] ** 2;
    if (s <= eps) continue;
    const root = Math.sqrt(s);
    l[j * d + j] = root;
    for (let i = j + 1; i < d; i++) {
      let t = a[i * d + j];
      for (let k = 0; k < j; k++) t -= l[i * d + k] * l[j * d + k];
      l[i * d + j] = t / root;
    }
  }
  return l;
}

/** The 95 % percentile interval of a bootstrap distribution (NaN values — e.g. a resample with no baseline score — dropped). */
export function percentileInterval(values: Float64Array): [number, number] | null {
  const finite = values.filter((v) => Number.isFinite(v)).sort();
  // A distribution where many resamples are undefined says nothing reliable.
  if (finite.length === 0 || finite.length < values.length * 0.9) return null;
  return [quantileSorted(finite, 0.025), quantileSorted(finite, 0.975)];
}
