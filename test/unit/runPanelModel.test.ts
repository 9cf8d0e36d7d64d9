// The run panel's webview logic without a browser: the view model against a fake host (language
// before the first render, points appended per poll and replaced on a reset, Cancel one at a time
// and only while the run can change, a failed cancel said), the progress line, and the curve's
// series from points parsed out of a real LLaMA-Factory trainer_log.jsonl (nan left out, epoch
// ends marked once each).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { english } from '../../extension/core/l10n';
import { TrainLogReader, type TrainPoint } from '../../extension/core/training/trainerLog';
import { event } from '../../shared/rpc';
import type { Events, InitData, RunUpdate } from '../../shared/runPanel/protocol';
import { curveData } from '../../webview/runPanel/curveData';
import { progressText, RunPanelModel, type Call } from '../../webview/runPanel/runPanelModel';

/** trainer_log.jsonl of 10 steps over 2 epochs, with an eval every 5 steps and one nan loss. */
function trainerLog(): TrainPoint[] {
  const lines = Array.from({ length: 10 }, (_, i) => {
    const step = i + 1;
    const loss = step === 4 ? 'NaN' : String(2 - step * 0.1);
    const evalPart = step % 5 === 0 ? `, "eval_loss": ${1.5 - step * 0.01}` : '';
    return `{"current_steps": ${step}, "total_steps": 10, "loss": ${loss}${evalPart}, "lr": ${1e-4 * (1 - step / 10)}, "epoch": ${(step * 0.2).toFixed(1)}, "percentage": ${step * 10}, "elapsed_time": "0:00:${String(step).padStart(2, '0')}", "remaining_time": "0:00:${String(10 - step).padStart(2, '0')}"}`;
  });
  const reader = new TrainLogReader('trainer-log');
  return reader.feed(new TextEncoder().encode(lines.join('\n') + '\n'), 0);
}

function update(points: TrainPoint[], over: Partial<RunUpdate> = {}): RunUpdate {
  return { state: 'running', stateLabel: 'running', progress: { step: points.at(-1)?.step, totalSteps: 10 }, points, reset: false, ...over };
}

function fakeHost(init: Omit<InitData, 'l10n'> & { l10n?: InitData['l10n'] }, cancel: () => Promise<{ cancelled: boolean }> = async () => ({ cancelled: true })) {
  const calls: string[] = [];
  const call: Call = (async (method: string) => {
    calls.push(method);
    if (method === 'ready') return { l10n: undefined, ...init };
    if (method === 'cancel') return cancel();
    return null;
  }) as Call;
  return { call, calls };
}

const run = { name: 'law_batch128_epoch2_alpaca', host: 'gpu1', summary: 'lora · llamafactory · 2 epochs · global batch 128' };

test('the language is applied before the first render; the first update carries every point so far', async () => {
  const points = trainerLog();
  const { call } = fakeHost({ run, update: update(points.slice(0, 6), { reset: true }), l10n: { running: '运行中' } });
  const order: string[] = [];
  const model = new RunPanelModel(call, (bundle) => order.push(`l10n:${bundle?.running}`));
  model.subscribe(() => order.push(`render:${model.points.length}`));
  await model.ready();
  assert.deepEqual(order, ['l10n:运行中', 'render:6']);
  assert.equal(model.run?.name, run.name);
  assert.equal(model.active, true);
});

test('each poll appends its points; a reset replaces them; the revision moves with each update', async () => {
  const points = trainerLog();
  const { call } = fakeHost({ run, update: undefined });
  const model = new RunPanelModel(call);
  await model.ready();
  assert.equal(model.status, undefined, 'nothing polled yet');
  assert.equal(model.active, false, 'no Cancel before the state is known');
  model.handleEvent(event<Events, 'update'>('update', update(points.slice(0, 3))));
  model.handleEvent(event<Events, 'update'>('update', update(points.slice(3, 7))));
  assert.deepEqual(model.points, points.slice(0, 7));
  assert.equal(model.revision, 2);
  model.handleEvent(event<Events, 'update'>('update', update(points, { reset: true })));
  assert.deepEqual(model.points, points);
  model.handleEvent(event<Events, 'update'>('update', update([], { state: 'cancelled', stateLabel: 'cancelled' })));
  assert.equal(model.points.length, 10, 'an update without points keeps the curve');
  assert.equal(model.active, false);
});

test('Cancel asks the host once at a time, only while the run can change, and says why it failed', async () => {
  let release!: (v: { cancelled: boolean }) => void;
  const { call, calls } = fakeHost({ run, update: update([], { reset: true }) }, () => new Promise((r) => (release = r)));
  const model = new RunPanelModel(call);
  await model.ready();
  const first = model.cancel();
  void model.cancel();
  assert.equal(model.cancelStatus.kind, 'cancelling');
  assert.deepEqual(calls, ['ready', 'cancel'], 'the second click is ignored meanwhile');
  release({ cancelled: true });
  await first;
  assert.equal(model.cancelStatus.kind, 'idle');

  model.handleEvent(event<Events, 'update'>('update', update([], { state: 'finished', stateLabel: 'finished' })));
  await model.cancel();
  assert.deepEqual(calls, ['ready', 'cancel'], 'a finished run is not cancelled');

  const failing = fakeHost({ run, update: update([], { reset: true }) }, async () => {
    throw new Error('Cannot connect to gpu1: the host is unreachable.');
  });
  const m2 = new RunPanelModel(failing.call);
  await m2.ready();
  await m2.cancel();
  assert.deepEqual(m2.cancelStatus, { kind: 'failed', message: 'Cannot connect to gpu1: the host is unreachable.' });
});

test('the progress line: step of total, percentage, ETA while active, epoch and losses', () => {
  const p = { step: 120, totalSteps: 400, fraction: 0.3, etaSeconds: 95, epoch: 0.904, loss: 1.23456, evalLoss: 1.5 };
  assert.equal(progressText(english, p, true), 'Step 120 of 400 · 30 % · ETA 1:35 · epoch 0.9 · loss 1.235 · eval loss 1.5');
  assert.equal(progressText(english, p, false), 'Step 120 of 400 · 30 % · epoch 0.9 · loss 1.235 · eval loss 1.5', 'no ETA once it ended');
  assert.equal(progressText(english, {}, true), '');
});

test('curve: loss without the nan, eval loss where evaluated, learning rate, one mark per epoch end', () => {
  const points = trainerLog();
  assert.equal(points.length, 10, 'the real parser read every line');
  const c = curveData(points);
  assert.deepEqual(c.loss.map((p) => p.x), [1, 2, 3, 5, 6, 7, 8, 9, 10], 'the nan loss of step 4 is left out');
  assert.ok(Math.abs(c.loss[0].y - 1.9) < 1e-9);
  assert.deepEqual(c.evalLoss.map((p) => p.x), [5, 10]);
  assert.equal(c.learningRate.length, 10);
  assert.deepEqual(c.epochMarks, [{ x: 5, epoch: 1 }, { x: 10, epoch: 2 }]);
  // A log without steps (the HF Trainer's stdout dicts) is drawn by index; a jump over an epoch still marks it.
  const coarse = curveData([{ loss: 1, epoch: 0.5 }, { loss: 0.9, epoch: 2.1 }]);
  assert.deepEqual(coarse.loss.map((p) => p.x), [1, 2]);
  assert.deepEqual(coarse.epochMarks, [{ x: 2, epoch: 1 }, { x: 2, epoch: 2 }]);
});
