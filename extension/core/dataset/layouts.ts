// The record layouts of Chinese legal Q&A fine-tuning data: what each looks like, how to tell
// them apart, and where their texts are. Conversion between them lives in convert.ts.

import type { Conversation } from './conversation';
import type { FieldText } from './fieldText';
import { explainFlat, flatKeys, flatTexts, readFlat, writeFlat, type FlatShape } from './flatShape';
import { explainExtras } from './llamaFactoryColumns';
import {
  explainMessages,
  hasToolRoles,
  messagesKeys,
  messagesTexts,
  readMessages,
  writeMessages,
  type MessagesShape,
  type Role,
} from './messagesShape';
import { explainText, readText, textTexts, writeText, type TextShape } from './textShape';
import { isJsonObject, type JsonObject } from './types';
import { translate } from '../l10n';

export type { FieldText, TextRole } from './fieldText';

export type LayoutId =
  | 'original'
  | 'alpaca'
  | 'sharegpt'
  | 'openai'
  | 'chatglm'
  | 'chatglm-history'
  | 'qa'
  | 'alpaca-preference'
  | 'sharegpt-preference'
  | 'text';

/**
 * What a top-level field holds, for table columns in an editor. `input` is alpaca's second half of
 * the question, `rejected` preference data's worse answer, `text` a pretraining document.
 */
export type FieldRole = 'question' | 'input' | 'answer' | 'rejected' | 'system' | 'history' | 'turns' | 'text';

export type Shape = FlatShape | MessagesShape | TextShape;

export interface LayoutField {
  name: string;
  role: FieldRole;
  optional: boolean;
}

export interface Layout {
  readonly id: LayoutId;
  readonly label: string;
  /** Other names users know the layout by; layoutById accepts them. */
  readonly aliases: readonly string[];
  readonly fields: readonly LayoutField[];
  /** Holds earlier turns (history or a message list). */
  readonly multiTurn: boolean;
  readonly hasSystem: boolean;
  /** Preference data: each record has a chosen and a rejected answer (LLaMA-Factory's `ranking: true`). */
  readonly ranking: boolean;
  /** Holds ShareGPT's tool calls and results (`function_call` / `observation` messages). */
  readonly toolRoles: boolean;
  readonly shape: Shape;
  /** Keys the layout reads: everything else in a record is an extra field, carried along. */
  readonly known: ReadonlySet<string>;
  /** Keys an extra field must not take in a record of this layout (known plus forbidden ones). */
  readonly reserved: ReadonlySet<string>;
}

function layout(id: LayoutId, label: string, aliases: string[], shape: Shape): Layout {
  const known = shape.kind === 'flat' ? flatKeys(shape) : shape.kind === 'messages' ? messagesKeys(shape) : [shape.text];
  const forbidden = shape.kind === 'flat' ? (shape.forbidden ?? []) : [];
  return {
    id,
    label,
    aliases,
    fields: fieldsOf(shape),
    multiTurn: shape.kind === 'messages' || (shape.kind === 'flat' && shape.history !== undefined),
    hasSystem: shape.kind === 'messages' || (shape.kind === 'flat' && shape.system !== undefined),
    ranking: shape.kind === 'messages' ? shape.preference !== undefined : shape.kind === 'flat' && shape.rejected !== undefined,
    toolRoles: shape.kind === 'messages' && hasToolRoles(shape),
    shape,
    known: new Set(known),
    reserved: new Set([...known, ...forbidden]),
  };
}

function fieldsOf(shape: Shape): LayoutField[] {
  if (shape.kind === 'text') return [{ name: shape.text, role: 'text', optional: false }];
  if (shape.kind === 'messages') {
    const fields: LayoutField[] = [{ name: shape.list, role: 'turns', optional: false }];
    if (shape.preference !== undefined) {
      fields.push({ name: shape.preference.chosen, role: 'answer', optional: false });
      fields.push({ name: shape.preference.rejected, role: 'rejected', optional: false });
    }
    if (shape.systemField !== undefined) fields.push({ name: shape.systemField, role: 'system', optional: true });
    return fields;
  }
  const fields: LayoutField[] = [{ name: shape.question, role: 'question', optional: false }];
  if (shape.input !== undefined) fields.push({ name: shape.input, role: 'input', optional: true });
  fields.push({ name: shape.answer, role: 'answer', optional: false });
  if (shape.rejected !== undefined) fields.push({ name: shape.rejected, role: 'rejected', optional: false });
  if (shape.system !== undefined) fields.push({ name: shape.system, role: 'system', optional: true });
  if (shape.history !== undefined) fields.push({ name: shape.history, role: 'history', optional: true });
  return fields;
}

