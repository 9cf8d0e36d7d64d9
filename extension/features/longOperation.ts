// Runs a core operation under VS Code's progress notification, with a Cancel button wired to
// the operation's AbortSignal. Progress in bytes is shown as a percentage.
import * as vscode from 'vscode';
import { CancelledError, type LongOperation } from '../core/progress';

export async function withProgress<T>(title: string, run: (op: Required<LongOperation>) => Promise<T>): Promise<T | undefined> {
  return withCancellableProgress(title, async (signal, progress) => {
    let shown = 0;
    try {
      return await run({
        signal,
        onProgress(done, total) {
          if (!total) return;
          const pct = Math.floor((done / total) * 100);
          if (pct > shown) {
            progress.report({ increment: pct - shown, message: `${pct}%` });
            shown = pct;
          }
        },
      });
    } catch (e) {
      if (e instanceof CancelledError) return undefined;
      throw e;
    }
  });
}

/** The notification with its Cancel button wired to `signal`; `run` reports its own progress (the judge's counts, tokens and cost). */
export async function withCancellableProgress<T>(title: string, run: (signal: AbortSignal, progress: vscode.Progress<{ message?: string; increment?: number }>) => Promise<T>): Promise<T> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, async (progress, token) => {
    const controller = new AbortController();
    const sub = token.onCancellationRequested(() => controller.abort());
    try {
      return await run(controller.signal, progress);
    } finally {
      sub.dispose();
    }
  });
}
