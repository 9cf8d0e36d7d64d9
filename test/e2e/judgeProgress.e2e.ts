// "Judge Answers…" in a real VS Code, its progress and its Cancel: the judge model asked in the
// command's last step (the setting's value filled in) is the one the requests name; the local
// OpenAI-compatible server answers the first 12 requests and holds every later one open, so the
// progress notification stops at a known count, tokens and cost whatever the machine's speed.
// Cancel there: what was answered is stored and nothing else, and a re-run asks only for the rest.
import { test } from 'node:test';
import type { Locator } from 'playwright-core';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { withVSCode } from './harness';
import { importAnswerRows, JUDGE_MODEL_STEP, openJudgeModelStep, setJudgeKey, startJudging } from './reviewSteps';
import { startFakeOpenAI, type Behaviour, type ChatRequest } from '../integration/fakeOpenAI';
import { ReviewStore } from '../../extension/store/reviewStore';
// @ts-expect-error: a plain .mjs script without types
import { sampleAnswers } from '../../scripts/demo-workspace.mjs';

const KEY = 'sk-e2e-SECRET-4c5d6e';
const SET = 'answers_sample';
const BASELINE = 'chatglm_baseline';
/** Two candidates × 16 questions × both orders. */
const PLANNED = 64;
/** The server answers this many requests, then holds the rest until the client gives up. */
const ANSWERED = 12;
const CONCURRENCY = 4;
/** The setting's judge model, filled in; the test types another. */
const SETTING_MODEL = 'gpt-4o-mini';
const TYPED_MODEL = 'gpt-4.1-nano';

/** A toast once its fade-in has ended (VS Code marks it so), for a screenshot that shows it. */
const faded = (toast: Locator) => toast.and(toast.page().locator('.notification-fade-in-done')).waitFor();

test('judge: the judge model asked, progress with count, tokens and cost, Cancel keeps what was judged, a re-run asks for the rest', { timeout: 300_000 }, async () => {
  let answerAll = false;
  /** The messages of every request answered, and each reply (numbered, so the store's can be told apart). */
  const answered = new Map<string, string>();
  const respond = (request: ChatRequest, ctx: { n: number }): Behaviour => {
    if (!answerAll && ctx.n >= ANSWERED) return { kind: 'hang' };
    const content = `8 7\n第 ${ctx.n + 1} 次评判：助手1引用了法条。`;
    answered.set(JSON.stringify(request.messages), content);
    return { kind: 'reply', content, promptTokens: 1000, completionTokens: 200 };
  };
  const judge = await startFakeOpenAI({ apiKey: KEY, respond });
  const settings = { 'lexreview.judge.baseURL': judge.url, 'lexreview.judge.concurrency': CONCURRENCY, 'lexreview.judge.model': SETTING_MODEL };
  try {
    await withVSCode('judge-progress', { settings }, async (vs) => {
      await importAnswerRows(vs, sampleAnswers() as object[]);
      await setJudgeKey(vs, KEY);
      // Nothing of the steps before over the progress notification's Cancel button.
      await vs.runCommand('Notifications: Clear All Notifications');

      // The last step: the setting's judge model filled in, an empty one refused.
      const box = await openJudgeModelStep(vs, { set: SET, baseline: BASELINE });
      const input = box.locator('.quick-input-box input');
      assert.equal(await input.inputValue(), SETTING_MODEL, 'the setting lexreview.judge.model filled in');
      await input.fill('  ');
      await box.locator('.quick-input-message').filter({ hasText: 'The judge model needs a name' }).waitFor();
      await input.press('Enter');
      await box.locator('.quick-input-message').filter({ hasText: 'The judge model needs a name' }).waitFor();
      assert.ok(await box.isVisible(), 'Enter on an empty judge model does not start judging');
      await vs.screenshot('judge-model-step-empty');
      await vs.answerQuickInput(JUDGE_MODEL_STEP, TYPED_MODEL);

      // 12 of 64 answered, each 1,000 prompt + 200 completion tokens: 14400 tokens; at gpt-4.1-nano's
      // $0.10 / $0.40 per million, 12 × (1000 × 0.1 + 200 × 0.4) / 1e6 = $0.00216, shown to 4 places.
      const progress = await vs.waitForNotification(`Judging answers_sample against chatglm_baseline with ${TYPED_MODEL}`);
      await progress.filter({ hasText: `${ANSWERED} of ${PLANNED} · 14400 tokens · $0.0022` }).waitFor();
      await vs.screenshot('judge-progress');

      await progress.getByRole('button', { name: 'Cancel' }).click();
      const cancelled = await vs.waitForNotification(/Judging cancelled; what was judged is kept\. answers_sample: 64 judgment\(s\): 12 judged, 0 already in the store, 0 failed, 0 unreadable; 12 of 64 · 14400 tokens · \$0\.0022/);
      await progress.waitFor({ state: 'hidden' });
      await faded(cancelled);
      await vs.screenshot('judge-cancelled');
      const firstRun = judge.chatRequests();
      assert.ok(firstRun.length <= ANSWERED + CONCURRENCY, `the 12 answered and at most the 4 held open reached the server, not ${firstRun.length}`);
      assert.ok(firstRun.length < PLANNED, 'fewer requests than planned');
      assert.ok(
        firstRun.every((r) => (r.body as ChatRequest).model === TYPED_MODEL),
        'every request names the judge model typed in, not the setting’s',
      );

      // The store holds the 12 answered judgments, by the typed judge model, and nothing of the held requests.
      const db = join(vs.workspace, '.lexreview', 'review.db');
      const judgments = () => {
        const store = ReviewStore.open(db, { readonly: true });
        try {
          return store.snapshot(SET).judgments;
        } finally {
          store.close();
        }
      };
      const kept = judgments();
      assert.equal(kept.length, ANSWERED);
      assert.deepEqual(kept.map((j) => j.reply).sort(), [...answered.values()].sort(), 'the replies the server gave, and only those');
      assert.ok(kept.every((j) => j.judgeModel === TYPED_MODEL));

      // A re-run by the same judge model asks only for the 52 missing (the 4 held among them); the
      // box again shows the setting's model: the one typed was not written to the settings.
      answerAll = true;
      await vs.runCommand('Notifications: Clear All Notifications');
      const filledIn = await startJudging(vs, { set: SET, baseline: BASELINE, judgeModel: TYPED_MODEL });
      assert.equal(filledIn, SETTING_MODEL);
      // 52 × 1,200 tokens = 62400; 52 × (1000 × 0.1 + 200 × 0.4) / 1e6 = $0.00936.
      const done = await vs.waitForNotification(/answers_sample: 64 judgment\(s\): 52 judged, 12 already in the store, 0 failed, 0 unreadable; 64 of 64 · 62400 tokens · \$0\.0094/, 120_000);
      await vs.page.locator('.notifications-toasts .notification-toast').filter({ hasText: /Judging answers_sample against/ }).waitFor({ state: 'hidden' });
      await faded(done);
      await vs.screenshot('judge-rerun');
      const rerun = judge.chatRequests().slice(firstRun.length);
      assert.equal(rerun.length, PLANNED - ANSWERED);
      const firstAnswered = kept.length;
      assert.equal(answered.size, firstAnswered + rerun.length, 'no request of the re-run asked again for one already answered');
      assert.ok(rerun.every((r) => (r.body as ChatRequest).model === TYPED_MODEL));
      assert.equal(judgments().length, PLANNED);
    });
  } finally {
    await judge.close();
  }
});
