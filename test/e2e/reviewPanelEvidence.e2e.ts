// The review panel's detector evidence, inline diff and second reviewer in a real VS Code. The
// demo answers are imported with the real command; `lexreview scan --set` runs in its own process
// against a training file in the workspace and writes its suggestions into the workspace's store;
// the panel then marks the copied span in the answer (as text), shows the matched training record,
// confirms by keyboard and takes a flag note, and shows the inline diff against the epoch partner
// by words and by characters (and the coarser-diff notice on a pathological pair). A second test
// scores as reviewer A, switches the reviewer setting to B under the open panel, scores as B and
// sees A's entries under "other reviewers", both kept in the store and counted by the report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { withVSCode, type VSCode } from './harness';
import { importAnswerRows } from './reviewSteps';
import { until } from './datasetEditorPage';
import { ReviewStore } from '../../extension/store/reviewStore';
import { seededRandom } from '../../extension/core/review/random';
import { trainingRecords } from '../unit/qualityFixture';
// @ts-expect-error: a plain .mjs script without types
import { sampleAnswers } from '../../scripts/demo-workspace.mjs';

const SET = 'answers_sample';
const E3 = 'law_batch128_epoch3_vicuna';
const E6 = 'law_batch128_epoch6_penalty1.2_vicuna';
const RECORD = '出借人请求借款人按照约定返还借款的，人民法院应予支持；借款人逾期未还的，出借人可以主张逾期利息，利率不得超过合同成立时一年期贷款市场报价利率四倍。';
const MARKUP = '<b>粗体</b>';
/** Epoch 6's answer to q01: a verbatim training record, an emoji right after it, markup, and a run into the next turn. */
const LEAKED = `根据法律规定：${MARKUP}${RECORD}😀建议您保留借条和转账记录。\nUSER: 那如果对方不还呢？`;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

function randomText(seed: number, length: number): string {
  const r = seededRandom(seed);
  const chars = '的一是在不了有和人这中大为上个国我以要他时来用们生到作地于出就分对成会可主发年动同工也能下过子说产种面而方后多定行学法所民得经十三之进着等部度家电力里如水化高自二理起小物现';
  return Array.from({ length }, () => chars[r.index(chars.length)]).join('');
}

function inStore<T>(vs: VSCode, read: (store: ReviewStore) => T): T {
  const store = ReviewStore.open(join(vs.workspace, '.lexreview', 'review.db'), { readonly: true });
  try {
    return read(store);
  } finally {
    store.close();
  }
}

/** Opens the set's review panel and switches its queue to question order; returns the panel's frame. */
async function openInQuestionOrder(vs: VSCode): Promise<Frame> {
  await vs.runCommand('LexReview: Open Review');
  await vs.pickQuickInput(SET);
  const frame = await vs.frameWithSelector('review-panel section.item', 60_000);
  await frame.locator('review-panel vscode-single-select').click();
  await frame.locator('review-panel vscode-single-select [role="option"]').filter({ hasText: 'Question order' }).click();
  await frame.locator('review-panel section.item[data-question-key="q01"]').waitFor();
  // The keys go to the panel, not to the dropdown just used.
  await frame.locator('review-panel .question-text').click();
  return frame;
}

/** Presses j until the panel shows `model`'s answer to `question`. */
async function goTo(vs: VSCode, frame: Frame, question: string, model: string): Promise<void> {
  const target = frame.locator(`review-panel section.item[data-question-key="${question}"][data-model="${model}"]`);
  for (let i = 0; i < 8 && !(await target.count()); i++) {
    const before = await frame.locator('review-panel section.item').getAttribute('data-answer-id');
    await vs.page.keyboard.press('j');
    await until('the next answer', async () => (await frame.locator('review-panel section.item').getAttribute('data-answer-id')) !== before);
  }
  await target.waitFor();
}

