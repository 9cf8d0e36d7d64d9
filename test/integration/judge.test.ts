// The judge end to end: the real `openai` client against the local fake server (fakeOpenAI.ts),
// through retries, faults, cancellation, the cache and the Batch API, into an in-memory
// JudgmentStore that refuses a second save under one key (so "none counted twice" can fail).
// The SQLite store has its own tests; this one is about what the judge asks and stores.
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { after, describe, it } from 'node:test';

import { runJudgeWith, type JudgeCliStore } from '../../extension/cli/judgeCommand';
import { UsageError } from '../../extension/cli/args';
import { planJudgments, type JudgeTask } from '../../extension/core/review/judgePlan';
import { DEFAULT_JUDGE_PROMPT } from '../../extension/core/review/judgePrompt';
import { endpointName, runJudge, runJudgeBatch, type JudgeProgress, type JudgeRunOptions } from '../../extension/core/review/judgeRunner';
import type { JudgeBatchRecord, JudgmentRecord, JudgmentStore, ReviewSnapshot } from '../../extension/core/review/types';
import { startFakeOpenAI, type Behaviour, type ChatRequest, type FakeOpenAI, type FakeOpenAIOptions, type RespondContext } from './fakeOpenAI';

const KEY = 'sk-lexreview-TEST-c0ffee-5f1d2e3a4b';
const BASELINE = 'chatglm';
const CANDIDATES = ['law_batch128_epoch3_vicuna', 'law_batch128_epoch6_vicuna'];
/** Fast retries, so a test's time is the faults it injects, not default backoffs. */
const FAST: JudgeRunOptions['retry'] = { backoffBaseMs: 5, backoffMaxMs: 20, timeoutMs: 5_000, maxAttempts: 4 };

class MemoryStore implements JudgmentStore {
  readonly judgments = new Map<string, JudgmentRecord>();
  readonly batches = new Map<string, JudgeBatchRecord>();
  readonly finished = new Set<string>();
  hasJudgment(key: string): boolean {
    return this.judgments.has(key);
  }
  saveJudgment(key: string, j: JudgmentRecord): void {
    if (this.judgments.has(key)) throw new Error(`judgment ${key} saved twice`);
    this.judgments.set(key, structuredClone(j));
  }
  pendingJudgeBatches(): JudgeBatchRecord[] {
    // Through JSON, as a database would give them back.
    return [...this.batches.values()].filter((b) => !this.finished.has(b.batchId)).map((b) => JSON.parse(JSON.stringify(b)));
  }
  saveJudgeBatch(b: JudgeBatchRecord): void {
    this.batches.set(b.batchId, JSON.parse(JSON.stringify(b)));
  }
  finishJudgeBatch(id: string): void {
    assert.ok(this.batches.has(id), `finishing unknown batch ${id}`);
    this.finished.add(id);
  }
}

/** Answer texts carry their quality ("质量7"), so the fake judge's scores follow the answers, not their positions. */
function snapshot(questions: number, options: { skip?: Array<[number, string]> } = {}): ReviewSnapshot {
  const models = [BASELINE, ...CANDIDATES];
  const answers: ReviewSnapshot['answers'] = [];
  let id = 0;
  for (let q = 0; q < questions; q++) {
    models.forEach((model, m) => {
      if (options.skip?.some(([sq, sm]) => sq === q && sm === model)) return;
      // m·4 keeps the three models' qualities apart on every question, so a swapped mapping shows.
      const quality = 1 + ((q * 3 + m * 4) % 10);
      answers.push({ answerId: ++id, questionKey: `q${q}`, model, text: `第${q}题，${model}的回答：依据《刑法》第264条……质量${quality}。`, version: 1 });
    });
  }
  return {
    set: 'law16',
    questions: Array.from({ length: questions }, (_, q) => ({ key: `q${q}`, text: `问题${q}：盗窃罪的立案标准是什么？`, category: q % 2 ? 'general' : 'legal', ordinal: q })),
    models: models.map((name) => ({ name, attributes: {} })),
    answers,
    judgments: [],
    reviews: [],
    flags: [],
  };
}

