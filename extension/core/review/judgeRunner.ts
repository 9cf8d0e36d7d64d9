// Running a judge plan against an OpenAI-compatible endpoint with the official `openai` client:
// N requests in flight, our own retries (judgeRetry.ts), a cache check before every request, each
// judgment saved the moment its reply arrives, token and cost totals, and cancellation that
// aborts what is in flight and keeps what is saved. The Batch API path (runJudgeBatch) uploads
// the same requests as JSONL and is resumable: the batch is recorded in the store before it is
// polled, and a new run collects pending batches instead of paying for them twice.
// The API key reaches the client and nothing else: every text that leaves this module (stored
// replies, error messages, progress) has it blotted out, in case a server echoes it back.
// Node (the openai client; the store behind JudgmentStore).
import OpenAI, { APIConnectionError, APIConnectionTimeoutError, APIError, APIUserAbortError, toFile } from 'openai';

import { translate } from '../l10n';
import { CancelledError, sleep } from '../progress';
import { BATCH_DISCOUNT, costOf, priceOf, type PriceTable } from './judgeCost';
import type { JudgeTask, JudgmentSlot } from './judgePlan';
import { buildJudgeMessages, type JudgePrompt } from './judgePrompt';
import { parseJudgeReply } from './judgeReply';
import { DEFAULT_RETRY_POLICY, RequestFailedError, retryAfterMs, withRetries, type AttemptFailure, type RetryPolicy } from './judgeRetry';
import type { JudgeBatchRecord, JudgmentRecord, JudgmentStore } from './types';

export interface JudgeEndpoint {
  /** e.g. https://api.openai.com/v1 or a local OpenAI-compatible server. */
  baseURL: string;
  apiKey: string;
  /** Default gpt-3.5-turbo (the workflow's judge). */
  judgeModel: string;
}

export const DEFAULT_JUDGE_MODEL = 'gpt-3.5-turbo';
export const DEFAULT_BASE_URL = 'https://api.openai.com/v1';
export const DEFAULT_CONCURRENCY = 4;
/** Vicuna's evaluation sampled the judge at 0.2; the prompt version covers it. */
const TEMPERATURE = 0.2;

export interface JudgeProgress {
  /** Distinct judgments the plan asks for. */
  total: number;
  /** Judged and saved by this run (unparsed ones included). */
  done: number;
  /** Already in the store: no request made. */
  cached: number;
  /** Given up on after every attempt; not stored, so a re-run tries them again. */
  failed: number;
  /** Of `done`, replies the parser could not read (stored, never counted as scores). */
  unparsed: number;
  /** Attempts that failed and were tried again. */
  retries: number;
  promptTokens: number;
  completionTokens: number;
  /** USD; undefined when the judge model's price is unknown. */
  costUsd: number | undefined;
}

export interface JudgeFailure {
  questionKey: string;
  model: string;
  baselineFirst: boolean;
  attempts: number;
  error: string;
}

export interface JudgeSummary extends JudgeProgress {
  cancelled: boolean;
  failures: JudgeFailure[];
}

export interface JudgeRunOptions {
  concurrency?: number;
  retry?: Partial<RetryPolicy>;
  signal?: AbortSignal;
  onProgress?: (progress: JudgeProgress) => void;
  /** Extra or overriding prices (USD per million tokens), e.g. from a setting. */
  prices?: PriceTable;
}

export interface JudgeBatchOptions extends JudgeRunOptions {
  /** The longest wait between two looks at a batch's status (default 60 s); the first waits are shorter. */
  pollIntervalMs?: number;
  /** Each batch created or resumed, and each status seen (for the CLI's stderr). */
  onBatchStatus?: (batchId: string, status: string) => void;
}

