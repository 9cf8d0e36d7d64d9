// One scan over a set of answers: each answer through every detector, each distinct question
// through the contamination check once. The CLI, the extension and the benchmark share it.
// Browser-safe.
import { detectBoundaryArtifacts } from './boundaryArtifacts';
import { detectContamination } from './contamination';
import { detectEndings } from './endings';
import type { Finding, FindingKind } from './finding';
import { detectCopies } from './leakage';
import { normalizeText } from './normalize';
import { qualityOptions, type QualityOptions } from './options';
import { detectRepetition } from './repetition';
import type { TrainingIndex } from './trainingIndex';

export interface ScanItem {
  questionKey: string;
  question: string;
  model: string;
  answer: string;
}

export interface ScannedAnswer {
  questionKey: string;
  model: string;
  findings: Finding[];
}

export interface ScanResult {
  answers: ScannedAnswer[];
  /** Contamination findings, per question key (only questions with one). */
  questions: Array<{ questionKey: string; question: string; findings: Finding[] }>;
}

/** The findings on one answer; leakage needs the training index. */
export function scanAnswer(answer: string, index: TrainingIndex | undefined, opts: QualityOptions = qualityOptions()): Finding[] {
  const norm = normalizeText(answer); // once for the detectors that work on it
  return [
    ...(index ? detectCopies(answer, index, opts.leakage, norm) : []),
    ...detectBoundaryArtifacts(answer),
    ...detectRepetition(answer, opts.repetition, norm),
    ...detectEndings(answer, opts.endings),
  ];
}

export function scan(items: readonly ScanItem[], index: TrainingIndex | undefined, opts: QualityOptions = qualityOptions(), signal?: AbortSignal): ScanResult {
  const answers: ScannedAnswer[] = [];
  const questions: ScanResult['questions'] = [];
  const seen = new Set<string>();
  for (const item of items) {
    if (signal?.aborted) break;
    answers.push({ questionKey: item.questionKey, model: item.model, findings: scanAnswer(item.answer, index, opts) });
    if (index && !seen.has(item.questionKey)) {
      seen.add(item.questionKey);
      const findings = detectContamination(item.question, index, opts.contamination, opts.leakage);
      if (findings.length > 0) questions.push({ questionKey: item.questionKey, question: item.question, findings });
    }
  }
  return { answers, questions };
}

/** Whether a finding counts for `--fail-on KIND`: overlaps never do (they are not leaks). */
export function failsOn(f: Finding, kinds: ReadonlySet<FindingKind>): boolean {
  return kinds.has(f.kind);
}
