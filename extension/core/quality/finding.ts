// What a detector reports: one finding with its evidence, the shape the CLI prints, the store
// keeps as a suggested flag's evidence and the review panel highlights.
// Browser-safe.
import type { FlagKind } from '../review/types';

/**
 * A finding's kind: a flag kind for what is wrong with an answer; `overlap` for a short verbatim
 * overlap with the training data that is listed but is not a leak (it is never a flag);
 * `contamination` for an evaluation question found in the training set (a finding on the
 * question, not on an answer, so it is never a flag either).
 */
export type FindingKind = FlagKind | 'overlap' | 'contamination';
export type Severity = 'low' | 'medium' | 'high';
export type DetectorName = 'leakage' | 'repetition' | 'endings' | 'contamination';

/** Bumped when a detector's output changes, so re-running replaces its own older suggestions. */
export const DETECTOR_VERSIONS: Record<DetectorName, string> = {
  leakage: '1',
  repetition: '1',
  endings: '1',
  contamination: '1',
};

/** A span of the text a finding is about, in UTF-16 offsets of the original text, with its text. */
export interface Span {
  start: number;
  end: number;
  text: string;
}

/** A training record the text copies (or nearly equals). */
export interface TrainingMatch {
  /** The record's position in the training file, from 0. */
  record: number;
  /** The JSON path of the text inside the record (`output`, `conversations[1].value`). */
  field: string;
  /** The longest span shared with this record, in normalised characters. */
  longest: number;
  /** The shared part as the record has it, with a little context. */
  excerpt: string;
}

export interface Finding {
  detector: DetectorName;
  version: string;
  kind: FindingKind;
  severity: Severity;
  /** One sentence for a reader, in the process's language. */
  message: string;
  /** What to highlight, in the answer (or in the question, for contamination). */
  spans: Span[];
  /** The training records, for leakage, overlap and contamination. */
  matches?: TrainingMatch[];
  /** The detector's numbers (longest span, covered share, seq-rep-n …), for thresholds and charts. */
  metrics?: Record<string, number>;
}

export function finding(detector: DetectorName, kind: FindingKind, severity: Severity, message: string, spans: Span[], extra: Pick<Finding, 'matches' | 'metrics'> = {}): Finding {
  return { detector, version: DETECTOR_VERSIONS[detector], kind, severity, message, spans, ...extra };
}

export function span(text: string, start: number, end: number): Span {
  return { start, end, text: text.slice(start, end) };
}
