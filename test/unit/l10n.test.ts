// Every user-visible string has its Chinese translation: the manifest's %keys% in
// package.nls.zh-cn.json, and every message passed to vscode.l10n.t or a core Translate in
// l10n/bundle.l10n.zh-cn.json, with the same {n} placeholders.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');
const json = (p: string) => JSON.parse(readFileSync(join(root, p), 'utf8')) as Record<string, string>;

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : /\.ts$/.test(name) ? [p] : [];
  });
}

/** Messages in `l10n.t('…')` calls and core `t('…')` calls (the Translate parameter's name). */
function messages(): Set<string> {
  const found = new Set<string>();
  for (const file of [...sources(join(root, 'extension')), ...sources(join(root, 'webview'))]) {
    const text = readFileSync(file, 'utf8');
    for (const m of text.matchAll(/\b(?:l10n\.t|t|translate)\(\s*(['"])((?:(?!\1)[^\\]|\\.)*)\1/g)) found.add(m[2].replace(/\\(['"\\])/g, '$1'));
  }
  return found;
}

test('package.nls.zh-cn.json translates every key of package.nls.json, and the manifest uses only known keys', () => {
  const en = json('package.nls.json');
  const zh = json('package.nls.zh-cn.json');
  assert.deepEqual(Object.keys(en).filter((k) => !(k in zh)), []);
  const manifest = readFileSync(join(root, 'package.json'), 'utf8');
  const used = [...manifest.matchAll(/"%([^%"]+)%"/g)].map((m) => m[1]);
  assert.deepEqual(used.filter((k) => !(k in en)), []);
});

test('every runtime message has a zh-cn translation with the same placeholders', () => {
  const zh = json('l10n/bundle.l10n.zh-cn.json');
  const all = messages();
  assert.ok(all.size > 10, 'the scan finds the messages');
  const missing = [...all].filter((m) => !(m in zh));
  assert.deepEqual(missing, []);
  const placeholders = (s: string) => [...s.matchAll(/\{\d+\}/g)].map((m) => m[0]).sort().join();
  for (const m of all) assert.equal(placeholders(zh[m]), placeholders(m), m);
});
