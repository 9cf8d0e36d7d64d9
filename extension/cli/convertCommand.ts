import { convertFile, defaultOutput } from '../core/dataset/convertFile';
import { registerInDatasetInfo } from '../core/dataset/datasetInfoFile';
import { withFile } from '../core/dataset/reader';
import { formatCount } from '../core/dataset/statsText';
import { formatDatasetError } from '../core/dataset/types';
import { layoutOption, parseArgs, stringOption, UsageError } from './args';
import { progressBar } from './progressBar';

export async function runConvert(argv: string[], signal: AbortSignal): Promise<number> {
  const args = parseArgs(
    argv,
    { to: 'value', out: 'value', jsonl: 'flag', from: 'value', 'skip-invalid': 'flag', 'dataset-info': 'flag' },
    { o: 'out' },
  );
  const [input] = args.positionals;
  if (!input || args.positionals.length > 1) throw new UsageError('convert takes one input file');
  const to = layoutOption(args, 'to');
  if (!to) throw new UsageError('convert needs --to LAYOUT');
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
  console.error(`${out}: ${formatCount(result.written)} records written (${result.from} → ${result.to})`);
  console.error(result.report.summary());
  if (result.errors.length > 0) {
    console.error(`${formatCount(result.errors.length)} problem(s) in the input; what could not be read was skipped (--skip-invalid):`);
    for (const e of result.errors) console.error(`skipped: ${formatDatasetError(e)}`);
  }
  if (args.options.has('dataset-info')) {
    const { path, name } = await registerInDatasetInfo(out, result.to, result.keys);
    console.error(`${path}: entry '${name}' written`);
  }
  return 0;
}
