// A training run's definition (issue #17): what to train (dataset, base model), how (method,
// framework, hyper-parameters, launcher) and where (host, optionally Slurm). One RunSpec goes to
// either backend unchanged; run.json on the host holds it, so a restarted VS Code finds it again.
// Defaults are the workflow's real ones: LoRA and full fine-tuning as LLaMA-Factory's examples
// write them (lr 1e-4 / 1e-5, cosine, LoRA target `all`), the team's global batch 128 and vicuna
// template for full fine-tuning, ChatGLM-6B's P-tuning v2 (pre_seq_len 128, lr 2e-2).
// Browser-safe: no Node modules (a run panel may show and edit a spec).
import { layoutById, LAYOUT_IDS, type LayoutId } from '../dataset/layouts';
import { translate } from '../l10n';
import { formatRunName } from './runName';

export type TrainMethod = 'lora' | 'full' | 'ptuning';
export type TrainFramework = 'llamafactory' | 'chatglm-ptuning' | 'custom';
export type LauncherKind = 'single' | 'torchrun' | 'accelerate' | 'deepspeed';
export type Precision = 'bf16' | 'fp16' | 'fp32';

export const METHODS: readonly TrainMethod[] = ['lora', 'full', 'ptuning'];
export const FRAMEWORKS: readonly TrainFramework[] = ['llamafactory', 'chatglm-ptuning', 'custom'];
export const LAUNCHERS: readonly LauncherKind[] = ['single', 'torchrun', 'accelerate', 'deepspeed'];

/** The linear layers of a LLaMA-style block: what LLaMA-Factory's `lora_target: all` selects there. */
export const LINEAR_MODULES = ['q_proj', 'k_proj', 'v_proj', 'o_proj', 'gate_proj', 'up_proj', 'down_proj'] as const;

export interface DatasetSpec {
  /** The file in the workspace; uploaded into the run's `data/` under its base name. */
  path: string;
  /** The layout of the file as uploaded (converted beforehand when the framework wants another). */
  layout: LayoutId;
  /**
   * Top-level keys the records have (from a scan of the file): optional columns (alpaca's input,
   * system, history) are mapped in dataset_info.json only when listed. Absent: the layout's
   * required fields only.
   */
  keys?: string[];
}

export interface LoraSpec {
  rank: number;
  /** LLaMA-Factory's default is twice the rank. */
  alpha: number;
  dropout: number;
  /** `all` (every linear layer, LLaMA-Factory's `lora_target: all`) or module names. */
  target: 'all' | string[];
}

export interface PtuningSpec {
  preSeqLen: number;
  prefixProjection: boolean;
  /** ChatGLM-6B's `ptuning/main.py` on the host (`~/` is the home folder). */
  script?: string;
  /** Token limits of main.py; the defaults split cutoffLength in two. */
  maxSourceLength: number;
  maxTargetLength: number;
  /** main.py's `--quantization_bit` (4 or 8), absent: none. */
  quantizationBit?: 4 | 8;
}

export interface LauncherSpec {
  kind: LauncherKind;
  /** GPUs per node. */
  gpus: number;
  /** A DeepSpeed JSON config on the host (launcher deepspeed; optional with torchrun for LLaMA-Factory). */
  deepspeedConfig?: string;
}

export interface SlurmSpec {
  /** GPUs per node (`--gres=gpu:N`); 0 asks for none. */
  gpus?: number;
  nodes?: number;
  partition?: string;
  /** sbatch's --time, e.g. `2-00:00:00` or `12:00:00`. */
  timeLimit?: string;
}

