// Vocabulary shared by the dataset reader, writer, converters and their callers.

import { translate } from '../l10n';

/** A JSON array of records (`[ {...}, ... ]`) or one record per line (JSONL). */
export type FileFormat = 'json' | 'jsonl';

/** A problem in a dataset file, located precisely enough to jump to it in an editor. */
export interface DatasetError {
  file: string;
  /** 1-based line of the problem. */
  line: number;
  /** 1-based column, counted in characters (UTF-16 code units, as VS Code counts them). */
  column: number;
  /** 0-based index of the record the problem belongs to, when it belongs to one. */
  record?: number;
  message: string;
}

/**
 * The number people read for a record: from 1, like the dataset editor's # column and like
 * line numbers. Indices in data structures stay 0-based.
 */
export function recordNumber(index: number): number {
  return index + 1;
}

export function formatDatasetError(e: DatasetError): string {
  const where = `${e.file}:${e.line}:${e.column}`;
  return e.record === undefined ? `${where}: ${e.message}` : translate('{0}: record {1}: {2}', where, recordNumber(e.record), e.message);
}

/** A plain JSON object: what every dataset record must be. */
export type JsonObject = { [key: string]: unknown };

/** What a JSON value is, for messages: `a number`, `a list`, `null`, `an object`. */
export function kindOf(v: unknown): string {
  if (Array.isArray(v)) return translate('a list');
  if (v === null) return 'null';
  switch (typeof v) {
    case 'object':
      return translate('an object');
    case 'string':
      return translate('a string');
    case 'number':
      return translate('a number');
    case 'boolean':
      return translate('a boolean');
    default:
      return translate('a {0}', typeof v);
  }
}

export function isJsonObject(v: unknown): v is JsonObject {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}
