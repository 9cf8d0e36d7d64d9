// A located problem in a file (a dataset record, an answers row) as an entry of the Problems
// panel, at its line and column, so a click goes to it.
import * as vscode from 'vscode';
import { recordNumber, type DatasetError } from '../core/dataset/types';

export function problemDiagnostic(e: DatasetError, detail = e.message): vscode.Diagnostic {
  const pos = new vscode.Position(e.line - 1, e.column - 1);
  const message = e.record === undefined ? detail : vscode.l10n.t('Record {0}: {1}', recordNumber(e.record), detail);
  const d = new vscode.Diagnostic(new vscode.Range(pos, pos), message, vscode.DiagnosticSeverity.Error);
  d.source = 'LexReview';
  return d;
}
