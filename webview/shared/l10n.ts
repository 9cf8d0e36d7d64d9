// Webview-side translation: the host sends vscode.l10n.bundle (undefined in English) with the
// panel's first message and the panel passes it to setBundle; the webview's strings live in the
// same l10n/bundle.l10n.zh-cn.json as the host's (one definition: extension/core/l10n.ts).
export { setBundle, translate as t } from '../../extension/core/l10n';
