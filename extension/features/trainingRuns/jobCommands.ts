// "Merge Adapter…" and "Generate Answers…" on a run of the Training Runs view (issue #17): pick a
// checkpoint (with its epoch), start the job beside the run on the run's backend
// (remote/runJobs.ts), and for Generate wait for it under a progress notification with Cancel
// (which cancels the job on the host), bring generated_predictions.jsonl beside the review store
// and import it under the run's name with the checkpoint's epoch and the penalty — the name the
// Compare command's default pair reads — then offer Compare Answers and the report.
import * as vscode from 'vscode';
import { readAnswerFile } from '../../core/review/answerImport';
import { isActive, stateText } from '../../core/training/runText';
import { generatedModelName, jobName, jobQuestions, type Checkpoint, type JobQuestion } from '../../core/training/runJobs';
import { sleep } from '../../core/progress';
import type { JobRecord } from '../../core/training/runFolder';
import { cancelRun, findRun, listRuns, type RunSummary } from '../../remote/runControl';
import type { RemoteShell } from '../../remote/shell';
import { collectPredictions, listCheckpoints, startJob } from '../../remote/runJobs';
import { slurmCancel, slurmScheduler } from '../../remote/runSlurm';
import { withCancellableProgress } from '../longOperation';
import { pickSet } from '../review/pickSet';
import { reviewDataChanged } from '../review/reviewEvents';
import type { WorkspaceReviewStore } from '../review/workspaceStore';
import type { HostShells } from './hostShells';
import { trainingSettings } from './trainingSettings';

/** What the commands need from the view's registration. */
export interface JobContext {
  shells: HostShells;
  stores: WorkspaceReviewStore;
  output: vscode.OutputChannel;
  /** Lists the host's runs again (the job appears beside its run). */
  refresh(host: string): void;
}

function epochText(c: Checkpoint): string {
  return c.epoch === undefined ? vscode.l10n.t('step {0}', c.step) : vscode.l10n.t('epoch {0} · step {1}', c.epoch, c.step);
}

/** The checkpoint to use, the latest first; undefined when the user backs out or the run has none. */
async function pickCheckpoint(ctx: JobContext, run: RunSummary): Promise<Checkpoint | undefined> {
  const checkpoints = await listCheckpoints(ctx.shells.get(run.host), trainingSettings().root, run.name);
  if (checkpoints.length === 0) {
    void vscode.window.showInformationMessage(vscode.l10n.t('{0} has saved no checkpoint yet.', run.name));
    return undefined;
  }
  const picked = await vscode.window.showQuickPick(
    [...checkpoints].reverse().map((c) => ({ label: c.name, description: epochText(c), checkpoint: c })),
    { title: vscode.l10n.t('Checkpoint of {0}', run.name) },
  );
  return picked?.checkpoint;
}

/** Starts the job (on the run's backend: startJob) and lists the host again, so it shows under its run. */
async function start(ctx: JobContext, run: RunSummary, job: JobRecord, opts: { questions?: readonly JobQuestion[]; signal?: AbortSignal } = {}): Promise<string> {
  const started = await startJob(ctx.shells.get(run.host), trainingSettings().root, job, opts);
  ctx.refresh(run.host);
  return started.name;
}

/** Waits until job `name` has ended; resolves when it finished, throws when it failed or was cancelled, or CancelledError on `signal`. */
async function waitForJob(shell: RemoteShell, root: string, name: string, host: string, signal: AbortSignal): Promise<void> {
  // Polled like the tree's rows.
  for (;;) {
    const now = await findRun(shell, root, name, { scheduler: slurmScheduler, signal });
    if (now.state.state === 'finished') return;
    if (!isActive(now.state.state)) throw new Error(vscode.l10n.t('{0} on {1} ended {2}: see its log in the Training Runs view.', name, host, stateText(vscode.l10n.t, now.state.state)));
    await sleep(trainingSettings().pollMs, signal);
  }
}

