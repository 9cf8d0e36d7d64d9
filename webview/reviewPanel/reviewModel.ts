// The review panel's state and every conversation with the host, without DOM: the queue and the
// position in it, the item shown, the note being typed, the key list, the last error. Components
// render from it and call its methods (or run() with a key's action); it tells them to re-render
// through subscribe(). Loading an item carries a sequence number, so a slow answer never replaces
// the item the reviewer has moved on to. Changes are sent one at a time, in order, so an undo
// pressed right after a score takes back that score.
import type { EventMessage } from '../../shared/rpc';
import type { ChangeResult, Events, FlagKind, FlagState, InitData, ItemDetail, Progress, QueueEntry, QueueMode, Requests, ScoreTarget } from '../../shared/reviewPanel/protocol';
import type { KeyAction } from './keys';

export type Call = <K extends keyof Requests & string>(method: K, params: Requests[K][0]) => Promise<Requests[K][1]>;

export class ReviewModel {
  init: InitData | undefined;
  mode: QueueMode = 'doubt';
  entries: QueueEntry[] = [];
  progress: Progress = { reviewed: 0, total: 0 };
  /** Position in `entries`; -1 when the queue is empty. */
  index = -1;
  /** The item shown (of entries[index] once loaded; after an undo, possibly one outside this queue). */
  item: ItemDetail | undefined;
  /** The note as typed, until it is saved. */
  noteDraft = '';
  keysVisible = false;
  canUndo = false;
  /** The last request that failed, shown until dismissed or the next success. */
  error: string | undefined;
  /** Where a key wants the focus; the component takes it after rendering. */
  focusRequest: 'note' | 'panel' | undefined;

  private loadSeq = 0;
  /**
   * The items next to the one shown, asked for ahead so that j and k show them without a round
   * trip. Emptied by every change: a baseline's score shows on every item of its question.
   */
  private readonly ahead = new Map<number, ItemDetail>();
  /** Changes go to the host one after another (see the header). */
  private queue: Promise<unknown> = Promise.resolve();
  private readonly listeners = new Set<() => void>();

  constructor(private readonly call: Call) {}

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private notify(): void {
    for (const l of this.listeners) l();
  }

  handleEvent(message: EventMessage<Events>): void {
    if (message.name === 'init') void this.start(message.payload);
  }

  ready(): Promise<void> {
    return this.request('ready', {});
  }

  async start(init: InitData): Promise<void> {
    this.init = init;
    await this.useQueue(init.queue);
  }

  get entry(): QueueEntry | undefined {
    return this.entries[this.index];
  }

  /** The candidate's answer has a note typed that is not saved yet. */
  get noteDirty(): boolean {
    return this.item !== undefined && this.noteDraft !== (this.item.candidate.review?.note ?? '');
  }

  private async useQueue(queue: InitData['queue']): Promise<void> {
    this.forgetAhead();
    this.mode = queue.mode;
    this.entries = queue.entries;
    this.progress = queue.progress;
    await this.go(queue.start);
  }

  /** Shows entry `index` of the queue (kept within it). */
  async go(index: number): Promise<void> {
    const target = this.entries.length === 0 ? -1 : Math.max(0, Math.min(this.entries.length - 1, index));
    const seq = ++this.loadSeq;
    this.index = target;
    if (target < 0) {
      this.show(undefined);
      return;
    }
    const entry = this.entries[target];
    const ready = this.ahead.get(entry.answerId);
    if (ready) {
      this.show(ready);
      this.prefetch();
      return;
    }
    if (this.item?.answerId !== entry.answerId) this.notify(); // the position moves at once; the texts follow
    try {
      const item = await this.call('getItem', { answerId: entry.answerId });
      if (seq !== this.loadSeq) return;
      this.show(item);
      this.prefetch();
    } catch (e) {
      if (seq === this.loadSeq) this.fail(e);
    }
  }

  /** Asks for the entries before and after the one shown, keeping only those. */
  private prefetch(): void {
    const near = [this.entries[this.index + 1], this.entries[this.index - 1]].filter((e): e is QueueEntry => e !== undefined);
    for (const id of [...this.ahead.keys()]) if (!near.some((e) => e.answerId === id)) this.ahead.delete(id);
    const generation = this.changes;
    for (const e of near) {
      if (this.ahead.has(e.answerId)) continue;
      this.call('getItem', { answerId: e.answerId }).then(
        (item) => {
          if (generation === this.changes) this.ahead.set(e.answerId, item);
        },
        () => undefined, // asked again, and its error shown, when the reviewer goes there
      );
    }
  }

  /** Whether the item of `answerId` is ready to show without asking the host. */
  isAhead(answerId: number): boolean {
    return this.ahead.has(answerId);
  }

  /** Counts changes, so that an item asked for ahead before one is not kept after it. */
  private changes = 0;

  private forgetAhead(): void {
    this.changes++;
    this.ahead.clear();
  }

  /** The next entry (saving a note typed on this one first). */
  next(): Promise<void> {
    return this.leaveFor(this.index + 1);
  }

  previous(): Promise<void> {
    return this.leaveFor(this.index - 1);
  }

