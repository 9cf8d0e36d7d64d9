// The "Evaluation" view of the LexReview container, its refresh command and "Delete Evaluation Set".
import * as vscode from 'vscode';
import { pickSet } from '../review/pickSet';
import { reviewDataChanged } from '../review/reviewEvents';
import type { WorkspaceReviewStore } from '../review/workspaceStore';
import { EVALUATION_VIEW, EvaluationTreeProvider } from './evaluationTreeProvider';

export function registerEvaluationTree(context: vscode.ExtensionContext, stores: WorkspaceReviewStore): void {
  const provider = new EvaluationTreeProvider(stores);
  const view = vscode.window.createTreeView(EVALUATION_VIEW, { treeDataProvider: provider, showCollapseAll: true });
  context.subscriptions.push(
    provider,
    view,
    vscode.commands.registerCommand('lexreview.refreshEvaluation', () => provider.refresh()),
    vscode.commands.registerCommand('lexreview.deleteEvaluationSet', (arg?: unknown) => deleteSet(arg, stores)),
  );
}

/** Deletes a set after a modal warning that says what goes with it (its reviews too). */
async function deleteSet(arg: unknown, stores: WorkspaceReviewStore): Promise<void> {
  const store = stores.get();
  if (!store) return;
  const set = await pickSet(store, arg);
  if (!set) return;
  const summary = store.listSets().find((s) => s.name === set);
  const remove = vscode.l10n.t('Delete');
  const choice = await vscode.window.showWarningMessage(
    vscode.l10n.t('Delete the evaluation set "{0}"?', set),
    {
      modal: true,
      detail: vscode.l10n.t('Its {0} answers, their judgments, {1} reviewed answers and their flags are removed from the review database. The answer files are not touched.', summary?.answers ?? 0, summary?.reviewed ?? 0),
    },
    remove,
  );
  if (choice !== remove) return;
  store.deleteSet(set);
  reviewDataChanged(undefined);
}
