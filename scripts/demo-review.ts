// The demo workspace's evaluation set, ready to review without an API key (`npm start`): the
// sample answers imported into DIR/.lexreview/review.db and judged in both orders by an offline,
// rule-based stand-in that says what it is (judge model "demo-judge (offline rules)", endpoint
// "demo://offline"). Its scores follow simple rules — longer finished answers score higher, an
// answer that runs on or stops mid-sentence loses points, Assistant 1 gets a point more (the
// position bias real judges show) — so the report, the queue and the panel have something to
// show. Judge Answers… with a real endpoint judges the same set for real; the figures are then the
// real judge's alone (they count one judge, the latest: figureJudge in core/review/scoring.ts), and
// the report names the demo judge's judgments as not counted.
// Usage: node --import tsx scripts/demo-review.ts DIR
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { readAnswerFile } from '../extension/core/review/answerImport';
import { planJudgments } from '../extension/core/review/judgePlan';
import { DEFAULT_JUDGE_PROMPT } from '../extension/core/review/judgePrompt';
import { ReviewStore } from '../extension/store/reviewStore';

const JUDGE = 'demo-judge (offline rules)';
const ENDPOINT = 'demo://offline';

function merit(answer: string): number {
  const finished = /[。！？」）]$/.test(answer.trim());
  const runsOn = /(USER|ASSISTANT|###|问：|答：)/.test(answer);
  return Math.max(1, Math.min(9, 3 + Math.floor(answer.length / 20) - (finished ? 0 : 2) - (runsOn ? 3 : 0)));
}

export async function ensureDemoReviewStore(dir: string): Promise<string> {
  const db = join(dir, '.lexreview', 'review.db');
  if (existsSync(db)) return db;
  const answers = join(dir, 'answers', 'answers_sample.jsonl');
  const parsed = await readAnswerFile(answers, {});
  const store = ReviewStore.open(db, { actor: 'demo' });
  try {
    store.importAnswers(parsed.rows, { set: 'answers_sample', file: answers });
    const plan = planJudgments(store.snapshot('answers_sample'), { baseline: 'chatglm_baseline', endpoint: ENDPOINT, judgeModel: JUDGE, prompt: DEFAULT_JUDGE_PROMPT });
    for (const task of plan.tasks) {
      const first = Math.min(10, merit(task.answer1) + 1);
      const second = merit(task.answer2);
      const [candidateScore, baselineScore] = task.baselineFirst ? [second, first] : [first, second];
      store.saveJudgment(task.cacheKey, {
        ...task,
        parseStatus: 'ok',
        candidateScore,
        baselineScore,
        judgeModel: JUDGE,
        endpoint: ENDPOINT,
        promptVersion: DEFAULT_JUDGE_PROMPT.version,
        reply: `${first} ${second}\n演示数据：离线规则评分（越完整的回答得分越高），不是模型的评判。`,
        promptTokens: 0,
        completionTokens: 0,
        latencyMs: 0,
      });
    }
  } finally {
    store.close();
  }
  return db;
}

if (require.main === module) {
  ensureDemoReviewStore(process.argv[2] ?? join(__dirname, '..', 'demo')).then(
    (db) => console.log(`demo review store ready: ${db}`),
    (e) => {
      console.error(e);
      process.exit(1);
    },
  );
}
