// A byte-level scanner that finds where each record of a dataset file starts and ends, without
// parsing the records. It is fed the file chunk by chunk, so files of any size can be indexed
// in one streaming pass:
// - JSONL: every non-blank line is a record (found with Buffer.indexOf, the fastest scan Node has);
// - JSON array: the top-level values between `[` and `]`. Inside strings it jumps from quote to
//   quote with indexOf (records are mostly string bytes), and visits only the few bytes between
//   strings to track nesting. A quote preceded by an odd run of backslashes is escaped.
// The format is told by content: a file whose first significant byte is `[` is a JSON array,
// anything else is read as JSONL. A UTF-8 byte-order mark is skipped. A file that starts like
// UTF-16 (its byte-order mark, or a NUL every other byte) is reported once and not scanned: every
// "record" in it would be an error of its own.
import type { FileFormat } from './types';

const NL = 0x0a, CR = 0x0d, SPACE = 0x20, TAB = 0x09, QUOTE = 0x22, BACKSLASH = 0x5c;
const COLON = 0x3a, COMMA = 0x2c, LBRACE = 0x7b, RBRACE = 0x7d, LBRACKET = 0x5b, RBRACKET = 0x5d;

function isWhitespace(c: number): boolean {
  return c === SPACE || c === NL || c === CR || c === TAB;
}

/** Why the first bytes of a file look like UTF-16, or undefined. */
function utf16Evidence(b: Uint8Array): string | undefined {
  if (b[0] === 0xff && b[1] === 0xfe) return 'UTF-16 LE (it starts with the byte-order mark FF FE)';
  if (b[0] === 0xfe && b[1] === 0xff) return 'UTF-16 BE (it starts with the byte-order mark FE FF)';
  if (b.length < 4) return undefined;
  if (b[0] !== 0 && b[1] === 0 && b[2] !== 0 && b[3] === 0) return 'UTF-16 LE (every other byte is NUL)';
  if (b[0] === 0 && b[1] !== 0 && b[2] === 0 && b[3] !== 0) return 'UTF-16 BE (every other byte is NUL)';
  return undefined;
}

/** The UTF-8 byte-order mark's length: a file that has one starts its content after it. */
export const BOM_BYTES = 3;

