// The editable dataset: the file's records (the base, never changed in place) seen through an
// overlay. `rows` lists, in order, which record stands at each row: a base record by its index
// (>= 0) or an added or edited value by its overlay id (encoded as -(id + 1)). Every edit is a
// splice of `rows`; its inverse is a splice too, so undo and redo are exact and cheap, and a
// backup of unsaved changes is the rows (as runs) plus the overlay values — small.
import { AtomicFile } from '../writer';
import { gapBefore, rawRecord, type BaseRecords, type Fingerprint } from './baseRecords';
import { learnStyle, styleRecord, type RecordStyle } from './recordStyle';
import type { JsonObject } from '../types';

/** One change of `rows`: at `at`, `removed` were replaced by `inserted`. */
export interface Splice {
  at: number;
  removed: number[];
  inserted: number[];
}

/** A user-level edit (one undo step): splices applied in order. */
export interface ModelEdit {
  label: string;
  splices: Splice[];
}

/** The rows a save wrote, for markSaved. */
export interface SavedRows {
  readonly rows: readonly number[];
}

/** Unsaved changes, as stored for hot exit. */
export interface ModelBackup {
  version: 1;
  fingerprint: Fingerprint;
  /** Records of the file the runs refer to: a restore onto a base with another count is refused. */
  baseCount: number;
  /** Runs of rows: [start, length] for consecutive base records, [-(id + 1)] for an overlay value. */
  rows: number[][];
  overlay: Array<JsonObject | null>;
}

export class DatasetModel {
  private rows: number[];
  private overlay: Array<JsonObject | null> = [];
  private learnt: RecordStyle | undefined;
  /** Bumped on every change, so caches of derived data know when they are stale. */
  version = 0;
  /** The file on disk that backups refer to: the base, until the document is saved. */
  private disk: Fingerprint;
  /** After a save: where the record of a ref stands in the saved file, or -1. */
  private diskIndex: (ref: number) => number = (ref) => ref;
  /** After a save: the records of the saved file (before one, the base's). */
  private savedCount: number | undefined;

  constructor(readonly base: BaseRecords) {
    this.rows = Array.from({ length: base.count }, (_, i) => i);
    this.disk = base.fingerprint;
  }

  /** Learnt when first needed: a base still being indexed does not know its tail yet. */
  private get style(): RecordStyle {
    return (this.learnt ??= learnStyle(this.base));
  }

  /**
   * Adds the rows of base records indexed since the model was made (a large file is shown while
   * it is still being indexed; it is not edited until the index is complete).
   */
  growWithBase(): void {
    for (let i = this.rows.length; i < this.base.count; i++) this.rows.push(i);
    this.version++;
  }

  /** The bytes of a row's record as they are in the file, or undefined for an added or edited one. */
  rawText(row: number): string | undefined {
    const ref = this.rows[row];
    return ref >= 0 ? new TextDecoder().decode(rawRecord(this.base, ref)) : undefined;
  }

  /** Tells a lazily reading base that rows from..to-1 are about to be read one after another. */
  prefetch(from: number, to: number): void {
    if (!this.base.prefetch) return;
    let lo = Infinity;
    let hi = -1;
    for (let row = from; row < to; row++) {
      const ref = this.rows[row];
      if (ref >= 0) {
        if (ref < lo) lo = ref;
        if (ref > hi) hi = ref;
      }
    }
    // Only when the rows are mostly neighbours in the file (not, say, a sorted order).
    if (hi >= lo && hi - lo < 2 * (to - from)) this.base.prefetch(lo, hi);
  }

  /** Why the record at `row` cannot be used, for an unparseable record of a large file. */
  problem(row: number): string | undefined {
    const ref = this.rows[row];
    return ref >= 0 ? this.base.problem?.(ref) : undefined;
  }

  get count(): number {
    return this.rows.length;
  }

  value(row: number): JsonObject {
    const ref = this.rows[row];
    if (ref === undefined) throw new RangeError(`No row ${row} (the dataset has ${this.rows.length})`);
    return ref >= 0 ? this.base.value(ref) : this.overlay[-ref - 1]!;
  }

  /** Whether the row holds a record added or edited since the file was last read or saved. */
  isEdited(row: number): boolean {
    return this.diskIndex(this.rows[row]) < 0;
  }

  /** Which record stands at a row: it changes when the row holds another record or an edited one. */
  identity(row: number): number {
    this.checkRow(row);
    return this.rows[row];
  }

  /** The base record index of a row, or undefined for an added or edited record. */
  baseIndex(row: number): number | undefined {
    const ref = this.rows[row];
    return ref >= 0 ? ref : undefined;
  }

  // --- edits -------------------------------------------------------------------------------

