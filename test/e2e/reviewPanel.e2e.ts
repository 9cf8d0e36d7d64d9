// The review panel in a real VS Code: import the demo answers with the real command, open the
// panel from the command palette, then by keyboard only score (8), move on (j), flag repetition
// (r) and undo (Ctrl+Z) twice, checking each step in the workspace's SQLite store as another
// process sees it (read-only); markup inside an answer shows as text and makes no element.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { withVSCode } from './harness';
import { until } from './datasetEditorPage';
import { ReviewStore } from '../../extension/store/reviewStore';
// @ts-expect-error: a plain .mjs script without types
import { sampleAnswers } from '../../scripts/demo-workspace.mjs';

const REVIEWER = 'e2e-li';
const BASELINE = 'chatglm_baseline';
/** Appended to every candidate answer, so whichever the queue shows first carries it. */
const MARKUP = '<img src=x onerror="document.title=\'pwned\'"><b>粗体</b>';

test('review panel: score, next, flag and undo by keyboard, each saved to the store at once; answers stay text', { timeout: 300_000 }, async () => {
  await withVSCode('reviewPanel', { settings: { 'lexreview.review.reviewer': REVIEWER } }, async (vs) => {
    const rows = (sampleAnswers() as Array<{ model: string; answer: string }>).map((r) => (r.model === BASELINE ? r : { ...r, answer: `${r.answer}\n${MARKUP}` }));
    mkdirSync(join(vs.workspace, 'answers'), { recursive: true });
    writeFileSync(join(vs.workspace, 'answers', 'answers_sample.jsonl'), rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
    await vs.openFile('answers/answers_sample.jsonl');
    await vs.runCommand('LexReview: Import Answers…');
    await vs.answerQuickInput(/into which evaluation set/);
    await vs.waitForNotification(/Imported 48 answer\(s\) into "answers_sample"/);
    const db = join(vs.workspace, '.lexreview', 'review.db');
    const inStore = <T>(read: (store: ReviewStore) => T): T => {
      const store = ReviewStore.open(db, { readonly: true });
      try {
        return read(store);
      } finally {
        store.close();
      }
    };

    await vs.runCommand('LexReview: Open Review');
    await vs.pickQuickInput('answers_sample');
    const frame = await vs.frameWithSelector('review-panel section.item', 60_000);
    const item = frame.locator('review-panel section.item');
    const progress = frame.locator('review-panel [data-progress]');
    await progress.filter({ hasText: '0 of 32 reviewed' }).waitFor();
    const first = Number(await item.getAttribute('data-answer-id'));
    const firstModel = await item.getAttribute('data-model');
    assert.notEqual(firstModel, BASELINE);

    // Markup in the answer is its text: shown literally, no element made of it.
    const candidateText = frame.locator('review-panel .answer.candidate .text');
    await candidateText.filter({ hasText: MARKUP }).waitFor();
    assert.equal(await frame.locator('review-panel img').count(), 0);
    assert.equal(await frame.locator('review-panel .answer b').count(), 0);
    assert.notEqual(await frame.evaluate(() => document.title), 'pwned');

    // Keys reach the panel once the webview has the focus (a click on the question, no button).
    await frame.locator('review-panel .question-text').click();
    await vs.page.keyboard.press('8');
    await until('the score 8 in the store', async () => inStore((s) => s.currentReview(first, REVIEWER)?.score) === 8);
    await progress.filter({ hasText: '1 of 32 reviewed' }).waitFor();
    await frame.locator('review-panel .score-row button[data-score="8"][aria-pressed="true"]').first().waitFor();
    assert.equal(inStore((s) => s.snapshot('answers_sample').reviews.length), 1, 'one review, of the candidate answer');

    await vs.page.keyboard.press('j');
    await until('the next answer', async () => Number(await item.getAttribute('data-answer-id')) !== first);
    const second = Number(await item.getAttribute('data-answer-id'));
    await candidateText.filter({ hasText: MARKUP }).waitFor();

    await vs.page.keyboard.press('r');
    await until('the repetition flag in the store', async () => inStore((s) => s.flagState(second, 'repetition')?.status) === 'confirmed');
    assert.equal(inStore((s) => s.flagState(second, 'repetition')?.source), 'human');
    await frame.locator('review-panel button[data-flag="repetition"][aria-pressed="true"]').waitFor();

    await vs.page.keyboard.press('?');
    await frame.locator('review-panel .key-list').waitFor();
    await vs.screenshot('review-panel-keys');
    await vs.page.keyboard.press('?');
    await frame.locator('review-panel .key-list').waitFor({ state: 'detached' });

    await vs.page.keyboard.press('Control+z');
    await until('the flag taken back', async () => inStore((s) => s.flagState(second, 'repetition')) === undefined);
    await frame.locator('review-panel button[data-flag="repetition"][aria-pressed="false"]').waitFor();
    assert.equal(inStore((s) => s.currentReview(first, REVIEWER)?.score), 8, 'one undo takes back one change');

    await vs.page.keyboard.press('Control+z');
    await until('the score taken back', async () => inStore((s) => s.currentReview(first, REVIEWER)) === undefined);
    await until('the first answer shown again', async () => Number(await item.getAttribute('data-answer-id')) === first);
    await progress.filter({ hasText: '0 of 32 reviewed' }).waitFor();
    // VS Code's own undo did not run: the answers file it has open is unchanged and not dirty.
    assert.equal(await vs.page.locator('.tabs-container .tab.dirty').count(), 0);

    await vs.page.keyboard.press('6');
    await until('a new score', async () => inStore((s) => s.currentReview(first, REVIEWER)?.score) === 6);
    await vs.screenshot('review-panel');
  });
});
