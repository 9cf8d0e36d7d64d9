// `npm start`: LexReview in a real VS Code (code-server) in the browser, on a demo workspace.
// Builds the extension, installs code-server on first use (cached in .cache/code-server),
// creates demo/ and serves it on http://lexreview.localhost:8080 (PORT=... to change) until Ctrl-C.
// (The name is loopback; 127.0.0.1:8080 works too, with each webview a second slower to open:
// see WEBVIEW_PATCH in code-server.mjs.)
// LOCALE=zh-cn runs VS Code in Chinese (LexReview's own texts; see installChineseLanguagePack).
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import {
  BROWSER_HOST, ensureCodeServer, installChineseLanguagePack, linkExtension, repoRoot, startCodeServer, writeUserSettings,
} from './code-server.mjs';
import { ensureDemoWorkspace } from './demo-workspace.mjs';

const step = (msg) => console.log(`\n▶ ${msg}`);

try {
  step('building the extension');
  const build = spawnSync(process.execPath, ['scripts/build.mjs'], { cwd: repoRoot, stdio: 'inherit' });
  if (build.status !== 0) throw new Error('build failed');

  step('checking code-server');
  // First use installs it; missing apt packages are installed when root, else named.
  ensureCodeServer();

  step('preparing the demo workspace');
  const workspace = ensureDemoWorkspace();

  // A persistent profile under .cache so layout and state survive restarts.
  const userDataDir = join(repoRoot, '.cache', 'start', 'user-data');
  const extensionsDir = join(repoRoot, '.cache', 'start', 'extensions');
  writeUserSettings(userDataDir);
  linkExtension(extensionsDir);
  const locale = process.env.LOCALE === 'zh-cn' ? 'zh-cn' : undefined;
  if (locale) installChineseLanguagePack(extensionsDir, userDataDir);

  step('starting code-server');
  const port = Number(process.env.PORT ?? 8080);
  const server = await startCodeServer({ workspace, userDataDir, extensionsDir, port, quiet: true, locale });
  const url = `${server.url}?folder=${encodeURI(workspace)}`;
  const fallback = url.replace(BROWSER_HOST, '127.0.0.1');
  console.log(`\n  LexReview is running in VS Code at:\n\n    ${url}\n\n  (a browser that does not resolve names under localhost: ${fallback})\n  (rebuild with \`npm run build\`, then "Developer: Reload Window"; Ctrl-C to stop)\n`);

  server.process.on('exit', (code) => {
    console.error(`code-server exited (${code}). Last output:\n${server.output()}`);
    process.exit(code ?? 1);
  });
  for (const sig of ['SIGINT', 'SIGTERM']) {
    process.on(sig, async () => {
      server.process.removeAllListeners('exit');
      await server.stop();
      process.exit(0);
    });
  }
} catch (e) {
  console.error(`\nnpm start failed: ${e.message}`);
  process.exit(1);
}
