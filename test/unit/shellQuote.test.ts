import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { shellCommand, shellQuote } from '../../extension/core/training/shellQuote';

const hostile = ["plain", "a b", "it's", "$(touch /tmp/pwned)", "`id`", "a;rm -rf /", "x\ny", "'", "''", "\\", "*", "~", "-n", "", "问题 $HOME"];

test('every hostile word reaches a real sh as exactly that word', () => {
  for (const word of hostile) {
    const out = execFileSync('sh', ['-c', `printf '%s' ${shellQuote(word)}`]);
    assert.equal(out.toString(), word, `word ${JSON.stringify(word)}`);
  }
});

test('shellCommand keeps the argument vector: bash sees the same argv', () => {
  const out = execFileSync('bash', ['-c', `${shellCommand(['printf', '%s\\0', ...hostile])}`]);
  assert.deepEqual(out.toString().split('\0').slice(0, -1), hostile);
});

test('words that need no quoting stay readable', () => {
  assert.equal(shellQuote('/data/law_batch128_epoch6_vicuna.json'), '/data/law_batch128_epoch6_vicuna.json');
  assert.equal(shellQuote('--lora_rank=256'), '--lora_rank=256');
  assert.throws(() => shellCommand([]));
});