const qualityOf = (answerText: string) => Number(/质量(\d+)/.exec(answerText)![1]);
/** The two answers as the judge saw them, out of the prompt. */
function shownAnswers(request: ChatRequest): [string, string] {
  const user = request.messages.find((m) => m.role === 'user')!.content;
  const one = /\[助手1的回答开始\]\n([\s\S]*?)\n\[助手1的回答结束\]/.exec(user)![1];
  const two = /\[助手2的回答开始\]\n([\s\S]*?)\n\[助手2的回答结束\]/.exec(user)![1];
  return [one, two];
}
/** A judge that scores each answer by its quality, in Vicuna's format. */
const fairJudge = (request: ChatRequest) => {
  const [a, b] = shownAnswers(request);
  return `${qualityOf(a)} ${qualityOf(b)}\n助手1与助手2的回答均引用了第264条。`;
};

const servers: FakeOpenAI[] = [];
after(() => Promise.all(servers.map((s) => s.close())));

async function server(options: Partial<FakeOpenAIOptions> & { respond?: (r: ChatRequest, c: RespondContext) => Behaviour | string }): Promise<FakeOpenAI> {
  const s = await startFakeOpenAI({ apiKey: KEY, respond: fairJudge, ...options });
  servers.push(s);
  return s;
}

function plan(s: FakeOpenAI, questions = 3, extra: Parameters<typeof snapshot>[1] = {}) {
  return planJudgments(snapshot(questions, extra), { baseline: BASELINE, endpoint: endpointName(s.url), judgeModel: 'gpt-3.5-turbo', prompt: DEFAULT_JUDGE_PROMPT });
}

const endpoint = (s: FakeOpenAI, apiKey = KEY) => ({ baseURL: s.url, apiKey, judgeModel: 'gpt-3.5-turbo' });

/** Every stored judgment's scores are its answers' qualities, whichever order it was shown in. */
function assertMapped(store: MemoryStore, tasks: JudgeTask[]) {
  for (const t of tasks) {
    const j = store.judgments.get(t.cacheKey);
    assert.ok(j, `judgment for ${t.questionKey} ${t.model} ${t.baselineFirst}`);
    const [candidate, base] = t.baselineFirst ? [t.answer2, t.answer1] : [t.answer1, t.answer2];
    assert.equal(j.parseStatus, 'ok', j.reply);
    assert.equal(j.candidateScore, qualityOf(candidate));
    assert.equal(j.baselineScore, qualityOf(base));
    assert.equal(j.baselineFirst, t.baselineFirst);
    assert.equal(j.model, t.model);
    assert.equal(j.baseline, BASELINE);
    assert.equal(j.candidateAnswerId, t.candidateAnswerId);
    assert.equal(j.baselineAnswerId, t.baselineAnswerId);
    assert.equal(j.promptVersion, DEFAULT_JUDGE_PROMPT.version);
    assert.equal(j.judgeModel, 'gpt-3.5-turbo');
  }
}

/** The requests for one prompt (its attempts), in arrival order. */
function attemptsByPrompt(s: FakeOpenAI) {
  const by = new Map<string, number[]>();
  for (const r of s.chatRequests()) {
    const k = JSON.stringify(r.body);
    by.set(k, [...(by.get(k) ?? []), r.at]);
  }
  return [...by.values()];
}

