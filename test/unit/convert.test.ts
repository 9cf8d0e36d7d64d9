import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { ConversionReport, conversionRefusal, convertRecord, type ConversionResult, type Loss } from '../../extension/core/dataset/convert';
import { LAYOUT_IDS, fitsLayout, type LayoutId } from '../../extension/core/dataset/layouts';

const Q = '盗窃罪的立案标准是什么？';
const A = '根据《刑法》第264条，盗窃公私财物，数额较大的，或者多次盗窃、入户盗窃、携带凶器盗窃、扒窃的，构成盗窃罪。';
const Q2 = '那么数额较大是指多少？';
const A2 = '一般为一千元至三千元以上，具体由各省、自治区、直辖市确定。';
const Q3 = '入户盗窃有数额要求吗？';
const A3 = '入户盗窃不以数额较大为要件，一经实施即可构成盗窃罪。';
const SYS = '你是一名专业的中国法律顾问。';

/** Converts along a chain of layouts, asserting each step loses nothing. */
function chain(record: unknown, ...layouts: LayoutId[]): unknown {
  let current = record;
  for (let i = 1; i < layouts.length; i++) {
    const r = convertRecord(current, layouts[i - 1], layouts[i]);
    assert.equal(r.misfit, undefined, `${layouts[i - 1]} → ${layouts[i]}`);
    assert.deepEqual(r.losses, [], `${layouts[i - 1]} → ${layouts[i]}`);
    current = r.record;
  }
  return current;
}

function converted(r: ConversionResult) {
  assert.equal(r.misfit, undefined);
  return r.record!;
}

