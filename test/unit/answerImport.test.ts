// Reading answers and reviews files: each layout, CSV's hard cases (quoted newlines and commas, a
// BOM, \r\n), bad rows located by line, row and column name, generated_predictions naming and
// chat template stripping, and the demo workspace's answers.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { modelFromPath, readAnswerFile, textKey } from '../../extension/core/review/answerImport';
import { questionFromPrompt } from '../../extension/core/review/promptUnwrap';
import { readReviewFile } from '../../extension/core/review/reviewImport';
import { formatImportProblem, ImportError } from '../../extension/core/review/tableFile';
import { csvLine } from '../../extension/core/review/csvWrite';

const dir = mkdtempSync(join(tmpdir(), 'lexreview-answers-'));
let n = 0;
function file(name: string, text: string): string {
  const sub = join(dir, String(n++));
  mkdirSync(sub, { recursive: true });
  const path = join(sub, name);
  writeFileSync(path, text);
  return path;
}

/** The formatted problems of a failing read. */
async function problems(p: Promise<unknown>): Promise<string[]> {
  try {
    await p;
  } catch (e) {
    if (e instanceof ImportError) return e.problems.map(formatImportProblem);
    throw e;
  }
  assert.fail('expected an ImportError');
}

const pick = (rows: Array<Record<string, unknown>>, ...keys: string[]) => rows.map((r) => Object.fromEntries(keys.map((k) => [k, r[k]])));

describe('long layout', () => {
  it('reads JSONL with id, category and reference; questions without an id are keyed by their text', async () => {
    const path = file(
      'a.jsonl',
      [
        { id: 'q01', question: '盗窃罪的立案标准？', model: 'chatglm_baseline', answer: '数额较大。', category: 'legal', reference: '《刑法》第264条' },
        { question: '写一首诗', model: 'chatglm_baseline', answer: '床前明月光', category: 'general' },
      ]
        .map((r) => JSON.stringify(r))
        .join('\n'),
    );
    const parsed = await readAnswerFile(path);
    assert.equal(parsed.layout, 'long');
    assert.deepEqual(parsed.models, ['chatglm_baseline']);
    assert.deepEqual(pick(parsed.rows as never, 'questionKey', 'keyedBy', 'category', 'reference'), [
      { questionKey: 'q01', keyedBy: 'id', category: 'legal', reference: '《刑法》第264条' },
      { questionKey: textKey('写一首诗'), keyedBy: 'text', category: 'general', reference: undefined },
    ]);
    assert.deepEqual(parsed.rows[1].location, { file: path, line: 2, record: 1 });
  });

  it('reads a JSON array; --category fills rows without one; --model stands in for a missing model column', async () => {
    const path = file('a.json', '[\n  {"question": "问", "answer": "答"},\n  {"question": "问2", "answer": "", "category": "general"}\n]\n');
    const parsed = await readAnswerFile(path, { model: 'law_batch128_epoch3_vicuna', category: 'legal' });
    assert.deepEqual(pick(parsed.rows as never, 'model', 'answer', 'category'), [
      { model: 'law_batch128_epoch3_vicuna', answer: '答', category: 'legal' },
      { model: 'law_batch128_epoch3_vicuna', answer: '', category: 'general' },
    ]);
    assert.deepEqual(parsed.rows.map((r) => r.location.line), [2, 3]);
  });

  it('locates bad rows by line, record and column name, and reports them all', async () => {
    const path = file('bad.jsonl', '{"question":"q","model":"m","answer":"a"}\n{"question":"q2","model":"m","answer":42}\n{"question":"","model":"m","answer":"a"}\n{"question":"q4","model":"m","answer":["x"]}\n');
    // A number is read as the text it is written as (CSV cells are text too): row 2 is fine.
    assert.deepEqual(await problems(readAnswerFile(path)), [
      `${path}:3:1: record 3: column "question": empty`,
      `${path}:4:1: record 4: column "answer": expected text, found a list`,
    ]);
    // (A second answer to the same question, or a question id with two texts, is the store's to refuse: reviewStore.test.ts.)
  });

  it("reuses the dataset reader's JSON errors: located, explained", async () => {
    const path = file('broken.jsonl', '{"question":"q","model":"m","answer":"a"}\n{"question": "q2", "model": "m", "answer": None}\n');
    const [p] = await problems(readAnswerFile(path));
    assert.match(p, new RegExp(`^${path.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}:2:\\d+: record 2: .*None is Python, not JSON`));
  });
});

