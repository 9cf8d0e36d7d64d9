// Which judgments a run needs: every question both models answered × every candidate × both
// orders (the baseline as Assistant 1, then as Assistant 2), each with its cache key. Pairs that
// cannot be judged because an answer is missing are listed, so a report never silently covers
// fewer questions than the set has.
// Pure (no I/O); Node, through the sha256 of judgeCacheKey.ts.
import { translate } from '../l10n';
import { judgeCacheKey } from './judgeCacheKey';
import type { JudgePrompt } from './judgePrompt';
import type { JudgmentRecord, ReviewSnapshot } from './types';

/** Which judgment a request makes: the question, the pair and the order (the fields of a JudgmentRecord that say so). */
export type JudgmentSlot = Pick<JudgmentRecord, 'questionKey' | 'model' | 'baseline' | 'candidateAnswerId' | 'baselineAnswerId' | 'baselineFirst'>;

/** One request to the judge, and all the runner needs to store its result. */
export interface JudgeTask extends JudgmentSlot {
  cacheKey: string;
  question: string;
  /** What the judge sees as Assistant 1 and Assistant 2. */
  answer1: string;
  answer2: string;
}

export interface MissingAnswer {
  questionKey: string;
  model: string;
  /** Whose answer is missing: the candidate's, the baseline's, or both. */
  missing: 'candidate' | 'baseline' | 'both';
}

export interface JudgePlan {
  tasks: JudgeTask[];
  missing: MissingAnswer[];
}

export interface JudgePlanOptions {
  baseline: string;
  /** Candidates; by default every model of the set except the baseline. */
  models?: string[];
  endpoint: string;
  judgeModel: string;
  prompt: Pick<JudgePrompt, 'version'>;
}

/** A baseline or candidate the set does not have; the message lists the models it has. */
export class JudgePlanError extends Error {}

export function planJudgments(snapshot: ReviewSnapshot, options: JudgePlanOptions): JudgePlan {
  const known = snapshot.models.map((m) => m.name);
  const unknown = (name: string) =>
    new JudgePlanError(known.length ? translate("set '{0}' has no model '{1}'; it has {2}", snapshot.set, name, known.join(', ')) : translate("set '{0}' has no model '{1}'; it has none", snapshot.set, name));
  if (!known.includes(options.baseline)) throw unknown(options.baseline);
  const candidates = options.models ?? known.filter((m) => m !== options.baseline);
  for (const m of candidates) {
    if (!known.includes(m)) throw unknown(m);
    if (m === options.baseline) throw new JudgePlanError(translate("'{0}' is the baseline; it is not judged against itself", m));
  }
  const answers = new Map<string, ReviewSnapshot['answers'][number]>();
  for (const a of snapshot.answers) answers.set(`${a.questionKey}\u0000${a.model}`, a);
  const answerOf = (questionKey: string, model: string) => answers.get(`${questionKey}\u0000${model}`);

  const tasks: JudgeTask[] = [];
  const missing: MissingAnswer[] = [];
  for (const q of [...snapshot.questions].sort((a, b) => a.ordinal - b.ordinal)) {
    const base = answerOf(q.key, options.baseline);
    for (const model of new Set(candidates)) {
      const cand = answerOf(q.key, model);
      if (!base || !cand) {
        missing.push({ questionKey: q.key, model, missing: !base && !cand ? 'both' : base ? 'candidate' : 'baseline' });
        continue;
      }
      for (const baselineFirst of [true, false]) {
        const [answer1, answer2] = baselineFirst ? [base.text, cand.text] : [cand.text, base.text];
        const cacheKey = judgeCacheKey({
          endpoint: options.endpoint,
          judgeModel: options.judgeModel,
          promptVersion: options.prompt.version,
          questionKey: q.key,
          question: q.text,
          candidate: model,
          baseline: options.baseline,
          answer1,
          answer2,
          baselineFirst,
        });
        tasks.push({ cacheKey, questionKey: q.key, question: q.text, model, baseline: options.baseline, candidateAnswerId: cand.answerId, baselineAnswerId: base.answerId, baselineFirst, answer1, answer2 });
      }
    }
  }
  return { tasks, missing };
}
