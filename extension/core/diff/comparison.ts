// The comparison of two models' answers over one evaluation set: per question the inline diff
// and what changed (share of the text, length, repetition, judge and human score), and over the
// set which questions changed most. One definition for the CLI report, the VS Code diff editor's
// question list and the review panel's inline view.
// Browser-safe (the review panel may compute it from the snapshot it already holds).
import { indexSnapshot, ReviewInputError, type ReviewIndex } from '../review/scoring';
import { translate } from '../l10n';
import type { QuestionRecord, ReviewSnapshot } from '../review/types';
import { diffAnswers, type AnswerDiff, type DiffMode, type DiffOptions } from './answerDiff';
import { seqRep4 } from './repetition';

export interface PairStats {
  /** Characters removed + added over the characters of both answers (0: identical, 1: nothing shared). */
  shareChanged: number;
  lengthA: number;
  lengthB: number;
  /** lengthB − lengthA. */
  lengthChange: number;
  /** seq-rep-4 of each answer and B − A. */
  repetitionA: number;
  repetitionB: number;
  repetitionChange: number;
  /** The judge's score (1–10, mean over orders and opponents) of each answer, B − A; undefined when unjudged. */
  judgeA?: number;
  judgeB?: number;
  judgeChange?: number;
  /** The human score (mean over reviewers) of each answer, B − A; undefined when unreviewed. */
  humanA?: number;
  humanB?: number;
  humanChange?: number;
}

/** The stats that need only the two texts and their diff. */
export function textStats(a: string, b: string, diff: AnswerDiff): PairStats {
  let changed = 0;
  for (const s of diff.segments) if (s.kind !== 'same') changed += s.text.length;
  const total = a.length + b.length;
  const repetitionA = seqRep4(a);
  const repetitionB = seqRep4(b);
  return {
    shareChanged: total === 0 ? 0 : changed / total,
    lengthA: a.length,
    lengthB: b.length,
    lengthChange: b.length - a.length,
    repetitionA,
    repetitionB,
    repetitionChange: repetitionB - repetitionA,
  };
}

export interface QuestionComparison {
  question: QuestionRecord;
  /** Undefined where that model did not answer (the diff then treats the answer as empty). */
  answerA?: string;
  answerB?: string;
  diff: AnswerDiff;
  stats: PairStats;
}

export interface Comparison {
  set: string;
  a: string;
  b: string;
  mode: DiffMode;
  /** In the set's question order. */
  questions: QuestionComparison[];
  /** Question keys, the most changed first (share changed, then the larger length change). */
  mostChanged: string[];
  summary: {
    questions: number;
    /** Questions both models answered. */
    compared: number;
    identical: number;
    /** Questions whose diff fell back to a coarser level. */
    coarse: number;
    meanShareChanged: number;
    meanLengthChange: number;
    meanRepetitionChange: number;
    /** Means over the questions where both answers have a score. */
    meanJudgeChange?: number;
    meanHumanChange?: number;
  };
  /** Why there are no judge scores (no judgments, several baselines …), when there are none. */
  judgeNote?: string;
}

/** Judge scores per model and question index: a candidate's own score; the baseline's, averaged over its opponents. */
function judgeScores(index: ReviewIndex | undefined, model: string): Float64Array | undefined {
  if (!index) return undefined;
  const pair = index.pairs.find((p) => p.model === model);
  if (pair) return pair.cand;
  if (model !== index.baseline) return undefined;
  const n = index.questions.length;
  const out = new Float64Array(n).fill(NaN);
  for (let q = 0; q < n; q++) {
    let total = 0;
    let count = 0;
    for (const p of index.pairs) if (!Number.isNaN(p.base[q])) (total += p.base[q]), count++;
    if (count > 0) out[q] = total / count;
  }
  return out;
}

const present = (x: number | undefined) => (x === undefined || Number.isNaN(x) ? undefined : x);
const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((s, x) => s + x, 0) / xs.length);
const meanOrUndefined = (xs: Array<number | undefined>) => {
  const ok = xs.filter((x): x is number => x !== undefined);
  return ok.length === 0 ? undefined : mean(ok);
};