  setRecord(row: number, value: JsonObject, label = 'Edit record'): ModelEdit {
    this.checkRow(row);
    return this.apply({ label, splices: [{ at: row, removed: [this.rows[row]], inserted: [this.add(value)] }] });
  }

  /**
   * Changes the value of an added or edited record in place, without a new edit: typing that goes
   * on in one field extends the edit that its first keystroke made (one undo step, as in a text
   * editor). Its row keeps its identity; undo of that edit restores what stood before the typing
   * and redo the latest text. The caller makes sure that edit is the last one and is unsaved.
   */
  amend(row: number, value: JsonObject): void {
    this.checkRow(row);
    const ref = this.rows[row];
    if (ref >= 0) throw new Error(`Row ${row} holds a record of the file; only an edited one can be amended`);
    this.overlay[-ref - 1] = value;
    this.version++;
  }

  insert(at: number, values: JsonObject[], label = 'Add record'): ModelEdit {
    if (at < 0 || at > this.rows.length) throw new RangeError(`Cannot insert at row ${at}`);
    return this.apply({ label, splices: [{ at, removed: [], inserted: values.map((v) => this.add(v)) }] });
  }

  /** Deletes the given rows (any order); one undo step brings them all back where they were. */
  remove(rows: number[], label = 'Delete records'): ModelEdit {
    const sorted = [...new Set(rows)].sort((a, b) => b - a);
    sorted.forEach((r) => this.checkRow(r));
    // One splice per run of adjacent rows, from the last run backwards so that the earlier
    // positions stay valid.
    const splices: Splice[] = [];
    for (let i = 0; i < sorted.length; ) {
      let j = i;
      while (j + 1 < sorted.length && sorted[j + 1] === sorted[j] - 1) j++;
      const at = sorted[j];
      splices.push({ at, removed: this.rows.slice(at, sorted[i] + 1), inserted: [] });
      i = j + 1;
    }
    return this.apply({ label, splices });
  }

  undo(edit: ModelEdit): void {
    for (let i = edit.splices.length - 1; i >= 0; i--) {
      const s = edit.splices[i];
      this.spliceRows(s.at, s.inserted.length, s.removed);
    }
    this.version++;
  }

  redo(edit: ModelEdit): void {
    for (const s of edit.splices) this.spliceRows(s.at, s.removed.length, s.inserted);
    this.version++;
  }

  private spliceRows(at: number, deleteCount: number, items: number[]): void {
    // Spreading a huge list into splice() overflows the call stack; rebuild the list instead.
    if (items.length < 4096) this.rows.splice(at, deleteCount, ...items);
    else this.rows = this.rows.slice(0, at).concat(items, this.rows.slice(at + deleteCount));
  }

  private apply(edit: ModelEdit): ModelEdit {
    this.redo(edit);
    return edit;
  }

  private add(value: JsonObject): number {
    this.overlay.push(value);
    return -this.overlay.length;
  }

  private checkRow(row: number): void {
    if (!Number.isInteger(row) || row < 0 || row >= this.rows.length) {
      throw new RangeError(`No row ${row} (the dataset has ${this.rows.length})`);
    }
  }

  // --- saving ------------------------------------------------------------------------------

  /**
   * Writes the dataset to `target` atomically, in the file's format and style: untouched records
   * and the gaps between neighbours that were neighbours in the file are copied byte for byte.
   * What is written is the rows as they were when the save began (edits made meanwhile are not
   * in it); pass the returned snapshot to markSaved. A document with no changes is the file's own
   * bytes. A base with records that could not be read (not JSON, not UTF-8) is saved only so:
   * their bytes are not records of the model, and must be neither dropped nor decoded.
   */
  async save(target: string): Promise<SavedRows> {
    if (this.base.complete === false) throw new Error('The file is still being indexed; it can be saved once that is done.');
    const rows = this.rows.slice();
    const base = this.base;
    base.checkUnchanged?.();
    const untouched = rows.length === base.count && rows.every((ref, i) => ref === i);
    if (!untouched && base.errors.length > 0) {
      throw new Error('The file has records that cannot be read; it can be saved only unchanged. Fix them in a text editor first.');
    }
    const file = await AtomicFile.create(target);
    try {
      const parts = new ChunkedWriter(file);
      if (untouched) {
        await parts.copy(base, 0, base.size);
      } else if (rows.length === 0) {
        // Emptied, a JSON array is `[]` (its head and tail hold indentation meant for records)
        // and JSONL is nothing.
        if (base.shape.bom) await parts.add('\ufeff');
        if (base.shape.format === 'json') await parts.add(this.style.crlf ? '[]\r\n' : '[]\n');
      } else {
        if (base.shape.bom) await parts.add('\ufeff');
        await parts.add(base.count > 0 && rows[0] === 0 ? gapBefore(base, 0) : this.style.head);
        for (let i = 0; i < rows.length; ) {
          const ref = rows[i];
          if (i > 0) await parts.add(this.style.separator);
          if (ref < 0) {
            await parts.add(styleRecord(this.style, this.overlay[-ref - 1]!));
            i++;
            continue;
          }
          // A run of records that were neighbours in the file is one byte range, gaps included.
          let last = ref;
          while (i + 1 < rows.length && rows[i + 1] === last + 1) {
            i++;
            last++;
          }
          await parts.copy(base, base.start(ref), base.end(last));
          i++;
        }
        await parts.add(this.style.tail);
      }
      await parts.flush();
      // The source bytes of untouched records must not have changed under the copy.
      base.checkUnchanged?.();
      await file.commit();
    } catch (e) {
      await file.abort();
      throw e;
    }
    return { rows };
  }

