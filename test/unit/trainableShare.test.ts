// Parameter counts against figures the models and PEFT publish: LLaMA-7B's 6,738,415,616,
// Llama-3-8B's 8,030,261,248 (grouped-query attention) and PEFT's print_trainable_parameters for
// rank 8 on all its linear layers (20,971,520 || all 8,051,232,768 || 0.2605 %); and the team's
// 8.5 % for rank 256 on Chinese-LLaMA-Plus-7B.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loraParameters, modelShape, totalParameters, trainableShare } from '../../extension/core/training/trainableShare';

const llama7b = { hidden_size: 4096, intermediate_size: 11008, num_hidden_layers: 32, num_attention_heads: 32, vocab_size: 32000, tie_word_embeddings: false };
const chineseLlamaPlus7b = { ...llama7b, vocab_size: 49954 };
const llama3_8b = { hidden_size: 4096, intermediate_size: 14336, num_hidden_layers: 32, num_attention_heads: 32, num_key_value_heads: 8, vocab_size: 128256, tie_word_embeddings: false };

test('LLaMA-7B has 6.74 B parameters, Llama-3-8B 8.03 B', () => {
  assert.equal(totalParameters(modelShape(llama7b)), 6_738_415_616);
  assert.equal(totalParameters(modelShape(llama3_8b)), 8_030_261_248);
  // Tied embeddings count once.
  assert.equal(totalParameters(modelShape({ ...llama7b, tie_word_embeddings: true })), 6_738_415_616 - 32000 * 4096);
});

test('LoRA on all linear layers matches PEFT\'s count for Llama-3-8B rank 8', () => {
  const s = trainableShare(llama3_8b, { method: 'lora', lora: { rank: 8, alpha: 16, dropout: 0, target: 'all' } });
  assert.ok(s);
  assert.equal(s.trainable, 20_971_520);
  assert.equal(s.total + s.trainable, 8_051_232_768);
  assert.equal((s.share * 100).toFixed(4), '0.2605');
});

test('the team\'s rank-256 all-layer run: 8.5 % on Chinese-LLaMA-Plus-7B (8.67 % on the original LLaMA-7B)', () => {
  const lora = { rank: 256, alpha: 512, dropout: 0, target: 'all' as const };
  const zh = trainableShare(chineseLlamaPlus7b, { method: 'lora', lora });
  assert.ok(zh);
  assert.equal(zh.trainable, 639_631_360);
  assert.equal((zh.share * 100).toFixed(1), '8.5');
  const orig = trainableShare(llama7b, { method: 'lora', lora });
  assert.equal(((orig?.share ?? 0) * 100).toFixed(2), '8.67');
});

test('named targets, full fine-tuning, and configs that are not LLaMA-style', () => {
  const s = modelShape(llama7b);
  assert.equal(loraParameters(s, 8, ['q_proj', 'v_proj']), 32 * 8 * (8192 + 8192));
  assert.throws(() => loraParameters(s, 8, ['query_key_value']), /query_key_value.*q_proj/);
  assert.deepEqual(trainableShare(llama7b, { method: 'full' }), { total: 6_738_415_616, trainable: 6_738_415_616, share: 1 });
  assert.equal(trainableShare(llama7b, { method: 'ptuning' }), undefined);
  // ChatGLM-6B's config names its layers differently.
  assert.throws(() => modelShape({ hidden_size: 4096, num_layers: 28, num_attention_heads: 32, vocab_size: 130528, inner_hidden_size: 16384 }), /intermediate_size/);
});