const SHAREGPT_ROLES = new Map<string, Role>([
  ['human', 'user'],
  ['user', 'user'],
  ['gpt', 'assistant'],
  ['assistant', 'assistant'],
  ['system', 'system'],
  ['function_call', 'function'],
  ['observation', 'observation'],
]);
/** ShareGPT's message list, shared by its plain and preference layouts. */
const SHAREGPT = {
  kind: 'messages',
  list: 'conversations',
  role: 'from',
  content: 'value',
  reads: SHAREGPT_ROLES,
  writes: { system: 'system', user: 'human', assistant: 'gpt', function: 'function_call', observation: 'observation' },
  systemField: 'system',
} as const satisfies MessagesShape;
const OPENAI_ROLES = new Map<string, Role>([
  ['user', 'user'],
  ['assistant', 'assistant'],
  ['system', 'system'],
]);

/** In this order: it breaks ties in detectLayout. */
export const LAYOUTS: readonly Layout[] = [
  layout('original', 'CrimeKgAssitant (input/output)', ['crimekg'], {
    kind: 'flat',
    question: 'input',
    answer: 'output',
    // An alpaca record has input and output too; its instruction is what tells them apart.
    forbidden: ['instruction'],
  }),
  layout('alpaca', 'Alpaca (instruction/input/output)', ['llama-factory-alpaca'], {
    kind: 'flat',
    question: 'instruction',
    input: 'input',
    answer: 'output',
    system: 'system',
    history: 'history',
  }),
  layout('sharegpt', 'ShareGPT / Vicuna (conversations)', ['vicuna'], SHAREGPT),
  layout('openai', 'OpenAI chat (messages)', ['messages'], {
    kind: 'messages',
    list: 'messages',
    role: 'role',
    content: 'content',
    reads: OPENAI_ROLES,
    writes: { system: 'system', user: 'user', assistant: 'assistant' },
  }),
  layout('chatglm', 'ChatGLM (content/summary)', ['adgen'], {
    kind: 'flat',
    question: 'content',
    answer: 'summary',
  }),
  layout('chatglm-history', 'ChatGLM P-tuning (prompt/response/history)', ['ptuning', 'chatglm-ptuning'], {
    kind: 'flat',
    question: 'prompt',
    answer: 'response',
    history: 'history',
    alwaysWriteHistory: true,
  }),
  layout('qa', 'Question/answer', ['question-answer'], {
    kind: 'flat',
    question: 'question',
    answer: 'answer',
  }),
  // LLaMA-Factory's preference data (reward modelling, DPO, ORPO, SimPO: `ranking: true`).
  layout('alpaca-preference', 'Alpaca preference (instruction/input/chosen/rejected)', ['alpaca-dpo', 'alpaca-ranking'], {
    kind: 'flat',
    question: 'instruction',
    input: 'input',
    answer: 'chosen',
    rejected: 'rejected',
    system: 'system',
    history: 'history',
  }),
  layout('sharegpt-preference', 'ShareGPT preference (conversations/chosen/rejected)', ['sharegpt-dpo', 'sharegpt-ranking'], {
    ...SHAREGPT,
    preference: { chosen: 'chosen', rejected: 'rejected' },
  }),
  // LLaMA-Factory's pretraining documents.
  layout('text', 'Pretraining text (text)', ['pretraining', 'pt'], { kind: 'text', text: 'text' }),
];

export const LAYOUT_IDS: readonly LayoutId[] = LAYOUTS.map((l) => l.id);

const BY_NAME = new Map<string, Layout>();
for (const l of LAYOUTS) for (const name of [l.id, ...l.aliases]) BY_NAME.set(name, l);

/** Looks a layout up by id or alias, ignoring case; throws an error that lists the valid ids. */
export function layoutById(idOrAlias: string): Layout {
  const found = BY_NAME.get(idOrAlias) ?? BY_NAME.get(idOrAlias.trim().toLowerCase());
  if (found !== undefined) return found;
  const valid = LAYOUTS.map((l) => (l.aliases.length ? translate('{0} (alias {1})', l.id, l.aliases.join(', ')) : l.id));
  throw new Error(translate("Unknown layout '{0}'. Valid layouts: {1}.", idOrAlias, valid.join('; ')));
}

/** A layout object, or its id or alias. */
export type LayoutRef = Layout | string;

export function resolveLayout(ref: LayoutRef): Layout {
  return typeof ref === 'string' ? layoutById(ref) : ref;
}

/**
 * Why the record does not fit the layout, in a short English phrase ("missing 'output'"), or
 * undefined when it fits. Extra top-level keys never prevent a fit.
 */
export function explainMisfit(record: unknown, ref: LayoutRef): string | undefined {
  return explainShape(record, ref) ?? explainExtras(record as JsonObject);
}

/** explainMisfit without the LLaMA-Factory extra columns: what layout detection goes by. */
function explainShape(record: unknown, ref: LayoutRef): string | undefined {
  if (!isJsonObject(record)) return translate('is not a JSON object');
  const { shape } = resolveLayout(ref);
  if (shape.kind === 'text') return explainText(record, shape);
  return shape.kind === 'flat' ? explainFlat(record, shape) : explainMessages(record, shape);
}

export function fitsLayout(record: unknown, ref: LayoutRef): boolean {
  return explainMisfit(record, ref) === undefined;
}

