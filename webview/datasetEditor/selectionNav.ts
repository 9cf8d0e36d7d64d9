// Where the selection goes on a key press or a jump to the next search result. Positions are
// view positions; -1 means the selected record is not in the view (e.g. an edit took it out of
// a filter), and any move then starts from the top or the bottom.

const STEP: Record<string, number> = { ArrowUp: -1, ArrowDown: 1 };

/** The new position for a navigation key, or undefined when the key does not navigate. */
export function navigate(key: string, index: number, count: number, pageSize: number): number | undefined {
  if (count <= 0) return undefined;
  const clamp = (i: number) => Math.max(0, Math.min(count - 1, i));
  switch (key) {
    case 'Home':
      return 0;
    case 'End':
      return count - 1;
    case 'PageUp':
      return index < 0 ? 0 : clamp(index - pageSize);
    case 'PageDown':
      return clamp(index < 0 ? pageSize - 1 : index + pageSize);
    default:
      if (!(key in STEP)) return undefined;
      return index < 0 ? (STEP[key] > 0 ? 0 : count - 1) : clamp(index + STEP[key]);
  }
}

/** Next (+1) or previous (-1) position, wrapping around like VS Code's find. */
export function stepWrapped(index: number, delta: 1 | -1, count: number): number | undefined {
  if (count <= 0) return undefined;
  if (index < 0) return delta > 0 ? 0 : count - 1;
  return (index + delta + count) % count;
}
