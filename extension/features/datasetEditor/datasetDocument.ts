// The custom document behind the dataset editor: the core DatasetModel plus what VS Code needs
// around it — the edit stack, save / save as / revert / backup, and watching the file on disk.
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { MemoryRecords, type Fingerprint } from '../../core/dataset/document/baseRecords';
import { FileRecords } from '../../core/dataset/document/fileRecords';
import { CancelledError } from '../../core/progress';
import { DATASET_EDITOR_VIEW_TYPE } from './viewType';
import { DatasetModel, type ModelBackup, type ModelEdit } from '../../core/dataset/document/datasetModel';
import { columnsFor, type ColumnDef } from '../../core/dataset/document/recordPresentation';
import { detectLayout, layoutById, type Layout } from '../../core/dataset/layouts';
import type { JsonObject } from '../../core/dataset/types';

async function fingerprintOf(uri: vscode.Uri): Promise<Fingerprint> {
  const stat = await vscode.workspace.fs.stat(uri);
  return { size: stat.size, mtimeMs: stat.mtime };
}

/** Files above this size are indexed and read lazily instead of being parsed into memory. */
function largeFileBytes(): number {
  return vscode.workspace.getConfiguration('lexreview.datasetEditor').get<number>('largeFileMB', 100) * 2 ** 20;
}

/** An ordinary file: read and parsed whole, every record checked on opening. */
async function loadModel(uri: vscode.Uri): Promise<DatasetModel> {
  const fingerprint = await fingerprintOf(uri);
  const bytes = await vscode.workspace.fs.readFile(uri);
  return new DatasetModel(await MemoryRecords.load(uri.fsPath, bytes, fingerprint));
}

/** How far the index of a large file has got. */
export interface IndexingState {
  done: number;
  total: number;
  complete: boolean;
  cancelled: boolean;
}

function newIndexingState(fingerprint: Fingerprint): IndexingState {
  return { done: 0, total: fingerprint.size, complete: false, cancelled: false };
}

/**
 * Indexes a large file under a cancellable progress notification. `first` gets the model once
 * the first chunk is indexed (so the editor can show rows at once); `grow` is called a few times
 * a second as more rows arrive. Resolves when the index is complete; rejects when it is
 * cancelled (CancelledError: by the user, or by `signal` on revert and close) or fails.
 */
