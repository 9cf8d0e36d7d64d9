// The vocabulary of answer review, shared by the store (extension/store), the importers, the
// judge, the report and the queue. Plain data only: the report and the queue are pure functions
// of these records, so the CLI, the extension and the tests compute the same figures.
// Browser-safe (the review panel will render these types).

/** The kinds of flag a detector or a reviewer can set on an answer. */
export const FLAG_KINDS = ['leakage', 'repetition', 'truncation', 'runon', 'forgetting', 'citation', 'other'] as const;
export type FlagKind = (typeof FLAG_KINDS)[number];

/** Who set a flag, and what a human made of it. A detector's flag starts `suggested`. */
export type FlagSource = 'detector' | 'human';
export type FlagStatus = 'suggested' | 'confirmed' | 'rejected';

/** What the judge's reply yielded: two scores, or a reply that is stored but never counted. */
export type ParseStatus = 'ok' | 'unparsed';

/** The attributes a model name like `law_batch128_epoch6_penalty1.2_vicuna` carries (core/training/runName.ts). */
export interface ModelAttributes {
  dataset?: string;
  batchSize?: number;
  epoch?: number;
  penalty?: number;
  template?: string;
}

/** One question of an evaluation set. `key` is the importer's stable id (an `id` column, else a hash of the text). */
export interface QuestionRecord {
  key: string;
  text: string;
  category: string;
  reference?: string;
  /** Position in the set, from 0, in import order: the "by question order" of the queue. */
  ordinal: number;
}

/** The current version of one model's answer to one question. */
export interface AnswerRecord {
  /** Store id of this answer version: judgments, reviews and flags point at it. */
  answerId: number;
  questionKey: string;
  model: string;
  text: string;
  version: number;
}

/**
 * One judgment of a candidate's answer against the baseline's in one order. Scores are stored
 * per answer (not per position), so the two orders of one pair are directly comparable.
 */
export interface JudgmentRecord {
  questionKey: string;
  /** The candidate model (never the baseline). */
  model: string;
  baseline: string;
  candidateAnswerId: number;
  baselineAnswerId: number;
  /** True when the baseline's answer was shown as Assistant 1. */
  baselineFirst: boolean;
  parseStatus: ParseStatus;
  /** Present when parseStatus is 'ok'. */
  candidateScore?: number;
  baselineScore?: number;
  judgeModel: string;
  endpoint: string;
  promptVersion: string;
  reply: string;
  promptTokens: number;
  completionTokens: number;
  latencyMs: number;
}

/** A reviewer's latest score for one answer version (history lives in the store). */
export interface ReviewRecord {
  answerId: number;
  questionKey: string;
  model: string;
  reviewer: string;
  /** 1–10. */
  score: number;
  note?: string;
  /** ISO 8601. */
  at: string;
}

export interface FlagRecord {
  answerId: number;
  questionKey: string;
  model: string;
  kind: FlagKind;
  source: FlagSource;
  status: FlagStatus;
  /** Detector evidence (spans, matched record ids …) as JSON-able data. */
  evidence?: unknown;
  note?: string;
  /** Who last set it: a reviewer, or the detector's signature. */
  who?: string;
}

/** Everything the report and the queue need about one evaluation set: the store's loader fills it. */
export interface ReviewSnapshot {
  set: string;
  questions: QuestionRecord[];
  /** Every model with answers in the set, baseline included, with its parsed name. */
  models: Array<{ name: string; attributes: ModelAttributes }>;
  answers: AnswerRecord[];
  /** Judgments made on the answers' current versions. */
  judgments: JudgmentRecord[];
  /** Reviews of the answers' current versions, the latest per reviewer per answer. */
  reviews: ReviewRecord[];
  /** Flags on the answers' current versions. */
  flags: FlagRecord[];
}

/**
 * Where the judge keeps its results (the review store implements it). The judge asks before it
 * spends a request, so a re-run costs nothing, and saves each judgment as its reply arrives, so a
 * cancelled or crashed run keeps what it paid for. `cacheKey` covers (endpoint, judge model,
 * prompt version, question, both answers, order).
 */
export interface JudgmentStore {
  hasJudgment(cacheKey: string): boolean;
  saveJudgment(cacheKey: string, judgment: JudgmentRecord): void;
  /** OpenAI Batch API runs not yet collected, so `judge --batch` resumes after a restart. */
  pendingJudgeBatches(): JudgeBatchRecord[];
  saveJudgeBatch(batch: JudgeBatchRecord): void;
  /** Called once a batch's results are saved (or it failed for good). */
  finishJudgeBatch(batchId: string): void;
}

export interface JudgeBatchRecord {
  batchId: string;
  inputFileId: string;
  endpoint: string;
  judgeModel: string;
  /** The batch's request custom_ids mapped to what the judge needs to store each result (JSON-able). */
  tasks: unknown;
  /** ISO 8601. */
  createdAt: string;
}
