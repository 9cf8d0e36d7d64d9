// Layouts that hold a list of role-tagged messages: ShareGPT (`conversations: [{from, value}]`)
// and OpenAI (`messages: [{role, content}]`). One parametrised codec serves both.

import { lastTurn, putField, type Conversation, type Turn } from './conversation';
import type { FieldText } from './fieldText';
import { kindOf, type JsonObject } from './types';

export type Speaker = 'system' | 'user' | 'assistant';

export interface MessagesShape {
  readonly kind: 'messages';
  /** Key of the message list. */
  readonly list: string;
  /** Keys inside a message. */
  readonly role: string;
  readonly content: string;
  /** Role values accepted on read (ShareGPT files in the wild use both human/gpt and user/assistant). */
  readonly reads: ReadonlyMap<string, Speaker>;
  /** Role values written. */
  readonly writes: Readonly<Record<Speaker, string>>;
  /** ShareGPT's top-level system column; without one, the system prompt is a leading system message. */
  readonly systemField?: string;
}

/** Every top-level key the shape reads or writes. */
export function messagesKeys(s: MessagesShape): string[] {
  return s.systemField === undefined ? [s.list] : [s.list, s.systemField];
}

/**
 * Why the record does not fit, or undefined when it does: after an optional leading system message,
 * user and assistant messages must alternate, starting with the user and ending with an answer.
 * Tool roles (function_call, observation) do not fit: the canonical model has no slot for them.
 */
export function explainMessages(r: JsonObject, s: MessagesShape): string | undefined {
  const list = r[s.list];
  if (!Array.isArray(list)) return r[s.list] === undefined ? `missing '${s.list}'` : `'${s.list}' is ${kindOf(list)}, not a list`;
  const start = list.length > 0 && speakerOf(list[0], s) === 'system' ? 1 : 0;
  if (s.systemField !== undefined) {
    const system = r[s.systemField];
    if (system !== undefined && system !== null) {
      if (typeof system !== 'string') return `'${s.systemField}' is not a string`;
      // Two system prompts: keeping either would silently drop the other.
      if (start === 1) return `has both '${s.systemField}' and a system message`;
    }
  }
  if (list.length === start) return `'${s.list}' holds no question and answer`;
  for (let i = 0; i < list.length; i++) {
    const m: unknown = list[i];
    if (typeof m !== 'object' || m === null || Array.isArray(m)) return `'${s.list}[${i}]' is not an object`;
    const msg = m as JsonObject;
    if (typeof msg[s.content] !== 'string') return `'${s.list}[${i}].${s.content}' is not a string`;
    if (i < start) continue;
    const expected: Speaker = (i - start) % 2 === 0 ? 'user' : 'assistant';
    const speaker = speakerOf(msg, s);
    if (speaker !== expected) {
      return `'${s.list}[${i}].${s.role}' is ${JSON.stringify(msg[s.role])}, expected ${s.writes[expected]}`;
    }
  }
  if ((list.length - start) % 2 !== 0) return `'${s.list}' ends with a question that has no answer`;
  return undefined;
}

/** Reads a record that fits (see explainMessages); trusts the structure. */
export function readMessages(r: JsonObject, s: MessagesShape, known: ReadonlySet<string>): Conversation {
  const list = r[s.list] as JsonObject[];
  const conv: Conversation = { turns: [] };
  let start = 0;
  if (speakerOf(list[0], s) === 'system') {
    conv.system = list[0][s.content] as string;
    start = 1;
  } else if (s.systemField !== undefined && typeof r[s.systemField] === 'string') {
    conv.system = r[s.systemField] as string;
  }
  const turns: Turn[] = conv.turns;
  for (let i = start; i < list.length; i += 2) {
    turns.push({ user: list[i][s.content] as string, assistant: list[i + 1][s.content] as string });
  }
  for (let i = 0; i < list.length; i++) {
    for (const k in list[i]) {
      if (k !== s.role && k !== s.content) noteDropped(conv, `${s.list}[].${k}`);
    }
  }
  for (const k in r) {
    if (!known.has(k)) putField((conv.extras ??= {}), k, r[k]);
  }
  return conv;
}

export function writeMessages(conv: Conversation, s: MessagesShape): JsonObject {
  lastTurn(conv); // a conversation without turns has nothing to write
  const list: JsonObject[] = [];
  if (conv.system !== undefined && s.systemField === undefined) list.push(message(s, 'system', conv.system));
  for (const t of conv.turns) list.push(message(s, 'user', t.user), message(s, 'assistant', t.assistant));
  const out: JsonObject = { [s.list]: list };
  if (conv.system !== undefined && s.systemField !== undefined) out[s.systemField] = conv.system;
  return out;
}

/** Texts in reading order; a leading system message or the system column comes first. */
export function messagesTexts(r: JsonObject, s: MessagesShape): FieldText[] {
  const out: FieldText[] = [];
  const list = r[s.list] as JsonObject[];
  const start = speakerOf(list[0], s) === 'system' ? 1 : 0;
  if (start === 1) {
    out.push({ field: `${s.list}[0].${s.content}`, role: 'system', text: list[0][s.content] as string });
  } else if (s.systemField !== undefined && typeof r[s.systemField] === 'string') {
    out.push({ field: s.systemField, role: 'system', text: r[s.systemField] as string });
  }
  for (let i = start; i < list.length; i++) {
    const turn = ((i - start) >> 1) + 1;
    const role = (i - start) % 2 === 0 ? 'question' : 'answer';
    out.push({ field: `${s.list}[${i}].${s.content}`, role, turn, text: list[i][s.content] as string });
  }
  return out;
}

function speakerOf(m: unknown, s: MessagesShape): Speaker | undefined {
  if (typeof m !== 'object' || m === null) return undefined;
  const role = (m as JsonObject)[s.role];
  return typeof role === 'string' ? s.reads.get(role) : undefined;
}

function message(s: MessagesShape, speaker: Speaker, text: string): JsonObject {
  return { [s.role]: s.writes[speaker], [s.content]: text };
}

function noteDropped(conv: Conversation, path: string): void {
  const dropped = (conv.dropped ??= []);
  if (!dropped.includes(path)) dropped.push(path);
}
