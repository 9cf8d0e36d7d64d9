// The report of an evaluation set: per candidate model against the baseline, the judge's figure
// with its bootstrap interval, position bias, the human-adjusted and PPI-corrected figures, the
// answers' lengths, flags, the same per category, the paired comparisons between models, and the
// agreement of judge and humans. A pure function of a ReviewSnapshot: the CLI, the extension and
// the review panel (in its webview) compute the same report from the same data, and a given seed
// gives the same intervals. The JSON keys are a contract (issue 13): `set`, `baseline`, `judge`,
// `models[]` with `model`, `questions`, `judge_pct`, `judge_ci`, `baseline_first_pct`,
// `baseline_second_pct`, `order_disagreement`, `reviewed`, `human_adjusted_pct`, `human_adjusted_ci`, `corrected_pct`,
// `corrected_ci`, `length`, `categories`, `flags`, then `comparisons` and `agreement`.
// Browser-safe.

import { translate } from '../l10n';
import { agreement, type Agreement } from './agreement';
import { bootstrapSums, MIN_RESAMPLES, percentileInterval, type BootstrapMethod } from './bootstrap';
import { answerLengths, type AnswerLengths } from './lengthBias';
import { humanOnlyRatio, ppiRatio, type RatioEstimate } from './ppi';
import { DEFAULT_SEED } from './random';
import { countedJudgment, humanOrJudge, indexSnapshot, judgeFigures, ReviewInputError, type JudgeFigures, type PairScores, type ReviewIndex } from './scoring';
import { FLAG_KINDS, type FlagKind, type ModelAttributes, type ReviewSnapshot } from './types';

export interface ReportOptions {
  /** Default: see chooseBaseline (the judgments' baseline, else a model named like baseline/chatglm). */
  baseline?: string;
  /** Seed of the bootstrap (default DEFAULT_SEED: a report is reproducible). */
  seed?: number;
  /** Bootstrap resamples, at least MIN_RESAMPLES (2,000). */
  resamples?: number;
  judgeModel?: string;
  promptVersion?: string;
}

export type FlagCounts = Record<FlagKind, { confirmed: number; suggested: number }>;

/** The figures of one model over a set of questions (all of them, or one category). */
export interface Figures extends JudgeFigures {
  judge_ci: [number, number] | null;
  /**
   * The human-adjusted figure's interval, from the same resampled questions as judge_ci (a
   * question's human scores go with it): how far another sample of questions could move it.
   * Unlike corrected_ci it says nothing of the judge's error on the questions nobody reviewed.
   */
  human_adjusted_ci: [number, number] | null;
  corrected_pct: number | null;
  corrected_ci: [number, number] | null;
  /** Why corrected_pct is null (too few reviewed questions …). */
  corrected_reason?: string;
  /** PPI++'s power-tuning weights of the judge, per mean (0: human only, 1: full trust in the judge's spread). */
  corrected_lambda?: { candidate: number; baseline: number };
  /** The human scores alone over the reviewed questions, for comparison with corrected_pct. */
  human_only_pct: number | null;
  human_only_ci: [number, number] | null;
  length: AnswerLengths;
  flags: FlagCounts;
}

export interface CategoryReport extends Figures {
  category: string;
}

export interface ModelReport extends Figures {
  model: string;
  attributes: ModelAttributes;
  categories: CategoryReport[];
}

export interface Comparison {
  /** Figure of `a` minus figure of `b`, in percentage points of the baseline. */
  a: string;
  b: string;
  basis: 'judge_pct';
  difference: number | null;
  ci: [number, number] | null;
  /** The paired interval contains 0: the two models cannot be told apart on these questions. */
  within_noise: boolean | null;
}

/**
 * How reviewers received one kind of detector suggestion, over every answer of the set (the
 * baseline's too): a suggestion a reviewer confirmed, rejected, or has not decided yet.
 * `precision` is confirmed / (confirmed + rejected), null before any decision: the detector's
 * precision as the reviewers see it (issue 15), biased toward whatever reviewers chose to look at.
 */
export interface DetectorPrecision {
  kind: FlagKind;
  confirmed: number;
  rejected: number;
  open: number;
  precision: number | null;
}

/** The judge whose judgments the figures count (see figureJudge), and the others, not counted. */
export interface JudgeInfo {
  /** The judge model of the figures (one, or none before the set is judged). */
  models: string[];
  prompt_versions: string[];
  /** Endpoints without credentials, query or fragment. */
  endpoints: string[];
  /** The counted judgments, and their tokens. */
  judgments: number;
  parsed: number;
  unparsed: number;
  prompt_tokens: number;
  completion_tokens: number;
  /** Other judges' judgments of the same pairs: kept in the store, not in any figure. */
  not_counted: Array<{ judge_model: string; prompt_version: string; judgments: number }>;
}

