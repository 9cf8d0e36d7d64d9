// Sums up what a whole-file conversion lost, record by record, into a few lines a person can act
// on: how many records lost what, and which ones to look at first.

import type { ConversionResult, Loss, LossKind } from './convert';
import { translate, type Translate } from '../l10n';
import { recordNumber } from './types';

export interface LossSummary {
  kind: LossKind;
  /** The field, for kinds that name one (collision, nested-field). */
  field?: string;
  /** Records that suffered this loss. */
  records: number;
  /** history only: earlier turns dropped in all. */
  turns?: number;
  /** tools only: messages dropped in all. */
  messages?: number;
  /** The first few record indices, in the order they were added. */
  examples: number[];
}

export interface MisfitExample {
  index: number;
  reason: string;
}

/** Stable order of the summary lines: the most consequential losses first. */
const KIND_ORDER: readonly LossKind[] = ['rejected', 'tools', 'history', 'system', 'split', 'collision', 'nested-field'];

export class ConversionReport {
  /** Records added, converted or not. */
  records = 0;
  converted = 0;
  misfitCount = 0;
  readonly misfitExamples: MisfitExample[] = [];
  /** Records that fit but that the target layout cannot hold (e.g. only a tool call, for a layout without tool roles). */
  unwritableCount = 0;
  readonly unwritableExamples: MisfitExample[] = [];
  private readonly groups = new Map<string, LossSummary>();

  /** maxExamples: how many record indices to keep per kind of loss (and for misfits). */
  constructor(readonly maxExamples = 5) {}

  /** index: the record's position in the source file, as the summary should show it ("#17"). */
  add(index: number, result: ConversionResult): void {
    this.records++;
    if (result.misfit !== undefined) {
      this.misfitCount++;
      if (this.misfitExamples.length < this.maxExamples) this.misfitExamples.push({ index, reason: result.misfit });
      return;
    }
    for (const loss of result.losses) this.note(index, loss);
    if (result.unwritable !== undefined) {
      this.unwritableCount++;
      if (this.unwritableExamples.length < this.maxExamples) this.unwritableExamples.push({ index, reason: result.unwritable });
      return;
    }
    this.converted++;
  }

  /** One summary per kind of loss (per field, for collision and nested-field), most consequential first. */
  get losses(): LossSummary[] {
    return [...this.groups.values()].sort(
      (a, b) => KIND_ORDER.indexOf(a.kind) - KIND_ORDER.indexOf(b.kind) || (a.field ?? '').localeCompare(b.field ?? ''),
    );
  }

  /** Every record fitted and nothing was lost. */
  get lossless(): boolean {
    return this.misfitCount === 0 && this.unwritableCount === 0 && this.groups.size === 0;
  }

  /**
   * Lines, one per kind of loss plus one for misfits; a single line when all went well. In the
   * process's language unless a Translate is given.
   */
  summary(t: Translate = translate): string {
    if (this.lossless) return this.records === 1 ? t('1 record converted without loss.') : t('All {0} records converted without loss.', this.records);
    const lines = this.losses.map((s) => this.describe(s, t));
    if (this.unwritableCount > 0) {
      const eg = examples(this.unwritableExamples, this.unwritableCount, t);
      lines.push(
        this.unwritableCount === 1
          ? t('1 record cannot be held by the target layout and was skipped ({0})', eg)
          : t('{0} records cannot be held by the target layout and were skipped ({1})', this.unwritableCount, eg),
      );
    }
    if (this.misfitCount > 0) {
      const eg = examples(this.misfitExamples, this.misfitCount, t);
      lines.push(
        this.misfitCount === 1
          ? t('1 record did not fit the source layout and was skipped ({0})', eg)
          : t('{0} records did not fit the source layout and were skipped ({1})', this.misfitCount, eg),
      );
    }
    return lines.join('\n');
  }

  private note(index: number, loss: Loss): void {
    const field = loss.kind === 'collision' || loss.kind === 'nested-field' ? loss.field : undefined;
    const key = field === undefined ? loss.kind : `${loss.kind}:${field}`;
    let s = this.groups.get(key);
    if (s === undefined) {
      s = { kind: loss.kind, records: 0, examples: [] };
      if (field !== undefined) s.field = field;
      this.groups.set(key, s);
    }
    s.records++;
    if (loss.kind === 'history') s.turns = (s.turns ?? 0) + loss.turns;
    if (loss.kind === 'tools') s.messages = (s.messages ?? 0) + loss.messages;
    if (s.examples.length < this.maxExamples) s.examples.push(index);
  }

  private describe(s: LossSummary, t: Translate): string {
    const where = s.records === 1 ? t('1 record') : t('{0} records', s.records);
    const eg = s.examples.map((i) => `#${recordNumber(i)}`);
    if (s.records > eg.length) eg.push('…');
    const examples = t('e.g. {0}', eg.join(', '));
    switch (s.kind) {
      case 'rejected':
        return t('rejected answer dropped from {0} (the chosen answer was kept as the answer; {1})', where, examples);
      case 'tools': {
        const messages = s.messages === 1 ? t('1 message') : t('{0} messages', s.messages ?? 0);
        return t('tool calls and results dropped from {0} ({1}, with any question only a tool call answered; {2})', where, messages, examples);
      }
      case 'history': {
        const turns = s.turns === 1 ? t('1 earlier turn') : t('{0} earlier turns', s.turns ?? 0);
        return t('history dropped from {0} ({1}; the last turn was kept; {2})', where, turns, examples);
      }
      case 'system':
        return t('system prompt dropped from {0} ({1})', where, examples);
      case 'split':
        return t('instruction and input joined into one question in {0} ({1})', where, examples);
      case 'collision':
        return t("extra field '{0}' dropped from {1}: the target layout has a field of that name ({2})", s.field ?? '', where, examples);
      case 'nested-field':
        return t("message field '{0}' dropped from {1} ({2})", s.field ?? '', where, examples);
    }
  }
}

/** "e.g. #3: reason; #9: reason; …" */
function examples(shown: MisfitExample[], count: number, t: Translate): string {
  const items = shown.map((m) => `#${recordNumber(m.index)}: ${m.reason}`);
  if (count > items.length) items.push('…');
  return t('e.g. {0}', items.join('; '));
}
