// Reading dataset files: one streaming pass over the bytes (the scanner finds the records),
// parsing each record as soon as its bytes are in hand. Memory stays bounded by one chunk plus
// the record being read, whatever the file size. A failed read never writes anything.
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { isUtf8 } from 'node:buffer';
import { CancelledError, type LongOperation } from '../progress';
import { completeUtf8End, parseRecordBytes, utf8Problem } from './recordText';
import { BOM_BYTES, RecordScanner, startsWithBom, type ScanSink } from './scanner';
import type { DatasetError, FileFormat, JsonObject } from './types';
import { translate } from '../l10n';

/** Random access to a dataset's bytes: a file on disk or a buffer already in memory. */
export interface ByteSource {
  /** Shown in error messages: the file's path. */
  readonly name: string;
  readonly size: number;
  read(position: number, length: number): Promise<Buffer>;
  /** Reads up to `length` bytes at `position` into target[offset…]; resolves with the count read. */
  readInto(target: Buffer, offset: number, length: number, position: number): Promise<number>;
  close(): Promise<void>;
}

export async function fileSource(path: string): Promise<ByteSource> {
  const handle = await open(path, 'r');
  const { size } = await handle.stat();
  // A read can return fewer bytes than asked: loop until the range is in or the file ends.
  const readInto = async (target: Buffer, offset: number, length: number, position: number) => {
    let filled = 0;
    while (filled < length) {
      const { bytesRead } = await handle.read(target, offset + filled, length - filled, position + filled);
      if (bytesRead === 0) break;
      filled += bytesRead;
    }
    return filled;
  };
  return {
    name: path,
    size,
    async read(position, length) {
      const buf = Buffer.allocUnsafe(length);
      const filled = await readInto(buf, 0, length, position);
      return filled === length ? buf : buf.subarray(0, filled);
    },
    readInto,
    close: () => handle.close(),
  };
}

export function bufferSource(name: string, bytes: Uint8Array): ByteSource {
  const buf = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  return {
    name,
    size: buf.length,
    read: async (position, length) => buf.subarray(position, position + length),
    readInto: async (target, offset, length, position) => buf.copy(target, offset, position, Math.min(buf.length, position + length)),
    close: async () => undefined,
  };
}

export interface ScanOptions extends LongOperation {
  /** Bytes read at a time; tests make it tiny to cross chunk boundaries everywhere. */
  chunkSize?: number;
}

const DEFAULT_CHUNK = 4 << 20;
/**
 * Chunks of a pass that parses every record (RecordReader): its records are parsed per chunk and
 * live until the consumer is done with the batch, so a small chunk lets them die young (in V8's
 * young generation, cheap to collect) instead of being promoted, and keeps its bytes in cache.
 */
const PARSE_CHUNK = 512 << 10;

/** The file-level facts a pass learns, needed to write the file back in its own format. */
export interface FileShape {
  format: FileFormat;
  bom: boolean;
  crlf: boolean;
}

/** An error found during a pass, before its line and column are worked out. */
interface PendingError {
  offset: number;
  message: string;
  record: number | undefined;
}

/** The window of the file the sink's offsets refer to, and how far its bytes are known to be UTF-8. */
interface ScanView {
  buf: Buffer;
  base: number;
  /**
   * Bytes before this absolute offset may not be UTF-8: the check of a chunk that reached it
   * failed. A record that starts before it has its own bytes checked; any later one is clean.
   */
  dirtyUntil: number;
}

function newView(): ScanView {
  return { buf: Buffer.alloc(0), base: 0, dirtyUntil: 0 };
}

/**
 * The chunk loop shared by every pass: reads the source, keeps the bytes of the record being
 * scanned across chunk boundaries, checks that they are UTF-8 (whole chunks at a time), and yields
 * after each chunk so the caller can hand on what the sink collected. `view` always holds the
 * window the sink's offsets refer to.
 */
