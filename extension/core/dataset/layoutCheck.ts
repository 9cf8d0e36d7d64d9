// Streaming layout check: detects the layout on the first records, then tells which records
// (before and after that point) do not fit it. Shared by stats, validate and convert.
import { detectLayout, explainMisfit, layoutById, type LayoutId } from './layouts';
import type { JsonObject } from './types';
import { translate } from '../l10n';

/** How many records layout detection looks at before the rest of the file streams by. */
export const LAYOUT_SAMPLE = 1000;
/** Misfits listed one by one; past this only the count grows, so memory stays bounded. */
const LISTED = 10000;

export interface Misfit {
  index: number;
  /** Byte offset of the record in the file. */
  start: number;
  /** Why it does not fit, as a sentence. */
  reason: string;
}

export class LayoutCheck {
  layout: LayoutId | undefined;
  misfitCount = 0;
  readonly misfits: Misfit[] = [];
  private sample: Array<{ index: number; value: JsonObject; start: number }> | undefined = [];

  /** `forced` skips detection: the caller says what the layout is. */
  constructor(forced?: LayoutId) {
    if (forced !== undefined) {
      this.layout = forced;
      this.sample = undefined;
    }
  }

  /** Whether the layout is settled (after the sample, or when forced). */
  get decided(): boolean {
    return this.sample === undefined;
  }

  /** Adds a record; returns the records that became checkable (all of the sample once it is full). */
  add(index: number, value: JsonObject, start: number): void {
    if (this.sample) {
      this.sample.push({ index, value, start });
      if (this.sample.length === LAYOUT_SAMPLE) this.finish();
    } else {
      this.check(index, value, start);
    }
  }

  /** Settles the layout on what was sampled (call at the end of a short file). */
  finish(): void {
    const sample = this.sample;
    if (!sample) return;
    this.sample = undefined;
    this.layout = detectLayout(sample.map((r) => r.value)).layout;
    for (const r of sample) this.check(r.index, r.value, r.start);
  }

  /** Whether the record fits; a misfit is counted (and listed while there is room). */
  private check(index: number, value: JsonObject, start: number): boolean {
    const why = this.layout === undefined ? translate('fits no known layout') : explainMisfit(value, this.layout);
    if (why === undefined) return true;
    this.misfitCount++;
    if (this.misfits.length < LISTED) {
      const reason = this.layout === undefined ? translate('Record {0}', why) : translate('Record does not fit the {0} layout: it {1}', layoutById(this.layout).label, why);
      this.misfits.push({ index, start, reason });
    }
    return false;
  }
}
