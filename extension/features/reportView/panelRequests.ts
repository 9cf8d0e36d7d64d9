// Answers one report view's requests: the set's report, computed here on the host from the
// store's snapshot (the webview never sees the database), and its export in a chosen format.
import * as vscode from 'vscode';
import { buildReport } from '../../core/review/report';
import { ReviewInputError } from '../../core/review/scoring';
import type { Handlers } from '../../../shared/rpc';
import type { Requests, ReportState } from '../../../shared/reportView/protocol';
import { exportReport } from '../review/reportCommand';
import type { WorkspaceReviewStore } from '../review/workspaceStore';

/** The report of `set` as the store holds it now, or the reason there is none (said in the panel, not a pop-up). */
export function reportState(stores: WorkspaceReviewStore, set: string): ReportState {
  const store = stores.get();
  if (!store) return { set, error: vscode.l10n.t('The review database cannot be opened.') };
  try {
    return { set, report: buildReport(store.snapshot(set)) };
  } catch (e) {
    if (e instanceof ReviewInputError) return { set, error: e.message };
    throw e;
  }
}

export function panelHandlers(stores: WorkspaceReviewStore, set: string): Handlers<Requests> {
  return {
    ready: () => ({ state: reportState(stores, set), l10n: vscode.l10n.bundle }),
    export: async ({ format }) => {
      // Exported as the store holds it at the click, which may be newer than the view's last refresh.
      const state = reportState(stores, set);
      if (!state.report) throw new Error(state.error);
      return { path: await exportReport(state.report, format) };
    },
  };
}
