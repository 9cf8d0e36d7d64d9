// Which dataset file a command acts on: the one it was invoked on (explorer or tree context
// menu), else the active editor's, else one the user picks.
import * as vscode from 'vscode';

export async function targetDataset(arg: unknown): Promise<vscode.Uri | undefined> {
  if (arg instanceof vscode.Uri) return arg;
  const active = vscode.window.activeTextEditor?.document.uri ?? activeTabUri();
  if (active && active.scheme === 'file' && /\.jsonl?$/i.test(active.path)) return active;
  const picked = await vscode.window.showOpenDialog({
    canSelectMany: false,
    filters: { [vscode.l10n.t('Datasets')]: ['json', 'jsonl'] },
    title: vscode.l10n.t('Choose a dataset file'),
  });
  return picked?.[0];
}

/** The file behind the active tab, also when it is shown by a custom editor. */
function activeTabUri(): vscode.Uri | undefined {
  const input = vscode.window.tabGroups.activeTabGroup.activeTab?.input;
  return input instanceof vscode.TabInputText || input instanceof vscode.TabInputCustom ? input.uri : undefined;
}
