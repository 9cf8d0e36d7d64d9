// Layouts whose question and answer are top-level strings: original, qa, chatglm, and — with an
// `input`, a `system` and/or a `history` of [question, answer] pairs — alpaca and chatglm-history.
// Alpaca preference data is alpaca with `chosen` and `rejected` answers in place of `output`.
// One parametrised codec serves them all, so they cannot drift apart.

import { joinInstruction, lastTurn, matchingSplit, putField, type Conversation, type Turn } from './conversation';
import type { FieldText } from './fieldText';
import { kindOf, type JsonObject } from './types';
import { translate } from '../l10n';
import { missingKey, notString } from './misfitText';

export interface FlatShape {
  readonly kind: 'flat';
  /** Key of the (last) user message; alpaca's `instruction`. */
  readonly question: string;
  /** The answer; for preference data, the chosen (better) one. */
  readonly answer: string;
  /** Preference data: the key of the rejected (worse) answer. */
  readonly rejected?: string;
  /** alpaca's `input`: appended to the question with a newline when non-empty. */
  readonly input?: string;
  readonly system?: string;
  /** Earlier turns as `[[question, answer], ...]`. */
  readonly history?: string;
  /** Write `history` even when empty: ChatGLM-6B's P-tuning `--history_column` reads it on every record. */
  readonly alwaysWriteHistory?: boolean;
  /** Keys that must be absent: they are what tells this layout from a look-alike (original vs alpaca). */
  readonly forbidden?: readonly string[];
}

/** Every key the shape reads or writes. */
export function flatKeys(s: FlatShape): string[] {
  const keys = [s.question, s.answer];
  for (const k of [s.rejected, s.input, s.system, s.history]) if (k !== undefined) keys.push(k);
  return keys;
}

/** Why the record does not fit, or undefined when it does. Optional fields may be absent or null. */
export function explainFlat(r: JsonObject, s: FlatShape): string | undefined {
  if (s.forbidden !== undefined) {
    for (const k of s.forbidden) if (r[k] !== undefined) return translate("has '{0}', which belongs to another layout", k);
  }
  if (typeof r[s.question] !== 'string') return missingString(r, s.question);
  if (typeof r[s.answer] !== 'string') return missingString(r, s.answer);
  if (s.rejected !== undefined && typeof r[s.rejected] !== 'string') return missingString(r, s.rejected);
  if (s.input !== undefined && !optionalString(r[s.input])) return notString(s.input);
  if (s.system !== undefined && !optionalString(r[s.system])) return notString(s.system);
  if (s.history !== undefined) {
    const h = r[s.history];
    if (h === undefined || h === null) return undefined;
    if (!Array.isArray(h)) return translate("'{0}' is not a list of [question, answer] pairs", s.history);
    for (let i = 0; i < h.length; i++) {
      if (!isPair(h[i])) return translate("'{0}' is not a [question, answer] pair of strings", `${s.history}[${i}]`);
    }
  }
  return undefined;
}

/** Reads a record that fits (see explainFlat); trusts the structure. */
export function readFlat(r: JsonObject, s: FlatShape, known: ReadonlySet<string>): Conversation {
  const turns: Turn[] = [];
  const history = s.history === undefined ? undefined : r[s.history];
  if (Array.isArray(history)) {
    for (const pair of history as [string, string][]) turns.push({ user: pair[0], assistant: pair[1] });
  }
  const question = r[s.question] as string;
  const input = s.input === undefined ? undefined : r[s.input];
  const hasInput = typeof input === 'string' && input !== '';
  turns.push({ user: hasInput ? joinInstruction(question, input) : question, assistant: r[s.answer] as string });

  const conv: Conversation = { turns };
  const system = s.system === undefined ? undefined : r[s.system];
  if (typeof system === 'string') conv.system = system;
  if (s.rejected !== undefined) conv.rejected = r[s.rejected] as string;
  if (hasInput) conv.split = { instruction: question, input };
  for (const k in r) {
    if (!known.has(k)) putField((conv.extras ??= {}), k, r[k]);
  }
  return conv;
}

/** Writes the last turn as the record's question and answer, earlier turns as history when the shape has one. */
export function writeFlat(conv: Conversation, s: FlatShape): JsonObject {
  const last = lastTurn(conv);
  const out: JsonObject = {};
  if (s.input !== undefined) {
    const split = matchingSplit(conv);
    out[s.question] = split === undefined ? last.user : split.instruction;
    out[s.input] = split === undefined ? '' : split.input;
  } else {
    out[s.question] = last.user;
  }
  out[s.answer] = last.assistant;
  if (s.rejected !== undefined) {
    if (conv.rejected === undefined) throw new Error('The conversation has no rejected answer.');
    out[s.rejected] = conv.rejected;
  }
  if (s.system !== undefined && conv.system !== undefined) out[s.system] = conv.system;
  const earlier = conv.turns.length - 1;
  if (s.history !== undefined && (earlier > 0 || s.alwaysWriteHistory === true)) {
    const pairs: [string, string][] = new Array(earlier);
    for (let i = 0; i < earlier; i++) pairs[i] = [conv.turns[i].user, conv.turns[i].assistant];
    out[s.history] = pairs;
  }
  return out;
}

/** Texts in reading order: system, history pairs, then the record's own question (and input) and answer (and rejected answer). */
export function flatTexts(r: JsonObject, s: FlatShape): FieldText[] {
  const out: FieldText[] = [];
  const system = s.system === undefined ? undefined : r[s.system];
  if (typeof system === 'string') out.push({ field: s.system!, role: 'system', text: system });
  const history = s.history === undefined ? undefined : r[s.history];
  let turn = 1;
  if (Array.isArray(history)) {
    for (const [q, a] of history as [string, string][]) {
      out.push({ field: `${s.history}[${turn - 1}][0]`, role: 'question', turn, text: q });
      out.push({ field: `${s.history}[${turn - 1}][1]`, role: 'answer', turn, text: a });
      turn++;
    }
  }
  out.push({ field: s.question, role: 'question', turn, text: r[s.question] as string });
  const input = s.input === undefined ? undefined : r[s.input];
  if (typeof input === 'string') out.push({ field: s.input!, role: 'input', turn, text: input });
  out.push({ field: s.answer, role: 'answer', turn, text: r[s.answer] as string });
  if (s.rejected !== undefined) out.push({ field: s.rejected, role: 'rejected', turn, text: r[s.rejected] as string });
  return out;
}

function missingString(r: JsonObject, key: string): string {
  return r[key] === undefined ? missingKey(key) : translate("'{0}' is {1}, not a string", key, kindOf(r[key]));
}

function optionalString(v: unknown): boolean {
  return v === undefined || v === null || typeof v === 'string';
}

function isPair(v: unknown): boolean {
  return Array.isArray(v) && v.length === 2 && typeof v[0] === 'string' && typeof v[1] === 'string';
}
