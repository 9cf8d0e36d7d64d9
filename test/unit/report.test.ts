// buildReport's JSON contract, reproducibility and the figures that need human scores; the
// Markdown a lawyer reads and the CSV a spreadsheet reads (parsed back with csv-parse).
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { parse } from 'csv-parse/sync';

import { syntheticSnapshot } from '../../bench/reviewSnapshot';
import { english } from '../../extension/core/l10n';
import { buildReport, publicEndpoint } from '../../extension/core/review/report';
import { csvField, formatReportCsv, formatReportMarkdown } from '../../extension/core/review/reportFormat';
import { ReviewInputError } from '../../extension/core/review/scoring';
import { FLAG_KINDS } from '../../extension/core/review/types';
import { seededRandom } from '../../extension/core/review/random';
import { bothOrders, fixture } from './reviewFixture';

const synthetic = syntheticSnapshot({ questions: 120, models: 3, reviewers: 3, seed: 5, reviewedShare: 0.3 });

describe('buildReport', () => {
  it('has the contract’s keys', () => {
    const r = buildReport(synthetic);
    for (const k of ['set', 'baseline', 'judge', 'models', 'comparisons', 'agreement']) assert.ok(k in r, k);
    assert.equal(r.baseline, 'chatglm-6b');
    assert.equal(r.models.length, 2);
    for (const m of r.models) {
      for (const k of ['model', 'questions', 'judge_pct', 'judge_ci', 'baseline_first_pct', 'baseline_second_pct', 'order_disagreement', 'reviewed', 'human_adjusted_pct', 'corrected_pct', 'corrected_ci', 'length', 'categories', 'flags']) assert.ok(k in m, k);
      assert.deepEqual(Object.keys(m.flags), [...FLAG_KINDS]);
      assert.deepEqual(m.categories.map((c) => c.category).sort(), ['general', 'legal']);
      assert.ok(m.judge_ci![0] < m.judge_pct! && m.judge_pct! < m.judge_ci![1]);
      assert.ok(m.corrected_pct !== null && m.corrected_ci![0] < m.corrected_pct && m.corrected_pct < m.corrected_ci![1]);
      assert.equal(m.categories.reduce((s, c) => s + c.questions, 0), m.questions);
    }
    assert.equal(r.comparisons.length, 1);
    assert.deepEqual(r.judge.models, ['gpt-3.5-turbo']);
    assert.ok(r.agreement.judge_human.answers > 0 && r.agreement.judge_human.pearson! > 0.3);
    assert.deepEqual(r.agreement.reviewers.reviewers, ['reviewer1', 'reviewer2', 'reviewer3']);
    assert.equal(r.agreement.reviewers.kappa.length, 3);
    assert.equal(r.agreement.reviewers.alpha?.metric, 'interval');
    assert.ok(r.agreement.reviewers.alpha!.value! > 0.3);
    // The judge of the synthetic set rewards length (0.2 points per 100 characters).
    assert.ok(r.agreement.length_bias.ci![0] > 0);
  });

  it('is reproducible: the same seed gives the same report, another seed other intervals', () => {
    assert.deepEqual(buildReport(synthetic), buildReport(synthetic));
    const a = buildReport(synthetic, { seed: 1 }).models[0];
    const b = buildReport(synthetic, { seed: 2 }).models[0];
    assert.equal(a.judge_pct, b.judge_pct);
    assert.notDeepEqual(a.judge_ci, b.judge_ci);
    assert.throws(() => buildReport(synthetic, { resamples: 500 }), ReviewInputError);
  });

  it('gives a corrected figure only from 5 questions with both answers reviewed, and says why not', () => {
    const qs = Array.from({ length: 8 }, (_, i) => ({ key: `q${i}` }));
    const judgments = qs.flatMap((q, i) => bothOrders(q.key, 'law', 5 + (i % 4), 6));
    const reviews = (k: number) => qs.slice(0, k).flatMap((q, i): Array<[string, string, string, number]> => [[q.key, 'law', 'ann', 4 + (i % 3)], [q.key, 'chatglm', 'ann', 6 + (i % 2)]]);
    const four = buildReport(fixture({ questions: qs, models: ['chatglm', 'law'], baseline: 'chatglm', judgments, reviews: reviews(4) })).models[0];
    assert.equal(four.reviewed, 4);
    assert.equal(four.corrected_pct, null);
    assert.match(four.corrected_reason!, /needs 5 questions .* has 4/);
    const five = buildReport(fixture({ questions: qs, models: ['chatglm', 'law'], baseline: 'chatglm', judgments, reviews: reviews(5) })).models[0];
    assert.equal(five.reviewed, 5);
    assert.ok(five.corrected_pct !== null && five.corrected_ci !== null && five.human_only_pct !== null);
  });

  it('the human-adjusted interval covers the population’s human-adjusted ratio in ~95 % of simulated sets', () => {
    // Per question the judge's scores (candidate mean 6, baseline 7) and a human's (5 and 7.5), the
    // human's counted for a random 30 % of the questions. The population's human-adjusted ratio is
    // (0.3·5 + 0.7·6) / (0.3·7.5 + 0.7·7) = 79.72 %.
    const truth = ((0.3 * 5 + 0.7 * 6) / (0.3 * 7.5 + 0.7 * 7)) * 100;
    const rng = seededRandom(11);
    const uniformInt = (lo: number, hi: number) => lo + rng.index(hi - lo + 1);
    const qs = Array.from({ length: 150 }, (_, i) => ({ key: `q${i}` }));
    const sets = 300;
    let covered = 0;
    let adjustedDiffers = 0;
    for (let s = 0; s < sets; s++) {
      const judgments = qs.flatMap((q) => bothOrders(q.key, 'law', uniformInt(3, 9), uniformInt(5, 9)));
      const reviews = qs.filter(() => rng.float() < 0.3).flatMap((q): Array<[string, string, string, number]> => [[q.key, 'law', 'ann', uniformInt(2, 8)], [q.key, 'chatglm', 'ann', uniformInt(6, 9)]]);
      const m = buildReport(fixture({ questions: qs, models: ['chatglm', 'law'], baseline: 'chatglm', judgments, reviews }), { seed: s }).models[0];
      const [lo, hi] = m.human_adjusted_ci!;
      assert.ok(lo <= m.human_adjusted_pct! && m.human_adjusted_pct! <= hi);
      if (lo <= truth && truth <= hi) covered++;
      if (m.human_adjusted_ci![0] !== m.judge_ci![0]) adjustedDiffers++;
    }
    assert.ok(covered / sets >= 0.92 && covered / sets <= 0.98, `coverage ${covered / sets}`);
    assert.equal(adjustedDiffers, sets, 'its own interval, not the judge’s');
  });

  it('counts one judge: the latest to judge the set (model and prompt), the others named as not counted', () => {
    const qs = Array.from({ length: 6 }, (_, i) => ({ key: `q${i}` }));
    const base = fixture({ questions: qs, models: ['chatglm', 'law'], baseline: 'chatglm', judgments: qs.flatMap((q) => bothOrders(q.key, 'law', 3, 6)) });
    const judgedBy = (judgeModel: string, promptVersion: string, score: number) => base.judgments.map((j) => ({ ...j, judgeModel, promptVersion, candidateScore: score }));
    // The demo's offline judge first (50 %), gpt-3.5 after it (100 %): the figures are gpt-3.5's alone.
    const snapshot = { ...base, judgments: [...judgedBy('demo-judge (offline rules)', 'zh-1', 3), ...judgedBy('gpt-3.5-turbo', 'zh-1', 6)] };
    const r = buildReport(snapshot);
    assert.equal(r.models[0].judge_pct, 100);
    assert.deepEqual([r.judge.models, r.judge.judgments], [['gpt-3.5-turbo'], 12]);
    assert.deepEqual(r.judge.not_counted, [{ judge_model: 'demo-judge (offline rules)', prompt_version: 'zh-1', judgments: 12 }]);
    assert.match(formatReportMarkdown(r, english), /Also judged by demo-judge \(offline rules\) \(prompt zh-1\): 12 judgments, not counted/);
    // Asked for by name, the older judge's figures; and a judge model's newer prompt is another judge.
    assert.equal(buildReport(snapshot, { judgeModel: 'demo-judge (offline rules)' }).models[0].judge_pct, 50);
    const reprompted = buildReport({ ...snapshot, judgments: [...snapshot.judgments, ...judgedBy('gpt-3.5-turbo', 'zh-2', 4.5)] });
    assert.equal(reprompted.models[0].judge_pct, 75);
    assert.deepEqual(reprompted.judge.not_counted.map((o) => [o.judge_model, o.prompt_version]), [['demo-judge (offline rules)', 'zh-1'], ['gpt-3.5-turbo', 'zh-1']]);
  });

  it('never shows credentials of an endpoint', () => {
    assert.equal(publicEndpoint('https://user:sk-secret@example.com/v1?api-key=sk-secret#x'), 'https://example.com/v1');
    const snap = fixture({ questions: [{ key: 'q1' }], models: ['chatglm', 'law'], baseline: 'chatglm', judgments: bothOrders('q1', 'law', 5, 5), endpoint: 'https://k:sk-123@host.example/v1?key=sk-123' });
    const json = JSON.stringify(buildReport(snap));
    assert.ok(!json.includes('sk-123'));
    assert.deepEqual(buildReport(snap).judge.endpoints, ['https://host.example/v1']);
  });

  it('judge–human agreement on a hand-made set', () => {
    const qs = ['q1', 'q2', 'q3'].map((key) => ({ key }));
    const snap = fixture({
      questions: qs, models: ['chatglm', 'law'], baseline: 'chatglm',
      judgments: [...bothOrders('q1', 'law', 8, 6), ...bothOrders('q2', 'law', 5, 7), ...bothOrders('q3', 'law', 6, 6)],
      reviews: [['q1', 'law', 'ann', 7], ['q1', 'chatglm', 'ann', 7], ['q2', 'law', 'ann', 4], ['q2', 'chatglm', 'ann', 8], ['q3', 'law', 'ann', 6], ['q3', 'chatglm', 'ann', 5]],
    });
    const a = buildReport(snap).agreement.judge_human;
    assert.equal(a.answers, 6);
    // |8−7| + |6−7| + |5−4| + |7−8| + |6−6| + |6−5| = 5
    assert.ok(Math.abs(a.mean_abs_diff! - 5 / 6) < 1e-12);
    // Preferences: judge (cand, base, tie) vs human (tie, base, cand): they agree on q2 only.
    assert.equal(a.preference_items, 3);
    assert.ok(Math.abs(a.preference_agreement! - 1 / 3) < 1e-12);
  });
});

