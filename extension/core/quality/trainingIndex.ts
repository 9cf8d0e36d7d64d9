// The training index the detectors query: every text of every training record (recordTexts'
// definition, so the index sees what the dataset editor shows), with two fingerprint indexes
// over their normalised forms: one of all texts for leakage (k = w = 16), one of the question
// texts for contamination (finer, since questions are short). Built record by record from any
// source (trainingIndexFile.ts reads a dataset file); the near-duplicate search reads its texts.
// Browser-safe.
import type { FieldText } from '../dataset/fieldText';
import { FingerprintIndex, FingerprintIndexBuilder } from './fingerprintIndex';
import { normalizeText, type NormalizedText } from './normalize';
import { DEFAULT_QUALITY_OPTIONS, type QualityOptions } from './options';

/** Roles whose texts are what a user asks (an evaluation question found among them is contamination). */
const QUESTION_ROLES = new Set<string | undefined>(['question', 'input', undefined]);

export class TrainingIndexBuilder {
  private readonly texts: string[] = [];
  private textRecord = new Uint32Array(1024);
  private textField = new Uint16Array(1024);
  private readonly fieldNames: string[] = [];
  private readonly fieldIds = new Map<string, number>();
  private readonly copies: FingerprintIndexBuilder;
  private readonly questions: FingerprintIndexBuilder;
  private records = 0;

  constructor(opts: Pick<QualityOptions, 'leakage' | 'contamination'> = DEFAULT_QUALITY_OPTIONS) {
    this.copies = new FingerprintIndexBuilder(opts.leakage.k, opts.leakage.w);
    this.questions = new FingerprintIndexBuilder(opts.contamination.k, opts.contamination.w);
  }

  /** Adds one record's texts; `record` is its position in the file. */
  addRecord(record: number, texts: readonly FieldText[]): void {
    this.records = Math.max(this.records, record + 1);
    for (const t of texts) {
      if (t.text.length === 0) continue;
      const id = this.texts.length;
      if (id === this.textRecord.length) {
        this.textRecord = grow(this.textRecord, new Uint32Array(id * 2));
        this.textField = grow(this.textField, new Uint16Array(id * 2));
      }
      this.texts.push(t.text);
      this.textRecord[id] = record;
      this.textField[id] = this.fieldId(t.field);
      const norm = normalizeText(t.text).text;
      this.copies.add(id, norm);
      if (QUESTION_ROLES.has(t.role)) this.questions.add(id, norm);
    }
  }

  build(): TrainingIndex {
    const n = this.texts.length;
    return new TrainingIndex(this.records, this.texts, this.textRecord.slice(0, n), this.textField.slice(0, n), this.fieldNames, this.copies.build(), this.questions.build());
  }

  private fieldId(field: string): number {
    let id = this.fieldIds.get(field);
    if (id === undefined) {
      // Past 65,535 distinct paths (a record with huge message lists) the rest share the last name.
      id = Math.min(this.fieldNames.length, 0xffff);
      if (id === this.fieldNames.length) this.fieldNames.push(field);
      this.fieldIds.set(field, id);
    }
    return id;
  }
}

function grow<T extends Uint32Array | Uint16Array>(from: T, to: T): T {
  to.set(from);
  return to;
}

export class TrainingIndex {
  private readonly normCache = new Map<number, NormalizedText>();

  constructor(
    /** Records in the training file (the largest record position + 1). */
    readonly records: number,
    /** Every non-empty text, as the record has it. */
    readonly texts: readonly string[],
    /** The record each text belongs to. */
    readonly textRecord: Uint32Array,
    readonly textField: Uint16Array,
    readonly fieldNames: readonly string[],
    /** Fingerprints of all texts (leakage). */
    readonly copies: FingerprintIndex,
    /** Fingerprints of the question texts (contamination). */
    readonly questions: FingerprintIndex,
  ) {}

  /** The normalised form of a text (kept for a while: the same records come back answer after answer). */
  normalized(text: number): NormalizedText {
    let n = this.normCache.get(text);
    if (!n) {
      if (this.normCache.size >= 4096) this.normCache.clear();
      this.normCache.set(text, (n = normalizeText(this.texts[text])));
    }
    return n;
  }

  field(text: number): string {
    return this.fieldNames[this.textField[text]];
  }
}
