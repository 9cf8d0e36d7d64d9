// Where a record of the document starts in its file as text (1-based line and UTF-16 column), so
// that "Open as Text" shows the selected record rather than line 1.
import { locateOffsets, type ByteSource } from '../reader';
import type { BaseRecords } from './baseRecords';
import type { DatasetModel } from './datasetModel';

/**
 * Lines are counted from the top of the file: past this offset (a record deep in a file of
 * hundreds of MB) the count would read that much, and the text editor opens at the top instead.
 */
export const LOCATE_LIMIT_BYTES = 64 * 1024 * 1024;

/** How far up an added or edited record (not in the file) looks for one that is. */
const LOOK_UP_ROWS = 1000;

function baseSource(base: BaseRecords): ByteSource {
  const read = (position: number, length: number) => {
    const u = base.bytes(position, Math.min(base.size, position + length));
    return Buffer.from(u.buffer, u.byteOffset, u.byteLength);
  };
  return {
    name: '',
    size: base.size,
    read: async (position, length) => read(position, length),
    readInto: async (target, offset, length, position) => read(position, length).copy(target, offset),
    close: async () => undefined,
  };
}

/**
 * The file position of the record at `row`; for a record that is not in the file (added, or
 * edited: the file holds its old text, which may differ), the nearest one above it that is.
 * Undefined when none is near or it is too deep in a large file.
 */
export async function recordLocation(model: DatasetModel, row: number): Promise<{ line: number; column: number } | undefined> {
  for (let r = Math.min(row, model.count - 1); r >= 0 && r > row - LOOK_UP_ROWS; r--) {
    const index = model.baseIndex(r);
    if (index === undefined) continue;
    const offset = model.base.start(index);
    if (offset > LOCATE_LIMIT_BYTES) return undefined;
    const [location] = await locateOffsets(baseSource(model.base), [offset]);
    return location;
  }
  return undefined;
}
