// Dataset statistics in one streaming pass: record count, detected layout and the records that
// do not fit it, per-field length distributions in characters, exact duplicates.
import { hash53, HashSet53 } from './textHash';
import type { FieldText } from './fieldText';
import { LengthDistribution, type LengthSummary } from './lengths';
import { LayoutCheck } from './layoutCheck';
import { layoutById, type Layout, type LayoutId } from './layouts';
import { RecordReader, type ByteSource, type ScanOptions } from './reader';
import { statisticsField, visitRecordTexts, type TextVisitor } from './recordTexts';
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
  /** Duplicate records: records whose every text equals an earlier record's (not the editor's "duplicate questions"). */
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

/**
 * Accumulates statistics record by record: from a file pass, or from an open document. The texts of
 * a record are recordTexts' (one definition with search and the filters), each counted under its
 * statisticsField name. With a layout, the records that fit it are read by its roles.
 */
export class StatsAccumulator implements TextVisitor {
  private readonly fields = new Map<string, LengthDistribution>();
  private readonly seen = new HashSet53();
  private duplicates = 0;
  private records = 0;
  private readonly layouts: LayoutCheck;

  private readonly layout: Layout | undefined;

  constructor(layout?: LayoutId) {
    this.layouts = new LayoutCheck(layout);
    this.layout = layout === undefined ? undefined : layoutById(layout);
  }

  /** The hash of the record being added: it chains its fields' hashes, so no joined copy of its text is made. */
  private recordHash = 0;

  add(index: number, value: JsonObject, start = 0): void {
    this.records++;
    this.recordHash = 0;
    visitRecordTexts(value, this.layout, this);
    if (!this.seen.add(this.recordHash)) this.duplicates++;
    this.layouts.add(index, value, start);
  }

  /** TextVisitor: one text of the record being added. */
  text(t: FieldText): void {
    const name = statisticsField(t);
    let dist = this.fields.get(name);
    if (!dist) this.fields.set(name, (dist = new LengthDistribution()));
    dist.add(t.text.length, isBlank(t.text));
    this.recordHash = hash53(t.text, hash53(t.field, this.recordHash));
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
