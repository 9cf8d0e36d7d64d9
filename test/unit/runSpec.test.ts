import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRunName } from '../../extension/core/training/runName';
import { globalBatchSize, isSlurmTime, validateRunSpec, withDefaults, type RunSpecInput } from '../../extension/core/training/runSpec';
import { setBundle } from '../../extension/core/l10n';
import zh from '../../l10n/bundle.l10n.zh-cn.json';

const base: RunSpecInput = { host: 'gpu1', dataset: { path: '/ws/data/law.json', layout: 'alpaca' }, model: '~/models/chinese-llama-plus-7b' };

test('full fine-tuning defaults to the team\'s run: global batch 128, 3 epochs, vicuna, named by the rule', () => {
  const s = withDefaults({ ...base, method: 'full' });
  assert.equal(s.framework, 'llamafactory');
  assert.equal(s.template, 'vicuna');
  assert.equal(s.epochs, 3);
  assert.equal(globalBatchSize(s), 128);
  assert.equal(s.learningRate, 1e-5);
  assert.equal(s.lora, undefined);
  assert.equal(s.name, 'law_batch128_epoch3_vicuna');
  assert.deepEqual(parseRunName(s.name), { dataset: 'law', batchSize: 128, epoch: 3, template: 'vicuna' });
  assert.deepEqual(validateRunSpec(s), []);
});

test('the global batch is made up by accumulation over GPUs and nodes', () => {
  const s = withDefaults({ ...base, method: 'full', batchSize: 128, perDeviceBatchSize: 2, launcher: { kind: 'torchrun', gpus: 8 } });
  assert.equal(s.gradientAccumulation, 8);
  assert.equal(globalBatchSize(s), 128);
  const slurm = withDefaults({ ...base, method: 'full', perDeviceBatchSize: 4, launcher: { gpus: 4 }, slurm: { nodes: 2 } });
  assert.equal(slurm.gradientAccumulation, 4);
  assert.equal(globalBatchSize(slurm), 128);
  assert.equal(withDefaults({ ...base, method: 'full', epochs: 6, penalty: 1.2 }).name, 'law_batch128_epoch6_penalty1.2_vicuna');
});

test('LoRA defaults: every linear layer, alpha twice the rank, LLaMA-Factory\'s rank 8; the team\'s rank 256 keeps alpha 512', () => {
  const s = withDefaults(base);
  assert.equal(s.method, 'lora');
  assert.deepEqual(s.lora, { rank: 8, alpha: 16, dropout: 0, target: 'all' });
  assert.equal(s.template, 'alpaca');
  assert.equal(s.learningRate, 1e-4);
  assert.deepEqual(withDefaults({ ...base, lora: { rank: 256 } }).lora, { rank: 256, alpha: 512, dropout: 0, target: 'all' });
});

test('P-tuning defaults to ChatGLM-6B\'s script: pre_seq_len 128, no projection, lr 2e-2, chatglm-history data', () => {
  const s = withDefaults({ host: 'gpu1', dataset: { path: 'law.json' }, model: '/m/chatglm-6b', method: 'ptuning', ptuning: { script: '~/ChatGLM-6B/ptuning/main.py' } });
  assert.equal(s.framework, 'chatglm-ptuning');
  assert.equal(s.dataset.layout, 'chatglm-history');
  assert.equal(s.ptuning?.preSeqLen, 128);
  assert.equal(s.ptuning?.prefixProjection, false);
  assert.equal(s.learningRate, 2e-2);
  assert.equal(s.ptuning!.maxSourceLength + s.ptuning!.maxTargetLength, s.cutoffLength);
  assert.deepEqual(validateRunSpec(s), []);
});

test('validation locates each problem and says why', () => {
  const s = withDefaults({ ...base, method: 'lora', epochs: 0, lora: { rank: 2.5, dropout: 1, target: [] }, launcher: { kind: 'deepspeed', gpus: 0 }, env: { 'BAD-NAME': 'x' }, slurm: { timeLimit: 'tomorrow' } });
  const fields = validateRunSpec(s).map((e) => e.field);
  assert.deepEqual(fields.sort(), ['env.BAD-NAME', 'epochs', 'launcher.deepspeedConfig', 'launcher.gpus', 'lora.dropout', 'lora.rank', 'lora.target', 'slurm.timeLimit'].sort());
  const rank = validateRunSpec(s).find((e) => e.field === 'lora.rank')!;
  assert.match(rank.message, /lora\.rank.*positive whole number.*2\.5/);
});

