// seq-rep-4 on characters: the share of an answer's 4-character windows that repeat an earlier
// window (0: no repetition; a loop like 正当防卫不负刑事责任。×9 approaches 1). A stand-in so the
// comparison can show the repetition change now: the detectors issue (extension/core/quality)
// owns repetition, and its measure should replace this one when it lands.
// Browser-safe.

export function seqRep4(text: string): number {
  const chars = [...text.replace(/\s+/g, '')];
  const windows = chars.length - 3;
  if (windows <= 0) return 0;
  const seen = new Set<string>();
  let repeats = 0;
  for (let i = 0; i < windows; i++) {
    const w = chars[i] + chars[i + 1] + chars[i + 2] + chars[i + 3];
    if (seen.has(w)) repeats++;
    else seen.add(w);
  }
  return repeats / windows;
}
