// The better-sqlite3 load check: the real addon loads here; an ABI mismatch (Node's own message
// text, as node_binding.cc writes it) becomes a message that names both ABIs and the fix.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { checkNativeSqlite, describeNativeLoadError } from '../../extension/store/nativeCheck';

// Node's text for a native module built for another ABI (src/node_binding.cc, DLOpen).
const mismatch = (has: number, wants: number) =>
  new Error(
    `The module '/ext/node_modules/better-sqlite3/build/Release/better_sqlite3.node'\n` +
      `was compiled against a different Node.js version using\n` +
      `NODE_MODULE_VERSION ${has}. This version of Node.js requires\n` +
      `NODE_MODULE_VERSION ${wants}. Please try re-compiling or re-installing\n` +
      `the module (for instance, using \`npm rebuild\` or \`npm install\`).`,
  );

describe('checkNativeSqlite', () => {
  it('loads the real better-sqlite3 in this Node', () => {
    assert.deepEqual(checkNativeSqlite(), { ok: true });
  });

  it('turns a failed load into the clear message', () => {
    const r = checkNativeSqlite(() => {
      throw mismatch(1, Number(process.versions.modules));
    });
    assert.equal(r.ok, false);
    assert.match((r as { message: string }).message, new RegExp(`built for ABI 1, but Node\\.js ${process.versions.node.replace(/\./g, '\\.')} needs ABI ${process.versions.modules}`));
  });
});

describe('describeNativeLoadError', () => {
  it('names the ABI the binary has and the one Electron wants, with the rebuild command', () => {
    const m = describeNativeLoadError(mismatch(115, 132), { modules: '132', node: '20.18.3', electron: '34.5.8' });
    assert.equal(
      m,
      "The review database cannot be opened: better-sqlite3's native binary was built for ABI 115 (Node.js 20), but Electron 34.5.8 (Node.js 20.18.3) needs ABI 132. " +
        'To fix it, rebuild it for Electron 34.5.8 (npx @electron/rebuild -v 34.5.8 -w better-sqlite3), or install the LexReview build for this VS Code.',
    );
  });

  it('under plain Node, names Node versions on both sides', () => {
    const m = describeNativeLoadError(mismatch(127, 115), { modules: '115', node: '20.20.2' });
    assert.match(m, /built for ABI 127 \(Node\.js 22\), but Node\.js 20\.20\.2 needs ABI 115\. To fix it, rebuild it for this Node\.js \(npm rebuild better-sqlite3\)\./);
  });

  it('any other load failure keeps the first line of the original message', () => {
    const m = describeNativeLoadError(new Error('Could not locate the bindings file. Tried:\n → /a\n → /b'), { modules: '115', node: '20.20.2' });
    assert.match(m, /did not load in Node\.js 20\.20\.2 \(ABI 115\): Could not locate the bindings file\. Tried\. To fix it/);
  });
});
