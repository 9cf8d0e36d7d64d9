// The review panel in a real VS Code: import the demo answers with the real command, judge them
// against a local OpenAI-compatible server, open the panel from the command palette, then by
// keyboard only score (8), see the open report's figure change, move on (j), flag repetition (r)
// and undo (Ctrl+Z) twice, checking each step in the workspace's SQLite store as another process
// sees it (read-only); markup inside an answer shows as text and makes no element; a window reload
// reopens the panel with every entry kept.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { recordTiming, withVSCode } from './harness';
import { importAnswerRows, judgeAll } from './reviewSteps';
import { startFakeOpenAI } from '../integration/fakeOpenAI';
import { until } from './datasetEditorPage';
import { ReviewStore } from '../../extension/store/reviewStore';
// @ts-expect-error: a plain .mjs script without types
import { sampleAnswers } from '../../scripts/demo-workspace.mjs';

const REVIEWER = 'e2e-li';
const KEY = 'sk-e2e-panel-7f3a';
const BASELINE = 'chatglm_baseline';
/** Appended to every candidate answer, so whichever the queue shows first carries it. */
const MARKUP = '<img src=x onerror="document.title=\'pwned\'"><b>粗体</b>';

test('review panel: score, next, flag and undo by keyboard, each saved to the store at once; the report follows; answers stay text', { timeout: 300_000 }, async () => {
  // The judge prefers Assistant 1 whichever answer that is: the two orders always disagree.
  const judge = await startFakeOpenAI({ apiKey: KEY, respond: () => '8 7\n助手1的回答更完整。' });
  try {
  await withVSCode('reviewPanel', { settings: { 'lexreview.review.reviewer': REVIEWER, 'lexreview.judge.baseURL': judge.url, 'lexreview.judge.concurrency': 8, '[markdown]': { 'editor.wordWrap': 'off' } } }, async (vs) => {
    const rows = (sampleAnswers() as Array<{ model: string; answer: string }>).map((r) => (r.model === BASELINE ? r : { ...r, answer: `${r.answer}\n${MARKUP}` }));
    await importAnswerRows(vs, rows);
    const db = join(vs.workspace, '.lexreview', 'review.db');
    const inStore = <T>(read: (store: ReviewStore) => T): T => {
      const store = ReviewStore.open(db, { readonly: true });
      try {
        return read(store);
      } finally {
        store.close();
      }
    };

    await judgeAll(vs, { set: 'answers_sample', baseline: BASELINE, key: KEY, judgments: 64 });

    // The report, open in a tab of its own while the reviewer works in the panel (unwrapped: a
    // table row is one line of the editor to read).
    await vs.runCommand('LexReview: Show Report as Markdown');
    await vs.pickQuickInput('answers_sample');
    const reportLines = vs.page.locator('.editor-group-container.active .monaco-editor .view-lines');
    await reportLines.filter({ hasText: 'Evaluation report: answers_sample' }).waitFor();
    const reportRow = async (model: string) => ((await reportLines.innerText()).replace(/\u00a0/g, ' ').split('\n').find((l) => l.startsWith(`| ${model} |`)) ?? '');
    const rowsBefore = new Map<string, string>();
    for (const model of ['law_batch128_epoch3_vicuna', 'law_batch128_epoch6_penalty1.2_vicuna']) rowsBefore.set(model, await reportRow(model));

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

    // The judge's verdicts, folded, and why this answer comes first.
    await frame.locator('review-panel details.judge summary').filter({ hasText: 'Judge: 7 : 8 · 8 : 7' }).or(frame.locator('review-panel details.judge summary').filter({ hasText: 'Judge: 8 : 7 · 7 : 8' })).waitFor();
    await frame.locator('review-panel .reasons').filter({ hasText: 'the two orders disagree' }).waitFor();
    assert.equal(await frame.locator('review-panel details.judge[open]').count(), 0, 'folded');

    const rowBefore = rowsBefore.get(firstModel!)!;
    // The Markdown row: | model | questions | headline | judge | human-adjusted | reviewed questions |
    const humanAdjusted = (row: string) => row.split(' | ')[4] ?? '';
    assert.match(humanAdjusted(rowBefore), /^100\.0 % \(/, 'judge only: both orders cancel out');

    // The panel has the focus on opening: keys work with no click.
    await vs.page.keyboard.press('8');
    await until('the score 8 in the store', async () => inStore((s) => s.currentReview(first, REVIEWER)?.score) === 8);
    await progress.filter({ hasText: '1 of 32 reviewed' }).waitFor();
    await frame.locator('review-panel .score-row button[data-score="8"][aria-pressed="true"]').first().waitFor();
    assert.equal(inStore((s) => s.snapshot('answers_sample').reviews.length), 1, 'one review, of the candidate answer');

    // The report document refreshed on the panel's event: a human's 8 against the judge's 7.5.
    await vs.page.locator('.tabs-container .tab').filter({ hasText: 'answers_sample.md' }).click();
    await until('the report row to change', async () => (await reportRow(firstModel!)) !== rowBefore && (await reportRow(firstModel!)) !== '');
    // 16 questions judged 7.5 : 7.5; one candidate answer now a human's 8: 120.5 / 120.
    assert.match(humanAdjusted(await reportRow(firstModel!)), /^100\.4 % \(95 % interval /);
    await vs.page.locator('.tabs-container .tab').filter({ hasText: 'Review: answers_sample' }).click();
    await frame.locator('review-panel .question-text').click();

    await vs.page.keyboard.press('j');
    await until('the next answer', async () => Number(await item.getAttribute('data-answer-id')) !== first);
    // The measure is taken in the frame after the new answer is in the DOM: wait for it, then count.
    const measured = () => frame.evaluate(() => performance.getEntriesByName('lexreview:key-to-paint').map((e) => e.duration));
    await until('the paint to be measured', async () => (await measured()).length > 0);
    const paints = await measured();
    assert.equal(paints.length, 1, 'one key, one measured paint');
    recordTiming('reviewPanel.keyToNextAnswerMs', Math.round(paints[0]));
    recordTiming('reviewPanel.firstItemMs', Math.round(await frame.evaluate(() => performance.getEntriesByName('lexreview:first-item')[0]?.startTime ?? -1)));
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
    await frame.locator('review-panel details.judge summary').click();
    await frame.locator('review-panel details.judge[open] .reply').first().waitFor();
    await vs.screenshot('review-panel');
    assert.ok(!readFileSync(db).includes(KEY), 'the judge key never reaches the store');

    // A window reload reopens the panel on the same set, with every entry kept.
    await vs.page.evaluate(() => ((window as unknown as { beforeReload: boolean }).beforeReload = true));
    await vs.runCommand('Developer: Reload Window');
    await until('the window reloaded', async () => !(await vs.page.evaluate(() => 'beforeReload' in window).catch(() => true)));
    await vs.waitForWorkbench();
    const reopened = await vs.frameWithSelector('review-panel [data-progress]', 60_000);
    await reopened.locator('review-panel [data-progress]').filter({ hasText: '1 of 32 reviewed' }).waitFor();
    assert.equal(inStore((s) => s.currentReview(first, REVIEWER)?.score), 6);

    // The queue dropdown: the doubt queue leaves the reviewed answer out, question order has them all.
    const position = reopened.locator('review-panel .position');
    await position.filter({ hasText: 'of 31 in this queue' }).waitFor();
    await reopened.locator('review-panel vscode-single-select').click();
    await reopened.locator('review-panel vscode-single-select [role="option"]').filter({ hasText: 'Question order' }).click();
    await position.filter({ hasText: 'of 32 in this queue' }).waitFor();
    await reopened.locator('review-panel section.item[data-question-key="q01"]').waitFor();

    // What a screen reader is told: each control by its name and state, the question by a live
    // region; and the keyboard's focus is drawn (the theme's focus border).
    const candidateScores = reopened.getByRole('group', { name: 'Your score for the candidate’s answer' });
    for (let score = 1; score <= 10; score++) await candidateScores.getByRole('button', { name: `Score ${score}`, exact: true }).waitFor();
    await reopened.getByRole('group', { name: 'Flags on the candidate’s answer' }).getByRole('button', { name: /^Flag: training-data leak/ }).waitFor();
    await reopened.getByRole('region', { name: /^Baseline’s answer/ }).or(reopened.locator('review-panel section.answer.baseline[aria-label^="Baseline’s answer"]')).first().waitFor();
    await reopened.getByRole('status').filter({ hasText: /^Question 1: / }).waitFor();
    await reopened.getByRole('combobox', { name: 'Queue order' }).or(reopened.locator('review-panel vscode-single-select[aria-label="Queue order"]')).first().waitFor();
    await candidateScores.getByRole('button', { name: 'Score 3', exact: true }).focus();
    await vs.page.keyboard.press('Tab');
    const focus = await reopened.evaluate(() => {
      let el: Element | null = document.activeElement;
      while (el?.shadowRoot?.activeElement) el = el.shadowRoot.activeElement;
      const style = el ? getComputedStyle(el) : undefined;
      return { label: el?.getAttribute('aria-label'), visible: el?.matches(':focus-visible') ?? false, outline: style ? `${style.outlineStyle} ${style.outlineWidth}` : '' };
    });
    assert.equal(focus.label, 'Score 4', 'Tab moves to the next score');
    assert.ok(focus.visible && !focus.outline.startsWith('none') && focus.outline !== 'solid 0px', `focus drawn: ${JSON.stringify(focus)}`);
    await vs.screenshot('review-panel-focus');
  });
  } finally {
    await judge.close();
  }
});
