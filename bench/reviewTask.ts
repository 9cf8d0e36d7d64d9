// One measured task of the answer-review benchmark (bench/review.ts), run in its own process so
// that every figure starts from a cold JIT and a fresh SQLite connection, as a CLI run does.
// Prints one JSON line: the task's figures in ms, and the process's peak RSS.
// Usage (bench/review.ts bundles it first): node dist/bench-review-task.js TASK ARGS…
//   import FILE DB            readAnswerFile + ReviewStore.importAnswers (a fresh DB, or a re-import)
//   import-floor FILE DB      baseline: JSON.parse per line + one prepared INSERT, one transaction
//   report RUNS               buildReport on the synthetic 100k snapshot, and its bare baselines
//   report-db DB              setup: the same snapshot written into a store (untimed figures only)
//   snapshot-load DB          ReviewStore.snapshot of that store
//   judge URL N DB            runJudge at concurrency 8 on N tasks planned from the store (also the re-run)
//   judge-pool URL N          baseline: a bare pool of 8 fetch POSTs of the same request bodies
// The judge's key comes in BENCH_JUDGE_KEY (never on a command line).
import Database from 'better-sqlite3';
import { readFileSync, rmSync } from 'node:fs';
import { readAnswerFile } from '../extension/core/review/answerImport';
import { planJudgments, type JudgeTask } from '../extension/core/review/judgePlan';
import { buildJudgeMessages, DEFAULT_JUDGE_PROMPT } from '../extension/core/review/judgePrompt';
import { DEFAULT_JUDGE_MODEL, endpointName, runJudge } from '../extension/core/review/judgeRunner';
import { buildReport } from '../extension/core/review/report';
import type { ReviewSnapshot } from '../extension/core/review/types';
import { ReviewStore } from '../extension/store/reviewStore';
import { rng } from './legalText';
import { syntheticSnapshot } from './reviewSnapshot';
import { importRows, writeSnapshot } from './storeSnapshot';

/** The report's snapshot: 20,000 questions × 5 models = 100k answers, 2 reviewers on half of them each = 100k reviews. */
export const REPORT_SNAPSHOT = { questions: 20_000, models: 5, reviewers: 2, seed: 13 } as const;
/** The judge's: 3 models, so each question gives 2 candidates × 2 orders = 4 judgments. */
export const judgeSnapshot = (n: number) => syntheticSnapshot({ questions: Math.ceil(n / 4), models: 3, reviewers: 0, seed: 8 });
export const JUDGE_CONCURRENCY = 8;
/** What the runner sends besides the messages (judgeRunner.ts: Vicuna's temperature). */
const JUDGE_TEMPERATURE = 0.2;

const [task, ...args] = process.argv.slice(2);
const ms = (t0: number) => performance.now() - t0;
const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

const tasks: Record<string, () => Promise<Record<string, number>>> = {
  async import() {
    const [file, db] = args;
    const t0 = performance.now();
    const parsed = await readAnswerFile(file);
    const t1 = performance.now();
    const store = ReviewStore.open(db, { actor: 'bench' });
    const summary = store.importAnswers(parsed.rows, { set: 'bench-100k', file });
    store.close();
    return { ms: ms(t0), readMs: t1 - t0, storeMs: ms(t1), rows: summary.rows, added: summary.answersAdded, unchanged: summary.unchanged };
  },

  async 'import-floor'() {
    const [file, path] = args;
    // Parsed whole first, then inserted, as the importer does: the two phases are timed apart.
    const t0 = performance.now();
    const rows: Array<{ id: string; question: string; model: string; answer: string; category: string }> = [];
    for (const line of readFileSync(file, 'utf8').split('\n')) if (line) rows.push(JSON.parse(line));
    const t1 = performance.now();
    // The store's durability settings, so the commit costs the same on both sides.
    const db = new Database(path);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    db.exec('CREATE TABLE answers (id INTEGER PRIMARY KEY, question_key TEXT, question TEXT, model TEXT, answer TEXT, category TEXT)');
    const insert = db.prepare('INSERT INTO answers (question_key, question, model, answer, category) VALUES (?, ?, ?, ?, ?)');
    db.transaction(() => {
      for (const r of rows) insert.run(r.id, r.question, r.model, r.answer, r.category);
    })();
    db.close();
    return { ms: ms(t0), readMs: t1 - t0, storeMs: ms(t1), rows: rows.length };
  },

  async report() {
    const runs = Number(args[0] ?? 5);
    const s = syntheticSnapshot(REPORT_SNAPSHOT);
    const time = (f: () => unknown, count = runs) => {
      f(); // warm-up: the figure is the steady state of a pure function, not its first JIT
      return median(Array.from({ length: count }, () => {
        const t0 = performance.now();
        f();
        return ms(t0);
      }));
    };
    const report = buildReport(s);
    const method = report.bootstrap.method === 'resampled questions' ? 0 : 1;
    return { reportMs: time(() => buildReport(s)), sumsMs: time(() => bareSums(s)), bootMs: time(() => bareBootstrap(s), Math.min(runs, 3)), method, answers: s.answers.length, reviews: s.reviews.length, judgments: s.judgments.length };
  },

  async 'report-db'() {
    const [db] = args;
    rmSync(db, { force: true });
    const t0 = performance.now();
    const store = ReviewStore.open(db, { actor: 'bench' });
    writeSnapshot(store, syntheticSnapshot(REPORT_SNAPSHOT));
    store.close();
    return { ms: ms(t0) };
  },

  async 'snapshot-load'() {
    const store = ReviewStore.open(args[0], { readonly: true });
    const t0 = performance.now();
    const s = store.snapshot(`synthetic-${REPORT_SNAPSHOT.questions}x${REPORT_SNAPSHOT.models}`);
    const t = ms(t0);
    store.close();
    return { ms: t, answers: s.answers.length, reviews: s.reviews.length, judgments: s.judgments.length, flags: s.flags.length };
  },

  async judge() {
    const [url, n, db] = args;
    const store = ReviewStore.open(db, { actor: 'bench' });
    const set = judgeSnapshot(Number(n));
    if (store.listSets().length === 0) store.importAnswers(importRows(set), { set: set.set });
    const tasks = judgeTasks(store.snapshot(set.set), url, Number(n));
    const t0 = performance.now();
    const summary = await runJudge(store, tasks, { baseURL: url, apiKey: key(), judgeModel: DEFAULT_JUDGE_MODEL }, DEFAULT_JUDGE_PROMPT, { concurrency: JUDGE_CONCURRENCY });
    const t = ms(t0);
    store.close();
    return { ms: t, tasks: tasks.length, done: summary.done, cached: summary.cached, failed: summary.failed, retries: summary.retries };
  },

  async 'judge-pool'() {
    const [url, n] = args;
    const bodies = judgeTasks(judgeSnapshot(Number(n)), url, Number(n)).map((t) =>
      JSON.stringify({ model: DEFAULT_JUDGE_MODEL, messages: buildJudgeMessages(DEFAULT_JUDGE_PROMPT, t.question, t.answer1, t.answer2), temperature: JUDGE_TEMPERATURE }),
    );
    const headers = { 'content-type': 'application/json', authorization: `Bearer ${key()}` };
    let next = 0;
    let failed = 0;
    const t0 = performance.now();
    await Promise.all(
      Array.from({ length: JUDGE_CONCURRENCY }, async () => {
        for (let i = next++; i < bodies.length; i = next++) {
          const res = await fetch(`${url}/chat/completions`, { method: 'POST', headers, body: bodies[i] });
          if (!res.ok) failed++;
          await res.json();
        }
      }),
    );
    return { ms: ms(t0), tasks: bodies.length, failed };
  },
};

