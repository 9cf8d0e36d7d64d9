// What a run executes: LLaMA-Factory's YAML (read back by real PyYAML, as LLaMA-Factory reads it),
// its dataset_info.json entry, ChatGLM-6B's P-tuning argv, custom templates and the multi-GPU
// launchers, with the command lines run by a real bash to see the words it receives.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chatglmPtuningArgs } from '../../extension/core/training/chatglmPtuning';
import { customCommandLine } from '../../extension/core/training/customCommand';
import { trainingArgv, trainingCommandLine } from '../../extension/core/training/launcher';
import { datasetInfoFor, llamaFactoryYaml, llamaFactoryYamlText } from '../../extension/core/training/llamaFactoryConfig';
import { commandScript } from '../../extension/core/training/runFolder';
import { checkpointsCommand, generateConfig, generatedModelName, jobName, mergeConfig, parseCheckpoints } from '../../extension/core/training/runJobs';
import { validateRunSpec, withDefaults, type RunSpecInput } from '../../extension/core/training/runSpec';

const base: RunSpecInput = { host: 'gpu1', dataset: { path: '/ws/law.json', layout: 'alpaca', keys: ['instruction', 'input', 'output'] }, model: '/models/llama-7b' };

/** The YAML as PyYAML reads it (LLaMA-Factory's loader), as JSON. */
function pyyaml(text: string): Record<string, unknown> {
  // Debian's python3 with python3-yaml (.ci/run installs both), not whichever python3 is first on the PATH.
  const out = execFileSync('/usr/bin/python3', ['-c', 'import sys, json, yaml; print(json.dumps(yaml.safe_load(sys.stdin.read())))'], { input: text });
  return JSON.parse(out.toString()) as Record<string, unknown>;
}

/** The words bash hands a program for this command line (printed NUL-separated). */
function words(commandLine: string, env: NodeJS.ProcessEnv = process.env): string[] {
  const out = execFileSync('bash', ['-c', `set -- ${commandLine}; printf '%s\\0' "$@"`], { env });
  return out.toString().split('\0').slice(0, -1);
}

test('the LoRA YAML is what llamafactory-cli train reads: sft, lora on all layers, the run\'s data/ and output/, a checkpoint per epoch', () => {
  const spec = withDefaults({ ...base, lora: { rank: 256 }, learningRate: 1e-7 });
  const c = pyyaml(llamaFactoryYaml(spec));
  assert.deepEqual(
    { ...c },
    {
      model_name_or_path: '/models/llama-7b',
      trust_remote_code: true,
      stage: 'sft',
      do_train: true,
      finetuning_type: 'lora',
      lora_rank: 256,
      lora_alpha: 512,
      lora_dropout: 0,
      lora_target: 'all',
      dataset: 'train',
      dataset_dir: 'data',
      template: 'alpaca',
      cutoff_len: 1024,
      overwrite_cache: true,
      preprocessing_num_workers: 8,
      output_dir: 'output',
      logging_steps: 10,
      save_strategy: 'epoch',
      plot_loss: true,
      overwrite_output_dir: true,
      report_to: 'none',
      per_device_train_batch_size: 4,
      gradient_accumulation_steps: 32,
      learning_rate: 1e-7, // a float for PyYAML, not the string '1e-7'
      num_train_epochs: 3,
      lr_scheduler_type: 'cosine',
      warmup_ratio: 0.1,
      bf16: true,
      ddp_timeout: 180000000,
    },
  );
  assert.equal(typeof pyyaml(llamaFactoryYaml(withDefaults({ ...base, learningRate: 2e-5 }))).learning_rate, 'number');
});

test('full fine-tuning has no LoRA keys; named targets, fp16 and a DeepSpeed config under several GPUs', () => {
  const full = pyyaml(llamaFactoryYaml(withDefaults({ ...base, method: 'full', precision: 'fp16', launcher: { kind: 'deepspeed', gpus: 4, deepspeedConfig: '/cfg/ds_z3.json' } })));
  assert.equal(full.finetuning_type, 'full');
  assert.equal(full.lora_rank, undefined);
  assert.equal(full.fp16, true);
  assert.equal(full.bf16, undefined);
  assert.equal(full.deepspeed, '/cfg/ds_z3.json');
  assert.equal(full.template, 'vicuna');
  const named = pyyaml(llamaFactoryYaml(withDefaults({ ...base, lora: { target: ['q_proj', 'v_proj'] } })));
  assert.equal(named.lora_target, 'q_proj,v_proj');
});