/** Cancel was pressed: the job stops on the host too, if its start got as far as starting it. */
async function stopJob(shell: RemoteShell, root: string, name: string): Promise<void> {
  const [job] = await listRuns(shell, root, { names: [name], scheduler: slurmScheduler });
  if (job && isActive(job.state.state)) await cancelRun(shell, root, name, { scheduler: slurmScheduler, scancel: slurmCancel });
}

function isTrainingRun(run: RunSummary): boolean {
  if (!run.record?.job) return true;
  void vscode.window.showInformationMessage(vscode.l10n.t('{0} is a job, not a training run: choose the run it belongs to.', run.name));
  return false;
}

export async function mergeAdapterCommand(ctx: JobContext, run: RunSummary): Promise<string | undefined> {
  if (!isTrainingRun(run)) return undefined;
  if (run.record?.spec.method !== 'lora') {
    void vscode.window.showInformationMessage(vscode.l10n.t('Only a LoRA run has an adapter to merge; {0} is {1}.', run.name, run.record?.spec.method ?? '?'));
    return undefined;
  }
  const checkpoint = await pickCheckpoint(ctx, run);
  if (!checkpoint) return undefined;
  const name = await start(ctx, run, { kind: 'merge', parent: run.name, checkpoint: checkpoint.name });
  void vscode.window.showInformationMessage(vscode.l10n.t('Started {0} on {1}: the merged model will be in its merged/ folder.', name, run.host));
  return name;
}

export async function generateAnswersCommand(ctx: JobContext, run: RunSummary): Promise<string | undefined> {
  if (!isTrainingRun(run)) return undefined;
  const checkpoint = await pickCheckpoint(ctx, run);
  if (!checkpoint) return undefined;
  const store = ctx.stores.get();
  if (!store) return undefined;
  const set = await pickSet(store, undefined);
  if (!set) return undefined;
  const text = await vscode.window.showInputBox({
    title: vscode.l10n.t('Repetition penalty'),
    prompt: vscode.l10n.t('1.0 is none; the team compared 1.0 with 1.2.'),
    value: '1.0',
    validateInput: (v) => (Number.isFinite(Number(v)) && Number(v) > 0 ? undefined : vscode.l10n.t('A positive number, such as 1.0 or 1.2')),
  });
  if (text === undefined) return undefined;
  const penalty = Number(text);
  const questions = jobQuestions(store.snapshot(set).questions);
  const model = generatedModelName(run.name, checkpoint.epoch, penalty);
  const root = trainingSettings().root;
  const shell = ctx.shells.get(run.host);
  const job = jobName(run.name, 'generate', checkpoint.name, penalty);
  const imported = await withCancellableProgress(vscode.l10n.t('Generating answers to "{0}" with {1}', set, model), async (signal, progress) => {
    try {
      await start(ctx, run, { kind: 'generate', parent: run.name, checkpoint: checkpoint.name, penalty, set }, { questions, signal });
      progress.report({ message: vscode.l10n.t('{0} questions on {1}', questions.length, run.host) });
      await waitForJob(shell, root, job, run.host, signal);
    } catch (e) {
      // Cancel stops the job on the host, not only the wait (a Cancel during the start included).
      if (!signal.aborted) throw e;
      await stopJob(shell, root, job);
      ctx.refresh(run.host);
      return undefined;
    }
    const file = await collectPredictions(shell, root, job, ctx.stores.path() ?? '.lexreview/review.db');
    const s = store.importAnswers((await readAnswerFile(file, { model })).rows, { set, file });
    reviewDataChanged(set);
    ctx.refresh(run.host);
    ctx.output.appendLine(vscode.l10n.t('{0}: {1} answer(s) of {2} imported from {3}', set, s.rows, model, file));
    return s.rows;
  });
  if (imported === undefined) return undefined;
  // Asked once the progress notification has closed.
  const compare = vscode.l10n.t('Compare Answers');
  const report = vscode.l10n.t('Show Report');
  const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Imported {0} answer(s) of {1} into "{2}".', imported, model, set), compare, report);
  if (choice === compare) await vscode.commands.executeCommand('lexreview.compareAnswers', set);
  if (choice === report) await vscode.commands.executeCommand('lexreview.showReport', set);
  return model;
}
