// Webview-side translation: the host sends vscode.l10n.bundle (undefined in English) with the
// panel's first message; messages use the same `{0}` placeholders as vscode.l10n.t, and the
// webview's strings live in the same l10n/bundle.l10n.zh-cn.json.
import { english } from '../../extension/core/l10n';

let bundle: Record<string, string> | undefined;

export function setBundle(b: Record<string, string> | undefined): void {
  bundle = b;
}

export function t(message: string, ...args: Array<string | number | boolean>): string {
  return english(bundle?.[message] ?? message, ...args);
}