describe('convertRecord: single turn', () => {
  const original = { input: Q, output: A };

  it('maps the CrimeKgAssitant record onto every layout', () => {
    assert.deepEqual(converted(convertRecord(original, 'original', 'alpaca')), { instruction: Q, input: '', output: A });
    assert.deepEqual(converted(convertRecord(original, 'original', 'sharegpt')), {
      conversations: [
        { from: 'human', value: Q },
        { from: 'gpt', value: A },
      ],
    });
    assert.deepEqual(converted(convertRecord(original, 'original', 'openai')), {
      messages: [
        { role: 'user', content: Q },
        { role: 'assistant', content: A },
      ],
    });
    assert.deepEqual(converted(convertRecord(original, 'original', 'chatglm')), { content: Q, summary: A });
    assert.deepEqual(converted(convertRecord(original, 'original', 'chatglm-history')), { prompt: Q, response: A, history: [] });
    assert.deepEqual(converted(convertRecord(original, 'original', 'qa')), { question: Q, answer: A });
  });

  it('writes records that fit the target layout, for every pair', () => {
    const rich = { instruction: Q2, input: '', output: A2, system: SYS, history: [[Q, A]] };
    for (const to of LAYOUT_IDS) {
      if (conversionRefusal('alpaca', to) !== undefined) continue;
      const r = convertRecord(rich, 'alpaca', to);
      assert.ok(fitsLayout(r.record, to), `alpaca → ${to}`);
      for (const back of LAYOUT_IDS) {
        if (conversionRefusal(to, back) === undefined) assert.ok(fitsLayout(converted(convertRecord(r.record, to, back)), back), `${to} → ${back}`);
      }
    }
  });

  it('round-trips original → alpaca → original', () => {
    assert.deepEqual(chain(original, 'original', 'alpaca', 'original'), original);
  });

  it('round-trips original ↔ qa ↔ chatglm ↔ chatglm-history, in both directions', () => {
    assert.deepEqual(chain(original, 'original', 'qa', 'chatglm', 'chatglm-history', 'chatglm', 'qa', 'original'), original);
    const glm = { prompt: Q, response: A, history: [] };
    assert.deepEqual(chain(glm, 'chatglm-history', 'original', 'qa', 'chatglm', 'chatglm-history'), glm);
  });

  it('keeps empty strings as they are', () => {
    const empty = { input: '', output: '' };
    assert.deepEqual(chain(empty, 'original', 'sharegpt', 'openai', 'alpaca', 'original'), empty);
  });

  it('carries extra fields along unchanged and by reference', () => {
    const meta = { source: 'CrimeKgAssitant', tags: ['刑法', '盗窃罪'] };
    const r = converted(convertRecord({ id: 17, input: Q, output: A, meta }, 'original', 'sharegpt'));
    assert.equal(r.id, 17);
    assert.equal(r.meta, meta);
    assert.deepEqual(chain({ id: 17, input: Q, output: A, meta }, 'original', 'openai', 'qa', 'original'), {
      id: 17,
      input: Q,
      output: A,
      meta,
    });
  });

  it('carries an extra field named __proto__ as a field', () => {
    const record = JSON.parse(`{"input":"${Q}","output":"${A}","__proto__":{"x":1}}`);
    const out = converted(convertRecord(record, 'original', 'qa'));
    assert.equal(JSON.stringify(out), `{"question":"${Q}","answer":"${A}","__proto__":{"x":1}}`);
  });

  it('reports an extra field that collides with a target field, and keeps the target field', () => {
    const qa = { question: Q, answer: A, input: '旧字段', instruction: '也是旧字段' };
    const r = convertRecord(qa, 'qa', 'original');
    assert.deepEqual(r.record, { input: Q, output: A });
    assert.deepEqual(r.losses, [
      { kind: 'collision', field: 'input' },
      { kind: 'collision', field: 'instruction' },
    ]);
    // A name the target could write but does not this time still collides: it would be misread.
    const withSystem = convertRecord({ question: Q, answer: A, system: '不是系统提示' }, 'qa', 'alpaca');
    assert.deepEqual(withSystem.record, { instruction: Q, input: '', output: A });
    assert.deepEqual(withSystem.losses, [{ kind: 'collision', field: 'system' }]);
  });

  it('does not throw on a record that does not fit the source layout', () => {
    const r = convertRecord({ input: Q }, 'original', 'alpaca');
    assert.equal(r.record, undefined);
    assert.equal(r.misfit, "missing 'output'");
    assert.equal(convertRecord(null, 'qa', 'alpaca').misfit, 'is not a JSON object');
  });

  it('accepts aliases and throws on an unknown layout', () => {
    assert.deepEqual(converted(convertRecord(original, 'crimekg', 'vicuna')).conversations, [
      { from: 'human', value: Q },
      { from: 'gpt', value: A },
    ]);
    assert.throws(() => convertRecord(original, 'original', 'belle'), /Unknown layout 'belle'/);
  });
});

describe('convertRecord: alpaca instruction and input', () => {
  const withInput = { instruction: '请分析以下案情构成何罪', input: '张某深夜入户盗窃现金五千元。', output: A };

  it('keeps the split alpaca → alpaca', () => {
    assert.deepEqual(chain(withInput, 'alpaca', 'alpaca'), withInput);
  });

  it('joins instruction and input for other layouts and reports it', () => {
    const r = convertRecord(withInput, 'alpaca', 'original');
    assert.deepEqual(r.record, { input: '请分析以下案情构成何罪\n张某深夜入户盗窃现金五千元。', output: A });
    assert.deepEqual(r.losses, [{ kind: 'split' }]);
  });

  it('cannot split again: alpaca → sharegpt → alpaca is lossless only when input is empty', () => {
    const r1 = convertRecord(withInput, 'alpaca', 'sharegpt');
    assert.deepEqual(r1.losses, [{ kind: 'split' }]);
    const back = converted(convertRecord(r1.record, 'sharegpt', 'alpaca'));
    assert.deepEqual(back, { instruction: '请分析以下案情构成何罪\n张某深夜入户盗窃现金五千元。', input: '', output: A });
    assert.notDeepEqual(back, withInput);
  });

  it('writes an empty input for an alpaca record that had none, and for null', () => {
    assert.deepEqual(converted(convertRecord({ instruction: Q, output: A }, 'alpaca', 'alpaca')), {
      instruction: Q,
      input: '',
      output: A,
    });
    assert.deepEqual(converted(convertRecord({ instruction: Q, input: null, output: A }, 'alpaca', 'qa')), {
      question: Q,
      answer: A,
    });
  });
});

