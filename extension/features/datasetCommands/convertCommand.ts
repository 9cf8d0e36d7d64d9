// "LexReview: Convert Dataset…": pick the target layout and format, see where the result goes,
// convert with progress and cancel, then show what the conversion could not carry.
import * as vscode from 'vscode';
import { formatCount } from '../../core/dataset/statsText';
import { basename } from 'node:path';
import { convertFile, InvalidDatasetError } from '../../core/dataset/convertFile';
import { LAYOUTS } from '../../core/dataset/layouts';
import { withFile } from '../../core/dataset/reader';
import type { FileFormat } from '../../core/dataset/types';
import { defaultOutput } from '../../core/dataset/convertFile';
import { withProgress } from '../longOperation';
import { targetDataset } from '../targetFile';

export async function convertDatasetCommand(arg: unknown, output: vscode.OutputChannel): Promise<void> {
  const uri = await targetDataset(arg);
  if (!uri) return;
  const layout = await vscode.window.showQuickPick(
    LAYOUTS.map((l) => ({ label: l.label, description: [l.id, ...l.aliases].join(', '), id: l.id })),
    { title: vscode.l10n.t('Convert {0} to which layout?', basename(uri.fsPath)), placeHolder: vscode.l10n.t('Target layout') },
  );
  if (!layout) return;
  const format = await vscode.window.showQuickPick(
    [
      { label: vscode.l10n.t('JSON array'), description: '.json', format: 'json' as FileFormat },
      { label: 'JSONL', description: vscode.l10n.t('one record per line'), format: 'jsonl' as FileFormat },
    ],
    { title: vscode.l10n.t('Output format') },
  );
  if (!format) return;

  // A dry run first: what the target layout cannot carry, and records that cannot be converted,
  // are shown before anything is written, and the user decides.
  const preview = await withProgress(vscode.l10n.t('Checking what {0} can hold', layout.label), (op) =>
    withFile(uri.fsPath, (source) => convertFile(source, '', { ...op, to: layout.id, dryRun: true })),
  ).catch((e: Error) => {
    void vscode.window.showErrorMessage(vscode.l10n.t('Conversion failed: {0}', e.message));
    return undefined;
  });
  if (!preview) return;
  const unreadable = preview.errors.length;
  if (!preview.report.lossless || unreadable > 0) {
    const detail = [preview.report.summary(vscode.l10n.t)];
    if (unreadable > 0) detail.push(vscode.l10n.t('{0} record(s) cannot be read and will be left out.', unreadable));
    const go = vscode.l10n.t('Convert Anyway');
    const choice = await vscode.window.showWarningMessage(
      vscode.l10n.t('{0} cannot hold everything in {1}.', layout.label, basename(uri.fsPath)),
      { modal: true, detail: detail.join('\n') },
      go,
    );
    if (choice !== go) return;
  }

  const target = await vscode.window.showSaveDialog({
    defaultUri: vscode.Uri.file(defaultOutput(uri.fsPath, layout.id, format.format === 'jsonl')),
    filters: { [vscode.l10n.t('Datasets')]: [format.format] },
    title: vscode.l10n.t('Save the converted dataset'),
  });
  if (!target) return;

  try {
    const result = await withProgress(vscode.l10n.t('Converting {0} to {1}', basename(uri.fsPath), layout.label), (op) =>
      // The user has seen and accepted what cannot be converted.
      withFile(uri.fsPath, (source) => convertFile(source, target.fsPath, { ...op, to: layout.id, format: format.format, skipInvalid: true })),
    );
    if (!result) return;
    output.appendLine(
      vscode.l10n.t('{0}: {1} records written ({2} → {3})', target.fsPath, formatCount(result.written), result.from, result.to),
    );
    output.appendLine(result.report.summary(vscode.l10n.t));
    const open = vscode.l10n.t('Open');
    const message = result.report.lossless
      ? vscode.l10n.t('Converted {0} records to {1} without loss.', formatCount(result.written), layout.label)
      : vscode.l10n.t('Converted {0} records to {1}; some content could not be carried (see the LexReview output).', formatCount(result.written), layout.label);
    const choice = await (result.report.lossless ? vscode.window.showInformationMessage : vscode.window.showWarningMessage)(message, open);
    if (!result.report.lossless) output.show(true);
    if (choice === open) await vscode.commands.executeCommand('vscode.open', target);
  } catch (e) {
    if (e instanceof InvalidDatasetError) {
      output.appendLine(e.message);
      output.show(true);
      void vscode.window.showErrorMessage(vscode.l10n.t('{0} was not converted: it has records that cannot be read or converted (see the LexReview output).', basename(uri.fsPath)));
    } else {
      void vscode.window.showErrorMessage(vscode.l10n.t('Conversion failed: {0}', (e as Error).message));
    }
  }
}
