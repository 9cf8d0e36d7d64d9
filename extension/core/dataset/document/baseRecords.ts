// The records of a dataset file as it is on disk: the bytes of each record and of the gaps
// between them (brackets, commas, whitespace), so that saving can copy every untouched record
// and gap verbatim. This implementation keeps the file in memory; a large-file one can serve
// the same interface from byte offsets and an open file.
import { loadDataset, bufferSource, type FileShape } from '../reader';
import type { DatasetError, JsonObject } from '../types';

export interface BaseRecords {
  readonly count: number;
  readonly shape: FileShape;
  /** Problems found reading the file; records that failed are not among `count`. */
  readonly errors: readonly DatasetError[];
  /** Size and modification time of the file when read, to notice changes on disk. */
  readonly fingerprint: Fingerprint;
  value(i: number): JsonObject;
  /** The record's bytes as in the file. */
  raw(i: number): Uint8Array;
  /** The bytes before record i (after record i-1); gap(0) is the head, gap(count) the tail. BOM excluded. */
  gap(i: number): Uint8Array;
}

export interface Fingerprint {
  size: number;
  mtimeMs: number;
}

export class MemoryRecords implements BaseRecords {
  private constructor(
    private readonly bytes: Buffer,
    private readonly values: JsonObject[],
    private readonly starts: Float64Array,
    private readonly ends: Float64Array,
    readonly shape: FileShape,
    readonly errors: readonly DatasetError[],
    readonly fingerprint: Fingerprint,
  ) {}

  static async load(name: string, bytes: Uint8Array, fingerprint: Fingerprint): Promise<MemoryRecords> {
    const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    const d = await loadDataset(bufferSource(name, buf));
    const starts = new Float64Array(d.records.length);
    const ends = new Float64Array(d.records.length);
    d.records.forEach((r, i) => {
      starts[i] = r.start;
      ends[i] = r.end;
    });
    return new MemoryRecords(buf, d.records.map((r) => r.value), starts, ends, d, d.errors, fingerprint);
  }

  get count(): number {
    return this.values.length;
  }

  value(i: number): JsonObject {
    return this.values[i];
  }

  raw(i: number): Uint8Array {
    return this.bytes.subarray(this.starts[i], this.ends[i]);
  }

  gap(i: number): Uint8Array {
    const from = i === 0 ? (this.shape.bom ? 3 : 0) : this.ends[i - 1];
    const to = i === this.count ? this.bytes.length : this.starts[i];
    return this.bytes.subarray(from, to);
  }
}