test('dataset_info.json names the uploaded file under the dataset the config names, with the columns its records have', () => {
  assert.deepEqual(datasetInfoFor(withDefaults(base)), {
    train: { file_name: 'law.json', formatting: 'alpaca', columns: { prompt: 'instruction', query: 'input', response: 'output' } },
  });
  const vicuna = datasetInfoFor(withDefaults({ ...base, method: 'full', dataset: { path: 'C:\\ws\\law_vicuna.json', layout: 'sharegpt' } }));
  assert.deepEqual(vicuna.train.file_name, 'law_vicuna.json');
  assert.equal(vicuna.train.formatting, 'sharegpt');
  // Without a key scan only required fields are mapped (a missing optional column would fail LLaMA-Factory).
  assert.deepEqual(datasetInfoFor(withDefaults({ ...base, dataset: { path: 'a.json', layout: 'alpaca' } })).train.columns, { prompt: 'instruction', response: 'output' });
});

test('ChatGLM-6B P-tuning argv: columns from the layout, pre_seq_len, prefix_projection only when set', () => {
  const spec = withDefaults({ host: 'h', dataset: { path: '/ws/law_chatglm.json', layout: 'chatglm-history' }, model: '/m/chatglm-6b', method: 'ptuning', ptuning: { script: '~/ChatGLM-6B/ptuning/main.py', preSeqLen: 256 } });
  const args = chatglmPtuningArgs(spec);
  const value = (flag: string) => args[args.indexOf(flag) + 1];
  assert.equal(args[0], '--do_train');
  assert.equal(value('--train_file'), 'data/law_chatglm.json');
  assert.equal(value('--prompt_column'), 'prompt');
  assert.equal(value('--response_column'), 'response');
  assert.equal(value('--history_column'), 'history');
  assert.equal(value('--pre_seq_len'), '256');
  assert.equal(value('--learning_rate'), '0.02');
  assert.equal(value('--output_dir'), 'output');
  assert.equal(value('--save_strategy'), 'epoch');
  assert.ok(!args.includes('--prefix_projection'));
  const adgen = chatglmPtuningArgs(withDefaults({ ...spec, dataset: { path: 'a.json', layout: 'chatglm' }, ptuning: { ...spec.ptuning, prefixProjection: true, quantizationBit: 4 } }));
  assert.equal(adgen[adgen.indexOf('--prompt_column') + 1], 'content');
  assert.equal(adgen[adgen.indexOf('--response_column') + 1], 'summary');
  assert.ok(!adgen.includes('--history_column'));
  assert.ok(adgen.includes('--prefix_projection'));
  assert.equal(adgen[adgen.indexOf('--quantization_bit') + 1], '4');
  // The script path in the home folder reaches python as an absolute path.
  const w = words(trainingCommandLine(spec), { ...process.env, HOME: '/home/t' });
  assert.deepEqual(w.slice(0, 3), ['python3', '/home/t/ChatGLM-6B/ptuning/main.py', '--do_train']);
});

test('launchers per framework: torchrun / accelerate around LLaMA-Factory\'s launcher, deepspeed --num_gpus around main.py', () => {
  const lf = (kind: 'single' | 'torchrun' | 'accelerate' | 'deepspeed') => trainingArgv(withDefaults({ ...base, launcher: { kind, gpus: 4, deepspeedConfig: 'ds.json' } }));
  assert.deepEqual(lf('single'), ['llamafactory-cli', 'train', 'config.yaml']);
  assert.deepEqual(lf('torchrun'), ['torchrun', '--standalone', '--nnodes', '1', '--nproc_per_node', '4', '-m', 'llamafactory.launcher', 'config.yaml']);
  assert.deepEqual(lf('accelerate'), ['accelerate', 'launch', '--num_processes', '4', '-m', 'llamafactory.launcher', 'config.yaml']);
  assert.deepEqual(lf('deepspeed').slice(0, 6), ['torchrun', '--standalone', '--nnodes', '1', '--nproc_per_node', '4']);
  const pt = (kind: 'torchrun' | 'deepspeed') =>
    trainingArgv(withDefaults({ host: 'h', dataset: { path: 'a.json', layout: 'chatglm' }, model: '/m', method: 'ptuning', ptuning: { script: 'main.py' }, launcher: { kind, gpus: 2, deepspeedConfig: 'deepspeed.json' } }));
  assert.deepEqual(pt('deepspeed').slice(0, 6), ['deepspeed', '--num_gpus', '2', 'main.py', '--deepspeed', 'deepspeed.json']);
  assert.deepEqual(pt('torchrun').slice(0, 7), ['torchrun', '--standalone', '--nnodes', '1', '--nproc_per_node', '2', 'main.py']);
});

