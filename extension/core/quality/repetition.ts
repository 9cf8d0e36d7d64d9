// Repetition loops: a model that repeats itself. Measured on the normalised text with character
// n-grams: seq-rep-n (Welleck et al. 2019, the share of n-grams that repeat an earlier one), the
// share of the answer inside n-grams that occur minCount times or more, the longest span that
// repeats and how often, and sentences said again and again. The verdict uses the long n-grams'
// coverage and repeated sentences, not seq-rep of short n-grams: a numbered list repeating "可以"
// or an answer quoting "处三年以下有期徒刑" twice is no loop.
// Browser-safe.
import { translate } from '../l10n';
import { finding, span, type Finding, type Span } from './finding';
import { kgramHashes } from './fingerprint';
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

/** seq-rep-n: 1 − distinct n-grams / n-grams (0 for a text shorter than n); n-grams told apart by their 32-bit hashes. */
export function seqRep(text: string, n: number): number {
  const hashes = kgramHashes(text, n);
  if (hashes.length === 0) return 0;
  return 1 - new Set(hashes).size / hashes.length;
}

/**
 * The start positions of each n-gram that occurs at least minCount times, grouped, in order: the
 * n-grams' hashes with their positions sorted (one Float64 key each, no string per n-gram), equal
 * hashes checked to be equal text.
 */
function repeatedGrams(t: string, n: number, minCount: number): number[][] {
  const hashes = kgramHashes(t, n);
  const keys = new Float64Array(hashes.length);
  for (let i = 0; i < hashes.length; i++) keys[i] = hashes[i] * 2 ** 21 + i; // answers are far below 2^21 characters
  keys.sort();
  const groups: number[][] = [];
  for (let i = 0; i < keys.length; ) {
    const h = Math.floor(keys[i] / 2 ** 21);
    let j = i + 1;
    while (j < keys.length && Math.floor(keys[j] / 2 ** 21) === h) j++;
    if (j - i >= minCount) {
      const first = keys[i] - h * 2 ** 21;
      const gram = t.substr(first, n);
      const starts: number[] = [];
      for (let x = i; x < j; x++) {
        const p = keys[x] - h * 2 ** 21;
        if (t.substr(p, n) === gram) starts.push(p);
      }
      if (starts.length >= minCount) groups.push(starts);
    }
    i = j;
  }
  return groups;
}

export function analyzeRepetition(answer: string | NormalizedText, opts: RepetitionOptions): RepetitionAnalysis {
  const norm = typeof answer === 'string' ? normalizeText(answer) : answer;
  const t = norm.text;
  const n = opts.n;
  const covered = new Uint8Array(t.length);
  let best: { length: number; count: number; starts: number[] } = { length: 0, count: 0, starts: [] };
  for (const starts of repeatedGrams(t, n, opts.minCount)) {
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
    sentences: repeatedSentences(norm, opts),
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

function repeatedSentences(norm: NormalizedText, opts: RepetitionOptions): RepetitionAnalysis['sentences'] {
  const bySentence = new Map<string, Array<{ start: number; end: number }>>();
  // The normalised characters of each sentence are a run of the normalised text: found by the offsets, not normalised again.
  let k = 0;
  for (const m of norm.original.matchAll(SENTENCE)) {
    const end = m.index + m[0].length;
    while (k < norm.offsets.length && norm.offsets[k] < m.index) k++;
    const from = k;
    while (k < norm.offsets.length && norm.offsets[k] < end) k++;
    if (k - from < opts.minSentence) continue;
    const key = norm.text.slice(from, k);
    const list = bySentence.get(key) ?? [];
    list.push({ start: m.index, end });
    bySentence.set(key, list);
  }
  return Array.from(bySentence, ([text, spans]) => ({ text, count: spans.length, spans })).filter((s) => s.count >= opts.minCount);
}

export function detectRepetition(answer: string, opts: RepetitionOptions, norm: NormalizedText = normalizeText(answer)): Finding[] {
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
