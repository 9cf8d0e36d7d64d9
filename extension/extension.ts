// activate(): wires the features together and nothing else.
import * as vscode from 'vscode';
import { setBundle } from './core/l10n';
import { registerDatasetCommands } from './features/datasetCommands/registration';
import { registerDatasetEditor } from './features/datasetEditor/registration';
import { WorkspaceEvaluationQuestions } from './features/datasetEditor/evaluationQuestions';
import { registerDatasetTree } from './features/datasetTree/registration';
import { registerReviewCommands } from './features/review/registration';
import { registerEvaluationTree } from './features/evaluationTree/registration';
import { registerCompare } from './features/compare/registration';
import { registerWalkthrough } from './features/walkthrough/registration';
import { registerTrainingRuns } from './features/trainingRuns/registration';

export function activate(context: vscode.ExtensionContext): void {
  // Core messages (validation problems, conversion refusals) in the UI's language, like l10n.t's.
  setBundle(vscode.l10n.bundle);
  const output = vscode.window.createOutputChannel('LexReview');
  context.subscriptions.push(output);
  registerDatasetCommands(context, output);
  const reviewStores = registerReviewCommands(context, output);
  registerDatasetEditor(context, new WorkspaceEvaluationQuestions(reviewStores));
  registerDatasetTree(context);
  registerEvaluationTree(context, reviewStores);
  registerCompare(context, reviewStores);
  registerWalkthrough(context, reviewStores);
  registerTrainingRuns(context, reviewStores, output);
}

export function deactivate(): void {
  // Nothing to tear down beyond context.subscriptions.
}
