// The Get Started walkthrough (contributes.walkthroughs, issue 14): from the demo dataset to a
// reviewed figure. This module gives the walkthrough what the manifest cannot: commands that open
// the demo workspace's own files (a newcomer should not have to find them in a file dialog), the
// context keys its steps complete on (a judge key is saved, five answers are reviewed), and the
// walkthrough itself on the first activation in the demo workspace, so `npm start` does not show
// an empty window.
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { JUDGE_KEY_SECRET } from '../review/judgeKey';
import { onReviewDataChanged } from '../review/reviewEvents';
import type { WorkspaceReviewStore } from '../review/workspaceStore';
import { DEMO_ANSWERS, DEMO_DATASET, DEMO_MARKER, REVIEWS_TO_COMPLETE, WALKTHROUGH_ID, WALKTHROUGH_SHOWN, reviewedAnswers } from './walkthroughSteps';

export function registerWalkthrough(context: vscode.ExtensionContext, stores: WorkspaceReviewStore): void {
  const walkthrough = `${context.extension.id}#${WALKTHROUGH_ID}`;
  const open = () => vscode.commands.executeCommand('workbench.action.openWalkthrough', walkthrough, false);
  context.subscriptions.push(
    vscode.commands.registerCommand('lexreview.getStarted', open),
    // The demo's file when there is one; elsewhere the ordinary command, which asks for a file.
    vscode.commands.registerCommand('lexreview.walkthrough.openDemoDataset', () => vscode.commands.executeCommand('lexreview.openDataset', demoFile(DEMO_DATASET))),
    vscode.commands.registerCommand('lexreview.walkthrough.importDemoAnswers', () => vscode.commands.executeCommand('lexreview.importAnswers', demoFile(DEMO_ANSWERS))),
  );

  const judgeKeySet = async () => setContext('lexreview.judgeKeySet', (await context.secrets.get(JUDGE_KEY_SECRET)) !== undefined);
  context.subscriptions.push(context.secrets.onDidChange((e) => e.key === JUDGE_KEY_SECRET && void judgeKeySet()));
  void judgeKeySet();

  const reviewed = () => {
    const sets = stores.existing()?.listSets() ?? [];
    void setContext('lexreview.walkthrough.reviewedFive', reviewedAnswers(sets) >= REVIEWS_TO_COMPLETE);
  };
  context.subscriptions.push(onReviewDataChanged(reviewed));
  reviewed();

  const demo = demoFolder() !== undefined;
  void setContext('lexreview.demoWorkspace', demo);
  if (demo && !context.globalState.get<boolean>(WALKTHROUGH_SHOWN)) {
    void context.globalState.update(WALKTHROUGH_SHOWN, true);
    void open();
  }
}

function setContext(key: string, value: boolean): Thenable<unknown> {
  return vscode.commands.executeCommand('setContext', key, value);
}

/** The workspace folder that `npm start`'s demo workspace script made (it leaves DEMO_MARKER). */
function demoFolder(): vscode.WorkspaceFolder | undefined {
  return vscode.workspace.workspaceFolders?.find((f) => f.uri.scheme === 'file' && existsSync(join(f.uri.fsPath, DEMO_MARKER)));
}

/** A file of the demo workspace, or undefined (the command then asks, as it does anywhere). */
function demoFile(rel: string): vscode.Uri | undefined {
  const folder = demoFolder() ?? vscode.workspace.workspaceFolders?.[0];
  if (!folder || folder.uri.scheme !== 'file') return undefined;
  const path = join(folder.uri.fsPath, rel);
  return existsSync(path) ? vscode.Uri.file(path) : undefined;
}