describe('wide layout', () => {
  it('CSV with quoted newlines, commas and quotes, a BOM and \\r\\n; known columns are not models; blank cells are skipped', async () => {
    const path = file(
      'wide.csv',
      '\ufeffid,问题,category,chatglm_baseline,law_batch128_epoch3_vicuna\r\n' +
        'q1,"盗窃罪的立案标准, 是什么？",legal,"第一行\r\n第二行","他说""够了"""\r\n' +
        'q2,写一首诗,general,,床前明月光\r\n',
    );
    const parsed = await readAnswerFile(path);
    assert.equal(parsed.layout, 'wide');
    assert.deepEqual(parsed.models, ['chatglm_baseline', 'law_batch128_epoch3_vicuna']);
    assert.equal(parsed.skippedBlank, 1);
    assert.deepEqual(pick(parsed.rows as never, 'questionKey', 'question', 'model', 'answer', 'category'), [
      { questionKey: 'q1', question: '盗窃罪的立案标准, 是什么？', model: 'chatglm_baseline', answer: '第一行\r\n第二行', category: 'legal' },
      { questionKey: 'q1', question: '盗窃罪的立案标准, 是什么？', model: 'law_batch128_epoch3_vicuna', answer: '他说"够了"', category: 'legal' },
      { questionKey: 'q2', question: '写一首诗', model: 'law_batch128_epoch3_vicuna', answer: '床前明月光', category: 'general' },
    ]);
    // The second data row starts on line 4: the first one's answer spans two lines.
    assert.deepEqual(parsed.rows.map((r) => r.location.line), [2, 2, 4]);
  });

  it('JSON with an instruction column: input joins the question; --model picks one column', async () => {
    const path = file('wide.json', JSON.stringify([{ instruction: '翻译', input: 'hello', modelA: '你好', modelB: '哈喽' }]));
    const all = await readAnswerFile(path);
    assert.deepEqual(all.models, ['modelA', 'modelB']);
    assert.equal(all.rows[0].question, '翻译\nhello');
    const one = await readAnswerFile(path, { model: 'modelB' });
    assert.deepEqual(one.rows.map((r) => r.answer), ['哈喽']);
    assert.deepEqual(await problems(readAnswerFile(path, { model: 'modelC' })), [`${path}:1:1: no column for model "modelC"; the model columns are: modelA, modelB`]);
  });

  it('locates CSV problems: a short row, an unclosed quote, a duplicate header, no question column', async () => {
    const short = file('short.csv', 'question,a,b\nq1,x,y\nq2,x\n');
    assert.deepEqual(await problems(readAnswerFile(short)), [`${short}:3:1: record 2: 2 field(s) where the header has 3 (an unquoted comma or line break in a value?)`]);
    const quote = file('quote.csv', 'question,a\nq1,x\nq2,"never closed\n');
    assert.match((await problems(readAnswerFile(quote)))[0], /quote\.csv:3:1: not valid CSV: .*quote/i);
    const twice = file('twice.csv', 'question,a,a\nq,x,y\n');
    assert.deepEqual(await problems(readAnswerFile(twice)), [`${twice}:1:1: header names column "a" twice`]);
    const none = file('none.csv', 'query,a\nq,x\n');
    assert.deepEqual(await problems(readAnswerFile(none)), [`${none}:1:1: no question column (one of question, 问题, instruction, prompt); the columns are: query, a`]);
  });
});

describe('LLaMA-Factory generated_predictions.jsonl', () => {
  const vicuna = (q: string) => `A chat between a curious user and an artificial intelligence assistant. The assistant gives helpful, detailed, and polite answers to the user's questions. USER: ${q} ASSISTANT:`;

  it('names the model after its folder (skipping generic ones like predict/), strips the template, keeps label as the reference', async () => {
    const root = mkdtempSync(join(tmpdir(), 'lexreview-saves-'));
    const folder = join(root, 'saves', 'law_batch128_epoch6_penalty1.2_vicuna', 'predict');
    mkdirSync(folder, { recursive: true });
    const path = join(folder, 'generated_predictions.jsonl');
    writeFileSync(path, JSON.stringify({ prompt: vicuna('盗窃罪的立案标准是什么？'), predict: '数额较大的……', label: '根据《刑法》第264条' }) + '\n');
    const parsed = await readAnswerFile(path);
    assert.equal(parsed.layout, 'predictions');
    assert.deepEqual(parsed.models, ['law_batch128_epoch6_penalty1.2_vicuna']);
    assert.deepEqual(pick(parsed.rows as never, 'question', 'answer', 'reference', 'keyedBy'), [{ question: '盗窃罪的立案标准是什么？', answer: '数额较大的……', reference: '根据《刑法》第264条', keyedBy: 'text' }]);
    assert.equal((await readAnswerFile(path, { model: 'other' })).rows[0].model, 'other');
    assert.equal(modelFromPath('/runs/chatglm_ptuning/generated_predictions.jsonl'), 'chatglm_ptuning');
    assert.equal(modelFromPath('generated_predictions.jsonl'), undefined);
  });

  it('asks for --model when the path names no model (generic folders only)', async () => {
    const folder = join(mkdtempSync(join(tmpdir(), 'lexreview-p-')), 'output', 'eval', 'predict');
    mkdirSync(folder, { recursive: true });
    const path = join(folder, 'generated_predictions.jsonl');
    writeFileSync(path, JSON.stringify({ prompt: 'q', predict: 'a', label: 'r' }) + '\n');
    assert.deepEqual(await problems(readAnswerFile(path)), [`${path}:1:1: a generated_predictions file names no model: pass --model NAME`]);
  });

  it('strips the usual chat templates down to the last question; an unknown prompt is kept whole', () => {
    assert.equal(questionFromPrompt(vicuna('问题一')), '问题一');
    assert.equal(questionFromPrompt(`${vicuna('早先').slice(0, -1)} 早先的回答</s>USER: 后来 ASSISTANT:`), '后来');
    assert.equal(questionFromPrompt('Below is an instruction that describes a task. Write a response that appropriately completes the request.\n\n### Instruction:\n问题二\n\n### Response:\n'), '问题二');
    assert.equal(questionFromPrompt('Below …\n\n### Instruction:\n翻译\n\n### Input:\nhello\n\n### Response:'), '翻译\nhello');
    assert.equal(questionFromPrompt('[Round 0]\n问：第一问\n答：第一答\n[Round 1]\n问：第二问\n答：'), '第二问');
    assert.equal(questionFromPrompt('[gMASK]sop[Round 1]\n\n问：问题三\n\n答：'), '问题三');
    assert.equal(questionFromPrompt('<|im_start|>system\nYou are helpful.<|im_end|>\n<|im_start|>user\n问题四<|im_end|>\n<|im_start|>assistant\n'), '问题四');
    assert.equal(questionFromPrompt('<s>[INST] <<SYS>>\n系统\n<</SYS>>\n\n问题五 [/INST]'), '问题五');
    assert.equal(
      questionFromPrompt('<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\n问题六<|eot_id|><|start_header_id|>assistant<|end_header_id|>\n\n'),
      '问题六',
    );
    assert.equal(questionFromPrompt('  盗窃罪的立案标准是什么？ '), '盗窃罪的立案标准是什么？');
  });
});

