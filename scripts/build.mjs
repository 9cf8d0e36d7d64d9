// Bundles the extension host, the CLI and one bundle per webview panel with esbuild.
// Usage: node scripts/build.mjs [--production] [--watch]
import * as esbuild from 'esbuild';
import { readdirSync, existsSync } from 'node:fs';
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

// Host side: CommonJS for the extension host and Node; native modules stay outside the bundle.
const host = {
  ...common,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  external: ['vscode', 'better-sqlite3'],
};

// One browser bundle per folder in webview/ that has an index.ts (one folder per panel).
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
    entryPoints: [`webview/${p}/index.ts`],
    outfile: `dist/webview/${p}.js`,
    loader: { '.css': 'text' },
  })),
];

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
  console.log('esbuild: watching');
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
