// User-visible text in one language per process: the extension host sets the bundle from
// vscode.l10n.bundle at activation, the CLI from LANG (extension/cli/language.ts), a webview from
// the bundle its host sends. Messages use vscode.l10n's `{0}` placeholders, so one catalogue
// (l10n/bundle.l10n.zh-cn.json) serves the extension, the panels and the CLI. Core code calls
// `translate` where it makes a message; functions that format whole texts also take a Translate,
// so a caller can ask for a language other than the process's (tests, the English Problems
// codes).
// Browser-safe: the webview bundles this module (test/unit/layering.test.ts keeps Node out of it).

export type Translate = (message: string, ...args: Array<string | number | boolean>) => string;

/** Fills `{0}`, `{1}` … in `message`; the English text is the message itself. */
export const english: Translate = (message, ...args) =>
  message.replace(/\{(\d+)\}/g, (m, i: string) => (Number(i) < args.length ? String(args[Number(i)]) : m));

let bundle: Record<string, string> | undefined;

/** The process's translations (undefined: English). Set once, before messages are made. */
export function setBundle(b: Record<string, string> | undefined): void {
  bundle = b;
}

/** `message` in the process's language. */
export const translate: Translate = (message, ...args) => english(bundle?.[message] ?? message, ...args);
