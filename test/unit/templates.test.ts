import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import type { Conversation } from '../../extension/core/dataset/conversation';
import { listTemplates, renderPrompt, templateById } from '../../extension/core/templates/templates';

const Q = '盗窃罪的立案标准是什么？';
const A = '根据《刑法》第264条，盗窃公私财物，数额较大的，构成盗窃罪。';
const Q2 = '那么数额较大是指多少？';
const A2 = '一般为一千元至三千元以上。';
const SYS = '你是一名专业的中国法律顾问。';

const TASK = 'Below is an instruction that describes a task. Write a response that appropriately completes the request.\n\n';
const TASK_INPUT =
  'Below is an instruction that describes a task, paired with an input that provides further context. ' +
  'Write a response that appropriately completes the request.\n\n';
const VICUNA =
  "A chat between a curious user and an artificial intelligence assistant. The assistant gives helpful, detailed, and polite answers to the user's questions.";

const single: Conversation = { turns: [{ user: Q, assistant: A }] };
const twoTurns: Conversation = {
  turns: [
    { user: Q, assistant: A },
    { user: Q2, assistant: A2 },
  ],
};

describe('template catalogue', () => {
  it('lists ids with labels', () => {
    assert.deepEqual(
      listTemplates().map((t) => t.id),
      ['alpaca', 'chinese-alpaca', 'vicuna', 'chatglm'],
    );
    for (const t of listTemplates()) assert.ok(t.label.length > 0);
  });

  it('names the valid ids when the id is unknown', () => {
    assert.throws(() => templateById('llama2'), /Unknown template 'llama2'\. Valid templates: alpaca, chinese-alpaca, vicuna, chatglm\./);
  });
});

describe('alpaca (Stanford)', () => {
  it('renders the no-input prompt, ending with "### Response:" as train.py does', () => {
    assert.deepEqual(renderPrompt(single, 'alpaca'), {
      prompt: `${TASK}### Instruction:\n${Q}\n\n### Response:`,
      answer: A,
      notes: [],
    });
  });

  it('uses the "paired with an input" variant when the alpaca record has an input', () => {
    const record = { instruction: '请判断以下行为构成何罪', input: '张某入户盗窃现金五千元。', output: A };
    assert.equal(
      renderPrompt(record, 'alpaca', 'alpaca').prompt,
      `${TASK_INPUT}### Instruction:\n请判断以下行为构成何罪\n\n### Input:\n张某入户盗窃现金五千元。\n\n### Response:`,
    );
    // An empty input is no input.
    assert.equal(renderPrompt({ instruction: Q, input: '', output: A }, 'alpaca', 'alpaca').prompt, `${TASK}### Instruction:\n${Q}\n\n### Response:`);
  });

  it('falls back to one instruction when the remembered split no longer matches the text', () => {
    const edited: Conversation = { turns: [{ user: '改过的问题', assistant: A }], split: { instruction: '旧', input: '旧输入' } };
    assert.equal(renderPrompt(edited, 'alpaca').prompt, `${TASK}### Instruction:\n改过的问题\n\n### Response:`);
  });

  it('lets a system prompt replace the preamble; an empty one keeps it', () => {
    const r = renderPrompt({ ...single, system: SYS }, 'alpaca');
    assert.equal(r.prompt, `${SYS}\n\n### Instruction:\n${Q}\n\n### Response:`);
    assert.deepEqual(r.notes, ['system-replaces-preamble']);
    assert.equal(renderPrompt({ ...single, system: '' }, 'alpaca').prompt, `${TASK}### Instruction:\n${Q}\n\n### Response:`);
  });

  it('renders earlier turns as earlier blocks and says the original is single-turn', () => {
    const r = renderPrompt(twoTurns, 'alpaca');
    assert.equal(r.prompt, `${TASK}### Instruction:\n${Q}\n\n### Response:${A}\n\n### Instruction:\n${Q2}\n\n### Response:`);
    assert.equal(r.answer, A2);
    assert.deepEqual(r.notes, ['history-not-native']);
  });
});

describe('chinese-alpaca (Chinese-LLaMA-Alpaca v1 training prompt)', () => {
  it('ends with "### Response: " and joins the input into the instruction', () => {
    assert.equal(renderPrompt(single, 'chinese-alpaca').prompt, `${TASK}### Instruction:\n${Q}\n\n### Response: `);
    const record = { instruction: '请判断以下行为构成何罪', input: '张某入户盗窃现金五千元。', output: A };
    assert.deepEqual(renderPrompt(record, 'alpaca', 'chinese-alpaca'), {
      prompt: `${TASK}### Instruction:\n请判断以下行为构成何罪\n张某入户盗窃现金五千元。\n\n### Response: `,
      answer: A,
      notes: [],
    });
  });
});

describe('vicuna v1.1', () => {
  it('renders one turn as FastChat does', () => {
    assert.deepEqual(renderPrompt(single, 'vicuna'), { prompt: `${VICUNA} USER: ${Q} ASSISTANT:`, answer: A, notes: [] });
  });

  it('closes each earlier answer with </s>', () => {
    assert.equal(renderPrompt(twoTurns, 'vicuna').prompt, `${VICUNA} USER: ${Q} ASSISTANT: ${A}</s>USER: ${Q2} ASSISTANT:`);
  });

  it('takes the record’s system prompt instead of the default', () => {
    const r = renderPrompt(
      {
        conversations: [
          { from: 'human', value: Q },
          { from: 'gpt', value: A },
        ],
        system: SYS,
      },
      'sharegpt',
      'vicuna',
    );
    assert.equal(r.prompt, `${SYS} USER: ${Q} ASSISTANT:`);
    assert.deepEqual(r.notes, ['system-replaces-preamble']);
  });
});

describe('chatglm (ChatGLM-6B)', () => {
  it('sends the bare question when there is no history', () => {
    assert.deepEqual(renderPrompt({ content: Q, summary: A }, 'chatglm', 'chatglm'), { prompt: Q, answer: A, notes: [] });
  });

  it('numbers rounds from 0, the current one being the number of earlier turns', () => {
    const record = { prompt: '入户盗窃有数额要求吗？', response: '不以数额较大为要件。', history: [[Q, A], [Q2, A2]] };
    assert.deepEqual(renderPrompt(record, 'chatglm-history', 'chatglm'), {
      prompt: `[Round 0]\n问：${Q}\n答：${A}\n[Round 1]\n问：${Q2}\n答：${A2}\n[Round 2]\n问：入户盗窃有数额要求吗？\n答：`,
      answer: '不以数额较大为要件。',
      notes: [],
    });
  });

  it('prepends a system prompt verbatim, as P-tuning v2’s source_prefix', () => {
    const r = renderPrompt({ ...single, system: SYS }, 'chatglm');
    assert.equal(r.prompt, SYS + Q);
    assert.deepEqual(r.notes, ['system-as-prefix']);
  });
});

describe('renderPrompt on records', () => {
  it('renders the CrimeKgAssitant layout', () => {
    assert.equal(renderPrompt({ input: Q, output: A }, 'original', 'vicuna').answer, A);
  });

  it('throws when the record does not fit its layout, or the conversation is empty', () => {
    assert.throws(() => renderPrompt({ input: Q }, 'original', 'alpaca'), /does not fit the original layout: missing 'output'/);
    assert.throws(() => renderPrompt({ turns: [] }, 'vicuna'), /no turns/);
  });
});
