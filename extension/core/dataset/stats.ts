// Dataset statistics in one streaming pass: record count, detected layout and the records that
// do not fit it, per-field length distributions in characters, exact duplicates.
import { hash53, visitTextFields } from './fields';
import { LengthDistribution, type LengthSummary } from './lengths';
import { LayoutCheck } from './layoutCheck';
import type { LayoutId } from './layouts';
import { RecordReader, type ByteSource, type ScanOptions } from './reader';
import type { DatasetError, FileFormat, JsonObject } from './types';

export interface DatasetStats {
  file: string;
  format: FileFormat;
  bytes: number;
  /** Records that parsed. */
  records: number;
  layout: LayoutId | undefined;
  /** Records that parsed but do not fit the detected layout: count and the first few indices. */
  misfits: { count: number; first: number[] };
  fields: Record<string, LengthSummary>;
  /** Records whose every text field equals an earlier record's. */
  duplicates: number;
  errors: DatasetError[];
}

const FIRST_FEW = 20;

export async function computeStats(source: ByteSource, opts: ScanOptions = {}): Promise<DatasetStats> {
  const reader = new RecordReader(source, opts);
  const fields = new Map<string, LengthDistribution>();
  const seen = new Set<number>();
  let duplicates = 0;
  let records = 0;
  const layouts = new LayoutCheck();

  const measure = (value: JsonObject) => {
    let all = '';
    visitTextFields(value, (field, text) => {
      let dist = fields.get(field);
      if (!dist) fields.set(field, (dist = new LengthDistribution()));
      dist.add(text.length, text.trim() === '');
      all += field + '\u0000' + text + '\u0000';
    });
    const h = hash53(all);
    if (seen.has(h)) duplicates++;
    else seen.add(h);
  };

  for await (const batch of reader.batches()) {
    for (const r of batch) {
      records++;
      measure(r.value);
      layouts.add(r.index, r.value, r.start);
    }
  }
  layouts.finish();

  const summaries: Record<string, LengthSummary> = {};
  for (const [name, dist] of fields) summaries[name] = dist.summary();
  return {
    file: source.name,
    format: reader.shape.format,
    bytes: source.size,
    records,
    layout: layouts.layout,
    misfits: { count: layouts.misfitCount, first: layouts.misfits.slice(0, FIRST_FEW).map((m) => m.index) },
    fields: summaries,
    duplicates,
    errors: await reader.errors(),
  };
}
