// A custom training command from the user's template, e.g.
// `python train.py --data {dataset} --out {output} --epochs {epochs}`. The template's literal text is
// the user's own shell (pipes, `$VAR`, `${VAR}` stay theirs); each `{placeholder}` becomes the run's
// value as one shell-quoted word, so a path or name with spaces, quotes or `$()` is data. `{{` and
// `}}` write literal braces. An unknown placeholder, or one the run has no value for, is an error
// naming it, never an empty word.
// Browser-safe: no Node modules.
import { translate } from '../l10n';
import { DATA_DIR, dataFileName, OUTPUT_DIR } from './llamaFactoryConfig';
import { globalBatchSize, type RunSpec } from './runSpec';
import { shellPath } from './shellQuote';

/** Each placeholder's value for a run (undefined: the run has none, e.g. lora_rank of a full run). */
const PLACEHOLDERS: Record<string, (s: RunSpec) => string | number | undefined> = {
  name: (s) => s.name,
  dataset: (s) => `${DATA_DIR}/${dataFileName(s)}`,
  dataset_dir: () => DATA_DIR,
  output: () => OUTPUT_DIR,
  model: (s) => s.model,
  method: (s) => s.method,
  template: (s) => s.template,
  epochs: (s) => s.epochs,
  batch_size: (s) => s.perDeviceBatchSize,
  gradient_accumulation: (s) => s.gradientAccumulation,
  global_batch: (s) => globalBatchSize(s),
  learning_rate: (s) => s.learningRate,
  cutoff_len: (s) => s.cutoffLength,
  lora_rank: (s) => s.lora?.rank,
  lora_alpha: (s) => s.lora?.alpha,
  lora_dropout: (s) => s.lora?.dropout,
  lora_target: (s) => (s.lora === undefined ? undefined : s.lora.target === 'all' ? 'all' : s.lora.target.join(',')),
  pre_seq_len: (s) => s.ptuning?.preSeqLen,
  gpus: (s) => s.launcher.gpus,
  deepspeed: (s) => s.launcher.deepspeedConfig,
};

export const CUSTOM_PLACEHOLDERS: readonly string[] = Object.keys(PLACEHOLDERS);

/** The command line for the run; throws a translated error naming an unknown or empty placeholder. */
export function customCommandLine(template: string, spec: RunSpec): string {
  return template.replace(/\$\{[^}]*\}|\{\{|\}\}|\{([^{}]*)\}/g, (match, name: string | undefined) => {
    if (match === '{{') return '{';
    if (match === '}}') return '}';
    if (name === undefined) return match; // ${VAR}: the user's shell
    const get = Object.hasOwn(PLACEHOLDERS, name) ? PLACEHOLDERS[name] : undefined;
    if (get === undefined) {
      throw new Error(translate("Unknown placeholder {0} in the command template; known: {1}.", `{${name}}`, CUSTOM_PLACEHOLDERS.map((p) => `{${p}}`).join(' ')));
    }
    const value = get(spec);
    if (value === undefined) throw new Error(translate('The placeholder {0} has no value for this run (method {1}).', `{${name}}`, spec.method));
    return shellPath(String(value));
  });
}