/** The endpoint as stored and keyed: origin and path, never credentials or a query string that might carry a key. */
export function endpointName(baseURL: string): string {
  try {
    const u = new URL(baseURL);
    return `${u.protocol}//${u.host}${u.pathname.replace(/\/+$/, '')}`;
  } catch {
    return baseURL.replace(/[?#].*$/s, '').replace(/\/+$/, '');
  }
}

/** Blots the key out of a text (an error message, a reply a server echoed it into). */
export function redactKey(text: string, apiKey: string): string {
  return apiKey.length >= 4 ? text.split(apiKey).join('[redacted]') : text;
}

/** A 200 response that is not a chat completion (an HTML error page, a proxy's garbage). */
class MalformedResponseError extends Error {}

const notACompletion = () => translate('the endpoint answered with something that is not a chat completion');

/** Judges every task of the plan that the store does not already hold. */
export async function runJudge(store: JudgmentStore, tasks: JudgeTask[], endpoint: JudgeEndpoint, prompt: JudgePrompt, options: JudgeRunOptions = {}): Promise<JudgeSummary> {
  const run = new JudgeRun(store, tasks, endpoint, prompt, options, 1);
  const client = run.client();
  const queue = run.unique;
  let next = 0;
  const worker = async () => {
    while (!options.signal?.aborted) {
      const task = queue[next++];
      if (!task) return;
      if (store.hasJudgment(task.cacheKey)) {
        run.counts.cached++;
        run.report();
        continue;
      }
      try {
        const outcome = await withRetries(
          (signal) => client.chat.completions.create({ model: endpoint.judgeModel, messages: buildJudgeMessages(prompt, task.question, task.answer1, task.answer2), temperature: TEMPERATURE }, { signal }).then(checkCompletion),
          (e, timedOut) => classify(e, timedOut, run.policy.timeoutMs),
          run.policy,
          options.signal,
          () => {
            run.counts.retries++;
            run.report();
          },
        );
        const c = outcome.value;
        run.save(task, c.content, c.promptTokens, c.completionTokens, outcome.latencyMs);
      } catch (e) {
        if (e instanceof CancelledError) return;
        run.fail(task, e);
      }
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.concurrency ?? DEFAULT_CONCURRENCY, queue.length)) }, worker));
  return run.summary();
}

/**
 * Judges the plan through the OpenAI Batch API. Pending batches for this endpoint and judge model
 * are collected first; what is still missing afterwards goes into one new batch, recorded in the
 * store before the first poll. Cancelling stops polling and leaves the batch pending on the
 * server and in the store, for the next run to collect.
 */