export interface Report {
  set: string;
  baseline: string;
  bootstrap: { resamples: number; seed: number; interval: 'percentile'; method: BootstrapMethod };
  judge: JudgeInfo;
  models: ModelReport[];
  baseline_length: AnswerLengths;
  baseline_flags: FlagCounts;
  /** Per flag kind a detector suggested in this set (kinds without suggestions left out), in FLAG_KINDS order. */
  detectors: DetectorPrecision[];
  comparisons: Comparison[];
  agreement: Agreement;
  /** What corrected_pct assumes, said with the figure. */
  corrected_assumes: string;
}

export const CORRECTED_ASSUMES = 'the human-reviewed questions are a random sample of the judged questions';

export function buildReport(snapshot: ReviewSnapshot, options: ReportOptions = {}): Report {
  const resamples = options.resamples ?? MIN_RESAMPLES;
  if (!Number.isInteger(resamples) || resamples < MIN_RESAMPLES) throw new ReviewInputError(translate('resamples must be a whole number of at least {0}, not {1}', MIN_RESAMPLES, resamples));
  const seed = options.seed ?? DEFAULT_SEED;
  const index = indexSnapshot(snapshot, options);
  const { pairs, categories, categoryOf } = index;
  const n = index.questions.length;
  const G = categories.length;

  // One bootstrap pass for every interval, kept per category: per pair the columns (Σ candidate,
  // Σ baseline) of the judge's scores, then of the human-adjusted ones, over the judged questions.
  const width = 4 * pairs.length;
  const data = new Float64Array(n * width);
  pairs.forEach((p, k) => {
    for (let q = 0; q < n; q++) {
      if (Number.isNaN(p.cand[q])) continue;
      const o = q * width + 4 * k;
      data[o] = p.cand[q];
      data[o + 1] = p.base[q];
      data[o + 2] = humanOrJudge(p.humanCand[q], p.cand[q]);
      data[o + 3] = humanOrJudge(p.humanBase[q], p.base[q]);
    }
  });
  const boot = bootstrapSums({ data, width, groupOf: categoryOf, groups: G, resamples, seed });
  const sums = boot.sums;
  const JUDGE = 0;
  const HUMAN_ADJUSTED = 2;
  /** Per resample, the pair's judge (or human-adjusted) figure in % over all questions (category −1) or one category. */
  const resampled = (k: number, category: number, figure = JUDGE) => {
    const out = new Float64Array(resamples);
    for (let r = 0; r < resamples; r++) {
      let c = 0, b = 0;
      for (let g = 0; g < G; g++) {
        if (category >= 0 && g !== category) continue;
        const o = (r * G + g) * width + 4 * k + figure;
        c += sums[o];
        b += sums[o + 1];
      }
      out[r] = b > 0 ? (c / b) * 100 : NaN;
    }
    return out;
  };

  const all = pairs.map((_, k) => resampled(k, -1));
  const flagsOf = flagCounter(snapshot, index);
  const lengthsOf = (model: string, include: (q: number) => boolean) =>
    answerLengths(index.lengths.get(model) ?? new Float64Array(0), index.cutOff.get(model) ?? new Uint8Array(0), include);

  const figures = (pair: PairScores, k: number, category: number): Figures => {
    const include = category < 0 ? () => true : (q: number) => categoryOf[q] === category;
    const judge = judgeFigures(pair, include);
    const input = { judgeCand: pair.cand, judgeBase: pair.base, humanCand: pair.humanCand, humanBase: pair.humanBase };
    const corrected = ppiRatio(input, include);
    const human = humanOnlyRatio(input, include);
    return {
      ...judge,
      judge_ci: judge.judge_pct === null ? null : percentileInterval(category < 0 ? all[k] : resampled(k, category)),
      human_adjusted_ci: judge.human_adjusted_pct === null ? null : percentileInterval(resampled(k, category, HUMAN_ADJUSTED)),
      corrected_pct: corrected.pct,
      corrected_ci: corrected.ci,
      ...correctedExtras(corrected),
      human_only_pct: human.pct,
      human_only_ci: human.ci,
      length: lengthsOf(pair.model, include),
      flags: flagsOf(pair.model, include),
    };
  };

  const attributes = new Map(snapshot.models.map((m) => [m.name, m.attributes]));
  const models: ModelReport[] = pairs.map((pair, k) => ({
    model: pair.model,
    attributes: attributes.get(pair.model) ?? {},
    ...figures(pair, k, -1),
    categories: categories.map((category, g) => ({ category, ...figures(pair, k, g) })),
  }));

  const comparisons: Comparison[] = [];
  for (let a = 0; a < pairs.length; a++) {
    for (let b = a + 1; b < pairs.length; b++) {
      const pa = models[a].judge_pct;
      const pb = models[b].judge_pct;
      const diff = all[a].map((x, r) => x - all[b][r]);
      const ci = pa !== null && pb !== null ? percentileInterval(diff) : null;
      comparisons.push({ a: pairs[a].model, b: pairs[b].model, basis: 'judge_pct', difference: pa !== null && pb !== null ? pa - pb : null, ci, within_noise: ci ? ci[0] <= 0 && 0 <= ci[1] : null });
    }
  }

  return {
    set: snapshot.set,
    baseline: index.baseline,
    bootstrap: { resamples, seed, interval: 'percentile', method: boot.method },
    judge: judgeInfo(snapshot, index),
    models,
    baseline_length: lengthsOf(index.baseline, () => true),
    baseline_flags: flagsOf(index.baseline, () => true),
    detectors: detectorPrecision(snapshot),
    comparisons,
    agreement: agreement(index),
    corrected_assumes: CORRECTED_ASSUMES,
  };
}

