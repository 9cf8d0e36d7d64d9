// The model-name rule `dataset_batchSize_epoch_(penalty)_template`: parsing the team's names and
// their usual variants, and formatRunName's names parsing back to the same attributes.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { formatRunName, parseRunName } from '../../extension/core/training/runName';
import type { ModelAttributes } from '../../extension/core/review/types';

describe('parseRunName', () => {
  it("reads the team's names", () => {
    assert.deepEqual(parseRunName('law_batch128_epoch6_penalty1.2_vicuna'), { dataset: 'law', batchSize: 128, epoch: 6, penalty: 1.2, template: 'vicuna' });
    assert.deepEqual(parseRunName('law_batch128_epoch3_vicuna'), { dataset: 'law', batchSize: 128, epoch: 3, template: 'vicuna' });
  });

  it('tolerates the short and long spellings of each attribute, in any order and case', () => {
    const want = { dataset: 'law', batchSize: 128, epoch: 3, penalty: 1.2, template: 'vicuna' };
    assert.deepEqual(parseRunName('law_bs128_ep3_rp1.2_vicuna'), want);
    assert.deepEqual(parseRunName('law_bs128_e3_repetition_penalty1.2_vicuna'), want);
    assert.deepEqual(parseRunName('law_E3_BatchSize128_RP1.2_vicuna'), want);
    assert.deepEqual(parseRunName('law_epochs3_batch128_penalty1.2_vicuna'), want);
  });

  it('keeps multi-part datasets and templates whole', () => {
    assert.deepEqual(parseRunName('crime_law_batch64_epoch3_chatglm'), { dataset: 'crime_law', batchSize: 64, epoch: 3, template: 'chatglm' });
    assert.deepEqual(parseRunName('law52k_batch8_epoch2_chinese_alpaca'), { dataset: 'law52k', batchSize: 8, epoch: 2, template: 'chinese_alpaca' });
  });

  it('ignores unknown tokens between attributes, and a repeated attribute after the first', () => {
    assert.deepEqual(parseRunName('law_batch128_lora_epoch3_vicuna'), { dataset: 'law', batchSize: 128, epoch: 3, template: 'vicuna' });
    assert.deepEqual(parseRunName('law_epoch3_epoch6_vicuna'), { dataset: 'law', epoch: 3, template: 'vicuna' });
  });

  it('reads a name without attributes only for a known template', () => {
    assert.deepEqual(parseRunName('chatglm_baseline'), { template: 'chatglm' });
    assert.deepEqual(parseRunName('law_vicuna'), { dataset: 'law', template: 'vicuna' });
    assert.deepEqual(parseRunName('gpt4'), {});
    assert.deepEqual(parseRunName('my_model'), {});
    assert.deepEqual(parseRunName(''), {});
  });

  it('a name with attributes only has neither dataset nor template', () => {
    assert.deepEqual(parseRunName('batch64_epoch3'), { batchSize: 64, epoch: 3 });
    // "e" and "ep" need digits right after them: a word that merely starts with e is not an epoch.
    assert.deepEqual(parseRunName('law_eval_epoch2'), { dataset: 'law_eval', epoch: 2 });
  });
});

describe('formatRunName', () => {
  it('writes the canonical spelling', () => {
    assert.equal(formatRunName({ dataset: 'law', batchSize: 128, epoch: 6, penalty: 1.2, template: 'vicuna' }), 'law_batch128_epoch6_penalty1.2_vicuna');
    assert.equal(formatRunName({ template: 'chatglm' }), 'chatglm');
  });

  it('round-trips many generated attribute sets', () => {
    const datasets = [undefined, 'law', 'crime_law', 'law52k', 'CrimeKg'];
    const templates = [undefined, 'vicuna', 'alpaca', 'chinese_alpaca', 'chatglm'];
    let checked = 0;
    let seed = 7;
    const rand = (n: number) => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return seed % n;
    };
    for (let i = 0; i < 500; i++) {
      const attrs: ModelAttributes = {};
      const d = datasets[rand(datasets.length)];
      if (d) attrs.dataset = d;
      if (rand(2)) attrs.batchSize = 2 ** rand(9);
      if (rand(2)) attrs.epoch = rand(3) ? rand(20) : rand(40) / 4;
      if (rand(2)) attrs.penalty = 1 + rand(10) / 10;
      const t = templates[rand(templates.length)];
      if (t) attrs.template = t;
      const hasNumber = attrs.batchSize !== undefined || attrs.epoch !== undefined || attrs.penalty !== undefined;
      let name: string;
      try {
        name = formatRunName(attrs);
      } catch (e) {
        // Only a name without numbers may be refused (it then carries just a known template).
        assert.ok(!hasNumber, `${JSON.stringify(attrs)}: ${(e as Error).message}`);
        continue;
      }
      assert.deepEqual(parseRunName(name), attrs, JSON.stringify(attrs));
      checked++;
    }
    assert.ok(checked > 200, `${checked} round trips`);
  });

  it('refuses names that would read back differently', () => {
    assert.throws(() => formatRunName({ dataset: 'law' }), /would not read back/);
    assert.throws(() => formatRunName({ dataset: 'e3', batchSize: 8 }), /would not read back/);
    assert.throws(() => formatRunName({ batchSize: 1.5 }), /Cannot name a run with batch 1.5/);
  });
});
