// Leakage: the training records an answer copies. The answer's k-grams are looked up in the
// training index, the texts sharing most of them are verified exactly (sharedSpans.ts), and the
// verdict follows the options: one copied span of minSpan characters, or spans of minCoverSpan
// covering minCoverage of the answer, is a leak; a shorter shared span is a low-severity overlap
// (a statute quoted, which the training data quotes too). Lengths are in normalised characters.
// Browser-safe.
import { translate } from '../l10n';
import { finding, span, type Finding, type TrainingMatch } from './finding';
import { normalizeText, originalSpan, type NormalizedText } from './normalize';
import type { LeakageOptions } from './options';
import { intervalsLength, mergedIntervals, sharedRuns, type SharedRun } from './sharedSpans';
import type { TrainingIndex } from './trainingIndex';

/** Characters of context shown around the shared part of a training record. */
const EXCERPT_CONTEXT = 20;

export interface CopyAnalysis {
  /** The longest span shared with one training text (normalised characters). */
  longest: number;
  /** Share of the answer's normalised characters inside shared spans of at least minCoverSpan. */
  coverage: number;
  /** The answer's shared parts (original offsets), from spans of at least minOverlap. */
  spans: Array<{ start: number; end: number }>;
  matches: TrainingMatch[];
}

/** The copies of training texts in `text` (see the top of this file). */
export function analyzeCopies(text: string | NormalizedText, index: TrainingIndex, opts: LeakageOptions): CopyAnalysis {
  const norm = typeof text === 'string' ? normalizeText(text) : text;
  const all: SharedRun[] = [];
  const matches: Array<TrainingMatch & { order: number }> = [];
  for (const c of index.copies.candidates(norm.text, opts.maxPostings, opts.maxCandidates)) {
    const record = index.normalized(c.text);
    const runs = sharedRuns(norm.text, record.text, c.hits, index.copies.k).filter((r) => r.length >= opts.minOverlap);
    if (runs.length === 0) continue;
    all.push(...runs);
    const best = runs[0];
    const at = originalSpan(record, best.p, best.p + best.length);
    const from = Math.max(0, at.start - EXCERPT_CONTEXT);
    const to = Math.min(record.original.length, at.end + EXCERPT_CONTEXT);
    matches.push({
      record: index.textRecord[c.text],
      field: index.field(c.text),
      longest: best.length,
      excerpt: (from > 0 ? '…' : '') + record.original.slice(from, to) + (to < record.original.length ? '…' : ''),
      order: c.text,
    });
  }
  matches.sort((x, y) => y.longest - x.longest || x.order - y.order);
  const longest = matches.length > 0 ? matches[0].longest : 0;
  const covered = intervalsLength(mergedIntervals(all, opts.minCoverSpan));
  const spans = mergedIntervals(all, opts.minOverlap).map(([s, e]) => originalSpan(norm, s, e));
  return {
    longest,
    coverage: norm.text.length === 0 ? 0 : covered / norm.text.length,
    spans,
    matches: matches.slice(0, opts.maxMatches).map(({ order: _, ...m }) => m),
  };
}

/** The leakage (or overlap) finding of an answer, if any. */
export function detectCopies(answer: string, index: TrainingIndex, opts: LeakageOptions, norm: NormalizedText = normalizeText(answer)): Finding[] {
  const a = analyzeCopies(norm, index, opts);
  if (a.matches.length === 0) return [];
  const spans = a.spans.map((s) => span(answer, s.start, s.end));
  const metrics = { longest: a.longest, coverage: round(a.coverage) };
  const leak = a.longest >= opts.minSpan || a.coverage >= opts.minCoverage;
  const records = a.matches.map((m) => `#${m.record}`).join(', ');
  if (!leak) {
    return [finding('leakage', 'overlap', 'low', translate('shares {0} characters with training record(s) {1}: a short overlap, not a leak', a.longest, records), spans, { matches: a.matches, metrics })];
  }
  const severity = a.longest >= 2 * opts.minSpan || a.coverage >= 0.8 ? 'high' : 'medium';
  return [
    finding('leakage', 'leakage', severity, translate('copies training record(s) {0}: longest copied span {1} characters, {2}% of the answer copied', records, a.longest, Math.round(a.coverage * 100)), spans, {
      matches: a.matches,
      metrics,
    }),
  ];
}

function round(x: number): number {
  return Math.round(x * 1000) / 1000;
}
