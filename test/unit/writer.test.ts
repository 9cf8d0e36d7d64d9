import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DatasetWriter, writeDataset } from '../../extension/core/dataset/writer';
import { loadDataset, withFile } from '../../extension/core/dataset/reader';

const records = [
  { input: '盗窃罪的立案标准是什么？', output: '根据《刑法》第264条……' },
  { input: 'a "quoted" \\ line\nbreak', output: '' },
];

async function tempDir(): Promise<string> {
  return mkdtemp(join(tmpdir(), 'lexreview-w-'));
}

test('JSON array: 2-space indent, Chinese as is, same as JSON.stringify(array, null, 2)', async () => {
  const file = join(await tempDir(), 'out.json');
  await writeDataset(file, records, { format: 'json' });
  const text = await readFile(file, 'utf8');
  assert.equal(text, JSON.stringify(records, null, 2) + '\n');
  assert.ok(text.includes('盗窃罪') && !text.includes('\\u'));
});

test('JSONL: one record a line', async () => {
  const file = join(await tempDir(), 'out.jsonl');
  await writeDataset(file, records, { format: 'jsonl' });
  assert.equal(await readFile(file, 'utf8'), records.map((r) => JSON.stringify(r) + '\n').join(''));
});

test('BOM and CRLF are written back, and read back the same', async () => {
  for (const format of ['json', 'jsonl'] as const) {
    const file = join(await tempDir(), `out.${format}`);
    await writeDataset(file, records, { format, bom: true, crlf: true });
    const bytes = await readFile(file);
    assert.deepEqual([...bytes.subarray(0, 3)], [0xef, 0xbb, 0xbf]);
    assert.ok(!/[^\r]\n/.test(bytes.toString('utf8')), 'every newline is CRLF');
    const back = await withFile(file, (s) => loadDataset(s));
    assert.deepEqual([back.format, back.bom, back.crlf], [format, true, true]);
    assert.deepEqual(back.records.map((r) => r.value), records);
  }
});

test('addAll writes what add writes record by record, in batches of any size, mixed with add', async () => {
  const many = Array.from({ length: 7 }, (_, i) => ({ i, conversations: [{ from: 'human', value: `问${i}\n` }, { from: 'gpt', value: records[i % 2].output }], nested: { a: [1, [2, {}]], b: [] } }));
  for (const format of ['json', 'jsonl'] as const) {
    for (const shape of [{ format }, { format, bom: true, crlf: true }]) {
      const dir = await tempDir();
      const one = await DatasetWriter.create(join(dir, 'one'), shape);
      for (const r of many) await one.add(r);
      await one.commit();
      const batched = await DatasetWriter.create(join(dir, 'batched'), shape);
      await batched.addAll([]);
      await batched.addAll(many.slice(0, 1));
      await batched.add(many[1]);
      await batched.addAll(many.slice(2, 6));
      await batched.addAll([]);
      await batched.addAll(many.slice(6));
      await batched.commit();
      assert.equal(batched.written, many.length);
      assert.deepEqual(await readFile(join(dir, 'batched')), await readFile(join(dir, 'one')), `${format} ${JSON.stringify(shape)}`);
    }
  }
});

test('an empty dataset is a valid empty array', async () => {
  const file = join(await tempDir(), 'empty.json');
  await writeDataset(file, [], { format: 'json' });
  assert.deepEqual(JSON.parse(await readFile(file, 'utf8')), []);
});

test('a write that fails midway leaves the target untouched and no temp file behind', async () => {
  const dir = await tempDir();
  const file = join(dir, 'keep.json');
  await writeFile(file, 'original');
  function* failing() {
    yield records[0];
    throw new Error('boom');
  }
  await assert.rejects(writeDataset(file, failing(), { format: 'json' }), /boom/);
  assert.equal(await readFile(file, 'utf8'), 'original');
  assert.deepEqual(await readdir(dir), ['keep.json']);
});

test('abort throws the partial output away', async () => {
  const dir = await tempDir();
  const writer = await DatasetWriter.create(join(dir, 'new.json'), { format: 'json' });
  await writer.add(records[0]);
  await writer.abort();
  assert.deepEqual(await readdir(dir), []);
});

test('a symlinked dataset stays a link, and the file keeps its permissions', async () => {
  const { symlink, lstat, chmod, stat } = await import('node:fs/promises');
  const dir = await tempDir();
  const real = join(dir, 'real.json');
  const link = join(dir, 'link.json');
  await writeFile(real, '[]');
  await chmod(real, 0o600);
  await symlink(real, link);
  await writeDataset(link, records, { format: 'json' });
  assert.ok((await lstat(link)).isSymbolicLink());
  assert.deepEqual(JSON.parse(await readFile(real, 'utf8')), records);
  assert.equal((await stat(real)).mode & 0o777, 0o600);
});