export function compareModels(snapshot: ReviewSnapshot, a: string, b: string, options: DiffOptions = {}): Comparison {
  const names = snapshot.models.map((m) => m.name);
  for (const m of [a, b]) {
    if (!names.includes(m)) throw new ReviewInputError(translate("No model '{0}' in set '{1}'; its models: {2}", m, snapshot.set, names.join(', ')));
  }
  // The judge's scores need the set's baseline; a set judged against several (or none) still compares its texts.
  let index: ReviewIndex | undefined;
  let judgeNote: string | undefined;
  try {
    index = indexSnapshot(snapshot);
  } catch (e) {
    if (!(e instanceof ReviewInputError)) throw e;
    judgeNote = e.message;
    index = indexSnapshot(snapshot, { baseline: a }); // for the human scores only: no judgment is against `a` … unless it is the baseline
  }
  const judgedA = judgeNote === undefined ? judgeScores(index, a) : undefined;
  const judgedB = judgeNote === undefined ? judgeScores(index, b) : undefined;
  const idsA = index.answersOf.get(a)!;
  const idsB = index.answersOf.get(b)!;
  const mode = options.mode ?? 'word';

  const questions = index.questions.map((question, q): QuestionComparison => {
    const answerA = idsA[q] >= 0 ? index.answers[idsA[q]].text : undefined;
    const answerB = idsB[q] >= 0 ? index.answers[idsB[q]].text : undefined;
    const diff = diffAnswers(answerA ?? '', answerB ?? '', options);
    const stats = textStats(answerA ?? '', answerB ?? '', diff);
    const judgeA = present(judgedA?.[q]);
    const judgeB = present(judgedB?.[q]);
    if (judgeA !== undefined) stats.judgeA = judgeA;
    if (judgeB !== undefined) stats.judgeB = judgeB;
    if (judgeA !== undefined && judgeB !== undefined) stats.judgeChange = judgeB - judgeA;
    const humanA = idsA[q] >= 0 ? present(index.humanScore[idsA[q]]) : undefined;
    const humanB = idsB[q] >= 0 ? present(index.humanScore[idsB[q]]) : undefined;
    if (humanA !== undefined) stats.humanA = humanA;
    if (humanB !== undefined) stats.humanB = humanB;
    if (humanA !== undefined && humanB !== undefined) stats.humanChange = humanB - humanA;
    return { question, answerA, answerB, diff, stats };
  });

  const compared = questions.filter((c) => c.answerA !== undefined && c.answerB !== undefined);
  const mostChanged = [...questions]
    .sort((x, y) => y.stats.shareChanged - x.stats.shareChanged || Math.abs(y.stats.lengthChange) - Math.abs(x.stats.lengthChange) || x.question.ordinal - y.question.ordinal)
    .map((c) => c.question.key);
  const comparison: Comparison = {
    set: snapshot.set,
    a,
    b,
    mode,
    questions,
    mostChanged,
    summary: {
      questions: questions.length,
      compared: compared.length,
      identical: compared.filter((c) => c.stats.shareChanged === 0).length,
      coarse: questions.filter((c) => c.diff.coarse).length,
      meanShareChanged: mean(compared.map((c) => c.stats.shareChanged)),
      meanLengthChange: mean(compared.map((c) => c.stats.lengthChange)),
      meanRepetitionChange: mean(compared.map((c) => c.stats.repetitionChange)),
    },
  };
  const judge = meanOrUndefined(compared.map((c) => c.stats.judgeChange));
  const human = meanOrUndefined(compared.map((c) => c.stats.humanChange));
  if (judge !== undefined) comparison.summary.meanJudgeChange = judge;
  if (human !== undefined) comparison.summary.meanHumanChange = human;
  if (judgeNote !== undefined) comparison.judgeNote = judgeNote;
  return comparison;
}
