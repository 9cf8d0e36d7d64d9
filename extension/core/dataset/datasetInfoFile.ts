// Adding an entry to a LLaMA-Factory dataset_info.json beside a converted file: the other
// entries are kept as they are, the file is written atomically, and a dataset_info.json that
// does not parse is left alone (with an error) rather than overwritten.
import { readFile } from 'node:fs/promises';
import { basename, dirname, extname, join } from 'node:path';
import { datasetInfoEntry } from './datasetInfo';
import type { LayoutId } from './layouts';
import { resolveLayout } from './layouts';
import { isJsonObject } from './types';
import { AtomicFile } from './writer';

/** Registers `datasetFile` (of `layout`, whose records use the top-level `keys`) in its folder's dataset_info.json. */
export async function registerInDatasetInfo(datasetFile: string, layout: LayoutId, keys: ReadonlySet<string>): Promise<{ path: string; name: string }> {
  const path = join(dirname(datasetFile), 'dataset_info.json');
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
      throw new Error(`${path} is not valid JSON (${(e as Error).message}); it was left as it is.`);
    }
    if (!isJsonObject(parsed)) throw new Error(`${path} is not a JSON object; it was left as it is.`);
    info = parsed;
  }
  const { shape } = resolveLayout(layout);
  const name = basename(datasetFile, extname(datasetFile));
  info[name] = datasetInfoEntry(basename(datasetFile), layout, {
    input: shape.kind === 'flat' && shape.input !== undefined ? keys.has(shape.input) : undefined,
    system: keys.has(shape.kind === 'flat' ? (shape.system ?? '') : (shape.systemField ?? '')),
    history: shape.kind === 'flat' && shape.history !== undefined ? keys.has(shape.history) : undefined,
  });
  const file = await AtomicFile.create(path);
  try {
    await file.write(JSON.stringify(info, null, 2) + '\n');
    await file.commit();
  } catch (e) {
    await file.abort();
    throw e;
  }
  return { path, name };
}
