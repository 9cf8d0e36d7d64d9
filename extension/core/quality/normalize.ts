// Light text normalisation for the detectors, with a map back to the original text so a finding
// highlights what the reader sees. Per character: NFKC (full-width → half-width, compatibility
// forms), ASCII letters lower-cased, whitespace, punctuation and symbols dropped. Chinese has no
// spaces and models re-punctuate freely, so two texts that differ only there compare equal.
// NFKC is applied per code point (cached), so the offset map stays exact; a code point whose NFKC
// form is several characters maps each of them to itself.
// Browser-safe.

export interface NormalizedText {
  /** The normalised text. */
  text: string;
  /** For each character of `text`, the UTF-16 offset of the original character it came from. */
  offsets: Int32Array;
  /** The original text. */
  original: string;
}

const DROP = /^[\s\p{P}\p{S}\p{Cc}\p{Cf}]*$/u;
/** NFKC forms of the code points met so far that are neither CJK ideographs nor ASCII. */
const cache = new Map<number, string>();

/** The normalised form of one code point ('' when it is dropped), past the fast paths. */
function normalizeCodePoint(cp: number): string {
  let out = cache.get(cp);
  if (out === undefined) {
    const nfkc = String.fromCodePoint(cp).normalize('NFKC').toLowerCase();
    out = '';
    for (const ch of nfkc) if (!DROP.test(ch)) out += ch;
    cache.set(cp, out);
  }
  return out;
}

// Scratch buffers, reused: the index normalises millions of characters and must not allocate per character.
let codes = new Uint16Array(1 << 12);
let offs = new Int32Array(1 << 12);

export function normalizeText(original: string): NormalizedText {
  if (codes.length < original.length * 2) {
    codes = new Uint16Array(original.length * 2);
    offs = new Int32Array(original.length * 2);
  }
  let n = 0;
  for (let i = 0; i < original.length; i++) {
    const c = original.charCodeAt(i);
    // Fast paths: CJK ideographs, digits and lower-case letters stay; upper-case letters are lowered; other ASCII is dropped.
    if ((c >= 0x4e00 && c <= 0x9fff) || (c >= 0x30 && c <= 0x39) || (c >= 0x61 && c <= 0x7a)) {
      codes[n] = c;
      offs[n++] = i;
      continue;
    }
    if (c < 0x80) {
      if (c >= 0x41 && c <= 0x5a) {
        codes[n] = c + 32;
        offs[n++] = i;
      }
      continue;
    }
    const cp = original.codePointAt(i)!;
    const out = normalizeCodePoint(cp);
    if (n + out.length > codes.length) {
      // NFKC expanded past the scratch (㈠ → (一) is three): rare, so grow only then.
      const grownCodes = new Uint16Array(codes.length * 2);
      grownCodes.set(codes);
      const grownOffs = new Int32Array(offs.length * 2);
      grownOffs.set(offs);
      codes = grownCodes;
      offs = grownOffs;
    }
    for (let j = 0; j < out.length; j++) {
      codes[n] = out.charCodeAt(j);
      offs[n++] = i;
    }
    if (cp > 0xffff) i++;
  }
  const text = fromCodes(codes, n);
  return { text, offsets: offs.slice(0, n), original };
}

/** The string of codes[0, n), in chunks (fromCharCode's arguments are bounded): much faster than a TextDecoder for short texts. */
function fromCodes(codes: Uint16Array, n: number): string {
  if (n <= 8192) return String.fromCharCode.apply(null, codes.subarray(0, n) as unknown as number[]);
  let out = '';
  for (let i = 0; i < n; i += 8192) out += String.fromCharCode.apply(null, codes.subarray(i, Math.min(n, i + 8192)) as unknown as number[]);
  return out;
}

/** The original span [start, end) of the normalised span [start, end) (whole code points). */
export function originalSpan(norm: NormalizedText, start: number, end: number): { start: number; end: number } {
  if (end <= start) {
    const at = start < norm.offsets.length ? norm.offsets[start] : norm.original.length;
    return { start: at, end: at };
  }
  const last = norm.offsets[end - 1];
  return { start: norm.offsets[start], end: last + (norm.original.codePointAt(last)! > 0xffff ? 2 : 1) };
}
