// The review queue: which answer should a human read next? Each item is a candidate's answer to a
// question (the panel shows it beside the baseline's, and the reviewer scores both). Unreviewed
// answers are ordered by how much a human score there is expected to move the report, and every
// item carries its reasons as machine codes with a weight, so the panel can say "why this one"
// (queueReasonText renders a reason through Translate).
//
// The weights are a judgement, stated here in one table (REASON_WEIGHT): a reversal between the
// two orders or a detector's suspicion says most about a wrong judge score; an unparsed reply
// means the judge's figure rests on one order or none; a score at the extremes or near the
// baseline's is where a human most often flips the verdict; a model (or a question) where humans
// already disagreed with the judge is likely to again.
//
// The PPI reason is different on purpose. PPI's interval is valid only for a RANDOM sample of
// reviewed questions (see ppi.ts), and every other reason picks non-randomly. So the PPI pick of
// each model is the first unreviewed question of a seeded random permutation (stable between
// rebuilds: the next pick is always the next one in the same permutation), weighted by how much
// one more random review narrows that model's corrected_ci — or heavily while the model has fewer
// than 5 reviewed questions and no corrected figure at all. Reviews chosen for the other reasons
// still enter the corrected figure and bias it toward the hard cases; the report says so.
// Browser-safe.

import { translate, type Translate } from '../l10n';
import { MIN_REVIEWED, ppiRatio } from './ppi';
import { seededRandom, DEFAULT_SEED } from './random';
import { indexSnapshot, ReviewInputError, type PairScores, type ReviewIndex } from './scoring';
import { preference } from './summary';
import { flagKindText } from './flagText';
import type { FlagKind, ReviewSnapshot } from './types';

export type QueueMode = 'doubt' | 'order' | 'unreviewed' | 'flagged' | 'disagreeing';
export const QUEUE_MODES: readonly QueueMode[] = ['doubt', 'order', 'unreviewed', 'flagged', 'disagreeing'];

export type QueueReasonCode =
  | 'orders_disagree'
  | 'flag_suggested'
  | 'flag_confirmed'
  | 'judge_unparsed'
  | 'one_order'
  | 'not_judged'
  | 'extreme_score'
  | 'near_baseline'
  | 'model_gap'
  | 'question_gap'
  | 'ppi_unlock'
  | 'ppi_sample'
  | 'baseline_unreviewed'
  | 'judge_human_disagree'
  | 'reviewed_by_others';

export interface QueueReason {
  code: QueueReasonCode;
  /** Its share of the item's priority. */
  weight: number;
  /** flag_*: the flag's kind. */
  kind?: FlagKind;
  /** extreme_score: the score; *_gap: the mean |judge − human|; ppi_sample: the expected narrowing of corrected_ci in points. */
  value?: number;
}

export interface QueueItem {
  answerId: number;
  questionKey: string;
  model: string;
  priority: number;
  /** Heaviest first. */
  reasons: QueueReason[];
  /** The candidate's answer already has a score (from `reviewer` when one is given, else from anyone). */
  reviewed: boolean;
}

export interface QueueOptions {
  baseline?: string;
  /** Only this candidate's answers. */
  model?: string;
  /** Whose queue: answers this reviewer scored count as reviewed (others' reviews lower an item's priority). */
  reviewer?: string;
  mode?: QueueMode;
  /** Seed of the PPI pick's random permutation. */
  seed?: number;
}

/** Base weights of the reasons (some scale with their value, see below). */
export const REASON_WEIGHT: Record<QueueReasonCode, number> = {
  orders_disagree: 3,
  flag_suggested: 2.5,
  flag_confirmed: 0.5,
  judge_unparsed: 2,
  one_order: 1,
  not_judged: 0.5,
  extreme_score: 1,
  near_baseline: 1.5,
  model_gap: 1,
  question_gap: 1,
  ppi_unlock: 10,
  ppi_sample: 1,
  baseline_unreviewed: 0.5,
  judge_human_disagree: 2,
  reviewed_by_others: 0,
};

/** A mean |judge − human| from this many points on counts as "the judge was off here". */
const GAP_POINTS = 1.5;
const MIN_GAP_ANSWERS = 3;