function key(): string {
  const k = process.env.BENCH_JUDGE_KEY;
  if (!k) throw new Error('BENCH_JUDGE_KEY is not set');
  return k;
}

function judgeTasks(s: ReviewSnapshot, url: string, n: number): JudgeTask[] {
  return planJudgments(s, { baseline: s.models[0].name, endpoint: endpointName(url), judgeModel: DEFAULT_JUDGE_MODEL, prompt: DEFAULT_JUDGE_PROMPT }).tasks.slice(0, n);
}

/** Baseline: one pass over the judgments and reviews, summing scores per model. */
function bareSums(s: ReviewSnapshot): number {
  const judge = new Map<string, [number, number]>();
  for (const j of s.judgments) {
    if (j.parseStatus !== 'ok') continue;
    let t = judge.get(j.model);
    if (!t) judge.set(j.model, (t = [0, 0]));
    t[0] += j.candidateScore!;
    t[1] += j.baselineScore!;
  }
  const human = new Map<string, number>();
  for (const r of s.reviews) human.set(r.model, (human.get(r.model) ?? 0) + r.score);
  let x = 0;
  for (const [c, b] of judge.values()) x += c / b;
  return x + human.size;
}

/** Baseline for the intervals: a plain 2,000-resample bootstrap of per-question sums, Σ candidate / Σ baseline per model. */
function bareBootstrap(s: ReviewSnapshot): number {
  const q = new Map(s.questions.map((x, i) => [x.key, i]));
  const models = [...new Set(s.judgments.map((j) => j.model))];
  const m = new Map(models.map((x, i) => [x, i]));
  const n = s.questions.length;
  const w = 2 * models.length;
  const sums = new Float64Array(n * w);
  for (const j of s.judgments) {
    if (j.parseStatus !== 'ok') continue;
    const o = q.get(j.questionKey)! * w + 2 * m.get(j.model)!;
    sums[o] += j.candidateScore!;
    sums[o + 1] += j.baselineScore!;
  }
  const r = rng(1);
  const acc = new Float64Array(w);
  let x = 0;
  for (let b = 0; b < 2000; b++) {
    acc.fill(0);
    for (let i = 0; i < n; i++) {
      const o = Math.floor(r() * n) * w;
      for (let k = 0; k < w; k++) acc[k] += sums[o + k];
    }
    for (let k = 0; k < w; k += 2) x += acc[k] / acc[k + 1];
  }
  return x;
}

async function main() {
  const run = tasks[task];
  if (!run) throw new Error(`unknown task ${task}`);
  const figures = await run();
  console.log(JSON.stringify({ ...figures, rssMB: process.resourceUsage().maxRSS / 1024 }));
}

if (require.main === module) {
  main().catch((e) => {
    console.error(e);
    process.exit(1);
  });
}
