// The steps every review e2e test starts with, as a user takes them: answers written into the
// workspace and imported with "Import Answers…", then the judge's key saved and every model judged
// against the baseline with "Judge Answers…" (against the local server the test started).
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
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

/** Saves `key` as the judge's key, then judges every other model of `set` against `baseline`; waits for the summary. */
export async function judgeAll(vs: VSCode, opts: { set: string; baseline: string; key: string; judgments: number }): Promise<void> {
  await vs.runCommand('LexReview: Set Judge API Key');
  await vs.answerQuickInput(/API key of the judge endpoint/, opts.key);
  await vs.waitForNotification(/judge API key is saved/);
  await vs.runCommand('LexReview: Judge Answers…');
  await vs.pickQuickInput(opts.set);
  await vs.pickQuickInput(opts.baseline);
  await vs.answerQuickInput(new RegExp(`Models to judge against ${opts.baseline.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}`));
  await vs.waitForNotification(new RegExp(`${opts.judgments} judgment\\(s\\): ${opts.judgments} judged`), 120_000);
}
