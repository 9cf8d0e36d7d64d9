// The custom document behind the dataset editor: the core DatasetModel plus what VS Code needs
// around it. The jobs are in their own modules — the edit stack and dirty count (editHistory.ts),
// the background index of a large file (largeFileIndex.ts), the file on disk and the backup files
// (diskFile.ts) — and this class puts them together: open, edit, save / save as, revert, backup,
// and what to do when the file changes on disk.
import * as vscode from 'vscode';
import { basename } from 'node:path';
import type { Fingerprint } from '../../core/dataset/document/baseRecords';
import { CancelledError } from '../../core/progress';
import { DATASET_EDITOR_VIEW_TYPE } from './viewType';
import type { DatasetModel, ModelBackup, ModelEdit } from '../../core/dataset/document/datasetModel';
import { columnsFor, type ColumnDef } from '../../core/dataset/document/recordPresentation';
import { detectLayout, layoutById, type Layout } from '../../core/dataset/layouts';
import type { JsonObject } from '../../core/dataset/types';
import { fingerprintOf, keepUnsaved, loadModel, readBackup, sameFingerprint, watchFile, writeBackup } from './diskFile';
import { EditHistory, type TypingSession } from './editHistory';
import { largeFileBytes, startIndexing, type IndexingState, type IndexRun } from './largeFileIndex';

export class DatasetDocument implements vscode.CustomDocument {
  private readonly changeContent = new vscode.EventEmitter<vscode.CustomDocumentEditEvent<DatasetDocument>>();
  /** For the provider: every edit, with its undo and redo. */
  readonly onDidChangeContent = this.changeContent.event;
  private readonly changed = new vscode.EventEmitter<{ reload: boolean }>();
  /** For the webviews: the records changed (reload: the file was read again; re-init). */
  readonly onDidChange = this.changed.event;
  private readonly changedOnDisk = new vscode.EventEmitter<void>();
  readonly onDidChangeOnDisk = this.changedOnDisk.event;
  private readonly indexed = new vscode.EventEmitter<IndexingState>();
  readonly onDidIndex = this.indexed.event;
  private watcher: vscode.Disposable | undefined;
  private disposed = false;
  private readonly edits: EditHistory<DatasetDocument>;
  /** What the file on disk looked like when we last read or wrote it. */
  private known: Fingerprint = { size: 0, mtimeMs: 0 };
  /** The save under way: edits wait for it (untilSavedAndReverted), so what VS Code records as saved is what was written. */
  private saving: Promise<void> | undefined;
  /** The revert under way: edits wait for it too. */
  private reverting: Promise<void> | undefined;
  /** The background index of a large file: the current run, cancelled by revert and by close. */
  private indexRun: IndexRun | undefined;
  /** A hot-exit backup waiting for a large file's index: kept as it is for any backup made meanwhile. */
  private pendingBackup: string | undefined;
  layout: Layout | undefined;
  columns: ColumnDef[] = [];
  /** The records, once `ready`. */
  model!: DatasetModel;
  /**
   * Resolves once the records can be shown: an ordinary file read and parsed, a large one's first
   * chunk indexed. Nothing else of the document is used before; rejects when the file cannot be read.
   */
  readonly ready: Promise<void>;

  /**
   * Opens the document at once and reads the file in the background (`ready`), so that VS Code
   * can start the editor's webview meanwhile: the two together take as long as the longer one.
   */
  private constructor(
    readonly uri: vscode.Uri,
    backupId: string | undefined,
  ) {
    this.edits = new EditHistory<DatasetDocument>(
      this,
      () => this.model,
      (e) => this.changeContent.fire(e),
      () => this.changed.fire({ reload: false }),
    );
    this.ready = this.load(backupId);
    this.ready.catch(() => undefined); // a failure is the panels' to show (they wait on ready)
  }

  static open(uri: vscode.Uri, backupId: string | undefined): DatasetDocument {
    return new DatasetDocument(uri, backupId);
  }

  private async load(backupId: string | undefined): Promise<void> {
    const fingerprint = await fingerprintOf(this.uri);
    const backup = backupId === undefined ? undefined : await readBackup(vscode.Uri.parse(backupId));
    if (this.uri.scheme === 'file' && fingerprint.size > largeFileBytes()) await this.openLarge(fingerprint, backup);
    else {
      this.setModel(await loadModel(this.uri));
      if (backup !== undefined) await this.restoreBackup(backup);
    }
    if (!this.disposed) this.watcher = watchFile(this.uri, () => void this.checkDisk());
  }