describe('judge: both orders, mapped back to the answers', () => {
  it('judges every candidate against the baseline in both orders, verbatim, with the key in the header only', async () => {
    const s = await server({});
    const { tasks, missing } = plan(s, 3, { skip: [[2, CANDIDATES[1]]] });
    assert.deepEqual(missing, [{ questionKey: 'q2', model: CANDIDATES[1], missing: 'candidate' }]);
    assert.equal(tasks.length, (3 + 2) * 2);
    const store = new MemoryStore();
    const progress: JudgeProgress[] = [];
    const summary = await runJudge(store, tasks, endpoint(s), DEFAULT_JUDGE_PROMPT, { concurrency: 3, retry: FAST, onProgress: (p) => progress.push(p) });
    assert.equal(summary.done, 10);
    assert.equal(summary.failed + summary.cached + summary.unparsed, 0);
    assert.equal(s.chatRequests().length, 10);
    assert.ok(s.requests.every((r) => r.authorization === `Bearer ${KEY}`));
    assertMapped(store, tasks);
    // Each request carried exactly the task's two answers, in the task's order.
    const seen = s.chatRequests().map((r) => shownAnswers(r.body as ChatRequest).join('\u0000'));
    assert.deepEqual(seen.sort(), tasks.map((t) => `${t.answer1}\u0000${t.answer2}`).sort());
    // Tokens and cost: the fake bills 100 + 20 per request; gpt-3.5-turbo is $0.5 / $1.5 per million.
    assert.equal(summary.promptTokens, 1000);
    assert.equal(summary.completionTokens, 200);
    assert.ok(Math.abs(summary.costUsd! - (1000 * 0.5 + 200 * 1.5) / 1e6) < 1e-12);
    assert.equal(progress.at(-1)!.done, 10);
    assert.ok(progress.every((p, i) => i === 0 || p.done >= progress[i - 1].done));
    for (const j of store.judgments.values()) {
      assert.equal(j.promptTokens, 100);
      assert.ok(j.latencyMs >= 0);
      assert.equal(j.endpoint, endpointName(s.url));
    }
  });

  it('a re-run makes no request; the summary counts every judgment as cached', async () => {
    const s = await server({});
    const { tasks } = plan(s);
    const store = new MemoryStore();
    await runJudge(store, tasks, endpoint(s), DEFAULT_JUDGE_PROMPT, { retry: FAST });
    const before = s.requests.length;
    const again = await runJudge(store, tasks, endpoint(s), DEFAULT_JUDGE_PROMPT, { retry: FAST });
    assert.equal(s.requests.length, before);
    assert.equal(again.cached, tasks.length);
    assert.equal(again.done, 0);
    assert.equal(again.costUsd, 0);
  });

  it('an unknown judge model: cost unknown, not 0; a price override makes it known', async () => {
    const s = await server({});
    const { tasks } = plan(s, 1);
    const e = { ...endpoint(s), judgeModel: 'qwen-judge' };
    assert.equal((await runJudge(new MemoryStore(), tasks, e, DEFAULT_JUDGE_PROMPT, { retry: FAST })).costUsd, undefined);
    const priced = await runJudge(new MemoryStore(), tasks, e, DEFAULT_JUDGE_PROMPT, { retry: FAST, prices: { 'qwen-judge': { input: 1, output: 2 } } });
    assert.ok(Math.abs(priced.costUsd! - (400 * 1 + 80 * 2) / 1e6) < 1e-12);
  });
});

