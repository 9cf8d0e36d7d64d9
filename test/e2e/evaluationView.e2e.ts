// The Evaluation view and the judge's key in a real VS Code (issue 14), on sets written straight
// into the workspace's store (the demo's offline-judged answers, scripts/demo-review.ts, and a
// synthetic set, bench/storeSnapshot.ts), not judged through Judge Answers… (run here only up to
// its key prompt):
// - a set row's context menu: its items by title; Open Review opens the panel on that set, Show
//   Report the report view, Export Report… writes the file chosen in the save dialog, Delete
//   Evaluation Set… (confirmed) takes the set out of the view and the store and closes its panels;
// - Set Judge API Key: the walkthrough's step is checked off, and the key is in no file of the
//   workspace, the user-data dir or its logs, nor in the LexReview output channel; Clear Judge
//   API Key: the Judge command asks for a key again;
// - a score saved in the review panel changes the open report view's human-adjusted figure to what
//   buildReport computes from the store after the save.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdirSync, readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Frame, Locator } from 'playwright-core';
import { contextMenuItem, withVSCode, type VSCode } from './harness';
import { until } from './datasetEditorPage';
import { syntheticSnapshot } from '../../bench/reviewSnapshot';
import { writeSnapshot } from '../../bench/storeSnapshot';
import { ensureDemoReviewStore } from '../../scripts/demo-review';
import { english } from '../../extension/core/l10n';
import { buildReport, type Report } from '../../extension/core/review/report';
import { formatReportMarkdown, pct } from '../../extension/core/review/reportFormat';
import type { ReviewSnapshot } from '../../extension/core/review/types';
import { ReviewStore } from '../../extension/store/reviewStore';
// @ts-expect-error: a plain .mjs script without types
import { sampleAnswers } from '../../scripts/demo-workspace.mjs';

const SET = 'answers_sample';
const REVIEWER = 'e2e-evalmenu';

/** The demo's answers file and its store (imported, judged by the offline stand-in); the store's path. */
async function seedDemoSet(vs: VSCode): Promise<string> {
  const file = join(vs.workspace, 'answers', `${SET}.jsonl`);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, (sampleAnswers() as object[]).map((r) => JSON.stringify(r)).join('\n') + '\n');
  return ensureDemoReviewStore(vs.workspace);
}

function inStore<T>(db: string, read: (store: ReviewStore) => T): T {
  const store = ReviewStore.open(db, { readonly: true });
  try {
    return read(store);
  } finally {
    store.close();
  }
}

/**
 * The Evaluation view, refreshed as the store was written behind the extension's back, and its row
 * of a set or model. (The pane first: until VS Code has registered the extension's contributions,
 * which the pane waits for, the palette does not list its commands.)
 */
