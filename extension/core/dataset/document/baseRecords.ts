// The records of a dataset file as it is on disk: where each record's bytes are, and the
// bytes themselves, so that saving can copy every untouched record and the gaps between them
// (brackets, commas, whitespace) verbatim. Two implementations: MemoryRecords keeps an ordinary
// file in memory, parsed; FileRecords (fileRecords.ts) serves files of any size from byte offsets
// and an open file, parsing records when they are asked for.
import { loadDataset, bufferSource, type FileShape } from '../reader';
import { BOM_BYTES } from '../scanner';
import type { LongOperation } from '../../progress';
import type { DatasetError, JsonObject } from '../types';

export interface Fingerprint {
  size: number;
  mtimeMs: number;
}

export interface BaseRecords {
  readonly count: number;
  readonly shape: FileShape;
  /** Problems found reading the file; records that failed are not among `count`. */
  readonly errors: readonly DatasetError[];
  /** Size and modification time of the file when read, to notice changes on disk. */
  readonly fingerprint: Fingerprint;
  /** Where the content starts: after the byte-order mark, if any. */
  /** Where the content starts: after a byte-order mark (see contentStart). */
  readonly contentStart: number;
  readonly size: number;
  value(i: number): JsonObject;
  start(i: number): number;
  end(i: number): number;
  /** The file's bytes [from, to). */
  bytes(from: number, to: number): Uint8Array;
  /** Why record i cannot be used (it does not parse), for bases that parse lazily. */
  problem?(i: number): string | undefined;
  /** Occurrences of the needles in each record's bytes: a fast pass for plain searches. */
  occurrences?(needles: Uint8Array[], opts?: LongOperation): Promise<Uint32Array>;
  /** Reads records first..last ahead of a pass over them, for bases that read lazily. */
  prefetch?(first: number, last: number): void;
  /** False while a lazily read file is still being indexed (its count and tail are not final). */
  readonly complete?: boolean;
  /** Throws when the bytes the base reads from have changed since it was indexed. */
  checkUnchanged?(): void;
  /** Releases the file, for bases that keep it open. */
  close?(): void;
}

/** The record's bytes as in the file. */
export function rawRecord(base: BaseRecords, i: number): Uint8Array {
  return base.bytes(base.start(i), base.end(i));
}

/** The bytes before record i (after record i-1); gap 0 is the head, gap `count` the tail. */
export function gapBefore(base: BaseRecords, i: number): Uint8Array {
  const from = i === 0 ? base.contentStart : base.end(i - 1);
  return base.bytes(from, i === base.count ? base.size : base.start(i));
}

export class MemoryRecords implements BaseRecords {
  private constructor(
    private readonly buf: Buffer,
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

  get contentStart(): number {
    return contentStart(this.shape);
  }

  get size(): number {
    return this.buf.length;
  }

  value(i: number): JsonObject {
    return this.values[i];
  }

  start(i: number): number {
    return this.starts[i];
  }

  end(i: number): number {
    return this.ends[i];
  }

  bytes(from: number, to: number): Uint8Array {
    return this.buf.subarray(from, to);
  }
}

/** Where a file's content starts: after its byte-order mark, if it has one. */
export function contentStart(shape: FileShape): number {
  return shape.bom ? BOM_BYTES : 0;
}
