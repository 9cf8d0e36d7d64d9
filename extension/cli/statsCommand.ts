import { computeStats } from '../core/dataset/stats';
import { formatStats } from '../core/dataset/statsText';
import { formatDatasetError } from '../core/dataset/types';
import { withFile } from '../core/dataset/reader';
import { translate } from '../core/l10n';
import { parseArgs, UsageError } from './args';
import { progressBar } from './progressBar';

export async function runStats(argv: string[], signal: AbortSignal): Promise<number> {
  const args = parseArgs(argv, { json: 'flag' });
  const [file] = args.positionals;
  if (!file || args.positionals.length > 1) throw new UsageError(translate('{0} takes one input file', 'stats'));
  const bar = progressBar('stats');
  const stats = await withFile(file, (s) => computeStats(s, { signal, onProgress: bar.report }));
  bar.done();
  console.log(args.options.has('json') ? JSON.stringify(stats, null, 2) : formatStats(translate, file, stats));
  // Statistics of a file with unreadable records (or none) are not the whole story: exit 1, like validate.
  if (stats.errors.length > 0) {
    if (args.options.has('json')) for (const e of stats.errors) console.error(formatDatasetError(e));
    console.error(translate('{0}: {1} problem(s); the statistics leave those records out', file, stats.errors.length));
    return 1;
  }
  return 0;
}