describe('the demo workspace answers', () => {
  it('reads scripts/demo-workspace.mjs sampleAnswers(): 16 questions × 3 models, keyed by their ids', async () => {
    // @ts-expect-error: a plain .mjs script without types
    const { sampleAnswers } = (await import('../../scripts/demo-workspace.mjs')) as { sampleAnswers(): Array<Record<string, string>> };
    const sample = sampleAnswers();
    const path = file('answers_sample.jsonl', sample.map((r) => JSON.stringify(r)).join('\n') + '\n');
    const parsed = await readAnswerFile(path);
    assert.equal(parsed.layout, 'long');
    assert.deepEqual(parsed.models.sort(), ['chatglm_baseline', 'law_batch128_epoch3_vicuna', 'law_batch128_epoch6_penalty1.2_vicuna']);
    assert.equal(parsed.rows.length, 48);
    assert.equal(new Set(parsed.rows.map((r) => r.questionKey)).size, 16);
    assert.ok(parsed.rows.every((r) => /^q\d\d$/.test(r.questionKey) && r.keyedBy === 'id'));
    assert.deepEqual(pick(parsed.rows.slice(0, 1) as never, 'question', 'answer'), pick(sample.slice(0, 1), 'question', 'answer'));
  });
});

describe('reviews files', () => {
  it('reads CSV rows with flags and notes, and what the CSV writer wrote', async () => {
    const path = file(
      'reviews.csv',
      csvLine(['question', 'model', 'score', 'flags', 'note']) + csvLine(['q01', 'm', 7, 'repetition; truncation', '重复, 而且\n截断']) + csvLine(['写一首诗', 'm', '3.5', '', '']),
    );
    const rows = await readReviewFile(path);
    assert.deepEqual(pick(rows as never, 'question', 'model', 'score', 'flags', 'note'), [
      { question: 'q01', model: 'm', score: 7, flags: ['repetition', 'truncation'], note: '重复, 而且\n截断' },
      { question: '写一首诗', model: 'm', score: 3.5, flags: [], note: undefined },
    ]);
  });

  it('reads JSONL with a reviewer column and a JSON list of flags; bad scores and unknown kinds are located', async () => {
    const good = file('r.jsonl', '{"question":"q1","model":"m","score":9,"flags":["leakage"],"reviewer":"li"}\n');
    assert.deepEqual(pick((await readReviewFile(good)) as never, 'reviewer', 'flags'), [{ reviewer: 'li', flags: ['leakage'] }]);
    const bad = file('bad.csv', 'question,model,score,flags\nq1,m,11,\nq2,m,abc,\nq3,m,5,typo;leakage\n');
    assert.deepEqual(await problems(readReviewFile(bad)), [
      `${bad}:2:1: record 1: column "score": the score must be a number from 1 to 10, not "11"`,
      `${bad}:3:1: record 2: column "score": the score must be a number from 1 to 10, not "abc"`,
      `${bad}:4:1: record 3: column "flags": unknown flag kind(s) typo; the kinds are leakage, repetition, truncation, runon, forgetting, citation, other`,
    ]);
    const noScore = file('ns.csv', 'question,model\nq,m\n');
    assert.deepEqual(await problems(readReviewFile(noScore)), [`${noScore}:1:1: no "score" column; the columns are: question, model`]);
  });
});