async function* scanChunks(source: ByteSource, scanner: RecordScanner, view: ScanView, opts: ScanOptions): AsyncGenerator<void> {
  const chunkSize = opts.chunkSize ?? DEFAULT_CHUNK;
  // Two buffers, used in turn: while one chunk is scanned the next one is read into the other
  // buffer, so the disk and the scan overlap. Each buffer keeps `reserve` bytes in front of its
  // chunk, where the unfinished record of the previous chunk is copied: nothing is allocated per
  // chunk, and only that record's bytes are copied.
  let reserve = chunkSize;
  const buffers = [Buffer.allocUnsafe(reserve + chunkSize), Buffer.allocUnsafe(reserve + chunkSize)];
  const readInto = (buf: Buffer, at: number) => {
    const read = source.readInto(buf, reserve, Math.min(chunkSize, source.size - at), at);
    // A consumer may stop early and close the source with a read in flight: not an unhandled rejection.
    read.catch(() => undefined);
    return read;
  };
  let turn = 0;
  let position = 0;
  let pending = readInto(buffers[0], 0);
  let leftover: Buffer = Buffer.alloc(0);
  let final = false;
  /** Bytes before this absolute offset have been checked for UTF-8. */
  let checked = 0;
  while (!final) {
    if (opts.signal?.aborted) {
      await pending.catch(() => undefined); // let the read in flight finish before its buffer goes
      throw new CancelledError();
    }
    const buf = buffers[turn];
    const n = await pending;
    position += n;
    // A file that shrank while being read ends where its bytes end.
    final = position >= source.size || n === 0;
    // The unfinished record goes in front of the chunk (it may live in the other buffer, which
    // the next read is about to fill, so it is moved first).
    if (leftover.length <= reserve) {
      leftover.copy(buf, reserve - leftover.length);
      view.buf = buf.subarray(reserve - leftover.length, reserve + n);
    } else {
      // A record longer than the reserve: make room (doubling, so a huge record costs linear time).
      const grown = Math.max(reserve * 2, leftover.length);
      const bigger = Buffer.allocUnsafe(grown + chunkSize);
      leftover.copy(bigger, grown - leftover.length);
      buf.copy(bigger, grown, reserve, reserve + n);
      view.buf = bigger.subarray(grown - leftover.length, grown + n);
      buffers[turn] = bigger;
      buffers[1 - turn] = Buffer.allocUnsafe(grown + chunkSize); // no read is in flight into it yet
      reserve = grown;
    }
    turn = 1 - turn;
    if (!final) pending = readInto(buffers[turn], position);
    // A character cut by the end of the chunk is checked with the next one.
    const from = Math.max(checked, view.base) - view.base;
    const to = final ? view.buf.length : Math.max(from, completeUtf8End(view.buf, from, view.buf.length));
    if (!isUtf8(view.buf.subarray(from, to))) view.dirtyUntil = view.base + to;
    checked = view.base + to;
    scanner.push(view.buf, view.base, final);
    yield;
    if (scanner.stopped) return;
    const keep = scanner.keepFrom;
    leftover = view.buf.subarray(keep - view.base);
    view.base = keep;
    opts.onProgress?.(position, source.size);
  }
}

/** UTF-16 code units of the bytes [from, to), decoded a megabyte at a time (a line can be huge). */
async function utf16Units(source: ByteSource, from: number, to: number): Promise<number> {
  const decoder = new StringDecoder('utf8');
  let units = 0;
  for (let at = from; at < to; at += DEFAULT_CHUNK) units += decoder.write(await source.read(at, Math.min(DEFAULT_CHUNK, to - at))).length;
  return units + decoder.end().length;
}

/**
 * Works out 1-based lines and UTF-16 columns of byte offsets with one more pass over the bytes.
 * Offsets are visited in order and a column is carried from one offset to the next on the same
 * line, so many errors on one long line (a minified JSON array) cost one pass, not one each.
 */
