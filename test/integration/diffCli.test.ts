// `lexreview diff` in its own process over a real store in a temp dir, filled by the real import
// command with the demo answers: the default epoch pair, Markdown and HTML (an answer holding a
// <script> comes out as text), human scores from the store, Chinese under LANG=zh_CN, and the
// usage errors (exit 2).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ReviewStore } from '../../extension/store/reviewStore';

const root = join(__dirname, '..', '..');
const fixtures = join(root, 'test', 'integration', 'fixtures');

function run(script: string, argv: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(fixtures, script), ...argv], { cwd: root, encoding: 'utf8', env: { ...process.env, LANG: 'en_US.UTF-8', LC_ALL: '', ...env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const E3 = 'law_batch128_epoch3_vicuna';
const E6 = 'law_batch128_epoch6_penalty1.2_vicuna';

describe('lexreview diff', async () => {
  // @ts-expect-error: a plain .mjs script without types
  const { sampleAnswers } = (await import('../../scripts/demo-workspace.mjs')) as { sampleAnswers(): Array<Record<string, string>> };
  const dir = mkdtempSync(join(tmpdir(), 'lexreview-diff-'));
  const db = join(dir, 'review.db');
  const answers = join(dir, 'answers.jsonl');
  const rows = sampleAnswers();
  const hostile = rows.find((r) => r.id === 'q01' && r.model === E6)!;
  hostile.answer += '<script>alert("x")</script>';
  writeFileSync(answers, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const imported = run('reviewCommands.ts', ['import', answers, '--db', db]);
  assert.equal(imported.code, 0, imported.stderr);
  const store = ReviewStore.open(db);
  store.saveReview({ set: 'answers', questionKey: 'q02', model: E3, reviewer: 'ann', score: 8 });
  store.saveReview({ set: 'answers', questionKey: 'q02', model: E6, reviewer: 'ann', score: 5 });
  store.close();

  it('Markdown by default, over the two law runs (they differ in epoch and penalty: the closest pair)', () => {
    const r = run('diffCommand.ts', ['--set', 'answers', '--db', db]);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, new RegExp(`^# Answer comparison: ${E3.replace(/_/g, '\\\\_')} → ${E6.replace(/_/g, '\\\\_')}\n`));
    const table = r.stdout.split('\n').filter((l) => /^\| q\d\d /.test(l));
    assert.equal(table.length, 16);
    // q07 (a repetition loop at epoch 6) is among the most changed; its repetition rises.
    const q07 = table.find((l) => l.startsWith('| q07 '))!;
    assert.ok(table.indexOf(q07) < 4, table.join('\n'));
    const [, from, to] = /\| (\d+) % → (\d+) % \|/.exec(q07)!;
    assert.ok(Number(to) > Number(from) + 30, q07);
    assert.match(table.find((l) => l.startsWith('| q02 '))!, /\| 8\.0 → 5\.0 \(−3\.0\) \|$/);
    assert.match(r.stdout, /\{\+<script>alert\("x"\)<\/script>\+\}/); // inside its code fence: text, not markup
  });

  it('HTML: self-contained and escaped; --a/--b choose the pair; --mode char', () => {
    const r = run('diffCommand.ts', ['--set', 'answers', '--db', db, '--format', 'html']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^<!DOCTYPE html>/);
    assert.ok(!/<script/i.test(r.stdout));
    assert.ok(!/\b(?:src|href)="(?!#)/.test(r.stdout));
    assert.match(r.stdout, /<ins>(?:[^<]*)&lt;script&gt;alert\(&quot;x&quot;\)&lt;\/script&gt;<\/ins>/);
    const chosen = run('diffCommand.ts', ['--set', 'answers', '--db', db, '--format', 'html', '--a', 'chatglm_baseline', '--b', E3, '--mode', 'char']);
    assert.equal(chosen.code, 0, chosen.stderr);
    assert.match(chosen.stdout, /<title>Answer comparison: chatglm_baseline → law_batch128_epoch3_vicuna<\/title>/);
    assert.match(chosen.stdout, /character diff\./);
  });

  it('speaks Chinese under LANG=zh_CN', () => {
    const r = run('diffCommand.ts', ['--set', 'answers', '--db', db], { LANG: 'zh_CN.UTF-8' });
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /^# 回答对比：/);
    assert.match(r.stdout, /\| 问题 \| 改动 \|/);
  });

  it('usage errors exit 2 with a message that says what to do', () => {
    const one = run('diffCommand.ts', ['--set', 'answers', '--db', db, '--a', E3]);
    assert.equal(one.code, 2);
    assert.match(one.stderr, /needs both --a MODEL and --b MODEL, or neither/);
    const unknown = run('diffCommand.ts', ['--set', 'answers', '--db', db, '--a', E3, '--b', 'gpt4']);
    assert.equal(unknown.code, 2);
    assert.match(unknown.stderr, /No model 'gpt4' in set 'answers'; its models: chatglm_baseline, /);
    const format = run('diffCommand.ts', ['--set', 'answers', '--db', db, '--format', 'pdf']);
    assert.equal(format.code, 2);
    assert.match(format.stderr, /--format must be one of md, html, not 'pdf'/);
    assert.equal(run('diffCommand.ts', ['--db', db]).code, 2);
  });

  it('a set without an epoch pair asks for --a/--b', () => {
    const only = join(dir, 'baseline_only.jsonl');
    writeFileSync(only, rows.filter((r) => r.model !== E6).map((r) => JSON.stringify(r)).join('\n') + '\n');
    assert.equal(run('reviewCommands.ts', ['import', only, '--db', db]).code, 0);
    const r = run('diffCommand.ts', ['--set', 'baseline_only', '--db', db]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /No two models of set 'baseline_only' differ in epoch; choose them with --a MODEL --b MODEL/);
  });
});
