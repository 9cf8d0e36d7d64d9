// `npm run test:e2e`: builds the extension, makes sure code-server is installed (cached), then
// runs test/e2e/*.e2e.ts with Node's test runner against a real VS Code in Chromium.
// Screenshots land in test-results/e2e/. Extra arguments are passed to `node --test`
// (e.g. `npm run test:e2e -- --test-name-pattern=activates`).
import { spawnSync } from 'node:child_process';
import { readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { ensureCodeServer, ensurePrerequisites, repoRoot } from './code-server.mjs';

function run(args) {
  const r = spawnSync(process.execPath, args, { cwd: repoRoot, stdio: 'inherit' });
  return r.status ?? 1;
}

try {
  // As root (CI, a fresh container) missing apt packages are installed; otherwise named.
  ensurePrerequisites(['chromium', 'cjkFont', 'rg', 'krb5', 'compiler', 'python'], { autoInstall: true });
  if (run(['scripts/build.mjs']) !== 0) throw new Error('build failed');
  ensureCodeServer();
} catch (e) {
  console.error(`e2e: ${e.message}`);
  process.exit(1);
}

rmSync(join(repoRoot, 'test-results', 'e2e'), { recursive: true, force: true }); // no stale screenshots
const files = readdirSync(join(repoRoot, 'test', 'e2e'))
  .filter((f) => f.endsWith('.e2e.ts'))
  .sort()
  .map((f) => join('test', 'e2e', f));
// One file at a time: each test drives its own code-server + Chromium, heavy on a 2-core box.
process.exit(run(['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...process.argv.slice(2), ...files]));
