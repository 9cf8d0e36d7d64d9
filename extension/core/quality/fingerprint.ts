// Character k-gram hashes and winnowing (Schleimer, Wilkerson & Aiken 2003, "Winnowing: local
// algorithms for document fingerprinting", the algorithm of MOSS). Of every window of w
// consecutive k-gram hashes the minimum is kept (the rightmost on ties, as the paper's robust
// variant), so two texts that share a run of at least w + k − 1 characters share a fingerprint,
// while only about 2/(w+1) of the k-grams are stored.
// Browser-safe.

const BASE = 0x01000193; // FNV prime: odd, so multiplication by it is a bijection mod 2^32

/** The murmur3 finaliser: spreads a rolling hash's bits so that "minimum" picks k-grams at random. */
export function mix32(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** Reusable buffers for kgramHashesInto and winnowInto (they grow as needed). */
export interface Scratch {
  hashes: Uint32Array;
  picks: Int32Array;
  deque: Int32Array;
}

/**
 * The hash of every k-gram of `text` (UTF-16 units), by a rolling polynomial hash mod 2^32, mixed,
 * into scratch.hashes (grown when too small); returns how many.
 */
export function kgramHashesInto(text: string, k: number, scratch: Scratch): number {
  const count = text.length - k + 1;
  if (count <= 0) return 0;
  if (scratch.hashes.length < count) scratch.hashes = new Uint32Array(Math.max(count, scratch.hashes.length * 2));
  const out = scratch.hashes;
  let top = 1; // BASE^(k-1)
  for (let i = 1; i < k; i++) top = Math.imul(top, BASE);
  let h = 0;
  for (let i = 0; i < k; i++) h = (Math.imul(h, BASE) + text.charCodeAt(i)) | 0;
  out[0] = mix32(h);
  for (let i = 1; i < count; i++) {
    h = (Math.imul(h - Math.imul(text.charCodeAt(i - 1), top), BASE) + text.charCodeAt(i + k - 1)) | 0;
    out[i] = mix32(h);
  }
  return count;
}

/** kgramHashesInto as a new array. */
export function kgramHashes(text: string, k: number): Uint32Array {
  const scratch: Scratch = { hashes: new Uint32Array(Math.max(0, text.length - k + 1)), picks: new Int32Array(0), deque: new Int32Array(0) };
  return scratch.hashes.subarray(0, kgramHashesInto(text, k, scratch));
}

/**
 * Winnows hashes[0, n): the positions of the minimum of each window of `w` hashes, each position
 * once, in increasing order, into scratch.picks; returns how many. A text shorter than one window
 * keeps its minimum.
 */
export function winnowInto(hashes: Uint32Array, n: number, w: number, scratch: Scratch): number {
  if (n === 0) return 0;
  if (scratch.picks.length < n) scratch.picks = new Int32Array(Math.max(n, scratch.picks.length * 2));
  if (scratch.deque.length < n) scratch.deque = new Int32Array(Math.max(n, scratch.deque.length * 2));
  const out = scratch.picks;
  // A monotone deque of candidate positions: the minimum of the current window is at its head.
  const deque = scratch.deque;
  let count = 0;
  let head = 0;
  let tail = 0;
  let last = -1;
  const first = Math.min(w, n) - 1;
  for (let i = 0; i < n; i++) {
    while (tail > head && hashes[deque[tail - 1]] >= hashes[i]) tail--; // ">=": the rightmost minimum wins
    deque[tail++] = i;
    if (deque[head] <= i - w) head++;
    if (i >= first) {
      const m = deque[head];
      if (m !== last) out[count++] = last = m;
    }
  }
  return count;
}

/** winnowInto as a new array. */
export function winnow(hashes: Uint32Array, w: number): Int32Array {
  const scratch: Scratch = { hashes, picks: new Int32Array(hashes.length), deque: new Int32Array(hashes.length) };
  return scratch.picks.slice(0, winnowInto(hashes, hashes.length, w, scratch));
}

/**
 * Sorts `keys` ascending in place and applies the same permutation to `values` (LSD radix sort, two
 * 16-bit passes: linear, and far faster than a comparison sort of millions of fingerprints).
 */
export function sortByKey(keys: Uint32Array, values: Uint32Array): void {
  const n = keys.length;
  const tk = new Uint32Array(n);
  const tv = new Uint32Array(n);
  const counts = new Uint32Array(65537);
  const pass = (fk: Uint32Array, fv: Uint32Array, dk: Uint32Array, dv: Uint32Array, shift: number) => {
    counts.fill(0);
    for (let i = 0; i < n; i++) counts[((fk[i] >>> shift) & 0xffff) + 1]++;
    for (let b = 1; b <= 65536; b++) counts[b] += counts[b - 1];
    for (let i = 0; i < n; i++) {
      const at = counts[(fk[i] >>> shift) & 0xffff]++;
      dk[at] = fk[i];
      dv[at] = fv[i];
    }
  };
  pass(keys, values, tk, tv, 0);
  pass(tk, tv, keys, values, 16);
}

/** The first index of `key` in the sorted `keys`, or −1. */
export function lowerBound(keys: Uint32Array, key: number): number {
  let lo = 0;
  let hi = keys.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (keys[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo < keys.length && keys[lo] === key ? lo : -1;
}
