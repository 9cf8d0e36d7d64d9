// The dataset editor's detector filters in a real VS Code: "Near duplicates" keeps only the two
// copies of a record, each saying which record it nearly repeats; "Overlaps the evaluation set…"
// asks for a set of the workspace's review store and keeps only the records that hold one of its
// questions, the question shown as the reason in the table and in the detail pane.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { withVSCode } from './harness';
import { editorFrame, until } from './datasetEditorPage';
import { readAnswerFile } from '../../extension/core/review/answerImport';
import { ReviewStore } from '../../extension/store/reviewStore';
import { DRUNK, FILTER_RECORDS } from '../unit/qualityFilterFixture';

const RECORDS = FILTER_RECORDS;
const SET = 'eval_questions';

/** The record numbers the table shows, in order. */
async function shownRecords(frame: Frame): Promise<string[]> {
  // The header row is aria-rowindex 1; a cell holds the reason's mark before the number.
  return (await frame.locator('de-record-table [role=row]:not([aria-rowindex="1"]) .num').allInnerTexts()).map((s) => s.replace(/\D/g, ''));
}

async function pickFilter(frame: Frame, label: string): Promise<void> {
  await frame.locator('de-toolbar vscode-single-select').click();
  await frame.locator('de-toolbar vscode-single-select [role="option"]').filter({ hasText: label }).click();
}

test('dataset editor: near-duplicate and evaluation-overlap filters show only the matching records, with why', { timeout: 240_000 }, () =>
  withVSCode('dataset-editor-filters', {}, async (vs) => {
    const { page } = vs;
    mkdirSync(join(vs.workspace, 'data'), { recursive: true });
    writeFileSync(join(vs.workspace, 'data', 'train.jsonl'), RECORDS.map((r) => JSON.stringify(r)).join('\n') + '\n');
    // An evaluation set in the workspace's store, as Import Answers… or `lexreview import` leaves it.
    const answers = join(vs.workspace, 'answers.jsonl');
    writeFileSync(answers, [DRUNK, '公司拖欠工资三个月不发，应该怎么维权？'].map((question) => JSON.stringify({ question, model: 'law_epoch3', answer: '……' })).join('\n') + '\n');
    const store = ReviewStore.open(join(vs.workspace, '.lexreview', 'review.db'), { actor: 'e2e' });
    try {
      store.importAnswers((await readAnswerFile(answers, {})).rows, { set: SET, file: answers });
    } finally {
      store.close();
    }

    await vs.openFile('data/train.jsonl');
    await vs.runCommand('LexReview: Open Dataset');
    const frame = await editorFrame(vs, 'train.jsonl');
    await frame.locator('de-toolbar .count').filter({ hasText: '7 records' }).waitFor();

    await pickFilter(frame, 'Near duplicates');
    await frame.locator('de-toolbar .count').filter({ hasText: '2 of 7 records' }).waitFor({ timeout: 60_000 });
    // The count comes with the filter's answer, the rows with the table's next page: wait for them.
    await until('records 1 and 5', async () => JSON.stringify(await shownRecords(frame)) === '["1","5"]', 60_000);
    const reasons = await frame.locator('de-record-table [role=row] .reason-icon').evaluateAll((els) => els.map((e) => e.getAttribute('aria-label')));
    assert.match(reasons[0]!, /^Nearly the same as record #5 \(similarity at least \d+ %\)$/);
    assert.match(reasons[1]!, /^Nearly the same as record #1 /);
    await frame.locator('de-detail-pane .reason').filter({ hasText: 'Nearly the same as record #5' }).waitFor();
    await vs.screenshot('dataset-editor-near-duplicates');

    await pickFilter(frame, 'Overlaps the evaluation set');
    await vs.pickQuickInput(SET);
    // The count is the same as the last filter's: wait for the rows themselves.
    await until('records 3 and 7', async () => JSON.stringify(await shownRecords(frame)) === '["3","7"]', 60_000);
    await frame.locator('de-toolbar .count').filter({ hasText: '2 of 7 records' }).waitFor();
    const question = frame.locator('de-record-table [role=row] .reason-icon').first();
    assert.equal(await question.getAttribute('aria-label'), `Holds the evaluation question “${DRUNK}”`);
    await frame.locator('de-detail-pane .reason').filter({ hasText: DRUNK }).waitFor();
    await vs.screenshot('dataset-editor-evaluation-overlap');

    // Back to every record: the reasons go with the filter.
    await pickFilter(frame, 'All records');
    await frame.locator('de-toolbar .count').filter({ hasText: /^\s*7 records\s*$/ }).waitFor();
    assert.equal(await frame.locator('de-record-table .reason-icon').count(), 0);

    // Asked for the evaluation set, Escape: the filter stays what it was, and the select says so.
    await pickFilter(frame, 'Overlaps the evaluation set');
    await page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ hasText: SET }).first().waitFor();
    await page.keyboard.press('Escape');
    await until('the select back on All records', async () => (await frame.locator('de-toolbar vscode-single-select').evaluate((e) => (e as HTMLSelectElement).value)) === 'all');
    await frame.locator('de-toolbar .count').filter({ hasText: /^\s*7 records\s*$/ }).waitFor();
  }));
