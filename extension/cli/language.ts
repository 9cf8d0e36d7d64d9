// The CLI's language: Chinese when the locale (LC_ALL, then LC_MESSAGES, then LANG, as POSIX
// orders them) starts with `zh`, English otherwise. The Chinese text is the extension's own
// catalogue, bundled into dist/cli.js, so the CLI and the UI say the same things.
import zhCn from '../../l10n/bundle.l10n.zh-cn.json';
import { setBundle } from '../core/l10n';

/** The locale that decides the language of messages; `C`/`POSIX` and unset mean English. */
export function messageLocale(env: NodeJS.ProcessEnv): string {
  return env.LC_ALL || env.LC_MESSAGES || env.LANG || '';
}

/** The translations for `env`, or undefined for English. */
export function cliBundle(env: NodeJS.ProcessEnv): Record<string, string> | undefined {
  return /^zh/i.test(messageLocale(env)) ? (zhCn as Record<string, string>) : undefined;
}

export function useCliLanguage(env: NodeJS.ProcessEnv = process.env): void {
  setBundle(cliBundle(env));
}