  /** Moves to entry `index`, but never away from a note that could not be saved (it would be lost). */
  private async leaveFor(index: number): Promise<void> {
    if (!(await this.noteSaved())) return;
    if (index < 0 || index >= this.entries.length) return;
    await this.go(index);
  }

  private show(item: ItemDetail | undefined): void {
    this.item = item;
    this.noteDraft = item?.candidate.review?.note ?? '';
    this.notify();
  }

  private fail(e: unknown): void {
    this.error = e instanceof Error ? e.message : String(e);
    this.notify();
  }

  dismissError(): void {
    this.error = undefined;
    this.notify();
  }

  /** Sends a change after the ones before it; applies its answer to the item it was made on. */
  private change(send: () => Promise<ChangeResult>): Promise<void> {
    const run = this.queue.then(async () => {
      try {
        this.apply(await send());
      } catch (e) {
        this.fail(e);
      }
    });
    this.queue = run;
    return run;
  }

  private apply({ item, progress, canUndo }: ChangeResult): void {
    this.forgetAhead();
    this.progress = progress;
    this.canUndo = canUndo;
    this.error = undefined;
    const entry = this.entries.find((e) => e.answerId === item.answerId);
    if (entry) entry.reviewed = item.candidate.review !== undefined;
    if (this.item?.answerId === item.answerId) {
      const typed = this.noteDirty ? this.noteDraft : undefined;
      this.item = item;
      // A score saved while a note is being typed keeps the typing.
      this.noteDraft = typed ?? item.candidate.review?.note ?? '';
    }
    this.notify();
    this.prefetch();
  }

  score(target: ScoreTarget, score: number): Promise<void> {
    const item = this.item;
    if (!item) return Promise.resolve();
    return this.change(() => this.call('score', { answerId: item.answerId, target, score }));
  }

  setNoteDraft(text: string): void {
    this.noteDraft = text;
  }

  saveNote(): Promise<void> {
    const item = this.item;
    if (!item || !this.noteDirty) return Promise.resolve();
    const note = this.noteDraft;
    return this.change(() => this.call('note', { answerId: item.answerId, note }));
  }

  /** The candidate's flag of `kind`, if any. */
  flag(kind: FlagKind): FlagState | undefined {
    return this.item?.flags.find((f) => f.kind === kind);
  }

  /** A flag key: sets the flag, or takes it off when it is confirmed. */
  toggleFlag(kind: FlagKind): Promise<void> {
    return this.setFlag(kind, this.flag(kind)?.status === 'confirmed' ? 'rejected' : 'confirmed');
  }

  setFlag(kind: FlagKind, status: 'confirmed' | 'rejected'): Promise<void> {
    const item = this.item;
    if (!item) return Promise.resolve();
    return this.change(() => this.call('flag', { answerId: item.answerId, kind, status }));
  }

  /** Takes back the last change of this session and shows the answer it was on. */
  undo(): Promise<void> {
    const run = this.queue.then(async () => {
      try {
        const { item, progress, canUndo } = await this.call('undo', {});
        this.forgetAhead();
        this.progress = progress;
        this.canUndo = canUndo;
        this.error = undefined;
        if (item) {
          const at = this.entries.findIndex((e) => e.answerId === item.answerId);
          if (at >= 0) {
            this.entries[at].reviewed = item.candidate.review !== undefined;
            this.index = at;
          }
          this.loadSeq++; // an item still loading is not the one to show now
          this.show(item);
          this.prefetch();
        } else this.notify();
      } catch (e) {
        this.fail(e);
      }
    });
    this.queue = run;
    return run;
  }

  /** Saves a typed note; false when it stays unsaved (the error says why). */
  private async noteSaved(): Promise<boolean> {
    if (this.noteDirty) await this.saveNote();
    return !this.noteDirty;
  }

  /** Another order or filter of the queue, from its first unreviewed entry. */
  async setMode(mode: QueueMode): Promise<void> {
    if (!(await this.noteSaved())) return;
    try {
      await this.useQueue(await this.call('setMode', { mode }));
    } catch (e) {
      this.fail(e);
    }
  }

  toggleKeys(visible = !this.keysVisible): void {
    this.keysVisible = visible;
    this.notify();
  }

  /** Runs a key's action (keys.ts keyAction). */
  run(action: KeyAction): Promise<void> {
    switch (action.type) {
      case 'next':
        return this.next();
      case 'previous':
        return this.previous();
      case 'score':
        return this.score(action.target, action.score);
      case 'flag':
        return this.toggleFlag(action.kind);
      case 'advance':
        this.focusRequest = 'panel';
        return this.next();
      case 'undo':
        return this.undo();
      case 'toggleKeys':
        this.toggleKeys();
        return Promise.resolve();
      case 'escape':
        if (this.keysVisible) this.toggleKeys(false);
        else {
          this.focusRequest = 'panel';
          this.notify();
        }
        return Promise.resolve();
      case 'focusNote':
        this.focusRequest = 'note';
        this.notify();
        return Promise.resolve();
    }
  }

  private async request<K extends keyof Requests & string>(method: K, params: Requests[K][0]): Promise<void> {
    try {
      await this.call(method, params);
    } catch (e) {
      this.fail(e);
    }
  }
}
