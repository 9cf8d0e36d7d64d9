// How a file lays its records out — the head before the first record, the separator between
// records, the tail, the indentation inside a record — learnt from the file itself, so that
// records added or edited in the editor are written the way the untouched ones already are.
import { gapBefore, rawRecord, type BaseRecords } from './baseRecords';
import type { JsonObject } from '../types';

export interface RecordStyle {
  head: string;
  separator: string;
  tail: string;
  /** JSON.stringify's indent for a record, or undefined for one-line records. */
  indent: string | undefined;
  /** Prefix of each continuation line of a multi-line record (the record's own indentation). */
  recordIndent: string;
  crlf: boolean;
}

const decoder = new TextDecoder();

function leadingWhitespace(s: string): string {
  return /^[ \t]*/.exec(s)![0];
}

export function learnStyle(base: BaseRecords): RecordStyle {
  const { format, crlf } = base.shape;
  const eol = crlf ? '\r\n' : '\n';
  if (format === 'jsonl') {
    const tail = base.count > 0 ? decoder.decode(gapBefore(base, base.count)) : eol;
    return { head: base.count > 0 ? decoder.decode(gapBefore(base, 0)) : '', separator: eol, tail: tail || '', indent: undefined, recordIndent: '', crlf };
  }
  if (base.count === 0) {
    return { head: `[${eol}  `, separator: `,${eol}  `, tail: `${eol}]${eol}`, indent: '  ', recordIndent: '  ', crlf };
  }
  const head = decoder.decode(gapBefore(base, 0));
  const tail = decoder.decode(gapBefore(base, base.count));
  const recordIndent = head.includes('\n') ? leadingWhitespace(head.slice(head.lastIndexOf('\n') + 1)) : '';
  const separator = base.count > 1 ? decoder.decode(gapBefore(base, 1)) : head.includes('\n') ? `,${eol}${recordIndent}` : ',';
  // The first record shows the indentation: its second line is indented by recordIndent + one level.
  const first = decoder.decode(rawRecord(base, 0));
  const nl = first.indexOf('\n');
  const indent = nl < 0 ? undefined : leadingWhitespace(first.slice(nl + 1)).slice(recordIndent.length) || '  ';
  return { head, separator, tail, indent, recordIndent, crlf };
}

/** A record's text in the file's style. */
export function styleRecord(style: RecordStyle, value: JsonObject): string {
  let text = JSON.stringify(value, null, style.indent);
  if (style.indent !== undefined && style.recordIndent) text = text.replace(/\n/g, '\n' + style.recordIndent);
  return style.crlf ? text.replace(/\n/g, '\r\n') : text;
}
