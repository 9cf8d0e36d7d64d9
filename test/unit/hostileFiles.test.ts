// Files users really produce, each of which must end quickly with a located error (file, line,
// column, record): never a stack trace, a hang, or silently changed text. The real CLI (run from
// source with tsx) where it is cheap, the core functions otherwise.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { computeStats } from '../../extension/core/dataset/stats';
import { bufferSource } from '../../extension/core/dataset/reader';
import { formatDatasetError } from '../../extension/core/dataset/types';
import { validateDataset } from '../../extension/core/dataset/validate';
import type { LayoutId } from '../../extension/core/dataset/layouts';

const root = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'lexreview-hostile-'));

function file(name: string, bytes: string | Buffer): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

function cli(...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'extension', 'cli.ts'), ...args], { encoding: 'utf8', cwd: root });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Every problem of the bytes as the CLI prints it, with the time validation took. */
async function problems(bytes: string | Buffer, layout?: LayoutId): Promise<{ lines: string[]; ms: number }> {
  const started = Date.now();
  const r = await validateDataset(bufferSource('f.json', typeof bytes === 'string' ? Buffer.from(bytes) : bytes), { layout });
  return { lines: r.errors.map(formatDatasetError), ms: Date.now() - started };
}

const rec = (q: string, a: string) => JSON.stringify({ input: q, output: a });

test('invalid UTF-8 inside a record: validate exits 1, convert refuses (or skips, saying so), stats reports it', () => {
  const bytes = Buffer.concat([Buffer.from(`${rec('问', '一')}\n{"input":"盗`), Buffer.from([0xff, 0xfe]), Buffer.from(`窃","output":"二"}\n${rec('\ufffd', '三')}\n`)]);
  const path = file('bytes.jsonl', bytes);
  const offset = bytes.indexOf(0xff);
  const v = cli('validate', path);
  assert.equal(v.code, 1);
  assert.equal(v.stdout.trim(), `${path}:2:12: record 2: invalid UTF-8 (byte 0xFF at offset ${offset})`);
  const out = join(dir, 'bytes.alpaca.json');
  const c = cli('convert', path, '--to', 'alpaca', '-o', out);
  assert.equal(c.code, 1);
  assert.match(c.stderr, /Nothing was written.*\n.*record 2: invalid UTF-8/);
  assert.ok(!existsSync(out));
  const skip = cli('convert', path, '--to', 'alpaca', '-o', out, '--skip-invalid');
  assert.equal(skip.code, 0, skip.stderr);
  assert.match(skip.stderr, /2 records written/);
  assert.match(skip.stderr, /skipped: .*:2:12: record 2: invalid UTF-8/);
  const s = cli('stats', path);
  assert.equal(s.code, 1);
  assert.match(s.stdout, /Records that could not be read: 1/);
  assert.match(s.stdout, /Problems:\n.*record 2: invalid UTF-8/);
});

test('empty file, whitespace only and an empty array are not datasets', async () => {
  for (const [name, text, message] of [
    ['empty.jsonl', '', 'empty file: no records'],
    ['blank.jsonl', ' \n\n\t\n', 'only whitespace: no records'],
    ['empty.json', '[ ]\n', 'empty array: no records'],
  ]) {
    const path = file(name, text);
    const v = cli('validate', path);
    assert.equal(v.code, 1, name);
    assert.equal(v.stdout.trim(), `${path}:1:1: ${message}`);
    assert.match(v.stderr, /0 records · layout unknown · 1 problem/);
    assert.deepEqual((await problems(text, 'alpaca')).lines, [`f.json:1:1: ${message}`]);
  }
  const empty = join(dir, 'empty.jsonl');
  assert.equal(cli('validate', empty, '--layout', 'alpaca').code, 1);
  const c = cli('convert', empty, '--to', 'alpaca', '--from', 'original', '-o', join(dir, 'nothing.json'));
  assert.equal(c.code, 1);
  assert.match(c.stderr, /Nothing was written: .*:1:1: empty file: no records/);
  assert.ok(!existsSync(join(dir, 'nothing.json')));
  const s = cli('stats', empty);
  assert.equal(s.code, 1);
  assert.match(s.stdout, /empty file: no records/);
  // A file of records that all fail is not "empty": its own errors say what is wrong.
  assert.deepEqual((await problems('{"a":\n')).lines, ['f.json:1:6: record 1: The record ends before it is complete (the file was cut off?)']);
});

