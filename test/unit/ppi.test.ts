// PPI++ by simulation: a judge with a known bias (a constant, a length effect, noise) scores two
// models whose human means are known, a random 30 of 200 questions get human scores, and the
// corrected interval must cover the true ratio of human means about 95 % of the time, be narrower
// than the human-only interval, while the judge's own interval misses the truth.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { bootstrapSums, percentileInterval } from '../../extension/core/review/bootstrap';
import { humanOnlyRatio, ppiRatio, ratioInterval, type PpiInput } from '../../extension/core/review/ppi';
import { seededRandom, type Random } from '../../extension/core/review/random';
import { t975 } from '../../extension/core/review/summary';

const QUESTIONS = 200;
const REVIEWED = 30;
/** The population means of the human scores: the true figure is 6.6 / 6.0 = 110 %. */
const TRUE_PCT = (6.6 / 6.0) * 100;

/** One simulated set: judge = human + bias + 0.3 per 100 characters + noise; the baseline answers longer, so the judge favours it. */
function simulate(rng: Random): PpiInput {
  const judgeCand = new Float64Array(QUESTIONS);
  const judgeBase = new Float64Array(QUESTIONS);
  const humanCand = new Float64Array(QUESTIONS).fill(NaN);
  const humanBase = new Float64Array(QUESTIONS).fill(NaN);
  const trueCand = new Float64Array(QUESTIONS);
  const trueBase = new Float64Array(QUESTIONS);
  for (let i = 0; i < QUESTIONS; i++) {
    const difficulty = rng.normal();
    trueBase[i] = 6.0 + 1.2 * difficulty + 0.8 * rng.normal();
    trueCand[i] = 6.6 + 1.2 * difficulty + 0.8 * rng.normal();
    const lenCand = 3 + rng.normal(); // hundreds of characters
    const lenBase = 5 + rng.normal();
    judgeCand[i] = trueCand[i] + 0.5 + 0.3 * lenCand + 0.7 * rng.normal();
    judgeBase[i] = trueBase[i] + 0.5 + 0.3 * lenBase + 0.7 * rng.normal();
  }
  // A uniformly random subset gets human scores (partial Fisher–Yates).
  const order = Array.from({ length: QUESTIONS }, (_, i) => i);
  for (let k = 0; k < REVIEWED; k++) {
    const j = k + rng.index(QUESTIONS - k);
    [order[k], order[j]] = [order[j], order[k]];
    humanCand[order[k]] = trueCand[order[k]];
    humanBase[order[k]] = trueBase[order[k]];
  }
  return { judgeCand, judgeBase, humanCand, humanBase };
}

const covers = (ci: [number, number], x: number) => ci[0] <= x && x <= ci[1];

describe('ppiRatio (PPI++ with power tuning, delta-method ratio)', () => {
  it('covers the true ratio of human means in 93–99 % of 1,000 simulated sets, narrower than human-only', () => {
    const rng = seededRandom(7);
    let covered = 0;
    let coveredHuman = 0;
    let width = 0;
    let widthHuman = 0;
    const sets = 1000;
    for (let s = 0; s < sets; s++) {
      const input = simulate(rng);
      const ppi = ppiRatio(input);
      const human = humanOnlyRatio(input);
      assert.ok(ppi.ci && human.ci);
      if (covers(ppi.ci, TRUE_PCT)) covered++;
      if (covers(human.ci, TRUE_PCT)) coveredHuman++;
      width += ppi.ci[1] - ppi.ci[0];
      widthHuman += human.ci[1] - human.ci[0];
      assert.equal(ppi.reviewed, REVIEWED);
    }
    const coverage = covered / sets;
    assert.ok(coverage >= 0.93 && coverage <= 0.99, `PPI coverage ${coverage}`);
    assert.ok(coveredHuman / sets >= 0.92, `human-only coverage ${coveredHuman / sets}`);
    assert.ok(width / sets < 0.9 * (widthHuman / sets), `PPI width ${width / sets} vs human-only ${widthHuman / sets}`);
  });

  it('the judge’s own bootstrap interval misses the truth when the judge is biased', () => {
    const rng = seededRandom(11);
    let covered = 0;
    const sets = 40;
    for (let s = 0; s < sets; s++) {
      const input = simulate(rng);
      const data = new Float64Array(QUESTIONS * 2);
      for (let i = 0; i < QUESTIONS; i++) {
        data[2 * i] = input.judgeCand[i];
        data[2 * i + 1] = input.judgeBase[i];
      }
      const { sums } = bootstrapSums({ data, width: 2, groupOf: new Int32Array(QUESTIONS), groups: 1, resamples: 2000, seed: s });
      const ratios = new Float64Array(2000).map((_, r) => (sums[2 * r] / sums[2 * r + 1]) * 100);
      const ci = percentileInterval(ratios)!;
      if (covers(ci, TRUE_PCT)) covered++;
    }
    assert.equal(covered, 0);
  });

  it('needs 5 questions with both answers human-scored, and says so', () => {
    const input = simulate(seededRandom(3));
    const few: PpiInput = { ...input, humanCand: Float64Array.from(input.humanCand, (h, i) => (i < 150 ? NaN : h)) };
    const reviewed = Array.from(few.humanCand).filter((h, i) => !Number.isNaN(h) && !Number.isNaN(few.humanBase[i])).length;
    const r = ppiRatio(few);
    if (reviewed < 5) {
      assert.equal(r.pct, null);
      assert.match((r as { reason: string }).reason, /needs 5 questions/);
    }
    const none = ppiRatio({ ...input, humanCand: new Float64Array(QUESTIONS).fill(NaN) });
    assert.equal(none.pct, null);
    assert.equal(none.reviewed, 0);
  });

  it('a perfect judge gets λ = 1 and an interval far narrower than human-only', () => {
    const input = simulate(seededRandom(5));
    const ramp = Float64Array.from({ length: QUESTIONS }, (_, i) => 1 + (9 * i) / QUESTIONS);
    const perfect: PpiInput = { ...input, judgeCand: ramp, judgeBase: ramp };
    // Human = judge on the reviewed questions: the correction leaves the judge's mean as it is.
    const humanCand = Float64Array.from(input.humanCand, (h, i) => (Number.isNaN(h) ? NaN : perfect.judgeCand[i]));
    const humanBase = Float64Array.from(input.humanBase, (h, i) => (Number.isNaN(h) ? NaN : perfect.judgeBase[i]));
    const r = ppiRatio({ ...perfect, humanCand, humanBase });
    assert.ok(r.pct !== null && r.lambda);
    assert.equal(r.lambda.candidate, 1);
    assert.ok(Math.abs(r.pct - 100) < 1e-9);
  });
});

describe('ratioInterval and t975', () => {
  it('matches Student t quantiles', () => {
    assert.ok(Math.abs(t975(4) - 2.776445) < 0.005);
    assert.ok(Math.abs(t975(9) - 2.262157) < 0.002);
    assert.ok(Math.abs(t975(29) - 2.045230) < 0.001);
    assert.ok(Math.abs(t975(1e9) - 1.959964) < 1e-6);
  });
  it('is the delta method of a ratio', () => {
    const r = ratioInterval(2, 4, 0.01, 0.04, 0, 2)!;
    // Var(R) = (0.01 + 0.25 · 0.04) / 16 = 0.00125
    assert.ok(Math.abs(r.pct - 50) < 1e-12);
    assert.ok(Math.abs(r.ci[1] - (0.5 + 2 * Math.sqrt(0.00125)) * 100) < 1e-9);
    assert.equal(ratioInterval(1, 0, 1, 1, 0, 2), null);
  });
});
