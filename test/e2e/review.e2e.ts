// The review commands in a real VS Code: import the demo answers into the workspace's SQLite
// store (the packaged native addon loads in code-server's extension host), set the judge's key in
// secret storage, judge through the real `openai` client against a local OpenAI-compatible server
// started by this test, and open the report.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { until } from './datasetEditorPage';
import { withVSCode } from './harness';
import { importAnswerRows, judgeAll } from './reviewSteps';
import { startFakeOpenAI, type ChatRequest } from '../integration/fakeOpenAI';
import { ReviewStore } from '../../extension/store/reviewStore';
// @ts-expect-error: a plain .mjs script without types
import { sampleAnswers } from '../../scripts/demo-workspace.mjs';

const KEY = 'sk-e2e-SECRET-91b2c3';

test('review: import answers, set the judge key, judge both orders, show the report', { timeout: 300_000 }, async () => {
  const judge = await startFakeOpenAI({ apiKey: KEY, respond: () => '8 7\n助手1的回答引用了法条。' });
  try {
    await withVSCode('review', { settings: { 'lexreview.judge.baseURL': judge.url, 'lexreview.judge.concurrency': 8 } }, async (vs) => {
      await importAnswerRows(vs, sampleAnswers() as object[]);
      const db = join(vs.workspace, '.lexreview', 'review.db');
      assert.ok(existsSync(db), 'the store is the workspace file the setting names');
      const store = ReviewStore.open(db, { readonly: true });
      assert.deepEqual(store.listSets().map((s) => [s.name, s.questions, s.models, s.answers]), [['answers_sample', 16, 3, 48]]);
      store.close();

      await judgeAll(vs, { set: 'answers_sample', baseline: 'chatglm_baseline', key: KEY, judgments: 64 });
      await vs.waitForNotification(/64 judgment\(s\): 64 judged, 0 already in the store, 0 failed/);
      assert.equal(judge.chatRequests().length, 64, 'two candidates × 16 questions × both orders');
      assert.ok(judge.chatRequests().every((r) => (r.body as ChatRequest).model === 'gpt-3.5-turbo'), 'Enter in the judge-model step keeps the setting’s (default) model');
      assert.ok(judge.requests.every((r) => r.authorization === `Bearer ${KEY}`), 'the key from secret storage reached the endpoint');

      // The Evaluation view: the set with its progress, its models with what their names say and
      // the headline figure with its interval, the baseline marked.
      const { page } = vs;
      const pane = await vs.lexReviewPane('Evaluation');
      const row = (name: string) => pane.locator('.monaco-list-row').filter({ has: page.locator('.label-name', { hasText: new RegExp(`^${name.replace(/\./g, '\\.')}$`) }) });
      await row('answers_sample').locator('.label-description').filter({ hasText: '16 questions · 3 models · 32 judged · 0 of 48 reviewed' }).waitFor();
      await row('answers_sample').click();
      await row('chatglm_baseline').locator('.label-description').filter({ hasText: /^chatglm · baseline$/ }).waitFor();
      // The fake judge scores every pair 8 / 7 whatever the order: a candidate's mean is 7.5, the baseline's 7.5.
      await row('law_batch128_epoch6_penalty1.2_vicuna').locator('.label-description').filter({ hasText: /epoch 6 · penalty 1\.2 · vicuna · 100\.0 %/ }).waitFor();
      await vs.screenshot('review-evaluation-view');

      await vs.runCommand('LexReview: Show Report as Markdown');
      await vs.pickQuickInput('answers_sample');
      const editor = vs.page.locator('.editor-group-container.active .monaco-editor .view-lines');
      await editor.filter({ hasText: 'Evaluation report: answers_sample' }).waitFor();
      await vs.screenshot('review-report');

      // The key is in secret storage only: not in the store, not in the workspace, not in settings.
      const files = [db, `${db}-wal`, ...readdirSync(join(vs.workspace, '.lexreview')).map((f) => join(vs.workspace, '.lexreview', f))];
      for (const f of files) if (existsSync(f)) assert.ok(!readFileSync(f).includes(KEY), `${f} holds no key`);

      // No reviewer setting: the panel writes under git's user.name for the workspace, as a commit would.
      execFileSync('git', ['init', '-q'], { cwd: vs.workspace });
      execFileSync('git', ['config', 'user.name', '李律师'], { cwd: vs.workspace });
      await vs.runCommand('LexReview: Open Review');
      await vs.pickQuickInput('answers_sample');
      const panel = await vs.frameWithSelector('review-panel section.item', 60_000);
      await panel.locator('review-panel').getByText('Reviewer: 李律师', { exact: true }).waitFor();
      await vs.page.keyboard.press('7');
      const saved = () => {
        const s = ReviewStore.open(db, { readonly: true });
        try {
          return s.snapshot('answers_sample').reviews.map((r) => [r.reviewer, r.score]);
        } finally {
          s.close();
        }
      };
      await until('the score saved under git’s user.name', async () => saved().length === 1);
      assert.deepEqual(saved(), [['李律师', 7]]);
    });
  } finally {
    await judge.close();
  }
});
