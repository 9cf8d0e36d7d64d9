import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  LAYOUT_IDS,
  LAYOUTS,
  detectLayout,
  explainMisfit,
  fieldTexts,
  fitsLayout,
  layoutById,
  readConversation,
  type LayoutId,
} from '../../extension/core/dataset/layouts';

const Q = '盗窃罪的立案标准是什么？';
const A = '根据《刑法》第264条，盗窃公私财物，数额较大的，或者多次盗窃、入户盗窃、携带凶器盗窃、扒窃的，构成盗窃罪。';
const Q2 = '那么数额较大是指多少？';
const A2 = '一般为一千元至三千元以上，具体由各省、自治区、直辖市确定。';
const SYS = '你是一名专业的中国法律顾问。';

/** One typical record per layout. */
const SAMPLES: Record<LayoutId, Record<string, unknown>> = {
  original: { input: Q, output: A },
  alpaca: { instruction: Q, input: '', output: A, system: SYS, history: [[Q2, A2]] },
  sharegpt: {
    conversations: [
      { from: 'human', value: Q },
      { from: 'gpt', value: A },
    ],
    system: SYS,
  },
  openai: {
    messages: [
      { role: 'system', content: SYS },
      { role: 'user', content: Q },
      { role: 'assistant', content: A },
    ],
  },
  chatglm: { content: Q, summary: A },
  'chatglm-history': { prompt: Q2, response: A2, history: [[Q, A]] },
  qa: { question: Q, answer: A },
};

describe('layout catalogue', () => {
  it('lists every layout once, with fields for table columns', () => {
    assert.deepEqual(LAYOUT_IDS, ['original', 'alpaca', 'sharegpt', 'openai', 'chatglm', 'chatglm-history', 'qa']);
    assert.deepEqual(layoutById('alpaca').fields, [
      { name: 'instruction', role: 'question', optional: false },
      { name: 'input', role: 'input', optional: true },
      { name: 'output', role: 'answer', optional: false },
      { name: 'system', role: 'system', optional: true },
      { name: 'history', role: 'history', optional: true },
    ]);
    assert.deepEqual(layoutById('sharegpt').fields, [
      { name: 'conversations', role: 'turns', optional: false },
      { name: 'system', role: 'system', optional: true },
    ]);
  });

  it('knows which layouts hold several turns and a system prompt', () => {
    const flags = Object.fromEntries(LAYOUTS.map((l) => [l.id, [l.multiTurn, l.hasSystem]]));
    assert.deepEqual(flags, {
      original: [false, false],
      alpaca: [true, true],
      sharegpt: [true, true],
      openai: [true, true],
      chatglm: [false, false],
      'chatglm-history': [true, false],
      qa: [false, false],
    });
  });

  it('finds layouts by id or alias, ignoring case', () => {
    assert.equal(layoutById('vicuna').id, 'sharegpt');
    assert.equal(layoutById(' ChatGLM-History ').id, 'chatglm-history');
    assert.equal(layoutById('ptuning').id, 'chatglm-history');
  });

  it('names the valid ids when the id is unknown', () => {
    assert.throws(() => layoutById('belle'), (e: Error) => {
      assert.match(e.message, /Unknown layout 'belle'/);
      for (const id of LAYOUT_IDS) assert.ok(e.message.includes(id), id);
      assert.match(e.message, /sharegpt \(alias vicuna\)/);
      return true;
    });
  });
});

