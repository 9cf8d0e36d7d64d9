// The judge's figures on hand-made snapshots: both-orders means, one-order questions, position
// bias and its ties, human-adjusted figures, flags, and how the baseline is chosen.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { buildReport } from '../../extension/core/review/report';
import { chooseBaseline, indexSnapshot, judgeFigures, ReviewInputError } from '../../extension/core/review/scoring';
import { bothOrders, fixture } from './reviewFixture';

const Q = ['q1', 'q2', 'q3', 'q4'].map((key) => ({ key }));

describe('judgeFigures', () => {
  it('is Σ candidate / Σ baseline over the both-orders means; each order alone gives the position-bias figures', () => {
    const snap = fixture({
      questions: Q, models: ['chatglm', 'law'], baseline: 'chatglm',
      judgments: [
        ['q1', 'law', true, 8, 6], ['q1', 'law', false, 6, 6], // means 7 vs 6
        ['q2', 'law', true, 4, 8], ['q2', 'law', false, 6, 6], // orders disagree: baseline better vs tie
        ['q3', 'law', true, 9, 5], // only one order parsed …
        ['q3', 'law', false, null, null], // … the other unparsed
        ['q4', 'law', true, null, null], // nothing parsed: not counted
      ],
    });
    const index = indexSnapshot(snap);
    const f = judgeFigures(index.pairs[0], () => true);
    assert.equal(f.questions, 3);
    assert.equal(f.one_order, 1);
    assert.equal(f.both_orders, 2);
    // (7 + 5 + 9) / (6 + 7 + 5)
    assert.ok(Math.abs(f.judge_pct! - (21 / 18) * 100) < 1e-9);
    assert.ok(Math.abs(f.baseline_first_pct! - ((8 + 4 + 9) / (6 + 8 + 5)) * 100) < 1e-9);
    assert.ok(Math.abs(f.baseline_second_pct! - ((6 + 6) / (6 + 6)) * 100) < 1e-9);
    // q1: candidate better then tie → disagree; q2: baseline better then tie → disagree.
    assert.equal(f.order_disagreement, 1);
    assert.equal(index.pairs[0].unparsed[2], 1);
    assert.equal(index.pairs[0].unparsed[3], 1);
  });

  it('averages repeated judgments of one order, and counts agreement of orders including ties', () => {
    const snap = fixture({
      questions: Q.slice(0, 2), models: ['chatglm', 'law'], baseline: 'chatglm',
      judgments: [
        ['q1', 'law', true, 8, 6], ['q1', 'law', true, 6, 6], ['q1', 'law', false, 7, 6],
        ...bothOrders('q2', 'law', 5, 5),
      ],
    });
    const f = judgeFigures(indexSnapshot(snap).pairs[0], () => true);
    assert.ok(Math.abs(f.judge_pct! - ((7 + 5) / (6 + 5)) * 100) < 1e-9);
    assert.equal(f.order_disagreement, 0); // q1: 7 vs 6 in both; q2: tie in both
  });

  it('human-adjusted uses the mean of the reviewers’ scores where given, the judge’s elsewhere', () => {
    const snap = fixture({
      questions: Q.slice(0, 2), models: ['chatglm', 'law'], baseline: 'chatglm',
      judgments: [...bothOrders('q1', 'law', 8, 6), ...bothOrders('q2', 'law', 6, 6)],
      reviews: [['q1', 'law', 'ann', 4], ['q1', 'law', 'bob', 6], ['q2', 'chatglm', 'ann', 9]],
    });
    const f = judgeFigures(indexSnapshot(snap).pairs[0], () => true);
    // candidate: 5 (human mean) + 6 (judge); baseline: 6 (judge) + 9 (human)
    assert.ok(Math.abs(f.human_adjusted_pct! - (11 / 15) * 100) < 1e-9);
    assert.equal(f.reviewed, 0); // no question has both answers reviewed
  });
});

describe('chooseBaseline', () => {
  const base = { questions: Q.slice(0, 1), judgments: [] as never[] };
  it('takes the given model, or names the models when it is unknown', () => {
    const snap = fixture({ ...base, models: ['a', 'b'], baseline: 'a' });
    assert.equal(chooseBaseline(snap, 'b'), 'b');
    assert.throws(() => chooseBaseline(snap, 'c'), (e: Error) => e instanceof ReviewInputError && /No model 'c'.*a, b/.test(e.message));
  });
  it('defaults to the judgments’ baseline, else a model named baseline, else chatglm', () => {
    const judged = fixture({ questions: Q.slice(0, 1), models: ['law', 'ref'], baseline: 'ref', judgments: bothOrders('q1', 'law', 5, 5) });
    assert.equal(chooseBaseline(judged), 'ref');
    assert.equal(chooseBaseline(fixture({ ...base, models: ['law', 'my-baseline', 'chatglm-6b'], baseline: 'x' })), 'my-baseline');
    assert.equal(chooseBaseline(fixture({ ...base, models: ['law', 'chatglm-6b'], baseline: 'x' })), 'chatglm-6b');
    assert.throws(() => chooseBaseline(fixture({ ...base, models: ['law', 'med'], baseline: 'x' })), /Which model is the baseline.*--baseline.*law, med/);
  });
});

describe('flags in the report', () => {
  it('counts confirmed apart from suggested, and never rejected ones', () => {
    const snap = fixture({
      questions: Q.slice(0, 2), models: ['chatglm', 'law'], baseline: 'chatglm',
      judgments: [...bothOrders('q1', 'law', 8, 6), ...bothOrders('q2', 'law', 6, 6)],
      flags: [['q1', 'law', 'leakage', 'confirmed'], ['q2', 'law', 'leakage', 'suggested'], ['q2', 'law', 'repetition', 'rejected'], ['q1', 'chatglm', 'runon', 'suggested']],
    });
    const r = buildReport(snap);
    assert.deepEqual(r.models[0].flags.leakage, { confirmed: 1, suggested: 1 });
    assert.deepEqual(r.models[0].flags.repetition, { confirmed: 0, suggested: 0 });
    assert.deepEqual(r.baseline_flags.runon, { confirmed: 0, suggested: 1 });
  });
});
