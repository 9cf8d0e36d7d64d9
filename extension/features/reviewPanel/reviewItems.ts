// What the review panel shows, read off one snapshot of the set: an item (a candidate's answer
// beside the baseline's, with the judge's two orders, this reviewer's scores and the flags), the
// reviewer's progress and the queue with its reasons in words. No 'vscode' here: the messages
// come through a Translate, so this is the same for any caller.
import type { Translate } from '../../core/l10n';
import { buildQueue, queueReasonText, type QueueMode } from '../../core/review/queue';
import type { AnswerRecord, FlagRecord, JudgmentRecord, QuestionRecord, ReviewRecord, ReviewSnapshot } from '../../core/review/types';
import { readEvidence } from '../../core/quality/evidenceView';
import { diffAnswers, type DiffMode } from '../../core/diff/answerDiff';
import { epochPartner } from '../../core/diff/defaultPair';
import type { AnswerSide, InlineDiff, ItemDetail, OtherReview, Progress, QueueData, ScoreTarget } from '../../../shared/reviewPanel/protocol';

const pairKey = (questionKey: string, model: string) => `${questionKey}\u0000${model}`;

function group<T>(items: readonly T[], key: (item: T) => number): Map<number, T[]> {
  const out = new Map<number, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = out.get(k);
    if (list) list.push(item);
    else out.set(k, [item]);
  }
  return out;
}

export class SetView {
  private readonly byId = new Map<number, AnswerRecord>();
  private readonly byPair = new Map<string, AnswerRecord>();
  private readonly questions: Map<string, QuestionRecord>;
  private readonly reviews: Map<number, ReviewRecord[]>;
  private readonly flags: Map<number, FlagRecord[]>;
  private readonly judgments: Map<number, JudgmentRecord[]>;

  constructor(
    readonly snapshot: ReviewSnapshot,
    readonly baseline: string,
    readonly reviewer: string,
  ) {
    for (const a of snapshot.answers) {
      this.byId.set(a.answerId, a);
      this.byPair.set(pairKey(a.questionKey, a.model), a);
    }
    this.questions = new Map(snapshot.questions.map((q) => [q.key, q]));
    this.reviews = group(snapshot.reviews, (r) => r.answerId);
    this.flags = group(snapshot.flags, (f) => f.answerId);
    this.judgments = group(snapshot.judgments, (j) => j.candidateAnswerId);
  }

  private known(answerId: number): AnswerRecord {
    const answer = this.byId.get(answerId);
    if (!answer) throw new Error(`answer ${answerId} is not a current answer of set "${this.snapshot.set}" (it may have been imported again)`);
    return answer;
  }

  /** The candidate answer version `answerId` with everything the panel shows of it. */
  item(answerId: number): ItemDetail {
    const answer = this.known(answerId);
    if (answer.model === this.baseline) throw new Error(`answer ${answerId} is the baseline's; the panel reviews it beside a candidate's`);
    const question = this.questions.get(answer.questionKey)!;
    const base = this.byPair.get(pairKey(answer.questionKey, this.baseline));
    const comparable = this.snapshot.models.map((m) => m.name).filter((m) => m !== answer.model && this.byPair.has(pairKey(answer.questionKey, m)));
    const partner = epochPartner(answer.model, this.snapshot.models, this.baseline);
    const compareDefault = comparable.includes(partner) ? partner : comparable[0];
    return {
      answerId,
      questionKey: question.key,
      ordinal: question.ordinal,
      question: question.text,
      category: question.category,
      candidate: this.side(answer, answer.model),
      baseline: this.side(base, this.baseline),
      judgments: (this.judgments.get(answerId) ?? [])
        .filter((j) => base !== undefined && j.baselineAnswerId === base.answerId)
        .map((j) => ({
          baselineFirst: j.baselineFirst,
          parseStatus: j.parseStatus,
          candidateScore: j.candidateScore,
          baselineScore: j.baselineScore,
          reply: j.reply,
          judgeModel: j.judgeModel,
        })),
      flags: (this.flags.get(answerId) ?? []).map((f) => ({
        kind: f.kind,
        source: f.source,
        status: f.status,
        ...(f.note === undefined ? {} : { note: f.note }),
        who: f.who ?? '',
        ...(f.evidence === undefined ? {} : { evidence: readEvidence(f.evidence, answer.text) }),
      })),
      otherReviews: [...this.othersOn(answer, 'candidate'), ...this.othersOn(base, 'baseline')].sort((a, b) => (a.reviewer < b.reviewer ? -1 : a.reviewer > b.reviewer ? 1 : 0)),
      comparable,
      ...(compareDefault === undefined ? {} : { compareDefault }),
    };
  }

  /** Other reviewers' current reviews of `answer`. */
  private othersOn(answer: AnswerRecord | undefined, target: ScoreTarget): OtherReview[] {
    if (!answer) return [];
    return (this.reviews.get(answer.answerId) ?? [])
      .filter((r) => r.reviewer !== this.reviewer)
      .map((r) => ({ reviewer: r.reviewer, target, score: r.score, ...(r.note === undefined ? {} : { note: r.note }) }));
  }

  /** The candidate answer `answerId` diffed against `model`'s answer to its question (the old side). */
  diff(answerId: number, model: string, mode: DiffMode): InlineDiff {
    const answer = this.known(answerId);
    const other = this.byPair.get(pairKey(answer.questionKey, model));
    if (!other || other.answerId === answerId) throw new Error(`model "${model}" has no other answer to question "${answer.questionKey}"`);
    return { answerId, model, diff: diffAnswers(other.text, answer.text, { mode }) };
  }

  private side(answer: AnswerRecord | undefined, model: string): AnswerSide {
    const reviews = answer ? (this.reviews.get(answer.answerId) ?? []) : [];
    const own = reviews.find((r) => r.reviewer === this.reviewer);
    return {
      answerId: answer?.answerId,
      model,
      text: answer?.text ?? '',
      review: own && { score: own.score, ...(own.note === undefined ? {} : { note: own.note }) },
      others: reviews.filter((r) => r.reviewer !== this.reviewer).length,
    };
  }

  /** The baseline's answer version to the question of candidate answer `answerId`. */
  baselineAnswer(answerId: number): AnswerRecord | undefined {
    const answer = this.byId.get(answerId);
    return answer && this.byPair.get(pairKey(answer.questionKey, this.baseline));
  }

  answer(answerId: number): AnswerRecord | undefined {
    return this.byId.get(answerId);
  }

  /** Candidate answers this reviewer has scored, of all candidate answers of the set. */
  progress(): Progress {
    let total = 0;
    let reviewed = 0;
    for (const a of this.snapshot.answers) {
      if (a.model === this.baseline) continue;
      total++;
      if ((this.reviews.get(a.answerId) ?? []).some((r) => r.reviewer === this.reviewer)) reviewed++;
    }
    return { reviewed, total };
  }

  /** The queue in `mode` for this reviewer, starting at its first unreviewed entry. */
  queue(mode: QueueMode, t: Translate): QueueData {
    const items = buildQueue(this.snapshot, { baseline: this.baseline, reviewer: this.reviewer, mode });
    const entries = items.map((i) => ({ answerId: i.answerId, questionKey: i.questionKey, model: i.model, reviewed: i.reviewed, reasons: i.reasons.map((r) => queueReasonText(r, t)) }));
    const firstOpen = entries.findIndex((e) => !e.reviewed);
    return { mode, entries, progress: this.progress(), start: entries.length === 0 ? -1 : Math.max(0, firstOpen) };
  }
}
