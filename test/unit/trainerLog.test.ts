// Training logs as the trainers write them (LLaMA-Factory's LogCallback json.dumps lines, the HF
// Trainer's stdout dicts among tqdm redraws, trainer_state.json), read incrementally from byte
// offsets, including chunks that split a line, a CRLF pair or a UTF-8 sequence, and a real file
// that grows while `tail -c +N` polls it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { appendFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readFromCommand } from '../../extension/core/training/runFolder';
import {
  LogCursor,
  parseDuration,
  parseStdoutLine,
  parseTrainerLogLine,
  parseTrainerState,
  trainProgress,
  TrainLogReader,
  type TrainPoint,
} from '../../extension/core/training/trainerLog';

const enc = new TextEncoder();

const JSONL = [
  '{"current_steps": 10, "total_steps": 1218, "loss": 1.8923, "lr": 9.99e-05, "epoch": 0.02, "percentage": 0.82, "elapsed_time": "0:01:02", "remaining_time": "2:04:50"}',
  '{"current_steps": 20, "total_steps": 1218, "loss": NaN, "lr": 9.98e-05, "epoch": 0.05, "percentage": 1.64, "elapsed_time": "0:02:04", "remaining_time": "2:03:48"}',
  '{"current_steps": 406, "total_steps": 1218, "eval_loss": 1.5213, "epoch": 1.0, "percentage": 33.33, "elapsed_time": "0:42:00", "remaining_time": "1 day, 1:24:00"}',
  '{"current_steps": 410, "total_steps": 1218, "loss": 1.4012, "learning_rate": 6.7e-05, "epoch": 1.01, "percentage": 33.66, "elapsed_time": "0:42:25", "remaining_time": "1:23:35", "throughput": 1234.5, "total_tokens": 99999}',
  '{"current_steps": 1218, "total_steps": 1218, "epoch": 3.0, "percentage": 100.0, "elapsed_time": "2:06:00", "remaining_time": "0:00:00"}',
].join('\n') + '\n';

const BAR = (step: number, total = 1218) => `\r  ${Math.floor((step / total) * 100)}%|█         | ${step}/${total} [00:58<1:57:09,  5.82s/it]`;
const STDOUT =
  'Running tokenizer on dataset: 100%|██████████| 52000/52000 [00:30<00:00, 1700.00 examples/s]\n' +
  '[INFO|trainer.py:2128] >> ***** Running training *****\n' +
  `${BAR(0)}${BAR(1)}${BAR(9)}${BAR(10)}\r                                        \r{'loss': 1.8923, 'grad_norm': 0.8123, 'learning_rate': 2e-05, 'epoch': 0.02}\n` +
  `${BAR(10)}${BAR(20)}\r{'loss': nan, 'grad_norm': inf, 'learning_rate': 1.99e-05, 'epoch': 0.05}\n` +
  // An evaluation loop's bar (a smaller total) is not the training's progress.
  `\r 50%|█████     | 5/10 [00:01<00:01,  3.20it/s]\r{'eval_loss': 1.5213, 'eval_runtime': 12.3, 'eval_samples_per_second': 40.1, 'epoch': 1.0}\n` +
  `${BAR(30)}\r{'train_runtime': 7000.1, 'train_samples_per_second': 22.3, 'train_loss': 1.23, 'epoch': 3.0}\n` +
  '训练完成 ✓\n';

test('parseDuration reads timedelta and tqdm times', () => {
  assert.equal(parseDuration('0:10:04'), 604);
  assert.equal(parseDuration('1 day, 4:06:56'), 86400 + 4 * 3600 + 6 * 60 + 56);
  assert.equal(parseDuration('2 days, 0:00:01'), 2 * 86400 + 1);
  assert.equal(parseDuration('01:50'), 110);
  assert.equal(parseDuration('1:57:09'), 7029);
  assert.equal(parseDuration('?'), undefined);
  assert.equal(parseDuration(''), undefined);
});