  private setModel(model: DatasetModel): void {
    this.model = model;
    this.known = model.base.fingerprint;
    [this.layout, this.columns] = this.describe();
  }

  /**
   * A large file opens as soon as its first chunk is indexed; the rest is indexed in the
   * background (progress in a cancellable notification and in the editor), the rows growing as
   * it goes. It is read-only until the index is complete; a cancelled index leaves it read-only.
   */
  private async openLarge(fingerprint: Fingerprint, backup: string | undefined): Promise<void> {
    const run = startIndexing(this.uri, fingerprint, () => this.growWhileIndexing(run));
    this.indexRun = run;
    this.setModel(await run.first);
    this.pendingBackup = backup;
    if (backup !== undefined) this.edits.restored();
    this.follow(run);
  }

  /** Reads a large file again in the background, like on opening; resolves with the first rows. */
  private async revertLarge(): Promise<void> {
    this.indexRun?.controller.abort();
    const fingerprint = await fingerprintOf(this.uri);
    const run = startIndexing(this.uri, fingerprint, () => this.growWhileIndexing(run));
    this.indexRun = run;
    const model = await run.first;
    if (run !== this.indexRun) return; // another revert started meanwhile
    this.model.base.close?.();
    this.model = model;
    this.known = fingerprint;
    this.follow(run);
    this.changed.fire({ reload: true });
  }

  /** Makes `run` the document's index and acts on how it ends. */
  private follow(run: IndexRun): void {
    this.indexRun = run;
    run.done.then(
      () => this.indexingDone(run),
      (e: unknown) => this.indexingStopped(run, e),
    );
  }

  /** Set while (or after) a large file is indexed in the background. */
  get indexing(): IndexingState | undefined {
    return this.indexRun?.state;
  }

  private async indexingDone(run: IndexRun): Promise<void> {
    if (run !== this.indexRun) return; // a revert started another run
    run.state.complete = true;
    this.growWhileIndexing(run);
    [this.layout, this.columns] = this.describe();
    const backup = this.pendingBackup;
    this.pendingBackup = undefined;
    if (backup !== undefined) await this.restoreBackup(backup);
    this.changed.fire({ reload: true });
  }