/** Whether bytes start with the UTF-8 byte-order mark (EF BB BF). */
export function startsWithBom(bytes: Uint8Array): boolean {
  return bytes.length >= BOM_BYTES && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

/** What the scanner tells its caller. Offsets are absolute byte offsets in the file. */
export interface ScanSink {
  /** Record number `index` occupies bytes [start, end). */
  record(index: number, start: number, end: number): void;
  /** The file's structure is broken at `offset`; `record` is the index of the record concerned. */
  error(offset: number, message: string, record: number | undefined): void;
}

const enum State {
  Start,
  Lines,
  BeforeValue,
  Value,
  AfterValue,
  End,
}

export class RecordScanner {
  format: FileFormat | undefined;
  bom = false;
  /** True once a CRLF line ending was seen before the first LF-only one. */
  crlf = false;
  private eolKnown = false;
  /** The last byte of the previous push, for a CRLF split across two chunks. */
  private lastByte = -1;
  private state = State.Start;
  /** Absolute offset of the next byte to examine. */
  private pos = 0;
  /** Absolute offset where the record (or JSONL line) being scanned started, or -1. */
  private recordStart = -1;
  private depth = 0;
  private inString = false;
  private scalar = false;
  private afterComma = false;
  private count = 0;
  private trailingJunkReported = false;
  /** True when the file is not scanned further (it is not UTF-8 at all). */
  stopped = false;

  constructor(private readonly sink: ScanSink) {}

  /** Records found so far. */
  get records(): number {
    return this.count;
  }

  /** The caller must keep the bytes from this absolute offset on for the next push. */
  get keepFrom(): number {
    return this.recordStart >= 0 ? this.recordStart : this.pos;
  }

  /**
   * Scans `buf`, which holds the file's bytes from absolute offset `base` on; it must start at or
   * before `keepFrom` and continue past what earlier pushes saw. `final` marks the last push.
   */
  push(buf: Buffer, base: number, final = false): void {
    if (this.stopped) return;
    if (this.state === State.Start && !this.detect(buf, base, final)) return;
    if (!this.eolKnown) this.detectEol(buf, base);
    if (buf.length > 0) this.lastByte = buf[buf.length - 1];
    if (this.state === State.Lines) this.scanLines(buf, base, final);
    else this.scanArray(buf, base);
    if (final) this.finish(base + buf.length);
  }

  /** Decides the format from the first significant byte; false while more bytes are needed. */
  private detect(buf: Buffer, base: number, final: boolean): boolean {
    let p = this.pos - base;
    if (p === 0 && base === 0) {
      if (buf.length < 4 && !final) return false;
      const utf16 = utf16Evidence(buf);
      if (utf16 !== undefined) {
        this.sink.error(0, `not UTF-8; looks like ${utf16}: save the file as UTF-8`, undefined);
        this.stopped = true;
        return false;
      }
      if (startsWithBom(buf)) {
        this.bom = true;
        p = BOM_BYTES;
      }
    }
    const afterBom = p;
    while (p < buf.length && isWhitespace(buf[p])) p++;
    if (p === buf.length && !final) {
      this.pos = base + afterBom;
      return false;
    }
    if (buf[p] === LBRACKET) {
      this.format = 'json';
      this.state = State.BeforeValue;
      this.pos = base + p + 1;
    } else {
      this.format = 'jsonl';
      this.state = State.Lines;
      this.pos = base + afterBom;
      this.recordStart = this.pos;
    }
    return true;
  }

  private detectEol(buf: Buffer, base: number): void {
    const nl = buf.indexOf(NL, Math.max(0, this.pos - base - 1));
    if (nl < 0) return;
    this.eolKnown = true;
    this.crlf = (nl > 0 ? buf[nl - 1] : this.lastByte) === CR;
  }

  private scanLines(buf: Buffer, base: number, final: boolean): void {
    let p = this.pos - base;
    for (;;) {
      const nl = buf.indexOf(NL, p);
      if (nl < 0) {
        this.pos = base + buf.length;
        if (final) this.emitLine(buf, base, this.recordStart - base, buf.length);
        return;
      }
      this.emitLine(buf, base, this.recordStart - base, nl);
      p = nl + 1;
      this.recordStart = base + p;
    }
  }

  /** Emits the line buf[from, to) as a record unless it is blank; a trailing CR is not part of it. */
  private emitLine(buf: Buffer, base: number, from: number, to: number): void {
    let start = from;
    while (start < to && isWhitespace(buf[start])) start++;
    if (start === to) return;
    let end = to;
    while (isWhitespace(buf[end - 1])) end--;
    this.sink.record(this.count++, base + start, base + end);
  }

  private scanArray(buf: Buffer, base: number): void {
    const n = buf.length;
    let p = this.pos - base;
    while (p < n) {
      switch (this.state) {
        case State.BeforeValue: {
          const c = buf[p];
          if (isWhitespace(c)) {
            p++;
          } else if (c === RBRACKET) {
            if (this.afterComma) this.sink.error(base + p, 'Trailing comma before the closing ]', this.count - 1);
            this.state = State.End;
            p++;
          } else if (c === COMMA) {
            this.sink.error(base + p, 'Unexpected comma: a record is missing', this.count);
            p++;
          } else {
            this.recordStart = base + p;
            this.depth = 0;
            this.inString = false;
            this.scalar = c !== LBRACE && c !== LBRACKET && c !== QUOTE;
            this.state = State.Value;
          }
          break;
        }
        case State.Value:
          p = this.scalar ? this.scanScalar(buf, base, p) : this.scanValue(buf, base, p);
          break;
        case State.AfterValue: {
          const c = buf[p];
          if (isWhitespace(c)) {
            p++;
          } else if (c === COMMA) {
            this.afterComma = true;
            this.state = State.BeforeValue;
            p++;
          } else if (c === RBRACKET) {
            this.state = State.End;
            p++;
          } else {
            // Most likely a missing comma; read on as if it were there so later records survive.
            this.sink.error(base + p, "Expected ',' or ']' after a record", this.count);
            this.afterComma = false;
            this.state = State.BeforeValue;
          }
          break;
        }
        case State.End: {
          while (p < n && isWhitespace(buf[p])) p++;
          if (p < n && !this.trailingJunkReported) {
            this.trailingJunkReported = true;
            this.sink.error(base + p, 'Unexpected content after the closing ]', undefined);
          }
          p = n;
          break;
        }
        default:
          throw new Error(`scanner in unexpected state ${this.state}`);
      }
    }
    this.pos = base + p;
  }

  /** Numbers, true/false/null, or garbage: up to the next separator. */
  private scanScalar(buf: Buffer, base: number, p: number): number {
    const n = buf.length;
    while (p < n) {
      const c = buf[p];
      if (c === COMMA || c === RBRACKET || isWhitespace(c)) {
        this.endRecord(base + p);
        return p;
      }
      p++;
    }
    return p;
  }

  /**
   * Scans inside an object or array record; returns where it stopped (n when it needs more
   * bytes). The hot loop of a JSON-array pass: state lives in locals and is written back once.
   */
  private scanValue(buf: Buffer, base: number, p: number): number {
    const n = buf.length;
    let depth = this.depth;
    let inString = this.inString;
    // Whether the string being scanned is a value (it follows a colon): values are long, keys short.
    let isValue = false;
    let lastMark = 0;
    while (p < n) {
      if (inString) {
        // Keys close within a few bytes: look for their quote by hand rather than pay for a
        // native indexOf call; values go straight to indexOf.
        let q = -1;
        const stop = isValue ? p : p + 16 < n ? p + 16 : n;
        for (let i = p; i < stop; i++) {
          if (buf[i] === QUOTE) {
            q = i;
            break;
          }
        }
        if (q < 0 && stop < n) q = buf.indexOf(QUOTE, stop);
        if (q < 0) {
          p = n;
          break;
        }
        let backslashes = 0;
        for (let j = q - 1; buf[j] === BACKSLASH; j--) backslashes++;
        p = q + 1;
        if ((backslashes & 1) === 0) {
          inString = false;
          if (depth === 0) {
            this.depth = 0;
            this.inString = false;
            this.endRecord(base + p);
            return p;
          }
        }
        continue;
      }
      const c = buf[p++];
      // Indentation and newlines are most of the bytes between strings: out of the way first.
      if (c <= SPACE) continue;
      if (c === QUOTE) {
        inString = true;
        isValue = lastMark === COLON;
      } else if (c === COLON || c === COMMA) {
        lastMark = c;
      } else if (c === LBRACE || c === LBRACKET) {
        lastMark = c;
        depth++;
      } else if ((c === RBRACE || c === RBRACKET) && --depth === 0) {
        this.depth = 0;
        this.inString = false;
        this.endRecord(base + p);
        return p;
      }
    }
    this.depth = depth;
    this.inString = inString;
    return p;
  }

  private endRecord(end: number): void {
    this.sink.record(this.count++, this.recordStart, end);
    this.recordStart = -1;
    this.afterComma = false;
    this.state = State.AfterValue;
  }

  private finish(eof: number): void {
    if (this.format !== 'json') return;
    if (this.state === State.Value) {
      if (this.scalar) {
        this.endRecord(eof);
      } else {
        this.sink.error(this.recordStart, 'The file ends inside this record (truncated?)', this.count);
        this.recordStart = -1;
      }
      this.sink.error(eof, "Missing ']' at the end of the file", undefined);
    } else if (this.state !== State.End) {
      this.sink.error(eof, "Missing ']' at the end of the file", undefined);
    }
    this.state = State.End;
  }
}
