// Plain-text rendering of dataset statistics, for the CLI and the extension's output channel.
import type { Translate } from '../l10n';
import type { DatasetStats } from './stats';
import { formatDatasetError, recordNumber } from './types';

/** Problems listed under the statistics; the rest are counted. */
const LISTED_PROBLEMS = 10;

export function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let v = n / 1024;
  let u = 0;
  while (v >= 1024 && u < units.length - 1) {
    v /= 1024;
    u++;
  }
  return `${v.toFixed(1)} ${units[u]}`;
}

export const formatCount = (n: number) => n.toLocaleString('en-US');

/** The one-line summary: `law_52k.json: 52,000 records · layout original`. */
export function statsHeadline(t: Translate, name: string, s: DatasetStats): string {
  return t('{0}: {1} records · layout {2}', name, formatCount(s.records), s.layout ?? t('unknown'));
}

export function formatStats(t: Translate, name: string, s: DatasetStats): string {
  const misfitExamples = s.misfits.count ? ` (#${s.misfits.first.slice(0, 5).map(recordNumber).join(', #')}${s.misfits.count > 5 ? ', …' : ''})` : '';
  const lines = [
    `${statsHeadline(t, name, s)} · ${s.format === 'json' ? t('JSON array') : 'JSONL'} · ${formatBytes(s.bytes)}`,
    t('Exact duplicate records: {0}', formatCount(s.duplicates)),
    t('Records that do not fit the layout: {0}', formatCount(s.misfits.count)) + misfitExamples,
    t('Records that could not be read: {0}', formatCount(new Set(s.errors.map((e) => e.record).filter((r) => r !== undefined)).size)),
    '',
    t('Length in characters:'),
  ];
  const header = [t('field'), t('count'), t('blank'), 'min', 'p50', 'p90', 'p99', 'max', t('mean')];
  const rows = Object.entries(s.fields).map(([field, f]) => [
    field,
    ...[f.count, f.blank, f.min, f.p50, f.p90, f.p99, f.max].map(formatCount),
    f.mean.toFixed(1),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  for (const row of [header, ...rows]) {
    lines.push(row.map((cell, i) => (i === 0 ? cell.padEnd(widths[i]) : cell.padStart(widths[i]))).join('  '));
  }
  if (s.errors.length > 0) {
    lines.push('', t('Problems:'), ...s.errors.slice(0, LISTED_PROBLEMS).map(formatDatasetError));
    if (s.errors.length > LISTED_PROBLEMS) lines.push(t('…and {0} more.', formatCount(s.errors.length - LISTED_PROBLEMS)));
  }
  return lines.join('\n');
}
