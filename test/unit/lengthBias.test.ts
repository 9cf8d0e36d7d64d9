// The judge's length bias (OLS slope per 100 characters with a robust interval, by simulation)
// and the stand-in ending check.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { answerLengths, endsCutOff, lengthBias } from '../../extension/core/review/lengthBias';
import { seededRandom } from '../../extension/core/review/random';

describe('lengthBias', () => {
  it('recovers a known slope, its 95 % interval covering it in ~95 % of simulated sets (noise growing with length)', () => {
    const rng = seededRandom(8);
    let covered = 0;
    const sets = 500;
    for (let s = 0; s < sets; s++) {
      const lengths = Float64Array.from({ length: 150 }, () => 50 + rng.index(800));
      const gaps = lengths.map((l) => 0.5 + 0.3 * (l / 100) + (0.3 + l / 400) * rng.normal());
      const r = lengthBias(lengths, gaps);
      if (r.ci![0] <= 0.3 && 0.3 <= r.ci![1]) covered++;
    }
    assert.ok(covered / sets >= 0.92 && covered / sets <= 0.98, `coverage ${covered / sets}`);
  });
  it('is exact on a line, and null without spread or points', () => {
    const r = lengthBias([100, 200, 300, 400], [1, 1.5, 2, 2.5]);
    assert.ok(Math.abs(r.slope_per_100_chars! - 0.5) < 1e-12);
    assert.equal(lengthBias([100, 100, 100], [1, 2, 3]).slope_per_100_chars, null);
    assert.equal(lengthBias([100, 200], [1, 2]).slope_per_100_chars, null);
  });
});

describe('endsCutOff', () => {
  it('accepts terminal punctuation, closing quotes and brackets; flags a sentence stopped midway', () => {
    for (const ok of ['构成盗窃罪。', '可以起诉！ ', '是吗？\n', 'Done.', '他说：“可以。”', '（见第264条）', '「完」', '等等……', '『是』']) assert.equal(endsCutOff(ok), false, ok);
    for (const cut of ['根据《刑法》第二百六十四条的规定，盗窃公私财物', '数额较大的，', '', '   ', '包括：']) assert.equal(endsCutOff(cut), true, cut);
  });
  it('answerLengths gives mean, p90 and the cut-off count of the chosen answers', () => {
    const lengths = Float64Array.from([10, 20, 30, NaN, 40]);
    const cut = Uint8Array.from([0, 1, 0, 1, 1]);
    assert.deepEqual(answerLengths(lengths, cut, () => true), { answers: 4, mean: 25, p90: 37, cut_off: 2 });
    assert.deepEqual(answerLengths(lengths, cut, (q) => q < 2), { answers: 2, mean: 15, p90: 19, cut_off: 1 });
  });
});
