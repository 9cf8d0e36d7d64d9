// Reading dataset files: one streaming pass over the bytes (the scanner finds the records),
// parsing each record as soon as its bytes are in hand. Memory stays bounded by one chunk plus
// the record being read, whatever the file size. A failed read never writes anything.
import { open } from 'node:fs/promises';
import { StringDecoder } from 'node:string_decoder';
import { CancelledError, type LongOperation } from '../progress';
import { RecordScanner, type ScanSink } from './scanner';
import { isJsonObject, type DatasetError, type FileFormat, type JsonObject } from './types';

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
  return {
    name: path,
    size,
    async read(position, length) {
      const buf = Buffer.allocUnsafe(length);
      let filled = 0;
      while (filled < length) {
        const { bytesRead } = await handle.read(buf, filled, length - filled, position + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return filled === length ? buf : buf.subarray(0, filled);
    },
    async readInto(target, offset, length, position) {
      let filled = 0;
      while (filled < length) {
        const { bytesRead } = await handle.read(target, offset + filled, length - filled, position + filled);
        if (bytesRead === 0) break;
        filled += bytesRead;
      }
      return filled;
    },
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

/**
 * The chunk loop shared by every pass: reads the source, keeps the bytes of the record being
 * scanned across chunk boundaries, and yields after each chunk so the caller can hand on what
 * the sink collected. `view` always holds the window the sink's offsets refer to.
 */
async function* scanChunks(
  source: ByteSource,
  scanner: RecordScanner,
  view: { buf: Buffer; base: number },
  opts: ScanOptions,
): AsyncGenerator<void> {
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
    scanner.push(view.buf, view.base, final);
    yield;
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
  const head = await source.read(0, Math.min(3, source.size));
  const bom = head[0] === 0xef && head[1] === 0xbb && head[2] === 0xbf;
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

/** The byte offset within `text` (UTF-8) that a JSON.parse error message points at. */
function parseErrorOffset(text: string, message: string): number | undefined {
  const m = /at position (\d+)/.exec(message);
  if (m) return Buffer.byteLength(text.slice(0, Number(m[1])));
  return /end of JSON input/.test(message) ? Buffer.byteLength(text) : undefined;
}

/** V8's message without the quoted record text it sometimes appends (which can be huge). */
export function cleanParseMessage(message: string): string {
  return message.replace(/, ".*" is not valid JSON$/s, '').replace(/ (?:in|after) JSON at position \d+.*$/s, '');
}

/**
 * Streams the parsed records of a dataset in batches (one per chunk read). Records that fail to
 * parse, or are not JSON objects, are left out and reported by errors() once the pass is done;
 * the good ones still come through.
 */
export class RecordReader {
  private readonly scanner: RecordScanner;
  private readonly view = { buf: Buffer.alloc(0), base: 0 };
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
    for await (const _ of scanChunks(this.source, this.scanner, this.view, this.opts)) {
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

  private parse(index: number, start: number, end: number): void {
    const { buf, base } = this.view;
    const text = buf.toString('utf8', start - base, end - base);
    let value: unknown;
    try {
      value = JSON.parse(text);
    } catch (e) {
      const message = (e as Error).message;
      const offset = parseErrorOffset(text, message);
      this.pending.push({
        offset: offset === undefined ? start : start + offset,
        message: cleanParseMessage(message),
        record: index,
      });
      return;
    }
    if (!isJsonObject(value)) {
      const kind = Array.isArray(value) ? 'an array' : value === null ? 'null' : `a ${typeof value}`;
      this.pending.push({ offset: start, message: `A record must be a JSON object, not ${kind}`, record: index });
      return;
    }
    this.batch.push({ index, value, start, end });
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
 * One streaming pass that records every record's byte range (structural errors only).
 * `onChunk` is called after each chunk with the ranges found so far, for callers that show
 * the first records while the rest is still being indexed.
 */
export async function indexRecords(
  source: ByteSource,
  opts: ScanOptions & { onChunk?: (ranges: RangeCollector, shape: FileShape) => void } = {},
): Promise<RecordIndex> {
  const ranges = new RangeCollector();
  const scanner = new RecordScanner(ranges.sink);
  for await (const _ of scanChunks(source, scanner, { buf: Buffer.alloc(0), base: 0 }, opts)) {
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
