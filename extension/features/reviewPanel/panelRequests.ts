// Answers one review panel's requests over the workspace's review store: every score, note and
// flag is written at once (one transaction each, with its audit row), and the panel keeps an undo
// stack of its own changes in this session, each entry holding what the store had before, so
// "Undo last" puts exactly that back (a retraction when there was nothing). No 'vscode' import:
// the unit tests connect it to the webview's model over the real RPC and a real store file.
import type { Translate } from '../../core/l10n';
import type { FlagKind, FlagSource, FlagStatus } from '../../core/review/types';
import type { QueueMode } from '../../core/review/queue';
import type { ReviewStore } from '../../store/reviewStore';
import type { Handlers } from '../../../shared/rpc';
import type { ChangeResult, Events, InitData, OwnReview, Requests } from '../../../shared/reviewPanel/protocol';
import { SetView } from './reviewItems';

/** One change this panel made, with the state it replaced. `item`: the candidate answer shown when it was made. */
type UndoStep =
  | { kind: 'review'; item: number; answerId: number; questionKey: string; model: string; previous: OwnReview | undefined }
  | { kind: 'flag'; item: number; answerId: number; flag: FlagKind; previous: { source: FlagSource; status: FlagStatus; note?: string } | undefined };

export interface PanelContext {
  set: string;
  baseline: string;
  reviewer: string;
  /** The store, or undefined (the user has been told why). */
  store: () => ReviewStore | undefined;
  /** Called after every saved change: other views refresh. */
  changed: (set: string) => void;
  /** vscode.l10n.t and vscode.l10n.bundle (passed in, so the tests drive this without VS Code). */
  t: Translate;
  bundle: Record<string, string> | undefined;
}

export class ReviewPanelRequests {
  private view: SetView | undefined;
  private mode: QueueMode = 'doubt';
  private readonly undoStack: UndoStep[] = [];

  constructor(
    private ctx: PanelContext,
    private readonly post: <K extends keyof Events>(name: K, payload: Events[K]) => void,
  ) {}

  /**
   * The reviewer setting changed: from now on the panel reads and writes `reviewer`'s entries.
   * The undo stack was the previous reviewer's changes, so it goes; the webview starts again.
   */
  useReviewer(reviewer: string): void {
    if (reviewer === this.ctx.reviewer) return;
    this.ctx = { ...this.ctx, reviewer };
    this.undoStack.length = 0;
    this.invalidate();
    this.post('init', this.init());
  }

  /** The store changed elsewhere (another view, the CLI): read it again when next asked. */
  invalidate(): void {
    this.view = undefined;
  }

  private store(): ReviewStore {
    const store = this.ctx.store();
    if (!store) throw new Error(this.ctx.t('The review database cannot be opened.'));
    return store;
  }

  private current(): SetView {
    if (!this.view) this.view = new SetView(this.store().snapshot(this.ctx.set), this.ctx.baseline, this.ctx.reviewer);
    return this.view;
  }

  init(): InitData {
    const { set, baseline, reviewer } = this.ctx;
    const view = this.current();
    const queue = view.queue(this.mode, this.ctx.t);
    const start = queue.entries[queue.start];
    return { set, baseline, reviewer, queue, ...(start ? { first: view.item(start.answerId) } : {}), l10n: this.ctx.bundle };
  }

  private result(item: number): ChangeResult {
    const view = this.current();
    return { item: view.item(item), progress: view.progress(), canUndo: this.undoStack.length > 0 };
  }

  /** After a write: read the store again, tell the other views, answer with the item as stored. */
  private saved(item: number): ChangeResult {
    this.invalidate();
    this.ctx.changed(this.ctx.set);
    return this.result(item);
  }

