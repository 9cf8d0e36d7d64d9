// The "Training Runs" view of the LexReview container and its commands: Launch Training Run…,
// Refresh, Show Run (the run panel, reopened on its run after a window reload), Cancel Run
// (confirmed first), Copy Run Name, and the jobs on a run's checkpoint, Merge Adapter… and
// Generate Answers… (jobCommands.ts). One SshShell per host and one tracker per run serve the
// tree and the panels alike.
import * as vscode from 'vscode';
import { isActive } from '../../core/training/runText';
import { cancelRun, findRun, type RunSummary } from '../../remote/runControl';
import { slurmCancel, slurmScheduler } from '../../remote/runSlurm';
import type { RunPanelState } from '../../../shared/runPanel/protocol';
import type { WorkspaceReviewStore } from '../review/workspaceStore';
import { HostShells } from './hostShells';
import { generateAnswersCommand, mergeAdapterCommand, type JobContext } from './jobCommands';
import { launchTrainingRun } from './launchCommand';
import { RUN_PANEL_VIEW_TYPE, RunPanel } from './runPanel';
import { RunTrackers } from './runTracker';
import { RunsTreeProvider, TRAINING_RUNS_VIEW, type RunsNode } from './runsTreeProvider';
import { affectsTraining, configuredHosts, trainingSettings } from './trainingSettings';
import { showError } from './showError';

const key = (host: string, name: string) => `${host}\n${name}`;

