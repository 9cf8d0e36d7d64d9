// "LexReview: Compare Answers…": pick a set and two models (the epoch pair first), then a
// question, and see the two answers in VS Code's own diff editor (side by side or inline, with
// its navigation and word wrap). The questions are offered most changed first, with the share
// changed; "Next Question" / "Previous Question" in the diff editor's title step through them in
// that order, "Go to Question…" reopens the list. The figures come from core/diff/comparison.ts,
// the same as `lexreview diff`.
import * as vscode from 'vscode';
import { compareModels, type Comparison, type QuestionComparison } from '../../core/diff/comparison';
import { coarseText, statSummary } from '../../core/diff/comparisonFormat';
import { defaultPair } from '../../core/diff/defaultPair';
import { ReviewInputError } from '../../core/review/scoring';
import type { ModelAttributes, ReviewSnapshot } from '../../core/review/types';
import { pickSet } from '../review/pickSet';
import type { WorkspaceReviewStore } from '../review/workspaceStore';
import { answerUri, type AnswerDocuments } from './answerDocuments';

/** Set while a comparison is open: the diff editor's title shows the stepping commands. */
export const ACTIVE_CONTEXT = 'lexreview.compareActive';

const percent = (x: number) => `${Math.round(x * 100)} %`;

function attributeText(k: keyof ModelAttributes): string {
  switch (k) {
    case 'dataset': return vscode.l10n.t('dataset');
    case 'batchSize': return vscode.l10n.t('batch size');
    case 'epoch': return vscode.l10n.t('epoch');
    case 'penalty': return vscode.l10n.t('penalty');
    case 'template': return vscode.l10n.t('template');
  }
}

/** One comparison being stepped through: its questions in the order the list offered them. */
export class CompareSession {
  /** Question keys, most changed first. */
  readonly order: string[];
  private position = 0;
  private readonly byKey: Map<string, QuestionComparison>;

  constructor(readonly comparison: Comparison) {
    this.order = comparison.mostChanged;
    this.byKey = new Map(comparison.questions.map((q) => [q.question.key, q]));
  }

  get current(): QuestionComparison {
    return this.byKey.get(this.order[this.position])!;
  }

  get index(): number {
    return this.position;
  }

  goTo(key: string): QuestionComparison {
    const i = this.order.indexOf(key);
    if (i >= 0) this.position = i;
    return this.current;
  }

  /** The next (+1) or previous (−1) question, or undefined at either end. */
  step(delta: 1 | -1): QuestionComparison | undefined {
    const i = this.position + delta;
    if (i < 0 || i >= this.order.length) return undefined;
    this.position = i;
    return this.current;
  }
}

export class CompareController implements vscode.Disposable {
  private session: CompareSession | undefined;

  constructor(
    private readonly stores: WorkspaceReviewStore,
    private readonly documents: AnswerDocuments,
  ) {}

  async compare(arg: unknown): Promise<CompareSession | undefined> {
    const store = this.stores.get();
    if (!store) return undefined;
    const set = await pickSet(store, arg);
    if (!set) return undefined;
    const snapshot = store.snapshot(set);
    const pair = await pickPair(snapshot);
    if (!pair) return undefined;
    let comparison: Comparison;
    try {
      comparison = compareModels(snapshot, pair.a, pair.b);
    } catch (e) {
      if (!(e instanceof ReviewInputError)) throw e;
      void vscode.window.showErrorMessage(e.message);
      return undefined;
    }
    this.documents.remember(snapshot);
    const session = new CompareSession(comparison);
    const key = await pickQuestion(session);
    if (key === undefined) return undefined;
    this.session = session;
    await vscode.commands.executeCommand('setContext', ACTIVE_CONTEXT, true);
    await this.show(session.goTo(key));
    return session;
  }

  async goToQuestion(): Promise<void> {
    const session = this.session;
    if (!session) return this.noComparison();
    const key = await pickQuestion(session);
    if (key !== undefined) await this.show(session.goTo(key));
  }

