// Agreement measures against published values (Cohen's kappa: the 50-item yes/no example;
// Krippendorff's alpha: the 4-coder reliability data of Krippendorff's "Computing Krippendorff's
// Alpha-Reliability", α_interval = 0.849) and by simulation: perfect agreement gives 1,
// independent raters give ≈ 0.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { cohenKappa, cohenKappaFromTable, krippendorffAlphaInterval } from '../../extension/core/review/agreement';
import { seededRandom } from '../../extension/core/review/random';
import { pearson, ranks, spearman } from '../../extension/core/review/summary';

describe('cohenKappa', () => {
  it('is 0.4 on the textbook example (20 yes/yes, 5 yes/no, 10 no/yes, 15 no/no)', () => {
    const a = [...Array(25).fill('yes'), ...Array(25).fill('no')];
    const b = [...Array(20).fill('yes'), ...Array(5).fill('no'), ...Array(10).fill('yes'), ...Array(15).fill('no')];
    assert.ok(Math.abs(cohenKappa(a, b)! - 0.4) < 1e-12);
    assert.ok(Math.abs(cohenKappaFromTable([20, 5, 10, 15], 2)! - 0.4) < 1e-12);
  });
  it('is 1 for perfect agreement, null when chance agreement is total, ≈ 0 for independent raters', () => {
    const rng = seededRandom(1);
    const labels = Array.from({ length: 500 }, () => rng.index(3) - 1);
    assert.equal(cohenKappa(labels, labels), 1);
    assert.equal(cohenKappa([1, 1, 1], [1, 1, 1]), null);
    let total = 0;
    for (let s = 0; s < 200; s++) {
      const a = Array.from({ length: 300 }, () => rng.index(3));
      const b = Array.from({ length: 300 }, () => (rng.float() < 0.6 ? 0 : rng.index(3)));
      total += cohenKappa(a, b)!;
    }
    assert.ok(Math.abs(total / 200) < 0.01, `mean kappa of independent raters ${total / 200}`);
  });
});

describe('krippendorffAlphaInterval', () => {
  it('is 0.849 on Krippendorff’s reliability data (4 coders, 12 units, missing values)', () => {
    const A = [1, 2, 3, 3, 2, 1, 4, 1, 2, NaN, NaN, NaN];
    const B = [1, 2, 3, 3, 2, 2, 4, 1, 2, 5, NaN, 3];
    const C = [NaN, 3, 3, 3, 2, 3, 4, 2, 2, 5, 1, NaN];
    const D = [1, 2, 3, 3, 2, 4, 4, 1, 2, 5, 1, NaN];
    const units = A.map((_, u) => [A[u], B[u], C[u], D[u]].filter((v) => !Number.isNaN(v)));
    assert.equal(Math.round(krippendorffAlphaInterval(units)! * 1000) / 1000, 0.849);
  });
  it('is 1 for perfect agreement and ≈ 0 for independent scores', () => {
    const rng = seededRandom(2);
    const perfect = Array.from({ length: 50 }, () => {
      const v = 1 + rng.index(10);
      return [v, v, v];
    });
    assert.equal(krippendorffAlphaInterval(perfect), 1);
    let total = 0;
    for (let s = 0; s < 100; s++) total += krippendorffAlphaInterval(Array.from({ length: 200 }, () => [1 + rng.index(10), 1 + rng.index(10)]))!;
    assert.ok(Math.abs(total / 100) < 0.02, `mean alpha of independent scores ${total / 100}`);
    assert.equal(krippendorffAlphaInterval([[5], [6]]), null);
  });
});

describe('correlations', () => {
  it('Pearson and Spearman (tie-averaged ranks) match hand computation', () => {
    assert.ok(Math.abs(pearson([1, 2, 3, 4, 5], [2, 4, 5, 4, 5])! - 6 / Math.sqrt(60)) < 1e-12);
    assert.deepEqual([...ranks([2, 4, 5, 4, 5])], [1, 2.5, 4.5, 2.5, 4.5]);
    assert.ok(Math.abs(spearman([1, 2, 3, 4, 5], [2, 4, 5, 4, 5])! - 7 / Math.sqrt(90)) < 1e-12);
    assert.equal(pearson([1, 1, 1], [1, 2, 3]), null);
  });
});
