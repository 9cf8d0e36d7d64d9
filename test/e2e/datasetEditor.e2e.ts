// The dataset editor in a real VS Code: the 52k file opened with "Open With… → LexReview
// Dataset", its first rows (timed with the webview's own performance marks), search, an edit
// with undo, redo and save checked on disk; then record text that looks like HTML, the template
// preview, the statistics, and a malformed file's error list. A screenshot of each state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordTiming, withVSCode } from './harness';
import { editorFrame, field, openWith, until } from './datasetEditorPage';

test('dataset editor on 52,000 records: first rows, search, edit, undo, redo, save', { timeout: 300_000 }, () =>
  withVSCode('dataset-editor-52k', { datasets: { 'data/law_52k.json': 52_000 } }, async (vs) => {
    const { page } = vs;
    const t0 = await openWith(vs, 'data', 'law_52k.json', 'LexReview Dataset');
    const frame = await editorFrame(vs, 'law_52k.json');
    const firstRow = frame.locator('de-record-table [role=row][aria-rowindex="2"] .num');
    await firstRow.filter({ hasText: /^\s*1\s*$/ }).waitFor({ timeout: 60_000 });
    const seen = Date.now();
    const timing = await frame.evaluate(() => ({
      origin: performance.timeOrigin,
      marks: Object.fromEntries(performance.getEntriesByType('mark').map((m) => [m.name, Math.round(m.startTime)])),
    }));
    const painted = timing.marks['lexreview:first-rows'];
    assert.ok(painted !== undefined, 'the table marks its first rows');
    console.log(
      `first rows: ${Math.round(timing.origin + painted - t0)} ms after "Open With" (webview: init at ${timing.marks['lexreview:init']} ms, ` +
        `rows painted at ${painted} ms after the webview started; seen by the test after ${seen - t0} ms)`,
    );
    recordTiming('52k: first rows after "Open With" (ms)', Math.round(timing.origin + painted - t0));
    // Only the rows in sight are in the DOM.
    const rendered = await frame.locator('de-record-table .body [role=row]').count();
    assert.ok(rendered > 5 && rendered < 120, `${rendered} rows rendered`);
    await frame.locator('de-toolbar .count').filter({ hasText: '52,000 records' }).waitFor();
    await vs.screenshot('dataset-editor-opened');

    // Search: the count of matches and records, the matches marked in the table.
    await frame.locator('de-toolbar vscode-textfield input').fill('诈骗罪');
    const result = frame.locator('de-toolbar .result').filter({ hasText: /Result [\d,]+ of [\d,]+ · [\d,]+ matches/ });
    await result.waitFor();
    console.log(`search: ${await result.innerText()}`);
    await frame.locator('de-record-table .body mark').first().waitFor();
    // Enter steps to the next result record.
    await frame.locator('de-toolbar vscode-textfield input').press('Enter');
    await frame.locator('de-record-table [role=row][aria-rowindex="3"][aria-selected=true]').waitFor();
    await field(frame, 'output').locator('.backdrop mark').first().waitFor();
    // F3 / Shift+F3 step too, from anywhere in the editor.
    await page.keyboard.press('F3');
    await frame.locator('de-record-table [role=row][aria-rowindex="4"][aria-selected=true]').waitFor();
    await page.keyboard.press('Shift+F3');
    await frame.locator('de-record-table [role=row][aria-rowindex="3"][aria-selected=true]').waitFor();
    await vs.screenshot('dataset-editor-search');

    // Edit the selected record's answer, commit with Ctrl+Enter.
    const selectedNum = await frame.locator('de-record-table .row.selected .num').innerText();
    const row = Number(selectedNum.replace(/\D/g, '')) - 1;
    const output = field(frame, 'output');
    const original = await output.locator('textarea').inputValue();
    await output.locator('textarea').click();
    await page.keyboard.press('Control+Home');
    await page.keyboard.type('E2E-EDIT ');
    await page.keyboard.press('Control+Enter');
    const editedCell = frame.locator('de-record-table .row.selected.edited .cell').filter({ hasText: 'E2E-EDIT' });
    await editedCell.waitFor();
    const dirtyTab = page.locator('.tabs-container .tab.active.dirty[data-resource-name="law_52k.json"]');
    await dirtyTab.waitFor();
    await vs.screenshot('dataset-editor-edited');

    // Undo and redo with the keyboard, focus in the table.
    const textarea = output.locator('textarea');
    await frame.locator('de-record-table .row.selected').click();
    await page.keyboard.press('Control+z');
    await until('the undo', async () => (await textarea.inputValue()) === original);
    await editedCell.waitFor({ state: 'detached' });
    await vs.screenshot('dataset-editor-undone');
    await page.keyboard.press('Control+Shift+z');
    await until('the redo (Ctrl+Shift+Z)', async () => (await textarea.inputValue()) === `E2E-EDIT ${original}`);
    await page.keyboard.press('Control+z');
    await until('the second undo', async () => (await textarea.inputValue()) === original);
    await page.keyboard.press('Control+y');
    await until('the redo (Ctrl+Y)', async () => (await textarea.inputValue()) === `E2E-EDIT ${original}`);
    await editedCell.waitFor();

    // Save, and the file on disk has the edit (and only it).
    await page.keyboard.press('Control+s');
    await dirtyTab.waitFor({ state: 'detached', timeout: 60_000 });
    const saved = JSON.parse(readFileSync(join(vs.workspace, 'data', 'law_52k.json'), 'utf8')) as Array<{ output: string }>;
    assert.equal(saved.length, 52_000);
    assert.equal(saved[row].output, `E2E-EDIT ${original}`);
    await vs.screenshot('dataset-editor-saved');
  }));