async function evaluationView(vs: VSCode): Promise<(name: string) => Locator> {
  const pane = await vs.lexReviewPane('Evaluation');
  await vs.runCommand('LexReview: Refresh Evaluation');
  return (name) => pane.locator('.monaco-list-row').filter({ has: vs.page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`) }) });
}

/** A tab of the editor area by its title. */
function tab(vs: VSCode, title: string): Locator {
  return vs.page.locator('.tabs-container .tab').filter({ hasText: title });
}

/** Each model's human-adjusted figure as the report view's figures table shows it (the column found by its header). */
async function humanAdjustedShown(frame: Frame): Promise<Map<string, string>> {
  const table = frame.locator('report-view table#figures');
  const headers = (await table.locator('thead th').allInnerTexts()).map((h) => h.trim());
  const column = headers.indexOf('Human-adjusted');
  assert.ok(column > 0, `a Human-adjusted column in ${headers.join(' | ')}`);
  const shown = new Map<string, string>();
  for (const row of await table.locator('tbody tr').all()) {
    const cells = (await row.locator('th, td').allInnerTexts()).map((c) => c.trim());
    shown.set(cells[0], cells[column]);
  }
  return shown;
}

/** Every file under `root` whose bytes contain `needle`. */
function filesContaining(root: string, needle: string): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(root, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile()) continue;
    const path = join(entry.parentPath, entry.name);
    if (readFileSync(path).includes(needle)) found.push(path);
  }
  return found;
}

test('Evaluation view: a set\'s context menu lists its commands; Review, Report, Export and Delete act on that set', { timeout: 300_000 }, () =>
  withVSCode('evaluation-menu', { settings: { 'lexreview.review.reviewer': REVIEWER } }, async (vs) => {
    const { page } = vs;
    const db = await seedDemoSet(vs);
    const other = syntheticSnapshot({ questions: 6, models: 3, reviewers: 0, seed: 14 });
    const seed = ReviewStore.open(db, { actor: 'e2e' });
    try {
      writeSnapshot(seed, other);
    } finally {
      seed.close();
    }
    const row = await evaluationView(vs);
    await row(SET).locator('.label-description').filter({ hasText: '16 questions · 3 models · 32 judged · 0 of 48 reviewed' }).waitFor();
    await row(other.set).waitFor();

    // The menu: each of the set's commands by its title.
    const menu = await vs.openContextMenu(row(SET));
    for (const title of ['Judge Answers…', 'Open Review', 'Show Report', 'Compare Answers…', 'Export Report…', 'Delete Evaluation Set…']) {
      await contextMenuItem(menu, title).waitFor();
    }
    await vs.screenshot('evaluation-menu');
    await page.keyboard.press('Escape');
    await menu.waitFor({ state: 'hidden' });

    // Open Review: the panel on this set, an answer of it shown.
    await vs.runFromContextMenu(row(SET), 'Open Review', tab(vs, `Review: ${SET}`));
    const panel = await vs.frameWithSelector('review-panel section.item', 60_000);
    const item = panel.locator('review-panel section.item');
    const answerId = Number(await item.getAttribute('data-answer-id'));
    const snapshot = inStore(db, (s) => s.snapshot(SET));
    const answer = snapshot.answers.find((a) => a.answerId === answerId);
    assert.ok(answer, `answer ${answerId} is one of ${SET}'s`);
    assert.equal(await item.getAttribute('data-question-key'), answer.questionKey);
    const question = snapshot.questions.find((q) => q.key === answer.questionKey)!;
    await panel.locator('review-panel .question-text').filter({ hasText: question.text.slice(0, 12) }).waitFor();
    await vs.screenshot('evaluation-menu-review');

    // Show Report: the report view of this set, its models as the store's report has them.
    await vs.runFromContextMenu(row(SET), 'Show Report', tab(vs, `Report: ${SET}`));
    const report = await vs.frameWithSelector('report-view table#figures', 60_000);
    await report.locator('report-view h1').filter({ hasText: `Evaluation report: ${SET}` }).waitFor();
    const expected = buildReport(snapshot);
    assert.deepEqual(await report.locator('table#figures tbody th').allInnerTexts(), expected.models.map((m) => m.model));
    assert.deepEqual(await humanAdjustedShown(report), new Map(expected.models.map((m) => [m.model, pct(m.human_adjusted_pct)])));
    await vs.screenshot('evaluation-menu-report');

    // Export Report…: the save dialog (VS Code's own, in the browser) proposes SET-report.md in the
    // workspace; the file written is the Markdown report.
    const dialog = page.locator('.quick-input-widget').filter({ has: page.locator('.quick-input-title', { hasText: `Export the report of ${SET}` }) });
    await vs.runFromContextMenu(row(SET), 'Export Report…', dialog);
    // The dialog fills in the proposed path a moment after it opens: accept it only then.
    await until('the proposed file name', async () => (await dialog.locator('.quick-input-box input').inputValue()).endsWith(`${SET}-report.md`));
    await vs.answerQuickInput(`Export the report of ${SET}`);
    await vs.waitForNotification(`Report of ${SET} written to`);
    const exported = join(vs.workspace, `${SET}-report.md`);
    assert.ok(existsSync(exported), `${exported} written`);
    const text = readFileSync(exported, 'utf8');
    assert.match(text, new RegExp(`Evaluation report: ${SET}`));
    assert.equal(text, formatReportMarkdown(buildReport(inStore(db, (s) => s.snapshot(SET))), english));

    // Delete Evaluation Set…: asked first, then gone from the view and the store, and its review
    // panel and report view (both open) close; the other set stays.
    const confirm = page.locator('.monaco-dialog-box').filter({ hasText: `Delete the evaluation set "${SET}"?` });
    await vs.runFromContextMenu(row(SET), 'Delete Evaluation Set…', confirm);
    await confirm.filter({ hasText: 'Its 48 answers' }).waitFor();
    await vs.screenshot('evaluation-menu-delete');
    await confirm.locator('.monaco-button').filter({ hasText: /^Delete$/ }).click();
    await row(SET).waitFor({ state: 'detached' });
    await row(other.set).waitFor();
    assert.deepEqual(inStore(db, (s) => s.listSets().map((x) => x.name)), [other.set]);
    await tab(vs, `Report: ${SET}`).waitFor({ state: 'detached' });
    await tab(vs, `Review: ${SET}`).waitFor({ state: 'detached' });
    await vs.screenshot('evaluation-menu-deleted');
  }));

