// The dataset editor's layout at a wide (1400×900) and a narrow (900×700) window, in the dark and
// the light theme: the toolbar stays one line and nothing in it overflows, the search result
// fits, clipped cells have their text as a tooltip, a column resizes by its header's edge and
// the divider between table and detail pane drags along its whole length without selecting
// text. One screenshot per size and theme. Then, in one theme, a ShareGPT file with tool turns
// and a preference file: every turn's role in the Fields tab, why there is no Template Preview,
// the chosen and rejected answers as cells and fields; and Open as Text at the selected record.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { withVSCode, type VSCode } from './harness';
import { editorFrame, field, openWith, until } from './datasetEditorPage';

const FILE = 'law_2k.json';
const SIZES = [
  { name: 'wide', width: 1400, height: 900 },
  { name: 'narrow', width: 900, height: 700 },
] as const;

type Box = { x: number; y: number; width: number; height: number };

async function box(frame: Frame, selector: string): Promise<Box> {
  const b = await frame.locator(selector).first().boundingBox();
  assert.ok(b, `${selector} is laid out`);
  return b;
}

/** The divider of the table / detail split, from inside the split layout's shadow root. */
function dividerBox(frame: Frame): Promise<Box & { split: string; splitBox: Box }> {
  return frame.evaluate(() => {
    const split = document.querySelector('dataset-editor')!.shadowRoot!.querySelector('vscode-split-layout')!;
    const r = split.shadowRoot!.querySelector('.handle')!.getBoundingClientRect();
    const s = split.getBoundingClientRect();
    return { x: r.x, y: r.y, width: r.width, height: r.height, split: split.getAttribute('split') ?? '', splitBox: { x: s.x, y: s.y, width: s.width, height: s.height } };
  });
}

async function checkLayout(vs: VSCode, frame: Frame, size: (typeof SIZES)[number], theme: string): Promise<void> {
  const { page } = vs;
  await page.setViewportSize({ width: size.width, height: size.height });
  // The toolbar follows the new width (compact below 960 px: the actions in a menu).
  const compact = size.width < 1000;
  await frame.locator(compact ? 'de-toolbar vscode-button.more' : 'de-toolbar vscode-button:has-text("Open as Text")').waitFor();

  // One line: no taller than its tallest control plus its padding, and nothing cut off.
  const toolbar = await box(frame, 'de-toolbar');
  const field = await box(frame, 'de-toolbar vscode-textfield');
  assert.ok(toolbar.height < field.height * 2, `${size.name}: the toolbar is one line (${toolbar.height}px for a ${field.height}px field)`);
  const overflow = await frame.locator('de-toolbar').evaluate((el) => el.scrollWidth - el.clientWidth);
  assert.ok(overflow <= 0, `${size.name}: nothing overflows the toolbar (${overflow}px)`);

  // The search result (the selected record's place among the results) is shown whole.
  const result = frame.locator('de-toolbar .result');
  await result.filter({ hasText: /Result [\d,]+ of [\d,]+ · [\d,]+ matches/ }).waitFor();
  // Its text's own width against its box: scrollWidth rounds away a cut of a fraction of a pixel,
  // which is enough for the ellipsis.
  const cut = await result.evaluate((el) => {
    const text = document.createRange();
    text.selectNodeContents(el);
    return Math.max(el.scrollWidth - el.clientWidth, text.getBoundingClientRect().width - el.getBoundingClientRect().width);
  });
  assert.ok(cut <= 0.01, `${size.name}: the result "${await result.innerText()}" fits (${cut}px cut)`);
  const resultBox = await box(frame, 'de-toolbar .result');
  assert.ok(resultBox.x + resultBox.width <= toolbar.x + toolbar.width, `${size.name}: the result is inside the toolbar`);

  // Cells carry their text as a tooltip (an attribute: text, never markup).
  const cell = frame.locator('de-record-table .body [role=row][aria-rowindex="2"] [role=gridcell]').nth(1);
  await until('the first row', async () => ((await cell.innerText()).trim() !== ''));
  assert.equal(await cell.getAttribute('title'), (await cell.innerText()).trim());

  // The divider: the split's whole height (or width, below) and a few px across.
  const divider = await dividerBox(frame);
  const along = divider.split === 'vertical' ? divider.height : divider.width;
  const across = divider.split === 'vertical' ? divider.width : divider.height;
  const full = divider.split === 'vertical' ? divider.splitBox.height : divider.splitBox.width;
  assert.equal(divider.split, size.name === 'narrow' ? 'horizontal' : 'vertical', `${size.name}: detail pane beside when wide, below when narrow`);
  assert.ok(along >= full - 1 && across >= 4, `${size.name}: the divider spans the split (${along} of ${full}px, ${across}px across)`);

  await page.mouse.move(0, 0);
  await vs.screenshot(`dataset-editor-layout-${size.name}-${theme}`);
}

