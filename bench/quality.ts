// The detectors' benchmark section (bench/run.ts calls qualityBench): the 52k training index
// (built ≤ 2 s in ≤ 300 MB, and loaded from beside the store), 1,000 answers scanned ≤ 1 s,
// near duplicates of the 52k set ≤ 5 s, each against a naive baseline measured in the same run;
// then recall and precision per detector on the labelled set (test/unit/qualityFixture.ts).
// Every task runs in a fresh process (bench/qualityTask.ts); the median of RUNS is reported.
import { execFileSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bufferSource } from '../extension/core/dataset/reader';
import type { FindingKind } from '../extension/core/quality/finding';
import { scanAnswer } from '../extension/core/quality/scan';
import { buildTrainingIndex } from '../extension/core/quality/trainingIndexFile';
import { labelledAnswers, trainingRecords, type AnswerClass } from '../test/unit/qualityFixture';
import { generate } from './generate';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const root = join(__dirname, '..');
const taskBundle = join(root, 'dist', 'bench-quality-task.js');

type Figure = { ms: number; rssMB: number } & Record<string, number>;

function measure(task: string, file: string, cacheDir: string): Figure {
  const runs: Figure[] = [];
  for (let i = 0; i < RUNS; i++) {
    const out = execFileSync(process.execPath, [taskBundle, task, file, cacheDir], { cwd: root, encoding: 'utf8' });
    runs.push(JSON.parse(out.trim().split('\n').pop()!) as Figure);
  }
  runs.sort((a, b) => a.ms - b.ms);
  return { ...runs[runs.length >> 1], rssMB: Math.max(...runs.map((r) => r.rssMB)) };
}

/** Recall per planted class and precision on the clean answers, per detector kind. */
async function labelledRates(): Promise<Array<[string, number, number]>> {
  const records = trainingRecords(2000, 11);
  const { index } = await buildTrainingIndex(bufferSource('train.json', Buffer.from(JSON.stringify(records))));
  const answers = labelledAnswers(records, 400, 5).map((a) => ({ ...a, findings: scanAnswer(a.text, index) }));
  const clean = answers.filter((a) => a.cls === 'clean');
  const has = (a: (typeof answers)[number], kind: FindingKind) => a.findings.some((f) => f.kind === kind);
  const rows: Array<[FindingKind, AnswerClass]> = [['leakage', 'copy'], ['repetition', 'loop'], ['truncation', 'cut'], ['runon', 'runon']];
  return rows.map(([kind, cls]) => {
    const planted = answers.filter((a) => a.cls === cls);
    return [kind, planted.filter((a) => has(a, kind)).length / planted.length, clean.filter((a) => !has(a, kind)).length / clean.length];
  });
}

export async function qualityBench(): Promise<number> {
  buildSync({ entryPoints: [join(__dirname, 'qualityTask.ts')], bundle: true, platform: 'node', target: 'node20', outfile: taskBundle, logLevel: 'warning' });
  const file = join(root, 'bench', 'data', 'law_52k.json');
  if (!existsSync(file)) await generate(file, 52000, 52, 'json');
  const cacheDir = mkdtempSync(join(tmpdir(), 'lexreview-bench-index-'));
  try {
    console.log(`\nDetectors on the 52k set (${RUNS} runs per task, median time)`);
    const index = measure('index', file, cacheDir);
    const load = measure('load', file, cacheDir);
    const scanned = measure('scan', file, cacheDir);
    const naive = measure('naive', file, cacheDir);
    const nd = measure('neardup', file, cacheDir);
    const naiveNd = measure('naiveNeardup', file, cacheDir);
    type Row = [string, Figure, Figure | undefined, string, boolean];
    const rows: Row[] = [
      ['build the training index', index, undefined, '≤ 2000 ms, ≤ 300 MB', index.ms <= 2000 && index.rssMB <= 300],
      ['load the saved index', load, index, '', true],
      ['scan 1,000 answers', scanned, naive, '≤ 1000 ms', scanned.ms <= 1000],
      ['baseline: 20-char windows, substring search (per 1,000)', naive, undefined, '', true],
      ['near duplicates, MinHash + LSH', nd, naiveNd, '≤ 5000 ms', nd.ms <= 5000],
      ['baseline: all pairs, exact Jaccard (extrapolated)', naiveNd, undefined, '', true],
    ];
    const w = Math.max(...rows.map((r) => r[0].length));
    console.log(`${'task'.padEnd(w)}  ${'time'.padStart(10)}  ${'× base'.padStart(8)}  ${'peak RSS'.padStart(9)}  target`);
    let failed = 0;
    for (const [name, f, base, label, ok] of rows) {
      if (!ok) failed++;
      const ratio = base ? `${(f.ms / base.ms).toFixed(3)}×` : '';
      console.log(`${name.padEnd(w)}  ${(f.ms.toFixed(0) + ' ms').padStart(10)}  ${ratio.padStart(8)}  ${(f.rssMB.toFixed(0) + ' MB').padStart(9)}  ${label}${label ? (ok ? ' ok' : ' MISSED') : ''}`);
    }
    console.log(`(planted copies found in the 1,000-answer scan: ${(scanned.recall * 100).toFixed(1)} %; near-duplicate groups: ${nd.groups}, pairs verified: ${nd.verified})`);
    console.log('\nLabelled set (2,000 training records; 400 answers per class): recall on planted defects, precision on clean answers');
    for (const [kind, recall, precision] of await labelledRates()) {
      const ok = recall >= 0.95 && precision >= 0.95;
      if (!ok) failed++;
      console.log(`  ${kind.padEnd(11)} recall ${recall.toFixed(3)}  precision ${precision.toFixed(3)}  target ≥ 0.95 each ${ok ? 'ok' : 'MISSED'}`);
    }
    return failed;
  } finally {
    rmSync(cacheDir, { recursive: true, force: true });
  }
}

// Runs alone: node --import tsx bench/quality.ts
if (require.main === module) {
  qualityBench().then(
    (failed) => console.log(failed ? `\n${failed} target(s) missed` : '\nall targets met'),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
