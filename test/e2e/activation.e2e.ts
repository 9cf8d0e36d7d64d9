// First e2e test: VS Code loads LexReview, its activity-bar view shows, and
// "LexReview: Show Dataset Statistics" reports on the dataset open in the editor.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { withVSCode } from './harness';

test('LexReview activates: view container and dataset statistics', { timeout: 180_000 }, () =>
  withVSCode('activation', { datasets: { 'data/law_200.json': 200 } }, async (vs) => {
    const { page } = vs;
    await vs.lexReviewPane('Datasets');
    await page.locator('.part.sidebar .composite.title').filter({ hasText: 'LexReview' }).waitFor();
    await page.locator('.part.sidebar [id="workbench.view.extension.lexreview"]').waitFor();

    await vs.openFile('data/law_200.json');
    await vs.runCommand('LexReview: Show Dataset Statistics');
    const toast = await vs.waitForNotification('records');
    assert.match(await toast.innerText(), /200 records/);

    const output = await vs.outputChannelText('LexReview', 'law_200.json: 200 records');
    assert.match(output, /law_200\.json: 200 records · layout original/);
    await vs.screenshot('activation');
  }));

test('a 52,000-record dataset opens with "Open Anyway" and is counted', { timeout: 240_000 }, () =>
  withVSCode('large-dataset', { datasets: { 'data/law_52k.json': 52_000 } }, async (vs) => {
    await vs.openFile('data/law_52k.json', { openAnyway: true, timeout: 120_000 });
    await vs.runCommand('LexReview: Show Dataset Statistics');
    await vs.waitForNotification('records', 120_000);

    const output = await vs.outputChannelText('LexReview', 'law_52k.json: 52,000 records');
    assert.match(output, /law_52k\.json: 52,000 records · layout original/);
    await vs.screenshot('large-dataset');
  }));
