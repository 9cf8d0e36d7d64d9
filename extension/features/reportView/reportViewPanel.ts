// One report view: a webview panel in the editor area showing one evaluation set's report. It
// sends the report again when told the store changed (refresh) while visible, and whenever it
// becomes visible again (it closes instead once its set is deleted); a hidden panel computes
// nothing while reviews are saved (its webview is not kept when hidden: on return it asks `ready`
// and gets the report as the store holds it then).
import * as vscode from 'vscode';
import { answer, event } from '../../../shared/rpc';
import type { Events, ReportState } from '../../../shared/reportView/protocol';
import { UnknownSetError } from '../../store/setQueries';
import { webviewHtml } from '../datasetEditor/webviewHtml';
import type { WorkspaceReviewStore } from '../review/workspaceStore';
import { panelHandlers, reportState } from './panelRequests';

export const REPORT_VIEW_TYPE = 'lexreview.reportView';

export class ReportViewPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** The webview has asked `ready`: before that, an event would be lost (its first answer carries the report anyway). */
  private started = false;

  constructor(
    readonly set: string,
    private readonly panel: vscode.WebviewPanel,
    private readonly stores: WorkspaceReviewStore,
    extensionUri: vscode.Uri,
    onClose: () => void,
  ) {
    const webview = panel.webview;
    webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')] };
    webview.html = webviewHtml(webview, extensionUri, 'reportView', 'report-view');
    const handlers = panelHandlers(stores, set);
    this.disposables.push(
      webview.onDidReceiveMessage((message: unknown) => {
        if ((message as { method?: string })?.method === 'ready') this.started = true;
        void answer(webview, handlers, message);
      }),
      panel.onDidChangeViewState(() => {
        // The store may have changed by other means (the CLI, another window): read it again on every return.
        if (panel.visible) this.send();
      }),
      panel.onDidDispose(() => {
        onClose();
        this.dispose();
      }),
    );
  }

  static create(set: string, stores: WorkspaceReviewStore, extensionUri: vscode.Uri, onClose: () => void): ReportViewPanel {
    const panel = vscode.window.createWebviewPanel(REPORT_VIEW_TYPE, vscode.l10n.t('Report: {0}', set), vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')],
    });
    return new ReportViewPanel(set, panel, stores, extensionUri, onClose);
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** The set's reviews, judgments or answers changed. */
  refresh(): void {
    if (this.panel.visible) this.send();
  }

  /** A send is scheduled: the calls until it runs share it. */
  private scheduled = false;

  /**
   * Sends the report on the next turn of the event loop, once for all the refreshes asked until
   * then: a report of 1,000 questions × 4 models takes a few hundred milliseconds to compute, and a
   * burst of saved reviews (or a refresh and a visibility change together) needs only the last.
   */
  private send(): void {
    if (!this.started || this.scheduled) return;
    this.scheduled = true;
    setImmediate(() => {
      this.scheduled = false;
      if (this.disposed || !this.panel.visible) return;
      let state: ReportState;
      try {
        state = reportState(this.stores, this.set);
      } catch (e) {
        // The set was deleted (Delete Evaluation Set…): its report closes, as a review panel's does.
        if (!(e instanceof UnknownSetError)) throw e;
        this.panel.dispose();
        return;
      }
      void this.panel.webview.postMessage(event<Events, 'report'>('report', state));
    });
  }

  private disposed = false;

  dispose(): void {
    this.disposed = true;
    this.disposables.splice(0).forEach((d) => d.dispose());
  }
}
