// One measured task, run in its own process so that its peak memory is its own. Prints one JSON
// line: {"ms": wall time of the task, "rssMB": peak resident memory of the process}.
// Usage (bench/run.ts bundles it first): node dist/bench-task.js TASK FILE
import { closeSync, createReadStream, createWriteStream, openSync, readFileSync, readSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { createInterface } from 'node:readline';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { convertFile } from '../extension/core/dataset/convertFile';
import { detectLayout, layoutById, type LayoutId } from '../extension/core/dataset/layouts';
import { fileSource, indexRecords, loadDataset, withFile } from '../extension/core/dataset/reader';
import { FileRecords } from '../extension/core/dataset/document/fileRecords';
import { computeStats } from '../extension/core/dataset/stats';
import { MemoryRecords } from '../extension/core/dataset/document/baseRecords';
import { DatasetModel } from '../extension/core/dataset/document/datasetModel';
import { DatasetView, type SearchSpec } from '../extension/core/dataset/document/datasetView';
import { columnsFor, rowCells } from '../extension/core/dataset/document/recordPresentation';

const [task, file] = process.argv.slice(2);
const out = join(tmpdir(), `lexreview-bench-${process.pid}.json`);

const tasks: Record<string, () => Promise<unknown>> = {
  /** Node itself, for reading the memory figures. */
  async idle() {},
  /** The bare floor: parse the whole file, a plain map to another layout, stringify, write. */
  async floor() {
    const records = JSON.parse(readFileSync(file, 'utf8')) as Array<{ input: string; output: string }>;
    const mapped = records.map((r) => ({ conversations: [{ from: 'human', value: r.input }, { from: 'gpt', value: r.output }] }));
    writeFileSync(out, JSON.stringify(mapped, null, 2));
  },
  async read() {
    const d = await withFile(file, (s) => loadDataset(s));
    return detectLayout(d.records.map((r) => r.value), { limit: 1000 }).layout;
  },
  async stats() {
    return withFile(file, (s) => computeStats(s));
  },
  /** Baseline: the bare line scan, 1 MB chunks and Buffer.indexOf for newlines. */
  async linescan() {
    const fd = openSync(file, 'r');
    const buf = Buffer.allocUnsafe(1 << 20);
    let lines = 0;
    for (let n = readSync(fd, buf); n > 0; n = readSync(fd, buf)) {
      for (let i = buf.indexOf(10); i >= 0 && i < n; i = buf.indexOf(10, i + 1)) lines++;
    }
    closeSync(fd);
    return lines;
  },
  async index() {
    const source = await fileSource(file);
    try {
      return (await indexRecords(source)).count;
    } finally {
      await source.close();
    }
  },
  /** Baseline: readline + JSON.parse of every line. */
  async readlineParse() {
    let n = 0;
    for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
      if (line) n += JSON.parse(line) ? 1 : 0;
    }
    return n;
  },
  /** Baseline: readline + JSON.parse + a plain map + JSON.stringify + a buffered write. */
  async readlineConvert() {
    const stream = createWriteStream(out);
    let buf = '';
    for await (const line of createInterface({ input: createReadStream(file), crlfDelay: Infinity })) {
      if (!line) continue;
      const r = JSON.parse(line) as { input: string; output: string };
      buf += JSON.stringify({ conversations: [{ from: 'human', value: r.input }, { from: 'gpt', value: r.output }] }) + '\n';
      if (buf.length > 1 << 20) {
        if (!stream.write(buf)) await once(stream, 'drain');
        buf = '';
      }
    }
    stream.end(buf);
    await once(stream, 'finish');
  },
};

/** A large file opened in the editor: indexed, not parsed. */
async function openLarge() {
  const s = statSync(file);
  const records = await FileRecords.open(file, { size: s.size, mtimeMs: s.mtimeMs });
  const model = new DatasetModel(records);
  return new DatasetView(model, layoutById('original'));
}

/** What the dataset editor does on opening a file: read, index, detect, render the first rows. */
async function openInEditor() {
  const model = new DatasetModel(await MemoryRecords.load(file, readFileSync(file), { size: 0, mtimeMs: 0 }));
  const sample = Array.from({ length: Math.min(1000, model.count) }, (_, i) => model.value(i));
  const layoutId = detectLayout(sample).layout;
  const layout = layoutId ? layoutById(layoutId) : undefined;
  const columns = columnsFor(layout, sample);
  const view = new DatasetView(model, layout);
  const rows = view.compute({ filter: 'all' }).rows;
  for (let i = 0; i < Math.min(50, rows.length); i++) rowCells(model.value(rows[i]), columns);
  return view;
}

/** Tasks timed after an untimed setup (the editor is already open when the user searches). */
const afterOpen: Record<string, SearchSpec> = {
  'search:plain': { query: '盗窃', regex: false, caseSensitive: false },
  'search:regex': { query: '第[一二三四五六七八九十百]+条', regex: true, caseSensitive: false },
};

async function main() {
  let run = task.startsWith('convert:')
    ? () => withFile(file, (s) => convertFile(s, out, { to: task.slice('convert:'.length) as LayoutId }))
    : task === 'open' ? openInEditor : tasks[task];
  if (afterOpen[task]) {
    const view = await openInEditor();
    run = async () => view.compute({ filter: 'all', search: afterOpen[task] });
  }
  const large = task.startsWith('large-') ? afterOpen[task.slice('large-'.length)] : undefined;
  if (large) {
    const view = await openLarge();
    run = async () => view.computeAsync({ filter: 'all', search: large });
  }
  if (task === 'large-open') run = openLarge;
  if (task.startsWith('jsonl-convert:')) {
    run = () => withFile(file, (s) => convertFile(s, out, { to: task.slice('jsonl-convert:'.length) as LayoutId, format: 'jsonl' }));
  }
  if (!run) throw new Error(`unknown task ${task}`);
  const t0 = performance.now();
  await run();
  const ms = performance.now() - t0;
  rmSync(out, { force: true });
  console.log(JSON.stringify({ ms, rssMB: process.resourceUsage().maxRSS / 1024 }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
