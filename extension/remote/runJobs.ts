// Jobs on a trained run, on its host (issue #17): "Merge adapter" and "Generate answers" start a
// job folder beside the run (core/training/runJobs.ts) the way a run starts, detached over ssh or
// submitted to Slurm, so the Training Runs view, `lexreview runs`, watching and cancelling treat
// it as any run. A checkpoint must exist on the host before a job names it. A finished generate
// job's answers come back with readPredictions, to be imported under generatedModelName.
// Node only.
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { translate } from '../core/l10n';
import { checkpointsCommand, jobFolderFiles, jobName, parseCheckpoints, PREDICTIONS_FILE, type Checkpoint, type JobQuestion } from '../core/training/runJobs';
import { prepareCommand, runPath, type JobRecord } from '../core/training/runFolder';
import { findRun, RunControlError } from './runControl';
import { must, refuseExisting, RunLaunchError, startRunFolder, writeRunFiles, type LaunchedRun, type LaunchOptions } from './runLaunch';
import { slurmScheduler, slurmSubmitter } from './runSlurm';
import type { RemoteShell } from './shell';
import { readFrom } from './transfer';
import type { SshShell } from './ssh';

/** The checkpoints a run has saved so far, by step, with their epochs. */
export async function listCheckpoints(shell: RemoteShell, root: string, run: string, signal?: AbortSignal): Promise<Checkpoint[]> {
  return parseCheckpoints(await must(shell, checkpointsCommand(root, run), translate('Listing the checkpoints of {0}', run), { signal }));
}

export interface JobOptions extends Pick<LaunchOptions, 'signal' | 'now'> {
  /** generate: the questions to answer. */
  questions?: readonly JobQuestion[];
}

/**
 * Starts a merge or generate job on a checkpoint of `job.parent`, on the run's own backend (a
 * Slurm run's job is submitted with the run's Slurm options); resolves once it is started.
 */
export async function startJob(shell: SshShell, root: string, job: JobRecord, opts: JobOptions = {}): Promise<Omit<LaunchedRun, 'uploaded'>> {
  const { signal } = opts;
  const parent = await findRun(shell, root, job.parent, { signal, scheduler: slurmScheduler });
  if (!parent.record) throw new RunControlError(translate("The run.json of '{0}' on {1} cannot be read.", job.parent, shell.host));
  if (parent.record.job) throw new RunLaunchError(translate("'{0}' is a job, not a training run: it has no checkpoints.", job.parent));
  const checkpoints = await listCheckpoints(shell, root, job.parent, signal);
  if (!checkpoints.some((c) => c.name === job.checkpoint)) {
    const have = checkpoints.map((c) => c.name).join(', ') || translate('none yet');
    throw new RunLaunchError(translate("{0} has no checkpoint '{1}' on {2} (it has: {3}).", job.parent, job.checkpoint, shell.host, have));
  }
  if (job.kind === 'generate' && !opts.questions?.length) throw new RunLaunchError(translate('Generating answers needs at least one question.'));
  const name = jobName(job.parent, job.kind, job.checkpoint, job.penalty);
  await refuseExisting(shell, root, name, signal);
  const { backend, spec } = parent.record;
  // Built before anything is written: a run the job cannot apply to (full run merged, P-tuning) is refused here.
  const files = jobFolderFiles(spec, job, backend, (opts.now?.() ?? new Date()).toISOString(), opts.questions);
  await must(shell, prepareCommand(root, name), translate('Creating the run folder'), { signal });
  await writeRunFiles(shell, root, name, files, signal);
  return startRunFolder(shell, root, name, { signal, submit: backend === 'slurm' ? slurmSubmitter({ ...spec, name }) : undefined });
}

/**
 * Brings a finished generate job's predictions into the workspace, beside the review store
 * (`.lexreview/predictions/JOB/generated_predictions.jsonl`), so a problem the importer finds names
 * a file the user can open; resolves with that file.
 */
export async function collectPredictions(shell: RemoteShell, root: string, name: string, storeFile: string, signal?: AbortSignal): Promise<string> {
  const file = join(dirname(storeFile), 'predictions', name, 'generated_predictions.jsonl');
  const text = await readPredictions(shell, root, name, signal);
  await mkdir(dirname(file), { recursive: true });
  await writeFile(file, text);
  return file;
}

/** A finished generate job's generated_predictions.jsonl, as text. */
export async function readPredictions(shell: RemoteShell, root: string, name: string, signal?: AbortSignal): Promise<string> {
  const r = await readFrom(shell, runPath(root, name, PREDICTIONS_FILE), 0, { signal });
  if (!r.exists) throw new RunControlError(translate("{0} on {1} has written no {2}.", name, shell.host, PREDICTIONS_FILE));
  return r.data.toString('utf8');
}
