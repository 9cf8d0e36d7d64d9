// The report view in a real VS Code: the demo answers imported and judged (real `openai` client
// against a local OpenAI-compatible server), "LexReview: Show Report" opens the webview, which
// shows each model's figures as the JSON report computed from the workspace's database says, with
// the chart drawn; reviews saved meanwhile show when the panel is shown again; Export JSON writes
// the report itself. Screenshot in the default (dark) theme.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { importAnswerRows, judgeAll } from './reviewSteps';
import { withVSCode, type VSCode } from './harness';
import { startFakeOpenAI } from '../integration/fakeOpenAI';
import { buildReport, type Report } from '../../extension/core/review/report';
import { pct } from '../../extension/core/review/reportFormat';
import { ReviewStore } from '../../extension/store/reviewStore';
// @ts-expect-error: a plain .mjs script without types
import { sampleAnswers, MODELS } from '../../scripts/demo-workspace.mjs';

const KEY = 'sk-e2e-report-4f1a';
const SET = 'answers_sample';

/** Scores from a hash of the prompt: varied across questions and models, the same for the same prompt. */
function judgeReply(messages: unknown): string {
  const h = createHash('sha256').update(JSON.stringify(messages)).digest();
  return `${4 + (h[0] % 6)} ${4 + (h[1] % 5)}\n两个回答各有所长。`;
}

function reportOf(db: string): Report {
  const store = ReviewStore.open(db, { readonly: true });
  try {
    return buildReport(store.snapshot(SET));
  } finally {
    store.close();
  }
}

/** Runs "LexReview: Show Report" itself, not "… as Markdown" (both rows match the typed title). */
async function showReport(vs: VSCode): Promise<void> {
  const input = await vs.openCommandPalette();
  await input.fill('>LexReview: Show Report');
  const row = vs.page.locator('.quick-input-widget .quick-input-list .monaco-list-row').filter({ hasText: /Show Report(?! as Markdown)/ }).first();
  await row.click();
  await row.waitFor({ state: 'hidden' });
}

/** Each model's row of the figures table shows the report's judge, human-adjusted and corrected figures, the human-adjusted one with its interval. */
async function expectFigures(frame: Frame, report: Report): Promise<void> {
  for (const m of report.models) {
    const row = frame.locator(`table#figures tbody tr[data-name="${m.model}"]`);
    await row.locator('td').nth(1).filter({ hasText: pct(m.judge_pct) }).waitFor();
    const cells = await row.locator('td').allInnerTexts();
    assert.equal(cells[1], pct(m.judge_pct), `${m.model}: judge`);
    assert.equal(cells[3], pct(m.human_adjusted_pct), `${m.model}: human-adjusted`);
    assert.equal(cells[4], `${pct(m.human_adjusted_ci![0])} to ${pct(m.human_adjusted_ci![1])}`, `${m.model}: human-adjusted interval`);
    assert.equal(cells[6], pct(m.corrected_pct), `${m.model}: corrected`);
  }
}

