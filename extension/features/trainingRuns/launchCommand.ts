// "LexReview: Launch Training Run…": host, dataset, method, base model, epochs, global batch, LoRA
// rank, template, name and backend asked one by one (each with the method's default, Escape
// stops), then for Slurm GPUs per node, nodes, partition and time limit; the spec validated by
// core's validateRunSpec, the trainable share read from the model's config.json on the host and
// shown in the confirmation, then launchRun under a progress notification with Cancel (phases,
// upload percentage). Resolves with the launched run's host and name, for the caller to refresh
// the tree and open the panel.
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { METHODS, globalBatchSize, validateRunSpec, withDefaults, type RunSpec, type RunSpecInput, type SlurmSpec, type TrainMethod } from '../../core/training/runSpec';
import { phaseText } from '../../core/training/runText';
import { trainableShareLine } from '../../remote/modelShare';
import { launchRun } from '../../remote/runLaunch';
import { slurmSubmitter } from '../../remote/runSlurm';
import { listHosts } from '../../remote/sshConfig';
import { withCancellableProgress } from '../longOperation';
import type { HostShells } from './hostShells';
import { trainingSettings } from './trainingSettings';
import { showError } from './showError';

const STEPS = 10;
/** Asked after the last common step (Backend) when Slurm is chosen: GPUs, nodes, partition, time limit. */
const SLURM_STEPS = 4;
const LAST_MODEL = 'lexreview.training.lastModel';

/** "Launch Training Run (3/10): Method"; a step past STEPS is on the Slurm path, which has SLURM_STEPS more. */
const title = (step: number, what: string) => vscode.l10n.t('Launch Training Run ({0}/{1}): {2}', step, step > STEPS ? STEPS + SLURM_STEPS : STEPS, what);

interface Pick<T> extends vscode.QuickPickItem {
  value: T;
}

async function pick<T>(step: number, what: string, items: Array<Pick<T>>): Promise<T | undefined> {
  const chosen = await vscode.window.showQuickPick(items, { title: title(step, what), placeHolder: what, ignoreFocusOut: true, matchOnDescription: true });
  return chosen?.value;
}

async function ask(step: number, what: string, value: string, validate: (v: string) => string | undefined, prompt?: string): Promise<string | undefined> {
  return vscode.window.showInputBox({ title: title(step, what), prompt: prompt ?? what, value, ignoreFocusOut: true, validateInput: (v) => validate(v.trim()) });
}

const positiveInt = (v: string) => (/^\d+$/.test(v) && Number(v) > 0 ? undefined : vscode.l10n.t('Give a positive whole number.'));
const wholeNumber = (v: string) => (/^\d+$/.test(v) ? undefined : vscode.l10n.t('Give a whole number (0 or more).'));
const positiveNumber = (v: string) => (Number.isFinite(Number(v)) && Number(v) > 0 && v !== '' ? undefined : vscode.l10n.t('Give a positive number.'));
const nonEmpty = (v: string) => (v === '' ? vscode.l10n.t('This cannot be empty.') : undefined);

/** The dataset to train on: the active editor's file first, then the workspace's dataset files, then any file. */
async function pickDataset(step: number): Promise<string | undefined> {
  const active = activeFile();
  const include = vscode.workspace.getConfiguration('lexreview.datasets').get<string>('include') || '**/*.{json,jsonl}';
  const exclude = vscode.workspace.getConfiguration('lexreview.datasets').get<string>('exclude') || undefined;
  const files = (await vscode.workspace.findFiles(include, exclude, 500)).filter((u) => u.scheme === 'file' && u.fsPath !== active?.fsPath);
  const items: Array<Pick<string | 'browse'>> = [];
  if (active) items.push({ label: basename(active.fsPath), description: vscode.l10n.t('the active editor'), detail: vscode.workspace.asRelativePath(active), value: active.fsPath });
  items.push(...files.sort((a, b) => a.fsPath.localeCompare(b.fsPath)).map((u) => ({ label: basename(u.fsPath), description: vscode.workspace.asRelativePath(u), value: u.fsPath })));
  items.push({ label: vscode.l10n.t('Browse…'), description: vscode.l10n.t('a dataset file outside the workspace'), value: 'browse' });
  const chosen = await pick(step, vscode.l10n.t('Dataset'), items);
  if (chosen !== 'browse') return chosen;
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { [vscode.l10n.t('Datasets')]: ['json', 'jsonl'] }, title: vscode.l10n.t('Choose a dataset file') });
  return picked?.[0]?.fsPath;
}

function activeFile(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  const uri = input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom ? input.uri : undefined;
  return uri && uri.scheme === 'file' && /\.jsonl?$/i.test(uri.path) ? uri : undefined;
}

