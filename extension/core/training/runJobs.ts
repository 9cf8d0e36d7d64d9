// Jobs on a trained run (issue #17): "Merge adapter" (LLaMA-Factory's `llamafactory-cli export`
// of a LoRA checkpoint into the base model) and "Generate answers" (`llamafactory-cli train` with
// `do_predict`, a checkpoint answering an evaluation set's questions at a repetition penalty).
// Each job is a run folder of its own beside its run (`NAME~merge-checkpoint-200`), so listing,
// watching, cancelling and Slurm treat it as any run; its config reaches the run's checkpoint by
// a path relative to the job folder, so ROOT may start with `~/` (YAML does not expand it).
// The answers a generate job writes (`output/generated_predictions.jsonl`) are imported under
// generatedModelName: the run's name with the checkpoint's epoch and the penalty, made by the one
// name function the review store parses, so Compare's default pair finds epoch 3 vs epoch 6.
// Browser-safe: no Node modules.
import { translate } from '../l10n';
import { DATA_DIR, DATASET_NAME, llamaFactoryYamlText, OUTPUT_DIR } from './llamaFactoryConfig';
import { formatRunName, parseRunName } from './runName';
import type { RunSpec } from './runSpec';
import { datasetInfoEntry } from '../dataset/datasetInfo';
import { layoutById } from '../dataset/layouts';
import { CONFIG_FILE } from './launcher';
import { shellArgv, shellPath } from './shellQuote';
import { commandScript, launchScript, runJson, runPath, RUN_FILES, type Backend, type JobRecord } from './runFolder';

export type JobKind = JobRecord['kind'];
export type { JobRecord };

/** What a generate job writes, relative to its folder (LLaMA-Factory's name for it). */
export const PREDICTIONS_FILE = `${OUTPUT_DIR}/generated_predictions.jsonl`;
/** Where a merge job writes the merged model, relative to its folder. */
export const MERGED_DIR = 'merged';

/** A checkpoint folder of a run's output, with the epoch and step its trainer_state.json names. */
export interface Checkpoint {
  /** `checkpoint-200`. */
  name: string;
  step: number;
  /** The epoch at the save, rounded (HF writes 2.9985… when the steps do not divide evenly). */
  epoch?: number;
}

/**
 * One round trip: every `output/checkpoint-N` of the run with the top-level `epoch` and
 * `global_step` of its trainer_state.json. The HF Trainer writes that file indented by two with
 * sorted keys, so the top-level keys are the lines indented by exactly two spaces (log_history's
 * entries are deeper). Only folder names of the form checkpoint-DIGITS are printed.
 */
export function checkpointsCommand(root: string, name: string): string {
  return [
    `cd ${shellPath(runPath(root, name, OUTPUT_DIR))} 2>/dev/null || exit 0`,
    `for d in checkpoint-*/; do d=\${d%/}; case "$d" in checkpoint-*[!0-9]*|checkpoint-) continue;; esac`,
    `  printf 'ck %s\\n' "$d"`,
    `  if [ -f "$d/trainer_state.json" ]; then grep -E '^  "(epoch|global_step)": ' "$d/trainer_state.json" | tr -d ' ",' | tr ':' ' '; fi`,
    `done`,
  ].join('\n');
}

/** Reads checkpointsCommand's output, ordered by step. */
export function parseCheckpoints(stdout: string): Checkpoint[] {
  const out: Checkpoint[] = [];
  let cur: Checkpoint | undefined;
  for (const line of stdout.split('\n')) {
    const [key, value] = line.trim().split(' ');
    if (key === 'ck' && /^checkpoint-\d+$/.test(value ?? '')) {
      cur = { name: value, step: Number(value.slice('checkpoint-'.length)) };
      out.push(cur);
    } else if (cur && key === 'epoch' && Number.isFinite(Number(value))) {
      cur.epoch = roundEpoch(Number(value));
    } else if (cur && key === 'global_step' && Number.isInteger(Number(value))) {
      cur.step = Number(value);
    }
  }
  return out.sort((a, b) => a.step - b.step);
}

/** An epoch within 0.01 of a whole number is that number; else two decimals. */
export function roundEpoch(epoch: number): number {
  const whole = Math.round(epoch);
  return Math.abs(epoch - whole) < 0.01 ? whole : Math.round(epoch * 100) / 100;
}

/** A job's folder name beside its run: `NAME~merge-checkpoint-200`, `NAME~generate-checkpoint-200-penalty-1.2`. */
export function jobName(run: string, kind: JobKind, checkpoint: string, penalty?: number): string {
  return `${run}~${kind}-${checkpoint}${kind === 'generate' && penalty !== undefined ? `-penalty-${penalty}` : ''}`;
}

/** The name a generate job's answers are imported under: the run's attributes, with the checkpoint's epoch and the penalty. */
export function generatedModelName(run: string, epoch: number | undefined, penalty: number): string {
  const attrs = parseRunName(run);
  // A run named outside the rule (`mymodel`) has no attributes to carry: the dataset slot keeps its name.
  const base = Object.keys(attrs).length === 0 ? { dataset: run } : attrs;
  return formatRunName({ ...base, ...(epoch === undefined ? {} : { epoch }), penalty });
}

