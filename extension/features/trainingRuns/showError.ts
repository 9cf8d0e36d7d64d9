// How a Training Runs command says it failed: the message (translated, naming the host) in an
// error notification; for a HostError (ssh, Slurm) the remote side's own words go to the LexReview
// output channel too, which the notification's "Show Details" opens, so the raw stderr is there to
// read or paste without crowding the notification.
import * as vscode from 'vscode';
import { HostError } from '../../remote/hostError';

export function showError(e: unknown, output: vscode.OutputChannel): void {
  const message = e instanceof Error ? e.message : String(e);
  if (!(e instanceof HostError) || e.detail.trim() === '') {
    void vscode.window.showErrorMessage(message);
    return;
  }
  output.appendLine(`[${e.host}] ${message}`);
  output.appendLine(e.detail.trimEnd());
  const details = vscode.l10n.t('Show Details');
  void vscode.window.showErrorMessage(message, details).then((choice) => choice === details && output.show(true));
}