describe('convertRecord: several turns and system prompts', () => {
  const sharegpt = {
    conversations: [
      { from: 'human', value: Q },
      { from: 'gpt', value: A },
      { from: 'human', value: Q2 },
      { from: 'gpt', value: A2 },
    ],
    system: SYS,
  };
  const openai = {
    messages: [
      { role: 'system', content: SYS },
      { role: 'user', content: Q },
      { role: 'assistant', content: A },
      { role: 'user', content: Q2 },
      { role: 'assistant', content: A2 },
    ],
  };
  const alpaca = { instruction: Q3, input: '', output: A3, system: SYS, history: [[Q, A], [Q2, A2]] };

  it('converts sharegpt ↔ openai without loss', () => {
    assert.deepEqual(chain(sharegpt, 'sharegpt', 'openai'), openai);
    assert.deepEqual(chain(openai, 'openai', 'sharegpt'), sharegpt);
  });

  it('round-trips alpaca with history and system → sharegpt → alpaca', () => {
    const viaShareGpt = chain(alpaca, 'alpaca', 'sharegpt');
    assert.deepEqual(viaShareGpt, {
      conversations: [
        { from: 'human', value: Q },
        { from: 'gpt', value: A },
        { from: 'human', value: Q2 },
        { from: 'gpt', value: A2 },
        { from: 'human', value: Q3 },
        { from: 'gpt', value: A3 },
      ],
      system: SYS,
    });
    assert.deepEqual(chain(viaShareGpt, 'sharegpt', 'alpaca'), alpaca);
    assert.deepEqual(chain(alpaca, 'alpaca', 'openai', 'sharegpt', 'alpaca'), alpaca);
  });

  it('round-trips chatglm-history → alpaca → chatglm-history', () => {
    const glm = { prompt: Q3, response: A3, history: [[Q, A], [Q2, A2]] };
    assert.deepEqual(chain(glm, 'chatglm-history', 'alpaca', 'chatglm-history'), glm);
  });

  it('keeps the last turn for a single-turn target and counts the dropped ones', () => {
    const r = convertRecord(alpaca, 'alpaca', 'original');
    assert.deepEqual(r.record, { input: Q3, output: A3 });
    assert.deepEqual(r.losses, [{ kind: 'history', turns: 2 }, { kind: 'system' }]);
  });

  it('drops the system prompt for chatglm-history but keeps the history', () => {
    const r = convertRecord(openai, 'openai', 'chatglm-history');
    assert.deepEqual(r.record, { prompt: Q2, response: A2, history: [[Q, A]] });
    assert.deepEqual(r.losses, [{ kind: 'system' }]);
  });

  it('counts an empty system prompt as a system prompt', () => {
    const r = convertRecord({ instruction: Q, input: '', output: A, system: '' }, 'alpaca', 'qa');
    assert.deepEqual(r.losses, [{ kind: 'system' }]);
    assert.deepEqual(chain({ instruction: Q, input: '', output: A, system: '' }, 'alpaca', 'sharegpt', 'alpaca'), {
      instruction: Q,
      input: '',
      output: A,
      system: '',
    });
  });

  it('normalises sharegpt roles to human/gpt and a system message to the system column', () => {
    const r = convertRecord(
      {
        conversations: [
          { from: 'system', value: SYS },
          { from: 'user', value: Q },
          { from: 'assistant', value: A },
        ],
      },
      'sharegpt',
      'sharegpt',
    );
    assert.deepEqual(r.record, {
      conversations: [
        { from: 'human', value: Q },
        { from: 'gpt', value: A },
      ],
      system: SYS,
    });
    assert.deepEqual(r.losses, []);
  });

  it('reports keys inside messages that have no place in the canonical model', () => {
    const r = convertRecord(
      {
        conversations: [
          { from: 'human', value: Q, weight: 0 },
          { from: 'gpt', value: A, weight: 1 },
        ],
      },
      'sharegpt',
      'openai',
    );
    assert.deepEqual(r.record, {
      messages: [
        { role: 'user', content: Q },
        { role: 'assistant', content: A },
      ],
    });
    assert.deepEqual(r.losses, [{ kind: 'nested-field', field: 'conversations[].weight' }]);
  });
});

