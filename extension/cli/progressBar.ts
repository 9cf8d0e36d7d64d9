// The CLI's progress bar on stderr: drawn only on a terminal, so logs and pipes stay clean.
import type { ProgressReporter } from '../core/progress';

export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): { report: ProgressReporter; done(): void } {
  if (!stream.isTTY) return { report: () => undefined, done: () => undefined };
  let last = -1;
  return {
    report(done, total) {
      if (!total) return;
      const pct = Math.floor((done / total) * 100);
      if (pct === last) return;
      last = pct;
      const width = 30;
      const filled = Math.round((pct / 100) * width);
      stream.write(`\r${label} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${pct}%`);
    },
    done() {
      if (last >= 0) stream.write('\r\x1b[K');
    },
  };
}
