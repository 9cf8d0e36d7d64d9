// The canonical conversation every record layout is read into and written from. Converting
// through one model keeps the layout-to-layout matrix at 2 × N codecs instead of N² converters,
// and lets the prompt templates work on any layout.

import type { JsonObject } from './types';

/**
 * One exchange: what the user said and what the assistant answered. In a ShareGPT record with tool
 * use (LLaMA-Factory's glaive_toolcall format) either side may be a tool message instead: the user
 * side a tool's result (`observation`), the assistant side a call (`function_call`), at the
 * positions LLaMA-Factory expects them (odd messages human or observation, even ones gpt or
 * function_call).
 */
export interface Turn {
  user: string;
  assistant: string;
  /** The user side is a tool result (`observation`), not something the user said. */
  observation?: boolean;
  /** The assistant side is a tool call (`function_call`), not an answer. */
  functionCall?: boolean;
}

/**
 * How an alpaca record split its last user message into `instruction` and `input`. Kept so that
 * alpaca → alpaca stays lossless; every other layout sees only the joined text.
 */
export interface InstructionSplit {
  instruction: string;
  input: string;
}

export interface Conversation {
  system?: string;
  /** Oldest first; the last turn is the record's own question and answer. Never empty when read from a record. */
  turns: Turn[];
  /** Set only when the source was alpaca with a non-empty `input`; describes the last turn's user text. */
  split?: InstructionSplit;
  /**
   * Preference data (LLaMA-Factory `ranking: true`): the worse answer to the last question. The last
   * turn's assistant text is then the chosen (better) answer.
   */
  rejected?: string;
  /** Top-level fields the source layout does not know, carried along unchanged (not cloned); absent when none. */
  extras?: JsonObject;
  /** Nested keys the model cannot hold, as paths like `conversations[].weight`; absent when none. */
  dropped?: string[];
}

/**
 * The user message an alpaca record stands for. LLaMA-Factory ("instruction\ninput") and
 * Chinese-LLaMA-Alpaca's build_dataset.py join the two the same way, and only when input is non-empty.
 */
export function joinInstruction(instruction: string, input: string): string {
  return input === '' ? instruction : instruction + '\n' + input;
}

/** The last turn: the record's own question and answer. Throws on a hand-built conversation without turns. */
export function lastTurn(conv: Conversation): Turn {
  const turn = conv.turns[conv.turns.length - 1];
  if (turn === undefined) throw new Error('The conversation has no turns.');
  return turn;
}

/**
 * The remembered instruction/input split, if it still describes the last user message (a caller may
 * have edited the turn since); undefined means "use the whole user text as the instruction".
 */
export function matchingSplit(conv: Conversation): InstructionSplit | undefined {
  const split = conv.split;
  if (split === undefined) return undefined;
  return joinInstruction(split.instruction, split.input) === lastTurn(conv).user ? split : undefined;
}

/** Whether any turn holds a tool call or result. */
export function hasToolTurns(conv: Conversation): boolean {
  for (const t of conv.turns) if (t.observation === true || t.functionCall === true) return true;
  return false;
}

/**
 * Sets a field from a parsed record on another object. Plain assignment of a key named
 * `__proto__` (an ordinary own key after JSON.parse) would change the prototype and lose the field.
 */
export function putField(target: JsonObject, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
