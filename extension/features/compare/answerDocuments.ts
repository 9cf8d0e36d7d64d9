// The read-only documents `lexreview-answer:/MODEL/QUESTION.md?set=SET` that VS Code's own diff
// editor compares: one model's answer to one question, the question as a Markdown header (the
// .md name gives Markdown's highlighting and its default word wrap, which long Chinese lines
// need). Content comes from the store on each read, so a re-imported answer shows when the
// documents are refreshed; nothing here is ever a dirty editor to save.
import * as vscode from 'vscode';
import type { ReviewSnapshot } from '../../core/review/types';
import type { WorkspaceReviewStore } from '../review/workspaceStore';

export const ANSWER_SCHEME = 'lexreview-answer';

export interface AnswerRef {
  set: string;
  model: string;
  questionKey: string;
}

export function answerUri(ref: AnswerRef): vscode.Uri {
  return vscode.Uri.from({
    scheme: ANSWER_SCHEME,
    path: `/${encodeURIComponent(ref.model)}/${encodeURIComponent(ref.questionKey)}.md`,
    query: new URLSearchParams({ set: ref.set }).toString(),
  });
}

export function parseAnswerUri(uri: vscode.Uri): AnswerRef | undefined {
  const m = /^\/([^/]+)\/([^/]+)\.md$/.exec(uri.path);
  const set = new URLSearchParams(uri.query).get('set');
  if (!m || set === null) return undefined;
  return { set, model: decodeURIComponent(m[1]), questionKey: decodeURIComponent(m[2]) };
}

/** The document's text: the question as a header, then the answer as the model gave it. */
export function answerDocumentText(snapshot: ReviewSnapshot, ref: AnswerRef, t: (m: string, ...a: string[]) => string): string {
  const question = snapshot.questions.find((q) => q.key === ref.questionKey);
  const answer = snapshot.answers.find((a) => a.questionKey === ref.questionKey && a.model === ref.model);
  const header = `# ${ref.questionKey} ${question?.text.replace(/\r?\n/g, ' ') ?? ''}`.trimEnd();
  return `${header}\n\n${answer ? answer.text : t('({0} did not answer this question)', ref.model)}\n`;
}

export class AnswerDocuments implements vscode.TextDocumentContentProvider, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<vscode.Uri>();
  readonly onDidChange = this.changed.event;
  /** The last snapshot per set: the diff editor reads both sides at once, and stepping reads two more. */
  private readonly snapshots = new Map<string, ReviewSnapshot>();

  constructor(private readonly stores: WorkspaceReviewStore) {}

  /** A snapshot the compare command already loaded, so the documents show what it compared. */
  remember(snapshot: ReviewSnapshot): void {
    this.snapshots.set(snapshot.set, snapshot);
  }

  /** Forgets a set's snapshot and makes its open documents read the store again. */
  refresh(set: string | undefined): void {
    if (set === undefined) this.snapshots.clear();
    else this.snapshots.delete(set);
    for (const doc of vscode.workspace.textDocuments) {
      if (doc.uri.scheme !== ANSWER_SCHEME) continue;
      const ref = parseAnswerUri(doc.uri);
      if (ref && (set === undefined || ref.set === set)) this.changed.fire(doc.uri);
    }
  }

  provideTextDocumentContent(uri: vscode.Uri): string {
    const ref = parseAnswerUri(uri);
    if (!ref) return vscode.l10n.t('Not an answer document: {0}', uri.toString());
    let snapshot = this.snapshots.get(ref.set);
    if (!snapshot) {
      const store = this.stores.get();
      if (!store) return vscode.l10n.t('The review database cannot be opened.');
      snapshot = store.snapshot(ref.set);
      this.snapshots.set(ref.set, snapshot);
    }
    return answerDocumentText(snapshot, ref, vscode.l10n.t);
  }

  dispose(): void {
    this.changed.dispose();
  }
}
