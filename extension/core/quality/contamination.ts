// Train/eval contamination: an evaluation question that is in the training set, exactly or
// nearly (after normalisation), inflates the scores of every model trained on it. A finding on
// the question (kind 'contamination'), not on an answer: it concerns every model's answer to it.
// Looked up in the training index's question fingerprints (finer k and w than leakage's, since
// questions are short) and verified exactly.
// Browser-safe.
import { translate } from '../l10n';
import { finding, span, type Finding, type TrainingMatch } from './finding';
import { normalizeText, originalSpan } from './normalize';
import type { ContaminationOptions, LeakageOptions } from './options';
import { intervalsLength, mergedIntervals, sharedRuns } from './sharedSpans';
import type { TrainingIndex } from './trainingIndex';

export function detectContamination(question: string, index: TrainingIndex, opts: ContaminationOptions, limits: Pick<LeakageOptions, 'maxPostings' | 'maxCandidates' | 'maxMatches'>): Finding[] {
  const norm = normalizeText(question);
  if (norm.text.length < opts.k) return [];
  const found: Array<{ match: TrainingMatch; coverage: number; exact: boolean; iv: Array<[number, number]> }> = [];
  for (const c of index.questions.candidates(norm.text, limits.maxPostings, limits.maxCandidates)) {
    const text = index.normalized(c.text);
    const runs = sharedRuns(norm.text, text.text, c.hits, opts.k);
    const iv = mergedIntervals(runs, opts.k);
    const coverage = intervalsLength(iv) / norm.text.length;
    if (coverage < opts.minCoverage) continue;
    const exact = text.text === norm.text;
    found.push({ match: { record: index.textRecord[c.text], field: index.field(c.text), longest: runs[0].length, excerpt: text.original.slice(0, 200) }, coverage, exact, iv });
  }
  if (found.length === 0) return [];
  found.sort((x, y) => Number(y.exact) - Number(x.exact) || y.coverage - x.coverage || x.match.record - y.match.record);
  const best = found[0];
  const records = found.slice(0, limits.maxMatches).map((f) => `#${f.match.record}`).join(', ');
  const spans = best.iv.map(([s, e]) => originalSpan(norm, s, e)).map((s) => span(question, s.start, s.end));
  return [
    finding(
      'contamination',
      'contamination',
      best.exact ? 'high' : 'medium',
      best.exact
        ? translate('the question is in the training set: training record(s) {0}', records)
        : translate('the question is nearly in the training set ({0}% of it): training record(s) {1}', Math.round(best.coverage * 100), records),
      spans,
      { matches: found.slice(0, limits.maxMatches).map((f) => f.match), metrics: { coverage: Math.round(best.coverage * 1000) / 1000, exact: best.exact ? 1 : 0, records: found.length } },
    ),
  ];
}

/**
 * The training records an evaluation set overlaps, for the dataset editor's "overlaps the
 * evaluation set" filter: each record with the evaluation questions found in it (as
 * detectContamination finds them, up to maxCandidates records per question).
 */
export function recordsOverlappingQuestions(questions: readonly string[], index: TrainingIndex, opts: ContaminationOptions, limits: Pick<LeakageOptions, 'maxPostings' | 'maxCandidates'>): Map<number, number[]> {
  const out = new Map<number, number[]>();
  questions.forEach((q, i) => {
    for (const f of detectContamination(q, index, opts, { ...limits, maxMatches: limits.maxCandidates })) {
      for (const m of f.matches ?? []) {
        const list = out.get(m.record) ?? [];
        if (!list.includes(i)) list.push(i);
        out.set(m.record, list);
      }
    }
  });
  return out;
}