test('review panel: detector evidence marked in the answer and confirmed by keyboard; a flag note; the inline diff by words and characters', { timeout: 300_000 }, async () => {
  await withVSCode('reviewPanelEvidence', { settings: { 'lexreview.review.reviewer': 'e2e-li' } }, async (vs) => {
    const rows = (sampleAnswers() as Array<{ id: string; model: string; answer: string }>).map((r) => {
      if (r.id === 'q01' && r.model === E6) return { ...r, answer: LEAKED };
      // A pathological pair: two unrelated 5,000-character answers.
      if (r.id === 'q02' && (r.model === E3 || r.model === E6)) return { ...r, answer: randomText(r.model === E3 ? 1 : 2, 5000) };
      return r;
    });
    await importAnswerRows(vs, rows);

    // `lexreview scan --set` in its own process, as a user runs it, over a training file in the workspace.
    const train = join(vs.workspace, 'data', 'train.json');
    mkdirSync(join(vs.workspace, 'data'), { recursive: true });
    writeFileSync(train, JSON.stringify([...trainingRecords(40, 3), { instruction: '借款逾期利息怎么算？', input: '', output: RECORD }], null, 2));
    const scan = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'integration', 'fixtures', 'scanCommand.ts'), '--set', SET, '--train', train, '--db', join(vs.workspace, '.lexreview', 'review.db')], {
      cwd: join(__dirname, '..', '..'),
      encoding: 'utf8',
      env: { ...process.env, LANG: 'C.UTF-8' },
    });
    assert.equal(scan.status, 0, scan.stderr);
    assert.match(scan.stdout, /leakage \(high, leakage@1\): copies training record\(s\) #40/);
    const leakedId = inStore(vs, (s) => s.currentAnswerId(SET, 'q01', E6)!);
    assert.equal(inStore(vs, (s) => s.flagState(leakedId, 'leakage')?.status), 'suggested');

    const frame = await openInQuestionOrder(vs);
    await goTo(vs, frame, 'q01', E6);
    const candidate = frame.locator('review-panel .answer.candidate .text');

    // The copied span is marked in place, as text: the markup before it is no element.
    const leakMark = candidate.locator('mark[data-evidence~="leakage"]');
    await leakMark.first().waitFor();
    assert.ok((await leakMark.allInnerTexts()).join('').includes(RECORD.slice(0, 50)));
    await candidate.locator('mark[data-evidence~="runon"]').filter({ hasText: 'USER:' }).waitFor();
    await candidate.filter({ hasText: MARKUP }).waitFor();
    assert.equal(await frame.locator('review-panel .answer b').count(), 0);
    for (const text of await candidate.locator('mark').allTextContents()) assert.doesNotMatch(text, LONE_SURROGATE, 'no mark cuts the emoji');
    assert.equal((await candidate.textContent())?.replace(/\s+/g, ''), LEAKED.replace(/\s+/g, ''), 'the marks rebuild the answer exactly');

    // The suggestion with its matched training record, folded.
    const suggestion = frame.locator('review-panel .suggestion[data-suggested="leakage"]');
    await suggestion.filter({ hasText: 'A detector suggests: training-data leak' }).waitFor();
    assert.equal(await suggestion.getAttribute('data-status'), 'suggested');
    await suggestion.locator('details.matched summary').filter({ hasText: 'Matched training record (1)' }).click();
    await suggestion.locator('.record[data-record="40"] .excerpt').filter({ hasText: RECORD.slice(10, 30) }).waitFor();

    // y confirms the first open suggestion (leakage), saved at once.
    await frame.locator('review-panel .question-text').click();
    await vs.page.keyboard.press('y');
    await until('the leakage suggestion confirmed in the store', async () => inStore(vs, (s) => s.flagState(leakedId, 'leakage')?.status) === 'confirmed');
    await frame.locator('review-panel .suggestion[data-suggested="leakage"][data-status="confirmed"]').waitFor();
    assert.equal(inStore(vs, (s) => s.flagState(leakedId, 'runon')?.status), 'suggested', 'one key, one suggestion');

    // Shift+L: the leakage flag's note; Tab leaves it and saves it.
    await vs.page.keyboard.press('Shift+KeyL');
    const note = frame.locator('review-panel input[data-flag-note="leakage"]');
    await until('the flag note focused', async () => note.evaluate((el) => (el.getRootNode() as ShadowRoot).activeElement === el));
    await vs.page.keyboard.type('逐字照抄训练记录');
    await vs.page.keyboard.press('Tab');
    await until('the flag note in the store', async () => inStore(vs, (s) => s.flagState(leakedId, 'leakage')?.note) === '逐字照抄训练记录');
    await vs.screenshot('review-panel-evidence');

    // d: the inline diff against the epoch partner, by words, in the theme's diff colours; the evidence stays marked.
    await frame.locator('review-panel .question-text').click();
    await vs.page.keyboard.press('d');
    await frame.locator('review-panel [data-compare-toggle][aria-pressed="true"]').waitFor();
    assert.equal(await frame.locator('review-panel select[data-compare-model]').inputValue(), E3);
    const added = candidate.locator('ins.diff-added');
    const removed = candidate.locator('del.diff-removed');
    await added.first().waitFor();
    await removed.first().waitFor();
    await candidate.locator('ins.diff-added mark[data-evidence~="leakage"]').first().waitFor();
    const colours = await added.first().evaluate((el) => {
      const probe = document.createElement('span');
      probe.style.background = 'var(--vscode-diffEditor-insertedTextBackground)';
      el.parentNode!.appendChild(probe);
      const want = getComputedStyle(probe).backgroundColor;
      probe.remove();
      return { got: getComputedStyle(el).backgroundColor, want };
    });
    assert.equal(colours.got, colours.want);
    assert.notEqual(colours.got, 'rgba(0, 0, 0, 0)', 'the theme defines the colour');
    const removedText = async () => (await removed.allTextContents()).join('');
    const byWords = await removedText();
    await vs.screenshot('review-panel-diff-words');

    // w: by characters; shared characters inside changed words now stay unmarked, so less is removed.
    await vs.page.keyboard.press('w');
    await frame.locator('review-panel button[data-diff-mode="char"][aria-pressed="true"]').waitFor();
    await until('the character diff', async () => (await removedText()) !== byWords);
    assert.ok((await removedText()).length < byWords.length, 'a finer diff removes less');
    await candidate.locator('mark[data-evidence~="leakage"]').first().waitFor();
    await vs.screenshot('review-panel-diff-chars');

    // A pathological pair: the coarser diff is used and the panel says so.
    await goTo(vs, frame, 'q02', E6);
    await frame.locator('review-panel .notice.coarse').filter({ hasText: 'differ too much for a character diff' }).waitFor();
    await vs.screenshot('review-panel-diff-coarse');

    // The key list names the new keys.
    await vs.page.keyboard.press('?');
    const keys = frame.locator('review-panel .key-list');
    for (const label of ['Confirm the first open detector suggestion', 'Switch the diff between words and characters', 'Show or hide the other reviewers’ entries']) await keys.filter({ hasText: label }).waitFor();
    await vs.page.keyboard.press('?');
    await keys.waitFor({ state: 'detached' });
  });
});

