// Adding an entry to a LLaMA-Factory dataset_info.json: the other entries are kept as they are,
// the file is written atomically, and a dataset_info.json that does not parse is left alone (with
// an error) rather than overwritten. Used beside a converted file (`convert --dataset-info`) and
// for any file as it is (`dataset-info --write`, the editor's "Register in dataset_info.json…").
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join, relative, sep } from 'node:path';
import { datasetInfoEntry, type DatasetInfoEntry } from './datasetInfo';
import { datasetInfoForFile, type DatasetInfoForFile, type DatasetInfoOptions } from './datasetInfoScan';
import type { LayoutId } from './layouts';
import { withFile } from './reader';
import { isJsonObject } from './types';
import { AtomicFile } from './writer';
import { translate } from '../l10n';

/** Sets `name` to `entry` in `dir`/dataset_info.json (created when absent); returns the file's path. */
export async function mergeDatasetInfo(dir: string, name: string, entry: DatasetInfoEntry): Promise<string> {
  const path = join(dir, 'dataset_info.json');
  let info: Record<string, unknown> = {};
  const text = await readFile(path, 'utf8').catch((e: NodeJS.ErrnoException) => {
    if (e.code === 'ENOENT') return undefined;
    throw e;
  });
  if (text !== undefined) {
    let parsed: unknown;
    try {
      parsed = JSON.parse(text.replace(/^\ufeff/, ''));
    } catch (e) {
      throw new Error(translate('{0} is not valid JSON ({1}); it was left as it is.', path, (e as Error).message));
    }
    if (!isJsonObject(parsed)) throw new Error(translate('{0} is not a JSON object; it was left as it is.', path));
    info = parsed;
  }
  info[name] = entry;
  const file = await AtomicFile.create(path);
  try {
    await file.write(JSON.stringify(info, null, 2) + '\n');
    await file.commit();
  } catch (e) {
    await file.abort();
    throw e;
  }
  return path;
}

/** Registers a converted `datasetFile` (of `layout`, whose records use the top-level `keys`) in its folder's dataset_info.json. */
export async function registerInDatasetInfo(datasetFile: string, layout: LayoutId, keys: ReadonlySet<string>): Promise<{ path: string; name: string }> {
  const name = basename(datasetFile, extname(datasetFile));
  const path = await mergeDatasetInfo(dirname(datasetFile), name, datasetInfoEntry(basename(datasetFile), layout, { keys }));
  return { path, name };
}

/** `file` as dataset_info.json in `dir` names it: relative, with forward slashes (LLaMA-Factory joins it to its dataset_dir). */
export function fileNameIn(dir: string, file: string): string {
  return relative(dir, file).split(sep).join('/');
}

/**
 * Reads `file` (one streaming pass) and registers it as it is in `dir`/dataset_info.json. A file with
 * records that cannot be read is not registered (LLaMA-Factory could not load it): `path` is then
 * undefined and `info.problems` says why.
 */
export async function registerFileInDatasetInfo(
  file: string,
  dir: string,
  opts: Omit<DatasetInfoOptions, 'fileName'> = {},
): Promise<{ path: string | undefined; info: DatasetInfoForFile }> {
  const info = await withFile(file, (source) => datasetInfoForFile(source, { ...opts, fileName: fileNameIn(dir, file) }));
  if (info.unreadable > 0) return { path: undefined, info };
  return { path: await mergeDatasetInfo(dir, info.name, info.entry), info };
}
