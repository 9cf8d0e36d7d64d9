// How the Datasets view shows its files: the description and tooltip of an item, and the
// grouping of files by folder, sorted. Pure: takes a Translate (vscode.l10n.t in the extension).
import { posix } from 'node:path';
import { layoutById } from '../../core/dataset/layouts';
import { formatBytes, formatCount } from '../../core/dataset/statsText';
import type { Translate } from '../../core/l10n';
import type { DatasetProbe } from './datasetProbe';
import { recordNumber } from '../../core/dataset/types';

/** The item's description: `52,000 · original`. */
export function datasetDescription(t: Translate, scan: DatasetProbe): string {
  return `${formatCount(scan.records)} · ${scan.layout ?? t('unknown')}`;
}

/** The item's tooltip, one fact a line: path, size, records, layout, format, first error. */
export function datasetTooltip(t: Translate, path: string, scan: DatasetProbe): string {
  const layout = scan.layout === undefined ? t('unknown') : `${scan.layout} · ${layoutById(scan.layout).label}`;
  const lines = [
    path,
    t('Size: {0}', formatBytes(scan.bytes)),
    t('Records: {0}', formatCount(scan.records)),
    t('Layout: {0}', layout),
    t('Format: {0}', scan.format === 'json' ? t('JSON array') : 'JSONL'),
  ];
  const first = scan.errors[0];
  if (first !== undefined) {
    const message = first.record === undefined ? first.message : t('Record {0}: {1}', recordNumber(first.record), first.message);
    lines.push(t('First error at {0}:{1}: {2}', first.line, first.column, message));
  }
  return lines.join('\n');
}

/** A file placed in the tree: where it is inside its workspace folder. */
export interface Placed {
  /** Relative to the workspace folder, '/'-separated. */
  relPath: string;
  /** The workspace folder's name; used only when the workspace has several. */
  folderName?: string;
}

export interface FolderGroup<T> {
  /** `data/raw` (or `root/data/raw` with several workspace folders); undefined for top-level files. */
  label: string | undefined;
  items: T[];
}

const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });
/** Natural order (law_2k before law_10k), case-insensitive, ties broken by code unit. */
export function comparePaths(a: string, b: string): number {
  return collator.compare(a, b) || (a < b ? -1 : a > b ? 1 : 0);
}

/** The folder a file is listed under. */
export function groupLabel(p: Placed, multiRoot: boolean): string | undefined {
  const dir = posix.dirname(p.relPath);
  const inFolder = dir === '.' ? undefined : dir;
  if (!multiRoot || p.folderName === undefined) return inFolder;
  return inFolder === undefined ? p.folderName : `${p.folderName}/${inFolder}`;
}

/** One group per folder (sorted, like the Explorer: folders first), then the top-level files; files sorted by name. */
export function groupByFolder<T extends Placed>(items: readonly T[], multiRoot: boolean): Array<FolderGroup<T>> {
  const groups = new Map<string | undefined, T[]>();
  for (const item of items) {
    const label = groupLabel(item, multiRoot);
    let list = groups.get(label);
    if (!list) groups.set(label, (list = []));
    list.push(item);
  }
  const out: Array<FolderGroup<T>> = [];
  for (const [label, list] of groups) {
    list.sort((a, b) => comparePaths(posix.basename(a.relPath), posix.basename(b.relPath)));
    out.push({ label, items: list });
  }
  return out.sort((a, b) =>
    a.label === undefined ? (b.label === undefined ? 0 : 1) : b.label === undefined ? -1 : comparePaths(a.label, b.label),
  );
}
