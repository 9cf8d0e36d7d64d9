// A poll in one round trip, run for real under sh: status plus exactly the new bytes of each log,
// in slices of maxBytes, resumed from the cursor's offset; an idle run sends no log bytes.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { appendFileSync, existsSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parsePoll, pollCommand } from '../../extension/core/training/runPoll';
import { runPath } from '../../extension/core/training/runFolder';
import { TrainLogReader } from '../../extension/core/training/trainerLog';

const root = join(mkdtempSync(join(tmpdir(), 'lexreview-poll-')), "runs $(touch X) 'q'");
const name = 'law_batch128_epoch3_vicuna';
const dir = runPath(root, name);
mkdirSync(join(dir, 'output'), { recursive: true });
after(() => rmSync(join(root, '..'), { recursive: true, force: true }));

function poll(offsets: Record<string, number>, maxBytes?: number) {
  const r = spawnSync('sh', ['-c', pollCommand(root, name, offsets, maxBytes)]);
  assert.equal(r.status, 0, r.stderr.toString());
  return { result: parsePoll(r.stdout, name), wire: r.stdout.length };
}

test('a poll brings the status and only the bytes after each offset; an idle poll brings none', () => {
  writeFileSync(join(dir, 'pid'), '999999\n');
  writeFileSync(join(dir, 'train.log'), 'loading\n');
  const jsonl = '{"current_steps": 1, "total_steps": 4, "loss": 2.0, "epoch": 0.25}\n{"current_steps": 2, "total_steps": 4, "loss": 1.5, "epoch": 0.5}\n';
  writeFileSync(join(dir, 'output', 'trainer_log.jsonl'), jsonl);
  const reader = new TrainLogReader('trainer-log');
  const first = poll({ 'output/trainer_log.jsonl': 0, 'train.log': 0 }).result;
  assert.equal(first.status.pid, 999999);
  assert.equal(first.status.alive, false);
  assert.equal(first.status.sizes['train.log'], 8);
  assert.equal(new TextDecoder().decode(first.chunks['train.log'].bytes), 'loading\n');
  assert.deepEqual(reader.feed(first.chunks['output/trainer_log.jsonl'].bytes).map((p) => p.loss), [2, 1.5]);

  const idle = poll({ 'output/trainer_log.jsonl': reader.cursor.nextOffset, 'train.log': 8 });
  assert.deepEqual(idle.result.chunks, {});
  const more = '{"current_steps": 3, "total_steps": 4, "loss": 1.2, "epoch": 0.75}\n';
  appendFileSync(join(dir, 'output', 'trainer_log.jsonl'), more);
  const next = poll({ 'output/trainer_log.jsonl': reader.cursor.nextOffset, 'train.log': 8 });
  assert.equal(next.result.chunks['output/trainer_log.jsonl'].offset, Buffer.byteLength(jsonl));
  assert.equal(next.result.chunks['output/trainer_log.jsonl'].bytes.length, Buffer.byteLength(more));
  assert.deepEqual(reader.feed(next.result.chunks['output/trainer_log.jsonl'].bytes).map((p) => p.step), [3]);
});

test('slices of maxBytes cut lines and UTF-8 anywhere; the cursor puts them back together', () => {
  const text = Array.from({ length: 50 }, (_, i) => `{'loss': ${(2 - i / 50).toFixed(4)}, 'learning_rate': 2e-05, 'epoch': ${(i / 50).toFixed(2)}} 损失下降\n`).join('');
  writeFileSync(join(dir, 'train.log'), text);
  const reader = new TrainLogReader('stdout');
  let points = 0;
  let polls = 0;
  for (;;) {
    const { result } = poll({ 'train.log': reader.cursor.nextOffset }, 97);
    const chunk = result.chunks['train.log'];
    if (!chunk) break;
    assert.ok(chunk.bytes.length <= 97);
    assert.equal(chunk.offset, reader.cursor.nextOffset);
    points += reader.feed(chunk.bytes).length;
    polls++;
  }
  assert.equal(points, 50);
  assert.equal(polls, Math.ceil(Buffer.byteLength(text) / 97));
});

test('a log rewritten shorter than the offset is sent again from 0; a block cut short is dropped', () => {
  writeFileSync(join(dir, 'train.log'), 'new\n');
  const { result } = poll({ 'train.log': 5000 });
  assert.equal(result.chunks['train.log'].offset, 0);
  const r = spawnSync('sh', ['-c', pollCommand(root, name, { 'train.log': 0 })]);
  const cut = parsePoll(r.stdout.subarray(0, r.stdout.length - 1), name);
  assert.deepEqual(cut.chunks, {});
  assert.equal(cut.status.exists, true);
  assert.throws(() => pollCommand(root, name, { 'train.log': -1 }));
  // ROOT holds a $(touch X): it stayed a path.
  assert.ok(!existsSync(join(root, '..', 'X')) && !existsSync('X') && !existsSync(join(dir, 'X')));
});
