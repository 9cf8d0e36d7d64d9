// The packaged extension works: `npm run package` builds the .vsix, code-server installs it with
// --install-extension as a user would, and the dataset editor (host bundle, webview bundle,
// translations) runs from the installed copy, not from this checkout, and so does the review
// store (better-sqlite3's addon packaged in dist/native/).
import { test } from 'node:test';
import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import assert from 'node:assert/strict';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { withVSCode } from './harness';
import { editorFrame } from './datasetEditorPage';

const root = join(__dirname, '..', '..');

test('the packaged .vsix installs and runs the dataset editor and the review store', { timeout: 300_000 }, async () => {
  const vsix = join(mkdtempSync(join(tmpdir(), 'lexreview-vsix-')), 'lexreview.vsix');
  execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs'), '--production'], { cwd: root });
  execFileSync(process.execPath, [join(root, 'scripts', 'package.mjs'), vsix], { cwd: root, stdio: 'pipe' });
  try {
    await withVSCode('vsix', { vsix, datasets: { 'data/law_200.json': 200 } }, async (vs) => {
      await vs.openFile('data/law_200.json');
      await vs.runCommand('LexReview: Open Dataset');
      const frame = await editorFrame(vs, 'law_200.json');
      await frame.locator('de-toolbar .count').filter({ hasText: '200 records' }).waitFor();
      await frame.locator('de-record-table [role=row][aria-rowindex="2"] .num').filter({ hasText: /^\s*1\s*$/ }).waitFor();
      await vs.screenshot('vsix-installed');
      // The store opens with the packaged addon: an empty store has no set to report on yet.
      await vs.runCommand('LexReview: Show Report');
      await vs.waitForNotification(/No evaluation set yet/);
      assert.ok(existsSync(join(vs.workspace, '.lexreview', 'review.db')), 'the store file was created by the installed extension');
    });
  } finally {
    // The other tests run against the development build.
    execFileSync(process.execPath, [join(root, 'scripts', 'build.mjs')], { cwd: root });
  }
});
