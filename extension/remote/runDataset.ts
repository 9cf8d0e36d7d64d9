// The dataset a run trains on, as the framework will read it: its layout and columns found by one
// pass over the workspace file (the scan `lexreview dataset-info` does), refused when records cannot
// be read (LLaMA-Factory would stop on them hours into a queue), and converted into a temp file when
// the framework cannot read the layout as it is: ChatGLM-6B's P-tuning script reads one prompt and
// one response column, so conversations go to chatglm-history first. LLaMA-Factory reads every
// single-turn and conversation layout through dataset_info.json; preference and pretraining layouts
// are not supervised fine-tuning data, and are refused.
// Node only.
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, extname, join } from 'node:path';
import { convertFile } from '../core/dataset/convertFile';
import { datasetInfoForFile } from '../core/dataset/datasetInfoScan';
import { layoutById, type LayoutId } from '../core/dataset/layouts';
import { withFile, type ScanOptions } from '../core/dataset/reader';
import { translate } from '../core/l10n';
import type { DatasetSpec, TrainFramework } from '../core/training/runSpec';

export interface PreparedDataset {
  /** The file to upload: the workspace file itself, or its converted copy. */
  uploadPath: string;
  /** What the run spec records: the workspace file's path, the uploaded layout and its columns. */
  spec: DatasetSpec;
  records: number;
  /** Set when the file was converted for the framework. */
  convertedFrom?: LayoutId;
  /** Removes the converted copy (nothing to do when there is none). */
  dispose(): Promise<void>;
}

export class DatasetNotTrainableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'DatasetNotTrainableError';
  }
}

/** The layout the framework needs instead of `layout`, or undefined when it reads `layout` as it is. */
function conversionFor(framework: TrainFramework, layout: LayoutId): LayoutId | undefined {
  if (framework !== 'chatglm-ptuning') return undefined;
  return layoutById(layout).shape.kind === 'flat' ? undefined : 'chatglm-history';
}

export async function prepareDataset(path: string, framework: TrainFramework, opts: ScanOptions = {}): Promise<PreparedDataset> {
  const info = await withFile(path, (source) => datasetInfoForFile(source, opts));
  if (info.unreadable > 0) throw new DatasetNotTrainableError(info.problems[0]);
  const layout = layoutById(info.layout);
  if (framework !== 'custom' && (layout.ranking || layout.shape.kind === 'text')) {
    throw new DatasetNotTrainableError(translate('{0} is {1} data, not question–answer pairs: supervised fine-tuning needs a single-turn or conversation layout (convert it first).', path, layout.label));
  }
  const target = conversionFor(framework, info.layout);
  const none = async () => undefined;
  if (target === undefined) {
    return { uploadPath: path, spec: { path, layout: info.layout, keys: [...info.keys].sort() }, records: info.records, dispose: none };
  }
  const dir = await mkdtemp(join(tmpdir(), 'lexreview-run-data-'));
  const out = join(dir, `${basename(path, extname(path))}.${target}.json`);
  try {
    const converted = await withFile(path, (source) => convertFile(source, out, { ...opts, to: target, from: info.layout }));
    return {
      uploadPath: out,
      spec: { path: out, layout: target, keys: [...converted.keys].sort() },
      records: converted.written,
      convertedFrom: info.layout,
      dispose: () => rm(dir, { recursive: true, force: true }),
    };
  } catch (e) {
    await rm(dir, { recursive: true, force: true });
    throw e;
  }
}