test("a Slurm time limit is one of sbatch's --time forms", () => {
  for (const ok of ['90', '90:30', '2:00:00', '1-00:00:00', '1-12', '1-12:30', '0', 'UNLIMITED', 'infinite']) assert.equal(isSlurmTime(ok), true, ok);
  for (const bad of ['', 'tomorrow', '2h', '1.5', '-5', '1-', ':30', '1:2:3:4', '1:200', ' 90', 'unlimited time']) assert.equal(isSlurmTime(bad), false, bad);
});

test('Slurm GPUs per node may be 0 (no --gres), nodes at least 1, both whole', () => {
  const fields = (slurm: RunSpecInput['slurm']) => validateRunSpec(withDefaults({ ...base, slurm })).map((e) => e.field);
  assert.deepEqual(fields({ gpus: 0, nodes: 1 }), []);
  assert.deepEqual(fields({ gpus: 4, nodes: 2, partition: 'gpu', timeLimit: '2-00:00:00' }), []);
  assert.deepEqual(fields({ gpus: -1, nodes: 0 }).sort(), ['slurm.gpus', 'slurm.nodes']);
  assert.deepEqual(fields({ gpus: 1.5, nodes: 1.5 }).sort(), ['slurm.gpus', 'slurm.nodes']);
});

test('framework and method must fit; a custom run needs its command and names its own launcher', () => {
  const fields = (i: RunSpecInput) => validateRunSpec(withDefaults({ ...base, ...i })).map((e) => e.field);
  assert.deepEqual(fields({ method: 'ptuning', framework: 'llamafactory', ptuning: {} }), ['framework']);
  assert.deepEqual(fields({ method: 'lora', framework: 'chatglm-ptuning' }), ['method']);
  assert.deepEqual(fields({ method: 'ptuning' }), ['ptuning.script']);
  assert.deepEqual(fields({ method: 'ptuning', ptuning: { script: 'main.py' }, dataset: { path: 'x.json', layout: 'sharegpt' } }), ['dataset.layout']);
  assert.deepEqual(fields({ framework: 'custom' }), ['command']);
  assert.deepEqual(fields({ framework: 'custom', command: 'python t.py', launcher: { kind: 'torchrun', gpus: 2 } }), ['launcher.kind']);
  assert.deepEqual(fields({ host: '', model: ' ', dataset: { path: '', layout: 'alpaca' } }).sort(), ['dataset.path', 'host', 'model'].sort());
});

test('a run name must stay one folder; an underivable one is reported on name', () => {
  for (const name of ['a/b', '..', '-rf', 'x\ny']) assert.deepEqual(validateRunSpec(withDefaults({ ...base, name })).map((e) => e.field), ['name'], name);
  // A dataset named like an attribute cannot make a name that reads back.
  const s = withDefaults({ ...base, dataset: { path: 'epoch3.json', layout: 'alpaca' } });
  assert.equal(s.name, '');
  assert.deepEqual(validateRunSpec(s).map((e) => e.field), ['name']);
  assert.deepEqual(validateRunSpec(withDefaults({ ...base, name: 'my run (it\'s fine)' })), []);
});

test('the environment may not carry secrets: it is written into the run\'s files', () => {
  const fields = (env: Record<string, string>) => validateRunSpec(withDefaults({ ...base, env })).map((e) => e.field);
  assert.deepEqual(fields({ HF_TOKEN: 'x', WANDB_API_KEY: 'y', OPENAI_APIKEY: 'z', MY_KEY: 'k', DB_PASSWORD: 'p' }).sort(), ['env.DB_PASSWORD', 'env.HF_TOKEN', 'env.MY_KEY', 'env.OPENAI_APIKEY', 'env.WANDB_API_KEY']);
  assert.deepEqual(fields({ CUDA_VISIBLE_DEVICES: '0,1', HF_HOME: '~/hf', KEYBOARD: 'us', NCCL_P2P_DISABLE: '1' }), []);
});

test('messages are translated', () => {
  setBundle(zh);
  try {
    const [e] = validateRunSpec(withDefaults({ ...base, host: '' }));
    assert.equal(e.field, 'host');
    assert.match(e.message, /[\u4e00-\u9fff]/);
  } finally {
    setBundle(undefined);
  }
});
