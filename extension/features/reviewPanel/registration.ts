// "LexReview: Open Review". Every change the panel saves (or undoes) is announced on the one
// review-data signal (features/review/reviewEvents.ts), which the report views and documents and
// the Evaluation view follow.
import * as vscode from 'vscode';
import { execFileSync } from 'node:child_process';
import { userInfo } from 'node:os';
import { ReviewInputError, chooseBaseline } from '../../core/review/scoring';
import { pickBaseline, pickSet } from '../review/pickSet';
import { reviewDataSignal } from '../review/reviewEvents';
import type { WorkspaceReviewStore } from '../review/workspaceStore';
import { REVIEW_PANEL_VIEW_TYPE, ReviewPanels } from './reviewPanels';

const REVIEWER_SETTING = 'lexreview.review.reviewer';

/** Whose reviews the panel writes: the setting, else git's user.name (as for commits), else the OS user name. */
export function reviewerName(): string {
  const configured = vscode.workspace.getConfiguration().get<string>(REVIEWER_SETTING)?.trim();
  if (configured) return configured;
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  try {
    const git = execFileSync('git', ['config', 'user.name'], { cwd: folder?.scheme === 'file' ? folder.fsPath : undefined, encoding: 'utf8', timeout: 2000, stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    if (git) return git;
  } catch {
    // No git, or no user.name: the OS user name below.
  }
  try {
    return userInfo().username || 'reviewer';
  } catch {
    return 'reviewer'; // no user name (a container without a passwd entry)
  }
}

export function registerReviewPanel(context: vscode.ExtensionContext, stores: WorkspaceReviewStore): void {
  const panels = new ReviewPanels(context.extensionUri, () => stores.get(), reviewDataSignal);
  context.subscriptions.push(
    panels,
    vscode.window.registerWebviewPanelSerializer(REVIEW_PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        if (!panels.restore(panel, state, reviewerName())) panel.dispose();
      },
    }),
    // Several reviewers may share a machine: a changed name takes effect in the open panels at once.
    vscode.workspace.onDidChangeConfiguration((e) => e.affectsConfiguration(REVIEWER_SETTING) && panels.useReviewer(reviewerName())),
    vscode.commands.registerCommand('lexreview.openReview', async (arg?: unknown) => {
      const store = stores.get();
      if (!store) return;
      const set = await pickSet(store, arg);
      if (!set) return;
      const snapshot = store.snapshot(set);
      let baseline: string | undefined;
      try {
        baseline = chooseBaseline(snapshot);
      } catch (e) {
        if (!(e instanceof ReviewInputError)) throw e;
        baseline = await pickBaseline(snapshot);
      }
      if (baseline) panels.open(set, baseline, reviewerName());
    }),
  );
}
