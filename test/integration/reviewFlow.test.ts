// The headless review loop end to end, as a user runs it: the real `lexreview` (the bundled bin)
// imports the demo answers into a real SQLite file, judges them through the real `openai` client
// against a local OpenAI-compatible server, takes human reviews made elsewhere, and reports.
// The figures are checked against the fake judge's own scoring rule, computed here independently.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startFakeOpenAI, type ChatRequest, type FakeOpenAI } from './fakeOpenAI';
// @ts-expect-error: a plain .mjs script without types
import { MODELS, sampleAnswers } from '../../scripts/demo-workspace.mjs';

const root = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'lexreview-flow-'));
const db = join(dir, 'review.db');
const KEY = 'sk-flow-SECRET-7d1e0c9a';
const [BASELINE, EPOCH3, EPOCH6] = MODELS as string[];

type Row = { id: string; question: string; category: string; model: string; answer: string };
const rows = sampleAnswers() as Row[];

/** The fake judge's rule: longer, finished answers score higher; Assistant 1 gets one point more (a position bias). */
const merit = (answer: string) => Math.min(9, 3 + Math.floor(answer.length / 25)) - (/[。！？]$/.test(answer) ? 0 : 2);
const shown = (answer: string, first: boolean) => Math.max(1, Math.min(10, merit(answer) + (first ? 1 : 0)));

function shownAnswers(request: ChatRequest): [string, string] {
  const user = request.messages.find((m) => m.role === 'user')!.content;
  const one = /\[助手1的回答开始\]\n([\s\S]*?)\n\[助手1的回答结束\]/.exec(user)![1];
  const two = /\[助手2的回答开始\]\n([\s\S]*?)\n\[助手2的回答结束\]/.exec(user)![1];
  return [one, two];
}

let server: FakeOpenAI;

/** Runs the CLI as a child process (async: the fake judge answers from this process). */
function cli(args: string[], env: Record<string, string> = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [join(root, 'bin', 'lexreview.js'), ...args, '--db', db], {
      cwd: dir,
      env: { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: 'C.UTF-8', OPENAI_API_KEY: '', ...env },
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

before(async () => {
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root });
  writeFileSync(join(dir, 'answers.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  server = await startFakeOpenAI({
    apiKey: KEY,
    respond: (request) => {
      const [a, b] = shownAnswers(request);
      return `${shown(a, true)} ${shown(b, false)}\n助手1的回答更完整。`;
    },
  });
});
after(() => server.close());

/** Σ candidate / Σ baseline × 100 over the questions, each score the mean of its two orders (the method of the issue). */
function expectedPct(model: string, order?: 'baseline-first' | 'baseline-second'): number {
  let cand = 0;
  let base = 0;
  for (const r of rows.filter((x) => x.model === model)) {
    const b = rows.find((x) => x.model === BASELINE && x.id === r.id)!.answer;
    // Baseline first: it is Assistant 1 and the candidate Assistant 2; baseline second: the reverse.
    const first = { cand: shown(r.answer, false), base: shown(b, true) };
    const second = { cand: shown(r.answer, true), base: shown(b, false) };
    const counted = order === 'baseline-first' ? [first] : order === 'baseline-second' ? [second] : [first, second];
    cand += counted.reduce((s, o) => s + o.cand, 0) / counted.length;
    base += counted.reduce((s, o) => s + o.base, 0) / counted.length;
  }
  return (cand / base) * 100;
}

