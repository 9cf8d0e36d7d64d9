// The Evaluation view's texts: what a run name says, the headline figure with its interval, and
// the counts per model.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { english } from '../../extension/core/l10n';
import { buildReport } from '../../extension/core/review/report';
import { parseRunName } from '../../extension/core/training/runName';
import {
  attributesText,
  countsByModel,
  headlineText,
  modelDescription,
  modelTooltip,
  setDescription,
} from '../../extension/features/evaluationTree/evaluationPresentation';
import { fixture } from './reviewFixture';

const questions = Array.from({ length: 8 }, (_, i) => ({ key: `q${i}`, category: i < 6 ? 'legal' : 'general' }));
const spec = {
  questions,
  models: ['chatglm_baseline', 'law_batch128_epoch6_penalty1.2_vicuna'],
  baseline: 'chatglm_baseline',
  judgments: questions.flatMap((q, i) => [
    [q.key, 'law_batch128_epoch6_penalty1.2_vicuna', true, 6 + (i % 3), 7] as [string, string, boolean, number, number],
    [q.key, 'law_batch128_epoch6_penalty1.2_vicuna', false, 7 + (i % 2), 6] as [string, string, boolean, number, number],
  ]),
  reviews: [['q0', 'law_batch128_epoch6_penalty1.2_vicuna', 'lawyer1', 5] as [string, string, string, number]],
};

test('a run name reads as its attributes', () => {
  assert.equal(attributesText(english, parseRunName('law_batch128_epoch6_penalty1.2_vicuna')), 'data law · batch 128 · epoch 6 · penalty 1.2 · vicuna');
  assert.equal(attributesText(english, {}), '');
});

test('a candidate shows its headline figure with the interval; the baseline says so', () => {
  const snapshot = fixture(spec);
  const report = buildReport(snapshot);
  const m = report.models[0];
  const text = headlineText(english, m)!;
  assert.match(text, /^\d+\.\d %( \[\d+\.\d–\d+\.\d\])?$/);
  assert.ok(text.startsWith(`${m.judge_pct!.toFixed(1)} %`), 'the judge figure while no question has both answers reviewed');
  assert.equal(modelDescription(english, parseRunName(m.model), { baseline: false, report: m }), `data law · batch 128 · epoch 6 · penalty 1.2 · vicuna · ${text}`);
  assert.equal(modelDescription(english, parseRunName('chatglm_baseline'), { baseline: true }), 'chatglm · baseline');
  assert.match(modelTooltip(english, m.model, { answers: 8, judged: 8, reviewed: 1 }, { baseline: false, report: m }), /over 8 questions[\s\S]*Position bias: /);
});

test('counts per model: answers, judged (parsed judgments only), reviewed', () => {
  const snapshot = fixture(spec);
  snapshot.judgments[0] = { ...snapshot.judgments[0], parseStatus: 'unparsed' };
  snapshot.judgments[1] = { ...snapshot.judgments[1], parseStatus: 'unparsed' };
  const counts = countsByModel(snapshot);
  assert.deepEqual(counts.get('law_batch128_epoch6_penalty1.2_vicuna'), { answers: 8, judged: 7, reviewed: 1 });
  assert.deepEqual(counts.get('chatglm_baseline'), { answers: 8, judged: 7, reviewed: 0 });
});

test('a set: questions, models and review progress', () => {
  assert.equal(setDescription(english, { name: 's', createdAt: '', questions: 16, models: 3, answers: 48, judged: 32, reviewed: 12 }), '16 questions · 3 models · 32 judged · 12 of 48 reviewed');
});
