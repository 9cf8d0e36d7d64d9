// Base records of a file of any size: one streaming pass records where each record starts and
// ends; a record is read from the open file and parsed only when it is asked for, and kept in a
// small cache. Memory grows with the record count (16 bytes a record), not with the file size.
// The file stays open: after a save renames a new file over it, this one still reads the old
// bytes, which is what the document's untouched records refer to.
import { isUtf8 } from 'node:buffer';
import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { fileSource, indexRecords, type FileShape, type RangeCollector, type ScanOptions } from '../reader';
import { parseRecordBytes } from '../recordText';
import { CancelledError, type LongOperation } from '../../progress';
import type { DatasetError, JsonObject } from '../types';
import { contentStart, type BaseRecords, type Fingerprint } from './baseRecords';

const CACHED = 4096;

export class FileRecords implements BaseRecords {
  private ranges: RangeCollector | undefined;
  shape: FileShape = { format: 'jsonl', bom: false, crlf: false };
  errors: readonly DatasetError[] = [];
  /** True once the whole file has been indexed. */
  complete = false;
  private readonly cache = new Map<number, JsonObject>();
  private readonly problems = new Map<number, string>();
  /** Records read ahead by prefetch: their bytes, parsed when first asked for. */
  private window: { first: number; last: number; buf: Buffer; from: number; clean: boolean; values: Array<JsonObject | undefined> } | undefined;
  private closed = false;

  /** Size and modification time of the open file when it was indexed. */
  private readonly opened: { size: number; mtimeMs: number };

  private constructor(
    readonly path: string,
    private readonly fd: number,
    readonly size: number,
    readonly fingerprint: Fingerprint,
  ) {
    const stat = fstatSync(fd);
    this.opened = { size: stat.size, mtimeMs: stat.mtimeMs };
  }

  /**
   * Untouched records are read from the open file at their indexed offsets. A file rewritten in
   * place (same inode, as Python's open(path, 'w') does) has other bytes there: saving would copy
   * garbage, so this throws instead.
   */
  checkUnchanged(): void {
    const stat = fstatSync(this.fd);
    if (stat.size !== this.opened.size || stat.mtimeMs !== this.opened.mtimeMs) {
      throw new Error(`${this.path} was rewritten in place since it was opened: the records not edited here can no longer be read from it. Reopen the file.`);
    }
  }

  /**
   * Opens and indexes the file. `onChunk` reports each chunk's progress (the records indexed so
   * far are readable from then on); the promise resolves when the whole file is indexed.
   */
  static async open(path: string, fingerprint: Fingerprint, opts: ScanOptions & { onChunk?: (records: FileRecords) => void } = {}): Promise<FileRecords> {
    const fd = openSync(path, 'r');
    const records = new FileRecords(path, fd, fingerprint.size, fingerprint);
    try {
      const source = await fileSource(path);
      try {
        const index = await indexRecords(source, {
          ...opts,
          onChunk: (ranges, shape) => {
            records.ranges = ranges;
            records.shape = shape;
            opts.onChunk?.(records);
          },
        });
        records.shape = index;
        records.errors = index.errors;
        records.complete = true;
      } finally {
        await source.close();
      }
    } catch (e) {
      records.close();
      throw e;
    }
    return records;
  }

  get count(): number {
    return this.ranges?.count ?? 0;
  }

  get contentStart(): number {
    return contentStart(this.shape);
  }

  start(i: number): number {
    return this.ranges!.starts[i];
  }

  end(i: number): number {
    return this.ranges!.ends[i];
  }

  bytes(from: number, to: number): Uint8Array {
    return this.read(from, to);
  }

  private read(from: number, to: number): Buffer {
    const buf = Buffer.allocUnsafe(to - from);
    let filled = 0;
    while (filled < buf.length) {
      const n = readSync(this.fd, buf, filled, buf.length - filled, from + filled);
      if (n === 0) throw new Error(`${this.path} is shorter than when it was indexed`);
      filled += n;
    }
    return buf;
  }

  /**
   * Reads records first..last in one read, for a pass over many records in a row (search,
   * filters): they are served from this window until the next prefetch, each parsed when first
   * asked for (a search that rules records out by their bytes never parses them).
   */
  prefetch(first: number, last: number): void {
    if (last < first) return;
    const from = this.start(first);
    const buf = this.read(from, this.end(last));
    this.window = { first, last, buf, from, clean: isUtf8(buf), values: new Array(last - first + 1) };
  }

  value(i: number): JsonObject {
    const w = this.window;
    if (w && i >= w.first && i <= w.last) {
      return (w.values[i - w.first] ??= this.parseBytes(i, w.buf, this.start(i) - w.from, this.end(i) - w.from, w.from, !w.clean));
    }
    const hit = this.cache.get(i);
    if (hit) {
      // Most recently used last, so the oldest entry is the first one evicted.
      this.cache.delete(i);
      this.cache.set(i, hit);
      return hit;
    }
    const value = this.parse(i);
    this.cache.set(i, value);
    if (this.cache.size > CACHED) this.cache.delete(this.cache.keys().next().value!);
    return value;
  }