export function registerTrainingRuns(context: vscode.ExtensionContext, stores: WorkspaceReviewStore, output: vscode.OutputChannel): void {
  const shells = new HostShells();
  const trackers = new RunTrackers(shells);
  const provider = new RunsTreeProvider(shells, trackers);
  const view = vscode.window.createTreeView(TRAINING_RUNS_VIEW, { treeDataProvider: provider, showCollapseAll: true });
  const panels = new Map<string, RunPanel>();

  /** The run a command was invoked on (a tree row), else one the user picks from the runs listed. */
  async function runOf(arg: unknown): Promise<RunSummary | undefined> {
    const node = arg as RunsNode | undefined;
    if (node?.kind === 'run') return node.run;
    const runs = await provider.knownRuns();
    if (runs.length === 0) {
      void vscode.window.showInformationMessage(vscode.l10n.t('No training run is listed yet: open the Training Runs view or launch one.'));
      return undefined;
    }
    const chosen = await vscode.window.showQuickPick(
      runs.map((r) => ({ label: r.name, description: r.host, run: r })),
      { title: vscode.l10n.t('Choose a training run') },
    );
    return chosen?.run;
  }

  /** Confirms with the user, cancels, and shows the end at once in the panel and the tree; false when the user said no. */
  async function confirmCancel(run: RunSummary): Promise<boolean> {
    const stop = vscode.l10n.t('Cancel Run');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('Cancel the run {0} on {1}?', run.name, run.host),
      { modal: true, detail: run.record?.backend === 'slurm' ? vscode.l10n.t('Its Slurm job is cancelled (scancel). The run folder, its log and checkpoints stay on the host.') : vscode.l10n.t('Its whole process group is stopped (TERM, then KILL after 10 seconds). The run folder, its log and checkpoints stay on the host.') },
      stop,
    );
    if (choice !== stop) return false;
    try {
      await cancelRun(shells.get(run.host), trainingSettings().root, run.name, { scheduler: slurmScheduler, scancel: slurmCancel });
    } catch (e) {
      showError(e, output);
      return false;
    } finally {
      await trackers.find(run.host, run.name)?.pollNow();
      provider.refresh(run.host);
    }
    return true;
  }

  const jobs: JobContext = { shells, stores, output, refresh: (host) => provider.refresh(host) };

  /** A job command on the run it was invoked on; its failures (ssh, a refused job) as an error message. */
  async function onRun<T>(arg: unknown, command: (ctx: JobContext, run: RunSummary) => Promise<T | undefined>): Promise<T | undefined> {
    const run = await runOf(arg);
    if (!run) return undefined;
    try {
      return await command(jobs, run);
    } catch (e) {
      showError(e, output);
      return undefined;
    }
  }

  /** The run's panel, following its tracker: in `restored` (a panel VS Code reopened after a window reload) or a new one. */
  function connect(run: RunSummary, restored?: vscode.WebviewPanel): RunPanel {
    const k = key(run.host, run.name);
    const tracker = trackers.get(run.host, run.name, run.record?.backend ?? 'ssh');
    const panel = RunPanel.connect(restored, run, tracker, trackers, context.extensionUri, () => confirmCancel(run), () => panels.delete(k));
    panels.set(k, panel);
    return panel;
  }

  function showRun(run: RunSummary): RunPanel {
    const panel = panels.get(key(run.host, run.name));
    if (!panel) return connect(run);
    panel.reveal();
    return panel;
  }

  /** The run a restored panel's state names, as its host has it now; undefined when the host is not configured or has no such run (any more). */
  async function restoredRun(state: unknown): Promise<RunSummary | undefined> {
    const s = state as Partial<RunPanelState> | undefined;
    if (typeof s?.host !== 'string' || typeof s.name !== 'string' || !configuredHosts().includes(s.host)) return undefined;
    try {
      return await findRun(shells.get(s.host), trainingSettings().root, s.name, { scheduler: slurmScheduler });
    } catch {
      return undefined; // gone from the host, or the host cannot be reached: the tree's row says which
    }
  }

  context.subscriptions.push(
    { dispose: () => { [...panels.values()].forEach((p) => p.dispose()); panels.clear(); } },
    provider,
    view,
    trackers,
    shells,
    vscode.window.registerWebviewPanelSerializer(RUN_PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        const run = await restoredRun(state);
        // The run's panel may have been opened from the tree meanwhile: one panel per run.
        if (run && !panels.has(key(run.host, run.name))) connect(run, panel);
        else panel.dispose();
      },
    }),
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (affectsTraining(e)) provider.refresh();
    }),
    vscode.commands.registerCommand('lexreview.refreshTrainingRuns', () => provider.refresh()),
    vscode.commands.registerCommand('lexreview.launchTrainingRun', async (arg?: unknown) => {
      const node = arg as RunsNode | undefined;
      const launched = await launchTrainingRun(context, shells, output, node?.kind === 'host' ? node.host : undefined);
      if (!launched) return;
      provider.refresh(launched.host);
      try {
        showRun(await findRun(shells.get(launched.host), trainingSettings().root, launched.name, { scheduler: slurmScheduler }));
      } catch (e) {
        showError(e, output);
      }
    }),
    vscode.commands.registerCommand('lexreview.showTrainingRun', async (arg?: unknown) => {
      const run = await runOf(arg);
      if (run) showRun(run);
    }),
    vscode.commands.registerCommand('lexreview.cancelTrainingRun', async (arg?: unknown) => {
      const run = await runOf(arg);
      if (!run) return;
      const live = trackers.find(run.host, run.name)?.latest?.state ?? run.state;
      if (!isActive(live.state)) {
        void vscode.window.showInformationMessage(vscode.l10n.t('The run {0} has ended already: there is nothing to cancel.', run.name));
        return;
      }
      await confirmCancel(run);
    }),
    vscode.commands.registerCommand('lexreview.mergeAdapter', (arg?: unknown) => onRun(arg, mergeAdapterCommand)),
    vscode.commands.registerCommand('lexreview.generateAnswers', (arg?: unknown) => onRun(arg, generateAnswersCommand)),
    vscode.commands.registerCommand('lexreview.copyTrainingRunName', async (arg?: unknown) => {
      const run = await runOf(arg);
      if (run) await vscode.env.clipboard.writeText(run.name);
    }),
  );
}
