// Converting records between layouts through the canonical conversation. Nothing is dropped
// silently: whatever the target layout cannot hold comes back as a Loss, and ConversionReport
// sums them up over a whole file.
//
// Called once per record in a streaming convert of a million records, so: no regular expressions,
// no clones (extra fields are carried by reference), and a shared empty loss list when nothing is lost.

import { readFitting, resolveLayout, explainMisfit, writeConversation, type LayoutRef } from './layouts';
import { putField } from './conversation';
import type { JsonObject } from './types';

export { ConversionReport, type LossSummary, type MisfitExample } from './conversionReport';

/** What a conversion could not carry into the target layout. */
export type Loss =
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
  | { record: JsonObject; losses: readonly Loss[]; misfit?: undefined }
  /** The record does not fit the source layout; `misfit` says why ("missing 'output'"). */
  | { record: undefined; losses: readonly Loss[]; misfit: string };

const NO_LOSSES: readonly Loss[] = Object.freeze([]);

/**
 * Converts one record from one layout to another. A record that does not fit the source layout is
 * not thrown on: the result has no record and says why, so that a streaming convert can report it
 * with its index and go on.
 */
export function convertRecord(record: unknown, from: LayoutRef, to: LayoutRef): ConversionResult {
  const src = resolveLayout(from);
  const dst = resolveLayout(to);
  const misfit = explainMisfit(record, src);
  if (misfit !== undefined) return { record: undefined, losses: NO_LOSSES, misfit };

  const conv = readFitting(record as JsonObject, src);
  let losses: Loss[] | undefined;
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
