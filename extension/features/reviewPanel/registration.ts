// "LexReview: Open Review" and the event other views listen to: onReviewsChanged fires the set's
// name after every change the review panel saves (the report documents refresh on it; the
// Evaluation and Report views subscribe to the same emitter).
import * as vscode from 'vscode';
import { userInfo } from 'node:os';
import { ReviewInputError, chooseBaseline } from '../../core/review/scoring';
import type { ReportDocuments } from '../review/reportCommand';
import { pickBaseline, pickSet } from '../review/pickSet';
import type { WorkspaceReviewStore } from '../review/workspaceStore';
import { REVIEW_PANEL_VIEW_TYPE, ReviewPanels } from './reviewPanels';

/** Fires an evaluation set's name after each review, note or flag the panel saved (or undid). */
export const onReviewsChanged = new vscode.EventEmitter<string>();

const REVIEWER_SETTING = 'lexreview.review.reviewer';

/** Whose reviews the panel writes: the setting, else the OS user name. */
export function reviewerName(): string {
  const configured = vscode.workspace.getConfiguration().get<string>(REVIEWER_SETTING)?.trim();
  if (configured) return configured;
  try {
    return userInfo().username || 'reviewer';
  } catch {
    return 'reviewer'; // no user name (a container without a passwd entry)
  }
}

export function registerReviewPanel(context: vscode.ExtensionContext, stores: WorkspaceReviewStore, reports: ReportDocuments): void {
  const panels = new ReviewPanels(context.extensionUri, () => stores.get(), onReviewsChanged);
  context.subscriptions.push(
    panels,
    onReviewsChanged,
    onReviewsChanged.event((set) => reports.refresh(set)),
    vscode.window.registerWebviewPanelSerializer(REVIEW_PANEL_VIEW_TYPE, {
      deserializeWebviewPanel: async (panel, state: unknown) => {
        if (!panels.restore(panel, state, reviewerName())) panel.dispose();
      },
    }),
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
