import { withFile } from '../core/dataset/reader';
import { formatDatasetError } from '../core/dataset/types';
import { validateDataset } from '../core/dataset/validate';
import { layoutOption, parseArgs, UsageError } from './args';
import { formatCount } from '../core/dataset/statsText';
import { progressBar } from './progressBar';

export async function runValidate(argv: string[], signal: AbortSignal): Promise<number> {
  const args = parseArgs(argv, { layout: 'value' });
  const [file] = args.positionals;
  if (!file || args.positionals.length > 1) throw new UsageError('validate takes one input file');
  const layout = layoutOption(args, 'layout');
  const bar = progressBar('validate');
  const result = await withFile(file, (s) => validateDataset(s, { signal, onProgress: bar.report, layout }));
  bar.done();
  for (const e of result.errors) console.log(formatDatasetError(e));
  if (result.unlisted > 0) console.log(`… and ${formatCount(result.unlisted)} more problems`);
  const problems = result.errors.length + result.unlisted;
  const summary = `${file}: ${formatCount(result.records)} records · layout ${result.layout ?? 'unknown'} · ${problems === 0 ? 'valid' : `${formatCount(problems)} problem(s)`}`;
  (problems === 0 ? console.log : console.error)(summary);
  return problems === 0 ? 0 : 1;
}
