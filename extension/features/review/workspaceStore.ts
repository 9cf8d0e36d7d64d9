// The workspace's review store (.lexreview/review.db, setting lexreview.review.database): opened
// on first use and kept open (better-sqlite3 is synchronous and cheap to hold), closed when the
// setting changes or the extension stops. The CLI may use the same file at the same time (WAL).
import * as vscode from 'vscode';
import { existsSync } from 'node:fs';
import { isAbsolute, join } from 'node:path';
import { checkNativeSqlite, type NativeCheck } from '../../store/nativeCheck';
import { ReviewDatabaseError } from '../../store/database';
import { ReviewStore } from '../../store/reviewStore';

const SETTING = 'lexreview.review.database';

export class WorkspaceReviewStore implements vscode.Disposable {
  private store: ReviewStore | undefined;
  private readonly watch: vscode.Disposable;

  /** Checks at once that SQLite's native addon loads, and says plainly why when it does not. */
  constructor(private readonly output: vscode.OutputChannel) {
    this.native = checkNativeSqlite();
    if (!this.native.ok) {
      output.appendLine(this.native.message);
      void vscode.window.showErrorMessage(this.native.message);
    }
    this.watch = vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration(SETTING)) this.close();
    });
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
  }

  dispose(): void {
    this.watch.dispose();
    this.close();
  }
}
