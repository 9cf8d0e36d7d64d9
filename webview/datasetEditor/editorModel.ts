// The editor's state and every conversation with the host, without DOM: the view (filter, search,
// sort), the selected record, the pending field edit, and the lazily loaded preview and
// statistics. Components render from it and call its methods; it tells them to re-render
// through subscribe(). Each kind of request carries a sequence number so that a slow answer
// never overwrites a newer one (typing a search fires several setView calls).
import { isQualityFilter } from '../../extension/core/dataset/document/filters';
import type { EventMessage } from '../../shared/rpc';
import type { EditorCommand, Events, FilterId, FirstView, HostCommand, InitData, JsonPath, PreviewResult, RecordDetail, Requests, SearchSpec, StatsData, ViewInfo, ViewSpec } from '../../shared/datasetEditor/protocol';
import { RowCache } from './rowCache';
import { searchPattern } from './searchPattern';
import { navigate, stepWrapped } from './selectionNav';
import { clampColumnWidth, nextSort, type SavedState } from './viewState';

export type Call = <K extends keyof Requests & string>(method: K, params: Requests[K][0]) => Promise<Requests[K][1]>;

/** Why the view is (re)computed, which decides what happens to the selection. */
type ViewReason = 'restore' | 'spec' | 'changed';

/**
 * One stretch of typing in one field, from the first keystroke until the user leaves the field
 * (or presses Ctrl+Enter, undo, redo or save). It reaches the host as it goes: the first text at
 * once, so that the tab is dirty from the first keystroke, and later texts a moment after typing
 * pauses; the host makes them one edit, so one undo takes back exactly this typing.
 */
interface Typing {
  row: number;
  path: JsonPath;
  /** Numbers the stretch for the host (Requests.editField's `session`). */
  id: number;
  /** The record typed in (RecordDetail.key): the host refuses the text if another record stands at `row`. */
  key: number;
  /** The latest text typed, which the field shows until the document has it. */
  value: string;
  /** The text last sent (undefined: none yet). */
  sent: string | undefined;
  ended: boolean;
  /** Once ended and sent: a record loaded with this sequence number or later shows the document's text again. */
  releaseAt?: number;
}

/** How long typing may pause before what was typed is sent on. */
const TYPING_PAUSE_MS = 300;

const samePath = (a: JsonPath, b: JsonPath) => a.length === b.length && a.every((p, i) => p === b[i]);

export class EditorModel {
  init: InitData | undefined;
  view: ViewSpec;
  info: ViewInfo | undefined;
  /** Document row of the selected record, -1 for none. */
  selectedRow: number;
  /** Its position in the view, -1 when it is not in the view. */
  selectedIndex = -1;
  record: RecordDetail | undefined;
  preview: PreviewResult | undefined;
  stats: StatsData | undefined;
  statsVisible = false;
  externalChange: Events['externalChange'] | undefined;
  /** A large file's background index, while it runs (and after it was cancelled). */
  indexing: Events['indexing'] | undefined;
  /** A view still being computed over a large file: the running count. */
  viewProgress: Events['viewProgress'] | undefined;
  /** Where a palette command wants the focus; <dataset-editor> takes it after rendering. */
  focusRequest: 'search' | 'preview' | undefined;
  /** The last request that failed, shown until dismissed. */
  error: string | undefined;
  scrollTop: number;
  /** Widths the user gave columns (SavedState.columnWidths). */
  columnWidths: Record<string, number>;
  readonly rows: RowCache;

