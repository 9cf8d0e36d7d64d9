// Converting a whole file: stream the records, detect the source layout on the first ones,
// convert each and stream it into an atomically written target. Records that cannot be read
// or do not fit the source layout fail the conversion (nothing is written) unless the caller
// asks to skip them; either way the report says which.
import { basename, dirname, extname, join } from 'node:path';
import { ConversionReport, convertRecord } from './convert';
import { LAYOUT_SAMPLE } from './layoutCheck';
import { detectLayout, resolveLayout, type LayoutId } from './layouts';
import { RecordReader, type ByteSource, type DatasetRecord, type ScanOptions } from './reader';
import { formatDatasetError, type DatasetError, type FileFormat, type JsonObject } from './types';
import { DatasetWriter } from './writer';
import { translate } from '../l10n';

/** Where a converted file goes by default: beside the input, named for the target layout. */
export function defaultOutput(input: string, layout: string, jsonl: boolean): string {
  const stem = basename(input, extname(input));
  return join(dirname(input), `${stem}.${layout}.${jsonl ? 'jsonl' : 'json'}`);
}

export interface ConvertFileOptions extends ScanOptions {
  to: LayoutId;
  /** The source layout; detected from the first records when absent. */
  from?: LayoutId;
  /** The target's format; JSON array by default. */
  format?: FileFormat;
  /** Write the good records even when some cannot be read or converted. */
  skipInvalid?: boolean;
  /** Convert without writing anything: to see beforehand what the target cannot carry. */
  dryRun?: boolean;
}

export interface ConvertFileResult {
  from: LayoutId;
  to: LayoutId;
  format: FileFormat;
  /** Records written (for a dry run: that would be written). */
  written: number;
  /** Top-level keys of the written records (which optional columns the output has). */
  keys: Set<string>;
  report: ConversionReport;
  /** Records that could not be read (only when skipInvalid let the conversion go on). */
  errors: DatasetError[];
}

/** The input has records that cannot be read or converted; nothing was written. */
export class InvalidDatasetError extends Error {
  constructor(
    readonly errors: DatasetError[],
    readonly report: ConversionReport | undefined,
  ) {
    const lines = errors.slice(0, 20).map(formatDatasetError);
    if (errors.length > 20) lines.push(translate('… and {0} more', errors.length - 20));
    if (report && (report.misfitCount > 0 || report.unwritableCount > 0)) lines.push(report.summary());
    super(`${translate('Nothing was written: the input has problems (use --skip-invalid to convert the rest).')}\n${lines.join('\n')}`);
    this.name = 'InvalidDatasetError';
  }
}

/** `target` is ignored (may be empty) for a dry run. */
export async function convertFile(source: ByteSource, target: string, opts: ConvertFileOptions): Promise<ConvertFileResult> {
  const to = resolveLayout(opts.to);
  const format = opts.format ?? 'json';
  const reader = new RecordReader(source, opts);
  const report = new ConversionReport();
  const writer = opts.dryRun ? undefined : await DatasetWriter.create(target, { format });
  let written = 0;
  let from = opts.from === undefined ? undefined : resolveLayout(opts.from);
  let sample: DatasetRecord[] | undefined = from ? undefined : [];
  const keys = new Set<string>();

  const convert = async (records: DatasetRecord[]) => {
    const out: JsonObject[] = [];
    for (const r of records) {
      const result = convertRecord(r.value, from!, to);
      report.add(r.index, result);
      if (result.record) {
        for (const k in result.record) keys.add(k);
        out.push(result.record);
      }
    }
    written += out.length;
    await writer?.addAll(out);
  };
  const settleLayout = async () => {
    if (!sample) return;
    const detected = detectLayout(sample.map((r) => r.value)).layout;
    if (detected === undefined) {
      throw new Error(
        sample.length === 0
          ? translate('{0} has no records to convert.', source.name)
          : translate('Cannot tell the layout of {0}: no record fits a known layout. Name it with --from.', source.name),
      );
    }
    from = resolveLayout(detected);
    const pending = sample;
    sample = undefined;
    await convert(pending);
  };

  try {
    for await (const batch of reader.batches()) {
      if (sample) {
        sample.push(...batch);
        if (sample.length >= LAYOUT_SAMPLE) await settleLayout();
      } else {
        await convert(batch);
      }
    }
    const empty = reader.noRecordsError();
    if (empty) throw new Error(translate('Nothing was written: {0}', formatDatasetError(empty)));
    await settleLayout();
    const errors = await reader.errors();
    if ((errors.length > 0 || report.misfitCount > 0 || report.unwritableCount > 0) && !opts.skipInvalid && !opts.dryRun) throw new InvalidDatasetError(errors, report);
    await writer?.commit();
    return { from: from!.id, to: to.id, format, written, keys, report, errors };
  } catch (e) {
    await writer?.abort();
    throw e;
  }
}
