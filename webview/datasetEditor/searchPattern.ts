// Where the search matches inside one text, for the <mark> highlights of the table and the detail
// pane. The host counts matches with the same RegExp (core searchRegExp) and also skips empty
// matches, so the highlights agree with its count.
import { searchRegExp } from '../../extension/core/dataset/document/searchSpec';
import type { SearchSpec } from '../../shared/datasetEditor/protocol';

/** The search as a global RegExp; undefined when there is no query or the regex is invalid. */
export function searchPattern(spec: SearchSpec | undefined): RegExp | undefined {
  if (!spec || spec.query === '') return undefined;
  try {
    return searchRegExp(spec);
  } catch {
    return undefined; // the host reports the error as ViewInfo.searchError
  }
}

export interface Segment {
  text: string;
  match: boolean;
}

/**
 * Splits a text into runs of plain text and matches. Past `maxMatches` the rest stays plain, so a
 * pattern like `.` on a long answer cannot produce tens of thousands of elements.
 */
export function splitMatches(text: string, pattern: RegExp | undefined, maxMatches = 2000): Segment[] {
  if (text === '') return [];
  if (!pattern) return [{ text, match: false }];
  const re = new RegExp(pattern.source, pattern.flags.includes('g') ? pattern.flags : pattern.flags + 'g');
  const out: Segment[] = [];
  let plainFrom = 0;
  let found = 0;
  for (let m = re.exec(text); m && found < maxMatches; m = re.exec(text)) {
    if (m[0].length === 0) {
      re.lastIndex++; // an empty match would never move on, and has nothing to mark
      continue;
    }
    if (m.index > plainFrom) out.push({ text: text.slice(plainFrom, m.index), match: false });
    out.push({ text: m[0], match: true });
    plainFrom = m.index + m[0].length;
    found++;
  }
  if (plainFrom < text.length) out.push({ text: text.slice(plainFrom), match: false });
  return out;
}
