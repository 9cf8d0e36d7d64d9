// Large-file base records: lazy parsing from byte offsets, raw-byte search pre-filter, saves
// that copy untouched bytes, incremental indexing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { FileRecords } from '../../extension/core/dataset/document/fileRecords';
import { DatasetModel } from '../../extension/core/dataset/document/datasetModel';
import { DatasetView, rawNeedles, regexNeedles } from '../../extension/core/dataset/document/datasetView';
import { layoutById } from '../../extension/core/dataset/layouts';
import { legalRecords } from '../../bench/legalText';

const recs = [...legalRecords(3000, 11)];

async function fileOf(name: string, text: string): Promise<{ path: string; records: FileRecords }> {
  const dir = await mkdtemp(join(tmpdir(), 'lexreview-fr-'));
  const path = join(dir, name);
  await writeFile(path, text);
  const s = await stat(path);
  return { path, records: await FileRecords.open(path, { size: s.size, mtimeMs: s.mtimeMs }, { chunkSize: 1 << 16 }) };
}

const texts: Record<string, string> = {
  'pretty.json': JSON.stringify(recs, null, 2) + '\n',
  'lines.jsonl': recs.map((r) => JSON.stringify(r)).join('\r\n') + '\r\n',
  // As Python's json.dumps writes it by default: every non-ASCII character \u-escaped.
  'ascii.jsonl': recs.map((r) => JSON.stringify(r).replace(/[^\x00-\x7f]/g, (c) => '\\u' + c.charCodeAt(0).toString(16).padStart(4, '0'))).join('\n') + '\n',
};

test('records are read lazily and an untouched save is byte-identical', async () => {
  for (const [name, text] of Object.entries(texts)) {
    const { path, records } = await fileOf(name, text);
    assert.equal(records.count, recs.length, name);
    assert.deepEqual(records.value(2999), recs[2999], name);
    assert.deepEqual(records.value(0), recs[0], name);
    const model = new DatasetModel(records);
    await model.save(path + '.out');
    assert.equal(await readFile(path + '.out', 'utf8'), text, name);
    // An edit near the end changes that record only.
    model.setRecord(2998, { input: '改', output: '改过' });
    await model.save(path);
    const back = await readFile(path, 'utf8');
    const values = name.endsWith('.json') ? JSON.parse(back) : back.trim().split(/\r?\n/).map((l) => JSON.parse(l));
    assert.deepEqual(values, [...recs.slice(0, 2998), { input: '改', output: '改过' }, recs[2999]], name);
    assert.deepEqual(model.value(5), recs[5], 'the old bytes stay readable after the save renamed over them');
    records.close();
  }
});

test('a plain search with the raw pre-filter finds what the full parse finds, in every encoding', async () => {
  for (const [name, text] of Object.entries(texts)) {
    const { records } = await fileOf(name, text);
    const model = new DatasetModel(records);
    const view = new DatasetView(model, layoutById('original'));
    for (const query of ['盗窃', '第二百六十四条', '自首', 'input', '不存在的词']) {
      const spec = { filter: 'all' as const, search: { query, regex: false, caseSensitive: false } };
      const slow = view.compute(spec);
      const partial: number[] = [];
      const fast = await view.computeAsync(spec, { onPartial: (found) => partial.push(found) });
      assert.deepEqual([...fast.rows], [...slow.rows], `${name}: ${query}`);
      assert.equal(fast.matches, slow.matches, `${name}: ${query}`);
      assert.ok(partial.length >= 1);
    }
    records.close();
  }
});

test('a regex search with the raw pre-filter finds what the full parse finds, in every encoding', async () => {
  const queries: Array<[string, boolean]> = [
    ['第[一二三四五六七八九十百]+条', false],
    ['盗窃(罪|案)', false],
    ['刑法第\\d+条', false],
    ['(?:可以|应当)从轻', false],
    ['判处?有期徒刑', false],
    ['三年以下有期徒刑{1,2}', false],
    ['有期徒刑{0}', false],
    ['^如果您', false],
    ['刑法.{2}条', false],
    ['Criminal', false],
    ['criminal', true],
    ['不存在的词|盗窃', false],
    ['盗{2}', false],
    ['\\u76d7窃', false],
    ['[盗窃]{2}', false],
  ];
  for (const [name, text] of Object.entries(texts)) {
    const { records } = await fileOf(name, text);
    const model = new DatasetModel(records);
    const view = new DatasetView(model, layoutById('original'));
    for (const [query, caseSensitive] of queries) {
      const spec = { filter: 'all' as const, search: { query, regex: true, caseSensitive } };
      const slow = view.compute(spec);
      const fast = await view.computeAsync(spec);
      assert.deepEqual([...fast.rows], [...slow.rows], `${name}: ${query}`);
      assert.equal(fast.matches, slow.matches, `${name}: ${query}`);
    }
    records.close();
  }
});

test('raw needles: escapes and case folding make the pre-filter unsafe', () => {
  assert.equal(rawNeedles({ query: 'a<b', regex: false, caseSensitive: true }), undefined, 'Go and Gson write < as \\u003c');
  assert.equal(regexNeedles({ query: 'theft', regex: true, caseSensitive: false }), undefined);
  assert.equal(regexNeedles({ query: '盗窃|诈骗', regex: true, caseSensitive: false }), undefined);
  assert.deepEqual(regexNeedles({ query: '第\\d+条款', regex: true, caseSensitive: false }), rawNeedles({ query: '条款', regex: false, caseSensitive: false }));
  assert.equal(rawNeedles({ query: 'a"b', regex: false, caseSensitive: true }), undefined);
  assert.equal(rawNeedles({ query: 'Theft', regex: false, caseSensitive: false }), undefined);
  assert.equal(rawNeedles({ query: 'x.y', regex: true, caseSensitive: true }), undefined);
  assert.equal(rawNeedles({ query: '盗窃', regex: false, caseSensitive: false })!.length, 3);
  assert.equal(rawNeedles({ query: '123', regex: false, caseSensitive: false })!.length, 1);
});

