// `lexreview train --host HOST --dataset FILE --model PATH --method lora|full|ptuning …`: builds the
// run spec from the options and the method's defaults, says what will train (the run name, and for
// LoRA and full runs the trainable share, from the base model's config.json on the host), launches
// it (upload, run folder, a detached job or a Slurm submission), prints the run's name on stdout and
// exits: the run goes on on the host; `lexreview runs` watches it.
import { translate } from '../core/l10n';
import { FRAMEWORKS, globalBatchSize, LAUNCHERS, METHODS, withDefaults, type RunSpec, type RunSpecInput, type TrainFramework, type TrainMethod, type LauncherKind } from '../core/training/runSpec';
import { trainableShareLine } from '../remote/modelShare';
import { launchRun } from '../remote/runLaunch';
import { phaseText } from '../core/training/runText';
import { parseArgs, stringOption, UsageError, type ParsedArgs } from './args';
import { progressBar } from './progressBar';
import { integerOption } from './reportCommand';
import { REMOTE_OPTIONS, runsRoot, withShell } from './remoteOptions';
import { slurmSubmitter } from '../remote/runSlurm';

const SPEC = {
  ...REMOTE_OPTIONS,
  host: 'value',
  dataset: 'value',
  model: 'value',
  method: 'value',
  framework: 'value',
  name: 'value',
  epochs: 'value',
  batch: 'value',
  'per-device-batch': 'value',
  'learning-rate': 'value',
  'lora-rank': 'value',
  'lora-alpha': 'value',
  'pre-seq-len': 'value',
  'prefix-projection': 'flag',
  template: 'value',
  penalty: 'value',
  launcher: 'value',
  gpus: 'value',
  nodes: 'value',
  partition: 'value',
  time: 'value',
  slurm: 'flag',
  command: 'value',
  setup: 'value',
} as const;

function required(args: ParsedArgs, name: string): string {
  const v = stringOption(args, name);
  if (v === undefined) throw new UsageError(translate('{0} needs --{1}', 'train', name));
  return v;
}

function oneOf<T extends string>(args: ParsedArgs, name: string, values: readonly T[]): T | undefined {
  const v = stringOption(args, name);
  if (v !== undefined && !(values as readonly string[]).includes(v)) throw new UsageError(translate("{0} must be one of {1}, not '{2}'", `--${name}`, values.join(', '), v));
  return v as T | undefined;
}

function numberOption(args: ParsedArgs, name: string): number | undefined {
  const raw = stringOption(args, name);
  if (raw === undefined) return undefined;
  const n = Number(raw);
  if (!Number.isFinite(n) || n <= 0) throw new UsageError(translate("{0} must be a positive number, not '{1}'", `--${name}`, raw));
  return n;
}

/** The run spec the options describe (defaults from the method; validated by launchRun). */
export function specFromArgs(args: ParsedArgs): RunSpec {
  const method = oneOf<TrainMethod>(args, 'method', METHODS) ?? (() => { throw new UsageError(translate('{0} needs --{1}', 'train', 'method')); })();
  const gpus = integerOption(args, 'gpus', 0);
  const nodes = integerOption(args, 'nodes', 1);
  const slurm = args.options.has('slurm');
  const launcher = oneOf<LauncherKind>(args, 'launcher', LAUNCHERS) ?? ((gpus ?? 1) > 1 || (nodes ?? 1) > 1 ? 'torchrun' : 'single');
  const input: RunSpecInput = {
    host: required(args, 'host'),
    dataset: { path: required(args, 'dataset') },
    model: required(args, 'model'),
    method,
    framework: oneOf<TrainFramework>(args, 'framework', FRAMEWORKS),
    epochs: numberOption(args, 'epochs'),
    batchSize: integerOption(args, 'batch', 1),
    perDeviceBatchSize: integerOption(args, 'per-device-batch', 1),
    learningRate: numberOption(args, 'learning-rate'),
    template: stringOption(args, 'template'),
    penalty: numberOption(args, 'penalty'),
    command: stringOption(args, 'command'),
    setup: stringOption(args, 'setup'),
    launcher: { kind: launcher, gpus: Math.max(1, gpus ?? 1) },
  };
  if (stringOption(args, 'name') !== undefined) input.name = stringOption(args, 'name');
  if (stringOption(args, 'command') !== undefined && input.framework === undefined) input.framework = 'custom';
  if (method === 'lora') input.lora = { rank: integerOption(args, 'lora-rank', 1), alpha: integerOption(args, 'lora-alpha', 1) };
  if (method === 'ptuning') input.ptuning = { preSeqLen: integerOption(args, 'pre-seq-len', 1), prefixProjection: args.options.has('prefix-projection') || undefined };
  if (slurm) input.slurm = { gpus: gpus ?? 0, nodes: nodes ?? 1, partition: stringOption(args, 'partition'), timeLimit: stringOption(args, 'time') };
  // Options left out stay out, so withDefaults fills them (an explicit undefined would not be "left out" for nested objects).
  return withDefaults(JSON.parse(JSON.stringify(input)) as RunSpecInput);
}

export async function runTrain(argv: string[], signal: AbortSignal): Promise<number> {
  const args = parseArgs(argv, SPEC);
  if (args.positionals.length > 0) throw new UsageError(translate("{0} takes no positional arguments (got '{1}')", 'train', args.positionals[0]));
  const spec = specFromArgs(args);
  const root = runsRoot(args);
  return withShell(args, spec.host, async (shell) => {
    console.error(translate('Run {0} on {1} ({2}, {3}, {4} epochs, global batch {5}).', spec.name, spec.host, spec.method, spec.framework, spec.epochs, globalBatchSize(spec)));
    const share = await trainableShareLine(shell, spec, signal);
    if (share) console.error(share);
    const bar = progressBar('upload');
    const launched = await launchRun(shell, spec, {
      root,
      signal,
      onPhase: (p) => console.error(phaseText(translate, p, spec)),
      onUpload: (p) => (p.phase === 'copying' ? bar.report(p.bytes, p.total) : undefined),
      submit: spec.slurm ? slurmSubmitter(spec) : undefined,
    });
    bar.done();
    console.error(
      launched.jobId !== undefined
        ? translate('Submitted as Slurm job {0}; watch it with: lexreview runs --host {1}', launched.jobId, spec.host)
        : translate('Started (process group {0}); watch it with: lexreview runs log {1} --host {2} --follow', launched.pid ?? '?', spec.name, spec.host),
    );
    process.stdout.write(`${launched.name}\n`);
    return 0;
  });
}
