// The Slurm backend of a training run: submit the run folder's job.sbatch, ask where jobs are,
// cancel one. Every operation is one command line over a RemoteShell (ssh in use, a local bash in
// the tests), built with shellCommand/shellQuote, and Slurm's refusals come back as SlurmError
// with Slurm's own message in it. The run folder's layout is the contract of issue #17
// (job.sbatch, slurm_job, exit_code, cancelled, train.log).
import { shellCommand, shellQuote } from '../core/training/shellQuote';
import { translate } from '../core/l10n';
import type { RemoteShell } from './shell';
import { noSlurm, SlurmError, slurmMessage, unavailable } from './slurmError';
import { inRunDir } from './slurmScript';
import { checkJobId, jobStatesCommand, parseJobStates, type JobQuery, type SlurmJobState } from './slurmState';

export { sbatchScript, sbatchValue, type SbatchScriptOptions, type SlurmResources } from './slurmScript';
export { SlurmError, type SlurmErrorKind } from './slurmError';
export { runStateOf, type JobQuery, type SlurmJobState, type SlurmRunState } from './slurmState';

// Exit statuses the submit line uses for its own checks; sbatch itself exits 1 or 255.
const NO_JOB_FILE = 66;
const NOT_FOUND = 127;

/**
 * Submits `RUNDIR/job.sbatch` with `sbatch --parsable` from inside the run folder, writes the job id
 * to `RUNDIR/slurm_job` (atomically) and returns it.
 */
export async function submit(shell: RemoteShell, runDir: string, options: { signal?: AbortSignal } = {}): Promise<string> {
  const command = [
    `cd -- ${shellQuote(runDir)} 2>/dev/null && test -f job.sbatch || exit ${NO_JOB_FILE}`,
    `command -v sbatch >/dev/null 2>&1 || exit ${NOT_FOUND}`,
    // --parsable prints `ID` or `ID;CLUSTER`; only the id is kept.
    `out=$(${shellCommand(['sbatch', '--parsable', 'job.sbatch'])}) || exit $?`,
    'id=${out%%;*}',
    `printf '%s\\n' "$id" > slurm_job.tmp && mv -f slurm_job.tmp slurm_job && printf '%s\\n' "$id"`,
  ].join('\n');
  const result = await shell.run(command, { signal: options.signal });
  if (result.code === NOT_FOUND) throw noSlurm(shell.host, result.stderr);
  if (result.code === NO_JOB_FILE) {
    throw new SlurmError('missing-run', shell.host, translate('{0} on {1} has no job.sbatch to submit.', runDir, shell.host), result.stderr);
  }
  if (result.code !== 0) {
    const why = slurmMessage(result.stderr) || translate('sbatch exited with status {0}', result.code);
    throw new SlurmError('refused', shell.host, translate('Slurm on {0} refused the job: {1}', shell.host, why), result.stderr);
  }
  const id = result.stdout.toString().trim().split('\n').pop() ?? '';
  if (!/^\d+(?:_\d+)?$/.test(id)) {
    throw new SlurmError('no-job-id', shell.host, translate('sbatch on {0} printed no job id: {1}', shell.host, result.stdout.toString().trim()), result.stderr);
  }
  return id;
}

/**
 * Where each job is, in one round trip: squeue (queued, running, and what the controller still
 * remembers), then sacct (when the cluster keeps accounting) or scontrol, then each given run
 * folder's exit_code. Throws SlurmError when the host has no Slurm or its controller does not answer.
 */
export async function jobStates(shell: RemoteShell, jobs: readonly JobQuery[], options: { signal?: AbortSignal } = {}): Promise<Map<string, SlurmJobState>> {
  if (jobs.length === 0) return new Map();
  const result = await shell.run(jobStatesCommand(jobs), { signal: options.signal });
  return parseJobStates(shell.host, jobs, result.code, result.stdout.toString(), result.stderr);
}

/**
 * Cancels job `id` with scancel. With `runDir`, first writes its `cancelled` marker (the run folder
 * contract: Cancel marks the run before it stops it), in the same round trip.
 */
export async function cancel(shell: RemoteShell, id: string, runDir?: string): Promise<void> {
  const command = [
    `command -v scancel >/dev/null 2>&1 || exit ${NOT_FOUND}`,
    ...(runDir === undefined ? [] : [`: > ${shellQuote(inRunDir(runDir, 'cancelled'))} || exit ${NO_JOB_FILE}`]),
    shellCommand(['scancel', checkJobId(id)]),
  ].join('\n');
  const result = await shell.run(command);
  if (result.code === NOT_FOUND) throw noSlurm(shell.host, result.stderr);
  if (result.code === NO_JOB_FILE) {
    throw new SlurmError('missing-run', shell.host, translate('The run folder {0} is not on {1}.', runDir ?? '', shell.host), result.stderr);
  }
  if (result.code !== 0) {
    if (/Unable to contact|connect failure|Socket timed out/i.test(result.stderr)) throw unavailable(shell.host, result.stderr);
    throw new SlurmError('cancel-failed', shell.host, translate('Slurm on {0} could not cancel job {1}: {2}', shell.host, id, slurmMessage(result.stderr)), result.stderr);
  }
}
