// The dataset editor's detector filters over a real document model: near duplicates (MinHash,
// verified) and records that hold an evaluation question, each row with its reason; the matches
// go stale when the document changes; indexing reports progress and stops when cancelled; the
// questions come from a plain-text, JSONL or CSV file; a saved view without its evaluation set
// does not come back as that filter.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { english } from '../../extension/core/l10n';
import { CancelledError } from '../../extension/core/progress';
import { MemoryRecords } from '../../extension/core/dataset/document/baseRecords';
import { DatasetModel } from '../../extension/core/dataset/document/datasetModel';
import { DatasetView, type ViewSpec } from '../../extension/core/dataset/document/datasetView';
import { evaluationOverlapReasons, indexDocument, matchSource, nearDuplicateReasons, reasonText } from '../../extension/core/dataset/document/qualityFilters';
import { layoutById } from '../../extension/core/dataset/layouts';
import { readQuestionsFile } from '../../extension/core/review/questionsFile';
import { ImportError } from '../../extension/core/review/tableFile';
import { restoreState } from '../../webview/datasetEditor/viewState';
import { DRUNK, FILTER_RECORDS } from './qualityFilterFixture';

const recs = FILTER_RECORDS;

async function setup() {
  const model = new DatasetModel(await MemoryRecords.load('q.json', Buffer.from(JSON.stringify(recs)), { size: 0, mtimeMs: 0 }));
  const view = new DatasetView(model, layoutById('original'));
  return { model, view };
}

const rows = (v: DatasetView, spec: ViewSpec) => [...v.compute(spec).rows];

test('near duplicates: the two copies of a record, each with the other as its reason', async () => {
  const { model, view } = await setup();
  const spec: ViewSpec = { filter: 'nearDuplicate' };
  assert.equal(view.missingMatches(spec), 'nearDuplicate');
  assert.deepEqual(rows(view, spec), [], 'without matches the filter keeps nothing');
  const index = await indexDocument(model.count, (r) => view.texts(r));
  view.setMatches({ filter: 'nearDuplicate', version: model.version, source: matchSource('nearDuplicate', undefined), rows: nearDuplicateReasons(index) });
  assert.equal(view.missingMatches(spec), undefined);
  assert.deepEqual(rows(view, spec), [0, 4]);
  const reason = view.reason(spec, 4)!;
  assert.deepEqual(reason.kind === 'nearDuplicate' && reason.others, [0]);
  assert.match(reasonText(reason, english), /^Nearly the same as record #1 \(similarity at least \d+ %\)$/);
  assert.equal(view.reason(spec, 1), undefined);
  assert.equal(view.reason({ filter: 'all' }, 4), undefined, 'no reason outside the filter');

  // An edit makes the matches stale: computed again, the edited record is no duplicate any more.
  model.setRecord(4, { input: '另一个问题', output: '完全不同的回答，与借款无关，讲的是劳动合同到期后的经济补偿。' });
  assert.equal(view.missingMatches(spec), 'nearDuplicate');
  assert.deepEqual(rows(view, spec), []);
  const fresh = await indexDocument(model.count, (r) => view.texts(r));
  view.setMatches({ filter: 'nearDuplicate', version: model.version, source: '', rows: nearDuplicateReasons(fresh) });
  assert.deepEqual(rows(view, spec), []);
});

test('overlaps the evaluation set: the records holding an evaluation question, the question as the reason', async () => {
  const { model, view } = await setup();
  const questions = [DRUNK, '公司拖欠工资三个月不发，应该怎么维权？'];
  const evaluation = { kind: 'set' as const, name: 'answers_sample' };
  const spec: ViewSpec = { filter: 'evaluationOverlap', evaluation };
  const index = await indexDocument(model.count, (r) => view.texts(r));
  view.setMatches({ filter: 'evaluationOverlap', version: model.version, source: matchSource('evaluationOverlap', evaluation), rows: evaluationOverlapReasons(index, questions) });
  assert.deepEqual(rows(view, spec), [2, 6]);
  assert.equal(reasonText(view.reason(spec, 6)!, english), `Holds the evaluation question “${DRUNK}”`);
  // Another evaluation set needs its own matches.
  assert.equal(view.missingMatches({ filter: 'evaluationOverlap', evaluation: { kind: 'set', name: 'other' } }), 'evaluationOverlap');
  assert.equal(reasonText({ kind: 'evaluationOverlap', questions: [DRUNK, '第二个问题'] }, english), `Holds the evaluation question “${DRUNK}” and 1 more`);
});

test('indexing reports its progress and stops when cancelled', async () => {
  const { model, view } = await setup();
  const seen: Array<[number, number | undefined]> = [];
  await indexDocument(model.count, (r) => view.texts(r), { onProgress: (d, t) => seen.push([d, t]) });
  assert.deepEqual(seen.at(-1), [recs.length, recs.length]);
  const controller = new AbortController();
  controller.abort();
  await assert.rejects(indexDocument(model.count, (r) => view.texts(r), { signal: controller.signal }), CancelledError);
  await assert.rejects(async () => evaluationOverlapReasons(await indexDocument(model.count, (r) => view.texts(r)), [DRUNK], undefined, controller.signal), CancelledError);
});

test('a questions file: one a line, or JSONL / CSV with a question column; none is an error', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'lexreview-questions-'));
  try {
    writeFileSync(join(dir, 'q.txt'), `${DRUNK}\n\n  离婚怎么分财产？ \n${DRUNK}\n`);
    assert.deepEqual(await readQuestionsFile(join(dir, 'q.txt')), [DRUNK, '离婚怎么分财产？']);
    writeFileSync(join(dir, 'q.jsonl'), [{ question: DRUNK, model: 'a', answer: 'x' }, { question: DRUNK, model: 'b', answer: 'y' }].map((r) => JSON.stringify(r)).join('\n'));
    assert.deepEqual(await readQuestionsFile(join(dir, 'q.jsonl')), [DRUNK]);
    writeFileSync(join(dir, 'q.csv'), `问题,类别\n"${DRUNK}",legal\n"借钱不还, 怎么办？",legal\n`);
    assert.deepEqual(await readQuestionsFile(join(dir, 'q.csv')), [DRUNK, '借钱不还, 怎么办？']);
    writeFileSync(join(dir, 'bad.csv'), 'text,label\nx,y\n');
    await assert.rejects(readQuestionsFile(join(dir, 'bad.csv')), (e: Error) => e instanceof ImportError && /no question column/.test(e.message));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a saved view keeps the evaluation set of its filter, and drops the filter without one', () => {
  const evaluation = { kind: 'file', path: '/tmp/q.txt' };
  assert.deepEqual(restoreState({ view: { filter: 'evaluationOverlap', evaluation } }).view, { filter: 'evaluationOverlap', evaluation });
  assert.deepEqual(restoreState({ view: { filter: 'evaluationOverlap' } }).view, { filter: 'all' });
  assert.deepEqual(restoreState({ view: { filter: 'evaluationOverlap', evaluation: { kind: 'set', name: 3 } } }).view, { filter: 'all' });
  assert.deepEqual(restoreState({ view: { filter: 'nearDuplicate' } }).view, { filter: 'nearDuplicate' });
});
