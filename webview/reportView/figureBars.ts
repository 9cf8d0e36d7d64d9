// The chart's data, from the report alone (no chart.js, no DOM, unit-tested in Node): per model the
// judge's, the human-adjusted and the corrected figure, each a point with its 95 % interval as a
// floating bar [low, high]; the axis spans every interval and the baseline's 100 %.
import type { Translate } from '../../extension/core/l10n';
import type { Report } from '../../shared/reportView/protocol';

export type SeriesKey = 'judge' | 'human' | 'corrected';

export interface FigureSeries {
  key: SeriesKey;
  label: string;
  /** The figure of each model (% of the baseline); null: none (e.g. too few reviews to correct). */
  values: Array<number | null>;
  /**
   * The bar drawn for each model: the 95 % interval, or [v, v] for a figure without one (too few
   * judged questions to resample: a point only), null when there is no figure.
   */
  bars: Array<[number, number] | null>;
  /** Whether the model's bar is an interval (then the chart draws its whisker caps). */
  hasInterval: boolean[];
}

export interface FigureBars {
  models: string[];
  series: FigureSeries[];
  /** The x axis, in % of the baseline: a multiple of 10 each side, 100 always inside. */
  min: number;
  max: number;
}

export function figureBars(report: Report, t: Translate): FigureBars {
  const series = (key: SeriesKey, label: string, pick: (m: Report['models'][number]) => [number | null, [number, number] | null]): FigureSeries => {
    const picked = report.models.map(pick);
    return {
      key,
      label,
      values: picked.map(([v]) => v),
      bars: picked.map(([v, ci]) => (v === null ? null : ci ?? [v, v])),
      hasInterval: picked.map(([v, ci]) => v !== null && ci !== null),
    };
  };
  const all = [
    series('judge', t('Judge'), (m) => [m.judge_pct, m.judge_ci]),
    series('human', t('Human-adjusted'), (m) => [m.human_adjusted_pct, m.human_adjusted_ci]),
    series('corrected', t('Corrected'), (m) => [m.corrected_pct, m.corrected_ci]),
  ];
  const ends = all.flatMap((s) => s.bars.flatMap((b) => (b ? b : [])));
  return { models: report.models.map((m) => m.model), series: all, ...axisRange(ends) };
}

/** An axis over `xs` and 100, widened to multiples of 10 with at least 2 points of margin, never below 0. */
export function axisRange(xs: number[]): { min: number; max: number } {
  const finite = xs.filter(Number.isFinite);
  const lo = Math.min(100, ...finite);
  const hi = Math.max(100, ...finite);
  return { min: Math.max(0, Math.floor((lo - 2) / 10) * 10), max: Math.ceil((hi + 2) / 10) * 10 };
}

/**
 * A model's name as the chart's row label: lines of at most `width` characters, broken after the
 * `_`, `-` or `.` that separate a run name's parts (law_batch128_epoch6_penalty1.0_vicuna), else
 * mid-part. Chart.js gives the row labels at most a share of the chart's width and cuts a longer
 * one at the canvas edge: a narrow report view showed "atch128_epoch6_…".
 */
export function rowLabel(name: string, width = 20): string[] {
  const parts = name.match(/[^_.-]+[_.-]*|[_.-]+/g) ?? [name];
  const lines: string[] = [];
  let line = '';
  for (let part of parts) {
    while (part.length > width) {
      if (line) lines.push(line);
      line = '';
      lines.push(part.slice(0, width));
      part = part.slice(width);
    }
    if (line.length + part.length > width) {
      lines.push(line);
      line = '';
    }
    line += part;
  }
  if (line) lines.push(line);
  return lines.length > 0 ? lines : [name];
}
