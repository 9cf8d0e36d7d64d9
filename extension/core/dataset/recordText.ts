// From a record's bytes to its value, or to the one problem that stops it: shared by the
// streaming reader and the large-file document, so both say the same thing about a record.
// Bytes that are not UTF-8 are an error, never decoded to U+FFFD (a literal U+FFFD, EF BF BD, is
// valid). The passes check whole chunks with isUtf8 (simdutf, several GB/s) and look at single
// records only in a chunk that failed.
import * as nodeBuffer from 'node:buffer';
import { isUtf8 } from 'node:buffer';
import { findJsonError, MAX_DEPTH } from './jsonSyntax';
import { isJsonObject, kindOf, type JsonObject } from './types';
import { translate } from '../l10n';

/**
 * Where the complete UTF-8 characters of buf[from, end) end: before a multi-byte sequence cut
 * off by the end of a chunk (its rest comes with the next chunk).
 */
export function completeUtf8End(buf: Uint8Array, from: number, end: number): number {
  for (let i = end - 1; i >= from && i >= end - 4; i--) {
    const b = buf[i];
    if (b < 0x80) return end;
    if (b >= 0xc0) return end - i >= (b >= 0xf0 ? 4 : b >= 0xe0 ? 3 : 2) ? end : i;
  }
  return end;
}

/** The offset of the first byte in buf[from, to) that starts no valid UTF-8 sequence, or -1. */
export function firstInvalidUtf8(buf: Uint8Array, from: number, to: number): number {
  for (let i = from; i < to; ) {
    const b = buf[i];
    if (b < 0x80) {
      i++;
      continue;
    }
    const need = b >= 0xc2 && b <= 0xdf ? 1 : b >= 0xe0 && b <= 0xef ? 2 : b >= 0xf0 && b <= 0xf4 ? 3 : 0;
    if (need === 0 || i + need >= to) return i;
    // The second byte's range excludes overlong forms and surrogates.
    const lo = b === 0xe0 ? 0xa0 : b === 0xf0 ? 0x90 : 0x80;
    const hi = b === 0xed ? 0x9f : b === 0xf4 ? 0x8f : 0xbf;
    if (buf[i + 1] < lo || buf[i + 1] > hi) return i;
    for (let k = 2; k <= need; k++) if ((buf[i + k] & 0xc0) !== 0x80) return i;
    i += need + 1;
  }
  return -1;
}

/** Whether the bytes read as Chinese in GBK/GB18030 (the usual wrong encoding of a Chinese dataset). */
function looksLikeGb18030(bytes: Uint8Array): boolean {
  try {
    return /[\u4e00-\u9fff]/.test(new TextDecoder('gb18030', { fatal: true }).decode(bytes));
  } catch {
    return false;
  }
}

export interface RecordProblem {
  /** Absolute byte offset of the problem. */
  offset: number;
  message: string;
}

/** The problem of bytes buf[from, to) (at file offset `base + from`) that are not UTF-8, or undefined. */
export function utf8Problem(buf: Buffer, from: number, to: number, base: number): RecordProblem | undefined {
  const bytes = buf.subarray(from, to);
  if (isUtf8(bytes)) return undefined;
  const bad = Math.max(from, firstInvalidUtf8(buf, from, to));
  const offset = base + bad;
  const hex = buf[bad].toString(16).toUpperCase().padStart(2, '0');
  const message = looksLikeGb18030(bytes)
    ? translate('invalid UTF-8 (byte 0x{0} at offset {1}); not UTF-8: it looks like GBK/GB18030 (convert the file: iconv -f GB18030 -t UTF-8)', hex, offset)
    : translate('invalid UTF-8 (byte 0x{0} at offset {1})', hex, offset);
  return { offset, message };
}

