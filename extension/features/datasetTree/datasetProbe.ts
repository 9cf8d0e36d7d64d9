// What the Datasets view knows of one file, learnt as cheaply as the exact record count allows:
// the first records are parsed (a RecordReader that stops after a sample) to detect the layout
// and to tell datasets from other JSON files; only a dataset is then indexed in full (the
// byte-level scan of indexRecords, no parsing) for its record count and structural errors.
// Pure Node: no 'vscode' here, so the classification is unit-tested in plain Node.
import { extname } from 'node:path';
import { LAYOUT_SAMPLE } from '../../core/dataset/layoutCheck';
import { detectLayout, type LayoutId } from '../../core/dataset/layouts';
import { indexRecords, RecordReader, type ByteSource, type ScanOptions } from '../../core/dataset/reader';
import { CancelledError } from '../../core/progress';
import type { DatasetError, FileFormat, JsonObject } from '../../core/dataset/types';

/** A dataset file (`dataset`), one that has parse errors but is plainly a dataset (`malformed`), or any other JSON. */
export type DatasetKind = 'dataset' | 'malformed' | 'other';

/** What the first records of a file tell: enough to classify it. */
export interface SampleFacts {
  /** The file's name (its extension matters: a `.jsonl` file is meant to hold records). */
  fileName: string;
  /** By content: a JSON array, or anything else read line by line. */
  format: FileFormat;
  /** Records seen in the sample, good and bad. */
  seen: number;
  /** Records of the sample that parsed as JSON objects. */
  parsed: number;
  /** The layout most parsed records of the sample fit; undefined when none fits any. */
  layout: LayoutId | undefined;
  errors: number;
}

/**
 * Datasets are files whose records fit a known layout. Left out: JSON objects at the top level
 * (package.json, tsconfig.json, settings.json), arrays of non-records, JSONL logs whose lines fit
 * no layout, empty files, and pretty-printed documents some of whose lines happen to parse. Malformed: a dataset with errors (its good records fit a layout), or a
 * `.jsonl` file none of whose records could be read at all.
 */
export function classify(f: SampleFacts): DatasetKind {
  const jsonl = extname(f.fileName).toLowerCase() === '.jsonl';
  // A .json file that is not an array holds at most one top-level value: a document, not records.
  if (!jsonl && f.format === 'jsonl' && f.seen <= 1) return 'other';
  // Nor is a .json file read line by line whose lines mostly fail: a pretty-printed document.
  if (!jsonl && f.format === 'jsonl' && f.errors > f.parsed) return 'other';
  if (f.errors === 0) return f.layout !== undefined ? 'dataset' : 'other';
  if (f.layout !== undefined) return 'malformed';
  return jsonl && f.parsed === 0 ? 'malformed' : 'other';
}

/** A file the Datasets view shows. */
export interface DatasetProbe {
  kind: Exclude<DatasetKind, 'other'>;
  format: FileFormat;
  bytes: number;
  /** Every record of the file, good and bad: the exact count. */
  records: number;
  layout: LayoutId | undefined;
  /**
   * The first errors by position: parse errors of the sample and structural errors of the whole
   * file (a record past the sample that is broken inside is found by Validate, not here).
   */
  errors: DatasetError[];
}

export interface DatasetProbeOptions extends ScanOptions {
  /** Records parsed to classify the file and detect its layout (default: the layout sample, 1000). */
  sampleRecords?: number;
}

/** Bytes read at a time for the sample. */
const SAMPLE_CHUNK = 16 * 1024;
/** How many errors a scan keeps: the tree shows the first. */
const KEPT_ERRORS = 5;

/** Scans one file; undefined when it is not a dataset. Throws CancelledError when aborted. */
export async function probeDataset(source: ByteSource, fileName: string, opts: DatasetProbeOptions = {}): Promise<DatasetProbe | undefined> {
  const sampleRecords = opts.sampleRecords ?? LAYOUT_SAMPLE;
  const outer = opts.signal;
  if (outer?.aborted) throw new CancelledError();
  // The sample ends after the chunk in which the count of records seen, good or bad, reaches
  // sampleRecords. A chunk of bad records only (the lines of a large JSON document) yields no
  // batch, so the reader is stopped through its signal, from the progress callback it calls
  // after every chunk. Small chunks keep the work done per chunk small.
  const stop = new AbortController();
  const reader: RecordReader = new RecordReader(source, {
    chunkSize: opts.chunkSize ?? SAMPLE_CHUNK,
    signal: stop.signal,
    onProgress: () => {
      if (outer?.aborted || reader.recordCount >= sampleRecords) stop.abort();
    },
  });
  const sample: JsonObject[] = [];
  let whole = true;
  try {
    for await (const batch of reader.batches()) {
      for (const r of batch) if (sample.length < sampleRecords) sample.push(r.value);
      if (reader.recordCount >= sampleRecords) {
        whole = false;
        break;
      }
    }
  } catch (e) {
    if (!(e instanceof CancelledError) || outer?.aborted) throw e;
    whole = false; // stopped after the sample
  }
  const sampleErrors = await reader.errors();
  const { format } = reader.shape;
  const layout = detectLayout(sample).layout;
  const kind = classify({ fileName, format, seen: reader.recordCount, parsed: sample.length, layout, errors: sampleErrors.length });
  if (kind === 'other') return undefined;

  let records = reader.recordCount;
  let errors = mergeErrors(sampleErrors, []);
  if (!whole) {
    const index = await indexRecords(source, { signal: opts.signal, chunkSize: opts.chunkSize });
    records = index.count;
    errors = mergeErrors(sampleErrors, index.errors);
  }
  return {
    kind: errors.length > 0 ? 'malformed' : kind,
    format,
    bytes: source.size,
    records,
    layout,
    errors: errors.slice(0, KEPT_ERRORS),
  };
}

/** Both lists in file order, an error found by both passes once. */
function mergeErrors(a: DatasetError[], b: DatasetError[]): DatasetError[] {
  const seen = new Set<string>();
  const out: DatasetError[] = [];
  for (const e of [...a, ...b].sort((x, y) => x.line - y.line || x.column - y.column)) {
    const key = `${e.line}:${e.column}:${e.message}`;
    if (seen.has(key)) continue;
    seen.add(key);
    out.push(e);
  }
  return out;
}
