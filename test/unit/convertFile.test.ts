import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { conversionRefusal } from '../../extension/core/dataset/convert';
import { convertFile, InvalidDatasetError } from '../../extension/core/dataset/convertFile';
import { LAYOUT_IDS } from '../../extension/core/dataset/layouts';
import { bufferSource, withFile } from '../../extension/core/dataset/reader';
import { CancelledError } from '../../extension/core/progress';
import { computeStats } from '../../extension/core/dataset/stats';
import { legalRecords } from '../../bench/legalText';

const records = [...legalRecords(2500, 3)];
const text = JSON.stringify(records, null, 2) + '\n';

test('every layout converts the 52k layout and back without loss', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lexreview-cf-'));
  for (const to of LAYOUT_IDS) {
    if (conversionRefusal('original', to) !== undefined) continue;
    const there = join(dir, `${to}.jsonl`);
    const r = await convertFile(bufferSource('law.json', Buffer.from(text)), there, { to, format: 'jsonl' });
    assert.equal(r.from, 'original');
    assert.equal(r.written, records.length, to);
    assert.ok(r.report.lossless, `${to}: ${r.report.summary()}`);
    const back = join(dir, `${to}.back.json`);
    const b = await withFile(there, (s) => convertFile(s, back, { to: 'original' }));
    assert.equal(b.from, to);
    assert.equal(await readFile(back, 'utf8'), text, to);
  }
});

test('a conversion no record could survive fails before writing anything', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lexreview-cf-'));
  const target = join(dir, 'pref.json');
  await assert.rejects(convertFile(bufferSource('law.json', Buffer.from(text)), target, { to: 'alpaca-preference' }), /original cannot be converted to alpaca-preference: it has no rejected answers/);
  assert.deepEqual(await readdir(dir), []);
});

test('cancelling a conversion leaves neither output nor temp file', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lexreview-cf-'));
  const target = join(dir, 'out.json');
  await writeFile(target, 'keep me');
  const controller = new AbortController();
  await assert.rejects(
    convertFile(bufferSource('law.json', Buffer.from(text)), target, {
      to: 'qa',
      chunkSize: 4096,
      signal: controller.signal,
      onProgress: (done) => done > 100_000 && controller.abort(),
    }),
    CancelledError,
  );
  assert.deepEqual(await readdir(dir), ['out.json']);
  assert.equal(await readFile(target, 'utf8'), 'keep me');
});

test('records that do not fit the source layout fail the conversion, with their index', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lexreview-cf-'));
  const input = [...records.slice(0, 10), { input: '缺少回答' }];
  const err = await convertFile(bufferSource('x.json', Buffer.from(JSON.stringify(input))), join(dir, 'o.json'), { to: 'qa' }).catch((e) => e);
  assert.ok(err instanceof InvalidDatasetError);
  assert.match(err.message, /#11: missing 'output'/);
  assert.deepEqual(await readdir(dir), []);
});

test('stats: lengths and duplicates are exact', async () => {
  const input = [
    { input: '问题一', output: '回答' },
    { input: '问题一', output: '回答' },
    { input: '  ', output: '一二三四五' },
  ];
  const s = await computeStats(bufferSource('s.json', Buffer.from(JSON.stringify(input))));
  assert.equal(s.records, 3);
  assert.equal(s.layout, 'original');
  assert.equal(s.duplicates, 1);
  assert.deepEqual(
    [s.fields.input.min, s.fields.input.max, s.fields.input.blank, s.fields.output.p50, s.fields.output.max],
    [2, 3, 1, 2, 5],
  );
  assert.equal(s.fields.output.bins.reduce((a, b) => a + b, 0), 3);
});

test('a dry run reports what the target cannot carry and writes nothing', async () => {
  const dir = await mkdtemp(join(tmpdir(), 'lexreview-cf-'));
  const multi = { conversations: [{ from: 'system', value: '律师' }, { from: 'human', value: '问一' }, { from: 'gpt', value: '答一' }, { from: 'human', value: '问二' }, { from: 'gpt', value: '答二' }] };
  const r = await convertFile(bufferSource('m.jsonl', Buffer.from(JSON.stringify(multi) + '\n{broken\n')), join(dir, 'never.json'), { to: 'qa', dryRun: true });
  assert.equal(r.written, 1);
  assert.equal(r.errors.length, 1);
  assert.deepEqual(r.report.losses.map((l) => l.kind), ['history', 'system']);
  assert.deepEqual(await readdir(dir), []);
});
