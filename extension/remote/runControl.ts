// The runs on a host and what can be done to them after launch: list them with their states in two
// round trips (the folders' run.json files, then every run's status block at once), and cancel one
// (the whole process group over ssh, or scancel). Runs are found from the host's folders, not from
// anything kept locally, so after VS Code restarts every run still on the host is there again with
// its state caught up.
// Node only.
import { translate } from '../core/l10n';
import { cancelCommand, listRunsCommand, parseRunList, parseStatus, runPath, runState, statusCommand, type RunFiles, type RunRecord, type RunState, type RunStateDetail } from '../core/training/runFolder';
import { shellPath } from '../core/training/shellQuote';
import type { RemoteShell } from './shell';

export interface RunSummary {
  name: string;
  host: string;
  /** run.json; undefined when the file is damaged (the run is still listed, as failed). */
  record: RunRecord | undefined;
  files: RunFiles;
  state: RunStateDetail;
}

/** What the scheduler says of a job: its run state ('unknown': forgotten) and, once it ended, its exit code. */
export interface SchedulerView {
  state: RunState | 'unknown';
  exitCode?: number;
}

/**
 * The scheduler's view of Slurm jobs, by job id. Each job comes with its run folder: the exit code
 * is read there after the scheduler was asked, in the same round trip, so a job that ends between
 * the status read and this question is seen finished, not lost.
 */
export type SchedulerStates = (shell: RemoteShell, jobs: ReadonlyArray<{ id: string; runDir: string }>) => Promise<Map<string, SchedulerView>>;

/** The run's files with the scheduler's word added: an exit code it saw, and the state runState reads. */
export function withScheduler(files: RunFiles, view: SchedulerView | undefined): { files: RunFiles; scheduled: RunState | 'unknown' | undefined } {
  if (view?.exitCode !== undefined && files.exitCode === undefined) return { files: { ...files, exitCode: view.exitCode }, scheduled: view.state };
  return { files, scheduled: view?.state };
}

export class RunControlError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RunControlError';
  }
}

export async function listRuns(shell: RemoteShell, root: string, opts: { signal?: AbortSignal; scheduler?: SchedulerStates; names?: readonly string[] } = {}): Promise<RunSummary[]> {
  const listed = await shell.run(listRunsCommand(root), { signal: opts.signal });
  if (listed.code !== 0) throw new RunControlError(translate('Cannot list the runs in {0} on {1}: {2}', root, shell.host, listed.stderr.trim()));
  const runs = parseRunList(listed.stdout.toString()).filter((r) => opts.names === undefined || opts.names.includes(r.name));
  if (runs.length === 0) return [];
  const names = runs.map((r) => r.name);
  const status = await shell.run(statusCommand(root, names), { signal: opts.signal });
  if (status.code !== 0) throw new RunControlError(translate('Cannot read the state of the runs on {0}: {1}', shell.host, status.stderr.trim()));
  const files = parseStatus(status.stdout.toString(), names);
  const jobs = files.filter((f, i) => runs[i].record?.backend === 'slurm' && f.slurmJob !== undefined && f.exitCode === undefined && !f.cancelled).map((f) => ({ id: f.slurmJob!, runDir: runPath(root, f.name) }));
  const views = jobs.length > 0 && opts.scheduler ? await opts.scheduler(shell, jobs) : new Map<string, SchedulerView>();
  return runs.map(({ name, record }, i) => {
    const { files: f, scheduled } = withScheduler(files[i], files[i].slurmJob === undefined ? undefined : views.get(files[i].slurmJob!));
    const state: RunStateDetail = record === undefined ? { state: 'failed' } : runState(f, record.backend, scheduled);
    return { name, host: shell.host, record, files: f, state };
  });
}

/** One run by name; a RunControlError when the host has no such run. */
export async function findRun(shell: RemoteShell, root: string, name: string, opts: { signal?: AbortSignal; scheduler?: SchedulerStates } = {}): Promise<RunSummary> {
  const [run] = await listRuns(shell, root, { ...opts, names: [name] });
  if (!run) throw new RunControlError(translate("{0} has no run named '{1}' in {2}.", shell.host, name, root));
  return run;
}

/**
 * Cancels a queued or running run: over ssh, `cancelled` is written and the process group gets TERM
 * (KILL after the grace period); on Slurm, `cancelled` is written and the job scancelled. A run that
 * already ended is left as it is.
 */
export async function cancelRun(shell: RemoteShell, root: string, name: string, opts: { signal?: AbortSignal; scheduler?: SchedulerStates; scancel?: (shell: RemoteShell, jobId: string) => Promise<void>; graceSeconds?: number } = {}): Promise<RunSummary> {
  const run = await findRun(shell, root, name, opts);
  if (run.state.state !== 'queued' && run.state.state !== 'running') throw new RunControlError(translate("Run '{0}' on {1} is {2} already: there is nothing to cancel.", name, shell.host, run.state.state));
  if (run.record?.backend === 'slurm' && run.files.slurmJob !== undefined) {
    if (!opts.scancel) throw new RunControlError(translate('Cancelling a Slurm job needs scancel.'));
    const marked = await shell.run(`date -u +%Y-%m-%dT%H:%M:%SZ > ${shellPath(runPath(root, name, 'cancelled'))}`, { signal: opts.signal });
    if (marked.code !== 0) throw new RunControlError(translate('Cannot cancel {0} on {1}: {2}', name, shell.host, marked.stderr.trim()));
    await opts.scancel(shell, run.files.slurmJob);
  } else {
    const r = await shell.run(cancelCommand(root, name, opts.graceSeconds), { signal: opts.signal });
    if (r.code !== 0) throw new RunControlError(translate('Cannot cancel {0} on {1}: {2}', name, shell.host, r.stderr.trim()));
  }
  return findRun(shell, root, name, opts);
}
