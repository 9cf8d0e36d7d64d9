// better-sqlite3 is a native addon: a binary built for one Node ABI does not load in another
// (VS Code's Electron has its own). The extension checks at activation that it loads, and says
// plainly which ABI the binary has and which the running runtime wants, instead of failing on
// the first query with Node's message.
import Database from 'better-sqlite3';
import { nativeBindingPath } from './nativeBinding';
import { translate } from '../core/l10n';

export type NativeCheck = { ok: true } | { ok: false; message: string };

/** Node releases by ABI (NODE_MODULE_VERSION), to say "Node.js 20" next to 115. Electron has ABIs of its own. */
const NODE_BY_ABI: Record<number, string> = { 93: '16', 108: '18', 111: '19', 115: '20', 120: '21', 127: '22', 131: '23', 137: '24', 141: '25' };

export interface RuntimeVersions {
  modules: string;
  node: string;
  electron?: string;
}

function abiName(abi: number): string {
  return NODE_BY_ABI[abi] ? `${abi} (Node.js ${NODE_BY_ABI[abi]})` : String(abi);
}

/** The clear message for an error from loading better-sqlite3. */
export function describeNativeLoadError(error: unknown, versions: RuntimeVersions): string {
  const text = error instanceof Error ? error.message : String(error);
  const runtime = versions.electron ? `Electron ${versions.electron} (Node.js ${versions.node})` : `Node.js ${versions.node}`;
  const m = /NODE_MODULE_VERSION\s+(\d+)\.\s+This version of Node\.js requires\s+NODE_MODULE_VERSION\s+(\d+)/.exec(text);
  // Whole sentences (the fix is one too), so a translation can order its words as it needs.
  const fix = versions.electron
    ? translate('To fix it, rebuild it for Electron {0} ({1}), or install the LexReview build for this VS Code.', versions.electron, `npx @electron/rebuild -v ${versions.electron} -w better-sqlite3`)
    : translate('To fix it, rebuild it for this Node.js ({0}).', 'npm rebuild better-sqlite3');
  if (m) {
    const has = Number(m[1]);
    const wants = Number(m[2]);
    return translate("The review database cannot be opened: better-sqlite3's native binary was built for ABI {0}, but {1} needs ABI {2}. {3}", abiName(has), runtime, wants, fix);
  }
  return translate('The review database cannot be opened: better-sqlite3 did not load in {0} (ABI {1}): {2}. {3}', runtime, versions.modules, text.split('\n')[0].replace(/[\s:.]+$/, ''), fix);
}

/** Loads better-sqlite3 and opens an in-memory database (the addon loads on the first open). */
export function checkNativeSqlite(load: () => void = loadBetterSqlite): NativeCheck {
  try {
    load();
    return { ok: true };
  } catch (e) {
    return { ok: false, message: nativeLoadMessage(e) };
  }
}

/** describeNativeLoadError for the running process. */
export function nativeLoadMessage(error: unknown): string {
  const v = process.versions as NodeJS.ProcessVersions & { electron?: string };
  return describeNativeLoadError(error, { modules: v.modules, node: v.node, electron: v.electron });
}

/** Whether an error is the addon failing to load (rather than a problem with a file). */
export function isNativeLoadError(error: unknown): boolean {
  return /NODE_MODULE_VERSION|Could not locate the bindings file|better_sqlite3\.node|invalid ELF header/.test(error instanceof Error ? error.message : String(error));
}

function loadBetterSqlite(): void {
  new Database(':memory:', { nativeBinding: nativeBindingPath() }).close();
}
