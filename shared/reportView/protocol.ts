// The report view's message protocol, imported by the host (extension/features/reportView) and by
// the webview (webview/reportView), which import nothing of each other. The report is computed on
// the host (buildReport over the store's snapshot) and sent whole, as the JSON contract of issue 13:
// the webview only lays it out. Types only.
import type { Report } from '../../extension/core/review/report';

export type { Report };

export type ExportFormat = 'markdown' | 'csv' | 'json';

/** The set's report, or why there is none (no baseline, no judgments, the store cannot be opened). */
export type ReportState = { set: string; report: Report; error?: undefined } | { set: string; report?: undefined; error: string };

export interface InitData {
  state: ReportState;
  /** vscode.l10n.bundle: undefined in English. */
  l10n: Record<string, string> | undefined;
}

export interface ExportResult {
  /** The file written; undefined when the user cancelled the save dialog. */
  path?: string;
}

/** Requests of the webview: method → [params, result]. `ready` first. */
export type Requests = {
  ready: [undefined, InitData];
  export: [{ format: ExportFormat }, ExportResult];
};

/** Events from the host. */
export type Events = {
  /** The report again: a review was saved, the panel became visible again. */
  report: ReportState;
};
