// "LexReview: Import Answers…": a file of model answers (long or wide JSON/JSONL/CSV, or
// LLaMA-Factory's generated_predictions.jsonl) into an evaluation set of the workspace's store.
// The file is read and checked whole first; a bad row lands in the Problems panel at its line and
// nothing is imported, as with `lexreview import`.
import * as vscode from 'vscode';
import { basename, extname } from 'node:path';
import { readAnswerFile } from '../../core/review/answerImport';
import { formatImportProblem, ImportError } from '../../core/review/tableFile';
import { withProgress } from '../longOperation';
import { problemDiagnostic } from '../problemDiagnostics';
import { ANSWER_FILES, targetFile } from '../targetFile';
import type { WorkspaceReviewStore } from './workspaceStore';
import { refreshReports } from '../reportView/registration';

export async function importAnswersCommand(arg: unknown, stores: WorkspaceReviewStore, diagnostics: vscode.DiagnosticCollection, output: vscode.OutputChannel): Promise<string | undefined> {
  const uri = await targetFile(arg, ANSWER_FILES);
  if (!uri) return undefined;
  const file = uri.fsPath;
  const set = await vscode.window.showInputBox({
    title: vscode.l10n.t('Import {0} into which evaluation set?', basename(file)),
    prompt: vscode.l10n.t('An existing set gets new versions of changed answers; re-importing the same file changes nothing.'),
    value: basename(file, extname(file)),
    validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('The set needs a name') : undefined),
  });
  if (set === undefined) return undefined;
  const store = stores.get();
  if (!store) return undefined;
  diagnostics.delete(uri);
  try {
    const parsed = await withProgress(vscode.l10n.t('Reading {0}', basename(file)), (op) => readAnswerFile(file, {}, op));
    if (!parsed) return undefined;
    const s = store.importAnswers(parsed.rows, { set: set.trim(), file });
    output.appendLine(
      vscode.l10n.t('{0}: {1} answer(s) read from {2}: {3} question(s) added, {4} answer(s) added, {5} new version(s), {6} unchanged', s.set, s.rows, file, s.questionsAdded, s.answersAdded, s.newVersions, s.unchanged),
    );
    refreshReports(s.set);
    const report = vscode.l10n.t('Show Report');
    const choice = await vscode.window.showInformationMessage(
      vscode.l10n.t('Imported {0} answer(s) into "{1}": {2} added, {3} new version(s), {4} unchanged.', s.rows, s.set, s.answersAdded, s.newVersions, s.unchanged),
      report,
    );
    if (choice === report) await vscode.commands.executeCommand('lexreview.showReport', s.set);
    return s.set;
  } catch (e) {
    if (!(e instanceof ImportError)) throw e;
    diagnostics.set(uri, e.problems.map((p) => problemDiagnostic(p, p.field === undefined ? p.message : vscode.l10n.t('column "{0}": {1}', p.field, p.message))));
    for (const p of e.problems) output.appendLine(formatImportProblem(p));
    const show = vscode.l10n.t('Show Problems');
    const choice = await vscode.window.showErrorMessage(vscode.l10n.t('{0} has {1} problem(s); nothing was imported.', basename(file), e.problems.length), show);
    if (choice === show) await vscode.commands.executeCommand('workbench.actions.view.problems');
    return undefined;
  }
}