export interface RunSpec {
  name: string;
  /** The ssh host alias. */
  host: string;
  dataset: DatasetSpec;
  /** The base model's folder on the host (`~/` is the home folder). */
  model: string;
  method: TrainMethod;
  framework: TrainFramework;
  template: string;
  epochs: number;
  perDeviceBatchSize: number;
  gradientAccumulation: number;
  learningRate: number;
  cutoffLength: number;
  precision: Precision;
  loggingSteps: number;
  /** Method lora only. */
  lora?: LoraSpec;
  /** Method ptuning only. */
  ptuning?: PtuningSpec;
  launcher: LauncherSpec;
  /** Framework custom: the command template (see customCommand.ts). */
  command?: string;
  /** The repetition penalty the run's answers are generated with: part of the run name when set. */
  penalty?: number;
  /** Shell lines run before the command (`conda activate train`): the user's own shell. */
  setup?: string;
  /** Environment variables exported for the command. */
  env?: Record<string, string>;
  /** Submitted to Slurm rather than started over ssh. */
  slurm?: SlurmSpec;
}

/** What a caller gives: any part of a spec, and `batchSize`, the global batch the accumulation is derived from. */
export type RunSpecInput = Partial<Omit<RunSpec, 'dataset' | 'lora' | 'ptuning' | 'launcher'>> & {
  dataset?: Partial<DatasetSpec>;
  lora?: Partial<LoraSpec>;
  ptuning?: Partial<PtuningSpec>;
  launcher?: Partial<LauncherSpec>;
  /** Global batch size (per device × accumulation × GPUs × nodes); the team's is 128. */
  batchSize?: number;
};

interface MethodDefaults {
  framework: TrainFramework;
  template: string;
  epochs: number;
  perDeviceBatchSize: number;
  batchSize: number;
  learningRate: number;
}

const DEFAULTS: Readonly<Record<TrainMethod, MethodDefaults>> = {
  // LLaMA-Factory's LoRA examples: lr 1e-4; the team's LoRA run used the alpaca template.
  lora: { framework: 'llamafactory', template: 'alpaca', epochs: 3, perDeviceBatchSize: 4, batchSize: 128, learningRate: 1e-4 },
  // The team's full fine-tuning: batch 128, 3 (and 6) epochs, vicuna; lr from LLaMA-Factory's full example.
  full: { framework: 'llamafactory', template: 'vicuna', epochs: 3, perDeviceBatchSize: 4, batchSize: 128, learningRate: 1e-5 },
  // ChatGLM-6B's ptuning/train.sh: batch 1 × accumulation 16, lr 2e-2 (README's pre_seq_len 128).
  ptuning: { framework: 'chatglm-ptuning', template: 'chatglm', epochs: 3, perDeviceBatchSize: 1, batchSize: 16, learningRate: 2e-2 },
};

const LORA_RANK = 8; // LLaMA-Factory's default
const PRE_SEQ_LEN = 128;
const CUTOFF = 1024;

/** The nodes a run trains on: more than one only on Slurm. */
export function nodeCount(spec: Pick<RunSpec, 'slurm'>): number {
  return spec.slurm?.nodes ?? 1;
}

/** Per device × accumulation × GPUs × nodes. */
export function globalBatchSize(spec: Pick<RunSpec, 'perDeviceBatchSize' | 'gradientAccumulation' | 'launcher' | 'slurm'>): number {
  return spec.perDeviceBatchSize * spec.gradientAccumulation * spec.launcher.gpus * nodeCount(spec);
}

/** The part of a path after its last `/` or `\`, without the extension: a dataset's name. */
export function baseName(path: string, dropExtension = false): string {
  const base = path.split(/[\\/]/).pop() ?? '';
  return dropExtension ? base.replace(/\.[^.]+$/, '') : base;
}

/** The team's name for the run; '' when the attributes make no name that reads back (validateRunSpec says so). */
export function defaultRunName(spec: Omit<RunSpec, 'name'>): string {
  try {
    return formatRunName({
      dataset: baseName(spec.dataset.path, true) || undefined,
      batchSize: globalBatchSize(spec),
      epoch: spec.epochs,
      penalty: spec.penalty,
      template: spec.template || undefined,
    });
  } catch {
    return '';
  }
}

