// Undo and the dirty flag never lose an edit (issue: "Ctrl+Z while typing undoes a different
// record", "a clean tab over unsaved edits"). The invariant checked after every step: the tab is
// clean exactly when what the editor shows — the table, and the text typed in the focused field —
// equals the file on disk.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { withVSCode, type VSCode } from './harness';
import { editorFrame, field, until } from './datasetEditorPage';

const FILE = 'undo.jsonl';
const COUNT = 30;
const original = Array.from({ length: COUNT }, (_, i) => ({ input: `问题${i + 1}`, output: `回答${i + 1}` }));

class Editor {
  constructor(
    readonly vs: VSCode,
    readonly frame: Frame,
    readonly path: string,
  ) {}

  /** Record `n` (1-based, as the # column shows it) in the table. */
  private row(n: number) {
    return this.frame.locator(`de-record-table [role=row][aria-rowindex="${n + 1}"]`);
  }

  private get answer() {
    return field(this.frame, 'output').locator('textarea');
  }

  /** Selects record `n` and puts the caret at the end of its answer. */
  async focusAnswer(n: number): Promise<void> {
    await this.vs.page.mouse.move(0, 0); // no hover over the row being clicked
    await this.row(n).click();
    await this.frame.locator('de-detail-pane .title').filter({ hasText: new RegExp(`^Record ${n}$`) }).waitFor();
    await this.answer.click();
    await this.vs.page.keyboard.press('Control+End');
  }

  async type(text: string): Promise<void> {
    // Slower than a script, as a person types: the first keystroke's edit comes back while the
    // rest is typed, and the field must keep the focus and every character.
    await this.vs.page.keyboard.type(text, { delay: 120 });
  }

  async press(keys: string): Promise<void> {
    await this.vs.page.keyboard.press(keys);
  }

  /** The answers as the editor shows them: the table's, with the focused field's typing over its record's. */
  async shown(): Promise<string[]> {
    const cells = await this.frame.locator('de-record-table [role=row][aria-rowindex]:not([aria-rowindex="1"])').evaluateAll((rows) =>
      rows.map((r) => [Number(r.getAttribute('aria-rowindex')) - 2, r.querySelectorAll('[role=gridcell]')[2]?.textContent ?? ''] as const),
    );
    const answers: string[] = [];
    for (const [i, text] of cells) answers[i] = text;
    const title = await this.frame.locator('de-detail-pane .title').innerText();
    const selected = Number(/(\d+)$/.exec(title)?.[1]) - 1;
    if (selected >= 0 && (await this.answer.count())) answers[selected] = await this.answer.inputValue();
    return answers;
  }

  onDisk(): string[] {
    return readFileSync(this.path, 'utf8')
      .trimEnd()
      .split('\n')
      .map((line) => (JSON.parse(line) as { output: string }).output);
  }

  async dirty(): Promise<boolean> {
    return (await this.vs.page.locator(`.tabs-container .tab.active.dirty[data-resource-name="${FILE}"]`).count()) > 0;
  }

  /**
   * Waits until the editor has settled (the table shows what the field holds), then checks the
   * invariant: clean ⇔ the editor shows the file on disk.
   */
  async checkInvariant(step: string): Promise<void> {
    let shown: string[] = [];
    await until(`${step}: the table to show the field's text`, async () => {
      shown = await this.shown();
      const table = await this.frame.locator('de-record-table [role=row][aria-selected=true] [role=gridcell]').nth(2).textContent();
      const typed = (await this.answer.count()) ? await this.answer.inputValue() : table;
      return table === typed;
    });
    const disk = this.onDisk();
    const same = shown.length === disk.length && shown.every((s, i) => s === disk[i]);
    // The dirty mark follows the edit stack a moment later: wait for it to agree, or fail.
    await until(`${step}: tab ${same ? 'clean' : 'dirty'} (editor ${same ? 'equals' : 'differs from'} the file)`, async () => (await this.dirty()) === !same, 10_000);
  }

  async answerOf(n: number): Promise<string> {
    return (await this.shown())[n - 1];
  }
}