describe('judge: faults', () => {
  it('429 with Retry-After in seconds: the retry comes no sooner than asked', async () => {
    const s = await server({ respond: (r, c) => (c.attempt === 1 ? { kind: 'status', status: 429, headers: { 'retry-after': '1' }, message: 'Rate limit reached' } : fairJudge(r)) });
    const { tasks } = plan(s, 1);
    const store = new MemoryStore();
    const summary = await runJudge(store, tasks, endpoint(s), DEFAULT_JUDGE_PROMPT, { concurrency: 4, retry: FAST });
    assert.equal(summary.done, tasks.length);
    assert.equal(summary.retries, tasks.length);
    for (const [first, second] of attemptsByPrompt(s)) assert.ok(second - first >= 1000, `retried after ${second - first} ms`);
    assertMapped(store, tasks);
  });

  it('429 with retry-after-ms, and with an HTTP date', async () => {
    const s = await server({
      respond: (r, c): Behaviour | string => {
        if (c.attempt === 1) return { kind: 'status', status: 429, headers: { 'retry-after-ms': '400', 'retry-after': '30' } };
        if (c.attempt === 2) return { kind: 'status', status: 503, headers: { 'retry-after': new Date(Date.now() + 2000).toUTCString() } };
        return fairJudge(r);
      },
    });
    const { tasks } = plan(s, 1);
    const summary = await runJudge(new MemoryStore(), tasks.slice(0, 1), endpoint(s), DEFAULT_JUDGE_PROMPT, { retry: FAST });
    assert.equal(summary.done, 1);
    const [[a, b, c]] = attemptsByPrompt(s);
    // retry-after-ms wins over Retry-After (400 ms, not 30 s); the date is at least a second ahead once truncated to seconds.
    assert.ok(b - a >= 400 && b - a < 5000, `${b - a} ms`);
    assert.ok(c - b >= 1000, `${c - b} ms`);
  });

  it('500 is retried until it passes', async () => {
    const s = await server({ respond: (r, c) => (c.attempt <= 2 ? { kind: 'status', status: 500 } : fairJudge(r)) });
    const { tasks } = plan(s);
    const store = new MemoryStore();
    const summary = await runJudge(store, tasks, endpoint(s), DEFAULT_JUDGE_PROMPT, { concurrency: 4, retry: FAST });
    assert.equal(summary.done, tasks.length);
    assert.equal(summary.retries, tasks.length * 2);
    assert.equal(s.chatRequests().length, tasks.length * 3);
    assertMapped(store, tasks);
  });

  it('a hang times out and is tried again', async () => {
    const s = await server({ respond: (r, c) => (c.attempt === 1 ? { kind: 'hang' } : fairJudge(r)) });
    const { tasks } = plan(s, 1);
    const store = new MemoryStore();
    const summary = await runJudge(store, tasks, endpoint(s), DEFAULT_JUDGE_PROMPT, { concurrency: 4, retry: { ...FAST, timeoutMs: 300 } });
    assert.equal(summary.done, tasks.length);
    // The timeout runs from when the client starts the attempt, a little before the server sees it: half of it is a safe floor.
    for (const attempts of attemptsByPrompt(s)) {
      assert.equal(attempts.length, 2);
      assert.ok(attempts[1] - attempts[0] >= 150, `${attempts[1] - attempts[0]} ms`);
    }
    assertMapped(store, tasks);
  });

  it('garbage bodies are retried; garbage to the end fails cleanly, stores nothing, and is retried by the next run', async () => {
    const s = await server({
      respond: (r, c) => (c.attempt === 1 ? { kind: 'garbage' } : c.attempt === 2 ? { kind: 'garbage', contentType: 'text/html' } : c.attempt === 3 ? { kind: 'garbage', body: '{"object":"error"}' } : fairJudge(r)),
    });
    const { tasks } = plan(s, 1);
    const store = new MemoryStore();
    const summary = await runJudge(store, tasks, endpoint(s), DEFAULT_JUDGE_PROMPT, { retry: FAST });
    assert.equal(summary.done, tasks.length);
    assertMapped(store, tasks);

    const bad = await server({ respond: () => ({ kind: 'garbage' }) });
    const badTasks = plan(bad, 1).tasks;
    const badStore = new MemoryStore();
    const failed = await runJudge(badStore, badTasks, endpoint(bad), DEFAULT_JUDGE_PROMPT, { retry: FAST });
    assert.equal(failed.failed, badTasks.length);
    assert.equal(failed.done, 0);
    assert.equal(badStore.judgments.size, 0);
    assert.equal(bad.chatRequests().length, badTasks.length * 4);
    assert.match(failed.failures[0].error, /not a chat completion \(after 4 attempts\)/);
    const again = await runJudge(badStore, badTasks, endpoint(bad), DEFAULT_JUDGE_PROMPT, { retry: { ...FAST, maxAttempts: 1 } });
    assert.equal(again.failed, badTasks.length);
    assert.equal(bad.chatRequests().length, badTasks.length * 5);
  });

  it('400 is not retried', async () => {
    const s = await server({ respond: () => ({ kind: 'status', status: 400, message: 'context length exceeded' }) });
    const { tasks } = plan(s, 1);
    const summary = await runJudge(new MemoryStore(), tasks, endpoint(s), DEFAULT_JUDGE_PROMPT, { retry: FAST });
    assert.equal(summary.failed, tasks.length);
    assert.equal(s.chatRequests().length, tasks.length);
    assert.match(summary.failures[0].error, /HTTP 400.*context length exceeded/);
  });

  it('deviant reply formats are read, mapped by order; an unreadable reply is stored as unparsed, never scored, never asked again', async () => {
    const formats = [
      (a: number, b: number) => `${a}/10 ${b}/10\n理由`,
      (a: number, b: number) => `助手1：${a}分，助手2：${b}分\n理由`,
      (a: number, b: number) => `${String.fromCharCode(0xff10 + (a % 10))} ${String.fromCharCode(0xff10 + (b % 10))}`,
      (a: number, b: number) => `**Assistant 1: ${a}**\n**Assistant 2: ${b}**\n\nExplanation`,
      (a: number, b: number) => `\n\n${a}，${b}\n`,
    ];
    const s = await server({
      respond: (r, c) => {
        const [x, y] = shownAnswers(r).map(qualityOf);
        if (c.n % 6 === 5) return '根据《刑法》第264条，我认为助手1更好。';
        // Full-width digits cannot write 10: that format only for single digits.
        return formats[x === 10 || y === 10 ? 0 : c.n % formats.length](x, y);
      },
    });
    const { tasks } = plan(s, 6);
    const store = new MemoryStore();
    const summary = await runJudge(store, tasks, endpoint(s), DEFAULT_JUDGE_PROMPT, { concurrency: 1, retry: FAST });
    const unparsed = [...store.judgments.values()].filter((j) => j.parseStatus === 'unparsed');
    assert.equal(summary.done, tasks.length);
    assert.equal(summary.unparsed, Math.floor(tasks.length / 6));
    assert.equal(unparsed.length, summary.unparsed);
    for (const j of unparsed) {
      assert.equal(j.candidateScore, undefined);
      assert.equal(j.baselineScore, undefined);
      assert.match(j.reply, /第264条/);
    }
    for (const t of tasks) {
      const j = store.judgments.get(t.cacheKey)!;
      if (j.parseStatus === 'unparsed') continue;
      const [candidate, base] = t.baselineFirst ? [t.answer2, t.answer1] : [t.answer1, t.answer2];
      assert.deepEqual([j.candidateScore, j.baselineScore], [qualityOf(candidate), qualityOf(base)], j.reply);
    }
    const requests = s.chatRequests().length;
    const again = await runJudge(store, tasks, endpoint(s), DEFAULT_JUDGE_PROMPT, { retry: FAST });
    assert.equal(again.cached, tasks.length);
    assert.equal(s.chatRequests().length, requests);
  });
});