/** A complete spec: every field the caller left out takes the method's default. */
export function withDefaults(input: RunSpecInput): RunSpec {
  const method = input.method ?? 'lora';
  const d = DEFAULTS[method] ?? DEFAULTS.lora;
  // Several nodes train together only under torchrun (validateRunSpec): the default there; a custom template names its own.
  const launcher: LauncherSpec = { kind: input.launcher?.kind ?? (nodeCount(input) > 1 && input.framework !== 'custom' ? 'torchrun' : 'single'), gpus: input.launcher?.gpus ?? 1 };
  if (input.launcher?.deepspeedConfig !== undefined) launcher.deepspeedConfig = input.launcher.deepspeedConfig;
  const perDeviceBatchSize = input.perDeviceBatchSize ?? d.perDeviceBatchSize;
  const devices = Math.max(1, launcher.gpus * nodeCount(input)) || 1;
  // The global batch is the team's figure; accumulation makes it up from what fits per device.
  const gradientAccumulation = input.gradientAccumulation ?? Math.max(1, Math.round((input.batchSize ?? d.batchSize) / (perDeviceBatchSize * devices)));
  const cutoffLength = input.cutoffLength ?? CUTOFF;
  const { name, batchSize: _global, dataset, lora, ptuning, launcher: _l, ...rest } = input;
  const spec: RunSpec = {
    ...rest,
    name: '',
    host: input.host ?? '',
    dataset: { path: dataset?.path ?? '', layout: dataset?.layout ?? (method === 'ptuning' ? 'chatglm-history' : 'alpaca'), ...(dataset?.keys ? { keys: dataset.keys } : {}) },
    model: input.model ?? '',
    method,
    framework: input.framework ?? d.framework,
    template: input.template ?? d.template,
    epochs: input.epochs ?? d.epochs,
    perDeviceBatchSize,
    gradientAccumulation,
    learningRate: input.learningRate ?? d.learningRate,
    cutoffLength,
    precision: input.precision ?? 'bf16',
    loggingSteps: input.loggingSteps ?? 10,
    launcher,
  };
  if (method === 'lora') {
    const rank = lora?.rank ?? LORA_RANK;
    spec.lora = { rank, alpha: lora?.alpha ?? rank * 2, dropout: lora?.dropout ?? 0, target: lora?.target ?? 'all' };
  }
  if (method === 'ptuning') {
    spec.ptuning = {
      preSeqLen: ptuning?.preSeqLen ?? PRE_SEQ_LEN,
      prefixProjection: ptuning?.prefixProjection ?? false,
      maxSourceLength: ptuning?.maxSourceLength ?? Math.floor(cutoffLength / 2),
      maxTargetLength: ptuning?.maxTargetLength ?? Math.ceil(cutoffLength / 2),
      ...(ptuning?.script !== undefined ? { script: ptuning.script } : {}),
      ...(ptuning?.quantizationBit !== undefined ? { quantizationBit: ptuning.quantizationBit } : {}),
    };
  }
  spec.name = name ?? defaultRunName(spec);
  return spec;
}

/**
 * A time limit sbatch's --time takes: minutes, minutes:seconds, hours:minutes:seconds,
 * days-hours, days-hours:minutes, days-hours:minutes:seconds, or no limit (UNLIMITED, INFINITE).
 */
export function isSlurmTime(value: string): boolean {
  return /^(\d+-)?\d+(:\d{1,2}){0,2}$/.test(value) || /^(unlimited|infinite)$/i.test(value);
}

/** Environment variable names that hold secrets (HF_TOKEN, WANDB_API_KEY, OPENAI_API_KEY, …). */
const SECRET_NAME = /TOKEN|SECRET|PASSWORD|PASSWD|API_?KEY|(^|_)KEY$/i;

