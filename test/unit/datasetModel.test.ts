// The editable document model: edits through splices, undo/redo, saving in the file's own
// format and style (byte-identical where nothing changed), hot-exit backups.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readFile, readdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { MemoryRecords } from '../../extension/core/dataset/document/baseRecords';
import { DatasetModel } from '../../extension/core/dataset/document/datasetModel';
import { recordLocation } from '../../extension/core/dataset/document/recordLocation';
import { withText, parseFieldPath, emptyRecord, detailFields, rowCells, columnsFor } from '../../extension/core/dataset/document/recordPresentation';
import { layoutById } from '../../extension/core/dataset/layouts';

const fp = { size: 1, mtimeMs: 1 };
const recs = [
  { input: '盗窃罪的立案标准？', output: '数额较大……' },
  { input: '诈骗罪怎么判？', output: '三年以下……' },
  { input: '什么是自首？', output: '主动投案……' },
];

async function modelOf(text: string): Promise<DatasetModel> {
  return new DatasetModel(await MemoryRecords.load('d.json', Buffer.from(text), fp));
}

async function saved(model: DatasetModel): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'lexreview-m-'));
  const file = join(dir, 'out');
  await model.save(file);
  assert.deepEqual(await readdir(dir), ['out'], 'no temp file left behind');
  return readFile(file, 'utf8');
}

const styles: Record<string, string> = {
  pretty: JSON.stringify(recs, null, 2) + '\n',
  fourSpaces: JSON.stringify(recs, null, 4),
  compact: JSON.stringify(recs),
  jsonl: recs.map((r) => JSON.stringify(r)).join('\n') + '\n',
  jsonlCrlfBom: '\ufeff' + recs.map((r) => JSON.stringify(r)).join('\r\n') + '\r\n',
  prettyCrlf: JSON.stringify(recs, null, 2).replace(/\n/g, '\r\n') + '\r\n',
  oddSpacing: '[ {"input":"盗窃罪的立案标准？","output":"数额较大……"} ,\n\n{"input":"诈骗罪怎么判？","output":"三年以下……"},{"input":"什么是自首？","output":"主动投案……"}\n]',
};

test('saving an unedited document writes the same bytes, in every style', async () => {
  for (const [name, text] of Object.entries(styles)) {
    assert.equal(await saved(await modelOf(text)), text, name);
  }
});

test('an edited record is written in the style of its neighbours', async () => {
  for (const [name, text] of Object.entries(styles)) {
    const m = await modelOf(text);
    m.setRecord(1, { input: '改过的问题', output: '改过的回答' });
    const out = await saved(m);
    // Whatever the style, the file parses to the edited records.
    assert.deepEqual(
      name.startsWith('jsonl') ? out.replace(/^\ufeff/, '').trim().split(/\r?\n/).map((l) => JSON.parse(l)) : JSON.parse(out),
      [recs[0], { input: '改过的问题', output: '改过的回答' }, recs[2]],
      name,
    );
  }
  const pretty = await modelOf(styles.pretty);
  pretty.setRecord(1, { input: '新', output: '新答' });
  const out = await saved(pretty);
  assert.equal(out, JSON.stringify([recs[0], { input: '新', output: '新答' }, recs[2]], null, 2) + '\n');
  const four = await modelOf(styles.fourSpaces);
  four.insert(3, [{ input: '新', output: '新答' }]);
  assert.equal(await saved(four), JSON.stringify([...recs, { input: '新', output: '新答' }], null, 4));
  const crlf = await modelOf(styles.prettyCrlf);
  crlf.insert(0, [{ input: '新', output: '新答' }]);
  assert.equal(await saved(crlf), JSON.stringify([{ input: '新', output: '新答' }, ...recs], null, 2).replace(/\n/g, '\r\n') + '\r\n');
});