/** Drags the table / detail divider from a point away from its middle: the table's size follows, no text gets selected. */
async function dragDivider(vs: VSCode, frame: Frame): Promise<void> {
  const table = () => box(frame, 'de-record-table');
  const before = await table();
  const d = await dividerBox(frame);
  // getBoundingClientRect is relative to the webview's frame: add where that frame is on the page.
  const frameOffset = await (await frame.frameElement()).boundingBox();
  assert.ok(frameOffset);
  const vertical = d.split === 'vertical';
  // A quarter along the divider, not its middle: the whole divider takes the drag.
  const x = frameOffset.x + d.x + (vertical ? d.width / 2 : d.width / 4);
  const y = frameOffset.y + d.y + (vertical ? d.height / 4 : d.height / 2);
  await vs.page.mouse.move(x, y);
  await vs.page.mouse.down();
  await vs.page.mouse.move(vertical ? x - 80 : x, vertical ? y : y - 60, { steps: 5 });
  await vs.page.mouse.up();
  await until('the table to follow the divider', async () => {
    const after = await table();
    return vertical ? after.width < before.width - 40 : after.height < before.height - 30;
  });
  assert.equal(await frame.evaluate(() => getSelection()?.toString() ?? ''), '', 'dragging selects no text');
}

/** Drags the right edge of the first text column's header; its cells follow, and Shift+→ widens it. */
async function resizeColumn(vs: VSCode, frame: Frame): Promise<void> {
  const header = frame.locator('de-record-table .header [role=columnheader]').nth(1);
  const cell = frame.locator('de-record-table .body [role=row][aria-rowindex="2"] [role=gridcell]').nth(1);
  const before = (await header.boundingBox())!;
  // A locator's box is in the page's coordinates already (the webview's frames included).
  const edge = (await header.locator('.resizer').boundingBox())!;
  const x = edge.x + edge.width / 2;
  const y = edge.y + edge.height / 2;
  await vs.page.mouse.move(x, y);
  await vs.page.mouse.down();
  await vs.page.mouse.move(x + 60, y, { steps: 5 });
  await vs.page.mouse.up();
  await until('the column to widen', async () => Math.abs((await header.boundingBox())!.width - (before.width + 60)) <= 2);
  assert.ok(Math.abs((await cell.boundingBox())!.width - (await header.boundingBox())!.width) <= 1, 'the cells follow their header');
  assert.equal(await frame.evaluate(() => getSelection()?.toString() ?? ''), '', 'resizing selects no text');
  const dragged = (await header.boundingBox())!.width;
  await header.locator('button.sort').focus();
  await vs.page.keyboard.press('Shift+ArrowLeft');
  await until('Shift+← to narrow the column', async () => (await header.boundingBox())!.width < dragged - 8);
}

const TOOLS = {
  conversations: [
    { from: 'human', value: '查一下刑法第二百六十四条' },
    { from: 'function_call', value: '{"name": "lookup_article", "arguments": {"n": 264}}' },
    { from: 'observation', value: '{"text": "盗窃公私财物，数额较大的……"}' },
    { from: 'gpt', value: '第二百六十四条规定了盗窃罪。' },
  ],
  tools: '[{"name": "lookup_article"}]',
};
const PREFERENCE = { conversations: [{ from: 'human', value: '借钱不还怎么办？' }], chosen: { from: 'gpt', value: '可以先协商，再起诉。' }, rejected: { from: 'gpt', value: '不知道。' } };

async function toolAndPreferenceFiles(vs: VSCode): Promise<void> {
  writeFileSync(join(vs.workspace, 'data', 'toolcall.json'), JSON.stringify([TOOLS], null, 2));
  writeFileSync(join(vs.workspace, 'data', 'dpo.jsonl'), JSON.stringify(PREFERENCE) + '\n');
  await vs.openFile('data/toolcall.json');
  await vs.runCommand('LexReview: Open Dataset');
  const tools = await editorFrame(vs, 'toolcall.json');
  const roles = tools.locator('de-field-editor label .muted');
  await until('the four turns', async () => (await roles.count()) >= 4);
  assert.deepEqual((await roles.allInnerTexts()).slice(0, 4), ['question · turn 1', 'tool call · turn 1', 'tool result · turn 2', 'answer · turn 2']);
  await tools.locator('de-detail-pane vscode-tab-header').filter({ hasText: 'Template Preview' }).click();
  await tools.locator('de-template-preview .unavailable').filter({ hasText: 'tool calls or tool results' }).waitFor();
  await vs.page.mouse.move(0, 0);
  await vs.screenshot('dataset-editor-tool-turns-preview');

  await vs.openFile('data/dpo.jsonl');
  await vs.runCommand('LexReview: Open Dataset');
  const dpo = await editorFrame(vs, 'dpo.jsonl');
  const headers = dpo.locator('de-record-table .header [role=columnheader] .label');
  await until('the columns', async () => (await headers.count()) === 5);
  assert.deepEqual(await headers.allInnerTexts(), ['#', 'conversations', 'chosen', 'rejected', 'Length']);
  await dpo.locator('de-record-table .body [role=gridcell]').filter({ hasText: /^不知道。$/ }).waitFor();
  assert.equal(await field(dpo, 'chosen.value').locator('textarea').inputValue(), '可以先协商，再起诉。');
  assert.equal(await field(dpo, 'rejected.value').locator('textarea').inputValue(), '不知道。');
  await field(dpo, 'rejected.value').locator('label .muted').filter({ hasText: 'rejected answer' }).waitFor();
  await vs.page.mouse.move(0, 0);
  await vs.screenshot('dataset-editor-preference');
}

