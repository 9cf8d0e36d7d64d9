// How soon the dataset editor shows the first rows of the 52k set, against a floor measured in the
// same VS Code: test/e2e/floorEditor, a custom editor that reads 4 KB and shows the first question.
// The two are opened alternately with "Open With…", a few times each; the medians and their ratio
// go to test-results/e2e/timings.json (`npm run bench` prints them). Each time is the webview's own
// mark of its first painted rows, from the click that opened it; the other marks (the floor's
// script, LexReview's bundle run and init) are logged to say where the time went. The first opens
// include each extension's activation. No threshold: on a shared 2-core machine the figures vary.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import type { Frame } from 'playwright-core';
import { recordTiming, withVSCode, type VSCode } from './harness';
import { editorFrame, openWith, until } from './datasetEditorPage';

const FLOOR_EXTENSION = join(__dirname, 'floorEditor');
const RUNS = Number(process.env.FIRST_ROWS_RUNS ?? 5);
const FILE = 'law_52k.json';

/** The marks of a webview, from the time the click was made (t0, the test's clock: same machine). */
async function marksSince(frame: Frame, t0: number): Promise<Record<string, number>> {
  const { origin, marks } = await frame.evaluate(() => ({
    origin: performance.timeOrigin,
    marks: performance.getEntriesByType('mark').map((m) => [m.name, m.startTime] as const),
  }));
  return Object.fromEntries([['webview start', origin - t0], ...marks.map(([name, at]) => [name, origin + at - t0])].map(([k, v]) => [k, Math.round(v as number)]));
}

async function hasMark(frame: Frame, name: string): Promise<boolean> {
  return frame.evaluate((n) => performance.getEntriesByName(n).length > 0, name).catch(() => false);
}

/** Closes every editor, and waits until their webviews are gone (a later lookup must not find them). */
async function closeEditors(vs: VSCode): Promise<void> {
  await vs.runCommand('View: Close All Editors');
  await vs.page.locator('.tabs-container .tab').first().waitFor({ state: 'detached' });
  await until('the closed editors\' webviews to go', async () => {
    for (const frame of vs.page.frames()) {
      if (await frame.locator('#floor-question, dataset-editor').count().catch(() => 0)) return false;
    }
    return true;
  });
}

async function openFloor(vs: VSCode): Promise<Record<string, number>> {
  const t0 = await openWith(vs, 'data', FILE, 'First Rows Floor');
  const frame = await vs.frameWithSelector('#floor-question', 60_000);
  assert.match(await frame.locator('#floor-question').innerText(), /\S/, 'the floor shows a question');
  await until('the floor\'s paint mark', () => hasMark(frame, 'floor:first-row'));
  return marksSince(frame, t0);
}

async function openLexReview(vs: VSCode): Promise<Record<string, number>> {
  const t0 = await openWith(vs, 'data', FILE, 'LexReview Dataset');
  const frame = await editorFrame(vs, FILE);
  await frame.locator('de-record-table [role=row][aria-rowindex="2"] .num').filter({ hasText: /^\s*1\s*$/ }).waitFor({ timeout: 60_000 });
  await until('the first rows\' paint mark', () => hasMark(frame, 'lexreview:first-rows'));
  return marksSince(frame, t0);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

test('first rows of 52,000 records against the floor of a minimal custom editor', { timeout: 600_000 }, () =>
  withVSCode('first-rows', { datasets: { [`data/${FILE}`]: 52_000 }, linkAlso: [FLOOR_EXTENSION] }, async (vs) => {
    const floor: number[] = [];
    const lexreview: number[] = [];
    for (let run = 1; run <= RUNS; run++) {
      // The floor goes first in the first run, as when the issue measured it, then they take turns.
      // (Each webview has an origin of its own, as in desktop VS Code: see WEBVIEW_PATCH in
      // scripts/code-server.mjs. On code-server's one shared origin, each webview after the first
      // waited a second more for its service worker, the floor's and LexReview's alike.)
      const floorFirst = run % 2 === 1;
      let f: Record<string, number> | undefined;
      if (floorFirst) {
        f = await openFloor(vs);
        await closeEditors(vs);
      }
      const l = await openLexReview(vs);
      if (run === 1) await vs.screenshot('first-rows-lexreview');
      await closeEditors(vs);
      if (!floorFirst) {
        f = await openFloor(vs);
        await closeEditors(vs);
      }
      f = f!;
      floor.push(f['floor:first-row']);
      lexreview.push(l['lexreview:first-rows']);
      console.log(`run ${run}: floor ${JSON.stringify(f)}`);
      console.log(`run ${run}: LexReview ${JSON.stringify(l)}`);
    }
    const [f, l] = [median(floor), median(lexreview)];
    const ratio = Math.round((l / f) * 100) / 100;
    const cold = Math.round((lexreview[0] / floor[0]) * 100) / 100;
    console.log(`first rows, median of ${RUNS}: floor ${f} ms, LexReview ${l} ms, ratio ${ratio} (first opens, with activation: ${floor[0]} / ${lexreview[0]} ms = ${cold})`);
    recordTiming(`52k first rows: floor editor (ms, median of ${RUNS})`, f);
    recordTiming(`52k first rows: LexReview (ms, median of ${RUNS})`, l);
    recordTiming('52k first rows: LexReview / floor (median)', ratio);
    recordTiming('52k first rows: LexReview / floor (first opens, with activation)', cold);
  }));