const METHOD_LABELS = (): Record<TrainMethod, [string, string]> => ({
  lora: [vscode.l10n.t('LoRA'), vscode.l10n.t('low-rank adapters on every linear layer (LLaMA-Factory)')],
  full: [vscode.l10n.t('Full fine-tuning'), vscode.l10n.t('every parameter (LLaMA-Factory)')],
  ptuning: [vscode.l10n.t('P-tuning v2'), vscode.l10n.t("ChatGLM-6B's ptuning/main.py")],
});

/** What core's validateRunSpec says of one field of the spec, for an input box. */
const fieldProblem = (spec: RunSpec, field: string) => validateRunSpec(spec).find((p) => p.field === field)?.message;

/** The Slurm steps after Backend (the cluster's defaults when partition or time limit is left empty); undefined when one was escaped. */
async function askSlurm(named: RunSpec): Promise<SlurmSpec | undefined> {
  const gpus = await ask(STEPS + 1, vscode.l10n.t('GPUs per node'), '1', wholeNumber, vscode.l10n.t('GPUs per node (--gres=gpu:N); 0 asks for none'));
  if (gpus === undefined) return undefined;
  const nodes = await ask(STEPS + 2, vscode.l10n.t('Nodes'), '1', positiveInt, vscode.l10n.t('Nodes (--nodes)'));
  if (nodes === undefined) return undefined;
  const partition = await ask(STEPS + 3, vscode.l10n.t('Partition'), '', () => undefined, vscode.l10n.t("The partition (--partition); empty: the cluster's default"));
  if (partition === undefined) return undefined;
  const time = await ask(STEPS + 4, vscode.l10n.t('Time limit'), '', (v) => (v === '' ? undefined : fieldProblem({ ...named, slurm: { timeLimit: v } }, 'slurm.timeLimit')), vscode.l10n.t("The time limit (--time): 90 (minutes), 2:00:00, 1-00:00:00; empty: the partition's"));
  if (time === undefined) return undefined;
  const slurm: SlurmSpec = { gpus: Number(gpus), nodes: Number(nodes) };
  if (partition.trim() !== '') slurm.partition = partition.trim();
  if (time.trim() !== '') slurm.timeLimit = time.trim();
  return slurm;
}

/** The confirmation's line of what the job asks of Slurm, with the defaults it falls back to named. */
function slurmLine(slurm: SlurmSpec): string {
  const partition = slurm.partition ?? vscode.l10n.t("the cluster's default");
  const time = slurm.timeLimit ?? vscode.l10n.t("the partition's");
  return vscode.l10n.t('Slurm: {0} node(s) × {1} GPU(s) per node · partition {2} · time limit {3}', slurm.nodes ?? 1, slurm.gpus ?? 0, partition, time);
}

/** The spec the user describes, step by step; undefined when a step was escaped. */
async function askSpec(context: vscode.ExtensionContext, hostArg: string | undefined): Promise<RunSpec | undefined> {
  const { configFile, extraHosts } = trainingSettings();
  const hosts = listHosts(configFile, extraHosts);
  if (hosts.length === 0) {
    void vscode.window.showErrorMessage(vscode.l10n.t('No SSH host is configured: add one to your ssh config ({0}) or to the setting lexreview.ssh.extraHosts.', configFile ?? '~/.ssh/config'));
    return undefined;
  }
  const host = hostArg ?? (await pick(1, vscode.l10n.t('Host'), hosts.map((h) => ({ label: h.alias, description: h.file ?? vscode.l10n.t('from the setting lexreview.ssh.extraHosts'), value: h.alias }))));
  if (!host) return undefined;
  const dataset = await pickDataset(2);
  if (!dataset) return undefined;
  const labels = METHOD_LABELS();
  const method = await pick(3, vscode.l10n.t('Method'), METHODS.map((m) => ({ label: labels[m][0], description: labels[m][1], value: m })));
  if (!method) return undefined;
  const defaults = withDefaults({ method, host, dataset: { path: dataset } });
  const model = await ask(4, vscode.l10n.t('Base model'), context.workspaceState.get<string>(LAST_MODEL) ?? '', nonEmpty, vscode.l10n.t('The base model folder on {0} (with its config.json)', host));
  if (model === undefined) return undefined;
  await context.workspaceState.update(LAST_MODEL, model.trim());
  const epochs = await ask(5, vscode.l10n.t('Epochs'), String(defaults.epochs), positiveNumber);
  if (epochs === undefined) return undefined;
  const batch = await ask(6, vscode.l10n.t('Global batch size'), String(globalBatchSize(defaults)), positiveInt, vscode.l10n.t('Global batch size (per device × accumulation × GPUs); the team used 128'));
  if (batch === undefined) return undefined;
  const input: RunSpecInput = { method, host, dataset: { path: dataset }, model: model.trim(), epochs: Number(epochs), batchSize: Number(batch) };
  if (method === 'lora') {
    const rank = await ask(7, vscode.l10n.t('LoRA rank'), String(defaults.lora!.rank), positiveInt, vscode.l10n.t('LoRA rank (alpha is twice the rank; the team trained rank 256)'));
    if (rank === undefined) return undefined;
    input.lora = { rank: Number(rank) };
  } else if (method === 'ptuning') {
    const script = await ask(7, vscode.l10n.t('P-tuning script'), '', nonEmpty, vscode.l10n.t("The path of ChatGLM-6B's ptuning/main.py on {0}", host));
    if (script === undefined) return undefined;
    input.ptuning = { script: script.trim() };
  }
  const template = await ask(8, vscode.l10n.t('Template'), defaults.template, nonEmpty, vscode.l10n.t('The prompt template (alpaca, vicuna, chatglm …)'));
  if (template === undefined) return undefined;
  input.template = template.trim();
  const named = withDefaults(input);
  const name = await ask(9, vscode.l10n.t('Run name'), named.name, (v) => fieldProblem({ ...named, name: v }, 'name'), vscode.l10n.t('The run name: dataset_batchSize_epoch_(penalty)_template'));
  if (name === undefined) return undefined;
  input.name = name.trim();
  const onSlurm = await pick(STEPS, vscode.l10n.t('Backend'), [
    { label: vscode.l10n.t('Start over SSH'), description: vscode.l10n.t('a detached job on {0} (setsid nohup)', host), value: false },
    { label: vscode.l10n.t('Submit to Slurm'), description: vscode.l10n.t('sbatch on {0}; GPUs, nodes, partition and time limit next', host), value: true },
  ]);
  if (onSlurm === undefined) return undefined;
  if (onSlurm) {
    const slurm = await askSlurm(named);
    if (!slurm) return undefined;
    input.slurm = slurm;
    // As `lexreview train --slurm --gpus N` does: the batch arithmetic counts the GPUs each node
    // gets, so the accumulation makes up the global batch asked above on all of them.
    input.launcher = { gpus: Math.max(1, slurm.gpus ?? 1) };
  }
  return withDefaults(input);
}

