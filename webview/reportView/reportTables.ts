// The report's numbers as plain tables and sentences (no DOM, unit-tested in Node): the table is
// the screen reader's way to what the chart shows, and every figure the chart draws is in it. The
// number formats and sentences are the Markdown report's own (core/review/reportFormat.ts), so the
// view and the exported text say the same thing. Browser-safe.
import type { Translate } from '../../extension/core/l10n';
import { flagKindText } from '../../extension/core/review/flagText';
import { agreementSentences, comparisonSentence, detectorPrecisionCells, inShort, judgeSentences, num, pct, share } from '../../extension/core/review/reportFormat';
import { FLAG_KINDS } from '../../extension/core/review/types';
import type { Report } from '../../shared/reportView/protocol';

export interface Table {
  caption: string;
  headers: string[];
  /** Cells as text (model and category names are untrusted: shown as text, never as markup). */
  rows: string[][];
  /** Columns aligned right (numbers), kept on one line. */
  numeric: boolean[];
  /** Other columns kept on one line (intervals): a range split over lines reads as two numbers. */
  nowrap?: boolean[];
}

/** An interval in a column headed as one: the two ends only. */
const ci = (c: [number, number] | null, t: Translate) => (c ? t('{0} to {1}', pct(c[0]), pct(c[1])) : '—');

/** Per model: the three figures with their intervals and what they rest on. */
export function figuresTable(r: Report, t: Translate): Table {
  return {
    caption: t('Figures per model (% of the baseline {0})', r.baseline),
    headers: [t('Model'), t('Questions'), t('Judge'), t('Judge interval'), t('Human-adjusted'), t('Human-adjusted interval'), t('Reviewed questions'), t('Corrected'), t('Corrected interval')],
    numeric: [false, true, true, false, true, false, true, true, false],
    nowrap: [false, false, false, true, false, true, false, false, true],
    rows: r.models.map((m) => [m.model, String(m.questions), pct(m.judge_pct), ci(m.judge_ci, t), pct(m.human_adjusted_pct), ci(m.human_adjusted_ci, t), String(m.reviewed), pct(m.corrected_pct), ci(m.corrected_ci, t)]),
  };
}

/** Per model, the headline against the baseline in words ("better than the baseline, beyond noise" …). */
export function verdicts(r: Report, t: Translate): Array<{ model: string; text: string }> {
  return r.models.map((m) => ({ model: m.model, text: inShort(m, t) ?? t('No interval yet: too few judged questions.') }));
}

/** Per model and category (legal / general …): where forgetting shows. Undefined when the set has one category only. */
export function categoryTable(r: Report, t: Translate): Table | undefined {
  if (!r.models.some((m) => m.categories.length > 1)) return undefined;
  return {
    caption: t('Per category'),
    headers: [t('Model'), t('Category'), t('Questions'), t('Judge'), t('Judge interval'), t('Human-adjusted'), t('Human-adjusted interval'), t('Corrected'), t('Corrected interval'), t('Orders disagree')],
    numeric: [false, false, true, true, false, true, false, true, false, true],
    nowrap: [false, false, false, false, true, false, true, false, true, false],
    rows: r.models.flatMap((m) =>
      m.categories.map((c) => [m.model, c.category || t('(none)'), String(c.questions), pct(c.judge_pct), ci(c.judge_ci, t), pct(c.human_adjusted_pct), ci(c.human_adjusted_ci, t), pct(c.corrected_pct), ci(c.corrected_ci, t), share(c.order_disagreement)]),
    ),
  };
}

/** Each order alone and how often the two orders prefer different answers. */
export function positionBiasTable(r: Report, t: Translate): Table {
  return {
    caption: t('Position bias'),
    headers: [t('Model'), t('Baseline shown first'), t('Baseline shown second'), t('Orders disagree'), t('Judged in both orders')],
    numeric: [false, true, true, true, true],
    rows: r.models.map((m) => [m.model, pct(m.baseline_first_pct), pct(m.baseline_second_pct), share(m.order_disagreement), String(m.both_orders)]),
  };
}

/** Characters per answer, the baseline's last. */
export function lengthTable(r: Report, t: Translate): Table {
  const row = (name: string, l: Report['baseline_length']) => [name, String(l.answers), num(l.mean, 0), num(l.p90, 0), String(l.cut_off)];
  return {
    caption: t('Answer length (characters)'),
    headers: [t('Model'), t('Answers'), t('Mean'), 'p90', t('Cut off')],
    numeric: [false, true, true, true, true],
    rows: [...r.models.map((m) => row(m.model, m.length)), row(t('{0} (baseline)', r.baseline), r.baseline_length)],
  };
}

/** Flags by kind, confirmed by a human and suggested by a detector; kinds nobody flagged are left out. Undefined: no flags at all. */
export function flagsTable(r: Report, t: Translate): Table | undefined {
  const owners: Array<[string, Report['baseline_flags']]> = [...r.models.map((m): [string, Report['baseline_flags']] => [m.model, m.flags]), [t('{0} (baseline)', r.baseline), r.baseline_flags]];
  const rows = owners.flatMap(([name, flags]) =>
    FLAG_KINDS.filter((k) => flags[k].confirmed + flags[k].suggested > 0).map((k) => [name, flagKindText(k, t), String(flags[k].confirmed), String(flags[k].suggested)]),
  );
  if (rows.length === 0) return undefined;
  return { caption: t('Flags by kind'), headers: [t('Model'), t('Flag'), t('Confirmed'), t('Suggested')], numeric: [false, false, true, true], rows };
}

/** Per detector kind, what reviewers made of its suggestions and its precision as they see it. Undefined: no detector suggested anything. */
export function detectorsTable(r: Report, t: Translate): Table | undefined {
  if (r.detectors.length === 0) return undefined;
  return {
    caption: t('Detectors as the reviewers see them'),
    headers: [t('Detector'), t('Confirmed'), t('Rejected'), t('Undecided'), t('Precision')],
    numeric: [false, true, true, true, true],
    rows: r.detectors.map((d) => detectorPrecisionCells(d, t)),
  };
}

/** Between models: each pair's difference, said plainly ("within noise" or who is ahead). */
export function comparisonSentences(r: Report, t: Translate): string[] {
  return r.comparisons.length === 0 ? [t('Only one model: nothing to compare.')] : r.comparisons.map((c) => comparisonSentence(c, t));
}

export { agreementSentences, judgeSentences };
