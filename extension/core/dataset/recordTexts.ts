// The texts of a record: the one definition that search, the filters, the detail pane and the
// statistics share, so that a number one of them shows means the same as another's.
// - A record that fits its layout yields the layout's texts (question, input, answer, system,
//   history turns, messages, preference answers, pretraining text) with role and turn, then its
//   other top-level strings as extras.
// - Any other record (no layout, or one it does not fit) is walked by shape: top-level strings;
//   message objects ({from, value} or {role, content}) alone or in a list, with their role told
//   from the speaker; history lists of [question, answer] pairs.
import { isJsonObject, type JsonObject } from './types';
import type { FieldText, TextRole } from './fieldText';
import type { Layout } from './layouts';
import { explainMisfit, fittingTexts } from './layouts';

/** Told each text of a record (an object, not a closure: a statistics pass calls it a million times). */
export interface TextVisitor {
  text(t: FieldText): void;
}

/** The speakers of ShareGPT and OpenAI messages, as the roles of their texts. */
const SPEAKER_ROLES: Record<string, TextRole> = {
  human: 'question',
  user: 'question',
  gpt: 'answer',
  assistant: 'answer',
  system: 'system',
  function_call: 'tool',
  observation: 'tool',
  function: 'tool',
  tool: 'tool',
};

export function visitRecordTexts(value: JsonObject, layout: Layout | undefined, visitor: TextVisitor): void {
  if (layout && explainMisfit(value, layout) === undefined) {
    for (const t of fittingTexts(value, layout)) visitor.text(t);
    for (const k in value) if (typeof value[k] === 'string' && !layout.known.has(k)) visitor.text({ field: k, text: value[k] as string, extra: true });
    return;
  }
  for (const key in value) {
    const v = value[key];
    if (typeof v === 'string') visitor.text({ field: key, text: v });
    else if (isJsonObject(v)) visitMessage(v, key, visitor);
    else if (Array.isArray(v)) {
      for (let i = 0; i < v.length; i++) {
        const item = v[i];
        if (isJsonObject(item)) visitMessage(item, `${key}[${i}]`, visitor);
        else if (Array.isArray(item) && item.length === 2 && typeof item[0] === 'string' && typeof item[1] === 'string') {
          visitor.text({ field: `${key}[${i}][0]`, role: 'question', text: item[0] });
          visitor.text({ field: `${key}[${i}][1]`, role: 'answer', text: item[1] });
        }
      }
    }
  }
}

function visitMessage(m: JsonObject, at: string, visitor: TextVisitor): void {
  const speaker = m.from ?? m.role;
  const contentKey = typeof m.value === 'string' ? 'value' : 'content';
  const text = m[contentKey];
  if (typeof speaker === 'string' && typeof text === 'string') visitor.text({ field: `${at}.${contentKey}`, role: SPEAKER_ROLES[speaker], text });
}

/** The texts of a record as a list (see the top of this file). */
export function recordTexts(value: JsonObject, layout: Layout | undefined): FieldText[] {
  const out: FieldText[] = [];
  visitRecordTexts(value, layout, { text: (t) => out.push(t) });
  return out;
}

/**
 * The name a text's length statistics go under: its top-level key, with the role for a text inside
 * a list or object (`conversations.question`, `history.answer`), so that a layout's record and a
 * record walked by shape count their texts under the same names.
 */
export function statisticsField(t: FieldText): string {
  const end = t.field.search(/[[.]/);
  if (end < 0) return t.field;
  const key = t.field.slice(0, end);
  return t.role === undefined ? key : `${key}.${t.role}`;
}
