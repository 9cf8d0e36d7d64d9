// `npm run package` (after the production build) and the vsix e2e test: `vsce package` into OUT
// (default lexreview.vsix). The README's images are relative (docs/); the repository in
// package.json is a placeholder vsce cannot read a base URL from, so the base URLs are given here.
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const out = process.argv[2] ?? 'lexreview.vsix';
const base = 'https://example.invalid/lexreview';
const r = spawnSync(
  process.execPath,
  [join(root, 'node_modules', '@vscode', 'vsce', 'vsce'), 'package', '--no-dependencies', '--baseContentUrl', `${base}/blob/main`, '--baseImagesUrl', `${base}/raw/main`, '--out', out],
  { cwd: root, stdio: 'inherit' },
);
process.exit(r.status ?? 1);