export async function runJudgeBatch(store: JudgmentStore, tasks: JudgeTask[], endpoint: JudgeEndpoint, prompt: JudgePrompt, options: JudgeBatchOptions = {}): Promise<JudgeSummary> {
  const run = new JudgeRun(store, tasks, endpoint, prompt, options, BATCH_DISCOUNT);
  const client = run.client();
  const call = <T>(f: (signal: AbortSignal) => Promise<T>) =>
    withRetries(f, (e, timedOut) => classify(e, timedOut, run.policy.timeoutMs), run.policy, options.signal, () => {
      run.counts.retries++;
      run.report();
    }).then((o) => o.value);
  const endpointKey = endpointName(endpoint.baseURL);
  const attempted = new Set<string>();
  try {
    for (const batch of store.pendingJudgeBatches()) {
      if (batch.endpoint !== endpointKey || batch.judgeModel !== endpoint.judgeModel) continue;
      options.onBatchStatus?.(batch.batchId, 'resumed');
      for (const key of Object.keys(batchTasks(batch))) attempted.add(key);
      await collectBatch(batch);
    }
    const todo = run.unique.filter((t) => !attempted.has(t.cacheKey) && !store.hasJudgment(t.cacheKey));
    run.counts.cached = run.unique.filter((t) => !attempted.has(t.cacheKey)).length - todo.length;
    run.report();
    if (todo.length === 0) return run.summary();
    const jsonl = todo
      .map((t) => JSON.stringify({ custom_id: t.cacheKey, method: 'POST', url: '/v1/chat/completions', body: { model: endpoint.judgeModel, messages: buildJudgeMessages(prompt, t.question, t.answer1, t.answer2), temperature: TEMPERATURE } }))
      .join('\n');
    const file = await call(async (signal) => client.files.create({ file: await toFile(Buffer.from(jsonl + '\n', 'utf8'), 'lexreview-judge.jsonl'), purpose: 'batch' }, { signal }));
    const created = await call((signal) => client.batches.create({ input_file_id: file.id, endpoint: '/v1/chat/completions', completion_window: '24h' }, { signal }));
    const record: JudgeBatchRecord = {
      batchId: created.id,
      inputFileId: file.id,
      endpoint: endpointKey,
      judgeModel: endpoint.judgeModel,
      tasks: Object.fromEntries(todo.map((t) => [t.cacheKey, batchTaskOf(t, prompt.version)])),
      createdAt: new Date().toISOString(),
    };
    store.saveJudgeBatch(record);
    options.onBatchStatus?.(record.batchId, created.status);
    await collectBatch(record);
  } catch (e) {
    if (e instanceof CancelledError) return run.summary();
    throw new Error(run.redact(translate('batch judging failed: {0}', (e as Error).message)));
  }
  return run.summary();

  /** Polls one batch until it ends, then saves its results and marks it finished in the store. */
  async function collectBatch(batch: JudgeBatchRecord): Promise<void> {
    const metas = batchTasks(batch);
    let status = '';
    // A small batch may finish in seconds, a large one takes hours: look again after 1 s, 2 s, 4 s … up to the interval.
    const longest = options.pollIntervalMs ?? 60_000;
    for (let wait = Math.min(1_000, longest); ; wait = Math.min(wait * 2, longest)) {
      const b = await call((signal) => client.batches.retrieve(batch.batchId, { signal }));
      if (b.status !== status) options.onBatchStatus?.(batch.batchId, (status = b.status));
      if (['completed', 'failed', 'expired', 'cancelled'].includes(b.status)) {
        const outcomes = new Map<string, string | { content: string; promptTokens: number; completionTokens: number }>();
        for (const fileId of [b.output_file_id, b.error_file_id]) {
          if (!fileId) continue;
          const text = await call(async (signal) => (await client.files.content(fileId, { signal })).text());
          for (const [custom, outcome] of readBatchOutput(text)) outcomes.set(custom, outcome);
        }
        const batchError = b.errors?.data?.map((d) => d.message).join('; ');
        for (const [key, meta] of Object.entries(metas)) {
          const inPlan = run.byKey.get(key);
          const task: BatchTask = meta;
          if (store.hasJudgment(key)) {
            // Saved by a run that died before it could mark the batch finished.
            if (inPlan) run.counts.cached++;
            continue;
          }
          const outcome =
            outcomes.get(key) ??
            (batchError ? translate('no result in batch {0} (status {1}: {2})', batch.batchId, b.status, batchError) : translate('no result in batch {0} (status {1})', batch.batchId, b.status));
          if (typeof outcome === 'string') {
            if (inPlan) run.fail(inPlan, new RequestFailedError(outcome, 1));
          } else {
            run.saveRecord(key, task, outcome.content, outcome.promptTokens, outcome.completionTokens, 0, inPlan !== undefined);
          }
        }
        store.finishJudgeBatch(batch.batchId);
        return;
      }
      await sleep(wait, options.signal);
    }
  }
}

/** What a batch record keeps per request: enough to store the judgment without the snapshot. */
type BatchTask = JudgmentSlot & Pick<JudgmentRecord, 'promptVersion'>;

function batchTaskOf(t: JudgeTask, promptVersion: string): BatchTask {
  return { questionKey: t.questionKey, model: t.model, baseline: t.baseline, candidateAnswerId: t.candidateAnswerId, baselineAnswerId: t.baselineAnswerId, baselineFirst: t.baselineFirst, promptVersion };
}

