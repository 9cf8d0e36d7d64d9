// The batch script of a Slurm run (`job.sbatch` in the run folder): #SBATCH directives for the
// resources, then the same body as the ssh backend's launch.sh — run `bash command.sh` in the run
// folder (on several nodes: under srun on each, multiNodeBody) and write its exit status to
// `exit_code` atomically (exit_code.tmp, then mv), so the run
// folder reads the same whichever backend ran it. train.log comes from Slurm's --output (stdout and
// stderr, appended like launch.sh's `>>`).
//
// Two quoting languages meet here. The body is bash: paths go through shellQuote. The directives
// are read by sbatch's own tokenizer (not a shell): a value may sit in double quotes, a backslash
// escapes the next character, an unquoted `#` starts a comment, and a line ends the value — so a
// value is written in double quotes with `\` and `"` escaped, and a newline is refused. sbatch
// also expands `%j`, `%x`, … in --output (after joining it to --chdir), so `%` is doubled there;
// and a backslash anywhere in that path makes slurmd drop every backslash (its "no expansion"
// switch), so a run folder whose path holds one cannot receive train.log and is refused.
import { shellQuote } from '../core/training/shellQuote';
import { translate } from '../core/l10n';

/** What a run asks of the scheduler; everything optional falls back to the cluster's defaults. */
export interface SlurmResources {
  /** GPUs per node (`--gres=gpu:N`); 0 or absent asks for none. */
  gpus?: number;
  /** Nodes (`--nodes`); absent: 1, Slurm's default. */
  nodes?: number;
  /** Partition (`--partition`); absent: the cluster's default partition. */
  partition?: string;
  /** Time limit in any form sbatch takes (`90`, `4:00:00`, `2-00:00:00`); absent: the partition's. */
  timeLimit?: string;
}

export interface SbatchScriptOptions extends SlurmResources {
  /** The job's name in squeue (the run name). */
  jobName: string;
  /** The run folder on the host, absolute: sbatch directives expand neither `~` nor variables. */
  runDir: string;
}

/** `RUNDIR/file` on the host, however the run folder was written (with or without a trailing slash). */
export function inRunDir(runDir: string, file: string): string {
  return `${withoutTrailingSlash(runDir)}/${file}`;
}

const withoutTrailingSlash = (path: string) => path.replace(/\/+$/, '');

/** One value for an `#SBATCH --option=VALUE` line, as sbatch's directive parser reads it back. */
export function sbatchValue(value: string): string {
  if (/[\r\n\0]/.test(value)) throw new Error(translate('A Slurm option cannot contain a line break: {0}', JSON.stringify(value)));
  if (/^[A-Za-z0-9_\/.,:=+@%-]+$/.test(value)) return value;
  return `"${value.replace(/[\\"]/g, '\\$&')}"`;
}

function wholeNumber(name: string, value: number | undefined, min: number): number | undefined {
  if (value === undefined) return undefined;
  if (!Number.isInteger(value) || value < min) throw new Error(translate('{0} must be a whole number of at least {1}, not {2}', name, min, value));
  return value;
}

/**
 * command.sh on every node of the job, one srun task each. torchrun reads what it is not given on
 * its command line from PET_* variables (torch.distributed.run), so the launcher line stays the
 * same on each node (launcher.ts leaves --nnodes to them): the node count, the first node as the
 * rendezvous host, a port from the job id (two jobs sharing a first node do not collide), and
 * each task's own node rank. --kill-on-bad-exit: one node failing ends the others, not a hang.
 */
function multiNodeBody(): string[] {
  return [
    'export PET_NNODES="$SLURM_JOB_NUM_NODES"',
    'export PET_MASTER_ADDR="$(scontrol show hostnames "$SLURM_JOB_NODELIST" | head -n 1)"',
    'export PET_MASTER_PORT="$((20000 + SLURM_JOB_ID % 20000))"',
    `srun --kill-on-bad-exit=1 bash -c 'PET_NODE_RANK="$SLURM_NODEID" exec bash command.sh'`,
  ];
}

/** The text of `job.sbatch` for a run folder. */
export function sbatchScript(options: SbatchScriptOptions): string {
  if (!options.runDir.startsWith('/')) throw new Error(translate('The run folder for Slurm must be an absolute path, not {0}', options.runDir));
  if (options.runDir.includes('\\')) throw new Error(translate('Slurm cannot write train.log into a folder whose path contains a backslash: {0}', options.runDir));
  const runDir = withoutTrailingSlash(options.runDir) || '/';
  const gpus = wholeNumber('--gpus', options.gpus, 0);
  const nodes = wholeNumber('--nodes', options.nodes, 1);
  const directives: Array<[string, string]> = [
    ['job-name', options.jobName],
    ['chdir', runDir],
    ['output', inRunDir(runDir.replace(/%/g, '%%'), 'train.log')],
    ['open-mode', 'append'],
  ];
  if (nodes !== undefined) directives.push(['nodes', String(nodes)]);
  // Several nodes: one task on each, which runs command.sh there (torchrun starts the GPU processes).
  if (nodes !== undefined && nodes > 1) directives.push(['ntasks-per-node', '1']);
  if (options.partition) directives.push(['partition', options.partition]);
  if (options.timeLimit) directives.push(['time', options.timeLimit]);
  if (gpus) directives.push(['gres', `gpu:${gpus}`]);
  return [
    '#!/bin/bash',
    ...directives.map(([name, value]) => `#SBATCH --${name}=${sbatchValue(value)}`),
    '# Written by LexReview: runs command.sh as launch.sh does; train.log is the --output above.',
    `cd ${shellQuote(runDir)} || exit 1`,
    ...(nodes !== undefined && nodes > 1 ? multiNodeBody() : ['bash command.sh']),
    'code=$?',
    `printf '%s\\n' "$code" > exit_code.tmp && mv -f exit_code.tmp exit_code`,
    'exit "$code"',
    '',
  ].join('\n');
}