test('insert, delete, undo and redo', async () => {
  const m = await modelOf(styles.jsonl);
  const values = () => Array.from({ length: m.count }, (_, i) => m.value(i));
  const e1 = m.insert(1, [{ input: 'a', output: 'b' }]);
  const e2 = m.remove([0, 3]);
  assert.deepEqual(values(), [{ input: 'a', output: 'b' }, recs[1]]);
  assert.deepEqual([m.isEdited(0), m.isEdited(1)], [true, false]);
  m.undo(e2);
  assert.deepEqual(values(), [recs[0], { input: 'a', output: 'b' }, recs[1], recs[2]]);
  m.undo(e1);
  assert.deepEqual(values(), recs);
  assert.equal(await saved(m), styles.jsonl, 'undone to the original bytes');
  m.redo(e1);
  m.redo(e2);
  assert.deepEqual(values(), [{ input: 'a', output: 'b' }, recs[1]]);
  assert.throws(() => m.setRecord(5, {}), /No row 5/);
});

test('deleting many adjacent rows is one undo step', async () => {
  const many = Array.from({ length: 10000 }, (_, i) => ({ input: `q${i}`, output: `a${i}` }));
  const m = await modelOf(JSON.stringify(many));
  const e = m.remove(Array.from({ length: 9000 }, (_, i) => i + 500));
  assert.equal(m.count, 1000);
  assert.deepEqual(m.value(500), many[9500]);
  m.undo(e);
  assert.equal(m.count, 10000);
  assert.deepEqual(m.value(5000), many[5000]);
});

test('an unedited empty file saves byte for byte', async () => {
  for (const text of ['[ ]\n', '[]', '\n', '']) assert.equal(await saved(await modelOf(text)), text, JSON.stringify(text));
});

test('an empty result is a valid empty array', async () => {
  const m = await modelOf(styles.pretty);
  m.remove([0, 1, 2]);
  assert.equal(await saved(m), '[]\n');
});

test('backups are small and restore the same document', async () => {
  const many = Array.from({ length: 5000 }, (_, i) => ({ input: `q${i}`, output: `a${i}` }));
  const text = JSON.stringify(many, null, 2);
  const m = await modelOf(text);
  m.setRecord(10, { input: '改', output: '改' });
  m.remove([20, 21]);
  m.insert(4000, [{ input: '新', output: '新' }]);
  const backup = JSON.parse(JSON.stringify(m.backup()));
  assert.ok(JSON.stringify(backup).length < 300, 'a few runs, not 5,000 rows');
  const restored = await modelOf(text);
  restored.restore(backup);
  assert.equal(await saved(restored), await saved(m));
  // After a save, backups refer to the saved file.
  const dir = await mkdtemp(join(tmpdir(), 'lexreview-m-'));
  m.markSaved({ size: 9, mtimeMs: 9 }, await m.save(join(dir, 'saved.json')));
  m.remove([0]);
  const later = m.backup();
  assert.deepEqual(later.rows, [[1, 4998]]);
  assert.deepEqual(later.overlay, []);
  const fromSaved = new DatasetModel(await MemoryRecords.load('s.json', await readFile(join(dir, 'saved.json')), { size: 9, mtimeMs: 9 }));
  fromSaved.restore(later);
  assert.equal(await saved(fromSaved), await saved(m));
  const other = new DatasetModel(await MemoryRecords.load('d.json', Buffer.from(text), { size: 2, mtimeMs: 1 }));
  assert.throws(() => other.restore(backup), /changed on disk/);
});