export function buildQueue(snapshot: ReviewSnapshot, options: QueueOptions = {}): QueueItem[] {
  const index = indexSnapshot(snapshot, { baseline: options.baseline });
  const mode = options.mode ?? 'doubt';
  if (!QUEUE_MODES.includes(mode)) throw new ReviewInputError(translate("Unknown queue mode '{0}'; one of {1}", mode, QUEUE_MODES.join(', ')));
  if (options.model !== undefined) {
    if (options.model === index.baseline) throw new ReviewInputError(translate("'{0}' is the baseline: its answers are reviewed beside each candidate's", options.model));
    if (!index.candidates.includes(options.model)) throw new ReviewInputError(translate("No model '{0}' in set '{1}'; its candidates: {2}", options.model, snapshot.set, index.candidates.join(', ') || translate('(none)')));
  }
  const reviewedBy = reviewedMask(index, options.reviewer);
  // PPI counts a human score from anyone: its picks skip what others reviewed too.
  const scored = reviewedBy.self.map((x, a) => x | reviewedBy.others[a]);
  const flags = flagsByAnswer(snapshot, index);
  const questionGap = questionGaps(index);
  const seed = options.seed ?? DEFAULT_SEED;
  const items: QueueItem[] = [];
  index.pairs.forEach((pair, p) => {
    if (options.model !== undefined && pair.model !== options.model) return;
    const modelGap = modelGapOf(pair);
    const ppi = ppiPicks(pair, p, scored, seed);
    for (let q = 0; q < pair.cand.length; q++) {
      const a = pair.candAnswer[q];
      if (a < 0) continue;
      const reasons: QueueReason[] = [];
      const add = (code: QueueReasonCode, extra: Partial<QueueReason> = {}, scale = 1) => reasons.push({ code, weight: REASON_WEIGHT[code] * scale, ...extra });
      judgeReasons(pair, q, add);
      for (const f of flags.get(a) ?? []) add(f.status === 'suggested' ? 'flag_suggested' : 'flag_confirmed', { kind: f.kind });
      if (modelGap !== null && modelGap >= GAP_POINTS) add('model_gap', { value: modelGap }, Math.min(2, modelGap / GAP_POINTS));
      const qg = questionGap[q];
      if (!Number.isNaN(qg) && qg >= GAP_POINTS) add('question_gap', { value: qg }, Math.min(2, qg / GAP_POINTS));
      const pick = ppi.get(q);
      if (pick) reasons.push(pick);
      const baseAnswer = pair.baseAnswer[q];
      if (baseAnswer >= 0 && !reviewedBy.self[baseAnswer]) add('baseline_unreviewed');
      const reviewed = reviewedBy.self[a] === 1;
      if (reviewed && !Number.isNaN(pair.cand[q]) && !Number.isNaN(pair.humanBase[q]) &&
          preference(pair.cand[q], pair.base[q]) !== preference(pair.humanCand[q], pair.humanBase[q])) add('judge_human_disagree');
      let priority = reasons.reduce((s, r) => s + r.weight, 0);
      if (!reviewed && reviewedBy.others[a]) {
        // Someone else's score already moved the figure; a second one mostly serves agreement.
        priority /= 2;
        add('reviewed_by_others');
      }
      reasons.sort((x, y) => y.weight - x.weight);
      items.push({ answerId: index.answers[a].answerId, questionKey: index.questions[q].key, model: pair.model, priority, reasons, reviewed });
    }
  });
  return select(items, mode, index);
}

/** Reasons that come from the judge's scores of this pair and question. */
function judgeReasons(pair: PairScores, q: number, add: (code: QueueReasonCode, extra?: Partial<QueueReason>) => void): void {
  const has1 = !Number.isNaN(pair.firstCand[q]);
  const has2 = !Number.isNaN(pair.secondCand[q]);
  if (pair.unparsed[q] > 0) add('judge_unparsed', { value: pair.unparsed[q] });
  if (!has1 && !has2) {
    add('not_judged');
    return;
  }
  if (has1 && has2 && preference(pair.firstCand[q], pair.firstBase[q]) !== preference(pair.secondCand[q], pair.secondBase[q])) add('orders_disagree');
  else if (!(has1 && has2)) add('one_order');
  const c = pair.cand[q];
  const b = pair.base[q];
  if (c <= 2 || c >= 9) add('extreme_score', { value: c });
  if (Math.abs(c - b) <= 0.5) add('near_baseline');
}

