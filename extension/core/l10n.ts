// Core code that produces user-visible text takes a Translate function: the extension passes
// vscode.l10n.t (Chinese or English by the UI language), the CLI passes `english`. Messages use
// vscode.l10n's `{0}` placeholders, so one bundle (l10n/bundle.l10n.zh-cn.json) serves both.
// Browser-safe: the webview bundles this module (test/unit/layering.test.ts keeps Node out of it).

export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

export const english: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));
