// One request to a remote service, tried again when it fails in a way that may pass: a timeout
// per attempt, exponential backoff with jitter, the server's Retry-After when it gives one, and
// cancellation that stops both the request in flight and the wait. The judge does its own
// retrying (the openai client runs with maxRetries 0) so every attempt is counted, observable in
// progress and testable against a local server.
// Browser-safe (timers and AbortController only), though only the Node judge runner uses it today.
import { translate } from '../l10n';
import { CancelledError, sleep } from '../progress';

export interface RetryPolicy {
  /** Attempts in all, the first included. */
  maxAttempts: number;
  /** Per attempt, the whole response included. */
  timeoutMs: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** A server asking for a longer wait than this fails the request instead of stalling the run. */
  maxRetryAfterMs: number;
  /** [0, 1); tests may fix it. */
  random: () => number;
}

export const DEFAULT_RETRY_POLICY: RetryPolicy = {
  maxAttempts: 5,
  timeoutMs: 120_000,
  backoffBaseMs: 1_000,
  backoffMaxMs: 60_000,
  maxRetryAfterMs: 300_000,
  random: Math.random,
};

/** What one failed attempt means: try again or not, why (for the report), and how long the server asked to wait. */
export interface AttemptFailure {
  retryable: boolean;
  message: string;
  retryAfterMs?: number;
}

export class RequestFailedError extends Error {
  constructor(
    message: string,
    readonly attempts: number,
  ) {
    super(message);
    this.name = 'RequestFailedError';
  }
}

/**
 * The wait before attempt `attempt + 1`: base·2^(attempt−1), capped, with "equal jitter" (half
 * fixed, half random) so eight workers throttled together do not all come back at once.
 */
export function backoffMs(attempt: number, policy: Pick<RetryPolicy, 'backoffBaseMs' | 'backoffMaxMs' | 'random'>): number {
  const ceiling = Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** (attempt - 1));
  return ceiling / 2 + (ceiling / 2) * policy.random();
}

/** The wait a response asks for: `retry-after-ms`, else `Retry-After` in seconds or as an HTTP date. */
export function retryAfterMs(headers: { get(name: string): string | null } | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get('retry-after-ms');
  if (ms !== null && ms.trim() !== '' && Number.isFinite(Number(ms)) && Number(ms) >= 0) return Number(ms);
  const value = headers.get('retry-after')?.trim();
  if (!value) return undefined;
  if (/^\d+(\.\d+)?$/.test(value)) return Number(value) * 1000;
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export interface RetryOutcome<T> {
  value: T;
  attempts: number;
  /** Duration of the attempt that succeeded. */
  latencyMs: number;
}

/**
 * Runs `attempt` until it succeeds, fails for good, or `signal` aborts (CancelledError; the
 * attempt in flight is aborted through the signal it was given). `classify` turns an error into
 * an AttemptFailure; `timedOut` tells it the attempt was aborted by the per-attempt timeout.
 */
export async function withRetries<T>(
  attempt: (signal: AbortSignal) => Promise<T>,
  classify: (error: unknown, timedOut: boolean) => AttemptFailure,
  policy: RetryPolicy,
  signal: AbortSignal | undefined,
  onRetry?: (failure: AttemptFailure, delayMs: number) => void,
): Promise<RetryOutcome<T>> {
  for (let n = 1; ; n++) {
    if (signal?.aborted) throw new CancelledError();
    const controller = new AbortController();
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      controller.abort();
    }, policy.timeoutMs);
    const cancel = () => controller.abort();
    signal?.addEventListener('abort', cancel, { once: true });
    const started = performance.now();
    let failure: AttemptFailure;
    try {
      const value = await attempt(controller.signal);
      return { value, attempts: n, latencyMs: Math.round(performance.now() - started) };
    } catch (e) {
      if (signal?.aborted) throw new CancelledError();
      failure = classify(e, timedOut);
    } finally {
      clearTimeout(timer);
      signal?.removeEventListener('abort', cancel);
    }
    if (!failure.retryable || n >= policy.maxAttempts) {
      throw new RequestFailedError(n > 1 ? translate('{0} (after {1} attempts)', failure.message, n) : failure.message, n);
    }
    if (failure.retryAfterMs !== undefined && failure.retryAfterMs > policy.maxRetryAfterMs) {
      throw new RequestFailedError(
        translate('{0}; the server asks to wait {1} s, more than {2} s', failure.message, Math.ceil(failure.retryAfterMs / 1000), Math.ceil(policy.maxRetryAfterMs / 1000)),
        n,
      );
    }
    const delay = failure.retryAfterMs ?? backoffMs(n, policy);
    onRetry?.(failure, delay);
    await sleep(delay, signal);
  }
}