/** Per dense answer: scored by the queue's reviewer (or anyone, without one), and scored by someone else. */
function reviewedMask(index: ReviewIndex, reviewer: string | undefined): { self: Uint8Array; others: Uint8Array } {
  const count = index.answers.length;
  const self = new Uint8Array(count);
  const others = new Uint8Array(count);
  const me = reviewer === undefined ? -1 : index.reviewers.indexOf(reviewer);
  for (let a = 0; a < count; a++) {
    for (let k = index.reviewStart[a]; k < index.reviewStart[a + 1]; k++) {
      if (reviewer === undefined || index.reviewReviewer[k] === me) self[a] = 1;
      else others[a] = 1;
    }
  }
  return { self, others };
}

function flagsByAnswer(snapshot: ReviewSnapshot, index: ReviewIndex): Map<number, Array<{ kind: FlagKind; status: 'suggested' | 'confirmed' }>> {
  const out = new Map<number, Array<{ kind: FlagKind; status: 'suggested' | 'confirmed' }>>();
  for (const f of snapshot.flags) {
    if (f.status === 'rejected') continue;
    const a = index.answerIndex.get(f.answerId);
    if (a === undefined) continue;
    const list = out.get(a) ?? [];
    if (!list.some((x) => x.kind === f.kind && x.status === f.status)) list.push({ kind: f.kind, status: f.status });
    out.set(a, list);
  }
  return out;
}

/** Mean |judge − human| over the model's human-scored answers; null below MIN_GAP_ANSWERS. */
function modelGapOf(pair: PairScores): number | null {
  let total = 0, n = 0;
  for (let q = 0; q < pair.cand.length; q++) {
    if (Number.isNaN(pair.cand[q]) || Number.isNaN(pair.humanCand[q])) continue;
    total += Math.abs(pair.cand[q] - pair.humanCand[q]);
    n++;
  }
  return n >= MIN_GAP_ANSWERS ? total / n : null;
}

/** Per question: mean |judge − human| over its human-scored answers in every pair (NaN: none). */
function questionGaps(index: ReviewIndex): Float64Array {
  const n = index.questions.length;
  const total = new Float64Array(n);
  const count = new Uint32Array(n);
  for (const pair of index.pairs) {
    for (let q = 0; q < n; q++) {
      for (const [judge, human] of [[pair.cand[q], pair.humanCand[q]], [pair.base[q], pair.humanBase[q]]]) {
        if (Number.isNaN(judge) || Number.isNaN(human)) continue;
        total[q] += Math.abs(judge - human);
        count[q]++;
      }
    }
  }
  return total.map((t, q) => (count[q] > 0 ? t / count[q] : NaN));
}

/**
 * The PPI pick of one model: the first question of a seeded random permutation that still lacks a
 * review of either answer (PPI counts a question once both are scored). While the model has fewer
 * than MIN_REVIEWED such questions, the next picks up to that number unlock its corrected figure.
 */