test('presentation: paths, edits by path, cells, empty records', () => {
  assert.deepEqual(parseFieldPath('conversations[3].value'), ['conversations', 3, 'value']);
  assert.deepEqual(parseFieldPath('history[0][1]'), ['history', 0, 1]);
  const rec = { conversations: [{ from: 'human', value: '问' }, { from: 'gpt', value: '答' }] };
  const edited = withText(rec, ['conversations', 1, 'value'], '新答');
  assert.equal(edited.conversations instanceof Array && (edited.conversations[1] as { value: string }).value, '新答');
  assert.equal(rec.conversations[1].value, '答', 'the original is not changed');
  assert.throws(() => withText(rec, ['conversations'], 'x'), /not text/);
  const sharegpt = layoutById('sharegpt');
  const fields = detailFields(rec, sharegpt, true);
  assert.deepEqual(fields.map((f) => [f.path, f.role, f.turn]), [
    [['conversations', 0, 'value'], 'question', 1],
    [['conversations', 1, 'value'], 'answer', 1],
  ]);
  const cols = columnsFor(sharegpt, []);
  assert.deepEqual(rowCells(rec, cols).cells[0], '[2] 问 │ 答');
  assert.deepEqual(rowCells({ input: 'x'.repeat(500) }, [{ key: 'input', role: 'question' }]).lengths, [500]);
  assert.deepEqual(emptyRecord(layoutById('original'), []), { input: '', output: '' });
  assert.deepEqual(emptyRecord(undefined, [{ key: 'a', role: 'other' }]), { a: '' });
});

test('edited marks count from the last save', async () => {
  const m = await modelOf(styles.jsonl);
  m.setRecord(0, { input: 'x', output: 'y' });
  assert.deepEqual([m.isEdited(0), m.isEdited(1)], [true, false]);
  const dir = await mkdtemp(join(tmpdir(), 'lexreview-m-'));
  m.markSaved({ size: 5, mtimeMs: 5 }, await m.save(join(dir, 'out.jsonl')));
  assert.equal(m.isEdited(0), false);
  m.insert(1, [{ input: 'n', output: 'n' }]);
  assert.deepEqual([m.isEdited(0), m.isEdited(1)], [false, true]);
});

test('a save writes the rows as they were when it began; edits made meanwhile stay unsaved', async () => {
  const many = Array.from({ length: 30000 }, (_, i) => ({ input: `q${i}`, output: `a${i}` }));
  const m = await modelOf(JSON.stringify(many));
  m.setRecord(0, { input: '改', output: '改' });
  const dir = await mkdtemp(join(tmpdir(), 'lexreview-m-'));
  const file = join(dir, 'out.json');
  const saving = m.save(file);
  m.remove([1, 2, 3]); // while the save runs
  const written = await saving;
  m.markSaved({ size: 1, mtimeMs: 1 }, written);
  const onDisk = JSON.parse(await readFile(file, 'utf8'));
  assert.equal(onDisk.length, 30000);
  assert.deepEqual(onDisk[1], many[1]);
  assert.equal(m.count, 29997);
  // The delete made during the save is not on disk: the backup says so.
  assert.deepEqual(m.backup().rows, [[0, 1], [4, 29996]]);
});

test('a backup applies only to a file with the record count it was made for', async () => {
  const m = await modelOf(styles.jsonl);
  m.setRecord(0, { input: 'x', output: 'y' });
  const backup = m.backup();
  assert.equal(backup.baseCount, 3);
  const other = await modelOf(styles.jsonl.split('\n').slice(0, 2).join('\n') + '\n');
  assert.throws(() => other.restore(backup), /backup is of 3 records; the file has 2/);
});

test('amend: typing extends its edit in place — one undo restores what stood before, redo the latest text', async () => {
  const model = await modelOf(styles.jsonl);
  const edit = model.setRecord(1, { ...recs[1], output: '三年以下……A' });
  const key = model.identity(1);
  model.amend(1, { ...recs[1], output: '三年以下……ABC' });
  assert.equal(model.identity(1), key, 'the record keeps its identity');
  assert.equal(model.value(1).output, '三年以下……ABC');
  model.undo(edit);
  assert.equal(model.value(1).output, '三年以下……');
  model.redo(edit);
  assert.equal(model.value(1).output, '三年以下……ABC');
  assert.throws(() => model.amend(0, { input: 'x', output: 'y' }), /only an edited one/);
  assert.match(await saved(model), /三年以下……ABC/);
});