/**
 * Reads a record into the canonical conversation; throws with the reason when it does not fit.
 * Extra fields are referenced, not cloned.
 */
export function readConversation(record: unknown, ref: LayoutRef): Conversation {
  const l = resolveLayout(ref);
  const why = explainMisfit(record, l);
  if (why !== undefined) throw new Error(translate('The record does not fit the {0} layout: {1}.', l.id, why));
  return readFitting(record as JsonObject, l);
}

/** readConversation for a record already known to fit: no second check. */
export function readFitting(record: JsonObject, l: Layout): Conversation {
  if (l.shape.kind === 'text') return readText(record, l.shape, l.known);
  return l.shape.kind === 'flat' ? readFlat(record, l.shape, l.known) : readMessages(record, l.shape, l.known);
}

/** The layout's own fields for the conversation; extras are the caller's business (see convert.ts). */
export function writeConversation(conv: Conversation, ref: LayoutRef): JsonObject {
  const { shape } = resolveLayout(ref);
  if (shape.kind === 'text') return writeText(conv, shape);
  return shape.kind === 'flat' ? writeFlat(conv, shape) : writeMessages(conv, shape);
}

export interface LayoutDetection {
  /**
   * The layout most records fit; ties go to the earlier one in LAYOUTS. Undefined when no record fits
   * any. Judged by shape: a misread LLaMA-Factory column (a non-boolean `kto_tag`) makes a record a
   * misfit of its layout, not of every layout.
   */
  layout: LayoutId | undefined;
  /** How many of the records looked at fit each layout (a record may fit more than one). */
  counts: Record<LayoutId, number>;
  /** How many records were looked at. */
  total: number;
  /** Indices of records that do not fit the chosen layout (all of them when there is none), up to maxMisfits. */
  misfits: number[];
  /** How many records do not fit the chosen layout, even past maxMisfits. */
  misfitCount: number;
}

export interface DetectOptions {
  /** Look at the first `limit` records only: a sample of a large file. */
  limit?: number;
  /** Keep at most this many misfit indices (default: all). */
  maxMisfits?: number;
}

/** Chooses the layout by majority over the records (or the first `limit` of them). Deterministic. */
export function detectLayout(records: Iterable<unknown>, opts: DetectOptions = {}): LayoutDetection {
  const limit = opts.limit ?? Infinity;
  const maxMisfits = opts.maxMisfits ?? Infinity;
  const counts = Object.fromEntries(LAYOUT_IDS.map((id) => [id, 0])) as Record<LayoutId, number>;
  // One bit per layout per record, so a one-shot iterable is walked once.
  let fits = new Uint8Array(1024);
  let total = 0;
  for (const record of records) {
    if (total >= limit) break;
    if (total === fits.length) {
      const grown = new Uint8Array(fits.length * 2);
      grown.set(fits);
      fits = grown;
    }
    let bits = 0;
    for (let i = 0; i < LAYOUTS.length; i++) {
      if (explainShape(record, LAYOUTS[i]) === undefined) {
        bits |= 1 << i;
        counts[LAYOUTS[i].id]++;
      }
    }
    fits[total++] = bits;
  }

  let best = -1;
  for (let i = 0; i < LAYOUTS.length; i++) {
    const n = counts[LAYOUTS[i].id];
    if (n > 0 && (best < 0 || n > counts[LAYOUTS[best].id])) best = i;
  }
  const misfits: number[] = [];
  let misfitCount = 0;
  const bit = best < 0 ? 0 : 1 << best;
  for (let i = 0; i < total; i++) {
    if ((fits[i] & bit) === 0) {
      misfitCount++;
      if (misfits.length < maxMisfits) misfits.push(i);
    }
  }
  return { layout: best < 0 ? undefined : LAYOUTS[best].id, counts, total, misfits, misfitCount };
}

/**
 * The texts of a record that fits the layout, in reading order (recordTexts.ts adds the rest and
 * walks records that fit no layout). Field paths and roles:
 *  - single-turn layouts: the keys themselves (`input` → question, `output` → answer), turn 1;
 *  - alpaca / chatglm-history: `system`, then `history[i][0]` / `history[i][1]` as turn i+1, then the
 *    record's own question (alpaca: `instruction` plus `input` with role `input`) and answer as the last turn;
 *  - sharegpt / openai: `conversations[i].value` / `messages[i].content`, alternating question and
 *    answer (a function_call or observation message has role tool); a leading system message or the
 *    `system` column comes first with role system;
 *  - preference layouts: as alpaca / sharegpt, then the chosen answer (`chosen`, `chosen.value`) with
 *    role answer and the rejected one with role rejected, in the last turn;
 *  - text: the document, role text.
 */
export function fittingTexts(record: JsonObject, ref: LayoutRef): FieldText[] {
  const l = resolveLayout(ref);
  if (l.shape.kind === 'text') return textTexts(record, l.shape);
  return l.shape.kind === 'flat' ? flatTexts(record, l.shape) : messagesTexts(record, l.shape);
}
