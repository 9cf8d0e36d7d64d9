// The judge's API key, kept in VS Code's SecretStorage (the OS keychain on desktop): never in
// settings, the database, a log or a report. "Set Judge API Key" and "Clear Judge API Key".
import * as vscode from 'vscode';

/** The SecretStorage key of the judge's API key (the walkthrough watches it to know a key is set). */
export const JUDGE_KEY_SECRET = 'lexreview.judge.apiKey';
const KEY = JUDGE_KEY_SECRET;

export async function setJudgeKey(secrets: vscode.SecretStorage): Promise<string | undefined> {
  const key = await vscode.window.showInputBox({
    title: vscode.l10n.t('API key of the judge endpoint'),
    prompt: vscode.l10n.t('Kept in VS Code\'s secret storage; never written to settings, the review database or a report.'),
    password: true,
    ignoreFocusOut: true,
    validateInput: (v) => (v.trim() === '' ? vscode.l10n.t('The key is empty') : undefined),
  });
  if (key === undefined) return undefined;
  await secrets.store(KEY, key.trim());
  void vscode.window.showInformationMessage(vscode.l10n.t('The judge API key is saved.'));
  return key.trim();
}

export async function clearJudgeKey(secrets: vscode.SecretStorage): Promise<void> {
  await secrets.delete(KEY);
  void vscode.window.showInformationMessage(vscode.l10n.t('The judge API key is cleared.'));
}

/** The saved key, or one the user enters now (and saves), or undefined. */
export async function judgeKey(secrets: vscode.SecretStorage): Promise<string | undefined> {
  return (await secrets.get(KEY)) ?? setJudgeKey(secrets);
}
