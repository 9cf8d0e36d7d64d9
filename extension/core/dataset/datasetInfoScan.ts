// The dataset_info.json entry for a file as it is, from one streaming pass over it: its layout
// (detected as stats and validate detect it), the top-level keys its records have (optional columns
// are named only then) and the role values its messages use (the tags). The CLI's `dataset-info`
// and the editor's "Register in dataset_info.json…" share it.
import { basename, extname } from 'node:path';
import { translate, type Translate } from '../l10n';
import { datasetInfoEntry, type DatasetContents, type DatasetInfoEntry } from './datasetInfo';
import { LayoutCheck } from './layoutCheck';
import { layoutById, type LayoutId } from './layouts';
import type { Role } from './messagesShape';
import { RecordReader, type ByteSource, type ScanOptions } from './reader';
import { formatDatasetError, recordNumber, type JsonObject } from './types';

/** Distinct keys and role values kept: a file with more is not one LLaMA-Factory could describe anyway. */
const CAP = 1000;
const ROLE_KEYS = ['from', 'role'];

/** Collects what an entry needs, record by record: from a file pass, or from an open document. */
export class DatasetInfoScan {
  records = 0;
  readonly keys = new Set<string>();
  /** `key \0 roleKey \0 value` → how many messages under the top-level key have that role value. */
  private readonly roleValues = new Map<string, number>();
  private readonly layouts: LayoutCheck;

  /** `layout` skips detection. */
  constructor(layout?: LayoutId) {
    this.layouts = new LayoutCheck(layout);
  }

  add(index: number, value: JsonObject, start = 0): void {
    this.records++;
    for (const key in value) {
      if (this.keys.size < CAP) this.keys.add(key);
      const v = value[key];
      if (Array.isArray(v)) for (const item of v) this.noteRoles(key, item);
      else this.noteRoles(key, v);
    }
    this.layouts.add(index, value, start);
  }

  private noteRoles(key: string, message: unknown): void {
    if (typeof message !== 'object' || message === null || Array.isArray(message)) return;
    for (const roleKey of ROLE_KEYS) {
      const role = (message as JsonObject)[roleKey];
      if (typeof role !== 'string') continue;
      const id = `${key}\0${roleKey}\0${role}`;
      const n = this.roleValues.get(id);
      if (n !== undefined) this.roleValues.set(id, n + 1);
      else if (this.roleValues.size < CAP) this.roleValues.set(id, 1);
    }
  }

  /**
   * The entry, or undefined when no record fits a known layout; `problems` says what would keep
   * LLaMA-Factory from reading every record as LexReview reads it (English unless `t` is given).
   */
  result(fileName: string, t: Translate = translate): { layout: LayoutId | undefined; entry: DatasetInfoEntry | undefined; problems: string[] } {
    this.layouts.finish();
    const problems: string[] = [];
    const id = this.layouts.layout;
    if (id === undefined) return { layout: undefined, entry: undefined, problems };
    const layout = layoutById(id);
    if (this.layouts.misfitCount > 0) {
      const first = this.layouts.misfits.slice(0, 5).map((m) => `#${recordNumber(m.index)}`);
      if (this.layouts.misfitCount > first.length) first.push('…');
      problems.push(
        t('Records that do not fit the {0} layout: {1} ({2}); LLaMA-Factory skips them or fails on them.', id, this.layouts.misfitCount, first.join(', ')),
      );
    }
    const contents: DatasetContents = { keys: this.keys };
    const { shape } = layout;
    if (shape.kind === 'messages') {
      const keys = shape.preference ? [shape.list, shape.preference.chosen, shape.preference.rejected] : [shape.list];
      const byRole = new Map<Role, Map<string, number>>();
      for (const [entry, n] of this.roleValues) {
        const [key, roleKey, value] = entry.split('\0');
        const role = roleKey === shape.role && keys.includes(key) ? shape.reads.get(value) : undefined;
        if (role === undefined) continue;
        let values = byRole.get(role);
        if (!values) byRole.set(role, (values = new Map()));
        values.set(value, (values.get(value) ?? 0) + n);
      }
      const roles: Partial<Record<Role, string>> = {};
      for (const [role, values] of byRole) {
        const sorted = [...values].sort((a, b) => b[1] - a[1]);
        roles[role] = sorted[0][0];
        if (sorted.length > 1) {
          problems.push(
            t(
              "The messages use {0} for one role; LLaMA-Factory reads one value per role and skips the records with the others ('{1}' is registered, the most frequent).",
              sorted.map(([v]) => `'${v}'`).join(', '),
              sorted[0][0],
            ),
          );
        }
      }
      contents.roles = roles;
    }
    return { layout: id, entry: datasetInfoEntry(fileName, layout, contents), problems };
  }
}

export interface DatasetInfoForFile {
  /** The entry's name: the file's base name without extension unless given. */
  name: string;
  entry: DatasetInfoEntry;
  layout: LayoutId;
  /** Top-level keys the records have (which optional columns the file has). */
  keys: ReadonlySet<string>;
  records: number;
  /** Records that cannot be read: LLaMA-Factory cannot load the file until they are fixed. */
  unreadable: number;
  /** What would keep LLaMA-Factory from reading every record as LexReview reads it; empty when nothing. */
  problems: string[];
}

export interface DatasetInfoOptions extends ScanOptions {
  /** The entry's `file_name`; default: the file's base name (the entry sits beside the file). */
  fileName?: string;
  name?: string;
  /** The file's layout; detected from its first records when absent. */
  layout?: LayoutId;
  /** Translates the problems (the extension passes vscode.l10n.t). */
  t?: Translate;
}

/**
 * The dataset_info.json entry LLaMA-Factory needs to load the file as it is, from one streaming pass.
 * Throws when no record fits a known layout.
 */
export async function datasetInfoForFile(source: ByteSource, opts: DatasetInfoOptions = {}): Promise<DatasetInfoForFile> {
  const t = opts.t ?? translate;
  const reader = new RecordReader(source, opts);
  const scan = new DatasetInfoScan(opts.layout);
  for await (const batch of reader.batches()) for (const r of batch) scan.add(r.index, r.value, r.start);
  const { layout, entry, problems } = scan.result(opts.fileName ?? basename(source.name), t);
  if (layout === undefined || entry === undefined) {
    throw new Error(scan.records === 0 ? t('{0} has no records.', source.name) : t('Cannot tell the layout of {0}: no record fits a known layout.', source.name));
  }
  const errors = await reader.errors();
  if (reader.errorCount > 0) {
    problems.unshift(t('Records that cannot be read: {0} (first: {1}); LLaMA-Factory cannot load the file until they are fixed.', reader.errorCount, formatDatasetError(errors[0])));
  }
  return {
    name: opts.name ?? basename(source.name, extname(source.name)),
    entry,
    layout,
    keys: scan.keys,
    records: scan.records,
    unreadable: reader.errorCount,
    problems,
  };
}
