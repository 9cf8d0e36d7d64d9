// What the webview keeps across being hidden and shown again (vscode.getState/setState): the
// view, the selected record and the scroll position. Saved state comes back as unknown JSON, so
// it is checked field by field rather than trusted.
import { FILTERS } from '../../extension/core/dataset/document/filters';
import type { FilterId, SortSpec, ViewSpec } from '../../shared/datasetEditor/protocol';

export interface SavedState {
  view: ViewSpec;
  /** Document row of the selected record, -1 for none. */
  selectedRow: number;
  scrollTop: number;
}

export { FILTERS };

export const INITIAL_STATE: SavedState = { view: { filter: 'all' }, selectedRow: -1, scrollTop: 0 };

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
  const s = v.search;
  if (isObject(s) && typeof s.query === 'string') {
    view.search = { query: s.query, regex: s.regex === true, caseSensitive: s.caseSensitive === true };
  }
  const o = v.sort;
  if (isObject(o) && typeof o.key === 'string') view.sort = { key: o.key, descending: o.descending === true };
  return {
    view,
    selectedRow: Math.floor(nonNegative(raw.selectedRow, -1)),
    scrollTop: Math.max(0, nonNegative(raw.scrollTop, 0)),
  };
}