const EVIL = [
  { input: '<script>window.__pwned = 1</script>盗窃罪的立案标准？', output: '<img src=x onerror="window.__pwned = 2">根据《刑法》第二百六十四条……' },
  { input: '诈骗罪怎么判？', output: '<b>not bold</b> & &amp; USER: 你好' },
];

test('dataset editor: markup in records stays text; preview, statistics, a malformed file', { timeout: 300_000 }, () =>
  withVSCode('dataset-editor-small', { datasets: { 'data/law_200.json': 200 } }, async (vs) => {
    const { page } = vs;
    writeFileSync(join(vs.workspace, 'data', 'evil.jsonl'), EVIL.map((r) => JSON.stringify(r)).join('\n') + '\n');
    writeFileSync(join(vs.workspace, 'data', 'broken.json'), '[\n  {"input": "a", "output": "b"},\n  {"input": "c", "output": },\n  {"input": "d", "output": "e"}\n]\n');

    // Markup in record text: shown as literal characters, never parsed.
    await vs.openFile('data/evil.jsonl');
    await vs.runCommand('LexReview: Open Dataset');
    const frame = await editorFrame(vs, 'evil.jsonl');
    await frame.locator('de-record-table .cell').filter({ hasText: '<script>window.__pwned = 1</script>' }).first().waitFor();
    await frame.locator('de-record-table .cell').filter({ hasText: '<img src=x onerror=' }).first().waitFor();
    await field(frame, 'output').locator('.backdrop').filter({ hasText: '<img src=x onerror=' }).waitFor();
    const made = await frame.locator('dataset-editor img, dataset-editor script, dataset-editor b').evaluateAll((els) => els.map((e) => e.outerHTML.slice(0, 200)));
    assert.deepEqual(made, [], 'no element made from record text');
    assert.equal(await frame.evaluate(() => (window as unknown as { __pwned?: number }).__pwned), undefined);
    await vs.screenshot('dataset-editor-markup-as-text');

    // Template preview of the selected record, with the search marked.
    await frame.locator('de-toolbar vscode-textfield input').fill('盗窃');
    await frame.locator('de-toolbar .result').filter({ hasText: 'Result 1 of 1 · 1 match' }).waitFor();
    await frame.locator('de-detail-pane vscode-tab-header').filter({ hasText: 'Template Preview' }).click();
    await frame.locator('de-template-preview pre').filter({ hasText: '<script>' }).first().waitFor();
    await frame.locator('de-template-preview pre mark').first().waitFor();
    assert.equal(await frame.locator('img').count(), 0);
    await vs.screenshot('dataset-editor-preview');

    // Statistics of the 200-record file: numbers and a chart per field.
    await vs.openFile('data/law_200.json');
    await vs.runCommand('LexReview: Open Dataset');
    const law = await editorFrame(vs, 'law_200.json');
    await law.locator('de-toolbar .count').filter({ hasText: '200 records' }).waitFor();
    await law.locator('de-toolbar vscode-button').filter({ hasText: 'Statistics' }).click();
    await law.locator('de-stats-view dd').filter({ hasText: /^200$/ }).waitFor();
    await law.locator('de-length-histogram canvas').first().waitFor();
    assert.ok((await law.locator('de-length-histogram').count()) >= 2);
    await vs.screenshot('dataset-editor-statistics');

    // A malformed file: the error list, read-only, and a click opens the text at the problem.
    await vs.openFile('data/broken.json');
    await vs.runCommand('LexReview: Open Dataset');
    const broken = await editorFrame(vs, 'broken.json');
    const banner = broken.locator('de-error-banner');
    await banner.filter({ hasText: 'read-only' }).waitFor();
    await banner.locator('button.link').filter({ hasText: /^3:\d+$/ }).first().waitFor();
    assert.equal(await broken.locator('de-detail-pane vscode-button[disabled]').count(), 3, 'add, duplicate and delete are disabled');
    await vs.screenshot('dataset-editor-malformed');
    await banner.locator('button.link').first().click();
    await page.locator('.editor-group-container.active .monaco-editor .view-lines').filter({ hasText: '"output": }' }).waitFor();
    await vs.screenshot('dataset-editor-malformed-opened-as-text');

    // Last, as VS Code then asks in a modal dialog: keyboard in the table, an unsaved edit, and
    // the file changing on disk shows the banner.
    await page.locator('.tabs-container .tab').filter({ hasText: 'law_200.json' }).last().click();
    assert.equal(await editorFrame(vs, 'law_200.json'), law);
    await law.locator('de-toolbar vscode-button').filter({ hasText: 'Back to Records' }).click();
    await law.locator('de-record-table [role=row][aria-rowindex="2"]').click();
    await page.keyboard.press('ArrowDown');
    await page.keyboard.press('End');
    await law.locator('de-record-table [role=row][aria-rowindex="201"][aria-selected=true]').waitFor();
    await page.keyboard.press('Home');
    await law.locator('de-record-table [role=row][aria-rowindex="2"][aria-selected=true]').waitFor();
    await law.locator('de-detail-pane .title').filter({ hasText: 'Record 1' }).waitFor();
    await page.keyboard.press('Enter'); // into the detail pane's first field
    await page.keyboard.type('E2E ');
    await page.keyboard.press('Control+Enter');
    await page.locator('.tabs-container .tab.active.dirty').waitFor();
    const lawPath = join(vs.workspace, 'data', 'law_200.json');
    writeFileSync(lawPath, readFileSync(lawPath, 'utf8').replace('"input"', '"input" ').trimEnd() + '\n\n');
    await law.locator('dataset-editor .notice.warning').filter({ hasText: 'The file changed on disk' }).waitFor();
    await vs.screenshot('dataset-editor-changed-on-disk');
  }));
