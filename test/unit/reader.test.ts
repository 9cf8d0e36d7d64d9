// The scanner and reader on nasty input: every case is read with chunk sizes from 1 byte up,
// so record boundaries, escapes and multi-byte characters fall across chunk edges.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { bufferSource, indexRecords, LISTED_ERRORS, loadDataset, RecordReader, withFile, type LoadedDataset } from '../../extension/core/dataset/reader';
import { CancelledError } from '../../extension/core/progress';

const CHUNKS = [1, 2, 3, 5, 7, 64, 1 << 20];

async function loadAll(text: string | Buffer): Promise<LoadedDataset> {
  const bytes = typeof text === 'string' ? Buffer.from(text) : text;
  let first: LoadedDataset | undefined;
  for (const chunkSize of CHUNKS) {
    const r = await loadDataset(bufferSource('data.json', bytes), { chunkSize });
    if (!first) first = r;
    else assert.deepEqual(r, first, `chunk size ${chunkSize} reads differently`);
  }
  return first!;
}

const values = (d: LoadedDataset) => d.records.map((r) => r.value);
const where = (d: LoadedDataset) => d.errors.map((e) => `${e.line}:${e.column}#${e.record ?? '-'}`);

test('JSON array with escaped quotes, backslashes and brackets inside strings', async () => {
  const recs = [{ a: 'x"]}' }, { b: '\\' }, { c: '\\"{[' }, { d: '问：答：' }];
  const d = await loadAll(JSON.stringify(recs, null, 2));
  assert.equal(d.format, 'json');
  assert.deepEqual(values(d), recs);
  assert.deepEqual(d.errors, []);
});

test('record byte ranges cover exactly the record text', async () => {
  const text = '[ {"a":"中文"} ,\n\t{"b":[1,{"c":2}]}]';
  const d = await loadAll(text);
  const bytes = Buffer.from(text);
  assert.deepEqual(
    d.records.map((r) => bytes.toString('utf8', r.start, r.end)),
    ['{"a":"中文"}', '{"b":[1,{"c":2}]}'],
  );
});

test('JSONL with BOM, CRLF, blank lines and multi-byte characters', async () => {
  const d = await loadAll('\ufeff{"input":"盗窃罪"}\r\n\r\n  \r\n{"input":"诈骗罪"}\r\n');
  assert.equal(d.format, 'jsonl');
  assert.equal(d.bom, true);
  assert.equal(d.crlf, true);
  assert.deepEqual(values(d), [{ input: '盗窃罪' }, { input: '诈骗罪' }]);
});

test('JSON array with a BOM and CRLF line endings', async () => {
  const d = await loadAll('\ufeff[\r\n  {"a": 1},\r\n  {"a": 2}\r\n]\r\n');
  assert.deepEqual([d.format, d.bom, d.crlf], ['json', true, true]);
  assert.deepEqual(values(d), [{ a: 1 }, { a: 2 }]);
});

test('JSONL: every bad line is reported with line and column, the good ones still load', async () => {
  const d = await loadAll('{"a":1}\n{"a":\n{"a":3}\nnot json\n[1]\n{"a":"中文" x}\n{"a":7}');
  assert.deepEqual(values(d), [{ a: 1 }, { a: 3 }, { a: 7 }]);
  assert.equal(d.total, 7);
  assert.deepEqual(where(d), ['2:6#1', '4:1#3', '5:1#4', '6:11#5']);
  assert.match(d.errors[2].message, /must be a JSON object, not an array/);
  assert.equal(d.errors[0].file, 'data.json');
});

test('JSON array: a bad record is located and the rest still load', async () => {
  const d = await loadAll('[\n  {"a": 1},\n  {"a": 2,},\n  {"a": "你好" 3},\n  {"a": 4}\n]');
  assert.deepEqual(values(d), [{ a: 1 }, { a: 4 }]);
  assert.deepEqual(where(d), ['3:11#1', '4:14#2']);
});

test('missing comma, trailing comma and content after the array', async () => {
  const d = await loadAll('[{"a":1} {"a":2},]x');
  assert.deepEqual(values(d), [{ a: 1 }, { a: 2 }]);
  assert.deepEqual(
    d.errors.map((e) => [e.column, e.message]),
    [
      [10, "Expected ',' or ']' after a record"],
      [18, 'Trailing comma before the closing ]'],
      [19, 'Unexpected content after the closing ]'],
    ],
  );
});

test('a truncated last record is reported and the earlier ones survive', async () => {
  const d = await loadAll('[{"a":1},\n{"a":"截断');
  assert.deepEqual(values(d), [{ a: 1 }]);
  assert.deepEqual(where(d), ['2:1#1', '2:9#-']);
  assert.match(d.errors[0].message, /ends inside this record/);
});

test('empty inputs', async () => {
  for (const text of ['', '[]', '  [ \n ]  ', '\n\n']) {
    const d = await loadAll(text);
    assert.deepEqual([d.total, d.errors.length], [0, 0], JSON.stringify(text));
  }
});

