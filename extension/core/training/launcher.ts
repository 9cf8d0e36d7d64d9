// The training command line of a run, wrapped for several GPUs as each framework expects:
// - LLaMA-Factory: `llamafactory-cli train config.yaml` on one GPU; on several, its launcher module
//   under `torchrun --nproc_per_node N` or `accelerate launch --num_processes N` (what
//   llamafactory-cli itself runs with FORCE_TORCHRUN). A DeepSpeed config is the YAML's
//   `deepspeed:` key (llamaFactoryConfig.ts), run under torchrun, as LLaMA-Factory's docs do.
// - ChatGLM-6B P-tuning: `python3 main.py ARGS`, under torchrun / accelerate, or
//   `deepspeed --num_gpus N main.py --deepspeed CONFIG ARGS` (its ds_train_finetune.sh).
// - custom: the template as written; it names its own launcher (validateRunSpec says so).
// Browser-safe: no Node modules.
import { chatglmPtuningArgs } from './chatglmPtuning';
import { customCommandLine } from './customCommand';
import { nodeCount, type RunSpec } from './runSpec';
import { shellArgv } from './shellQuote';

export const CONFIG_FILE = 'config.yaml';
const LLAMA_FACTORY_LAUNCHER = 'llamafactory.launcher';

/** The multi-GPU prefix for a Python program (`[-m module]` or a script follows it). */
function wrapper(spec: RunSpec): string[] {
  const n = String(spec.launcher.gpus);
  switch (spec.launcher.kind) {
    case 'torchrun':
      // On several nodes the rendezvous comes from the PET_* variables job.sbatch sets (slurmScript.ts).
      return nodeCount(spec) > 1 ? ['torchrun', '--nproc_per_node', n] : ['torchrun', '--standalone', '--nnodes', '1', '--nproc_per_node', n];
    case 'accelerate':
      return ['accelerate', 'launch', '--num_processes', n];
    case 'deepspeed':
      return ['deepspeed', '--num_gpus', n];
    case 'single':
      return [];
  }
}

/** The argument vector that trains (frameworks llamafactory and chatglm-ptuning). */
export function trainingArgv(spec: RunSpec): string[] {
  if (spec.framework === 'llamafactory') {
    if (spec.launcher.kind === 'single') return ['llamafactory-cli', 'train', CONFIG_FILE];
    // deepspeed goes in the YAML; LLaMA-Factory is started by torchrun then.
    const w = spec.launcher.kind === 'deepspeed' ? wrapper({ ...spec, launcher: { ...spec.launcher, kind: 'torchrun' } }) : wrapper(spec);
    return [...w, '-m', LLAMA_FACTORY_LAUNCHER, CONFIG_FILE];
  }
  if (spec.framework === 'chatglm-ptuning') {
    const script = spec.ptuning?.script ?? 'main.py';
    const args = chatglmPtuningArgs(spec);
    if (spec.launcher.kind === 'single') return ['python3', script, ...args];
    if (spec.launcher.kind === 'deepspeed') return [...wrapper(spec), script, '--deepspeed', spec.launcher.deepspeedConfig ?? '', ...args];
    return [...wrapper(spec), script, ...args];
  }
  throw new Error('trainingArgv: a custom run has a command template, not an argument vector');
}

/** The line command.sh runs: quoted argv, or the custom template with its placeholders filled. */
export function trainingCommandLine(spec: RunSpec): string {
  if (spec.framework === 'custom') return customCommandLine(spec.command ?? '', spec);
  return shellArgv(trainingArgv(spec));
}
