// The table's column widths: the record number and the length keep fixed widths, text columns
// share the rest (answers, rejected answers and turns twice as much) unless the user gave one a
// width by dragging its header's edge or with Shift+←/→ (EditorModel.columnWidths, saved per
// panel). Every row is its own CSS grid with this one template, so the columns line up without
// measuring.
import type { ColumnDef } from '../../shared/datasetEditor/protocol';
import { MIN_COLUMN_PX } from './viewState';

/** Wide enough for their header plus the sort arrow's reserved room (see recordTable's styles). */
const NUM_WIDTH = '5.5em';
const LEN_WIDTH = '6.5em';

/** One keyboard step of Shift+←/→ on a column header. */
export const KEY_STEP_PX = 16;

export function gridTemplate(columns: readonly ColumnDef[], widths: Readonly<Record<string, number>>): string {
  const text = columns.map((c) => {
    const px = widths[c.key];
    if (px !== undefined) return `${px}px`;
    return c.role === 'answer' || c.role === 'rejected' || c.role === 'turns' ? 'minmax(0, 2fr)' : 'minmax(0, 1fr)';
  });
  return [NUM_WIDTH, ...text, LEN_WIDTH].join(' ');
}

/**
 * The widest a text column may be made: what the row has left once the fixed columns, the other
 * resized ones and a minimum for each column still sharing the rest are taken out, so that the
 * length column never goes out of sight.
 */
export function maxColumnWidth(key: string, columns: readonly ColumnDef[], widths: Readonly<Record<string, number>>, rowPx: number, fixedPx: number): number {
  let rest = rowPx - fixedPx;
  for (const c of columns) {
    if (c.key === key) continue;
    rest -= widths[c.key] ?? MIN_COLUMN_PX;
  }
  return Math.max(MIN_COLUMN_PX, rest);
}