/**
 * ICU's converter, when Node has ICU (Electron's Node may not): for text that is mostly not ASCII
 * (Chinese) it turns UTF-8 into UTF-16 several times faster than Buffer#toString, whose decoder
 * leaves its fast path at the first non-ASCII byte. ASCII text and short records decode faster
 * with toString (one-byte strings, less per call), so they keep it.
 */
const transcode: typeof nodeBuffer.transcode | undefined = (nodeBuffer as Partial<typeof nodeBuffer>).transcode;
const TRANSCODE_MIN = 256;
const SAMPLES = 16;

/** Whether most of 16 bytes spread over buf[from, to) are not ASCII. */
function mostlyNonAscii(buf: Uint8Array, from: number, to: number): boolean {
  const step = Math.floor((to - from) / SAMPLES);
  let high = 0;
  for (let i = from + (step >> 1); i < to; i += step) if (buf[i] >= 0x80) high++;
  return high * 2 > SAMPLES;
}

/**
 * The text of buf[from, to), which must be valid UTF-8 (the callers check it first): the same
 * string as buf.toString('utf8', from, to), by the faster of two decoders for these bytes.
 */
export function decodeUtf8(buf: Buffer, from: number, to: number): string {
  if (transcode !== undefined && to - from >= TRANSCODE_MIN && mostlyNonAscii(buf, from, to)) {
    return transcode(buf.subarray(from, to), 'utf8', 'ucs2').toString('utf16le');
  }
  return buf.toString('utf8', from, to);
}

/** Whether a parsed value nests deeper than `max` (a walk over its containers only). */
function deeperThan(value: unknown, max: number): boolean {
  const stack: Array<[unknown, number]> = [[value, 1]];
  while (stack.length > 0) {
    const [v, depth] = stack.pop()!;
    if (depth > max) return true;
    if (Array.isArray(v)) {
      for (const item of v) if (typeof item === 'object' && item !== null) stack.push([item, depth + 1]);
    } else {
      for (const k in v as JsonObject) {
        const item = (v as JsonObject)[k];
        if (typeof item === 'object' && item !== null) stack.push([item, depth + 1]);
      }
    }
  }
  return false;
}

/** V8's message without the quoted record text it sometimes appends (which can be huge). */
export function cleanParseMessage(message: string): string {
  return message.replace(/, ".*" is not valid JSON$/s, '').replace(/ (?:in|after) JSON at position \d+.*$/s, '');
}

/**
 * Parses the record in buf[from, to), whose first byte is at file offset `base + from`.
 * `checkUtf8` is false when the bytes are known to be valid UTF-8 (their chunk passed).
 */
export function parseRecordBytes(buf: Buffer, from: number, to: number, base: number, checkUtf8: boolean): { value: JsonObject } | RecordProblem {
  if (checkUtf8) {
    const problem = utf8Problem(buf, from, to, base);
    if (problem) return problem;
  }
  const text = decodeUtf8(buf, from, to);
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const found = findJsonError(text);
    if (found) return problemAt(text, base + from, found.index, found.message);
    const message = (e as Error).message;
    return problemAt(text, base + from, Number(/at position (\d+)/.exec(message)?.[1] ?? 0), cleanParseMessage(message));
  }
  if (!isJsonObject(value)) return { offset: base + from, message: translate('A record must be a JSON object, not {0}', Array.isArray(value) ? translate('an array') : kindOf(value)) };
  // A record as deep as MAX_DEPTH has at least 2 × MAX_DEPTH brackets: shorter ones need no walk.
  if (to - from >= 2 * MAX_DEPTH && deeperThan(value, MAX_DEPTH)) {
    const found = findJsonError(text);
    return problemAt(text, base + from, found?.index ?? 0, found?.message ?? translate('Nested more than {0} levels deep', MAX_DEPTH));
  }
  return { value };
}

/** A problem at UTF-16 index `index` of a record's text that starts at file offset `start`. */
function problemAt(text: string, start: number, index: number, message: string): RecordProblem {
  return { offset: start + Buffer.byteLength(text.slice(0, index)), message };
}