function batchTasks(batch: JudgeBatchRecord): Record<string, BatchTask> {
  return (batch.tasks ?? {}) as Record<string, BatchTask>;
}

/** custom_id → the completion's content and usage, or why that request failed. */
function readBatchOutput(text: string): Array<[string, string | { content: string; promptTokens: number; completionTokens: number }]> {
  const out: Array<[string, string | { content: string; promptTokens: number; completionTokens: number }]> = [];
  for (const line of text.split('\n')) {
    if (!line.trim()) continue;
    let row: { custom_id?: string; response?: { status_code?: number; body?: unknown }; error?: { message?: string } | null };
    try {
      row = JSON.parse(line);
    } catch {
      continue; // a line that is not JSON names no request; its request is reported as missing
    }
    if (typeof row.custom_id !== 'string') continue;
    const status = row.response?.status_code;
    if (row.error || status !== 200) {
      const body = row.response?.body as { error?: { message?: string } } | undefined;
      out.push([row.custom_id, translate('batch request failed: {0}', row.error?.message ?? body?.error?.message ?? translate('status {0}', String(status)))]);
      continue;
    }
    try {
      out.push([row.custom_id, checkCompletion(row.response?.body)]);
    } catch (e) {
      out.push([row.custom_id, (e as Error).message]);
    }
  }
  return out;
}

/** The reply text and usage of a chat completion, or MalformedResponseError when the body is not one. */
function checkCompletion(body: unknown): { content: string; promptTokens: number; completionTokens: number } {
  const c = body as { choices?: Array<{ message?: { content?: unknown } }>; usage?: { prompt_tokens?: unknown; completion_tokens?: unknown } } | null;
  if (!c || typeof c !== 'object' || !Array.isArray(c.choices) || c.choices.length === 0 || typeof c.choices[0]?.message !== 'object') {
    throw new MalformedResponseError(notACompletion());
  }
  // A null content (a refusal, a content filter) is a reply the parser cannot read: stored as unparsed, not retried forever.
  const content = c.choices[0].message?.content;
  const num = (v: unknown) => (typeof v === 'number' && Number.isFinite(v) ? v : 0);
  return { content: typeof content === 'string' ? content : '', promptTokens: num(c.usage?.prompt_tokens), completionTokens: num(c.usage?.completion_tokens) };
}

/** Which failures are worth another attempt: timeouts, lost connections, 408/409/429/5xx, garbage bodies. */
function classify(e: unknown, timedOut: boolean, timeoutMs: number): AttemptFailure {
  if (timedOut || e instanceof APIConnectionTimeoutError) return { retryable: true, message: translate('no reply within {0} s', Math.round(timeoutMs / 1000)) };
  if (e instanceof APIUserAbortError) return { retryable: false, message: translate('aborted') };
  if (e instanceof APIConnectionError) return { retryable: true, message: translate('connection failed: {0}', e.message) };
  if (e instanceof APIError) {
    const status = e.status ?? 0;
    const retryable = status === 408 || status === 409 || status === 429 || status >= 500;
    // The client's message starts with the status already ("429 Rate limit reached").
    return { retryable, message: translate('HTTP {0}: {1}', status, e.message.replace(/^\d{3}\s*/, '')), retryAfterMs: retryable ? retryAfterMs(e.headers) : undefined };
  }
  if (e instanceof MalformedResponseError || e instanceof SyntaxError) return { retryable: true, message: notACompletion() };
  return { retryable: false, message: e instanceof Error ? e.message : String(e) };
}

/** The counts, the store writes and the key-blotting shared by the two ways of running. */
class JudgeRun {
  readonly counts: JudgeProgress;
  readonly failures: JudgeFailure[] = [];
  readonly unique: JudgeTask[];
  readonly byKey = new Map<string, JudgeTask>();
  readonly policy: RetryPolicy;
  private readonly endpointKey: string;
  private readonly price;

