// The real `lexreview` command (the bundled bin) on real files.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { generate } from '../../bench/generate';

const root = join(__dirname, '..', '..');
const dir = mkdtempSync(join(tmpdir(), 'lexreview-cli-'));
const law = join(dir, 'law.json');

/** The CLI in English (whatever the machine's locale), or in the locale given. */
function cliIn(lang: string, ...args: string[]): { code: number | null; stdout: string; stderr: string } {
  const env = { ...process.env, LC_ALL: '', LC_MESSAGES: '', LANG: lang };
  const r = spawnSync(process.execPath, [join(root, 'bin', 'lexreview.js'), ...args], { encoding: 'utf8', env });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const cli = (...args: string[]) => cliIn('C.UTF-8', ...args);

before(async () => {
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root });
  await generate(law, 300, 7, 'json');
});

test('stats: count, layout, field lengths, duplicates', () => {
  const r = cli('stats', law);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /law\.json: 300 records · layout original · JSON array/);
  assert.match(r.stdout, /^input\s+300\s+0\s+\d+/m);
  const json = JSON.parse(cli('stats', law, '--json').stdout);
  assert.equal(json.records, 300);
  assert.equal(json.layout, 'original');
  assert.equal(json.fields.output.count, 300);
  assert.ok(json.fields.output.min >= 100 && json.fields.output.max <= 1000);
});

test('validate: a clean file exits 0; every problem is listed with file:line:column and record', () => {
  assert.equal(cli('validate', law).code, 0);
  const bad = join(dir, 'bad.jsonl');
  writeFileSync(bad, '{"input":"问","output":"答"}\n{"input":"问",\n{"question":"q","answer":"a"}\n{"input":"问","output":"答"}\n');
  const r = cli('validate', bad);
  assert.equal(r.code, 1);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 2);
  assert.match(lines[0], new RegExp(`^${bad.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:14: record 2: `));
  assert.match(lines[1], /:3:1: record 3: Record does not fit the .* layout/);
  assert.match(r.stderr, /3 records · layout original · 2 problem/);
});

test('convert round trip original → sharegpt → original is byte-identical', () => {
  const sharegpt = join(dir, 'law.sharegpt.json');
  const r = cli('convert', law, '--to', 'vicuna');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /300 records written \(original → sharegpt\)/);
  assert.match(r.stderr, /without loss/);
  const conv = JSON.parse(readFileSync(sharegpt, 'utf8'));
  assert.deepEqual(Object.keys(conv[0]), ['conversations']);
  const back = join(dir, 'back.json');
  assert.equal(cli('convert', sharegpt, '--to', 'original', '-o', back).code, 0);
  assert.equal(readFileSync(back, 'utf8'), readFileSync(law, 'utf8'));
});

test('convert --jsonl writes one record per line', () => {
  const out = join(dir, 'law.alpaca.jsonl');
  assert.equal(cli('convert', law, '--to', 'alpaca', '--jsonl').code, 0);
  const lines = readFileSync(out, 'utf8').trimEnd().split('\n');
  assert.equal(lines.length, 300);
  assert.deepEqual(Object.keys(JSON.parse(lines[0])), ['instruction', 'input', 'output']);
});

test('convert --dataset-info registers the output in dataset_info.json, keeping other entries', () => {
  const info = join(dir, 'dataset_info.json');
  writeFileSync(info, JSON.stringify({ other: { file_name: 'other.json' } }));
  const r = cli('convert', law, '--to', 'sharegpt', '-o', join(dir, 'law_vicuna.json'), '--dataset-info');
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /entry 'law_vicuna' written/);
  assert.deepEqual(JSON.parse(readFileSync(info, 'utf8')), {
    other: { file_name: 'other.json' },
    law_vicuna: {
      file_name: 'law_vicuna.json',
      formatting: 'sharegpt',
      columns: { messages: 'conversations' },
    },
  });
  assert.equal(cli('convert', law, '--to', 'alpaca', '-o', join(dir, 'law_alpaca.json'), '--dataset-info').code, 0);
  assert.deepEqual(JSON.parse(readFileSync(info, 'utf8')).law_alpaca.columns, { prompt: 'instruction', query: 'input', response: 'output' });
  writeFileSync(info, '{broken');
  const bad = cli('convert', law, '--to', 'qa', '-o', join(dir, 'law_qa.json'), '--dataset-info');
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /dataset_info\.json is not valid JSON .* left as it is/);
  assert.equal(readFileSync(info, 'utf8'), '{broken');
});

