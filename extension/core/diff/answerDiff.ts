// The inline diff of two answers, as segments a view can render in place: by words, the tokens
// of an Intl.Segmenter('zh', {granularity: 'word'}) (so Chinese is compared by dictionary words
// like 出借人 / 应当, not character by character), or by characters (jsdiff's diffChars).
// The word level runs jsdiff's diffArrays over the segmenter's tokens rather than diffWords with
// `intlSegmenter`: diffWords ignores whitespace when it compares (a line break added or removed
// vanishes from its result), so its segments do not rebuild both answers exactly, and a poem's
// or a run-on answer's line breaks are part of what changed. Whitespace is a token here.
// Sentences are matched first and only the changed stretches are diffed finely (see diffAnswers).
// jsdiff's
// maxEditLength and timeout bound the work: two unrelated long answers fall back to a coarser
// level (words, then sentences, then the whole text) and the result says so, so no caller hangs
// and no view pretends a coarse diff is a fine one.
// Browser-safe: the review panel renders these segments (no Node modules; jsdiff is plain JS).
import { diffArrays, diffChars, type ChangeObject } from 'diff';

export type DiffMode = 'word' | 'char';
export type DiffLevel = 'char' | 'word' | 'sentence' | 'whole';

export interface DiffSegment {
  kind: 'same' | 'added' | 'removed';
  text: string;
}

export interface AnswerDiff {
  /** The level asked for. */
  mode: DiffMode;
  /** The level the segments are at: `mode`, or a coarser one when the limits were reached. */
  level: DiffLevel;
  /** True when `level` is coarser than `mode`. */
  coarse: boolean;
  /** Why it is coarse (for the UI to say). */
  reason?: 'edit-limit';
  segments: DiffSegment[];
}

export interface DiffOptions {
  mode?: DiffMode;
  /** Most edits (tokens added + removed) a level may need before the next coarser one is used. */
  maxEditLength?: number;
  /** Milliseconds a level may take before the next coarser one is used (a guard: maxEditLength is the deterministic limit). */
  timeout?: number;
}

/**
 * Default edit limit. Myers' cost grows with edits², so 600 token edits keep one level within a
 * few milliseconds, while two checkpoints of one model (mostly the same text) are far below it.
 */
export const DEFAULT_MAX_EDIT_LENGTH = 600;
export const DEFAULT_TIMEOUT_MS = 250;

let wordSegmenter: Intl.Segmenter | undefined;
let sentenceSegmenter: Intl.Segmenter | undefined;

/** One segmenter per kind for the process: building one loads ICU's dictionaries. */
function segmenter(granularity: 'word' | 'sentence'): Intl.Segmenter {
  if (granularity === 'word') return (wordSegmenter ??= new Intl.Segmenter('zh', { granularity: 'word' }));
  return (sentenceSegmenter ??= new Intl.Segmenter('zh', { granularity: 'sentence' }));
}

function tokens(text: string, granularity: 'word' | 'sentence'): string[] {
  return Array.from(segmenter(granularity).segment(text), (s) => s.segment);
}

function segmentsOf(changes: ChangeObject<string>[] | ChangeObject<string[]>[]): DiffSegment[] {
  const out: DiffSegment[] = [];
  for (const c of changes) {
    const text = Array.isArray(c.value) ? c.value.join('') : c.value;
    if (text === '') continue;
    const kind = c.added ? 'added' : c.removed ? 'removed' : 'same';
    const last = out[out.length - 1];
    if (last && last.kind === kind) last.text += text;
    else out.push({ kind, text });
  }
  return out;
}

/** The segments at one level, or undefined when that level's limits were reached. */
function diffAt(level: DiffLevel, a: string, b: string, limits: { maxEditLength: number; timeout: number }): DiffSegment[] | undefined {
  switch (level) {
    case 'char': {
      const c = diffChars(a, b, limits);
      return c && segmentsOf(c);
    }
    case 'word': {
      const c = diffArrays(tokens(a, 'word'), tokens(b, 'word'), limits);
      return c && segmentsOf(c);
    }
    case 'sentence': {
      const c = diffArrays(tokens(a, 'sentence'), tokens(b, 'sentence'), limits);
      return c && segmentsOf(c);
    }
    case 'whole':
      return a === b ? segmentsOf([{ value: a, added: false, removed: false, count: 1 }]) : [
        ...(a === '' ? [] : [{ kind: 'removed' as const, text: a }]),
        ...(b === '' ? [] : [{ kind: 'added' as const, text: b }]),
      ];
  }
}

