// Dataset statistics in one streaming pass: record count, detected layout and the records that
// do not fit it, per-field length distributions in characters, exact duplicates.
import { hash53, HashSet53, visitTextFields, type FieldVisitor } from './fields';
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
  /** Records that could not be read, problems of the file as a whole (an empty file is one). */
  errors: DatasetError[];
}

const FIRST_FEW = 20;

const WHITESPACE = /^\s*$/;
const WHITESPACE_CHAR = /\s/;

/** Empty or whitespace only; most texts are told apart by their first character alone. */
function isBlank(text: string): boolean {
  if (text.length === 0) return true;
  const c = text.charCodeAt(0);
  // Printable ASCII and CJK (past the ideographic space) are never whitespace: no regex for them.
  if ((c > 0x20 && c < 0x7f) || (c > 0x3000 && c !== 0xfeff)) return false;
  return WHITESPACE_CHAR.test(text[0]) && WHITESPACE.test(text);
}

/** Accumulates statistics record by record: from a file pass, or from an open document. */
export class StatsAccumulator implements FieldVisitor {
  private readonly fields = new Map<string, LengthDistribution>();
  private readonly seen = new HashSet53();
  private duplicates = 0;
  private records = 0;
  private readonly layouts: LayoutCheck;

  constructor(layout?: LayoutId) {
    this.layouts = new LayoutCheck(layout);
  }

  /** The hash of the record being added: it chains its fields' hashes, so no joined copy of its text is made. */
  private recordHash = 0;

  add(index: number, value: JsonObject, start = 0): void {
    this.records++;
    this.recordHash = 0;
    visitTextFields(value, this);
    if (!this.seen.add(this.recordHash)) this.duplicates++;
    this.layouts.add(index, value, start);
  }

  /** FieldVisitor: one text field of the record being added. */
  text(field: string, text: string): void {
    let dist = this.fields.get(field);
    if (!dist) this.fields.set(field, (dist = new LengthDistribution()));
    dist.add(text.length, isBlank(text));
    this.recordHash = hash53(text, hash53(field, this.recordHash));
  }

  result(): Pick<DatasetStats, 'records' | 'layout' | 'misfits' | 'fields' | 'duplicates'> {
    this.layouts.finish();
    const fields: Record<string, LengthSummary> = {};
    for (const [name, dist] of this.fields) fields[name] = dist.summary();
    return {
      records: this.records,
      layout: this.layouts.layout,
      misfits: { count: this.layouts.misfitCount, first: this.layouts.misfits.slice(0, FIRST_FEW).map((m) => m.index) },
      fields,
      duplicates: this.duplicates,
    };
  }
}

export async function computeStats(source: ByteSource, opts: ScanOptions = {}): Promise<DatasetStats> {
  const reader = new RecordReader(source, opts);
  const stats = new StatsAccumulator();
  for await (const batch of reader.batches()) for (const r of batch) stats.add(r.index, r.value, r.start);
  const errors = await reader.errors();
  const empty = reader.noRecordsError();
  if (empty) errors.push(empty);
  return {
    file: source.name,
    format: reader.shape.format,
    bytes: source.size,
    ...stats.result(),
    errors,
  };
}