  /**
   * Records that the document was just saved to its own file (with this fingerprint): backups
   * from now on refer to that file. The model keeps its base, so undo across a save still works.
   */
  markSaved(fingerprint: Fingerprint, saved: SavedRows): void {
    const ofBase = new Int32Array(this.base.count).fill(-1);
    const ofOverlay = new Map<number, number>();
    saved.rows.forEach((ref, i) => (ref >= 0 ? (ofBase[ref] = i) : ofOverlay.set(ref, i)));
    this.diskIndex = (ref) => (ref >= 0 ? ofBase[ref] : (ofOverlay.get(ref) ?? -1));
    this.disk = fingerprint;
    this.savedCount = saved.rows.length;
  }

  // --- hot exit ----------------------------------------------------------------------------

  /** The unsaved changes relative to the file on disk: runs of its records plus the other values. */
  backup(): ModelBackup {
    const runs: number[][] = [];
    const overlay: JsonObject[] = [];
    for (let row = 0; row < this.rows.length; row++) {
      const onDisk = this.diskIndex(this.rows[row]);
      const last = runs[runs.length - 1];
      if (onDisk >= 0 && last?.length === 2 && last[0] + last[1] === onDisk) last[1]++;
      else if (onDisk >= 0) runs.push([onDisk, 1]);
      else {
        overlay.push(this.value(row));
        runs.push([-overlay.length]);
      }
    }
    if (this.base.complete === false) throw new Error('A file still being indexed has no backup of its own.');
    return { version: 1, fingerprint: this.disk, baseCount: this.savedCount ?? this.base.count, rows: runs, overlay };
  }

  /** Re-applies a backup over the same base file; throws when the file changed since. */
  restore(backup: ModelBackup): void {
    const fp = this.base.fingerprint;
    if (backup.version !== 1) throw new Error(`Unknown backup version ${backup.version}`);
    if (backup.fingerprint.size !== fp.size || backup.fingerprint.mtimeMs !== fp.mtimeMs) {
      throw new Error('The file changed on disk since the backup was made.');
    }
    if (backup.baseCount !== this.base.count) {
      throw new Error(`The backup is of ${backup.baseCount} records; the file has ${this.base.count}.`);
    }
    const rows: number[] = [];
    for (const run of backup.rows) {
      if (run.length === 2) for (let i = 0; i < run[1]; i++) rows.push(run[0] + i);
      else rows.push(run[0]);
    }
    if (rows.some((r) => r >= this.base.count || (r < 0 && backup.overlay[-r - 1] == null))) {
      throw new Error('The backup does not match the file.');
    }
    this.rows = rows;
    this.overlay = backup.overlay;
    this.version++;
  }
}

/** Gathers small pieces into ~1 MB writes. */
class ChunkedWriter {
  private pending: Uint8Array[] = [];
  private size = 0;
  private static readonly encoder = new TextEncoder();

  constructor(private readonly file: AtomicFile) {}

  async add(part: string | Uint8Array): Promise<void> {
    const bytes = typeof part === 'string' ? ChunkedWriter.encoder.encode(part) : part;
    this.pending.push(bytes);
    this.size += bytes.length;
    if (this.size >= 1 << 20) await this.flush();
  }

  /** Copies a byte range of the base in pieces, so a huge run never sits in memory whole. */
  async copy(base: BaseRecords, from: number, to: number): Promise<void> {
    for (let at = from; at < to; at += 1 << 20) await this.add(base.bytes(at, Math.min(to, at + (1 << 20))));
  }

  async flush(): Promise<void> {
    if (this.size === 0) return;
    await this.file.write(Buffer.concat(this.pending, this.size));
    this.pending = [];
    this.size = 0;
  }
}
