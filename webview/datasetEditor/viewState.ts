// What the webview keeps across being hidden and shown again (vscode.getState/setState): the
// view, the selected record, the scroll position and the widths the user gave columns. Saved state comes back as unknown JSON, so
// it is checked field by field rather than trusted.
import { FILTERS } from '../../extension/core/dataset/document/filters';
import type { FilterId, SortSpec, ViewSpec } from '../../shared/datasetEditor/protocol';

export interface SavedState {
  view: ViewSpec;
  /** Document row of the selected record, -1 for none. */
  selectedRow: number;
  scrollTop: number;
  /** Column key → width in CSS px, for the columns the user resized; the others share the rest. */
  columnWidths: Record<string, number>;
}

/** A column is never resized narrower than this, nor wider than the limit (CSS px). */
export const MIN_COLUMN_PX = 40;
export const MAX_COLUMN_PX = 4000;

export const clampColumnWidth = (px: number): number => Math.round(Math.min(MAX_COLUMN_PX, Math.max(MIN_COLUMN_PX, px)));

export { FILTERS };

export const INITIAL_STATE: SavedState = { view: { filter: 'all' }, selectedRow: -1, scrollTop: 0, columnWidths: {} };

/** Clicking a column header sorts by it; clicking it again reverses the order. */
export function nextSort(current: SortSpec | undefined, key: string): SortSpec {
  return current?.key === key ? { key, descending: !current.descending } : { key, descending: false };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null;
const nonNegative = (v: unknown, fallback: number) => (typeof v === 'number' && Number.isFinite(v) && v >= -1 ? v : fallback);

export function restoreState(raw: unknown): SavedState {
  if (!isObject(raw)) return INITIAL_STATE;
  const v = isObject(raw.view) ? raw.view : {};
  const view: ViewSpec = { filter: FILTERS.includes(v.filter as FilterId) ? (v.filter as FilterId) : 'all' };
  const e = v.evaluation;
  if (view.filter === 'evaluationOverlap') {
    // The filter means nothing without its evaluation questions.
    if (isObject(e) && e.kind === 'set' && typeof e.name === 'string') view.evaluation = { kind: 'set', name: e.name };
    else if (isObject(e) && e.kind === 'file' && typeof e.path === 'string') view.evaluation = { kind: 'file', path: e.path };
    else view.filter = 'all';
  }
  const s = v.search;
  if (isObject(s) && typeof s.query === 'string') {
    view.search = { query: s.query, regex: s.regex === true, caseSensitive: s.caseSensitive === true };
  }
  const o = v.sort;
  if (isObject(o) && typeof o.key === 'string') view.sort = { key: o.key, descending: o.descending === true };
  const columnWidths: Record<string, number> = {};
  if (isObject(raw.columnWidths)) {
    for (const [key, px] of Object.entries(raw.columnWidths)) if (typeof px === 'number' && Number.isFinite(px)) columnWidths[key] = clampColumnWidth(px);
  }
  return {
    view,
    selectedRow: Math.floor(nonNegative(raw.selectedRow, -1)),
    scrollTop: Math.max(0, nonNegative(raw.scrollTop, 0)),
    columnWidths,
  };
}
