// Exact length distributions in bounded memory: a count per length up to a cap (a dataset's
// fields are rarely longer than a few thousand characters), with the rare longer ones kept aside.
// Browser-safe: the webview bundles this module (test/unit/layering.test.ts keeps Node out of it).

const CAP = 16384;

export interface LengthSummary {
  count: number;
  min: number;
  max: number;
  mean: number;
  p50: number;
  p90: number;
  p99: number;
  /** Histogram: `bins[i]` counts the lengths in [edges[i], edges[i+1]). */
  edges: number[];
  bins: number[];
  /** Values that are empty or whitespace only. */
  blank: number;
}

export class LengthDistribution {
  private readonly counts = new Uint32Array(CAP);
  private readonly long: number[] = [];
  private n = 0;
  private sum = 0;
  blank = 0;

  add(length: number, isBlank: boolean): void {
    if (length < CAP) this.counts[length]++;
    else this.long.push(length);
    this.n++;
    this.sum += length;
    if (isBlank) this.blank++;
  }

  /** The smallest length with at least a fraction q of the values at or below it. */
  private quantile(q: number, sortedLong: number[]): number {
    const rank = Math.max(1, Math.ceil(q * this.n));
    let seen = 0;
    for (let len = 0; len < CAP; len++) {
      seen += this.counts[len];
      if (seen >= rank) return len;
    }
    return sortedLong[rank - seen - 1];
  }

  summary(binCount = 20): LengthSummary {
    const long = [...this.long].sort((a, b) => a - b);
    if (this.n === 0) {
      return { count: 0, min: 0, max: 0, mean: 0, p50: 0, p90: 0, p99: 0, edges: [], bins: [], blank: 0 };
    }
    const min = this.quantile(0, long);
    const max = this.quantile(1, long);
    // Round bin widths to a readable step so the histogram's axis reads 0, 50, 100, …
    const raw = Math.max(1, (max + 1 - min) / binCount);
    const magnitude = 10 ** Math.floor(Math.log10(raw));
    const step = [1, 2, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw;
    const first = Math.floor(min / step) * step;
    const edges: number[] = [];
    for (let e = first; e <= max; e += step) edges.push(e);
    edges.push(edges[edges.length - 1] + step);
    const bins = new Array<number>(edges.length - 1).fill(0);
    const binOf = (len: number) => Math.min(bins.length - 1, Math.floor((len - first) / step));
    for (let len = min; len < Math.min(CAP, max + 1); len++) if (this.counts[len]) bins[binOf(len)] += this.counts[len];
    for (const len of long) bins[binOf(len)]++;
    return {
      count: this.n,
      min,
      max,
      mean: this.sum / this.n,
      p50: this.quantile(0.5, long),
      p90: this.quantile(0.9, long),
      p99: this.quantile(0.99, long),
      edges,
      bins,
      blank: this.blank,
    };
  }
}
