// The dataset editor's document lifecycle in a real VS Code: revert drops unsaved edits, and
// Save As writes a new file in the same format, leaving the original as it was.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withVSCode, type VSCode } from './harness';
import { editorFrame, field, until } from './datasetEditorPage';

/** Opens the file in the dataset editor and prefixes the first record's answer with `mark`. */
async function editFirstAnswer(vs: VSCode, file: string, mark: string) {
  const frame = await editorFrame(vs, file);
  await frame.locator('de-record-table [role=row][aria-rowindex="2"]').click();
  const textarea = field(frame, 'output').locator('textarea');
  await textarea.click();
  await vs.page.keyboard.press('Control+Home');
  await vs.page.keyboard.type(mark);
  await vs.page.keyboard.press('Control+Enter');
  await vs.page.locator(`.tabs-container .tab.active.dirty[data-resource-name="${file}"]`).waitFor();
  // The whole typing is in the document once the table shows it.
  await frame.locator('de-record-table [role=row][aria-rowindex="2"]').filter({ hasText: mark.trim() }).waitFor();
  return { frame, textarea };
}

test('dataset editor: revert, save as', { timeout: 300_000 }, () =>
  withVSCode('dataset-editor-lifecycle', { datasets: { 'data/law_200.jsonl': 200 } }, async (vs) => {
    const { page } = vs;
    const path = join(vs.workspace, 'data', 'law_200.jsonl');
    const original = readFileSync(path, 'utf8');
    await vs.openFile('data/law_200.jsonl');
    await vs.runCommand('LexReview: Open Dataset');

    // Revert: the edit is gone, the file untouched.
    const { textarea } = await editFirstAnswer(vs, 'law_200.jsonl', 'REVERT-ME ');
    await vs.runCommand('File: Revert File');
    await page.locator('.tabs-container .tab.active.dirty').waitFor({ state: 'detached' });
    await until('the reverted text', async () => !(await textarea.inputValue()).startsWith('REVERT-ME'));
    assert.equal(readFileSync(path, 'utf8'), original);

    // Save As: a new JSONL file with an unsaved edit; the original stays as it was. (Hot exit is
    // unit-tested on the model: code-server in a browser never asks custom editors for backups.)
    await editFirstAnswer(vs, 'law_200.jsonl', 'SAVED-AS ');
    await vs.runCommand('File: Save As...');
    const input = page.locator('.quick-input-widget .quick-input-box input');
    // The dialog fills in the current path a moment after it opens; type over it only then.
    await until('the save dialog', async () => (await input.inputValue()).endsWith('law_200.jsonl'));
    const target = join(vs.workspace, 'data', 'law_200_edited.jsonl');
    await input.fill(target);
    await input.press('Enter');
    await until('the saved copy', async () => existsSync(target));
    const lines = readFileSync(target, 'utf8').trimEnd().split('\n');
    assert.equal(lines.length, 200);
    assert.match(JSON.parse(lines[0]).output, /^SAVED-AS /);
    assert.equal(lines.slice(1).join('\n'), original.trimEnd().split('\n').slice(1).join('\n'));
    assert.equal(readFileSync(path, 'utf8'), original);
  }),
);

test('convert from the dataset editor: what cannot be carried is shown first, the result opens', { timeout: 300_000 }, () =>
  withVSCode('dataset-editor-convert', {}, async (vs) => {
    const { page } = vs;
    const conversations = [
      { from: 'system', value: '你是一名律师。' },
      { from: 'human', value: '什么是盗窃罪？' },
      { from: 'gpt', value: '盗窃罪是……' },
      { from: 'human', value: '怎么判？' },
      { from: 'gpt', value: '三年以下……' },
    ];
    writeFileSync(join(vs.workspace, 'chat.jsonl'), JSON.stringify({ conversations }) + '\n');
    await vs.openFile('chat.jsonl');
    await vs.runCommand('LexReview: Open Dataset');
    const frame = await editorFrame(vs, 'chat.jsonl');
    await frame.locator('de-toolbar vscode-button').filter({ hasText: 'Convert' }).click();
    await vs.pickQuickInput('Question/answer');
    await vs.pickQuickInput('JSON array');
    // The dry run's findings, before anything is written.
    const dialog = page.locator('.monaco-dialog-box');
    await dialog.filter({ hasText: 'history dropped from 1 record' }).waitFor();
    await dialog.filter({ hasText: 'system prompt dropped from 1 record' }).waitFor();
    await vs.screenshot('dataset-editor-convert-preview');
    await dialog.locator('.monaco-button').filter({ hasText: 'Convert Anyway' }).click();
    const input = page.locator('.quick-input-widget .quick-input-box input');
    await until('the save dialog', async () => (await input.inputValue()).endsWith('chat.qa.json'));
    await input.press('Enter');
    const toast = await vs.waitForNotification('some content could not be carried');
    await toast.locator('.monaco-button').filter({ hasText: 'Open' }).click();
    await vs.activeTab('chat.qa.json').waitFor();
    assert.deepEqual(JSON.parse(readFileSync(join(vs.workspace, 'chat.qa.json'), 'utf8')), [{ question: '怎么判？', answer: '三年以下……' }]);
    await vs.screenshot('dataset-editor-converted');
  }),
);

test('palette commands act in the focused dataset editor', { timeout: 300_000 }, () =>
  withVSCode('dataset-editor-palette', { datasets: { 'data/law_200.jsonl': 200 } }, async (vs) => {
    const { page } = vs;
    await vs.openFile('data/law_200.jsonl');
    await vs.runCommand('LexReview: Open Dataset');
    const frame = await editorFrame(vs, 'law_200.jsonl');
    await frame.locator('de-record-table [role=row][aria-rowindex="2"]').click();
    await vs.runCommand('LexReview: Add Record');
    await frame.locator('de-toolbar .count').filter({ hasText: '201 records' }).waitFor();
    await page.locator('.tabs-container .tab.active.dirty').waitFor();
    await vs.runCommand('LexReview: Filter Records…');
    await vs.pickQuickInput('Edited records');
    await frame.locator('de-toolbar .count').filter({ hasText: '1 of 201 records' }).waitFor();
    await vs.runCommand('LexReview: Toggle Dataset Statistics View');
    // The statistics are of the view, and say so.
    await frame.locator('de-stats-view h2').filter({ hasText: 'Statistics of the 1 records in the view (of 201)' }).waitFor();
    await frame.locator('de-stats-view dd').filter({ hasText: /^1$/ }).first().waitFor();
    await vs.screenshot('dataset-editor-palette');
  }),
);
