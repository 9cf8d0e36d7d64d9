// The retry loop's arithmetic and control: Retry-After in its three spellings, backoff bounds,
// which failures are tried again, and cancellation during a wait. (The judge against a real
// server, timing included, is in test/integration/judge.test.ts.)
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';

import { CancelledError } from '../../extension/core/progress';
import { backoffMs, DEFAULT_RETRY_POLICY, RequestFailedError, retryAfterMs, withRetries, type AttemptFailure } from '../../extension/core/review/judgeRetry';

const headers = (h: Record<string, string>) => new Headers(h);

describe('retryAfterMs', () => {
  it('reads retry-after-ms first, then Retry-After in seconds or as an HTTP date', () => {
    assert.equal(retryAfterMs(headers({ 'retry-after-ms': '250', 'retry-after': '9' })), 250);
    assert.equal(retryAfterMs(headers({ 'retry-after': '3' })), 3000);
    assert.equal(retryAfterMs(headers({ 'retry-after': '1.5' })), 1500);
    const now = Date.parse('2026-01-01T00:00:00Z');
    assert.equal(retryAfterMs(headers({ 'retry-after': 'Thu, 01 Jan 2026 00:00:07 GMT' }), now), 7000);
    assert.equal(retryAfterMs(headers({ 'retry-after': 'Wed, 31 Dec 2025 23:59:00 GMT' }), now), 0);
  });
  it('nothing usable: undefined', () => {
    assert.equal(retryAfterMs(undefined), undefined);
    assert.equal(retryAfterMs(headers({})), undefined);
    assert.equal(retryAfterMs(headers({ 'retry-after': 'soon' })), undefined);
    assert.equal(retryAfterMs(headers({ 'retry-after-ms': 'x', 'retry-after': '2' })), 2000);
  });
});

describe('backoffMs', () => {
  it('doubles from the base, capped, with the jitter in the upper half', () => {
    const p = { backoffBaseMs: 100, backoffMaxMs: 1000 };
    assert.equal(backoffMs(1, { ...p, random: () => 0 }), 50);
    assert.equal(backoffMs(1, { ...p, random: () => 0.999999 }) < 100, true);
    assert.equal(backoffMs(3, { ...p, random: () => 0 }), 200);
    assert.equal(backoffMs(10, { ...p, random: () => 0 }), 500);
    for (let a = 1; a < 12; a++) {
      const d = backoffMs(a, { ...p, random: Math.random });
      assert.ok(d >= Math.min(1000, 100 * 2 ** (a - 1)) / 2 && d <= 1000);
    }
  });
});

describe('withRetries', () => {
  const policy = { ...DEFAULT_RETRY_POLICY, backoffBaseMs: 1, backoffMaxMs: 2, maxAttempts: 3 };
  const classify = (e: unknown): AttemptFailure => ({ retryable: (e as Error).message === 'transient', message: (e as Error).message });
  it('tries a transient failure again, up to the attempts allowed, counting each retry', async () => {
    let calls = 0;
    const retries: AttemptFailure[] = [];
    const r = await withRetries(async () => (++calls < 3 ? Promise.reject(new Error('transient')) : 'ok'), classify, policy, undefined, (f) => retries.push(f));
    assert.deepEqual([r.value, r.attempts, calls, retries.length], ['ok', 3, 3, 2]);
    calls = 0;
    await assert.rejects(
      withRetries(async () => Promise.reject(new Error(`transient`)).finally(() => calls++), classify, policy, undefined),
      (e: Error) => e instanceof RequestFailedError && e.attempts === 3 && e.message === 'transient (after 3 attempts)',
    );
    assert.equal(calls, 3);
  });
  it('does not retry a permanent failure', async () => {
    let calls = 0;
    await assert.rejects(withRetries(async () => (calls++, Promise.reject(new Error('bad request'))), classify, policy, undefined), { message: 'bad request' });
    assert.equal(calls, 1);
  });
  it('a server asking for a wait beyond the limit fails rather than stalls', async () => {
    await assert.rejects(
      withRetries(async () => Promise.reject(new Error('x')), () => ({ retryable: true, message: 'HTTP 429', retryAfterMs: 3_600_000 }), policy, undefined),
      /HTTP 429; the server asks to wait 3600 s, more than 300 s/,
    );
  });
  it('the per-attempt timeout aborts the attempt and tells classify', async () => {
    const seen: boolean[] = [];
    await assert.rejects(
      withRetries(
        (signal) => new Promise((_, reject) => signal.addEventListener('abort', () => reject(new Error('aborted')))),
        (_e, timedOut) => (seen.push(timedOut), { retryable: true, message: 'timeout' }),
        { ...policy, timeoutMs: 5, maxAttempts: 2 },
        undefined,
      ),
      /timeout \(after 2 attempts\)/,
    );
    assert.deepEqual(seen, [true, true]);
  });
  it('cancellation aborts the attempt in flight and the wait, with CancelledError', async () => {
    const controller = new AbortController();
    let aborted = false;
    const p = withRetries((signal) => new Promise((_, reject) => signal.addEventListener('abort', () => ((aborted = true), reject(new Error('aborted'))))), classify, policy, controller.signal);
    controller.abort();
    await assert.rejects(p, CancelledError);
    assert.ok(aborted);
    const waiting = new AbortController();
    const q = withRetries(async () => Promise.reject(new Error('x')), () => ({ retryable: true, message: 'x', retryAfterMs: 60_000 }), policy, waiting.signal);
    setTimeout(() => waiting.abort(), 5);
    await assert.rejects(q, CancelledError);
  });
});