async function openEditor(vs: VSCode): Promise<Editor> {
  const path = join(vs.workspace, FILE);
  writeFileSync(path, original.map((r) => JSON.stringify(r)).join('\n') + '\n');
  await vs.openFile(FILE);
  await vs.runCommand('LexReview: Open Dataset');
  const frame = await editorFrame(vs, FILE);
  await frame.locator('de-record-table [role=row][aria-rowindex="2"]').waitFor();
  return new Editor(vs, frame, path);
}

test('Ctrl+Z while typing undoes that typing, never an earlier edit of another record', { timeout: 300_000 }, () =>
  withVSCode('dataset-editor-undo-typing', {}, async (vs) => {
    const ed = await openEditor(vs);
    await ed.focusAnswer(10);
    await ed.type('AAA');
    await ed.press('Control+Enter');
    await ed.checkInvariant('record 10 edited');

    await ed.focusAnswer(12);
    await ed.type('BBB');
    await ed.press('Control+z');
    await until('record 12 without the typing', async () => (await ed.answerOf(12)) === '回答12');
    assert.equal(await ed.answerOf(10), '回答10AAA', 'the earlier edit of record 10 stays');
    await ed.checkInvariant('typing in record 12 undone');

    // Redo brings exactly that typing back; a second undo takes it away again, then record 10's.
    await ed.press('Control+y');
    await until('record 12 with the typing again', async () => (await ed.answerOf(12)) === '回答12BBB');
    await ed.checkInvariant('redo');
    await ed.press('Control+z');
    await until('typing undone again', async () => (await ed.answerOf(12)) === '回答12');
    await ed.press('Control+z');
    await until('record 10 undone', async () => (await ed.answerOf(10)) === '回答10');
    await ed.checkInvariant('everything undone');
    await vs.screenshot('dataset-editor-undo-typing');
  }),
);

test('the tab is dirty exactly when the editor differs from the file, and closing asks', { timeout: 300_000 }, () =>
  withVSCode('dataset-editor-dirty', {}, async (vs) => {
    const { page } = vs;
    const ed = await openEditor(vs);

    // The reported sequence: edit 20, save, type into 22, Ctrl+Z.
    await ed.focusAnswer(20);
    await ed.type('SAVED');
    await ed.press('Control+Enter');
    await ed.press('Control+s');
    await until('record 20 saved', async () => ed.onDisk()[19] === '回答20SAVED');
    await ed.checkInvariant('saved');
    await ed.focusAnswer(22);
    await ed.type('UNSAVED');
    await ed.press('Control+z');
    await until('the typing undone', async () => (await ed.answerOf(22)) === '回答22');
    assert.equal(await ed.answerOf(20), '回答20SAVED', 'the saved edit stays');
    await ed.checkInvariant('typing after a save undone');

    // Typing that is not committed yet makes the tab dirty, and closing asks.
    await ed.focusAnswer(22);
    await ed.type('TYPED');
    await ed.checkInvariant('typing, not committed');
    assert.equal(await ed.dirty(), true);
    await vs.runCommand('View: Close Editor');
    const dialog = page.locator('.monaco-dialog-box').filter({ hasText: 'Do you want to save the changes' });
    await dialog.waitFor();
    await vs.screenshot('dataset-editor-close-asks');
    await dialog.locator('.monaco-button').filter({ hasText: 'Cancel' }).click();
    await dialog.waitFor({ state: 'detached' });

    // A fixed pseudo-random walk of type / commit / undo / redo / save, checked after each step.
    let seed = 7;
    const random = (n: number) => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) % n);
    for (let step = 1; step <= 16; step++) {
      const op = ['type', 'type', 'commit', 'undo', 'redo', 'save'][random(6)];
      const record = 21 + random(4);
      if (op === 'type') {
        await ed.focusAnswer(record);
        await ed.type(`s${step}`);
      } else if (op === 'commit') await ed.press('Control+Enter');
      else if (op === 'undo') await ed.press('Control+z');
      else if (op === 'redo') await ed.press('Control+y');
      else {
        await ed.press('Control+s');
        await until('the save', async () => !(await ed.dirty()));
      }
      await ed.checkInvariant(`step ${step} (${op}${op === 'type' ? ` into ${record}` : ''})`);
    }
    await vs.screenshot('dataset-editor-dirty');
  }),
);
