import * as vscode from 'vscode';
import { DatasetEditorProvider } from './datasetEditorProvider';
import { targetDataset } from '../targetFile';
import { FILTERS, filterLabel } from '../../core/dataset/document/filters';
import type { EditorCommand } from '../../../shared/datasetEditor/protocol';
import type { EvaluationQuestions } from './evaluationQuestions';

/** Palette commands that act in the focused dataset editor, as its buttons and keys do. */
const EDITOR_COMMANDS: Record<string, EditorCommand['name']> = {
  'lexreview.editor.find': 'find',
  'lexreview.editor.nextMatch': 'nextMatch',
  'lexreview.editor.previousMatch': 'previousMatch',
  'lexreview.editor.addRecord': 'addRecord',
  'lexreview.editor.duplicateRecord': 'duplicateRecord',
  'lexreview.editor.deleteRecord': 'deleteRecord',
  'lexreview.editor.toggleStatistics': 'toggleStatistics',
  'lexreview.editor.templatePreview': 'templatePreview',
};

/** `questions`: where the "overlaps the evaluation set" filter finds evaluation questions (the review store, a file). */
export function registerDatasetEditor(context: vscode.ExtensionContext, questions?: EvaluationQuestions): void {
  const provider = new DatasetEditorProvider(context.extensionUri, questions);
  const noEditor = () => void vscode.window.showInformationMessage(vscode.l10n.t('Open a dataset with the LexReview Dataset editor first.'));
  context.subscriptions.push(
    vscode.window.registerCustomEditorProvider(DatasetEditorProvider.viewType, provider, {
      // Keep the panel's state (scroll, selection) when it is hidden behind another tab.
      webviewOptions: { retainContextWhenHidden: true },
      supportsMultipleEditorsPerDocument: true,
    }),
    vscode.commands.registerCommand('lexreview.openDataset', async (arg?: unknown) => {
      const uri = await targetDataset(arg);
      if (uri) await vscode.commands.executeCommand('vscode.openWith', uri, DatasetEditorProvider.viewType);
    }),
    ...Object.entries(EDITOR_COMMANDS).map(([id, name]) =>
      vscode.commands.registerCommand(id, () => provider.sendToActive({ name } as EditorCommand) || noEditor()),
    ),
    vscode.commands.registerCommand('lexreview.editor.filter', async () => {
      const picked = await vscode.window.showQuickPick(
        FILTERS.map((filter) => ({ label: filterLabel(filter, vscode.l10n.t), filter })),
        { title: vscode.l10n.t('Show which records?') },
      );
      if (picked && !provider.sendToActive({ name: 'filter', filter: picked.filter })) noEditor();
    }),
  );
}
