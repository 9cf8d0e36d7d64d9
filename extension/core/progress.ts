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