test('a cut download: a JSON array truncated mid-record, JSONL truncated mid-line', async () => {
  const records = Array.from({ length: 3 }, (_, i) => ({ input: `问题${i}`, output: `回答${i}` }));
  const array = JSON.stringify(records, null, 2);
  const cut = array.slice(0, array.lastIndexOf('回答'));
  assert.deepEqual((await problems(cut)).lines, [
    'f.json:10:3: record 3: The file ends inside this record (truncated?)',
    `f.json:12:16: Missing ']' at the end of the file`,
  ]);
  const jsonl = records.map((r) => JSON.stringify(r)).join('\n');
  // The last line is `{"input":"问题2","output":"回答2"}`, cut after 25 and after 29 characters.
  assert.deepEqual((await problems(jsonl.slice(0, -5))).lines, ['f.json:3:26: record 3: The record ends inside a string (the file was cut off?)']);
  assert.deepEqual((await problems(jsonl.slice(0, -1))).lines, ['f.json:3:30: record 3: The record ends before it is complete (the file was cut off?)']);
});

test('wrong encodings: UTF-16 LE and BE (with a byte-order mark or without), GBK', async () => {
  const text = `${rec('盗窃罪的立案标准？', '数额较大')}\n${rec('诈骗罪怎么判？', '三年以下')}\n`;
  const le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  const be = Buffer.from(le).swap16();
  const path = file('utf16.jsonl', le);
  const v = cli('validate', path);
  assert.equal(v.code, 1);
  assert.equal(v.stdout.trim(), `${path}:1:1: not UTF-8; looks like UTF-16 LE (it starts with the byte-order mark FF FE): save the file as UTF-8`);
  assert.match((await problems(be)).lines.join('\n'), /^f\.json:1:1: not UTF-8; looks like UTF-16 BE \(it starts with the byte-order mark FE FF\)/);
  assert.match((await problems(le.subarray(2))).lines.join('\n'), /^f\.json:1:1: not UTF-8; looks like UTF-16 LE \(every other byte is NUL\)[^\n]*$/);
  assert.match((await problems(be.subarray(2))).lines.join('\n'), /^f\.json:1:1: not UTF-8; looks like UTF-16 BE \(every other byte is NUL\)[^\n]*$/);

  // GBK/GB18030 bytes of Chinese text (盗窃 = B5 C1 C7 D4, 问 = CE CA, 答 = B4 F0).
  const gbk = Buffer.concat([Buffer.from('{"input":"'), Buffer.from('b5c1c7d4', 'hex'), Buffer.from('","output":"'), Buffer.from('ceca', 'hex'), Buffer.from('"}\n')]);
  const { lines } = await problems(Buffer.concat([gbk, gbk]));
  assert.equal(lines.length, 2);
  assert.equal(lines[0], 'f.json:1:11: record 1: invalid UTF-8 (byte 0xB5 at offset 10); not UTF-8: it looks like GBK/GB18030 (convert the file: iconv -f GB18030 -t UTF-8)');
  assert.match(lines[1], /^f\.json:2:11: record 2: invalid UTF-8 \(byte 0xB5 at offset 41\)/);
});

test('stray NUL bytes: inside a record, a NUL-filled tail after a crash', async () => {
  const good = rec('问', '答');
  assert.deepEqual((await problems(`${good}\n{"input":"问\0","output":"答"}\n`)).lines, [
    'f.json:2:12: record 2: Stray NUL byte (0x00): the file has bytes that are not text (an interrupted write or copy?)',
  ]);
  assert.deepEqual((await problems(`${good}\n${good}\n${'\0'.repeat(4096)}`)).lines, [
    'f.json:3:1: record 3: Stray NUL byte (0x00): the file has bytes that are not text (an interrupted write or copy?)',
  ]);
  assert.deepEqual((await problems(`[${good},\0\0{}]`)).lines.map((l) => l.replace(/:.*?: record/, ': record')), [
    'f.json: record 2: Stray NUL byte (0x00): the file has bytes that are not text (an interrupted write or copy?)',
  ]);
});

