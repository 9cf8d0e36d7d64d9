// The "Datasets" tree view of the LexReview container and its refresh command.
import * as vscode from 'vscode';
import { DATASETS_VIEW, DatasetTreeProvider } from './datasetTreeProvider';

export function registerDatasetTree(context: vscode.ExtensionContext): void {
  const provider = new DatasetTreeProvider();
  const view = vscode.window.createTreeView(DATASETS_VIEW, { treeDataProvider: provider, showCollapseAll: true });
  provider.attach(view);
  context.subscriptions.push(provider, view, vscode.commands.registerCommand('lexreview.refreshDatasets', () => provider.refresh()));
}
