// "LexReview: Show Report" opens the set's report as a read-only Markdown document (the same text
// as `lexreview report`, made afresh each time it is opened, so it is never a dirty editor to
// save); "Export Report…" writes it as Markdown, CSV or JSON.
import * as vscode from 'vscode';
import { writeFile } from 'node:fs/promises';
import { buildReport, type Report } from '../../core/review/report';
import { formatReportCsv, formatReportMarkdown } from '../../core/review/reportFormat';
import { ReviewInputError } from '../../core/review/scoring';
import { pickSet } from './pickSet';
import type { ReviewStore } from '../../store/reviewStore';
import type { WorkspaceReviewStore } from './workspaceStore';

/** The report, or undefined after saying why there is none (no baseline to be found …). */
export function report(store: ReviewStore, set: string) {
  try {
    return buildReport(store.snapshot(set));
  } catch (e) {
    if (!(e instanceof ReviewInputError)) throw e;
    void vscode.window.showErrorMessage(e.message);
    return undefined;
  }
}

export const REPORT_SCHEME = 'lexreview-report';

/** The documents `lexreview-report:/SET.md`: the report of SET, in the UI's language. */
export class ReportDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;

  constructor(private readonly stores: WorkspaceReviewStore) {}

  /** Makes an open report document read the store again. */
  refresh(set: string): void {
    this.changed.fire(ReportDocuments.uri(set));
  }

  dispose(): void {
    this.changed.dispose();
  }

  static uri(set: string): vscode.Uri {
    return vscode.Uri.from({ scheme: REPORT_SCHEME, path: `/${set}.md` });
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const set = uri.path.replace(/^\//, '').replace(/\.md$/, '');
    const store = this.stores.get();
    if (!store) return vscode.l10n.t('The review database cannot be opened.');
    try {
      return formatReportMarkdown(buildReport(store.snapshot(set)), vscode.l10n.t);
    } catch (e) {
      if (e instanceof ReviewInputError) return e.message;
      throw e;
    }
  }
}

export async function showReportCommand(arg: unknown, stores: WorkspaceReviewStore, documents: ReportDocuments): Promise<vscode.TextDocument | undefined> {
  const store = stores.get();
  if (!store) return undefined;
  const set = await pickSet(store, arg);
  if (!set) return undefined;
  documents.refresh(set);
  const doc = await vscode.workspace.openTextDocument(ReportDocuments.uri(set));
  await vscode.languages.setTextDocumentLanguage(doc, 'markdown');
  await vscode.window.showTextDocument(doc, { preview: false });
  return doc;
}

export async function exportReportCommand(arg: unknown, stores: WorkspaceReviewStore): Promise<void> {
  const store = stores.get();
  if (!store) return;
  const set = await pickSet(store, arg);
  if (!set) return;
  const r = report(store, set);
  if (!r) return;
  await exportReport(r);
}

export type ReportFormat = 'markdown' | 'csv' | 'json';

const EXTENSIONS: Record<ReportFormat, string> = { markdown: 'md', csv: 'csv', json: 'json' };
const FILTERS: Record<ReportFormat, string> = { markdown: 'Markdown', csv: 'CSV', json: 'JSON' };

/** The report as a file's text: JSON is the report itself (the JSON contract), Markdown in the UI's language. */
export function reportText(r: Report, format: ReportFormat): string {
  return format === 'json' ? JSON.stringify(r, null, 2) + '\n' : format === 'csv' ? formatReportCsv(r) : formatReportMarkdown(r, vscode.l10n.t);
}

/**
 * Asks where to write the report and writes it. `format` given (the report view's buttons): that
 * format only; else any of them, chosen by the file's extension. Returns the file written, if any.
 */
export async function exportReport(r: Report, format?: ReportFormat): Promise<string | undefined> {
  const folder = vscode.workspace.workspaceFolders?.[0]?.uri;
  const formats: ReportFormat[] = format ? [format] : ['markdown', 'csv', 'json'];
  const target = await vscode.window.showSaveDialog({
    defaultUri: folder ? vscode.Uri.joinPath(folder, `${r.set}-report.${EXTENSIONS[formats[0]]}`) : undefined,
    filters: Object.fromEntries(formats.map((f) => [FILTERS[f], [EXTENSIONS[f]]])),
    title: vscode.l10n.t('Export the report of {0}', r.set),
  });
  if (!target) return undefined;
  const ext = target.path.split('.').pop()?.toLowerCase();
  const chosen = format ?? (ext === 'json' ? 'json' : ext === 'csv' ? 'csv' : 'markdown');
  await writeFile(target.fsPath, reportText(r, chosen));
  void vscode.window.showInformationMessage(vscode.l10n.t('Report of {0} written to {1}', r.set, target.fsPath));
  return target.fsPath;
}
