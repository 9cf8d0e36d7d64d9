// The run's LLaMA-Factory files: `config.yaml` for `llamafactory-cli train` (methods lora and full,
// stage sft) and `data/dataset_info.json` naming the uploaded file. The keys are LLaMA-Factory's
// own (its examples/train_lora and train_full YAMLs); paths are relative to the run folder, where
// command.sh runs, so the folder can move between hosts unchanged. Each epoch is a checkpoint
// (`save_strategy: epoch`): the team compares epoch 3 with epoch 6 of one run.
// Browser-safe: no Node modules.
import { stringify } from 'yaml';
import { datasetInfoEntry, type DatasetInfoEntry } from '../dataset/datasetInfo';
import { layoutById } from '../dataset/layouts';
import { baseName, type RunSpec } from './runSpec';

/** The dataset's name in dataset_info.json and the config: fixed, since `dataset:` is a comma-separated list and the file name could hold a comma. */
export const DATASET_NAME = 'train';
export const DATA_DIR = 'data';
export const OUTPUT_DIR = 'output';

/** The uploaded file's name inside `data/`. */
export function dataFileName(spec: RunSpec): string {
  return baseName(spec.dataset.path) || 'train.json';
}

/** The run's dataset_info.json: one entry, for the uploaded file in its layout. */
export function datasetInfoFor(spec: RunSpec): Record<string, DatasetInfoEntry> {
  const layout = layoutById(spec.dataset.layout);
  const keys = new Set(spec.dataset.keys ?? layout.fields.filter((f) => !f.optional).map((f) => f.name));
  return { [DATASET_NAME]: datasetInfoEntry(dataFileName(spec), layout, { keys }) };
}

export function datasetInfoJson(spec: RunSpec): string {
  return JSON.stringify(datasetInfoFor(spec), null, 2) + '\n';
}

/** The config's keys in LLaMA-Factory's order (model, method, dataset, output, train). */
export function llamaFactoryConfig(spec: RunSpec): Record<string, unknown> {
  if (spec.method === 'ptuning') throw new Error('LLaMA-Factory has no P-tuning v2');
  const c: Record<string, unknown> = {
    model_name_or_path: spec.model,
    trust_remote_code: true,
    stage: 'sft',
    do_train: true,
    finetuning_type: spec.method,
  };
  if (spec.method === 'lora' && spec.lora) {
    c.lora_rank = spec.lora.rank;
    c.lora_alpha = spec.lora.alpha;
    c.lora_dropout = spec.lora.dropout;
    c.lora_target = spec.lora.target === 'all' ? 'all' : spec.lora.target.join(',');
  }
  // Several GPUs with a DeepSpeed config: LLaMA-Factory takes it as a key and runs under torchrun (launcher.ts).
  if (spec.launcher.deepspeedConfig !== undefined && spec.launcher.kind !== 'single') c.deepspeed = spec.launcher.deepspeedConfig;
  Object.assign(c, {
    dataset: DATASET_NAME,
    dataset_dir: DATA_DIR,
    template: spec.template,
    cutoff_len: spec.cutoffLength,
    overwrite_cache: true,
    preprocessing_num_workers: 8,
    output_dir: OUTPUT_DIR,
    logging_steps: spec.loggingSteps,
    save_strategy: 'epoch',
    plot_loss: true,
    overwrite_output_dir: true,
    report_to: 'none',
    per_device_train_batch_size: spec.perDeviceBatchSize,
    gradient_accumulation_steps: spec.gradientAccumulation,
    learning_rate: spec.learningRate,
    num_train_epochs: spec.epochs,
    lr_scheduler_type: 'cosine',
    warmup_ratio: 0.1,
  });
  if (spec.precision !== 'fp32') c[spec.precision] = true;
  c.ddp_timeout = 180000000;
  return c;
}

/**
 * The YAML text. PyYAML (which LLaMA-Factory reads it with) takes `1e-05` for a string: a YAML 1.1
 * float needs a dot and a signed exponent, so numbers in exponent form are written `1.0e-05`.
 */
export function llamaFactoryYaml(spec: RunSpec): string {
  return llamaFactoryYamlText(llamaFactoryConfig(spec));
}

/** Any LLaMA-Factory config as YAML PyYAML reads as meant (a run's, or a merge or predict job's). */
export function llamaFactoryYamlText(config: Record<string, unknown>): string {
  const text = stringify(config, { lineWidth: 0 });
  return text.replace(/^(\w+): (-?\d+)(?:\.(\d+))?e([-+]?)(\d+)$/gm, (_m, key: string, int: string, frac: string | undefined, sign: string, exp: string) => {
    return `${key}: ${int}.${frac ?? '0'}e${sign || '+'}${exp.padStart(2, '0')}`;
  });
}
