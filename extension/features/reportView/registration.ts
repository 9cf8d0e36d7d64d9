// The report view's commands: "Show Report" opens (or reveals) the set's report view, "Show Report
// as Markdown" the read-only Markdown document. Whenever a set's review data changes
// (onReviewDataChanged: an import, a judge run, a saved review or flag), every open view and
// document of that set's report is made again.
import * as vscode from 'vscode';
import { pickSet } from '../review/pickSet';
import { showReportCommand, type ReportDocuments } from '../review/reportCommand';
import { onReviewDataChanged } from '../review/reviewEvents';
import type { WorkspaceReviewStore } from '../review/workspaceStore';
import { ReportViewPanel } from './reportViewPanel';

/** The open report views, one per set, and the Markdown documents: what refreshReports reaches. */
const panels = new Map<string, ReportViewPanel>();
let documents: ReportDocuments | undefined;

/** The set's reviews, judgments or answers changed (undefined: any set): its open report views and documents show it. */
function refreshReports(set: string | undefined): void {
  for (const [name, panel] of panels) if (set === undefined || name === set) panel.refresh();
  if (set !== undefined) documents?.refresh(set);
}

export async function showReportViewCommand(arg: unknown, stores: WorkspaceReviewStore, extensionUri: vscode.Uri): Promise<ReportViewPanel | undefined> {
  const store = stores.get();
  if (!store) return undefined;
  const set = await pickSet(store, arg);
  if (!set) return undefined;
  let panel = panels.get(set);
  if (panel) {
    panel.reveal();
    panel.refresh();
    return panel;
  }
  panel = ReportViewPanel.create(set, stores, extensionUri, () => panels.delete(set));
  panels.set(set, panel);
  return panel;
}

export function registerReportView(context: vscode.ExtensionContext, stores: WorkspaceReviewStore, reportDocuments: ReportDocuments): void {
  documents = reportDocuments;
  context.subscriptions.push(
    vscode.commands.registerCommand('lexreview.showReport', (arg?: unknown) => showReportViewCommand(arg, stores, context.extensionUri)),
    vscode.commands.registerCommand('lexreview.showReportMarkdown', (arg?: unknown) => showReportCommand(arg, stores, reportDocuments)),
    onReviewDataChanged(refreshReports),
    { dispose: () => { [...panels.values()].forEach((p) => p.dispose()); panels.clear(); documents = undefined; } },
  );
}
