import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MemoryRecords } from '../../extension/core/dataset/document/baseRecords';
import { DatasetModel } from '../../extension/core/dataset/document/datasetModel';
import { compileSearch, DatasetView, TEMPLATE_MARKERS, type ViewSpec } from '../../extension/core/dataset/document/datasetView';
import { columnsFor } from '../../extension/core/dataset/document/recordPresentation';
import { layoutById } from '../../extension/core/dataset/layouts';

const recs = [
  { input: '盗窃罪的立案标准？', output: '盗窃公私财物，数额较大的……盗窃' },
  { input: '诈骗罪怎么判？', output: '  ' },
  { input: '盗窃罪的立案标准？', output: 'USER: 你好 ASSISTANT: 好' },
  { input: 'Theft?', output: 'theft THEFT' },
  { question: '不符合', answer: '格式' },
  ...Array.from({ length: 40 }, (_, i) => ({ input: `普通的问题${i}号`, output: '一'.repeat(5 + i * 5) })),
  { input: '超长回答', output: '长'.repeat(5000) },
];

async function view(): Promise<{ model: DatasetModel; view: DatasetView }> {
  const model = new DatasetModel(await MemoryRecords.load('v.json', Buffer.from(JSON.stringify(recs)), { size: 0, mtimeMs: 0 }));
  return { model, view: new DatasetView(model, layoutById('original')) };
}

const rowsOf = (v: DatasetView, spec: ViewSpec) => [...v.compute(spec).rows];

test('filters find the problems of fine-tuning data', async () => {
  const { view: v, model } = await view();
  assert.deepEqual(rowsOf(v, { filter: 'blank' }), [1]);
  assert.deepEqual(rowsOf(v, { filter: 'duplicateQuestion' }), [0, 2]);
  assert.deepEqual(rowsOf(v, { filter: 'templateMarker' }), [2]);
  assert.deepEqual(rowsOf(v, { filter: 'misfit' }), [4]);
  assert.deepEqual(rowsOf(v, { filter: 'lengthOutlier' }), [recs.length - 1]);
  assert.deepEqual(rowsOf(v, { filter: 'edited' }), []);
  model.setRecord(3, { input: '盗窃罪的立案标准？', output: '改' });
  assert.deepEqual(rowsOf(v, { filter: 'edited' }), [3]);
  assert.deepEqual(rowsOf(v, { filter: 'duplicateQuestion' }), [0, 2, 3], 'recomputed after the edit');
});

test('search counts every occurrence over all fields, plain or regex, with or without case', async () => {
  const { view: v } = await view();
  const s = (query: string, regex = false, caseSensitive = false) => v.compute({ filter: 'all', search: { query, regex, caseSensitive } });
  assert.deepEqual([...s('盗窃').rows], [0, 2]);
  assert.equal(s('盗窃').matches, 4);
  assert.equal(s('theft').matches, 3);
  assert.equal(s('theft', false, true).matches, 1);
  assert.equal(s('th.ft', true).matches, 3);
  assert.deepEqual([s('th.ft').matches, s('th.ft').rows.length], [0, 0]);
  assert.match(s('(', true).searchError ?? '', /Invalid regular expression/);
  // Empty matches are neither counted nor highlighted, and do not loop forever.
  assert.equal(s('x*', true).matches, 0);
  assert.equal(s('f*', true).matches, 3);
  assert.deepEqual([...v.compute({ filter: 'blank', search: { query: '诈骗', regex: false, caseSensitive: false } }).rows], [1]);
});

test('sorting by a column, by length and in reverse order is stable', async () => {
  const { view: v } = await view();
  const byLength = rowsOf(v, { filter: 'all', sort: { key: 'length', descending: true } });
  assert.equal(byLength[0], recs.length - 1);
  const byInput = rowsOf(v, { filter: 'duplicateQuestion', sort: { key: 'input', descending: false } });
  assert.deepEqual(byInput, [0, 2]);
  assert.deepEqual(rowsOf(v, { filter: 'all', sort: { key: '#', descending: true } }).slice(0, 2), [recs.length - 1, recs.length - 2]);
});

test('compileSearch escapes plain queries', () => {
  const m = compileSearch({ query: 'a.b(', regex: false, caseSensitive: false });
  assert.ok(typeof m === 'function');
  assert.equal(m('a.b( axb('), 1);
});

test('a cancelled view computation answers with what it found so far', async () => {
  const many = Array.from({ length: 45000 }, (_, i) => ({ input: `问题${i}`, output: i % 2 ? '盗窃' : '诈骗' }));
  const model = new DatasetModel(await MemoryRecords.load('m.json', Buffer.from(JSON.stringify(many)), { size: 0, mtimeMs: 0 }));
  const v = new DatasetView(model, layoutById('original'));
  const controller = new AbortController();
  const spec: ViewSpec = { filter: 'all', search: { query: '盗窃', regex: false, caseSensitive: false } };
  const partial = await v.computeAsync(spec, { signal: controller.signal, onPartial: () => controller.abort() });
  assert.equal(partial.scanned, 20000);
  assert.equal(partial.rows.length, 10000);
  assert.equal(partial.matches, 10000);
  const full = await v.computeAsync(spec);
  assert.deepEqual([full.scanned, full.rows.length], [undefined, 22500]);
});

test('template markers count where a turn starts, not inside prose; special tokens anywhere', () => {
  assert.equal(TEMPLATE_MARKERS.test('警方继续盘问：他当晚在哪里？'), false);
  assert.equal(TEMPLATE_MARKERS.test('问：什么是盗窃罪？'), true);
  assert.equal(TEMPLATE_MARKERS.test('回答完毕。\n问：还有吗？'), true);
  assert.equal(TEMPLATE_MARKERS.test('the user said USER: hi'), false);
  assert.equal(TEMPLATE_MARKERS.test('答案</s>'), true);
  assert.equal(TEMPLATE_MARKERS.test('### Instruction:\n…'), true);
});

test('columns: an optional field of the layout is a column only when the file has it', () => {
  const alpaca = layoutById('alpaca');
  assert.deepEqual(columnsFor(alpaca, [{ instruction: 'q', input: '', output: 'a' }]).map((c) => c.key), ['instruction', 'input', 'output']);
  assert.deepEqual(columnsFor(alpaca, [{ instruction: 'q', input: '', output: 'a', system: 's' }]).map((c) => c.key), ['instruction', 'input', 'output', 'system']);
});