test('convert says what the target cannot carry', () => {
  const multi = join(dir, 'multi.jsonl');
  const conversations = [
    { from: 'system', value: '你是一名律师。' },
    { from: 'human', value: '什么是盗窃罪？' },
    { from: 'gpt', value: '盗窃罪是……' },
    { from: 'human', value: '怎么判？' },
    { from: 'gpt', value: '三年以下……' },
  ];
  writeFileSync(multi, JSON.stringify({ conversations }) + '\n');
  const out = join(dir, 'multi.qa.json');
  const r = cli('convert', multi, '--to', 'qa', '-o', out);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stderr, /history dropped from 1 record \(1 earlier turn/);
  assert.match(r.stderr, /system prompt dropped from 1 record/);
  assert.deepEqual(JSON.parse(readFileSync(out, 'utf8')), [{ question: '怎么判？', answer: '三年以下……' }]);
});

test('convert refuses bad input and writes nothing, unless --skip-invalid', () => {
  const bad = join(dir, 'broken.jsonl');
  writeFileSync(bad, '{"input":"一","output":"1"}\n{oops}\n{"input":"二","output":"2"}\n');
  const out = join(dir, 'broken.qa.json');
  const r = cli('convert', bad, '--to', 'qa', '-o', out);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /Nothing was written/);
  assert.match(r.stderr, /broken\.jsonl:2:2: record 2:/);
  assert.equal(existsSync(out), false);
  assert.equal(readdirSync(dir).filter((f) => f.endsWith('.tmp')).length, 0);
  const ok = cli('convert', bad, '--to', 'qa', '-o', out, '--skip-invalid');
  assert.equal(ok.code, 0, ok.stderr);
  assert.equal(JSON.parse(readFileSync(out, 'utf8')).length, 2);
});

test('usage errors exit 2 and say what is wrong', () => {
  const r = cli('convert', law, '--to', 'nope');
  assert.equal(r.code, 2);
  assert.match(r.stderr, /Unknown layout 'nope'\. Valid layouts: original .*; sharegpt \(alias vicuna\)/);
  assert.equal(cli('convert', law).code, 2);
  assert.equal(cli('frobnicate').code, 2);
  assert.match(cli('stats', law, '--bogus').stderr, /Unknown option --bogus/);
  const missing = cli('stats', join(dir, 'missing.json'));
  assert.equal(missing.code, 1);
  assert.match(missing.stderr, /no such file: .*missing\.json/);
});

test('dataset-info prints the entry LLaMA-Factory needs for a file as it is', () => {
  const tools = join(dir, 'glaive.jsonl');
  const record = {
    conversations: [
      { from: 'human', value: '查一下刑法第264条' },
      { from: 'function_call', value: '{"name": "lookup_article", "arguments": {"article": 264}}' },
      { from: 'observation', value: '{"text": "盗窃公私财物……"}' },
      { from: 'gpt', value: '第264条规定了盗窃罪……' },
    ],
    tools: '[{"name": "lookup_article"}]',
    images: ['scan.png'],
  };
  writeFileSync(tools, JSON.stringify(record) + '\n' + JSON.stringify({ conversations: record.conversations }) + '\n');
  const r = cli('dataset-info', tools);
  assert.equal(r.code, 0, r.stderr);
  assert.deepEqual(JSON.parse(r.stdout), {
    glaive: { file_name: 'glaive.jsonl', formatting: 'sharegpt', columns: { messages: 'conversations', tools: 'tools', images: 'images' } },
  });
  assert.equal(cli('stats', tools, '--json').code, 0);
  assert.equal(JSON.parse(cli('stats', tools, '--json').stdout).layout, 'sharegpt');
  assert.equal(cli('validate', tools).code, 0);

  const pref = join(dir, 'pref.json');
  writeFileSync(pref, JSON.stringify([{ instruction: '盗窃罪怎么判？', input: '', chosen: '依照刑法第264条……', rejected: '不知道。' }]));
  assert.deepEqual(JSON.parse(cli('dataset-info', pref, '--name', 'law_dpo').stdout), {
    law_dpo: { file_name: 'pref.json', formatting: 'alpaca', ranking: true, columns: { prompt: 'instruction', query: 'input', chosen: 'chosen', rejected: 'rejected' } },
  });
});