test('a file with a record that is not UTF-8 has the error listed (the editor opens it read-only) and saves byte for byte', async () => {
  const bytes = Buffer.concat([Buffer.from('[{"input":"一","output":"1"},\n {"input":"'), Buffer.from([0xff, 0xfe]), Buffer.from('","output":"2"}]\n')]);
  const model = new DatasetModel(await MemoryRecords.load('d.json', bytes, fp));
  assert.equal(model.base.errors.length, 1);
  assert.match(model.base.errors[0].message, new RegExp(`^invalid UTF-8 \\(byte 0xFF at offset ${bytes.indexOf(0xff)}\\)`));
  assert.deepEqual([model.base.errors[0].line, model.base.errors[0].column, model.base.errors[0].record], [2, 12, 1]);
  for (let row = 0; row < model.count; row++) assert.ok(!JSON.stringify(model.value(row)).includes('\ufffd'));
  const dir = await mkdtemp(join(tmpdir(), 'lexreview-m-'));
  await model.save(join(dir, 'out'));
  assert.deepEqual(await readFile(join(dir, 'out')), bytes);
});

test('recordLocation: the line and column a record starts at, an added or edited one at the record above it', async () => {
  const text = '\ufeff[\n  {"input": "一", "output": "a"},\n  {"input": "二", "output": "b"}, {"input": "三", "output": "c"}\n]\n';
  const model = await modelOf(text);
  assert.deepEqual(await recordLocation(model, 0), { line: 2, column: 3 });
  assert.deepEqual(await recordLocation(model, 2), { line: 3, column: 34 });
  model.insert(1, [{ input: '', output: '' }]);
  assert.deepEqual(await recordLocation(model, 1), { line: 2, column: 3 }, 'an added record: the one above');
  model.setRecord(3, { input: '三', output: 'changed' });
  assert.deepEqual(await recordLocation(model, 3), { line: 3, column: 3 }, 'an edited record: the one above, as the file has it');
});

test('detailFields: every ShareGPT turn with its role, tool calls and results told apart; preference answers as fields', () => {
  const tools = {
    conversations: [
      { from: 'human', value: '查一下刑法第二百六十四条' },
      { from: 'function_call', value: '{"name":"lookup_article","arguments":{"n":264}}' },
      { from: 'observation', value: '{"text":"盗窃公私财物……"}' },
      { from: 'gpt', value: '第二百六十四条规定了盗窃罪。' },
    ],
    tools: '[{"name":"lookup_article"}]',
  };
  assert.deepEqual(
    detailFields(tools, layoutById('sharegpt'), true).map((f) => [f.label, f.role, f.tool]),
    [
      ['conversations[0].value', 'question', undefined],
      ['conversations[1].value', 'tool', 'call'],
      ['conversations[2].value', 'tool', 'result'],
      ['conversations[3].value', 'answer', undefined],
      ['tools', undefined, undefined],
    ],
  );
  const alpacaPref = { instruction: '问', input: '', chosen: '好答案', rejected: '坏答案' };
  assert.deepEqual(
    detailFields(alpacaPref, layoutById('alpaca-preference'), true).map((f) => [f.label, f.role]),
    [
      ['instruction', 'question'],
      ['input', 'input'],
      ['chosen', 'answer'],
      ['rejected', 'rejected'],
    ],
  );
  const sharegptPref = { conversations: [{ from: 'human', value: '问' }], chosen: { from: 'gpt', value: '好' }, rejected: { from: 'gpt', value: '坏' } };
  const pref = layoutById('sharegpt-preference');
  assert.deepEqual(
    detailFields(sharegptPref, pref, true).map((f) => [f.path, f.role]),
    [
      [['conversations', 0, 'value'], 'question'],
      [['chosen', 'value'], 'answer'],
      [['rejected', 'value'], 'rejected'],
    ],
  );
  assert.deepEqual(columnsFor(pref, [sharegptPref]).map((c) => [c.key, c.role]), [
    ['conversations', 'turns'],
    ['chosen', 'answer'],
    ['rejected', 'rejected'],
  ]);
  // The chosen and rejected cells show the answer, not the message object's JSON.
  assert.deepEqual(rowCells(sharegptPref, columnsFor(pref, [sharegptPref])), { cells: ['[1] 问', '好', '坏'], lengths: [1, 1, 1] });
});