  private async indexingStopped(run: IndexRun, e: unknown): Promise<void> {
    if (run !== this.indexRun) return;
    run.state.cancelled = true;
    this.growWhileIndexing(run);
    if (!(e instanceof CancelledError)) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Indexing {0} failed: {1}', this.fileName, (e as Error).message));
    }
    const backup = this.pendingBackup;
    this.pendingBackup = undefined;
    if (backup !== undefined) await keepUnsaved(this.uri, backup, vscode.l10n.t('the file was not indexed completely'));
  }

  private growWhileIndexing(run: IndexRun): void {
    if (run !== this.indexRun) return;
    this.model.growWithBase();
    this.indexed.fire(run.state);
    this.changed.fire({ reload: false });
  }

  /** Whether there are unsaved changes: edits since the last save, or work restored from a backup. */
  get isDirty(): boolean {
    return this.edits.isDirty;
  }

  get fileName(): string {
    return basename(this.uri.fsPath);
  }

  /**
   * A file with unreadable records is shown but not edited: saving would lose those records.
   * Nor is a large file whose index is not complete.
   */
  get readonly(): boolean {
    return this.model.base.errors.length > 0 || (this.indexing !== undefined && !this.indexing.complete);
  }

  private describe(): [Layout | undefined, ColumnDef[]] {
    const sample = Array.from({ length: Math.min(1000, this.model.count) }, (_, i) => this.model.value(i));
    const id = detectLayout(sample).layout;
    const layout = id === undefined ? undefined : layoutById(id);
    return [layout, columnsFor(layout, sample.slice(0, 100))];
  }

  /** Refuses edits to a file that cannot be edited now. */
  private checkEditable(): void {
    if (this.readonly) {
      throw new Error(
        this.indexing && !this.indexing.complete
          ? vscode.l10n.t('{0} is still being indexed; it can be edited once that is done.', this.fileName)
          : vscode.l10n.t('This file has records that cannot be read; fix them in the text editor first.'),
      );
    }
  }

  /**
   * Edits wait for a save or a revert under way. VS Code takes as saved (or as the reverted state)
   * every edit it has heard of when the reply reaches it, so an edit made meanwhile must reach it
   * only after that reply: it is applied a moment after, never counted as saved without being
   * written, nor lost in the revert.
   */
  private async untilSavedAndReverted(): Promise<void> {
    if (!this.saving && !this.reverting) return;
    while (this.saving || this.reverting) await (this.saving ?? this.reverting)!.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  /** Applies an edit made in a webview and puts it on VS Code's undo stack. */
  async edit(make: (model: DatasetModel) => ModelEdit): Promise<void> {
    await this.untilSavedAndReverted();
    this.checkEditable();
    this.edits.push(make(this.model));
  }

  /** Text typed into a field, sent while the user types (see EditHistory.type). */
  async typeText(session: TypingSession, row: number, value: JsonObject, label: string): Promise<void> {
    await this.untilSavedAndReverted();
    this.checkEditable();
    this.edits.type(session, row, value, label);
  }

  /** Runs saves one at a time. */
  private async serialSave(save: () => Promise<void>): Promise<void> {
    await this.ready;
    while (this.saving) await this.saving.catch(() => undefined);
    const running = save();
    this.saving = running;
    try {
      await running;
    } finally {
      if (this.saving === running) this.saving = undefined;
    }
  }

  save(cancellation: vscode.CancellationToken): Promise<void> {
    return this.serialSave(async () => {
      const count = this.edits.startSave();
      const onDisk = await fingerprintOf(this.uri).catch(() => undefined);
      if (onDisk && !sameFingerprint(onDisk, this.known)) {
        const overwrite = vscode.l10n.t('Overwrite');
        const choice = await vscode.window.showWarningMessage(
          vscode.l10n.t('{0} changed on disk since it was opened. Overwrite it with your version?', this.fileName),
          { modal: true },
          overwrite,
        );
        if (choice !== overwrite) throw new Error(vscode.l10n.t('Not saved: {0} changed on disk.', this.fileName));
      }
      if (cancellation.isCancellationRequested) return;
      const written = await this.model.save(this.uri.fsPath);
      this.known = await fingerprintOf(this.uri);
      this.model.markSaved(this.known, written);
      this.edits.saved(count);
    });
  }

  saveAs(target: vscode.Uri): Promise<void> {
    return this.serialSave(async () => {
      await this.model.save(target.fsPath);
    });
  }

  /** Reads the file again, dropping unsaved changes; edits wait meanwhile (untilSavedAndReverted). */
  async revert(): Promise<void> {
    const running = this.readAgain();
    this.reverting = running;
    try {
      await running;
    } finally {
      if (this.reverting === running) this.reverting = undefined;
    }
  }

  private async readAgain(): Promise<void> {
    await this.ready;
    this.edits.reset();
    this.pendingBackup = undefined;
    if (this.indexing) {
      await this.revertLarge();
      return;
    }
    this.setModel(await loadModel(this.uri));
    this.changed.fire({ reload: true });
  }

  async backup(destination: vscode.Uri): Promise<vscode.CustomDocumentBackup> {
    await this.ready;
    // While a large file is indexed its model is partial: the backup it was opened from stands.
    return writeBackup(destination, this.pendingBackup ?? JSON.stringify(this.model.backup()));
  }

  private async restoreBackup(text: string): Promise<void> {
    try {
      this.model.restore(JSON.parse(text) as ModelBackup);
      this.edits.restored();
    } catch (e) {
      await keepUnsaved(this.uri, text, (e as Error).message);
    }
  }

  /** The file changed on disk: reload quietly when there is nothing to lose, else ask. */
  private async checkDisk(): Promise<void> {
    const now = await fingerprintOf(this.uri).catch(() => undefined);
    if (!now || sameFingerprint(now, this.known)) return;
    if (!this.isDirty) {
      await this.revert();
      return;
    }
    this.changedOnDisk.fire();
    const reload = vscode.l10n.t('Reload (discard my changes)');
    const keep = vscode.l10n.t('Keep my changes');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('{0} changed on disk, and you have unsaved changes.', this.fileName),
      reload,
      keep,
    );
    if (choice === reload) {
      // VS Code's revert acts on the active editor: make it this dataset's first.
      await vscode.commands.executeCommand('vscode.openWith', this.uri, DATASET_EDITOR_VIEW_TYPE);
      await vscode.commands.executeCommand('workbench.action.files.revert');
    }
  }

  dispose(): void {
    this.disposed = true;
    this.indexRun?.controller.abort();
    this.model?.base.close?.();
    this.watcher?.dispose();
    this.indexed.dispose();
    this.changeContent.dispose();
    this.changed.dispose();
    this.changedOnDisk.dispose();
  }
}