describe('judge: no judgment lost, none counted twice', () => {
  it('a task listed twice is judged once', async () => {
    const s = await server({});
    const { tasks } = plan(s, 1);
    const summary = await runJudge(new MemoryStore(), [...tasks, ...tasks], endpoint(s), DEFAULT_JUDGE_PROMPT, { concurrency: 8, retry: FAST });
    assert.equal(summary.total, tasks.length);
    assert.equal(summary.done, tasks.length);
    assert.equal(s.chatRequests().length, tasks.length);
  });

  it('cancelled mid-run: in-flight requests are aborted, finished judgments kept, and a re-run asks only for the rest', async () => {
    const s = await server({ latencyMs: 80 });
    const { tasks } = plan(s, 10);
    const store = new MemoryStore();
    const controller = new AbortController();
    const summary = await runJudge(store, tasks, endpoint(s), DEFAULT_JUDGE_PROMPT, {
      concurrency: 3,
      retry: FAST,
      signal: controller.signal,
      onProgress: (p) => {
        if (p.done >= 5) controller.abort();
      },
    });
    assert.equal(summary.cancelled, true);
    assert.ok(summary.done >= 5 && summary.done < tasks.length, `${summary.done} done`);
    assert.equal(summary.failed, 0, 'an aborted request is not a failure');
    assert.equal(store.judgments.size, summary.done);
    // Aborted requests may still be arriving at the server: let them land before counting.
    await new Promise((r) => setTimeout(r, 150));
    const firstRun = s.chatRequests().length;
    assert.ok(firstRun - summary.done <= 3, 'no more than the in-flight requests were lost to the abort');
    const rest = await runJudge(store, tasks, endpoint(s), DEFAULT_JUDGE_PROMPT, { concurrency: 3, retry: FAST });
    assert.equal(rest.cached, summary.done);
    assert.equal(rest.done, tasks.length - summary.done);
    assert.equal(s.chatRequests().length - firstRun, tasks.length - summary.done);
    assert.equal(store.judgments.size, tasks.length);
    assertMapped(store, tasks);
  });

  it('cancelled while requests hang: they are aborted, not waited out', async () => {
    const s = await server({ respond: () => ({ kind: 'hang' }) });
    const { tasks } = plan(s, 2);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    // With a 10-minute timeout, only aborting the requests in flight lets this return.
    const summary = await runJudge(new MemoryStore(), tasks, endpoint(s), DEFAULT_JUDGE_PROMPT, { concurrency: 3, retry: { ...FAST, timeoutMs: 600_000 }, signal: controller.signal });
    assert.equal(summary.cancelled, true);
    assert.deepEqual([summary.done, summary.failed], [0, 0]);
    assert.equal(s.chatRequests().length, 3);
  });

  it('cancelled while waiting out a Retry-After: returns at once', async () => {
    const s = await server({ respond: () => ({ kind: 'status', status: 429, headers: { 'retry-after': '60' } }) });
    const { tasks } = plan(s, 1);
    const controller = new AbortController();
    setTimeout(() => controller.abort(), 200);
    const started = performance.now();
    const summary = await runJudge(new MemoryStore(), tasks, endpoint(s), DEFAULT_JUDGE_PROMPT, { retry: FAST, signal: controller.signal });
    assert.ok(performance.now() - started < 5000);
    assert.equal(summary.cancelled, true);
    assert.equal(summary.failed, 0);
  });
});

