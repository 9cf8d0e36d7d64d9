// Hashing texts for duplicate detection in bounded memory: a 53-bit string hash and a flat set of
// such hashes. (What the texts of a record are is recordTexts.ts's to say.)
/**
 * cyrb53: a fast 53-bit string hash. A Set of these numbers finds exact duplicates among a
 * million records in a few tens of MB, where a Set of the texts themselves would hold them all.
 */
export function hash53(text: string, seed = 0): number {
  // Both halves of a 53-bit seed are kept, so hashes can be chained field by field.
  let h1 = 0xdeadbeef ^ (seed >>> 0);
  let h2 = 0x41c6ce57 ^ Math.floor(seed / 4294967296);
  // Two UTF-16 units per step (as one 32-bit word): half the multiplications of one per unit.
  const even = text.length & ~1;
  for (let i = 0; i < even; i += 2) {
    const c = text.charCodeAt(i) | (text.charCodeAt(i + 1) << 16);
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  if (even < text.length) {
    const c = text.charCodeAt(even) ^ 0x9e3779b9; // a lone last unit, told apart from a pair
    h1 = Math.imul(h1 ^ c, 2654435761);
    h2 = Math.imul(h2 ^ c, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return 4294967296 * (2097151 & h2) + (h1 >>> 0);
}

/**
 * A set of hash53 values in one Float64Array (open addressing): a million entries take 16 MB,
 * where a JS Set of numbers this large takes several times that in boxed numbers and buckets.
 */
export class HashSet53 {
  private slots = new Float64Array(1 << 16);
  private size = 0;

  /** Adds the hash; returns false when it was already there. */
  add(hash: number): boolean {
    const h = hash === 0 ? 1 : hash; // 0 marks an empty slot
    const mask = this.slots.length - 1;
    for (let i = h % this.slots.length; ; i = (i + 1) & mask) {
      const v = this.slots[i];
      if (v === h) return false;
      if (v === 0) {
        this.slots[i] = h;
        if (++this.size * 2 > this.slots.length) this.grow();
        return true;
      }
    }
  }

  private grow(): void {
    const old = this.slots;
    this.slots = new Float64Array(old.length * 2);
    this.size = 0;
    for (const v of old) if (v !== 0) this.add(v);
  }
}