test('Python-written JSON: trailing commas, NaN and Infinity, a repr with single quotes, True/None', async () => {
  const cases: Array<[string, string]> = [
    ['{"input": "问", "output": "答",}', "1:30: record 1: Trailing comma before '}' (JSON allows none)"],
    ['{"input": "问", "output": ["答",]}', "1:31: record 1: Trailing comma before ']' (JSON allows none)"],
    ['{"input": "问", "output": "答", "score": NaN}', "1:40: record 1: NaN is not JSON (Python's json.dumps writes it for a float NaN): use null"],
    ['{"input": "问", "output": "答", "score": -Infinity}', "1:40: record 1: -Infinity is not JSON (Python's json.dumps writes it for float('inf')): use null or a number"],
    ["{'input': '问', 'output': '答'}", '1:2: record 1: Single-quoted property name: JSON needs double quotes (a Python repr? write the file with json.dumps)'],
    ['{"input": \'问\'}', '1:11: record 1: Single-quoted string: JSON needs double quotes (a Python repr? write the file with json.dumps)'],
    ['{"input": "问", "output": "答", "ok": True}', '1:37: record 1: True is Python, not JSON: use true (write the file with json.dumps, not str() or print)'],
    ['{"input": "问", "output": None}', '1:26: record 1: None is Python, not JSON: use null (write the file with json.dumps, not str() or print)'],
  ];
  for (const [line, expected] of cases) assert.deepEqual((await problems(`${rec('问', '答')}\n${line}\n`)).lines, [`f.json:2:${expected.slice(2).replace('record 1', 'record 2')}`], line);
  // A JSON array of records with a trailing comma: the records are fine, the comma is reported.
  assert.deepEqual((await problems(`[${rec('问', '答')},\n]`)).lines, ['f.json:2:1: record 1: Trailing comma before the closing ]']);
});

test('very deep nesting does not overflow the stack, in a record or as the whole file', async () => {
  const deep = '['.repeat(100_000);
  assert.deepEqual((await problems(`${rec('问', '答')}\n${deep}\n`)).lines, ['f.json:2:1001: record 2: Nested more than 1000 levels deep']);
  const array = await problems(`[${rec('问', '答')},${deep}`);
  assert.deepEqual(array.lines, [`f.json:1:29: record 2: The file ends inside this record (truncated?)`, `f.json:1:100029: Missing ']' at the end of the file`]);
  // Valid JSON, but deeper than anything can write back: refused before convert meets it.
  const nested = `{"input":"问","output":"答","extra":${'['.repeat(100_000)}${']'.repeat(100_000)}}`;
  const path = file('deep.jsonl', `${rec('问', '答')}\n${nested}\n`);
  const c = cli('convert', path, '--to', 'alpaca', '-o', join(dir, 'deep.alpaca.json'));
  assert.equal(c.code, 1);
  assert.match(c.stderr, /:2:1034: record 2: Nested more than 1000 levels deep/);
  assert.doesNotMatch(c.stderr, /RangeError|Maximum call stack|    at /);
});

test('one enormous line: 50 MB of valid JSON, and of invalid JSON, end quickly and located', async () => {
  const big = '法'.repeat(17 << 20); // 51 MB of UTF-8
  const valid = await problems(`${rec('问', big)}\n`);
  assert.deepEqual(valid.lines, []);
  const invalid = await problems(`${rec('问', big).slice(0, -1)} "x"}\n`);
  assert.deepEqual(invalid.lines, [`f.json:1:${(17 << 20) + 26}: record 1: Expected ',' or '}' after a value`]);
  const stats = await computeStats(bufferSource('f.json', Buffer.from(`[${rec('问', big)}, {"input": NaN}]`)));
  assert.deepEqual(stats.errors.map(formatDatasetError), [`f.json:1:${(17 << 20) + 39}: record 2: NaN is not JSON (Python's json.dumps writes it for a float NaN): use null`]);
  assert.ok(valid.ms < 5000 && invalid.ms < 5000, `${valid.ms} ms, ${invalid.ms} ms`);
});

test('fields of the wrong type are reported per record, with their place', async () => {
  const lines = [
    rec('问', '答'),
    JSON.stringify({ input: '问', output: 264 }),
    JSON.stringify({ input: '问', output: ['答'] }),
    JSON.stringify({ input: '问', output: null }),
  ].join('\n');
  assert.deepEqual((await problems(lines)).lines, [
    "f.json:2:1: record 2: Record does not fit the CrimeKgAssitant (input/output) layout: it 'output' is a number, not a string",
    "f.json:3:1: record 3: Record does not fit the CrimeKgAssitant (input/output) layout: it 'output' is a list, not a string",
    "f.json:4:1: record 4: Record does not fit the CrimeKgAssitant (input/output) layout: it 'output' is null, not a string",
  ]);
  const sharegpt = JSON.stringify([{ conversations: [{ from: 'human', value: '问' }, { from: 'gpt', value: '答' }] }, { conversations: '问：答' }], null, 2);
  assert.deepEqual((await problems(sharegpt, 'sharegpt')).lines.map((l) => l.replace(/ layout: it .*/, '')), ['f.json:14:3: record 2: Record does not fit the ShareGPT / Vicuna (conversations)']);
  assert.match((await problems(sharegpt, 'sharegpt')).lines[0], /'conversations' is a string, not a list$/);
});