test('on several Slurm nodes torchrun is the default launcher and takes its rendezvous from the PET_* variables; other launchers are refused there', () => {
  const multi = withDefaults({ ...base, slurm: { nodes: 2, gpus: 8 }, launcher: { gpus: 8 } });
  assert.equal(multi.launcher.kind, 'torchrun');
  assert.deepEqual(trainingArgv(multi), ['torchrun', '--nproc_per_node', '8', '-m', 'llamafactory.launcher', 'config.yaml']);
  assert.deepEqual(validateRunSpec(multi), []);
  assert.equal(withDefaults({ ...base, slurm: { nodes: 1 } }).launcher.kind, 'single', 'one node keeps the single launcher');
  const refused = validateRunSpec(withDefaults({ ...base, slurm: { nodes: 2 }, launcher: { kind: 'accelerate', gpus: 8 } }));
  assert.deepEqual(refused.map((p) => p.field), ['slurm.nodes']);
  assert.match(refused[0].message, /2 nodes needs the torchrun launcher.*not accelerate/);
  // LLaMA-Factory's DeepSpeed runs under torchrun, so it may span nodes.
  assert.deepEqual(validateRunSpec(withDefaults({ ...base, slurm: { nodes: 2 }, launcher: { kind: 'deepspeed', gpus: 8, deepspeedConfig: 'ds.json' } })), []);
});