describe('convertRecord: LLaMA-Factory formats', () => {
  const toolCall = '{"name": "lookup_article", "arguments": {"law": "刑法", "article": 264}}';
  const toolResult = '{"text": "盗窃公私财物，数额较大的……"}';
  const glaive = {
    conversations: [
      { from: 'human', value: Q },
      { from: 'function_call', value: toolCall },
      { from: 'observation', value: toolResult },
      { from: 'gpt', value: A },
    ],
    tools: '[{"name": "lookup_article"}]',
    images: ['scan.png'],
  };

  it('keeps tool turns sharegpt → sharegpt as they were', () => {
    assert.deepEqual(chain(glaive, 'sharegpt', 'sharegpt'), glaive);
  });

  it('drops tool calls and results for a layout without tool roles, keeping the question, the answer and the extra columns', () => {
    const r = convertRecord(glaive, 'sharegpt', 'alpaca');
    assert.deepEqual(r.record, { instruction: Q, input: '', output: A, tools: glaive.tools, images: ['scan.png'] });
    assert.deepEqual(r.losses, [{ kind: 'tools', messages: 2 }]);
    const openai = convertRecord(glaive, 'sharegpt', 'openai');
    assert.deepEqual(openai.record!.messages, [
      { role: 'user', content: Q },
      { role: 'assistant', content: A },
    ]);
  });

  it('cannot write a record whose only answer is a tool call into a layout without tool roles', () => {
    const callOnly = { conversations: [glaive.conversations[0], glaive.conversations[1]] };
    const r = convertRecord(callOnly, 'sharegpt', 'qa');
    assert.equal(r.record, undefined);
    assert.match(r.unwritable!, /no place for tool messages/);
    const report = new ConversionReport();
    report.add(0, r);
    assert.equal(report.unwritableCount, 1);
    assert.equal(report.converted, 0);
    assert.match(report.summary(), /1 record cannot be held by the target layout and was skipped \(e\.g\. #1: holds tool calls/);
  });

  it('converts preference data between alpaca and sharegpt without loss, and keeps the chosen answer elsewhere', () => {
    const alpacaPref = { instruction: Q2, input: '', chosen: A2, rejected: A3, system: SYS, history: [[Q, A]] };
    const sharegptPref = chain(alpacaPref, 'alpaca-preference', 'sharegpt-preference');
    assert.deepEqual(sharegptPref, {
      conversations: [
        { from: 'human', value: Q },
        { from: 'gpt', value: A },
        { from: 'human', value: Q2 },
      ],
      chosen: { from: 'gpt', value: A2 },
      rejected: { from: 'gpt', value: A3 },
      system: SYS,
    });
    assert.deepEqual(chain(sharegptPref, 'sharegpt-preference', 'alpaca-preference'), alpacaPref);
    const sft = convertRecord(alpacaPref, 'alpaca-preference', 'alpaca');
    assert.deepEqual(sft.record, { instruction: Q2, input: '', output: A2, system: SYS, history: [[Q, A]] });
    assert.deepEqual(sft.losses, [{ kind: 'rejected' }]);
  });

  it('carries kto_tag and media columns to every layout that holds conversations', () => {
    const kto = { instruction: Q, input: '', output: A, kto_tag: false, videos: ['v.mp4'], audios: ['a.wav'] };
    for (const to of LAYOUT_IDS) {
      if (conversionRefusal('alpaca', to) !== undefined) continue;
      const r = converted(convertRecord(kto, 'alpaca', to));
      assert.deepEqual([r.kto_tag, r.videos, r.audios], [false, ['v.mp4'], ['a.wav']], to);
    }
  });

  it('refuses conversions no record could survive, before reading any', () => {
    assert.match(conversionRefusal('alpaca', 'alpaca-preference')!, /no rejected answers/);
    assert.match(conversionRefusal('text', 'alpaca')!, /pretraining text/);
    assert.match(conversionRefusal('sharegpt', 'text')!, /pretraining text/);
    assert.equal(conversionRefusal('sharegpt-preference', 'alpaca'), undefined);
    assert.throws(() => convertRecord({ input: Q, output: A }, 'original', 'sharegpt-preference'), /no rejected answers/);
    assert.deepEqual(chain({ text: A, source: 'c4' }, 'text', 'text'), { text: A, source: 'c4' });
  });
});

describe('ConversionReport', () => {
  it('counts losses per kind with the first few record indices', () => {
    const report = new ConversionReport(2);
    const many = { instruction: Q3, input: '', output: A3, system: SYS, history: [[Q, A]] };
    const records: unknown[] = [
      { instruction: Q, input: '', output: A },
      many,
      many,
      { instruction: Q, input: '案情', output: A },
      many,
      { output: A },
      { instruction: Q, input: '', output: A, input2: 1, question: '冲突' },
    ];
    records.forEach((r, i) => report.add(i, convertRecord(r, 'alpaca', 'qa')));
    assert.equal(report.records, 7);
    assert.equal(report.converted, 6);
    assert.equal(report.misfitCount, 1);
    assert.deepEqual(report.misfitExamples, [{ index: 5, reason: "missing 'instruction'" }]);
    assert.deepEqual(report.losses, [
      { kind: 'history', records: 3, turns: 3, examples: [1, 2] },
      { kind: 'system', records: 3, examples: [1, 2] },
      { kind: 'split', records: 1, examples: [3] },
      { kind: 'collision', field: 'question', records: 1, examples: [6] },
    ]);
    assert.equal(report.lossless, false);
    assert.equal(
      report.summary(),
      [
        'history dropped from 3 records (3 earlier turns; the last turn was kept; e.g. #2, #3, …)',
        'system prompt dropped from 3 records (e.g. #2, #3, …)',
        'instruction and input joined into one question in 1 record (e.g. #4)',
        "extra field 'question' dropped from 1 record: the target layout has a field of that name (e.g. #7)",
        "1 record did not fit the source layout and was skipped (e.g. #6: missing 'instruction')",
      ].join('\n'),
    );
  });

  it('says so when nothing was lost', () => {
    const report = new ConversionReport();
    report.add(0, convertRecord({ input: Q, output: A }, 'original', 'alpaca'));
    report.add(1, convertRecord({ input: Q2, output: A2 }, 'original', 'alpaca'));
    assert.equal(report.lossless, true);
    assert.deepEqual(report.losses, []);
    assert.equal(report.summary(), 'All 2 records converted without loss.');
  });

  it('keeps one line per colliding or nested field', () => {
    const report = new ConversionReport();
    const losses: Loss[] = [
      { kind: 'nested-field', field: 'messages[].name' },
      { kind: 'collision', field: 'output' },
      { kind: 'collision', field: 'input' },
    ];
    report.add(4, { record: {}, losses });
    assert.deepEqual(
      report.losses.map((s) => `${s.kind}:${s.field}`),
      ['collision:input', 'collision:output', 'nested-field:messages[].name'],
    );
  });
});

describe('convertRecord performance', () => {
  it('converts 200,000 records in well under a second per 100,000', () => {
    const records = Array.from({ length: 1000 }, (_, i) => ({ id: i, input: `${Q}${i}`, output: A }));
    const start = performance.now();
    let n = 0;
    for (let round = 0; round < 200; round++) {
      for (const r of records) n += convertRecord(r, 'original', 'alpaca').losses.length;
    }
    const ms = performance.now() - start;
    assert.equal(n, 0);
    assert.ok(ms < 2000, `${ms.toFixed(0)} ms`);
  });
});
