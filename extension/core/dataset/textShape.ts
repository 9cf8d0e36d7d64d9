// Pretraining text: one document per record under one key (LLaMA-Factory's `{"text": …}`, which its
// dataset_info.json maps with `columns.prompt`). A document is not a conversation, so this layout
// converts only to itself (see conversionRefusal in convert.ts); it is read as one turn whose user
// text is the document, so that prompt previews and editors can still show it.

import { putField, type Conversation } from './conversation';
import type { FieldText } from './fieldText';
import { missingKey, notString } from './misfitText';
import type { JsonObject } from './types';

export interface TextShape {
  readonly kind: 'text';
  readonly text: string;
}

export function explainText(r: JsonObject, s: TextShape): string | undefined {
  const v = r[s.text];
  if (typeof v === 'string') return undefined;
  return v === undefined ? missingKey(s.text) : notString(s.text);
}

export function readText(r: JsonObject, s: TextShape, known: ReadonlySet<string>): Conversation {
  const conv: Conversation = { turns: [{ user: r[s.text] as string, assistant: '' }] };
  for (const k in r) {
    if (!known.has(k)) putField((conv.extras ??= {}), k, r[k]);
  }
  return conv;
}

export function writeText(conv: Conversation, s: TextShape): JsonObject {
  const first = conv.turns[0];
  if (first === undefined) throw new Error('The conversation has no turns.');
  return { [s.text]: first.user };
}

export function textTexts(r: JsonObject, s: TextShape): FieldText[] {
  return [{ field: s.text, role: 'text', turn: 1, text: r[s.text] as string }];
}