test('dataset-info --write merges the entry into DIR/dataset_info.json, relative to DIR, and refuses a broken one', () => {
  const data = join(dir, 'data');
  mkdirSync(join(data, 'law'), { recursive: true });
  const text = join(data, 'law', 'corpus.jsonl');
  writeFileSync(text, '{"text": "中华人民共和国刑法……"}\n{"text": "第一条……"}\n');
  const info = join(data, 'dataset_info.json');
  writeFileSync(info, JSON.stringify({ other: { file_name: 'other.json' } }));
  const r = cli('dataset-info', text, '--write', data, '--name', 'law_pt');
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, '');
  assert.match(r.stderr, /entry 'law_pt' written \(layout text\)/);
  assert.deepEqual(JSON.parse(readFileSync(info, 'utf8')), {
    other: { file_name: 'other.json' },
    law_pt: { file_name: 'law/corpus.jsonl', formatting: 'alpaca', columns: { prompt: 'text' } },
  });

  writeFileSync(info, '{broken');
  const bad = cli('dataset-info', text, '--write', data);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /dataset_info\.json is not valid JSON .* left as it is/);
  assert.equal(readFileSync(info, 'utf8'), '{broken');

  // Unreadable records: LLaMA-Factory could not load the file, so it is not registered.
  writeFileSync(info, '{}');
  const broken = join(data, 'broken.jsonl');
  writeFileSync(broken, '{"text": "一"}\n{oops}\n');
  const unreadable = cli('dataset-info', broken, '--write', data);
  assert.equal(unreadable.code, 1);
  assert.match(unreadable.stderr, /Records that cannot be read: 1 .*broken\.jsonl:2:2/);
  assert.match(unreadable.stderr, /dataset_info\.json was left as it is/);
  assert.equal(readFileSync(info, 'utf8'), '{}');
  assert.equal(cli('dataset-info').code, 2);
});

test('the CLI speaks Chinese when LANG (or LC_ALL) starts with zh, from the extension\'s catalogue', () => {
  const bad = join(dir, 'bad-zh.jsonl');
  writeFileSync(bad, Buffer.concat([Buffer.from('{"input":"问","output":"答"}\n{"input":"'), Buffer.from([0xff, 0xfe]), Buffer.from('","output":"答"}\n{"input": True}\n')]));
  const zh = cliIn('zh_CN.UTF-8', 'validate', bad);
  assert.equal(zh.code, 1);
  const lines = zh.stdout.trim().split('\n');
  // The location stays machine-readable (FILE:LINE:COLUMN: ); the rest is Chinese.
  assert.match(lines[0], /:2:11: 第 2 条记录：无效的 UTF-8（偏移 \d+ 处的字节 0xFF）$/);
  assert.match(lines[1], /:3:11: 第 3 条记录：True 是 Python 写法，不是 JSON/);
  assert.match(zh.stderr, /1 条记录 · 格式 original · 2 个问题/);
  // LC_ALL outranks LANG, as POSIX orders them.
  const lcAll = spawnSync(process.execPath, [join(root, 'bin', 'lexreview.js'), 'validate', bad], { encoding: 'utf8', env: { ...process.env, LC_ALL: 'zh_TW.UTF-8', LANG: 'en_US.UTF-8' } });
  assert.match(lcAll.stdout, /第 2 条记录/);
  const usage = cliIn('zh_CN.UTF-8', 'frobnicate');
  assert.equal(usage.code, 2);
  assert.match(usage.stderr, /未知命令“frobnicate”/);
  assert.match(usage.stderr, /用法：lexreview <命令> \[选项\]/);
  assert.match(cliIn('zh_CN.UTF-8', 'stats', law).stdout, /law\.json: 300 条记录 · 格式 original/);
  // Anything else is English.
  const en = cliIn('en_US.UTF-8', 'validate', bad);
  assert.match(en.stdout, /:2:11: record 2: invalid UTF-8 \(byte 0xFF at offset \d+\)$/m);
  assert.doesNotMatch(en.stdout + en.stderr, /[\u4e00-\u9fff]{2}/u);
});
