// The review panel's state and every conversation with the host, without DOM: the queue and the
// position in it, the item shown, the note being typed, the key list, the last error. Components
// render from it and call its methods (or run() with a key's action); it tells them to re-render
// through subscribe(). Loading an item carries a sequence number, so a slow answer never replaces
// the item the reviewer has moved on to. Changes are sent one at a time, in order, so an undo
// pressed right after a score takes back that score.
import type { EventMessage } from '../../shared/rpc';
import type { ChangeResult, DiffMode, Events, FlagKind, FlagState, InitData, InlineDiff, ItemDetail, Progress, QueueEntry, QueueMode, Requests, ScoreTarget } from '../../shared/reviewPanel/protocol';
import type { KeyAction } from './keys';
import { textRuns, type Mark, type TextRun } from './textRuns';

/** Where a key wants the focus: the answer's note, a flag's note, or the panel (its keys). */
export type FocusRequest = 'note' | 'panel' | `flag-note:${FlagKind}`;

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
  focusRequest: FocusRequest | undefined;
  /** Flag notes as typed, until saved (a kind is here only while its note is being edited). */
  flagNoteDrafts: Partial<Record<FlagKind, string>> = {};
  /** The other reviewers' entries are listed. */
  othersVisible = false;
  /** The inline diff is shown in place of the candidate's plain answer. */
  compareOn = false;
  compareMode: DiffMode = 'word';
  /** The model the reviewer chose to compare with; the item's default when undefined or when it did not answer. */
  compareChoice: string | undefined;
  /** The diff shown, once it has arrived for the item, model and mode asked. */
  inlineDiff: InlineDiff | undefined;
  private compareSeq = 0;

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

  /** The host's `init`: at first, after a reload of the webview, and when the reviewer changes. */
  async start(init: InitData): Promise<void> {
    this.init = init;
    this.canUndo = false;
    await this.useQueue(init.queue, init.first);
  }

  get entry(): QueueEntry | undefined {
    return this.entries[this.index];
  }

  /** The candidate's answer has a note typed that is not saved yet. */
  get noteDirty(): boolean {
    return this.item !== undefined && this.noteDraft !== (this.item.candidate.review?.note ?? '');
  }

  /** Shows `queue` from its start; `first`, when given, is the item there (the host sent it along). */
  private async useQueue(queue: InitData['queue'], first?: ItemDetail): Promise<void> {
    this.forgetAhead();
    if (first) this.ahead.set(first.answerId, first);
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
    this.flagNoteDrafts = {};
    this.notify();
    void this.loadDiff();
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
      const flagTyped = this.dirtyFlagNotes().map((kind) => [kind, this.flagNoteDrafts[kind]!] as const);
      this.item = item;
      // A score saved while a note is being typed keeps the typing.
      this.noteDraft = typed ?? item.candidate.review?.note ?? '';
      this.flagNoteDrafts = Object.fromEntries(flagTyped.filter(([kind, text]) => text !== (this.flag(kind)?.note ?? '')));
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
    for (const kind of this.dirtyFlagNotes()) await this.saveFlagNote(kind);
    return !this.noteDirty && this.dirtyFlagNotes().length === 0;
  }

  /** The note of the candidate's flag of `kind` as typed, else as saved. */
  flagNoteDraft(kind: FlagKind): string {
    return this.flagNoteDrafts[kind] ?? this.flag(kind)?.note ?? '';
  }

  setFlagNoteDraft(kind: FlagKind, text: string): void {
    this.flagNoteDrafts[kind] = text;
  }

  /** Flag notes typed and not saved. */
  dirtyFlagNotes(): FlagKind[] {
    return (Object.keys(this.flagNoteDrafts) as FlagKind[]).filter((kind) => this.flagNoteDrafts[kind] !== (this.flag(kind)?.note ?? ''));
  }

  /** Saves the typed note of the flag of `kind` (the flag must be there; the host says so otherwise). */
  saveFlagNote(kind: FlagKind): Promise<void> {
    const item = this.item;
    const note = this.flagNoteDrafts[kind];
    if (!item || note === undefined || note === (this.flag(kind)?.note ?? '')) return Promise.resolve();
    return this.change(() => this.call('flagNote', { answerId: item.answerId, kind, note }));
  }

  /** Shift + a flag's letter: the flag's note gets the focus; a flag not there yet is set first. */
  async writeFlagNote(kind: FlagKind): Promise<void> {
    if (!this.item) return;
    if (!this.flag(kind)) await this.setFlag(kind, 'confirmed');
    if (!this.flag(kind)) return; // not saved: the error says why
    this.focusRequest = `flag-note:${kind}`;
    this.notify();
  }

  /** Detector suggestions not yet confirmed or rejected, in the item's order. */
  get openSuggestions(): FlagState[] {
    return (this.item?.flags ?? []).filter((f) => f.status === 'suggested');
  }

  /** Confirms or rejects the first open suggestion (y / x). */
  decideSuggestion(status: 'confirmed' | 'rejected'): Promise<void> {
    const first = this.openSuggestions[0];
    return first ? this.setFlag(first.kind, status) : Promise.resolve();
  }

  /** The spans of the candidate's answer that detectors point at, of every flag not rejected. */
  get marks(): Mark[] {
    return (this.item?.flags ?? []).filter((f) => f.status !== 'rejected').flatMap((f) => (f.evidence?.spans ?? []).map((s) => ({ ...s, kind: f.kind })));
  }

  /** The candidate's answer as runs to render: evidence marked, and the diff when it is shown and ready. */
  get candidateRuns(): TextRun[] {
    const item = this.item;
    if (!item) return [];
    const diff = this.compareOn && this.inlineDiff?.answerId === item.answerId ? this.inlineDiff.diff.segments : undefined;
    return textRuns(item.candidate.text, this.marks, diff);
  }

  /** The model the inline diff compares the candidate's answer with, for the item shown. */
  get compareModel(): string | undefined {
    const item = this.item;
    if (!item) return undefined;
    return this.compareChoice !== undefined && item.comparable.includes(this.compareChoice) ? this.compareChoice : item.compareDefault;
  }

  toggleCompare(on = !this.compareOn): Promise<void> {
    this.compareOn = on;
    this.notify();
    return this.loadDiff();
  }

  setCompareMode(mode: DiffMode): Promise<void> {
    this.compareMode = mode;
    this.compareOn = true;
    this.notify();
    return this.loadDiff();
  }

  setCompareModel(model: string): Promise<void> {
    this.compareChoice = model;
    this.compareOn = true;
    this.notify();
    return this.loadDiff();
  }

  /** Compares with the next model that answered this question (Shift+D), wrapping round. */
  compareNext(): Promise<void> {
    const models = this.item?.comparable ?? [];
    if (models.length === 0) return Promise.resolve();
    const at = models.indexOf(this.compareModel ?? '');
    return this.setCompareModel(models[(at + 1) % models.length]);
  }

  /** Asks for the diff the panel should show, if it is on and not already there; a late answer for another item, model or mode is dropped. */
  private async loadDiff(): Promise<void> {
    const item = this.item;
    const model = this.compareModel;
    const mode = this.compareMode;
    if (!this.compareOn || !item || model === undefined) return;
    const have = this.inlineDiff;
    if (have && have.answerId === item.answerId && have.model === model && have.diff.mode === mode) return;
    const seq = ++this.compareSeq;
    try {
      const diff = await this.call('compare', { answerId: item.answerId, model, mode });
      if (seq !== this.compareSeq) return;
      this.inlineDiff = diff;
      this.notify();
    } catch (e) {
      if (seq === this.compareSeq) this.fail(e);
    }
  }

  toggleOthers(visible = !this.othersVisible): void {
    this.othersVisible = visible;
    this.notify();
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
      case 'flagNote':
        return this.writeFlagNote(action.kind);
      case 'confirmSuggestion':
        return this.decideSuggestion('confirmed');
      case 'rejectSuggestion':
        return this.decideSuggestion('rejected');
      case 'toggleCompare':
        return this.toggleCompare();
      case 'compareMode':
        return this.setCompareMode(this.compareMode === 'word' ? 'char' : 'word');
      case 'compareNext':
        return this.compareNext();
      case 'toggleOthers':
        this.toggleOthers();
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
