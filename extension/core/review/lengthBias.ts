// The judge's length bias and the answers' lengths. Over the human-reviewed answers, the slope of
// (judge − human) against the answer's length, per 100 characters, by ordinary least squares with
// a heteroskedasticity-robust (HC1) standard error: the judge's error is rarely equally noisy for
// short and long answers, and the classical standard error would then be wrong. Lengths are
// counted in UTF-16 code units, which is characters for Chinese text. Browser-safe.

import { quantileSorted, Z95 } from './summary';

export interface LengthBias {
  /** Human-scored answers with a judge score. */
  answers: number;
  /** Change of (judge − human) per 100 characters; positive: the judge rewards length. */
  slope_per_100_chars: number | null;
  ci: [number, number] | null;
}

/** OLS of y on x with an HC1 interval; x in characters, the slope reported per 100 characters. */
export function lengthBias(lengths: ArrayLike<number>, judgeMinusHuman: ArrayLike<number>): LengthBias {
  const n = lengths.length;
  const none = { answers: n, slope_per_100_chars: null, ci: null };
  if (n < 3) return none;
  let mx = 0, my = 0;
  for (let i = 0; i < n; i++) {
    mx += lengths[i] / 100;
    my += judgeMinusHuman[i];
  }
  mx /= n;
  my /= n;
  let sxx = 0, sxy = 0;
  for (let i = 0; i < n; i++) {
    const dx = lengths[i] / 100 - mx;
    sxx += dx * dx;
    sxy += dx * (judgeMinusHuman[i] - my);
  }
  if (!(sxx > 0)) return none;
  const slope = sxy / sxx;
  const intercept = my - slope * mx;
  let meat = 0;
  for (let i = 0; i < n; i++) {
    const x = lengths[i] / 100;
    const e = judgeMinusHuman[i] - intercept - slope * x;
    meat += (x - mx) ** 2 * e * e;
  }
  const se = Math.sqrt(((n / (n - 2)) * meat) / (sxx * sxx));
  return { answers: n, slope_per_100_chars: slope, ci: [slope - Z95 * se, slope + Z95 * se] };
}

/**
 * Whether an answer stops mid-sentence: its last visible character is not terminal punctuation
 * (a full stop, question or exclamation mark, an ellipsis, or a closing quote or bracket after one).
 * A stand-in: the detectors issue replaces it with its own ending detector, which also tells
 * "cut off" from "does not stop" (running on into the next turn).
 */
export function endsCutOff(text: string): boolean {
  let end = text.length;
  while (end > 0 && isSpace(text.charCodeAt(end - 1))) end--;
  return end === 0 || !TERMINAL.has(text.charCodeAt(end - 1));
}

const TERMINAL = new Set(Array.from('。！？.!?…」』”"’\'）)】]》~～', (c) => c.charCodeAt(0)));

/** ASCII whitespace, no-break space, the ideographic space: what may trail an answer (called once per answer, so no regex). */
function isSpace(code: number): boolean {
  return code === 32 || (code >= 9 && code <= 13) || code === 0xa0 || code === 0x3000 || code === 0x2028 || code === 0x2029;
}

export interface AnswerLengths {
  answers: number;
  mean: number | null;
  p90: number | null;
  /** Answers that end cut off (endsCutOff). */
  cut_off: number;
}

/** Length summary of the answers at `lengths` (NaN: no answer there), `cut` marking those that end cut off. */
export function answerLengths(lengths: Float64Array, cut: Uint8Array, include: (q: number) => boolean): AnswerLengths {
  const picked: number[] = [];
  let total = 0;
  let cutOff = 0;
  for (let q = 0; q < lengths.length; q++) {
    if (Number.isNaN(lengths[q]) || !include(q)) continue;
    picked.push(lengths[q]);
    total += lengths[q];
    cutOff += cut[q];
  }
  const n = picked.length;
  return { answers: n, mean: n > 0 ? total / n : null, p90: n > 0 ? quantileSorted(Float64Array.from(picked).sort(), 0.9) : null, cut_off: cutOff };
}
