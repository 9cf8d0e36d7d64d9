// The judge's cache key: one judgment slot (question, candidate vs baseline, order) under
// everything its reply depends on (endpoint, judge model, prompt version, the texts the judge
// reads). A re-run with the same key costs nothing; any change to these makes a new judgment.
// Node (sha256 from node:crypto): the store and the runner use it, the webviews never do.
import { createHash } from 'node:crypto';

export interface JudgeKeyParts {
  endpoint: string;
  judgeModel: string;
  promptVersion: string;
  questionKey: string;
  question: string;
  /** Who is compared: without them, two models with the same answer text would share one slot. */
  candidate: string;
  baseline: string;
  answer1: string;
  answer2: string;
  /** True when the baseline's answer is Assistant 1. */
  baselineFirst: boolean;
}

/** sha256 hex of the parts, in a fixed order, as a JSON array (so no two part lists can collide by concatenation). */
export function judgeCacheKey(p: JudgeKeyParts): string {
  const parts = ['judge-1', p.endpoint, p.judgeModel, p.promptVersion, p.questionKey, p.question, p.candidate, p.baseline, p.answer1, p.answer2, p.baselineFirst ? 'baseline-first' : 'baseline-second'];
  return createHash('sha256').update(JSON.stringify(parts)).digest('hex');
}