describe('judge: the API key never leaves the client', () => {
  it('not in stored replies, error messages, progress or the CLI output, even when a server echoes it', async () => {
    // A server that quotes the key it got (as OpenAI's 401 does) and a judge that echoes it in a reply.
    const wrong = await startFakeOpenAI({ apiKey: 'sk-something-else' });
    servers.push(wrong);
    const echo = await server({ respond: (r, c) => (c.attempt === 1 ? { kind: 'status', status: 500, message: `upstream rejected Bearer ${KEY}` } : `${fairJudge(r)}\n(key ${KEY})`) });
    const texts: string[] = [];
    const store = new MemoryStore();
    const a = await runJudge(store, plan(wrong, 1).tasks, endpoint(wrong), DEFAULT_JUDGE_PROMPT, { retry: FAST, onProgress: (p) => texts.push(JSON.stringify(p)) });
    assert.equal(a.failed, 4);
    assert.match(a.failures[0].error, /401.*Incorrect API key provided: \[redacted\]/);
    const b = await runJudge(store, plan(echo, 1).tasks, endpoint(echo), DEFAULT_JUDGE_PROMPT, { retry: { ...FAST, maxAttempts: 1 }, onProgress: (p) => texts.push(JSON.stringify(p)) });
    assert.match(b.failures[0].error, /upstream rejected Bearer \[redacted\]/);
    await runJudge(store, plan(echo, 1).tasks, endpoint(echo), DEFAULT_JUDGE_PROMPT, { retry: FAST });
    assert.equal(store.judgments.size, 4);
    texts.push(JSON.stringify(a), JSON.stringify(b), JSON.stringify([...store.judgments.values()]), JSON.stringify([...store.judgments.keys()]));
    const cli = await cliRun(wrong, ['--set', 'law16', '--baseline', BASELINE], new MemoryStore(), 1);
    texts.push(cli.stdout, cli.stderr);
    assert.match(cli.stderr, /^judge: failed: question q0, law_batch128_epoch6_vicuna \(baseline first\): HTTP 401: Incorrect API key provided: \[redacted\]\.$/m);
    for (const t of texts) assert.ok(!t.includes(KEY), `the key leaked into: ${t.slice(0, 200)}`);
    for (const t of texts) assert.ok(!t.includes('c0ffee'), 'not even a part of it');
  });
});

