// The bootstrap over questions by simulation: the percentile interval of Σ candidate / Σ baseline
// covers the population ratio about 95 % of the time; two models of equal true quality are
// "within noise" about 95 % of the time (paired resampling); a seed reproduces the intervals; the
// large-set normal limit gives the same intervals as resampling.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { bootstrapSums, cholesky, percentileInterval } from '../../extension/core/review/bootstrap';
import { seededRandom } from '../../extension/core/review/random';
import { buildReport } from '../../extension/core/review/report';
import type { ReviewSnapshot } from '../../extension/core/review/types';
import { bothOrders, fixture } from './reviewFixture';

function ratios(sums: Float64Array, resamples: number, width: number, k: number): Float64Array {
  return Float64Array.from({ length: resamples }, (_, r) => (sums[r * width + k] / sums[r * width + k + 1]) * 100);
}

describe('bootstrapSums', () => {
  it('the percentile interval of a ratio covers the population ratio in ~95 % of simulated sets', () => {
    const rng = seededRandom(3);
    const n = 80;
    let covered = 0;
    const sets = 300;
    for (let s = 0; s < sets; s++) {
      const data = new Float64Array(n * 2);
      for (let i = 0; i < n; i++) {
        const d = rng.normal();
        data[2 * i] = 6.6 + 1.5 * d + rng.normal(); // population mean 6.6
        data[2 * i + 1] = 6.0 + 1.5 * d + rng.normal(); // population mean 6.0
      }
      const { sums } = bootstrapSums({ data, width: 2, groupOf: new Int32Array(n), groups: 1, resamples: 2000, seed: s });
      const ci = percentileInterval(ratios(sums, 2000, 2, 0))!;
      if (ci[0] <= 110 && 110 <= ci[1]) covered++;
    }
    assert.ok(covered / sets >= 0.92 && covered / sets <= 0.98, `coverage ${covered / sets}`);
  });

  it('is reproducible from its seed and keeps categories apart', () => {
    const data = Float64Array.from({ length: 40 }, (_, i) => 1 + (i % 7));
    const groupOf = Int32Array.from({ length: 20 }, (_, i) => i % 2);
    const a = bootstrapSums({ data, width: 2, groupOf, groups: 2, resamples: 2000, seed: 9 }).sums;
    const b = bootstrapSums({ data, width: 2, groupOf, groups: 2, resamples: 2000, seed: 9 }).sums;
    const c = bootstrapSums({ data, width: 2, groupOf, groups: 2, resamples: 2000, seed: 10 }).sums;
    assert.deepEqual(a, b);
    assert.notDeepEqual(a, c);
    // Every resample draws 20 questions in all: Σ over groups of column 1 … averages 20 × its mean.
    let total = 0;
    for (let r = 0; r < 2000; r++) total += a[r * 4 + 0] + a[r * 4 + 2];
    const mean = Array.from({ length: 20 }, (_, q) => data[q * 2]).reduce((x, y) => x + y) / 20;
    assert.ok(Math.abs(total / 2000 - 20 * mean) < 0.5);
  });

  it('reuses the last draws for new scores with exactly the result of fresh draws', () => {
    // The review panel rebuilds the report after each saved score: same questions, same seed, new data.
    const groupOf = Int32Array.from({ length: 30 }, (_, i) => i % 3);
    const before = Float64Array.from({ length: 60 }, (_, i) => 1 + (i % 9));
    const after = Float64Array.from(before, (x, i) => (i === 7 ? 10 : x));
    const input = { width: 2, groupOf, groups: 3, resamples: 2000, seed: 5 } as const;
    bootstrapSums({ ...input, data: before }); // leaves its draws cached
    const reused = bootstrapSums({ ...input, data: after }).sums;
    bootstrapSums({ ...input, seed: 6, data: after }); // another seed: the cache now holds other draws
    const fresh = bootstrapSums({ ...input, data: after }).sums;
    assert.deepEqual(reused, fresh);
    assert.notDeepEqual(reused, bootstrapSums({ ...input, data: before }).sums);
  });

  it('the normal limit of a large set gives the resampled interval', () => {
    const rng = seededRandom(4);
    const n = 3000;
    const data = new Float64Array(n * 2);
    for (let i = 0; i < n; i++) {
      data[2 * i] = 1 + rng.index(10);
      data[2 * i + 1] = Math.min(10, data[2 * i] + rng.index(3));
    }
    const input = { data, width: 2, groupOf: new Int32Array(n), groups: 1, resamples: 4000, seed: 1 };
    const exact = percentileInterval(ratios(bootstrapSums({ ...input, method: 'resampled questions' }).sums, 4000, 2, 0))!;
    const normal = bootstrapSums({ ...input, method: 'normal limit of resampled sums' });
    assert.equal(normal.method, 'normal limit of resampled sums');
    const approx = percentileInterval(ratios(normal.sums, 4000, 2, 0))!;
    const width = exact[1] - exact[0];
    assert.ok(Math.abs(exact[0] - approx[0]) < 0.06 * width && Math.abs(exact[1] - approx[1]) < 0.06 * width, `${exact} vs ${approx}`);
  });

  it('cholesky factors a semi-definite matrix (a repeated column gets no variance of its own)', () => {
    const a = Float64Array.from([4, 2, 2, 2, 2, 2, 2, 2, 2]);
    const l = cholesky(a, 3);
    for (let i = 0; i < 3; i++) for (let j = 0; j < 3; j++) {
      let s = 0;
      for (let k = 0; k < 3; k++) s += l[i * 3 + k] * l[j * 3 + k];
      assert.ok(Math.abs(s - a[i * 3 + j]) < 1e-9);
    }
  });
});

/** Two candidates of equal true quality against one baseline, judged with noise in both orders. */
function equalModels(seed: number, questions: number): ReviewSnapshot {
  const rng = seededRandom(seed);
  const score = (x: number) => Math.min(10, Math.max(1, Math.round(x)));
  const judgments = [];
  const qs = Array.from({ length: questions }, (_, i) => ({ key: `q${i}` }));
  for (const q of qs) {
    const d = 1.5 * rng.normal();
    for (const m of ['a', 'b']) {
      const c = score(6.5 + d + rng.normal());
      const b = score(6 + d + rng.normal());
      judgments.push(...bothOrders(q.key, m, c, b));
    }
  }
  return fixture({ questions: qs, models: ['chatglm', 'a', 'b'], baseline: 'chatglm', judgments });
}

describe('comparisons between models (paired bootstrap)', () => {
  it('two models of equal true quality are within noise in ~95 % of simulated sets', () => {
    let within = 0;
    const sets = 200;
    for (let s = 0; s < sets; s++) {
      const c = buildReport(equalModels(s, 60), { seed: s }).comparisons[0];
      assert.equal(c.a, 'a');
      if (c.within_noise) within++;
    }
    assert.ok(within / sets >= 0.91 && within / sets <= 0.99, `within noise in ${within / sets}`);
  });

  it('a clearly better model is not within noise', () => {
    const snap = equalModels(1, 200);
    for (const j of snap.judgments) if (j.model === 'a') j.candidateScore = Math.min(10, j.candidateScore! + 2);
    const c = buildReport(snap).comparisons[0];
    assert.equal(c.within_noise, false);
    assert.ok(c.difference! > 0 && c.ci![0] > 0);
  });
});
