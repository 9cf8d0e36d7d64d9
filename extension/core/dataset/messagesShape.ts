// Layouts that hold a list of role-tagged messages: ShareGPT (`conversations: [{from, value}]`)
// and OpenAI (`messages: [{role, content}]`), and ShareGPT preference data (the list ends with a
// question; `chosen` and `rejected` hold a better and a worse answer message). One parametrised
// codec serves them all.

import { lastTurn, putField, type Conversation, type Turn } from './conversation';
import type { FieldText } from './fieldText';
import { kindOf, type JsonObject } from './types';
import { translate } from '../l10n';
import { missingKey, notString } from './misfitText';

export type Speaker = 'system' | 'user' | 'assistant';
/** A speaker, or one of ShareGPT's tool roles: a call (`function_call`) or its result (`observation`). */
export type Role = Speaker | 'function' | 'observation';

export interface MessagesShape {
  readonly kind: 'messages';
  /** Key of the message list. */
  readonly list: string;
  /** Keys inside a message. */
  readonly role: string;
  readonly content: string;
  /** Role values accepted on read (ShareGPT files in the wild use both human/gpt and user/assistant). */
  readonly reads: ReadonlyMap<string, Role>;
  /** Role values written; `function` and `observation` only for a layout that has tool roles. */
  readonly writes: Readonly<Record<Speaker, string>> & { readonly function?: string; readonly observation?: string };
  /** ShareGPT's top-level system column; without one, the system prompt is a leading system message. */
  readonly systemField?: string;
  /** Preference data: the list ends with a question, these top-level messages answer it. */
  readonly preference?: { readonly chosen: string; readonly rejected: string };
}

/** Every top-level key the shape reads or writes. */
export function messagesKeys(s: MessagesShape): string[] {
  const keys = [s.list];
  if (s.systemField !== undefined) keys.push(s.systemField);
  if (s.preference !== undefined) keys.push(s.preference.chosen, s.preference.rejected);
  return keys;
}

/** Whether the shape reads and writes tool calls and results. */
export function hasToolRoles(s: MessagesShape): boolean {
  return s.writes.function !== undefined && s.writes.observation !== undefined;
}

/**
 * Why the record does not fit, or undefined when it does: after an optional leading system message,
 * user and assistant messages must alternate, starting with the user and ending with an answer
 * (preference data: ending with a question, answered by the chosen and rejected messages). A shape
 * with tool roles also takes a tool result where a question may be and a tool call where an answer
 * may be, as LLaMA-Factory does.
 */
export function explainMessages(r: JsonObject, s: MessagesShape): string | undefined {
  const list = r[s.list];
  if (!Array.isArray(list)) return r[s.list] === undefined ? missingKey(s.list) : translate("'{0}' is {1}, not a list", s.list, kindOf(list));
  const start = list.length > 0 && speakerOf(list[0], s) === 'system' ? 1 : 0;
  if (s.systemField !== undefined) {
    const system = r[s.systemField];
    if (system !== undefined && system !== null) {
      if (typeof system !== 'string') return notString(s.systemField);
      // Two system prompts: keeping either would silently drop the other.
      if (start === 1) return translate("has both '{0}' and a system message", s.systemField);
    }
  }
  if (list.length === start) return s.preference ? translate("'{0}' holds no question", s.list) : translate("'{0}' holds no question and answer", s.list);
  const tools = hasToolRoles(s);
  for (let i = 0; i < list.length; i++) {
    const m: unknown = list[i];
    if (typeof m !== 'object' || m === null || Array.isArray(m)) return translate("'{0}' is not an object", `${s.list}[${i}]`);
    const msg = m as JsonObject;
    if (typeof msg[s.content] !== 'string') return notString(`${s.list}[${i}].${s.content}`);
    if (i < start) continue;
    const userSide = (i - start) % 2 === 0;
    const role = speakerOf(msg, s);
    const fits = userSide ? role === 'user' || (tools && role === 'observation') : role === 'assistant' || (tools && role === 'function');
    if (!fits) return translate("'{0}' is {1}, expected {2}", `${s.list}[${i}].${s.role}`, JSON.stringify(msg[s.role]) ?? 'undefined', expected(s, userSide));
  }
  const endsWithQuestion = (list.length - start) % 2 !== 0;
  if (s.preference === undefined) return endsWithQuestion ? translate("'{0}' ends with a question that has no answer", s.list) : undefined;
  if (!endsWithQuestion) return translate("'{0}' ends with an answer: preference data ends with the question that '{1}' and '{2}' answer", s.list, s.preference.chosen, s.preference.rejected);
  for (const key of [s.preference.chosen, s.preference.rejected]) {
    const v = r[key];
    if (typeof v !== 'object' || v === null || Array.isArray(v)) return v === undefined ? missingKey(key) : translate("'{0}' is not a message object", key);
    const msg = v as JsonObject;
    if (typeof msg[s.content] !== 'string') return notString(`${key}.${s.content}`);
    if (speakerOf(msg, s) !== 'assistant') return translate("'{0}' is {1}, expected {2}", `${key}.${s.role}`, JSON.stringify(msg[s.role]) ?? 'undefined', s.writes.assistant);
  }
  return undefined;
}

