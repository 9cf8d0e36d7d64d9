// The background index of a large file, for the dataset document: one streaming pass under a
// cancellable progress notification that hands over a model as soon as the first chunk is indexed
// (the editor shows rows at once) and tells how the rest goes. Opening and revert both use it.
import * as vscode from 'vscode';
import { basename } from 'node:path';
import type { Fingerprint } from '../../core/dataset/document/baseRecords';
import { DatasetModel } from '../../core/dataset/document/datasetModel';
import { FileRecords } from '../../core/dataset/document/fileRecords';

/** Files above this size are indexed and read lazily instead of being parsed into memory. */
export function largeFileBytes(): number {
  return vscode.workspace.getConfiguration('lexreview.datasetEditor').get<number>('largeFileMB', 100) * 2 ** 20;
}

/** How far the index of a large file has got. */
export interface IndexingState {
  done: number;
  total: number;
  complete: boolean;
  cancelled: boolean;
}

/** One run of the index. */
export interface IndexRun {
  /** Aborts the run (revert, close). */
  readonly controller: AbortController;
  readonly state: IndexingState;
  /** The model, once the first chunk is indexed; rejects when the run ends before that. */
  readonly first: Promise<DatasetModel>;
  /** Settles when the index is complete; rejects when it is cancelled (CancelledError) or fails. */
  readonly done: Promise<void>;
}

/** Starts indexing `uri`; `grow` is called a few times a second while more rows arrive. */
export function startIndexing(uri: vscode.Uri, fingerprint: Fingerprint, grow: () => void): IndexRun {
  const controller = new AbortController();
  const state: IndexingState = { done: 0, total: fingerprint.size, complete: false, cancelled: false };
  let handOver!: (model: DatasetModel) => void;
  const first = new Promise<DatasetModel>((resolve) => (handOver = resolve));
  let model: DatasetModel | undefined;
  const done = Promise.resolve(
    vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: vscode.l10n.t('Indexing {0}', basename(uri.fsPath)), cancellable: true },
      async (progress, token) => {
        const run = new AbortController();
        token.onCancellationRequested(() => run.abort());
        controller.signal.addEventListener('abort', () => run.abort());
        let shown = 0;
        let lastGrow = 0;
        const records = await FileRecords.open(uri.fsPath, fingerprint, {
          signal: run.signal,
          onProgress: (doneBytes, total) => {
            state.done = doneBytes;
            const pct = Math.floor((doneBytes / (total ?? doneBytes)) * 100);
            if (pct > shown) progress.report({ increment: pct - shown, message: `${pct}%` });
            shown = pct;
          },
          onChunk: (base) => {
            if (!model) handOver((model = new DatasetModel(base)));
            else if (Date.now() - lastGrow > 250) {
              lastGrow = Date.now();
              grow();
            }
          },
        });
        if (!model) handOver((model = new DatasetModel(records)));
      },
    ),
  );
  // Failing before the first chunk rejects `first` as well; `done`'s own rejection is for whoever
  // follows the run (and is never left unhandled).
  const firstOrFailure = Promise.race([first, done.then(() => first)]);
  done.catch(() => undefined);
  return { controller, state, first: firstOrFailure, done };
}
