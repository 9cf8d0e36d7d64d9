// The "Datasets" view: lists the workspace's datasets with `N · layout`, marks a malformed one
// with an error icon and its first error, leaves other JSON out, follows files created, changed
// and deleted on disk, and its context menu runs the dataset commands on the item.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { appendFileSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Locator } from 'playwright-core';
import { withVSCode, type VSCode } from './harness';

const jsonl = (records: unknown[]) => records.map((r) => JSON.stringify(r)).join('\n') + '\n';
const alpaca = (from: number, n: number) =>
  Array.from({ length: n }, (_, i) => ({ instruction: `什么是第${from + i}条？`, input: '', output: `第${from + i}条规定……` }));

/** Files that are not datasets (or are excluded): the view must never list them. */
const NOT_LISTED = ['package.json', 'tsconfig.json', 'settings.json', 'trainer_log.jsonl', 'numbers.json', 'in_node_modules.jsonl'];

function writeWorkspaceFiles(vs: VSCode): void {
  const write = (rel: string, text: string) => {
    const path = join(vs.workspace, rel);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  };
  // A dataset with a broken third line: listed, with an error icon.
  write('data/broken.jsonl', jsonl([{ input: '问一', output: '答一' }, { input: '问二', output: '答二' }]) + '{"input": "问三", "output": \n' + jsonl([{ input: '问四', output: '答四' }]));
  write('package.json', JSON.stringify({ name: 'law-data', version: '1.0.0', scripts: { build: 'tsc' } }, null, 2) + '\n');
  write('tsconfig.json', '{\n  // strict\n  "compilerOptions": { "strict": true }\n}\n');
  write('.vscode/settings.json', '{\n  "editor.tabSize": 2\n}\n');
  write('logs/trainer_log.jsonl', jsonl([{ current_steps: 1, loss: 2.1 }, { current_steps: 2, loss: 1.8 }]));
  write('data/numbers.json', '[1, 2, 3]\n');
  write('node_modules/some-pkg/in_node_modules.jsonl', jsonl(alpaca(0, 2)));
}

/**
 * Hovers `target` until its tooltip containing `text` shows, and returns the tooltip's text. A
 * hover can be lost when the row re-renders under a still mouse, so each try moves the mouse
 * away and back and waits on the tooltip, a bounded number of times.
 */
function hoverText(vs: VSCode, target: Locator, text: string): Promise<string> {
  const hover = vs.page.locator('.workbench-hover, .monaco-hover').filter({ hasText: text });
  // The harness moves the mouse off hovers before actions: not while this one is being read.
  return vs.withHovers(async () => {
    for (let attempt = 1; ; attempt++) {
      await vs.page.mouse.move(0, 0);
      await target.hover();
      try {
        await hover.waitFor({ state: 'visible', timeout: 5_000 });
        return await hover.innerText();
      } catch (e) {
        if (attempt === 4) throw e;
      }
    }
  });
}

test('Datasets view: lists datasets, marks malformed ones, follows the disk, context menu', { timeout: 240_000 }, () =>
  withVSCode('dataset-tree', { datasets: { 'data/law_200.json': 200, 'data/jsonl/law_1k.jsonl': 1000 } }, async (vs) => {
    const { page } = vs;
    writeWorkspaceFiles(vs);

    const pane = await vs.lexReviewPane('Datasets');
    const rows = pane.locator('.monaco-list-row');
    const row = (name: string) => rows.filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/\./g, '\\.')}$`) }) });
    const description = (name: string) => row(name).locator('.label-description');

    // Generated datasets with their record count and layout.
    await description('law_200.json').filter({ hasText: /^200 · original$/ }).waitFor();
    await description('law_1k.jsonl').filter({ hasText: /^1,000 · original$/ }).waitFor();
    // The malformed one: error icon, counted all the same, the first error in the tooltip.
    await row('broken.jsonl').locator('.codicon-error').waitFor();
    assert.equal(await description('broken.jsonl').innerText(), '4 · original');
    // Grouped by folder.
    for (const folder of ['data', 'data/jsonl']) await row(folder).waitFor();
    // The scan is over once the view's "Scanning…" message is gone.
    await pane.locator('.tree-explorer-viewlet-tree-view > .message.hide').waitFor({ state: 'attached' });

    const tooltip = await hoverText(vs, row('broken.jsonl'), 'First error at 3:');
    assert.match(tooltip, /data\/broken\.jsonl/);
    assert.match(tooltip, /Records: 4/);
    assert.match(tooltip, /Format: JSONL/);
    assert.match(tooltip, /First error at 3:\d+: Record 3: /);
    await page.mouse.move(0, 0);

    // Nothing else is listed.
    for (const name of NOT_LISTED) assert.equal(await row(name).count(), 0, `${name} is not listed`);
    assert.equal(await rows.count(), 5, (await rows.allInnerTexts()).join(' | '));
    await vs.screenshot('dataset-tree');

    // A dataset written to disk appears; growing it updates the count; deleting one removes it.
    writeFileSync(join(vs.workspace, 'data', 'new_alpaca.jsonl'), jsonl(alpaca(1, 3)));
    await description('new_alpaca.jsonl').filter({ hasText: /^3 · alpaca$/ }).waitFor();
    appendFileSync(join(vs.workspace, 'data', 'new_alpaca.jsonl'), jsonl(alpaca(4, 2)));
    await description('new_alpaca.jsonl').filter({ hasText: /^5 · alpaca$/ }).waitFor();
    rmSync(join(vs.workspace, 'data', 'broken.jsonl'));
    await row('broken.jsonl').waitFor({ state: 'detached' });
    mkdirSync(join(vs.workspace, 'more'));
    writeFileSync(join(vs.workspace, 'more', 'law_2.json'), JSON.stringify([{ input: '问', output: '答' }, { input: '问', output: '答' }], null, 2));
    await description('law_2.json').filter({ hasText: /^2 · original$/ }).waitFor();
    rmSync(join(vs.workspace, 'more'), { recursive: true }); // a deleted folder takes its datasets along
    await row('law_2.json').waitFor({ state: 'detached' });
    await row('more').waitFor({ state: 'detached' });
    await vs.screenshot('dataset-tree-updated');

    // Right-click → Show Dataset Statistics runs on the item's file.
    await row('law_200.json').click({ button: 'right' });
    const menu = page.locator('.context-view .monaco-menu');
    for (const item of ['Open Dataset', 'Validate Dataset', 'Convert Dataset…']) {
      await menu.locator('.action-item', { hasText: item }).first().waitFor();
    }
    await vs.screenshot('dataset-tree-context-menu');
    await menu.locator('.action-item', { hasText: 'Show Dataset Statistics' }).click();
    // (Not the file name alone: the progress notification "Computing statistics of …" has it too.)
    const toast = await vs.waitForNotification('law_200.json: 200 records');
    assert.match(await toast.innerText(), /law_200\.json: 200 records · layout original/);

    // A click opens the file with the LexReview Dataset editor.
    await row('law_1k.jsonl').click();
    await page.locator('.tabs-container .tab.active[data-resource-name="law_1k.jsonl"]').waitFor();
    await vs.screenshot('dataset-tree-opened');
  }));