describe('formatReportMarkdown and formatReportCsv', () => {
  const r = buildReport(synthetic);
  it('Markdown: the headline with its interval, within noise in words, position bias', () => {
    const md = formatReportMarkdown(r, english);
    assert.match(md, /^# Evaluation report: synthetic-120x3/);
    assert.match(md, /\*\*\d+\.\d %\*\* \(corrected; 95 % interval \d+\.\d % to \d+\.\d %\)/);
    assert.match(md, /Position bias: \d+\.\d % with the baseline shown first, \d+\.\d % with it shown second/);
    assert.match(md, /(within noise: on these questions the two cannot be told apart|is ahead beyond noise)/);
    assert.match(md, /random sample/);
    // Every sentence goes through Translate.
    const upper = formatReportMarkdown(r, (m, ...args) => english(m, ...args).toUpperCase());
    assert.match(upper, /POSITION BIAS/);
  });
  it('CSV: one row per model and category that a CSV parser reads back, names with commas and quotes intact', () => {
    const snap = fixture({
      questions: [{ key: 'q1', category: 'legal, civil' }, { key: 'q2', category: 'general' }], models: ['chatglm', 'law "v2", 6 epochs'], baseline: 'chatglm',
      judgments: [...bothOrders('q1', 'law "v2", 6 epochs', 7, 6), ...bothOrders('q2', 'law "v2", 6 epochs', 5, 6)],
    });
    const rows = parse(formatReportCsv(buildReport(snap)), { columns: true }) as Array<Record<string, string>>;
    assert.equal(rows.length, 3);
    assert.deepEqual(rows.map((x) => [x.model, x.scope, x.category]), [['law "v2", 6 epochs', 'all', ''], ['law "v2", 6 epochs', 'category', 'legal, civil'], ['law "v2", 6 epochs', 'category', 'general']]);
    assert.equal(Number(rows[0].judge_pct), Math.round((12 / 12) * 100 * 1e4) / 1e4);
    assert.equal(rows[0].corrected_pct, '');
    assert.equal(csvField(' x'), '" x"');
    assert.equal(csvField(null), '');
  });
});
