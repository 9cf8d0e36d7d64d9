// Exact verification of fingerprint hits: each hit is extended to the maximal run of equal
// characters around it, so a hash collision never counts and a finding reports the true length.
// Browser-safe.

/** A run of equal characters: query[a, a+length) = text[p, p+length). */
export interface SharedRun {
  a: number;
  p: number;
  length: number;
}

/** The maximal shared runs around `hits` (pairs [query position, text position]), each once, longest first. */
export function sharedRuns(query: string, text: string, hits: readonly number[], k: number): SharedRun[] {
  const seen = new Set<string>();
  const runs: SharedRun[] = [];
  for (let h = 0; h < hits.length; h += 2) {
    let a = hits[h];
    let p = hits[h + 1];
    if (query.substr(a, k) !== text.substr(p, k)) continue; // a hash collision
    while (a > 0 && p > 0 && query.charCodeAt(a - 1) === text.charCodeAt(p - 1)) {
      a--;
      p--;
    }
    const key = `${a}:${p}`;
    if (seen.has(key)) continue;
    seen.add(key);
    let length = 0;
    while (a + length < query.length && p + length < text.length && query.charCodeAt(a + length) === text.charCodeAt(p + length)) length++;
    runs.push({ a, p, length });
  }
  runs.sort((x, y) => y.length - x.length || x.a - y.a);
  return runs;
}

/** Merges runs' query intervals into disjoint [start, end) intervals, in order. */
export function mergedIntervals(runs: readonly SharedRun[], minLength: number): Array<[number, number]> {
  const iv = runs.filter((r) => r.length >= minLength).map((r): [number, number] => [r.a, r.a + r.length]);
  iv.sort((x, y) => x[0] - y[0]);
  const out: Array<[number, number]> = [];
  for (const [s, e] of iv) {
    const last = out[out.length - 1];
    if (last && s <= last[1]) last[1] = Math.max(last[1], e);
    else out.push([s, e]);
  }
  return out;
}

/** How many query characters the merged intervals cover. */
export function intervalsLength(iv: ReadonlyArray<readonly [number, number]>): number {
  let n = 0;
  for (const [s, e] of iv) n += e - s;
  return n;
}
