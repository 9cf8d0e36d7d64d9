// The answer-review targets of issue 13, for `npm run bench` (bench/run.ts calls reviewBench):
// importing 100k answers, the report over 100k answers and 100k reviews, and the judge's
// throughput against a server that answers in 200 ms. Each figure is printed with its ratio to a
// baseline measured in the same run, as the dataset figures are. The store tasks run in fresh
// processes (bench/reviewTask.ts, bundled), the fake judge server in this one, so that the
// runner's SQLite writes do not hold up the server's replies.
// BENCH_RUNS sets the runs per figure (median), BENCH_JUDGE_N the number of judgments (1,000).
// Alone: node --import tsx bench/review.ts
import { buildSync } from 'esbuild';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, existsSync, mkdtempSync, rmSync, statSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import { startFakeOpenAI } from '../test/integration/fakeOpenAI';
import { JUDGE_CONCURRENCY, REPORT_SNAPSHOT } from './reviewTask';
import { importRows } from './storeSnapshot';
import { syntheticSnapshot } from './reviewSnapshot';
import { runStandalone } from './standalone';

const root = join(__dirname, '..');
const taskBundle = join(root, 'dist', 'bench-review-task.js');
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const JUDGE_LATENCY_MS = 200;

type Figures = Record<string, number>;

async function task(args: string[], env: NodeJS.ProcessEnv = process.env): Promise<Figures> {
  const { stdout } = await promisify(execFile)(process.execPath, [taskBundle, ...args], { cwd: root, env, encoding: 'utf8', maxBuffer: 1 << 24 });
  return JSON.parse(stdout.trim().split('\n').pop()!) as Figures;
}

/** RUNS runs after an untimed warm-up (page cache, disk); the run with the median `ms`. */
async function median(args: string[], before?: () => void): Promise<Figures> {
  const runs: Figures[] = [];
  for (let i = 0; i <= RUNS; i++) {
    before?.();
    const f = await task(args);
    if (i > 0) runs.push(f);
  }
  runs.sort((a, b) => a.ms - b.ms);
  return { ...runs[runs.length >> 1], rssMB: Math.max(...runs.map((r) => r.rssMB)) };
}

const fmt = (ms: number) => `${ms.toFixed(0)} ms`.padStart(9);
const ratio = (x: number) => `${x.toFixed(2)}×`.padStart(7);
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');

/** 20,000 questions × 5 models in the long layout of the demo answers, ≈ 190 characters an answer. */
async function answerFile(file: string): Promise<void> {
  console.log(`generating ${file}…`);
  await mkdir(dirname(file), { recursive: true });
  const s = syntheticSnapshot({ questions: 20_000, models: 5, reviewers: 0, seed: 100 });
  const out = createWriteStream(file);
  let buf = '';
  for (const r of importRows(s)) {
    buf += JSON.stringify({ id: r.questionKey, question: r.question, category: r.category, model: r.model, answer: r.answer }) + '\n';
    if (buf.length > 1 << 20) {
      if (!out.write(buf)) await once(out, 'drain');
      buf = '';
    }
  }
  out.end(buf);
  await once(out, 'finish');
}

async function importSection(tmp: string): Promise<number> {
  const file = join(root, 'bench', 'data', 'answers_100k.jsonl');
  if (!existsSync(file)) await answerFile(file);
  const db = join(tmp, 'import.db');
  const fresh = () => ['', '-wal', '-shm'].forEach((s) => rmSync(db + s, { force: true }));
  const floor = await median(['import-floor', file, join(tmp, 'floor.db')], () => rmSync(join(tmp, 'floor.db'), { force: true }));
  const first = await median(['import', file, db], fresh);
  const again = await median(['import', file, db]); // the store the last fresh import left
  const ok = first.ms <= 2000 && first.added === first.rows;
  console.log(
    `\nAnswer import: ${(statSync(file).size / 2 ** 20).toFixed(0)} MB JSONL, ${first.rows.toLocaleString('en-US')} answers (20,000 questions × 5 models), ` +
      `a fresh process a run, median of ${RUNS} after a warm-up run`,
  );
  const w = 46;
  console.log(`${'task'.padEnd(w)}  ${'time'.padStart(9)}  ${'× base'.padStart(7)}  ${'read'.padStart(9)}  ${'store'.padStart(9)}  ${'peak RSS'.padStart(9)}  target`);
  const row = (name: string, f: Figures, target = '') =>
    console.log(`${name.padEnd(w)}  ${fmt(f.ms)}  ${ratio(f.ms / floor.ms)}  ${fmt(f.readMs)}  ${fmt(f.storeMs)}  ${`${f.rssMB.toFixed(0)} MB`.padStart(9)}  ${target}`);
  row('baseline: JSON.parse a line + one INSERT, 1 tx', floor);
  row('import into a fresh store', first, `≤ 2000 ms ${verdict(ok)}`);
  row(`re-import, unchanged (${again.unchanged.toLocaleString('en-US')} unchanged)`, again);
  console.log('(read: readAnswerFile, or the baseline\'s parse; store: open, migrate, importAnswers, commit, close)');
  return ok ? 0 : 1;
}

