// One measured detector task in its own process, so its peak memory is its own. Prints one JSON
// line: {"ms": time of the measured part, "rssMB": peak resident memory of the process, …extra}.
// Usage (bench/quality.ts bundles it first): node dist/bench-quality-task.js TASK FILE CACHE_DIR
import { closeSync, openSync, readSync } from 'node:fs';
import { withFile } from '../extension/core/dataset/reader';
import { findNearDuplicates, jaccard, recordShingles } from '../extension/core/quality/nearDuplicates';
import { normalizeText } from '../extension/core/quality/normalize';
import { DEFAULT_QUALITY_OPTIONS as D } from '../extension/core/quality/options';
import { scan, type ScanItem } from '../extension/core/quality/scan';
import type { TrainingIndex } from '../extension/core/quality/trainingIndex';
import { loadOrBuildTrainingIndex } from '../extension/core/quality/trainingIndexCache';
import { buildTrainingIndex } from '../extension/core/quality/trainingIndexFile';
import { seededRandom } from '../extension/core/review/random';
import { cleanAnswer } from '../test/unit/qualityFixture';

const [task, file, cacheDir] = process.argv.slice(2);

/** 1,000 answers: half of them with a verbatim copy of 32–200 normalised characters of a training record. */
function answers(index: TrainingIndex, count = 1000): ScanItem[] {
  const r = seededRandom(1);
  const long = index.texts.filter((t) => normalizeText(t).text.length >= 240);
  return Array.from({ length: count }, (_, i) => {
    let answer = cleanAnswer(r);
    if (i % 2 === 0) {
      const norm = normalizeText(long[r.index(long.length)]);
      const length = 32 + r.index(169);
      const start = r.index(norm.text.length - length);
      answer += norm.original.slice(norm.offsets[start], norm.offsets[start + length - 1] + 1);
    }
    return { questionKey: `q${i}`, question: answer.slice(0, 20), model: 'm', answer };
  });
}

/** The naive baseline: every 20-character window of the normalised answer searched in every normalised record text. */
function naiveScan(index: TrainingIndex, items: ScanItem[]): number {
  const corpus = index.texts.map((t) => normalizeText(t).text).join('\u0001');
  let hits = 0;
  for (const it of items) {
    const a = normalizeText(it.answer).text;
    for (let i = 0; i + 20 <= a.length; i += 20) if (corpus.includes(a.slice(i, i + 20))) hits++;
  }
  return hits;
}

const tasks: Record<string, () => Promise<Record<string, number>>> = {
  async index() {
    const t0 = performance.now();
    const { index } = await withFile(file, (s) => buildTrainingIndex(s));
    return { ms: performance.now() - t0, fingerprints: index.copies.size + index.questions.size };
  },
  /** Loading the saved index (it is saved first, outside the measured time). */
  async load() {
    await loadOrBuildTrainingIndex(file, cacheDir);
    const t0 = performance.now();
    const { cached } = await loadOrBuildTrainingIndex(file, cacheDir);
    return { ms: performance.now() - t0, cached: cached ? 1 : 0 };
  },
  async scan() {
    const { index } = await loadOrBuildTrainingIndex(file, cacheDir);
    const items = answers(index);
    const t0 = performance.now();
    const result = scan(items, index, D);
    const ms = performance.now() - t0;
    const found = result.answers.filter((a, i) => i % 2 === 0 && a.findings.some((f) => f.kind === 'leakage')).length;
    return { ms, recall: found / (items.length / 2) };
  },
  /** The naive baseline on 50 answers (it takes seconds), reported per 1,000. */
  async naive() {
    const { index } = await loadOrBuildTrainingIndex(file, cacheDir);
    const items = answers(index, 50);
    const t0 = performance.now();
    naiveScan(index, items);
    return { ms: ((performance.now() - t0) * 1000) / items.length };
  },
  async neardup() {
    const { index } = await loadOrBuildTrainingIndex(file, cacheDir);
    const t0 = performance.now();
    const nd = findNearDuplicates(index, D.nearDuplicates);
    return { ms: performance.now() - t0, groups: nd.groups.length, verified: nd.verified };
  },
  /** The naive near-duplicate baseline: exact Jaccard of every pair of the first 2,000 records, scaled to all pairs. */
  async naiveNeardup() {
    const { index } = await loadOrBuildTrainingIndex(file, cacheDir);
    const t0 = performance.now();
    const sh = recordShingles(index, D.nearDuplicates.shingle);
    const n = Math.min(2000, sh.length);
    let pairs = 0;
    for (let i = 0; i < n; i++) for (let j = i + 1; j < n; j++) if (jaccard(sh[i], sh[j]) >= D.nearDuplicates.minJaccard) pairs++;
    const scale = (sh.length * (sh.length - 1)) / (n * (n - 1));
    return { ms: (performance.now() - t0) * scale, pairs };
  },
};

async function main() {
  // Warm the page cache, as every task of the main bench runs warm.
  const fd = openSync(file, 'r');
  const buf = Buffer.allocUnsafe(1 << 20);
  while (readSync(fd, buf) > 0);
  closeSync(fd);
  const extra = await tasks[task]();
  console.log(JSON.stringify({ ...extra, rssMB: process.resourceUsage().maxRSS / 1024 }));
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
