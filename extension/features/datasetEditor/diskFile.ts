// The dataset document's file on disk: reading it whole, its fingerprint, watching it for changes
// made elsewhere, and the files of hot-exit backups and of unsaved work that could not be restored.
import * as vscode from 'vscode';
import { basename } from 'node:path';
import { MemoryRecords, type Fingerprint } from '../../core/dataset/document/baseRecords';
import { DatasetModel } from '../../core/dataset/document/datasetModel';

export async function fingerprintOf(uri: vscode.Uri): Promise<Fingerprint> {
  const stat = await vscode.workspace.fs.stat(uri);
  return { size: stat.size, mtimeMs: stat.mtime };
}

export function sameFingerprint(a: Fingerprint, b: Fingerprint): boolean {
  return a.size === b.size && a.mtimeMs === b.mtimeMs;
}

/** An ordinary file: read and parsed whole, every record checked on opening. */
export async function loadModel(uri: vscode.Uri): Promise<DatasetModel> {
  const fingerprint = await fingerprintOf(uri);
  const bytes = await vscode.workspace.fs.readFile(uri);
  return new DatasetModel(await MemoryRecords.load(uri.fsPath, bytes, fingerprint));
}

/** Calls `onChange` when the file is changed or created on disk (by anyone, us included). */
export function watchFile(uri: vscode.Uri, onChange: () => void): vscode.Disposable {
  const watcher = vscode.workspace.createFileSystemWatcher(new vscode.RelativePattern(vscode.Uri.joinPath(uri, '..'), basename(uri.fsPath)));
  watcher.onDidChange(onChange);
  watcher.onDidCreate(onChange);
  return watcher;
}

export async function readBackup(uri: vscode.Uri): Promise<string> {
  return Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
}

export async function writeBackup(destination: vscode.Uri, text: string): Promise<vscode.CustomDocumentBackup> {
  await vscode.workspace.fs.createDirectory(vscode.Uri.joinPath(destination, '..'));
  await vscode.workspace.fs.writeFile(destination, Buffer.from(text));
  return {
    id: destination.toString(),
    delete: () => void vscode.workspace.fs.delete(destination).then(undefined, () => undefined),
  };
}

/** Keeps unsaved work that cannot be applied somewhere the user can find it, rather than drop it. */
export async function keepUnsaved(uri: vscode.Uri, backup: string, reason: string): Promise<void> {
  const name = basename(uri.fsPath);
  const kept = vscode.Uri.joinPath(uri, '..', `${name}.lexreview-unsaved-${Date.now()}.json`);
  await vscode.workspace.fs.writeFile(kept, Buffer.from(backup));
  void vscode.window.showWarningMessage(
    vscode.l10n.t('The unsaved changes of {0} could not be restored ({1}). They were kept in {2}.', name, reason, kept.fsPath),
  );
}