/** Sorted by length, the header keeps its whole label: the arrow has room of its own. */
async function sortedHeader(frame: Frame): Promise<void> {
  const length = frame.locator('de-record-table .header [role=columnheader].len');
  await length.locator('button.sort').click();
  await length.filter({ has: frame.locator('.arrow:text-is("▲")') }).waitFor();
  const cut = await length.locator('.label').evaluate((el) => el.scrollWidth - el.clientWidth);
  assert.ok(cut <= 0, `the sorted header reads "${await length.innerText()}" (${cut}px cut)`);
}

/** Open as Text (from the narrow toolbar's menu) puts the cursor at the selected record's first line. */
async function openAsTextAtRecord(vs: VSCode, frame: Frame): Promise<void> {
  const title = await frame.locator('de-detail-pane .title').innerText();
  const number = Number(title.replace(/\D/g, ''));
  // The generated file is pretty-printed: a record starts with a line "  {".
  const lines = readFileSync(join(vs.workspace, 'data', FILE), 'utf8').split('\n');
  const starts = lines.flatMap((l, i) => (l.startsWith('  {') ? [i + 1] : []));
  await frame.locator('de-toolbar vscode-button.more').click();
  await frame.locator('de-toolbar vscode-context-menu vscode-context-menu-item').filter({ hasText: 'Open as Text' }).click();
  await vs.page.locator('.statusbar-item[id="status.editor.selection"]').filter({ hasText: `Ln ${starts[number - 1]}, Col 3` }).waitFor();
}

for (const theme of ['dark', 'light'] as const) {
  test(`dataset editor layout at 1400×900 and 900×700, ${theme} theme`, { timeout: 300_000 }, () =>
    withVSCode(
      `dataset-editor-layout-${theme}`,
      {
        datasets: { [`data/${FILE}`]: 2_000 },
        viewport: { width: SIZES[0].width, height: SIZES[0].height },
        settings: theme === 'light' ? { 'workbench.colorTheme': 'Default Light Modern' } : { 'workbench.colorTheme': 'Default Dark Modern' },
      },
      async (vs) => {
        await openWith(vs, 'data', FILE, 'LexReview Dataset');
        const frame = await editorFrame(vs, FILE);
        await frame.locator('de-record-table [role=row][aria-rowindex="2"] .num').filter({ hasText: /^\s*1\s*$/ }).waitFor({ timeout: 60_000 });
        await frame.locator('de-toolbar vscode-textfield input').fill('诈骗');
        // Step to the third result, so the result says "Result 3 of …".
        await frame.locator('de-toolbar .result').filter({ hasText: /^Result 1 of/ }).waitFor();
        await vs.page.keyboard.press('F3');
        await vs.page.keyboard.press('F3');
        await frame.locator('de-toolbar .result').filter({ hasText: /^Result 3 of/ }).waitFor();
        for (const size of SIZES) await checkLayout(vs, frame, size, theme);
        await dragDivider(vs, frame);
        await resizeColumn(vs, frame);
        await sortedHeader(frame);
        // A regex that does not compile: said in words, at its character, the field marked invalid.
        await frame.locator('de-toolbar button.toggle[title="Use Regular Expression"]').click();
        await frame.locator('de-toolbar vscode-textfield input').fill('诈骗(');
        await frame.locator('de-toolbar .result.error').filter({ hasText: 'Invalid regular expression: a group is not closed (character 3)' }).waitFor();
        await frame.locator('de-toolbar vscode-textfield[invalid]').waitFor();
        if (theme === 'light') {
          await openAsTextAtRecord(vs, frame);
          await toolAndPreferenceFiles(vs);
        }
      },
    ),
  );
}
