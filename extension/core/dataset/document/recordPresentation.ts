// How records are presented for editing: table columns and clipped cells, the detail pane's
// editable fields with the JSON path of each, and new records of a layout's shape.
import { writeConversation, type FieldRole, type Layout, type TextRole } from '../layouts';
import { isJsonObject, type JsonObject } from '../types';
import { recordTexts } from '../recordTexts';

/** Where a text sits inside a record: keys and array indices from the top. */
export type JsonPath = Array<string | number>;

export interface ColumnDef {
  /** Top-level field name. */
  key: string;
  role: FieldRole | 'other';
}

export interface DetailField {
  path: JsonPath;
  /** e.g. `output`, `conversations[2].value`. */
  label: string;
  role?: TextRole;
  /** For role `tool`: a call (ShareGPT `function_call`) or its result (`observation`). */
  tool?: 'call' | 'result';
  turn?: number;
  text: string;
}

/** Characters of a cell sent to the table; the detail pane shows the whole text. */
export const CELL_CHARS = 200;

/** The layout's fields, or for an unknown layout the top-level keys of the first records. */
export function columnsFor(layout: Layout | undefined, sample: Iterable<JsonObject>): ColumnDef[] {
  if (layout) {
    // An optional field (alpaca's system, history) is a column only when the file has it.
    const records = [...sample];
    return layout.fields.filter((f) => !f.optional || records.some((r) => f.name in r)).map((f) => ({ key: f.name, role: f.role }));
  }
  const keys = new Set<string>();
  for (const v of sample) for (const k in v) keys.add(k);
  return [...keys].map((key) => ({ key, role: 'other' as const }));
}

function clip(text: string): string {
  return text.length > CELL_CHARS ? text.slice(0, CELL_CHARS) + '…' : text;
}

/** One table cell: strings as they are, a message as its text, message lists and histories summarised. */
function cell(v: unknown): { text: string; length: number } {
  if (typeof v === 'string') return { text: clip(v), length: v.length };
  if (v === undefined || v === null) return { text: '', length: 0 };
  if (Array.isArray(v)) {
    const texts = v.map((item) =>
      Array.isArray(item) ? item.join(' ⇄ ') : isJsonObject(item) ? String(item.value ?? item.content ?? JSON.stringify(item)) : String(item),
    );
    const length = texts.reduce((n, t) => n + t.length, 0);
    return { text: clip(`[${v.length}] ${texts.join(' │ ')}`), length };
  }
  // One message (sharegpt-preference's chosen / rejected answer): its text, not its JSON.
  const message = isJsonObject(v) ? (v.value ?? v.content) : undefined;
  if (typeof message === 'string') return { text: clip(message), length: message.length };
  const json = JSON.stringify(v);
  return { text: clip(json), length: json.length };
}

export function rowCells(value: JsonObject, columns: ColumnDef[]): { cells: string[]; lengths: number[] } {
  const cells: string[] = [];
  const lengths: number[] = [];
  for (const c of columns) {
    const { text, length } = cell(value[c.key]);
    cells.push(text);
    lengths.push(length);
  }
  return { cells, lengths };
}

/** `history[0][1]` → ['history', 0, 1]; `conversations[3].value` → ['conversations', 3, 'value']. */
export function parseFieldPath(field: string): JsonPath {
  const path: JsonPath = [];
  for (const m of field.matchAll(/([^.[\]]+)|\[(\d+)\]/g)) path.push(m[2] !== undefined ? Number(m[2]) : m[1]);
  return path;
}

/** Whether the tool message holding the text at `path` is a call or a result, from its role key. */
function toolKind(value: JsonObject, path: JsonPath, layout: Layout | undefined): DetailField['tool'] {
  if (layout?.shape.kind !== 'messages') return undefined;
  let node: unknown = value;
  for (const key of path.slice(0, -1)) node = isJsonObject(node) || Array.isArray(node) ? (node as Record<string | number, unknown>)[key] : undefined;
  const speaker = isJsonObject(node) && typeof node[layout.shape.role] === 'string' ? layout.shape.reads.get(node[layout.shape.role] as string) : undefined;
  return speaker === 'function' ? 'call' : speaker === 'observation' ? 'result' : undefined;
}

export function detailFields(value: JsonObject, layout: Layout | undefined, fits: boolean): DetailField[] {
  return recordTexts(value, fits ? layout : undefined).map((t) => {
    // Texts of a record that does not fit are its top-level keys, whatever characters they hold.
    const path = t.role === undefined ? [t.field] : parseFieldPath(t.field);
    const field: DetailField = { path, label: t.field, role: t.role, turn: t.turn, text: t.text };
    if (t.role === 'tool') field.tool = toolKind(value, path, layout);
    return field;
  });
}

/** A copy of the record with the string at `path` replaced; the original is left as it is. */
export function withText(value: JsonObject, path: JsonPath, text: string): JsonObject {
  if (path.length === 0) throw new Error('An empty path names no field');
  const copy = structuredClone(value);
  let node: unknown = copy;
  for (let i = 0; i < path.length - 1; i++) {
    node = (node as Record<string | number, unknown>)[path[i]];
    if (typeof node !== 'object' || node === null) throw new Error(`No field at ${path.slice(0, i + 1).join('.')}`);
  }
  const last = path[path.length - 1];
  const parent = node as Record<string | number, unknown>;
  if (parent[last] !== undefined && typeof parent[last] !== 'string') throw new Error(`The field ${path.join('.')} is not text`);
  parent[last] = text;
  return copy;
}

/** A record of the layout's shape with empty texts (for an unknown layout, the given keys). */
export function emptyRecord(layout: Layout | undefined, columns: ColumnDef[]): JsonObject {
  if (layout) return writeConversation({ turns: [{ user: '', assistant: '' }] }, layout);
  return Object.fromEntries(columns.map((c) => [c.key, '']));
}
