// One definition of "the texts of a record" for search, filters, the detail pane and statistics:
// records that fit their layout and records walked by shape give the same texts under the same
// statistics names, and the numbers that share a name agree.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { recordTexts, statisticsField } from '../../extension/core/dataset/recordTexts';
import { layoutById } from '../../extension/core/dataset/layouts';
import { StatsAccumulator } from '../../extension/core/dataset/stats';
import { MemoryRecords } from '../../extension/core/dataset/document/baseRecords';
import { DatasetModel } from '../../extension/core/dataset/document/datasetModel';
import { DatasetView } from '../../extension/core/dataset/document/datasetView';

const Q = '盗窃罪的立案标准是什么？';
const A = '数额较大的，处三年以下有期徒刑。';

test('a record that does not fit is walked by shape: strings, messages with their speaker as role, history pairs', () => {
  const record = {
    input: Q,
    score: 3,
    conversations: [{ from: 'human', value: '问' }, { from: 'gpt', value: '答' }, { from: 'observation', value: '{}' }],
    history: [['早先的问题', '早先的回答']],
    chosen: { role: 'assistant', content: '好回答' },
  };
  assert.deepEqual(
    recordTexts(record, layoutById('original')).map((t) => [t.field, t.role]),
    [
      ['input', undefined],
      ['conversations[0].value', 'question'],
      ['conversations[1].value', 'answer'],
      ['conversations[2].value', 'tool'],
      ['history[0][0]', 'question'],
      ['history[0][1]', 'answer'],
      ['chosen.content', 'answer'],
    ],
  );
});

test('a record that fits gives its layout texts, then its other strings as extras', () => {
  const texts = recordTexts({ input: Q, output: A, id: 'case-7' }, layoutById('original'));
  assert.deepEqual(texts, [
    { field: 'input', role: 'question', turn: 1, text: Q },
    { field: 'output', role: 'answer', turn: 1, text: A },
    { field: 'id', text: 'case-7', extra: true },
  ]);
});

test('statistics names are the same whether a record is read by its layout or walked by shape', () => {
  const sharegpt = { conversations: [{ from: 'human', value: Q }, { from: 'gpt', value: A }] };
  const alpaca = { instruction: Q, input: '', output: A, history: [['前问', '前答']] };
  for (const [record, id] of [[sharegpt, 'sharegpt'], [alpaca, 'alpaca']] as const) {
    const byLayout = recordTexts(record, layoutById(id)).map(statisticsField).sort();
    const byShape = recordTexts(record, undefined).map(statisticsField).sort();
    assert.deepEqual(byLayout, byShape, id);
  }
  assert.deepEqual(recordTexts(sharegpt, undefined).map(statisticsField), ['conversations.question', 'conversations.answer']);
});

test('the statistics and the editor agree: blank answers, duplicate records vs duplicate questions', async () => {
  const records = [
    { input: Q, output: A },
    { input: Q, output: A }, // a duplicate record (and a duplicate question)
    { input: Q, output: '另一个回答' }, // a duplicate question only
    { input: '问题二', output: '  ' }, // a blank answer
  ];
  const stats = new StatsAccumulator('original');
  records.forEach((r, i) => stats.add(i, r));
  const result = stats.result();
  const model = new DatasetModel(await MemoryRecords.load('d.jsonl', Buffer.from(records.map((r) => JSON.stringify(r)).join('\n')), { size: 1, mtimeMs: 1 }));
  const view = new DatasetView(model, layoutById('original'));
  const blankRecords = view.compute({ filter: 'blank' }).rows.length;
  assert.equal(result.fields.output.blank, blankRecords, 'blank answers in the statistics = the "blank" filter');
  assert.equal(result.duplicates, 1, 'one duplicate record');
  assert.equal(view.compute({ filter: 'duplicateQuestion' }).rows.length, 3, 'three records share a question');
});
