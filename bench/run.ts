// `npm run bench`: measures the dataset core on the 52k set and prints each figure as a ratio
// against the bare floor measured in the same run (JSON.parse + a plain map + JSON.stringify of
// the same file). Every task runs in a fresh process, RUNS times; the median time is reported
// and the peak memory is that of the task's process. Then the answer-review targets (review.ts).
// BENCH_SKIP_LARGE=1 skips the million-record part, BENCH_SKIP_REVIEW=1 the review part.
import { execFileSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { conversionRefusal } from '../extension/core/dataset/convert';
import { LAYOUT_IDS } from '../extension/core/dataset/layouts';
import { generate } from './generate';
import { reviewBench } from './review';
import { compareBench } from './compare';
import { qualityBench } from './quality';
import { trainingBench } from './training';
import { remoteBench } from './remote';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const root = join(__dirname, '..');

interface Figure {
  ms: number;
  rssMB: number;
}

// Tasks run from a plain bundle: under tsx each process would carry ~45 MB of loader.
const taskBundle = join(root, 'dist', 'bench-task.js');

function measure(task: string, file: string, count = RUNS): Figure {
  const runs: Figure[] = [];
  for (let i = 0; i < count; i++) {
    const out = execFileSync(process.execPath, [taskBundle, task, file], {
      cwd: root,
      encoding: 'utf8',
    });
    runs.push(JSON.parse(out.trim().split('\n').pop()!) as Figure);
  }
  runs.sort((a, b) => a.ms - b.ms);
  return { ms: runs[runs.length >> 1].ms, rssMB: Math.max(...runs.map((r) => r.rssMB)) };
}

async function main() {
  buildSync({ entryPoints: [join(__dirname, 'task.ts')], bundle: true, platform: 'node', target: 'node20', outfile: taskBundle, logLevel: 'warning' });
  const file = join(root, 'bench', 'data', 'law_52k.json');
  if (!existsSync(file)) {
    console.log('generating the 52k dataset…');
    await generate(file, 52000, 52, 'json');
  }
  const fileMB = statSync(file).size / 2 ** 20;
  console.log(`52k legal dataset: ${fileMB.toFixed(1)} MB, ${RUNS} runs per task (median time)\n`);

  const idle = measure('idle', file);
  console.log(`an idle Node process: ${idle.rssMB.toFixed(0)} MB peak RSS (included in every figure below)\n`);
  const floor = measure('floor', file);
  // A target is a check of the figure: ratio to the floor, memory to the file size, or plain time.
  type Target = { label: string; ok: (f: Figure) => boolean };
  const convertTarget: Target = { label: 'time ≤ 1.3×, memory ≤ 4× file', ok: (f) => f.ms / floor.ms <= 1.3 && f.rssMB / fileMB <= 4 };
  const within = (ms: number): Target => ({ label: `≤ ${ms} ms`, ok: (f) => f.ms <= ms });
  const rows: Array<[string, Figure, Target | undefined]> = [['floor: JSON.parse + map + JSON.stringify', floor, undefined]];
  rows.push(['read + detect layout', measure('read', file), undefined]);
  // The set is in the original layout: preference and pretraining layouts cannot be converted to.
  for (const layout of LAYOUT_IDS) {
    if (conversionRefusal('original', layout) === undefined) rows.push([`convert to ${layout}`, measure(`convert:${layout}`, file), convertTarget]);
  }
  rows.push(['stats', measure('stats', file), undefined]);
  rows.push(['editor: open, index, first rows', measure('open', file), within(1000)]);
  rows.push(['editor: plain search, all fields', measure('search:plain', file), within(150)]);
  rows.push(['editor: regex search, all fields', measure('search:regex', file), undefined]);

  const w = Math.max(...rows.map((r) => r[0].length));
  console.log(`${'task'.padEnd(w)}  ${'time'.padStart(9)}  ${'× floor'.padStart(8)}  ${'peak RSS'.padStart(9)}  ${'× file'.padStart(7)}  target`);
  let failed = 0;
  for (const [name, f, target] of rows) {
    const ratio = f.ms / floor.ms;
    const mem = f.rssMB / fileMB;
    const ok = !target || target.ok(f);
    if (!ok) failed++;
    console.log(
      `${name.padEnd(w)}  ${(f.ms.toFixed(0) + ' ms').padStart(9)}  ${ratio.toFixed(2).padStart(7)}×  ${(f.rssMB.toFixed(0) + ' MB').padStart(9)}  ${mem.toFixed(2).padStart(6)}×  ${target ? `${target.label} ${ok ? 'ok' : 'MISSED'}` : ''}`,
    );
  }
  failed += await large(idle);
  firstPaint();
  if (!process.env.BENCH_SKIP_REVIEW) failed += await reviewBench();
  failed += await compareBench();
  failed += await qualityBench();
  failed += await trainingBench();
  failed += await remoteBench();
  console.log(failed ? `\n${failed} target(s) missed` : '\nall targets met');
}

/**
 * The editor's first paint is measured in a real VS Code by the e2e suite (test/e2e/firstRows.e2e.ts
 * against a minimal custom editor in the same run): its figures, when a run left them.
 */
function firstPaint(): void {
  const file = join(root, 'test-results', 'e2e', 'timings.json');
  console.log("\nThe editor's first paint in a real VS Code is measured by the e2e suite (test-results/e2e/timings.json)");
  if (!existsSync(file)) {
    console.log('(none yet: npm run test:e2e -- --test-name-pattern="first rows of 52,000 records against")');
    return;
  }
  const timings = JSON.parse(readFileSync(file, 'utf8')) as Record<string, number>;
  const firstRows = Object.entries(timings).filter(([name]) => name.startsWith('52k first rows'));
  if (!firstRows.length) console.log('(no first-rows figures in it)');
  for (const [name, value] of firstRows) console.log(`  ${name}: ${value}${name.includes('/ floor') ? `× (target ≤ 2.5× ${value <= 2.5 ? 'ok' : 'MISSED'})` : ''}`);
  for (const [name, value] of Object.entries(timings)) {
    if (name.startsWith('52k first rows')) continue;
    const limit = E2E_TARGETS.find(([prefix]) => name.startsWith(prefix))?.[1];
    console.log(`  ${name}: ${value}${limit === undefined ? '' : ` (target ≤ ${limit} ms ${value <= limit ? 'ok' : 'MISSED'})`}`);
  }
  reopenAgainstBaseline(timings);
  if (Object.keys(timings).some((name) => name.includes("webview's service worker")))
    console.log("  (the service worker's start depends on the webviews' origins, not on the panel: `node --import tsx bench/serviceWorkerSwap.ts` shows both in a plain Chromium)");
}

/**
 * A webview opened again in the same window waits about a second for Chromium to replace its
 * origin's service worker, whoever's webview it is: the review panel's extra time on a second open
 * is set against the Markdown preview's (VS Code's own webview) in the same run.
 */
function reopenAgainstBaseline(timings: Record<string, number>): void {
  const [first, again] = ['set picked to first question painted', 'opened again in the same window, set picked to first question painted'].map((n) => timings[`reviewPanel 1000×4: ${n} (ms)`]);
  const [mdFirst, mdAgain] = ['command to first paint', 'opened again in the same window, command to first paint'].map((n) => timings[`Markdown preview (VS Code's own webview, the baseline): ${n} (ms)`]);
  if ([first, again, mdFirst, mdAgain].some((v) => v === undefined)) return;
  const extra = again - first;
  const mdExtra = mdAgain - mdFirst;
  console.log(`  opened again: the review panel ${extra >= 0 ? '+' : ''}${extra} ms over its first open, the Markdown preview ${mdExtra >= 0 ? '+' : ''}${mdExtra} ms over its own (${mdExtra > 0 ? `${(extra / mdExtra).toFixed(2)}×` : 'no baseline extra'}: the platform's service-worker swap, not the panel)`);
}

/** Issue 14's review-panel targets (ms), by the start of the name the perf e2e records them under. */
const E2E_TARGETS: ReadonlyArray<readonly [string, number]> = [
  ['reviewPanel 1000×4: set picked to first question painted', 1000],
  ['reviewPanel 1000×4: key to next answer painted', 100],
  ['reviewPanel 1000×4: saved score to report view painted', 200],
];

/** A million records, JSONL and a JSON array, against the baselines the large-file targets name. */
async function large(idle: Figure): Promise<number> {
  if (process.env.BENCH_SKIP_LARGE) return 0;
  const records = Number(process.env.BENCH_LARGE_RECORDS ?? 1_000_000);
  const files = { jsonl: join(root, 'bench', 'data', `law_${records / 1000}k.jsonl`), json: join(root, 'bench', 'data', `law_${records / 1000}k.json`) };
  for (const [format, file] of Object.entries(files)) {
    if (!existsSync(file)) {
      console.log(`generating ${file}…`);
      await generate(file, records, 52, format as 'json' | 'jsonl');
    }
  }
  console.log(
    `\n${records.toLocaleString('en-US')} records: JSONL ${(statSync(files.jsonl).size / 2 ** 20).toFixed(0)} MB, JSON array ${(statSync(files.json).size / 2 ** 20).toFixed(0)} MB ` +
      `(warm cache; median of ${RUNS} runs after a warm-up run)`,
  );
  // The figures sit close to their targets and one run on a 2-core machine varies by ±10 %.
  const once = (task: string, file: string) => {
    measure(task, file, 1); // warms the page cache
    return measure(task, file);
  };
  const lineScan = once('linescan', files.jsonl);
  // A pretty-printed array has four lines a record: its index is compared with its own line scan.
  const arrayLineScan = once('linescan', files.json);
  const parseLoop = once('readlineParse', files.jsonl);
  const convertLoop = once('readlineConvert', files.jsonl);
  type Row = [string, Figure, Figure, number | undefined, boolean];
  const rows: Row[] = [
    ['baseline: bare line scan, JSONL', lineScan, lineScan, undefined, false],
    ['baseline: bare line scan, JSON array', arrayLineScan, arrayLineScan, undefined, false],
    ['baseline: readline + JSON.parse', parseLoop, parseLoop, undefined, false],
    ['baseline: … + JSON.stringify + write', convertLoop, convertLoop, undefined, false],
    ['index pass, JSONL', once('index', files.jsonl), lineScan, 1.5, false],
    ['index pass, JSON array', once('index', files.json), arrayLineScan, 3, false],
    ['stats, JSONL', once('stats', files.jsonl), parseLoop, 1.3, true],
    ['stats, JSON array', once('stats', files.json), parseLoop, 2, true],
    ['convert to sharegpt, JSONL', once('jsonl-convert:sharegpt', files.jsonl), convertLoop, 1.3, true],
    ['convert to sharegpt, JSON array', once('jsonl-convert:sharegpt', files.json), convertLoop, 2, true],
    ['editor: open (index) a large file', once('large-open', files.jsonl), lineScan, undefined, false],
  ];
  const search: Array<[string, Figure, number]> = [
    ['editor: plain search, full count', once('large-search:plain', files.jsonl), 1000],
    ['editor: regex search, full count', once('large-search:regex', files.jsonl), 5000],
  ];
  const w = 36;
  console.log(`${'task'.padEnd(w)}  ${'time'.padStart(9)}  ${'× base'.padStart(7)}  ${'peak RSS'.padStart(9)}  target`);
  let failed = 0;
  for (const [name, f, base, limit, memory] of rows) {
    const ratio = f.ms / base.ms;
    const ok = (limit === undefined || ratio <= limit) && (!memory || f.rssMB <= 200);
    if (!ok) failed++;
    const target = [limit ? `≤ ${limit}×` : '', memory ? 'RSS ≤ 200 MB' : ''].filter(Boolean).join(', ');
    console.log(`${name.padEnd(w)}  ${(f.ms.toFixed(0) + ' ms').padStart(9)}  ${ratio.toFixed(2).padStart(6)}×  ${(f.rssMB.toFixed(0) + ' MB').padStart(9)}  ${target}${target ? (ok ? ' ok' : ' MISSED') : ''}`);
  }
  for (const [name, f, limit] of search) {
    const ok = f.ms <= limit;
    if (!ok) failed++;
    console.log(`${name.padEnd(w)}  ${(f.ms.toFixed(0) + ' ms').padStart(9)}  ${(f.ms / lineScan.ms).toFixed(2).padStart(6)}×  ${(f.rssMB.toFixed(0) + ' MB').padStart(9)}  ≤ ${limit} ms ${ok ? 'ok' : 'MISSED'}`);
  }
  console.log(`(an idle Node process: ${idle.rssMB.toFixed(0)} MB)`);
  return failed;
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
