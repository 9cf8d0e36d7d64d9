import { withFile } from '../core/dataset/reader';
import { formatDatasetError } from '../core/dataset/types';
import { validateDataset } from '../core/dataset/validate';
import { layoutOption, parseArgs, UsageError } from './args';
import { formatCount } from '../core/dataset/statsText';
import { progressBar } from './progressBar';
import { translate } from '../core/l10n';

export async function runValidate(argv: string[], signal: AbortSignal): Promise<number> {
  const args = parseArgs(argv, { layout: 'value' });
  const [file] = args.positionals;
  if (!file || args.positionals.length > 1) throw new UsageError(translate('{0} takes one input file', 'validate'));
  const layout = layoutOption(args, 'layout');
  const bar = progressBar('validate');
  const result = await withFile(file, (s) => validateDataset(s, { signal, onProgress: bar.report, layout }));
  bar.done();
  for (const e of result.errors) console.log(formatDatasetError(e));
  if (result.unlisted > 0) console.log(translate('… and {0} more problems', formatCount(result.unlisted)));
  const problems = result.errors.length + result.unlisted;
  const summary = translate(
    '{0}: {1} records · layout {2} · {3}',
    file,
    formatCount(result.records),
    result.layout ?? translate('unknown'),
    problems === 0 ? translate('valid') : translate('{0} problem(s)', formatCount(problems)),
  );
  (problems === 0 ? console.log : console.error)(summary);
  return problems === 0 ? 0 : 1;
}