test('trainer_log.jsonl lines: loss, lr or learning_rate, eval_loss, bare NaN, steps and times', () => {
  const [a, b, c, d, e] = JSONL.trim().split('\n').map(parseTrainerLogLine);
  assert.deepEqual(a, { point: { step: 10, epoch: 0.02, loss: 1.8923, learningRate: 9.99e-5 }, totals: { step: 10, totalSteps: 1218, elapsedSeconds: 62, remainingSeconds: 7490 } });
  assert.ok(Number.isNaN(b?.point?.loss), 'a diverged loss is NaN, not a lost line');
  assert.equal(b?.point?.learningRate, 9.98e-5);
  assert.deepEqual(c?.point, { step: 406, epoch: 1, evalLoss: 1.5213 });
  assert.equal(c?.totals?.remainingSeconds, 86400 + 3600 + 24 * 60);
  assert.equal(d?.point?.learningRate, 6.7e-5);
  assert.equal(e?.point, undefined, 'the end-of-training record has no loss');
  assert.deepEqual(e?.totals, { step: 1218, totalSteps: 1218, elapsedSeconds: 7560, remainingSeconds: 0 });
  assert.equal(parseTrainerLogLine('not json'), undefined);
  assert.equal(parseTrainerLogLine('{"current_steps": 1, "loss": '), undefined);
});

test('HF stdout lines: Python dicts with nan/inf, tqdm bars with and without a description', () => {
  assert.deepEqual(parseStdoutLine("{'loss': 1.2345, 'grad_norm': 0.5, 'learning_rate': 2e-05, 'epoch': 0.5}"), {
    point: { epoch: 0.5, loss: 1.2345, learningRate: 2e-5, gradNorm: 0.5 },
  });
  const nan = parseStdoutLine("noise {'loss': nan, 'grad_norm': inf, 'learning_rate': 0.0, 'epoch': 1.0} more");
  assert.ok(Number.isNaN(nan?.point?.loss));
  assert.equal(nan?.point?.gradNorm, Infinity);
  assert.deepEqual(parseStdoutLine('  1%|          | 10/1218 [00:58<1:57:09,  5.82s/it]'), { totals: { step: 10, totalSteps: 1218, elapsedSeconds: 58, remainingSeconds: 7029 } });
  assert.equal(parseStdoutLine('Running tokenizer on dataset: 100%|██████████| 52000/52000 [00:30<00:00, 1700.00 examples/s]'), undefined);
  assert.equal(parseStdoutLine("{'train_runtime': 7000.1, 'train_loss': 1.23, 'epoch': 3.0}"), undefined);
  assert.equal(parseStdoutLine("{'model': 'llama', 'path': '/x'}"), undefined);
  assert.equal(parseStdoutLine("  [INFO] >> {'loss': 0.5, 'epoch': 1.0}")?.point?.loss, 0.5);
  assert.equal(parseStdoutLine("12 {'loss': 0.25}")?.point?.loss, 0.25);
});

test('the stdout reader gives dict points the step of the last training bar, and ignores the eval bar', () => {
  const r = new TrainLogReader('stdout');
  const points = r.feed(enc.encode(STDOUT), 1000);
  assert.equal(points.length, 3);
  assert.deepEqual(points[0], { step: 10, epoch: 0.02, loss: 1.8923, learningRate: 2e-5, gradNorm: 0.8123 });
  assert.equal(points[1].step, 20);
  assert.ok(Number.isNaN(points[1].loss));
  assert.deepEqual(points[2], { step: 20, epoch: 1, evalLoss: 1.5213 });
  assert.deepEqual(r.totals, { step: 30, totalSteps: 1218, elapsedSeconds: 58, remainingSeconds: 7029, observedAt: 1000 });
});

test('the stdout reader gives the same points and totals whatever the chunks, and keeps only the last redraws of a line', () => {
  const bytes = enc.encode(STDOUT);
  const whole = new TrainLogReader('stdout');
  const expected = whole.feed(bytes);
  for (const size of [1, 5, 13, 100, 1000]) {
    const r = new TrainLogReader('stdout');
    const points: TrainPoint[] = [];
    for (let i = 0; i < bytes.length; i += size) points.push(...r.feed(bytes.subarray(i, i + size)));
    points.push(...r.flush());
    assert.deepEqual(points, expected, `chunks of ${size}`);
    assert.deepEqual(r.totals, whole.totals, `chunks of ${size}`);
  }
  assert.deepEqual(new LogCursor(0, 2).feed(enc.encode('\ra\rb\rc\r   \rd\n\re\r\nf\n')), ['c', 'd', 'e', 'f']);
});

