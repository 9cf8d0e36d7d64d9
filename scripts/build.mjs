// Bundles the extension host, the CLI and one bundle per webview panel with esbuild.
// Usage: node scripts/build.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { copyFileSync, mkdirSync, readdirSync, existsSync, rmSync } from 'node:fs';
import { join } from 'node:path';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');
const root = new URL('..', import.meta.url).pathname;

const common = {
  bundle: true,
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  absWorkingDir: root,
};

// Host side: CommonJS for the extension host and Node. better-sqlite3's JavaScript is bundled;
// its native addon is copied beside the bundles (dist/native/) and handed to it by path
// (extension/store/nativeBinding.ts), so the .vsix carries one binary and no node_modules.
const host = {
  ...common,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode'],
};
const nativeAddon = join(root, 'node_modules', 'better-sqlite3', 'build', 'Release', 'better_sqlite3.node');
mkdirSync(join(root, 'dist', 'native'), { recursive: true });
copyFileSync(nativeAddon, join(root, 'dist', 'native', 'better_sqlite3.node'));

// One browser bundle per folder in webview/ that has an index.ts (one folder per panel), split:
// what a panel imports with import() (chart.js) is a chunk in dist/webview/chunks/, loaded when
// first needed, so the code before the first rows is only what they need.
const webviewDir = join(root, 'webview');
const panels = existsSync(webviewDir)
  ? readdirSync(webviewDir, { withFileTypes: true })
      .filter((d) => d.isDirectory() && existsSync(join(webviewDir, d.name, 'index.ts')))
      .map((d) => d.name)
  : [];

const builds = [
  { ...host, entryPoints: ['extension/extension.ts'], outfile: 'dist/extension.js' },
  { ...host, entryPoints: ['extension/cli.ts'], outfile: 'dist/cli.js' },
  ...panels.map((p) => ({
    ...common,
    platform: 'browser',
    target: 'es2022',
    format: 'esm',
    entryPoints: { [p]: `webview/${p}/index.ts` },
    outdir: 'dist/webview',
    splitting: true,
    chunkNames: 'chunks/[name]-[hash]',
    loader: { '.css': 'text' },
  })),
];

// Chunks are named by their hash: drop those of earlier builds (the .vsix takes the whole folder).
rmSync(join(root, 'dist', 'webview', 'chunks'), { recursive: true, force: true });

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('esbuild: watching');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
