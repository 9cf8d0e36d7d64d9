// The steps every review e2e test starts with, as a user takes them: answers written into the
// workspace and imported with "Import Answers…", then the judge's key saved and every model judged
// against the baseline with "Judge Answers…" (against the local server the test started).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Locator } from 'playwright-core';
import type { VSCode } from './harness';

/** Writes `rows` as JSONL at `relPath` in the workspace and imports them into the set named after the file. */
export async function importAnswerRows(vs: VSCode, rows: object[], relPath = 'answers/answers_sample.jsonl'): Promise<void> {
  const file = join(vs.workspace, relPath);
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, rows.map((r) => JSON.stringify(r)).join('\n') + '\n');
  await vs.openFile(relPath);
  await vs.runCommand('LexReview: Import Answers…');
  await vs.answerQuickInput(/into which evaluation set/);
  await vs.waitForNotification(new RegExp(`Imported ${rows.length} answer\\(s\\)`));
}

/** Saves `key` as the judge's key with "Set Judge API Key". */
export async function setJudgeKey(vs: VSCode, key: string): Promise<void> {
  await vs.runCommand('LexReview: Set Judge API Key');
  await vs.answerQuickInput(/API key of the judge endpoint/, key);
  await vs.waitForNotification(/judge API key is saved/);
}

/** The judge-model step's title. */
export const JUDGE_MODEL_STEP = /^Judge model$/;

/** Runs "Judge Answers…" (the key already saved) up to its last step: the set, the baseline and every other model picked; resolves to the judge-model box, shown. */
export async function openJudgeModelStep(vs: VSCode, opts: { set: string; baseline: string }): Promise<Locator> {
  await vs.runCommand('LexReview: Judge Answers…');
  await vs.pickQuickInput(opts.set);
  await vs.pickQuickInput(opts.baseline);
  await vs.answerQuickInput(new RegExp(`Models to judge against ${opts.baseline.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  const box = vs.page.locator('.quick-input-widget').filter({ has: vs.page.locator('.quick-input-title', { hasText: JUDGE_MODEL_STEP }) });
  await box.waitFor({ state: 'visible' });
  return box;
}

/**
 * Runs "Judge Answers…" (the key already saved) through its steps, the judge model last: `judgeModel`
 * typed in or, without it, the one filled in kept with Enter. Resolves, as judging starts, to the
 * judge model the box showed filled in.
 */
export async function startJudging(vs: VSCode, opts: { set: string; baseline: string; judgeModel?: string }): Promise<string> {
  const box = await openJudgeModelStep(vs, opts);
  const filledIn = await box.locator('.quick-input-box input').inputValue();
  await vs.answerQuickInput(JUDGE_MODEL_STEP, opts.judgeModel);
  return filledIn;
}

/** Saves `key` as the judge's key, then judges every other model of `set` against `baseline` by the setting's judge model; waits for the summary. */
export async function judgeAll(vs: VSCode, opts: { set: string; baseline: string; key: string; judgments: number }): Promise<void> {
  await setJudgeKey(vs, opts.key);
  await startJudging(vs, opts);
  await vs.waitForNotification(new RegExp(`${opts.judgments} judgment\\(s\\): ${opts.judgments} judged`), 120_000);
}
