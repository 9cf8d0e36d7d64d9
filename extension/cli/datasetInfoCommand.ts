import { datasetInfoForFile } from '../core/dataset/datasetInfoScan';
import { registerFileInDatasetInfo } from '../core/dataset/datasetInfoFile';
import { withFile } from '../core/dataset/reader';
import { layoutOption, parseArgs, stringOption, UsageError } from './args';
import { progressBar } from './progressBar';
import { translate } from '../core/l10n';

/**
 * `dataset-info FILE [--name NAME] [--write DIR] [--layout L]`: the dataset_info.json entry LLaMA-Factory
 * needs to load FILE as it is, printed as `{ "NAME": { … } }` or merged into DIR/dataset_info.json.
 * Exit 1 when the data has problems (they are listed on stderr); a file with unreadable records is not written.
 */
export async function runDatasetInfo(argv: string[], signal: AbortSignal): Promise<number> {
  const args = parseArgs(argv, { name: 'value', write: 'value', layout: 'value' });
  const [file] = args.positionals;
  if (!file || args.positionals.length > 1) throw new UsageError(translate('{0} takes one input file', 'dataset-info'));
  const name = stringOption(args, 'name');
  if (name !== undefined && name.trim() === '') throw new UsageError(translate('--name must not be empty'));
  const dir = stringOption(args, 'write');
  const opts = { name, layout: layoutOption(args, 'layout'), signal };
  const bar = progressBar('dataset-info');
  const { path, info } =
    dir === undefined
      ? { path: undefined, info: await withFile(file, (s) => datasetInfoForFile(s, { ...opts, onProgress: bar.report })) }
      : await registerFileInDatasetInfo(file, dir, { ...opts, onProgress: bar.report });
  bar.done();
  for (const p of info.problems) console.error(`${file}: ${p}`);
  if (dir === undefined) console.log(JSON.stringify({ [info.name]: info.entry }, null, 2));
  else if (path !== undefined) console.error(translate("{0}: entry '{1}' written (layout {2})", path, info.name, info.layout));
  else console.error(translate('{0}: dataset_info.json was left as it is', dir));
  return info.problems.length === 0 ? 0 : 1;
}