  async step(delta: 1 | -1): Promise<void> {
    const session = this.session;
    if (!session) return this.noComparison();
    const q = session.step(delta);
    if (!q) {
      void vscode.window.showInformationMessage(delta > 0 ? vscode.l10n.t('That was the last question.') : vscode.l10n.t('That was the first question.'));
      return;
    }
    await this.show(q);
  }

  private async show(q: QuestionComparison): Promise<void> {
    const session = this.session!;
    const { set, a, b } = session.comparison;
    const title = vscode.l10n.t('{0} ({1}/{2}, {3} changed): {4} ↔ {5}', q.question.key, session.index + 1, session.order.length, percent(q.stats.shareChanged), a, b);
    await vscode.commands.executeCommand('vscode.diff', answerUri({ set, model: a, questionKey: q.question.key }), answerUri({ set, model: b, questionKey: q.question.key }), title, { preview: true });
    const coarse = coarseText(q.diff, vscode.l10n.t);
    if (coarse) vscode.window.setStatusBarMessage(coarse, 8000);
  }

  private noComparison(): void {
    void vscode.window.showInformationMessage(vscode.l10n.t('No comparison is open: run LexReview: Compare Answers… first.'));
  }

  /**
   * A set may have gone (a deletion fires with no set): the comparison is closed. A change to one
   * set (a review saved) keeps it open; its documents re-read the store.
   */
  forget(set: string | undefined): void {
    if (this.session && set === undefined) {
      this.session = undefined;
      void vscode.commands.executeCommand('setContext', ACTIVE_CONTEXT, false);
    }
  }

  dispose(): void {
    this.session = undefined;
  }
}

/** The epoch pair first (when the names give one), then any two models the user picks. */
async function pickPair(snapshot: ReviewSnapshot): Promise<{ a: string; b: string } | undefined> {
  const names = snapshot.models.map((m) => m.name);
  if (names.length < 2) {
    void vscode.window.showInformationMessage(vscode.l10n.t("Set '{0}' has fewer than two models: nothing to compare.", snapshot.set));
    return undefined;
  }
  const pair = defaultPair(snapshot.models);
  const choose = vscode.l10n.t('Choose two models…');
  if (pair) {
    const also = pair.alsoDiffer.map(attributeText);
    const picked = await vscode.window.showQuickPick(
      [
        {
          label: `${pair.a} ↔ ${pair.b}`,
          description: also.length === 0 ? vscode.l10n.t('differ only in epoch') : vscode.l10n.t('differ in epoch and {0}', also.join(', ')),
          pair,
        },
        { label: choose, pair: undefined },
      ],
      { title: vscode.l10n.t('Models to compare') },
    );
    if (!picked) return undefined;
    if (picked.pair) return picked.pair;
  }
  const a = await vscode.window.showQuickPick(names, { title: vscode.l10n.t('First model (the left side)') });
  if (!a) return undefined;
  const b = await vscode.window.showQuickPick(
    names.filter((n) => n !== a),
    { title: vscode.l10n.t('Second model (the right side, compared with {0})', a) },
  );
  return b ? { a, b } : undefined;
}

/** The questions most changed first, each with its share changed and its other figures. */
async function pickQuestion(session: CompareSession): Promise<string | undefined> {
  const c = session.comparison;
  const byKey = new Map(c.questions.map((q) => [q.question.key, q]));
  const items = session.order.map((key) => {
    const q = byKey.get(key)!;
    const coarse = coarseText(q.diff, vscode.l10n.t);
    return {
      label: `${key} ${q.question.text}`,
      description: vscode.l10n.t('{0} changed', percent(q.stats.shareChanged)),
      detail: statSummary(q.stats, vscode.l10n.t) + (coarse ? ` · ${coarse}` : ''),
      key,
    };
  });
  const picked = await vscode.window.showQuickPick(items, {
    title: vscode.l10n.t('{0} ↔ {1}: questions, most changed first ({2} of the text changed on average)', c.a, c.b, percent(c.summary.meanShareChanged)),
    matchOnDescription: true,
    matchOnDetail: true,
  });
  return picked?.key;
}