describe('lexreview import → judge → reviews → report', () => {
  it('imports the demo answers', async () => {
    const r = await cli(['import', join(dir, 'answers.jsonl'), '--set', 'demo']);
    assert.equal(r.code, 0, r.stderr);
    assert.match(r.stdout, /16 question\(s\) added, 48 answer\(s\) added/);
  });

  it('judge without a key is a usage error that names the variable', async () => {
    const r = await cli(['judge', '--set', 'demo', '--baseline', BASELINE, '--base-url', server.url]);
    assert.equal(r.code, 2);
    assert.match(r.stderr, /OPENAI_API_KEY/);
    assert.equal(server.chatRequests().length, 0);
  });

  it('judges both candidates in both orders; a re-run makes no request', async () => {
    const r = await cli(['judge', '--set', 'demo', '--baseline', BASELINE, '--base-url', server.url, '--concurrency', '4'], { OPENAI_API_KEY: KEY });
    assert.equal(r.code, 0, r.stderr);
    assert.equal(server.chatRequests().length, 2 * 16 * 2);
    const again = await cli(['judge', '--set', 'demo', '--baseline', BASELINE, '--base-url', server.url], { OPENAI_API_KEY: KEY });
    assert.equal(again.code, 0, again.stderr);
    assert.equal(server.chatRequests().length, 64, 'the re-run is answered from the store');
    for (const out of [r.stdout, r.stderr, again.stdout, again.stderr]) assert.ok(!out.includes(KEY), 'the key is never printed');
  });

  it('reports the both-orders figure, each order alone, and an interval around it', async () => {
    const r = await cli(['report', '--set', 'demo', '--format', 'json']);
    assert.equal(r.code, 0, r.stderr);
    const report = JSON.parse(r.stdout);
    for (const key of ['set', 'baseline', 'judge', 'models', 'comparisons', 'agreement']) assert.ok(key in report, key);
    assert.equal(report.baseline, BASELINE);
    assert.deepEqual(report.judge.models, ['gpt-3.5-turbo']);
    for (const model of [EPOCH3, EPOCH6]) {
      const m = report.models.find((x: { model: string }) => x.model === model);
      for (const key of ['questions', 'judge_pct', 'judge_ci', 'baseline_first_pct', 'baseline_second_pct', 'order_disagreement', 'reviewed', 'human_adjusted_pct', 'corrected_pct', 'corrected_ci', 'length', 'categories', 'flags']) {
        assert.ok(key in m, `${model}: ${key}`);
      }
      assert.equal(m.questions, 16);
      assert.ok(Math.abs(m.judge_pct - expectedPct(model)) < 1e-9, `${model}: ${m.judge_pct} vs ${expectedPct(model)}`);
      assert.ok(Math.abs(m.baseline_first_pct - expectedPct(model, 'baseline-first')) < 1e-9);
      assert.ok(Math.abs(m.baseline_second_pct - expectedPct(model, 'baseline-second')) < 1e-9);
      // The fake judge favours Assistant 1: the candidate looks better when it is shown first.
      assert.ok(m.baseline_second_pct > m.baseline_first_pct);
      assert.ok(m.judge_ci[0] <= m.judge_pct && m.judge_pct <= m.judge_ci[1]);
      assert.equal(m.corrected_pct, null, 'no human scores yet');
      assert.deepEqual(m.categories.map((c: { category: string }) => c.category).sort(), ['general', 'legal']);
    }
    const again = await cli(['report', '--set', 'demo', '--format', 'json']);
    assert.equal(again.stdout, r.stdout, 'a report is reproducible (seeded bootstrap)');
  });

  it('human reviews made elsewhere move the human-adjusted figure and unlock the corrected one', async () => {
    // A reviewer scored both answers of 8 questions for the epoch-6 model: the baseline's 8, the model's 5.
    const ids = [...new Set(rows.map((r) => r.id))].slice(0, 8);
    const lines = ['question,model,score,flags,note'];
    for (const id of ids) lines.push(`${id},${BASELINE},8,,`, `${id},${EPOCH6},5,repetition,"重复, 见第二段"`);
    writeFileSync(join(dir, 'reviews.csv'), lines.join('\n') + '\n');
    const imported = await cli(['reviews', 'import', join(dir, 'reviews.csv'), '--set', 'demo', '--reviewer', 'lawyer1']);
    assert.equal(imported.code, 0, imported.stderr);
    const report = JSON.parse((await cli(['report', '--set', 'demo', '--format', 'json'])).stdout);
    const m = report.models.find((x: { model: string }) => x.model === EPOCH6);
    assert.equal(m.reviewed, 8);
    assert.notEqual(m.human_adjusted_pct, m.judge_pct);
    assert.equal(typeof m.corrected_pct, 'number');
    assert.ok(m.corrected_ci[0] <= m.corrected_pct && m.corrected_pct <= m.corrected_ci[1]);
    assert.equal(m.flags.repetition.confirmed, 8, 'a flag a human set counts as confirmed');
    const untouched = report.models.find((x: { model: string }) => x.model === EPOCH3);
    assert.equal(untouched.corrected_pct, null);
  });

  it('the queue skips what is reviewed; the Markdown report reads in Chinese under LANG=zh_CN', async () => {
    const q = await cli(['queue', '--set', 'demo', '--model', EPOCH6, '--json', '--limit', '100']);
    assert.equal(q.code, 0, q.stderr);
    const items = JSON.parse(q.stdout) as Array<{ questionKey: string; reasons: unknown[] }>;
    assert.equal(items.length, 8, 'the 8 unreviewed answers of the model');
    assert.ok(items.every((i) => !['q01', 'q02', 'q03', 'q04', 'q05', 'q06', 'q07', 'q08'].includes(i.questionKey)));
    assert.ok(items.every((i) => i.reasons.length > 0), 'each says why');
    const md = await cli(['report', '--set', 'demo'], { LANG: 'zh_CN.UTF-8' });
    assert.equal(md.code, 0, md.stderr);
    assert.match(md.stdout, /[\u4e00-\u9fff]{4}/u);
    assert.ok(md.stdout.includes(EPOCH6));
  });

  it('judged again by another judge model: the report counts the latest judge, names the other, and --judge-model chooses', async () => {
    const r = await cli(['judge', '--set', 'demo', '--baseline', BASELINE, '--base-url', server.url, '--judge-model', 'gpt-4o-mini'], { OPENAI_API_KEY: KEY });
    assert.equal(r.code, 0, r.stderr);
    const latest = JSON.parse((await cli(['report', '--set', 'demo', '--format', 'json'])).stdout);
    assert.deepEqual([latest.judge.models, latest.judge.judgments], [['gpt-4o-mini'], 64]);
    assert.deepEqual(latest.judge.not_counted.map((o: { judge_model: string; judgments: number }) => [o.judge_model, o.judgments]), [['gpt-3.5-turbo', 64]]);
    const earlier = JSON.parse((await cli(['report', '--set', 'demo', '--format', 'json', '--judge-model', 'gpt-3.5-turbo'])).stdout);
    assert.deepEqual(earlier.judge.models, ['gpt-3.5-turbo']);
    assert.deepEqual(earlier.judge.not_counted.map((o: { judge_model: string }) => o.judge_model), ['gpt-4o-mini']);
    const none = await cli(['report', '--set', 'demo', '--judge-model', 'gpt-5']);
    assert.equal(none.code, 2);
    assert.match(none.stderr, /no judgments by gpt-5 against .*; judged by: gpt-3\.5-turbo, gpt-4o-mini/);
  });

  it('the key reached neither the database nor its journal', () => {
    for (const f of [db, `${db}-wal`]) if (existsSync(f)) assert.ok(!readFileSync(f).includes(KEY), f);
  });
});