  private previewWanted = false;
  private patternOf: { search: SearchSpec | undefined; pattern: RegExp | undefined } = { search: undefined, pattern: undefined };
  /** The typing the fields show over the document's text, while it lasts (see Typing). */
  private typing: Typing | undefined;
  private typingSeq = 0;
  /** Counts `init`s: typing queued before the document was read again is not sent after. */
  private loads = 0;
  /** The selected record's key as last heard from the host: a record loaded, or an edit's answer. */
  private knownKey: { row: number; key: number } | undefined;
  private typingTimer: ReturnType<typeof setTimeout> | undefined;
  /** The last text sent: sends go one at a time, each with the record key the previous one returned. */
  private sending: Promise<void> = Promise.resolve();
  private readonly seq = { view: 0, select: 0, record: 0, preview: 0, stats: 0 };
  private readonly listeners = new Set<() => void>();
  private saveTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(
    private readonly call: Call,
    private readonly save: (state: SavedState) => void,
    saved: SavedState,
  ) {
    this.view = saved.view;
    this.selectedRow = saved.selectedRow;
    this.scrollTop = saved.scrollTop;
    this.columnWidths = saved.columnWidths;
    this.rows = new RowCache(
      (start, end) => this.call('getRows', { start, end }),
      () => this.notify(),
    );
  }

