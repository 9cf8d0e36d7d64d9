// The Get Started walkthrough in a real VS Code: in a workspace that the demo script marked, the
// first activation opens it by itself (after a reload, as a fresh `npm start` would start); its
// six steps show with their markdown page; the first step's button opens the demo dataset in the
// LexReview editor and the step is checked off; "Welcome: Open Walkthrough…" lists it, and
// "LexReview: Get Started" opens it again after it was closed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { withVSCode, type VSCode } from './harness';
import { until } from './datasetEditorPage';
import { DEMO_DATASET, DEMO_MARKER } from '../../extension/features/walkthrough/walkthroughSteps';

/** Leaves the demo script's marker in the workspace and reloads the window, as a fresh `npm start` would open it. */
async function markAsDemoAndReload(vs: VSCode, reload = 'Developer: Reload Window'): Promise<void> {
  const marker = join(vs.workspace, DEMO_MARKER);
  mkdirSync(dirname(marker), { recursive: true });
  writeFileSync(marker, '# LexReview demo workspace\n');
  await vs.page.evaluate(() => ((window as unknown as { beforeReload: boolean }).beforeReload = true));
  await vs.runCommand(reload);
  await until('the window reloaded', async () => !(await vs.page.evaluate(() => 'beforeReload' in window).catch(() => true)));
  await vs.waitForWorkbench();
}

const TITLE = 'Get Started with LexReview';
/** The walkthrough's editor tab is named after the extension. */
const TAB = 'Walkthrough: LexReview';
const STEPS = ['Open the demo dataset', "Import the models' answers", "Set the judge's API key", 'Judge the answers', 'Review five answers', 'Read the report'];

test('walkthrough: opens on the first activation in the demo workspace, lists its steps, a button runs its command', { timeout: 240_000 }, () =>
  withVSCode('walkthrough', { datasets: { [DEMO_DATASET]: 500 } }, async (vs) => {
    const { page } = vs;
    // The fixture workspace is no demo: nothing opened by itself. Mark it as `npm start` does and reload.
    assert.equal(await page.locator('.gettingStartedContainer').count(), 0);
    await markAsDemoAndReload(vs);

    const walkthrough = page.locator('.gettingStartedContainer');
    await walkthrough.locator('.getting-started-category .category-title, h2').filter({ hasText: TITLE }).first().waitFor({ timeout: 60_000 });
    const stepTitles = walkthrough.locator('.getting-started-step .step-title');
    await until('six steps', async () => (await stepTitles.count()) === STEPS.length);
    assert.deepEqual((await stepTitles.allInnerTexts()).map((s) => s.trim()), STEPS);
    // The first step is open, with its markdown page beside it.
    const media = await vs.frameWithSelector('h1:has-text("The demo dataset")', 60_000);
    assert.match(await media.locator('body').innerText(), /Escape/);
    await vs.screenshot('walkthrough');

    // Its button runs the command: the demo dataset opens in the LexReview editor, and the step is checked off.
    const step = walkthrough.locator('.getting-started-step').filter({ hasText: STEPS[0] });
    await step.locator('.monaco-button, a').filter({ hasText: 'Open the Demo Dataset' }).first().click();
    await page.locator('.tabs-container .tab.active').filter({ hasText: 'law_500.jsonl' }).waitFor();
    await vs.frameWithSelector('dataset-editor', 60_000);
    await page.locator('.tabs-container .tab').filter({ hasText: TAB }).click();
    await step.locator('.codicon-getting-started-step-checked').waitFor();
    await vs.screenshot('walkthrough-step-done');

    // Closed, it is listed among the walkthroughs, and Get Started opens it again.
    await page.locator('.tabs-container .tab').filter({ hasText: TAB }).locator('.codicon-close').click();
    await walkthrough.waitFor({ state: 'hidden' });
    await vs.runCommand('Welcome: Open Walkthrough...');
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ hasText: TITLE }).first().waitFor();
    await page.keyboard.press('Escape');
    await vs.runCommand('LexReview: Get Started');
    await walkthrough.locator('.getting-started-step .step-title').filter({ hasText: STEPS[4] }).waitFor();
  }));

test('walkthrough in a Chinese VS Code: its titles and its markdown pages are the zh-cn ones', { timeout: 240_000 }, () =>
  withVSCode('walkthrough-zh', { locale: 'zh-cn', datasets: { [DEMO_DATASET]: 500 } }, async (vs) => {
    const { page } = vs;
    await markAsDemoAndReload(vs);
    const walkthrough = page.locator('.gettingStartedContainer');
    await walkthrough.locator('.getting-started-step .step-title').filter({ hasText: '人工评审五条回答' }).waitFor({ timeout: 60_000 });
    await walkthrough.locator('h2, .category-title').filter({ hasText: 'LexReview 入门' }).first().waitFor();
    // The page beside the open step is media/walkthrough/zh-cn/…, chosen through package.nls.zh-cn.json.
    await vs.frameWithSelector('h1:has-text("演示数据集")', 60_000);
    await vs.screenshot('walkthrough-zh');
  }));