  /** Why record i cannot be used (it does not parse, or its bytes are not UTF-8). */
  problem(i: number): string | undefined {
    this.value(i);
    return this.problems.get(i);
  }

  private parse(i: number): JsonObject {
    const buf = this.read(this.start(i), this.end(i));
    return this.parseBytes(i, buf, 0, buf.length, this.start(i), true);
  }

  /** Record i from buf[from, to), whose byte 0 is at file offset `base`. */
  private parseBytes(i: number, buf: Buffer, from: number, to: number, base: number, checkUtf8: boolean): JsonObject {
    const r = parseRecordBytes(buf, from, to, base, checkUtf8);
    if ('value' in r) return r.value;
    this.problems.set(i, r.message);
    // An unreadable record shows as empty; saving copies its original bytes untouched.
    return {};
  }

  /**
   * Counts, per record, the occurrences of the needles in its bytes: one pass over the file with
   * indexOf, far cheaper than parsing every record. Occurrences between records are ignored; as
   * in the parsed texts, occurrences are counted without overlap.
   */
  async occurrences(needles: Uint8Array[], opts: LongOperation = {}): Promise<Uint32Array> {
    const counts = new Uint32Array(this.count);
    const overlap = Math.max(...needles.map((n) => n.length)) - 1;
    const chunk = 4 << 20;
    const buffer = Buffer.allocUnsafe(Math.min(this.size, chunk + overlap));
    // Needles with a \u escape (a non-ASCII query as Python writes it) need a look only in
    // chunks that have one: most files have none, and one indexOf for it is cheaper than theirs.
    const ESCAPE = Buffer.from('\\u');
    const escapes = needles.map((n) => Buffer.from(n.buffer, n.byteOffset, n.byteLength).includes(ESCAPE));
    let keys: Array<{ key: Buffer; offset: number }> | undefined;
    for (let at = 0; at < this.size; at += chunk) {
      if (opts.signal?.aborted) throw new CancelledError();
      const buf = buffer.subarray(0, this.readInto(buffer, at, Math.min(this.size, at + chunk + overlap)));
      keys ??= needles.map((n) => searchKey(n, buf));
      let hasEscape: boolean | undefined;
      for (let k = 0; k < needles.length; k++) {
        const needle = needles[k];
        if (escapes[k] && !(hasEscape ??= buf.includes(ESCAPE))) continue;
        const { key, offset } = keys[k];
        // Found by its key (the needle from its rarest byte on), then confirmed in front of it.
        for (let i = buf.indexOf(key, offset); i >= 0; ) {
          const start = i - offset;
          if (start >= chunk) break;
          if (!startsWith(buf, start, needle, offset)) {
            i = buf.indexOf(key, i + 1);
            continue;
          }
          const record = this.recordAt(at + start);
          if (record >= 0 && at + start + needle.length <= this.end(record)) counts[record]++;
          i = buf.indexOf(key, start + needle.length + offset);
        }
      }
      opts.onProgress?.(Math.min(this.size, at + chunk), this.size);
      // Let the extension host answer other requests between chunks.
      await new Promise((resolve) => setImmediate(resolve));
    }
    return counts;
  }

  /** Reads bytes [from, to) into target[0…]; resolves with the count. */
  private readInto(target: Buffer, from: number, to: number): number {
    let filled = 0;
    while (filled < to - from) {
      const n = readSync(this.fd, target, filled, to - from - filled, from + filled);
      if (n === 0) throw new Error(`${this.path} is shorter than when it was indexed`);
      filled += n;
    }
    return filled;
  }

  /** The record whose bytes hold `offset`, or -1 (binary search over the starts). */
  private recordAt(offset: number): number {
    const starts = this.ranges!.starts;
    let lo = 0;
    let hi = this.count - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid] <= offset) lo = mid;
      else hi = mid - 1;
    }
    return this.count > 0 && starts[lo] <= offset && offset < this.end(lo) ? lo : -1;
  }

  close(): void {
    if (this.closed) return;
    this.closed = true;
    closeSync(this.fd);
  }
}

/**
 * What indexOf looks for to find `needle` in text like `sample`: the needle from its rarest byte
 * on. indexOf runs memchr for the first byte of what it seeks, and a Chinese character's first
 * byte (E4–E9) starts a third of the text; a continuation byte is some fifty times rarer.
 */
function searchKey(needle: Uint8Array, sample: Uint8Array): { key: Buffer; offset: number } {
  const seen = new Uint32Array(256);
  for (let i = 0, n = Math.min(sample.length, 1 << 18); i < n; i++) seen[sample[i]]++;
  let offset = 0;
  for (let k = 1; k < needle.length; k++) if (seen[needle[k]] < seen[needle[offset]]) offset = k;
  return { key: Buffer.from(needle.buffer, needle.byteOffset + offset, needle.byteLength - offset), offset };
}

/** Whether buf holds needle[0, length) at `start`. */
function startsWith(buf: Uint8Array, start: number, needle: Uint8Array, length: number): boolean {
  if (start < 0) return false;
  for (let k = 0; k < length; k++) if (buf[start + k] !== needle[k]) return false;
  return true;
}
