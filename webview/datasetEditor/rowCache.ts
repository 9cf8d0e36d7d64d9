// The table's rows, fetched from the host in blocks as the virtualiser asks for them. A view
// change or a document change starts a new generation: answers to older requests are dropped,
// so rows of a previous view never show up in the new one.
import type { RowData } from '../../shared/datasetEditor/protocol';

export type FetchRows = (start: number, end: number) => Promise<RowData[]>;

export class RowCache {
  /** Block index → rows; Map order doubles as least-recently-used order for eviction. */
  private blocks = new Map<number, RowData[]>();
  /** The previous generation's blocks, shown while their replacements load (no blank flash after an edit). */
  private stale = new Map<number, RowData[]>();
  private pending = new Set<number>();
  private generation = 0;
  private count = 0;

  constructor(
    private readonly fetch: FetchRows,
    /** Called after a block arrived, to re-render. */
    private readonly onLoad: () => void,
    readonly blockSize = 200,
    private readonly maxBlocks = 50,
  ) {}

  /** Forgets every row. `keepStale` keeps showing the old rows until the new ones arrive. */
  reset(count: number, keepStale = false): void {
    this.stale = keepStale ? this.blocks : new Map();
    this.blocks = new Map();
    this.pending.clear();
    this.generation++;
    this.count = count;
  }

  /** Rows from the top of the view that came unasked (with `init`): the blocks they fill are loaded. */
  prime(rows: RowData[]): void {
    for (let start = 0; start < rows.length; start += this.blockSize) {
      const block = rows.slice(start, start + this.blockSize);
      if (block.length === this.blockSize || start + block.length === this.count) this.blocks.set(start / this.blockSize, block);
    }
  }

  /** The row at a view position, or undefined while it loads (the load starts here). */
  get(index: number): RowData | undefined {
    if (index < 0 || index >= this.count) return undefined;
    const block = Math.floor(index / this.blockSize);
    const rows = this.blocks.get(block);
    if (rows) {
      this.blocks.delete(block); // re-insert: most recently used last
      this.blocks.set(block, rows);
      return rows[index - block * this.blockSize];
    }
    void this.load(block);
    return this.stale.get(block)?.[index - block * this.blockSize];
  }

  /** Starts loading every block that covers [start, end). */
  ensure(start: number, end: number): void {
    const last = Math.min(end, this.count) - 1;
    for (let b = Math.floor(Math.max(0, start) / this.blockSize); b * this.blockSize <= last; b++) {
      if (!this.blocks.has(b)) void this.load(b);
    }
  }

  private async load(block: number): Promise<void> {
    if (this.pending.has(block)) return;
    const generation = this.generation;
    this.pending.add(block);
    const start = block * this.blockSize;
    let rows: RowData[];
    try {
      rows = await this.fetch(start, Math.min(this.count, start + this.blockSize));
    } catch {
      // Leave the block missing: the next get() of one of its rows asks again.
      if (generation === this.generation) this.pending.delete(block);
      return;
    }
    if (generation !== this.generation) return;
    this.pending.delete(block);
    this.blocks.set(block, rows);
    this.stale.delete(block);
    while (this.blocks.size > this.maxBlocks) this.blocks.delete(this.blocks.keys().next().value!);
    this.onLoad();
  }
}
