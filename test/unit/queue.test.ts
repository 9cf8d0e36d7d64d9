// The review queue on hand-made snapshots: what comes first and why, the random PPI pick, the
// modes, a reviewer's own queue.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { english } from '../../extension/core/l10n';
import { buildQueue, queueReasonText, REASON_WEIGHT, type QueueItem, type QueueReasonCode } from '../../extension/core/review/queue';
import { ReviewInputError } from '../../extension/core/review/scoring';
import { bothOrders, fixture, type FixtureSpec } from './reviewFixture';

const qs = Array.from({ length: 10 }, (_, i) => ({ key: `q${i}` }));
/** q0–q4 reviewed by ann (human = judge); q5 orders disagree and a leak suspected; q6 orders disagree; q7 one reply unparsed; q8 near the baseline; q9 nothing special. */
const spec: FixtureSpec = {
  questions: qs,
  models: ['chatglm', 'law'],
  baseline: 'chatglm',
  judgments: [
    ...qs.slice(0, 5).flatMap((q) => bothOrders(q.key, 'law', 7, 4)),
    ['q5', 'law', true, 7, 4], ['q5', 'law', false, 4, 7],
    ['q6', 'law', true, 7, 4], ['q6', 'law', false, 5, 5],
    ['q7', 'law', true, 7, 4], ['q7', 'law', false, null, null],
    ...bothOrders('q8', 'law', 6, 6),
    ...bothOrders('q9', 'law', 7, 4),
  ],
  reviews: qs.slice(0, 5).flatMap((q): Array<[string, string, string, number]> => [[q.key, 'law', 'ann', 7], [q.key, 'chatglm', 'ann', 4]]),
  flags: [['q5', 'law', 'leakage', 'suggested'], ['q9', 'law', 'repetition', 'rejected']],
};
const snap = fixture(spec);

const codes = (item: QueueItem) => item.reasons.map((r) => r.code);
/** The priority without the random PPI pick's share. */
const doubt = (item: QueueItem) => item.reasons.filter((r) => r.code !== 'ppi_sample').reduce((s, r) => s + r.weight, 0);
const byKey = (items: QueueItem[]) => new Map(items.map((i) => [i.questionKey, i]));

describe('buildQueue: doubt', () => {
  const queue = buildQueue(snap);
  it('holds the unreviewed answers only, most doubtful first, each with its reasons', () => {
    assert.deepEqual(queue.map((i) => i.questionKey).sort(), ['q5', 'q6', 'q7', 'q8', 'q9']);
    for (let i = 1; i < queue.length; i++) assert.ok(queue[i - 1].priority >= queue[i].priority);
    for (const item of queue) assert.ok(Math.abs(item.priority - item.reasons.reduce((s, r) => s + r.weight, 0)) < 1e-12);
    const items = byKey(queue);
    const has = (q: string, code: QueueReasonCode) => codes(items.get(q)!).includes(code);
    assert.ok(has('q5', 'orders_disagree') && has('q5', 'flag_suggested'));
    assert.equal(items.get('q5')!.reasons.find((r) => r.code === 'flag_suggested')!.kind, 'leakage');
    assert.ok(has('q6', 'orders_disagree') && !has('q6', 'flag_suggested'));
    assert.ok(has('q7', 'judge_unparsed') && has('q7', 'one_order'));
    assert.ok(has('q8', 'near_baseline'));
    assert.ok(!has('q9', 'flag_suggested') && !has('q9', 'flag_confirmed'), 'a rejected flag is no reason');
    const order = ['q5', 'q6', 'q7', 'q8', 'q9'].map((q) => doubt(items.get(q)!));
    assert.deepEqual(order, [...order].sort((a, b) => b - a));
    assert.ok(order[0] > order[1] && order[2] > order[3] && order[3] > order[4]);
    assert.equal(items.get('q5')!.answerId, 5 * 2 + 2);
    assert.equal(items.get('q5')!.reasons[0].code, 'orders_disagree');
  });

  it('one random PPI pick among the unreviewed, stable for a seed, spread evenly over seeds', () => {
    const picks = (seed: number) => buildQueue(snap, { seed }).filter((i) => codes(i).includes('ppi_sample')).map((i) => i.questionKey);
    assert.equal(picks(1).length, 1);
    assert.deepEqual(picks(1), picks(1));
    const counts = new Map<string, number>();
    for (let seed = 0; seed < 300; seed++) for (const q of picks(seed)) counts.set(q, (counts.get(q) ?? 0) + 1);
    assert.deepEqual([...counts.keys()].sort(), ['q5', 'q6', 'q7', 'q8', 'q9']);
    for (const [q, c] of counts) assert.ok(c >= 35 && c <= 85, `${q} picked ${c} times of 300`);
  });

  it('puts random picks first while a model has fewer than 5 reviewed questions', () => {
    const fresh = buildQueue(fixture({ ...spec, reviews: [] }));
    assert.deepEqual(fresh.slice(0, 5).map((i) => i.reasons[0].code), Array(5).fill('ppi_unlock'));
    assert.ok(!codes(fresh[5]).includes('ppi_unlock'));
  });

  it('a model where humans already disagreed with the judge gets the model-gap reason', () => {
    const gap = fixture({ ...spec, reviews: qs.slice(0, 5).flatMap((q): Array<[string, string, string, number]> => [[q.key, 'law', 'ann', 3], [q.key, 'chatglm', 'ann', 4]]) });
    const item = buildQueue(gap).find((i) => i.questionKey === 'q9')!;
    const reason = item.reasons.find((r) => r.code === 'model_gap')!;
    assert.equal(reason.value, 4);
    assert.equal(reason.weight, REASON_WEIGHT.model_gap * 2);
  });
});

