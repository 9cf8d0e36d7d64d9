// Writing dataset files atomically: records stream into a temporary file beside the target,
// which is renamed over the target only once everything is written and flushed. A crash or a
// cancel midway leaves the original file as it was. JSON arrays are pretty-printed with a
// 2-space indent; Chinese text is written as is (JSON.stringify never \u-escapes it).
import { open, realpath, rename, stat, unlink, type FileHandle } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import type { FileShape } from './reader';
import type { FileFormat } from './types';
import { translate } from '../l10n';

const FLUSH_AT = 1 << 20;

/** The text of one record as it stands in a file of the given format (no separator). */
export function serializeRecord(value: unknown, format: FileFormat): string {
  // Indented one level deeper than the array brackets: as JSON.stringify(array, null, 2) writes
  // it ('[\n  {…}\n]'), which costs less than re-indenting the record's own text.
  return format === 'jsonl' ? JSON.stringify(value) : JSON.stringify([value], null, 2).slice(2, -2);
}

export type WriteShape = Pick<FileShape, 'format'> & Partial<Omit<FileShape, 'format'>>;

/**
 * A file written beside its target under a temporary name and renamed over it on commit, so
 * that readers see either the old file or the complete new one, never a partial write.
 */
export class AtomicFile {
  private closed = false;

  private constructor(
    private readonly target: string,
    private readonly temp: string,
    private readonly handle: FileHandle,
  ) {}

  static async create(target: string): Promise<AtomicFile> {
    // A symlinked dataset is written where the link points, so the link stays a link.
    const real = await realpath(target).catch(() => target);
    const mode = await stat(real).then(
      (s) => s.mode & 0o7777,
      () => undefined,
    );
    const temp = join(dirname(real), `.${basename(real)}.${process.pid}.${Date.now()}.tmp`);
    const handle = await open(temp, 'wx');
    // The new file keeps the permissions of the one it replaces.
    if (mode !== undefined) await handle.chmod(mode);
    return new AtomicFile(real, temp, handle);
  }

  async write(data: string | Uint8Array): Promise<void> {
    const bytes = typeof data === 'string' ? Buffer.from(data) : data;
    // A short write (a full disk) must not pass unnoticed into a truncated file renamed over the original.
    for (let at = 0; at < bytes.length; ) {
      const { bytesWritten } = await this.handle.write(bytes, at, bytes.length - at);
      if (bytesWritten === 0) throw new Error(translate('Could not write {0}: no space left?', this.target));
      at += bytesWritten;
    }
  }

  /** Flushes to disk and renames over the target, then makes the rename itself durable. */
  async commit(): Promise<void> {
    await this.handle.sync();
    await this.handle.close();
    this.closed = true;
    await rename(this.temp, this.target);
    const dir = await open(dirname(this.target), 'r').catch(() => undefined);
    await dir?.sync().catch(() => undefined);
    await dir?.close();
  }

  /** Throws the temporary file away; the target is untouched. */
  async abort(): Promise<void> {
    if (!this.closed) await this.handle.close();
    this.closed = true;
    await unlink(this.temp).catch(() => undefined);
  }
}

export class DatasetWriter {
  private buffer = '';
  private count = 0;

  private constructor(
    private readonly file: AtomicFile,
    private readonly shape: WriteShape,
  ) {}

  static async create(target: string, shape: WriteShape): Promise<DatasetWriter> {
    const writer = new DatasetWriter(await AtomicFile.create(target), shape);
    writer.buffer = (shape.bom ? '\ufeff' : '') + (shape.format === 'json' ? '[' : '');
    return writer;
  }

  get written(): number {
    return this.count;
  }

  /**
   * Appends one record. (Verbatim source bytes are copied by DatasetModel.save, not here: the
   * CRLF conversion on flush would double a source's own CRLFs.)
   */
  async add(value: unknown): Promise<void> {
    const text = serializeRecord(value, this.shape.format);
    if (this.shape.format === 'json') this.buffer += (this.count === 0 ? '\n' : ',\n') + text;
    else this.buffer += text + '\n';
    this.count++;
    if (this.buffer.length >= FLUSH_AT) await this.flush();
  }

  /** Appends records in order: as add() for each, in one JSON.stringify for a JSON array. */
  async addAll(values: readonly unknown[]): Promise<void> {
    if (values.length === 0) return;
    if (this.shape.format === 'json') {
      // '[\n  {…},\n  {…}\n]' holds the records indented as in the file and separated as add()
      // separates them: without its brackets it is what add() would append, one by one.
      const text = JSON.stringify(values, null, 2);
      this.buffer += (this.count === 0 ? '' : ',') + text.slice(1, -2);
    } else {
      for (const value of values) this.buffer += JSON.stringify(value) + '\n';
    }
    this.count += values.length;
    if (this.buffer.length >= FLUSH_AT) await this.flush();
  }

  /** Finishes the file and moves it over the target. */
  async commit(): Promise<void> {
    if (this.shape.format === 'json') this.buffer += this.count === 0 ? ']\n' : '\n]\n';
    await this.flush();
    await this.file.commit();
  }

  /** Throws the partial output away; the target is untouched. */
  abort(): Promise<void> {
    return this.file.abort();
  }

  private async flush(): Promise<void> {
    const text = this.shape.crlf ? this.buffer.replace(/\n/g, '\r\n') : this.buffer;
    this.buffer = '';
    await this.file.write(text);
  }
}

/** Writes all `records` to `target` atomically. */
export async function writeDataset(target: string, records: Iterable<unknown>, shape: WriteShape): Promise<number> {
  const writer = await DatasetWriter.create(target, shape);
  try {
    for (const r of records) await writer.add(r);
    await writer.commit();
  } catch (e) {
    await writer.abort();
    throw e;
  }
  return writer.written;
}