test('judge key: Set checks the walkthrough step and reaches no file, log or output; after Clear the Judge command asks again', { timeout: 300_000 }, () =>
  withVSCode('evaluation-judge-key', {}, async (vs) => {
    const { page } = vs;
    const KEY = 'sk-e2e-evalmenu-KEYSCAN-5d9c0f27';
    const db = await seedDemoSet(vs);
    const row = await evaluationView(vs);
    await row(SET).waitFor();

    // The walkthrough's "Set the judge's API key" step completes on the lexreview.judgeKeySet
    // context; its button saves the key. (VS Code marks a step done only when the context turns
    // true after its walkthrough service started, which opening the walkthrough does; the open
    // page shows the check when it is opened again.)
    await vs.runCommand('LexReview: Get Started');
    const step = page.locator('.gettingStartedContainer .getting-started-step').filter({ hasText: "Set the judge's API key" });
    await step.locator('.codicon-getting-started-step-unchecked').waitFor();
    await step.click();
    await step.locator('.monaco-button, a').filter({ hasText: 'Set Judge API Key' }).first().click();
    await vs.answerQuickInput(/API key of the judge endpoint/, KEY);
    await vs.waitForNotification(/judge API key is saved/);
    await vs.runCommand('View: Close All Editors');
    await vs.runCommand('LexReview: Get Started');
    await step.locator('.codicon-getting-started-step-checked').waitFor();
    await vs.screenshot('evaluation-judge-key-set');

    // Nowhere on disk: not the workspace (its .vscode/settings.json included, were there one), not
    // the user-data dir (User/settings.json, state, globalStorage) nor its logs (which hold the
    // output channels' text), not in the LexReview output channel, not in code-server's output.
    const output = await vs.outputChannelText('LexReview', /Review\sdatabase:/);
    assert.ok(!output.includes(KEY), 'the output channel shows no key');
    const logs = join(vs.userDataDir, 'logs');
    assert.ok(existsSync(logs), `the harness's logs are in ${logs}`);
    const channelLog = readdirSync(logs, { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('LexReview.log'));
    assert.ok(channelLog.length > 0, 'the LexReview channel is written to the logs scanned below');
    assert.ok(channelLog.some((f) => readFileSync(join(logs, f), 'utf8').includes('Review database: ')));
    assert.deepEqual(filesContaining(vs.workspace, KEY), [], 'no workspace file holds the key');
    assert.deepEqual(filesContaining(vs.userDataDir, KEY), [], 'no file of the user-data dir or its logs holds the key');
    assert.ok(!vs.server.output().includes(KEY), 'code-server printed no key');

    await vs.runCommand('LexReview: Clear Judge API Key');
    await vs.waitForNotification(/judge API key is cleared/);

    // Judge Answers… on the set: every question before the key answered as offered (Enter), until
    // it asks for the key, empty; dismissed, nothing is judged. (The walkthrough's step stays
    // checked: VS Code never takes a step's completion back when its context turns false.)
    const judged = inStore(db, (s) => s.snapshot(SET).judgments.length);
    const widget = page.locator('.quick-input-widget');
    const title = widget.locator('.quick-input-title');
    await vs.runFromContextMenu(row(SET), 'Judge Answers…', widget);
    for (let question = 1; ; question++) {
      await widget.waitFor({ state: 'visible' });
      const asked = (await title.innerText()).trim();
      if (/API key of the judge endpoint/.test(asked)) break;
      assert.ok(question < 6, `the Judge command asks for the key after a few questions, not "${asked}"`);
      await widget.locator('.quick-input-box input').press('Enter');
      await until(`an answer to "${asked}"`, async () => !(await widget.isVisible()) || (await title.innerText()).trim() !== asked);
    }
    assert.equal(await widget.locator('.quick-input-box input').inputValue(), '');
    assert.equal(await widget.locator('.quick-input-box input').getAttribute('type'), 'password');
    await vs.screenshot('evaluation-judge-key-asked');
    await page.keyboard.press('Escape');
    await widget.waitFor({ state: 'hidden' });
    assert.equal(inStore(db, (s) => s.snapshot(SET).judgments.length), judged, 'nothing judged without a key');
  }));

/** A score (1–10) that, saved by REVIEWER for `answerId`, changes `model`'s human-adjusted figure as shown (the real buildReport says which). */
function scoreThatChanges(snapshot: ReviewSnapshot, answerId: number, model: string, before: Report): number {
  const shown = (r: Report) => pct(r.models.find((m) => m.model === model)!.human_adjusted_pct);
  const answer = snapshot.answers.find((a) => a.answerId === answerId)!;
  for (const score of [10, 1, 5]) {
    const review = { answerId, questionKey: answer.questionKey, model, reviewer: REVIEWER, score, at: new Date().toISOString() };
    if (shown(buildReport({ ...snapshot, reviews: [...snapshot.reviews, review] })) !== shown(before)) return score;
  }
  throw new Error(`no score changes ${model}'s human-adjusted figure`);
}

test('report view follows the review panel: a score saved by keyboard changes the human-adjusted figure to the store\'s', { timeout: 300_000 }, () =>
  withVSCode('evaluation-report-follows', { settings: { 'lexreview.review.reviewer': REVIEWER } }, async (vs) => {
    const db = await seedDemoSet(vs);
    const row = await evaluationView(vs);
    await row(SET).waitFor();

    // The report view in the right group, the panel in the left, both visible (a webview cannot be
    // split: a text editor is split first, and each is opened from the set's menu into its group).
    await vs.openFile('README.md');
    await vs.runCommand('View: Split Editor Right');
    await vs.runFromContextMenu(row(SET), 'Show Report', tab(vs, `Report: ${SET}`));
    const report = await vs.frameWithSelector('report-view table#figures', 60_000);
    await vs.runCommand('View: Focus First Editor Group');
    await vs.runFromContextMenu(row(SET), 'Open Review', tab(vs, `Review: ${SET}`));
    const panel = await vs.frameWithSelector('review-panel section.item', 60_000);
    const item = panel.locator('review-panel section.item');
    const answerId = Number(await item.getAttribute('data-answer-id'));
    const model = (await item.getAttribute('data-model'))!;

    const snapshot = inStore(db, (s) => s.snapshot(SET));
    const before = buildReport(snapshot);
    const shownBefore = (await humanAdjustedShown(report)).get(model);
    assert.equal(shownBefore, pct(before.models.find((m) => m.model === model)!.human_adjusted_pct), 'the view shows the store\'s figure before');
    const score = scoreThatChanges(snapshot, answerId, model, before);

    // The first key needs the focus in the panel's frame (the last click was in the side bar).
    await panel.locator('review-panel .question-text').click();
    await vs.page.keyboard.press(score === 10 ? '0' : String(score));
    await until(`the score ${score} in the store`, async () => inStore(db, (s) => s.currentReview(answerId, REVIEWER)?.score) === score);
    const after = pct(buildReport(inStore(db, (s) => s.snapshot(SET))).models.find((m) => m.model === model)!.human_adjusted_pct);
    assert.notEqual(after, shownBefore, 'the saved score changes the figure');
    await until(`the report view to show ${model}: ${after}`, async () => (await humanAdjustedShown(report)).get(model) === after);
    await vs.screenshot('evaluation-report-follows');
  }));
