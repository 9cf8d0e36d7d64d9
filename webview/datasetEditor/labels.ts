// Words for what the host names by id (roles, filters) and for counts. Each t() call keeps its
// literal message so the l10n completeness test finds it.
import { t } from '../shared/l10n';
import { filterLabel as coreFilterLabel } from '../../extension/core/dataset/document/filters';
import type { ColumnDef, DetailField, FilterId } from '../../shared/datasetEditor/protocol';

export function roleLabel(role: ColumnDef['role'] | DetailField['role']): string {
  switch (role) {
    case 'question':
      return t('question');
    case 'input':
      return t('input');
    case 'answer':
      return t('answer');
    case 'rejected':
      return t('rejected answer');
    case 'tool':
      return t('tool call or result');
    case 'text':
      return t('text');
    case 'system':
      return t('system prompt');
    case 'history':
      return t('history');
    case 'turns':
      return t('turns');
    case 'other':
    case undefined:
      return '';
  }
}

export function filterLabel(filter: FilterId): string {
  return coreFilterLabel(filter, t);
}

/** Numbers as the user's locale writes them (52,000). */
export const num = (n: number): string => n.toLocaleString();

/** "52,000 records" / "1 record". */
export function recordCount(n: number): string {
  return n === 1 ? t('1 record') : t('{0} records', num(n));
}

/** The search result: occurrences and the records holding them. */
export function matchCount(matches: number, records: number): string {
  if (matches === 1) return t('1 match in 1 record');
  return records === 1 ? t('{0} matches in 1 record', num(matches)) : t('{0} matches in {1} records', num(matches), num(records));
}