  subscribe(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Read-only files, and files with read errors (saving them would lose what could not be read). */
  get readonly(): boolean {
    return !this.init || this.init.readonly || this.init.errors.length > 0;
  }

  handleEvent(message: EventMessage<Events>): void {
    switch (message.name) {
      case 'init':
        void this.start(message.payload);
        break;
      case 'changed':
        this.stats = undefined;
        this.preview = undefined;
        if (message.payload.selectRow !== undefined) this.selectedRow = message.payload.selectRow;
        void this.applyView('changed');
        if (this.statsVisible) void this.loadStats();
        break;
      case 'externalChange':
        this.externalChange = message.payload;
        this.notify();
        break;
      case 'indexing':
        this.indexing = message.payload;
        this.notify();
        break;
      case 'command':
        this.runCommand(message.payload);
        break;
      case 'viewProgress':
        this.viewProgress = message.payload;
        this.notify();
        break;
      case 'flush': {
        const { id } = message.payload;
        void this.commitDraft().then(() => this.request('flushed', { id }));
        break;
      }
    }
  }

  /** Tells the host the webview listens, asking for the first rows of the view it restores with `init`. */
  ready(): Promise<void> {
    return this.request('ready', { view: this.view, selectedRow: this.selectedRow, rows: this.rows.blockSize });
  }

  async start(init: InitData): Promise<void> {
    this.init = init;
    // A reload (revert, a change on disk) drops typing along with the edits it made, and any
    // text of it still queued: sent now, it would land on the file as it was read again.
    clearTimeout(this.typingTimer);
    this.typing = undefined;
    this.loads++;
    this.indexing = init.indexing;
    this.info = undefined;
    this.record = undefined;
    this.preview = undefined;
    this.stats = undefined;
    this.externalChange = undefined;
    // The first rows came along when they are of the view shown (a reload's init has none).
    const first = init.first && JSON.stringify(init.first.view) === JSON.stringify(this.view) ? init.first : undefined;
    if (!first) this.notify();
    await this.applyView('restore', first);
    if (this.statsVisible) await this.loadStats();
  }

  /** The search as a RegExp for highlighting, rebuilt only when the search changes. */
  get pattern(): RegExp | undefined {
    if (this.patternOf.search !== this.view.search) this.patternOf = { search: this.view.search, pattern: searchPattern(this.view.search) };
    return this.patternOf.pattern;
  }

  // ── view ──────────────────────────────────────────────────────────────────────────────────

  setSearch(search: SearchSpec | undefined): Promise<void> {
    this.view = { ...this.view, search: search?.query ? search : undefined };
    return this.applyView('spec');
  }

  /** A palette command: the same actions as the editor's own buttons and keys. */
  private runCommand(command: EditorCommand): void {
    switch (command.name) {
      case 'find':
        if (this.statsVisible) this.showStats(false);
        this.focusRequest = 'search';
        this.notify();
        break;
      case 'templatePreview':
        if (this.statsVisible) this.showStats(false);
        this.focusRequest = 'preview';
        this.notify();
        break;
      case 'addRecord':
        if (!this.readonly) void this.addRecord();
        break;
      case 'duplicateRecord':
        if (!this.readonly) void this.duplicateSelected();
        break;
      case 'deleteRecord':
        if (!this.readonly) void this.deleteSelected();
        break;
      case 'nextMatch':
        this.nextMatch(1);
        break;
      case 'previousMatch':
        this.nextMatch(-1);
        break;
      case 'toggleStatistics':
        this.showStats(!this.statsVisible);
        break;
      case 'filter':
        void this.setFilter(command.filter);
        break;
    }
  }

  /** Stops a search or filter still running over a large file; what it found so far stays. */
  cancelView(): void {
    void this.request('cancelView', {});
  }

  async setFilter(filter: FilterId): Promise<void> {
    if (filter === 'evaluationOverlap') {
      // The host asks which evaluation questions (a set of the review store, a file); cancelled, the filter stays as it was.
      const evaluation = await this.request('chooseEvaluation', {});
      if (!evaluation) {
        this.notify();
        return;
      }
      this.view = { ...this.view, filter, evaluation };
    } else {
      const { evaluation: _dropped, ...rest } = this.view;
      this.view = { ...rest, filter };
    }
    return this.applyView('spec');
  }

  sortBy(key: string): Promise<void> {
    this.view = { ...this.view, sort: nextSort(this.view.sort, key) };
    return this.applyView('spec');
  }

  /** Computes the view on the host and shows it; `first` is the view already sent with `init`. */
  private async applyView(reason: ViewReason, first?: FirstView): Promise<void> {
    const seq = ++this.seq.view;
    const selectSeq = ++this.seq.select; // an older selection lookup is answered against the old view
    const info = first ? first.info : await this.request('setView', this.view);
    if (!info || seq !== this.seq.view) return;
    this.info = info;
    this.viewProgress = undefined;
    // After an edit the rows barely change: keep showing them until the fresh ones arrive.
    this.rows.reset(info.count, reason === 'changed');
    if (first) this.rows.prime(first.rows);
    const before = this.selectedRow;
    if (this.selectedRow >= info.total) this.selectedRow = info.total - 1;
    let index = -1;
    if (first?.selectedRow === this.selectedRow) index = first.selectedIndex;
    else if (this.selectedRow >= 0) index = (await this.request('viewPosition', { row: this.selectedRow })) ?? -1;
    if (seq !== this.seq.view) return;
    // A new search or filter shows its first record unless the selected one is in it; after an
    // edit the selected record stays, even when the edit took it out of the view.
    if (index < 0 && reason !== 'changed' && info.count > 0) {
      const top = first?.rows[0] ?? (await this.request('getRows', { start: 0, end: 1 }))?.[0];
      if (seq !== this.seq.view) return;
      if (top) {
        this.selectedRow = top.row;
        index = 0;
      }
    } else if (index < 0 && reason !== 'changed') {
      // Nothing of the view is selected (a search with no results): the detail pane shows no
      // record that is not in the view, and Delete cannot act on one.
      this.selectedRow = -1;
    }
    if (selectSeq === this.seq.select) this.selectedIndex = index;
    // The statistics are of the view: a new search or filter makes them stale.
    if (reason === 'spec') {
      this.stats = undefined;
      if (this.statsVisible) void this.loadStats();
    }
    this.persist();
    this.notify();
    // The detail pane says why a detector filter keeps the record: a filter put on or taken off changes that.
    const why = reason === 'spec' && (isQualityFilter(this.view.filter) || this.record?.reason !== undefined);
    if (reason === 'changed' || why || this.selectedRow !== before || !this.record) void this.loadRecord();
  }

  // ── selection ─────────────────────────────────────────────────────────────────────────────

  async selectIndex(index: number): Promise<void> {
    if (index < 0 || index >= (this.info?.count ?? 0)) return;
    void this.commitDraft();
    const seq = ++this.seq.select;
    this.selectedIndex = index;
    this.notify();
    const row = this.rows.get(index)?.row ?? (await this.request('getRows', { start: index, end: index + 1 }))?.[0]?.row;
    if (row === undefined || seq !== this.seq.select) return;
    if (row !== this.selectedRow) {
      this.selectedRow = row;
      void this.loadRecord();
    }
    this.persist();
    this.notify();
  }

  async selectRow(row: number): Promise<void> {
    void this.commitDraft();
    const seq = ++this.seq.select;
    this.selectedRow = row;
    void this.loadRecord();
    const index = await this.request('viewPosition', { row });
    if (index === undefined || seq !== this.seq.select) return;
    this.selectedIndex = index;
    this.persist();
    this.notify();
  }

  /** Moves the selection for a navigation key; returns the new position, or undefined if the key does not move. */
  move(key: string, pageSize: number): number | undefined {
    const next = navigate(key, this.selectedIndex, this.info?.count ?? 0, pageSize);
    if (next !== undefined) void this.selectIndex(next);
    return next;
  }

  /** Jumps to the next (+1) or previous (-1) record of the search result. */
  nextMatch(delta: 1 | -1): void {
    const next = stepWrapped(this.selectedIndex, delta, this.info?.count ?? 0);
    if (next !== undefined) void this.selectIndex(next);
  }

  // ── detail, preview, statistics ───────────────────────────────────────────────────────────

  private async loadRecord(): Promise<void> {
    const seq = ++this.seq.record;
    const row = this.selectedRow;
    const record = row >= 0 ? await this.request('getRecord', { row }) : undefined;
    if (seq !== this.seq.record) return;
    this.record = record;
    if (record) this.knownKey = { row: record.row, key: record.key };
    if (this.typing?.releaseAt !== undefined && seq >= this.typing.releaseAt) this.typing = undefined;
    this.preview = undefined;
    this.notify();
    if (this.previewWanted) void this.loadPreview();
  }

  /** The preview tab is showing (load it for each selected record) or hidden (don't). */
  wantPreview(wanted: boolean): void {
    this.previewWanted = wanted;
    if (wanted && !this.preview) void this.loadPreview();
  }

  private async loadPreview(): Promise<void> {
    const seq = ++this.seq.preview;
    if (this.selectedRow < 0) return;
    const preview = await this.request('getPreview', { row: this.selectedRow });
    if (seq !== this.seq.preview) return;
    this.preview = preview;
    this.notify();
  }

  showStats(visible: boolean): void {
    this.statsVisible = visible;
    this.notify();
    if (visible && !this.stats) void this.loadStats();
  }

  private async loadStats(): Promise<void> {
    const seq = ++this.seq.stats;
    const stats = await this.request('getStats', {});
    if (seq !== this.seq.stats) return;
    this.stats = stats;
    this.notify();
  }

  // ── edits: the host applies them and answers with a `changed` event ──────────────────────

  /** What a field of the selected record shows: what is being typed in it, else the document's text. */
  shownText(row: number, path: JsonPath, text: string): string {
    const t = this.typing;
    return t && t.row === row && samePath(t.path, path) ? t.value : text;
  }

  /** Whether there is typing the document may not have yet (undo, redo and save must wait for it). */
  get typingPending(): boolean {
    return this.typing !== undefined;
  }

  /** Text typed in a field: shown at once, sent to the host as the typing goes (see Typing). */
  setDraft(row: number, path: JsonPath, value: string): void {
    if (this.readonly) return;
    let t = this.typing;
    if (!t || t.ended || t.row !== row || !samePath(t.path, path)) {
      t = this.typing = { row, path, id: ++this.typingSeq, key: Number.NaN, value, sent: undefined, ended: false };
    }
    t.value = value;
    this.notify();
    clearTimeout(this.typingTimer);
    if (t.sent === undefined) void this.send(t);
    else this.typingTimer = setTimeout(() => void this.send(t), TYPING_PAUSE_MS);
  }

  private send(t: Typing): Promise<void> {
    clearTimeout(this.typingTimer);
    const loads = this.loads;
    this.sending = this.sending.then(async () => {
      const value = t.value;
      if (value === t.sent || loads !== this.loads) return;
      if (t.sent === undefined) {
        // The key as last heard: an earlier typing's edit may have changed it after the record was loaded.
        t.key = this.knownKey?.row === t.row ? this.knownKey.key : Number.NaN;
        const current = this.record?.row === t.row ? this.record.fields.find((f) => samePath(f.path, t.path))?.text : undefined;
        if (current === value) return; // typed and taken back before it was sent: no edit
      }
      const result = await this.request('editField', { row: t.row, key: t.key, path: t.path, value, session: t.id });
      if (result) {
        t.key = result.key;
        this.knownKey = { row: t.row, key: result.key };
        t.sent = value;
      } else if (this.typing === t) {
        // Refused (the error is shown): the field shows what the document holds.
        t.ended = true;
        t.releaseAt = this.seq.record + 1;
        void this.loadRecord();
      }
    });
    return this.sending;
  }

  /** Ends the typing in a field: the rest of it is sent; resolves once the host has all of it. */
  async commitDraft(): Promise<void> {
    const t = this.typing;
    if (!t || t.ended) return this.sending;
    t.ended = true;
    await this.send(t);
    if (this.typing !== t || t.releaseAt !== undefined) return;
    // The next record loaded has the typing in it: from then on the field shows the document.
    t.releaseAt = this.seq.record + 1;
    await this.loadRecord();
  }

  /**
   * Undo, redo or save pressed while typing: the typing reaches the host first, then VS Code runs
   * the command, so undo takes back exactly this typing and save writes it.
   */
  async hostCommand(command: HostCommand): Promise<void> {
    await this.commitDraft();
    await this.request('runCommand', { command });
  }

  /** Replaces the selected record with parsed JSON; returns the problem, if any. */
  async replaceRecord(json: string): Promise<string | undefined> {
    if (this.readonly || this.selectedRow < 0) return undefined;
    if (!this.record || this.record.row !== this.selectedRow) return undefined;
    const result = await this.request('replaceRecord', { row: this.selectedRow, key: this.record.key, json });
    return result ? result.error : this.error;
  }

  async addRecord(): Promise<void> {
    if (this.readonly) return;
    await this.commitDraft();
    const at = this.selectedRow >= 0 ? this.selectedRow + 1 : (this.info?.total ?? 0);
    const row = await this.request('insertRecord', { at });
    if (row !== undefined) await this.selectRow(row);
  }

  async duplicateSelected(): Promise<void> {
    if (this.readonly || this.selectedRow < 0) return;
    await this.commitDraft();
    const row = await this.request('duplicateRecord', { row: this.selectedRow });
    if (row !== undefined) await this.selectRow(row);
  }

  /** Deletes the selected record; the selection stays at its place, i.e. moves to the next record. */
  async deleteSelected(): Promise<void> {
    if (this.readonly || this.selectedRow < 0) return;
    await this.commitDraft();
    await this.request('deleteRecords', { rows: [this.selectedRow] });
  }

  convert(): void {
    void this.request('convert', {});
  }

  /** The file in the text editor: at a position (an error's), else at the selected record. */
  openAsText(position: { line?: number; column?: number } = {}): void {
    const at = position.line === undefined && this.selectedRow >= 0 ? { row: this.selectedRow } : position;
    void this.request('openAsText', at);
  }

  dismissExternalChange(): void {
    this.externalChange = undefined;
    this.notify();
  }

  dismissError(): void {
    this.error = undefined;
    this.notify();
  }

  // ── plumbing ──────────────────────────────────────────────────────────────────────────────

  setScrollTop(top: number): void {
    this.scrollTop = top;
    this.persist();
  }

  /** A column dragged or keyed to a width (CSS px); undefined gives it back its share. */
  setColumnWidth(key: string, px: number | undefined): void {
    const { [key]: _old, ...rest } = this.columnWidths;
    this.columnWidths = px === undefined ? rest : { ...rest, [key]: clampColumnWidth(px) };
    this.persist();
    this.notify();
  }

  private persist(): void {
    // setState posts to the workbench: once the scrolling or typing settles is enough.
    clearTimeout(this.saveTimer);
    this.saveTimer = setTimeout(() => this.save({ view: this.view, selectedRow: this.selectedRow, scrollTop: this.scrollTop, columnWidths: this.columnWidths }), 200);
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }

  private async request<K extends keyof Requests & string>(method: K, params: Requests[K][0]): Promise<Requests[K][1] | undefined> {
    try {
      return await this.call(method, params);
    } catch (e) {
      this.error = e instanceof Error ? e.message : String(e);
      this.notify();
      return undefined;
    }
  }
}