test('whitespace between records and scalar records', async () => {
  const d = await loadAll('[\n\n  {"a":1}  \n\n , \t 42 , null ]');
  assert.deepEqual(values(d), [{ a: 1 }]);
  assert.deepEqual(d.errors.map((e) => e.record), [1, 2]);
});

test('multi-byte characters split at every possible chunk boundary', async () => {
  const recs = Array.from({ length: 20 }, (_, i) => ({ input: `第${i}条：刑法第二百六十四条“盗窃”🙂`, output: '\\"'.repeat(i) }));
  for (const text of [JSON.stringify(recs), recs.map((r) => JSON.stringify(r)).join('\n')]) {
    assert.deepEqual(values(await loadAll(text)), recs);
  }
});

test('the index agrees with the reader, and reads files from disk', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lexreview-'));
  const file = join(dir, 'd.json');
  const text = JSON.stringify([{ a: '"]' }, { b: 2 }, { c: '中' }], null, 2);
  await writeFile(file, text);
  const index = await withFile(file, (s) => indexRecords(s, { chunkSize: 3 }));
  assert.equal(index.count, 3);
  const bytes = Buffer.from(text);
  assert.deepEqual(
    Array.from(index.starts, (s, i) => JSON.parse(bytes.toString('utf8', s, index.ends[i]))),
    JSON.parse(text),
  );
  // A failed or successful read never changes the file.
  assert.equal(await readFile(file, 'utf8'), text);
});

test('progress is reported and cancellation stops the pass', async () => {
  const bytes = Buffer.from(Array.from({ length: 100 }, (_, i) => `{"i":${i}}`).join('\n'));
  const seen: number[] = [];
  await loadDataset(bufferSource('x', bytes), { chunkSize: 100, onProgress: (done) => seen.push(done) });
  assert.equal(seen.at(-1), bytes.length);
  assert.ok(seen.length > 5);
  const controller = new AbortController();
  await assert.rejects(
    loadDataset(bufferSource('x', bytes), {
      chunkSize: 100,
      signal: controller.signal,
      onProgress: () => controller.abort(),
    }),
    CancelledError,
  );
});

test('errors past the listed limit are counted, not kept', async () => {
  const text = Array.from({ length: LISTED_ERRORS + 50 }, () => '{bad').join('\n');
  const reader = new RecordReader(bufferSource('bad.jsonl', Buffer.from(text)));
  for await (const _ of reader.batches());
  assert.equal((await reader.errors()).length, LISTED_ERRORS);
  assert.equal(reader.errorCount, LISTED_ERRORS + 50);
});

test('bytes that are not UTF-8 make a located error, never U+FFFD; a literal U+FFFD stays valid', async () => {
  const bad = Buffer.concat([Buffer.from('{"input":"问","output":"一"}\n{"input":"盗'), Buffer.from([0xff, 0xfe]), Buffer.from('窃","output":"二"}\n{"input":"\ufffd","output":"三"}\n')]);
  for (const d of [await loadAll(bad), await loadAll(Buffer.from(`[${bad.toString('latin1').trim().split('\n').join(',')}]`, 'latin1'))]) {
    assert.deepEqual(values(d), [{ input: '问', output: '一' }, { input: '\ufffd', output: '三' }]);
    assert.equal(d.errors.length, 1);
    assert.equal(d.errors[0].record, 1);
    assert.match(d.errors[0].message, /^invalid UTF-8 \(byte 0xFF at offset \d+\)$/);
    const offset = Number(/offset (\d+)/.exec(d.errors[0].message)![1]);
    const bytes = d.format === 'json' ? Buffer.from(`[${bad.toString('latin1').trim().split('\n').join(',')}]`, 'latin1') : bad;
    assert.equal(bytes[offset], 0xff);
  }
  // Located at the bad byte: line 2, after `{"input":"盗` (11 characters).
  assert.deepEqual(where(await loadAll(bad)), ['2:12#1']);
  const index = await indexRecords(bufferSource('x', bad), { chunkSize: 5 });
  assert.equal(index.count, 3);
  assert.deepEqual(index.errors.map((e) => [e.line, e.column, e.record]), [[2, 12, 1]]);
});

test('overlong forms, surrogates and cut sequences are not UTF-8', async () => {
  for (const seq of [[0xc0, 0xaf], [0xed, 0xa0, 0x80], [0xe4, 0xb8], [0xf5, 0x80, 0x80, 0x80], [0x80]]) {
    const d = await loadAll(Buffer.concat([Buffer.from('{"a":"'), Buffer.from(seq), Buffer.from('"}\n{"a":"ok"}')]));
    assert.deepEqual(values(d), [{ a: 'ok' }], seq.join());
    assert.match(d.errors[0].message, new RegExp(`byte 0x${seq[0].toString(16).toUpperCase()} at offset 6`));
  }
});
