import { convertFile, defaultOutput } from '../core/dataset/convertFile';
import { registerInDatasetInfo } from '../core/dataset/datasetInfoFile';
import { withFile } from '../core/dataset/reader';
import { formatCount } from '../core/dataset/statsText';
import { formatDatasetError } from '../core/dataset/types';
import { layoutOption, parseArgs, stringOption, UsageError } from './args';
import { progressBar } from './progressBar';
import { translate } from '../core/l10n';

export async function runConvert(argv: string[], signal: AbortSignal): Promise<number> {
  const args = parseArgs(
    argv,
    { to: 'value', out: 'value', jsonl: 'flag', from: 'value', 'skip-invalid': 'flag', 'dataset-info': 'flag' },
    { o: 'out' },
  );
  const [input] = args.positionals;
  if (!input || args.positionals.length > 1) throw new UsageError(translate('{0} takes one input file', 'convert'));
  const to = layoutOption(args, 'to');
  if (!to) throw new UsageError(translate('convert needs --to LAYOUT'));
  const jsonl = args.options.has('jsonl');
  const out = stringOption(args, 'out') ?? defaultOutput(input, to, jsonl);

  const bar = progressBar('convert');
  const result = await withFile(input, (source) =>
    convertFile(source, out, {
      to,
      from: layoutOption(args, 'from'),
      format: jsonl ? 'jsonl' : 'json',
      skipInvalid: args.options.has('skip-invalid'),
      signal,
      onProgress: bar.report,
    }),
  );
  bar.done();
  console.error(translate('{0}: {1} records written ({2} → {3})', out, formatCount(result.written), result.from, result.to));
  console.error(result.report.summary());
  if (result.errors.length > 0) {
    console.error(translate('{0} problem(s) in the input; what could not be read was skipped (--skip-invalid):', formatCount(result.errors.length)));
    for (const e of result.errors) console.error(translate('skipped: {0}', formatDatasetError(e)));
  }
  if (args.options.has('dataset-info')) {
    const { path, name } = await registerInDatasetInfo(out, result.to, result.keys);
    console.error(translate("{0}: entry '{1}' written", path, name));
  }
  return 0;
}
