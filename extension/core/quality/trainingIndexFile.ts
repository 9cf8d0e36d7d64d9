// Builds the training index from a dataset file in one streaming pass (the dataset reader, so
// any format and layout the core reads): the layout is detected on the first batch of records,
// and every record's texts are recordTexts' (unfitting records walked by shape).
import { detectLayout, layoutById, type Layout } from '../dataset/layouts';
import { RecordReader, type ByteSource } from '../dataset/reader';
import { recordTexts } from '../dataset/recordTexts';
import type { DatasetError } from '../dataset/types';
import { throwIfCancelled, type LongOperation } from '../progress';
import { DEFAULT_QUALITY_OPTIONS, type QualityOptions } from './options';
import { TrainingIndex, TrainingIndexBuilder } from './trainingIndex';

export interface BuiltTrainingIndex {
  index: TrainingIndex;
  layout: string | undefined;
  /** Records that could not be read (left out of the index). */
  errors: DatasetError[];
}

export async function buildTrainingIndex(source: ByteSource, opts: Pick<QualityOptions, 'leakage' | 'contamination'> = DEFAULT_QUALITY_OPTIONS, op: LongOperation = {}): Promise<BuiltTrainingIndex> {
  const reader = new RecordReader(source, op);
  const builder = new TrainingIndexBuilder(opts);
  let layout: Layout | undefined;
  let decided = false;
  for await (const batch of reader.batches()) {
    throwIfCancelled(op.signal);
    if (!decided) {
      const id = detectLayout(batch.map((r) => r.value)).layout;
      layout = id === undefined ? undefined : layoutById(id);
      decided = true;
    }
    for (const r of batch) builder.addRecord(r.index, recordTexts(r.value, layout));
  }
  const errors = await reader.errors();
  const none = reader.noRecordsError();
  return { index: builder.build(), layout: layout?.id, errors: none ? [none, ...errors] : errors };
}
