import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { conversionRefusal, convertRecord } from '../../extension/core/dataset/convert';
import { datasetInfoEntry } from '../../extension/core/dataset/datasetInfo';
import { datasetInfoForFile } from '../../extension/core/dataset/datasetInfoScan';
import { LAYOUT_IDS } from '../../extension/core/dataset/layouts';
import { bufferSource } from '../../extension/core/dataset/reader';

const keys = (...k: string[]) => ({ keys: new Set(k) });

/** The entry datasetInfoForFile gives for these records, written as a JSON array named data.json. */
async function entryFor(records: unknown[]) {
  const info = await datasetInfoForFile(bufferSource('data.json', Buffer.from(JSON.stringify(records))));
  assert.equal(info.name, 'data');
  return info;
}

describe('datasetInfoEntry', () => {
  it('maps the CrimeKgAssitant layout onto the alpaca formatting', () => {
    assert.deepEqual(datasetInfoEntry('crimekg_52k.json', 'original', keys('input', 'output')), {
      file_name: 'crimekg_52k.json',
      formatting: 'alpaca',
      columns: { prompt: 'input', response: 'output' },
    });
  });

  it('maps alpaca columns, input, system and history only when the file has them', () => {
    assert.deepEqual(datasetInfoEntry('law_alpaca.json', 'alpaca', keys('instruction', 'input', 'output')).columns, {
      prompt: 'instruction',
      query: 'input',
      response: 'output',
    });
    assert.deepEqual(datasetInfoEntry('x.json', 'alpaca', keys('instruction', 'output')).columns, { prompt: 'instruction', response: 'output' });
  });

  it('maps the ChatGLM layouts onto the alpaca formatting', () => {
    assert.deepEqual(datasetInfoEntry('law_glm.json', 'chatglm', keys('content', 'summary')).columns, { prompt: 'content', response: 'summary' });
    assert.deepEqual(datasetInfoEntry('law_glm_ptuning.json', 'chatglm-history', keys('prompt', 'response', 'history')), {
      file_name: 'law_glm_ptuning.json',
      formatting: 'alpaca',
      columns: { prompt: 'prompt', response: 'response', history: 'history' },
    });
    assert.deepEqual(datasetInfoEntry('law_qa.json', 'qa', keys('question', 'answer')).columns, { prompt: 'question', response: 'answer' });
  });

  it('writes tags only when a role value differs from LLaMA-Factory’s defaults, and then every tag the file needs', () => {
    assert.deepEqual(datasetInfoEntry('law_vicuna.json', 'vicuna', keys('conversations')), {
      file_name: 'law_vicuna.json',
      formatting: 'sharegpt',
      columns: { messages: 'conversations' },
    });
    assert.deepEqual(datasetInfoEntry('x.json', 'sharegpt', { keys: new Set(['conversations']), roles: { user: 'user', assistant: 'assistant', function: 'function_call' } }).tags, {
      role_tag: 'from',
      content_tag: 'value',
      user_tag: 'user',
      assistant_tag: 'assistant',
      observation_tag: 'observation',
      function_tag: 'function_call',
      system_tag: 'system',
    });
  });

  it('names only fields that convertRecord writes', () => {
    const source = {
      instruction: '盗窃罪的立案标准是什么？',
      input: '',
      output: '根据《刑法》第264条…',
      system: '你是一名专业的中国法律顾问。',
      history: [['什么是盗窃罪？', '盗窃罪是指以非法占有为目的…']],
      images: ['scan.png'],
    };
    for (const layout of LAYOUT_IDS) {
      if (conversionRefusal('alpaca', layout) !== undefined) continue;
      const record = convertRecord(source, 'alpaca', layout).record!;
      const entry = datasetInfoEntry('f.json', layout, { keys: new Set([...Object.keys(record), 'system', 'history']) });
      for (const [column, field] of Object.entries(entry.columns)) {
        assert.ok(field in record, `${layout}: column ${column} → '${field}' is not in ${JSON.stringify(record)}`);
      }
      assert.equal(entry.columns.images, 'images', layout);
    }
  });

  it('throws on an unknown layout', () => {
    assert.throws(() => datasetInfoEntry('x.json', 'belle', keys()), /Unknown layout/);
  });
});

