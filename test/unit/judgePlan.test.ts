// The judge's plan: both orders of every candidate on every question both answered, the missing
// ones listed, cache keys that separate everything a reply depends on; and the price table.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { costOf, priceOf } from '../../extension/core/review/judgeCost';
import { judgeCacheKey, type JudgeKeyParts } from '../../extension/core/review/judgeCacheKey';
import { JudgePlanError, planJudgments } from '../../extension/core/review/judgePlan';
import type { ReviewSnapshot } from '../../extension/core/review/types';

function snapshot(answered: Record<string, string[]>): ReviewSnapshot {
  const models = ['chatglm', 'lora', 'full'];
  let id = 0;
  return {
    set: 's',
    questions: Object.keys(answered).map((key, ordinal) => ({ key, text: `问题${key}`, category: 'legal', ordinal })),
    models: models.map((name) => ({ name, attributes: {} })),
    answers: Object.entries(answered).flatMap(([q, ms]) => ms.map((model) => ({ answerId: ++id, questionKey: q, model, text: `${model}答${q}`, version: 1 }))),
    judgments: [],
    reviews: [],
    flags: [],
  };
}
const options = { baseline: 'chatglm', endpoint: 'http://x/v1', judgeModel: 'gpt-3.5-turbo', prompt: { version: 'vicuna-zh-1' } };

describe('planJudgments', () => {
  it('every question × every candidate × both orders, the baseline first then second', () => {
    const { tasks, missing } = planJudgments(snapshot({ a: ['chatglm', 'lora', 'full'], b: ['chatglm', 'lora', 'full'] }), options);
    assert.deepEqual(missing, []);
    assert.deepEqual(
      tasks.map((t) => `${t.questionKey} ${t.model} ${t.baselineFirst ? 1 : 2} ${t.answer1}|${t.answer2}`),
      ['a lora 1 chatglm答a|lora答a', 'a lora 2 lora答a|chatglm答a', 'a full 1 chatglm答a|full答a', 'a full 2 full答a|chatglm答a', 'b lora 1 chatglm答b|lora答b', 'b lora 2 lora答b|chatglm答b', 'b full 1 chatglm答b|full答b', 'b full 2 full答b|chatglm答b'],
    );
    assert.equal(new Set(tasks.map((t) => t.cacheKey)).size, tasks.length);
    assert.ok(tasks.every((t) => /^[0-9a-f]{64}$/.test(t.cacheKey)));
  });
  it('lists the pairs it cannot judge, and whose answer is missing', () => {
    const { tasks, missing } = planJudgments(snapshot({ a: ['chatglm', 'lora'], b: ['lora', 'full'], c: [] }), options);
    assert.deepEqual(missing, [
      { questionKey: 'a', model: 'full', missing: 'candidate' },
      { questionKey: 'b', model: 'lora', missing: 'baseline' },
      { questionKey: 'b', model: 'full', missing: 'baseline' },
      { questionKey: 'c', model: 'lora', missing: 'both' },
      { questionKey: 'c', model: 'full', missing: 'both' },
    ]);
    assert.equal(tasks.length, 2);
  });
  it('only the named candidates; unknown names and the baseline as a candidate are errors that list the models', () => {
    const snap = snapshot({ a: ['chatglm', 'lora', 'full'] });
    assert.deepEqual([...new Set(planJudgments(snap, { ...options, models: ['full'] }).tasks.map((t) => t.model))], ['full']);
    assert.throws(() => planJudgments(snap, { ...options, baseline: 'glm' }), (e: Error) => e instanceof JudgePlanError && e.message === "set 's' has no model 'glm'; it has chatglm, lora, full");
    assert.throws(() => planJudgments(snap, { ...options, models: ['lora', 'qlora'] }), /no model 'qlora'/);
    assert.throws(() => planJudgments(snap, { ...options, models: ['chatglm'] }), /is the baseline/);
  });
  it('the same snapshot plans the same keys; another prompt version, judge or endpoint plans others', () => {
    const snap = snapshot({ a: ['chatglm', 'lora'] });
    const keys = (o: typeof options) => planJudgments(snap, o).tasks.map((t) => t.cacheKey);
    assert.deepEqual(keys(options), keys({ ...options }));
    for (const other of [{ ...options, prompt: { version: 'custom-1' } }, { ...options, judgeModel: 'gpt-4o' }, { ...options, endpoint: 'http://y/v1' }]) {
      assert.equal(keys(other).filter((k) => keys(options).includes(k)).length, 0);
    }
  });
});

describe('judgeCacheKey', () => {
  const base: JudgeKeyParts = { endpoint: 'e', judgeModel: 'm', promptVersion: 'p', questionKey: 'q', question: '问', candidate: 'lora', baseline: 'glm', answer1: '甲', answer2: '乙', baselineFirst: true };
  it('changes with every part', () => {
    const k = judgeCacheKey(base);
    for (const [part, value] of Object.entries({ endpoint: 'e2', judgeModel: 'm2', promptVersion: 'p2', questionKey: 'q2', question: '问2', candidate: 'full', baseline: 'glm2', answer1: '甲2', answer2: '乙2', baselineFirst: false })) {
      assert.notEqual(judgeCacheKey({ ...base, [part]: value }), k, part);
    }
    assert.equal(judgeCacheKey({ ...base }), k);
  });
  it('parts never run into each other', () => {
    assert.notEqual(judgeCacheKey({ ...base, answer1: 'ab', answer2: 'c' }), judgeCacheKey({ ...base, answer1: 'a', answer2: 'bc' }));
  });
});

describe('judge cost', () => {
  it('known models, dated snapshots, overrides; an unknown model has no price, not 0', () => {
    assert.deepEqual(priceOf('gpt-3.5-turbo'), { input: 0.5, output: 1.5 });
    assert.deepEqual(priceOf('gpt-3.5-turbo-0125'), priceOf('gpt-3.5-turbo'));
    assert.deepEqual(priceOf('gpt-4o-2024-08-06'), priceOf('gpt-4o'));
    assert.notDeepEqual(priceOf('gpt-4o'), priceOf('gpt-4'));
    assert.equal(priceOf('qwen-max'), undefined);
    assert.deepEqual(priceOf('qwen-max', { 'qwen-max': { input: 1, output: 2 } }), { input: 1, output: 2 });
    assert.deepEqual(priceOf('gpt-3.5-turbo', { 'gpt-3.5-turbo': { input: 9, output: 9 } }), { input: 9, output: 9 });
    assert.equal(costOf(undefined, 100, 100), undefined);
    assert.equal(costOf({ input: 2, output: 4 }, 1_000_000, 500_000, 0.5), 2);
  });
});
