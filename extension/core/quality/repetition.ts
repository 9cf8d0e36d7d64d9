// Repetition loops: a model that repeats itself. Measured on the normalised text with character
// n-grams: seq-rep-n (Welleck et al. 2019, the share of n-grams that repeat an earlier one), the
// share of the answer inside n-grams that occur minCount times or more, the longest span that
// repeats and how often, and sentences said again and again. The verdict uses the long n-grams'
// coverage and repeated sentences, not seq-rep of short n-grams: a numbered list repeating "可以"
// or an answer quoting "处三年以下有期徒刑" twice is no loop.
// Browser-safe.
import { translate } from '../l10n';
import { finding, span, type Finding, type Span } from './finding';
import { normalizeText, originalSpan, type NormalizedText } from './normalize';
import type { RepetitionOptions } from './options';

export interface RepetitionAnalysis {
  seqRep: number;
  /** Share of the normalised text inside n-grams occurring minCount times or more. */
  coverage: number;
  /** The longest repeating span (normalised characters) and its non-overlapping occurrences. */
  longest: { length: number; count: number; starts: number[] };
  /** Sentences (normalised) said at least minCount times, with their original spans. */
  sentences: Array<{ text: string; count: number; spans: Array<{ start: number; end: number }> }>;
}

/** seq-rep-n: 1 − distinct n-grams / n-grams (0 for a text shorter than n). */
export function seqRep(text: string, n: number): number {
  const total = text.length - n + 1;
  if (total <= 0) return 0;
  const seen = new Set<string>();
  for (let i = 0; i < total; i++) seen.add(text.substr(i, n));
  return 1 - seen.size / total;
}

export function analyzeRepetition(answer: string | NormalizedText, opts: RepetitionOptions): RepetitionAnalysis {
  const norm = typeof answer === 'string' ? normalizeText(answer) : answer;
  const t = norm.text;
  const n = opts.n;
  const positions = new Map<string, number[]>();
  for (let i = 0; i + n <= t.length; i++) {
    const g = t.substr(i, n);
    const list = positions.get(g);
    if (list) list.push(i);
    else positions.set(g, [i]);
  }
  const covered = new Uint8Array(t.length);
  let best: { length: number; count: number; starts: number[] } = { length: 0, count: 0, starts: [] };
  for (const starts of positions.values()) {
    const occ = nonOverlapping(starts, n);
    if (occ.length < opts.minCount) continue;
    for (const s of starts) covered.fill(1, s, s + n);
    const grown = growRepeat(t, occ);
    if (grown.length * grown.starts.length > best.length * best.count) best = { length: grown.length, count: grown.starts.length, starts: grown.starts };
  }
  let inside = 0;
  for (let i = 0; i < covered.length; i++) inside += covered[i];
  return {
    seqRep: seqRep(t, opts.seqRepN),
    coverage: t.length === 0 ? 0 : inside / t.length,
    longest: best,
    sentences: repeatedSentences(norm.original, opts),
  };
}

/** The occurrences of one n-gram that do not overlap the previous kept one. */
function nonOverlapping(starts: readonly number[], length: number): number[] {
  const out: number[] = [];
  for (const s of starts) if (out.length === 0 || s >= out[out.length - 1] + length) out.push(s);
  return out;
}

/**
 * Extends a repeated n-gram to the longest span that all its occurrences share, without one
 * running into the next, then rotates it to its leftmost form (a loop "ABCABC" has the units
 * "ABC" and "BCA"; the leftmost is the one the reader sees first).
 */
function growRepeat(t: string, starts: number[]): { length: number; starts: number[] } {
  let s = starts.slice();
  let length = 0;
  for (;;) {
    const at = s[0] + length;
    let ok = at < t.length;
    for (let i = 0; ok && i < s.length; i++) {
      const limit = i + 1 < s.length ? s[i + 1] - s[i] : t.length - s[i];
      ok = length < limit && t.charCodeAt(s[i] + length) === t.charCodeAt(at);
    }
    if (!ok) break;
    length++;
  }
  while (s[0] > 0 && s.every((x) => t.charCodeAt(x - 1) === t.charCodeAt(s[0] - 1))) s = s.map((x) => x - 1);
  return { length, starts: s };
}

const SENTENCE = /[^。！？!?；;\n]+[。！？!?；;]*/g;

function repeatedSentences(original: string, opts: RepetitionOptions): RepetitionAnalysis['sentences'] {
  const bySentence = new Map<string, Array<{ start: number; end: number }>>();
  for (const m of original.matchAll(SENTENCE)) {
    const key = normalizeText(m[0]).text;
    if (key.length < opts.minSentence) continue;
    const list = bySentence.get(key) ?? [];
    list.push({ start: m.index, end: m.index + m[0].length });
    bySentence.set(key, list);
  }
  return Array.from(bySentence, ([text, spans]) => ({ text, count: spans.length, spans })).filter((s) => s.count >= opts.minCount);
}

export function detectRepetition(answer: string, opts: RepetitionOptions): Finding[] {
  const norm = normalizeText(answer);
  const a = analyzeRepetition(norm, opts);
  const loop = a.coverage >= opts.minCoverage || a.sentences.length > 0;
  if (!loop) return [];
  // The repeating unit's occurrences when there is one, else the repeated sentences.
  const spans: Span[] =
    a.longest.count >= opts.minCount
      ? a.longest.starts.map((s) => originalSpan(norm, s, s + a.longest.length)).map((x) => span(answer, x.start, x.end))
      : a.sentences.flatMap((s) => s.spans.map((x) => span(answer, x.start, x.end)));
  spans.sort((x, y) => x.start - y.start);
  const unit = a.longest.length > 0 ? norm.text.substr(a.longest.starts[0], a.longest.length) : (a.sentences[0]?.text ?? '');
  const count = a.longest.length > 0 ? a.longest.count : (a.sentences[0]?.count ?? 0);
  const severity = a.coverage >= opts.highCoverage ? 'high' : 'medium';
  return [
    finding('repetition', 'repetition', severity, translate('repeats itself: "{0}" {1} times, {2}% of the answer inside repeats', clip(unit, 30), count, Math.round(a.coverage * 100)), spans, {
      metrics: { seqRep: Math.round(a.seqRep * 1000) / 1000, coverage: Math.round(a.coverage * 1000) / 1000, longest: a.longest.length, count, repeatedSentences: a.sentences.length },
    }),
  ];
}

function clip(s: string, n: number): string {
  return s.length > n ? s.slice(0, n) + '…' : s;
}
