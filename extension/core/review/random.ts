// A seeded pseudo-random generator, so that every bootstrap interval of a report (and every
// simulated data set of the tests and the benchmark) is reproducible from its seed. xoshiro128**
// (Blackman & Vigna), seeded through splitmix32: fast with 32-bit integer arithmetic, and good
// enough statistically for resampling. Math.random cannot be seeded, hence this.
// Browser-safe (the review panel recomputes the report).

export interface Random {
  /** A uniform 32-bit unsigned integer. */
  uint32(): number;
  /** A uniform float in [0, 1). */
  float(): number;
  /** A uniform integer in [0, n), n < 2^21 exactly (larger n: negligible bias). */
  index(n: number): number;
  /** A standard normal variate (Box–Muller). */
  normal(): number;
}

export function seededRandom(seed: number): Random {
  // splitmix32 turns any seed (0 included) into four well-mixed, non-zero state words.
  let s = seed >>> 0;
  const split = () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = split();
  let b = split();
  let c = split();
  let d = split() | 1;
  const uint32 = (): number => {
    const result = Math.imul(rotl(Math.imul(b, 5), 7), 9) >>> 0;
    const t = b << 9;
    c ^= a;
    d ^= b;
    b ^= c;
    a ^= d;
    c ^= t;
    d = rotl(d, 11);
    return result;
  };
  let spare: number | undefined;
  return {
    uint32,
    float: () => uint32() / 4294967296,
    index: (n) => Math.floor((uint32() * n) / 4294967296),
    normal: () => {
      if (spare !== undefined) {
        const v = spare;
        spare = undefined;
        return v;
      }
      let u = 0;
      while (u === 0) u = uint32() / 4294967296;
      const r = Math.sqrt(-2 * Math.log(u));
      const theta = (2 * Math.PI * uint32()) / 4294967296;
      spare = r * Math.sin(theta);
      return r * Math.cos(theta);
    },
  };
}

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k));
}

/** The seed a report uses when none is given: fixed, so two runs on the same data print the same intervals. */
export const DEFAULT_SEED = 20231102;