test('review panel: a second reviewer scores beside the first; the first reviewer’s entries stay and show under “other reviewers”; the report counts both', { timeout: 300_000 }, async () => {
  await withVSCode('reviewPanelReviewers', { settings: { 'lexreview.review.reviewer': 'e2e-a', '[markdown]': { 'editor.wordWrap': 'off' } } }, async (vs) => {
    await importAnswerRows(vs, sampleAnswers() as object[]);
    const frame = await openInQuestionOrder(vs);
    const item = frame.locator('review-panel section.item');
    const id = Number(await item.getAttribute('data-answer-id'));
    const baseId = inStore(vs, (s) => s.currentAnswerId(SET, 'q01', 'chatglm_baseline')!);

    await vs.page.keyboard.press('8');
    await vs.page.keyboard.press('Shift+Digit5');
    await until("A's scores in the store", async () => inStore(vs, (s) => [s.currentReview(id, 'e2e-a')?.score, s.currentReview(baseId, 'e2e-a')?.score]).join() === '8,5');

    // The reviewer setting changes (a workspace setting, as a second person on this machine sets it).
    mkdirSync(join(vs.workspace, '.vscode'), { recursive: true });
    writeFileSync(join(vs.workspace, '.vscode', 'settings.json'), JSON.stringify({ 'lexreview.review.reviewer': 'e2e-b' }));
    await frame.locator('review-panel .bar').filter({ hasText: 'Reviewer: e2e-b' }).waitFor();
    await frame.locator('review-panel [data-progress]').filter({ hasText: '0 of 32 reviewed' }).waitFor();
    await frame.locator(`review-panel section.item[data-answer-id="${id}"]`).waitFor();
    assert.equal(await frame.locator('review-panel .score-row button[aria-pressed="true"]').count(), 0, "A's scores are not B's");

    await frame.locator('review-panel .question-text').click();
    await vs.page.keyboard.press('3');
    await vs.page.keyboard.press('Shift+Digit6');
    await until("B's scores in the store", async () => inStore(vs, (s) => [s.currentReview(id, 'e2e-b')?.score, s.currentReview(baseId, 'e2e-b')?.score]).join() === '3,6');
    assert.equal(inStore(vs, (s) => s.currentReview(id, 'e2e-a')?.score), 8, "A's score is still in the store");
    assert.equal(inStore(vs, (s) => s.currentReview(baseId, 'e2e-a')?.score), 5);

    // v: A's entries, read-only, under "other reviewers".
    await vs.page.keyboard.press('v');
    const others = frame.locator('review-panel .others-list');
    await others.locator('tr[data-other="e2e-a"][data-target="candidate"]').filter({ hasText: '8' }).waitFor();
    await others.locator('tr[data-other="e2e-a"][data-target="baseline"]').filter({ hasText: '5' }).waitFor();
    assert.equal(await others.locator('button, input, textarea').count(), 0, 'read-only');
    await vs.screenshot('review-panel-reviewers');

    // The report counts both reviewers: their agreement over the pair they both scored.
    await vs.runCommand('LexReview: Show Report as Markdown');
    await vs.pickQuickInput(SET);
    const report = vs.page.locator('.editor-group-container.active .monaco-editor .view-lines');
    await report.filter({ hasText: 'Evaluation report: answers_sample' }).waitFor();
    // The agreement is near the end: go there (the editor renders only the lines in view).
    await report.click();
    await vs.page.keyboard.press('Control+End');
    await until('the reviewers’ agreement in the report', async () => /Reviewers e2e-a and e2e-b agree on which answer is better with kappa \S+ \(1 pairs\)/.test((await report.innerText()).replace(/\u00a0/g, ' ')));
  });
});
