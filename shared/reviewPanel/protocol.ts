// The review panel's message protocol, imported by the host (extension/features/reviewPanel) and
// by the webview (webview/reviewPanel), which import nothing of each other. Types only, from
// browser-safe core modules. The panel shows one item of the queue at a time: a candidate's
// answer to a question beside the baseline's answer to it. Every change is saved by the host at
// once and answered with the item as the store now holds it.
import type { FlagKind, FlagSource, FlagStatus, ParseStatus } from '../../extension/core/review/types';
import type { QueueMode } from '../../extension/core/review/queue';
import type { FlagEvidence } from '../../extension/core/quality/evidenceView';
import type { AnswerDiff, DiffMode } from '../../extension/core/diff/answerDiff';

export type { AnswerDiff, DiffMode, FlagEvidence, FlagKind, FlagSource, FlagStatus, QueueMode };

/** One item of the queue as the panel lists it (the texts come with getItem). */
export interface QueueEntry {
  /** The candidate's answer version. */
  answerId: number;
  questionKey: string;
  model: string;
  /** The candidate's answer has this reviewer's score. */
  reviewed: boolean;
  /** Why it is where it is in the queue, heaviest first, in the UI's language (queueReasonText). */
  reasons: string[];
}

/** Candidate answers of the set this reviewer has scored, of all of them. */
export interface Progress {
  reviewed: number;
  total: number;
}

export interface QueueData {
  mode: QueueMode;
  entries: QueueEntry[];
  progress: Progress;
  /** Where to start: the first unreviewed entry (0 when every entry is reviewed; -1 when there are none). */
  start: number;
}

/** One judgment of the pair in one order. */
export interface JudgeOrder {
  /** The baseline's answer was shown first (Assistant 1). */
  baselineFirst: boolean;
  parseStatus: ParseStatus;
  candidateScore?: number;
  baselineScore?: number;
  /** The judge's whole reply: untrusted text, shown as text. */
  reply: string;
  judgeModel: string;
}

/** This reviewer's current review of an answer. */
export interface OwnReview {
  score: number;
  note?: string;
}

export interface FlagState {
  kind: FlagKind;
  source: FlagSource;
  status: FlagStatus;
  note?: string;
  /** Who last set it: a reviewer's name, or the detector's signature (`leakage@1`). */
  who: string;
  /** A detector's evidence, read for the candidate's text (spans to mark, records matched). */
  evidence?: FlagEvidence;
}

/** Another reviewer's current review of one of the item's two answers (shown read-only). */
export interface OtherReview {
  reviewer: string;
  target: ScoreTarget;
  score: number;
  note?: string;
}

export interface AnswerSide {
  /** Undefined when this model has no answer to the question. */
  answerId?: number;
  model: string;
  /** Untrusted model output: the panel shows it as text, never as HTML. */
  text: string;
  review?: OwnReview;
  /** Other reviewers' current reviews of it. */
  others: number;
}

export interface ItemDetail {
  /** The candidate's answer version: the item's identity. */
  answerId: number;
  questionKey: string;
  /** Position of the question in the set, from 0. */
  ordinal: number;
  question: string;
  category: string;
  candidate: AnswerSide;
  baseline: AnswerSide;
  judgments: JudgeOrder[];
  /** Flags on the candidate's answer. */
  flags: FlagState[];
  /** Other reviewers' reviews of the two answers, by reviewer. */
  otherReviews: OtherReview[];
  /** Models with an answer to this question that the candidate's can be compared with, in the set's order. */
  comparable: string[];
  /** The one the inline diff opens on: the candidate's epoch partner (defaultPair.ts), else the baseline. */
  compareDefault?: string;
}

/** The candidate's answer against another model's answer to the same question. */
export interface InlineDiff {
  /** The candidate answer version it was made for. */
  answerId: number;
  /** The other model: its answer is the old side, the candidate's the new one. */
  model: string;
  diff: AnswerDiff;
}

export interface InitData {
  set: string;
  baseline: string;
  reviewer: string;
  queue: QueueData;
  /** The item at the queue's start, sent with it: the panel shows its first question without asking for it. */
  first?: ItemDetail;
  /** vscode.l10n.bundle: undefined in English. */
  l10n: Record<string, string> | undefined;
}

/** What the webview keeps with vscode.setState: after a window reload VS Code hands it back to reopen the panel. */
export interface PanelState {
  set: string;
  baseline: string;
}

export type ScoreTarget = 'candidate' | 'baseline';

/** The answer to every change: the item as the store now holds it. */
export interface ChangeResult {
  item: ItemDetail;
  progress: Progress;
  canUndo: boolean;
}

/** What undo took back: the item it changed (to show it), or nothing when there was nothing to undo. */
export interface UndoResult {
  item?: ItemDetail;
  progress: Progress;
  canUndo: boolean;
}

/** Requests from the webview to the host: name → [params, result]. */
export type Requests = {
  /** The webview is listening: the host answers with an `init` event (again on every reload of the webview). */
  ready: [Record<string, never>, void];
  /** The queue in another order or filter, built afresh from the store. */
  setMode: [{ mode: QueueMode }, QueueData];
  /** The item whose candidate answer version is `answerId`. */
  getItem: [{ answerId: number }, ItemDetail];
  /** Scores the item's candidate or baseline answer (1–10), keeping that review's note. */
  score: [{ answerId: number; target: ScoreTarget; score: number }, ChangeResult];
  /** Saves the note of the candidate's review (it needs a score first). */
  note: [{ answerId: number; note: string }, ChangeResult];
  /** Sets a human flag on the candidate's answer, or confirms / rejects a detector's suggestion. */
  flag: [{ answerId: number; kind: FlagKind; status: 'confirmed' | 'rejected' }, ChangeResult];
  /** Saves the note of the candidate's flag of `kind` (the flag must exist); an empty note clears it. */
  flagNote: [{ answerId: number; kind: FlagKind; note: string }, ChangeResult];
  /** The candidate's answer diffed against `model`'s answer to the same question, by words or characters. */
  compare: [{ answerId: number; model: string; mode: DiffMode }, InlineDiff];
  /** Takes back the last change this panel made. */
  undo: [Record<string, never>, UndoResult];
};

/** Events from the host to the webview. */
export type Events = {
  init: InitData;
};