// Each case: records of the format as LLaMA-Factory's data/README.md shows them, and the entry that
// README gives for them. The README leaves out `"formatting": "alpaca"` (the default); LexReview
// always writes the formatting.
describe('datasetInfoForFile: the entries of LLaMA-Factory’s data/README.md', () => {
  const human = { from: 'human', value: 'human instruction' };
  const gpt = { from: 'gpt', value: 'model response' };

  it('alpaca supervised fine-tuning', async () => {
    const { entry, layout } = await entryFor([
      { instruction: 'human instruction', input: 'human input', output: 'model response', system: 'system prompt', history: [['q', 'a']] },
    ]);
    assert.equal(layout, 'alpaca');
    assert.deepEqual(entry, {
      file_name: 'data.json',
      formatting: 'alpaca',
      columns: { prompt: 'instruction', query: 'input', response: 'output', system: 'system', history: 'history' },
    });
  });

  it('alpaca without system and history columns: none are named', async () => {
    const { entry } = await entryFor([{ instruction: 'q', input: '', output: 'a' }]);
    assert.deepEqual(entry.columns, { prompt: 'instruction', query: 'input', response: 'output' });
  });

  it('alpaca multimodal (images)', async () => {
    const { entry } = await entryFor([
      { instruction: '<image>human instruction', input: '', output: 'model response', images: ['image path'] },
      { instruction: 'no image here', input: '', output: 'model response' },
    ]);
    assert.deepEqual(entry, {
      file_name: 'data.json',
      formatting: 'alpaca',
      columns: { prompt: 'instruction', query: 'input', response: 'output', images: 'images' },
    });
  });

  it('alpaca preference', async () => {
    const { entry, layout } = await entryFor([{ instruction: 'human instruction', input: 'human input', chosen: 'chosen answer', rejected: 'rejected answer' }]);
    assert.equal(layout, 'alpaca-preference');
    assert.deepEqual(entry, {
      file_name: 'data.json',
      formatting: 'alpaca',
      ranking: true,
      columns: { prompt: 'instruction', query: 'input', chosen: 'chosen', rejected: 'rejected' },
    });
  });

  it('alpaca KTO', async () => {
    const { entry } = await entryFor([
      { instruction: 'human instruction', input: 'human input', output: 'model response', kto_tag: true },
      { instruction: 'human instruction', input: 'human input', output: 'model response', kto_tag: false },
    ]);
    assert.deepEqual(entry, {
      file_name: 'data.json',
      formatting: 'alpaca',
      columns: { prompt: 'instruction', query: 'input', response: 'output', kto_tag: 'kto_tag' },
    });
  });

  it('pretraining text', async () => {
    const { entry, layout } = await entryFor([{ text: 'document' }, { text: 'document' }]);
    assert.equal(layout, 'text');
    assert.deepEqual(entry, { file_name: 'data.json', formatting: 'alpaca', columns: { prompt: 'text' } });
  });

  it('sharegpt with function_call / observation turns, system and tools', async () => {
    const info = await entryFor([
      {
        conversations: [human, { from: 'function_call', value: 'tool arguments' }, { from: 'observation', value: 'tool result' }, gpt],
        system: 'system prompt',
        tools: 'tool description',
      },
    ]);
    assert.equal(info.layout, 'sharegpt');
    assert.deepEqual(info.problems, []);
    assert.deepEqual(info.entry, {
      file_name: 'data.json',
      formatting: 'sharegpt',
      columns: { messages: 'conversations', system: 'system', tools: 'tools' },
    });
  });

  it('sharegpt multimodal: images, videos, audios', async () => {
    for (const media of ['images', 'videos', 'audios']) {
      const { entry } = await entryFor([{ conversations: [human, gpt], [media]: ['path'] }]);
      assert.deepEqual(entry, { file_name: 'data.json', formatting: 'sharegpt', columns: { messages: 'conversations', [media]: media } }, media);
    }
  });

  it('sharegpt preference', async () => {
    const { entry, layout } = await entryFor([
      { conversations: [human, gpt, human], chosen: { from: 'gpt', value: 'chosen answer' }, rejected: { from: 'gpt', value: 'rejected answer' } },
    ]);
    assert.equal(layout, 'sharegpt-preference');
    assert.deepEqual(entry, {
      file_name: 'data.json',
      formatting: 'sharegpt',
      ranking: true,
      columns: { messages: 'conversations', chosen: 'chosen', rejected: 'rejected' },
    });
  });

  it('sharegpt KTO', async () => {
    const { entry } = await entryFor([{ conversations: [human, gpt], kto_tag: true }]);
    assert.deepEqual(entry, { file_name: 'data.json', formatting: 'sharegpt', columns: { messages: 'conversations', kto_tag: 'kto_tag' } });
  });

  it('openai messages, with the tags', async () => {
    const { entry, layout } = await entryFor([
      {
        messages: [
          { role: 'system', content: 'system prompt' },
          { role: 'user', content: 'human instruction' },
          { role: 'assistant', content: 'model response' },
        ],
      },
    ]);
    assert.equal(layout, 'openai');
    assert.deepEqual(entry, {
      file_name: 'data.json',
      formatting: 'sharegpt',
      columns: { messages: 'messages' },
      tags: { role_tag: 'role', content_tag: 'content', user_tag: 'user', assistant_tag: 'assistant', system_tag: 'system' },
    });
  });

  it('tags the role values a sharegpt file uses, and says when it mixes two for one role', async () => {
    const ua = { conversations: [{ from: 'user', value: 'q' }, { from: 'assistant', value: 'a' }] };
    const { entry, problems } = await entryFor([ua, ua, { conversations: [human, gpt] }]);
    assert.deepEqual(entry.tags, { role_tag: 'from', content_tag: 'value', user_tag: 'user', assistant_tag: 'assistant', system_tag: 'system' });
    assert.equal(problems.length, 2);
    assert.match(problems[0], /'user', 'human' for one role; .* \('user' is registered/);
  });

  it('says which records LLaMA-Factory would not read, and names the entry as asked', async () => {
    const source = bufferSource('dir/law.jsonl', Buffer.from('{"input":"问","output":"答"}\n{"input":"问"}\n{oops}\n'));
    const info = await datasetInfoForFile(source, { name: 'law_kg', fileName: 'sub/law.jsonl' });
    assert.equal(info.name, 'law_kg');
    assert.equal(info.entry.file_name, 'sub/law.jsonl');
    assert.equal(info.unreadable, 1);
    assert.equal(info.records, 2);
    assert.match(info.problems[0], /Records that cannot be read: 1 \(first: dir\/law\.jsonl:3:2: record 3: /);
    assert.match(info.problems[1], /Records that do not fit the original layout: 1 \(#2\)/);
  });

  it('refuses a file whose records fit no layout', async () => {
    await assert.rejects(datasetInfoForFile(bufferSource('x.json', Buffer.from('[{"body": "…"}]'))), /Cannot tell the layout of x\.json/);
  });
});