describe('fitsLayout', () => {
  it('tells the layouts apart: each sample fits its own layout only', () => {
    for (const id of LAYOUT_IDS) {
      const fitting = LAYOUT_IDS.filter((l) => fitsLayout(SAMPLES[id], l));
      assert.deepEqual(fitting, [id], `sample of ${id}`);
    }
  });

  it('keeps original and alpaca apart although both have input and output', () => {
    const alpaca = { instruction: '请回答以下法律问题', input: Q, output: A };
    assert.equal(fitsLayout(alpaca, 'original'), false);
    assert.equal(explainMisfit(alpaca, 'original'), "has 'instruction', which belongs to another layout");
    assert.equal(fitsLayout(alpaca, 'alpaca'), true);
  });

  it('lets extra top-level keys through', () => {
    assert.ok(fitsLayout({ id: 17, input: Q, output: A, source: 'CrimeKgAssitant' }, 'original'));
    assert.ok(fitsLayout({ ...SAMPLES.sharegpt, tools: '[]' }, 'sharegpt'));
  });

  it('accepts empty strings, a missing alpaca input and null optional fields', () => {
    assert.ok(fitsLayout({ input: '', output: '' }, 'original'));
    assert.ok(fitsLayout({ instruction: Q, output: A }, 'alpaca'));
    assert.ok(fitsLayout({ instruction: Q, input: null, output: A, system: null, history: null }, 'alpaca'));
    assert.ok(fitsLayout({ prompt: Q, response: A }, 'chatglm-history'));
    assert.ok(fitsLayout({ prompt: Q, response: A, history: [] }, 'chatglm-history'));
  });

  it('explains missing and mistyped fields', () => {
    assert.equal(explainMisfit({ input: Q }, 'original'), "missing 'output'");
    assert.equal(explainMisfit({ input: Q, output: 264 }, 'original'), "'output' is a number, not a string");
    assert.equal(explainMisfit('盗窃罪', 'qa'), 'is not a JSON object');
    assert.equal(explainMisfit([Q, A], 'qa'), 'is not a JSON object');
    assert.equal(explainMisfit(null, 'qa'), 'is not a JSON object');
    assert.equal(
      explainMisfit({ instruction: Q, output: A, history: [[Q2]] }, 'alpaca'),
      "'history[0]' is not a [question, answer] pair of strings",
    );
    assert.equal(explainMisfit({ instruction: Q, output: A, system: 1 }, 'alpaca'), "'system' is not a string");
  });

  it('accepts user/assistant roles in sharegpt, and no tool roles', () => {
    const userAssistant = {
      conversations: [
        { from: 'user', value: Q },
        { from: 'assistant', value: A },
      ],
    };
    assert.ok(fitsLayout(userAssistant, 'sharegpt'));
    const tool = {
      conversations: [
        { from: 'human', value: Q },
        { from: 'function_call', value: '{}' },
      ],
    };
    assert.equal(explainMisfit(tool, 'sharegpt'), '\'conversations[1].from\' is "function_call", expected gpt');
  });

  it('requires alternating questions and answers that end with an answer', () => {
    const msgs = (...roles: string[]) => ({ messages: roles.map((role, i) => ({ role, content: `第${i}条` })) });
    assert.ok(fitsLayout(msgs('user', 'assistant', 'user', 'assistant'), 'openai'));
    assert.equal(explainMisfit(msgs('user'), 'openai'), "'messages' ends with a question that has no answer");
    assert.equal(explainMisfit(msgs('system'), 'openai'), "'messages' holds no question and answer");
    assert.equal(explainMisfit(msgs(), 'openai'), "'messages' holds no question and answer");
    assert.match(explainMisfit(msgs('user', 'user'), 'openai')!, /messages\[1\]\.role' is "user", expected assistant/);
    assert.match(explainMisfit(msgs('assistant', 'user'), 'openai')!, /expected user/);
    assert.match(explainMisfit(msgs('user', 'system', 'assistant'), 'openai')!, /expected assistant/);
    // openai does not take ShareGPT's role names.
    assert.equal(fitsLayout(msgs('human', 'gpt'), 'openai'), false);
    assert.equal(
      explainMisfit({ messages: [{ role: 'user', content: Q }, { role: 'assistant' }] }, 'openai'),
      "'messages[1].content' is not a string",
    );
  });

  it('refuses a ShareGPT record with two system prompts rather than drop one', () => {
    const both = {
      system: SYS,
      conversations: [
        { from: 'system', value: '另一个系统提示' },
        { from: 'human', value: Q },
        { from: 'gpt', value: A },
      ],
    };
    assert.equal(explainMisfit(both, 'sharegpt'), "has both 'system' and a system message");
  });
});

describe('readConversation', () => {
  it('reads history oldest first, with the record itself as the last turn', () => {
    assert.deepEqual(readConversation(SAMPLES.alpaca, 'alpaca'), {
      system: SYS,
      turns: [
        { user: Q2, assistant: A2 },
        { user: Q, assistant: A },
      ],
    });
  });

  it('joins instruction and input with a newline and remembers the split', () => {
    const conv = readConversation({ instruction: '请分析以下案情', input: '张某入户盗窃现金五千元。', output: A }, 'alpaca');
    assert.deepEqual(conv.turns, [{ user: '请分析以下案情\n张某入户盗窃现金五千元。', assistant: A }]);
    assert.deepEqual(conv.split, { instruction: '请分析以下案情', input: '张某入户盗窃现金五千元。' });
  });

  it('collects extra top-level fields', () => {
    assert.deepEqual(readConversation({ id: 3, input: Q, output: A }, 'original').extras, { id: 3 });
  });

  it('throws with the reason when the record does not fit', () => {
    assert.throws(() => readConversation({ input: Q }, 'original'), /does not fit the original layout: missing 'output'/);
  });
});

describe('detectLayout', () => {
  it('chooses by majority and lists the records that do not fit', () => {
    const records = [
      { input: Q, output: A },
      { instruction: Q, input: '', output: A },
      { input: Q2, output: A2 },
      { input: Q2 },
      { input: Q, output: A, id: 9 },
    ];
    const d = detectLayout(records);
    assert.equal(d.layout, 'original');
    assert.equal(d.total, 5);
    assert.equal(d.counts.original, 3);
    assert.equal(d.counts.alpaca, 1);
    assert.deepEqual(d.misfits, [1, 3]);
    assert.equal(d.misfitCount, 2);
  });

  it('breaks ties by the catalogue order, deterministically', () => {
    const d = detectLayout([{ question: Q, answer: A }, { content: Q, summary: A }]);
    assert.equal(d.layout, 'chatglm');
    assert.deepEqual(d.misfits, [0]);
    // A record that fits two layouts counts for both.
    const both = detectLayout([{ question: Q, answer: A, input: Q, output: A }]);
    assert.equal(both.layout, 'original');
    assert.equal(both.counts.qa, 1);
  });

  it('says undefined when nothing fits, and every record is a misfit', () => {
    const d = detectLayout([{ text: Q }, 42, null]);
    assert.equal(d.layout, undefined);
    assert.deepEqual(d.misfits, [0, 1, 2]);
    assert.equal(detectLayout([]).layout, undefined);
  });

  it('works on a sample of a one-shot iterable, and caps the misfit list', () => {
    function* many() {
      for (let i = 0; i < 5000; i++) yield i % 2 === 0 ? { question: Q, answer: A } : { q: Q };
    }
    const sample = detectLayout(many(), { limit: 100 });
    assert.equal(sample.total, 100);
    assert.equal(sample.layout, 'qa');
    assert.equal(sample.misfitCount, 50);
    const capped = detectLayout(many(), { maxMisfits: 3 });
    assert.equal(capped.total, 5000);
    assert.deepEqual(capped.misfits, [1, 3, 5]);
    assert.equal(capped.misfitCount, 2500);
  });
});

describe('fieldTexts', () => {
  it('names single-turn fields by their keys', () => {
    assert.deepEqual(fieldTexts(SAMPLES.original, 'original'), [
      { field: 'input', role: 'question', turn: 1, text: Q },
      { field: 'output', role: 'answer', turn: 1, text: A },
    ]);
  });

  it('lists system, history pairs and the record’s own turn last', () => {
    assert.deepEqual(fieldTexts({ ...SAMPLES.alpaca, input: '补充说明' }, 'alpaca'), [
      { field: 'system', role: 'system', text: SYS },
      { field: 'history[0][0]', role: 'question', turn: 1, text: Q2 },
      { field: 'history[0][1]', role: 'answer', turn: 1, text: A2 },
      { field: 'instruction', role: 'question', turn: 2, text: Q },
      { field: 'input', role: 'input', turn: 2, text: '补充说明' },
      { field: 'output', role: 'answer', turn: 2, text: A },
    ]);
  });

  it('gives message paths for message lists', () => {
    assert.deepEqual(fieldTexts(SAMPLES.openai, 'openai'), [
      { field: 'messages[0].content', role: 'system', text: SYS },
      { field: 'messages[1].content', role: 'question', turn: 1, text: Q },
      { field: 'messages[2].content', role: 'answer', turn: 1, text: A },
    ]);
    assert.deepEqual(fieldTexts(SAMPLES.sharegpt, 'sharegpt')[0], { field: 'system', role: 'system', text: SYS });
  });

  it('falls back to top-level strings for a record that does not fit', () => {
    assert.deepEqual(fieldTexts({ input: Q, score: 3, note: '待核实' }, 'original'), [
      { field: 'input', text: Q },
      { field: 'note', text: '待核实' },
    ]);
    assert.deepEqual(fieldTexts('不是对象', 'qa'), []);
  });
});
