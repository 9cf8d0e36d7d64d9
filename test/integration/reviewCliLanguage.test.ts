// The review commands in the user's language: the real `lexreview` (the bundled bin) run under
// LANG=zh_CN.UTF-8 says its problems and summaries in Chinese from the extension's catalogue,
// with the `FILE:LINE:COLUMN: ` locations and option names as they are; under LANG=C.UTF-8 it
// says the same in English.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'lexreview-lang-'));
const db = join(dir, 'review.db');

/** The CLI under the locale given, with no key in the environment. */
function cliIn(lang: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: lang, OPENAI_API_KEY: '' };
  const r = spawnSync(process.execPath, [join(root, 'bin', 'lexreview.js'), ...args], { cwd: dir, encoding: 'utf8', env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const escape = (s: string) => s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

before(() => {
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root });
});

describe('review commands under LANG', () => {
  // Line 2's answer is a list; line 3 is fine: the file fails as a whole, located.
  const bad = join(dir, 'bad.jsonl');
  writeFileSync(
    bad,
    [
      { id: 'q1', question: '合同何时成立？', model: 'a', answer: '承诺生效时。' },
      { id: 'q2', question: '什么是不可抗力？', model: 'a', answer: ['不能预见', '不能避免'] },
      { id: 'q3', question: '诉讼时效多长？', model: 'a', answer: '三年。' },
    ]
      .map((r) => JSON.stringify(r))
      .join('\n') + '\n',
  );
  const badCsv = join(dir, 'bad.csv');
  writeFileSync(badCsv, 'question,model_a\n"ok",fine\n"broken,x\n');
  const good = join(dir, 'good.csv');
  writeFileSync(good, 'id,question,base,cand\nq1,合同何时成立？,承诺生效时。,承诺到达要约人时。\n');

  it('zh_CN: import problems in Chinese, at their FILE:LINE:COLUMN with the ASCII ": " after it', () => {
    const r = cliIn('zh_CN.UTF-8', 'import', bad, '--db', db);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`^${escape(bad)}:2:1: 第 \\d+ 条记录：列“answer”：应为文本，实际为列表$`, 'm'));
    assert.match(r.stderr, /^1 个问题；没有导入任何内容$/m);
    const csv = cliIn('zh_CN.UTF-8', 'import', badCsv, '--db', db);
    assert.equal(csv.code, 1, csv.stderr);
    assert.match(csv.stderr, new RegExp(`^${escape(badCsv)}:3:1: 不是有效的 CSV：`, 'm'));
  });

  it('zh_CN: a summary, a refused database file and judge without a key, in Chinese', () => {
    const ok = cliIn('zh_CN.UTF-8', 'import', good, '--set', 'demo', '--db', db);
    assert.equal(ok.code, 0, ok.stderr);
    assert.equal(ok.stdout.trim(), 'demo: 读取了 2 条回答（wide 格式）：新增 1 个问题，新增 2 条回答，0 个新版本，0 条未变；新模型：base, cand');

    const notDb = join(dir, 'notes.txt');
    writeFileSync(notDb, 'not a database\n');
    const refused = cliIn('zh_CN.UTF-8', 'import', good, '--db', notDb);
    assert.equal(refused.code, 1);
    assert.equal(refused.stderr.trim(), `lexreview: ${notDb}: 不是 SQLite 数据库（文件开头不是“SQLite format 3”）；请让 --db 指向其他文件，或把这个文件移走`);

    const judge = cliIn('zh_CN.UTF-8', 'judge', '--set', 'demo', '--baseline', 'base', '--db', db);
    assert.equal(judge.code, 2);
    assert.match(judge.stderr, /^lexreview: judge 需要 API 密钥，请在环境变量 OPENAI_API_KEY 中提供$/m);
    assert.match(judge.stderr, /用法/, 'the usage that follows is Chinese too');

    const report = cliIn('zh_CN.UTF-8', 'report', '--set', 'demo', '--baseline', 'nobody', '--db', db);
    assert.equal(report.code, 2);
    assert.match(report.stderr, /^lexreview: 评测集“demo”中没有模型“nobody”；现有模型：base, cand$/m);
  });

  it('C.UTF-8: the same in English', () => {
    const r = cliIn('C.UTF-8', 'import', bad, '--db', db);
    assert.equal(r.code, 1, r.stderr);
    assert.match(r.stderr, new RegExp(`^${escape(bad)}:2:1: record \\d+: column "answer": expected text, found a list$`, 'm'));
    assert.match(r.stderr, /^1 problem\(s\); nothing was imported$/m);
    assert.doesNotMatch(r.stderr + r.stdout, /[\u4e00-\u9fff]/, 'no Chinese in English messages about a file without Chinese names');

    const again = cliIn('C.UTF-8', 'import', good, '--set', 'demo', '--db', db);
    assert.equal(again.stdout.trim(), 'demo: 2 answer(s) read (wide layout): 0 question(s) added, 0 answer(s) added, 0 new version(s), 2 unchanged');

    const judge = cliIn('C.UTF-8', 'judge', '--set', 'demo', '--baseline', 'base', '--db', db);
    assert.equal(judge.code, 2);
    assert.match(judge.stderr, /^lexreview: judge needs an API key in the environment variable OPENAI_API_KEY$/m);

    const report = cliIn('C.UTF-8', 'report', '--set', 'demo', '--baseline', 'nobody', '--db', db);
    assert.equal(report.code, 2);
    assert.match(report.stderr, /^lexreview: No model 'nobody' in set 'demo'; its models: base, cand$/m);
  });
});
