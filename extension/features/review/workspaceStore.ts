// The workspace's review store (.lexreview/review.db, setting lexreview.review.database): opened
// on first use and kept open (better-sqlite3 is synchronous and cheap to hold), closed when the
// setting changes or the extension stops. The CLI may use the same file at the same time (WAL):
// when another process commits to it (`lexreview import` or `judge` in a terminal), the file
// watcher below sees the file change and SQLite's data_version says the commit was not ours, and
// the one review-data signal tells every view.
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { basename, dirname, isAbsolute, join } from 'node:path';
import { reviewDataChanged } from './reviewEvents';
import { checkNativeSqlite, type NativeCheck } from '../../store/nativeCheck';
import { ReviewDatabaseError } from '../../store/database';
import { ReviewStore } from '../../store/reviewStore';

const SETTING = 'lexreview.review.database';

export class WorkspaceReviewStore implements vscode.Disposable {
  private store: ReviewStore | undefined;
  private readonly watch: vscode.Disposable;
  private fileWatch: vscode.Disposable | undefined;
  private settle: ReturnType<typeof setTimeout> | undefined;
  /** The open store's data_version when last looked at: it moves on with other connections' commits only. */
  private dataVersion: number | undefined;

  /** Checks at once that SQLite's native addon loads, and says plainly why when it does not. */
  constructor(private readonly output: vscode.OutputChannel) {
    this.native = checkNativeSqlite();
    if (!this.native.ok) {
      output.appendLine(this.native.message);
      void vscode.window.showErrorMessage(this.native.message);
    }
    this.watch = vscode.workspace.onDidChangeConfiguration((e) => {
      if (!e.affectsConfiguration(SETTING)) return;
      this.close();
      this.watchFile();
      reviewDataChanged(undefined); // another file: every view shows its sets
    });
    this.watchFile();
  }

  /** Follows the database file and its journals, wherever the setting puts them. */
  private watchFile(): void {
    this.fileWatch?.dispose();
    const path = this.path();
    if (!path) return;
    const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.file(dirname(path)), `${basename(path)}*`));
    const changed = () => {
      // A commit touches the WAL several times, and `lexreview judge` commits many times a second:
      // one look half a second after the first change, whatever follows it meanwhile.
      if (this.settle) return;
      this.settle = setTimeout(() => {
        this.settle = undefined;
        this.changedOnDisk();
      }, 500);
    };
    this.fileWatch = vscode.Disposable.from(watcher, watcher.onDidCreate(changed), watcher.onDidChange(changed), watcher.onDidDelete(changed));
  }

  private changedOnDisk(): void {
    if (!this.store) {
      reviewDataChanged(undefined); // created (or replaced) by someone else: the views open it
      return;
    }
    let version: number;
    try {
      version = dataVersion(this.store);
    } catch {
      return; // the file is being replaced; the next change looks again
    }
    if (version === this.dataVersion) return; // our own commit
    this.dataVersion = version;
    reviewDataChanged(undefined);
  }

  private readonly native: NativeCheck;

  /** Where the store is: the setting, relative to the first workspace folder. */
  path(): string | undefined {
    const folder = vscode.workspace.workspaceFolders?.[0];
    const configured = vscode.workspace.getConfiguration().get<string>(SETTING) || join('.lexreview', 'review.db');
    if (isAbsolute(configured)) return configured;
    return folder?.uri.scheme === 'file' ? join(folder.uri.fsPath, configured) : undefined;
  }

  /** The store when its file exists already (views show what there is, and create nothing). */
  existing(): ReviewStore | undefined {
    if (this.store) return this.store;
    const path = this.path();
    return this.native.ok && path !== undefined && existsSync(path) ? this.get() : undefined;
  }

  /** The store, or undefined after telling the user why there is none. */
  get(): ReviewStore | undefined {
    if (this.store) return this.store;
    if (!this.native.ok) {
      void vscode.window.showErrorMessage(this.native.message);
      return undefined;
    }
    const path = this.path();
    if (!path) {
      void vscode.window.showErrorMessage(vscode.l10n.t('Open a folder first: the review database lives in the workspace ({0}).', SETTING));
      return undefined;
    }
    try {
      this.store = ReviewStore.open(path, { actor: 'extension' });
      this.dataVersion = dataVersion(this.store);
      this.output.appendLine(vscode.l10n.t('Review database: {0}', path));
      return this.store;
    } catch (e) {
      const message = e instanceof ReviewDatabaseError ? e.message : vscode.l10n.t('Cannot open the review database {0}: {1}', path, (e as Error).message);
      void vscode.window.showErrorMessage(message);
      return undefined;
    }
  }

  private close(): void {
    this.store?.close();
    this.store = undefined;
    this.dataVersion = undefined;
  }

  dispose(): void {
    this.watch.dispose();
    this.fileWatch?.dispose();
    clearTimeout(this.settle);
    this.close();
  }
}

/** SQLite's data_version of the store's connection: it changes with another connection's commit, never with its own. */
function dataVersion(store: ReviewStore): number {
  return store.db.pragma('data_version', { simple: true }) as number;
}