test('LogCursor: any split of the bytes gives the same lines; offsets resume a poll and a restart', () => {
  const bytes = enc.encode(STDOUT + JSONL);
  const whole = new LogCursor().feed(bytes);
  for (const size of [1, 2, 3, 7, 64, 4096]) {
    const c = new LogCursor();
    const lines: string[] = [];
    for (let i = 0; i < bytes.length; i += size) lines.push(...c.feed(bytes.subarray(i, i + size)));
    assert.deepEqual(lines, whole, `chunks of ${size}`);
    assert.equal(c.nextOffset, bytes.length);
    assert.equal(c.lineOffset, bytes.length);
  }
  assert.ok(whole.includes('训练完成 ✓'), 'a UTF-8 sequence split between chunks is whole');
  // A partial line waits; lineOffset is where a fresh cursor starts again.
  const c = new LogCursor(100);
  assert.deepEqual(c.feed(enc.encode('one\ntw')), ['one']);
  assert.equal(c.nextOffset, 106);
  assert.equal(c.lineOffset, 104);
  assert.deepEqual(c.feed(enc.encode('o\r')), ['two']);
  assert.deepEqual(c.feed(enc.encode('\nthree')), []);
  assert.deepEqual(c.flush(), ['three']);
  // Half of a Chinese character at a chunk's end.
  const zh = enc.encode('损失\n');
  const d = new LogCursor();
  assert.deepEqual(d.feed(zh.subarray(0, 4)), []);
  assert.deepEqual(d.feed(zh.subarray(4)), ['损失']);
});

test('polling a growing trainer_log.jsonl with tail -c +N reads every line once', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lexreview-poll-'));
  try {
    const file = join(dir, "trainer log's.jsonl");
    writeFileSync(file, '');
    const reader = new TrainLogReader('trainer-log');
    const points: TrainPoint[] = [];
    let transferred = 0;
    const poll = () => {
      const chunk = execFileSync('sh', ['-c', readFromCommand(file, reader.cursor.nextOffset)]);
      transferred += chunk.length;
      points.push(...reader.feed(chunk));
    };
    const text = JSONL;
    // The trainer writes in pieces that cut lines anywhere; LexReview polls in between.
    for (let i = 0; i < text.length; i += 37) {
      appendFileSync(file, text.slice(i, i + 37));
      poll();
    }
    poll();
    assert.equal(transferred, Buffer.byteLength(text), 'each byte is transferred once');
    assert.deepEqual(points.map((p) => p.step), [10, 20, 406, 410]);
    assert.equal(reader.totals.step, 1218);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('trainer_state.json: log history with NaN, global_step and max_steps', () => {
  const state = `{
  "best_metric": null,
  "epoch": 1.0,
  "global_step": 406,
  "log_history": [
    { "epoch": 0.02, "grad_norm": 0.81, "learning_rate": 9.99e-05, "loss": 1.8923, "step": 10 },
    { "epoch": 0.05, "grad_norm": NaN, "learning_rate": 9.98e-05, "loss": NaN, "step": 20 },
    { "epoch": 1.0, "eval_loss": 1.5213, "eval_runtime": 12.3, "step": 406 }
  ],
  "max_steps": 1218,
  "num_train_epochs": 3
}`;
  const s = parseTrainerState(state);
  assert.ok(s);
  assert.deepEqual(s.totals, { step: 406, totalSteps: 1218 });
  assert.equal(s.points.length, 3);
  assert.deepEqual(s.points[0], { step: 10, epoch: 0.02, loss: 1.8923, learningRate: 9.99e-5, gradNorm: 0.81 });
  assert.ok(Number.isNaN(s.points[1].loss));
  assert.deepEqual(s.points[2], { step: 406, epoch: 1, evalLoss: 1.5213 });
  assert.equal(parseTrainerState('{"log_history": 3}'), undefined);
  assert.equal(parseTrainerState('{'), undefined);
});

test('trainProgress: fraction, last finite losses, and an ETA that counts down from when it was read', () => {
  const points: TrainPoint[] = [
    { step: 10, epoch: 0.02, loss: 1.9 },
    { step: 406, epoch: 1, evalLoss: 1.52 },
    { step: 410, epoch: 1.01, loss: NaN },
  ];
  const p = trainProgress(points, { step: 410, totalSteps: 1218, remainingSeconds: 600, observedAt: 10_000 }, 70_000);
  assert.deepEqual(p, { step: 410, totalSteps: 1218, fraction: 410 / 1218, etaSeconds: 540, epoch: 1.01, loss: 1.9, evalLoss: 1.52 });
  assert.equal(trainProgress(points, { step: 100, totalSteps: 300, elapsedSeconds: 50 }).etaSeconds, 100);
  assert.equal(trainProgress(points, { step: 10, remainingSeconds: 5, observedAt: 0 }, 60_000).etaSeconds, 0);
  assert.deepEqual(trainProgress([], {}), {});
  assert.equal(trainProgress(points, {}).step, 410);
});
