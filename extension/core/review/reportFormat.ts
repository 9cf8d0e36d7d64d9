// The report as Markdown (for people: a lawyer should read the headline, its interval and whether a
// difference is noise without knowing statistics) and as CSV (one row per model and category, for
// spreadsheets). JSON is JSON.stringify(report). Every sentence of the Markdown goes through a
// Translate, so the extension can show it in Chinese. Browser-safe.

import type { Translate } from '../l10n';
import type { Agreement } from './agreement';
import { flagKindText } from './flagText';
import type { Comparison, DetectorPrecision, Figures, ModelReport, Report } from './report';
import { FLAG_KINDS } from './types';

// The number formats of every report text (Markdown here, the report view's tables): one each.
export const pct = (x: number | null) => (x === null ? '—' : `${x.toFixed(1)} %`);
export const num = (x: number | null, digits = 2) => (x === null ? '—' : x.toFixed(digits));
export const share = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(0)} %`);

export function interval(ci: [number, number] | null, t: Translate): string {
  return ci ? t('95 % interval {0} to {1}', pct(ci[0]), pct(ci[1])) : t('no interval');
}

/** Whether a model's interval lies above, below or across the baseline's 100 %. */
export function baselineVerdict(ci: [number, number], t: Translate): string {
  return ci[0] > 100 ? t('better than the baseline, beyond noise') : ci[1] < 100 ? t('worse than the baseline, beyond noise') : t('not distinguishable from the baseline on these questions (the interval contains 100 %)');
}

/** A comparison of two models said plainly: within noise, or which one is ahead. */
export function comparisonVerdict(c: Comparison, t: Translate): string {
  return c.within_noise === null ? t('cannot be compared')
    : c.within_noise ? t('within noise: on these questions the two cannot be told apart')
      : (c.difference ?? 0) > 0 ? t('{0} is ahead beyond noise', c.a) : t('{0} is ahead beyond noise', c.b);
}

/** A difference in percentage points with its sign, e.g. "+3.2". */
export function points(x: number | null): string {
  return x === null ? '—' : `${x >= 0 ? '+' : ''}${x.toFixed(1)}`;
}

/** The figure a reader should look at first: corrected when there is one, else the judge's. */
export function headline(m: Figures): { label: 'corrected' | 'judge'; pct: number | null; ci: [number, number] | null } {
  return m.corrected_pct !== null ? { label: 'corrected', pct: m.corrected_pct, ci: m.corrected_ci } : { label: 'judge', pct: m.judge_pct, ci: m.judge_ci };
}

export function formatReportMarkdown(report: Report, t: Translate): string {
  const lines: string[] = [];
  lines.push(`# ${t('Evaluation report: {0}', report.set)}`, '');
  lines.push(t('Every model is scored against the baseline {0}: 100 % means as good as the baseline.', `**${report.baseline}**`));
  lines.push(...judgeSentences(report, t), '');
  lines.push(`| ${t('Model')} | ${t('Questions')} | ${t('Headline')} | ${t('Judge')} | ${t('Human-adjusted')} | ${t('Reviewed questions')} |`, '| --- | ---: | --- | --- | ---: | ---: |');
  for (const m of report.models) {
    const h = headline(m);
    const label = h.label === 'corrected' ? t('corrected') : t('judge');
    lines.push(`| ${escapeCell(m.model)} | ${m.questions} | **${pct(h.pct)}** (${label}; ${interval(h.ci, t)}) | ${pct(m.judge_pct)} (${interval(m.judge_ci, t)}) | ${pct(m.human_adjusted_pct)} (${interval(m.human_adjusted_ci, t)}) | ${m.reviewed} |`);
  }
  lines.push('');
  for (const m of report.models) lines.push(...modelSection(m, report, t));
  lines.push(`## ${t('Between models')}`, '');
  if (report.comparisons.length === 0) lines.push(t('Only one model: nothing to compare.'), '');
  for (const c of report.comparisons) {
    lines.push(`- ${comparisonSentence(c, t)}`);
  }
  lines.push('');
  lines.push(`## ${t('Judge and humans')}`, '');
  lines.push(...agreementSentences(report.agreement, t).map((l) => `- ${l}`));
  lines.push('');
  if (report.detectors.length > 0) {
    lines.push(`## ${t('Detectors as the reviewers see them')}`, '');
    lines.push(t('Of the suggestions a reviewer decided on, the share confirmed: the precision of each detector on the answers reviewers looked at.'), '');
    lines.push(`| ${t('Detector')} | ${t('Confirmed')} | ${t('Rejected')} | ${t('Undecided')} | ${t('Precision')} |`, '| --- | ---: | ---: | ---: | ---: |');
    for (const d of report.detectors) lines.push(`| ${detectorPrecisionCells(d, t).join(' | ')} |`);
    lines.push('');
  }
  lines.push(`> ${t('The corrected figure assumes that the human-reviewed questions are a random sample of the judged ones; reviews chosen because the judge looked doubtful make it lean toward the hard cases.')}`);
  lines.push(`> ${t('Intervals: {0} bootstrap resamples of the questions (seed {1}); the corrected figure’s by the delta method.', report.bootstrap.resamples, report.bootstrap.seed)}`);
  if (report.bootstrap.method === 'normal limit of resampled sums') lines.push(`> ${t('This set is large: the resampled sums were drawn from their exact mean and covariance (the normal limit of the bootstrap).')}`);
  lines.push('');
  return lines.join('\n');
}

