import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { convertRecord } from '../../extension/core/dataset/convert';
import { datasetInfoEntry } from '../../extension/core/dataset/datasetInfo';
import { LAYOUT_IDS } from '../../extension/core/dataset/layouts';

describe('datasetInfoEntry', () => {
  it('maps the CrimeKgAssitant layout onto the alpaca formatting', () => {
    assert.deepEqual(datasetInfoEntry('crimekg_52k.json', 'original'), {
      file_name: 'crimekg_52k.json',
      formatting: 'alpaca',
      columns: { prompt: 'input', response: 'output' },
    });
  });

  it('maps alpaca columns, system and history only when the file has them', () => {
    assert.deepEqual(datasetInfoEntry('law_alpaca.json', 'alpaca').columns, {
      prompt: 'instruction',
      query: 'input',
      response: 'output',
    });
    assert.deepEqual(datasetInfoEntry('law_alpaca.json', 'alpaca', { system: true, history: true }).columns, {
      prompt: 'instruction',
      query: 'input',
      response: 'output',
      system: 'system',
      history: 'history',
    });
    assert.deepEqual(datasetInfoEntry('x.json', 'alpaca', { input: false }).columns, { prompt: 'instruction', response: 'output' });
  });

  it('maps the ChatGLM layouts onto the alpaca formatting', () => {
    assert.deepEqual(datasetInfoEntry('law_glm.json', 'chatglm').columns, { prompt: 'content', response: 'summary' });
    assert.deepEqual(datasetInfoEntry('law_glm_ptuning.json', 'chatglm-history'), {
      file_name: 'law_glm_ptuning.json',
      formatting: 'alpaca',
      columns: { prompt: 'prompt', response: 'response', history: 'history' },
    });
    assert.deepEqual(datasetInfoEntry('x.json', 'chatglm-history', { history: false }).columns, {
      prompt: 'prompt',
      response: 'response',
    });
    assert.deepEqual(datasetInfoEntry('law_qa.json', 'qa').columns, { prompt: 'question', response: 'answer' });
  });

  it('gives sharegpt its conversations column and from/value tags', () => {
    assert.deepEqual(datasetInfoEntry('law_vicuna.json', 'vicuna', { system: true }), {
      file_name: 'law_vicuna.json',
      formatting: 'sharegpt',
      columns: { messages: 'conversations', system: 'system' },
      tags: { role_tag: 'from', content_tag: 'value', user_tag: 'human', assistant_tag: 'gpt', system_tag: 'system' },
    });
  });

  it('describes the openai layout as sharegpt with role/content tags, as LLaMA-Factory documents it', () => {
    assert.deepEqual(datasetInfoEntry('law_openai.jsonl', 'openai', { system: true }), {
      file_name: 'law_openai.jsonl',
      formatting: 'sharegpt',
      columns: { messages: 'messages' },
      tags: { role_tag: 'role', content_tag: 'content', user_tag: 'user', assistant_tag: 'assistant', system_tag: 'system' },
    });
  });

  it('names only fields that convertRecord writes', () => {
    const source = {
      instruction: '盗窃罪的立案标准是什么？',
      input: '',
      output: '根据《刑法》第264条…',
      system: '你是一名专业的中国法律顾问。',
      history: [['什么是盗窃罪？', '盗窃罪是指以非法占有为目的…']],
    };
    for (const layout of LAYOUT_IDS) {
      const record = convertRecord(source, 'alpaca', layout).record!;
      const entry = datasetInfoEntry('f.json', layout, { system: true, history: true });
      for (const [column, field] of Object.entries(entry.columns)) {
        assert.ok(field in record, `${layout}: column ${column} → '${field}' is not in ${JSON.stringify(record)}`);
      }
    }
  });

  it('throws on an unknown layout', () => {
    assert.throws(() => datasetInfoEntry('x.json', 'belle'), /Unknown layout/);
  });
});