const LEVELS: DiffLevel[] = ['char', 'word', 'sentence', 'whole'];

const coarser = (x: DiffLevel, y: DiffLevel) => (LEVELS.indexOf(x) >= LEVELS.indexOf(y) ? x : y);

/**
 * Sentences first, then the words (or characters) of each changed stretch: two checkpoints of one
 * model share most sentences, so the fine diff runs only where they differ, and its cost follows
 * the size of the changes, not of the answers (a 2,000-character pair in a few milliseconds).
 * A stretch whose fine diff exceeds the limits stays at sentence level (char mode tries words
 * first); answers whose sentences already exceed them are compared whole.
 */
export function diffAnswers(a: string, b: string, options: DiffOptions = {}): AnswerDiff {
  const mode = options.mode ?? 'word';
  const limits = { maxEditLength: options.maxEditLength ?? DEFAULT_MAX_EDIT_LENGTH, timeout: options.timeout ?? DEFAULT_TIMEOUT_MS };
  const sentences = diffArrays(tokens(a, 'sentence'), tokens(b, 'sentence'), limits);
  if (!sentences) return { mode, level: 'whole', coarse: true, reason: 'edit-limit', segments: diffAt('whole', a, b, limits)! };
  let level: DiffLevel = mode;
  const out: DiffSegment[] = [];
  const push = (segments: DiffSegment[]) => {
    for (const seg of segments) {
      const last = out[out.length - 1];
      if (last && last.kind === seg.kind) last.text += seg.text;
      else out.push({ ...seg });
    }
  };
  let removed = '';
  let added = '';
  const flush = () => {
    if (removed === '' && added === '') return;
    let fine: DiffSegment[] | undefined;
    for (const l of LEVELS.slice(LEVELS.indexOf(mode), LEVELS.indexOf('sentence'))) {
      fine = diffAt(l, removed, added, limits);
      if (fine) {
        level = coarser(level, l);
        break;
      }
    }
    if (!fine) level = coarser(level, 'sentence');
    push(fine ?? diffAt('whole', removed, added, limits)!);
    removed = added = '';
  };
  for (const c of sentences) {
    const text = c.value.join('');
    if (c.removed) removed += text;
    else if (c.added) added += text;
    else {
      flush();
      push([{ kind: 'same', text }]);
    }
  }
  flush();
  const segments = out.filter((seg) => seg.text !== '');
  return level === mode ? { mode, level, coarse: false, segments } : { mode, level, coarse: true, reason: 'edit-limit', segments };
}

/** The text of one side: `old` is the same and removed segments, `new` the same and added ones. */
export function sideText(segments: readonly DiffSegment[], side: 'old' | 'new'): string {
  const skip = side === 'old' ? 'added' : 'removed';
  return segments.filter((s) => s.kind !== skip).map((s) => s.text).join('');
}

export interface PlacedSegment extends DiffSegment {
  /** Where the segment starts in the old answer (a segment added at this point: where it goes in). */
  oldStart: number;
  /** Where it starts in the new answer (a removed segment: where it was taken out). */
  newStart: number;
}

/**
 * Each segment with its offsets in both answers, so spans found on one answer's text (a
 * detector's repetition or leakage span) can be drawn on the same inline diff.
 */
export function placeSegments(segments: readonly DiffSegment[]): PlacedSegment[] {
  let oldAt = 0;
  let newAt = 0;
  return segments.map((s) => {
    const placed = { ...s, oldStart: oldAt, newStart: newAt };
    if (s.kind !== 'added') oldAt += s.text.length;
    if (s.kind !== 'removed') newAt += s.text.length;
    return placed;
  });
}
