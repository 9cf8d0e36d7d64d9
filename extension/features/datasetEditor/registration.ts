import * as vscode from 'vscode';
import { DatasetEditorProvider } from './datasetEditorProvider';
import { targetDataset } from '../datasetCommands/targetFile';

export function registerDatasetEditor(context: vscode.ExtensionContext): void {
  context.subscriptions.push(
    vscode.window.registerCustomEditorProvider(DatasetEditorProvider.viewType, new DatasetEditorProvider(context.extensionUri), {
      // Keep the panel's state (scroll, selection) when it is hidden behind another tab.
      webviewOptions: { retainContextWhenHidden: true },
      supportsMultipleEditorsPerDocument: true,
    }),
    vscode.commands.registerCommand('lexreview.openDataset', async (arg?: unknown) => {
      const uri = await targetDataset(arg);
      if (uri) await vscode.commands.executeCommand('vscode.openWith', uri, DatasetEditorProvider.viewType);
    }),
  );
}
