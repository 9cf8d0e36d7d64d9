import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import {
  LAYOUT_IDS,
  LAYOUTS,
  detectLayout,
  explainMisfit,
  fittingTexts,
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
  'alpaca-preference': { instruction: Q, input: '', chosen: A, rejected: A2 },
  'sharegpt-preference': {
    conversations: [{ from: 'human', value: Q }],
    chosen: { from: 'gpt', value: A },
    rejected: { from: 'gpt', value: A2 },
  },
  text: { text: A },
};

describe('layout catalogue', () => {
  it('lists every layout once, with fields for table columns', () => {
    assert.deepEqual(LAYOUT_IDS, [
      'original',
      'alpaca',
      'sharegpt',
      'openai',
      'chatglm',
      'chatglm-history',
      'qa',
      'alpaca-preference',
      'sharegpt-preference',
      'text',
    ]);
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
      'alpaca-preference': [true, true],
      'sharegpt-preference': [true, true],
      text: [false, false],
    });
    assert.deepEqual(LAYOUTS.filter((l) => l.ranking).map((l) => l.id), ['alpaca-preference', 'sharegpt-preference']);
    assert.deepEqual(LAYOUTS.filter((l) => l.toolRoles).map((l) => l.id), ['sharegpt', 'sharegpt-preference']);
    assert.deepEqual(layoutById('sharegpt-preference').fields, [
      { name: 'conversations', role: 'turns', optional: false },
      { name: 'chosen', role: 'answer', optional: false },
      { name: 'rejected', role: 'rejected', optional: false },
      { name: 'system', role: 'system', optional: true },
    ]);
    assert.deepEqual(layoutById('text').fields, [{ name: 'text', role: 'text', optional: false }]);
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

  it('accepts user/assistant roles in sharegpt', () => {
    const userAssistant = {
      conversations: [
        { from: 'user', value: Q },
        { from: 'assistant', value: A },
      ],
    };
    assert.ok(fitsLayout(userAssistant, 'sharegpt'));
  });

  it('takes function_call and observation turns where LLaMA-Factory does: calls as answers, results as questions', () => {
    const m = (...roles: string[]) => ({ conversations: roles.map((from, i) => ({ from, value: `第${i}条` })), tools: '[{"name":"lookup_article"}]' });
    assert.ok(fitsLayout(m('human', 'function_call', 'observation', 'gpt'), 'sharegpt'));
    assert.ok(fitsLayout(m('human', 'function_call'), 'sharegpt'), 'a record may end with a call');
    assert.equal(explainMisfit(m('human', 'observation'), 'sharegpt'), '\'conversations[1].from\' is "observation", expected gpt or function_call');
    assert.equal(explainMisfit(m('function_call', 'gpt'), 'sharegpt'), '\'conversations[0].from\' is "function_call", expected human or observation');
    // OpenAI's layout has no tool roles (LLaMA-Factory's openai format documents none).
    const openai = { messages: [{ role: 'user', content: Q }, { role: 'function_call', content: '{}' }] };
    assert.equal(explainMisfit(openai, 'openai'), '\'messages[1].role\' is "function_call", expected assistant');
    const conv = readConversation(m('human', 'function_call', 'observation', 'gpt'), 'sharegpt');
    assert.deepEqual(conv.turns, [
      { user: '第0条', assistant: '第1条', functionCall: true },
      { user: '第2条', assistant: '第3条', observation: true },
    ]);
    assert.deepEqual(conv.extras, { tools: '[{"name":"lookup_article"}]' });
    assert.deepEqual(
      fittingTexts(m('human', 'function_call', 'observation', 'gpt'), 'sharegpt').map((t) => [t.field, t.role, t.turn]),
      [
        ['conversations[0].value', 'question', 1],
        ['conversations[1].value', 'tool', 1],
        ['conversations[2].value', 'tool', 2],
        ['conversations[3].value', 'answer', 2],
      ],
    );
  });

  it('reads preference data: alpaca with chosen/rejected strings, sharegpt ending with a question and two answer messages', () => {
    assert.equal(explainMisfit({ instruction: Q, chosen: A }, 'alpaca-preference'), "missing 'rejected'");
    assert.equal(explainMisfit({ instruction: Q, chosen: A, rejected: 1 }, 'alpaca-preference'), "'rejected' is a number, not a string");
    const alpaca = readConversation({ instruction: Q, input: Q2, chosen: A, rejected: A2 }, 'alpaca-preference');
    assert.deepEqual(alpaca.turns, [{ user: `${Q}\n${Q2}`, assistant: A }]);
    assert.equal(alpaca.rejected, A2);
    const pref = SAMPLES['sharegpt-preference'];
    assert.equal(explainMisfit({ ...pref, rejected: undefined }, 'sharegpt-preference'), "missing 'rejected'");
    assert.equal(explainMisfit({ ...pref, chosen: A }, 'sharegpt-preference'), "'chosen' is not a message object");
    assert.equal(explainMisfit({ ...pref, chosen: { from: 'human', value: A } }, 'sharegpt-preference'), '\'chosen.from\' is "human", expected gpt');
    assert.match(explainMisfit(SAMPLES.sharegpt, 'sharegpt-preference')!, /ends with an answer/);
    const conv = readConversation(pref, 'sharegpt-preference');
    assert.deepEqual(conv.turns, [{ user: Q, assistant: A }]);
    assert.equal(conv.rejected, A2);
    assert.deepEqual(
      fittingTexts(pref, 'sharegpt-preference').map((t) => [t.field, t.role]),
      [
        ['conversations[0].value', 'question'],
        ['chosen.value', 'answer'],
        ['rejected.value', 'rejected'],
      ],
    );
    assert.deepEqual(fittingTexts(SAMPLES['alpaca-preference'], 'alpaca-preference').map((t) => t.role), ['question', 'input', 'answer', 'rejected']);
  });

  it('reads pretraining text', () => {
    assert.equal(explainMisfit({ text: 3 }, 'text'), "'text' is not a string");
    assert.deepEqual(fittingTexts({ text: A, source: 'law' }, 'text'), [{ field: 'text', role: 'text', turn: 1, text: A }]);
    assert.equal(layoutById('pretraining').id, 'text');
  });

  it("checks LLaMA-Factory's extra columns: a boolean kto_tag, paths of media, tools as text", () => {
    assert.ok(fitsLayout({ instruction: Q, output: A, kto_tag: false, images: ['a.png'], videos: 'v.mp4', tools: '[]' }, 'alpaca'));
    assert.equal(explainMisfit({ instruction: Q, output: A, kto_tag: 'true' }, 'alpaca'), "'kto_tag' is not true or false");
    assert.equal(explainMisfit({ ...SAMPLES.sharegpt, images: [1] }, 'sharegpt'), "'images' is not a list of paths");
    assert.match(explainMisfit({ ...SAMPLES.sharegpt, tools: [{ name: 'f' }] }, 'sharegpt')!, /'tools' is not a string/);
    // Detection goes by shape: a bad kto_tag makes the record a misfit of alpaca, not of everything.
    assert.equal(detectLayout([{ instruction: Q, output: A, kto_tag: 'yes' }]).layout, 'alpaca');
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
    const d = detectLayout([{ body: Q }, 42, null]);
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

describe('fittingTexts', () => {
  it('names single-turn fields by their keys', () => {
    assert.deepEqual(fittingTexts(SAMPLES.original, 'original'), [
      { field: 'input', role: 'question', turn: 1, text: Q },
      { field: 'output', role: 'answer', turn: 1, text: A },
    ]);
  });

  it('lists system, history pairs and the record’s own turn last', () => {
    assert.deepEqual(fittingTexts({ ...SAMPLES.alpaca, input: '补充说明' }, 'alpaca'), [
      { field: 'system', role: 'system', text: SYS },
      { field: 'history[0][0]', role: 'question', turn: 1, text: Q2 },
      { field: 'history[0][1]', role: 'answer', turn: 1, text: A2 },
      { field: 'instruction', role: 'question', turn: 2, text: Q },
      { field: 'input', role: 'input', turn: 2, text: '补充说明' },
      { field: 'output', role: 'answer', turn: 2, text: A },
    ]);
  });

  it('gives message paths for message lists', () => {
    assert.deepEqual(fittingTexts(SAMPLES.openai, 'openai'), [
      { field: 'messages[0].content', role: 'system', text: SYS },
      { field: 'messages[1].content', role: 'question', turn: 1, text: Q },
      { field: 'messages[2].content', role: 'answer', turn: 1, text: A },
    ]);
    assert.deepEqual(fittingTexts(SAMPLES.sharegpt, 'sharegpt')[0], { field: 'system', role: 'system', text: SYS });
  });

});
