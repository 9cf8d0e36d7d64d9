// The Datasets view's scan: which JSON files are datasets, which are malformed datasets, which
// are left out (package.json, tsconfig.json, settings.json, logs), and the exact record count
// when only a sample is parsed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { bufferSource } from '../../extension/core/dataset/reader';
import { CancelledError } from '../../extension/core/progress';
import { classify, probeDataset, type DatasetProbeOptions } from '../../extension/features/datasetTree/datasetProbe';

const scan = (name: string, text: string, opts: DatasetProbeOptions = {}) => probeDataset(bufferSource(name, Buffer.from(text)), name, opts);

const original = (n: number) => Array.from({ length: n }, (_, i) => ({ input: `问题${i}`, output: `回答${i}` }));
const alpaca = (n: number) => Array.from({ length: n }, (_, i) => ({ instruction: `问${i}`, input: '', output: `答${i}` }));
const jsonl = (records: unknown[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';

test('a JSON array of records is a dataset with its count, layout and format', async () => {
  const s = await scan('law.json', JSON.stringify(original(12), null, 2));
  assert.deepEqual(s && { kind: s.kind, records: s.records, layout: s.layout, format: s.format, errors: s.errors }, {
    kind: 'dataset',
    records: 12,
    layout: 'original',
    format: 'json',
    errors: [],
  });
});

test('JSONL of alpaca records, in a .jsonl or a .json file, is a dataset', async () => {
  for (const name of ['a.jsonl', 'a.json']) {
    const s = await scan(name, jsonl(alpaca(3)));
    assert.equal(s?.kind, 'dataset', name);
    assert.equal(s?.records, 3);
    assert.equal(s?.layout, 'alpaca');
    assert.equal(s?.format, 'jsonl');
  }
});

test('preference data, pretraining text and ShareGPT with tool turns are listed with their layouts', async () => {
  const files: Record<string, [unknown[], string]> = {
    'dpo.json': [[{ instruction: '问', input: '', chosen: '好', rejected: '坏' }], 'alpaca-preference'],
    'dpo.jsonl': [[{ conversations: [{ from: 'human', value: '问' }], chosen: { from: 'gpt', value: '好' }, rejected: { from: 'gpt', value: '坏' } }], 'sharegpt-preference'],
    'pt.jsonl': [[{ text: '判决书一' }, { text: '判决书二' }], 'text'],
    'tools.json': [[{ conversations: [{ from: 'human', value: '问' }, { from: 'function_call', value: '{}' }, { from: 'observation', value: '{}' }, { from: 'gpt', value: '答' }], tools: '[]' }], 'sharegpt'],
  };
  for (const [name, [records, layout]] of Object.entries(files)) {
    const s = await scan(name, name.endsWith('.jsonl') ? jsonl(records) : JSON.stringify(records, null, 2));
    assert.deepEqual(s && [s.kind, s.layout, s.records], ['dataset', layout, records.length], name);
  }
});

test('configuration files and other JSON are left out', async () => {
  const others: Record<string, string> = {
    'package.json': JSON.stringify({ name: 'x', version: '1.0.0', scripts: { build: 'tsc' }, contributes: { views: [] } }, null, 2),
    'tsconfig.json': '{\n  // comment\n  "compilerOptions": { "strict": true },\n}\n',
    'settings.json': '{"editor.fontSize": 14}',
    // A one-line object that happens to fit a layout is still a document, not a dataset.
    'one.json': '{"input": "问", "output": "答"}',
    // A pretty-printed document some of whose lines parse as records.
    'doc.json': '{\n  "examples": [\n{"input": "问", "output": "答"}\n  ]\n}\n',
    'numbers.json': '[1, 2, 3]',
    'strings.json': '["a", "b"]',
    'objects.json': JSON.stringify([{ key: 'ctrl+s', command: 'save' }], null, 2),
    'empty-array.json': '[]',
    'empty.json': '',
    'empty.jsonl': '\n\n',
    'trainer_log.jsonl': jsonl([{ current_steps: 1, loss: 2.1 }, { current_steps: 2, loss: 1.9 }]),
    // A log with one broken line is still a log.
    'broken_log.jsonl': jsonl([{ current_steps: 1, loss: 2.1 }]) + '{"current_steps": 2,\n',
  };
  for (const [name, text] of Object.entries(others)) assert.equal(await scan(name, text), undefined, name);
});

test('a JSONL dataset with a broken line is malformed; the first error has line, column and message', async () => {
  const text = jsonl(original(2)) + '{"input": "问题", "output": \n' + jsonl(original(1));
  const s = await scan('broken.jsonl', text);
  assert.equal(s?.kind, 'malformed');
  assert.equal(s?.records, 4);
  assert.equal(s?.layout, 'original');
  assert.equal(s?.errors[0].line, 3);
  assert.equal(s?.errors[0].record, 2);
  assert.ok(s!.errors[0].column >= 1);
  assert.ok(s!.errors[0].message.length > 0);
});

test('a truncated JSON array of records is malformed', async () => {
  const full = JSON.stringify(original(5), null, 2);
  const s = await scan('cut.json', full.slice(0, full.length - 40));
  assert.equal(s?.kind, 'malformed');
  assert.equal(s?.layout, 'original');
  assert.match(s!.errors.map((e) => e.message).join('\n'), /ends inside|Missing '\]'/);
});

test('a .jsonl file none of whose lines can be read is malformed; a .json one is left out', async () => {
  const text = '{"input": "问", \n{"output": oops}\n';
  assert.equal((await scan('bad.jsonl', text))?.kind, 'malformed');
  assert.equal(await scan('bad.json', text), undefined);
});

test('past the sample only the byte scan runs: exact count, structural errors further on found', async () => {
  const opts = { sampleRecords: 10, chunkSize: 64 };
  const big = JSON.stringify(original(500), null, 2);
  const s = await scan('big.json', big, opts);
  assert.deepEqual(s && { kind: s.kind, records: s.records, layout: s.layout }, { kind: 'dataset', records: 500, layout: 'original' });

  const lines = jsonl(original(300));
  const l = await scan('big.jsonl', lines, opts);
  assert.equal(l?.records, 300);

  // A missing comma between records 400 and 401, far past the sample.
  const items = original(500).map((r) => JSON.stringify(r));
  const broken = '[' + items.slice(0, 400).join(',\n') + '\n' + items.slice(400).join(',\n') + ']';
  const b = await scan('broken.json', broken, opts);
  assert.equal(b?.kind, 'malformed');
  assert.equal(b?.records, 500);
  assert.equal(b?.errors[0].line, 401);
  assert.match(b!.errors[0].message, /Expected ','/);
});

test('a large non-dataset is not read to the end', async () => {
  let read = 0;
  const text = Buffer.from(JSON.stringify({ items: Array.from({ length: 5000 }, (_, i) => ({ id: i, name: `n${i}` })) }, null, 2));
  const source = bufferSource('huge.json', text);
  const counting = { ...source, read: (p: number, n: number) => ((read += n), source.read(p, n)) };
  assert.equal(await probeDataset(counting, 'huge.json', { sampleRecords: 100, chunkSize: 1024 }), undefined);
  assert.ok(read < text.length / 4, `read ${read} of ${text.length} bytes`);
});

test('a scan can be cancelled', async () => {
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(scan('law.json', JSON.stringify(original(3)), { signal: controller.signal }), CancelledError);
});

test('classify: the rules on their own', () => {
  const base = { fileName: 'a.jsonl', format: 'jsonl' as const, seen: 10, parsed: 10, layout: 'alpaca' as const, errors: 0 };
  assert.equal(classify(base), 'dataset');
  assert.equal(classify({ ...base, layout: undefined }), 'other');
  assert.equal(classify({ ...base, errors: 1, parsed: 9 }), 'malformed');
  assert.equal(classify({ ...base, errors: 10, parsed: 0, layout: undefined }), 'malformed');
  assert.equal(classify({ ...base, fileName: 'a.JSON', errors: 10, parsed: 0, layout: undefined }), 'other');
  assert.equal(classify({ ...base, fileName: 'a.json', seen: 1, parsed: 1 }), 'other');
  assert.equal(classify({ ...base, fileName: 'a.json', format: 'json', seen: 1, parsed: 1 }), 'dataset');
  assert.equal(classify({ ...base, fileName: 'a.json', errors: 6, parsed: 4 }), 'other');
  assert.equal(classify({ ...base, fileName: 'a.json', errors: 1, parsed: 9 }), 'malformed');
});