async function reportSection(tmp: string): Promise<number> {
  const runs = Math.max(RUNS, 5);
  const r = await task(['report', String(runs)]);
  const db = join(tmp, 'report.db');
  const setup = await task(['report-db', db]);
  const load = await task(['snapshot-load', db]);
  const ok = r.reportMs <= 500;
  console.log(
    `\nReport: ${r.answers.toLocaleString('en-US')} answers (${REPORT_SNAPSHOT.questions.toLocaleString('en-US')} questions × ${REPORT_SNAPSHOT.models} models), ` +
      `${r.reviews.toLocaleString('en-US')} reviews, ${r.judgments.toLocaleString('en-US')} judgments; median of ${runs} runs in one process after a warm-up, ` +
      'the snapshot already in memory',
  );
  const w = 46;
  console.log(`${'task'.padEnd(w)}  ${'time'.padStart(9)}  ${'× sums'.padStart(7)}  ${'× boot'.padStart(7)}  target`);
  const row = (name: string, ms: number, target = '') => console.log(`${name.padEnd(w)}  ${fmt(ms)}  ${ratio(ms / r.sumsMs)}  ${ratio(ms / r.bootMs)}  ${target}`);
  row('baseline: scores summed per model', r.sumsMs);
  row('baseline: plain 2,000-resample bootstrap', r.bootMs);
  row('buildReport, CIs included', r.reportMs, `≤ 500 ms ${verdict(ok)}`);
  console.log(`(intervals by ${r.method ? 'the normal limit of resampled sums' : 'resampled questions'}, as the report names it)`);
  console.log(
    `loading that snapshot from the store (ReviewStore.snapshot, a fresh process, one run): ${load.ms.toFixed(0)} ms, ` +
      `${load.answers.toLocaleString('en-US')} answers, ${load.reviews.toLocaleString('en-US')} reviews, ${load.judgments.toLocaleString('en-US')} judgments, ${load.flags} flags ` +
      `(not in the figure above; writing the store took ${(setup.ms / 1000).toFixed(1)} s)`,
  );
  return ok ? 0 : 1;
}

async function judgeSection(tmp: string): Promise<number> {
  const n = Number(process.env.BENCH_JUDGE_N ?? 1000);
  const ideal = (n * JUDGE_LATENCY_MS) / JUDGE_CONCURRENCY;
  const apiKey = `sk-bench-${randomBytes(12).toString('hex')}`;
  const env = { ...process.env, BENCH_JUDGE_KEY: apiKey };
  const server = await startFakeOpenAI({ apiKey, latencyMs: JUDGE_LATENCY_MS });
  try {
    const requests = () => server.chatRequests().length;
    let before = requests();
    const pool = await task(['judge-pool', server.url, String(n)], env);
    const poolRequests = requests() - before;
    const db = join(tmp, 'judge.db');
    before = requests();
    const run = await task(['judge', server.url, String(n), db], env);
    const runRequests = requests() - before;
    before = requests();
    const rerun = await task(['judge', server.url, String(n), db], env);
    const rerunRequests = requests() - before;
    const ok = run.ms <= 1.15 * ideal && run.done === n && run.failed === 0;
    const rerunOk = rerunRequests === 0 && rerun.cached === n;
    console.log(
      `\nJudge: ${n.toLocaleString('en-US')} judgments at concurrency ${JUDGE_CONCURRENCY}, a local server answering in ${JUDGE_LATENCY_MS} ms; ` +
        `ideal ${n.toLocaleString('en-US')} × ${JUDGE_LATENCY_MS / 1000} s / ${JUDGE_CONCURRENCY} = ${(ideal / 1000).toFixed(1)} s; one run each; the real ReviewStore in a temp file`,
    );
    const w = 46;
    console.log(`${'task'.padEnd(w)}  ${'time'.padStart(9)}  ${'× ideal'.padStart(7)}  ${'× pool'.padStart(7)}  ${'requests'.padStart(8)}  target`);
    const row = (name: string, f: Figures, reqs: number, target = '') =>
      console.log(`${name.padEnd(w)}  ${fmt(f.ms)}  ${ratio(f.ms / ideal)}  ${ratio(f.ms / pool.ms)}  ${String(reqs).padStart(8)}  ${target}`);
    row(`baseline: a bare pool of ${JUDGE_CONCURRENCY} fetch POSTs`, pool, poolRequests, pool.failed ? `(${pool.failed} failed)` : '');
    row('runJudge (openai client, store writes)', run, runRequests, `≤ 1.15× ideal ${verdict(ok)}${run.failed || run.retries ? ` (${run.failed} failed, ${run.retries} retries)` : ''}`);
    row('re-run on the same store', rerun, rerunRequests, `re-run: ${rerunRequests} requests ${verdict(rerunOk)}`);
    return (ok ? 0 : 1) + (rerunOk ? 0 : 1);
  } finally {
    await server.close();
  }
}

/** Runs the three sections; returns the number of targets missed. */
export async function reviewBench(): Promise<number> {
  buildSync({
    entryPoints: [join(__dirname, 'reviewTask.ts')],
    bundle: true,
    platform: 'node',
    target: 'node20',
    outfile: taskBundle,
    // From node_modules at run time: bundled, better-sqlite3 would not find its addon.
    external: ['better-sqlite3'],
    logLevel: 'warning',
  });
  const tmp = mkdtempSync(join(tmpdir(), 'lexreview-review-bench-'));
  try {
    return (await importSection(tmp)) + (await reportSection(tmp)) + (await judgeSection(tmp));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

if (require.main === module) runStandalone(reviewBench);