function expected(s: MessagesShape, userSide: boolean): string {
  if (!hasToolRoles(s)) return userSide ? s.writes.user : s.writes.assistant;
  return userSide ? translate('{0} or {1}', s.writes.user, String(s.writes.observation)) : translate('{0} or {1}', s.writes.assistant, String(s.writes.function));
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
    const answer = i + 1 < list.length ? list[i + 1] : (r[s.preference!.chosen] as JsonObject);
    const turn: Turn = { user: list[i][s.content] as string, assistant: answer[s.content] as string };
    if (speakerOf(list[i], s) === 'observation') turn.observation = true;
    if (speakerOf(answer, s) === 'function') turn.functionCall = true;
    turns.push(turn);
  }
  for (let i = 0; i < list.length; i++) noteNested(conv, list[i], s, `${s.list}[]`);
  if (s.preference !== undefined) {
    const rejected = r[s.preference.rejected] as JsonObject;
    conv.rejected = rejected[s.content] as string;
    noteNested(conv, r[s.preference.chosen] as JsonObject, s, s.preference.chosen);
    noteNested(conv, rejected, s, s.preference.rejected);
  }
  for (const k in r) {
    if (!known.has(k)) putField((conv.extras ??= {}), k, r[k]);
  }
  return conv;
}

/** Writes the turns as messages; tool turns need a shape with tool roles (convert.ts drops them first otherwise). */
export function writeMessages(conv: Conversation, s: MessagesShape): JsonObject {
  lastTurn(conv); // a conversation without turns has nothing to write
  const list: JsonObject[] = [];
  if (conv.system !== undefined && s.systemField === undefined) list.push(message(s, 'system', conv.system));
  const out: JsonObject = { [s.list]: list };
  const pairs = s.preference === undefined ? conv.turns.length : conv.turns.length - 1;
  for (let i = 0; i < conv.turns.length; i++) {
    const t = conv.turns[i];
    list.push(message(s, t.observation === true ? 'observation' : 'user', t.user));
    const answer = message(s, t.functionCall === true ? 'function' : 'assistant', t.assistant);
    if (i < pairs) list.push(answer);
    else out[s.preference!.chosen] = answer;
  }
  if (s.preference !== undefined) {
    if (conv.rejected === undefined) throw new Error('The conversation has no rejected answer.');
    out[s.preference.rejected] = message(s, 'assistant', conv.rejected);
  }
  if (conv.system !== undefined && s.systemField !== undefined) out[s.systemField] = conv.system;
  return out;
}

/** Texts in reading order; a leading system message or the system column comes first, chosen and rejected last. */
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
    const speaker = speakerOf(list[i], s);
    const role = speaker === 'function' || speaker === 'observation' ? 'tool' : (i - start) % 2 === 0 ? 'question' : 'answer';
    out.push({ field: `${s.list}[${i}].${s.content}`, role, turn, text: list[i][s.content] as string });
  }
  if (s.preference !== undefined) {
    const turn = ((list.length - start) >> 1) + 1;
    const { chosen, rejected } = s.preference;
    out.push({ field: `${chosen}.${s.content}`, role: 'answer', turn, text: (r[chosen] as JsonObject)[s.content] as string });
    out.push({ field: `${rejected}.${s.content}`, role: 'rejected', turn, text: (r[rejected] as JsonObject)[s.content] as string });
  }
  return out;
}

function speakerOf(m: unknown, s: MessagesShape): Role | undefined {
  if (typeof m !== 'object' || m === null) return undefined;
  const role = (m as JsonObject)[s.role];
  return typeof role === 'string' ? s.reads.get(role) : undefined;
}

function message(s: MessagesShape, role: Role, text: string): JsonObject {
  const value = s.writes[role];
  if (value === undefined) throw new Error(`The ${s.list} layout has no role for tool messages.`);
  return { [s.role]: value, [s.content]: text };
}

/** Notes the keys of a message that the model has no place for, as `path.key`. */
function noteNested(conv: Conversation, msg: JsonObject, s: MessagesShape, path: string): void {
  for (const k in msg) {
    if (k === s.role || k === s.content) continue;
    const dropped = (conv.dropped ??= []);
    if (!dropped.includes(`${path}.${k}`)) dropped.push(`${path}.${k}`);
  }
}