/** A problem with one field of a spec: `field` is its path (`lora.rank`), `message` says why, translated. */
export interface RunSpecError {
  field: string;
  message: string;
}

/** Everything wrong with the spec (empty: it can be launched). */
export function validateRunSpec(spec: RunSpec): RunSpecError[] {
  const errors: RunSpecError[] = [];
  const bad = (field: string, message: string) => errors.push({ field, message });
  const positiveInt = (field: string, v: number | undefined) => {
    if (v !== undefined && !(Number.isInteger(v) && v > 0)) bad(field, translate("{0} must be a positive whole number, not '{1}'", field, String(v)));
  };
  const wholeNumber = (field: string, v: number | undefined) => {
    if (v !== undefined && !(Number.isInteger(v) && v >= 0)) bad(field, translate("{0} must be a whole number, 0 or more, not '{1}'", field, String(v)));
  };
  const positive = (field: string, v: number) => {
    if (!(Number.isFinite(v) && v > 0)) bad(field, translate('{0} must be a positive number, not {1}.', field, String(v)));
  };
  const required = (field: string, v: string | undefined, why: string) => {
    if (v === undefined || v.trim() === '') bad(field, why);
  };

  if (spec.name === '') bad('name', translate('The run needs a name: the dataset, batch, epochs and template give none that reads back ({0}).', 'dataset_batchSize_epoch_(penalty)_template'));
  // The name is a folder on the host: it must stay one path component whatever the shell quoting.
  else if (/[\/\\\0\n\r]/.test(spec.name) || spec.name === '.' || spec.name === '..' || spec.name.startsWith('-')) {
    bad('name', translate("The run name '{0}' cannot be a folder name: no '/', '\\', line breaks, leading '-', '.' or '..'.", spec.name));
  }
  required('host', spec.host, translate('Choose the host the run trains on.'));
  required('dataset.path', spec.dataset.path, translate('Choose the dataset file to train on.'));
  if (!LAYOUT_IDS.includes(spec.dataset.layout)) bad('dataset.layout', translate("Unknown layout '{0}'. Valid layouts: {1}.", spec.dataset.layout, LAYOUT_IDS.join(', ')));
  required('model', spec.model, translate('Give the base model folder on the host.'));
  if (!METHODS.includes(spec.method)) bad('method', translate("Unknown method '{0}'; use one of {1}.", spec.method, METHODS.join(', ')));
  if (!FRAMEWORKS.includes(spec.framework)) bad('framework', translate("Unknown framework '{0}'; use one of {1}.", spec.framework, FRAMEWORKS.join(', ')));
  if (spec.framework === 'llamafactory' && spec.method === 'ptuning') bad('framework', translate("LLaMA-Factory does not train P-tuning v2; use the framework 'chatglm-ptuning'."));
  if (spec.framework === 'chatglm-ptuning' && spec.method !== 'ptuning') bad('method', translate("ChatGLM-6B's P-tuning script trains method 'ptuning' only."));
  if (spec.framework !== 'custom') required('template', spec.template, translate('Give the prompt template (alpaca, vicuna, chatglm …).'));
  positive('epochs', spec.epochs);
  positiveInt('perDeviceBatchSize', spec.perDeviceBatchSize);
  positiveInt('gradientAccumulation', spec.gradientAccumulation);
  positive('learningRate', spec.learningRate);
  positiveInt('cutoffLength', spec.cutoffLength);
  positiveInt('loggingSteps', spec.loggingSteps);
  if (spec.penalty !== undefined) positive('penalty', spec.penalty);

  if (spec.method === 'lora') {
    const l = spec.lora;
    if (l === undefined) bad('lora', translate('A LoRA run needs its rank, alpha, dropout and target.'));
    else {
      positiveInt('lora.rank', l.rank);
      positive('lora.alpha', l.alpha);
      if (!(l.dropout >= 0 && l.dropout < 1)) bad('lora.dropout', translate('lora.dropout must be at least 0 and below 1, not {0}.', String(l.dropout)));
      if (l.target !== 'all' && (l.target.length === 0 || l.target.some((m) => !/^[A-Za-z0-9_.]+$/.test(m)))) {
        bad('lora.target', translate("lora.target must be 'all' or module names such as q_proj, v_proj."));
      }
    }
  }
  if (spec.method === 'ptuning') {
    const p = spec.ptuning;
    if (p === undefined) bad('ptuning', translate('A P-tuning run needs pre_seq_len.'));
    else {
      positiveInt('ptuning.preSeqLen', p.preSeqLen);
      positiveInt('ptuning.maxSourceLength', p.maxSourceLength);
      positiveInt('ptuning.maxTargetLength', p.maxTargetLength);
      if (spec.framework === 'chatglm-ptuning') required('ptuning.script', p.script, translate("Give the path of ChatGLM-6B's ptuning/main.py on the host."));
    }
  }
  if (spec.framework === 'chatglm-ptuning' && LAYOUT_IDS.includes(spec.dataset.layout) && layoutById(spec.dataset.layout).shape.kind !== 'flat') {
    bad('dataset.layout', translate("ChatGLM-6B's P-tuning reads one prompt and one response column; convert the {0} dataset to the chatglm-history layout first.", spec.dataset.layout));
  }
  if (spec.framework === 'custom') required('command', spec.command, translate('A custom run needs its command template.'));

  if (!LAUNCHERS.includes(spec.launcher.kind)) bad('launcher.kind', translate("Unknown launcher '{0}'; use one of {1}.", spec.launcher.kind, LAUNCHERS.join(', ')));
  positiveInt('launcher.gpus', spec.launcher.gpus);
  if (spec.launcher.kind === 'deepspeed') required('launcher.deepspeedConfig', spec.launcher.deepspeedConfig, translate('The DeepSpeed launcher needs a DeepSpeed config file on the host.'));
  if (spec.framework === 'custom' && spec.launcher.kind !== 'single') {
    bad('launcher.kind', translate('A custom command starts its own launcher: write it into the template ({0} is the GPU count).', '{gpus}'));
  }
  for (const key of Object.keys(spec.env ?? {})) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) bad(`env.${key}`, translate("'{0}' is not an environment variable name.", key));
    // env is written into command.sh and run.json on the host: secrets never reach a file.
    else if (SECRET_NAME.test(key)) bad(`env.${key}`, translate("'{0}' looks like a secret, and the environment is written into the run's files; set it in the host's shell profile instead.", key));
  }
  if (spec.slurm) {
    // 0 asks for no GPU (job.sbatch gets no --gres): `lexreview train --slurm` without --gpus, or a
    // partition that hands out its GPUs itself.
    wholeNumber('slurm.gpus', spec.slurm.gpus);
    positiveInt('slurm.nodes', spec.slurm.nodes);
    // Across nodes the processes meet through torchrun's rendezvous (slurmScript.ts sets it up);
    // accelerate, DeepSpeed's own launcher and a single process would each train alone on every node.
    const viaTorchrun = spec.launcher.kind === 'torchrun' || (spec.launcher.kind === 'deepspeed' && spec.framework === 'llamafactory');
    if (nodeCount(spec) > 1 && spec.framework !== 'custom' && !viaTorchrun) {
      bad('slurm.nodes', translate('Training on {0} nodes needs the torchrun launcher (for LLaMA-Factory, deepspeed runs under torchrun too), not {1}.', nodeCount(spec), spec.launcher.kind));
    }
    if (spec.slurm.timeLimit !== undefined && !isSlurmTime(spec.slurm.timeLimit)) {
      bad('slurm.timeLimit', translate("slurm.timeLimit '{0}' is not a Slurm time (minutes, HH:MM:SS or D-HH:MM:SS).", spec.slurm.timeLimit));
    }
  }
  return errors;
}
