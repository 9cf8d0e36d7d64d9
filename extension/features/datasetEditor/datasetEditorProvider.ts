// The "LexReview Dataset" custom editor: one DatasetDocument per file, any number of panels on
// it, each talking to the host through the typed protocol of shared/datasetEditor/protocol.ts.
import * as vscode from 'vscode';
import { answer, event } from '../../../shared/rpc';
import type { EditorCommand, Events } from '../../../shared/datasetEditor/protocol';
import { DatasetDocument } from './datasetDocument';
import { PanelRequests } from './panelRequests';
import type { EvaluationQuestions } from './evaluationQuestions';
import { webviewHtml } from './webviewHtml';
import { DATASET_EDITOR_VIEW_TYPE } from './viewType';

export class DatasetEditorProvider implements vscode.CustomEditorProvider<DatasetDocument> {
  static readonly viewType = DATASET_EDITOR_VIEW_TYPE;

  private readonly changed = new vscode.EventEmitter<vscode.CustomDocumentEditEvent<DatasetDocument>>();
  readonly onDidChangeCustomDocument = this.changed.event;

  /** The panel that has the focus, for palette commands; undefined when none does. */
  private active: ((command: EditorCommand) => void) | undefined;

  constructor(
    private readonly extensionUri: vscode.Uri,
    private readonly questions?: EvaluationQuestions,
  ) {}

  /** Passes a palette command to the focused dataset editor; false when there is none. */
  sendToActive(command: EditorCommand): boolean {
    this.active?.(command);
    return this.active !== undefined;
  }

  /**
   * Returns the document at once, reading the file in the background: VS Code starts the editor's
   * webview meanwhile (resolveCustomEditor), and the panel waits for the records (doc.ready).
   */
  openCustomDocument(uri: vscode.Uri, context: vscode.CustomDocumentOpenContext): DatasetDocument {
    const doc = DatasetDocument.open(uri, context.backupId);
    void vscode.window.withProgress(
      { location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Opening {0}', uri.path.split('/').pop() ?? '') },
      () => doc.ready.catch(() => undefined),
    );
    doc.onDidChangeContent((e) => this.changed.fire(e));
    return doc;
  }

  /**
   * Sets the webview's HTML and returns: VS Code shows the webview only once this has resolved, so
   * it does not wait for the records; the panel is wired to the document when they are read.
   */
  resolveCustomEditor(doc: DatasetDocument, panel: vscode.WebviewPanel): void {
    const webview = panel.webview;
    webview.options = { enableScripts: true, localResourceRoots: [vscode.Uri.joinPath(this.extensionUri, 'dist')] };
    webview.html = webviewHtml(webview, this.extensionUri, 'datasetEditor', 'dataset-editor');
    // The webview's first messages (its `ready`) wait for the records, in order.
    const early: unknown[] = [];
    const listening = webview.onDidReceiveMessage((message: unknown) => early.push(message));
    let closed = false;
    const closing = panel.onDidDispose(() => (closed = true));
    doc.ready.then(
      () => {
        listening.dispose();
        closing.dispose();
        if (!closed) this.connect(doc, panel, early);
      },
      (e: unknown) => {
        listening.dispose();
        closing.dispose();
        if (closed) return;
        void vscode.window.showErrorMessage(vscode.l10n.t('{0} cannot be opened: {1}', doc.fileName, (e as Error).message));
        panel.dispose();
      },
    );
  }

  /** Answers the panel's requests and passes the document's events on; `early` are the messages that came first. */
  private connect(doc: DatasetDocument, panel: vscode.WebviewPanel, early: unknown[]): void {
    const webview = panel.webview;
    const post = <K extends keyof Events>(name: K, payload: Events[K]) => void webview.postMessage(event<Events, K>(name, payload));
    const requests = new PanelRequests(doc, post, this.questions);
    this.panelsOf(doc).add(requests);
    const subscriptions = [
      webview.onDidReceiveMessage((message: unknown) => answer(webview, requests.handlers, message)),
      doc.onDidChange(({ reload }) => {
        requests.invalidate();
        if (reload) post('init', requests.init());
        else post('changed', { count: doc.model.count });
      }),
      doc.onDidChangeOnDisk(() => post('externalChange', { dirty: true })),
      doc.onDidIndex((state) => post('indexing', { ...state })),
    ];
    const send = (command: EditorCommand) => post('command', command);
    const track = () => {
      if (panel.active) this.active = send;
      else if (this.active === send) this.active = undefined;
    };
    track();
    subscriptions.push(panel.onDidChangeViewState(track));
    panel.onDidDispose(() => {
      if (this.active === send) this.active = undefined;
      requests.dispose();
      this.panelsOf(doc).delete(requests);
      subscriptions.forEach((s) => s.dispose());
    });
    for (const message of early) void answer(webview, requests.handlers, message);
  }

  /** The panels open on each document. */
  private readonly panels = new WeakMap<DatasetDocument, Set<PanelRequests>>();

  private panelsOf(doc: DatasetDocument): Set<PanelRequests> {
    let set = this.panels.get(doc);
    if (!set) this.panels.set(doc, (set = new Set()));
    return set;
  }

  /**
   * Typing still in a field's way to the host is part of what the user saves: the panels send it
   * first. (VS Code counts every edit it has heard of by the end of the save as saved.)
   */
  private async flushPanels(doc: DatasetDocument): Promise<void> {
    await Promise.all([...this.panelsOf(doc)].map((p) => p.flush()));
  }

  saveCustomDocument(doc: DatasetDocument, cancellation: vscode.CancellationToken): Promise<void> {
    return this.withSaveProgress(doc, async () => {
      await this.flushPanels(doc);
      await doc.save(cancellation);
    });
  }

  saveCustomDocumentAs(doc: DatasetDocument, target: vscode.Uri): Promise<void> {
    return this.withSaveProgress(doc, async () => {
      await this.flushPanels(doc);
      await doc.saveAs(target);
    });
  }

  revertCustomDocument(doc: DatasetDocument): Promise<void> {
    return doc.revert();
  }

  backupCustomDocument(doc: DatasetDocument, context: vscode.CustomDocumentBackupContext): Promise<vscode.CustomDocumentBackup> {
    return doc.backup(context.destination);
  }

  private withSaveProgress(doc: DatasetDocument, save: () => Promise<void>): Promise<void> {
    return Promise.resolve(
      vscode.window.withProgress({ location: vscode.ProgressLocation.Window, title: vscode.l10n.t('Saving {0}', doc.fileName) }, save),
    );
  }
}
