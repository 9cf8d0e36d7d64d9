// Words for what the host names by id (roles, filters) and for counts. Each t() call keeps its
// literal message so the l10n completeness test finds it.
import { t } from '../shared/l10n';
import { filterLabel as coreFilterLabel } from '../../extension/core/dataset/document/filters';
import type { RegexProblem } from '../../extension/core/dataset/document/searchSpec';
import type { ColumnDef, DetailField, FilterId } from '../../shared/datasetEditor/protocol';

export function roleLabel(role: ColumnDef['role'] | DetailField['role'], tool?: DetailField['tool']): string {
  if (tool === 'call') return t('tool call');
  if (tool === 'result') return t('tool result');
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

/**
 * The search result with the selected record's place in it: "Result 3 of 13,848 · 17,148 matches"
 * (F3 steps through those records; "Result", as "Record 15" is the record's number in the file);
 * without a selection, the totals alone.
 */
export function searchResult(index: number, records: number, matches: number): string {
  if (index < 0 || index >= records) return matchCount(matches, records);
  const total = matches === 1 ? t('1 match') : t('{0} matches', num(matches));
  return t('Result {0} of {1} · {2}', num(index + 1), num(records), total);
}

/** An invalid regular expression in the UI's words, with the character at fault when known. */
export function regexProblemText(p: RegexProblem): string {
  let reason: string;
  switch (p.kind) {
    case 'unterminated-group':
      reason = t('a group is not closed');
      break;
    case 'unmatched-paren':
      reason = t('a ) closes no group');
      break;
    case 'nothing-to-repeat':
      reason = t('nothing before the quantifier to repeat');
      break;
    case 'unterminated-class':
      reason = t('a [ character class is not closed');
      break;
    case 'trailing-backslash':
      reason = t('a backslash at the end escapes nothing');
      break;
    case 'other':
      // The engine's own words, without its "Invalid regular expression: /…/gi: " prefix.
      reason = p.engine.replace(/^Invalid regular expression: \/.*\/[a-z]*: /s, '');
      break;
  }
  return p.index === undefined
    ? t('Invalid regular expression: {0}', reason)
    : t('Invalid regular expression: {0} (character {1})', reason, p.index + 1);
}