  constructor(
    private readonly store: JudgmentStore,
    tasks: JudgeTask[],
    private readonly endpoint: JudgeEndpoint,
    private readonly prompt: JudgePrompt,
    private readonly options: JudgeRunOptions,
    private readonly costFactor: number,
  ) {
    // A task listed twice is judged once: two saves under one key would be one judgment counted twice.
    for (const t of tasks) if (!this.byKey.has(t.cacheKey)) this.byKey.set(t.cacheKey, t);
    this.unique = [...this.byKey.values()];
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.endpointKey = endpointName(endpoint.baseURL);
    this.price = priceOf(endpoint.judgeModel, options.prices);
    this.counts = { total: this.unique.length, done: 0, cached: 0, failed: 0, unparsed: 0, retries: 0, promptTokens: 0, completionTokens: 0, costUsd: costOf(this.price, 0, 0) };
  }

  client(): OpenAI {
    // maxRetries 0: every retry is ours (counted, honouring Retry-After, cancellable). The client's
    // own timeout is a backstop; ours covers the whole response, body included.
    return new OpenAI({ baseURL: this.endpoint.baseURL, apiKey: this.endpoint.apiKey, maxRetries: 0, timeout: this.policy.timeoutMs + 1000 });
  }

  redact(text: string): string {
    return redactKey(text, this.endpoint.apiKey);
  }

  save(task: JudgeTask, reply: string, promptTokens: number, completionTokens: number, latencyMs: number): void {
    this.saveRecord(task.cacheKey, { ...task, promptVersion: this.prompt.version }, reply, promptTokens, completionTokens, latencyMs, true);
  }

  /** Stores one judgment, the scores mapped from positions back to candidate and baseline. */
  saveRecord(cacheKey: string, task: BatchTask, rawReply: string, promptTokens: number, completionTokens: number, latencyMs: number, counted: boolean): void {
    const reply = this.redact(rawReply);
    const parsed = parseJudgeReply(reply);
    const [first, second] = parsed.status === 'ok' ? parsed.scores : [undefined, undefined];
    const judgment: JudgmentRecord = {
      questionKey: task.questionKey,
      model: task.model,
      baseline: task.baseline,
      candidateAnswerId: task.candidateAnswerId,
      baselineAnswerId: task.baselineAnswerId,
      baselineFirst: task.baselineFirst,
      parseStatus: parsed.status,
      ...(parsed.status === 'ok' ? { candidateScore: task.baselineFirst ? second : first, baselineScore: task.baselineFirst ? first : second } : {}),
      judgeModel: this.endpoint.judgeModel,
      endpoint: this.endpointKey,
      promptVersion: task.promptVersion,
      reply,
      promptTokens,
      completionTokens,
      latencyMs,
    };
    this.store.saveJudgment(cacheKey, judgment);
    this.counts.promptTokens += promptTokens;
    this.counts.completionTokens += completionTokens;
    this.counts.costUsd = costOf(this.price, this.counts.promptTokens, this.counts.completionTokens, this.costFactor);
    if (counted) {
      this.counts.done++;
      if (parsed.status === 'unparsed') this.counts.unparsed++;
    }
    this.report();
  }

  fail(task: JudgeTask, e: unknown): void {
    this.counts.failed++;
    this.failures.push({
      questionKey: task.questionKey,
      model: task.model,
      baselineFirst: task.baselineFirst,
      attempts: e instanceof RequestFailedError ? e.attempts : 1,
      error: this.redact(e instanceof Error ? e.message : String(e)),
    });
    this.report();
  }

  report(): void {
    this.options.onProgress?.({ ...this.counts });
  }

  summary(): JudgeSummary {
    return { ...this.counts, cancelled: this.options.signal?.aborted ?? false, failures: this.failures };
  }
}
