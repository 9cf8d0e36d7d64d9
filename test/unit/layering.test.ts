// The folders' dependency rules, checked on the sources: extension/ and webview/ never import each
// other (what both need lives in shared/), shared/ and webview/ use only the browser-safe part of
// core/ (no Node, no vscode), and core/ knows nothing of VS Code or the panels.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';

const root = join(__dirname, '..', '..');

function sources(dir: string): string[] {
  return readdirSync(join(root, dir), { withFileTypes: true, recursive: true })
    .filter((e) => e.isFile() && e.name.endsWith('.ts'))
    .map((e) => relative(root, join(e.parentPath, e.name)));
}

/** Each import of a file: the module as written, whether only types are imported, and the repo path it resolves to. */
function imports(file: string): Array<{ spec: string; typeOnly: boolean; target: string | undefined }> {
  const text = readFileSync(join(root, file), 'utf8');
  const found: Array<{ spec: string; typeOnly: boolean; target: string | undefined }> = [];
  for (const m of text.matchAll(/^\s*(import|export)\s+(type\s+)?[^'"]*?from\s+'([^']+)'|^\s*import\s+'([^']+)'/gm)) {
    const spec = m[3] ?? m[4];
    const target = spec.startsWith('.') ? relative(root, resolve(root, dirname(file), spec)) : undefined;
    found.push({ spec, typeOnly: m[2] !== undefined, target });
  }
  return found;
}

const inside = (target: string | undefined, dir: string) => target !== undefined && (target === dir || target.startsWith(dir + '/'));

test('extension/ and webview/ do not import each other; both reach the panel protocols in shared/', () => {
  const bad: string[] = [];
  for (const file of sources('extension')) for (const i of imports(file)) if (inside(i.target, 'webview')) bad.push(`${file} → ${i.spec}`);
  for (const file of sources('webview')) {
    for (const i of imports(file)) if (inside(i.target, 'extension/features') || inside(i.target, 'extension/cli') || i.spec === 'vscode') bad.push(`${file} → ${i.spec}`);
  }
  assert.deepEqual(bad, []);
});

test('core/ knows nothing of VS Code, the features or the panels', () => {
  const bad: string[] = [];
  for (const file of sources('extension/core')) {
    for (const i of imports(file)) {
      if (i.spec === 'vscode' || inside(i.target, 'extension/features') || inside(i.target, 'webview') || inside(i.target, 'shared')) bad.push(`${file} → ${i.spec}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('store/ and remote/ are headless: the CLI uses them, so they never import vscode or a feature', () => {
  const bad: string[] = [];
  for (const dir of ['extension/store', 'extension/remote']) {
    for (const file of sources(dir)) {
      for (const i of imports(file)) if (i.spec === 'vscode' || inside(i.target, 'extension/features') || inside(i.target, 'webview')) bad.push(`${file} → ${i.spec}`);
    }
  }
  assert.deepEqual(bad, []);
});

test('what the webviews bundle from core/ is browser-safe: no Node module, all the way down', () => {
  // Type-only imports vanish in the bundle; every other import from webview/ or shared/ into core/
  // is followed through core/ and must never reach a Node built-in.
  const seen = new Set<string>();
  const bad: string[] = [];
  const visit = (file: string, via: string) => {
    if (seen.has(file)) return;
    seen.add(file);
    for (const i of imports(file)) {
      if (i.typeOnly) continue;
      if (i.spec.startsWith('node:') || ['fs', 'path', 'os', 'child_process', 'crypto', 'stream', 'string_decoder', 'buffer'].includes(i.spec)) bad.push(`${via} … ${file} → ${i.spec}`);
      if (i.target && inside(i.target, 'extension/core')) visit(i.target.endsWith('.ts') ? i.target : `${i.target}.ts`, via);
    }
  };
  for (const file of [...sources('webview'), ...sources('shared')]) {
    for (const i of imports(file)) if (!i.typeOnly && inside(i.target, 'extension/core')) visit(`${i.target}.ts`, file);
  }
  assert.ok(seen.size > 0, 'the webviews use some of core/');
  assert.deepEqual(bad, []);
});