/** Who judged: the judge the figures count, and the other judges' judgments that are not counted. */
export function judgeSentences(report: Report, t: Translate): string[] {
  const j = report.judge;
  const lines = [t('Judge: {0} (prompt {1}); {2} judgments, {3} of them unreadable and not counted.', j.models.join(', ') || '—', j.prompt_versions.join(', ') || '—', j.judgments, j.unparsed)];
  for (const o of j.not_counted)
    lines.push(t('Also judged by {0} (prompt {1}): {2} judgments, not counted — the figures are one judge’s, the latest.', o.judge_model, o.prompt_version, o.judgments));
  return lines;
}

/** What the report says of judge and humans, and of reviewers among themselves, one sentence each. */
export function agreementSentences(a: Agreement, t: Translate): string[] {
  const lines: string[] = [];
  lines.push(t('Answers scored by both the judge and a human: {0}.', a.judge_human.answers));
  if (a.judge_human.answers > 0) {
    lines.push(t('Correlation of their scores: Pearson {0}, Spearman {1}; mean difference {2} points.', num(a.judge_human.pearson), num(a.judge_human.spearman), num(a.judge_human.mean_abs_diff, 1)));
    lines.push(t('They prefer the same answer in {0} of {1} pairs (kappa {2}).', share(a.judge_human.preference_agreement), a.judge_human.preference_items, num(a.judge_human.preference_kappa)));
  }
  const lb = a.length_bias;
  if (lb.slope_per_100_chars !== null) {
    const ci = lb.ci!;
    const biased = ci[0] > 0 ? t('the judge rewards length') : ci[1] < 0 ? t('the judge penalises length') : t('no clear length bias');
    lines.push(t('Length bias: per 100 characters, the judge’s score minus the human’s changes by {0} points (95 % interval {1} to {2}): {3}.', num(lb.slope_per_100_chars), num(ci[0]), num(ci[1]), biased));
  }
  const r = a.reviewers;
  for (const k of r.kappa) lines.push(t('Reviewers {0} and {1} agree on which answer is better with kappa {2} ({3} pairs).', k.a, k.b, num(k.kappa), k.items));
  if (r.alpha && r.reviewers.length > 2) lines.push(t('Agreement of all reviewers on scores: Krippendorff’s alpha (interval) {0} over {1} answers.', num(r.alpha.value), r.alpha.units));
  return lines;
}

/** The headline figure, what it rests on and how it stands against the baseline; undefined without an interval. */
export function inShort(m: Figures, t: Translate, emphasise: (figure: string) => string = (x) => x): string | undefined {
  const h = headline(m);
  if (!h.ci) return undefined;
  return t('In short: {0} ({1}), {2}.', emphasise(pct(h.pct)), h.label === 'corrected' ? t('corrected by human reviews') : t('judge only'), baselineVerdict(h.ci, t));
}

/** One comparison of two models, in a sentence: the difference, its interval and the verdict. */
export function comparisonSentence(c: Comparison, t: Translate): string {
  return t('{0} vs {1}: {2} points ({3}); {4}.', c.a, c.b, points(c.difference), c.ci ? t('95 % interval {0} to {1}', c.ci[0].toFixed(1), c.ci[1].toFixed(1)) : t('no interval'), comparisonVerdict(c, t));
}

function modelSection(m: ModelReport, report: Report, t: Translate): string[] {
  const lines = [`## ${escapeCell(m.model)}`, ''];
  const short = inShort(m, t, (x) => `**${x}**`);
  if (short) lines.push(short, '');
  lines.push(`- ${t('Judge’s figure: {0} of the baseline ({1}), over {2} questions.', `**${pct(m.judge_pct)}**`, interval(m.judge_ci, t), m.questions)}`);
  if (m.one_order > 0) lines.push(`- ${t('{0} of these questions were judged in one order only.', m.one_order)}`);
  if (m.corrected_pct !== null) lines.push(`- ${t('Corrected by {0} human-reviewed questions: {1} ({2}); humans alone: {3}.', m.reviewed, `**${pct(m.corrected_pct)}**`, interval(m.corrected_ci, t), pct(m.human_only_pct))}`);
  else lines.push(`- ${t('No corrected figure yet: it needs 5 questions with both answers reviewed, there are {0}.', m.reviewed)}`);
  lines.push(`- ${t('Human-adjusted (a human’s score where given, the judge’s elsewhere): {0} ({1}).', pct(m.human_adjusted_pct), interval(m.human_adjusted_ci, t))}`);
  lines.push(`- ${t('Position bias: {0} with the baseline shown first, {1} with it shown second; the two orders prefer different answers on {2} of {3} questions.', pct(m.baseline_first_pct), pct(m.baseline_second_pct), share(m.order_disagreement), m.both_orders)}`);
  lines.push(`- ${t('Answers: {0} characters on average (90 % are at most {1}); {2} of {3} end cut off (the baseline: {4} characters, {5} cut off).', num(m.length.mean, 0), num(m.length.p90, 0), m.length.cut_off, m.length.answers, num(report.baseline_length.mean, 0), report.baseline_length.cut_off)}`);
  const flags = FLAG_KINDS.filter((k) => m.flags[k].confirmed + m.flags[k].suggested > 0).map((k) => t('{0}: {1} confirmed, {2} suggested', flagKindText(k, t), m.flags[k].confirmed, m.flags[k].suggested));
  lines.push(`- ${t('Flags: {0}.', flags.length > 0 ? flags.join('; ') : t('none'))}`);
  if (m.categories.length > 1) {
    lines.push('', `| ${t('Category')} | ${t('Questions')} | ${t('Judge')} | ${t('Corrected')} | ${t('Human-adjusted')} | ${t('Orders disagree')} |`, '| --- | ---: | --- | --- | ---: | ---: |');
    for (const c of m.categories) {
      lines.push(`| ${escapeCell(c.category || t('(none)'))} | ${c.questions} | ${pct(c.judge_pct)} (${interval(c.judge_ci, t)}) | ${pct(c.corrected_pct)} (${interval(c.corrected_ci, t)}) | ${pct(c.human_adjusted_pct)} (${interval(c.human_adjusted_ci, t)}) | ${share(c.order_disagreement)} |`);
    }
  }
  lines.push('');
  return lines;
}

