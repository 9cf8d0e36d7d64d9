// The review commands (import, judge, report, the judge's key) over the workspace's store.
// The review panel and the Evaluation view (issue 14) will build on the same store.
import * as vscode from 'vscode';
import { importAnswersCommand } from './importAnswersCommand';
import { clearJudgeKey, setJudgeKey } from './judgeKey';
import { judgeAnswersCommand } from './judgeCommand';
import { registerReportView } from '../reportView/registration';
import { exportReportCommand, REPORT_SCHEME, ReportDocuments } from './reportCommand';
import { WorkspaceReviewStore } from './workspaceStore';
import { registerReviewPanel } from '../reviewPanel/registration';

/** Registers the commands and returns the workspace store the other review views share. */
export function registerReviewCommands(context: vscode.ExtensionContext, output: vscode.OutputChannel): WorkspaceReviewStore {
  const stores = new WorkspaceReviewStore(output);
  const diagnostics = vscode.languages.createDiagnosticCollection('lexreview-answers');
  const reports = new ReportDocuments(stores);
  context.subscriptions.push(
    stores,
    diagnostics,
    reports,
    vscode.workspace.registerTextDocumentContentProvider(REPORT_SCHEME, reports),
    vscode.commands.registerCommand('lexreview.importAnswers', (arg?: unknown) => importAnswersCommand(arg, stores, diagnostics, output)),
    vscode.commands.registerCommand('lexreview.judgeAnswers', (arg?: unknown) => judgeAnswersCommand(arg, stores, context.secrets, output)),
    vscode.commands.registerCommand('lexreview.exportReport', (arg?: unknown) => exportReportCommand(arg, stores)),
    vscode.commands.registerCommand('lexreview.setJudgeKey', () => setJudgeKey(context.secrets)),
    vscode.commands.registerCommand('lexreview.clearJudgeKey', () => clearJudgeKey(context.secrets)),
  );
  // Show Report (the view) and Show Report as Markdown (the document); Open Review (the panel).
  registerReportView(context, stores, reports);
  registerReviewPanel(context, stores);
  return stores;
}
