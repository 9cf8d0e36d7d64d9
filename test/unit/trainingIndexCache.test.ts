// The training-index cache stays bounded: indexes of deleted training files go, and only the most
// recently used MAX_CACHED_INDEXES stay (each is about the size of its training file's text).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { indexCachePath, loadOrBuildTrainingIndex, MAX_CACHED_INDEXES } from '../../extension/core/quality/trainingIndexCache';

function trainingFile(dir: string, i: number): string {
  const path = join(dir, `train${i}.json`);
  const records = Array.from({ length: 3 }, (_, r) => ({ instruction: `问题 ${i}-${r}：合同违约怎么办？`, input: '', output: `回答 ${i}-${r}：可以依法要求对方承担违约责任，先协商，协商不成可以起诉。` }));
  writeFileSync(path, JSON.stringify(records));
  return path;
}

const cached = (dir: string) => readdirSync(dir).filter((n) => n.endsWith('.lxindex')).sort();

test('the cache keeps the most recently used indexes and drops those of deleted training files', async () => {
  const tmp = mkdtempSync(join(tmpdir(), 'lexreview-index-cache-'));
  try {
    const cache = join(tmp, 'index');
    const files = Array.from({ length: MAX_CACHED_INDEXES + 2 }, (_, i) => trainingFile(tmp, i));
    // Built one after the other, each a second "older" than the next, so the order of use is unambiguous.
    for (const [i, f] of files.entries()) {
      await loadOrBuildTrainingIndex(f, cache);
      const at = new Date(Date.now() - (files.length - i) * 1000);
      utimesSync(indexCachePath(cache, f), at, at);
    }
    assert.deepEqual(cached(cache), files.slice(-MAX_CACHED_INDEXES).map((f) => indexCachePath(cache, f).split('/').pop()).sort());

    // A cache hit counts as a use: the oldest kept one, used again, survives the next build.
    const reused = files[files.length - MAX_CACHED_INDEXES];
    assert.equal((await loadOrBuildTrainingIndex(reused, cache)).cached, true);
    rmSync(files[files.length - 1]); // its index goes at the next prune
    await loadOrBuildTrainingIndex(files[0], cache); // rebuilt: it was pruned
    const left = cached(cache);
    assert.ok(left.includes(indexCachePath(cache, reused).split('/').pop()!), 'the index used again is kept');
    assert.ok(left.includes(indexCachePath(cache, files[0]).split('/').pop()!), 'the one just built is kept');
    assert.ok(!left.includes(indexCachePath(cache, files[files.length - 1]).split('/').pop()!), "a deleted training file's index is gone");
    assert.ok(left.length <= MAX_CACHED_INDEXES);

    // Files that are not the cache's own are never touched.
    writeFileSync(join(cache, 'notes.txt'), 'mine');
    await loadOrBuildTrainingIndex(files[1], cache);
    assert.ok(readdirSync(cache).includes('notes.txt'));
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
});