/** One detector's row, as the Markdown report and the report view show it: kind, confirmed, rejected, open, precision. */
export function detectorPrecisionCells(d: DetectorPrecision, t: Translate): string[] {
  return [flagKindText(d.kind, t), String(d.confirmed), String(d.rejected), String(d.open), share(d.precision)];
}

/** Model and category names inside a Markdown table cell: a pipe or a newline would break the row. */
export function escapeCell(s: string): string {
  return s.replace(/\|/g, '\\|').replace(/\r?\n/g, ' ');
}

/**
 * One row per model (scope `all`), per model and category (scope `category`), then one per
 * detector kind (scope `detector`, the kind in `detector_kind`, its counts in the detector_
 * columns, the model's columns empty).
 */
export function formatReportCsv(report: Report): string {
  const header = [
    'set', 'baseline', 'model', 'scope', 'category', 'questions', 'one_order', 'judge_pct', 'judge_ci_low', 'judge_ci_high',
    'baseline_first_pct', 'baseline_second_pct', 'order_disagreement', 'reviewed', 'human_adjusted_pct', 'human_adjusted_ci_low', 'human_adjusted_ci_high',
    'corrected_pct', 'corrected_ci_low', 'corrected_ci_high', 'human_only_pct', 'length_mean', 'length_p90', 'cut_off',
    ...FLAG_KINDS.flatMap((k) => [`flags_${k}_confirmed`, `flags_${k}_suggested`]),
    ...DETECTOR_COLUMNS,
  ];
  const noDetector = DETECTOR_COLUMNS.map(() => null);
  const row = (m: ModelReport, scope: 'all' | 'category', category: string, f: Figures) => [
    report.set, report.baseline, m.model, scope, category, f.questions, f.one_order, f.judge_pct, f.judge_ci?.[0] ?? null, f.judge_ci?.[1] ?? null,
    f.baseline_first_pct, f.baseline_second_pct, f.order_disagreement, f.reviewed, f.human_adjusted_pct, f.human_adjusted_ci?.[0] ?? null, f.human_adjusted_ci?.[1] ?? null,
    f.corrected_pct, f.corrected_ci?.[0] ?? null, f.corrected_ci?.[1] ?? null, f.human_only_pct, f.length.mean, f.length.p90, f.length.cut_off,
    ...FLAG_KINDS.flatMap((k) => [f.flags[k].confirmed, f.flags[k].suggested]),
    ...noDetector,
  ];
  const rows: Array<Array<string | number | null>> = [header];
  for (const m of report.models) {
    rows.push(row(m, 'all', '', m));
    for (const c of m.categories) rows.push(row(m, 'category', c.category, c));
  }
  const before = header.length - DETECTOR_COLUMNS.length;
  for (const d of report.detectors) {
    const cells: Array<string | number | null> = Array.from({ length: before }, () => null);
    cells[0] = report.set;
    cells[1] = report.baseline;
    cells[3] = 'detector';
    rows.push([...cells, d.kind, d.confirmed, d.rejected, d.open, d.precision]);
  }
  return rows.map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

const DETECTOR_COLUMNS = ['detector_kind', 'detector_confirmed', 'detector_rejected', 'detector_open', 'detector_precision'];

/** RFC 4180: a field with a comma, quote or line break is quoted, its quotes doubled; numbers to 4 decimals, null empty. */
export function csvField(value: string | number | null): string {
  if (value === null) return '';
  if (typeof value === 'number') return Number.isFinite(value) ? String(Math.round(value * 1e4) / 1e4) : '';
  return /[",\r\n]/.test(value) || value !== value.trim() ? `"${value.replace(/"/g, '""')}"` : value;
}