  /** Saves a review of `answerId` (the candidate's or the baseline's answer), remembering the one it replaces. */
  private review(item: number, answerId: number, score: number | undefined, note: string | undefined): ChangeResult {
    const store = this.store();
    const answer = this.current().answer(answerId);
    if (!answer) throw new Error(this.ctx.t('This answer is no longer in the set; it may have been imported again.'));
    const previous = store.currentReview(answerId, this.ctx.reviewer);
    const next = score ?? previous?.score;
    if (next === undefined) throw new Error(this.ctx.t('Score the answer first: a note is saved with its score.'));
    const { changed } = store.saveReview({ set: this.ctx.set, questionKey: answer.questionKey, model: answer.model, reviewer: this.ctx.reviewer, score: next, note });
    if (changed) this.undoStack.push({ kind: 'review', item, answerId, questionKey: answer.questionKey, model: answer.model, previous });
    return this.saved(item);
  }

  readonly handlers: Handlers<Requests> = {
    ready: () => {
      this.invalidate();
      this.post('init', this.init());
    },
    setMode: ({ mode }) => {
      this.mode = mode;
      this.invalidate();
      return this.current().queue(mode, this.ctx.t);
    },
    getItem: ({ answerId }) => this.current().item(answerId),
    score: ({ answerId, target, score }) => {
      if (!(Number.isInteger(score) && score >= 1 && score <= 10)) throw new Error(this.ctx.t('A score is a whole number from 1 to 10.'));
      const scored = target === 'candidate' ? answerId : this.current().baselineAnswer(answerId)?.answerId;
      if (scored === undefined) throw new Error(this.ctx.t('The baseline has no answer to this question.'));
      // A new score keeps the note the review had.
      return this.review(answerId, scored, score, this.store().currentReview(scored, this.ctx.reviewer)?.note);
    },
    note: ({ answerId, note }) => this.review(answerId, answerId, undefined, note.trim() === '' ? undefined : note),
    flag: ({ answerId, kind, status }) => {
      const store = this.store();
      const previous = store.flagState(answerId, kind);
      // Confirming a detector's suggestion keeps its source ('detector'): the store keeps a flag's first source.
      if (store.setFlag({ answerId, kind, source: 'human', status, who: this.ctx.reviewer })) this.undoStack.push({ kind: 'flag', item: answerId, answerId, flag: kind, previous });
      return this.saved(answerId);
    },
    flagNote: ({ answerId, kind, note }) => {
      const store = this.store();
      const previous = store.flagState(answerId, kind);
      if (!previous) throw new Error(this.ctx.t('Set the flag first: its note is saved with it.'));
      const text = note.trim() === '' ? null : note;
      if (store.setFlag({ answerId, kind, source: previous.source, status: previous.status, note: text, who: this.ctx.reviewer })) this.undoStack.push({ kind: 'flag', item: answerId, answerId, flag: kind, previous });
      return this.saved(answerId);
    },
    compare: ({ answerId, model, mode }) => this.current().diff(answerId, model, mode),
    undo: () => {
      const step = this.undoStack.pop();
      if (!step) return { progress: this.current().progress(), canUndo: false };
      const store = this.store();
      if (step.kind === 'review') {
        if (step.previous) store.saveReview({ set: this.ctx.set, questionKey: step.questionKey, model: step.model, reviewer: this.ctx.reviewer, score: step.previous.score, note: step.previous.note });
        else store.retractReview(step.answerId, this.ctx.reviewer);
      } else if (step.previous) {
        store.setFlag({ answerId: step.answerId, kind: step.flag, source: step.previous.source, status: step.previous.status, note: step.previous.note ?? null, who: this.ctx.reviewer });
      } else {
        store.retractFlag(step.answerId, step.flag, this.ctx.reviewer);
      }
      this.invalidate();
      this.ctx.changed(this.ctx.set);
      const view = this.current();
      // The item may have left the set meanwhile (answers imported again): the undo still happened.
      const item = view.answer(step.item) ? view.item(step.item) : undefined;
      return { item, progress: view.progress(), canUndo: this.undoStack.length > 0 };
    },
  };
}