export async function locateOffsets(
  source: ByteSource,
  offsets: readonly number[],
): Promise<Array<{ line: number; column: number }>> {
  const order = offsets.map((_, i) => i).sort((a, b) => offsets[a] - offsets[b]);
  const result = new Array<{ line: number; column: number }>(offsets.length);
  const bom = startsWithBom(await source.read(0, Math.min(BOM_BYTES, source.size)));
  let line = 1;
  let lineStart = 0;
  let position = 0;
  // The column is known at `columnAt`: `units` UTF-16 units after the start of its line.
  let columnAt = 0;
  let units = 0;
  for (const i of order) {
    const target = offsets[i];
    // Count the newlines before the target, chunk by chunk.
    while (position < target) {
      const chunk = await source.read(position, Math.min(DEFAULT_CHUNK, target - position));
      if (chunk.length === 0) break;
      for (let nl = chunk.indexOf(0x0a); nl >= 0; nl = chunk.indexOf(0x0a, nl + 1)) {
        line++;
        lineStart = position + nl + 1;
      }
      position += chunk.length;
    }
    if (columnAt < lineStart) {
      columnAt = lineStart;
      units = 0;
    }
    units += await utf16Units(source, columnAt, target);
    columnAt = target;
    result[i] = { line, column: units + 1 - (bom && lineStart === 0 ? 1 : 0) };
  }
  return result;
}

/** Errors kept one by one up to a limit, then only counted: a file of a million bad lines must not fill memory. */
export const LISTED_ERRORS = 10000;

class ErrorList {
  readonly listed: PendingError[] = [];
  count = 0;

  push(e: PendingError): void {
    this.count++;
    if (this.listed.length < LISTED_ERRORS) this.listed.push(e);
  }
}

async function locateErrors(source: ByteSource, errors: ErrorList): Promise<DatasetError[]> {
  const where = await locateOffsets(source, errors.listed.map((e) => e.offset));
  return errors.listed.map((e, i) => ({ file: source.name, ...where[i], record: e.record, message: e.message }));
}

/** One parsed record and where its bytes are. */
export interface DatasetRecord {
  index: number;
  value: JsonObject;
  start: number;
  end: number;
}

/**
 * Streams the parsed records of a dataset in batches (one per chunk read). Records that fail to
 * parse, or are not JSON objects, are left out and reported by errors() once the pass is done;
 * the good ones still come through.
 */
export class RecordReader {
  private readonly scanner: RecordScanner;
  private readonly view = newView();
  private readonly pending = new ErrorList();
  private batch: DatasetRecord[] = [];

  constructor(
    private readonly source: ByteSource,
    private readonly opts: ScanOptions = {},
  ) {
    const sink: ScanSink = {
      record: (index, start, end) => this.parse(index, start, end),
      error: (offset, message, record) => this.pending.push({ offset, message, record }),
    };
    this.scanner = new RecordScanner(sink);
  }

  /** Valid once the first batch has been read. */
  get shape(): FileShape {
    return { format: this.scanner.format ?? 'jsonl', bom: this.scanner.bom, crlf: this.scanner.crlf };
  }

  /** Records seen, good and bad. */
  get recordCount(): number {
    return this.scanner.records;
  }

  async *batches(): AsyncGenerator<DatasetRecord[]> {
    for await (const _ of scanChunks(this.source, this.scanner, this.view, { ...this.opts, chunkSize: this.opts.chunkSize ?? PARSE_CHUNK })) {
      if (this.batch.length === 0) continue;
      const out = this.batch;
      this.batch = [];
      yield out;
    }
  }

  /** All errors of the pass, including those past LISTED_ERRORS that errors() leaves out. */
  get errorCount(): number {
    return this.pending.count;
  }

  /** The errors of the pass (the first LISTED_ERRORS), located; call after batches() is exhausted. */
  errors(): Promise<DatasetError[]> {
    return locateErrors(this.source, this.pending);
  }

