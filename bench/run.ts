// `npm run bench`: measures the dataset core on the 52k set and prints each figure as a ratio
// against the bare floor measured in the same run (JSON.parse + a plain map + JSON.stringify of
// the same file). Every task runs in a fresh process, RUNS times; the median time is reported
// and the peak memory is that of the task's process.
import { execFileSync } from 'node:child_process';
import { buildSync } from 'esbuild';
import { existsSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { LAYOUT_IDS } from '../extension/core/dataset/layouts';
import { generate } from './generate';

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const root = join(__dirname, '..');

interface Figure {
  ms: number;
  rssMB: number;
}

// Tasks run from a plain bundle: under tsx each process would carry ~45 MB of loader.
const taskBundle = join(root, 'dist', 'bench-task.js');

function measure(task: string, file: string): Figure {
  const runs: Figure[] = [];
  for (let i = 0; i < RUNS; i++) {
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
  for (const layout of LAYOUT_IDS) rows.push([`convert to ${layout}`, measure(`convert:${layout}`, file), convertTarget]);
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
  console.log("\nThe editor's first paint in a real VS Code is measured by the e2e suite (test-results/e2e/timings.json).");
  console.log(failed ? `\n${failed} target(s) missed` : '\nall targets met');
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