function indexLargeFile(
  uri: vscode.Uri,
  fingerprint: Fingerprint,
  state: IndexingState,
  signal: AbortSignal,
  on: { first: (model: DatasetModel) => void; grow: () => void },
): Thenable<void> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Indexing {0}', basename(uri.fsPath)), cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
      signal.addEventListener('abort', () => controller.abort());
      let shown = 0;
      let lastGrow = 0;
      let model: DatasetModel | undefined;
      const records = await FileRecords.open(uri.fsPath, fingerprint, {
        signal: controller.signal,
        onProgress: (done, total) => {
          state.done = done;
          const pct = Math.floor((done / (total ?? done)) * 100);
          if (pct > shown) progress.report({ increment: pct - shown, message: `${pct}%` });
          shown = pct;
        },
        onChunk: (base) => {
          if (!model) on.first((model = new DatasetModel(base)));
          else if (Date.now() - lastGrow > 250) {
            lastGrow = Date.now();
            on.grow();
          }
        },
      });
      if (!model) on.first(new DatasetModel(records));
    },
  );
}

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
  /** What the file on disk looked like when we last read or wrote it. */
  private known: Fingerprint = { size: 0, mtimeMs: 0 };
  private disposed = false;
  /**
   * Edits applied minus edits undone, and its value at the last save: the document is dirty when
   * they differ, as VS Code's own save point says (NaN: restored from a backup, dirty until saved).
   */
  private editCount = 0;
  private savedAt = 0;
  /** The save under way: edits wait for it (afterSave), so what VS Code records as saved is what was written. */
  private saving: Promise<void> | undefined;
  /** The revert under way: edits wait for it too. */
  private reverting: Promise<void> | undefined;
  /** The edit that a field's typing made, while later typing may extend it (typeText). */
  private typing: { owner: object; id: number; model: DatasetModel; ref: number } | undefined;
  /** The background index of a large file: the current run, cancelled by revert and by close. */
  private indexRun: AbortController | undefined;
  /** A hot-exit backup waiting for a large file's index: kept as it is for any backup made meanwhile. */
  private pendingBackup: string | undefined;
  layout: Layout | undefined;
  columns: ColumnDef[] = [];
  /** Set while (or after) a large file is indexed in the background. */
  indexing: IndexingState | undefined;
  /** The records, once `ready`. */
  model!: DatasetModel;
  /**
   * Resolves once the records can be shown: an ordinary file read and parsed, a large one's first
   * chunk indexed. Nothing else of the document is used before; rejects when the file cannot be read.
   */
  readonly ready: Promise<void>;
  private watcher: vscode.FileSystemWatcher | undefined;

  /**
   * Opens the document at once and reads the file in the background (`ready`), so that VS Code
   * can start the editor's webview meanwhile: the two together take as long as the longer one.
   */
  private constructor(
    readonly uri: vscode.Uri,
    backupId: string | undefined,
  ) {
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
    if (this.disposed) return;
    this.watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.joinPath(this.uri, '..'), basename(this.uri.fsPath)),
    );
    this.watcher.onDidChange(() => void this.checkDisk());
    this.watcher.onDidCreate(() => void this.checkDisk());
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
  private openLarge(fingerprint: Fingerprint, backup: string | undefined): Promise<void> {
    return new Promise((resolve, reject) => {
      let started = false;
      const run = new AbortController();
      this.indexRun = run;
      const state = newIndexingState(fingerprint);
      indexLargeFile(this.uri, fingerprint, state, run.signal, {
        first: (model) => {
          started = true;
          this.setModel(model);
          this.indexing = state;
          this.pendingBackup = backup;
          if (backup !== undefined) this.savedAt = Number.NaN;
          resolve();
        },
        grow: () => this.growWhileIndexing(run),
      }).then(
        () => this.indexingDone(run),
        (e: unknown) => (started ? this.indexingStopped(run, e) : reject(e)),
      );
    });
  }

  /** Reads a large file again in the background, like on opening; resolves with the first rows. */
  private async revertLarge(): Promise<void> {
    this.indexRun?.abort();
    const run = new AbortController();
    this.indexRun = run;
    const fingerprint = await fingerprintOf(this.uri);
    const state = newIndexingState(fingerprint);
    await new Promise<void>((resolve, reject) => {
      let started = false;
      indexLargeFile(this.uri, fingerprint, state, run.signal, {
        first: (model) => {
          started = true;
          if (run !== this.indexRun) return;
          this.model.base.close?.();
          this.model = model;
          this.indexing = state;
          this.known = fingerprint;
          this.changed.fire({ reload: true });
          resolve();
        },
        grow: () => this.growWhileIndexing(run),
      }).then(
        () => this.indexingDone(run),
        (e: unknown) => (started ? this.indexingStopped(run, e) : reject(e)),
      );
    });
  }

  private async indexingDone(run: AbortController): Promise<void> {
    if (run !== this.indexRun) return; // a revert started another run
    this.indexing!.complete = true;
    this.growWhileIndexing(run);
    [this.layout, this.columns] = this.describe();
    const backup = this.pendingBackup;
    this.pendingBackup = undefined;
    if (backup !== undefined) await this.restoreBackup(backup);
    this.changed.fire({ reload: true });
  }

  private async indexingStopped(run: AbortController, e: unknown): Promise<void> {
    if (run !== this.indexRun) return;
    this.indexing!.cancelled = true;
    this.growWhileIndexing(run);
    if (!(e instanceof CancelledError)) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Indexing {0} failed: {1}', this.fileName, (e as Error).message));
    }
    const backup = this.pendingBackup;
    this.pendingBackup = undefined;
    if (backup !== undefined) await this.keepUnsaved(backup, vscode.l10n.t('the file was not indexed completely'));
  }

  private growWhileIndexing(run: AbortController): void {
    if (run !== this.indexRun) return;
    this.model.growWithBase();
    if (this.indexing) this.indexed.fire(this.indexing);
    this.changed.fire({ reload: false });
  }

  /** Whether there are unsaved changes: edits since the last save, or work restored from a backup. */
  get isDirty(): boolean {
    return this.editCount !== this.savedAt;
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
  private async afterSave(): Promise<void> {
    if (!this.saving && !this.reverting) return;
    while (this.saving || this.reverting) await (this.saving ?? this.reverting)!.catch(() => undefined);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }

  /** Applies an edit made in a webview and puts it on VS Code's undo stack. */
  async edit(make: (model: DatasetModel) => ModelEdit): Promise<void> {
    await this.afterSave();
    this.checkEditable();
    this.typing = undefined;
    this.push(make(this.model));
  }

  /**
   * Text typed into a field, sent while the user types. The first text of a typing session is an
   * edit of its own (so the tab is dirty from the first keystroke); later texts of the same session
   * extend that edit while nothing else happened in between (no other edit, undo, redo, save or
   * revert), so one Ctrl+Z takes back the whole typing and nothing older.
   */
  async typeText(session: { owner: object; id: number }, row: number, value: JsonObject, label: string): Promise<void> {
    await this.afterSave();
    this.checkEditable();
    const t = this.typing;
    if (t && t.owner === session.owner && t.id === session.id && t.model === this.model && this.model.identity(row) === t.ref) {
      this.model.amend(row, value);
      this.changed.fire({ reload: false });
      return;
    }
    this.push(this.model.setRecord(row, value, label));
    this.typing = { ...session, model: this.model, ref: this.model.identity(row) };
  }

  private push(edit: ModelEdit): void {
    const model = this.model;
    this.editCount++;
    this.changed.fire({ reload: false });
    // Undo and redo act on the model they were made on; after a revert replaced it they do nothing.
    this.changeContent.fire({
      document: this,
      label: edit.label,
      undo: () => {
        this.typing = undefined;
        if (model !== this.model) return;
        model.undo(edit);
        this.editCount--;
        this.changed.fire({ reload: false });
      },
      redo: () => {
        this.typing = undefined;
        if (model !== this.model) return;
        model.redo(edit);
        this.editCount++;
        this.changed.fire({ reload: false });
      },
    });
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
      this.typing = undefined; // typing after the save is a new edit: the saved one stays as written
      const onDisk = await fingerprintOf(this.uri).catch(() => undefined);
      if (onDisk && (onDisk.size !== this.known.size || onDisk.mtimeMs !== this.known.mtimeMs)) {
        const overwrite = vscode.l10n.t('Overwrite');
        const choice = await vscode.window.showWarningMessage(
          vscode.l10n.t('{0} changed on disk since it was opened. Overwrite it with your version?', this.fileName),
          { modal: true },
          overwrite,
        );
        if (choice !== overwrite) throw new Error(vscode.l10n.t('Not saved: {0} changed on disk.', this.fileName));
      }
      if (cancellation.isCancellationRequested) return;
      const count = this.editCount;
      const written = await this.model.save(this.uri.fsPath);
      this.known = await fingerprintOf(this.uri);
      this.model.markSaved(this.known, written);
      this.savedAt = count;
    });
  }

  saveAs(target: vscode.Uri): Promise<void> {
    return this.serialSave(async () => {
      await this.model.save(target.fsPath);
    });
  }

  /** Reads the file again, dropping unsaved changes; edits wait meanwhile (afterSave). */
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
    this.typing = undefined;
    this.editCount = 0;
    this.savedAt = 0;
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
    const text = this.pendingBackup ?? JSON.stringify(this.model.backup());
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(destination, '..'));
    await vscode.workspace.fs.writeFile(destination, Buffer.from(text));
    return {
      id: destination.toString(),
      delete: () => void vscode.workspace.fs.delete(destination).then(undefined, () => undefined),
    };
  }

  private async restoreBackup(text: string): Promise<void> {
    try {
      this.model.restore(JSON.parse(text) as ModelBackup);
      this.savedAt = Number.NaN;
    } catch (e) {
      await this.keepUnsaved(text, (e as Error).message);
    }
  }

  /** Keeps unsaved work that cannot be applied somewhere the user can find it, rather than drop it. */
  private async keepUnsaved(backup: string, reason: string): Promise<void> {
    const kept = vscode.Uri.joinPath(this.uri, '..', `${this.fileName}.lexreview-unsaved-${Date.now()}.json`);
    await vscode.workspace.fs.writeFile(kept, Buffer.from(backup));
    void vscode.window.showWarningMessage(
      vscode.l10n.t('The unsaved changes of {0} could not be restored ({1}). They were kept in {2}.', this.fileName, reason, kept.fsPath),
    );
  }

  /** The file changed on disk: reload quietly when there is nothing to lose, else ask. */
  private async checkDisk(): Promise<void> {
    const now = await fingerprintOf(this.uri).catch(() => undefined);
    if (!now || (now.size === this.known.size && now.mtimeMs === this.known.mtimeMs)) return;
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
    this.indexRun?.abort();
    this.model?.base.close?.();
    this.watcher?.dispose();
    this.indexed.dispose();
    this.changeContent.dispose();
    this.changed.dispose();
    this.changedOnDisk.dispose();
  }
}

async function readBackup(uri: vscode.Uri): Promise<string> {
  return Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
}
