// Reading an answers or reviews file into rows of named values, whatever its format: CSV or TSV
// (csv-parse: quoted newlines and commas, a BOM, \r\n or \n), a JSON array of objects, or JSONL
// (the dataset reader, so syntax errors are located and explained as in the dataset commands).
// The whole file is read before anything is returned: a bad row fails the file, never half of it.
// Node only (files, csv-parse).
import { readFile } from 'node:fs/promises';
import { extname } from 'node:path';
import { parse as parseCsv, CsvError } from 'csv-parse/sync';
import { bufferSource, loadDataset, locateOffsets } from '../dataset/reader';
import { formatDatasetError, kindOf, type DatasetError, type JsonObject } from '../dataset/types';
import { translate } from '../l10n';
import { throwIfCancelled, type LongOperation } from '../progress';

/** Where a row came from: its first line, and its number among the data rows (0-based, like DatasetError.record). */
export interface RowLocation {
  file: string;
  line: number;
  record: number;
}

export interface TableRow {
  values: JsonObject;
  location: RowLocation;
}

export interface Table {
  format: 'csv' | 'json';
  /** Column names in the order they first appear (the CSV header; the keys of the JSON records). */
  columns: string[];
  rows: TableRow[];
}

/** A located problem in an input file; `field` is the column it is about, when it is about one. */
export interface ImportProblem extends DatasetError {
  field?: string;
}

export function formatImportProblem(p: ImportProblem): string {
  return formatDatasetError(p.field === undefined ? p : { ...p, message: translate('column "{0}": {1}', p.field, p.message) });
}

/** Problems that fail a whole import; nothing of the file was stored. */
export class ImportError extends Error {
  constructor(readonly problems: ImportProblem[]) {
    const shown = problems.slice(0, 20).map(formatImportProblem);
    if (problems.length > 20) shown.push(translate('… and {0} more problem(s)', problems.length - 20));
    super(shown.join('\n'));
  }
}

/** A problem about one row (and one of its columns). */
export function rowProblem(at: RowLocation, message: string, field?: string): ImportProblem {
  return { file: at.file, line: at.line, column: 1, record: at.record, message, field };
}

/**
 * The line each CSV record starts on, from the byte offsets where each one ends (csv-parse's
 * info.bytes): its own line count goes wrong after a quoted \r\n, which Windows tools write.
 * A record starts where the previous one ended, after any blank lines; \r\n, \r and \n each end a line.
 */
function recordLines(buf: Buffer, ends: readonly number[]): number[] {
  const out: number[] = [];
  let line = 1;
  let pos = 0;
  const advance = (to: number) => {
    for (; pos < to; pos++) {
      const b = buf[pos];
      if (b === 0x0a || (b === 0x0d && buf[pos + 1] !== 0x0a)) line++;
    }
  };
  let start = 0;
  for (const end of ends) {
    while (buf[start] === 0x0a || buf[start] === 0x0d) start++;
    advance(start);
    out.push(line);
    start = end;
  }
  return out;
}

/** Reads a whole table: `.csv` and `.tsv` files as CSV, anything else as JSON or JSONL. */
export async function readTable(path: string, op: LongOperation = {}): Promise<Table> {
  const ext = extname(path).toLowerCase();
  const table = await (ext === '.csv' || ext === '.tsv' ? readCsv(path, ext === '.tsv' ? '\t' : ',', op) : readJson(path, op));
  throwIfCancelled(op.signal);
  return table;
}

async function readCsv(path: string, delimiter: string, op: LongOperation): Promise<Table> {
  const text = await readFile(path, { encoding: 'utf8', signal: op.signal });
  let parsed: Array<{ record: string[]; info: { bytes: number } }>;
  try {
    parsed = parseCsv(text, {
      bom: true,
      delimiter,
      info: true,
      relax_column_count: true, // a short or long row is reported with its line below, with the others
      skip_empty_lines: true,
      record_delimiter: ['\r\n', '\n', '\r'],
    }) as unknown as Array<{ record: string[]; info: { bytes: number } }>;
  } catch (e) {
    if (!(e instanceof CsvError)) throw e;
    const line = (e as unknown as { lines?: number }).lines ?? 1;
    throw new ImportError([{ file: path, line, column: 1, message: translate('not valid CSV: {0}', e.message.replace(/^[^:]*: /, '')) }]);
  }
  if (parsed.length === 0) throw new ImportError([{ file: path, line: 1, column: 1, message: translate('empty file: no header row') }]);
  const lines = recordLines(Buffer.from(text), parsed.map((p) => p.info.bytes));
  const header = parsed[0].record.map((h) => h.trim());
  const problems: ImportProblem[] = [];
  const seen = new Set<string>();
  header.forEach((h, i) => {
    if (h === '') problems.push({ file: path, line: lines[0], column: 1, message: translate('header column {0} has no name', i + 1) });
    else if (seen.has(h)) problems.push({ file: path, line: lines[0], column: 1, message: translate('header names column "{0}" twice', h) });
    seen.add(h);
  });
  const rows: TableRow[] = [];
  for (let r = 1; r < parsed.length; r++) {
    const { record } = parsed[r];
    const location = { file: path, line: lines[r], record: r - 1 };
    if (record.length !== header.length) {
      problems.push(rowProblem(location, translate('{0} field(s) where the header has {1} (an unquoted comma or line break in a value?)', record.length, header.length)));
      continue;
    }
    const values: JsonObject = {};
    for (let c = 0; c < header.length; c++) values[header[c]] = record[c];
    rows.push({ values, location });
  }
  if (problems.length > 0) throw new ImportError(problems);
  return { format: 'csv', columns: header, rows };
}

async function readJson(path: string, op: LongOperation): Promise<Table> {
  // All rows are held in memory anyway; reading the bytes at once makes locating 100k records a
  // scan of a buffer instead of 100k small reads of the file.
  const source = bufferSource(path, await readFile(path, { signal: op.signal }));
  const loaded = await loadDataset(source, op);
  if (loaded.errors.length > 0) throw new ImportError(loaded.errors);
  if (loaded.records.length === 0) throw new ImportError([{ file: path, line: 1, column: 1, message: translate('no records') }]);
  const where = await locateOffsets(
    source,
    loaded.records.map((r) => r.start),
  );
  const columns = new Set<string>();
  const rows = loaded.records.map((r, i): TableRow => {
    for (const k of Object.keys(r.value)) columns.add(k);
    return { values: r.value, location: { file: path, line: where[i].line, record: r.index } };
  });
  return { format: 'json', columns: [...columns], rows };
}

/** The first of `names` that is a column of the table (exact, then case-insensitive). */
export function findColumn(columns: readonly string[], names: readonly string[]): string | undefined {
  for (const n of names) if (columns.includes(n)) return n;
  const lower = new Map(columns.map((c) => [c.toLowerCase(), c]));
  for (const n of names) {
    const c = lower.get(n.toLowerCase());
    if (c !== undefined) return c;
  }
  return undefined;
}

/** A cell as text: a string as is, a number as written; undefined for absent, null or blank. Other kinds are a problem. */
export function cellText(row: TableRow, column: string | undefined, problems: ImportProblem[], opts: { keepBlank?: boolean } = {}): string | undefined {
  if (column === undefined) return undefined;
  const v = row.values[column];
  if (v === undefined || v === null) return undefined;
  if (typeof v === 'number') return String(v);
  if (typeof v !== 'string') {
    problems.push(rowProblem(row.location, translate('expected text, found {0}', kindOf(v)), column));
    return undefined;
  }
  return opts.keepBlank || v.trim() !== '' ? v : undefined;
}