/** Asks, confirms and launches; resolves with the run started, or undefined (escaped, declined, failed: said in a message). */
export async function launchTrainingRun(context: vscode.ExtensionContext, shells: HostShells, output: vscode.OutputChannel, hostArg?: string): Promise<{ host: string; name: string } | undefined> {
  const spec = await askSpec(context, hostArg);
  if (!spec) return undefined;
  const problems = validateRunSpec(spec);
  if (problems.length > 0) {
    void vscode.window.showErrorMessage(vscode.l10n.t('The run cannot be launched: {0}', problems.map((p) => p.message).join(' ')));
    return undefined;
  }
  const shell = shells.get(spec.host);
  const { root } = trainingSettings();
  try {
    const share = await vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Reading the base model on {0}…', spec.host) }, () => trainableShareLine(shell, spec));
    const launch = vscode.l10n.t('Launch');
    const detail = [
      vscode.l10n.t('{0} · {1} · {2} epochs · global batch {3} · template {4}', spec.method, spec.framework, spec.epochs, globalBatchSize(spec), spec.template),
      vscode.l10n.t('Base model: {0}', spec.model),
      vscode.l10n.t('Dataset: {0}', spec.dataset.path),
      share,
      spec.slurm ? slurmLine(spec.slurm) : undefined,
      spec.slurm ? vscode.l10n.t('It will be submitted to Slurm, in the run folder {0}/{1}.', root, spec.name) : vscode.l10n.t('It will start over SSH, detached, in the run folder {0}/{1}.', root, spec.name),
    ].filter((l): l is string => l !== undefined);
    const choice = await vscode.window.showInformationMessage(vscode.l10n.t('Launch {0} on {1}?', spec.name, spec.host), { modal: true, detail: detail.join('\n') }, launch);
    if (choice !== launch) return undefined;
    const launched = await withCancellableProgress(vscode.l10n.t('Launching {0} on {1}', spec.name, spec.host), (signal, progress) => {
      let shown = 0;
      return launchRun(shell, spec, {
        root,
        signal,
        onPhase: (p) => progress.report({ message: phaseText(vscode.l10n.t, p, spec) }),
        onUpload: (u) => {
          if (u.phase !== 'copying' || !u.total) return;
          const pct = Math.floor((u.bytes / u.total) * 100);
          if (pct > shown) {
            progress.report({ increment: pct - shown, message: vscode.l10n.t('Uploading the dataset: {0} %', pct) });
            shown = pct;
          }
        },
        submit: spec.slurm ? slurmSubmitter(spec) : undefined,
      });
    });
    return { host: spec.host, name: launched.name };
  } catch (e) {
    if ((e as Error)?.name === 'AbortError') {
      void vscode.window.showInformationMessage(vscode.l10n.t('The launch of {0} was cancelled; a half-written run folder may be left in {1} on {2}.', spec.name, root, spec.host));
      return undefined;
    }
    showError(e, output);
    return undefined;
  }
}
