// The answer comparison in VS Code: the `lexreview-answer:` documents, "Compare Answers…" and the
// stepping commands shown in the diff editor's title while a comparison is open.
import * as vscode from 'vscode';
import { onReviewDataChanged } from '../review/reviewEvents';
import type { WorkspaceReviewStore } from '../review/workspaceStore';
import { ANSWER_SCHEME, AnswerDocuments } from './answerDocuments';
import { CompareController } from './compareCommand';

export function registerCompare(context: vscode.ExtensionContext, stores: WorkspaceReviewStore): void {
  const documents = new AnswerDocuments(stores);
  const controller = new CompareController(stores, documents);
  context.subscriptions.push(
    documents,
    controller,
    vscode.workspace.registerTextDocumentContentProvider(ANSWER_SCHEME, documents),
    vscode.commands.registerCommand('lexreview.compareAnswers', (arg?: unknown) => controller.compare(arg)),
    vscode.commands.registerCommand('lexreview.compareNextQuestion', () => controller.step(1)),
    vscode.commands.registerCommand('lexreview.comparePreviousQuestion', () => controller.step(-1)),
    vscode.commands.registerCommand('lexreview.compareGoToQuestion', () => controller.goToQuestion()),
    onReviewDataChanged((set) => {
      documents.refresh(set);
      controller.forget(set);
    }),
  );
}
