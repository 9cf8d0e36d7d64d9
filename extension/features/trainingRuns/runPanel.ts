// One run panel: a webview in the editor area following one run through its tracker (which polls
// while the panel is open and the run goes on). Each poll's news is sent as an `update` with only
// the new points; a hidden panel's webview is not kept, and on return it asks `ready` and gets the
// whole curve again.
//
// The panel pattern for surviving a window reload (the review panel's, reviewPanel/, too): the
// webview keeps what names its subject with vscode.setState (here RunPanelState: host and run
// name); a WebviewPanelSerializer for the view type (registration.ts) gets it back and connects
// the restored panel through the same code as opening one, or disposes it when the subject is
// gone; package.json's `onWebviewPanel:<view type>` activation event lets VS Code restore it
// before anything else of LexReview is touched.
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

  /**
   * Follows the run in `panel` (one VS Code restored after a window reload), or in a new panel
   * when undefined: opening and restoring share everything but the creation.
   */
  static connect(panel: vscode.WebviewPanel | undefined, run: RunSummary, tracker: RunTracker, trackers: RunTrackers, extensionUri: vscode.Uri, cancel: () => Promise<boolean>, onClose: () => void): RunPanel {
    const options: vscode.WebviewPanelOptions & vscode.WebviewOptions = {
      enableScripts: true,
      retainContextWhenHidden: false,
      localResourceRoots: [vscode.Uri.joinPath(extensionUri, 'dist')],
    };
    if (panel) panel.webview.options = options;
    else panel = vscode.window.createWebviewPanel(RUN_PANEL_VIEW_TYPE, vscode.l10n.t('Run: {0}', run.name), vscode.ViewColumn.Active, options);
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
