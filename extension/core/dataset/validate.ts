// Validation: every problem of a dataset file in one list, located by line, column and record:
// broken JSON, records that are not objects, records that do not fit the file's layout.
import { LayoutCheck } from './layoutCheck';
import type { LayoutId } from './layouts';
import { locateOffsets, RecordReader, type ByteSource, type ScanOptions } from './reader';
import type { DatasetError, FileFormat } from './types';

export interface ValidationResult {
  format: FileFormat;
  records: number;
  layout: LayoutId | undefined;
  /** Sorted by position in the file. */
  errors: DatasetError[];
  /** Problems beyond the listed ones (misfits and unreadable records), counted only. */
  unlisted: number;
}

export async function validateDataset(source: ByteSource, opts: ScanOptions & { layout?: LayoutId } = {}): Promise<ValidationResult> {
  const reader = new RecordReader(source, opts);
  const layouts = new LayoutCheck(opts.layout);
  let records = 0;
  for await (const batch of reader.batches()) {
    for (const r of batch) {
      records++;
      layouts.add(r.index, r.value, r.start);
    }
  }
  layouts.finish();
  const errors = await reader.errors();
  const unlisted = reader.errorCount - errors.length + layouts.misfitCount - layouts.misfits.length;
  const empty = reader.noRecordsError();
  if (empty) errors.push(empty);
  const where = await locateOffsets(source, layouts.misfits.map((m) => m.start));
  layouts.misfits.forEach((m, i) => errors.push({ file: source.name, ...where[i], record: m.index, message: m.reason }));
  errors.sort((a, b) => a.line - b.line || a.column - b.column);
  return {
    format: reader.shape.format,
    records,
    layout: layouts.layout,
    errors,
    unlisted,
  };
}