test('unparseable records of a large file are reported, kept verbatim on save', async () => {
  const text = '{"input":"一","output":"1"}\n{broken\n{"input":"三","output":"3"}\n';
  const { path, records } = await fileOf('broken.jsonl', text);
  const model = new DatasetModel(records);
  assert.equal(model.count, 3);
  assert.match(model.problem(1) ?? '', /Expected property name/);
  assert.equal(model.problem(0), undefined);
  model.setRecord(2, { input: '三', output: '三' });
  await model.save(path);
  assert.equal(await readFile(path, 'utf8'), '{"input":"一","output":"1"}\n{broken\n{"input":"三","output":"三"}\n');
  records.close();
});

test('the first records are readable while the rest is still being indexed', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lexreview-fr-'));
  const path = join(dir, 'grow.jsonl');
  await writeFile(path, texts['lines.jsonl']);
  const s = await stat(path);
  const seen: Array<[number, string]> = [];
  const records = await FileRecords.open(path, { size: s.size, mtimeMs: s.mtimeMs }, {
    chunkSize: 1 << 14,
    onChunk: (r) => {
      if (r.count > 0 && seen.length < 3) seen.push([r.count, r.value(r.count - 1).input as string]);
    },
  });
  assert.ok(seen.length === 3 && seen[0][0] < recs.length, 'records readable before the end');
  assert.equal(seen[0][1], recs[seen[0][0] - 1].input);
  assert.equal(records.complete, true);
  records.close();
});

test('a file rewritten in place under an open document is not saved over with stale offsets', async () => {
  const { path, records } = await fileOf('inplace.jsonl', texts['lines.jsonl']);
  const model = new DatasetModel(records);
  model.setRecord(0, { input: '改', output: '改' });
  // Same inode, other bytes: what Python's open(path, 'w') does.
  await writeFile(path, recs.slice(0, 1200).map((r) => JSON.stringify(r)).join('\n') + '\n');
  const rewritten = await readFile(path, 'utf8');
  await assert.rejects(model.save(path), /rewritten in place/);
  assert.equal(await readFile(path, 'utf8'), rewritten, 'nothing was written');
  records.close();
});

test('the raw search counts agree with the parsed ones, extra fields included', async () => {
  const lines = [
    { id: '刑法-1', input: '问', output: '答' },
    { input: '刑法第264条', output: '依照刑法' },
    { input: 'x', output: 'y', note: '无关' },
  ].map((r) => JSON.stringify(r));
  const { records } = await fileOf('extra.jsonl', lines.join('\n') + '\n');
  const view = new DatasetView(new DatasetModel(records), layoutById('original'));
  const spec = { filter: 'all' as const, search: { query: '刑法', regex: false, caseSensitive: false } };
  const fast = await view.computeAsync(spec);
  const slow = view.compute(spec);
  assert.deepEqual([[...fast.rows], fast.matches], [[0, 1], 3]);
  assert.deepEqual([[...slow.rows], slow.matches], [[0, 1], 3]);
  records.close();
});

test('raw search counts: repeated and self-overlapping text is counted as the parsed texts count it', async () => {
  const values = [
    { input: '盗盗盗窃窃', output: '盗窃盗窃盗窃' },
    { input: '窃盗', output: '盗' },
    { input: '1111', output: '11 111' },
    { input: '盗窃'.repeat(500), output: '窃'.repeat(100) + '盗' },
  ];
  const { records } = await fileOf('repeat.jsonl', values.map((r) => JSON.stringify(r)).join('\n') + '\n');
  const view = new DatasetView(new DatasetModel(records), layoutById('original'));
  for (const query of ['盗盗', '盗窃', '窃盗', '窃', '11', '111']) {
    const spec = { filter: 'all' as const, search: { query, regex: false, caseSensitive: false } };
    const fast = await view.computeAsync(spec);
    const slow = view.compute(spec);
    assert.deepEqual([[...fast.rows], fast.matches], [[...slow.rows], slow.matches], query);
  }
  records.close();
});

test('a large file whose record is not UTF-8 lists the error (so the editor opens it read-only) and never shows or saves U+FFFD', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lexreview-fr-'));
  const path = join(dir, 'bytes.jsonl');
  const bytes = Buffer.concat([Buffer.from('{"input":"一","output":"1"}\n{"input":"'), Buffer.from([0xff, 0xfe]), Buffer.from('","output":"2"}\n{"input":"三","output":"3"}\n')]);
  await writeFile(path, bytes);
  const s = await stat(path);
  const records = await FileRecords.open(path, { size: s.size, mtimeMs: s.mtimeMs }, { chunkSize: 7 });
  assert.deepEqual(records.errors.map((e) => [e.line, e.column, e.record]), [[2, 11, 1]]);
  assert.match(records.errors[0].message, new RegExp(`^invalid UTF-8 \\(byte 0xFF at offset ${bytes.indexOf(0xff)}\\)`));
  const model = new DatasetModel(records);
  assert.match(model.problem(1) ?? '', new RegExp(`^invalid UTF-8 \\(byte 0xFF at offset ${bytes.indexOf(0xff)}\\)`));
  assert.deepEqual(model.value(1), {});
  records.prefetch(0, 2);
  assert.deepEqual(records.value(1), {});
  assert.deepEqual(records.value(2), { input: '三', output: '3' });
  await model.save(path);
  assert.deepEqual(await readFile(path), bytes);
  records.close();
});
