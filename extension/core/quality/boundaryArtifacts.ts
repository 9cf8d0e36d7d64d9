// Record-boundary artifacts: raw JSON of a training file inside an answer, where a model
// over-fitted on the file glued two records together (`…义务\", \"你好！…`, `", "output": "`).
// Chinese prose quotes with “” and separates with "，": straight quotes around an ASCII comma or
// colon, a JSON key of a dataset layout, or escaped quotes are not prose.
// Browser-safe.
import { translate } from '../l10n';
import { finding, span, type Finding, type Span } from './finding';

const PATTERNS: Array<{ re: RegExp; strong: boolean }> = [
  // "key": with a key some dataset layout uses
  { re: /\\?"(?:instruction|input|output|question|answer|response|prompt|query|content|summary|value|from|role|conversations|messages|history|system|text|chosen|rejected)\\?"\s*:/g, strong: true },
  // ", " or ": " between straight (possibly escaped) quotes: the seam between two JSON strings
  { re: /\\?"\s*[,:]\s*\\?"/g, strong: true },
  // an object's edge: "} {" "}, {" or {" at the start of a value
  { re: /\\?"\s*\}\s*,?\s*\{?|\{\s*\\?"/g, strong: true },
  // escapes that only a JSON source has: \" \n \t \u4f60
  { re: /\\["ntr]|\\u[0-9a-fA-F]{4}/g, strong: false },
];

export function detectBoundaryArtifacts(answer: string): Finding[] {
  const hits: Array<{ start: number; end: number }> = [];
  let strong = false;
  for (const { re, strong: s } of PATTERNS) {
    re.lastIndex = 0;
    for (let m = re.exec(answer); m; m = re.exec(answer)) {
      hits.push({ start: m.index, end: m.index + m[0].length });
      strong ||= s;
    }
  }
  if (hits.length === 0) return [];
  // Overlapping and touching hits are one fragment (`", "output": "` is a seam and a key).
  hits.sort((a, b) => a.start - b.start);
  const merged: Array<{ start: number; end: number }> = [];
  for (const h of hits) {
    const last = merged[merged.length - 1];
    if (last && h.start <= last.end + 1) last.end = Math.max(last.end, h.end);
    else merged.push({ ...h });
  }
  const spans: Span[] = merged.map((h) => span(answer, h.start, h.end));
  return [
    finding('leakage', 'leakage', strong ? 'high' : 'medium', translate('contains raw training-file JSON ({0}): records glued together', spans.map((s) => JSON.stringify(s.text)).join(' ')), spans, {
      metrics: { artifacts: spans.length },
    }),
  ];
}