test('report view: figures as in the JSON report, chart drawn, refreshed on return, Export JSON', { timeout: 300_000 }, async () => {
  const judge = await startFakeOpenAI({ apiKey: KEY, respond: (request) => judgeReply(request.messages) });
  try {
    await withVSCode('report-view', { settings: { 'lexreview.judge.baseURL': judge.url, 'lexreview.judge.concurrency': 8 } }, async (vs) => {
      await importAnswerRows(vs, sampleAnswers() as object[], `answers/${SET}.jsonl`);
      await judgeAll(vs, { set: SET, baseline: 'chatglm_baseline', key: KEY, judgments: 64 });

      const db = join(vs.workspace, '.lexreview', 'review.db');
      const before = reportOf(db);
      assert.equal(before.models.length, 2);

      await showReport(vs);
      await vs.pickQuickInput(SET);
      const frame = await vs.frameWithSelector('report-view');
      await frame.locator('h1').filter({ hasText: `Evaluation report: ${SET}` }).waitFor();
      await expectFigures(frame, before);
      assert.deepEqual(await frame.locator('table#figures tbody th').allInnerTexts(), before.models.map((m) => m.model));
      assert.equal(await frame.locator('table#categories tbody tr').count(), 4, 'two models × legal and general');
      assert.equal(await frame.locator('#comparisons li').count(), 1);
      assert.match(await frame.locator('#comparisons li').innerText(), /within noise|ahead beyond noise/);

      // The chart: every figure drawn (judge and human-adjusted for each model; no corrected figure without reviews).
      const canvas = frame.locator('rv-figure-chart canvas');
      await frame.locator('rv-figure-chart canvas[data-drawn="4"]').waitFor();
      assert.match((await canvas.getAttribute('aria-label')) ?? '', /95 % intervals/);
      const painted = await canvas.evaluate((c: HTMLCanvasElement) => {
        const data = c.getContext('2d')!.getImageData(0, 0, c.width, c.height).data;
        let n = 0;
        for (let i = 3; i < data.length; i += 4) if (data[i] > 0) n++;
        return { n, width: c.width, height: c.height };
      });
      assert.ok(painted.width > 300 && painted.height > 100, JSON.stringify(painted));
      assert.ok(painted.n > 2000, `the canvas is drawn on: ${painted.n} pixels`);
      await vs.screenshot('report-view');

      // Reviews saved while the panel is hidden (as the CLI or another window would) show when it is shown again.
      await vs.openFile(`answers/${SET}.jsonl`);
      const store = ReviewStore.open(db, { actor: 'e2e' });
      try {
        for (let q = 1; q <= 6; q++) {
          const key = `q${String(q).padStart(2, '0')}`;
          store.saveReview({ set: SET, questionKey: key, model: MODELS[1], reviewer: 'ann', score: 9 });
          store.saveReview({ set: SET, questionKey: key, model: MODELS[0], reviewer: 'ann', score: 3 + (q % 3) });
        }
        const leaked = store.currentAnswerId(SET, 'q02', MODELS[2])!;
        store.setFlag({ answerId: leaked, kind: 'leakage', source: 'human', status: 'confirmed', who: 'ann' });
        store.setFlag({ answerId: store.currentAnswerId(SET, 'q03', MODELS[2])!, kind: 'repetition', source: 'detector', status: 'suggested', who: 'repetition' });
        // A detector's suggestion a reviewer rejected: not a flag, but it counts against the detector's precision.
        store.setFlag({ answerId: store.currentAnswerId(SET, 'q04', MODELS[2])!, kind: 'truncation', source: 'detector', status: 'rejected', who: 'ann' });
      } finally {
        store.close();
      }
      const after = reportOf(db);
      const changed = after.models.find((m) => m.model === MODELS[1])!;
      assert.notEqual(changed.human_adjusted_pct, before.models.find((m) => m.model === MODELS[1])!.human_adjusted_pct);
      assert.notEqual(changed.corrected_pct, null, 'six reviewed questions give a corrected figure');
      await vs.page.locator('.tabs-container .tab').filter({ hasText: `Report: ${SET}` }).click();
      const shown = await vs.frameWithSelector('report-view table#figures');
      await expectFigures(shown, after);
      await shown.locator('rv-figure-chart canvas[data-drawn="5"]').waitFor();
      await vs.screenshot('report-view-reviewed');
      const flags = await shown.locator('table#flags tbody tr').allInnerTexts();
      assert.deepEqual(flags.map((r) => r.split('\t').map((c) => c.trim())), [
        [MODELS[2], 'training-data leak', '1', '0'],
        [MODELS[2], 'repetition', '0', '1'],
      ]);
      const detectors = await shown.locator('table#detectors tbody tr').allInnerTexts();
      assert.deepEqual(detectors.map((r) => r.split('\t').map((c) => c.trim())), [
        ['repetition', '0', '0', '1', '—'],
        ['cut off', '0', '1', '0', '0 %'],
      ]);
      await shown.locator('table#flags').scrollIntoViewIfNeeded();
      await vs.screenshot('report-view-lower');

      // Export JSON: the file is the report itself.
      await shown.locator('button.export[data-format="json"]').click();
      await vs.answerQuickInput(/Export the report of answers_sample/);
      await vs.waitForNotification(/Report of answers_sample written to/);
      await shown.locator('.status').filter({ hasText: /Written to .*answers_sample-report\.json/ }).waitFor();
      const file = join(vs.workspace, `${SET}-report.json`);
      assert.ok(existsSync(file));
      assert.deepEqual(JSON.parse(readFileSync(file, 'utf8')), JSON.parse(JSON.stringify(after)));
    });
  } finally {
    await judge.close();
  }
});
