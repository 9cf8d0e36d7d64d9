// `lexreview judge`: judge a set's models against a baseline, in both orders, through any
// OpenAI-compatible endpoint; a re-run asks only for what the store does not hold yet. The key
// comes from OPENAI_API_KEY and is never printed. The store is opened by the caller's function
// (given --db), so this adapter knows only the JudgmentStore interface and a snapshot loader.
import { readFileSync } from 'node:fs';

import { planJudgments, JudgePlanError, type MissingAnswer } from '../core/review/judgePlan';
import { DEFAULT_JUDGE_PROMPT, parseJudgePrompt, type JudgePrompt } from '../core/review/judgePrompt';
import { DEFAULT_BASE_URL, DEFAULT_CONCURRENCY, DEFAULT_JUDGE_MODEL, endpointName, redactKey, runJudge, runJudgeBatch, type JudgeSummary } from '../core/review/judgeRunner';
import type { JudgmentStore, ReviewSnapshot } from '../core/review/types';
import { listOption, parseArgs, stringOption, UsageError } from './args';
import { progressBar } from './progressBar';
import { translate } from '../core/l10n';

export interface JudgeCliStore extends JudgmentStore {
  snapshot(set: string): ReviewSnapshot;
  close?(): void;
}

export interface JudgeCliStreams {
  stdout: NodeJS.WritableStream;
  stderr: NodeJS.WriteStream;
}

const MAX_CONCURRENCY = 64;

/** Exit codes: 0 every judgment made, 1 some failed (a re-run retries them), 2 usage, 130 cancelled. */
export async function runJudgeWith(
  open: (dbPath: string | undefined) => JudgeCliStore,
  argv: string[],
  signal: AbortSignal,
  env: NodeJS.ProcessEnv = process.env,
  streams: JudgeCliStreams = { stdout: process.stdout, stderr: process.stderr },
): Promise<number> {
  const args = parseArgs(argv, { set: 'value', baseline: 'value', model: 'list', 'base-url': 'value', 'judge-model': 'value', concurrency: 'value', batch: 'flag', prompt: 'value', db: 'value' });
  if (args.positionals.length > 0) throw new UsageError(translate("{0} takes no file (got '{1}')", 'judge', args.positionals[0]));
  const set = stringOption(args, 'set');
  const baseline = stringOption(args, 'baseline');
  if (!set) throw new UsageError(translate('{0} needs {1}', 'judge', '--set NAME'));
  if (!baseline) throw new UsageError(translate('{0} needs {1}', 'judge', '--baseline MODEL'));
  const concurrency = integerOption(stringOption(args, 'concurrency'), DEFAULT_CONCURRENCY);
  const apiKey = env.OPENAI_API_KEY?.trim();
  if (!apiKey) throw new UsageError(translate('{0} needs an API key in the environment variable {1}', 'judge', 'OPENAI_API_KEY'));
  const baseURL = stringOption(args, 'base-url') ?? env.OPENAI_BASE_URL ?? DEFAULT_BASE_URL;
  const judgeModel = stringOption(args, 'judge-model') ?? DEFAULT_JUDGE_MODEL;
  const promptFile = stringOption(args, 'prompt');
  const prompt: JudgePrompt = promptFile ? parseJudgePrompt(readFileSync(promptFile, 'utf8'), promptFile) : DEFAULT_JUDGE_PROMPT;

  const store = open(stringOption(args, 'db'));
  try {
    let plan;
    try {
      plan = planJudgments(store.snapshot(set), { baseline, models: listOption(args, 'model'), endpoint: endpointName(baseURL), judgeModel, prompt });
    } catch (e) {
      if (e instanceof JudgePlanError) throw new UsageError(e.message);
      throw e;
    }
    for (const m of plan.missing) streams.stderr.write(`judge: ${missingText(m, baseline)}\n`);
    const bar = progressBar('judge', streams.stderr);
    const common = { concurrency, signal, onProgress: (p: { done: number; cached: number; failed: number; total: number }) => bar.report(p.done + p.cached + p.failed, p.total) };
    const endpoint = { baseURL, apiKey, judgeModel };
    const summary = args.options.has('batch')
      ? await runJudgeBatch(store, plan.tasks, endpoint, prompt, { ...common, onBatchStatus: (id, status) => streams.stderr.write(`judge: ${translate('batch {0}: {1}', id, status)}\n`) })
      : await runJudge(store, plan.tasks, endpoint, prompt, common);
    bar.done();
    for (const line of failureLines(summary)) streams.stderr.write(redactKey(`${line}\n`, apiKey));
    streams.stdout.write(formatSummary(set, baseline, judgeModel, prompt.version, summary) + '\n');
    if (summary.cancelled) return 130;
    return summary.failed > 0 ? 1 : 0;
  } finally {
    store.close?.();
  }
}

export function formatSummary(set: string, baseline: string, judgeModel: string, promptVersion: string, s: JudgeSummary): string {
  const cost = s.costUsd === undefined ? translate('cost unknown (no price for this model)') : `$${s.costUsd.toFixed(4)}`;
  return [
    s.cancelled
      ? translate('{0}: {1} judgment(s) against {2} by {3} (prompt {4}) — cancelled', set, s.total, baseline, judgeModel, promptVersion)
      : translate('{0}: {1} judgment(s) against {2} by {3} (prompt {4})', set, s.total, baseline, judgeModel, promptVersion),
    '  ' + translate('judged {0}, cached {1}, failed {2}, unparsed {3}, retries {4}', s.done, s.cached, s.failed, s.unparsed, s.retries),
    '  ' + translate('tokens {0} prompt + {1} completion, {2}', s.promptTokens, s.completionTokens, cost),
  ].join('\n');
}

/** Why a question of the plan is not judged: whose answer it lacks. */
function missingText(m: MissingAnswer, baseline: string): string {
  if (m.missing === 'baseline') return translate('question {0}: no answer from the baseline {1}; not judged', m.questionKey, baseline);
  if (m.missing === 'both') return translate('question {0}: no answer from {1} nor the baseline; not judged', m.questionKey, m.model);
  return translate('question {0}: no answer from {1}; not judged', m.questionKey, m.model);
}

/**
 * One line per failed judgment, but a cause shared by many (a wrong key, an endpoint down) is
 * said once with its count, so a thousand 401s do not bury the summary.
 */
function failureLines(summary: JudgeSummary): string[] {
  const byError = new Map<string, JudgeSummary['failures']>();
  for (const f of summary.failures) byError.set(f.error, [...(byError.get(f.error) ?? []), f]);
  const where = (f: JudgeSummary['failures'][number]) =>
    f.baselineFirst ? translate('question {0}, {1} (baseline first)', f.questionKey, f.model) : translate('question {0}, {1} (baseline second)', f.questionKey, f.model);
  return [...byError].map(([error, fs]) =>
    fs.length <= 3
      ? fs.map((f) => `judge: ${translate('failed: {0}: {1}', where(f), error)}`).join('\n')
      : `judge: ${translate('failed: {0} judgments ({1} and others): {2}', fs.length, where(fs[0]), error)}`,
  );
}

function integerOption(value: string | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > MAX_CONCURRENCY) throw new UsageError(translate("{0} must be a whole number from 1 to {1} (got '{2}')", '--concurrency', MAX_CONCURRENCY, value));
  return n;
}