  /**
   * For a file without a single record and without other problems, the error that says so: it is
   * not a dataset (validate, stats and convert fail on it; the editor still opens it, to add
   * records). Call after batches() is exhausted.
   */
  noRecordsError(): DatasetError | undefined {
    if (this.scanner.records > 0 || this.pending.count > 0) return undefined;
    const message =
      this.source.size <= (this.scanner.bom ? 3 : 0)
        ? translate('empty file: no records')
        : this.scanner.format === 'json'
          ? translate('empty array: no records')
          : translate('only whitespace: no records');
    return { file: this.source.name, line: 1, column: 1, message };
  }

  private parse(index: number, start: number, end: number): void {
    const { buf, base, dirtyUntil } = this.view;
    const r = parseRecordBytes(buf, start - base, end - base, base, start < dirtyUntil);
    if ('value' in r) this.batch.push({ index, value: r.value, start, end });
    else this.pending.push({ offset: r.offset, message: r.message, record: index });
  }
}

/** Where each record's bytes are, without parsing them: the index of a large file. */
export interface RecordIndex extends FileShape {
  count: number;
  starts: Float64Array;
  ends: Float64Array;
  errors: DatasetError[];
}

/** Collects record byte ranges as a scanner finds them, in arrays that grow by doubling. */
export class RangeCollector {
  starts = new Float64Array(1024);
  ends = new Float64Array(1024);
  count = 0;
  readonly pending = new ErrorList();

  readonly sink: ScanSink = {
    record: (index, start, end) => {
      if (index === this.starts.length) {
        const grow = (a: Float64Array) => {
          const b = new Float64Array(a.length * 2);
          b.set(a);
          return b;
        };
        this.starts = grow(this.starts);
        this.ends = grow(this.ends);
      }
      this.starts[index] = start;
      this.ends[index] = end;
      this.count = index + 1;
    },
    error: (offset, message, record) => this.pending.push({ offset, message, record }),
  };
}

/**
 * One streaming pass that records every record's byte range (structural errors, and records
 * whose bytes are not UTF-8: they are not parsed, but must not be decoded to U+FFFD either).
 * `onChunk` is called after each chunk with the ranges found so far, for callers that show
 * the first records while the rest is still being indexed.
 */
export async function indexRecords(
  source: ByteSource,
  opts: ScanOptions & { onChunk?: (ranges: RangeCollector, shape: FileShape) => void } = {},
): Promise<RecordIndex> {
  const ranges = new RangeCollector();
  const view = newView();
  const scanner = new RecordScanner({
    record(index, start, end) {
      ranges.sink.record(index, start, end);
      const bad = start < view.dirtyUntil ? utf8Problem(view.buf, start - view.base, end - view.base, view.base) : undefined;
      if (bad) ranges.pending.push({ ...bad, record: index });
    },
    error: ranges.sink.error,
  });
  for await (const _ of scanChunks(source, scanner, view, opts)) {
    opts.onChunk?.(ranges, { format: scanner.format ?? 'jsonl', bom: scanner.bom, crlf: scanner.crlf });
  }
  const count = ranges.count;
  return {
    format: scanner.format ?? 'jsonl',
    bom: scanner.bom,
    crlf: scanner.crlf,
    count,
    starts: ranges.starts.subarray(0, count),
    ends: ranges.ends.subarray(0, count),
    errors: await locateErrors(source, ranges.pending),
  };
}

/** A whole dataset in memory: for files of ordinary size, tests and previews. */
export interface LoadedDataset extends FileShape {
  records: DatasetRecord[];
  /** Records seen, including the ones that failed. */
  total: number;
  errors: DatasetError[];
}

export async function loadDataset(source: ByteSource, opts: ScanOptions = {}): Promise<LoadedDataset> {
  const reader = new RecordReader(source, opts);
  const records: DatasetRecord[] = [];
  for await (const batch of reader.batches()) for (const r of batch) records.push(r);
  return { ...reader.shape, records, total: reader.recordCount, errors: await reader.errors() };
}

/** Opens a file, runs `fn` over its source, and always closes it. */
export async function withFile<T>(path: string, fn: (source: ByteSource) => Promise<T>): Promise<T> {
  const source = await fileSource(path);
  try {
    return await fn(source);
  } finally {
    await source.close();
  }
}