describe('judge --batch: the Batch API, resumable', () => {
  it('uploads one JSONL, polls, collects both orders; a re-run uploads nothing', async () => {
    const s = await server({ batchPolls: 2 });
    const { tasks } = plan(s, 4);
    const store = new MemoryStore();
    const statuses: string[] = [];
    const summary = await runJudgeBatch(store, tasks, endpoint(s), DEFAULT_JUDGE_PROMPT, { pollIntervalMs: 10, retry: FAST, onBatchStatus: (_, st) => statuses.push(st) });
    assert.equal(summary.done, tasks.length);
    assert.equal(summary.failed, 0);
    assertMapped(store, tasks);
    assert.equal(s.chatRequests().length, 0, 'no synchronous request');
    assert.equal(s.requests.filter((r) => r.method === 'POST' && r.path === '/v1/files').length, 1);
    assert.equal(s.requests.filter((r) => r.method === 'POST' && r.path === '/v1/batches').length, 1);
    const [batch] = s.batches();
    assert.equal(batch.endpoint, '/v1/chat/completions');
    assert.deepEqual(statuses, ['validating', 'in_progress', 'completed']);
    assert.equal(store.pendingJudgeBatches().length, 0);
    assert.equal(store.finished.size, 1);
    // Half price through the Batch API.
    assert.ok(Math.abs(summary.costUsd! - ((tasks.length * 100 * 0.5 + tasks.length * 20 * 1.5) / 1e6) * 0.5) < 1e-12);
    const n = s.requests.length;
    const again = await runJudgeBatch(store, tasks, endpoint(s), DEFAULT_JUDGE_PROMPT, { pollIntervalMs: 10, retry: FAST });
    assert.equal(again.cached, tasks.length);
    assert.equal(s.requests.length, n);
  });

  it('after a restart mid-batch, a new run resumes the pending batch instead of creating another', async () => {
    const s = await server({});
    s.holdBatches(true);
    const { tasks } = plan(s, 3);
    const store = new MemoryStore();
    const controller = new AbortController();
    const first = await runJudgeBatch(store, tasks, endpoint(s), DEFAULT_JUDGE_PROMPT, {
      pollIntervalMs: 10,
      retry: FAST,
      signal: controller.signal,
      onBatchStatus: (_, st) => st === 'in_progress' && controller.abort(),
    });
    assert.equal(first.cancelled, true);
    assert.equal(store.judgments.size, 0);
    const [pending] = store.pendingJudgeBatches();
    assert.ok(pending, 'the batch was recorded before polling');
    assert.equal(pending.endpoint, endpointName(s.url));
    assert.equal(Object.keys(pending.tasks as object).length, tasks.length);

    s.holdBatches(false);
    const statuses: string[] = [];
    const second = await runJudgeBatch(store, tasks, endpoint(s), DEFAULT_JUDGE_PROMPT, { pollIntervalMs: 10, retry: FAST, onBatchStatus: (id, st) => statuses.push(`${id} ${st}`) });
    assert.equal(s.requests.filter((r) => r.method === 'POST' && r.path === '/v1/batches').length, 1, 'no second batch');
    assert.equal(s.requests.filter((r) => r.method === 'POST' && r.path === '/v1/files').length, 1, 'no second upload');
    assert.equal(statuses[0], `${pending.batchId} resumed`);
    assert.equal(second.done, tasks.length);
    assertMapped(store, tasks);
    assert.equal(store.pendingJudgeBatches().length, 0);
  });

  it('requests that fail inside a batch are reported failed, not stored; the next run asks only for them', async () => {
    const s = await server({ respond: (r, c) => (c.batch && /问题1/.test(r.messages[1].content) ? { kind: 'status', status: 500, message: 'batch line failed' } : fairJudge(r)) });
    const { tasks } = plan(s, 3);
    const store = new MemoryStore();
    const summary = await runJudgeBatch(store, tasks, endpoint(s), DEFAULT_JUDGE_PROMPT, { pollIntervalMs: 10, retry: FAST });
    const q1 = tasks.filter((t) => t.questionKey === 'q1');
    assert.equal(summary.failed, q1.length);
    assert.equal(summary.done, tasks.length - q1.length);
    assert.match(summary.failures[0].error, /batch line failed/);
    assert.ok(q1.every((t) => !store.hasJudgment(t.cacheKey)));
    const rest = await runJudge(store, tasks, endpoint(s), DEFAULT_JUDGE_PROMPT, { retry: FAST });
    assert.equal(rest.done, q1.length);
    assert.equal(s.chatRequests().length, q1.length);
    assertMapped(store, tasks);
  });
});

/** The CLI adapter over a store that also loads the snapshot. */
async function cliRun(s: FakeOpenAI, argv: string[], memory = new MemoryStore(), questions = 2, env: NodeJS.ProcessEnv = { OPENAI_API_KEY: KEY }) {
  let stdout = '';
  let stderr = '';
  const sink = (write: (t: string) => void) =>
    new Writable({
      write(chunk, _enc, cb) {
        write(String(chunk));
        cb();
      },
    });
  const store: JudgeCliStore = Object.assign(memory, { snapshot: (set: string) => ({ ...snapshot(questions, { skip: [[0, CANDIDATES[0]]] }), set }) });
  let opened: string | undefined | null = null;
  const code = await runJudgeWith(
    (db) => {
      opened = db;
      return store;
    },
    [...argv, '--base-url', s.url],
    new AbortController().signal,
    env,
    { stdout: sink((t) => (stdout += t)), stderr: sink((t) => (stderr += t)) as unknown as NodeJS.WriteStream },
  );
  return { code, stdout, stderr, opened };
}