test('custom templates: placeholders become one quoted word each, the literal text stays the user\'s shell', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lexreview-custom-'));
  try {
    const hostile = "/m/it's $(touch PWNED) `touch PWNED2`; x";
    const spec = withDefaults({ ...base, method: 'full', framework: 'custom', model: hostile, command: 'x' });
    const line = customCommandLine('printf "%s\\n" {model} {epochs} {dataset} {{literal}} ${HOME:+home} {global_batch} && echo $((1+1))', spec);
    const r = spawnSync('bash', ['-c', line], { cwd: dir, encoding: 'utf8', env: { ...process.env, HOME: '/h' } });
    assert.equal(r.stdout, `${hostile}\n3\ndata/law.json\n{literal}\nhome\n128\n2\n`);
    assert.deepEqual(readdirSync(dir), [], 'nothing in the value ran');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('custom templates: an unknown placeholder, or one the run has no value for, is an error naming it', () => {
  const full = withDefaults({ ...base, method: 'full', framework: 'custom', command: 'x' });
  assert.throws(() => customCommandLine('python t.py --data {datset}', full), /\{datset\}.*\{dataset\}/);
  assert.throws(() => customCommandLine('python t.py --r {lora_rank}', full), /\{lora_rank\}.*full/);
  assert.throws(() => customCommandLine('python t.py {constructor}', full), /Unknown placeholder \{constructor\}/);
  const lora = withDefaults({ ...base, framework: 'custom', command: 'x', lora: { rank: 256 } });
  assert.equal(customCommandLine('python t.py --r {lora_rank} --t {lora_target}', lora), 'python t.py --r 256 --t all');
});

test('command.sh runs from its folder with the environment, stops when setup fails, and runs the trainer last', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lexreview-command-'));
  try {
    const write = (setup: string | undefined) => {
      const text = commandScript(withDefaults({ ...base, framework: 'custom', env: { GREETING: "it's me" }, setup, command: 'echo "$GREETING in $(basename "$PWD")"; exit 7' }));
      execFileSync('bash', ['-c', `mkdir -p sub && cat > sub/command.sh`], { cwd: dir, input: text });
      return spawnSync('bash', ['sub/command.sh'], { cwd: dir, encoding: 'utf8' });
    };
    const ok = write(undefined);
    assert.equal(ok.stdout, "it's me in sub\n");
    assert.equal(ok.status, 7);
    const failed = write('echo setting up; false');
    assert.equal(failed.stdout, 'setting up\n');
    assert.equal(failed.status, 1);
    const lf = commandScript(withDefaults(base));
    assert.match(lf, /\nexec llamafactory-cli train config\.yaml\n$/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

// Jobs on a trained run (runJobs.ts): merge and generate configs read back by PyYAML, the
// checkpoint listing run by a real bash over folders written as the HF Trainer writes them.

test('a merge job exports one LoRA checkpoint of the run, found by a path relative to the job folder; full and P-tuning runs are refused', () => {
  const spec = withDefaults({ ...base, name: 'law_batch128_epoch6_vicuna', template: 'vicuna' });
  const c = pyyaml(llamaFactoryYamlText(mergeConfig(spec, 'checkpoint-600')));
  assert.equal(c.model_name_or_path, '/models/llama-7b');
  assert.equal(c.adapter_name_or_path, '../law_batch128_epoch6_vicuna/output/checkpoint-600');
  assert.equal(c.finetuning_type, 'lora');
  assert.equal(c.template, 'vicuna');
  assert.equal(c.export_dir, 'merged');
  assert.throws(() => mergeConfig(withDefaults({ ...base, method: 'full' }), 'checkpoint-1'), /LLaMA-Factory run \(lora\)/);
  assert.throws(() => mergeConfig(withDefaults({ ...base, method: 'ptuning', framework: 'chatglm-ptuning' }), 'checkpoint-1'), /lora/);
});

test('a generate job predicts with the checkpoint (the adapter of a LoRA run, the model itself of a full run) at the chosen repetition penalty', () => {
  const lora = pyyaml(llamaFactoryYamlText(generateConfig(withDefaults({ ...base, name: 'law_e3' }), 'checkpoint-300', 1.2)));
  assert.equal(lora.do_predict, true);
  assert.equal(lora.predict_with_generate, true);
  assert.equal(lora.do_train, undefined);
  assert.equal(lora.repetition_penalty, 1.2);
  assert.equal(lora.adapter_name_or_path, '../law_e3/output/checkpoint-300');
  assert.equal(lora.eval_dataset, 'train');
  const full = pyyaml(llamaFactoryYamlText(generateConfig(withDefaults({ ...base, name: 'law_full', method: 'full' }), 'checkpoint-300', 1)));
  assert.equal(full.model_name_or_path, '../law_full/output/checkpoint-300');
  assert.equal(full.adapter_name_or_path, undefined);
  assert.equal(full.finetuning_type, 'full');
  for (const bad of [0, -1, Number.NaN, Number.POSITIVE_INFINITY]) assert.throws(() => generateConfig(withDefaults(base), 'checkpoint-1', bad), /positive number/);
});

test("generated answers are named for the run with the checkpoint's epoch and the penalty, so epoch 3 and epoch 6 of one run form Compare's default pair", () => {
  assert.equal(generatedModelName('law_batch128_epoch6_vicuna', 3, 1.2), 'law_batch128_epoch3_penalty1.2_vicuna');
  assert.equal(generatedModelName('law_batch128_epoch6_penalty1.2_vicuna', 6, 1), 'law_batch128_epoch6_penalty1_vicuna');
  assert.equal(generatedModelName('mymodel', 2, 1.2), 'mymodel_epoch2_penalty1.2');
  assert.equal(generatedModelName('law_batch128_epoch6_vicuna', undefined, 1.2), 'law_batch128_epoch6_penalty1.2_vicuna');
  assert.equal(jobName('law_e6', 'merge', 'checkpoint-600'), 'law_e6~merge-checkpoint-600');
  assert.equal(jobName('law_e6', 'generate', 'checkpoint-600', 1.2), 'law_e6~generate-checkpoint-600-penalty-1.2');
});

test('the checkpoints of a run are listed in one bash call with the epoch of their trainer_state.json (not a log_history entry), by step; other folders are skipped', () => {
  const root = mkdtempSync(join(tmpdir(), "lexreview-ck it's $(touch PWNED)-"));
  try {
    const out = join(root, 'law $(x)', 'output');
    // What the HF Trainer writes: json.dumps(indent=2, sort_keys=True), log_history entries deeper.
    const write = (dir: string, state: object) => {
      mkdirSync(join(out, dir), { recursive: true });
      execFileSync('/usr/bin/python3', ['-c', 'import sys, json; open(sys.argv[1], "w").write(json.dumps(json.loads(sys.argv[2]), indent=2, sort_keys=True))', join(out, dir, 'trainer_state.json'), JSON.stringify(state)]);
    };
    write('checkpoint-600', { epoch: 5.9985, global_step: 600, log_history: [{ epoch: 0.5, loss: 1.2, step: 50 }] });
    write('checkpoint-300', { epoch: 3.0, global_step: 300, log_history: [{ epoch: 2.5, loss: 1.4, step: 250 }] });
    mkdirSync(join(out, 'checkpoint-900'));
    mkdirSync(join(out, 'checkpoint-x1'));
    mkdirSync(join(out, 'runs'));
    const r = spawnSync('bash', ['-c', checkpointsCommand(root, 'law $(x)')], { encoding: 'utf8' });
    assert.equal(r.status, 0, r.stderr);
    assert.deepEqual(parseCheckpoints(r.stdout), [
      { name: 'checkpoint-300', step: 300, epoch: 3 },
      { name: 'checkpoint-600', step: 600, epoch: 6 },
      { name: 'checkpoint-900', step: 900 },
    ]);
    // The hostile ROOT reached bash as data: no canary in the folder the command ran in.
    assert.equal(existsSync(join(process.cwd(), 'PWNED')), false);
    // A run with no output yet has no checkpoints, and says so without failing.
    const none = spawnSync('bash', ['-c', checkpointsCommand(root, 'missing')], { encoding: 'utf8' });
    assert.equal(none.status, 0);
    assert.deepEqual(parseCheckpoints(none.stdout), []);
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
});
