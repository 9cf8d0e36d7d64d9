// An index of winnowed k-gram fingerprints over many texts, in typed arrays: the fingerprints'
// hashes sorted (binary search), with the text and the position of each in parallel arrays. A
// few bytes per fingerprint and no per-k-gram objects, so 52k records index in bounded memory
// (a JavaScript Map of every k-gram would hold tens of millions of entries).
// Browser-safe.
import { kgramHashes, kgramHashesInto, lowerBound, sortByKey, winnowInto, type Scratch } from './fingerprint';

/** Reused by every add(): a hundred thousand texts must not allocate two arrays each. */
const scratch: Scratch = { hashes: new Uint32Array(1 << 12), picks: new Int32Array(1 << 12), deque: new Int32Array(1 << 12) };

/** One text sharing fingerprints with a query: where (query position, text position) they are. */
export interface Candidate {
  text: number;
  /** Pairs [query position, text position] of the shared k-grams, flattened. */
  hits: number[];
}

export class FingerprintIndexBuilder {
  private hashes = new Uint32Array(1 << 16);
  private texts = new Uint32Array(1 << 16);
  private positions = new Uint32Array(1 << 16);
  private n = 0;

  constructor(
    readonly k: number,
    readonly w: number,
  ) {}

  /** Adds the fingerprints of a normalised text under the caller's text id. */
  add(text: number, normalized: string): void {
    const count = kgramHashesInto(normalized, this.k, scratch);
    const picks = winnowInto(scratch.hashes, count, this.w, scratch);
    if (this.n + picks > this.hashes.length) this.grow(this.n + picks);
    const { hashes, texts, positions } = this;
    const chosen = scratch.picks;
    let n = this.n;
    for (let i = 0; i < picks; i++) {
      hashes[n] = scratch.hashes[chosen[i]];
      texts[n] = text;
      positions[n++] = chosen[i];
    }
    this.n = n;
  }

  build(): FingerprintIndex {
    const n = this.n;
    const keys = this.hashes.slice(0, n);
    const order = new Uint32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    sortByKey(keys, order);
    const texts = new Uint32Array(n);
    const positions = new Uint32Array(n);
    for (let i = 0; i < n; i++) {
      texts[i] = this.texts[order[i]];
      positions[i] = this.positions[order[i]];
    }
    return new FingerprintIndex(this.k, this.w, keys, texts, positions);
  }

  private grow(min: number): void {
    let size = this.hashes.length * 2;
    while (size < min) size *= 2;
    for (const name of ['hashes', 'texts', 'positions'] as const) {
      const next = new Uint32Array(size);
      next.set(this[name].subarray(0, this.n));
      this[name] = next;
    }
  }
}

export class FingerprintIndex {
  constructor(
    readonly k: number,
    readonly w: number,
    /** Sorted ascending. */
    readonly hashes: Uint32Array,
    readonly texts: Uint32Array,
    readonly positions: Uint32Array,
  ) {}

  get size(): number {
    return this.hashes.length;
  }

  /**
   * The texts sharing the longest runs of k-grams with a normalised query, at most
   * `maxCandidates`, with where they share them. Every k-gram of the query is looked up (not only
   * its winnowed ones), so a run of w + k − 1 shared characters is found whichever k-gram the
   * index kept of it. Texts are ranked by their most hits on one diagonal (query position − text
   * position): a long copied run lines up there, while boilerplate shared in bits scatters. A
   * k-gram that more than `maxPostings` fingerprints share contributes only its first ones.
   */
  candidates(query: string, maxPostings: number, maxCandidates: number): Candidate[] {
    const hashes = kgramHashes(query, this.k);
    const byText = new Map<number, number[]>();
    for (let a = 0; a < hashes.length; a++) {
      const first = lowerBound(this.hashes, hashes[a]);
      if (first < 0) continue;
      const end = Math.min(this.hashes.length, first + maxPostings);
      for (let i = first; i < end && this.hashes[i] === hashes[a]; i++) {
        const t = this.texts[i];
        let hits = byText.get(t);
        if (!hits) byText.set(t, (hits = []));
        hits.push(a, this.positions[i]);
      }
    }
    const all = Array.from(byText, ([text, hits]) => ({ text, hits, rank: diagonalPeak(hits) }));
    all.sort((x, y) => y.rank - x.rank || y.hits.length - x.hits.length || x.text - y.text);
    return all.slice(0, maxCandidates).map(({ text, hits }) => ({ text, hits }));
  }
}

/** The most hits on one diagonal (query position − text position). */
function diagonalPeak(hits: readonly number[]): number {
  if (hits.length === 2) return 1;
  const counts = new Map<number, number>();
  let best = 0;
  for (let i = 0; i < hits.length; i += 2) {
    const d = hits[i] - hits[i + 1];
    const c = (counts.get(d) ?? 0) + 1;
    counts.set(d, c);
    if (c > best) best = c;
  }
  return best;
}
