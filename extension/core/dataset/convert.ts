// Converting records between layouts through the canonical conversation. Nothing is dropped
// silently: whatever the target layout cannot hold comes back as a Loss, and ConversionReport
// sums them up over a whole file.
//
// Called once per record in a streaming convert of a million records, so: no regular expressions,
// no clones (extra fields are carried by reference), and a shared empty loss list when nothing is lost.

import { readFitting, resolveLayout, explainMisfit, writeConversation, type LayoutRef } from './layouts';
import { hasToolTurns, putField, type Conversation, type Turn } from './conversation';
import type { JsonObject } from './types';
import { translate } from '../l10n';

export { ConversionReport, type LossSummary, type MisfitExample } from './conversionReport';

/** What a conversion could not carry into the target layout. */
export type Loss =
  /** Preference data into a layout with one answer: the chosen answer was kept, the rejected one dropped. */
  | { kind: 'rejected' }
  /**
   * Tool calls and results (ShareGPT function_call / observation) dropped, with a last question only a
   * tool call answered: `messages` in all; the questions and answers around them were kept.
   */
  | { kind: 'tools'; messages: number }
  /** The target holds one turn: the last is kept as the record's question and answer, `turns` earlier ones are dropped. */
  | { kind: 'history'; turns: number }
  /** The target has no place for a system prompt. */
  | { kind: 'system' }
  /** alpaca's instruction and non-empty input were joined into one user message ("instruction\ninput"). */
  | { kind: 'split' }
  /** An extra field has the name of a field of the target layout; the target field wins. */
  | { kind: 'collision'; field: string }
  /** A key inside a message has no place in the canonical model, e.g. `conversations[].weight`. */
  | { kind: 'nested-field'; field: string };

export type LossKind = Loss['kind'];

export type ConversionResult =
  | { record: JsonObject; losses: readonly Loss[]; misfit?: undefined; unwritable?: undefined }
  /** The record does not fit the source layout; `misfit` says why ("missing 'output'"). */
  | { record: undefined; losses: readonly Loss[]; misfit: string; unwritable?: undefined }
  /** The record fits, but the target layout cannot hold what is left of it; `unwritable` says why. */
  | { record: undefined; losses: readonly Loss[]; misfit?: undefined; unwritable: string };

const NO_LOSSES: readonly Loss[] = Object.freeze([]);

/**
 * Why no record of one layout can be converted to the other, or undefined when they can: a
 * pretraining document is not a conversation (and the other way round), and a layout with one
 * answer per question has no rejected answer for preference data.
 */
export function conversionRefusal(from: LayoutRef, to: LayoutRef): string | undefined {
  const src = resolveLayout(from);
  const dst = resolveLayout(to);
  if ((src.shape.kind === 'text') !== (dst.shape.kind === 'text')) {
    return translate('{0} cannot be converted to {1}: pretraining text holds documents, not questions and answers.', src.id, dst.id);
  }
  if (dst.ranking && !src.ranking) return translate('{0} cannot be converted to {1}: it has no rejected answers.', src.id, dst.id);
  return undefined;
}

/**
 * Converts one record from one layout to another; throws when no record of the source layout can
 * be converted to the target (see conversionRefusal). A record that does not fit the source layout is
 * not thrown on: the result has no record and says why, so that a streaming convert can report it
 * with its index and go on.
 */
export function convertRecord(record: unknown, from: LayoutRef, to: LayoutRef): ConversionResult {
  const src = resolveLayout(from);
  const dst = resolveLayout(to);
  if (src.ranking !== dst.ranking || src.shape.kind === 'text' || dst.shape.kind === 'text') {
    const refusal = conversionRefusal(src, dst);
    if (refusal !== undefined) throw new Error(refusal);
  }
  const misfit = explainMisfit(record, src);
  if (misfit !== undefined) return { record: undefined, losses: NO_LOSSES, misfit };

  let conv = readFitting(record as JsonObject, src);
  let losses: Loss[] | undefined;
  if (conv.rejected !== undefined && !dst.ranking) (losses ??= []).push({ kind: 'rejected' });
  if (!dst.toolRoles && hasToolTurns(conv)) {
    const stripped = withoutTools(conv);
    (losses ??= []).push({ kind: 'tools', messages: stripped.dropped });
    if (stripped.conv === undefined) {
      return { record: undefined, losses, unwritable: `holds tool calls and results but no answer to a question, and ${dst.id} has no place for tool messages` };
    }
    conv = stripped.conv;
  }
  if (!dst.multiTurn && conv.turns.length > 1) (losses ??= []).push({ kind: 'history', turns: conv.turns.length - 1 });
  if (!dst.hasSystem && conv.system !== undefined) (losses ??= []).push({ kind: 'system' });
  // conv.split is only set for a non-empty input; only alpaca has an `input` to put it back into.
  if (conv.split !== undefined && (dst.shape.kind !== 'flat' || dst.shape.input === undefined)) {
    (losses ??= []).push({ kind: 'split' });
  }
  if (conv.dropped !== undefined) {
    for (const field of conv.dropped) (losses ??= []).push({ kind: 'nested-field', field });
  }

  const out = writeConversation(conv, dst);
  const extras = conv.extras;
  if (extras !== undefined) {
    for (const k in extras) {
      if (dst.reserved.has(k)) (losses ??= []).push({ kind: 'collision', field: k });
      else putField(out, k, extras[k]);
    }
  }
  return { record: out, losses: losses ?? NO_LOSSES };
}

/**
 * The conversation without its tool messages, for a layout that has no roles for them: what the user
 * said and what the assistant answered stay in order; messages left next to one of the same side are
 * joined with a newline (a question that a tool call interrupted); a question left without an answer
 * after the last one is dropped too, and counted with the tool messages. Undefined when no question
 * and answer remain.
 */
function withoutTools(conv: Conversation): { conv: Conversation | undefined; dropped: number } {
  const turns: Turn[] = [];
  let dropped = 0;
  let question: string | undefined;
  for (const t of conv.turns) {
    if (t.observation === true) dropped++;
    else question = question === undefined ? t.user : question + '\n' + t.user;
    if (t.functionCall === true) {
      dropped++;
      continue;
    }
    if (question !== undefined) {
      turns.push({ user: question, assistant: t.assistant });
      question = undefined;
    } else if (turns.length > 0) {
      turns[turns.length - 1].assistant += '\n' + t.assistant;
    }
  }
  if (question !== undefined) dropped++;
  return { conv: turns.length === 0 ? undefined : { ...conv, turns }, dropped };
}