function correctedExtras(r: RatioEstimate): Pick<Figures, 'corrected_reason' | 'corrected_lambda'> {
  if (r.pct === null) return { corrected_reason: r.reason };
  return r.lambda ? { corrected_lambda: r.lambda } : {};
}

/** Flags by kind for a model over a subset of questions; rejected flags are not counted. */
function flagCounter(snapshot: ReviewSnapshot, index: ReviewIndex) {
  return (model: string, include: (q: number) => boolean): FlagCounts => {
    const counts = Object.fromEntries(FLAG_KINDS.map((k) => [k, { confirmed: 0, suggested: 0 }])) as FlagCounts;
    for (const f of snapshot.flags) {
      if (f.model !== model || f.status === 'rejected') continue;
      const q = index.questionIndex.get(f.questionKey);
      if (q === undefined || !include(q) || !counts[f.kind]) continue;
      counts[f.kind][f.status]++;
    }
    return counts;
  };
}

/**
 * Detector suggestions by kind and what reviewers made of them. A flag keeps its source when a
 * reviewer confirms or rejects it (store/reviewWrites.ts), so source 'detector' is every
 * suggestion ever made on the current answers, whatever its status now.
 */
export function detectorPrecision(snapshot: ReviewSnapshot): DetectorPrecision[] {
  const counts = new Map<FlagKind, { confirmed: number; rejected: number; open: number }>();
  for (const f of snapshot.flags) {
    if (f.source !== 'detector') continue;
    const c = counts.get(f.kind) ?? { confirmed: 0, rejected: 0, open: 0 };
    if (f.status === 'suggested') c.open++;
    else c[f.status]++;
    counts.set(f.kind, c);
  }
  return FLAG_KINDS.filter((k) => counts.has(k)).map((kind) => {
    const c = counts.get(kind)!;
    const decided = c.confirmed + c.rejected;
    return { kind, ...c, precision: decided > 0 ? c.confirmed / decided : null };
  });
}

/** An endpoint as it may appear in a report: scheme, host and path only (no user:key@, no ?api-key=). */
export function publicEndpoint(endpoint: string): string {
  try {
    const u = new URL(endpoint);
    return `${u.protocol}//${u.host}${u.pathname}`;
  } catch {
    return endpoint.replace(/\/\/[^/@]*@/, '//').replace(/[?#].*$/s, '');
  }
}

function judgeInfo(snapshot: ReviewSnapshot, index: ReviewIndex): JudgeInfo {
  const candidates = new Set(index.candidates);
  const endpoints = new Set<string>();
  const others = new Map<string, JudgeInfo['not_counted'][number]>();
  let used = 0, parsed = 0, prompt = 0, completion = 0;
  for (const j of snapshot.judgments) {
    if (j.baseline !== index.baseline || !candidates.has(j.model)) continue;
    if (!countedJudgment(index, j)) {
      const key = JSON.stringify([j.judgeModel, j.promptVersion]);
      const other = others.get(key) ?? { judge_model: j.judgeModel, prompt_version: j.promptVersion, judgments: 0 };
      other.judgments++;
      others.set(key, other);
      continue;
    }
    used++;
    if (j.parseStatus === 'ok') parsed++;
    prompt += j.promptTokens;
    completion += j.completionTokens;
    endpoints.add(publicEndpoint(j.endpoint));
  }
  // A judge with no judgment of these pairs (one asked for by name) is named nowhere.
  const judge = used > 0 ? index.judge : undefined;
  return {
    models: judge ? [judge.judgeModel] : [],
    prompt_versions: judge ? [judge.promptVersion] : [],
    endpoints: [...endpoints].sort(),
    judgments: used,
    parsed,
    unparsed: used - parsed,
    prompt_tokens: prompt,
    completion_tokens: completion,
    not_counted: [...others.values()].sort((a, b) => a.judge_model.localeCompare(b.judge_model) || a.prompt_version.localeCompare(b.prompt_version)),
  };
}
