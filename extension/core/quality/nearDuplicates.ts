// Near-duplicate records inside a training set, for the dataset editor's filter: MinHash over
// character shingles of each record's normalised texts, with LSH banding (Broder 1997; Leskovec,
// Rajaraman & Ullman, "Mining of Massive Datasets", ch. 3), every candidate pair verified by the
// exact Jaccard similarity of the two shingle sets. The signature is one-permutation MinHash
// (Li, Owen & Zhang 2012) with rotation densification (Shrivastava & Li 2014): one hash per
// shingle instead of one per shingle and permutation, so 52k records sign in well under a second.
// Browser-safe.
import { CancelledError } from '../progress';
import { kgramHashes, mix32, sortByKey } from './fingerprint';
import type { NearDuplicateOptions } from './options';
import { normalizeText } from './normalize';
import type { TrainingIndex } from './trainingIndex';

export interface NearDuplicateGroup {
  /** Record positions, ascending. */
  records: number[];
  /** The lowest verified similarity that joined a record to the group. */
  minJaccard: number;
}

export interface NearDuplicates {
  groups: NearDuplicateGroup[];
  /** For each record, its group's index in `groups`, or −1. */
  groupOf: Int32Array;
  /** Candidate pairs verified exactly, and how many of them were near duplicates. */
  verified: number;
  confirmed: number;
}

/** The sorted distinct shingle hashes of each record's texts, joined (a record's texts are one document). */
export function recordShingles(index: TrainingIndex, shingle: number): Array<Uint32Array> {
  const out: Uint32Array[] = new Array(index.records);
  let t = 0;
  for (let r = 0; r < index.records; r++) {
    let joined = '';
    while (t < index.texts.length && index.textRecord[t] === r) joined += normalizeText(index.texts[t]).text + '\u0001', t++;
    const h = kgramHashes(joined, shingle).sort();
    let n = 0;
    for (let i = 0; i < h.length; i++) if (i === 0 || h[i] !== h[i - 1]) h[n++] = h[i];
    out[r] = h.slice(0, n);
  }
  return out;
}

/** Exact Jaccard similarity of two sorted distinct arrays. */
export function jaccard(a: Uint32Array, b: Uint32Array): number {
  if (a.length === 0 && b.length === 0) return 1;
  let i = 0;
  let j = 0;
  let both = 0;
  while (i < a.length && j < b.length) {
    if (a[i] === b[j]) both++, i++, j++;
    else if (a[i] < b[j]) i++;
    else j++;
  }
  return both / (a.length + b.length - both);
}

/** The one-permutation MinHash signature (bins = bands × rows) of a shingle set. */
export function signature(shingles: Uint32Array, bins: number): Uint32Array {
  const sig = new Uint32Array(bins).fill(0xffffffff);
  const bits = Math.ceil(Math.log2(bins));
  for (let i = 0; i < shingles.length; i++) {
    const h = shingles[i];
    const bin = (h >>> (32 - bits)) % bins;
    const v = h & ((1 << (32 - bits)) - 1);
    if (v < sig[bin]) sig[bin] = v;
  }
  // Rotation densification: an empty bin borrows the next non-empty bin's value, offset by the distance.
  if (shingles.length > 0) {
    for (let b = 0; b < bins; b++) {
      if (sig[b] !== 0xffffffff) continue;
      let d = 1;
      while (sig[(b + d) % bins] === 0xffffffff || isBorrowed(sig, (b + d) % bins)) d++;
      sig[b] = (sig[(b + d) % bins] + d * 0x9e3779b) >>> 0 | 0x80000000;
    }
  }
  return sig;
}

function isBorrowed(sig: Uint32Array, b: number): boolean {
  return (sig[b] & 0x80000000) !== 0 && sig[b] !== 0xffffffff;
}

/** The share of equal bins of two signatures: an unbiased estimate of their sets' Jaccard similarity. */
function estimate(sigs: Uint32Array, a: number, b: number, bins: number): number {
  let same = 0;
  for (let i = 0; i < bins; i++) if (sigs[a * bins + i] === sigs[b * bins + i]) same++;
  return same / bins;
}

export function findNearDuplicates(index: TrainingIndex, opts: NearDuplicateOptions, signal?: AbortSignal): NearDuplicates {
  const shingles = recordShingles(index, opts.shingle);
  const n = shingles.length;
  const bins = opts.bands * opts.rows;
  const sigs = new Uint32Array(n * bins);
  for (let r = 0; r < n; r++) sigs.set(signature(shingles[r], bins), r * bins);
  const parent = new Int32Array(n).map((_, i) => i);
  const find = (x: number): number => {
    while (parent[x] !== x) x = parent[x] = parent[parent[x]];
    return x;
  };
  const joined = new Float64Array(n).fill(1);
  let verified = 0;
  let confirmed = 0;
  const tried = new Set<number>();
  const keys = new Uint32Array(n);
  const members = new Uint32Array(n);
  for (let band = 0; band < opts.bands; band++) {
    if (signal?.aborted) throw new CancelledError();
    let m = 0;
    for (let r = 0; r < n; r++) {
      if (shingles[r].length === 0) continue;
      let h = mix32(band + 1);
      for (let j = 0; j < opts.rows; j++) h = mix32(h ^ sigs[r * bins + band * opts.rows + j]);
      keys[m] = h;
      members[m++] = r;
    }
    const k = keys.subarray(0, m);
    const v = members.subarray(0, m);
    sortByKey(k, v);
    for (let i = 0; i < m; ) {
      let j = i + 1;
      while (j < m && k[j] === k[i]) j++;
      // A bucket's members are verified against its first only: linear in the bucket, and any
      // record near the first joins its group (the other bands give the rest their chances).
      const rep = v[i];
      for (let x = i + 1; x < j; x++) {
        const other = v[x];
        if (find(rep) === find(other)) continue;
        // Each pair once (it meets again in other bands), and only when the signatures agree on
        // enough bins to make the exact similarity plausible (5 standard errors below the threshold).
        const pair = rep * n + other;
        if (tried.has(pair)) continue;
        tried.add(pair);
        if (estimate(sigs, rep, other, bins) < opts.minJaccard - 5 * Math.sqrt(0.25 / bins)) continue;
        verified++;
        const s = jaccard(shingles[rep], shingles[other]);
        if (s >= opts.minJaccard) {
          confirmed++;
          const a = find(rep);
          const b = find(other);
          parent[Math.max(a, b)] = Math.min(a, b);
          const root = Math.min(a, b);
          joined[root] = Math.min(joined[root], joined[Math.max(a, b)], s);
        }
      }
      i = j;
    }
  }
  const groupOf = new Int32Array(n).fill(-1);
  const groups: NearDuplicateGroup[] = [];
  const byRoot = new Map<number, number[]>();
  for (let r = 0; r < n; r++) {
    const root = find(r);
    let list = byRoot.get(root);
    if (!list) byRoot.set(root, (list = []));
    list.push(r);
  }
  for (const [root, records] of byRoot) {
    if (records.length < 2) continue;
    for (const r of records) groupOf[r] = groups.length;
    groups.push({ records, minJaccard: Math.round(joined[root] * 1000) / 1000 });
  }
  return { groups, groupOf, verified, confirmed };
}
