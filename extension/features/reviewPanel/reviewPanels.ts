// The review panels: one webview panel in the editor area per evaluation set (opening the set
// again reveals it), each talking to the host through shared/reviewPanel/protocol.ts, and
// reopened on the same set after a window reload.
import type { ReviewDataSignal } from '../review/reviewEvents';
import * as vscode from 'vscode';
import { answer, event } from '../../../shared/rpc';
import type { Events, PanelState } from '../../../shared/reviewPanel/protocol';
import type { ReviewStore } from '../../store/reviewStore';
import { webviewHtml } from '../datasetEditor/webviewHtml';
import { ReviewPanelRequests } from './panelRequests';

export const REVIEW_PANEL_VIEW_TYPE = 'lexreview.reviewPanel';

export class ReviewPanels implements vscode.Disposable {
  private readonly panels = new Map<string, vscode.WebviewPanel>();
  private readonly requests = new Map<string, ReviewPanelRequests>();

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly store: () => ReviewStore | undefined,
    /** Fired with the set's name after every change a panel saves; panels of the set read the store again on it. */
    private readonly changed: ReviewDataSignal,
  ) {}

  /** Shows the set's panel, opening it when there is none. */
  open(set: string, baseline: string, reviewer: string): vscode.WebviewPanel {
    const existing = this.panels.get(set);
    if (existing) {
      existing.reveal();
      return existing;
    }
    const panel = vscode.window.createWebviewPanel(REVIEW_PANEL_VIEW_TYPE, vscode.l10n.t('Review: {0}', set), vscode.ViewColumn.Active, this.options());
    this.connect(panel, set, baseline, reviewer);
    return panel;
  }

  private options(): vscode.WebviewPanelOptions & vscode.WebviewOptions {
    return {
      enableScripts: true,
      // The reviewer's place, the open fold and the note being typed survive a tab switch.
      retainContextWhenHidden: true,
      localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist')],
    };
  }

  /** A panel VS Code restored after a window reload, with the state its webview kept; false when its set is gone. */
  restore(panel: vscode.WebviewPanel, state: unknown, reviewer: string): boolean {
    const s = state as Partial<PanelState> | undefined;
    const store = this.store();
    if (typeof s?.set !== 'string' || typeof s.baseline !== 'string' || this.panels.has(s.set) || !store?.listSets().some((x) => x.name === s.set)) return false;
    panel.webview.options = this.options();
    this.connect(panel, s.set, s.baseline, reviewer);
    return true;
  }

  private connect(panel: vscode.WebviewPanel, set: string, baseline: string, reviewer: string): void {
    const webview = panel.webview;
    const post = <K extends keyof Events>(name: K, payload: Events[K]) => void webview.postMessage(event<Events, K>(name, payload));
    const requests = new ReviewPanelRequests({ set, baseline, reviewer, store: this.store, changed: (s) => this.changed.fire(s), t: vscode.l10n.t, bundle: vscode.l10n.bundle }, post);
    const subscriptions = [
      webview.onDidReceiveMessage((message: unknown) => answer(webview, requests.handlers, message)),
      this.changed.event((s) => {
        if (s !== undefined && s !== set) return;
        // Any set may have changed (a set was deleted): a panel whose set is gone closes, as it does on restore.
        const sets = s === undefined ? this.store()?.listSets() : undefined;
        if (sets && !sets.some((x) => x.name === set)) panel.dispose();
        else requests.invalidate();
      }),
      // Back in view: what the CLI or a judge run wrote meanwhile shows.
      panel.onDidChangeViewState(() => panel.visible && requests.invalidate()),
    ];
    panel.onDidDispose(() => {
      this.panels.delete(set);
      this.requests.delete(set);
      subscriptions.forEach((s) => s.dispose());
    });
    webview.html = webviewHtml(webview, this.extensionUri, 'reviewPanel', 'review-panel');
    this.panels.set(set, panel);
    this.requests.set(set, requests);
  }

  /** The reviewer setting changed: every open panel goes on as `reviewer`. */
  useReviewer(reviewer: string): void {
    for (const requests of this.requests.values()) requests.useReviewer(reviewer);
  }

  dispose(): void {
    for (const panel of [...this.panels.values()]) panel.dispose();
  }
}
