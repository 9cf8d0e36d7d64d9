// The dataset commands of the command palette and context menus: thin adapters that run the
// core operations under a progress notification and show the results the VS Code way.
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { computeStats } from '../../core/dataset/stats';
import { formatCount, formatStats, statsHeadline } from '../../core/dataset/statsText';
import { withFile } from '../../core/dataset/reader';
import { validateDataset } from '../../core/dataset/validate';
import { withProgress } from '../longOperation';
import { problemDiagnostic } from '../problemDiagnostics';
import { targetDataset } from '../targetFile';
import { convertDatasetCommand } from './convertCommand';
import { registerFileInDatasetInfo } from '../../core/dataset/datasetInfoFile';

export function registerDatasetCommands(context: vscode.ExtensionContext, output: vscode.OutputChannel): void {
  const diagnostics = vscode.languages.createDiagnosticCollection('lexreview');
  context.subscriptions.push(
    diagnostics,
    vscode.commands.registerCommand('lexreview.showDatasetStats', (arg?: unknown) => showStats(arg, output)),
    vscode.commands.registerCommand('lexreview.validateDataset', (arg?: unknown) => validate(arg, diagnostics)),
    vscode.commands.registerCommand('lexreview.convertDataset', (arg?: unknown) => convertDatasetCommand(arg, output)),
    vscode.commands.registerCommand('lexreview.registerDatasetInfo', (arg?: unknown) => registerDatasetInfo(arg)),
  );
}

/**
 * Adds the file to the LLaMA-Factory dataset_info.json of a folder the user picks (the file's own
 * by default), as the CLI's `dataset-info --write` does: other entries kept, a broken file left alone.
 */
async function registerDatasetInfo(arg: unknown): Promise<void> {
  const uri = await targetDataset(arg);
  if (!uri) return;
  const name = basename(uri.fsPath);
  const picked = await vscode.window.showOpenDialog({
    defaultUri: vscode.Uri.joinPath(uri, '..'),
    canSelectFiles: false,
    canSelectFolders: true,
    openLabel: vscode.l10n.t('Register in This Folder'),
    title: vscode.l10n.t('The folder whose dataset_info.json lists {0}', name),
  });
  const dir = picked?.[0];
  if (!dir) return;
  const result = await withProgress(vscode.l10n.t('Reading {0}', name), (op) =>
    registerFileInDatasetInfo(uri.fsPath, dir.fsPath, { ...op, t: vscode.l10n.t }),
  );
  if (!result) return;
  const { path, info } = result;
  if (path === undefined) {
    void vscode.window.showErrorMessage(
      vscode.l10n.t('{0} was not registered: {1} record(s) cannot be read, so LLaMA-Factory could not load it. Validate it first.', name, info.unreadable),
    );
    return;
  }
  const open = vscode.l10n.t('Open dataset_info.json');
  const message = vscode.l10n.t('{0} registered as "{1}" ({2}) in {3}', name, info.name, info.layout, path);
  const choice = info.problems.length
    ? await vscode.window.showWarningMessage(`${message} — ${info.problems.join('; ')}`, open)
    : await vscode.window.showInformationMessage(message, open);
  if (choice === open) await vscode.window.showTextDocument(vscode.Uri.file(path));
}

async function showStats(arg: unknown, output: vscode.OutputChannel): Promise<void> {
  const uri = await targetDataset(arg);
  if (!uri) return;
  const name = basename(uri.fsPath);
  const stats = await withProgress(vscode.l10n.t('Computing statistics of {0}', name), (op) =>
    withFile(uri.fsPath, (s) => computeStats(s, op)),
  );
  if (!stats) return;
  output.appendLine(formatStats(vscode.l10n.t, name, stats));
  output.appendLine('');
  output.show(true);
  void vscode.window.showInformationMessage(statsHeadline(vscode.l10n.t, name, stats));
}

/** Validates a file and shows every problem in the Problems panel, at its line and column. */
async function validate(arg: unknown, diagnostics: vscode.DiagnosticCollection): Promise<void> {
  const uri = await targetDataset(arg);
  if (!uri) return;
  const name = basename(uri.fsPath);
  const result = await withProgress(vscode.l10n.t('Validating {0}', name), (op) =>
    withFile(uri.fsPath, (s) => validateDataset(s, op)),
  );
  if (!result) return;
  diagnostics.set(uri, result.errors.map((e) => problemDiagnostic(e)));
  const problems = result.errors.length + result.unlisted;
  if (problems === 0) {
    void vscode.window.showInformationMessage(
      vscode.l10n.t('{0} is valid: {1} records, layout {2}', name, formatCount(result.records), result.layout ?? vscode.l10n.t('unknown')),
    );
  } else {
    const show = vscode.l10n.t('Show Problems');
    const choice = await vscode.window.showWarningMessage(vscode.l10n.t('{0} has {1} problem(s)', name, problems), show);
    if (choice === show) await vscode.commands.executeCommand('workbench.actions.view.problems');
  }
}
