// The Slurm backend wired into the run lifecycle (runLaunch, runControl, runWatch): submit a run
// folder as job.sbatch, ask the scheduler where jobs are, scancel. sbatch directives expand neither
// `~` nor variables, so the run folder is made absolute on the host first (`pwd -P`).
// Node only.
import { translate } from '../core/l10n';
import type { RunSpec } from '../core/training/runSpec';
import { shellPath } from '../core/training/shellQuote';
import type { SchedulerStates } from './runControl';
import { RunLaunchError, writeFileCommand } from './runLaunch';
import type { RemoteShell } from './shell';
import { cancel, jobStates, sbatchScript, submit } from './slurm';
import { remotePathArg } from './transfer';

/** launchRun's `submit` for a run with Slurm options: writes job.sbatch and submits it; resolves with the job id. */
export function slurmSubmitter(spec: RunSpec): (shell: RemoteShell, runDir: string) => Promise<string> {
  return async (shell, runDir) => {
    const where = await shell.run(`cd ${shellPath(runDir)} && pwd -P`);
    const abs = where.stdout.toString().trim();
    if (where.code !== 0 || !abs.startsWith('/')) throw new RunLaunchError(translate('Cannot find the run folder {0} on {1}: {2}', runDir, shell.host, where.stderr.trim()));
    const script = sbatchScript({ jobName: spec.name, runDir: abs, ...spec.slurm });
    const written = await shell.run(writeFileCommand(`${abs}/job.sbatch`), { stdin: script });
    if (written.code !== 0) throw new RunLaunchError(translate('Cannot write {0} on {1}: {2}', 'job.sbatch', shell.host, written.stderr.trim()));
    return submit(shell, abs);
  };
}

/**
 * runControl's scheduler: each job's run state as squeue / sacct / scontrol tell it ('unknown':
 * forgotten) and the exit code its run folder has by then. Paths go to jobStates relative to the
 * home folder (where ssh starts), as its quoting does not expand `~`.
 */
export const slurmScheduler: SchedulerStates = async (shell, jobs) => {
  const states = await jobStates(shell, jobs.map((j) => ({ id: j.id, runDir: remotePathArg(j.runDir) })));
  return new Map([...states].map(([id, s]) => [id, { state: s.state, exitCode: s.exitCode }]));
};

export const slurmCancel = (shell: RemoteShell, jobId: string): Promise<void> => cancel(shell, jobId);
