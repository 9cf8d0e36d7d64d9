// One run panel: a webview in the editor area following one run through its tracker (which polls
// while the panel is open and the run goes on). Each poll's news is sent as an `update` with only
// the new points; a hidden panel's webview is not kept, and on return it asks `ready` and gets the
// whole curve again.
import * as vscode from 'vscode';
import { answer, event } from '../../../shared/rpc';
import type { Events } from '../../../shared/runPanel/protocol';
import type { RunSummary } from '../../remote/runControl';
import { webviewHtml } from '../datasetEditor/webviewHtml';
import { panelHandlers, runUpdate } from './panelRequests';
import type { RunTracker, RunTrackers } from './runTracker';

export const RUN_PANEL_VIEW_TYPE = 'lexreview.runPanel';

export class RunPanel implements vscode.Disposable {
  private readonly disposables: vscode.Disposable[] = [];
  /** Points the webview has; undefined until it asked `ready` (events before that would be lost). */
  private sent: number | undefined;

  private constructor(
    private readonly panel: vscode.WebviewPanel,
    private readonly run: RunSummary,
    private readonly tracker: RunTracker,
    trackers: RunTrackers,
    extensionUri: vscode.Uri,
    cancel: () => Promise<boolean>,
    onClose: () => void,
  ) {
    const webview = panel.webview;
    webview.html = webviewHtml(webview, extensionUri, 'runPanel', 'run-panel');
    const handlers = panelHandlers(run, tracker, cancel, (n) => (this.sent = n));
    this.disposables.push(
      tracker.hold(),
      webview.onDidReceiveMessage((message: unknown) => void answer(webview, handlers, message)),
      trackers.onDidUpdate((t) => {
        if (t === tracker) this.send();
      }),
      panel.onDidChangeViewState(() => {
        // A hidden webview is torn down: it asks `ready` again when shown.
        if (!panel.visible) this.sent = undefined;
      }),
      panel.onDidDispose(() => {
        onClose();
        this.dispose();
      }),
    );
  }

  static create(run: RunSummary, tracker: RunTracker, trackers: RunTrackers, extensionUri: vscode.Uri, cancel: () => Promise<boolean>, onClose: () => void): RunPanel {
    const panel = vscode.window.createWebviewPanel(RUN_PANEL_VIEW_TYPE, vscode.l10n.t('Run: {0}', run.name), vscode.ViewColumn.Active, {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')],
    });
    return new RunPanel(panel, run, tracker, trackers, extensionUri, cancel, onClose);
  }

  reveal(): void {
    this.panel.reveal();
  }

  /** Asks the tracker for a poll now (after a cancel: the panel shows the end at once). */
  pollNow(): Promise<void> {
    return this.tracker.pollNow();
  }

  private send(): void {
    if (this.sent === undefined || !this.panel.visible) return;
    const update = runUpdate(this.run, this.tracker, this.sent);
    if (!update) return;
    this.sent = this.tracker.latest?.points.length ?? this.sent;
    void this.panel.webview.postMessage(event<Events, 'update'>('update', update));
  }

  dispose(): void {
    this.disposables.splice(0).forEach((d) => d.dispose());
  }
}