describe('lexreview judge (the CLI adapter)', () => {
  it('judges, lists missing answers, prints a summary; a re-run is all cached; exit 0', async () => {
    const s = await server({});
    const memory = new MemoryStore();
    const r = await cliRun(s, ['--set', 'law16', '--baseline', BASELINE, '--db', '/tmp/x.db', '--concurrency', '2'], memory);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.opened, '/tmp/x.db');
    assert.match(r.stderr, new RegExp(`question q0: no answer from ${CANDIDATES[0]}; not judged`));
    assert.match(r.stdout, /law16: 6 judgment\(s\) against chatglm by gpt-3\.5-turbo \(prompt vicuna-zh-1\)/);
    assert.match(r.stdout, /judged 6, cached 0, failed 0, unparsed 0/);
    const again = await cliRun(s, ['--set', 'law16', '--baseline', BASELINE], memory);
    assert.match(again.stdout, /judged 0, cached 6/);
    assert.equal(s.chatRequests().length, 6);
  });

  it('--model (repeated or comma list) narrows the candidates; --prompt uses a workspace prompt', async () => {
    const s = await server({ respond: () => '5 6' });
    const dir = mkdtempSync(join(tmpdir(), 'lexreview-judge-'));
    const promptFile = join(dir, 'prompt.txt');
    writeFileSync(promptFile, '问题：{question}\n一：{answer1}\n二：{answer2}\n');
    const memory = new MemoryStore();
    const r = await cliRun(s, ['--set', 'law16', '--baseline', BASELINE, '--model', CANDIDATES[1], '--prompt', promptFile], memory);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(memory.judgments.size, 4);
    assert.ok([...memory.judgments.values()].every((j) => j.model === CANDIDATES[1] && j.promptVersion.startsWith('custom-')));
    assert.match((s.chatRequests()[0].body as ChatRequest).messages[1].content, /^问题：问题\d/);
    const both = await cliRun(s, ['--set', 'law16', '--baseline', BASELINE, '--model', `${CANDIDATES[0]},${CANDIDATES[1]}`, '--model', CANDIDATES[1]], new MemoryStore());
    assert.match(both.stdout, /law16: 6 judgment/);
  });

  it('usage errors: no key, no baseline, an unknown model, a bad concurrency', async () => {
    const s = await server({});
    await assert.rejects(cliRun(s, ['--set', 'law16', '--baseline', BASELINE], new MemoryStore(), 2, {}), (e: Error) => e instanceof UsageError && /OPENAI_API_KEY/.test(e.message));
    await assert.rejects(cliRun(s, ['--set', 'law16']), UsageError);
    await assert.rejects(cliRun(s, ['--set', 'law16', '--baseline', 'gpt-9']), /set 'law16' has no model 'gpt-9'; it has chatglm, law_batch128_epoch3_vicuna, law_batch128_epoch6_vicuna/);
    await assert.rejects(cliRun(s, ['--set', 'law16', '--baseline', BASELINE, '--concurrency', '0']), /--concurrency must be a whole number/);
    await assert.rejects(cliRun(s, ['--set', 'law16', '--baseline', BASELINE, '--model', BASELINE]), /is the baseline/);
    assert.equal(s.requests.length, 0);
  });

  it('failed judgments exit 1; --batch goes through the Batch API', async () => {
    const down = await server({ respond: () => ({ kind: 'status', status: 400 }) });
    const r = await cliRun(down, ['--set', 'law16', '--baseline', BASELINE]);
    assert.equal(r.code, 1);
    // Six failures with one cause: said once, with the count.
    assert.match(r.stderr, /^judge: failed: 6 judgments \(question q\d, law_batch128_epoch\d_vicuna \(baseline (first|second)\) and others\): HTTP 400: fake error 400$/m);
    assert.match(r.stdout, /judged 0, cached 0, failed 6/);
    const s = await server({ batchPolls: 0 });
    const b = await cliRun(s, ['--set', 'law16', '--baseline', BASELINE, '--batch']);
    assert.equal(b.code, 0, b.stderr);
    assert.match(b.stderr, /judge: batch batch_\d+: completed/);
    assert.equal(s.chatRequests().length, 0);
  });
});