describe('buildQueue: modes, reviewer, errors', () => {
  it('order: every answer in question order, reviewed ones marked; unreviewed: only those', () => {
    const all = buildQueue(snap, { mode: 'order' });
    assert.deepEqual(all.map((i) => i.questionKey), qs.map((q) => q.key));
    assert.deepEqual(all.map((i) => i.reviewed), [true, true, true, true, true, false, false, false, false, false]);
    assert.deepEqual(buildQueue(snap, { mode: 'unreviewed' }).map((i) => i.questionKey), ['q5', 'q6', 'q7', 'q8', 'q9']);
  });
  it('flagged and disagreeing filter', () => {
    assert.deepEqual(buildQueue(snap, { mode: 'flagged' }).map((i) => i.questionKey), ['q5']);
    assert.deepEqual(buildQueue(snap, { mode: 'disagreeing' }).map((i) => i.questionKey), ['q5', 'q6']);
    // A reviewed answer where the human prefers the other answer than the judge.
    const flipped = fixture({ ...spec, reviews: [...spec.reviews!.slice(2), ['q0', 'law', 'ann', 3], ['q0', 'chatglm', 'ann', 8]] });
    const d = buildQueue(flipped, { mode: 'disagreeing' });
    assert.deepEqual(d.map((i) => i.questionKey), ['q5', 'q6', 'q0']);
    assert.ok(codes(d[2]).includes('judge_human_disagree'));
  });
  it('a reviewer’s queue: others’ reviews count as not yet reviewed by them, at half priority', () => {
    const bob = buildQueue(snap, { reviewer: 'bob' });
    assert.equal(bob.length, 10);
    const q0 = bob.find((i) => i.questionKey === 'q0')!;
    assert.ok(codes(q0).includes('reviewed_by_others'));
    assert.ok(Math.abs(q0.priority - q0.reasons.reduce((s, r) => s + r.weight, 0) / 2) < 1e-12);
    assert.equal(buildQueue(snap, { reviewer: 'ann' }).length, 5);
  });
  it('model filter; the baseline or an unknown model is an error', () => {
    assert.equal(buildQueue(snap, { model: 'law' }).length, 5);
    assert.throws(() => buildQueue(snap, { model: 'chatglm' }), (e: Error) => e instanceof ReviewInputError && /is the baseline/.test(e.message));
    assert.throws(() => buildQueue(snap, { model: 'nope' }), /No model 'nope'.*law/);
  });
  it('every reason renders as words', () => {
    for (const code of Object.keys(REASON_WEIGHT) as QueueReasonCode[]) {
      const text = queueReasonText({ code, weight: 1, kind: 'leakage', value: 2 }, english);
      assert.ok(text.length > 5 && !text.includes('{'), `${code}: ${text}`);
    }
    assert.equal(queueReasonText({ code: 'flag_suggested', weight: 1, kind: 'leakage' }, english), 'suspected: training-data leak');
  });
});
