// A scan's findings as text a person reads (the CLI prints it): each answer with its findings,
// their spans and the training records they match; then the contaminated questions; then the
// counts per kind.
// Browser-safe.
import type { Translate } from '../l10n';
import type { Finding, FindingKind } from './finding';
import type { ScanResult } from './scan';

const SPAN_CHARS = 60;

function clip(s: string, n = SPAN_CHARS): string {
  const flat = s.replace(/\s+/g, ' ');
  return flat.length > n ? flat.slice(0, n) + '…' : flat;
}

function formatFinding(f: Finding, t: Translate): string[] {
  const lines = [`  ${f.kind} (${t(f.severity)}, ${f.detector}@${f.version}): ${f.message}`];
  for (const s of f.spans.slice(0, 5)) lines.push(`    ${t('at {0}–{1}: {2}', s.start, s.end, JSON.stringify(clip(s.text)))}`);
  if (f.spans.length > 5) lines.push(`    ${t('… and {0} more span(s)', f.spans.length - 5)}`);
  for (const m of f.matches ?? []) lines.push(`    ${t('training record #{0} ({1}), {2} characters shared: {3}', m.record, m.field, m.longest, JSON.stringify(clip(m.excerpt, 80)))}`);
  return lines;
}

/** Counts of findings per kind over a scan. */
export function findingCounts(result: ScanResult): Partial<Record<FindingKind, number>> {
  const counts: Partial<Record<FindingKind, number>> = {};
  for (const f of [...result.answers.flatMap((a) => a.findings), ...result.questions.flatMap((q) => q.findings)]) counts[f.kind] = (counts[f.kind] ?? 0) + 1;
  return counts;
}

export function formatScan(result: ScanResult, t: Translate): string {
  const lines: string[] = [];
  for (const a of result.answers) {
    if (a.findings.length === 0) continue;
    lines.push(`${a.questionKey} ${a.model}`);
    for (const f of a.findings) lines.push(...formatFinding(f, t));
  }
  for (const q of result.questions) {
    lines.push(t('question {0}: {1}', q.questionKey, JSON.stringify(clip(q.question))));
    for (const f of q.findings) lines.push(...formatFinding(f, t));
  }
  const flagged = result.answers.filter((a) => a.findings.length > 0).length;
  const counts = Object.entries(findingCounts(result)).map(([k, n]) => `${k} ${n}`);
  lines.push(
    counts.length === 0
      ? t('no findings in {0} answer(s)', result.answers.length)
      : t('{0} of {1} answer(s) with findings; {2} question(s) in the training set; by kind: {3}', flagged, result.answers.length, result.questions.length, counts.join(t(', '))),
  );
  return lines.join('\n');
}
