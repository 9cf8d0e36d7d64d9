// `npm run package` builds a .vsix holding what the extension runs and nothing else.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

test('the .vsix holds the bundles, CLI, the SQLite addon, media and translations, and no sources or dependencies', () => {
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--production'], { cwd: root });
  const files = execFileSync(process.execPath, [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'ls', '--no-dependencies'], {
    cwd: root,
    encoding: 'utf8',
  })
    .trim()
    .split('\n');
  for (const f of ['package.json', 'package.nls.json', 'package.nls.zh-cn.json', 'dist/extension.js', 'dist/cli.js', 'dist/native/better_sqlite3.node', 'bin/lexreview.js', 'l10n/bundle.l10n.zh-cn.json', 'LICENSE']) {
    assert.ok(files.includes(f), `${f} is packaged`);
  }
  for (const panel of readdirSync(join(root, 'webview'), { withFileTypes: true })) {
    if (panel.isDirectory() && existsSync(join(root, 'webview', panel.name, 'index.ts'))) {
      assert.ok(files.includes(`dist/webview/${panel.name}.js`), `the ${panel.name} webview bundle is packaged`);
    }
  }
  // The chunks the bundles import (chart.js is loaded only when the statistics show).
  const chunks = readdirSync(join(root, 'dist', 'webview', 'chunks')).filter((f) => f.endsWith('.js'));
  assert.ok(chunks.some((f) => f.startsWith('lengthHistogram-')), 'the histograms are a chunk of their own');
  for (const f of chunks) assert.ok(files.includes(`dist/webview/chunks/${f}`), `${f} is packaged`);
  assert.deepEqual(files.filter((f) => /\.(ts|map)$|^(node_modules|test|extension|webview|scripts|\.cache|bench)\//.test(f)), []);
});