function ppiPicks(pair: PairScores, p: number, reviewed: Uint8Array, seed: number): Map<number, QueueReason> {
  const n = pair.cand.length;
  const done = (q: number) => pair.candAnswer[q] >= 0 && pair.baseAnswer[q] >= 0 && reviewed[pair.candAnswer[q]] === 1 && reviewed[pair.baseAnswer[q]] === 1;
  const eligible = (q: number) => pair.candAnswer[q] >= 0 && !Number.isNaN(pair.cand[q]) && !done(q);
  const rng = seededRandom((seed ^ Math.imul(p + 1, 0x9e3779b1)) >>> 0);
  const order = Array.from({ length: n }, (_, q) => q);
  for (let i = n - 1; i > 0; i--) {
    const j = rng.index(i + 1);
    [order[i], order[j]] = [order[j], order[i]];
  }
  let reviewedCount = 0;
  for (let q = 0; q < n; q++) if (!Number.isNaN(pair.cand[q]) && done(q)) reviewedCount++;
  const picks = new Map<number, QueueReason>();
  const missing = MIN_REVIEWED - reviewedCount;
  if (missing > 0) {
    for (const q of order) {
      if (picks.size >= missing) break;
      if (eligible(q)) picks.set(q, { code: 'ppi_unlock', weight: REASON_WEIGHT.ppi_unlock });
    }
    return picks;
  }
  const corrected = ppiRatio({ judgeCand: pair.cand, judgeBase: pair.base, humanCand: pair.humanCand, humanBase: pair.humanBase });
  if (!corrected.ci) return picks;
  // One more random review shrinks the interval roughly by the factor √(n / (n + 1)).
  const width = corrected.ci[1] - corrected.ci[0];
  const narrowing = width * (1 - Math.sqrt(reviewedCount / (reviewedCount + 1)));
  const first = order.find(eligible);
  if (first !== undefined) picks.set(first, { code: 'ppi_sample', weight: REASON_WEIGHT.ppi_sample * (1 + Math.min(3, narrowing)), value: narrowing });
  return picks;
}

function select(items: QueueItem[], mode: QueueMode, index: ReviewIndex): QueueItem[] {
  const qOrder = new Map(index.questions.map((q, i) => [q.key, i]));
  const mOrder = new Map(index.candidates.map((m, i) => [m, i]));
  const byOrder = (a: QueueItem, b: QueueItem) => qOrder.get(a.questionKey)! - qOrder.get(b.questionKey)! || mOrder.get(a.model)! - mOrder.get(b.model)!;
  const byPriority = (a: QueueItem, b: QueueItem) => b.priority - a.priority || byOrder(a, b);
  const has = (item: QueueItem, codes: QueueReasonCode[]) => item.reasons.some((r) => codes.includes(r.code));
  switch (mode) {
    case 'doubt':
      return items.filter((i) => !i.reviewed).sort(byPriority);
    case 'order':
      return items.sort(byOrder);
    case 'unreviewed':
      return items.filter((i) => !i.reviewed).sort(byOrder);
    case 'flagged':
      return items.filter((i) => has(i, ['flag_suggested', 'flag_confirmed'])).sort((a, b) => Number(a.reviewed) - Number(b.reviewed) || byPriority(a, b));
    case 'disagreeing':
      return items.filter((i) => has(i, ['orders_disagree', 'judge_human_disagree'])).sort((a, b) => Number(a.reviewed) - Number(b.reviewed) || byPriority(a, b));
  }
}

/** "Why this one", in the reader's language. */
export function queueReasonText(reason: QueueReason, t: Translate): string {
  const value = (digits: number) => (reason.value ?? 0).toFixed(digits);
  switch (reason.code) {
    case 'orders_disagree': return t('the two orders disagree');
    case 'flag_suggested': return t('suspected: {0}', flagKindText(reason.kind ?? 'other', t));
    case 'flag_confirmed': return t('flagged: {0}', flagKindText(reason.kind ?? 'other', t));
    case 'judge_unparsed': return t('a judge reply could not be read');
    case 'one_order': return t('judged in one order only');
    case 'not_judged': return t('not judged yet');
    case 'extreme_score': return t('extreme judge score ({0})', value(1));
    case 'near_baseline': return t('judge score close to the baseline’s');
    case 'model_gap': return t('the judge was off by {0} points on this model’s reviewed answers', value(1));
    case 'question_gap': return t('the judge was off by {0} points on this question’s reviewed answers', value(1));
    case 'ppi_unlock': return t('random pick: 5 reviewed questions unlock the corrected figure');
    case 'ppi_sample': return t('random pick for the corrected figure (narrows its interval by about {0} points)', value(1));
    case 'baseline_unreviewed': return t('the baseline’s answer is not reviewed yet');
    case 'judge_human_disagree': return t('judge and human prefer different answers');
    case 'reviewed_by_others': return t('already reviewed by someone else');
  }
}
