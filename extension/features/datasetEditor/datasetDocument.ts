// The custom document behind the dataset editor: the core DatasetModel plus what VS Code needs
// around it — the edit stack, save / save as / revert / backup, and watching the file on disk.
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { MemoryRecords, type Fingerprint } from '../../core/dataset/document/baseRecords';
import { FileRecords } from '../../core/dataset/document/fileRecords';
import { CancelledError } from '../../core/progress';
import { DatasetModel, type ModelBackup, type ModelEdit } from '../../core/dataset/document/datasetModel';
import { columnsFor, type ColumnDef } from '../../core/dataset/document/recordPresentation';
import { detectLayout, layoutById, type Layout } from '../../core/dataset/layouts';

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
 * cancelled (CancelledError) or fails.
 */
function indexLargeFile(
  uri: vscode.Uri,
  fingerprint: Fingerprint,
  state: IndexingState,
  on: { first: (model: DatasetModel) => void; grow: () => void },
): Thenable<void> {
  return vscode.window.withProgress(
    { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Indexing {0}', basename(uri.fsPath)), cancellable: true },
    async (progress, token) => {
      const controller = new AbortController();
      token.onCancellationRequested(() => controller.abort());
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
  private readonly watcher: vscode.FileSystemWatcher;
  /** What the file on disk looked like when we last read or wrote it. */
  private known: Fingerprint;
  private dirty = false;
  layout: Layout | undefined;
  columns: ColumnDef[];
  /** Set while (or after) a large file is indexed in the background. */
  indexing: IndexingState | undefined;
  private readonly indexed = new vscode.EventEmitter<IndexingState>();
  readonly onDidIndex = this.indexed.event;

  private constructor(
    readonly uri: vscode.Uri,
    public model: DatasetModel,
  ) {
    this.known = model.base.fingerprint;
    [this.layout, this.columns] = this.describe();
    this.watcher = vscode.workspace.createFileSystemWatcher(
      new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), basename(uri.fsPath)),
    );
    this.watcher.onDidChange(() => void this.checkDisk());
    this.watcher.onDidCreate(() => void this.checkDisk());
  }

  static async open(uri: vscode.Uri, backupId: string | undefined): Promise<DatasetDocument> {
    const fingerprint = await fingerprintOf(uri);
    if (uri.scheme === 'file' && fingerprint.size > largeFileBytes()) return DatasetDocument.openLarge(uri, fingerprint, backupId);
    const doc = new DatasetDocument(uri, await loadModel(uri));
    if (backupId) await doc.restoreBackup(vscode.Uri.parse(backupId));
    return doc;
  }

  /**
   * A large file opens as soon as its first chunk is indexed; the rest is indexed in the
   * background (progress in a cancellable notification and in the editor), the rows growing as
   * it goes. It is read-only until the index is complete; a cancelled index leaves it read-only.
   */
  private static openLarge(uri: vscode.Uri, fingerprint: Fingerprint, backupId: string | undefined): Promise<DatasetDocument> {
    return new Promise((resolve, reject) => {
      let doc: DatasetDocument | undefined;
      const state = newIndexingState(fingerprint);
      indexLargeFile(uri, fingerprint, state, {
        first: (model) => {
          doc = new DatasetDocument(uri, model);
          doc.indexing = state;
          resolve(doc);
        },
        grow: () => doc?.growWhileIndexing(),
      }).then(
        () => doc!.indexingDone(backupId),
        (e: unknown) => (doc ? doc.indexingStopped(e) : reject(e)),
      );
    });
  }

  /** Reads a large file again in the background, like on opening; resolves with the first rows. */
  private async revertLarge(): Promise<void> {
    const fingerprint = await fingerprintOf(this.uri);
    const state = newIndexingState(fingerprint);
    await new Promise<void>((resolve, reject) => {
      let started = false;
      indexLargeFile(this.uri, fingerprint, state, {
        first: (model) => {
          started = true;
          this.model.base.close?.();
          this.model = model;
          this.indexing = state;
          this.known = fingerprint;
          this.changed.fire({ reload: true });
          resolve();
        },
        grow: () => this.growWhileIndexing(),
      }).then(
        () => this.indexingDone(undefined),
        (e: unknown) => (started ? this.indexingStopped(e) : reject(e)),
      );
    });
  }

  private async indexingDone(backupId: string | undefined): Promise<void> {
    this.indexing!.complete = true;
    this.growWhileIndexing();
    [this.layout, this.columns] = this.describe();
    if (backupId) await this.restoreBackup(vscode.Uri.parse(backupId));
    this.changed.fire({ reload: true });
  }

  private indexingStopped(e: unknown): void {
    this.indexing!.cancelled = true;
    this.growWhileIndexing();
    if (!(e instanceof CancelledError)) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Indexing {0} failed: {1}', this.fileName, (e as Error).message));
    }
  }

  private growWhileIndexing(): void {
    this.model.growWithBase();
    if (this.indexing) this.indexed.fire(this.indexing);
    this.changed.fire({ reload: false });
  }

  /** Whether there are unsaved changes (as far as this document knows: an undo back to the saved state still counts). */
  get isDirty(): boolean {
    return this.dirty;
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

  /** Applies an edit made in a webview and puts it on VS Code's undo stack. */
  edit(make: (model: DatasetModel) => ModelEdit): void {
    if (this.readonly) throw new Error(vscode.l10n.t('This file has records that cannot be read; fix them in the text editor first.'));
    const model = this.model;
    const edit = make(model);
    this.dirty = true;
    this.changed.fire({ reload: false });
    this.changeContent.fire({
      document: this,
      label: edit.label,
      undo: () => {
        model.undo(edit);
        this.changed.fire({ reload: false });
      },
      redo: () => {
        model.redo(edit);
        this.changed.fire({ reload: false });
      },
    });
  }

  async save(cancellation: vscode.CancellationToken): Promise<void> {
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
    await this.model.save(this.uri.fsPath);
    this.known = await fingerprintOf(this.uri);
    this.model.markSaved(this.known);
    this.dirty = false;
  }

  async saveAs(target: vscode.Uri): Promise<void> {
    await this.model.save(target.fsPath);
  }

  /** Reads the file again, dropping unsaved changes. */
  async revert(): Promise<void> {
    this.dirty = false;
    if (this.indexing) {
      await this.revertLarge();
      return;
    }
    this.model = await loadModel(this.uri);
    this.known = this.model.base.fingerprint;
    [this.layout, this.columns] = this.describe();
    this.changed.fire({ reload: true });
  }

  async backup(destination: vscode.Uri): Promise<vscode.CustomDocumentBackup> {
    await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(destination, '..'));
    await vscode.workspace.fs.writeFile(destination, Buffer.from(JSON.stringify(this.model.backup())));
    return {
      id: destination.toString(),
      delete: () => void vscode.workspace.fs.delete(destination).then(undefined, () => undefined),
    };
  }

  private async restoreBackup(backupUri: vscode.Uri): Promise<void> {
    const backup = JSON.parse(Buffer.from(await vscode.workspace.fs.readFile(backupUri)).toString('utf8')) as ModelBackup;
    try {
      this.model.restore(backup);
      this.dirty = true;
    } catch (e) {
      // Keep the unsaved work somewhere the user can find it rather than drop it.
      const kept = vscode.Uri.joinPath(this.uri, '..', `${this.fileName}.lexreview-unsaved-${Date.now()}.json`);
      await vscode.workspace.fs.writeFile(kept, Buffer.from(JSON.stringify(backup, null, 2)));
      void vscode.window.showWarningMessage(
        vscode.l10n.t('The unsaved changes of {0} could not be restored ({1}). They were kept in {2}.', this.fileName, (e as Error).message, kept.fsPath),
      );
    }
  }

  /** The file changed on disk: reload quietly when there is nothing to lose, else ask. */
  private async checkDisk(): Promise<void> {
    const now = await fingerprintOf(this.uri).catch(() => undefined);
    if (!now || (now.size === this.known.size && now.mtimeMs === this.known.mtimeMs)) return;
    if (!this.dirty) {
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
    if (choice === reload) await vscode.commands.executeCommand('workbench.action.files.revert');
  }

  dispose(): void {
    this.model.base.close?.();
    this.watcher.dispose();
    this.indexed.dispose();
    this.changeContent.dispose();
    this.changed.dispose();
    this.changedOnDisk.dispose();
  }
}
