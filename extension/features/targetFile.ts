// Which file a command acts on: the one it was invoked on (explorer or tree context menu), else
// the active editor's when it is of the right kind, else one the user picks.
import * as vscode from 'vscode';

export interface FileKind {
  extensions: string[];
  /** The open dialog's filter name and title, translated. */
  filterName(): string;
  title(): string;
}

export const DATASET_FILES: FileKind = {
  extensions: ['json', 'jsonl'],
  filterName: () => vscode.l10n.t('Datasets'),
  title: () => vscode.l10n.t('Choose a dataset file'),
};

export const ANSWER_FILES: FileKind = {
  extensions: ['jsonl', 'json', 'csv'],
  filterName: () => vscode.l10n.t('Model answers'),
  title: () => vscode.l10n.t('Choose a file of model answers'),
};

export async function targetFile(arg: unknown, kind: FileKind): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const active = vscode.window.activeTextEditor?.document.uri ?? activeTabUri();
  const ext = active?.path.split('.').pop()?.toLowerCase();
  if (active && active.scheme === 'file' && ext !== undefined && kind.extensions.includes(ext)) return active;
  const picked = await vscode.window.showOpenDialog({ canSelectMany: false, filters: { [kind.filterName()]: kind.extensions }, title: kind.title() });
  return picked?.[0];
}

export const targetDataset = (arg: unknown): Promise<vscode.Uri | undefined> => targetFile(arg, DATASET_FILES);

/** The file behind the active tab, also when it is shown by a custom editor. */
function activeTabUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom ? input.uri : undefined;
}
