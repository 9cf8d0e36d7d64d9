// A suggested flag's stored evidence (suggestions.ts SuggestionEvidence, as the scanner writes it)
// read back for display on the answer it is about: the findings' sentences, their spans checked
// against the answer's text and widened so no span boundary falls inside a surrogate pair (a
// highlight must never cut an emoji or a CJK Extension B character in two), and the training
// records matched. Evidence of any other shape (older scans, hand-written flags) is kept as its
// JSON text, to show as text. Evidence is read as untrusted data: nothing in it is assumed.
// Browser-safe.
import type { Severity, TrainingMatch } from './finding';

export interface EvidenceSpan {
  start: number;
  end: number;
}

export interface FlagEvidence {
  /** The detector and its version, when the evidence names them (`leakage@1`). */
  detector?: string;
  severity?: Severity;
  /** Each finding's sentence, in the language of the scan that wrote it. */
  messages: string[];
  /** Where to mark the answer: sorted, inside the text, never splitting a surrogate pair. */
  spans: EvidenceSpan[];
  /** The training records the answer copies (leakage), best first. */
  matches: TrainingMatch[];
  /** The evidence as JSON text when it is not a detector's findings. */
  raw?: string;
}

const isHigh = (c: number) => c >= 0xd800 && c <= 0xdbff;
const isLow = (c: number) => c >= 0xdc00 && c <= 0xdfff;

/** Whether `at` falls between the two halves of a surrogate pair of `text`. */
export function splitsPair(text: string, at: number): boolean {
  return at > 0 && at < text.length && isHigh(text.charCodeAt(at - 1)) && isLow(text.charCodeAt(at));
}

/** [start, end) clipped to the text and widened to whole code points; undefined when empty. */
export function wholeSpan(text: string, start: number, end: number): EvidenceSpan | undefined {
  let s = Math.max(0, Math.min(text.length, Math.floor(start)));
  let e = Math.max(0, Math.min(text.length, Math.ceil(end)));
  if (splitsPair(text, s)) s--;
  if (splitsPair(text, e)) e++;
  return e > s ? { start: s, end: e } : undefined;
}

const SEVERITIES: readonly string[] = ['low', 'medium', 'high'];
const isRecord = (x: unknown): x is Record<string, unknown> => typeof x === 'object' && x !== null && !Array.isArray(x);
const num = (x: unknown): x is number => typeof x === 'number' && Number.isFinite(x);

function readMatch(m: unknown): TrainingMatch | undefined {
  if (!isRecord(m) || !num(m.record)) return undefined;
  return { record: m.record, field: typeof m.field === 'string' ? m.field : '', longest: num(m.longest) ? m.longest : 0, excerpt: typeof m.excerpt === 'string' ? m.excerpt : '' };
}

/** The evidence of a flag on an answer whose text is `text`, ready to mark in it. */
export function readEvidence(evidence: unknown, text: string): FlagEvidence {
  if (!isRecord(evidence) || !Array.isArray(evidence.findings)) return { messages: [], spans: [], matches: [], raw: JSON.stringify(evidence) };
  const messages: string[] = [];
  const spans: EvidenceSpan[] = [];
  const matches: TrainingMatch[] = [];
  const seen = new Set<number>();
  for (const f of evidence.findings) {
    if (!isRecord(f)) continue;
    if (typeof f.message === 'string') messages.push(f.message);
    for (const s of Array.isArray(f.spans) ? f.spans : []) {
      if (!isRecord(s) || !num(s.start) || !num(s.end)) continue;
      const w = wholeSpan(text, s.start, s.end);
      if (w) spans.push(w);
    }
    for (const m of Array.isArray(f.matches) ? f.matches : []) {
      const match = readMatch(m);
      // A record found by two findings is shown once.
      if (match && !seen.has(match.record)) {
        seen.add(match.record);
        matches.push(match);
      }
    }
  }
  spans.sort((a, b) => a.start - b.start || a.end - b.end);
  const detector = typeof evidence.detector === 'string' ? (typeof evidence.version === 'string' ? `${evidence.detector}@${evidence.version}` : evidence.detector) : undefined;
  const severity = typeof evidence.severity === 'string' && SEVERITIES.includes(evidence.severity) ? (evidence.severity as Severity) : undefined;
  return { ...(detector ? { detector } : {}), ...(severity ? { severity } : {}), messages, spans, matches };
}
