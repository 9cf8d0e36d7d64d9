// How long operations in core/ report progress and learn about cancellation, without knowing
// whether a VS Code progress notification or the CLI's stderr bar is listening.

/** Called with the work done so far and the total (bytes or records); total may be unknown. */
export type ProgressReporter = (done: number, total: number | undefined) => void;

export interface LongOperation {
  /** Aborted when the user cancels; operations check it between chunks and throw CancelledError. */
  signal?: AbortSignal;
  onProgress?: ProgressReporter;
}

export class CancelledError extends Error {
  constructor() {
    super('Cancelled');
    this.name = 'CancelledError';
  }
}

export function throwIfCancelled(signal: AbortSignal | undefined): void {
  if (signal?.aborted) throw new CancelledError();
}

/** A wait that ends early, with CancelledError, when the signal aborts. */
export function sleep(ms: number, signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal?.aborted) return reject(new CancelledError());
    const done = () => {
      signal?.removeEventListener('abort', abort);
      resolve();
    };
    const timer = setTimeout(done, ms);
    const abort = () => {
      clearTimeout(timer);
      reject(new CancelledError());
    };
    signal?.addEventListener('abort', abort, { once: true });
  });
}