/** The run's checkpoint as the job folder sees it. */
function checkpointPath(run: string, checkpoint: string): string {
  return `../${run}/${OUTPUT_DIR}/${checkpoint}`;
}

function refuseUnless(spec: RunSpec, kinds: ReadonlyArray<RunSpec['method']>, what: string): void {
  if (spec.framework !== 'llamafactory' || !kinds.includes(spec.method)) {
    throw new Error(translate('{0} needs a LLaMA-Factory run ({1}); {2} is {3} with {4}.', what, kinds.join(' / '), spec.name, spec.method, spec.framework));
  }
}

/** LLaMA-Factory's merge config (its examples/merge_lora YAML) for one LoRA checkpoint of the run. */
export function mergeConfig(spec: RunSpec, checkpoint: string): Record<string, unknown> {
  refuseUnless(spec, ['lora'], translate('Merging an adapter'));
  return {
    model_name_or_path: spec.model,
    adapter_name_or_path: checkpointPath(spec.name, checkpoint),
    template: spec.template,
    finetuning_type: 'lora',
    trust_remote_code: true,
    export_dir: MERGED_DIR,
    export_size: 5,
    export_device: 'cpu',
    export_legacy_format: false,
  };
}

/**
 * LLaMA-Factory's predict config (its examples/train_lora/…_predict YAML) for one checkpoint: a
 * LoRA run loads the base model with the checkpoint as adapter, a full run loads the checkpoint
 * itself. The questions are `data/` of the job folder under DATASET_NAME (dataset_info.json as a
 * run's), in alpaca layout.
 */
export function generateConfig(spec: RunSpec, checkpoint: string, penalty: number): Record<string, unknown> {
  refuseUnless(spec, ['lora', 'full'], translate('Generating answers'));
  if (!(Number.isFinite(penalty) && penalty > 0)) throw new Error(translate('The repetition penalty must be a positive number, not {0}.', String(penalty)));
  const model = spec.method === 'lora' ? { model_name_or_path: spec.model, adapter_name_or_path: checkpointPath(spec.name, checkpoint) } : { model_name_or_path: checkpointPath(spec.name, checkpoint) };
  return {
    ...model,
    trust_remote_code: true,
    stage: 'sft',
    do_predict: true,
    finetuning_type: spec.method,
    eval_dataset: DATASET_NAME,
    dataset_dir: DATA_DIR,
    template: spec.template,
    cutoff_len: spec.cutoffLength,
    overwrite_cache: true,
    output_dir: OUTPUT_DIR,
    overwrite_output_dir: true,
    per_device_eval_batch_size: 1,
    predict_with_generate: true,
    repetition_penalty: penalty,
    report_to: 'none',
  };
}

/** The questions a generate job answers, as the alpaca file its data/ holds (output: the reference, when the set has one). */
export interface JobQuestion {
  question: string;
  reference?: string;
}

export const QUESTIONS_FILE = 'questions.json';

/** An evaluation set's questions as a generate job takes them. */
export function jobQuestions(questions: ReadonlyArray<{ text: string; reference?: string }>): JobQuestion[] {
  return questions.map((q) => ({ question: q.text, reference: q.reference }));
}

/**
 * Every file of a job's folder, path → text, as runFolderFiles gives a run's: run.json (the run's
 * spec under the job's name, with the job), command.sh (the run's environment and setup lines,
 * then `llamafactory-cli export|train config.yaml` on one GPU), launch.sh for ssh, config.yaml,
 * and for generate the questions with their dataset_info.json.
 */
export function jobFolderFiles(spec: RunSpec, job: JobRecord, backend: Backend, createdAt: string, questions: readonly JobQuestion[] = []): Record<string, string> {
  const named: RunSpec = { ...spec, name: jobName(job.parent, job.kind, job.checkpoint, job.penalty) };
  const config = job.kind === 'merge' ? mergeConfig(spec, job.checkpoint) : generateConfig(spec, job.checkpoint, job.penalty ?? 1);
  const verb = job.kind === 'merge' ? 'export' : 'train';
  const files: Record<string, string> = {
    [RUN_FILES.spec]: runJson(named, backend, createdAt, job),
    // Framework llamafactory whatever the run's, so the command is exec'd (a custom run's template trains; it does not predict).
    [RUN_FILES.command]: commandScript({ ...named, framework: 'llamafactory' }, shellArgv(['llamafactory-cli', verb, CONFIG_FILE])),
    [CONFIG_FILE]: llamaFactoryYamlText(config),
  };
  if (backend === 'ssh') files[RUN_FILES.launch] = launchScript();
  if (job.kind === 'generate') {
    const records = questions.map((q) => ({ instruction: q.question, input: '', output: q.reference ?? '' }));
    files[`${DATA_DIR}/${QUESTIONS_FILE}`] = JSON.stringify(records, null, 1) + '\n';
    const entry = datasetInfoEntry(QUESTIONS_FILE, layoutById('alpaca'), { keys: new Set(['instruction', 'input', 'output']) });
    files[`${DATA_DIR}/dataset_info.json`] = JSON.stringify({ [DATASET_NAME]: entry }, null, 2) + '\n';
  }
  return files;
}
